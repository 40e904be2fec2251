/* SPDX-License-Identifier: MIT */
/*
 * procinfo.h - what /proc says about a process that already runs.
 */
#ifndef KTRAIL_PROCINFO_H
#define KTRAIL_PROCINFO_H

#include <stdint.h>
#include <sys/types.h>

struct writer;

/*
 * Add a PROC EXISTING record for pid (ppid, comm, exe from /proc) to w.
 * Returns 0, -ESRCH when pid does not exist, or the writer's error.
 */
int procinfo__put_existing(struct writer *w, pid_t pid, uint64_t ts_ns);

/* The same for every process of the system. Returns how many. */
int procinfo__put_all(struct writer *w, uint64_t ts_ns);

#endif /* KTRAIL_PROCINFO_H */
