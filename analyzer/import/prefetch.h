/* SPDX-License-Identifier: MIT */
/*
 * prefetch.h - read, decompress and check frames in a second thread.
 *
 * SQLite inserts take most of an import and run on one core; reading,
 * zstd and decoding the records for the check take the rest. The
 * prefetcher does the latter for the next frame while the importer writes
 * the current one. Frames come out in file order, each with what the
 * reader and analyzer/import/check.c said about it.
 */
#ifndef ANALYZE_PREFETCH_H
#define ANALYZE_PREFETCH_H

#include <stddef.h>
#include <stdint.h>
#include "check.h"

struct reader;
struct prefetch;

struct frame {
	int rc;			/* reader__next(): 1, 0 (end), -enum reader_err */
	const unsigned char *batch;	/* rc 1: the decompressed records */
	size_t len;
	uint64_t offset;	/* reader__offset(): where the frame starts */
	int bad;		/* rc 1: check__batch() refused it */
	char rd_detail[160];	/* rc < 0: reader__detail() */
	struct check check;	/* the check's verdict and decoded events */
	unsigned char *buf;	/* storage of batch */
	size_t cap;
};

/*
 * Start a thread reading frames from r, which it owns until
 * prefetch__stop(). Returns NULL with errno set.
 */
struct prefetch *prefetch__start(struct reader *r);

/*
 * The next frame, waiting for it if needed. It stays valid until
 * prefetch__done(). After a frame with rc <= 0, there are no more.
 */
struct frame *prefetch__next(struct prefetch *p);
void prefetch__done(struct prefetch *p);

/* Stop the thread (after the frame it is reading) and free everything
 * but the reader. NULL is a no-op. */
void prefetch__stop(struct prefetch *p);

#endif /* ANALYZE_PREFETCH_H */
