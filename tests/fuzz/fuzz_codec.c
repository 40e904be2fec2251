// SPDX-License-Identifier: MIT
/*
 * fuzz_codec.c - libFuzzer target for the record decoders of schema/codec.c.
 *
 * Each input is one decompressed batch, the bytes a zstd frame of a trace
 * holds: it is walked with codec__next() and every record is decoded by
 * its kind, as analyzer/import/check.c does before importing a frame. Without
 * zstd and SQLite in the loop this runs at hundreds of thousands of inputs
 * a second, so the decoders see far more shapes than fuzz_reader (the
 * whole reader and importer, about two hundred inputs a second) can give
 * them. Any input must end without a crash, a leak or undefined behaviour.
 *
 *   make build/fuzz_codec && build/fuzz_codec -max_total_time=60 DIR
 */
#include <stdint.h>
#include <stdlib.h>
#include "schema/codec.h"

static struct kt_events events;
static struct kt_frame frames[KT_MAX_FRAMES];

static void decode(const struct kt_rec *r)
{
	union {
		struct kt_header h;
		struct kt_meta m;
		struct kt_name n;
		struct kt_probe p;
		struct kt_proc pr;
		struct kt_lost l;
		struct kt_end e;
		struct kt_stack s;
		struct kt_sysargs a;
		struct kt_frameseq fs;
	} u;

	switch (r->kind) {
	case KT_REC_HEADER:	codec__get_header(r, &u.h); break;
	case KT_REC_META:	codec__get_meta(r, &u.m); break;
	case KT_REC_SYSCALL:
	case KT_REC_ERRNO:	codec__get_name(r, &u.n); break;
	case KT_REC_PROBE:	codec__get_probe(r, &u.p); break;
	case KT_REC_PROC:	codec__get_proc(r, &u.pr); break;
	case KT_REC_EVENTS:	codec__get_events(r, &events); break;
	case KT_REC_LOST:	codec__get_lost(r, &u.l); break;
	case KT_REC_STACK:	codec__get_stack(r, &u.s, frames); break;
	case KT_REC_END:	codec__get_end(r, &u.e); break;
	case KT_REC_SYSARGS:	codec__get_sysargs(r, &u.a); break;
	case KT_REC_FRAME:	codec__get_frameseq(r, &u.fs); break;
	default:		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const unsigned char *pos = data, *end = data + size;
	struct kt_rec r;

	while (codec__next(&pos, end, &r) == 1)
		decode(&r);
	return 0;
}
