/* SPDX-License-Identifier: MIT */
/*
 * flamegraph.h - a self-contained SVG flame graph of selected events.
 */
#ifndef ANALYZE_FLAMEGRAPH_H
#define ANALYZE_FLAMEGRAPH_H

struct sqlite3;

/*
 * Write an SVG flame graph of the events matching where (an SQL
 * expression over the events view, or NULL for all) to path. Each event
 * counts once along the path comm; user stack (outermost first); kernel
 * stack; probe, so a trace without stacks still shows which processes made
 * which calls. Returns 0, or -1 after printing one error line.
 */
int flamegraph__write(struct sqlite3 *db, const char *where, const char *path);

#endif /* ANALYZE_FLAMEGRAPH_H */
