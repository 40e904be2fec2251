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

struct probe_stats {
	int64_t probe_id;
	uint64_t calls;
	uint64_t errors;	/* ret in -4095..-1 */
	uint64_t timed;		/* calls with a latency */
	double total_ns;	/* sum of latencies */
	uint64_t max_ns;
	uint64_t *lat;		/* the latencies, in no useful order */
	uint64_t hist[65];	/* [0]: 0; [b]: 2^(b-1) .. 2^b - 1 */
};

struct proc_stats {
	int64_t pid;
	int64_t comm_id;	/* the last one seen, or -1 */
	uint64_t events;
	uint64_t errors;
	uint64_t timed;
	double total_ns;
};

struct trace_stats {
	struct probe_stats *probes;
	uint32_t nprobes;
	struct proc_stats *procs;
	uint32_t nprocs;
};

/*
 * Scan the events of trace tid. Returns 0, or -1 after printing an error.
 * Free with stats__free() in both cases.
 */
int stats__collect(struct sqlite3 *db, int64_t tid, struct trace_stats *s);

/*
 * Percentile pct (0..100) of a probe's latencies, with the definition of
 * the SQL percentile() (analyzer/sqlfuncs.c). The probe must have
 * timed > 0. Reorders p->lat (a selection, not a sort: linear time).
 */
double stats__percentile(struct probe_stats *p, double pct);

void stats__free(struct trace_stats *s);

#endif /* ANALYZE_STATS_H */
