// SPDX-License-Identifier: MIT
/*
 * rows.c - the INSERT statements of the import, prepared once.
 *
 * Parameters are numbered in column order. Optional values (ret, latency,
 * stacks, args) are bound as NULL when the event lacks them: a reset keeps
 * the old bindings, so every parameter is bound on every row. Unsigned
 * 64-bit values are stored as the int64 with the same bits (SQLite has no
 * unsigned integers); a query can recover them with `x & 0xffffffff...`.
 * Events, nearly all the rows, take another way in: analyzer/import/evbatch.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sqlite3.h>
#include "evbatch.h"
#include "rows.h"
#include "procs.h"
#include "schema/record.h"

#define STR_(x)	#x
#define STR(x)	STR_(x)		/* a constant's value in SQL text */

enum stmt {
	S_TRACE, S_META, S_SYSCALL, S_SYSARGS, S_ERRNO, S_PROBE, S_PROBE_GUESS,
	S_COMM, S_PROC_EVENT, S_PROCESS, S_STACK, S_FRAME, S_LOST, S_COMPLETE,
	S_EVENT_KEY, S_FD_PATH, S_ARGV,
	S_NR,
};

static const char *const stmt_sql[S_NR] = {
	[S_TRACE] = "INSERT INTO traces VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[S_META] = "INSERT OR REPLACE INTO meta VALUES (?1, ?2, ?3)",
	[S_SYSCALL] = "INSERT OR REPLACE INTO syscalls VALUES (?1, ?2, ?3, ?4)",
	[S_SYSARGS] = "UPDATE syscalls SET nargs = ?3"
		      " WHERE trace_id = ?1 AND nr = ?2",
	[S_ERRNO] = "INSERT OR IGNORE INTO errnos VALUES (?1, ?2, ?3)",
	[S_PROBE] = "INSERT INTO probes VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[S_PROBE_GUESS] = "INSERT INTO probes"
		" SELECT ?1, ?2, coalesce('syscall:' || s.name, 'unknown:' || ?3),"
		" CASE WHEN s.name IS NULL THEN 'unknown' ELSE 'syscall' END,"
		" s.name, ?3 FROM (SELECT 1) LEFT JOIN syscalls AS s"
		" ON s.trace_id = ?1 AND s.nr = ?3 AND ?3 < " STR(KT_SYSCALL_IDS),
	[S_COMM] = "INSERT INTO comms VALUES (?1, ?2, ?3)",
	[S_PROC_EVENT] = "INSERT INTO proc_events VALUES (?1, ?2, ?3, ?4, ?5,"
			 " ?6, ?7, ?8, ?9)",
	[S_PROCESS] = "INSERT INTO processes (trace_id, pid, ppid, comm, exe,"
		      " start_ns, exit_ns, exit_code, exit_signal, exit_status,"
		      " cpu_ns)"
		      " VALUES (?1, ?2, ?3,"
		      " (SELECT comm FROM comms WHERE trace_id = ?1 AND"
		      " comm_id = ?4), ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[S_STACK] = "INSERT OR IGNORE INTO stacks VALUES (?1, ?2, ?3, ?4, ?5)",
	[S_FRAME] = "INSERT INTO stack_frames VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
		    " ?7, ?8)",
	[S_LOST] = "INSERT INTO lost VALUES (?1, ?2, ?3, ?4)",
	[S_COMPLETE] = "UPDATE traces SET complete = ?2 WHERE trace_id = ?1",
	[S_EVENT_KEY] = "INSERT INTO temp.event_keys VALUES (?1, ?2)",
	[S_FD_PATH] = "INSERT OR IGNORE INTO fd_paths VALUES (?1, ?2, ?3, ?4)",
	/* the life of pid that includes ts: pids are reused */
	[S_ARGV] = "UPDATE processes SET argv = ?4 WHERE trace_id = ?1"
		   " AND pid = ?2 AND coalesce(start_ns, ?3) <= ?3"
		   " AND coalesce(exit_ns, ?3) >= ?3",
};

struct rows {
	sqlite3 *db;
	sqlite3_stmt *st[S_NR];
	struct evbatch *events;
};

