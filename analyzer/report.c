// SPDX-License-Identifier: MIT
/*
 * report.c - the summary `analyze TRACE` prints without --sql.
 *
 * Per trace: the header (meta), probes by total time with p50/p90/p99/max
 * latency, the top errors, the processes by wall time (exit_ns - start_ns,
 * beside the CPU time the kernel accounted: a parent waiting in wait4 for
 * its children is long-lived, not busy), and log2 latency histograms
 * (analyzer/histogram.c) of the probes with the most total time or of
 * those --histogram names. The totals come from one scan in analyzer/stats.c, are put
 * in TEMP tables and printed by SQL through analyzer/results.c's table
 * printer, so every section looks like (and is) a query's output.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sqlite3.h>
#include "escape.h"
#include "histogram.h"
#include "results.h"
#include "report.h"
#include "sqlfuncs.h"
#include "stats.h"

#define HIST_PROBES	3	/* histograms for this many probes */

/*
 * The dropped line also gives END's other counters, as record's last line
 * names them: "dropped    0, 3 stack errors, 1 unreadable args".
 */
static const char header_sql[] =
	"SELECT k.key, (SELECT value || CASE k.key WHEN 'dropped' THEN"
	"  ', ' || coalesce((SELECT value FROM meta WHERE trace_id = ?1"
	"  AND key = 'stack_errors'), 0) || ' stack errors, ' ||"
	"  coalesce((SELECT value FROM meta WHERE trace_id = ?1"
	"  AND key = 'unreadable_args'), 0) || ' unreadable args' ELSE '' END"
	"  FROM meta WHERE trace_id = ?1 AND key = k.key)"
	" FROM (SELECT 1 AS o, 'host' AS key UNION ALL SELECT 2, 'kernel'"
	" UNION ALL SELECT 3, 'arch' UNION ALL SELECT 4, 'command'"
	" UNION ALL SELECT 5, 'start_wall' UNION ALL SELECT 6, 'duration_ns'"
	" UNION ALL SELECT 7, 'events' UNION ALL SELECT 8, 'lost'"
	" UNION ALL SELECT 9, 'dropped' UNION ALL SELECT 10, 'frames_missing'"
	" UNION ALL SELECT 11, 'frames_skipped' UNION ALL SELECT 12, 'complete') AS k"
	" ORDER BY k.o";

static const char temp_sql[] =
	"CREATE TEMP TABLE IF NOT EXISTS report_probes (probe_id, calls, errors,"
	" total, p50, p90, p99, max);"
	"CREATE TEMP TABLE IF NOT EXISTS report_procs (pid, comm_id, events,"
	" errors, total);"
	"CREATE TEMP TABLE IF NOT EXISTS report_errors (probe_id, ret, count);"
	"DELETE FROM temp.report_probes; DELETE FROM temp.report_procs;"
	"DELETE FROM temp.report_errors;";

static const char probes_sql[] =
	"SELECT coalesce(p.probe, 'unknown:' || s.probe_id) AS probe,"
	" s.calls AS calls, s.errors AS errors,"
	" coalesce(fmt_ns(s.total), '-') AS total,"
	" coalesce(fmt_ns(s.p50), '-') AS p50, coalesce(fmt_ns(s.p90), '-') AS p90,"
	" coalesce(fmt_ns(s.p99), '-') AS p99, coalesce(fmt_ns(s.max), '-') AS max"
	" FROM temp.report_probes AS s"
	" LEFT JOIN probes AS p ON p.trace_id = ?1 AND p.probe_id = s.probe_id"
	" ORDER BY s.total IS NULL, s.total DESC, s.calls DESC, probe";

/* as the events view names them, from the counts of the stats scan */
static const char errors_sql[] =
	"SELECT coalesce((SELECT n.name FROM errnos AS n WHERE n.trace_id = ?1"
	"  AND n.nr = -s.ret), 'errno ' || -s.ret) AS errno, p.probe AS probe,"
	" sum(s.count) AS count FROM temp.report_errors AS s"
	" LEFT JOIN probes AS p ON p.trace_id = ?1 AND p.probe_id = s.probe_id"
	" GROUP BY 1, 2 ORDER BY count DESC, errno, probe LIMIT 10";

/*
 * Each process life, longest first: wall is exit_ns - start_ns (to the
 * end of the trace while it ran on), cpu the kernel's own account of its
 * CPU time, in_calls the latency of its events summed. With --where, only
 * the processes with a selected event; pids of events that no PROC record
 * describes come last.
 */
