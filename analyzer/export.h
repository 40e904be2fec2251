/* SPDX-License-Identifier: MIT */
/*
 * export.h - events as a Chrome/Perfetto trace-event JSON file.
 */
#ifndef ANALYZE_EXPORT_H
#define ANALYZE_EXPORT_H

struct sqlite3;

/*
 * Write the events matching where (an SQL expression over the events
 * view, or NULL for all) to path as trace-event JSON: one complete event
 * ("ph": "X") per call with a latency, an instant event per hit without
 * one, and process and thread names. Returns 0, or -1 after printing one
 * error line.
 */
int export__perfetto(struct sqlite3 *db, const char *where, const char *path);

#endif /* ANALYZE_EXPORT_H */
