// SPDX-License-Identifier: MIT
/*
 * check.c - decode a whole batch once, to accept or refuse its frame.
 *
 * Runs in analyzer/import/prefetch.c's thread, ahead of the import. Beyond what
 * the codec's decoders refuse, a batch is malformed when a HEADER appears
 * after the first record of the file, when a record follows END, and when
 * a STACK record has id 0 (FORMAT.md: never 0). Unknown kinds are skipped
 * by their length: version 1 may grow new kinds.
 */
#include <errno.h>
#include <stdio.h>
#include "check.h"

static const char *const kind_names[] = {
	"unknown", "HEADER", "META", "SYSCALL", "ERRNO", "PROBE", "PROC",
	"EVENTS", "LOST", "STACK", "END", "SYSARGS", "BLOB", "FD", "FRAME",
};

/* Decode one record fully; 0 when it is well formed. */
static int check_record(struct check *c, const struct kt_rec *rec)
{
	union {
		struct kt_meta m;
		struct kt_name n;
		struct kt_probe p;
		struct kt_proc pr;
		struct kt_lost l;
		struct kt_stack s;
		struct kt_end e;
		struct kt_sysargs a;
		struct kt_blob b;
		struct kt_fd f;
		struct kt_frameseq fs;
	} u;
	int err;

	switch (rec->kind) {
	case KT_REC_META:	return codec__get_meta(rec, &u.m);
	case KT_REC_SYSCALL:
	case KT_REC_ERRNO:	return codec__get_name(rec, &u.n);
	case KT_REC_SYSARGS:	return codec__get_sysargs(rec, &u.a);
	case KT_REC_PROBE:	return codec__get_probe(rec, &u.p);
	case KT_REC_PROC:	return codec__get_proc(rec, &u.pr);
	case KT_REC_EVENTS:
		c->ev_of = NULL;
		err = codec__get_events(rec, &c->ev);
		if (!err)
			c->ev_of = rec->payload;
		return err;
	case KT_REC_LOST:	return codec__get_lost(rec, &u.l);
	case KT_REC_END:	return codec__get_end(rec, &u.e);
	case KT_REC_BLOB:	return codec__get_blob(rec, &u.b);
	case KT_REC_FD:		return codec__get_fd(rec, &u.f);
	case KT_REC_STACK:
		err = codec__get_stack(rec, &u.s, c->frames);
		return err ? err : u.s.id ? 0 : -EBADMSG;
	case KT_REC_FRAME:	return codec__get_frameseq(rec, &u.fs);
	case KT_REC_HEADER:	return -EBADMSG;	/* only first */
	default:		return 0;		/* skipped by length */
	}
}

int check__batch(struct check *c, const unsigned char *b, size_t len,
		 int first)
{
	const unsigned char *pos = b, *end = b + len;
	int seen_end = 0, n = 0, rc, err;
	struct kt_rec rec;

	c->ev_of = NULL;
	while ((rc = codec__next(&pos, end, &rec)) == 1) {
		size_t off = (size_t)(rec.payload - b) - KT_REC_HDR_SIZE;

		if (first && n++ == 0)
			continue;
		if (seen_end) {
			snprintf(c->detail, sizeof(c->detail),
				 "a record after the END record");
			return -1;
		}
		err = check_record(c, &rec);
		if (err == -ENOMEM) {
			snprintf(c->detail, sizeof(c->detail), "out of memory");
			return -1;
		}
		if (err) {
			snprintf(c->detail, sizeof(c->detail),
				 "malformed %s record at byte %zu of its batch",
				 rec.kind <= KT_REC_FRAME ? kind_names[rec.kind] :
				 "unknown", off);
			return -1;
		}
		seen_end |= rec.kind == KT_REC_END;
	}
	if (rc < 0) {
		snprintf(c->detail, sizeof(c->detail),
			 "malformed record header at byte %zu of its batch",
			 (size_t)(pos - b));
		return -1;
	}
	return 0;
}

void check__free(struct check *c)
{
	kt_events__free(&c->ev);
	c->ev_of = NULL;
}
