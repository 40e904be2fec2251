/* SPDX-License-Identifier: MIT */
/*
 * frameseq.h - is this frame the next one of this recording?
 *
 * The recorder opens every frame with a FRAME record: the frame's number
 * and the recording's random id (schema/FORMAT.md). Checked in file order,
 * they show a frame lost (the number jumps), repeated (a number seen
 * before) or spliced in from another trace (another id). A lost frame is
 * a warning naming the frames missing, and the rest is imported; a
 * repeated or foreign frame is a warning and is not imported, so no event
 * is counted twice or mixed in. A trace whose first frame has no FRAME
 * record (an older recorder) is not checked.
 */
#ifndef ANALYZE_FRAMESEQ_H
#define ANALYZE_FRAMESEQ_H

#include <stddef.h>
#include <stdint.h>
#include "schema/record.h"

struct frameseq {
	const char *path;	/* the trace, for messages */
	int checked;		/* the first frame had a FRAME record */
	uint8_t id[KT_TRACE_ID_SIZE];	/* the recording's id */
	uint32_t next;		/* the number the next frame should carry */
	uint64_t missing;	/* frames lost so far */
	uint64_t skipped;	/* frames repeated or foreign, not imported */
};

/*
 * Look at the FRAME record of batch b (len bytes, already checked whole),
 * the frame at file offset off; first: it is the file's first frame.
 * Returns 1 to import the batch, 0 to skip it (a warning was printed).
 */
int frameseq__accept(struct frameseq *fs, const unsigned char *b, size_t len,
		     uint64_t off, int first);

#endif /* ANALYZE_FRAMESEQ_H */
