/* SPDX-License-Identifier: MIT */
/*
 * probeids.h - the probe ids event_rows stores, numbered by the importer.
 *
 * A trace numbers its probes its own way (the syscall number for syscall
 * probes). event_rows.probe_id is instead the import's number of the
 * probe, 1, 2, ... in the order of each probe's first event, and
 * probes.nr keeps the trace's. A trace's newest probe has the largest id,
 * so the rows of a loop that started after the workload's first calls go
 * to the end of the event_rows_pid_probe index (schema/trace.sql).
 * analyzer/import/import.c asks here for the id of every event's probe and hands
 * over the PROBE records; the probes rows are written at the end of the
 * trace, when every id is known.
 */
#ifndef ANALYZE_PROBEIDS_H
#define ANALYZE_PROBEIDS_H

#include <stdint.h>
#include "schema/record.h"

struct rows;
struct probeids;

/* Returns NULL when out of memory. */
struct probeids *probeids__new(void);

/* Free everything. NULL is a no-op. */
void probeids__free(struct probeids *p);

/*
 * The import's id of the trace's probe nr, given the next free one on
 * first sight. Returns 0 with *id set, or -ENOMEM.
 */
int probeids__id(struct probeids *p, uint32_t nr, uint32_t *id);

/*
 * Keep a copy of a PROBE record; a later definition of the same number
 * replaces an earlier one. Returns 0 or -ENOMEM.
 */
int probeids__define(struct probeids *p, const struct kt_probe *pr);

/*
 * One probes row of trace tid per probe: the ones events used in the
 * order of their ids, guessed from the syscall table when no PROBE record
 * named them, then the other PROBE records with the next ids. Returns 0,
 * or -1 after printing why.
 */
int probeids__write(struct probeids *p, struct rows *r, int tid);

#endif /* ANALYZE_PROBEIDS_H */
