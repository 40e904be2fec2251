// SPDX-License-Identifier: MIT
/*
 * procfmt.c - signals, clone, execve's vectors and wait statuses as strace
 * prints them (its signal.c, clone.c, execve.c and wait.c).
 */
#include <linux/futex.h>
#include <linux/sched.h>
#include <signal.h>
#include <sys/wait.h>

#include "analyzer/argfmt/procfmt.h"
#include "analyzer/argfmt/argfmt.h"
#include "analyzer/argfmt/flags.h"
#include "analyzer/argfmt/out.h"
#include "analyzer/argfmt/strfmt.h"
#include "analyzer/argfmt/structfmt.h"
#include "schema/le.h"

void procfmt__signal(struct out *o, uint64_t sig)
{
	const char *name = sig < __SIGRTMIN ? xlat__name(&xt_signals, sig) : NULL;

	if (name) {
		out_str(o, name);
	} else if (sig == __SIGRTMIN) {
		out_str(o, "SIGRTMIN");
	} else if (sig > __SIGRTMIN && sig <= __SIGRTMAX) {
		out_str(o, "SIGRT_");
		out_udec(o, sig - __SIGRTMIN);
	} else {
		out_udec(o, sig);
	}
}

/*
 * x86-64 order of clone's registers: flags, stack, parent_tid, child_tid,
 * tls (kernel/fork.c, CONFIG_CLONE_BACKWARDS unset).
 */
void procfmt__clone(struct out *o, const struct argfmt_call *c)
{
	uint64_t flags = c->args[0];
	uint64_t named = flags & ~(uint64_t)CSIGNAL;
	uint64_t sig = flags & CSIGNAL;

	out_str(o, "child_stack=");
	out_ptr(o, c->args[1]);
	out_str(o, ", flags=");
	if (named)
		xlat__flags(o, &xt_clone_flags, named, NULL);
	if (sig) {
		if (named)
			out_ch(o, '|');
		procfmt__signal(o, sig);
	}
	if (!flags)
		out_ch(o, '0');
	if (flags & (CLONE_PARENT_SETTID | CLONE_PIDFD)) {
		out_str(o, ", parent_tid=");
		out_ptr(o, c->args[2]);
	}
	if (flags & CLONE_SETTLS) {
		out_str(o, ", tls=");
		out_ptr(o, c->args[4]);
	}
	if (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) {
		out_str(o, ", child_tidptr=");
		out_ptr(o, c->args[3]);
	}
}

static void print_bitset(struct out *o, uint32_t v)
{
	if (v == FUTEX_BITSET_MATCH_ANY)
		out_str(o, "FUTEX_BITSET_MATCH_ANY");
	else
		out_hex(o, v);
}

/* FUTEX_WAKE_OP's encoded operation (FUTEX_OP() of <linux/futex.h>) */
static void print_wake_op(struct out *o, uint32_t v)
{
	uint32_t op = v >> 28, cmp = (v >> 24) & 15;

	if (op & FUTEX_OP_OPARG_SHIFT)
		out_str(o, "FUTEX_OP_OPARG_SHIFT|");
	xlat__xval(o, &xt_futex_wake_ops, op & ~FUTEX_OP_OPARG_SHIFT, NULL);
	out_str(o, "<<28|");
	out_hex(o, (v >> 12) & 0xfff);
	out_str(o, "<<12|");
	xlat__xval(o, &xt_futex_wake_cmps, cmp, NULL);
	out_str(o, "<<24|");
	out_hex(o, v & 0xfff);
}

/* a timeout: its captured struct timespec, else its address */
static void print_timeout(struct out *o, const struct argfmt_call *c, int i)
{
	const struct argfmt_cap *cap = &c->cap[i];

	if (!c->args[i] || !cap->p ||
	    (cap->status != KT_CAP_OK && cap->status != KT_CAP_TRUNC) ||
	    !structfmt__timespec(o, cap->p, cap->len))
		out_ptr(o, c->args[i]);
}

