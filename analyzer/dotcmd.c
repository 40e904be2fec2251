// SPDX-License-Identifier: MIT
/*
 * dotcmd.c - .tables, .schema, .mode, .headers, .timer, .read, .output,
 * .once, .help and .quit, as a user of the sqlite3 shell types them.
 *
 * A line is split into words at blanks; a word may be quoted with ' or "
 * to hold blanks. Each command checks its own arguments and says in one
 * stderr line what is wrong; an unknown command gets one line too, never
 * the help text. .schema prints the CREATE statements as SQLite stored
 * them (newlines and tabs as they are, other control bytes escaped), so
 * they read as they were written in schema/trace.sql.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "dotcmd.h"
#include "escape.h"
#include "session.h"

#define MAX_ARGS	8
#define MAX_DEPTH	16	/* .read inside .read */

static const char help_text[] =
	"Enter SQL statements terminated with ';'. Tables and views: events,\n"
	"probes, processes, stack_frames, stacks, lost, meta, proc_events,\n"
	"syscalls, errnos, traces. Functions: percentile(x, p), median(x),\n"
	"errno_name(ret), fmt_ns(ns), folded(stack_id).\n"
	"\n"
	".headers on|off        show the header line of table, csv and tsv\n"
	".help                  this text\n"
	".mode [MODE]           result format: table, csv, json, tsv or line\n"
	".once FILE             the next statement's result to FILE ('|CMD': a\n"
	"                       pipe into CMD)\n"
	".output [FILE]         results to FILE from now on; none: back to stdout\n"
	".quit, .exit           leave (Ctrl-D too)\n"
	".read FILE             run the statements and dot-commands in FILE\n"
	".schema [PATTERN]      CREATE statements of the tables and views whose\n"
	"                       name matches the LIKE pattern\n"
	".tables [PATTERN]      names of the tables and views\n"
	".timer on|off          time each statement\n"
	"\n"
	"Ctrl-C stops the running statement; the up arrow recalls earlier lines\n"
	"(kept in $KTRAIL_HISTORY, default ~/.ktrail_history).\n";

/* Split line into at most MAX_ARGS words; returns their number or -1. */
static int split(char *line, char *argv[MAX_ARGS])
{
	int argc = 0;
	char *p = line;

	for (;;) {
		char q = 0, *w;

		p += strspn(p, " \t\r\n");
		if (!*p)
			return argc;
		if (argc == MAX_ARGS)
			return -1;
		if (*p == '\'' || *p == '"')
			q = *p++;
		w = p;
		p = q ? strchr(p, q) : p + strcspn(p, " \t\r\n");
		if (!p) {
			fprintf(stderr, "analyze: unterminated %c in '%s'\n", q, line);
			return -1;
		}
		argv[argc++] = w;
		if (*p)
			*p++ = 0;
	}
}

/* on|off (yes|no, 1|0, true|false) into *v; -1 after an error line. */
static int parse_bool(const char *cmd, const char *arg, int *v)
{
	static const char *const on[] = { "on", "yes", "1", "true" };
	static const char *const off[] = { "off", "no", "0", "false" };

	for (int i = 0; arg && i < 4; i++) {
		if (!strcasecmp(arg, on[i]))
			return *v = 1, 0;
		if (!strcasecmp(arg, off[i]))
			return *v = 0, 0;
	}
	fprintf(stderr, "analyze: usage: %s on|off\n", cmd);
	return -1;
}

/* Print the names of tables and views in columns, as the sqlite3 shell. */
static int tables(struct session *s, const char *pattern)
{
	sqlite3_stmt *st;
	char **names = NULL;
	size_t n = 0, width = 0, cols, rows;
	int rc;

	if (sqlite3_prepare_v2(s->db, "SELECT name FROM sqlite_schema"
			       " WHERE type IN ('table', 'view')"
			       " AND name NOT LIKE 'sqlite_%' AND name LIKE"
			       " coalesce(?1, '%') ORDER BY name", -1, &st, NULL))
		goto out_sql;
	sqlite3_bind_text(st, 1, pattern, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char **v = realloc(names, (n + 1) * sizeof(*v));
		const char *name = (const char *)sqlite3_column_text(st, 0);

		if (!v || !(v[n] = strdup(name ? name : ""))) {
			names = v ? v : names;
			rc = SQLITE_NOMEM;
			break;
		}
		names = v;
		if (escape__width(names[n], strlen(names[n])) > width)
			width = escape__width(names[n], strlen(names[n]));
		n++;
	}
	sqlite3_finalize(st);
	cols = 80 / (width + 2) ? 80 / (width + 2) : 1;
	rows = (n + cols - 1) / cols;
	for (size_t r = 0; rc == SQLITE_DONE && r < rows; r++) {
		for (size_t i = r; i < n; i += rows) {
			size_t w = escape__width(names[i], strlen(names[i]));

			escape__fput(s->out, names[i], strlen(names[i]), ESC_TEXT);
			if (i + rows < n)
				fprintf(s->out, "%*s", (int)(width + 2 - w), "");
		}
		fputc('\n', s->out);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (rc == SQLITE_DONE)
		return SESSION_OK;
out_sql:
	fprintf(stderr, "analyze: SQL error: %s\n", sqlite3_errmsg(s->db));
	return SESSION_ERROR;
}

/* The stored CREATE statements, in the order SQLite keeps them. */
static int schema(struct session *s, const char *pattern)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, "SELECT sql FROM sqlite_schema"
			       " WHERE sql IS NOT NULL"
			       " AND name NOT LIKE 'sqlite_%' AND (?1 IS NULL"
			       " OR name LIKE ?1 OR tbl_name LIKE ?1)"
			       " ORDER BY rowid", -1, &st, NULL)) {
		fprintf(stderr, "analyze: SQL error: %s\n", sqlite3_errmsg(s->db));
		return SESSION_ERROR;
	}
	sqlite3_bind_text(st, 1, pattern, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		escape__fput(s->out, (const char *)sqlite3_column_text(st, 0),
			     (size_t)sqlite3_column_bytes(st, 0), ESC_CSV);
		fputs(";\n", s->out);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "analyze: SQL error: %s\n", sqlite3_errmsg(s->db));
		return SESSION_ERROR;
	}
	return SESSION_OK;
}

