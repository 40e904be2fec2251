// SPDX-License-Identifier: MIT
/*
 * shell.c - user SQL through the prepare-tail loop of the sqlite3 shell.
 *
 * As in the shell's shell_exec(): sqlite3_prepare_v2() compiles the first
 * statement of the text and points at the rest; a NULL statement (a
 * comment, blanks) is skipped; the first error ends the run with a single
 * message. Statements from stdin are collected line by line until
 * sqlite3_complete() says one is whole, so a script can be piped in and a
 * terminal user gets each result as soon as the ';' is typed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>
#include "shell.h"

static void sql_error(struct sqlite3 *db)
{
	fprintf(stderr, "analyze: SQL error: %s\n", sqlite3_errmsg(db));
}

int shell__run(struct sqlite3 *db, const char *sql, enum out_format fmt,
	       FILE *out)
{
	const char *tail = sql;

	while (tail && *tail) {
		sqlite3_stmt *st = NULL;
		int rc = sqlite3_prepare_v2(db, tail, -1, &st, &tail);

		if (rc != SQLITE_OK) {
			sql_error(db);
			return -1;
		}
		if (!st)
			continue;	/* comment or blanks */
		rc = output__stmt(st, fmt, out);
		if (rc != SQLITE_DONE) {
			sql_error(db);
			sqlite3_finalize(st);
			return -1;
		}
		sqlite3_finalize(st);
	}
	return 0;
}

static const char help_text[] =
	"Enter SQL statements terminated with ';'. Tables and views: events,\n"
	"probes, processes, stack_frames, stacks, lost, meta, proc_events,\n"
	"syscalls, errnos, traces. Functions: percentile(x, p), median(x),\n"
	"errno_name(ret), fmt_ns(ns), folded(stack_id).\n"
	".tables          list tables and views\n"
	".schema [NAME]   show CREATE statements\n"
	".quit            leave\n";

/* A dot-command on a terminal. Returns 1 to quit, else 0. */
static int dot_command(struct sqlite3 *db, char *line, enum out_format fmt)
{
	char *arg, *sql;

	line[strcspn(line, "\r\n")] = 0;
	arg = strchr(line, ' ');
	if (arg)
		*arg++ = 0;
	if (!strcmp(line, ".quit") || !strcmp(line, ".exit"))
		return 1;
	if (!strcmp(line, ".tables")) {
		shell__run(db, "SELECT name, type FROM sqlite_schema WHERE type IN"
			   " ('table', 'view') AND name NOT LIKE 'sqlite_%'"
			   " ORDER BY name", fmt, stdout);
	} else if (!strcmp(line, ".schema")) {
		sql = sqlite3_mprintf("SELECT sql || ';' AS sql FROM sqlite_schema"
				      " WHERE sql IS NOT NULL AND (%Q IS NULL OR"
				      " name = %Q OR tbl_name = %Q)", arg, arg, arg);
		if (sql)
			shell__run(db, sql, OUT_TSV, stdout);
		sqlite3_free(sql);
	} else {
		fputs(help_text, stdout);
	}
	return 0;
}

int shell__stdin(struct sqlite3 *db, enum out_format fmt)
{
	int tty = isatty(0), err = 0;
	char *line = NULL, *buf = NULL;
	size_t cap = 0, len = 0;
	ssize_t n;

	if (tty)
		fputs("analyze: SQL over the trace; .help for help, .quit to leave\n",
		      stderr);
	for (;;) {
		if (tty) {
			fputs(len ? "   ...> " : "analyze> ", stdout);
			fflush(stdout);
		}
		n = getline(&line, &cap, stdin);
		if (n < 0)
			break;
		if (tty && !len && line[0] == '.') {
			if (dot_command(db, line, fmt))
				break;
			continue;
		}
		{
			char *b = realloc(buf, len + (size_t)n + 1);

			if (!b) {
				fprintf(stderr, "analyze: out of memory\n");
				err = -1;
				break;
			}
			buf = b;
		}
		memcpy(buf + len, line, (size_t)n + 1);
		len += (size_t)n;
		if (!sqlite3_complete(buf))
			continue;
		err = shell__run(db, buf, fmt, stdout);
		fflush(stdout);
		len = 0;
		if (err && !tty)
			break;
		err = tty ? 0 : err;
	}
	/* a script may end without its last ';' */
	if (!err && len && strspn(buf, " \t\r\n") < len)
		err = shell__run(db, buf, fmt, stdout);
	if (tty)
		fputc('\n', stdout);
	free(line);
	free(buf);
	return err;
}
