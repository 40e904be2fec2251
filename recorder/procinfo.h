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

/*
 * FD records for pid: its cwd and each open descriptor, as /proc/PID/fd
 * reads (what strace -y shows), for the analyzer's fd_path. Returns 0 or
 * the writer's error; a process or descriptor gone meanwhile is skipped.
 */
int procinfo__put_fds(struct writer *w, pid_t pid);

/* PROC EXISTING and FD records for every process of the system.
 * Returns how many processes. */
int procinfo__put_all(struct writer *w, uint64_t ts_ns);

#endif /* KTRAIL_PROCINFO_H */
