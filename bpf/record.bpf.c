// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * record.bpf.c - the probes: which tasks are followed, and syscall pairing.
 *
 * Data flow: a traced task enters a syscall (raw syscalls:sys_enter, no
 * tracefs needed) -> its entry time and arguments are stashed by tid ->
 * at sys_exit the stash entry is taken back and deleted, the filters run,
 * and one kt_bpf_event goes to the `events` perf buffer. Process life
 * (fork, exec, exit, rename) is followed with BTF tracepoints that also keep
 * the `pids` set of followed thread groups up to date, so the workload's
 * whole tree is traced and nothing else is.
 *
 * Everything the user chooses is `const volatile` rodata, set before load.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "bpf/ktrail.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* vmlinux.h has no macros */
#define EFAULT	14
#define ENOSPC	28

/* libbpf 1.1's bpf_tracing.h stops at the fifth syscall argument */
#if defined(__TARGET_ARCH_x86)
#define SYSCALL_ARG6(regs) BPF_CORE_READ(regs, r9)
#elif defined(__TARGET_ARCH_arm64)
#define SYSCALL_ARG6(regs) BPF_CORE_READ((struct user_pt_regs *)(regs), regs[5])
#else
#define SYSCALL_ARG6(regs) 0
#endif

const volatile __u8 target_all = 0;	/* -a: every task but ours */
const volatile __u32 self_tgid = 0;	/* the recorder, never traced */
const volatile __u8 failed_only = 0;	/* --failed */
const volatile __u64 min_latency_ns = 0;/* --slower-than */
const volatile __u8 want_kstack = 0;	/* --stacks=kernel */
const volatile __u8 want_ustack = 0;	/* --stacks=user */
const volatile __s32 nr_exit = -1;	/* syscalls that never return: */
const volatile __s32 nr_exit_group = -1;/* written at entry */
const volatile __u8 syscall_on[KT_MAX_SYSCALLS] = {};

struct kt_bpf_stats stats = {};

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

/* followed thread groups; seeded by the recorder, grown on fork */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, KT_MAX_PIDS);
	__type(key, __u32);
	__type(value, __u8);
} pids SEC(".maps");

struct inflight {
	__u64 ts_ns;
	__u64 args[6];
	__u32 probe;
	__u32 pad;
};

/* calls in progress, by tid: entry time and arguments */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, KT_MAX_INFLIGHT);
	__type(key, __u32);
	__type(value, struct inflight);
} stash SEC(".maps");

/*
 * Kernel stacks as instruction pointers. The recorder sizes both stack maps
 * (1 entry when that side is off, so nothing big is allocated).
 */
struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, 1);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, KT_STACK_DEPTH * sizeof(__u64));
} kstacks SEC(".maps");

/*
 * User stacks as (build-id, file offset) pairs: the kernel resolves each
 * frame to its file while the mapping exists, so a process that is gone by
 * the time the recorder reads the map can still be symbolized
 * (BPF_F_STACK_BUILD_ID, since Linux 4.17, kernel/bpf/stackmap.c). Frames
 * it cannot resolve (no build-id, page not cached, mmap lock busy) come
 * back as plain IPs, with status BPF_STACK_BUILD_ID_IP.
 */
struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, 1);
	__uint(map_flags, BPF_F_STACK_BUILD_ID);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, KT_USTACK_DEPTH * sizeof(struct bpf_stack_build_id));
} ustacks SEC(".maps");

static __always_inline int traced(__u32 tgid)
{
	if (target_all)
		return tgid != self_tgid && tgid != 0;
	return bpf_map_lookup_elem(&pids, &tgid) != NULL;
}

static __always_inline int is_error(__s64 ret)
{
	return ret < 0 && ret >= -4095;	/* IS_ERR_VALUE: -MAX_ERRNO..-1 */
}

static __always_inline void output(void *ctx, void *data, __u64 size)
{
	long err = bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU,
					 data, size);

	/* -ENOSPC reaches the recorder as PERF_RECORD_LOST, per CPU */
	if (err && err != -ENOSPC)
		__sync_fetch_and_add(&stats.output_failed, 1);
}

