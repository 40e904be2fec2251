/* SPDX-License-Identifier: MIT */
/*
 * structfmt.h - small structs a call reads or the kernel writes, as strace
 * prints them: signal sets, resource limits, utsname, an int behind a
 * pointer.
 */
#ifndef KTRAIL_ARGFMT_STRUCTFMT_H
#define KTRAIL_ARGFMT_STRUCTFMT_H

#include <stdint.h>

struct out;

/* a sigset_t of len bytes: [INT TERM], or ~[KILL STOP] when mostly full */
void structfmt__sigset(struct out *o, const uint8_t *p, uint32_t len);

/* a struct rlimit64: {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY} */
int structfmt__rlimit(struct out *o, const uint8_t *p, uint32_t len);

/* a struct utsname: {sysname="Linux", nodename="vm", ...} */
int structfmt__utsname(struct out *o, const uint8_t *p, uint32_t len);

/* a struct timespec (64-bit): {tv_sec=1, tv_nsec=0} */
int structfmt__timespec(struct out *o, const uint8_t *p, uint32_t len);

/*
 * The kernel's struct sigaction (x86-64: handler, flags, restorer, then a
 * sigset of the rest): {sa_handler=SIG_DFL, sa_mask=[], sa_flags=0}.
 */
int structfmt__sigaction(struct out *o, const uint8_t *p, uint32_t len);

/*
 * poll's struct pollfd array of n entries (8 bytes each), at most max of
 * them: [{fd=3, events=POLLIN}, {fd=-1}]; with revents set, only the
 * entries the kernel marked: [{fd=3, revents=POLLIN}]. 0 when len is short.
 */
int structfmt__pollfds(struct out *o, const uint8_t *p, uint32_t len,
		       uint64_t n, uint32_t max, int revents);

/* a struct sysinfo, whole as strace prints it; 0 unless len is this
 * machine's sizeof(struct sysinfo) */
int structfmt__sysinfo(struct out *o, const uint8_t *p, uint32_t len);

#endif /* KTRAIL_ARGFMT_STRUCTFMT_H */