static const char procs_sql[] =
	"WITH r(pid, comm, start_ns, end_ns, cpu_ns, exit_code) AS ("
	"  SELECT p.pid, p.comm, p.start_ns, coalesce(p.exit_ns, (SELECT"
	"   CAST(value AS INTEGER) FROM meta WHERE trace_id = ?1"
	"   AND key = 'duration_ns')), p.cpu_ns, p.exit_code"
	"  FROM processes AS p WHERE p.trace_id = ?1 AND (?2 IS NULL OR"
	"   p.pid IN (SELECT pid FROM temp.report_procs))"
	"  UNION ALL SELECT s.pid, (SELECT comm FROM comms AS c"
	"   WHERE c.trace_id = ?1 AND c.comm_id = s.comm_id), NULL, NULL, NULL,"
	"   NULL FROM temp.report_procs AS s WHERE s.pid NOT IN"
	"   (SELECT pid FROM processes WHERE trace_id = ?1))"
	" SELECT r.pid AS pid, r.comm AS comm,"
	" coalesce(fmt_ns(r.end_ns - r.start_ns), '-') AS wall,"
	" coalesce(fmt_ns(r.cpu_ns), '-') AS cpu,"
	" coalesce(s.events, 0) AS events, coalesce(s.errors, 0) AS errors,"
	" coalesce(fmt_ns(s.total), '-') AS in_calls, r.exit_code AS exit_code"
	" FROM r LEFT JOIN temp.report_procs AS s ON s.pid = r.pid"
	" ORDER BY r.end_ns - r.start_ns IS NULL, r.end_ns - r.start_ns DESC,"
	" s.total DESC, r.pid LIMIT 15";

static int sql_failed(sqlite3 *db)
{
	fprintf(stderr, "analyze: SQL error: %s\n", sqlite3_errmsg(db));
	return -1;
}

/* Prepare sql with ?1 bound to trace id tid; NULL after an error line. */
static sqlite3_stmt *prepare(sqlite3 *db, const char *sql, int64_t tid)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		sql_failed(db);
		return NULL;
	}
	sqlite3_bind_int64(st, 1, tid);
	return st;
}

/* A titled table section; ?2 is where (NULL: all events), if sql has it. */
static int section(sqlite3 *db, FILE *f, const char *title, const char *sql,
		   int64_t tid, const char *where)
{
	sqlite3_stmt *st = prepare(db, sql, tid);
	int rc;

	if (!st)
		return -1;
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_text(st, 2, where, -1, SQLITE_STATIC);
	fprintf(f, "\n%s\n", title);
	rc = results__stmt(st, OUT_TABLE, f);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : sql_failed(db);
}

/* "key      value" lines of the trace header. */
static int header(sqlite3 *db, FILE *f, int64_t tid,
		  const struct trace_stats *s)
{
	sqlite3_stmt *st = prepare(db, header_sql, tid);
	int rc, nproc = 0;
	long long missing = 0;
	char buf[96];

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(st, 0);
		const char *val = (const char *)sqlite3_column_text(st, 1);
		int n = sqlite3_column_bytes(st, 1);

		if (!val)
			continue;
		if (!strcmp(key, "duration_ns")) {
			key = "duration";
			val = sqlfuncs__fmt_ns(sqlite3_column_double(st, 1), buf,
					       sizeof(buf));
			n = (int)strlen(val);
		} else if (!strcmp(key, "frames_missing")) {
			missing = sqlite3_column_int64(st, 1);
			continue;	/* in the status line */
		} else if (!strcmp(key, "frames_skipped")) {
			if (!sqlite3_column_int64(st, 1))
				continue;
			key = "skipped";
			n = snprintf(buf, sizeof(buf), "%lld frames (repeated, or of another recording)",
				     (long long)sqlite3_column_int64(st, 1));
			val = buf;
		} else if (!strcmp(key, "complete")) {
			key = "status";
			if (strcmp(val, "1"))
				val = "TRUNCATED (no END record)";
			else if (missing)
				val = (snprintf(buf, sizeof(buf), "INCOMPLETE (%lld frame%s missing)",
						missing, missing == 1 ? "" : "s"), buf);
			else
				val = "complete";
			n = (int)strlen(val);
		} else if (!strcmp(key, "start_wall")) {
			key = "start";
		}
		fprintf(f, "%-10s ", key);
		escape__fput(f, val, (size_t)n, ESC_TEXT);
		fputc('\n', f);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sql_failed(db);
	/* process lives recorded, or pids seen when there are more */
	st = prepare(db, "SELECT count(*) FROM processes WHERE trace_id = ?1",
		     tid);
	if (!st)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		nproc = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	fprintf(f, "%-10s %u\n", "processes",
		(unsigned)nproc > s->nprocs ? (unsigned)nproc : s->nprocs);
	return 0;
}

