// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * usdt.bpf.c - USDT (SystemTap SDT) probes: one event per hit, the probe's
 * arguments in args[].
 *
 * libbpf's USDT support (bpf_program__attach_usdt) attaches usdt_hit as a
 * uprobe at every site of a provider:name, enables its semaphores through
 * the kernel's uprobe reference counter, and tells this program how to
 * fetch each argument (a register, a memory operand, a constant: the note's
 * argument spec) through its own maps; bpf_usdt_arg() does the fetching.
 * The BPF cookie is libbpf's, so the probe id travels as the USDT cookie.
 * A probe has up to 12 arguments; the first 6 are kept, the others past
 * the probe's count stay 0.
 */
#include "stacks.bpf.h"
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

SEC("usdt")
int usdt_hit(struct pt_regs *ctx)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct kt_bpf_event e = { .flags = KT_F_ARGS };

	if (!traced(pid_tgid >> 32) || failed_only || min_latency_ns)
		return 0;	/* no return value, no latency: nothing passes */
	event_init(&e, (__u32)bpf_usdt_cookie(ctx), bpf_ktime_get_boot_ns());
	usdt_args(ctx, e.args);
	add_stacks(ctx, &e);
	emit_event(ctx, &e);
	return 0;
}
