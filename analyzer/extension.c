// SPDX-License-Identifier: MIT
/*
 * extension.c - ktrail's SQL functions as a loadable SQLite extension.
 *
 * build/ktrail.so is this file and analyzer/sqlfuncs.c (built with
 * -DKTRAIL_EXTENSION), and needs neither libbpf nor analyze: the stock
 * sqlite3 shell, Python's sqlite3 or Datasette load it to query a
 * `analyze --db` file with percentile(), median(), errno_name(), fmt_ns()
 * and folded():
 *
 *     sqlite> .load /usr/local/lib/ktrail/ktrail
 *     conn.enable_load_extension(True); conn.load_extension("ktrail.so")
 *
 * SQLite derives the entry point from the file name ("ktrail" gives
 * sqlite3_ktrail_init), the only symbol the library exports.
 */
#include <sqlite3ext.h>
#include "sqlfuncs.h"

SQLITE_EXTENSION_INIT1

/*
 * The entry point SQLite calls on load. Registers the functions on db;
 * their state is freed when db closes. Returns SQLITE_OK, or an error code
 * with *errmsg set (sqlite3_malloc'ed, freed by SQLite).
 */
__attribute__((visibility("default")))
int sqlite3_ktrail_init(sqlite3 *db, char **errmsg,
			const sqlite3_api_routines *api)
{
	int rc;

	SQLITE_EXTENSION_INIT2(api);
	rc = sqlfuncs__add(db, 1, NULL);
	if (rc && errmsg)
		*errmsg = sqlite3_mprintf("ktrail: cannot register the SQL functions: %s",
					  sqlite3_errstr(rc));
	return rc;
}