struct rows *rows__new(sqlite3 *db)
{
	struct rows *r = calloc(1, sizeof(*r));

	if (!r) {
		fprintf(stderr, "analyze: out of memory\n");
		return NULL;
	}
	r->db = db;
	r->events = evbatch__new(db);
	if (!r->events) {
		free(r);
		return NULL;
	}
	for (int i = 0; i < S_NR; i++) {
		if (sqlite3_prepare_v3(db, stmt_sql[i], -1,
				       SQLITE_PREPARE_PERSISTENT, &r->st[i],
				       NULL) != SQLITE_OK) {
			fprintf(stderr, "analyze: SQL error: %s\n",
				sqlite3_errmsg(db));
			rows__free(r);
			return NULL;
		}
	}
	return r;
}

void rows__free(struct rows *r)
{
	if (!r)
		return;
	for (int i = 0; i < S_NR; i++)
		sqlite3_finalize(r->st[i]);
	evbatch__free(r->events);
	free(r);
}

/* Run a bound statement once and make it ready for the next row. */
static int step(struct rows *r, enum stmt s)
{
	int rc = sqlite3_step(r->st[s]);

	sqlite3_reset(r->st[s]);
	if (rc == SQLITE_DONE)
		return 0;
	fprintf(stderr, "analyze: cannot write the database: %s\n",
		sqlite3_errmsg(r->db));
	return -1;
}

static void bind_str(sqlite3_stmt *st, int i, struct kt_str s)
{
	sqlite3_bind_text(st, i, s.p, (int)s.len, SQLITE_STATIC);
}

/* Empty strings mean "unknown" in the trace: NULL in the database. */
static void bind_str_or_null(sqlite3_stmt *st, int i, struct kt_str s)
{
	if (s.len)
		bind_str(st, i, s);
	else
		sqlite3_bind_null(st, i);
}

int rows__trace(struct rows *r, int tid, const char *file, int version,
		uint64_t origin, int64_t wall_offset, int complete)
{
	sqlite3_stmt *st = r->st[S_TRACE];

	sqlite3_bind_int(st, 1, tid);
	sqlite3_bind_text(st, 2, file, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, version);
	sqlite3_bind_int64(st, 4, (int64_t)origin);
	sqlite3_bind_int64(st, 5, wall_offset);
	sqlite3_bind_int(st, 6, complete);
	return step(r, S_TRACE);
}

int rows__complete(struct rows *r, int tid, int complete)
{
	sqlite3_bind_int(r->st[S_COMPLETE], 1, tid);
	sqlite3_bind_int(r->st[S_COMPLETE], 2, complete);
	return step(r, S_COMPLETE);
}

int rows__meta(struct rows *r, int tid, struct kt_str key, struct kt_str value)
{
	sqlite3_stmt *st = r->st[S_META];

	sqlite3_bind_int(st, 1, tid);
	bind_str(st, 2, key);
	bind_str(st, 3, value);
	return step(r, S_META);
}

int rows__meta_i64(struct rows *r, int tid, const char *key, int64_t value,
		   int known)
{
	sqlite3_stmt *st = r->st[S_META];

	sqlite3_bind_int(st, 1, tid);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	if (known)
		sqlite3_bind_int64(st, 3, value);
	else
		sqlite3_bind_null(st, 3);
	return step(r, S_META);
}

int rows__meta_str(struct rows *r, int tid, const char *key,
		   const char *value)
{
	sqlite3_stmt *st = r->st[S_META];

	sqlite3_bind_int(st, 1, tid);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, value, -1, SQLITE_STATIC);
	return step(r, S_META);
}

static int name_row(struct rows *r, enum stmt s, int tid, uint32_t nr,
		    struct kt_str name)
{
	sqlite3_bind_int(r->st[s], 1, tid);
	sqlite3_bind_int64(r->st[s], 2, nr);
	bind_str(r->st[s], 3, name);
	return step(r, s);
}

