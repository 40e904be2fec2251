/* SPDX-License-Identifier: MIT */
/*
 * escape.h - printing strings that came from the traced machine.
 *
 * comm, paths and symbols are whatever bytes the traced machine held; a
 * name with ESC or BEL in it must not drive the terminal of the person
 * reading the analysis. Every string analyze prints goes through here, in
 * the escaping mode of its output format.
 */
#ifndef ANALYZE_ESCAPE_H
#define ANALYZE_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

enum esc_mode {
	ESC_TEXT,	/* table, report, tsv: \t \n \r \\ \xNN \u0085 */
	ESC_CSV,	/* inside a CSV field: tab and newline stay, \r \xNN \\ */
	ESC_JSON,	/* inside a JSON string: \" \\ \n \u001b, bad UTF-8 \ufffd */
	ESC_XML,	/* SVG/XML text: as ESC_TEXT, then & < > " ' as entities
			 * (XML 1.0 has no way to carry most C0 controls) */
};

/*
 * Write s (len bytes, any content) to f escaped for mode: no control byte
 * other than tab and newline (and those only in ESC_CSV) is written raw,
 * nor a C1 control, nor a byte that is not part of valid UTF-8.
 */
void escape__fput(FILE *f, const char *s, size_t len, enum esc_mode mode);

/* Display width of s once escaped in ESC_TEXT mode (code points). */
size_t escape__width(const char *s, size_t len);

/* Whether a CSV field must be quoted (RFC 4180): , " CR LF or edge space. */
int escape__csv_needs_quotes(const char *s, size_t len);

#endif /* ANALYZE_ESCAPE_H */