/* Index of probe_id's totals in s, or -1. */
static int find_probe(const struct trace_stats *s, int64_t probe_id)
{
	for (uint32_t i = 0; i < s->nprobes; i++)
		if (s->probes[i].probe_id == probe_id)
			return (int)i;
	return -1;
}

/*
 * Does name match one of the --histogram values? 2 when one names it
 * exactly, 1 when only a pattern matches (then a probe without calls,
 * one of the hundreds syscall:* attached, is left out), 0 otherwise.
 */
static int wanted(const struct report_opts *o, const char *name)
{
	int m = 0;

	for (int i = 0; m < 2 && i < o->nhist; i++)
		if (!strcmp(o->hist[i], name))
			m = 2;
		else if (!sqlite3_strglob(o->hist[i], name))
			m = 1;
	return m;
}

/* The histograms of the probes --histogram names, in name order. */
static int named_histograms(sqlite3 *db, FILE *f, int64_t tid,
			    const struct trace_stats *s,
			    const struct report_opts *o)
{
	static const struct probe_stats none;
	sqlite3_stmt *st = prepare(db, "SELECT probe_id, probe FROM probes"
				   " WHERE trace_id = ?1 ORDER BY probe", tid);
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 1);
		int i = find_probe(s, sqlite3_column_int64(st, 0));
		int m = name ? wanted(o, name) : 0;

		if (m == 2 || (m == 1 && i >= 0 && s->probes[i].timed))
			histogram__print(f, i < 0 ? &none : &s->probes[i], name);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : sql_failed(db);
}

