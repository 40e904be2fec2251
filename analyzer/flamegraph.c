// SPDX-License-Identifier: MIT
/*
 * flamegraph.c - `analyze --flamegraph FILE [--where PREDICATE]
 * [--stack user|kernel|both] [--weight count|latency] [--format folded]`.
 *
 * Brendan Gregg's flame graph (flamegraph.pl) drawn straight from SQL:
 * the selected events are grouped by (comm, user stack, kernel stack,
 * probe), each group's frames come from folded() (analyzer/sqlfuncs.c),
 * and the groups are merged into a tree whose children are sorted by
 * name, as flamegraph.pl sorts its input. An event's path is its comm,
 * its user frames outermost first, its kernel frames, then its probe on
 * top; an event without the stack asked for goes straight from comm to
 * probe, so every selected event is counted. Weights are event counts, or
 * with --weight latency the summed latency_ns.
 *
 * The SVG: frame width is proportional to weight, the root at the bottom.
 * Each frame is a <g> holding a <title> (the tooltip: name, weight,
 * share), a <rect> and a <text> label cut to fit. Frames narrower than
 * MIN_WIDTH pixels are left out, as flamegraph.pl does. Colours follow
 * flamegraph.pl's palettes, seeded from the name so a function keeps its
 * colour from one graph to the next: user frames red, kernel frames
 * orange (as its --colors=java), comm yellow, probes aqua. A small inline script zooms into a
 * clicked frame (its ancestors span the width, unrelated frames hide) and
 * shows the hovered frame's title on the bottom line; without scripts the
 * graph and its tooltips still work. Names come from the traced machine
 * and are escaped for XML (analyzer/escape.c, ESC_XML).
 *
 * --format folded writes the tree's "comm;frame;...;probe WEIGHT" lines
 * instead, the input of flamegraph.pl, speedscope and inferno.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "escape.h"
#include "export.h"
#include "flamegraph.h"

#define WIDTH		1200.0	/* image width in pixels */
#define PAD		10.0	/* left and right margin */
#define FRAME_H		16	/* pixels per stack level */
#define TOP		56	/* room for the title lines */
#define BOTTOM		28	/* room for the details line */
#define MIN_WIDTH	0.1	/* narrower frames are not drawn */
#define CHAR_W		7.0	/* average glyph width at font-size 12 */
#define MAX_DEPTH	1024	/* deeper frames merge into the last level */

enum kind { K_COMM, K_USER, K_KERNEL, K_PROBE };

struct node {
	char *name;
	enum kind kind;
	uint64_t value;		/* weight at and above this frame */
	uint64_t count;		/* events at and above this frame */
	struct node *child;	/* first child, sorted by name */
	struct node *next;	/* next sibling */
};

struct tree {
	struct node root;
	uint64_t stacked;	/* events with a non-empty stack picked */
	uint64_t timed;		/* events with a latency */
};

static const char groups_sql[] =
	"SELECT coalesce(comm, '[unknown]'), folded(u, trace_id),"
	" folded(k, trace_id), coalesce(probe, '[unknown]'), n, lat, timed"
	" FROM (SELECT trace_id, comm, %s AS u, %s AS k, probe,"
	" count(*) AS n, coalesce(sum(latency_ns), 0) AS lat,"
	" count(latency_ns) AS timed FROM events WHERE (%s)"
	" GROUP BY trace_id, comm, u, k, probe)";

int flamegraph__parse_stack(const char *s, enum fg_stack *out)
{
	if (!strcmp(s, "both"))
		*out = FG_STACK_BOTH;
	else if (!strcmp(s, "user"))
		*out = FG_STACK_USER;
	else if (!strcmp(s, "kernel"))
		*out = FG_STACK_KERNEL;
	else
		return -1;
	return 0;
}

int flamegraph__parse_weight(const char *s, enum fg_weight *out)
{
	if (!strcmp(s, "count"))
		*out = FG_WEIGHT_COUNT;
	else if (!strcmp(s, "latency"))
		*out = FG_WEIGHT_LATENCY;
	else
		return -1;
	return 0;
}

/* ---- the tree --------------------------------------------------------------- */

