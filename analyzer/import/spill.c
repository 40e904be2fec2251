// SPDX-License-Identifier: MIT
/*
 * spill.c - the temporary directory of SQLite, named when it fills.
 *
 * SQLite's unix VFS takes the first usable directory of SQLITE_TMPDIR,
 * TMPDIR, /var/tmp, /usr/tmp, /tmp and "." (unixTempFileDir() in
 * sqlite/sqlite: src/os_unix.c) for the files it spills to. analyze picks
 * the same way and hands the result to SQLite (sqlite3_temp_directory),
 * so the directory it names is the one that filled. SQLITE_FULL is heard
 * through SQLite's error log (SQLITE_CONFIG_LOG), whichever statement of
 * the import or the query ran into it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sqlite3.h>
#include "spill.h"

static const char *tmp_dir = ".";
static int disk_full;

static void on_log(void *arg, int code, const char *msg)
{
	(void)arg;
	(void)msg;
	if ((code & 0xff) == SQLITE_FULL)
		disk_full = 1;
}

/* A directory SQLite can create files in. */
static int usable(const char *dir)
{
	struct stat st;

	return dir && *dir && !stat(dir, &st) && S_ISDIR(st.st_mode) &&
	       !access(dir, W_OK | X_OK);
}

void spill__setup(void)
{
	const char *cand[] = {
		getenv("SQLITE_TMPDIR"), getenv("TMPDIR"), "/var/tmp",
		"/usr/tmp", "/tmp",
	};

	for (size_t i = 0; i < sizeof(cand) / sizeof(cand[0]); i++)
		if (usable(cand[i])) {
			tmp_dir = cand[i];
			break;
		}
	sqlite3_config(SQLITE_CONFIG_LOG, on_log, NULL);
	/* the documented way to fix the directory for the whole process */
	sqlite3_temp_directory = sqlite3_mprintf("%s", tmp_dir);
}

int spill__explain(const char *db_path)
{
	if (!disk_full)
		return 0;
	if (db_path)
		fprintf(stderr, "analyze: no space left for '%s' or for temporary files in '%s' (set TMPDIR to a larger file system)\n",
			db_path, tmp_dir);
	else
		fprintf(stderr, "analyze: the temporary database filled '%s': use --db FILE on a larger file system, or set TMPDIR\n",
			tmp_dir);
	return 1;
}
