/* SPDX-License-Identifier: MIT */
/*
 * rows.h - one prepared INSERT per table of schema/trace.sql.
 *
 * The importer (analyzer/import/import.c) decides what goes into the database;
 * this file knows how: each row is bind / step / reset on a statement
 * prepared once, the way the sqlite3 shell's .import works, except events,
 * which go in a batch at a time (analyzer/import/evbatch.c). Strings are
 * bound as they are (SQLITE_STATIC, valid until the step): the database
 * keeps exactly the bytes of the trace, and escaping happens only when
 * something is printed.
 */
#ifndef ANALYZE_ROWS_H
#define ANALYZE_ROWS_H

#include <stdint.h>
#include "schema/record.h"

struct sqlite3;
struct proc_life;
struct rows;
struct callargs_out;

/* Prepare every statement. Prints the SQLite error and returns NULL. */
struct rows *rows__new(struct sqlite3 *db);
void rows__free(struct rows *r);

/*
 * Each inserts one row of trace tid and returns 0, or prints one line
 * "analyze: cannot write the database: ..." and returns -1.
 */
int rows__trace(struct rows *r, int tid, const char *file, int version,
		uint64_t origin, int64_t wall_offset, int complete);
int rows__meta(struct rows *r, int tid, struct kt_str key, struct kt_str value);
/* known 0 stores NULL */
int rows__meta_i64(struct rows *r, int tid, const char *key, int64_t value,
		   int known);
int rows__meta_str(struct rows *r, int tid, const char *key,
		   const char *value);
/* nargs: the argument count if known (SYSARGS came first), or -1 */
int rows__syscall(struct rows *r, int tid, uint32_t nr, struct kt_str name,
		  int nargs);
/* the argument count of a syscall the table may already hold */
int rows__sysargs(struct rows *r, int tid, uint32_t nr, int nargs);
/* errnos: first definition of a number wins */
int rows__errno(struct rows *r, int tid, uint32_t nr, struct kt_str name);
/* probes: id is the import's (analyzer/import/probeids.h), nr the trace's */
int rows__probe(struct rows *r, int tid, uint32_t id, uint32_t nr,
		struct kt_str name, struct kt_str kind, struct kt_str target);
/*
 * A number events use that no PROBE record named: "syscall:NAME" when the
 * trace's syscall table knows the number (below 4096), else "unknown:NR".
 */
int rows__probe_guess(struct rows *r, int tid, uint32_t id, uint32_t nr);
int rows__comm(struct rows *r, int tid, uint32_t id, const char *s,
	       uint32_t len);
/*
 * ts is relative to the origin; probe is the import's probe id
 * (analyzer/import/probeids.h), nargs how many of e->args are the call's (the
 * rest are NULL), comm a comm id or -1, txt the text columns (path,
 * args, addr: analyzer/import/callargs.h). Events are held
 * and written about a thousand at a time: rows__flush_events() writes the
 * rest, and must run before the rows are read.
 */
int rows__event(struct rows *r, int tid, const struct kt_event *e,
		uint32_t probe, int nargs, int64_t ts, int64_t comm,
		const struct callargs_out *txt);
int rows__flush_events(struct rows *r);
/* fd_paths: what the first argument of thread's event at ts named */
int rows__fd_path(struct rows *r, int tid, uint32_t thread, int64_t ts,
		  const char *path);
/* processes.argv of the life of pid that includes ts (relative) */
int rows__argv(struct rows *r, int tid, uint32_t pid, int64_t ts,
	       const char *json, size_t len);
int rows__proc_event(struct rows *r, int tid, const struct kt_proc *p,
		     int64_t ts);
int rows__process(struct rows *r, int tid, const struct proc_life *l);
/* stacks: a second STACK record with a known id is ignored */
int rows__stack(struct rows *r, int tid, const struct kt_stack *s);
int rows__lost(struct rows *r, int tid, const struct kt_lost *l, int64_t ts);
/* Set traces.complete. */
int rows__complete(struct rows *r, int tid, int complete);
/* One row of temp.event_keys: n rows have one value of key (trace.sql). */
int rows__event_key(struct rows *r, const char *key, uint32_t n);

#endif /* ANALYZE_ROWS_H */
