// SPDX-License-Identifier: MIT
/*
 * flags.c - the generated constant tables and the two printers strace uses
 * with them (its xlat.c printflags and printxval).
 */
#include "analyzer/argfmt/flags.h"
#include "analyzer/argfmt/out.h"

#include "argfmt_tables.inc"

const char *xlat__name(const struct xlat *x, uint64_t v)
{
	uint32_t i;

	for (i = 0; i < x->n; i++)
		if (x->e[i].val == v && x->e[i].name[0])
			return x->e[i].name;
	return NULL;
}

static void comment(struct out *o, const char *unknown)
{
	out_mem(o, " /* ", 4);
	out_str(o, unknown);
	out_mem(o, " */", 3);
}

void xlat__flags(struct out *o, const struct xlat *x, uint64_t v,
		 const char *unknown)
{
	uint64_t left = v;
	uint32_t i;
	int n = 0;

	if (!v) {
		const char *zero = xlat__name(x, 0);

		out_str(o, zero ? zero : "0");
		return;
	}
	for (i = 0; i < x->n && left; i++) {
		uint64_t f = x->e[i].val;

		if (!f || (left & f) != f)
			continue;
		if (n++)
			out_ch(o, '|');
		out_str(o, x->e[i].name);
		left &= ~f;
	}
	if (left) {
		if (n)
			out_ch(o, '|');
		out_hex(o, left);
		if (!n && unknown)
			comment(o, unknown);
	}
}

void xlat__xval(struct out *o, const struct xlat *x, uint64_t v,
		const char *unknown)
{
	const char *name = xlat__name(x, v);

	if (name) {
		out_str(o, name);
		return;
	}
	out_hex(o, v);
	if (unknown)
		comment(o, unknown);
}
