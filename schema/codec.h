/* SPDX-License-Identifier: MIT */
/*
 * codec.h - encode and decode the records of schema/record.h.
 *
 * The one place that knows every offset of schema/FORMAT.md. The recorder's
 * writer appends records to a kt_buf and compresses the buffer as one zstd
 * frame; the analyzer's reader decompresses a frame and walks its records
 * with codec__next() and the codec__get_*() decoders. Neither side touches
 * bytes itself.
 */
#ifndef KTRAIL_CODEC_H
#define KTRAIL_CODEC_H

#include <stddef.h>
#include <stdint.h>
#include "record.h"

#define KT_REC_HDR_SIZE	8	/* u16 kind, u16 reserved, u32 payload length */

/* A growable byte buffer. Allocation failure is sticky in .err (-ENOMEM). */
struct kt_buf {
	unsigned char *p;
	size_t len;
	size_t cap;
	int err;
};

void kt_buf__reset(struct kt_buf *b);
void kt_buf__free(struct kt_buf *b);

/* Append the records already encoded in src to b. Returns 0 or -ENOMEM. */
int kt_buf__append(struct kt_buf *b, const struct kt_buf *src);

/*
 * Encoders: append one complete record (header + payload) to b. Strings
 * longer than KT_MAX_STR are cut to that length. Return 0, or -ENOMEM (also
 * left in b->err, so a caller may check once after many appends).
 */
int codec__put_header(struct kt_buf *b, const struct kt_header *h);
int codec__put_meta(struct kt_buf *b, const char *key, const char *value);
int codec__put_name(struct kt_buf *b, enum kt_kind kind, uint32_t nr,
		    const char *name);
int codec__put_sysargs(struct kt_buf *b, const struct kt_sysargs *a);
int codec__put_probe(struct kt_buf *b, const struct kt_probe *p);
int codec__put_proc(struct kt_buf *b, const struct kt_proc *p);
int codec__put_events(struct kt_buf *b, const struct kt_event *ev, uint32_t n);
int codec__put_lost(struct kt_buf *b, const struct kt_lost *l);
int codec__put_stack(struct kt_buf *b, const struct kt_stack *s);
int codec__put_end(struct kt_buf *b, const struct kt_end *e);
int codec__put_blob(struct kt_buf *b, const struct kt_blob *bl);
int codec__put_fd(struct kt_buf *b, const struct kt_fd *f);
int codec__put_frameseq(struct kt_buf *b, const struct kt_frameseq *f);

/* kt_str from a C string (NULL gives the empty string) */
struct kt_str kt_str(const char *s);

/* One record inside a decompressed batch; payload points into the batch. */
struct kt_rec {
	uint16_t kind;
	uint32_t len;
	const unsigned char *payload;
};

/*
 * Step to the next record of a batch: *pos is advanced past it. Returns 1
 * with *rec filled, 0 at the end of the batch, or -EBADMSG when the header
 * or length does not fit in [*pos, end) or exceeds KT_MAX_RECORD.
 */
int codec__next(const unsigned char **pos, const unsigned char *end,
		struct kt_rec *rec);

/*
 * Decoders: parse rec's payload, which must be exactly the record's size.
 * Strings in the results point into the payload. Return 0 or -EBADMSG;
 * codec__get_header() returns -EPROTO for a bad magic and -EPROTONOSUPPORT
 * for another format version (h->version is set then).
 */
int codec__get_header(const struct kt_rec *rec, struct kt_header *h);
int codec__get_meta(const struct kt_rec *rec, struct kt_meta *m);
int codec__get_name(const struct kt_rec *rec, struct kt_name *n);
int codec__get_sysargs(const struct kt_rec *rec, struct kt_sysargs *a);
int codec__get_probe(const struct kt_rec *rec, struct kt_probe *p);
int codec__get_proc(const struct kt_rec *rec, struct kt_proc *p);
int codec__get_lost(const struct kt_rec *rec, struct kt_lost *l);
int codec__get_end(const struct kt_rec *rec, struct kt_end *e);
int codec__get_blob(const struct kt_rec *rec, struct kt_blob *bl);
int codec__get_fd(const struct kt_rec *rec, struct kt_fd *f);
int codec__get_frameseq(const struct kt_rec *rec, struct kt_frameseq *f);

/* frames must have room for KT_MAX_FRAMES entries; s->frames is set to it */
int codec__get_stack(const struct kt_rec *rec, struct kt_stack *s,
		     struct kt_frame *frames);

/* A reusable array of decoded events, owned by the caller. */
struct kt_events {
	struct kt_event *ev;
	uint32_t n;
	uint32_t cap;
};

/*
 * Decode an EVENTS record into dst (grown as needed, at most KT_MAX_EVENTS).
 * Returns 0, -EBADMSG or -ENOMEM.
 */
int codec__get_events(const struct kt_rec *rec, struct kt_events *dst);
void kt_events__free(struct kt_events *e);

#endif /* KTRAIL_CODEC_H */
