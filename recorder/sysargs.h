/* SPDX-License-Identifier: MIT */
/*
 * sysargs.h - how many arguments each syscall of the running kernel takes.
 *
 * The count comes from the kernel's own syscall trace events, read by a
 * child process while the parent loads the BPF programs. Events keep
 * only that many arguments; the trace says how many (SYSARGS records).
 */
#ifndef KTRAIL_SYSARGS_H
#define KTRAIL_SYSARGS_H

#include <stdint.h>
#include <sys/types.h>
#include "bpf/ktrail.h"
#include "schema/record.h"

/* A table entry for a syscall whose count is not known. */
#define SYSARGS_UNKNOWN	0xff

struct sysargs {
	pid_t pid;		/* the reading child, or 0 */
	int fd;			/* read end of its pipe, or -1 */
};

/*
 * Start reading the counts in a child. Call before the process starts
 * threads. Never fails: without a child the counts are all unknown.
 */
void sysargs__start(struct sysargs *s);

/* What the child found, by syscall number. */
struct sysargs_tab {
	uint8_t nargs[KT_MAX_SYSCALLS];	/* the count, or SYSARGS_UNKNOWN */
	uint8_t type[KT_MAX_SYSCALLS][KT_NARGS];	/* enum kt_argtype */
};

/*
 * Wait for the child and fill tab: nargs[nr] is the argument count of
 * syscall nr, or SYSARGS_UNKNOWN. Returns how many counts are known.
 */
int sysargs__finish(struct sysargs *s, struct sysargs_tab *tab);

#endif /* KTRAIL_SYSARGS_H */
