// SPDX-License-Identifier: MIT
/*
 * strfmt.c - strace's string quoting (strace's util.c string_quote, default
 * style, no -x): printable ASCII as itself; \t \n \v \f \r \" \\ as C
 * escapes; every other byte (UTF-8 included) in octal with as few digits as
 * it needs, or all three when the next shown byte is an octal digit, so
 * "\1" followed by "7" reads back as "\0017".
 */
#include "analyzer/argfmt/strfmt.h"
#include "analyzer/argfmt/out.h"

static void quote_byte(struct out *o, uint8_t c, int next_is_odigit)
{
	char b[4];
	int n = 0;

	switch (c) {
	case '"': out_mem(o, "\\\"", 2); return;
	case '\\': out_mem(o, "\\\\", 2); return;
	case '\t': out_mem(o, "\\t", 2); return;
	case '\n': out_mem(o, "\\n", 2); return;
	case '\v': out_mem(o, "\\v", 2); return;
	case '\f': out_mem(o, "\\f", 2); return;
	case '\r': out_mem(o, "\\r", 2); return;
	}
	b[n++] = '\\';
	if (next_is_odigit || c >> 6)
		b[n++] = '0' + (c >> 6);
	if (next_is_odigit || c >> 3)
		b[n++] = '0' + ((c >> 3) & 7);
	b[n++] = '0' + (c & 7);
	out_mem(o, b, n);
}

void strfmt__quoted(struct out *o, const uint8_t *p, size_t n, size_t max,
		    int more)
{
	size_t shown = n < max ? n : max;
	size_t i, run;

	out_ch(o, '"');
	for (i = 0; i < shown; i += run) {
		for (run = 0; i + run < shown; run++) {
			uint8_t c = p[i + run];

			if (c < ' ' || c > '~' || c == '"' || c == '\\')
				break;
		}
		if (run) {
			out_mem(o, (const char *)p + i, run);
			continue;
		}
		run = 1;
		quote_byte(o, p[i], i + 1 < shown && p[i + 1] >= '0' &&
			   p[i + 1] <= '7');
	}
	out_ch(o, '"');
	if (more || n > max)
		out_mem(o, "...", 3);
}

void strfmt__hex(struct out *o, const uint8_t *p, size_t n, size_t max,
		 int more)
{
	static const char hex[] = "0123456789abcdef";
	size_t shown = n < max ? n : max, i;

	out_ch(o, '"');
	for (i = 0; i < shown; i++) {
		char b[4] = { '\\', 'x', hex[p[i] >> 4], hex[p[i] & 15] };

		out_mem(o, b, 4);
	}
	out_ch(o, '"');
	if (more || n > max)
		out_mem(o, "...", 3);
}
