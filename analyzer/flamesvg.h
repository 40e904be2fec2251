/* SPDX-License-Identifier: MIT */
/*
 * flamesvg.h - a flame graph tree as a self-contained, interactive SVG.
 */
#ifndef ANALYZE_FLAMESVG_H
#define ANALYZE_FLAMESVG_H

#include <stdio.h>

struct fg_tree;
struct flamegraph_opts;

/*
 * Write the SVG of t (root.value > 0) to f: the title (o->title, or the
 * --where predicate), the frames, and the script that zooms, searches
 * and follows the window's width.
 */
void flamesvg__write(FILE *f, const struct fg_tree *t,
		     const struct flamegraph_opts *o);

#endif /* ANALYZE_FLAMESVG_H */
