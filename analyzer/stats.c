// SPDX-License-Identifier: MIT
/*
 * stats.c - one scan of event_rows into per-probe and per-process totals.
 *
 * Probe ids and pids are arbitrary 32-bit numbers; u32map gives each its
 * slot. The scan reads the table in order: "+trace_id" keeps SQLite from
 * walking a whole trace through an index. Latencies are kept per probe
 * (8 bytes per event) up to LAT_BUDGET of them in all; a percentile is two
 * order statistics, found by quickselect (ranks__select()) instead of a
 * full sort. Past the budget, the probe with the most drops its array and
 * only counts its values under STATS_FINE one by one; analyzer/ranks.c
 * finds its percentiles, from those counts or in a few more scans. The
 * report's memory stays bounded (environment KTRAIL_LATENCY_BUDGET sets
 * the budget, for the tests).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "grow.h"
#include "ranks.h"
#include "stats.h"
#include "u32map.h"

#define LAT_BUDGET	(4u << 20)	/* latencies kept in memory: 32 MiB */

const double stats_pcts[STATS_NPCT] = { 50, 90, 99 };

struct scan {
	struct trace_stats *s;
	struct u32map probe_map, pid_map, err_map;
	uint32_t capprobes, capprocs, caperrs;
	uint64_t kept, budget;	/* latencies in memory, and how many may be */
	int dropped;		/* over budget: none kept */
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

/* Count the values under STATS_FINE of p's latencies in p->fine. */
static int start_fine(struct probe_stats *p)
{
	p->fine = calloc(STATS_FINE, sizeof(*p->fine));
	if (!p->fine)
		return -ENOMEM;
	for (uint64_t i = 0; i < p->timed; i++)
		if (p->lat[i] < STATS_FINE)
			p->fine[p->lat[i]]++;
	return 0;
}

/*
 * Over budget: the probe with the most latencies in memory drops them,
 * counting the small ones; from now on ranks.c finds its percentiles.
 */
static int drop_largest(struct scan *sc)
{
	struct probe_stats *big = NULL;

	for (uint32_t i = 0; i < sc->s->nprobes; i++) {
		struct probe_stats *p = &sc->s->probes[i];

		if (p->lat && (!big || p->timed > big->timed))
			big = p;
	}
	if (!big)
		return 0;
	if (start_fine(big))
		return -ENOMEM;
	free(big->lat);
	big->lat = NULL;
	sc->kept -= big->timed;
	sc->dropped = 1;
	return 0;
}

static int add_latency(struct scan *sc, struct probe_stats *p, uint64_t v)
{
	p->total_ns += (double)v;
	if (v > p->max_ns)
		p->max_ns = v;
	p->hist[v ? 64 - __builtin_clzll(v) : 0]++;
	if (p->fine) {
		if (v < STATS_FINE)
			p->fine[v]++;
		p->timed++;
		return 0;
	}
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
	return ++sc->kept > sc->budget ? drop_largest(sc) : 0;
}

/* Count a failed call of probe p (its index pi) with return value ret. */
static int add_error(struct scan *sc, uint32_t pi, int64_t ret)
{
	struct trace_stats *s = sc->s;
	uint32_t key = pi << 12 | (uint32_t)(-ret - 1), i;

	if (pi >= 1u << 20)
		return -ENOMEM;		/* a million probes: no room in key */
	if (u32map__get(&sc->err_map, key, &i)) {
		s->errs[i].count++;
		return 0;
	}
	if (grow((void **)&s->errs, &sc->caperrs, s->nerrs + 1, sizeof(*s->errs)) ||
	    u32map__put(&sc->err_map, key, s->nerrs))
		return -ENOMEM;
	s->errs[s->nerrs].probe_id = s->probes[pi].probe_id;
	s->errs[s->nerrs].ret = ret;
	s->errs[s->nerrs++].count = 1;
	return 0;
}

/*
 * Account one row: probe_id, pid, ret (0 for NULL), latency_ns, comm_id
 * (-1 for NULL): the SQL's coalesce() is cheaper than a call per column.
 */
static int add_row(struct scan *sc, sqlite3_stmt *st)
{
	struct probe_stats *p = probe_of(sc, sqlite3_column_int64(st, 0));
	struct proc_stats *q = proc_of(sc, sqlite3_column_int64(st, 1));
	int64_t ret = sqlite3_column_int64(st, 2);
	int failed = ret >= -4095 && ret <= -1;

	if (!p || !q)
		return -ENOMEM;
	p->calls++;
	p->errors += failed;
	if (failed && add_error(sc, (uint32_t)(p - sc->s->probes), ret))
		return -ENOMEM;
	q->events++;
	q->errors += failed;
	q->comm_id = sqlite3_column_int64(st, 4);
	if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
		uint64_t v = (uint64_t)sqlite3_column_int64(st, 3);

		q->timed++;
		q->total_ns += (double)v;
		return add_latency(sc, p, v);
	}
	return 0;
}

