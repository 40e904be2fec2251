/* SPDX-License-Identifier: MIT */
/*
 * export.h - events as a Chrome/Perfetto trace-event JSON file, and the
 * output files of the exports.
 */
#ifndef ANALYZE_EXPORT_H
#define ANALYZE_EXPORT_H

#include <stdio.h>
#include "outfile.h"

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
 * Open path for writing an export (analyzer/outfile.c: a new 0600 file
 * renamed in place at the end; stdout for "-"). Returns the stream, or
 * NULL after printing one error line.
 */
FILE *export__create(struct outfile *of, const char *path);

/*
 * Flush and close (for stdout: flush only) what export__create() opened,
 * then put the file in place, or remove it when err (the export failed)
 * is non-zero. Returns 0, or -1 (after printing a line unless err was
 * already set).
 */
int export__finish(FILE *f, struct outfile *of, int err);

#endif /* ANALYZE_EXPORT_H */
