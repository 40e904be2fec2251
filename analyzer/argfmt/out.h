/* SPDX-License-Identifier: MIT */
/*
 * out.h - the text sink every argfmt renderer writes into.
 *
 * snprintf's contract without its cost: bytes past the caller's buffer are
 * counted, not written, so a renderer runs to the end and reports the length
 * the whole text needs. Numbers are formatted by hand (the renderer runs a
 * million times a second in the importer).
 */
#ifndef KTRAIL_ARGFMT_OUT_H
#define KTRAIL_ARGFMT_OUT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct out {
	char *buf;	/* caller's buffer */
	size_t size;	/* its size, NUL included */
	size_t len;	/* bytes the text needs so far */
};

static inline void out_init(struct out *o, char *buf, size_t size)
{
	o->buf = buf;
	o->size = size;
	o->len = 0;
}

/* NUL-terminate (truncating if need be) and return the full length */
static inline size_t out_end(struct out *o)
{
	if (o->size)
		o->buf[o->len < o->size ? o->len : o->size - 1] = 0;
	return o->len;
}

static inline void out_ch(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static inline void out_mem(struct out *o, const char *s, size_t n)
{
	if (o->len + n < o->size) {
		memcpy(o->buf + o->len, s, n);
		o->len += n;
		return;
	}
	while (n--)
		out_ch(o, *s++);
}

static inline void out_str(struct out *o, const char *s)
{
	out_mem(o, s, strlen(s));
}

void out_udec(struct out *o, uint64_t v);
void out_dec(struct out *o, int64_t v);
void out_hex(struct out *o, uint64_t v);	/* "0x1f"; 0 as "0" */
void out_oct(struct out *o, uint64_t v);	/* "0644"; 0 as "0" */
void out_oct3(struct out *o, uint64_t v);	/* "%#03o": "0644", "000", "007" */
void out_ptr(struct out *o, uint64_t v);	/* "NULL" or "0x7ffd..." */

#endif /* KTRAIL_ARGFMT_OUT_H */
