// SPDX-License-Identifier: MIT
/*
 * export.c - `analyze --export perfetto FILE`: the Trace Event Format.
 *
 * The JSON object format of Chrome's trace viewer, which ui.perfetto.dev
 * and chrome://tracing both open: {"traceEvents": [...]} with times in
 * microseconds (three decimals keep the nanoseconds). Per selected event,
 * in (trace_id, ts_ns) order:
 *   - a call with a latency is a complete event ("ph": "X", ts = entry,
 *     dur = latency), anything else (a tracepoint hit) a thread instant
 *     ("ph": "i", "s": "t"); name is the probe, cat its kind (the part
 *     before ':'), args ret, errno, latency_ns, cpu and the non-NULL raw
 *     arguments;
 *   - before the first event of a process, a process_name metadata event
 *     (its comm or exe from the processes table, else the event's comm);
 *     before the first of a thread, a thread_name: for the main thread
 *     the process's name after its execs (cc1's thread is cc1, not the cc
 *     it was forked as), for another the event's comm.
 * Then:
 *   - per fork whose parent and child both have events: a flow from the
 *     parent's fork call (clone, clone3, fork, vfork returning the child's
 *     pid; else the parent at the fork's time) to the child's first event,
 *     both found while the events stream by;
 *   - per process exit: a process instant ("s": "p") "exit N" or
 *     "killed by SIGNAME" on its main thread;
 *   - every lost-events record as a global instant ("s": "g"), whatever
 *     --where says: the gaps are in every selection; and, per trace, a
 *     counter track "lost events" of the count so far.
 *
 * With several traces, the pid and tid of trace t become t * PID_STRIDE +
 * pid, and process names get " [trace t]": every trace is its own group
 * of processes, never merged with another's pid 1234. Times stay relative
 * to each recording's start, so the traces line up for comparison.
 *
 * Strings are escaped as JSON (analyzer/escape.c). The file streams as the
 * rows come, in memory bounded by the number of threads.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "escape.h"
#include "export.h"
#include "u32map.h"

/*
 * pid of trace t: t * PID_STRIDE + pid. Linux pids stay below 2^22
 * (PID_MAX_LIMIT, include/linux/threads.h), and Perfetto reads pids as
 * uint32, which leaves room for 429 traces.
 */
#define PID_STRIDE	10000000LL
#define KEY_SHIFT	22	/* (trace_id, pid) as one u32map key */

enum { C_TRACE, C_TS, C_LAT, C_PID, C_TID, C_COMM, C_PROBE, C_RET,
       C_ERRNO, C_CPU, C_ARG0 };

static const char events_sql[] =
	"SELECT trace_id, ts_ns, latency_ns, pid, tid, comm, probe, ret, errno,"
	" cpu, arg0, arg1, arg2, arg3, arg4, arg5"
	" FROM events WHERE (%s) ORDER BY trace_id, ts_ns";

/*
 * The process life that holds the event: the last one started before it.
 * Its comm is the name its main thread had last, after every exec.
 */
static const char proc_sql[] =
	"SELECT coalesce(comm, exe), comm FROM processes"
	" WHERE trace_id = ?1 AND pid = ?2"
	" ORDER BY start_ns <= ?3 DESC, start_ns DESC LIMIT 1";

/* the forks; their calls and the children's first events come from the
 * exported events themselves (a temporary database has no index on pid) */
static const char forks_sql[] =
	"SELECT trace_id, ts_ns, ppid, pid FROM proc_events"
	" WHERE what = 'fork' AND ppid IS NOT NULL ORDER BY trace_id, ts_ns";

static const char exits_sql[] =
	"SELECT trace_id, ts_ns, pid, exit_status FROM proc_events"
	" WHERE what = 'exit' ORDER BY trace_id, ts_ns";

static const char lost_sql[] =
	"SELECT trace_id, ts_ns, cpu, count FROM lost ORDER BY trace_id, ts_ns";

/* where an event was: for the first event of a process, or a fork call */
struct spot {
	long long ts, pid, tid;
};

