// SPDX-License-Identifier: MIT
/*
 * keys.c - the keys of event_rows' indexes, counted during an import.
 *
 * The importer (analyzer/import/import.c) shows every event of a trace here. The
 * rows of each pid, (pid, probe) pair and stack id are counted; at the end
 * of the trace one row per key goes into temp.event_keys, from which
 * schema/trace.sql writes the planner's statistics of the indexes, and an
 * index whose trace has too many keys is dropped during the import, to be
 * sorted after it.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include "db.h"
#include "keys.h"
#include "rows.h"
#include "analyzer/u32map.h"

/*
 * Keys come in runs (a loop calls one syscall from one process), so a run
 * is counted on its own and added to the map when it ends: a compare per
 * event instead of a lookup.
 *
 * The count of keys also decides how an index is built. Each key's next
 * row goes to the end of that key's run in the index; with a few hundred
 * keys those places stay in the CPU and page caches and keeping the index
 * up to date costs 0.1-0.5 us per row, half the cost of sorting every row
 * after the import. Past TALLY_LATER keys (2 M rows over 5000 random
 * stack ids: 1.6 us against 1 us) the index is dropped and db__finish()
 * sorts it instead.
 */
#define TALLY_LATER	1024

struct tally {
	struct u32map rows;	/* key -> rows, saturating */
	uint32_t key;		/* the current run */
	uint32_t run;		/* its length so far, 0 before the first */
	int later;		/* the index is built after the import */
};

enum { T_PID, T_PID_PROBE, T_KSTACK, T_USTACK, T_NR };

/* event_keys.key of each tally, and the index whose keys it counts */
static const struct {
	const char *key, *index;
} tallies[T_NR] = {
	[T_PID] = { "pid", NULL },	/* the first column of the next */
	[T_PID_PROBE] = { "pid_probe", "event_rows_pid_probe" },
	[T_KSTACK] = { "kstack", "event_rows_kstack" },
	[T_USTACK] = { "ustack", "event_rows_ustack" },
};

/*
 * A (pid, probe) pair as one u32: u32map__hash() is a bijection, so the
 * pairs of one pid never collide; pairs of different pids rarely do, and
 * then only merge two counts of the statistics.
 */
static uint32_t pid_probe(uint32_t pid, uint32_t probe)
{
	return u32map__hash(pid) ^ probe;
}

struct keys {
	struct tally t[T_NR];
};

/* Add the current run to the map. Returns 0 or -ENOMEM. */
static int tally_flush(struct tally *t)
{
	uint32_t n = 0;

	if (!t->run)
		return 0;
	u32map__get(&t->rows, t->key, &n);
	n = n > UINT32_MAX - t->run ? UINT32_MAX : n + t->run;
	t->run = 0;
	return u32map__put(&t->rows, t->key, n);
}

/* Count one row of key. Returns 0 or -ENOMEM. */
static int tally_add(struct tally *t, uint32_t key)
{
	int err;

	if (t->run && t->key == key && t->run < UINT32_MAX) {
		t->run++;
		return 0;
	}
	err = tally_flush(t);
	t->key = key;
	t->run = 1;
	return err;
}

int keys__event(struct keys *k, struct sqlite3 *db, const struct kt_event *e)
{
	int err = tally_add(&k->t[T_PID], e->pid) ?:
		  tally_add(&k->t[T_PID_PROBE], pid_probe(e->pid, e->probe));

	if (!err && (e->flags & KT_EV_KSTACK))
		err = tally_add(&k->t[T_KSTACK], e->kstack);
	if (!err && (e->flags & KT_EV_USTACK))
		err = tally_add(&k->t[T_USTACK], e->ustack);
	for (int i = 0; !err && i < T_NR; i++) {
		struct tally *y = &k->t[i];

		if (y->rows.n > TALLY_LATER && !y->later && tallies[i].index) {
			y->later = 1;
			err = db__index_later(db, tallies[i].index);
		}
	}
	return err;
}

int keys__write(struct keys *k, struct rows *r)
{
	for (int i = 0; i < T_NR; i++) {
		struct u32map *m = &k->t[i].rows;

		if (tally_flush(&k->t[i]))
			return -ENOMEM;
		for (uint32_t j = 0; j < m->cap; j++)
			if (m->used[j] &&
			    rows__event_key(r, tallies[i].key, m->vals[j]))
				return -1;
	}
	return 0;
}

struct keys *keys__new(void)
{
	return calloc(1, sizeof(struct keys));
}

void keys__free(struct keys *k)
{
	if (!k)
		return;
	for (int i = 0; i < T_NR; i++)
		u32map__free(&k->t[i].rows);
	free(k);
}
