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

#endif /* KTRAIL_ARGFMT_STRUCTFMT_H */
