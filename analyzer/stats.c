// SPDX-License-Identifier: MIT
/*
 * stats.c - one scan of event_rows into per-probe and per-process totals.
 *
 * Probe ids and pids are arbitrary 32-bit numbers; u32map gives each its
 * slot. The scan reads the table in order: "+trace_id" keeps SQLite from
 * walking a whole trace through an index. Latencies are kept per probe
 * (8 bytes per event: 40 MB for five million events); a percentile is two
 * order statistics, found by quickselect with a three-way partition
 * (latencies repeat a lot) and random pivots, instead of a full sort.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "grow.h"
#include "stats.h"
#include "u32map.h"

struct scan {
	struct trace_stats *s;
	struct u32map probe_map, pid_map;
	uint32_t capprobes, capprocs;
};

static struct probe_stats *probe_of(struct scan *sc, int64_t id)
{
	struct trace_stats *s = sc->s;
	uint32_t i;

	if (u32map__get(&sc->probe_map, (uint32_t)id, &i))
		return &s->probes[i];
	if (grow((void **)&s->probes, &sc->capprobes, s->nprobes + 1,
		 sizeof(*s->probes)) ||
	    u32map__put(&sc->probe_map, (uint32_t)id, s->nprobes))
		return NULL;
	s->probes[s->nprobes].probe_id = id;
	return &s->probes[s->nprobes++];
}

static struct proc_stats *proc_of(struct scan *sc, int64_t pid)
{
	struct trace_stats *s = sc->s;
	uint32_t i;

	if (u32map__get(&sc->pid_map, (uint32_t)pid, &i))
		return &s->procs[i];
	if (grow((void **)&s->procs, &sc->capprocs, s->nprocs + 1,
		 sizeof(*s->procs)) ||
	    u32map__put(&sc->pid_map, (uint32_t)pid, s->nprocs))
		return NULL;
	s->procs[s->nprocs].pid = pid;
	return &s->procs[s->nprocs++];
}

static int add_latency(struct probe_stats *p, uint64_t v)
{
	/* the array's capacity is the next power of two of its length */
	if (!(p->timed & (p->timed - 1)) && p->timed >= 16) {
		uint64_t *l = realloc(p->lat, (size_t)p->timed * 2 * sizeof(*l));

		if (!l)
			return -ENOMEM;
		p->lat = l;
	} else if (!p->lat) {
		p->lat = malloc(16 * sizeof(*p->lat));
		if (!p->lat)
			return -ENOMEM;
	}
	p->lat[p->timed++] = v;
	p->total_ns += (double)v;
	if (v > p->max_ns)
		p->max_ns = v;
	p->hist[v ? 64 - __builtin_clzll(v) : 0]++;
	return 0;
}

/* Account one row: probe_id, pid, ret, latency_ns, comm_id. */
static int add_row(struct scan *sc, sqlite3_stmt *st)
{
	struct probe_stats *p = probe_of(sc, sqlite3_column_int64(st, 0));
	struct proc_stats *q = proc_of(sc, sqlite3_column_int64(st, 1));
	int64_t ret = sqlite3_column_int64(st, 2);
	int failed = sqlite3_column_type(st, 2) != SQLITE_NULL &&
		     ret >= -4095 && ret <= -1;

	if (!p || !q)
		return -ENOMEM;
	p->calls++;
	p->errors += failed;
	q->events++;
	q->errors += failed;
	q->comm_id = sqlite3_column_type(st, 4) == SQLITE_NULL ? -1 :
		     sqlite3_column_int64(st, 4);
	if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
		uint64_t v = (uint64_t)sqlite3_column_int64(st, 3);

		q->timed++;
		q->total_ns += (double)v;
		return add_latency(p, v);
	}
	return 0;
}

int stats__collect(struct sqlite3 *db, int64_t tid, struct trace_stats *s)
{
	struct scan sc = { .s = s };
	sqlite3_stmt *st;
	int rc = SQLITE_DONE, err = 0;

	memset(s, 0, sizeof(*s));
	if (sqlite3_prepare_v2(db, "SELECT probe_id, pid, ret, latency_ns,"
			       " comm_id FROM event_rows WHERE +trace_id = ?1",
			       -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "analyze: SQL error: %s\n", sqlite3_errmsg(db));
		return -1;
	}
	sqlite3_bind_int64(st, 1, tid);
	while (!err && (rc = sqlite3_step(st)) == SQLITE_ROW)
		err = add_row(&sc, st);
	if (err)
		fprintf(stderr, "analyze: out of memory\n");
	else if (rc != SQLITE_DONE)
		fprintf(stderr, "analyze: SQL error: %s\n", sqlite3_errmsg(db));
	err = err || rc != SQLITE_DONE;
	sqlite3_finalize(st);
	u32map__free(&sc.probe_map);
	u32map__free(&sc.pid_map);
	return err ? -1 : 0;
}

/*
 * The k-th smallest of a[0..n): afterwards a[0..k) <= a[k] <= a[k+1..n).
 * Expected linear time whatever the input, thanks to random pivots.
 */
static uint64_t select_k(uint64_t *a, size_t n, size_t k)
{
	static uint64_t seed = 0x9e3779b97f4a7c15ull;
	size_t lo = 0, hi = n;

	while (hi - lo > 1) {
		uint64_t pivot, t;
		size_t lt = lo, i = lo, gt = hi;

		seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
		pivot = a[lo + seed % (hi - lo)];
		while (i < gt) {	/* [lo,lt) < pivot, [gt,hi) > pivot */
			if (a[i] < pivot) {
				t = a[lt], a[lt++] = a[i], a[i++] = t;
			} else if (a[i] > pivot) {
				t = a[--gt], a[gt] = a[i], a[i] = t;
			} else {
				i++;
			}
		}
		if (k < lt)
			hi = lt;
		else if (k >= gt)
			lo = gt;
		else
			return pivot;
	}
	return a[k];
}

double stats__percentile(struct probe_stats *p, double pct)
{
	double r = pct / 100.0 * (double)(p->timed - 1), lo = floor(r);
	size_t i = (size_t)lo;
	uint64_t v = select_k(p->lat, p->timed, i), next = UINT64_MAX;

	if (i + 1 >= p->timed || r <= lo)
		return (double)v;
	for (size_t k = i + 1; k < p->timed; k++)	/* the (i+1)-th smallest */
		if (p->lat[k] < next)
			next = p->lat[k];
	return (double)v + (r - lo) * ((double)next - (double)v);
}

void stats__free(struct trace_stats *s)
{
	for (uint32_t i = 0; i < s->nprobes; i++)
		free(s->probes[i].lat);
	free(s->probes);
	free(s->procs);
	memset(s, 0, sizeof(*s));
}
