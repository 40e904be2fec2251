// SPDX-License-Identifier: MIT
/*
 * ranks.c - exact percentiles of millions of latencies in bounded memory.
 *
 * A percentile is one or two order statistics: the values of rank k (and
 * k+1) among a probe's latencies sorted. The first scan (analyzer/stats.c)
 * gave each probe a log2 histogram, so the bucket that holds rank k, how
 * many values lie below it and how many in it are known. Each further
 * scan of event_rows narrows every rank still sought: when its range holds
 * few enough values (all the ranges of a pass together within the budget)
 * they are collected and the rank is selected among them; otherwise the
 * range is counted in NSUB equal sub-ranges and the rank's sub-range is
 * the next range. A range of one value is the answer. A rank among the
 * values under STATS_FINE needs no scan at all: the first one counted
 * each of them (the 20 million getppid calls of a tight loop, all in a
 * few hundred ns). NSUB^k shrinks any other range fast.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <sqlite3.h>
#include "ranks.h"
#include "stats.h"
#include "u32map.h"

#define NSUB	2048	/* sub-ranges counted per range and pass */

struct window {			/* one value range scanned for, this pass */
	uint64_t lo, hi;	/* the values in [lo, hi] */
	uint64_t *v;		/* collecting: the values, up to cap */
	size_t n, cap;
	uint64_t *count;	/* counting: NSUB counters */
	uint64_t width;		/* of a counter's sub-range */
	struct window *next;	/* the probe's next window */
};

struct target {			/* one rank sought */
	uint32_t probe;		/* index in trace_stats.probes */
	int done;
	uint64_t k;		/* the rank, 0 = smallest */
	uint64_t lo, hi;	/* its value is in [lo, hi] */
	uint64_t below;		/* the probe's values under lo */
	uint64_t n_in;		/* the probe's values in [lo, hi] */
	uint64_t value;		/* once done */
	struct window *w;	/* this pass */
};

struct hunt {
	const char *from;	/* the rows scanned: event_rows or a subquery */
	struct trace_stats *s;
	struct target *t;
	size_t nt;
	struct window **first;	/* per probe: its windows this pass */
	struct u32map map;	/* probe_id -> index */
};

uint64_t ranks__select(uint64_t *a, size_t n, size_t k)
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

/* Rank k of probe i, placed in its log2 bucket. */
static void add_target(struct hunt *h, uint32_t i, uint64_t k)
{
	const struct probe_stats *p = &h->s->probes[i];
	struct target *t = &h->t[h->nt++];
	uint64_t below = 0;
	int b = 0;

	memset(t, 0, sizeof(*t));
	t->probe = i;
	t->k = k;
	if (p->fine) {		/* a small value: counted one by one */
		for (uint64_t v = 0; v < STATS_FINE; v++) {
			if (k < below + p->fine[v]) {
				t->value = t->lo = t->hi = v;
				t->done = 1;
				return;
			}
			below += p->fine[v];
		}
		below = 0;
	}
	while (b < 64 && k >= below + p->hist[b])
		below += p->hist[b++];
	t->lo = b ? 1ull << (b - 1) : 0;
	t->hi = b == 64 ? UINT64_MAX : b ? (1ull << b) - 1 : 0;
	t->below = below;
	t->n_in = p->hist[b];
	t->done = t->lo == t->hi;
	t->value = t->lo;
}

/* The window of t this pass: shared with a target of the same range. */
static struct window *window_of(struct hunt *h, struct target *t,
				struct window *wins, size_t *nw,
				uint64_t *budget)
{
	struct window *w;

	for (w = h->first[t->probe]; w; w = w->next)
		if (w->lo == t->lo && w->hi == t->hi)
			return w;
	w = &wins[(*nw)++];
	w->lo = t->lo;
	w->hi = t->hi;
	if (t->n_in <= *budget) {
		w->cap = t->n_in;
		w->v = malloc((w->cap ? w->cap : 1) * sizeof(*w->v));
		*budget -= t->n_in;
	} else {
		w->width = (t->hi - t->lo) / NSUB + 1;
		w->count = calloc(NSUB, sizeof(*w->count));
	}
	if (!w->v && !w->count)
		return NULL;
	w->next = h->first[t->probe];
	h->first[t->probe] = w;
	return w;
}

