/* SPDX-License-Identifier: MIT */
/*
 * where.h - the one check of a --where predicate, for every view.
 *
 * --strace, --export, --flamegraph and the report each paste the
 * predicate into their own query as "... WHERE (PREDICATE) ...". That is
 * only safe, and only gives every view the same answer, when the text is
 * one SQL expression: no ';', no second statement, no ')' closing the
 * view's parenthesis. analyze checks it once, before any view runs.
 */
#ifndef ANALYZE_WHERE_H
#define ANALYZE_WHERE_H

struct sqlite3;

/*
 * Check that pred is a single SQL expression over the events view of db:
 * balanced parentheses of its own, no ';', nothing left after it, and
 * SQLite compiles "SELECT 1 FROM events WHERE (pred)". Returns 0, or -1
 * after printing one line that quotes pred as the user typed it (never a
 * token of the wrapping query).
 */
int where__check(struct sqlite3 *db, const char *pred);

#endif /* ANALYZE_WHERE_H */
