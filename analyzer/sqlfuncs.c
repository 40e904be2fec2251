// SPDX-License-Identifier: MIT
/*
 * sqlfuncs.c - SQL functions for queries over a trace.
 *
 * Registered on the database by sqlfuncs__register(); the schema itself
 * never uses them, so a --db file still opens in the stock sqlite3 shell.
 *
 * percentile(X, P)   aggregate. P is a number from 0 to 100 and the same on
 *                    every row of a group. NULL values of X are ignored; any
 *                    other X must be numeric. With the n non-NULL values
 *                    sorted as v[0] <= ... <= v[n-1], the result is linear
 *                    interpolation between the closest ranks:
 *                        r = P/100 * (n-1),  lo = floor(r),
 *                        result = v[lo] + (r - lo) * (v[lo+1] - v[lo])
 *                    (numpy's default "linear" method; P=0 is the minimum,
 *                    P=100 the maximum). NULL when there is no value. The
 *                    result is an INTEGER when all values are integers and
 *                    it is whole, else a REAL. A bad P is an SQL error.
 * median(X)          percentile(X, 50).
 * errno_name(RET [, TRACE_ID])
 *                    the errno name of a failed call's return value: NULL
 *                    unless RET is an integer in -4095..-1; else the name
 *                    of -RET in the errnos table (the recording machine's)
 *                    of trace TRACE_ID, or, without TRACE_ID, of the lowest
 *                    trace_id that names it; 'errno N' when none does. The
 *                    events.errno column holds the same value.
 * fmt_ns(NS)         a duration in ns as text with three significant
 *                    digits: 250ns, 42.0us, 1.50ms, 2.50s (never larger
 *                    units); NULL for NULL or a non-number.
 * folded(STACK_ID [, TRACE_ID])
 *                    the frames of a stack as "root;...;leaf" (the folded
 *                    format of flamegraph.pl): each frame is its symbol,
 *                    "[module]" without one, or "[unknown]"; ';' inside a
 *                    symbol becomes ':'. NULL for NULL or an unknown id, ''
 *                    for a stack with no frames. Without TRACE_ID the id
 *                    must belong to exactly one trace of the database (an
 *                    SQL error names the ambiguity otherwise).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "sqlfuncs.h"

static const struct { int nr; const char *name; } local_errnos[] = {
#include "errno_names.inc"
};

#define FOLD_CACHE 1024	/* folded() strings kept, direct-mapped */

enum { Q_ERRNO_OF, Q_ERRNO_ANY, Q_STACK_TRACES, Q_FRAMES, Q_NR };

static const char *const query_sql[Q_NR] = {
	[Q_ERRNO_OF] = "SELECT name FROM errnos WHERE trace_id = ?2 AND nr = ?1",
	[Q_ERRNO_ANY] = "SELECT name FROM errnos WHERE nr = ?1"
			" ORDER BY trace_id LIMIT 1",
	[Q_STACK_TRACES] = "SELECT trace_id FROM stacks WHERE stack_id = ?1"
			   " LIMIT 2",
	[Q_FRAMES] = "SELECT symbol, module FROM stack_frames"
		     " WHERE trace_id = ?1 AND stack_id = ?2 ORDER BY depth DESC",
};

struct fold_entry {
	int64_t trace_id, stack_id;
	int any;		/* filled by the one-argument form */
	char *s;		/* NULL: empty slot */
};

struct sqlfuncs {
	sqlite3 *db;
	sqlite3_stmt *q[Q_NR];
	int q_failed[Q_NR];	/* no such table: do without */
	struct fold_entry fold[FOLD_CACHE];
};

/* The statement for query i, prepared on first use; NULL if impossible. */
static sqlite3_stmt *query(struct sqlfuncs *f, int i)
{
	if (!f->q[i] && !f->q_failed[i] &&
	    sqlite3_prepare_v2(f->db, query_sql[i], -1, &f->q[i], NULL))
		f->q_failed[i] = 1;
	return f->q[i];
}

