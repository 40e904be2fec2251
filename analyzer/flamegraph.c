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
 * The SVG is drawn by analyzer/flamesvg.c.
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
#include "flamesvg.h"
#include "flametree.h"

#define MAX_DEPTH	1024	/* deeper frames merge into the last level */

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
static struct fg_node *child_of(struct fg_node *parent, const char *name,
			     size_t len, enum fg_kind k)
{
	struct fg_node **pp = &parent->child, *n;
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
	struct fg_node *at;	/* NULL once out of memory */
	int depth;
	uint64_t value, count;
};

static void step(struct walk *w, const char *name, size_t len, enum fg_kind k)
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
static void step_folded(struct walk *w, const char *s, enum fg_kind k)
{
	while (s && *s) {
		size_t len = strcspn(s, ";");

		step(w, s, len, k);
		s += len + (s[len] == ';');
	}
}

/* Add one whole name; a ';' in it becomes ':' as folded() does. */
static void step_name(struct walk *w, const char *name, enum fg_kind k)
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

static void free_tree(struct fg_node *n)
{
	while (n) {
		struct fg_node *next = n->next;

		free_tree(n->child);
		free(n->name);
		free(n);
		n = next;
	}
}

/* Merge the event groups of the query into t. Returns 0, -1 or -ENOMEM. */
static int build(sqlite3 *db, const struct flamegraph_opts *o, struct fg_tree *t)
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
			  const struct fg_tree *t)
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
static void put_folded(FILE *f, const struct fg_node *n, const struct fg_node **path,
		       int depth)
{
	uint64_t self = n->value;

	path[depth++] = n;
	for (const struct fg_node *c = n->child; c; c = c->next) {
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

int flamegraph__write(struct sqlite3 *db, const struct flamegraph_opts *o,
		      const char *path)
{
	const struct fg_node *trail[MAX_DEPTH + 1];
	struct fg_tree t = { 0 };
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
		for (const struct fg_node *c = t.root.child; c; c = c->next)
			put_folded(f, c, trail, 0);
	else
		flamesvg__write(f, &t, o);
	err = export__finish(f, &of, 0);
out_free:
	free_tree(t.root.child);
	return err ? -1 : 0;
}