int rows__syscall(struct rows *r, int tid, uint32_t nr, struct kt_str name,
		  int nargs)
{
	if (nargs >= 0)
		sqlite3_bind_int(r->st[S_SYSCALL], 4, nargs);
	else
		sqlite3_bind_null(r->st[S_SYSCALL], 4);
	return name_row(r, S_SYSCALL, tid, nr, name);
}

int rows__sysargs(struct rows *r, int tid, uint32_t nr, int nargs)
{
	sqlite3_stmt *st = r->st[S_SYSARGS];

	sqlite3_bind_int(st, 1, tid);
	sqlite3_bind_int64(st, 2, nr);
	sqlite3_bind_int(st, 3, nargs);
	return step(r, S_SYSARGS);
}

int rows__errno(struct rows *r, int tid, uint32_t nr, struct kt_str name)
{
	return name_row(r, S_ERRNO, tid, nr, name);
}

int rows__probe(struct rows *r, int tid, uint32_t id, uint32_t nr,
		struct kt_str name, struct kt_str kind, struct kt_str target)
{
	sqlite3_stmt *st = r->st[S_PROBE];

	sqlite3_bind_int(st, 1, tid);
	sqlite3_bind_int64(st, 2, id);
	bind_str(st, 3, name);
	bind_str(st, 4, kind);
	bind_str_or_null(st, 5, target);
	sqlite3_bind_int64(st, 6, nr);
	return step(r, S_PROBE);
}

int rows__probe_guess(struct rows *r, int tid, uint32_t id, uint32_t nr)
{
	sqlite3_bind_int(r->st[S_PROBE_GUESS], 1, tid);
	sqlite3_bind_int64(r->st[S_PROBE_GUESS], 2, id);
	sqlite3_bind_int64(r->st[S_PROBE_GUESS], 3, nr);
	return step(r, S_PROBE_GUESS);
}

int rows__comm(struct rows *r, int tid, uint32_t id, const char *s,
	       uint32_t len)
{
	sqlite3_stmt *st = r->st[S_COMM];

	sqlite3_bind_int(st, 1, tid);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_text(st, 3, s, (int)len, SQLITE_STATIC);
	return step(r, S_COMM);
}

int rows__flush_events(struct rows *r)
{
	return evbatch__flush(r->events);
}

int rows__event(struct rows *r, int tid, const struct kt_event *e,
		uint32_t probe, int nargs, int64_t ts, int64_t comm,
		const struct callargs_out *txt)
{
	return evbatch__add(r->events, tid, e, probe, nargs, ts, comm, txt);
}

int rows__proc_event(struct rows *r, int tid, const struct kt_proc *p,
		     int64_t ts)
{
	static const char *const what[] = { "unknown", "fork", "exec", "exit",
					    "comm", "existing" };
	sqlite3_stmt *st = r->st[S_PROC_EVENT];

	sqlite3_bind_int(st, 1, tid);
	sqlite3_bind_int64(st, 2, ts);
	sqlite3_bind_text(st, 3, p->what <= KT_PROC_EXISTING ? what[p->what] :
			  "unknown", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, p->pid);
	sqlite3_bind_int64(st, 5, p->tid);
	if (p->what == KT_PROC_FORK || p->what == KT_PROC_EXISTING)
		sqlite3_bind_int64(st, 6, p->ppid);
	else
		sqlite3_bind_null(st, 6);
	if (p->what == KT_PROC_EXIT)
		sqlite3_bind_int(st, 7, p->exit_status);
	else
		sqlite3_bind_null(st, 7);
	bind_str_or_null(st, 8, p->comm);
	bind_str_or_null(st, 9, p->exe);
	return step(r, S_PROC_EVENT);
}

