/* SPDX-License-Identifier: MIT */
/*
 * ranks.h - exact order statistics of the latencies, in bounded memory.
 *
 * The report's p50/p90/p99 are exact (the SQL percentile()'s definition).
 * analyzer/stats.c keeps every latency in memory while a trace is small;
 * past a budget it drops them and asks this file, which finds each rank by
 * narrowing a value range over a few more scans of event_rows.
 */
#ifndef ANALYZE_RANKS_H
#define ANALYZE_RANKS_H

#include <stddef.h>
#include <stdint.h>

struct sqlite3;
struct trace_stats;

/*
 * The k-th smallest of a[0..n) (k < n); reorders a. Expected linear time
 * whatever the input (random pivots, a three-way partition).
 */
uint64_t ranks__select(uint64_t *a, size_t n, size_t k);

/*
 * Fill pct[] of every probe of s that has latencies, from scans of the
 * events of trace tid in from (event_rows, or a subquery with its columns
 * trace_id, probe_id and latency_ns), each probe's hist[] and timed as
 * the first scan found them. Memory stays under about budget values (8 bytes each) plus
 * small counters. Returns 0, or -1 after one error line.
 */
int ranks__percentiles(struct sqlite3 *db, int64_t tid, const char *from,
		       struct trace_stats *s, uint64_t budget);

#endif /* ANALYZE_RANKS_H */
