// SPDX-License-Identifier: MIT
/*
 * strace.c - `analyze --strace`: the events as strace -f -tt -T prints
 * them, so that grep and the eye of a strace user work on a trace.
 *
 * The arguments were rendered at import (events.args, analyzer/argfmt/);
 * the return value is rendered here from ret and the registers (mmap's in
 * hex, fcntl F_GETFL's as flags), with the trace's errno name and the
 * message strace prints for it. A call that never returned (exit_group)
 * shows "= ?" and no time, as in strace.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sqlite3.h>
#include "strace.h"
#include "analyzer/argfmt/argfmt.h"

/* ?1-free: the predicate is the user's own SQL, checked by prepare */
static const char events_sql[] =
	"SELECT e.pid, e.ts_ns + t.origin_ns + t.wall_offset_ns +"
	"  coalesce((SELECT CAST(m.value AS INTEGER) * 1000000000 FROM meta AS m"
	"   WHERE m.trace_id = e.trace_id AND m.key = 'utc_offset_s'), 0),"
	" substr(e.probe, 9), e.args, e.ret, e.latency_ns, e.errno,"
	" e.arg0, e.arg1, e.arg2, e.arg3, e.arg4, e.arg5"
	" FROM events AS e JOIN traces AS t ON t.trace_id = e.trace_id"
	" WHERE e.probe LIKE 'syscall:%%' AND (%s)"
	" ORDER BY e.ts_ns, e.trace_id";

/* HH:MM:SS.UUUUUU of a wall time in ns (already shifted to local) */
static void put_time(FILE *out, long long ns)
{
	time_t s = (time_t)(ns / 1000000000);
	long long us = (ns % 1000000000) / 1000;
	struct tm tm;

	if (ns < 0 || !gmtime_r(&s, &tm)) {
		fputs("??:??:??.?????? ", out);
		return;
	}
	fprintf(out, "%02d:%02d:%02d.%06lld ", tm.tm_hour, tm.tm_min,
		tm.tm_sec, us);
}

static void put_line(FILE *out, sqlite3_stmt *st, char *ret, size_t size)
{
	struct argfmt_call c;
	const char *args = (const char *)sqlite3_column_text(st, 3);
	const char *err = (const char *)sqlite3_column_text(st, 6);

	memset(&c, 0, sizeof(c));
	c.name = (const char *)sqlite3_column_text(st, 2);
	c.nargs = -1;
	for (int i = 0; i < KT_NARGS; i++)
		c.args[i] = (uint64_t)sqlite3_column_int64(st, 7 + i);
	c.has_ret = sqlite3_column_type(st, 4) != SQLITE_NULL;
	c.ret = sqlite3_column_int64(st, 4);
	argfmt__ret(&c, err, ret, size);
	fprintf(out, "%lld ", (long long)sqlite3_column_int64(st, 0));
	put_time(out, sqlite3_column_int64(st, 1));
	fprintf(out, "%s(%s) = %s", c.name ? c.name : "?", args ? args : "",
		ret);
	if (sqlite3_column_type(st, 5) != SQLITE_NULL) {
		long long lat = sqlite3_column_int64(st, 5);

		fprintf(out, " <%lld.%06lld>", lat / 1000000000,
			(lat % 1000000000) / 1000);
	}
	fputc('\n', out);
}

int strace__print(struct sqlite3 *db, const char *where, FILE *out)
{
	char *sql = sqlite3_mprintf(events_sql, where ? where : "1");
	sqlite3_stmt *st = NULL;
	char ret[512];
	int rc;

	if (!sql) {
		fprintf(stderr, "analyze: out of memory\n");
		return -1;
	}
	rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	sqlite3_free(sql);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "analyze: SQL error: %s\n", sqlite3_errmsg(db));
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		put_line(out, st, ret, sizeof(ret));
	if (rc != SQLITE_DONE)
		fprintf(stderr, "analyze: SQL error: %s\n", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	if (fflush(out) || ferror(out)) {
		fprintf(stderr, "analyze: cannot write the output: %m\n");
		return -1;
	}
	return rc == SQLITE_DONE ? 0 : -1;
}
