/* SPDX-License-Identifier: MIT */
/*
 * spill.h - where SQLite's temporary files go, and saying so when full.
 *
 * Without --db the database is a temporary one that SQLite spills to an
 * unnamed file once it outgrows its page cache, and the sorts that build
 * indexes spill the same way. When that file system fills, SQLite only
 * says "database or disk is full"; analyze names the directory and what
 * to do about it.
 */
#ifndef ANALYZE_SPILL_H
#define ANALYZE_SPILL_H

/*
 * Before SQLite is initialized: pick the temporary directory as SQLite's
 * unix VFS would (SQLITE_TMPDIR, TMPDIR, /var/tmp, /usr/tmp, /tmp, .),
 * make SQLite use exactly that one, and listen for "disk full" in
 * SQLite's error log.
 */
void spill__setup(void);

/*
 * After a failure: if SQLite ran out of disk space, print one line naming
 * the temporary directory, suggesting --db (when db_path is NULL) or
 * TMPDIR. Returns whether it did.
 */
int spill__explain(const char *db_path);

#endif /* ANALYZE_SPILL_H */
