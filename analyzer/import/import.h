/* SPDX-License-Identifier: MIT */
/*
 * import.h - one trace file into the database.
 *
 * The middle of `analyze`: analyzer/import/reader.c hands over decompressed
 * batches, this walks their records with the codec, checks them against
 * schema/FORMAT.md section 3, and writes rows through analyzer/import/rows.c, one
 * transaction per trace. It prints the one error or warning line a bad
 * trace deserves and tells main how bad it was.
 */
#ifndef ANALYZE_IMPORT_H
#define ANALYZE_IMPORT_H

struct sqlite3;

enum import_result {
	IMPORT_OK = 0,		/* complete trace */
	IMPORT_TRUNCATED,	/* warned "truncated"; everything intact is in */
	IMPORT_PARTIAL,		/* a later frame was corrupt: error, rows kept */
	IMPORT_FAILED,		/* not a trace, wrong version, first frame bad,
				 * cannot open, or the database failed */
};

/*
 * Import the trace at path ("-" for stdin) as trace_id tid into db, whose
 * schema exists. Prints at most one line on stderr, naming the file.
 */
enum import_result import__file(struct sqlite3 *db, const char *path, int tid);

#endif /* ANALYZE_IMPORT_H */
