/* SPDX-License-Identifier: MIT */
/*
 * evbatch.h - events held in memory and inserted a batch at a time.
 *
 * analyzer/import/rows.c hands every event here; the events go into event_rows
 * about a thousand at a time, read by one INSERT through the pending_events
 * virtual table instead of bound as parameters.
 */
#ifndef ANALYZE_EVBATCH_H
#define ANALYZE_EVBATCH_H

#include <stdint.h>
#include "schema/record.h"

struct sqlite3;
struct evbatch;
struct callargs_out;

/*
 * Register pending_events on db. Prints one error line and returns NULL
 * on failure.
 */
struct evbatch *evbatch__new(struct sqlite3 *db);

/* Drop the held events and the module. NULL is a no-op. */
void evbatch__free(struct evbatch *p);

/*
 * Hold one event of trace tid; probe replaces e->probe (the import's id),
 * args past the first nargs are NULL, ts is relative to the origin, comm
 * a comm id or -1, txt its text columns (copied). Writes the batch when it is full. Returns 0, or -1
 * after printing "analyze: cannot write the database: ...".
 */
int evbatch__add(struct evbatch *p, int tid, const struct kt_event *e,
		 uint32_t probe, int nargs, int64_t ts, int64_t comm,
		 const struct callargs_out *txt);

/* Write the held events. Returns 0 or -1 like evbatch__add(). */
int evbatch__flush(struct evbatch *p);

#endif /* ANALYZE_EVBATCH_H */
