/* SPDX-License-Identifier: MIT */
/*
 * procinfo.h - what /proc says about a process that already runs.
 */
#ifndef KTRAIL_PROCINFO_H
#define KTRAIL_PROCINFO_H

#include <stdint.h>
#include <sys/types.h>

struct kt_buf;

/*
 * Append a PROC EXISTING record for pid (ppid, comm, exe from /proc) to b.
 * Returns 0, or -ESRCH when pid does not exist.
 */
int procinfo__put_existing(struct kt_buf *b, pid_t pid, uint64_t ts_ns);

/* The same for every process of the system. Returns how many. */
int procinfo__put_all(struct kt_buf *b, uint64_t ts_ns);

#endif /* KTRAIL_PROCINFO_H */
