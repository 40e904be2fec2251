// SPDX-License-Identifier: MIT
/*
 * escape.c - control characters and invalid UTF-8, made visible.
 *
 * The walk decodes UTF-8 (RFC 3629: no overlongs, no surrogates, nothing
 * over U+10FFFF). Printable code points go out as they are; C0 controls,
 * DEL and the C1 controls U+0080..U+009F (which some terminals obey as
 * escape sequences) are written as escapes, and so is each byte of an
 * invalid sequence. The text mode's escapes are those of C and strace
 * (\t, \x1b), so a reader recognizes them; backslash itself is doubled
 * in every mode, CSV included, to keep the text unambiguous: a field
 * reading \x1b was ESC, one reading \\x1b the four characters.
 */
#include <string.h>
#include "escape.h"

/* Length of the valid UTF-8 sequence at s (1..4) and its code point, or 0. */
static int utf8_seq(const unsigned char *s, size_t len, unsigned *cp)
{
	unsigned c = s[0], n, min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, min = 0x80, c &= 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, min = 0x800, c &= 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, min = 0x10000, c &= 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (unsigned i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return (int)n;
}

static int is_control(unsigned cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f);
}

static void put_control(FILE *f, unsigned cp, enum esc_mode mode)
{
	const char *s = NULL;

	switch (cp) {
	case '\t': s = mode == ESC_CSV ? "\t" : "\\t"; break;
	case '\n': s = mode == ESC_CSV ? "\n" : "\\n"; break;
	case '\r': s = "\\r"; break;
	}
	if (s)
		fputs(s, f);
	else if (mode == ESC_JSON || cp >= 0x80)
		fprintf(f, "\\u%04x", cp);	/* C1 in text modes too: \u0085 */
	else
		fprintf(f, "\\x%02x", cp);
}

void escape__fput(FILE *f, const char *str, size_t len, enum esc_mode mode)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned cp;
		int n = utf8_seq(s + i, len - i, &cp);

		if (!n) {
			if (mode == ESC_JSON)
				fputs("\\ufffd", f);
			else
				fprintf(f, "\\x%02x", s[i]);
			i++;
			continue;
		}
		if (is_control(cp))
			put_control(f, cp, mode);
		else if (mode == ESC_XML && cp < 0x80 && strchr("&<>\"'", (int)cp))
			fprintf(f, "&#%u;", cp);
		else if (cp == '\\')
			fputs("\\\\", f);
		else if (cp == '"' && mode == ESC_JSON)
			fputs("\\\"", f);
		else if (cp == '"' && mode == ESC_CSV)
			fputs("\"\"", f);
		else
			fwrite(s + i, 1, (size_t)n, f);
		i += (size_t)n;
	}
}

size_t escape__width(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t w = 0, i = 0;

	while (i < len) {
		unsigned cp;
		int n = utf8_seq(s + i, len - i, &cp);

		if (!n) {
			w += 4;		/* \xNN */
			i++;
			continue;
		}
		if (cp == '\t' || cp == '\n' || cp == '\r' || cp == '\\')
			w += 2;
		else if (cp >= 0x80 && cp <= 0x9f)
			w += 6;		/* \u0085 */
		else if (is_control(cp))
			w += 4;
		else
			w += 1;
		i += (size_t)n;
	}
	return w;
}

int escape__csv_needs_quotes(const char *s, size_t len)
{
	if (!len)
		return 0;
	if (s[0] == ' ' || s[len - 1] == ' ')
		return 1;
	for (size_t i = 0; i < len; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			return 1;
	return 0;
}
