/* SPDX-License-Identifier: MIT */
/*
 * export.h - events as a Chrome/Perfetto trace-event JSON file, and the
 * output files of the exports.
 */
#ifndef ANALYZE_EXPORT_H
#define ANALYZE_EXPORT_H

#include <stdio.h>

struct sqlite3;

/*
 * Write the events matching where (an SQL expression over the events
 * view, or NULL for all) to path ("-": stdout) as trace-event JSON: one
 * complete event ("ph": "X") per call with a latency, a thread instant
 * per hit without one, a global instant per lost-events record, and
 * process and thread names. A bad predicate fails before path is created.
 * Returns 0, or -1 after printing one error line.
 */
int export__perfetto(struct sqlite3 *db, const char *where, const char *path);

/*
 * Open path for writing an export: stdout for "-". Returns the stream,
 * or NULL after printing "analyze: cannot create 'PATH': REASON".
 */
FILE *export__create(const char *path);

/*
 * Flush and close (for stdout: flush only) what export__create() opened.
 * Returns 0, or -1 after printing "analyze: cannot write 'PATH': REASON".
 */
int export__finish(FILE *f, const char *path);

#endif /* ANALYZE_EXPORT_H */
