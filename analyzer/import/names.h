/* SPDX-License-Identifier: MIT */
/*
 * names.h - the last few names of a process or a thread, by time.
 *
 * The recorder's per-CPU batches can deliver an event a few hundred
 * milliseconds after a later PROC record of its process (schema/FORMAT.md),
 * in a later frame, so the importer names an event by the name its task
 * had at the event's time, not by the last record applied. NAMES_KEPT
 * names per task cover that delay unless a task renames itself more often.
 */
#ifndef ANALYZE_NAMES_H
#define ANALYZE_NAMES_H

#include <stddef.h>
#include <stdint.h>

#define NAMES_KEPT 4

struct name_at {
	int64_t ts;	/* when the PROC record set it */
	int64_t comm;	/* comm id */
	uint32_t gen;	/* the process's exec generation from then on */
};

/* Sorted by ts, oldest first; the oldest is dropped when full. */
struct names {
	struct name_at n[NAMES_KEPT];
	uint32_t count;
};

/* Insert a name set at ts (records can come in any order). */
void names__insert(struct names *s, int64_t ts, int64_t comm, uint32_t gen);

/*
 * The newest name set at or before ts, or NULL. With any_gen 0 only names
 * of generation gen count.
 */
const struct name_at *names__at(const struct names *s, int64_t ts,
				int any_gen, uint32_t gen);

static inline const struct name_at *names__newest(const struct names *s)
{
	return s->count ? &s->n[s->count - 1] : NULL;
}

static inline const struct name_at *names__oldest(const struct names *s)
{
	return s->count ? &s->n[0] : NULL;
}

#endif /* ANALYZE_NAMES_H */
