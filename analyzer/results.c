// SPDX-License-Identifier: MIT
/*
 * results.c - table, CSV, JSON, TSV and line printers for query results.
 *
 * Modelled on the sqlite3 shell's output modes and on ext/misc/resfmt.c's
 * explicit escaping: every text value goes through analyzer/escape.c in
 * the mode of its format. CSV, JSON and TSV stream row by row. The table
 * needs column widths, so it holds the first TABLE_ROWS rows, sizes the
 * columns on them, and streams the rest at those widths (a longer value
 * just pushes its line out): memory stays bounded on any result.
 *
 * CSV lines end with LF alone, not RFC 4180's CRLF: a CR is a control
 * byte like any other here (no raw control byte but tab and newline ever
 * reaches the terminal), and CSV readers take either.
 *
 * Numbers keep SQLite's own text form (sqlite3_column_text: 2.0, 1.5e+20);
 * JSON writes a non-finite REAL as null. BLOBs are printed as x'hex'.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "escape.h"
#include "results.h"

#define TABLE_ROWS	10000

int results__parse_format(const char *s, enum out_format *fmt)
{
	static const char *const names[] = {
		"table", "csv", "json", "tsv", "line"
	};

	for (int i = 0; i < 5; i++)
		if (!strcmp(s, names[i])) {
			*fmt = (enum out_format)i;
			return 0;
		}
	return -1;
}

static void put_blob(FILE *f, const unsigned char *p, int n)
{
	fputs("x'", f);
	for (int i = 0; i < n; i++)
		fprintf(f, "%02x", p[i]);
	fputc('\'', f);
}

static void put_padding(FILE *f, size_t n)
{
	while (n--)
		fputc(' ', f);
}

/* ---- CSV, TSV, JSON, line: streamed ------------------------------------------- */

static void csv_field(FILE *f, const char *s, size_t len)
{
	int q = escape__csv_needs_quotes(s, len);

	if (q)
		fputc('"', f);
	escape__fput(f, s, len, ESC_CSV);
	if (q)
		fputc('"', f);
}

static void put_header(sqlite3_stmt *st, enum out_format fmt, FILE *f)
{
	int n = sqlite3_column_count(st);

	for (int i = 0; i < n; i++) {
		const char *name = sqlite3_column_name(st, i);

		if (i)
			fputs(fmt == OUT_CSV ? "," : "\t", f);
		if (fmt == OUT_CSV)
			csv_field(f, name, strlen(name));
		else
			escape__fput(f, name, strlen(name), ESC_TEXT);
	}
	fputc('\n', f);
}

static void put_delimited_row(sqlite3_stmt *st, enum out_format fmt, FILE *f)
{
	int n = sqlite3_column_count(st);

	for (int i = 0; i < n; i++) {
		int t = sqlite3_column_type(st, i);

		if (i)
			fputs(fmt == OUT_CSV ? "," : "\t", f);
		if (t == SQLITE_NULL)
			continue;
		if (t == SQLITE_BLOB) {
			put_blob(f, sqlite3_column_blob(st, i),
				 sqlite3_column_bytes(st, i));
			continue;
		}
		{
			const char *s = (const char *)sqlite3_column_text(st, i);
			size_t len = (size_t)sqlite3_column_bytes(st, i);

			if (fmt == OUT_CSV)
				csv_field(f, s, len);
			else
				escape__fput(f, s, len, ESC_TEXT);
		}
	}
	fputc('\n', f);
}

static void json_value(sqlite3_stmt *st, int i, FILE *f)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_NULL:
		fputs("null", f);
		break;
	case SQLITE_INTEGER:
		fprintf(f, "%lld", (long long)sqlite3_column_int64(st, i));
		break;
	case SQLITE_FLOAT:
		if (isfinite(sqlite3_column_double(st, i)))
			fputs((const char *)sqlite3_column_text(st, i), f);
		else
			fputs("null", f);
		break;
	case SQLITE_BLOB:
		fputc('"', f);
		put_blob(f, sqlite3_column_blob(st, i),
			 sqlite3_column_bytes(st, i));
		fputc('"', f);
		break;
	default:
		fputc('"', f);
		escape__fput(f, (const char *)sqlite3_column_text(st, i),
			     (size_t)sqlite3_column_bytes(st, i), ESC_JSON);
		fputc('"', f);
	}
}