static int mode(struct session *s, const char *arg)
{
	static const char *const names[] = {
		[OUT_TABLE] = "table", [OUT_CSV] = "csv", [OUT_JSON] = "json",
		[OUT_TSV] = "tsv", [OUT_LINE] = "line",
	};

	if (!arg) {
		fprintf(s->out, "current output mode: %s\n", names[s->fmt]);
		return SESSION_OK;
	}
	if (!strcmp(arg, "tabs"))	/* the sqlite3 shell's name for it */
		arg = "tsv";
	if (results__parse_format(arg, &s->fmt)) {
		fprintf(stderr, "analyze: unknown mode '%s' (use table, csv, json, tsv or line)\n",
			arg);
		return SESSION_ERROR;
	}
	return SESSION_OK;
}

static int read_file(struct session *s, const char *path)
{
	int interactive = s->interactive, err;
	FILE *f;

	if (s->depth >= MAX_DEPTH) {
		fprintf(stderr, "analyze: .read nested more than %d deep\n",
			MAX_DEPTH);
		return SESSION_ERROR;
	}
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "analyze: cannot open '%s': %s\n", path,
			strerror(errno));
		return SESSION_ERROR;
	}
	/*
	 * The file is a script of its own: its first error ends it. A
	 * dot-command only comes where a statement would start, so the
	 * statement buffer is empty and the file can use it.
	 */
	s->interactive = 0;
	s->depth++;
	err = session__feed(s, f);
	s->depth--;
	s->interactive = interactive;
	fclose(f);
	return err == SESSION_QUIT ? SESSION_OK : err;
}

/* Whether argc is within lo..hi; else a usage line. */
static int nargs(int argc, int lo, int hi, const char *usage)
{
	if (argc >= lo && argc <= hi)
		return 1;
	fprintf(stderr, "analyze: usage: %s\n", usage);
	return 0;
}

int dotcmd__run(struct session *s, char *line)
{
	char *argv[MAX_ARGS];
	int argc = split(line, argv);
	const char *cmd;

	if (argc <= 0)
		return argc ? SESSION_ERROR : SESSION_OK;
	cmd = argv[0];
	if (!strcmp(cmd, ".quit") || !strcmp(cmd, ".exit"))
		return SESSION_QUIT;
	if (!strcmp(cmd, ".help")) {
		fputs(help_text, s->out);
		return SESSION_OK;
	}
	if (!strcmp(cmd, ".tables"))
		return nargs(argc, 1, 2, ".tables [PATTERN]") ?
		       tables(s, argc > 1 ? argv[1] : NULL) : SESSION_ERROR;
	if (!strcmp(cmd, ".schema"))
		return nargs(argc, 1, 2, ".schema [PATTERN]") ?
		       schema(s, argc > 1 ? argv[1] : NULL) : SESSION_ERROR;
	if (!strcmp(cmd, ".mode"))
		return nargs(argc, 1, 2, ".mode table|csv|json|tsv|line") ?
		       mode(s, argc > 1 ? argv[1] : NULL) : SESSION_ERROR;
	if (!strcmp(cmd, ".headers") || !strcmp(cmd, ".header"))
		return parse_bool(".headers", argc == 2 ? argv[1] : NULL,
				  &s->headers) ? SESSION_ERROR : SESSION_OK;
	if (!strcmp(cmd, ".timer"))
		return parse_bool(".timer", argc == 2 ? argv[1] : NULL,
				  &s->timer) ? SESSION_ERROR : SESSION_OK;
	if (!strcmp(cmd, ".read"))
		return nargs(argc, 2, 2, ".read FILE") ?
		       read_file(s, argv[1]) : SESSION_ERROR;
	if (!strcmp(cmd, ".output"))
		return nargs(argc, 1, 2, ".output [FILE]") ?
		       session__output(s, argc > 1 ? argv[1] : NULL, 0) :
		       SESSION_ERROR;
	if (!strcmp(cmd, ".once"))
		return nargs(argc, 2, 2, ".once FILE") ?
		       session__output(s, argv[1], 1) : SESSION_ERROR;
	fprintf(stderr, "analyze: unknown command '%s' (.help lists them)\n", cmd);
	return SESSION_ERROR;
}
