// SPDX-License-Identifier: MIT
/*
 * frameseq.c - frames in order, of one recording, each once.
 *
 * The FRAME record is the first record of a frame, or the second in the
 * first frame (after HEADER). No frame can go missing after the one that
 * holds END (END is the last record), so the number of that frame plus
 * one is the recording's frame count: the numbers alone tell what is
 * missing, and END needs no count of its own.
 */
#include <stdio.h>
#include <string.h>
#include "frameseq.h"
#include "schema/codec.h"

/* The FRAME record of batch b into *f; 0, or -1 when it has none. */
static int find(const unsigned char *b, size_t len, int first,
		struct kt_frameseq *f)
{
	const unsigned char *pos = b;
	struct kt_rec rec = { 0 };

	for (int i = 0; i <= first; i++)
		if (codec__next(&pos, b + len, &rec) != 1)
			return -1;
	if (rec.kind != KT_REC_FRAME || codec__get_frameseq(&rec, f))
		return -1;
	return 0;
}

/* The first 8 bytes of an id in hex, to tell recordings apart. */
static const char *id_hex(const uint8_t *id, char buf[17])
{
	for (int i = 0; i < 8; i++)
		snprintf(buf + 2 * i, 3, "%02x", id[i]);
	return buf;
}

int frameseq__accept(struct frameseq *fs, const unsigned char *b, size_t len,
		     uint64_t off, int first)
{
	unsigned long long o = off;
	struct kt_frameseq f;
	char hex[17];

	if (find(b, len, first, &f)) {
		if (first || !fs->checked)
			return 1;
		fs->skipped++;
		fprintf(stderr, "analyze: warning: '%s': the frame at offset %llu has no FRAME record: not of this recording; skipped\n",
			fs->path, o);
		return 0;
	}
	if (first) {
		fs->checked = 1;
		memcpy(fs->id, f.trace_id, KT_TRACE_ID_SIZE);
	} else if (!fs->checked) {
		return 1;
	} else if (memcmp(f.trace_id, fs->id, KT_TRACE_ID_SIZE)) {
		fs->skipped++;
		fprintf(stderr, "analyze: warning: '%s': the frame at offset %llu belongs to another recording (id %s...); skipped\n",
			fs->path, o, id_hex(f.trace_id, hex));
		return 0;
	} else if (f.seq < fs->next) {
		fs->skipped++;
		fprintf(stderr, "analyze: warning: '%s': the frame at offset %llu repeats frame %u; skipped\n",
			fs->path, o, f.seq);
		return 0;
	}
	if (f.seq > fs->next) {
		fs->missing += f.seq - fs->next;
		if (f.seq - fs->next == 1)
			fprintf(stderr, "analyze: warning: '%s': frame %u is missing before offset %llu; its records are lost\n",
				fs->path, fs->next, o);
		else
			fprintf(stderr, "analyze: warning: '%s': frames %u to %u are missing before offset %llu; their records are lost\n",
				fs->path, fs->next, f.seq - 1, o);
	}
	fs->next = f.seq + 1;
	return 1;
}
