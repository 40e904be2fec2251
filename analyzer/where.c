// SPDX-License-Identifier: MIT
/*
 * where.c - a --where predicate is one SQL expression, checked once.
 *
 * Two steps. A walk over the predicate's own tokens (strings, quoted
 * identifiers and comments skipped as SQLite's tokenizer skips them)
 * finds what SQLite cannot tell apart once the text sits inside a view's
 * parentheses: a ')' that would close the view's '(' (so "1) OR (1" is
 * refused, not run), a '(' never closed, a ';', and a string or comment
 * left open, which would swallow the view's ')'. Then SQLite compiles
 * the predicate inside the same wrapping the views use; an error it
 * reports at the wrapping's own ')' means the expression ended too early
 * ("pid ="), and is said so, instead of quoting a ')' the user never
 * typed. Any other error names a token of the user's text.
 */
#include <stdio.h>
#include <string.h>
#include <sqlite3.h>
#include "where.h"

#define PREFIX	"SELECT 1 FROM events WHERE ("

/* One line about pred; -1. */
static int bad(const char *pred, const char *why)
{
	fprintf(stderr, "analyze: bad --where '%s': %s\n", pred, why);
	return -1;
}

/* The end of the quoted token that opens at s (closing quote q), or NULL. */
static const char *skip_quoted(const char *s, char q)
{
	const char *e = strchr(s + 1, q);

	return e ? e + 1 : NULL;
}

/* The token walk (see the top of this file). Returns 0 or -1. */
static int walk(const char *pred)
{
	const char *s = pred;
	int depth = 0;

	while (*s) {
		const char *e = s + 1;

		switch (*s) {
		case '\'': case '"': case '`':
			e = skip_quoted(s, *s);
			if (!e)
				return bad(pred, *s == '\'' ? "unterminated string" :
					   "unterminated quoted name");
			break;
		case '[':
			e = skip_quoted(s, ']');
			if (!e)
				return bad(pred, "unterminated [name]");
			break;
		case '-':
			if (s[1] != '-')
				break;
			e = strchr(s, '\n');
			if (!e)
				return bad(pred, "a '--' comment with no newline after it");
			break;
		case '/':
			if (s[1] != '*')
				break;
			e = strstr(s + 2, "*/");
			if (!e)
				return bad(pred, "unterminated /* comment");
			e += 2;
			break;
		case '(':
			depth++;
			break;
		case ')':
			if (--depth < 0)
				return bad(pred, "')' without a '(' before it");
			break;
		case ';':
			return bad(pred, "one expression, not several statements: no ';'");
		}
		s = e;
	}
	if (depth)
		return bad(pred, "'(' never closed");
	if (strspn(pred, " \t\r\n") == strlen(pred))
		return bad(pred, "empty expression");
	return 0;
}

int where__check(struct sqlite3 *db, const char *pred)
{
	const char *tail = NULL;
	sqlite3_stmt *st = NULL;
	int rc, at, err = 0;
	char *sql;

	if (walk(pred))
		return -1;
	sql = sqlite3_mprintf(PREFIX "%s)", pred);
	if (!sql) {
		fprintf(stderr, "analyze: out of memory\n");
		return -1;
	}
	rc = sqlite3_prepare_v2(db, sql, -1, &st, &tail);
	if (rc != SQLITE_OK) {
		at = sqlite3_error_offset(db);
		err = at >= (int)(strlen(PREFIX) + strlen(pred)) ?
		      bad(pred, "the expression ends too early") :
		      bad(pred, sqlite3_errmsg(db));
	} else if (tail && tail[strspn(tail, " \t\r\n")]) {
		err = bad(pred, "text after the expression");
	}
	sqlite3_finalize(st);
	sqlite3_free(sql);
	return err;
}