/*
 * futex(uaddr, op, val, timeout or val2, uaddr2, val3): which of them an
 * operation uses decides what strace prints (its futex.c).
 */
void procfmt__futex(struct out *o, const struct argfmt_call *c)
{
	uint32_t op = c->args[1], cmd = op & FUTEX_CMD_MASK;
	uint32_t val = c->args[2], val2 = c->args[3], val3 = c->args[5];
	uint64_t timeout = c->args[3], uaddr2 = c->args[4];
	const char *name = xlat__name(&xt_futex_ops, op & ~FUTEX_CLOCK_REALTIME);

	out_ptr(o, c->args[0]);
	out_str(o, ", ");
	if (!name) {
		xlat__xval(o, &xt_futex_ops, op, "FUTEX_???");
		out_str(o, ", ");
		out_udec(o, val);
		out_str(o, ", ");
		out_hex(o, timeout);
		out_str(o, ", ");
		out_hex(o, uaddr2);
		out_str(o, ", ");
		out_hex(o, val3);
		return;
	}
	out_str(o, name);
	if (op & FUTEX_CLOCK_REALTIME)
		out_str(o, "|FUTEX_CLOCK_REALTIME");
	switch (cmd) {
	case FUTEX_UNLOCK_PI:
	case FUTEX_TRYLOCK_PI:
		return;
	case FUTEX_LOCK_PI:
	case FUTEX_LOCK_PI2:
		out_str(o, ", ");
		print_timeout(o, c, 3);
		return;
	}
	out_str(o, ", ");
	out_udec(o, val);
	switch (cmd) {
	case FUTEX_WAIT:
		out_str(o, ", ");
		print_timeout(o, c, 3);
		break;
	case FUTEX_WAIT_BITSET:
		out_str(o, ", ");
		print_timeout(o, c, 3);
		out_str(o, ", ");
		print_bitset(o, val3);
		break;
	case FUTEX_WAKE_BITSET:
		out_str(o, ", ");
		print_bitset(o, val3);
		break;
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
	case FUTEX_CMP_REQUEUE_PI:
	case FUTEX_WAKE_OP:
		out_str(o, ", ");
		out_udec(o, val2);
		out_str(o, ", ");
		out_ptr(o, uaddr2);
		if (cmd == FUTEX_REQUEUE)
			break;
		out_str(o, ", ");
		if (cmd == FUTEX_WAKE_OP)
			print_wake_op(o, val3);
		else
			out_udec(o, val3);
		break;
	case FUTEX_WAIT_REQUEUE_PI:
		out_str(o, ", ");
		print_timeout(o, c, 3);
		out_str(o, ", ");
		out_ptr(o, uaddr2);
		break;
	}
}

/* struct clone_args of <linux/sched.h>: u64 fields, the same everywhere */
enum {
	CA_FLAGS, CA_PIDFD, CA_CHILD_TID, CA_PARENT_TID, CA_EXIT_SIGNAL,
	CA_STACK, CA_STACK_SIZE, CA_TLS, CA_SET_TID, CA_SET_TID_SIZE, CA_CGROUP,
	CA_N
};