/* One scan of the latencies into this pass's windows. */
static int scan(sqlite3 *db, int64_t tid, struct hunt *h)
{
	char *sql = sqlite3_mprintf("SELECT probe_id, latency_ns FROM %s"
				    " WHERE +trace_id = ?1 AND latency_ns NOT NULL",
				    h->from);
	sqlite3_stmt *st;
	int rc;

	rc = sql ? sqlite3_prepare_v2(db, sql, -1, &st, NULL) : SQLITE_NOMEM;
	sqlite3_free(sql);
	if (rc != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, tid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		uint64_t v = (uint64_t)sqlite3_column_int64(st, 1);
		uint32_t i;

		if (!u32map__get(&h->map, (uint32_t)sqlite3_column_int64(st, 0), &i))
			continue;
		for (struct window *w = h->first[i]; w; w = w->next) {
			if (v < w->lo || v > w->hi)
				continue;
			if (w->count)
				w->count[(v - w->lo) / w->width]++;
			else if (w->n < w->cap)
				w->v[w->n++] = v;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Narrow t with what the scan found in its window. Returns 0 or -1. */
static int narrow(struct target *t)
{
	const struct window *w = t->w;
	uint64_t kk = t->k - t->below, cum = 0;
	int j;

	if (w->v) {
		if (kk >= w->n)
			return -1;
		t->value = ranks__select(w->v, w->n, kk);
		t->done = 1;
		return 0;
	}
	for (j = 0; j < NSUB && kk >= cum + w->count[j]; j++)
		cum += w->count[j];
	if (j == NSUB)
		return -1;
	t->lo = w->lo + (uint64_t)j * w->width;
	t->hi = w->hi - t->lo < w->width - 1 ? w->hi : t->lo + w->width - 1;
	t->below += cum;
	t->n_in = w->count[j];
	t->done = t->lo == t->hi;
	t->value = t->lo;
	return 0;
}

/* One pass: windows for the targets left, a scan, each target narrowed. */
static int pass(sqlite3 *db, int64_t tid, struct hunt *h, uint64_t budget)
{
	struct window *wins = calloc(h->nt, sizeof(*wins));
	size_t nw = 0;
	int err = wins ? 0 : -1;

	memset(h->first, 0, h->s->nprobes * sizeof(*h->first));
	for (size_t i = 0; !err && i < h->nt; i++)
		if (!h->t[i].done &&
		    !(h->t[i].w = window_of(h, &h->t[i], wins, &nw, &budget)))
			err = -1;
	if (err)
		fprintf(stderr, "analyze: out of memory\n");
	else if (scan(db, tid, h))
		fprintf(stderr, "analyze: SQL error: %s\n", sqlite3_errmsg(db)),
			err = -1;
	for (size_t i = 0; !err && i < h->nt; i++)
		if (!h->t[i].done && narrow(&h->t[i])) {
			fprintf(stderr, "analyze: the events changed during the report\n");
			err = -1;
		}
	for (size_t i = 0; i < nw; i++) {
		free(wins[i].v);
		free(wins[i].count);
	}
	free(wins);
	return err;
}

static uint64_t value_of(const struct hunt *h, uint32_t probe, uint64_t k)
{
	for (size_t i = 0; i < h->nt; i++)
		if (h->t[i].probe == probe && h->t[i].k == k)
			return h->t[i].value;
	return 0;
}

/* Each probe's percentiles from the ranks found. */
static void fill(struct hunt *h)
{
	for (uint32_t i = 0; i < h->s->nprobes; i++) {
		struct probe_stats *p = &h->s->probes[i];

		for (int j = 0; p->fine && p->timed && j < STATS_NPCT; j++) {
			double r = stats_pcts[j] / 100.0 * (double)(p->timed - 1);
			double lo = floor(r);
			uint64_t v = value_of(h, i, (uint64_t)lo);

			p->pct[j] = (double)v;
			if (r > lo && (uint64_t)lo + 1 < p->timed)
				p->pct[j] += (r - lo) * ((double)value_of(h, i,
					(uint64_t)lo + 1) - (double)v);
		}
	}
}

int ranks__percentiles(struct sqlite3 *db, int64_t tid, const char *from,
		       struct trace_stats *s, uint64_t budget)
{
	struct hunt h = { .s = s, .from = from };
	int err = 0, left;

	h.t = calloc((size_t)s->nprobes * STATS_NPCT * 2 + 1, sizeof(*h.t));
	h.first = calloc((size_t)s->nprobes + 1, sizeof(*h.first));
	if (!h.t || !h.first)
		err = -1;
	for (uint32_t i = 0; !err && i < s->nprobes; i++) {
		const struct probe_stats *p = &s->probes[i];

		if (u32map__put(&h.map, (uint32_t)p->probe_id, i))
			err = -1;
		for (int j = 0; !err && p->fine && p->timed && j < STATS_NPCT; j++) {
			double r = stats_pcts[j] / 100.0 * (double)(p->timed - 1);
			double lo = floor(r);

			add_target(&h, i, (uint64_t)lo);
			if (r > lo && (uint64_t)lo + 1 < p->timed)
				add_target(&h, i, (uint64_t)lo + 1);
		}
	}
	if (err)
		fprintf(stderr, "analyze: out of memory\n");
	do {
		left = 0;
		for (size_t i = 0; i < h.nt; i++)
			left |= !h.t[i].done;
		if (!err && left)
			err = pass(db, tid, &h, budget);
	} while (!err && left);
	if (!err)
		fill(&h);
	u32map__free(&h.map);
	free(h.first);
	free(h.t);
	return err;
}
