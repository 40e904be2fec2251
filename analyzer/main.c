// SPDX-License-Identifier: MIT
/*
 * main.c - analyze: import ktrail traces into SQLite and query them.
 *
 * Wires the steps together: options (analyzer/opts.c), every trace
 * through analyzer/import/ into one database (analyzer/import/db.c), with
 * a progress line on a terminal (analyzer/progress.c), the
 * SQL functions (analyzer/sqlfuncs.c), then the exports
 * (analyzer/export.c, analyzer/flamegraph.c), a query (analyzer/shell.c)
 * or the summary report (analyzer/report.c). A --where predicate is
 * checked once (analyzer/where.c) before any of them pastes it into SQL.
 * It also picks the exit status:
 * 0 success (a truncated trace only warns), 1 bad input, a corrupt trace
 * or an SQL error, 2 a usage error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>
#include "export.h"
#include "flamegraph.h"
#include "strace.h"
#include "opts.h"
#include "outfile.h"
#include "progress.h"
#include "report.h"
#include "shell.h"
#include "sqlfuncs.h"
#include "where.h"
#include "analyzer/import/db.h"
#include "analyzer/import/import.h"
#include "analyzer/import/spill.h"

enum { EXIT_OK = 0, EXIT_BAD = 1, EXIT_USAGE = 2 };

/* Import every trace. Returns the exit status so far, or -1 to stop. */
static int import_all(struct sqlite3 *db, const struct analyze_opts *o)
{
	int status = EXIT_OK, err;

	for (int i = 0; i < o->ntraces; i++) {
		switch (import__file(db, o->traces[i], i + 1)) {
		case IMPORT_OK:
		case IMPORT_TRUNCATED:
			break;
		case IMPORT_PARTIAL:
			status = EXIT_BAD;
			break;
		case IMPORT_FAILED:
			return -1;
		}
	}
	/* indexes pay off for a kept database or a session of queries */
	if (o->db_path || o->sql_stdin) {
		progress__note("creating indexes");
		err = db__finish(db);
		progress__note(NULL);
		if (err)
			return -1;
	}
	if (db__for_queries(db))
		return -1;
	return status;
}

/*
 * The exports, then the query, the script from stdin, or (when none of
 * these was asked for) the report. Returns 0 or -1.
 */
static int run(struct sqlite3 *db, const struct analyze_opts *o)
{
	if (o->export_path && export__perfetto(db, o->where, o->export_path))
		return -1;
	if (o->svg_path && flamegraph__write(db, &o->fg, o->svg_path))
		return -1;
	if (o->strace && strace__print(db, o->where, stdout))
		return -1;
	if (o->sql)
		return shell__run(db, o->sql, o->fmt, stdout);
	if (o->sql_stdin)
		return shell__stdin(db, o->fmt);
	if (o->export_path || o->svg_path || o->strace)
		return 0;
	struct report_opts ro = { .where = o->where, .hist = o->hist,
				  .nhist = o->nhist };

	return report__print(db, &ro, stdout);
}

int main(int argc, char **argv)
{
	struct analyze_opts o;
	struct sqlfuncs *funcs = NULL;
	struct outfile dbout = { .fd = -1, .lockfd = -1 };
	struct sqlite3 *db = NULL;
	int imported = 0, status = EXIT_BAD;
	int ret = opts__parse(&o, argc, argv);

	if (ret) {
		status = ret > 0 ? EXIT_OK : ret == -1 ? EXIT_USAGE : EXIT_BAD;
		goto cleanup;
	}
	if (!isatty(1))
		setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	progress__enable(!o.quiet && isatty(2));
	db = db__open(o.db_path, o.ntraces > 0, &dbout);
	if (!db)
		goto cleanup;
	funcs = sqlfuncs__register(db);
	if (!funcs || (o.ntraces && db__create_schema(db)))
		goto cleanup;
	/* a bad predicate fails before a long import, once for every view */
	if (o.where && where__check(db, o.where))
		goto cleanup;
	if (o.ntraces) {
		status = import_all(db, &o);
		if (status < 0) {
			status = EXIT_BAD;
			goto cleanup;
		}
		imported = 1;
	} else {
		status = EXIT_OK;
	}
	if (run(db, &o))
		status = EXIT_BAD;
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "analyze: cannot write the output: %s\n",
			strerror(errno));
		status = EXIT_BAD;
	}
cleanup:
	if (status != EXIT_OK)
		spill__explain(o.db_path);
	sqlfuncs__free(funcs);
	db__close(db);
	/* a --db file is put in place once whole, even after a query failed */
	if (imported && dbout.tmp && outfile__commit(&dbout))
		status = EXIT_BAD;
	outfile__discard(&dbout);
	opts__free(&o);
	return status;
}