/* The child of parent named name[0..len) of kind k, created in order. */
static struct node *child_of(struct node *parent, const char *name,
			     size_t len, enum kind k)
{
	struct node **pp = &parent->child, *n;
	int c = 1;

	for (; *pp; pp = &(*pp)->next) {
		c = strncmp((*pp)->name, name, len);
		if (!c && (*pp)->name[len])
			c = 1;
		if (!c)
			c = (int)(*pp)->kind - (int)k;
		if (c >= 0)
			break;
	}
	if (*pp && !c)
		return *pp;
	n = calloc(1, sizeof(*n));
	if (!n || !(n->name = strndup(name, len))) {
		free(n);
		return NULL;
	}
	n->kind = k;
	n->next = *pp;
	*pp = n;
	return n;
}

/* A step of one group's path: where it is, how deep, what it weighs. */
struct walk {
	struct node *at;	/* NULL once out of memory */
	int depth;
	uint64_t value, count;
};

static void step(struct walk *w, const char *name, size_t len, enum kind k)
{
	if (!w->at || w->depth >= MAX_DEPTH)
		return;
	w->at = child_of(w->at, name, len, k);
	if (w->at) {
		w->at->value += w->value;
		w->at->count += w->count;
		w->depth++;
	}
}

/* Add the frames of s ("a;b;c", may be NULL or ""). */
static void step_folded(struct walk *w, const char *s, enum kind k)
{
	while (s && *s) {
		size_t len = strcspn(s, ";");

		step(w, s, len, k);
		s += len + (s[len] == ';');
	}
}

/* Add one whole name; a ';' in it becomes ':' as folded() does. */
static void step_name(struct walk *w, const char *name, enum kind k)
{
	char *s = strdup(name ? name : "[unknown]"), *p;

	if (!s) {
		w->at = NULL;
		return;
	}
	for (p = s; (p = strchr(p, ';')); )
		*p = ':';
	step(w, s, strlen(s), k);
	free(s);
}

static void free_tree(struct node *n)
{
	while (n) {
		struct node *next = n->next;

		free_tree(n->child);
		free(n->name);
		free(n);
		n = next;
	}
}

/* Merge the event groups of the query into t. Returns 0, -1 or -ENOMEM. */
static int build(sqlite3 *db, const struct flamegraph_opts *o, struct tree *t)
{
	char *sql = sqlite3_mprintf(groups_sql,
				    o->stack == FG_STACK_KERNEL ? "NULL" : "ustack_id",
				    o->stack == FG_STACK_USER ? "NULL" : "kstack_id",
				    o->where ? o->where : "1");
	sqlite3_stmt *st;
	int rc;

	if (!sql || sqlite3_prepare_v2(db, sql, -1, &st, NULL)) {
		sqlite3_free(sql);
		return -1;
	}
	sqlite3_free(sql);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *u = (const char *)sqlite3_column_text(st, 1);
		const char *k = (const char *)sqlite3_column_text(st, 2);
		uint64_t n = (uint64_t)sqlite3_column_int64(st, 4);
		struct walk w = { &t->root, 0, n, n };

		if (o->weight == FG_WEIGHT_LATENCY)
			w.value = (uint64_t)sqlite3_column_int64(st, 5);
		t->root.value += w.value;
		t->root.count += n;
		t->timed += (uint64_t)sqlite3_column_int64(st, 6);
		if ((u && *u) || (k && *k))
			t->stacked += n;
		step_name(&w, (const char *)sqlite3_column_text(st, 0), K_COMM);
		step_folded(&w, u, K_USER);
		step_folded(&w, k, K_KERNEL);
		step_name(&w, (const char *)sqlite3_column_text(st, 3), K_PROBE);
		if (!w.at) {
			sqlite3_finalize(st);
			return -ENOMEM;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The first value of a query as text (sqlite3_free() it), or NULL. */
static char *query_text(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	char *s = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL))
		return NULL;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL)
		s = sqlite3_mprintf("%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return s;
}

