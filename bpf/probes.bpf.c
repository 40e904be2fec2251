// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * probes.bpf.c - user-chosen probes: uprobes, kprobes, raw tracepoints.
 *
 * One program per kind serves every probe of that kind: the recorder
 * attaches it once per probe with a BPF cookie that carries the probe id
 * and whether entry and return are paired (ufunc, kfunc). A paired entry
 * stashes time and arguments under (tid, probe); the return takes them
 * back, like the syscall pairing, and applies the same filters.
 */
#include "stacks.bpf.h"

#if defined(__TARGET_ARCH_x86)
#define FUNC_ARG6(regs) BPF_CORE_READ(regs, r9)
#else
#define FUNC_ARG6(regs) 0
#endif

struct call_key {
	__u32 tid;
	__u32 probe;
};

struct call {
	__u64 ts_ns;
	__u64 args[6];
};

/* paired calls in progress */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, KT_MAX_INFLIGHT);
	__type(key, struct call_key);
	__type(value, struct call);
} calls SEC(".maps");

static __always_inline void func_args(struct pt_regs *regs, __u64 *a)
{
	a[0] = PT_REGS_PARM1_CORE(regs);
	a[1] = PT_REGS_PARM2_CORE(regs);
	a[2] = PT_REGS_PARM3_CORE(regs);
	a[3] = PT_REGS_PARM4_CORE(regs);
	a[4] = PT_REGS_PARM5_CORE(regs);
	a[5] = FUNC_ARG6(regs);
}

static __always_inline int on_entry(struct pt_regs *regs)
{
	__u64 cookie = bpf_get_attach_cookie(regs);
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct call_key key = { (__u32)pid_tgid, (__u32)cookie };
	struct call c = { .ts_ns = bpf_ktime_get_boot_ns() };
	struct kt_bpf_event e = { .flags = KT_F_ARGS };

	if (!traced(pid_tgid >> 32))
		return 0;
	func_args(regs, c.args);
	if (cookie & KT_COOKIE_PAIRED) {
		if (bpf_map_update_elem(&calls, &key, &c, BPF_ANY))
			__sync_fetch_and_add(&stats.inflight_full, 1);
		return 0;
	}
	if (failed_only || min_latency_ns)
		return 0;	/* no return value, no latency: nothing passes */
	event_init(&e, key.probe, c.ts_ns);
	__builtin_memcpy(e.args, c.args, sizeof(e.args));
	add_stacks(regs, &e);
	emit_event(regs, &e);
	return 0;
}

static __always_inline int on_return(struct pt_regs *regs)
{
	__u64 cookie = bpf_get_attach_cookie(regs);
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct call_key key = { (__u32)pid_tgid, (__u32)cookie };
	struct kt_bpf_event e = { .flags = KT_F_RET };
	__s64 ret = PT_REGS_RC(regs);
	__u64 now = bpf_ktime_get_boot_ns();
	struct call *c;

	if (!traced(pid_tgid >> 32))
		return 0;
	if (cookie & KT_COOKIE_PAIRED) {
		c = bpf_map_lookup_elem(&calls, &key);
		if (!c)
			return 0;	/* entered before we attached */
		event_init(&e, key.probe, c->ts_ns);
		__builtin_memcpy(e.args, c->args, sizeof(e.args));
		bpf_map_delete_elem(&calls, &key);
		e.latency_ns = now - e.ts_ns;
		e.flags |= KT_F_LATENCY | KT_F_ARGS;
		if (!keep(ret, e.latency_ns))
			return 0;
	} else {
		if ((failed_only && !is_error(ret)) || min_latency_ns)
			return 0;
		event_init(&e, key.probe, now);
	}
	e.ret = ret;
	add_stacks(regs, &e);
	emit_event(regs, &e);
	return 0;
}

SEC("uprobe")
int uprobe_entry(struct pt_regs *regs)
{
	return on_entry(regs);
}

SEC("uretprobe")
int uprobe_return(struct pt_regs *regs)
{
	return on_return(regs);
}

SEC("kprobe")
int kprobe_entry(struct pt_regs *regs)
{
	return on_entry(regs);
}

SEC("kretprobe")
int kprobe_return(struct pt_regs *regs)
{
	return on_return(regs);
}

/*
 * Any tracepoint, attached by name as a raw tracepoint (no tracefs); the
 * cookie of a raw tracepoint link needs Linux 6.10.
 */
SEC("raw_tp")
int tracepoint_hit(struct bpf_raw_tracepoint_args *ctx)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct kt_bpf_event e = {};

	if (!traced(pid_tgid >> 32) || failed_only || min_latency_ns)
		return 0;
	event_init(&e, (__u32)bpf_get_attach_cookie(ctx),
		   bpf_ktime_get_boot_ns());
	add_stacks(ctx, &e);
	emit_event(ctx, &e);
	return 0;
}
