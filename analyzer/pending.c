// SPDX-License-Identifier: MIT
/*
 * pending.c - events held in memory and inserted a batch at a time.
 *
 * Events are nearly all the rows of an import. They wait in an array, and
 * "INSERT INTO event_rows ... SELECT ... FROM pending_events" copies up to
 * EVENT_BATCH of them per step, read through a virtual table over that
 * array. Binding 17 parameters per row cost more than SQLite's own work
 * for the row; xColumn() hands each value straight to the VDBE register.
 * The statement selects NULL instead of the columns no event of the batch
 * has (stacks, mostly): one statement per set of event flags, prepared
 * when first needed. pending_events is an eponymous virtual table
 * registered on the connection while a struct pending lives: it is not in
 * the database file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "pending.h"

/*
 * Events per INSERT. Past a few hundred rows the statement's fixed cost
 * no longer shows (256 to 4096: the same); the array is EVENT_BATCH * 120
 * bytes.
 */
#define EVENT_BATCH	1024

/* event_rows' columns, in the order of enum ev_col */
#define EVENT_COLS	"trace_id, ts_ns, pid, tid, comm_id, cpu, probe_id," \
			" ret, latency_ns, kstack_id, ustack_id," \
			" arg0, arg1, arg2, arg3, arg4, arg5"

enum ev_col {
	C_TRACE, C_TS, C_PID, C_TID, C_COMM, C_CPU, C_PROBE, C_RET, C_LATENCY,
	C_KSTACK, C_USTACK, C_ARG0,
};

struct pending_event {
	struct kt_event e;
	int64_t ts;
	int64_t comm;
};

struct pending {
	sqlite3 *db;
	sqlite3_stmt *ins[KT_EV_ALL + 1];	/* by flags: events_sql() */
	int tid;			/* trace_id of the held events */
	int nev;
	unsigned flags;			/* OR of the held events' flags */
	struct pending_event ev[EVENT_BATCH];
};

/* ---- pending_events: a virtual table over pending.ev -------------------- */

struct pending_vtab {
	sqlite3_vtab base;
	struct pending *p;
};

struct pending_cursor {
	sqlite3_vtab_cursor base;
	const struct pending *p;
	int i;				/* the row: p->ev[i] */
};

static int pv_connect(sqlite3 *db, void *aux, int argc,
		      const char *const *argv, sqlite3_vtab **vtab, char **err)
{
	struct pending_vtab *v;
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
	struct pending_cursor *c = sqlite3_malloc(sizeof(*c));

	if (!c)
		return SQLITE_NOMEM;
	memset(c, 0, sizeof(*c));
	c->p = ((struct pending_vtab *)vtab)->p;
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
	((struct pending_cursor *)cur)->i = 0;
	return SQLITE_OK;
}

static int pv_next(sqlite3_vtab_cursor *cur)
{
	((struct pending_cursor *)cur)->i++;
	return SQLITE_OK;
}

static int pv_eof(sqlite3_vtab_cursor *cur)
{
	const struct pending_cursor *c = (const struct pending_cursor *)cur;

	return c->i >= c->p->nev;
}

/* A value the event lacks stays NULL: SQLite's default for xColumn. */
static int pv_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
	const struct pending_cursor *c = (const struct pending_cursor *)cur;
	const struct pending_event *pe = &c->p->ev[c->i];
	const struct kt_event *e = &pe->e;

	switch (col) {
	case C_TRACE:	sqlite3_result_int(ctx, c->p->tid); break;
	case C_TS:	sqlite3_result_int64(ctx, pe->ts); break;
	case C_PID:	sqlite3_result_int64(ctx, e->pid); break;
	case C_TID:	sqlite3_result_int64(ctx, e->tid); break;
	case C_COMM:
		if (pe->comm >= 0)
			sqlite3_result_int64(ctx, pe->comm);
		break;
	case C_CPU:	sqlite3_result_int(ctx, e->cpu); break;
	case C_PROBE:	sqlite3_result_int64(ctx, e->probe); break;
	case C_RET:
		if (e->flags & KT_EV_RET)
			sqlite3_result_int64(ctx, e->ret);
		break;
	case C_LATENCY:
		if (e->flags & KT_EV_LATENCY)
			sqlite3_result_int64(ctx, (int64_t)e->latency_ns);
		break;
	case C_KSTACK:
		if (e->flags & KT_EV_KSTACK)
			sqlite3_result_int64(ctx, e->kstack);
		break;
	case C_USTACK:
		if (e->flags & KT_EV_USTACK)
			sqlite3_result_int64(ctx, e->ustack);
		break;
	default:
		if ((e->flags & KT_EV_ARGS) && col >= C_ARG0 &&
		    col < C_ARG0 + KT_NARGS)
			sqlite3_result_int64(ctx, (int64_t)e->args[col - C_ARG0]);
		break;
	}
	return SQLITE_OK;
}

