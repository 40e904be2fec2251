/* SPDX-License-Identifier: MIT */
/*
 * reader.h - a trace file as a sequence of decompressed batches.
 *
 * The first step of `analyze`: the reader opens a file, walks its zstd
 * frames one at a time and hands out each frame's decompressed content (a
 * batch of records, schema/FORMAT.md section 1). It knows nothing of
 * records: analyzer/import/import.c walks the batch with the codec. Memory is one
 * batch (at most KT_MAX_BATCH) plus a fixed input buffer, whatever the
 * file holds.
 */
#ifndef ANALYZE_READER_H
#define ANALYZE_READER_H

#include <stddef.h>
#include <stdint.h>

struct reader;

/* Why reader__next() stopped; the offset is reader__offset(). */
enum reader_err {
	RD_IO = 1,	/* read(2) failed: reader__errno() */
	RD_NOT_ZSTD,	/* no zstd frame magic where a frame must start */
	RD_TRUNCATED,	/* the file ends inside the frame */
	RD_CORRUPT,	/* zstd refused the frame: reader__detail() */
	RD_TOO_BIG,	/* the frame holds more than KT_MAX_BATCH bytes */
	RD_NOMEM,
};

/*
 * Open path ("-" is stdin) for reading. Returns NULL with errno set; a
 * directory fails with EISDIR.
 */
struct reader *reader__open(const char *path);

/*
 * Decompress the next frame. Returns 1 with *batch and *len set (valid
 * until the next call; an empty frame gives len 0), 0 at the end of the
 * file, or -enum reader_err.
 */
int reader__next(struct reader *r, const unsigned char **batch, size_t *len);

/* Byte offset in the file of the frame last returned or refused. */
uint64_t reader__offset(const struct reader *r);

/* The file's size so far: bytes read up to the last call. */
uint64_t reader__size(const struct reader *r);

/* For RD_CORRUPT: zstd's description; for RD_IO: strerror. */
const char *reader__detail(const struct reader *r);

/* Close the file and free everything. NULL is a no-op. */
void reader__free(struct reader *r);

#endif /* ANALYZE_READER_H */
