/* SPDX-License-Identifier: MIT */
/*
 * procfmt.h - the process side of strace's rendering: signals, clone's
 * named arguments, execve's argument vector, wait statuses.
 */
#ifndef KTRAIL_ARGFMT_PROCFMT_H
#define KTRAIL_ARGFMT_PROCFMT_H

#include <stdint.h>

struct out;
struct argfmt_call;
struct argfmt_cap;

/* SIGINT, SIGRTMIN, SIGRT_3; a number strace does not name in decimal */
void procfmt__signal(struct out *o, uint64_t sig);

/* clone's registers: child_stack=NULL, flags=...|SIGCHLD, child_tidptr=... */
void procfmt__clone(struct out *o, const struct argfmt_call *c);

/*
 * clone3's struct clone_args as captured (len bytes at p): {flags=...,
 * exit_signal=SIGCHLD, stack=NULL, stack_size=0}, then what the kernel
 * wrote back, as far as ret tells it (=> {parent_tid=[TID]}). Returns 0
 * when len is too short for the fields strace shows.
 */
int procfmt__clone_args(struct out *o, const struct argfmt_call *c,
			const uint8_t *p, uint32_t len);

/* futex's registers: the arguments its operation uses, as strace shows them */
void procfmt__futex(struct out *o, const struct argfmt_call *c);

/*
 * An argument vector captured as NUL-terminated strings, each cut at
 * strsize, at most strsize of them: ["ls", "-l"]. more: the capture is a
 * prefix of the vector.
 */
void procfmt__argv(struct out *o, const uint8_t *p, uint32_t len,
		   uint32_t strsize, int more);

/* an environment: its address and count, 0x7ffd... followed by a comment */
void procfmt__envp(struct out *o, uint64_t addr, const struct argfmt_cap *cap);

/* a wait status: [{WIFEXITED(s) && WEXITSTATUS(s) == 0}] */
void procfmt__wstatus(struct out *o, int status);

#endif /* KTRAIL_ARGFMT_PROCFMT_H */
