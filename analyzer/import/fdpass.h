/* SPDX-License-Identifier: MIT */
/*
 * fdpass.h - the fd_path column: what each descriptor referred to, rebuilt
 * from the trace in time order once all its events are in.
 */
#ifndef ANALYZE_FDPASS_H
#define ANALYZE_FDPASS_H

#include <stdint.h>
#include "schema/record.h"

struct callargs;
struct rows;
struct fdpass;

/* NULL when out of memory; ca must outlive it. */
struct fdpass *fdpass__new(const struct callargs *ca);
void fdpass__free(struct fdpass *fp);

/* A descriptor (or the cwd) of a process when recording began. */
int fdpass__initial(struct fdpass *fp, const struct kt_fd *f);

/* A PROC record at ts (relative): forks copy tables, execs close
 * close-on-exec descriptors, exits drop the table. */
int fdpass__proc(struct fdpass *fp, const struct kt_proc *p, int64_t ts);

/* A syscall event at ts (relative), kept when it uses or changes
 * descriptors. 0 or -ENOMEM. */
int fdpass__event(struct fdpass *fp, const struct kt_event *e, int nargs,
		  int64_t ts);

/* Replay what was kept in time order; an fd_paths row for each event
 * whose first argument named a known descriptor. 0, -ENOMEM or -1. */
int fdpass__run(struct fdpass *fp, struct rows *r, int trace_id);

#endif /* ANALYZE_FDPASS_H */
