/* SPDX-License-Identifier: MIT */
/*
 * db.h - the SQLite database the traces are imported into.
 *
 * Opens a private temporary database or the --db file, creates the schema
 * of schema/trace.sql, sets the import-time pragmas, and after the import
 * completes the indexes and statistics. Registration of the SQL functions
 * is analyzer/sqlfuncs.c's job.
 */
#ifndef ANALYZE_DB_H
#define ANALYZE_DB_H

struct sqlite3;
struct outfile;

/*
 * Open the database: path NULL is a temporary on-disk database (held in
 * the page cache until it outgrows it, deleted at close); a path is
 * opened as it is unless create is set. With create, the database is
 * built in a new 0600 file beside path (analyzer/outfile.c, out), which
 * outfile__commit(out) puts in place once db__close() has run; an
 * existing file at path is replaced only when it is empty or a database
 * analyze made, and no other analyze is writing it. Prints one error
 * line and returns NULL on failure (out is to be discarded then).
 */
struct sqlite3 *db__open(const char *path, int create, struct outfile *out);

/*
 * Create the tables and views of trace.sql, and for a database in a file
 * the indexes of event_rows too, which the import then keeps up to date.
 */
int db__create_schema(struct sqlite3 *db);

/*
 * Stop keeping index up to date during the import (drop it if it exists);
 * db__finish() builds it. For an index whose rows go to many places at
 * once: sorting them all afterwards is then cheaper.
 */
int db__index_later(struct sqlite3 *db, const char *index);

/*
 * After the import: the indexes of event_rows if they are missing, the
 * other indexes and the statistics (trace.sql from "-- @indexes" on).
 */
int db__finish(struct sqlite3 *db);

/*
 * After the import of traces into a temporary database: a smaller page
 * cache, as the queries' sorts take as much again (see db.c).
 */
int db__for_queries(struct sqlite3 *db);

/*
 * Run SQL with sqlite3_exec(); on failure print "analyze: SQL error: ..."
 * and return -1.
 */
int db__exec(struct sqlite3 *db, const char *sql);

/* Close; NULL is a no-op. */
void db__close(struct sqlite3 *db);

#endif /* ANALYZE_DB_H */
