// SPDX-License-Identifier: MIT
/*
 * evbatch.c - events held in memory and inserted a batch at a time.
 *
 * Events are nearly all the rows of an import. They wait in an array, and
 * "INSERT INTO event_rows ... SELECT ... FROM pending_events" copies up to
 * EVENT_BATCH of them per step, read through a virtual table over that
 * array. Binding 17 parameters per row cost more than SQLite's own work
 * for the row; xColumn() hands each value straight to the VDBE register.
 *
 * A column with one value in every event of the batch (NULL included:
 * the stacks, mostly) is a parameter of the statement instead, bound once
 * per batch: reading a parameter is a register copy, an xColumn() call
 * is ten times that. In a loop most columns are such (pid, tid, comm,
 * probe, ret, the arguments). One statement per set of such columns,
 * prepared when first needed and kept in a small cache.
 *
 * pending_events is an eponymous virtual table registered on the
 * connection while a struct evbatch lives: it is not in the database
 * file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "callargs.h"
#include "evbatch.h"

/*
 * Events per INSERT. Past a few hundred rows the statement's fixed cost
 * no longer shows (256 to 4096: the same); the array is EVENT_BATCH * 120
 * bytes.
 */
#define EVENT_BATCH	1024

/* event_rows' columns, in the order of enum ev_col */
#define EVENT_COLS	"trace_id, ts_ns, pid, tid, comm_id, cpu, probe_id," \
			" ret, latency_ns, kstack_id, ustack_id," \
			" arg0, arg1, arg2, arg3, arg4, arg5, path, args, addr"

enum ev_col {
	C_TRACE, C_TS, C_PID, C_TID, C_COMM, C_CPU, C_PROBE, C_RET, C_LATENCY,
	C_KSTACK, C_USTACK, C_ARG0, C_PATH = C_ARG0 + KT_NARGS, C_ARGS, C_ADDR,
	C_NR,
};

#define NTEXT		(C_NR - C_PATH)	/* the text columns, last */

static const char *const col_names[C_NR] = {
	"trace_id", "ts_ns", "pid", "tid", "comm_id", "cpu", "probe_id", "ret",
	"latency_ns", "kstack_id", "ustack_id", "arg0", "arg1", "arg2", "arg3",
	"arg4", "arg5", "path", "args", "addr",
};

/*
 * Statements kept, one per set of bound columns: a loop needs one or two,
 * and a batch whose set is not kept costs one prepare more.
 */
#define NSTMT	32

struct evbatch_event {
	struct kt_event e;
	int64_t ts;
	int64_t comm;
	int nargs;		/* args[nargs..] are NULL; 0 without args */
	uint32_t text_off[NTEXT];	/* path, args, addr in evbatch.text */
	int32_t text_len[NTEXT];	/* -1: NULL */
};

struct evbatch {
	sqlite3 *db;
	struct {
		uint32_t bound;		/* bit c: column c is parameter ?c+1 */
		sqlite3_stmt *st;	/* events_sql(bound), or NULL */
	} ins[NSTMT];
	int nextslot;			/* the slot a new statement takes */
	int tid;			/* trace_id of the held events */
	int nev;
	uint32_t same;			/* bit c: ev[] agree on column c */
	char *text;			/* the held events' text columns */
	size_t text_len, text_cap;
	struct evbatch_event ev[EVENT_BATCH];
};

/* Column col of an event: 1 with *v set, or 0 for NULL. */
static int ev_value(const struct evbatch_event *pe, int col, int64_t *v)
{
	const struct kt_event *e = &pe->e;

	switch (col) {
	case C_TS:	*v = pe->ts; return 1;
	case C_PID:	*v = e->pid; return 1;
	case C_TID:	*v = e->tid; return 1;
	case C_COMM:	*v = pe->comm; return pe->comm >= 0;
	case C_CPU:	*v = e->cpu; return 1;
	case C_PROBE:	*v = e->probe; return 1;
	case C_RET:	*v = e->ret; return !!(e->flags & KT_EV_RET);
	case C_LATENCY:
		*v = (int64_t)e->latency_ns;
		return !!(e->flags & KT_EV_LATENCY);
	case C_KSTACK:	*v = e->kstack; return !!(e->flags & KT_EV_KSTACK);
	case C_USTACK:	*v = e->ustack; return !!(e->flags & KT_EV_USTACK);
	default:
		if (col < C_ARG0 || col >= C_NR)
			return 0;
		*v = (int64_t)e->args[col - C_ARG0];
		return col - C_ARG0 < pe->nargs;
	}
}

