// SPDX-License-Identifier: MIT
/*
 * flamegraph.c - `analyze --flamegraph FILE.svg [--where PREDICATE]`.
 *
 * Brendan Gregg's flame graph (flamegraph.pl) drawn straight from SQL:
 * events are grouped by (comm, user stack, kernel stack, probe), each
 * group's frames come from folded() (analyzer/sqlfuncs.c), and the counts
 * are merged into a tree whose children are sorted by name, as
 * flamegraph.pl sorts its input. Frame width is proportional to the
 * events below it; the root sits at the bottom. Each frame carries a
 * <title> (the tooltip: name, events, share). Frames narrower than
 * MIN_WIDTH pixels are left out, as flamegraph.pl does. Colours are the
 * "hot" palette, seeded from the frame name so a function keeps its colour
 * from one graph to the next. Names come from the traced machine and are
 * escaped for XML (analyzer/escape.c, ESC_XML).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "escape.h"
#include "flamegraph.h"

#define WIDTH		1200.0	/* image width in pixels */
#define PAD		10.0	/* left and right margin */
#define FRAME_H		16	/* pixels per stack level */
#define TOP		40	/* room for the title */
#define MIN_WIDTH	0.1	/* narrower frames are not drawn */
#define CHAR_W		7.0	/* average glyph width at font-size 12 */
#define MAX_DEPTH	1024	/* comm + 2 * 127 frames + probe, with room */

struct node {
	char *name;
	uint64_t value;		/* events at and above this frame */
	struct node *child;	/* first child, sorted by name */
	struct node *next;	/* next sibling */
};

static const char groups_sql[] =
	"SELECT coalesce(comm, '[unknown]'),"
	" folded(ustack_id, trace_id), folded(kstack_id, trace_id),"
	" probe, n FROM (SELECT trace_id, comm, ustack_id, kstack_id, probe,"
	" count(*) AS n FROM events WHERE (%s)"
	" GROUP BY trace_id, comm, ustack_id, kstack_id, probe)";

/* The child of parent named name[0..len), created in name order. */
static struct node *child_of(struct node *parent, const char *name, size_t len)
{
	struct node **pp = &parent->child, *n;
	int c = 1;

