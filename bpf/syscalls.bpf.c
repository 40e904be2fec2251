// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * syscalls.bpf.c - syscall entry and exit, paired in the kernel.
 *
 * A traced task enters a syscall (raw syscalls:sys_enter as a BTF
 * tracepoint: no tracefs needed) -> its entry time and arguments are
 * stashed by tid -> at sys_exit the entry is taken back and deleted, the
 * filters run, and one kt_bpf_event goes to the perf buffer. exit and
 * exit_group never reach sys_exit, so they are written at entry; a task
 * that dies inside a syscall has its entry deleted by procs.bpf.c.
 */
#include "common.bpf.h"

const volatile __s32 nr_exit = -1;	/* the syscalls that never */
const volatile __s32 nr_exit_group = -1;/* return: written at entry */
const volatile __u8 syscall_on[KT_MAX_SYSCALLS] = {};

/* libbpf 1.1's bpf_tracing.h stops at the fifth syscall argument */
#if defined(__TARGET_ARCH_x86)
#define SYSCALL_ARG6(regs) BPF_CORE_READ(regs, r9)
#elif defined(__TARGET_ARCH_arm64)
#define SYSCALL_ARG6(regs) BPF_CORE_READ((struct user_pt_regs *)(regs), regs[5])
#else
#define SYSCALL_ARG6(regs) 0
#endif

struct inflight {
	__u64 ts_ns;
	__u64 args[6];
	__u32 probe;
	__u32 pad;
};

/* syscalls in progress, by tid: entry time and arguments */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, KT_MAX_INFLIGHT);
	__type(key, __u32);
	__type(value, struct inflight);
} stash SEC(".maps");

static __always_inline void read_args(struct pt_regs *regs, __u64 *a)
{
	a[0] = PT_REGS_PARM1_CORE_SYSCALL(regs);
	a[1] = PT_REGS_PARM2_CORE_SYSCALL(regs);
	a[2] = PT_REGS_PARM3_CORE_SYSCALL(regs);
	a[3] = PT_REGS_PARM4_CORE_SYSCALL(regs);
	a[4] = PT_REGS_PARM5_CORE_SYSCALL(regs);
	a[5] = SYSCALL_ARG6(regs);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(sys_enter, struct pt_regs *regs, long id)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)pid_tgid;
	struct inflight in = {};

	if (id < 0 || id >= KT_MAX_SYSCALLS || !syscall_on[id])
		return 0;
	if (!traced(pid_tgid >> 32))
		return 0;

	in.ts_ns = bpf_ktime_get_boot_ns();
	in.probe = id;
	read_args(regs, in.args);

	if (id == nr_exit || id == nr_exit_group) {
		/* no sys_exit will come: write the event now, without ret */
		struct kt_bpf_event e = { .flags = KT_F_ARGS };

		if (failed_only || min_latency_ns)
			return 0;
		event_init(&e, id, in.ts_ns);
		__builtin_memcpy(e.args, in.args, sizeof(e.args));
		add_stacks(ctx, &e);
		output(ctx, &e, sizeof(e));
		return 0;
	}
	if (bpf_map_update_elem(&stash, &tid, &in, BPF_ANY))
		__sync_fetch_and_add(&stats.inflight_full, 1);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit, struct pt_regs *regs, long ret)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct kt_bpf_event e = {};
	struct inflight *in;
	__u64 latency;

	in = bpf_map_lookup_elem(&stash, &tid);
	if (!in)
		return 0;
	event_init(&e, in->probe, in->ts_ns);
	__builtin_memcpy(e.args, in->args, sizeof(e.args));
	bpf_map_delete_elem(&stash, &tid);

	latency = bpf_ktime_get_boot_ns() - e.ts_ns;
	if (!keep(ret, latency))
		return 0;
	e.flags = KT_F_RET | KT_F_LATENCY | KT_F_ARGS;
	e.latency_ns = latency;
	e.ret = ret;
	add_stacks(ctx, &e);
	output(ctx, &e, sizeof(e));
	return 0;
}

/*
 * A non-leader thread that execs takes over the leader's pid (de_thread());
 * its execve then returns under the new tid: move the stash entry along.
 */
SEC("tp_btf/sched_process_exec")
int BPF_PROG(syscall_exec, struct task_struct *task, pid_t old_pid,
	     struct linux_binprm *bprm)
{
	__u32 tid = task->pid, old = old_pid;
	struct inflight *in, copy;

	if (old == tid)
		return 0;
	in = bpf_map_lookup_elem(&stash, &old);
	if (!in)
		return 0;
	copy = *in;
	bpf_map_update_elem(&stash, &tid, &copy, BPF_ANY);
	bpf_map_delete_elem(&stash, &old);
	return 0;
}

/* A task killed inside a syscall never reaches sys_exit. */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(syscall_task_exit, struct task_struct *task)
{
	__u32 tid = task->pid;

	bpf_map_delete_elem(&stash, &tid);
	return 0;
}
