// SPDX-License-Identifier: MIT
/*
 * shell.c - user SQL: one --sql query, a script on stdin, or the prompt.
 *
 * The statements themselves run in analyzer/session.c. Here, on a
 * terminal, lines come from libedit (BSD licensed; GNU readline's GPL does
 * not fit ours): line editing, the arrow keys, and a history file. As in
 * the sqlite3 shell, SIGINT calls sqlite3_interrupt(), so Ctrl-C stops the
 * running statement and the session goes on; at the prompt it drops the
 * line being typed. Ctrl-D on an empty line ends the session.
 *
 * libedit's own signal handling (EL_SIGNAL) is left off: it re-sends each
 * signal to the whole process group. Without it, a SIGINT during el_gets()
 * makes the read fail with EINTR (the handler is installed without
 * SA_RESTART), and el_gets() gives the terminal back in cooked mode; each
 * el_gets() reads the window size again.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <histedit.h>
#include <sqlite3.h>
#include "session.h"
#include "shell.h"

#define HISTORY_LINES	2000

static volatile sig_atomic_t interrupted;
static struct sqlite3 *volatile interrupt_db;

int shell__run(struct sqlite3 *db, const char *sql, enum out_format fmt,
	       FILE *out)
{
	struct session s;
	int err;

	session__init(&s, db, fmt);
	s.out = out;
	err = session__exec(&s, sql);
	s.out = stdout;
	session__close(&s);
	return err ? -1 : 0;
}

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
	if (interrupt_db)
		sqlite3_interrupt(interrupt_db);
}

static const char *prompt(EditLine *el)
{
	struct session *s = NULL;

	el_get(el, EL_CLIENTDATA, &s);
	return s && s->len ? "   ...> " : "analyze> ";
}

/* $KTRAIL_HISTORY, else ~/.ktrail_history; NULL when neither. */
static char *history_path(void)
{
	const char *env = getenv("KTRAIL_HISTORY"), *home = getenv("HOME");
	char *p = NULL;

	if (env)
		return *env ? strdup(env) : NULL;
	if (home && *home && asprintf(&p, "%s/.ktrail_history", home) < 0)
		p = NULL;
	return p;
}

/*
 * Save the history; the file is created 0600 first, as queries over a
 * trace may name what a machine did.
 */
static void history_save(History *h, const char *path)
{
	HistEvent ev;
	int fd;

	if (!path)
		return;
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd >= 0)
		close(fd);
	if (history(h, &ev, H_SAVE, path) < 0)
		fprintf(stderr, "analyze: cannot save the history to '%s'\n",
			path);
}

/* The prompt loop; returns 0. */
static int interactive(struct session *s)
{
	EditLine *el = el_init("analyze", stdin, stdout, stderr);
	History *h = history_init();
	char *hpath = history_path();
	struct sigaction sa = { .sa_handler = on_sigint }, old;
	HistEvent ev;

	if (!el || !h) {
		fprintf(stderr, "analyze: cannot start line editing\n");
		goto out_free;
	}
	history(h, &ev, H_SETSIZE, HISTORY_LINES);
	history(h, &ev, H_SETUNIQUE, 1);
	if (hpath)
		history(h, &ev, H_LOAD, hpath);	/* none yet is fine */
	el_set(el, EL_EDITOR, "emacs");
	el_set(el, EL_HIST, history, h);
	el_set(el, EL_PROMPT, prompt);
	el_set(el, EL_CLIENTDATA, s);
	el_source(el, NULL);			/* ~/.editrc, as any libedit tool */

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old);
	interrupt_db = s->db;
	fputs("analyze: SQL over the trace; .help for help, Ctrl-D to leave\n",
	      stderr);
	for (;;) {
		const char *line;
		int n = 0;

		interrupted = 0;
		line = el_gets(el, &n);
		if (interrupted) {
			/* Ctrl-C at the prompt: drop what was typed */
			fputc('\n', stdout);
			session__discard(s);
			continue;
		}
		if (!line || n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			break;			/* Ctrl-D */
		}
		if (line[strspn(line, " \t\r\n")])
			history(h, &ev, H_ENTER, line);
		if (session__line(s, line) == SESSION_QUIT)
			break;
	}
	fputc('\n', stdout);
	interrupt_db = NULL;
	sigaction(SIGINT, &old, NULL);
	history_save(h, hpath);
out_free:
	if (el)
		el_end(el);
	if (h)
		history_end(h);
	free(hpath);
	return 0;
}

int shell__stdin(struct sqlite3 *db, enum out_format fmt)
{
	struct session s;
	int err;

	session__init(&s, db, fmt);
	if (isatty(0)) {
		s.interactive = 1;
		err = interactive(&s);
	} else {
		err = session__feed(&s, stdin);
		err = err == SESSION_QUIT ? SESSION_OK : err;
	}
	session__close(&s);
	return err ? -1 : 0;
}