static void put_json_row(sqlite3_stmt *st, FILE *f, long row)
{
	int n = sqlite3_column_count(st);

	fputs(row ? ",\n{" : "[\n{", f);
	for (int i = 0; i < n; i++) {
		const char *name = sqlite3_column_name(st, i);

		fputs(i ? "," : "", f);
		fputc('"', f);
		escape__fput(f, name, strlen(name), ESC_JSON);
		fputs("\":", f);
		json_value(st, i, f);
	}
	fputc('}', f);
}

/* One row as "name = value" lines, names right-aligned to width. */
static void put_line_row(sqlite3_stmt *st, FILE *f, int width, long row)
{
	int n = sqlite3_column_count(st);

	if (row)
		fputc('\n', f);
	for (int i = 0; i < n; i++) {
		const char *name = sqlite3_column_name(st, i);
		int t = sqlite3_column_type(st, i);

		put_padding(f, (size_t)width - escape__width(name, strlen(name)));
		escape__fput(f, name, strlen(name), ESC_TEXT);
		fputs(" = ", f);
		if (t == SQLITE_BLOB)
			put_blob(f, sqlite3_column_blob(st, i),
				 sqlite3_column_bytes(st, i));
		else if (t != SQLITE_NULL)
			escape__fput(f, (const char *)sqlite3_column_text(st, i),
				     (size_t)sqlite3_column_bytes(st, i),
				     ESC_TEXT);
		fputc('\n', f);
	}
}

static int stream(sqlite3_stmt *st, enum out_format fmt, int headers,
		  FILE *f)
{
	long row = 0;
	int rc, width = 0;

	for (int i = 0; fmt == OUT_LINE && i < sqlite3_column_count(st); i++) {
		const char *name = sqlite3_column_name(st, i);
		int w = (int)escape__width(name, strlen(name));

		width = w > width ? w : width;
	}
	/* the header once the first step has worked: a failed query prints
	 * nothing but its error */
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return rc;
	if ((fmt == OUT_CSV || fmt == OUT_TSV) && headers)
		put_header(st, fmt, f);
	for (; rc == SQLITE_ROW; rc = sqlite3_step(st)) {
		if (fmt == OUT_JSON)
			put_json_row(st, f, row);
		else if (fmt == OUT_LINE)
			put_line_row(st, f, width, row);
		else
			put_delimited_row(st, fmt, f);
		row++;
	}
	if (fmt == OUT_JSON)
		fputs(row ? "\n]\n" : "[]\n", f);
	return rc;
}

/* ---- table: buffered for widths ------------------------------------------ */

enum cell_kind { CELL_NULL, CELL_NUM, CELL_TEXT, CELL_RAW };

struct cell {
	char *s;		/* raw bytes (CELL_TEXT) or printable */
	size_t len;
	enum cell_kind kind;
};

struct table {
	int ncol;
	size_t *width;
	struct cell *cells;	/* nrows * ncol */
	size_t nrows, cap;
};

static int cell_get(sqlite3_stmt *st, int i, struct cell *c)
{
	int t = sqlite3_column_type(st, i);
	const void *p;
	int n;

	c->kind = t == SQLITE_NULL ? CELL_NULL :
		  t == SQLITE_BLOB ? CELL_RAW :
		  t == SQLITE_TEXT ? CELL_TEXT : CELL_NUM;
	if (c->kind == CELL_NULL) {
		c->s = NULL;
		c->len = 4;
		return 0;
	}
	if (c->kind == CELL_RAW) {
		const unsigned char *b = sqlite3_column_blob(st, i);

		n = sqlite3_column_bytes(st, i);
		c->s = malloc((size_t)n * 2 + 4);
		if (!c->s)
			return -1;
		strcpy(c->s, "x'");
		for (int k = 0; k < n; k++)
			sprintf(c->s + 2 + 2 * k, "%02x", b[k]);
		strcat(c->s, "'");
		c->len = strlen(c->s);
		return 0;
	}
	p = sqlite3_column_text(st, i);
	n = sqlite3_column_bytes(st, i);
	c->s = malloc((size_t)n + 1);
	if (!c->s)
		return -1;
	memcpy(c->s, p, (size_t)n);
	c->len = (size_t)n;
	return 0;
}

static size_t cell_width(const struct cell *c)
{
	return c->kind == CELL_TEXT ? escape__width(c->s, c->len) : c->len;
}

static void put_cell(FILE *f, const struct cell *c, size_t width, int last)
{
	size_t w = cell_width(c), pad = w < width ? width - w : 0;

	if (c->kind == CELL_NUM)
		put_padding(f, pad);
	if (c->kind == CELL_NULL)
		fputs("NULL", f);
	else if (c->kind == CELL_TEXT)
		escape__fput(f, c->s, c->len, ESC_TEXT);
	else
		fwrite(c->s, 1, c->len, f);
	if (c->kind != CELL_NUM && !last)
		put_padding(f, pad);
}