struct exporter {
	FILE *f;
	sqlite3_stmt *events, *proc, *lost, *forks, *exits;
	int several;		/* more than one trace: pids are offset */
	int first;		/* nothing written into traceEvents yet */
	struct u32map threads;	/* (trace, tid) already named */
	struct u32map procs;	/* (trace, pid) -> its first event in spots */
	struct u32map calls;	/* (trace, child pid) -> fork call in spots */
	struct spot *spots;
	uint32_t nspots, capspots;
};

static void put_str(FILE *f, const char *s)
{
	fputc('"', f);
	if (s)
		escape__fput(f, s, strlen(s), ESC_JSON);
	fputc('"', f);
}

static long long out_id(const struct exporter *x, sqlite3_int64 trace,
			sqlite3_int64 id)
{
	return (x->several ? trace * PID_STRIDE : 0) + id;
}

/* ns as microseconds with three decimals: exact, and JSON */
static void put_us(FILE *f, long long ns)
{
	unsigned long long a = ns < 0 ? 0ull - (unsigned long long)ns :
			       (unsigned long long)ns;

	fprintf(f, "%s%llu.%03llu", ns < 0 ? "-" : "", a / 1000, a % 1000);
}

/* "name": value for a column that may be NULL; sep is "" or "," */
static void put_arg(FILE *f, sqlite3_stmt *st, int col, const char *name,
		    const char *sep)
{
	fprintf(f, "%s\"%s\":", sep, name);
	switch (sqlite3_column_type(st, col)) {
	case SQLITE_NULL:
		fputs("null", f);
		break;
	case SQLITE_INTEGER:
		fprintf(f, "%lld", (long long)sqlite3_column_int64(st, col));
		break;
	default:
		put_str(f, (const char *)sqlite3_column_text(st, col));
	}
}

static void next_event(struct exporter *x)
{
	fputs(x->first ? "\n{" : ",\n{", x->f);
	x->first = 0;
}

static void put_event(struct exporter *x)
{
	sqlite3_stmt *st = x->events;
	const char *probe = (const char *)sqlite3_column_text(st, C_PROBE);
	sqlite3_int64 trace = sqlite3_column_int64(st, C_TRACE);
	int timed = sqlite3_column_type(st, C_LAT) != SQLITE_NULL;
	FILE *f = x->f;

	next_event(x);
	fputs("\"name\":", f);
	put_str(f, probe);
	fputs(",\"cat\":\"", f);
	if (probe)
		escape__fput(f, probe, strcspn(probe, ":"), ESC_JSON);
	fprintf(f, "\",\"ph\":\"%s\",\"ts\":", timed ? "X" : "i");
	put_us(f, sqlite3_column_int64(st, C_TS));
	if (timed) {
		fputs(",\"dur\":", f);
		put_us(f, sqlite3_column_int64(st, C_LAT));
	} else {
		fputs(",\"s\":\"t\"", f);
	}
	fprintf(f, ",\"pid\":%lld,\"tid\":%lld,\"args\":{",
		out_id(x, trace, sqlite3_column_int64(st, C_PID)),
		out_id(x, trace, sqlite3_column_int64(st, C_TID)));
	put_arg(f, st, C_RET, "ret", "");
	put_arg(f, st, C_ERRNO, "errno", ",");
	put_arg(f, st, C_LAT, "latency_ns", ",");
	put_arg(f, st, C_CPU, "cpu", ",");
	for (int a = 0; a < 6; a++) {
		char name[8];

		if (sqlite3_column_type(st, C_ARG0 + a) == SQLITE_NULL)
			continue;
		snprintf(name, sizeof(name), "arg%d", a);
		put_arg(f, st, C_ARG0 + a, name, ",");
	}
	fputs("}}", f);
}

static uint32_t map_key(sqlite3_int64 trace, sqlite3_int64 id)
{
	return (uint32_t)id ^ ((uint32_t)trace << KEY_SHIFT);
}

/* Whether (trace, id) is new to map; -1 when it cannot be remembered. */
static int first_sight(struct u32map *map, sqlite3_int64 trace,
		       sqlite3_int64 id)
{
	uint32_t key = map_key(trace, id), dummy;

	if (u32map__get(map, key, &dummy))
		return 0;
	return u32map__put(map, key, 1) ? -1 : 1;
}

/*
 * Remember where the current event is under (trace, id) in map, unless
 * something is there already. 1 when it was new, 0 if not, -ENOMEM.
 */
