/* SPDX-License-Identifier: MIT */
/*
 * probes.h - the probe table: `-e` specs parsed into what to attach.
 *
 * Each probe gets the id that events carry (schema/FORMAT.md, PROBE):
 * syscalls use their number, every other probe KT_PROBE_BASE + its index.
 */
#ifndef KTRAIL_PROBES_H
#define KTRAIL_PROBES_H

#include <stddef.h>
#include <stdint.h>
#include "bpf/ktrail.h"

enum probe_type {
	PROBE_SYSCALL,
	PROBE_TRACEPOINT,
	PROBE_UPROBE,		/* entry only */
	PROBE_URETPROBE,	/* return only */
	PROBE_UFUNC,		/* entry and return, paired */
	PROBE_KPROBE,
	PROBE_KRETPROBE,
	PROBE_KFUNC,
	PROBE_USDT,		/* a USDT (SystemTap SDT) probe */
};

struct probe {
	uint32_t id;		/* the events' probe column */
	enum probe_type type;
	char *name;		/* canonical: "syscall:openat" */
	const char *kind;	/* "syscall", "uprobe", ... (static) */
	char *target;		/* "openat", "/bin/sh:main", "sched:sched_switch" */
	char *path;		/* uprobes, usdt: the ELF file */
	char *symbol;		/* uprobes: the function; tracepoints, usdt:
				 * the name */
	char *category;		/* tracepoints; usdt: the provider */
	int nargs;		/* usdt: the probe's argument count */
	unsigned strings;	/* usdt: bit i when argument i is a string
				 * (recorder/usdt_strings.c) */
};

struct probe_set {
	struct probe *v;
	int n;
	uint8_t syscall_on[KT_MAX_SYSCALLS];
	int nsyscalls;		/* syscalls selected */
};

/*
 * Parse specs (NULL or empty means syscall:*) into ps. On error, writes
 * one line (without "record: ") to err and returns -EINVAL or -ENOMEM.
 */
int probes__parse(struct probe_set *ps, char *const *specs, int nspecs,
		  char *err, size_t errlen);

/* The probe with id, or NULL. */
const struct probe *probes__find(const struct probe_set *ps, uint32_t id);

void probes__free(struct probe_set *ps);

#endif /* KTRAIL_PROBES_H */
