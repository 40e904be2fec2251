// SPDX-License-Identifier: MIT
/*
 * sqlfuncs.c - SQL functions for queries over a trace.
 *
 * Registered on the database by sqlfuncs__register(); the schema itself
 * never uses them, so a --db file still opens in the stock sqlite3 shell.
 * The same file, built with -DKTRAIL_EXTENSION, is the loadable extension
 * build/ktrail.so (analyzer/extension.c): there every sqlite3_ call goes
 * through the API table the loading SQLite hands over (sqlite3ext.h).
 *
 * No statement stays prepared between calls: the sqlite3 shell closes its
 * database with sqlite3_close(), which refuses while any is. A lookup
 * prepares, steps and finalizes its statement on a miss and keeps the
 * answer in a small cache; the tables it reads are written once, at
 * import.
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
 *                    Exact in bounded memory: past EXTSORT_RUN values a
 *                    group's values go to sorted runs in a temporary file
 *                    (analyzer/extsort.c).
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
 *                    units; 1e12 s and beyond as 1.00e+12s, an infinite
 *                    REAL as inf); NULL for NULL or a non-number.
 * folded(STACK_ID [, TRACE_ID])
 *                    the frames of a stack as "root;...;leaf" (the folded
 *                    format of flamegraph.pl): each frame is its symbol,
 *                    "[module]" without one, or "[unknown]"; ';' inside a
 *                    symbol becomes ':'. NULL for NULL or an unknown id, ''
 *                    for a stack with no frames. Without TRACE_ID the id
 *                    must belong to exactly one trace of the database (an
 *                    SQL error names the ambiguity otherwise).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef KTRAIL_EXTENSION
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3
#else
#include <sqlite3.h>
#endif
#include "extsort.h"
#include "sqlfuncs.h"
#include "schema/errnos.h"

#define FOLD_CACHE 1024	/* folded() strings kept, direct-mapped */
#define ERRNO_CACHE 256	/* errno_name() answers kept, direct-mapped */

enum { Q_ERRNO_OF, Q_ERRNO_ANY, Q_STACK_TRACES, Q_FRAMES, Q_STACK_IN, Q_NR };

static const char *const query_sql[Q_NR] = {
	[Q_ERRNO_OF] = "SELECT name FROM errnos WHERE trace_id = ?2 AND nr = ?1",
	[Q_ERRNO_ANY] = "SELECT name FROM errnos WHERE nr = ?1"
			" ORDER BY trace_id LIMIT 1",
	[Q_STACK_TRACES] = "SELECT trace_id FROM stacks WHERE stack_id = ?1"
			   " LIMIT 2",
	[Q_FRAMES] = "SELECT symbol, module FROM stack_frames"
		     " WHERE trace_id = ?1 AND stack_id = ?2 ORDER BY depth DESC",
	[Q_STACK_IN] = "SELECT 1 FROM stacks WHERE trace_id = ?1"
		       " AND stack_id = ?2",
};

struct fold_entry {
	int64_t trace_id, stack_id;
	int any;		/* filled by the one-argument form */
	char *s;		/* NULL: empty slot */
};

struct errno_entry {
	int64_t trace_id, nr;
	int any;		/* filled by the one-argument form */
	char *s;		/* NULL: empty slot */
};

struct sqlfuncs {
	sqlite3 *db;
	struct fold_entry fold[FOLD_CACHE];
	struct errno_entry err[ERRNO_CACHE];
};

/*
 * Query i prepared, with ?1 and ?2 bound to a and b (a NULL b binds
 * nothing); NULL when it cannot be prepared (not a ktrail database).
 * The caller finalizes it.
 */
static sqlite3_stmt *query(struct sqlfuncs *f, int i, sqlite3_int64 a,
			   sqlite3_value *b)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(f->db, query_sql[i], -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return NULL;
	}
	sqlite3_bind_int64(st, 1, a);
	if (b)
		sqlite3_bind_value(st, 2, b);
	return st;
}

/* query() with ?2 an integer */
static sqlite3_stmt *query2(struct sqlfuncs *f, int i, sqlite3_int64 a,
			    sqlite3_int64 b)
{
	sqlite3_stmt *st = query(f, i, a, NULL);

	if (st)
		sqlite3_bind_int64(st, 2, b);
	return st;
}

/* ---- percentile, median --------------------------------------------------- */

struct pct {
	struct extsort v;	/* the values, in memory or in sorted runs */
	double p;
	int p_set;
	int all_int;
};

