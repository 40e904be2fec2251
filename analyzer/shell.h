/* SPDX-License-Identifier: MIT */
/*
 * shell.h - user SQL: one --sql query, or statements read from stdin.
 */
#ifndef ANALYZE_SHELL_H
#define ANALYZE_SHELL_H

#include <stdio.h>
#include "results.h"

struct sqlite3;

/*
 * Run every statement of sql in order, printing each result in fmt to out.
 * Stops at the first error with one line "analyze: SQL error: MESSAGE" on
 * stderr and returns -1; returns 0 when all ran.
 */
int shell__run(struct sqlite3 *db, const char *sql, enum out_format fmt,
	       FILE *out);

/*
 * Read statements and dot-commands (.tables, .schema, .mode, .headers,
 * .timer, .read, .output, .once, .help, .quit) from stdin and run each
 * once complete. On a terminal: a prompt with line editing and history,
 * Ctrl-C stops the running statement, errors are reported and reading
 * goes on. Otherwise: no prompt, and the first error stops the run.
 * Returns 0 or -1 (an error in a script).
 */
int shell__stdin(struct sqlite3 *db, enum out_format fmt);

#endif /* ANALYZE_SHELL_H */
