// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * usdt.bpf.c - USDT (SystemTap SDT) probes: one event per hit, the probe's
 * arguments in args[], and the string arguments the recorder names read
 * as strings.
 *
 * libbpf's USDT support (bpf_program__attach_usdt) attaches usdt_hit as a
 * uprobe at every site of a provider:name, enables its semaphores through
 * the kernel's uprobe reference counter, and tells this program how to
 * fetch each argument (a register, a memory operand, a constant: the note's
 * argument spec) through its own maps; bpf_usdt_arg() does the fetching.
 * The BPF cookie is libbpf's, so the probe id travels as the USDT cookie,
 * with the string arguments' bits (KT_COOKIE_STR, ktrail.h): a note says
 * an argument's size, never its type, and recorder/usdt_strings.c knows
 * which providers pass strings where. A string is read at the hit, in the
 * probed process, as a syscall's are at its exit (capture.bpf.h).
 * A probe has up to 12 arguments; the first 6 are kept, the others past
 * the probe's count stay 0.
 */
#include "stacks.bpf.h"
/* cap_str() and the batch it writes to; the syscall-only helpers beside
 * it go unused here */
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wunused-function"
#include "capture.bpf.h"
#pragma clang diagnostic pop
#include <bpf/usdt.bpf.h>

#define ARGS_KEPT (sizeof(((struct kt_bpf_event *)0)->args) / sizeof(__u64))

static __always_inline void usdt_args(struct pt_regs *ctx, __u64 *a)
{
	int n = bpf_usdt_arg_cnt(ctx);
	long v;

	for (int i = 0; i < (int)ARGS_KEPT; i++) {
		if (i >= n)
			break;
		v = 0;
		bpf_usdt_arg(ctx, i, &v);
		a[i] = (__u64)v;
	}
}

/*
 * The event after the strings its arguments point to, all in this CPU's
 * batch. A batch another program holds (this one interrupted it) takes
 * no captures: the event goes alone, and the strings count as failed.
 */
static __noinline void emit_with_strings(void *ctx, struct kt_bpf_event *e,
					 __u32 strs)
{
	struct kt_batch *b = batch_take();

	if (!b) {
		__sync_fetch_and_add(&stats.cap_failed, 1);
		send(ctx, e, sizeof(*e), 1);
		return;
	}
	for (int i = 0; i < (int)ARGS_KEPT; i++)
		if (strs & (1u << i))
			cap_str(ctx, b, e->tid, i, (const char *)e->args[i]);
	b = cap_batch();	/* the same: the verifier's view of it */
	if (b) {
		e->flags |= KT_F_CAPS;
		batch_event(ctx, b, e);
		batch_release(b);
	}
}

SEC("usdt")
int usdt_hit(struct pt_regs *ctx)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct kt_bpf_event e = { .flags = KT_F_ARGS };
	__u64 cookie;
	__u32 strs;

	if (!traced(pid_tgid >> 32) || failed_only || min_latency_ns)
		return 0;	/* no return value, no latency: nothing passes */
	cookie = (__u64)bpf_usdt_cookie(ctx);
	event_init(&e, (__u32)cookie, bpf_ktime_get_boot_ns());
	usdt_args(ctx, e.args);
	add_stacks(ctx, &e);
	strs = (cookie >> KT_COOKIE_STR) & ((1u << ARGS_KEPT) - 1);
	if (strs)
		emit_with_strings(ctx, &e, strs);
	else
		emit_event(ctx, &e);
	return 0;
}