/* wait(2) status: WIFEXITED -> code, WIFSIGNALED -> 128 + signal */
int rows__process(struct rows *r, int tid, const struct proc_life *l)
{
	sqlite3_stmt *st = r->st[S_PROCESS];
	int sig = l->exit_status & 0x7f;

	for (int i = 3; i <= 11; i++)
		sqlite3_bind_null(st, i);
	sqlite3_bind_int(st, 1, tid);
	sqlite3_bind_int64(st, 2, l->pid);
	if (l->has_ppid)
		sqlite3_bind_int64(st, 3, l->ppid);
	if (l->comm >= 0)
		sqlite3_bind_int64(st, 4, l->comm);
	if (l->exe)
		sqlite3_bind_text(st, 5, l->exe, (int)l->exe_len, SQLITE_STATIC);
	if (l->has_start)
		sqlite3_bind_int64(st, 6, l->start_ns);
	if (l->has_exit) {
		sqlite3_bind_int64(st, 7, l->exit_ns);
		sqlite3_bind_int(st, 8, sig ? 128 + sig :
				 (l->exit_status >> 8) & 0xff);
		if (sig)
			sqlite3_bind_int(st, 9, sig);
		sqlite3_bind_int(st, 10, l->exit_status);
		if (l->has_cpu)
			sqlite3_bind_int64(st, 11, (int64_t)l->cpu_ns);
	}
	return step(r, S_PROCESS);
}

int rows__stack(struct rows *r, int tid, const struct kt_stack *s)
{
	sqlite3_stmt *st = r->st[S_STACK], *fr = r->st[S_FRAME];

	sqlite3_bind_int(st, 1, tid);
	sqlite3_bind_int64(st, 2, s->id);
	sqlite3_bind_text(st, 3, s->kind == KT_STACK_KERNEL ? "kernel" :
			  s->kind == KT_STACK_USER ? "user" : "unknown", -1,
			  SQLITE_STATIC);
	if (s->kind == KT_STACK_USER)
		sqlite3_bind_int64(st, 4, s->pid);
	else
		sqlite3_bind_null(st, 4);
	sqlite3_bind_int(st, 5, s->nframes);
	if (step(r, S_STACK))
		return -1;
	if (!sqlite3_changes(r->db))
		return 0;
	for (uint16_t i = 0; i < s->nframes; i++) {
		const struct kt_frame *f = &s->frames[i];

		sqlite3_bind_int(fr, 1, tid);
		sqlite3_bind_int64(fr, 2, s->id);
		sqlite3_bind_int(fr, 3, i);
		sqlite3_bind_int64(fr, 4, (int64_t)f->addr);
		bind_str_or_null(fr, 5, f->symbol);
		if (f->symbol.len)
			sqlite3_bind_int64(fr, 6, (int64_t)f->offset);
		else
			sqlite3_bind_null(fr, 6);
		bind_str_or_null(fr, 7, f->module);
		bind_str_or_null(fr, 8, f->build_id);
		if (step(r, S_FRAME))
			return -1;
	}
	return 0;
}

int rows__lost(struct rows *r, int tid, const struct kt_lost *l, int64_t ts)
{
	sqlite3_stmt *st = r->st[S_LOST];

	sqlite3_bind_int(st, 1, tid);
	sqlite3_bind_int64(st, 2, l->cpu);
	sqlite3_bind_int64(st, 3, ts);
	sqlite3_bind_int64(st, 4, (int64_t)l->count);
	return step(r, S_LOST);
}

int rows__event_key(struct rows *r, const char *key, uint32_t n)
{
	sqlite3_bind_text(r->st[S_EVENT_KEY], 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(r->st[S_EVENT_KEY], 2, n);
	return step(r, S_EVENT_KEY);
}

int rows__fd_path(struct rows *r, int tid, uint32_t thread, int64_t ts,
		  const char *path)
{
	sqlite3_stmt *st = r->st[S_FD_PATH];

	sqlite3_bind_int(st, 1, tid);
	sqlite3_bind_int64(st, 2, thread);
	sqlite3_bind_int64(st, 3, ts);
	sqlite3_bind_text(st, 4, path, -1, SQLITE_STATIC);
	return step(r, S_FD_PATH);
}

int rows__argv(struct rows *r, int tid, uint32_t pid, int64_t ts,
	       const char *json, size_t len)
{
	sqlite3_stmt *st = r->st[S_ARGV];

	sqlite3_bind_int(st, 1, tid);
	sqlite3_bind_int64(st, 2, pid);
	sqlite3_bind_int64(st, 3, ts);
	sqlite3_bind_text(st, 4, json, (int)len, SQLITE_STATIC);
	return step(r, S_ARGV);
}
