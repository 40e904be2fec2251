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

/*
 * Open the database: path NULL is a temporary on-disk database (held in
 * the page cache until it outgrows it, deleted at close); a path is
 * (re)created for writing when create is set, else opened as it is.
 * Refuses to overwrite a file that is neither empty nor an SQLite
 * database. Prints one error line and returns NULL on failure.
 */
struct sqlite3 *db__open(const char *path, int create);

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
 * Run SQL with sqlite3_exec(); on failure print "analyze: SQL error: ..."
 * and return -1.
 */
int db__exec(struct sqlite3 *db, const char *sql);

/* Close; NULL is a no-op. */
void db__close(struct sqlite3 *db);

#endif /* ANALYZE_DB_H */