int procfmt__clone_args(struct out *o, const struct argfmt_call *c,
			const uint8_t *p, uint32_t len)
{
	uint64_t f[CA_N] = { 0 };
	uint32_t i;

	if (len < 8 * (CA_TLS + 1))
		return 0;
	for (i = 0; i < CA_N && 8 * i + 8 <= len; i++)
		f[i] = kt_get_le64(p + 8 * i);
	out_str(o, "{flags=");
	xlat__flags(o, &xt_clone3_flags, f[CA_FLAGS], NULL);
	if (f[CA_FLAGS] & CLONE_PIDFD) {
		out_str(o, ", pidfd=");
		out_ptr(o, f[CA_PIDFD]);
	}
	if (f[CA_FLAGS] & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) {
		out_str(o, ", child_tid=");
		out_ptr(o, f[CA_CHILD_TID]);
	}
	if (f[CA_FLAGS] & CLONE_PARENT_SETTID) {
		out_str(o, ", parent_tid=");
		out_ptr(o, f[CA_PARENT_TID]);
	}
	out_str(o, ", exit_signal=");
	procfmt__signal(o, f[CA_EXIT_SIGNAL]);
	out_str(o, ", stack=");
	out_ptr(o, f[CA_STACK]);
	out_str(o, ", stack_size=");
	out_hex(o, f[CA_STACK_SIZE]);
	if (f[CA_FLAGS] & CLONE_SETTLS) {
		out_str(o, ", tls=");
		out_ptr(o, f[CA_TLS]);
	}
	if (f[CA_SET_TID] || f[CA_SET_TID_SIZE]) {
		out_str(o, ", set_tid=");
		out_ptr(o, f[CA_SET_TID]);
		out_str(o, ", set_tid_size=");
		out_udec(o, f[CA_SET_TID_SIZE]);
	}
	if (f[CA_FLAGS] & CLONE_INTO_CGROUP) {
		out_str(o, ", cgroup=");
		out_udec(o, f[CA_CGROUP]);
	}
	out_ch(o, '}');
	/* the kernel wrote the child's id to parent_tid: ret, here */
	if (c->has_ret && c->ret > 0 && (f[CA_FLAGS] & CLONE_PARENT_SETTID) &&
	    !(f[CA_FLAGS] & CLONE_PIDFD)) {
		out_str(o, " => {parent_tid=[");
		out_dec(o, c->ret);
		out_str(o, "]}");
	}
	return 1;
}

void procfmt__argv(struct out *o, const uint8_t *p, uint32_t len,
		   uint32_t strsize, int more)
{
	uint32_t i = 0, n = 0;

	out_ch(o, '[');
	while (i < len) {
		uint32_t j = i;

		while (j < len && p[j])
			j++;
		if (n)
			out_mem(o, ", ", 2);
		if (n++ >= strsize) {
			out_mem(o, "...", 3);
			more = 0;
			break;
		}
		/* a string the capture cut short goes on past it */
		strfmt__quoted(o, p + i, j - i, strsize, j == len && more);
		i = j + 1;
	}
	if (more) {
		if (n)
			out_mem(o, ", ", 2);
		out_mem(o, "...", 3);
	}
	out_ch(o, ']');
}

void procfmt__envp(struct out *o, uint64_t addr, const struct argfmt_cap *cap)
{
	uint32_t n;

	out_ptr(o, addr);
	if (!addr || !cap->p || cap->len < 4 ||
	    (cap->status != KT_CAP_OK && cap->status != KT_CAP_TRUNC))
		return;
	n = kt_get_le32(cap->p);
	out_str(o, " /* ");
	out_udec(o, n);
	out_str(o, n == 1 ? " var */" : " vars */");
}

void procfmt__wstatus(struct out *o, int status)
{
	out_str(o, "[{");
	if (WIFEXITED(status)) {
		out_str(o, "WIFEXITED(s) && WEXITSTATUS(s) == ");
		out_udec(o, WEXITSTATUS(status));
	} else if (WIFSIGNALED(status)) {
		out_str(o, "WIFSIGNALED(s) && WTERMSIG(s) == ");
		procfmt__signal(o, WTERMSIG(status));
		if (WCOREDUMP(status))
			out_str(o, " && WCOREDUMP(s)");
	} else if (WIFSTOPPED(status)) {
		out_str(o, "WIFSTOPPED(s) && WSTOPSIG(s) == ");
		procfmt__signal(o, WSTOPSIG(status));
	} else if (WIFCONTINUED(status)) {
		out_str(o, "WIFCONTINUED(s)");
	} else {
		out_hex(o, (uint32_t)status);
	}
	out_str(o, "}]");
}