/* Why there is nothing to draw, as one line. */
static void explain_empty(sqlite3 *db, const struct flamegraph_opts *o,
			  const struct tree *t)
{
	static const char *const kind[] = { "", "user ", "kernel " };
	static const char *const hint[] = { "", "=user", "=kernel" };
	static const char *const have_sql[] = {
		"SELECT 1 FROM stacks LIMIT 1",
		"SELECT 1 FROM stacks WHERE kind = 'user' LIMIT 1",
		"SELECT 1 FROM stacks WHERE kind = 'kernel' LIMIT 1",
	};
	char *have, *file;

	if (!t->root.count) {
		fprintf(stderr, "analyze: %s\n", o->where ?
			"no event matches the --where predicate" :
			"no events to draw");
		return;
	}
	if (!t->stacked) {
		have = query_text(db, have_sql[o->stack]);
		file = have ? NULL : query_text(db,
			"SELECT CASE count(*) WHEN 1 THEN max(file) END FROM traces");
		if (have)
			fprintf(stderr, "analyze: none of the %llu selected events has a %sstack\n",
				(unsigned long long)t->root.count, kind[o->stack]);
		else if (file)
			fprintf(stderr, "analyze: '%s' has no %sstacks: record it with --stacks%s\n",
				file, kind[o->stack], hint[o->stack]);
		else
			fprintf(stderr, "analyze: the traces have no %sstacks: record them with --stacks%s\n",
				kind[o->stack], hint[o->stack]);
		sqlite3_free(have);
		sqlite3_free(file);
		return;
	}
	fprintf(stderr, "analyze: none of the %llu selected events has a latency (--weight latency)\n",
		(unsigned long long)t->root.count);
}

/* ---- folded lines ------------------------------------------------------------ */

/* Lines for n and below; path[0..depth) are the frames under n. */
static void put_folded(FILE *f, const struct node *n, const struct node **path,
		       int depth)
{
	uint64_t self = n->value;

	path[depth++] = n;
	for (const struct node *c = n->child; c; c = c->next) {
		self -= c->value;
		put_folded(f, c, path, depth);
	}
	if (!self)
		return;
	for (int i = 0; i < depth; i++) {
		if (i)
			fputc(';', f);
		escape__fput(f, path[i]->name, strlen(path[i]->name), ESC_TEXT);
	}
	fprintf(f, " %llu\n", (unsigned long long)self);
}

/* ---- SVG ---------------------------------------------------------------------- */

/* ns as three significant digits, like fmt_ns(): 250ns 42.0us 1.50ms */
static void fmt_dur(char *buf, size_t size, uint64_t ns)
{
	static const char *const unit[] = { "ns", "us", "ms", "s" };
	double v = (double)ns;
	int u = 0;

	while (v >= 999.5 && u < 3) {
		v /= 1000;
		u++;
	}
	if (!u)
		snprintf(buf, size, "%llu%s", (unsigned long long)ns, unit[u]);
	else
		snprintf(buf, size, "%.*f%s", v < 9.995 ? 2 : v < 99.95 ? 1 : 0,
			 v, unit[u]);
}

static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* flamegraph.pl's palettes: red (user), orange (kernel), yellow, aqua */
static void put_colour(FILE *f, const struct node *n)
{
	uint32_t h = name_hash(n->name);
	unsigned a = h % 256, b = (h >> 8) % 256;

	switch (n->kind) {
	case K_USER:
		fprintf(f, "rgb(%u,%u,%u)", 200 + 55 * a / 255, 50 + 80 * b / 255,
			50 + 80 * b / 255);
		break;
	case K_KERNEL:
		fprintf(f, "rgb(%u,%u,0)", 190 + 65 * a / 255, 90 + 65 * a / 255);
		break;
	case K_COMM:
		fprintf(f, "rgb(%u,%u,%u)", 175 + 55 * a / 255, 175 + 55 * a / 255,
			50 + 20 * b / 255);
		break;
	case K_PROBE:
		fprintf(f, "rgb(%u,%u,%u)", 50 + 60 * a / 255, 165 + 55 * a / 255,
			165 + 55 * a / 255);
		break;
	}
}

/* One frame: tooltip, box and the label when it fits. */
static void put_frame(FILE *f, const struct node *n, double x, double w, int y,
		      const struct tree *t, enum fg_weight weight)
{
	size_t fit = w > 3 * CHAR_W ? (size_t)(w / CHAR_W) : 0;
	size_t len = strlen(n->name);
	char dur[32];

	fputs("<g><title>", f);
	escape__fput(f, n->name, len, ESC_XML);
	fputs(" (", f);
	if (weight == FG_WEIGHT_LATENCY) {
		fmt_dur(dur, sizeof(dur), n->value);
		fprintf(f, "%s, ", dur);
	}
	fprintf(f, "%llu event%s, %.2f%%)</title><rect x=\"%.1f\" y=\"%d\" "
		"width=\"%.1f\" height=\"%d\" rx=\"2\" fill=\"",
		(unsigned long long)n->count, n->count == 1 ? "" : "s",
		100.0 * (double)n->value / (double)t->root.value, x, y, w,
		FRAME_H - 1);
	put_colour(f, n);
	fprintf(f, "\"/><text x=\"%.1f\" y=\"%d\">", x + 3, y + FRAME_H - 4);
	/* byte-wise cut; a cut UTF-8 sequence shows as \xNN */
	if (fit)
		escape__fput(f, n->name, len <= fit ? len : fit - 2, ESC_XML);
	fputs(fit && len > fit ? "..</text></g>\n" : "</text></g>\n", f);
}