/* The runs' file of the values could not be written or read. */
static void pct_io_error(sqlite3_context *ctx, int err)
{
	char *msg = sqlite3_mprintf("percentile: cannot keep its values in a temporary file: %s",
				    strerror(-err));

	sqlite3_result_error(ctx, msg ? msg : "percentile: out of memory", -1);
	sqlite3_free(msg);
}

static void pct_add(sqlite3_context *ctx, sqlite3_value *x, double p)
{
	struct pct *a = sqlite3_aggregate_context(ctx, sizeof(*a));
	int t = sqlite3_value_numeric_type(x), err;

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
	a->all_int &= t == SQLITE_INTEGER;
	err = extsort__add(&a->v, sqlite3_value_double(x));
	if (err == -ENOMEM)
		goto out_nomem;
	if (err)
		pct_io_error(ctx, err);
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

double sqlfuncs__lerp(double a, double b, double t)
{
	if (a == b)
		return a;
	/* b - a overflows when they are far apart on both sides of 0 */
	if ((a < 0) != (b < 0))
		return a * (1 - t) + b * t;
	return a + t * (b - a);
}

static void percentile_final(sqlite3_context *ctx)
{
	struct pct *a = sqlite3_aggregate_context(ctx, 0);
	double r, lo, v, next;
	int err;

	if (!a || !a->v.n) {
		if (a)
			extsort__free(&a->v);
		return;		/* result NULL */
	}
	r = a->p / 100.0 * (double)(a->v.n - 1);
	lo = floor(r);
	err = extsort__ranks(&a->v, (uint64_t)lo, &v, &next);
	extsort__free(&a->v);
	if (err == -ENOMEM) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	if (err) {
		pct_io_error(ctx, err);
		return;
	}
	if (r > lo)
		v = sqlfuncs__lerp(v, next, r - lo);
	if (a->all_int && v == floor(v) && fabs(v) < 9.2e18)
		sqlite3_result_int64(ctx, (sqlite3_int64)v);
	else
		sqlite3_result_double(ctx, v);
}

/* ---- errno_name ------------------------------------------------------------ */

/* The errno name of nr as the database (or this machine) knows it. */
static char *errno_lookup(struct sqlfuncs *f, sqlite3_int64 nr,
			  sqlite3_value *trace_id)
{
	sqlite3_stmt *q = query(f, trace_id ? Q_ERRNO_OF : Q_ERRNO_ANY, nr,
				trace_id);
	char *name = NULL;

	if (q) {
		if (sqlite3_step(q) == SQLITE_ROW)
			name = sqlite3_mprintf("%s", sqlite3_column_text(q, 0));
		else
			name = sqlite3_mprintf("errno %lld", nr);
		sqlite3_finalize(q);
		return name;
	}
	/* not a ktrail database: this machine's names */
	if (errnos__name((int)nr))
		return sqlite3_mprintf("%s", errnos__name((int)nr));
	return sqlite3_mprintf("errno %lld", nr);
}

static void errno_name(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct sqlfuncs *f = sqlite3_user_data(ctx);
	sqlite3_int64 ret, tid = 0;
	struct errno_entry *e;

	if (sqlite3_value_numeric_type(argv[0]) != SQLITE_INTEGER)
		return;
	ret = sqlite3_value_int64(argv[0]);
	if (ret < -4095 || ret > -1)
		return;
	if (argc == 2) {
		/* a trace_id that is no integer names no trace */
		if (sqlite3_value_numeric_type(argv[1]) != SQLITE_INTEGER) {
			sqlite3_result_text(ctx, sqlite3_mprintf("errno %lld", -ret),
					    -1, sqlite3_free);
			return;
		}
		tid = sqlite3_value_int64(argv[1]);
	}
	e = &f->err[((uint64_t)-ret * 31 + (uint64_t)tid) % ERRNO_CACHE];
	if (!e->s || e->nr != -ret || e->trace_id != tid || e->any != (argc == 1)) {
		sqlite3_free(e->s);
		e->s = errno_lookup(f, -ret, argc == 2 ? argv[1] : NULL);
		e->nr = -ret;
		e->trace_id = tid;
		e->any = argc == 1;
		if (!e->s) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
	}
	sqlite3_result_text(ctx, e->s, -1, SQLITE_TRANSIENT);
}

/* ---- fmt_ns ---------------------------------------------------------------- */

char *sqlfuncs__fmt_ns(double ns, char *buf, size_t size)
{
	static const struct { const char *unit; double scale; } u[] = {
		{ "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 },
	};
	const char *sign = ns < 0 ? "-" : "";
	double a = fabs(ns);

	if (isinf(a)) {
		snprintf(buf, size, "%sinf", sign);
		return buf;
	}
	if (a >= 1e21) {	/* 1e12 s and beyond: no clock counts that far */
		snprintf(buf, size, "%s%.2es", sign, a / 1e9);
		return buf;
	}
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
	sqlite3_stmt *q = query2(f, Q_FRAMES, tid, sid);
	char *acc = NULL;

	if (!q)
		return sqlite3_mprintf("");
	while (sqlite3_step(q) == SQLITE_ROW) {
		acc = fold_frame(acc, (const char *)sqlite3_column_text(q, 0),
				 (const char *)sqlite3_column_text(q, 1));
		if (!acc)
			break;
	}
	sqlite3_finalize(q);
	return acc ? acc : sqlite3_mprintf("");
}

/* Which trace holds stack sid: 0 none, -1 several (error set). */
static sqlite3_int64 stack_trace(sqlite3_context *ctx, struct sqlfuncs *f,
				 sqlite3_int64 sid)
{
	sqlite3_stmt *q = query(f, Q_STACK_TRACES, sid, NULL);
	sqlite3_int64 tid = 0;
	int n = 0;

	if (!q)
		return 0;
	while (sqlite3_step(q) == SQLITE_ROW) {
		tid = sqlite3_column_int64(q, 0);
		n++;
	}
	sqlite3_finalize(q);
	if (n > 1) {
		sqlite3_result_error(ctx, "folded: this stack id is in several traces; use folded(stack_id, trace_id)", -1);
		return -1;
	}
	return tid;
}

static int stack_exists(struct sqlfuncs *f, sqlite3_int64 tid,
			sqlite3_int64 sid)
{
	sqlite3_stmt *q = query2(f, Q_STACK_IN, tid, sid);
	int found;

	if (!q)
		return 0;
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

static void sqlfuncs_destroy(void *p)
{
	struct sqlfuncs *f = p;

	for (int i = 0; i < FOLD_CACHE; i++)
		sqlite3_free(f->fold[i].s);
	for (int i = 0; i < ERRNO_CACHE; i++)
		sqlite3_free(f->err[i].s);
	sqlite3_free(f);
}

int sqlfuncs__add(struct sqlite3 *db, int owned, struct sqlfuncs **out)
{
	const int det = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	const int rd = SQLITE_UTF8;
	struct sqlfuncs *f = sqlite3_malloc(sizeof(*f));
	int rc = SQLITE_OK;

	if (!f)
		return SQLITE_NOMEM;
	memset(f, 0, sizeof(*f));
	f->db = db;
	if (!rc)
		rc = sqlite3_create_function(db, "percentile", 2, det, NULL, NULL,
					     percentile_step, percentile_final);
	if (!rc)
		rc = sqlite3_create_function(db, "median", 1, det, NULL, NULL,
					     median_step, percentile_final);
	if (!rc)
		rc = sqlite3_create_function(db, "fmt_ns", 1, det, NULL, fmt_ns,
					     NULL, NULL);
	if (!rc)
		rc = sqlite3_create_function(db, "errno_name", 1, rd, f,
					     errno_name, NULL, NULL);
	if (!rc)
		rc = sqlite3_create_function(db, "errno_name", 2, rd, f,
					     errno_name, NULL, NULL);
	if (!rc)
		rc = sqlite3_create_function(db, "folded", 1, rd, f, folded,
					     NULL, NULL);
	if (rc) {
		sqlfuncs_destroy(f);
		return rc;
	}
	/* last: when owned, SQLite frees f from here on, even on failure */
	rc = sqlite3_create_function_v2(db, "folded", 2, rd, f, folded, NULL,
					NULL, owned ? sqlfuncs_destroy : NULL);
	if (rc && !owned)
		sqlfuncs_destroy(f);
	if (out)
		*out = rc || owned ? NULL : f;
	return rc;
}

#ifndef KTRAIL_EXTENSION
struct sqlfuncs *sqlfuncs__register(struct sqlite3 *db)
{
	struct sqlfuncs *f = NULL;

	if (sqlfuncs__add(db, 0, &f)) {
		fprintf(stderr, "analyze: cannot register SQL functions: %s\n",
			sqlite3_errmsg(db));
		return NULL;
	}
	return f;
}

void sqlfuncs__free(struct sqlfuncs *f)
{
	if (f)
		sqlfuncs_destroy(f);
}
#endif