static int remember(struct exporter *x, struct u32map *map,
		    sqlite3_int64 trace, sqlite3_int64 id)
{
	sqlite3_stmt *st = x->events;
	uint32_t key = map_key(trace, id), i;

	if (u32map__get(map, key, &i))
		return 0;
	if (x->nspots == x->capspots) {
		uint32_t cap = x->capspots ? 2 * x->capspots : 256;
		struct spot *v = realloc(x->spots, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		x->spots = v;
		x->capspots = cap;
	}
	if (u32map__put(map, key, x->nspots))
		return -ENOMEM;
	x->spots[x->nspots++] = (struct spot){
		sqlite3_column_int64(st, C_TS), sqlite3_column_int64(st, C_PID),
		sqlite3_column_int64(st, C_TID) };
	return 1;
}

/* Is the current event a fork call returning a child? Remember it. */
static int fork_call(struct exporter *x)
{
	static const char *const calls[] = { "syscall:clone", "syscall:clone3",
					     "syscall:fork", "syscall:vfork" };
	sqlite3_stmt *st = x->events;
	const char *probe = (const char *)sqlite3_column_text(st, C_PROBE);
	sqlite3_int64 ret = sqlite3_column_int64(st, C_RET);

	if (ret <= 0 || !probe || strncmp(probe, "syscall:", 8))
		return 0;
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		if (!strcmp(probe, calls[i]))
			return remember(x, &x->calls,
					sqlite3_column_int64(st, C_TRACE), ret);
	return 0;
}

/* Where (trace, id) was remembered in map, or NULL. */
static const struct spot *spot_of(const struct exporter *x,
				  const struct u32map *map,
				  sqlite3_int64 trace, sqlite3_int64 id)
{
	uint32_t i;

	return u32map__get(map, map_key(trace, id), &i) ? &x->spots[i] : NULL;
}

/* A metadata event: {"name":what,"ph":"M","pid":..[,"tid":..],"args":..} */
static void put_meta(struct exporter *x, const char *what, long long pid,
		     const long long *tid, const char *name, long long trace)
{
	next_event(x);
	fprintf(x->f, "\"name\":\"%s\",\"ph\":\"M\",\"pid\":%lld", what, pid);
	if (tid)
		fprintf(x->f, ",\"tid\":%lld", *tid);
	fputs(",\"args\":{\"name\":", x->f);
	if (!x->several || !name) {
		put_str(x->f, name);
	} else {
		fputc('"', x->f);
		escape__fput(x->f, name, strlen(name), ESC_JSON);
		fprintf(x->f, " [trace %lld]\"", trace);
	}
	fputs("}}", x->f);
}

/* Was (trace, pid) seen among the exported events? */
static int seen_pid(const struct exporter *x, sqlite3_int64 trace,
		    sqlite3_int64 pid)
{
	return spot_of(x, &x->procs, trace, pid) != NULL;
}

/* A flow from each fork call to the child's first event. */
static int put_forks(struct exporter *x)
{
	sqlite3_stmt *st = x->forks;
	long long id = 0;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 trace = sqlite3_column_int64(st, 0);
		sqlite3_int64 ts = sqlite3_column_int64(st, 1);
		sqlite3_int64 ppid = sqlite3_column_int64(st, 2);
		sqlite3_int64 pid = sqlite3_column_int64(st, 3);
		const struct spot *child = spot_of(x, &x->procs, trace, pid);
		const struct spot *call = spot_of(x, &x->calls, trace, pid);
		struct spot from = { ts, ppid, ppid };

		/* a child seen before this fork is an earlier life's */
		if (!seen_pid(x, trace, ppid) || !child || child->ts < ts)
			continue;
		if (call && call->pid == ppid && call->ts <= ts)
			from = *call;
		id++;
		next_event(x);
		fprintf(x->f, "\"name\":\"fork\",\"cat\":\"fork\",\"ph\":\"s\","
			"\"id\":%lld,\"pid\":%lld,\"tid\":%lld,\"ts\":", id,
			out_id(x, trace, ppid), out_id(x, trace, from.tid));
		put_us(x->f, from.ts);
		fprintf(x->f, ",\"args\":{\"child\":%lld}}", (long long)pid);
		next_event(x);
		fprintf(x->f, "\"name\":\"fork\",\"cat\":\"fork\",\"ph\":\"f\","
			"\"bp\":\"e\",\"id\":%lld,\"pid\":%lld,\"tid\":%lld,"
			"\"ts\":", id, out_id(x, trace, pid),
			out_id(x, trace, child->tid));
		put_us(x->f, child->ts);
		fputs("}", x->f);
	}
	return rc == SQLITE_DONE ? 0 : -1;
}

