/* SPDX-License-Identifier: MIT */
/*
 * keys.h - the keys of event_rows' indexes, counted during an import.
 *
 * Per trace: how many rows each pid, (pid, probe) pair and stack id has,
 * for the statistics schema/trace.sql writes after the import (the table
 * temp.event_keys), and whether an index is better sorted after the import
 * than kept up to date row by row.
 */
#ifndef ANALYZE_KEYS_H
#define ANALYZE_KEYS_H

#include "schema/record.h"

struct sqlite3;
struct rows;
struct keys;

/* Returns NULL when out of memory. */
struct keys *keys__new(void);

/*
 * Count the keys of event e. When an index of db passes the key count
 * where sorting beats upkeep, drop it (db__index_later()). Returns 0,
 * -ENOMEM, or -1 after an SQL error line.
 */
int keys__event(struct keys *k, struct sqlite3 *db, const struct kt_event *e);

/*
 * Write one temp.event_keys row per key counted. Returns 0, -ENOMEM, or -1
 * after an error line.
 */
int keys__write(struct keys *k, struct rows *r);

/* NULL is a no-op. */
void keys__free(struct keys *k);

#endif /* ANALYZE_KEYS_H */
