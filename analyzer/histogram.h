/* SPDX-License-Identifier: MIT */
/*
 * histogram.h - a probe's log2 latency histogram, as the report draws it.
 */
#ifndef ANALYZE_HISTOGRAM_H
#define ANALYZE_HISTOGRAM_H

#include <stdio.h>

struct probe_stats;

/*
 * Draw p's log2 latency histogram (struct probe_stats.hist) to f under
 * "latency of NAME", one line per bucket from the lowest to the highest
 * non-empty one: its bounds as fmt_ns() prints them (bucket b holds
 * 2^(b-1) .. 2^b - 1 ns, bucket 0 holds 0), its count and a bar, like
 * BCC's funclatency. A probe without latencies gets one line saying so.
 */
void histogram__print(FILE *f, const struct probe_stats *p, const char *name);

#endif /* ANALYZE_HISTOGRAM_H */
