/* SPDX-License-Identifier: MIT */
/*
 * strfmt.h - strings and data buffers quoted as strace quotes them.
 */
#ifndef KTRAIL_ARGFMT_STRFMT_H
#define KTRAIL_ARGFMT_STRFMT_H

#include <stddef.h>
#include <stdint.h>

struct out;

/*
 * Write p[0..n) as a strace string literal: at most max bytes of it, then
 * `...` after the closing quote when n > max or when more is set (the
 * value went on past what was captured).
 */
void strfmt__quoted(struct out *o, const uint8_t *p, size_t n, size_t max,
		    int more);

/* the same with every byte as \xNN (strace's QUOTE_FORCE_HEX: getrandom) */
void strfmt__hex(struct out *o, const uint8_t *p, size_t n, size_t max,
		 int more);

#endif /* KTRAIL_ARGFMT_STRFMT_H */
