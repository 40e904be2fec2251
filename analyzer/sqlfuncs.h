/* SPDX-License-Identifier: MIT */
/*
 * sqlfuncs.h - the SQL functions analyze adds to SQLite: percentile(),
 * median(), errno_name(), fmt_ns() and folded(). Their definitions are at
 * the top of analyzer/sqlfuncs.c.
 */
#ifndef ANALYZE_SQLFUNCS_H
#define ANALYZE_SQLFUNCS_H

#include <stddef.h>
#include <stdint.h>

struct sqlite3;
struct sqlfuncs;

/*
 * Register every function on db. Returns the state they share (caches of
 * answers), to free with sqlfuncs__free() once no more queries run; NULL
 * after printing an error.
 */
struct sqlfuncs *sqlfuncs__register(struct sqlite3 *db);

/* Free the caches. NULL is a no-op. */
void sqlfuncs__free(struct sqlfuncs *f);

/*
 * Register every function on db, without a word on stderr. When owned,
 * the state belongs to db (freed when it closes or the functions are
 * replaced: the extension's case); else it is stored in *out for
 * sqlfuncs__free(). Returns SQLITE_OK or an SQLite error code (the
 * message in sqlite3_errmsg(db), or SQLITE_NOMEM).
 */
int sqlfuncs__add(struct sqlite3 *db, int owned, struct sqlfuncs **out);

/*
 * fmt_ns() for C callers: ns as "250ns", "42.0us", "1.50ms" or "2.50s"
 * into buf. Returns buf.
 */
char *sqlfuncs__fmt_ns(double ns, char *buf, size_t size);

/*
 * a + t * (b - a) for t in [0, 1], without the overflow of b - a when a
 * and b are finite but far apart (-1e308 and 1e308): the interpolation
 * percentile() uses between two neighbouring ranks.
 */
double sqlfuncs__lerp(double a, double b, double t);

#endif /* ANALYZE_SQLFUNCS_H */
