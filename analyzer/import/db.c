// SPDX-License-Identifier: MIT
/*
 * db.c - opening the database and running schema/trace.sql.
 *
 * The import writes hundreds of megabytes in one go into a database nobody
 * else is reading, so it runs without a rollback journal and without fsync
 * (journal_mode OFF, synchronous OFF, exclusive locking): a crash leaves a
 * useless file, which the next run replaces anyway. The page cache is
 * bounded (cache_size), so a --db file import uses bounded memory; without
 * --db the temporary database spills to a file the same way.
 *
 * trace.sql comes in three parts (see its top): the tables, the indexes of
 * event_rows, and what runs after the import. A --db file gets the indexes
 * with the tables, a temporary database only from db__finish().
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sqlite3.h>
#include "db.h"
#include "spill.h"
#include "analyzer/outfile.h"
#include "trace_sql.h"

#define INDEXES		"-- @indexes"
#define AFTER_IMPORT	"-- @after-import"

/*
 * 16 KiB pages: a scan of event_rows (the report, most queries) reads a
 * quarter as many pages, and the import writes a quarter as many, 10-15%
 * less time for both. Beyond that, an index kept up to date over thousands
 * of keys needs more pages than the cache holds (64 KiB: twice as slow).
 */
static const char import_pragmas[] =
	"PRAGMA page_size = 16384;"
	"PRAGMA journal_mode = OFF;"
	"PRAGMA synchronous = OFF;"
	"PRAGMA locking_mode = EXCLUSIVE;"
	"PRAGMA temp_store = FILE;";

/*
 * Page cache, in KiB. A --db file only needs room for the B-tree pages
 * being appended to: 16 MiB imports as fast as 128 MiB, also with four
 * indexes over thousands of keys, and the sorter that builds an index
 * after the import spills to temporary files past it. The temporary
 * database lives in its cache and spills to a file beyond it: 128 MiB
 * keeps the summary report of 20 M events under 256 MiB (175 MiB; 2 GiB
 * took 955 MiB) for about the same CPU time (11.3 s against 12.0).
 */
#define FILE_CACHE_KIB	"-16384"
#define TEMP_CACHE_KIB	"-131072"

/*
 * After the import, for the queries. SQLite's sorter (GROUP BY, ORDER BY,
 * DISTINCT) keeps up to cache_size bytes of rows in memory before it
 * spills (vdbesort.c, mxPmaSize), on top of the page cache itself: a
 * GROUP BY over 20 M events took 290 MiB with 128 MiB. Half of it keeps
 * cache and sorter together at the import's peak.
 */
#define QUERY_CACHE_KIB	"-65536"

int db__exec(struct sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	fprintf(stderr, "analyze: SQL error: %s\n",
		msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	return -1;
}

/*
 * Whether the regular file at path may be replaced by a new database:
 * empty, or a database analyze made (its traces and event_rows tables).
 * Anything else is someone's data: one line, -1.
 */
static int replaceable(const char *path)
{
	static const char sql[] =
		"SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
		" AND name IN ('traces', 'event_rows')";
	char head[16] = { 0 };
	sqlite3_stmt *st = NULL;
	sqlite3 *old = NULL;
	int fd, n, ours = 0;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "analyze: cannot read '%s': %s\n", path,
			strerror(errno));
		return -1;
	}
	n = (int)read(fd, head, sizeof(head));
	close(fd);
	if (n == 0)
		return 0;
	if (n != sizeof(head) || memcmp(head, "SQLite format 3", 16)) {
		fprintf(stderr, "analyze: '%s' exists and is not an SQLite database; not overwriting it\n",
			path);
		return -1;
	}
	if (sqlite3_open_v2(path, &old, SQLITE_OPEN_READONLY, NULL) ==
	    SQLITE_OK &&
	    sqlite3_prepare_v2(old, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		ours = sqlite3_column_int(st, 0) == 2;
	sqlite3_finalize(st);
	sqlite3_close(old);
	if (!ours) {
		fprintf(stderr, "analyze: '%s' is an SQLite database analyze did not make (no traces and event_rows tables); not overwriting it\n",
			path);
		return -1;
	}
	return 0;
}

struct sqlite3 *db__open(const char *path, int create, struct outfile *out)
{
	/*
	 * analyze has one thread: no mutexes around every SQLite call, no
	 * memory statistics (they take a global mutex per allocation).
	 */
	sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	spill__setup();
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
		    SQLITE_OPEN_NOMUTEX;
	const char *file = path;
	sqlite3 *db = NULL;

	out->tmp = NULL;
	out->fd = out->lockfd = -1;
	if (path && create) {
		if (outfile__open(out, path, OUTFILE_DB) ||
		    (out->existed && replaceable(path)))
			return NULL;
		/* SQLite opens the new file by name: its fd is not needed */
		close(out->fd);
		out->fd = -1;
		file = out->tmp;
	}
	if (path && !create)
		flags &= ~SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(file ? file : "", &db, flags, NULL) != SQLITE_OK) {
		fprintf(stderr, "analyze: cannot open database '%s': %s\n",
			path ? path : "(temporary)",
			db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_extended_result_codes(db, 1);
	if (create || !path) {
		if (db__exec(db, import_pragmas) ||
		    db__exec(db, path ? "PRAGMA cache_size = " FILE_CACHE_KIB :
			     "PRAGMA cache_size = " TEMP_CACHE_KIB)) {
			sqlite3_close(db);
			return NULL;
		}
	}
	return db;
}

/* Run the part of trace.sql from marker from (NULL: the start) to marker
 * to (NULL: the end). */
/* Run sql, made by sqlite3_mprintf() (NULL: out of memory), and free it. */
static int exec_owned(struct sqlite3 *db, char *sql)
{
	int err;

	if (!sql) {
		fprintf(stderr, "analyze: out of memory\n");
		return -1;
	}
	err = db__exec(db, sql);
	sqlite3_free(sql);
	return err;
}

static int exec_part(struct sqlite3 *db, const char *from, const char *to)
{
	const char *a = from ? strstr(trace_sql, from) : trace_sql;
	const char *b = to ? strstr(trace_sql, to) : NULL;

	if (!a)
		return 0;
	if (!b || b < a)
		b = a + strlen(a);
	return exec_owned(db, sqlite3_mprintf("%.*s", (int)(b - a), a));
}

int db__create_schema(struct sqlite3 *db)
{
	const char *file = sqlite3_db_filename(db, "main");

	if (exec_part(db, NULL, INDEXES))
		return -1;
	return file && *file ? exec_part(db, INDEXES, AFTER_IMPORT) : 0;
}

int db__index_later(struct sqlite3 *db, const char *index)
{
	return exec_owned(db, sqlite3_mprintf("DROP INDEX IF EXISTS \"%w\"",
					       index));
}

int db__finish(struct sqlite3 *db)
{
	return exec_part(db, INDEXES, NULL);
}

int db__for_queries(struct sqlite3 *db)
{
	const char *file = sqlite3_db_filename(db, "main");

	return file && *file ? 0 :
	       db__exec(db, "PRAGMA cache_size = " QUERY_CACHE_KIB);
}

void db__close(struct sqlite3 *db)
{
	sqlite3_close_v2(db);
}
