/* SPDX-License-Identifier: MIT */
/*
 * results.h - the rows of a query, printed in one of five formats.
 *
 * The last step of `analyze --sql`: analyzer/shell.c prepares statements,
 * this steps them and prints their rows. The report (analyzer/report.c)
 * prints its tables through the same code.
 */
#ifndef ANALYZE_RESULTS_H
#define ANALYZE_RESULTS_H

#include <stdio.h>

struct sqlite3_stmt;

enum out_format {
	OUT_TABLE,	/* aligned columns under a header; NULL shows as NULL */
	OUT_CSV,	/* RFC 4180 quoting, a header line, LF line ends */
	OUT_JSON,	/* one array of objects; numbers, strings, null */
	OUT_TSV,	/* header, tab-separated; \t \n \\ escaped; NULL empty */
	OUT_LINE,	/* "name = value" lines, a blank line between rows, as
			 * the sqlite3 shell's .mode line; NULL empty */
};

/* Parse "table", "csv", "json", "tsv" or "line". Returns 0 or -1. */
int results__parse_format(const char *s, enum out_format *fmt);

/*
 * Step st to the end, printing its rows to f (nothing for a statement
 * without columns). Returns SQLITE_DONE, or the error code of the step
 * that failed (the caller prints sqlite3_errmsg()).
 */
int results__stmt(struct sqlite3_stmt *st, enum out_format fmt, FILE *f);

/*
 * results__stmt() with the header line of table, csv and tsv printed only
 * when headers is non-zero (the SQL prompt's .headers on|off).
 */
int results__rows(struct sqlite3_stmt *st, enum out_format fmt, int headers,
		 FILE *f);

#endif /* ANALYZE_RESULTS_H */
