// SPDX-License-Identifier: MIT
/*
 * session.c - lines in, statements run, results out.
 *
 * User SQL goes through the prepare-tail loop of the sqlite3 shell's
 * shell_exec(): sqlite3_prepare_v2() compiles the first statement of the
 * text and points at the rest; a NULL statement (a comment, blanks) is
 * skipped; the first error ends the run with a single message. Lines are
 * collected until sqlite3_complete() says a statement is whole, so a
 * script can be piped in and a terminal user gets each result as soon as
 * the ';' is typed. A line that starts with '.' where a statement would
 * start is a dot-command (analyzer/dotcmd.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <sqlite3.h>
#include "dotcmd.h"
#include "session.h"

void session__init(struct session *s, struct sqlite3 *db, enum out_format fmt)
{
	memset(s, 0, sizeof(*s));
	s->db = db;
	s->fmt = fmt;
	s->headers = 1;
	s->out = stdout;
}

/* Wall, user and system time now, in seconds. */
static void times_now(double t[3])
{
	struct timespec ts;
	struct rusage ru;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	getrusage(RUSAGE_SELF, &ru);
	t[0] = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	t[1] = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6;
	t[2] = (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/* One statement, its rows printed; returns SESSION_OK or SESSION_ERROR. */
static int exec_one(struct session *s, sqlite3_stmt *st)
{
	double t0[3], t1[3];
	int rc;

	if (s->timer)
		times_now(t0);
	rc = results__rows(st, s->fmt, s->headers, s->out);
	fflush(s->out);
	if (s->timer) {
		times_now(t1);
		/* the sqlite3 shell's .timer line */
		printf("Run Time: real %.3f user %f sys %f\n", t1[0] - t0[0],
		       t1[1] - t0[1], t1[2] - t0[2]);
		fflush(stdout);
	}
	return rc == SQLITE_DONE ? SESSION_OK : SESSION_ERROR;
}

int session__exec(struct session *s, const char *sql)
{
	const char *tail = sql;
	int err = SESSION_OK;

	while (tail && *tail && !err) {
		sqlite3_stmt *st = NULL;

		if (sqlite3_prepare_v2(s->db, tail, -1, &st, &tail) != SQLITE_OK) {
			err = SESSION_ERROR;
			break;
		}
		if (!st)
			continue;	/* comment or blanks */
		err = exec_one(s, st);
		sqlite3_finalize(st);
	}
	if (err)
		fprintf(stderr, "analyze: SQL error: %s\n", sqlite3_errmsg(s->db));
	return err;
}

void session__discard(struct session *s)
{
	s->len = 0;
}

/* Append line (n bytes) and a newline to the statement buffer. */
static int collect(struct session *s, const char *line, size_t n)
{
	if (s->len + n + 2 > s->cap) {
		size_t cap = (s->len + n + 2) * 2;
		char *b = realloc(s->buf, cap);

		if (!b) {
			fprintf(stderr, "analyze: out of memory\n");
			return SESSION_ERROR;
		}
		s->buf = b;
		s->cap = cap;
	}
	memcpy(s->buf + s->len, line, n);
	s->len += n;
	s->buf[s->len++] = '\n';
	s->buf[s->len] = 0;
	return SESSION_OK;
}

/* The collected statement, then .once's file closed. */
static int run_collected(struct session *s)
{
	int err = session__exec(s, s->buf);

	s->len = 0;
	if (s->once)
		session__output(s, NULL, 0);
	return err;
}

int session__line(struct session *s, const char *line)
{
	size_t n = strcspn(line, "\n");
	int err;

	if (!s->len) {
		size_t lead = strspn(line, " \t");

		if (line[lead] == '.') {
			char *cmd = strndup(line + lead, n - lead);

			if (!cmd) {
				fprintf(stderr, "analyze: out of memory\n");
				return SESSION_ERROR;
			}
			err = dotcmd__run(s, cmd);
			free(cmd);
			return err;
		}
		if (lead == n || line[lead] == '\r')
			return SESSION_OK;	/* a blank line */
	}
	if (collect(s, line, n))
		return SESSION_ERROR;
	if (!sqlite3_complete(s->buf))
		return SESSION_OK;
	return run_collected(s);
}

int session__feed(struct session *s, FILE *in)
{
	char *line = NULL;
	size_t cap = 0;
	int err = SESSION_OK;

	while (getline(&line, &cap, in) >= 0) {
		err = session__line(s, line);
		if (err == SESSION_QUIT || (err && !s->interactive))
			break;
		err = SESSION_OK;
	}
	free(line);
	/* a script may end without its last ';' */
	if (!err && s->len && strspn(s->buf, " \t\r\n") < s->len)
		err = run_collected(s);
	s->len = 0;
	return err;
}

int session__output(struct session *s, const char *path, int once)
{
	FILE *f = stdout;

	if (path && strcmp(path, "stdout")) {
		f = path[0] == '|' ? popen(path + 1, "w") : fopen(path, "w");
		if (!f) {
			fprintf(stderr, "analyze: cannot open '%s': %s\n", path,
				strerror(errno));
			return SESSION_ERROR;
		}
	}
	if (s->out != stdout) {
		if (s->out_pipe)
			pclose(s->out);
		else if (fclose(s->out))
			fprintf(stderr, "analyze: cannot write the output: %s\n",
				strerror(errno));
	}
	fflush(stdout);
	s->out = f;
	s->out_pipe = f != stdout && path[0] == '|';
	s->once = once && f != stdout;
	return SESSION_OK;
}

void session__close(struct session *s)
{
	session__output(s, NULL, 0);
	free(s->buf);
	s->buf = NULL;
	s->len = s->cap = 0;
}
