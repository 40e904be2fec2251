/* SPDX-License-Identifier: MIT */
/*
 * procs.h - who is who while a trace is imported: processes, threads and
 * their names.
 *
 * The importer feeds every PROC record here, in time order within a frame,
 * interleaved with the events (analyzer/import/import.c), and asks for the task
 * name of each event's pid/tid at the event's time: an event can arrive a
 * frame after a later record of its process, so names are kept by time. Names are interned: each distinct comm gets a
 * small id once, announced through procs_ops.comm, and events store the id.
 * A process life (fork or first sight to exit) is handed to procs_ops.life
 * when its pid is reused and, for all the rest, at procs__flush().
 */
#ifndef ANALYZE_PROCS_H
#define ANALYZE_PROCS_H

#include <stdint.h>
#include "names.h"

struct kt_proc;
struct procs;

/* One process life, as the processes table stores it. */
struct proc_life {
	uint32_t pid;
	uint32_t ppid;
	int64_t comm;		/* comm id, or -1 if never named */
	char *exe;		/* NUL-terminated copy, or NULL */
	uint32_t exe_len;
	int64_t start_ns;	/* relative to the trace origin */
	int64_t exit_ns;
	int32_t exit_status;	/* raw wait(2) status */
	uint64_t cpu_ns;	/* CPU time at exit, with has_cpu */
	uint8_t has_cpu;	/* the EXIT record said (version 2) */
	uint8_t has_ppid;
	uint8_t has_start;
	uint8_t has_exit;
	uint32_t gen;		/* bumped by exec and reuse: thread names die */
	struct names names;	/* the process's recent names (fork, exec,
				 * leader rename), for procs__comm() */
};

struct procs_ops {
	void *ctx;
	/* a new comm id; s is not NUL-terminated */
	int (*comm)(void *ctx, uint32_t id, const char *s, uint32_t len);
	/* a finished life; l is only valid during the call */
	int (*life)(void *ctx, const struct proc_life *l);
};

/* Returns NULL on allocation failure. ops is copied. */
struct procs *procs__new(const struct procs_ops *ops);

/*
 * Apply one PROC record whose time, relative to the origin, is ts.
 * Returns 0 or the first non-zero value of a callback (or -ENOMEM).
 */
int procs__apply(struct procs *p, const struct kt_proc *rec, int64_t ts);

/*
 * The comm id of thread tid of process pid at ts (relative to the origin,
 * like procs__apply()'s), or -1 when unknown. Before the first name known,
 * the first name known.
 */
int64_t procs__comm(struct procs *p, uint32_t pid, uint32_t tid, int64_t ts);

/*
 * The comm id of the len bytes at s (interned, and handed to ops.comm, on first
 * sight). Returns the id, or a negative errno or callback value.
 */
int64_t procs__name(struct procs *p, const char *s, uint32_t len);

/* Hand every remaining life to ops.life (end of trace). */
int procs__flush(struct procs *p);

/* NULL is a no-op. */
void procs__free(struct procs *p);

#endif /* ANALYZE_PROCS_H */