/* Text column col of an event: 1 with *s and *len set, or 0 for NULL. */
static int ev_text(const struct evbatch *p, const struct evbatch_event *pe,
		   int col, const char **s, int *len)
{
	int i = col - C_PATH;

	if (i < 0 || i >= NTEXT || pe->text_len[i] < 0)
		return 0;
	*s = p->text + pe->text_off[i];
	*len = pe->text_len[i];
	return 1;
}

/* An optional value differs: present in one only, or two values. */
static uint32_t opt_differs(unsigned fa, unsigned fb, unsigned flag, int64_t x,
			    int64_t y)
{
	return ((fa ^ fb) & flag) || ((fa & flag) && x != y);
}

/*
 * The columns on which two events disagree, as bits of enum ev_col: the
 * same answer as ev_value() on every column, without its switch (it runs
 * for every event).
 */
static uint32_t differ(const struct evbatch *p, const struct evbatch_event *a,
		       const struct evbatch_event *b)
{
	const struct kt_event *x = &a->e, *y = &b->e;
	uint8_t fx = x->flags, fy = y->flags;
	uint32_t d;

	d = (uint32_t)(a->ts != b->ts) << C_TS |
	    (uint32_t)(x->pid != y->pid) << C_PID |
	    (uint32_t)(x->tid != y->tid) << C_TID |
	    (uint32_t)((a->comm < 0) != (b->comm < 0) ||
		       (a->comm >= 0 && a->comm != b->comm)) << C_COMM |
	    (uint32_t)(x->cpu != y->cpu) << C_CPU |
	    (uint32_t)(x->probe != y->probe) << C_PROBE |
	    opt_differs(fx, fy, KT_EV_RET, x->ret, y->ret) << C_RET |
	    opt_differs(fx, fy, KT_EV_LATENCY, (int64_t)x->latency_ns,
			(int64_t)y->latency_ns) << C_LATENCY |
	    opt_differs(fx, fy, KT_EV_KSTACK, x->kstack, y->kstack) << C_KSTACK |
	    opt_differs(fx, fy, KT_EV_USTACK, x->ustack, y->ustack) << C_USTACK;
	for (int i = 0; i < KT_NARGS; i++)
		d |= opt_differs(i < a->nargs, i < b->nargs, 1,
				 (int64_t)x->args[i], (int64_t)y->args[i])
		     << (C_ARG0 + i);
	for (int i = 0; i < NTEXT; i++)
		d |= (uint32_t)(a->text_len[i] != b->text_len[i] ||
				(a->text_len[i] > 0 &&
				 memcmp(p->text + a->text_off[i],
					p->text + b->text_off[i],
					(size_t)a->text_len[i]))) << (C_PATH + i);
	return d;
}

/* ---- pending_events: a virtual table over evbatch.ev -------------------- */

struct evbatch_vtab {
	sqlite3_vtab base;
	struct evbatch *p;
};

struct evbatch_cursor {
	sqlite3_vtab_cursor base;
	const struct evbatch *p;
	int i;				/* the row: p->ev[i] */
};

static int pv_connect(sqlite3 *db, void *aux, int argc,
		      const char *const *argv, sqlite3_vtab **vtab, char **err)
{
	struct evbatch_vtab *v;
	int rc;

	(void)argc;
	(void)argv;
	(void)err;
	rc = sqlite3_declare_vtab(db, "CREATE TABLE x(" EVENT_COLS ")");
	if (rc != SQLITE_OK)
		return rc;
	v = sqlite3_malloc(sizeof(*v));
	if (!v)
		return SQLITE_NOMEM;
	memset(v, 0, sizeof(*v));
	v->p = aux;
	*vtab = &v->base;
	return SQLITE_OK;
}

static int pv_disconnect(sqlite3_vtab *vtab)
{
	sqlite3_free(vtab);
	return SQLITE_OK;
}

