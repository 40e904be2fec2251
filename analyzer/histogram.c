// SPDX-License-Identifier: MIT
/*
 * histogram.c - log2 latency histograms, drawn as BCC's funclatency does,
 * with the bucket bounds in fmt_ns()'s human units.
 *
 * The counts come from analyzer/stats.c's scan (struct probe_stats.hist),
 * so a histogram costs nothing more than the report's own totals. The
 * report draws the probes with the most total time, or those `--histogram`
 * names (analyzer/report.c).
 */
#include <stdint.h>
#include <string.h>
#include "escape.h"
#include "histogram.h"
#include "sqlfuncs.h"
#include "stats.h"

#define HIST_WIDTH	40	/* characters of the longest bar */

void histogram__print(FILE *f, const struct probe_stats *p, const char *name)
{
	uint64_t max = 0;
	int lo = 64, hi = 0;

	for (int b = 0; b <= 64; b++) {
		if (!p->hist[b])
			continue;
		lo = b < lo ? b : lo;
		hi = b;
		max = p->hist[b] > max ? p->hist[b] : max;
	}
	fprintf(f, "\nlatency of ");
	escape__fput(f, name, strlen(name), ESC_TEXT);
	if (!max) {
		fputs(": no calls with a latency\n", f);
		return;
	}
	fprintf(f, "\n%10s -> %-10s : %-9s %s\n", "from", "to", "count",
		"distribution");
	for (int b = lo; b <= hi; b++) {
		uint64_t from = b ? 1ull << (b - 1) : 0;
		uint64_t to = b ? (b == 64 ? UINT64_MAX : (1ull << b) - 1) : 0;
		/* floor, as funclatency: a bar is never longer than its share */
		int bar = (int)(p->hist[b] * HIST_WIDTH / max);
		char line[HIST_WIDTH + 1], fb[32], tb[32];

		memset(line, '*', (size_t)bar);
		memset(line + bar, ' ', (size_t)(HIST_WIDTH - bar));
		line[HIST_WIDTH] = 0;
		fprintf(f, "%10s -> %-10s : %-9llu |%s|\n",
			sqlfuncs__fmt_ns((double)from, fb, sizeof(fb)),
			sqlfuncs__fmt_ns((double)to, tb, sizeof(tb)),
			(unsigned long long)p->hist[b], line);
	}
}