/* ---- percentile, median --------------------------------------------------- */

struct pct {
	double *v;
	size_t n, cap;
	double p;
	int p_set;
	int all_int;
};

static void pct_add(sqlite3_context *ctx, sqlite3_value *x, double p)
{
	struct pct *a = sqlite3_aggregate_context(ctx, sizeof(*a));
	int t = sqlite3_value_numeric_type(x);

	if (!a)
		goto out_nomem;
	if (!a->p_set) {
		a->p = p;
		a->p_set = 1;
		a->all_int = 1;
	} else if (a->p != p) {
		sqlite3_result_error(ctx, "percentile: P must be the same on every row", -1);
		return;
	}
	if (t == SQLITE_NULL)
		return;
	if (t != SQLITE_INTEGER && t != SQLITE_FLOAT) {
		sqlite3_result_error(ctx, "percentile: X must be a number", -1);
		return;
	}
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 256;
		double *v = sqlite3_realloc64(a->v, cap * sizeof(*v));

		if (!v)
			goto out_nomem;
		a->v = v;
		a->cap = cap;
	}
	a->all_int &= t == SQLITE_INTEGER;
	a->v[a->n++] = sqlite3_value_double(x);
	return;
out_nomem:
	sqlite3_result_error_nomem(ctx);
}

static void percentile_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	int t = sqlite3_value_numeric_type(argv[1]);
	double p = sqlite3_value_double(argv[1]);

	(void)argc;
	if ((t != SQLITE_INTEGER && t != SQLITE_FLOAT) || !(p >= 0 && p <= 100)) {
		sqlite3_result_error(ctx, "percentile: P must be a number from 0 to 100", -1);
		return;
	}
	pct_add(ctx, argv[0], p);
}

static void median_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	pct_add(ctx, argv[0], 50);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void percentile_final(sqlite3_context *ctx)
{
	struct pct *a = sqlite3_aggregate_context(ctx, 0);
	double r, lo, v;
	size_t i;

	if (!a || !a->n) {
		if (a)
			sqlite3_free(a->v);
		return;		/* result NULL */
	}
	qsort(a->v, a->n, sizeof(*a->v), cmp_double);
	r = a->p / 100.0 * (double)(a->n - 1);
	lo = floor(r);
	i = (size_t)lo;
	v = a->v[i];
	if (i + 1 < a->n && r > lo)
		v += (r - lo) * (a->v[i + 1] - a->v[i]);
	if (a->all_int && v == floor(v) && fabs(v) < 9.2e18)
		sqlite3_result_int64(ctx, (sqlite3_int64)v);
	else
		sqlite3_result_double(ctx, v);
	sqlite3_free(a->v);
}

/* ---- errno_name ------------------------------------------------------------ */

static void errno_name(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct sqlfuncs *f = sqlite3_user_data(ctx);
	sqlite3_stmt *q;
	sqlite3_int64 ret;

	if (sqlite3_value_numeric_type(argv[0]) != SQLITE_INTEGER)
		return;
	ret = sqlite3_value_int64(argv[0]);
	if (ret < -4095 || ret > -1)
		return;
	q = query(f, argc == 2 ? Q_ERRNO_OF : Q_ERRNO_ANY);
	if (q) {
		sqlite3_bind_int64(q, 1, -ret);
		if (argc == 2)
			sqlite3_bind_value(q, 2, argv[1]);
		if (sqlite3_step(q) == SQLITE_ROW) {
			sqlite3_result_text(ctx, (const char *)sqlite3_column_text(q, 0),
					    -1, SQLITE_TRANSIENT);
			sqlite3_reset(q);
			return;
		}
		sqlite3_reset(q);
	} else {
		/* not a ktrail database: this machine's names */
		for (size_t i = 0; i < sizeof(local_errnos) / sizeof(local_errnos[0]); i++)
			if (local_errnos[i].nr == -ret) {
				sqlite3_result_text(ctx, local_errnos[i].name, -1,
						    SQLITE_STATIC);
				return;
			}
	}
	sqlite3_result_text(ctx, sqlite3_mprintf("errno %lld", -ret), -1,
			    sqlite3_free);
}

