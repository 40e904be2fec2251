// SPDX-License-Identifier: MIT
/*
 * export.c - `analyze --export perfetto FILE`: the Trace Event Format.
 *
 * The JSON object format of Chrome's trace viewer, which ui.perfetto.dev
 * and chrome://tracing both open: {"traceEvents": [...]} with times in
 * microseconds (fractions keep the nanoseconds). Each call with a latency
 * is a complete event ("ph": "X", ts = entry, dur = latency), each
 * tracepoint hit an instant event ("ph": "i", thread scope); args carry
 * ret, errno and the raw arguments. Metadata events name every process
 * (from the processes table) and thread (its comm at its first event).
 * With several traces, pids are trace_id * 10000000 + pid so that the
 * traces do not merge into one process. Strings are escaped as JSON
 * (analyzer/escape.c); the file is written as the rows stream, in memory
 * bounded by the number of threads.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "escape.h"
#include "export.h"
#include "u32map.h"

#define PID_STRIDE 10000000LL	/* pid of trace t: t * PID_STRIDE + pid */

static const char events_sql[] =
	"SELECT trace_id, ts_ns, latency_ns, pid, tid, comm, probe, ret, errno,"
	" arg0, arg1, arg2, arg3, arg4, arg5,"
	" (SELECT count(*) FROM traces) > 1"
	" FROM events WHERE (%s) ORDER BY trace_id, ts_ns";

static const char procs_sql[] =
	"SELECT trace_id, pid, comm, exe, (SELECT count(*) FROM traces) > 1"
	" FROM processes WHERE comm IS NOT NULL OR exe IS NOT NULL"
	" ORDER BY trace_id, pid, start_ns";

/* Threads already named: key (trace_id, tid) folded into 32 bits. */
struct named {
	struct u32map seen;
};

static void put_str(FILE *f, const char *s)
{
	fputc('"', f);
	if (s)
		escape__fput(f, s, strlen(s), ESC_JSON);
	fputc('"', f);
}

static long long out_pid(sqlite3_stmt *st, int col, int several)
{
	return (several ? sqlite3_column_int64(st, 0) * PID_STRIDE : 0) +
	       sqlite3_column_int64(st, col);
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

static void put_event(FILE *f, sqlite3_stmt *st, int several, int first)
{
	int timed = sqlite3_column_type(st, 2) != SQLITE_NULL;

	fputs(first ? "\n" : ",\n", f);
	fputs("{\"name\":", f);
	put_str(f, (const char *)sqlite3_column_text(st, 6));
	fprintf(f, ",\"cat\":\"ktrail\",\"ph\":\"%s\",\"ts\":", timed ? "X" : "i");
	put_us(f, sqlite3_column_int64(st, 1));
	if (timed) {
		fputs(",\"dur\":", f);
		put_us(f, sqlite3_column_int64(st, 2));
	} else {
		fputs(",\"s\":\"t\"", f);
	}
	fprintf(f, ",\"pid\":%lld,\"tid\":%lld,\"args\":{",
		out_pid(st, 3, several), out_pid(st, 4, several));
	put_arg(f, st, 7, "ret", "");
	put_arg(f, st, 8, "errno", ",");
	for (int a = 0; a < 6; a++) {
		char name[8];

		snprintf(name, sizeof(name), "arg%d", a);
		put_arg(f, st, 9 + a, name, ",");
	}
	fputs("}}", f);
}

/* A thread_name metadata event the first time a thread shows up. */
static int name_thread(FILE *f, sqlite3_stmt *st, int several,
		       struct named *n)
{
	uint32_t key = (uint32_t)sqlite3_column_int64(st, 4) ^
		       ((uint32_t)sqlite3_column_int64(st, 0) << 24), dummy;

	if (u32map__get(&n->seen, key, &dummy) ||
	    sqlite3_column_type(st, 5) == SQLITE_NULL)
		return 0;
	fprintf(f, ",\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":%lld,"
		"\"tid\":%lld,\"args\":{\"name\":", out_pid(st, 3, several),
		out_pid(st, 4, several));
	put_str(f, (const char *)sqlite3_column_text(st, 5));
	fputs("}}", f);
	return u32map__put(&n->seen, key, 1);
}

/* process_name metadata from the processes table */
static int name_processes(sqlite3 *db, FILE *f, int *first)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, procs_sql, -1, &st, NULL))
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 2);

		fprintf(f, "%s\n{\"name\":\"process_name\",\"ph\":\"M\","
			"\"pid\":%lld,\"args\":{\"name\":", *first ? "" : ",",
			out_pid(st, 1, sqlite3_column_int(st, 4)));
		put_str(f, name ? name : (const char *)sqlite3_column_text(st, 3));
		fputs("}}", f);
		*first = 0;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int put_events(sqlite3 *db, FILE *f, const char *where, int first)
{
	struct named n = { 0 };
	sqlite3_stmt *st;
	char *sql = sqlite3_mprintf(events_sql, where ? where : "1");
	int rc, err = 0;

	if (!sql)
		return -1;
	rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	sqlite3_free(sql);
	if (rc)
		return -1;
	while (!err && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int several = sqlite3_column_int(st, 15);

		put_event(f, st, several, first);
		first = 0;
		err = name_thread(f, st, several, &n);
	}
	sqlite3_finalize(st);
	u32map__free(&n.seen);
	return err || rc != SQLITE_DONE ? -1 : 0;
}

int export__perfetto(struct sqlite3 *db, const char *where, const char *path)
{
	FILE *f = fopen(path, "w");
	int first = 1, err;

	if (!f) {
		fprintf(stderr, "analyze: cannot create '%s': %s\n", path,
			strerror(errno));
		return -1;
	}
	fputs("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[", f);
	err = name_processes(db, f, &first) ||
	      put_events(db, f, where, first);
	if (err)
		fprintf(stderr, "analyze: SQL error: %s\n", sqlite3_errmsg(db));
	fputs("\n]}\n", f);
	if (fclose(f) && !err) {
		fprintf(stderr, "analyze: cannot write '%s': %s\n", path,
			strerror(errno));
		err = 1;
	}
	return err ? -1 : 0;
}
