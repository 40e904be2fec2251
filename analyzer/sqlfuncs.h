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
 * Register every function on db. Returns the state they share (statements
 * prepared on first use), to free with sqlfuncs__free() before db is
 * closed; NULL after printing an error.
 */
struct sqlfuncs *sqlfuncs__register(struct sqlite3 *db);

/* Finalize the statements. NULL is a no-op. */
void sqlfuncs__free(struct sqlfuncs *f);

/*
 * fmt_ns() for C callers: ns as "250ns", "42.0us", "1.50ms" or "2.50s"
 * into buf. Returns buf.
 */
char *sqlfuncs__fmt_ns(double ns, char *buf, size_t size);

#endif /* ANALYZE_SQLFUNCS_H */