static void put_table_row(FILE *f, const struct table *t,
			  const struct cell *row)
{
	for (int i = 0; i < t->ncol; i++) {
		if (i)
			fputs("  ", f);
		put_cell(f, &row[i], t->width[i], i + 1 == t->ncol);
	}
	fputc('\n', f);
}

static void put_table_head(sqlite3_stmt *st, FILE *f, const struct table *t)
{
	for (int i = 0; i < t->ncol; i++) {
		const char *name = sqlite3_column_name(st, i);
		struct cell c = { (char *)name, strlen(name), CELL_TEXT };

		if (i)
			fputs("  ", f);
		put_cell(f, &c, t->width[i], i + 1 == t->ncol);
	}
	fputc('\n', f);
	for (int i = 0; i < t->ncol; i++) {
		fputs(i ? "  " : "", f);
		for (size_t k = 0; k < t->width[i]; k++)
			fputc('-', f);
	}
	fputc('\n', f);
}

static void free_cells(struct cell *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(c[i].s);
}

/* Hold one more row; widen the columns. Returns 0 or -1 (ENOMEM). */
static int hold_row(sqlite3_stmt *st, struct table *t)
{
	struct cell *row;

	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct cell *c = realloc(t->cells, cap * (size_t)t->ncol *
					 sizeof(*c));

		if (!c)
			return -1;
		t->cells = c;
		t->cap = cap;
	}
	row = &t->cells[t->nrows * (size_t)t->ncol];
	for (int i = 0; i < t->ncol; i++) {
		if (cell_get(st, i, &row[i])) {
			free_cells(row, (size_t)i);
			return -1;
		}
		if (cell_width(&row[i]) > t->width[i])
			t->width[i] = cell_width(&row[i]);
	}
	t->nrows++;
	return 0;
}

static int table(sqlite3_stmt *st, int headers, FILE *f)
{
	struct table t = { .ncol = sqlite3_column_count(st) };
	struct cell *row = NULL;
	int rc = SQLITE_DONE, more;

	t.width = calloc((size_t)t.ncol, sizeof(*t.width));
	if (!t.width)
		return SQLITE_NOMEM;
	for (int i = 0; i < t.ncol; i++)
		t.width[i] = escape__width(sqlite3_column_name(st, i),
					   strlen(sqlite3_column_name(st, i)));
	while (t.nrows < TABLE_ROWS && (rc = sqlite3_step(st)) == SQLITE_ROW)
		if (hold_row(st, &t)) {
			rc = SQLITE_NOMEM;
			goto out_free;
		}
	/* a statement that failed before its first row prints nothing */
	if (headers && (t.nrows || rc == SQLITE_DONE || rc == SQLITE_ROW))
		put_table_head(st, f, &t);
	for (size_t r = 0; r < t.nrows; r++)
		put_table_row(f, &t, &t.cells[r * (size_t)t.ncol]);
	free_cells(t.cells, t.nrows * (size_t)t.ncol);
	more = t.nrows == TABLE_ROWS;
	t.nrows = 0;
	if (more) {
		row = calloc((size_t)t.ncol, sizeof(*row));
		if (!row) {
			rc = SQLITE_NOMEM;
			goto out_free;
		}
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			for (int i = 0; i < t.ncol; i++)
				if (cell_get(st, i, &row[i]))
					rc = SQLITE_NOMEM;
			if (rc == SQLITE_ROW)
				put_table_row(f, &t, row);
			free_cells(row, (size_t)t.ncol);
			memset(row, 0, (size_t)t.ncol * sizeof(*row));
			if (rc != SQLITE_ROW)
				break;
		}
	}
out_free:
	free_cells(t.cells, t.nrows * (size_t)t.ncol);
	free(row);
	free(t.cells);
	free(t.width);
	return rc;
}

int results__rows(struct sqlite3_stmt *st, enum out_format fmt, int headers,
		 FILE *f)
{
	int rc;

	if (!sqlite3_column_count(st)) {
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			;
		return rc;
	}
	return fmt == OUT_TABLE ? table(st, headers, f) :
				  stream(st, fmt, headers, f);
}

int results__stmt(struct sqlite3_stmt *st, enum out_format fmt, FILE *f)
{
	return results__rows(st, fmt, 1, f);
}