/* One way to read it: every row, in order. */
static int pv_best_index(sqlite3_vtab *vtab, sqlite3_index_info *info)
{
	(void)vtab;
	info->estimatedCost = EVENT_BATCH;
	info->estimatedRows = EVENT_BATCH;
	return SQLITE_OK;
}

static int pv_open(sqlite3_vtab *vtab, sqlite3_vtab_cursor **cur)
{
	struct evbatch_cursor *c = sqlite3_malloc(sizeof(*c));

	if (!c)
		return SQLITE_NOMEM;
	memset(c, 0, sizeof(*c));
	c->p = ((struct evbatch_vtab *)vtab)->p;
	*cur = &c->base;
	return SQLITE_OK;
}

static int pv_close(sqlite3_vtab_cursor *cur)
{
	sqlite3_free(cur);
	return SQLITE_OK;
}

static int pv_filter(sqlite3_vtab_cursor *cur, int idx, const char *idx_str,
		     int argc, sqlite3_value **argv)
{
	(void)idx;
	(void)idx_str;
	(void)argc;
	(void)argv;
	((struct evbatch_cursor *)cur)->i = 0;
	return SQLITE_OK;
}

static int pv_next(sqlite3_vtab_cursor *cur)
{
	((struct evbatch_cursor *)cur)->i++;
	return SQLITE_OK;
}

static int pv_eof(sqlite3_vtab_cursor *cur)
{
	const struct evbatch_cursor *c = (const struct evbatch_cursor *)cur;

	return c->i >= c->p->nev;
}

/* A value the event lacks stays NULL: SQLite's default for xColumn. */
static int pv_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
	const struct evbatch_cursor *c = (const struct evbatch_cursor *)cur;
	const char *s;
	int64_t v;
	int len;

	if (col == C_TRACE)
		sqlite3_result_int(ctx, c->p->tid);
	else if (col >= C_PATH) {
		if (ev_text(c->p, &c->p->ev[c->i], col, &s, &len))
			sqlite3_result_text(ctx, s, len, SQLITE_STATIC);
	} else if (ev_value(&c->p->ev[c->i], col, &v))
		sqlite3_result_int64(ctx, v);
	return SQLITE_OK;
}

static int pv_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
	*rowid = ((const struct evbatch_cursor *)cur)->i;
	return SQLITE_OK;
}

/* No xCreate: eponymous only, never in the schema. */
static const sqlite3_module evbatch_module = {
	.xConnect = pv_connect,
	.xBestIndex = pv_best_index,
	.xDisconnect = pv_disconnect,
	.xOpen = pv_open,
	.xClose = pv_close,
	.xFilter = pv_filter,
	.xNext = pv_next,
	.xEof = pv_eof,
	.xColumn = pv_column,
	.xRowid = pv_rowid,
};

/* ---- the batch ---------------------------------------------------------- */

/*
 * "INSERT INTO event_rows ... SELECT ?1, ts_ns, ?3, ... FROM pending_events":
 * column c is parameter ?c+1 when bit c of bound is set. ?1 is the
 * trace_id.
 */
static char *events_sql(uint32_t bound)
{
	sqlite3_str *q = sqlite3_str_new(NULL);

	sqlite3_str_appendall(q, "INSERT INTO event_rows (" EVENT_COLS
			      ") SELECT ?1");
	for (int c = C_TRACE + 1; c < C_NR; c++) {
		if (bound & (1u << c))
			sqlite3_str_appendf(q, ", ?%d", c + 1);
		else
			sqlite3_str_appendf(q, ", %s", col_names[c]);
	}
	sqlite3_str_appendall(q, " FROM pending_events");
	return sqlite3_str_finish(q);
}

/* The statement for bound, prepared when not kept; NULL after printing. */
static sqlite3_stmt *events_stmt(struct evbatch *p, uint32_t bound)
{
	char *sql;
	int i, rc;

	for (i = 0; i < NSTMT; i++)
		if (p->ins[i].st && p->ins[i].bound == bound)
			return p->ins[i].st;
	i = p->nextslot;
	p->nextslot = (i + 1) % NSTMT;
	sqlite3_finalize(p->ins[i].st);
	p->ins[i].st = NULL;
	sql = events_sql(bound);
	rc = sql ? sqlite3_prepare_v3(p->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
				      &p->ins[i].st, NULL) : SQLITE_NOMEM;
	sqlite3_free(sql);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "analyze: SQL error: %s\n",
			sql ? sqlite3_errmsg(p->db) : "out of memory");
		return NULL;
	}
	p->ins[i].bound = bound;
	return p->ins[i].st;
}