struct canvas {
	FILE *f;
	const struct tree *t;
	enum fg_weight weight;
	double scale;		/* pixels per unit of weight */
	int bottom;		/* y of the root frame */
};

static void draw(const struct canvas *cv, const struct node *n, double x,
		 int depth)
{
	for (const struct node *c = n->child; c; c = c->next) {
		double w = (double)c->value * cv->scale;

		if (w >= MIN_WIDTH) {
			put_frame(cv->f, c, x, w, cv->bottom - depth * FRAME_H,
				  cv->t, cv->weight);
			draw(cv, c, x, depth + 1);
		}
		x += w;
	}
}

static int depth_of(const struct node *n, int d)
{
	int max = d;

	for (const struct node *c = n->child; c; c = c->next) {
		int cd = depth_of(c, d + 1);

		max = cd > max ? cd : max;
	}
	return max;
}

/*
 * Zoom and details. A frame's ancestors are the frames below it (larger
 * y) that span it; its descendants the frames above it within its span.
 */
static const char script[] =
"<script type=\"text/ecmascript\"><![CDATA[\n"
"var frames = [], details, reset;\n"
"function label(g, w) {\n"
"  var n = g.children[0].textContent.replace(/ \\([^()]*\\)$/, \"\");\n"
"  var c = Math.floor(w / CW);\n"
"  return w <= 3 * CW ? \"\" : n.length <= c ? n : n.slice(0, c - 2) + \"..\";\n"
"}\n"
"function place(g, x, w) {\n"
"  var r = g.children[1], t = g.children[2];\n"
"  r.setAttribute(\"x\", x.toFixed(1));\n"
"  r.setAttribute(\"width\", w.toFixed(1));\n"
"  t.setAttribute(\"x\", (x + 3).toFixed(1));\n"
"  t.textContent = label(g, w);\n"
"  g.style.display = \"\";\n"
"}\n"
"function zoom(z) {\n"
"  var a = z.fg, s = (W - 2 * PAD) / a.w, e = 1e-3;\n"
"  frames.forEach(function (g) {\n"
"    var d = g.fg;\n"
"    g.classList.remove(\"anc\");\n"
"    if (d.y > a.y && d.x <= a.x + e && d.x + d.w >= a.x + a.w - e) {\n"
"      place(g, PAD, W - 2 * PAD);\n"
"      g.classList.add(\"anc\");\n"
"    } else if (d.y <= a.y && d.x >= a.x - e && d.x + d.w <= a.x + a.w + e) {\n"
"      place(g, PAD + (d.x - a.x) * s, d.w * s);\n"
"    } else {\n"
"      g.style.display = \"none\";\n"
"    }\n"
"  });\n"
"  reset.style.display = \"\";\n"
"}\n"
"function unzoom() {\n"
"  frames.forEach(function (g) {\n"
"    g.classList.remove(\"anc\");\n"
"    place(g, g.fg.x, g.fg.w);\n"
"  });\n"
"  reset.style.display = \"none\";\n"
"}\n"
"function init() {\n"
"  details = document.getElementById(\"details\");\n"
"  reset = document.getElementById(\"reset\");\n"
"  reset.onclick = unzoom;\n"
"  var gs = document.getElementById(\"frames\").children;\n"
"  for (var i = 0; i < gs.length; i++) {\n"
"    var g = gs[i], r = g.children[1];\n"
"    g.fg = { x: +r.getAttribute(\"x\"), w: +r.getAttribute(\"width\"),\n"
"             y: +r.getAttribute(\"y\") };\n"
"    frames.push(g);\n"
"    g.onclick = function () { zoom(this); };\n"
"    g.onmouseover = function () {\n"
"      details.textContent = this.children[0].textContent;\n"
"    };\n"
"    g.onmouseout = function () { details.textContent = \"\"; };\n"
"  }\n"
"}\n"
"]]></script>\n";