/* Percentiles from the latencies kept in memory (reordered). */
static void percentiles_in_memory(struct probe_stats *p)
{
	for (int j = 0; j < STATS_NPCT; j++) {
		double r = stats_pcts[j] / 100.0 * (double)(p->timed - 1);
		double lo = floor(r);
		size_t i = (size_t)lo;
		uint64_t v = ranks__select(p->lat, p->timed, i), next = UINT64_MAX;

		p->pct[j] = (double)v;
		if (i + 1 >= p->timed || r <= lo)
			continue;
		for (size_t k = i + 1; k < p->timed; k++)	/* rank i+1 */
			if (p->lat[k] < next)
				next = p->lat[k];
		p->pct[j] += (r - lo) * ((double)next - (double)v);
	}
}

/*
 * The rows of the events a --where predicate selects, with the columns of
 * event_rows the scans read: the predicate sees the events view alone, as
 * in every other view of analyze, then the probe and comm go back to ids.
 */
static const char selected_sql[] =
	"(SELECT v.trace_id AS trace_id, p.probe_id AS probe_id, v.pid AS pid,"
	" v.ret AS ret, v.latency_ns AS latency_ns,"
	" (SELECT c.comm_id FROM comms AS c WHERE c.trace_id = v.trace_id"
	"  AND c.comm = v.comm) AS comm_id"
	" FROM (SELECT * FROM events WHERE trace_id = ?1 AND (%s)) AS v"
	" JOIN probes AS p ON p.trace_id = v.trace_id AND p.probe = v.probe)";

int stats__collect(struct sqlite3 *db, int64_t tid, const char *where,
		   struct trace_stats *s)
{
	const char *env = getenv("KTRAIL_LATENCY_BUDGET");
	struct scan sc = { .s = s, .budget = LAT_BUDGET };
	char *from = where ? sqlite3_mprintf(selected_sql, where) :
		     sqlite3_mprintf("event_rows");
	char *sql = from ? sqlite3_mprintf("SELECT probe_id, pid, coalesce(ret, 0),"
					   " latency_ns, coalesce(comm_id, -1)"
					   " FROM %s WHERE +trace_id = ?1", from) : NULL;
	sqlite3_stmt *st = NULL;
	int rc = SQLITE_DONE, err = 0;

	memset(s, 0, sizeof(*s));
	if (env && *env)
		sc.budget = strtoull(env, NULL, 10);
	rc = sql ? sqlite3_prepare_v2(db, sql, -1, &st, NULL) : SQLITE_NOMEM;
	sqlite3_free(sql);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "analyze: SQL error: %s\n", rc == SQLITE_NOMEM ?
			"out of memory" : sqlite3_errmsg(db));
		sqlite3_free(from);
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
	u32map__free(&sc.err_map);
	if (!err && sc.dropped)
		err = ranks__percentiles(db, tid, from, s, sc.budget);
	sqlite3_free(from);
	for (uint32_t i = 0; !err && i < s->nprobes; i++)
		if (s->probes[i].lat)
			percentiles_in_memory(&s->probes[i]);
	return err ? -1 : 0;
}

void stats__free(struct trace_stats *s)
{
	for (uint32_t i = 0; i < s->nprobes; i++) {
		free(s->probes[i].lat);
		free(s->probes[i].fine);
	}
	free(s->probes);
	free(s->procs);
	free(s->errs);
	memset(s, 0, sizeof(*s));
}
