/* SPDX-License-Identifier: MIT */
/*
 * session.h - the state of a stream of SQL statements and dot-commands.
 *
 * The prompt (analyzer/shell.c), a script on stdin and a `.read FILE` all
 * feed lines into one session: a line starting with '.' at the start of a
 * statement is a dot-command (analyzer/dotcmd.c), anything else collects
 * into a statement that runs once sqlite3_complete() says it is whole.
 * The session holds what the dot-commands set: output mode, headers,
 * timer, and where the results go.
 */
#ifndef ANALYZE_SESSION_H
#define ANALYZE_SESSION_H

#include <stddef.h>
#include <stdio.h>
#include "results.h"

struct sqlite3;

struct session {
	struct sqlite3 *db;
	enum out_format fmt;	/* .mode */
	int headers;		/* .headers: print the header line */
	int timer;		/* .timer: a "Run Time:" line per statement */
	int interactive;	/* a terminal: an error does not end a script */
	FILE *out;		/* results: stdout, or a .output/.once file */
	int out_pipe;		/* out was opened by popen() */
	int once;		/* back to stdout after the next statement */
	int depth;		/* .read nesting */
	char *buf;		/* the statement being collected */
	size_t len, cap;	/* its length and allocated size */
};

/* Results of session__line() and the dot-commands. */
enum { SESSION_OK = 0, SESSION_ERROR = -1, SESSION_QUIT = 1 };

/*
 * A session on db printing in fmt with headers, results to stdout. Free
 * with session__close().
 */
void session__init(struct session *s, struct sqlite3 *db, enum out_format fmt);

/*
 * Run every statement of sql in order, each result printed to s->out
 * (then a timer line when .timer is on). Stops at the first error with one
 * line "analyze: SQL error: MESSAGE" on stderr. Returns SESSION_OK or
 * SESSION_ERROR.
 */
int session__exec(struct session *s, const char *sql);

/*
 * Take one line of input (with or without its newline): a dot-command,
 * or more of the statement being collected, which runs once complete.
 * Returns SESSION_OK, SESSION_ERROR (one line on stderr) or SESSION_QUIT.
 */
int session__line(struct session *s, const char *line);

/*
 * Take every line of in, then run a last statement left without its ';'.
 * Stops at .quit (returning SESSION_QUIT) and, unless s->interactive, at
 * the first error (SESSION_ERROR).
 */
int session__feed(struct session *s, FILE *in);

/* Forget the statement being collected (Ctrl-C at the prompt). */
void session__discard(struct session *s);

/*
 * Send results to path from now on (once: for the next statement only);
 * NULL or "stdout" means stdout, "|CMD" a pipe into CMD. Returns
 * SESSION_OK or SESSION_ERROR after one line on stderr.
 */
int session__output(struct session *s, const char *path, int once);

/* Close a .output file and free the buffer. */
void session__close(struct session *s);

#endif /* ANALYZE_SESSION_H */