/* Histograms of the HIST_PROBES probes with the most total time. */
static int histograms(sqlite3 *db, FILE *f, int64_t tid,
		      const struct trace_stats *s)
{
	const struct probe_stats *top[HIST_PROBES] = { 0 };
	sqlite3_stmt *st;

	for (uint32_t i = 0; i < s->nprobes; i++) {
		const struct probe_stats *p = &s->probes[i];

		if (!p->timed)
			continue;
		for (int k = 0; k < HIST_PROBES; k++) {
			if (!top[k] || p->total_ns > top[k]->total_ns) {
				memmove(&top[k + 1], &top[k], (size_t)(HIST_PROBES -
					k - 1) * sizeof(top[0]));
				top[k] = p;
				break;
			}
		}
	}
	st = prepare(db, "SELECT coalesce((SELECT probe FROM probes WHERE"
		     " trace_id = ?1 AND probe_id = ?2), 'unknown:' || ?2)", tid);
	if (!st)
		return -1;
	for (int k = 0; k < HIST_PROBES && top[k]; k++) {
		sqlite3_bind_int64(st, 2, top[k]->probe_id);
		if (sqlite3_step(st) == SQLITE_ROW)
			histogram__print(f, top[k],
					 (const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return 0;
}

/* The failed calls per probe and return value, for the errors section. */
static int fill_errors(sqlite3 *db, const struct trace_stats *s)
{
	sqlite3_stmt *st;
	int rc = SQLITE_DONE;

	if (sqlite3_prepare_v2(db, "INSERT INTO temp.report_errors VALUES"
			       " (?1, ?2, ?3)", -1, &st, NULL))
		return -1;
	for (uint32_t i = 0; rc == SQLITE_DONE && i < s->nerrs; i++) {
		sqlite3_bind_int64(st, 1, s->errs[i].probe_id);
		sqlite3_bind_int64(st, 2, s->errs[i].ret);
		sqlite3_bind_int64(st, 3, (int64_t)s->errs[i].count);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Fill the temp tables the probe, error and process sections print. */
static int fill_temp(sqlite3 *db, struct trace_stats *s)
{
	sqlite3_stmt *pr = NULL, *pc = NULL;
	int err = -1;

	if (sqlite3_exec(db, temp_sql, NULL, NULL, NULL) || fill_errors(db, s) ||
	    sqlite3_prepare_v2(db, "INSERT INTO temp.report_probes VALUES"
			       " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", -1, &pr, NULL) ||
	    sqlite3_prepare_v2(db, "INSERT INTO temp.report_procs VALUES"
			       " (?1, ?2, ?3, ?4, ?5)", -1, &pc, NULL))
		goto out;
	for (uint32_t i = 0; i < s->nprobes; i++) {
		struct probe_stats *p = &s->probes[i];

		for (int k = 4; k <= 8; k++)
			sqlite3_bind_null(pr, k);
		sqlite3_bind_int64(pr, 1, p->probe_id);
		sqlite3_bind_int64(pr, 2, (int64_t)p->calls);
		sqlite3_bind_int64(pr, 3, (int64_t)p->errors);
		if (p->timed) {
			sqlite3_bind_double(pr, 4, p->total_ns);
			sqlite3_bind_double(pr, 5, p->pct[STATS_P50]);
			sqlite3_bind_double(pr, 6, p->pct[STATS_P90]);
			sqlite3_bind_double(pr, 7, p->pct[STATS_P99]);
			sqlite3_bind_int64(pr, 8, (int64_t)p->max_ns);
		}
		if (sqlite3_step(pr) != SQLITE_DONE)
			goto out;
		sqlite3_reset(pr);
	}
	for (uint32_t i = 0; i < s->nprocs; i++) {
		const struct proc_stats *q = &s->procs[i];

		sqlite3_bind_int64(pc, 1, q->pid);
		sqlite3_bind_int64(pc, 2, q->comm_id);
		sqlite3_bind_int64(pc, 3, (int64_t)q->events);
		sqlite3_bind_int64(pc, 4, (int64_t)q->errors);
		if (q->timed)
			sqlite3_bind_double(pc, 5, q->total_ns);
		else
			sqlite3_bind_null(pc, 5);
		if (sqlite3_step(pc) != SQLITE_DONE)
			goto out;
		sqlite3_reset(pc);
	}
	err = 0;
out:
	if (err)
		sql_failed(db);
	sqlite3_finalize(pr);
	sqlite3_finalize(pc);
	return err;
}

static int has_errors(const struct trace_stats *s)
{
	for (uint32_t i = 0; i < s->nprobes; i++)
		if (s->probes[i].errors)
			return 1;
	return 0;
}

/* What --where kept: "selected   N events: PREDICATE". */
static void selected(FILE *f, const struct trace_stats *s, const char *where)
{
	uint64_t n = 0;

	for (uint32_t i = 0; i < s->nprobes; i++)
		n += s->probes[i].calls;
	fprintf(f, "%-10s %llu events: ", "selected", (unsigned long long)n);
	escape__fput(f, where, strlen(where), ESC_TEXT);
	fputc('\n', f);
}

static int trace_report(sqlite3 *db, FILE *f, int64_t tid, const char *file,
			int several, const struct report_opts *o)
{
	const char *where = o->where;

	if (several) {
		fprintf(f, "%s== trace %lld: ", tid > 1 ? "\n" : "",
			(long long)tid);
		escape__fput(f, file, strlen(file), ESC_TEXT);
		fputs(" ==\n", f);
	}
	struct trace_stats s;
	int err = stats__collect(db, tid, where, &s);

	err = err ?: fill_temp(db, &s);
	err = err ?: header(db, f, tid, &s);
	if (!err && where)
		selected(f, &s, where);
	err = err ?: section(db, f, "probes by total time", probes_sql, tid,
				   where);
	if (!err && !has_errors(&s))
		fputs("\ntop errors: none\n", f);
	else if (!err)
		err = section(db, f, "top errors", errors_sql, tid, where);
	err = err ?: section(db, f, "processes by wall time", procs_sql, tid,
			     where);
	if (!err && o->nhist)
		err = named_histograms(db, f, tid, &s, o);
	else if (!err)
		err = histograms(db, f, tid, &s);
	stats__free(&s);
	return err;
}

/* Each --histogram glob must match a probe of some trace. */
static int check_globs(sqlite3 *db, const struct report_opts *o)
{
	sqlite3_stmt *st;
	int err = 0;

	if (sqlite3_prepare_v2(db, "SELECT 1 FROM probes WHERE probe GLOB ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return sql_failed(db);
	for (int i = 0; !err && i < o->nhist; i++) {
		sqlite3_bind_text(st, 1, o->hist[i], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW) {
			fprintf(stderr, "analyze: --histogram: no probe '");
			escape__fput(stderr, o->hist[i], strlen(o->hist[i]),
				     ESC_TEXT);
			fprintf(stderr, "' in the trace (see the probes table)\n");
			err = -1;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return err;
}

int report__print(struct sqlite3 *db, const struct report_opts *o, FILE *f)
{
	sqlite3_stmt *st;
	int rc, n = 0, err = 0;

	if (check_globs(db, o))
		return -1;
	if (sqlite3_prepare_v2(db, "SELECT trace_id, file, (SELECT count(*)"
			       " FROM traces) FROM traces ORDER BY trace_id",
			       -1, &st, NULL) != SQLITE_OK)
		return sql_failed(db);
	while (!err && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		err = trace_report(db, f, sqlite3_column_int64(st, 0),
				   (const char *)sqlite3_column_text(st, 1),
				   sqlite3_column_int(st, 2) > 1, o);
		n++;
	}
	if (!err && rc != SQLITE_DONE)
		err = sql_failed(db);
	sqlite3_finalize(st);
	if (!err && !n)
		fputs("no traces in this database\n", f);
	return err;
}