struct evbatch *evbatch__new(sqlite3 *db)
{
	struct evbatch *p = calloc(1, sizeof(*p));

	if (!p) {
		fprintf(stderr, "analyze: out of memory\n");
		return NULL;
	}
	p->db = db;
	if (sqlite3_create_module(db, "pending_events", &evbatch_module,
				  p) != SQLITE_OK) {
		fprintf(stderr, "analyze: SQL error: %s\n", sqlite3_errmsg(db));
		free(p);
		return NULL;
	}
	return p;
}

void evbatch__free(struct evbatch *p)
{
	if (!p)
		return;
	for (int i = 0; i < NSTMT; i++)
		sqlite3_finalize(p->ins[i].st);
	/* p is the module's client data: drop the module with it */
	sqlite3_create_module(p->db, "pending_events", NULL, NULL);
	free(p->text);
	free(p);
}

int evbatch__flush(struct evbatch *p)
{
	uint32_t bound = p->same;
	sqlite3_stmt *st;
	int rc;

	if (!p->nev)
		return 0;
	st = events_stmt(p, bound);
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, p->tid);
	for (int c = C_TRACE + 1; c < C_NR; c++) {
		const char *s;
		int64_t v;
		int len;

		if (!(bound & (1u << c)))
			continue;
		if (c >= C_PATH ? ev_text(p, &p->ev[0], c, &s, &len) :
		    ev_value(&p->ev[0], c, &v)) {
			if (c >= C_PATH)
				sqlite3_bind_text(st, c + 1, s, len, SQLITE_STATIC);
			else
				sqlite3_bind_int64(st, c + 1, v);
		} else {
			sqlite3_bind_null(st, c + 1);
		}
	}
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	p->nev = 0;
	p->text_len = 0;
	if (rc == SQLITE_DONE)
		return 0;
	fprintf(stderr, "analyze: cannot write the database: %s\n",
		sqlite3_errmsg(p->db));
	return -1;
}

/* Copy a text column's value into p->text; -1 when out of memory. */
static int keep_text(struct evbatch *p, struct evbatch_event *pe, int i,
		     const char *s, uint32_t len)
{
	pe->text_len[i] = -1;
	if (!s)
		return 0;
	if (p->text_len + len > p->text_cap) {
		size_t cap = p->text_cap ? p->text_cap : 65536;
		char *t;

		while (cap < p->text_len + len)
			cap *= 2;
		t = realloc(p->text, cap);
		if (!t) {
			fprintf(stderr, "analyze: out of memory\n");
			return -1;
		}
		p->text = t;
		p->text_cap = cap;
	}
	if (len)
		memcpy(p->text + p->text_len, s, len);
	pe->text_off[i] = (uint32_t)p->text_len;
	pe->text_len[i] = (int32_t)len;
	p->text_len += len;
	return 0;
}

int evbatch__add(struct evbatch *p, int tid, const struct kt_event *e,
		 uint32_t probe, int nargs, int64_t ts, int64_t comm,
		 const struct callargs_out *txt)
{
	struct evbatch_event *pe;

	if (p->nev && tid != p->tid && evbatch__flush(p))
		return -1;
	p->tid = tid;
	pe = &p->ev[p->nev];
	if (keep_text(p, pe, C_PATH - C_PATH, txt->path, txt->path_len) ||
	    keep_text(p, pe, C_ARGS - C_PATH, txt->args, txt->args_len) ||
	    keep_text(p, pe, C_ADDR - C_PATH, txt->addr, txt->addr_len))
		return -1;
	pe->e = *e;
	pe->e.probe = probe;
	pe->ts = ts;
	pe->comm = comm;
	pe->nargs = e->flags & KT_EV_ARGS ? nargs : 0;
	if (!p->nev) {
		/* every column but trace_id, until an event disagrees */
		p->same = ((1u << C_NR) - 1) & ~(1u << C_TRACE);
	} else {
		p->same &= ~differ(p, pe, &p->ev[0]);
	}
	p->nev++;
	return p->nev == EVENT_BATCH ? evbatch__flush(p) : 0;
}