static int pv_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *rowid)
{
	*rowid = ((const struct pending_cursor *)cur)->i;
	return SQLITE_OK;
}

/* No xCreate: eponymous only, never in the schema. */
static const sqlite3_module pending_module = {
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
 * "INSERT INTO event_rows ... SELECT ?1, ts_ns, ... FROM pending_events"
 * with NULL for the columns of the flags not set. ?1 is the trace_id.
 */
static char *events_sql(unsigned flags)
{
#define COL(f, name)	((flags & (f)) ? name : "NULL")
	return sqlite3_mprintf("INSERT INTO event_rows (" EVENT_COLS ")"
		" SELECT ?1, ts_ns, pid, tid, comm_id, cpu, probe_id, %s, %s,"
		" %s, %s, %s, %s, %s, %s, %s, %s FROM pending_events",
		COL(KT_EV_RET, "ret"), COL(KT_EV_LATENCY, "latency_ns"),
		COL(KT_EV_KSTACK, "kstack_id"), COL(KT_EV_USTACK, "ustack_id"),
		COL(KT_EV_ARGS, "arg0"), COL(KT_EV_ARGS, "arg1"),
		COL(KT_EV_ARGS, "arg2"), COL(KT_EV_ARGS, "arg3"),
		COL(KT_EV_ARGS, "arg4"), COL(KT_EV_ARGS, "arg5"));
#undef COL
}

struct pending *pending__new(sqlite3 *db)
{
	struct pending *p = calloc(1, sizeof(*p));

	if (!p) {
		fprintf(stderr, "analyze: out of memory\n");
		return NULL;
	}
	p->db = db;
	if (sqlite3_create_module(db, "pending_events", &pending_module,
				  p) != SQLITE_OK) {
		fprintf(stderr, "analyze: SQL error: %s\n", sqlite3_errmsg(db));
		free(p);
		return NULL;
	}
	return p;
}

void pending__free(struct pending *p)
{
	if (!p)
		return;
	for (int i = 0; i <= KT_EV_ALL; i++)
		sqlite3_finalize(p->ins[i]);
	/* p is the module's client data: drop the module with it */
	sqlite3_create_module(p->db, "pending_events", NULL, NULL);
	free(p);
}

int pending__flush(struct pending *p)
{
	unsigned flags = p->flags & KT_EV_ALL;
	sqlite3_stmt *st;
	int rc;

	if (!p->nev)
		return 0;
	if (!p->ins[flags]) {
		char *sql = events_sql(flags);

		rc = sql ? sqlite3_prepare_v3(p->db, sql, -1,
					      SQLITE_PREPARE_PERSISTENT,
					      &p->ins[flags], NULL) : SQLITE_NOMEM;
		sqlite3_free(sql);
		if (rc != SQLITE_OK) {
			fprintf(stderr, "analyze: SQL error: %s\n",
				sql ? sqlite3_errmsg(p->db) : "out of memory");
			return -1;
		}
	}
	st = p->ins[flags];
	sqlite3_bind_int(st, 1, p->tid);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	p->nev = 0;
	p->flags = 0;
	if (rc == SQLITE_DONE)
		return 0;
	fprintf(stderr, "analyze: cannot write the database: %s\n",
		sqlite3_errmsg(p->db));
	return -1;
}

int pending__add(struct pending *p, int tid, const struct kt_event *e,
		 uint32_t probe, int64_t ts, int64_t comm)
{
	struct pending_event *pe;

	if (p->nev && tid != p->tid && pending__flush(p))
		return -1;
	p->tid = tid;
	p->flags |= e->flags;
	pe = &p->ev[p->nev++];
	pe->e = *e;
	pe->e.probe = probe;
	pe->ts = ts;
	pe->comm = comm;
	return p->nev == EVENT_BATCH ? pending__flush(p) : 0;
}
