/* SPDX-License-Identifier: MIT */
/*
 * header.h - the trace's self-description, written into the first frame.
 */
#ifndef KTRAIL_HEADER_H
#define KTRAIL_HEADER_H

#include <stdint.h>

struct kt_buf;
struct record_opts;
struct probe_set;
struct sysargs_tab;

/*
 * Append HEADER, META (host, kernel, arch, command, filters, ...), the
 * syscall and errno tables, the syscall argument counts and types that are
 * known (sysargs.h) and the probe table to b. origin_ns is the
 * recording's CLOCK_BOOTTIME zero. Returns 0 or -ENOMEM.
 */
int header__put(struct kt_buf *b, const struct record_opts *o,
		const struct probe_set *ps, const struct sysargs_tab *args,
		uint64_t origin_ns);

/* CLOCK_BOOTTIME now, in ns: the clock BPF's bpf_ktime_get_boot_ns() reads */
uint64_t boot_ns(void);

#endif /* KTRAIL_HEADER_H */