	for (; *pp; pp = &(*pp)->next) {
		c = strncmp((*pp)->name, name, len);
		if (!c && (*pp)->name[len])
			c = 1;
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
	n->next = *pp;
	*pp = n;
	return n;
}

/* Add value along the frames of s ("a;b;c", may be NULL or ""). */
static struct node *add_folded(struct node *at, const char *s, uint64_t value)
{
	while (at && s && *s) {
		size_t len = strcspn(s, ";");

		at = child_of(at, s, len);
		if (at)
			at->value += value;
		s += len + (s[len] == ';');
	}
	return at;
}

static struct node *add_one(struct node *at, const char *name, uint64_t value)
{
	at = at ? child_of(at, name ? name : "[unknown]",
			  strlen(name ? name : "[unknown]")) : NULL;
	if (at)
		at->value += value;
	return at;
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

static int depth_of(const struct node *n, int d)
{
	int max = d;

	for (const struct node *c = n->child; c; c = c->next) {
		int cd = depth_of(c, d + 1);

		max = cd > max ? cd : max;
	}
	return max;
}

static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* One frame: tooltip, box and the label when it fits. */
static void put_frame(FILE *f, const struct node *n, double x, double w,
		      int y, uint64_t total)
{
	uint32_t h = name_hash(n->name);
	size_t fit = w > 3 * CHAR_W ? (size_t)(w / CHAR_W) : 0;
	size_t len = strlen(n->name);

	fputs("<g><title>", f);
	escape__fput(f, n->name, len, ESC_XML);
	fprintf(f, " (%llu events, %.2f%%)</title>", (unsigned long long)n->value,
		100.0 * (double)n->value / (double)total);
	fprintf(f, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
		"fill=\"rgb(%u,%u,%u)\" rx=\"2\"/>", x, y, w, FRAME_H - 1,
		205 + h % 50, (h >> 8) % 230, (h >> 16) % 55);
	if (fit) {
		/* byte-wise cut; a cut UTF-8 sequence shows as \xNN */
		fprintf(f, "<text x=\"%.1f\" y=\"%d\">", x + 3, y + FRAME_H - 4);
		escape__fput(f, n->name, len <= fit ? len : fit - 2, ESC_XML);
		fputs(len <= fit ? "</text>" : "..</text>", f);
	}
	fputs("</g>\n", f);
}

static void draw(FILE *f, const struct node *n, double x, int depth,
		 double scale, uint64_t total, int bottom)
{
	for (const struct node *c = n->child; c; c = c->next) {
		double w = (double)c->value * scale;

		if (w >= MIN_WIDTH) {
			put_frame(f, c, x, w, bottom - (depth + 1) * FRAME_H, total);
			if (depth + 1 < MAX_DEPTH)
				draw(f, c, x, depth + 1, scale, total, bottom);
		}
		x += w;
	}
}

static void put_svg(FILE *f, struct node *root, const char *where)
{
	int depth = depth_of(root, 0) + 1, height = TOP + depth * FRAME_H + 10;
	double scale = root->value ? (WIDTH - 2 * PAD) / (double)root->value : 0;

	fprintf(f, "<?xml version=\"1.0\" standalone=\"no\"?>\n"
		"<svg version=\"1.1\" width=\"%.0f\" height=\"%d\" "
		"viewBox=\"0 0 %.0f %d\" xmlns=\"http://www.w3.org/2000/svg\">\n"
		"<style>text { font-family: Verdana, sans-serif; font-size: 12px;"
		" fill: #000; pointer-events: none; } rect:hover { stroke: #000;"
		" stroke-width: 0.5; } .t { font-size: 17px; }</style>\n"
		"<rect width=\"100%%\" height=\"100%%\" fill=\"#f8f8f0\"/>\n"
		"<text class=\"t\" x=\"%.0f\" y=\"24\" text-anchor=\"middle\">",
		WIDTH, height, WIDTH, height, WIDTH / 2);
	fputs("Flame graph: ", f);
	if (where)
		escape__fput(f, where, strlen(where), ESC_XML);
	else
		fputs("all events", f);
	fprintf(f, " (%llu events)</text>\n", (unsigned long long)root->value);
	{
		struct node all = { .name = "all", .value = root->value };

		if (root->value)
			put_frame(f, &all, PAD, WIDTH - 2 * PAD,
				  height - 10 - FRAME_H, root->value);
	}
	draw(f, root, PAD, 1, scale, root->value, height - 10);
	fputs("</svg>\n", f);
}

/* Merge the event groups of the query into a tree under root. */
static int build(sqlite3 *db, const char *where, struct node *root)
{
	char *sql = sqlite3_mprintf(groups_sql, where ? where : "1");
	sqlite3_stmt *st;
	int rc;

	if (!sql || sqlite3_prepare_v2(db, sql, -1, &st, NULL)) {
		sqlite3_free(sql);
		return -1;
	}
	sqlite3_free(sql);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		uint64_t n = (uint64_t)sqlite3_column_int64(st, 4);
		struct node *at;

		root->value += n;
		at = add_one(root, (const char *)sqlite3_column_text(st, 0), n);
		at = add_folded(at, (const char *)sqlite3_column_text(st, 1), n);
		at = add_folded(at, (const char *)sqlite3_column_text(st, 2), n);
		at = add_one(at, (const char *)sqlite3_column_text(st, 3), n);
		if (!at) {
			sqlite3_finalize(st);
			return -ENOMEM;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int flamegraph__write(struct sqlite3 *db, const char *where, const char *path)
{
	struct node root = { 0 };
	FILE *f;
	int err = build(db, where, &root);

	if (err) {
		if (err == -ENOMEM)
			fprintf(stderr, "analyze: out of memory\n");
		else
			fprintf(stderr, "analyze: SQL error: %s\n",
				sqlite3_errmsg(db));
		free_tree(root.child);
		return -1;
	}
	f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "analyze: cannot create '%s': %s\n", path,
			strerror(errno));
		free_tree(root.child);
		return -1;
	}
	put_svg(f, &root, where);
	free_tree(root.child);
	if (fclose(f)) {
		fprintf(stderr, "analyze: cannot write '%s': %s\n", path,
			strerror(errno));
		return -1;
	}
	return 0;
}