/* ---- fmt_ns ---------------------------------------------------------------- */

char *sqlfuncs__fmt_ns(double ns, char *buf, size_t size)
{
	static const struct { const char *unit; double scale; } u[] = {
		{ "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 },
	};
	const char *sign = ns < 0 ? "-" : "";
	double a = fabs(ns);

	if (a < 999.5) {
		snprintf(buf, size, "%s%.0fns", sign, a);
		return buf;
	}
	for (size_t i = 0; i < sizeof(u) / sizeof(u[0]); i++) {
		double v = a / u[i].scale;

		/* pick the precision after rounding: 9.996 -> 10.0, not 10.00 */
		if (v < 9.995)
			snprintf(buf, size, "%s%.2f%s", sign, v, u[i].unit);
		else if (v < 99.95)
			snprintf(buf, size, "%s%.1f%s", sign, v, u[i].unit);
		else if (v < 999.5 || i + 1 == sizeof(u) / sizeof(u[0]))
			snprintf(buf, size, "%s%.0f%s", sign, v, u[i].unit);
		else
			continue;
		return buf;
	}
	return buf;
}

static void fmt_ns(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	int t = sqlite3_value_numeric_type(argv[0]);
	char buf[64];

	(void)argc;
	if (t != SQLITE_INTEGER && t != SQLITE_FLOAT)
		return;
	sqlfuncs__fmt_ns(sqlite3_value_double(argv[0]), buf, sizeof(buf));
	sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

/* ---- folded ---------------------------------------------------------------- */

/* Append one frame's text; returns the new string or NULL (ENOMEM). */
static char *fold_frame(char *acc, const char *sym, const char *mod)
{
	const char *base = mod ? strrchr(mod, '/') : NULL;
	char *s, *p;

	if (sym)
		s = sqlite3_mprintf("%z%s%s", acc, acc ? ";" : "", sym);
	else
		s = sqlite3_mprintf("%z%s[%s]", acc, acc ? ";" : "",
				    mod ? (base ? base + 1 : mod) : "unknown");
	if (s && sym)
		for (p = s + strlen(s) - strlen(sym); *p; p++)
			if (*p == ';')
				*p = ':';
	return s;
}

/* The folded string of a stack known to be in trace tid; NULL on ENOMEM. */
static char *fold_stack(struct sqlfuncs *f, sqlite3_int64 tid,
			sqlite3_int64 sid)
{
	sqlite3_stmt *q = query(f, Q_FRAMES);
	char *acc = NULL;

	if (!q)
		return sqlite3_mprintf("");
	sqlite3_bind_int64(q, 1, tid);
	sqlite3_bind_int64(q, 2, sid);
	while (sqlite3_step(q) == SQLITE_ROW) {
		acc = fold_frame(acc, (const char *)sqlite3_column_text(q, 0),
				 (const char *)sqlite3_column_text(q, 1));
		if (!acc)
			break;
	}
	sqlite3_reset(q);
	return acc ? acc : sqlite3_mprintf("");
}

/* Which trace holds stack sid: 0 none, -1 several (error set). */
static sqlite3_int64 stack_trace(sqlite3_context *ctx, struct sqlfuncs *f,
				 sqlite3_int64 sid)
{
	sqlite3_stmt *q = query(f, Q_STACK_TRACES);
	sqlite3_int64 tid = 0;
	int n = 0;

	if (!q)
		return 0;
	sqlite3_bind_int64(q, 1, sid);
	while (sqlite3_step(q) == SQLITE_ROW) {
		tid = sqlite3_column_int64(q, 0);
		n++;
	}
	sqlite3_reset(q);
	if (n > 1) {
		sqlite3_result_error(ctx, "folded: this stack id is in several traces; use folded(stack_id, trace_id)", -1);
		return -1;
	}
	return tid;
}

static int stack_exists(struct sqlfuncs *f, sqlite3_int64 tid,
			sqlite3_int64 sid)
{
	sqlite3_stmt *q;
	int found = 0;

	if (sqlite3_prepare_v2(f->db, "SELECT 1 FROM stacks WHERE trace_id = ?1"
			       " AND stack_id = ?2", -1, &q, NULL))
		return 0;
	sqlite3_bind_int64(q, 1, tid);
	sqlite3_bind_int64(q, 2, sid);
	found = sqlite3_step(q) == SQLITE_ROW;
	sqlite3_finalize(q);
	return found;
}

static void folded(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct sqlfuncs *f = sqlite3_user_data(ctx);
	sqlite3_int64 sid, tid;
	struct fold_entry *e;

	if (sqlite3_value_numeric_type(argv[0]) != SQLITE_INTEGER ||
	    (argc == 2 && sqlite3_value_numeric_type(argv[1]) != SQLITE_INTEGER))
		return;
	sid = sqlite3_value_int64(argv[0]);
	tid = argc == 2 ? sqlite3_value_int64(argv[1]) : 0;
	e = &f->fold[((uint64_t)sid * 31 + (uint64_t)tid) % FOLD_CACHE];
	if (e->s && e->stack_id == sid &&
	    (argc == 1 ? e->any : e->trace_id == tid)) {
		sqlite3_result_text(ctx, e->s, -1, SQLITE_TRANSIENT);
		return;
	}
	if (argc == 1 && (tid = stack_trace(ctx, f, sid)) <= 0)
		return;
	if (argc == 2 && !stack_exists(f, tid, sid))
		return;
	sqlite3_free(e->s);
	e->s = fold_stack(f, tid, sid);
	e->trace_id = tid;
	e->stack_id = sid;
	e->any = argc == 1;
	if (!e->s) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	sqlite3_result_text(ctx, e->s, -1, SQLITE_TRANSIENT);
}

/* ---- registration ---------------------------------------------------------- */

struct sqlfuncs *sqlfuncs__register(struct sqlite3 *db)
{
	struct sqlfuncs *f = calloc(1, sizeof(*f));
	const int det = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	const int rd = SQLITE_UTF8;
	int rc = 0;

	if (!f) {
		fprintf(stderr, "analyze: out of memory\n");
		return NULL;
	}
	f->db = db;
	rc |= sqlite3_create_function(db, "percentile", 2, det, NULL, NULL,
				      percentile_step, percentile_final);
	rc |= sqlite3_create_function(db, "median", 1, det, NULL, NULL,
				      median_step, percentile_final);
	rc |= sqlite3_create_function(db, "fmt_ns", 1, det, NULL, fmt_ns,
				      NULL, NULL);
	for (int argc = 1; argc <= 2; argc++) {
		rc |= sqlite3_create_function(db, "errno_name", argc, rd, f,
					      errno_name, NULL, NULL);
		rc |= sqlite3_create_function(db, "folded", argc, rd, f,
					      folded, NULL, NULL);
	}
	if (rc) {
		fprintf(stderr, "analyze: cannot register SQL functions: %s\n",
			sqlite3_errmsg(db));
		sqlfuncs__free(f);
		return NULL;
	}
	return f;
}

void sqlfuncs__free(struct sqlfuncs *f)
{
	if (!f)
		return;
	for (int i = 0; i < Q_NR; i++)
		sqlite3_finalize(f->q[i]);
	for (int i = 0; i < FOLD_CACHE; i++)
		sqlite3_free(f->fold[i].s);
	free(f);
}