static __always_inline void add_stacks(void *ctx, struct kt_bpf_event *e)
{
	long id;

	if (want_kstack) {
		id = bpf_get_stackid(ctx, &kstacks, 0);
		if (id >= 0) {
			e->kstack = id;
			e->flags |= KT_F_KSTACK;
		} else {
			__sync_fetch_and_add(&stats.stack_failed, 1);
		}
	}
	if (want_ustack) {
		id = bpf_get_stackid(ctx, &ustacks, BPF_F_USER_STACK);
		if (id >= 0) {
			e->ustack = id;
			e->flags |= KT_F_USTACK;
		} else if (id != -EFAULT) {
			/* -EFAULT: no user stack at all (a kernel thread) */
			__sync_fetch_and_add(&stats.stack_failed, 1);
		}
	}
}

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
		struct kt_bpf_event e = {
			.kind = KT_BPF_EVENT,
			.flags = KT_F_ARGS,
			.cpu = bpf_get_smp_processor_id(),
			.probe = id,
			.pid = pid_tgid >> 32,
			.tid = tid,
			.ts_ns = in.ts_ns,
		};

		if (failed_only || min_latency_ns)
			return 0;
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
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)pid_tgid;
	struct kt_bpf_event e = {};
	struct inflight *in;

	in = bpf_map_lookup_elem(&stash, &tid);
	if (!in)
		return 0;
	e.ts_ns = in->ts_ns;
	e.probe = in->probe;
	__builtin_memcpy(e.args, in->args, sizeof(e.args));
	bpf_map_delete_elem(&stash, &tid);

	e.latency_ns = bpf_ktime_get_boot_ns() - e.ts_ns;
	if (failed_only && !is_error(ret))
		return 0;
	if (e.latency_ns < min_latency_ns)
		return 0;

	e.kind = KT_BPF_EVENT;
	e.flags = KT_F_RET | KT_F_LATENCY | KT_F_ARGS;
	e.cpu = bpf_get_smp_processor_id();
	e.pid = pid_tgid >> 32;
	e.tid = tid;
	e.ret = ret;
	add_stacks(ctx, &e);
	output(ctx, &e, sizeof(e));
	return 0;
}

/* ---- process life ------------------------------------------------------ */

static __always_inline void proc_out(void *ctx, struct kt_bpf_proc *p,
				     __u64 size)
{
	p->ts_ns = bpf_ktime_get_boot_ns();
	output(ctx, p, size);
}

/* Process records are large (exe); build them in a per-CPU scratch slot. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct kt_bpf_proc);
} scratch SEC(".maps");

static __always_inline struct kt_bpf_proc *proc_new(__u8 kind, __u32 pid,
						    __u32 tid)
{
	__u32 zero = 0;
	struct kt_bpf_proc *p = bpf_map_lookup_elem(&scratch, &zero);

	if (!p)
		return NULL;
	p->kind = kind;
	p->pid = pid;
	p->tid = tid;
	p->ppid = 0;
	p->exit_status = 0;
	p->exe[0] = 0;
	bpf_get_current_comm(p->comm, sizeof(p->comm));
	return p;
}

/* the size of a record whose exe is empty: the samples stay small */
#define PROC_SHORT offsetof(struct kt_bpf_proc, exe) + 1

SEC("tp_btf/sched_process_fork")
int BPF_PROG(handle_fork, struct task_struct *parent, struct task_struct *child)
{
	__u32 ptgid = parent->tgid, ctgid = child->tgid;
	struct kt_bpf_proc *p;
	__u8 one = 1;

	if (ptgid == ctgid || !traced(ptgid))
		return 0;	/* a new thread, or not ours */
	if (!target_all &&
	    bpf_map_update_elem(&pids, &ctgid, &one, BPF_ANY)) {
		__sync_fetch_and_add(&stats.pids_full, 1);
		return 0;
	}
	p = proc_new(KT_BPF_FORK, ctgid, ctgid);
	if (!p)
		return 0;
	p->ppid = ptgid;
	proc_out(ctx, p, PROC_SHORT);
	return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(handle_exec, struct task_struct *task, pid_t old_pid,
	     struct linux_binprm *bprm)
{
	__u32 tgid = task->tgid, tid = task->pid, old = old_pid;
	struct kt_bpf_proc *p;
	struct inflight *in;

	if (!traced(tgid))
		return 0;
	/*
	 * A non-leader thread that execs takes over the leader's pid
	 * (de_thread()); its execve then returns under the new tid.
	 */
	if (old != tid) {
		in = bpf_map_lookup_elem(&stash, &old);
		if (in) {
			struct inflight copy = *in;

			bpf_map_update_elem(&stash, &tid, &copy, BPF_ANY);
			bpf_map_delete_elem(&stash, &old);
		}
	}
	p = proc_new(KT_BPF_EXEC, tgid, tid);
	if (!p)
		return 0;
	bpf_probe_read_kernel_str(p->exe, sizeof(p->exe), BPF_CORE_READ(bprm, filename));
	proc_out(ctx, p, sizeof(*p));
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(handle_exit, struct task_struct *task)
{
	__u32 tgid = task->tgid, tid = task->pid;
	struct kt_bpf_proc *p;

	bpf_map_delete_elem(&stash, &tid);
	if (!traced(tgid))
		return 0;
	/* do_exit() drops signal->live before this tracepoint: 0 = last one */
	if (BPF_CORE_READ(task, signal, live.counter) != 0)
		return 0;
	p = proc_new(KT_BPF_EXIT, tgid, tid);
	if (!p)
		return 0;
	p->exit_status = task->exit_code;
	proc_out(ctx, p, PROC_SHORT);
	if (!target_all)
		bpf_map_delete_elem(&pids, &tgid);
	return 0;
}

SEC("tp_btf/task_rename")
int BPF_PROG(handle_rename, struct task_struct *task, const char *comm)
{
	__u32 tgid = task->tgid;
	struct kt_bpf_proc *p;

	if (!traced(tgid))
		return 0;
	p = proc_new(KT_BPF_COMM, tgid, task->pid);
	if (!p)
		return 0;
	bpf_probe_read_kernel_str(p->comm, sizeof(p->comm), comm);
	proc_out(ctx, p, PROC_SHORT);
	return 0;
}