/* A process instant per exit: "exit N" or "killed by SIGNAME". */
static int put_exits(struct exporter *x)
{
	sqlite3_stmt *st = x->exits;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sqlite3_int64 trace = sqlite3_column_int64(st, 0);
		sqlite3_int64 pid = sqlite3_column_int64(st, 2);
		int status = sqlite3_column_int(st, 3);
		const char *sig = NULL;

		if (!seen_pid(x, trace, pid))
			continue;
		next_event(x);
		if (status & 0x7f)
			sig = sigabbrev_np(status & 0x7f);
		if (!(status & 0x7f))
			fprintf(x->f, "\"name\":\"exit %d\"", (status >> 8) & 0xff);
		else if (sig)
			fprintf(x->f, "\"name\":\"killed by SIG%s\"", sig);
		else
			fprintf(x->f, "\"name\":\"killed by signal %d\"",
				status & 0x7f);
		fprintf(x->f, ",\"cat\":\"exit\",\"ph\":\"i\",\"s\":\"p\","
			"\"pid\":%lld,\"tid\":%lld,\"ts\":",
			out_id(x, trace, pid), out_id(x, trace, pid));
		put_us(x->f, sqlite3_column_int64(st, 1));
		fprintf(x->f, ",\"args\":{\"exit_status\":%d}}", status);
	}
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The process_name of the current event's process, and the thread_name of
 * its thread, if they are new: the name of the process life (after its
 * execs) for both, for any other thread the event's comm. 0 or -errno.
 */
static int name_event(struct exporter *x)
{
	sqlite3_stmt *st = x->events;
	sqlite3_int64 trace = sqlite3_column_int64(st, C_TRACE);
	sqlite3_int64 pid = sqlite3_column_int64(st, C_PID);
	sqlite3_int64 tid = sqlite3_column_int64(st, C_TID);
	const char *comm = (const char *)sqlite3_column_text(st, C_COMM);
	const char *name = NULL, *life_comm = NULL;
	long long opid = out_id(x, trace, pid), otid = out_id(x, trace, tid);
	int fresh = remember(x, &x->procs, trace, pid);
	int fresh_thread = first_sight(&x->threads, trace, tid);
	int rc = SQLITE_DONE;

	if (fresh < 0 || fresh_thread < 0)
		return -ENOMEM;
	if (fresh || (fresh_thread && tid == pid)) {
		sqlite3_bind_int64(x->proc, 1, trace);
		sqlite3_bind_int64(x->proc, 2, pid);
		sqlite3_bind_int64(x->proc, 3, sqlite3_column_int64(st, C_TS));
		rc = sqlite3_step(x->proc);
		if (rc == SQLITE_ROW) {
			name = (const char *)sqlite3_column_text(x->proc, 0);
			life_comm = (const char *)sqlite3_column_text(x->proc, 1);
		} else if (rc != SQLITE_DONE) {
			return -EIO;
		}
	}
	if (fresh && (name || comm))
		put_meta(x, "process_name", opid, NULL, name ? name : comm,
			 trace);
	if (fresh_thread && tid == pid && life_comm)
		comm = life_comm;
	if (fresh_thread && comm)
		put_meta(x, "thread_name", opid, &otid, comm, trace);
	sqlite3_reset(x->proc);
	return 0;
}

static int put_events(struct exporter *x)
{
	int rc;

	while ((rc = sqlite3_step(x->events)) == SQLITE_ROW) {
		int err;

		err = name_event(x) ?: fork_call(x);
		if (err < 0)
			return err;
		put_event(x);
	}
	return rc == SQLITE_DONE ? 0 : -1;
}