static void put_head(FILE *f, const struct tree *t,
		     const struct flamegraph_opts *o, int height)
{
	static const char *const stacks[] = { "user and kernel stacks",
					      "user stacks", "kernel stacks" };
	char dur[32];

	fprintf(f, "<?xml version=\"1.0\" standalone=\"no\"?>\n"
		"<svg version=\"1.1\" width=\"%.0f\" height=\"%d\" "
		"viewBox=\"0 0 %.0f %d\" onload=\"init()\" "
		"xmlns=\"http://www.w3.org/2000/svg\">\n"
		"<style>text { font-family: Verdana, sans-serif; font-size: 12px;"
		" fill: #000; } #frames text { pointer-events: none; }"
		" #frames g { cursor: pointer; } #frames rect:hover"
		" { stroke: #000; stroke-width: 0.5; } .anc { opacity: 0.6; }"
		" .t { font-size: 17px; } .s { fill: #555; }</style>\n"
		"<script type=\"text/ecmascript\">var W = %.0f, PAD = %.0f,"
		" CW = %.1f;</script>\n%s"
		"<rect width=\"100%%\" height=\"100%%\" fill=\"#f8f8f0\"/>\n"
		"<text class=\"t\" x=\"%.0f\" y=\"24\" text-anchor=\"middle\">",
		WIDTH, height, WIDTH, height, WIDTH, PAD, CHAR_W, script,
		WIDTH / 2);
	fputs("Flame graph: ", f);
	if (o->where)
		escape__fput(f, o->where, strlen(o->where), ESC_XML);
	else
		fputs("all events", f);
	fprintf(f, "</text>\n<text class=\"s\" x=\"%.0f\" y=\"44\" "
		"text-anchor=\"middle\">%llu events, ", WIDTH / 2,
		(unsigned long long)t->root.count);
	if (o->weight == FG_WEIGHT_LATENCY) {
		fmt_dur(dur, sizeof(dur), t->root.value);
		fprintf(f, "%s, width by latency", dur);
	} else {
		fputs("width by count", f);
	}
	fprintf(f, "; %s; user frames red, kernel orange, probes blue</text>\n"
		"<text id=\"details\" x=\"%.0f\" y=\"%d\"></text>\n"
		"<text id=\"reset\" x=\"%.0f\" y=\"24\" style=\"display: none;"
		" cursor: pointer;\">Reset zoom</text>\n",
		stacks[o->stack], PAD, height - 10, PAD);
}

static void put_svg(FILE *f, const struct tree *t,
		    const struct flamegraph_opts *o)
{
	int levels = depth_of(&t->root, 0) + 1;
	int height = TOP + levels * FRAME_H + BOTTOM;
	struct node all = { .name = "all", .value = t->root.value,
			    .count = t->root.count, .kind = K_COMM };
	struct canvas cv = {
		.f = f, .t = t, .weight = o->weight,
		.scale = (WIDTH - 2 * PAD) / (double)t->root.value,
		.bottom = height - BOTTOM - FRAME_H,
	};

	put_head(f, t, o, height);
	fputs("<g id=\"frames\">\n", f);
	put_frame(f, &all, PAD, WIDTH - 2 * PAD, cv.bottom, t, o->weight);
	draw(&cv, &t->root, PAD, 1);
	fputs("</g>\n</svg>\n", f);
}

int flamegraph__write(struct sqlite3 *db, const struct flamegraph_opts *o,
		      const char *path)
{
	const struct node *trail[MAX_DEPTH + 1];
	struct tree t = { 0 };
	struct outfile of;
	FILE *f;
	int err = build(db, o, &t);

	if (err) {
		if (err == -ENOMEM)
			fprintf(stderr, "analyze: out of memory\n");
		else
			fprintf(stderr, "analyze: SQL error: %s\n", sqlite3_errmsg(db));
		goto out_free;
	}
	if (!t.stacked || !t.root.value) {
		explain_empty(db, o, &t);
		err = -1;
		goto out_free;
	}
	f = export__create(&of, path);
	if (!f) {
		err = -1;
		goto out_free;
	}
	if (o->folded)
		for (const struct node *c = t.root.child; c; c = c->next)
			put_folded(f, c, trail, 0);
	else
		put_svg(f, &t, o);
	err = export__finish(f, &of, 0);
out_free:
	free_tree(t.root.child);
	return err ? -1 : 0;
}
