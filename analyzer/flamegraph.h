/* SPDX-License-Identifier: MIT */
/*
 * flamegraph.h - a flame graph of selected events: an interactive SVG, or
 * the folded lines of flamegraph.pl, speedscope and inferno.
 */
#ifndef ANALYZE_FLAMEGRAPH_H
#define ANALYZE_FLAMEGRAPH_H

struct sqlite3;

enum fg_stack {
	FG_STACK_BOTH,		/* user frames, then kernel frames (default) */
	FG_STACK_USER,
	FG_STACK_KERNEL,
};

enum fg_weight {
	FG_WEIGHT_COUNT,	/* each event counts 1 (default) */
	FG_WEIGHT_LATENCY,	/* each event counts its latency_ns */
};

struct flamegraph_opts {
	const char *where;	/* SQL expression over events; NULL: all */
	enum fg_stack stack;	/* --stack */
	enum fg_weight weight;	/* --weight */
	int folded;		/* --format folded: text lines, not SVG */
	const char *title;	/* --title; NULL: "Flame graph: WHERE" */
};

/* Parse a --stack / --weight value. Returns 0, or -1 for an unknown one. */
int flamegraph__parse_stack(const char *s, enum fg_stack *out);
int flamegraph__parse_weight(const char *s, enum fg_weight *out);

/*
 * Write the flame graph of the events o->where selects to path ("-":
 * stdout). Every event sits on the path comm; user stack (outermost
 * first); kernel stack; probe, the stacks as o->stack picks. Fails, with
 * nothing written, when no event is selected, none has a stack of the
 * picked kind, or (by latency) none has a latency. Returns 0, or -1 after
 * printing one error line.
 */
int flamegraph__write(struct sqlite3 *db, const struct flamegraph_opts *o,
		      const char *path);

#endif /* ANALYZE_FLAMEGRAPH_H */
