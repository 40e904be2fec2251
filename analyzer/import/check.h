/* SPDX-License-Identifier: MIT */
/*
 * check.h - is a decompressed batch well formed?
 *
 * Every record of a batch is decoded before any of it is imported, so a
 * corrupt frame adds no rows (FORMAT.md section 3). The check keeps the
 * last EVENTS record it decoded: the importer uses it instead of decoding
 * the block a second time.
 */
#ifndef ANALYZE_CHECK_H
#define ANALYZE_CHECK_H

#include <stddef.h>
#include "schema/codec.h"

struct check {
	struct kt_events ev;		/* the last EVENTS record decoded */
	const unsigned char *ev_of;	/* its payload, or NULL */
	struct kt_frame frames[KT_MAX_FRAMES];
	char detail[160];		/* why the batch was refused */
};

/*
 * Decode every record of batch b. first: b is the first batch, whose first
 * record (the HEADER) the caller checks itself. Returns 0, or -1 with
 * c->detail set.
 */
int check__batch(struct check *c, const unsigned char *b, size_t len,
		 int first);

/* Free c->ev. */
void check__free(struct check *c);

#endif /* ANALYZE_CHECK_H */
