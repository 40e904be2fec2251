// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * floor.bpf.c - the pieces of record's syscall probes, one at a time, for
 * bench/untraced.sh: what an untraced process pays per syscall while each
 * is attached to raw_syscalls:sys_enter and sys_exit.
 *
 * Every pair is the untraced path of bpf/syscalls.bpf.c cut after one more
 * step: an empty program (the kernel's dispatch alone, as a BTF tracepoint
 * and as a plain raw tracepoint), then one helper call, then the pid read
 * and the followed-pid bitmap (record's untraced path until the per-CPU
 * tgid), then the same with the tgid from the per-CPU array that a
 * sched_switch program keeps (record's untraced path now), then the -a
 * check, then the compat check and the syscall table.
 * The checks are common.bpf.h's own, on this object's copy of the rodata
 * and the bitmap, so they cost here what they cost in record. Loaded and
 * attached by bench/attach.c; never part of record.
 */
#define KT_HOME
#include "bpf/common.bpf.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct kt_bpf_stats stats = {};
struct kt_bpf_argspec argspec[KT_MAX_SYSCALLS] = {};
__u64 pid_bits[KT_PID_BITS / 64] = {};
__u64 ucopy_sent[KT_MAX_CPUS] = {};
__u64 ucopy_done[KT_MAX_CPUS] = {};

/* syscall:*, as syscalls.bpf.c's table has it */
const volatile __u8 syscall_on[KT_MAX_SYSCALLS] = {
	[0 ... KT_MAX_SYSCALLS - 1] = 1
};

/* exit_* of each pair is the same, so a step's price is enter + exit */

SEC("tp_btf/sys_enter")
int BPF_PROG(enter_empty, struct pt_regs *regs, long id)
{
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(exit_empty, struct pt_regs *regs, long ret)
{
	return 0;
}

SEC("raw_tp/sys_enter")
int raw_enter_empty(struct bpf_raw_tracepoint_args *ctx)
{
	return 0;
}

SEC("raw_tp/sys_exit")
int raw_exit_empty(struct bpf_raw_tracepoint_args *ctx)
{
	return 0;
}

/* the pid and one load of the bitmap: record's -p / command mode */
SEC("tp_btf/sys_enter")
int BPF_PROG(enter_pid, struct pt_regs *regs, long id)
{
	if (!traced(bpf_get_current_pid_tgid() >> 32))
		return 0;
	return 1;	/* not reached by the loop: it is not followed */
}

SEC("tp_btf/sys_exit")
int BPF_PROG(exit_pid, struct pt_regs *regs, long ret)
{
	if (!maybe_traced(bpf_get_current_pid_tgid() >> 32))
		return 0;
	return 1;
}

/* the same, the tgid from the per-CPU array (common.bpf.h) */
SEC("tp_btf/sys_enter")
int BPF_PROG(enter_cached, struct pt_regs *regs, long id)
{
	return traced(current_tgid());
}

SEC("tp_btf/sys_exit")
int BPF_PROG(exit_cached, struct pt_regs *regs, long ret)
{
	return maybe_traced(current_tgid());
}

SEC("tp_btf/sched_switch")
int BPF_PROG(switch_tgid, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	__u32 zero = 0, *tgid = bpf_map_lookup_elem(&oncpu_tgid, &zero);

	if (tgid)
		*tgid = next->tgid;
	return 0;
}

/* the pid then the real parent: record -a, for the recorder's children */
SEC("tp_btf/sys_enter")
int BPF_PROG(enter_all, struct pt_regs *regs, long id)
{
	struct task_struct *t = bpf_get_current_task_btf();
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;

	if (tgid == self_tgid || tgid == 0 ||
	    t->real_parent->tgid == self_tgid)
		return 0;
	return 1;
}

/* a bitmap miss after the syscall table and the compat check */
SEC("tp_btf/sys_enter")
int BPF_PROG(enter_late, struct pt_regs *regs, long id)
{
	struct task_struct *t = bpf_get_current_task_btf();

	if (id < 0 || id >= KT_MAX_SYSCALLS || !syscall_on[id])
		return 0;
	if (t->thread_info.status & 0x0002)
		return 0;
	if (!traced(bpf_get_current_pid_tgid() >> 32))
		return 0;
	return 1;
}

/*
 * An empty program but for one helper call: on this machine's kernel
 * (6.18, retpolines, SRSO safe RET) the call and its return cost about
 * as much as the rest of the untraced path, and neither helper that
 * names the current task (get_current_pid_tgid, get_current_task_btf) is
 * inlined.
 */
SEC("tp_btf/sys_enter")
int BPF_PROG(enter_helper, struct pt_regs *regs, long id)
{
	return bpf_get_current_pid_tgid() == 0;
}
