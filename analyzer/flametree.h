/* SPDX-License-Identifier: MIT */
/*
 * flametree.h - the tree of frames a flame graph draws.
 *
 * analyzer/flamegraph.c builds it from the selected events (comm, user
 * frames outermost first, kernel frames, probe); analyzer/flamesvg.c
 * draws it.
 */
#ifndef ANALYZE_FLAMETREE_H
#define ANALYZE_FLAMETREE_H

#include <stdint.h>

enum fg_kind { K_COMM, K_USER, K_KERNEL, K_PROBE };

struct fg_node {
	char *name;
	enum fg_kind kind;
	uint64_t value;		/* weight at and above this frame */
	uint64_t count;		/* events at and above this frame */
	struct fg_node *child;	/* first child, sorted by name */
	struct fg_node *next;	/* next sibling */
};

struct fg_tree {
	struct fg_node root;
	uint64_t stacked;	/* events with a non-empty stack picked */
	uint64_t timed;		/* events with a latency */
};

#endif /* ANALYZE_FLAMETREE_H */