static int put_lost(struct exporter *x)
{
	sqlite3_stmt *st = x->lost;
	long long last = -1, total = 0;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long trace = sqlite3_column_int64(st, 0);
		long long cpu = sqlite3_column_int64(st, 2);
		long long n = sqlite3_column_int64(st, 3);

		next_event(x);
		fprintf(x->f, "\"name\":\"lost %lld events (", n);
		if (x->several)
			fprintf(x->f, "trace %lld, ", trace);
		fprintf(x->f, "cpu %lld)\",\"cat\":\"lost\",\"ph\":\"i\","
			"\"s\":\"g\",\"ts\":", cpu);
		put_us(x->f, sqlite3_column_int64(st, 1));
		fprintf(x->f, ",\"args\":{\"trace_id\":%lld,\"cpu\":%lld,"
			"\"count\":%lld}}", trace, cpu, n);
		/* the counter track: events lost so far in this trace */
		if (trace != last)
			total = 0;
		last = trace;
		total += n;
		next_event(x);
		fprintf(x->f, "\"name\":\"lost events\",\"ph\":\"C\","
			"\"pid\":%lld,\"ts\":", out_id(x, trace, 0));
		put_us(x->f, sqlite3_column_int64(st, 1));
		fprintf(x->f, ",\"args\":{\"lost\":%lld}}", total);
	}
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Prepare every statement; a bad predicate fails here, before any file. */
static int prepare(sqlite3 *db, struct exporter *x, const char *where)
{
	char *sql = sqlite3_mprintf(events_sql, where ? where : "1");
	sqlite3_stmt *st;
	int rc;

	if (!sql)
		return -1;
	rc = sqlite3_prepare_v2(db, sql, -1, &x->events, NULL);
	sqlite3_free(sql);
	if (rc || sqlite3_prepare_v2(db, proc_sql, -1, &x->proc, NULL) ||
	    sqlite3_prepare_v2(db, lost_sql, -1, &x->lost, NULL) ||
	    sqlite3_prepare_v2(db, forks_sql, -1, &x->forks, NULL) ||
	    sqlite3_prepare_v2(db, exits_sql, -1, &x->exits, NULL) ||
	    sqlite3_prepare_v2(db, "SELECT count(*) FROM traces", -1, &st, NULL))
		return -1;
	rc = sqlite3_step(st);
	x->several = rc == SQLITE_ROW && sqlite3_column_int64(st, 0) > 1;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

FILE *export__create(struct outfile *of, const char *path)
{
	FILE *f = NULL;

	if (!outfile__open(of, path, 0))
		f = outfile__stream(of);
	if (!f)
		outfile__discard(of);
	return f;
}

int export__finish(FILE *f, struct outfile *of, int err)
{
	if (f == stdout ? fflush(f) || ferror(f) : fclose(f)) {
		fprintf(stderr, "analyze: cannot write '%s': %s\n", of->path,
			strerror(errno));
		err = -1;
	}
	if (err) {
		outfile__discard(of);
		return -1;
	}
	return outfile__commit(of);
}

int export__perfetto(struct sqlite3 *db, const char *where, const char *path)
{
	struct exporter x = { .first = 1 };
	struct outfile of;
	int err = prepare(db, &x, where);

	if (err) {
		fprintf(stderr, "analyze: SQL error: %s\n", sqlite3_errmsg(db));
		goto out_finalize;
	}
	x.f = export__create(&of, path);
	if (!x.f) {
		err = -1;
		goto out_finalize;
	}
	fputs("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[", x.f);
	err = put_events(&x);
	err = err ?: put_forks(&x);
	err = err ?: put_exits(&x);
	err = err ?: put_lost(&x);
	if (err == -ENOMEM)
		fprintf(stderr, "analyze: out of memory\n");
	else if (err)
		fprintf(stderr, "analyze: SQL error: %s\n", sqlite3_errmsg(db));
	fputs("\n]}\n", x.f);
	if (export__finish(x.f, &of, err))
		err = -1;
out_finalize:
	sqlite3_finalize(x.events);
	sqlite3_finalize(x.proc);
	sqlite3_finalize(x.lost);
	sqlite3_finalize(x.forks);
	sqlite3_finalize(x.exits);
	u32map__free(&x.threads);
	u32map__free(&x.procs);
	u32map__free(&x.calls);
	free(x.spots);
	return err ? -1 : 0;
}
