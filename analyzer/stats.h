/* SPDX-License-Identifier: MIT */
/*
 * stats.h - per-probe and per-process totals of one trace, in one scan.
 *
 * The report needs, for every probe, counts, total time, percentiles and
 * a log2 histogram, and totals per process. SQLite has no hash aggregate:
 * GROUP BY over millions of rows sorts them all, once per query. One pass
 * over event_rows in C, with the percentiles of each probe found by
 * selection, is ten times faster; analyzer/report.c then prints the results through SQL
 * temp tables, so the report still looks like any query's output.
 */
#ifndef ANALYZE_STATS_H
#define ANALYZE_STATS_H

#include <stdint.h>

struct sqlite3;

/* Latencies under this many ns are counted one by one once too many. */
#define STATS_FINE	4096

/* The percentiles the report shows, in pct[]: 50, 90, 99. */
enum { STATS_P50, STATS_P90, STATS_P99, STATS_NPCT };
extern const double stats_pcts[STATS_NPCT];

struct probe_stats {
	int64_t probe_id;
	uint64_t calls;
	uint64_t errors;	/* ret in -4095..-1 */
	uint64_t timed;		/* calls with a latency */
	double total_ns;	/* sum of latencies */
	uint64_t max_ns;
	uint64_t *lat;		/* the latencies while few, in no useful order */
	uint64_t *fine;		/* then: how many of each value < STATS_FINE */
	uint64_t hist[65];	/* [0]: 0; [b]: 2^(b-1) .. 2^b - 1 */
	double pct[STATS_NPCT];	/* exact percentiles, as SQL percentile() */
};

struct proc_stats {
	int64_t pid;
	int64_t comm_id;	/* the last one seen, or -1 */
	uint64_t events;
	uint64_t errors;
	uint64_t timed;
	double total_ns;
};

struct error_stats {
	int64_t probe_id;
	int64_t ret;		/* -4095..-1 */
	uint64_t count;
};

struct trace_stats {
	struct probe_stats *probes;
	uint32_t nprobes;
	struct proc_stats *procs;
	uint32_t nprocs;
	struct error_stats *errs;	/* failed calls per probe and ret */
	uint32_t nerrs;
};

/*
 * Scan the events of trace tid (those where selects, an SQL expression
 * over the events view checked by analyzer/where.c, or all), and find each probe's percentiles (in
 * memory for up to a few million latencies, by more scans past that:
 * analyzer/ranks.c). Returns 0, or -1 after printing an error. Free with
 * stats__free() in both cases.
 */
int stats__collect(struct sqlite3 *db, int64_t tid, const char *where,
		   struct trace_stats *s);

void stats__free(struct trace_stats *s);

#endif /* ANALYZE_STATS_H */
