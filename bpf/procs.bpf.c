// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * procs.bpf.c - process life: the followed set and its records.
 *
 * A fork by a followed process adds the child to `pids` before the child
 * can run (the tracepoint fires before wake_up_new_task()), so nothing of
 * the workload's tree escapes; the last thread's exit removes it. Each
 * fork, exec, exit and rename becomes a kt_bpf_proc record, from which the
 * analyzer builds its processes table and the comm of every event.
 */
#include "capture.bpf.h"

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
	p->flags = 0;
	p->pid = pid;
	p->tid = tid;
	p->ppid = 0;
	p->exit_status = 0;
	p->cpu_ns = 0;
	p->exe[0] = 0;
	p->ts_ns = bpf_ktime_get_boot_ns();
	bpf_get_current_comm(p->comm, sizeof(p->comm));
	return p;
}

/* the size of a record whose exe is empty: the samples stay small */
#define PROC_SHORT (offsetof(struct kt_bpf_proc, exe) + 8)

SEC("tp_btf/sched_process_fork")
int BPF_PROG(handle_fork, struct task_struct *parent, struct task_struct *child)
{
	__u32 ptgid = parent->tgid, ctgid = child->tgid;
	struct kt_bpf_proc *p;
	__u8 one = 1;

	if (ptgid == ctgid || !traced(ptgid))
		return 0;	/* a new thread, or not ours */
	if (!target_all) {
		if (bpf_map_update_elem(&pids, &ctgid, &one, BPF_ANY)) {
			__sync_fetch_and_add(&stats.pids_full, 1);
			return 0;
		}
		mark_traced(ctgid);
	}
	p = proc_new(KT_BPF_FORK, ctgid, ctgid);
	if (!p)
		return 0;
	p->ppid = ptgid;
	output(ctx, p, PROC_SHORT);
	return 0;
}

/*
 * The new image's argument vector, for processes.argv whatever syscalls
 * are selected: by now the kernel has copied it to the new stack, between
 * mm->arg_start and mm->arg_end (fs/binfmt_elf.c, create_elf_tables()),
 * and the new mm is current. Sent as caps of slot 0 ahead of the record,
 * through the batch that output() sends first. 1 when it went out.
 */
static __noinline int send_argv(void *ctx, struct task_struct *task)
{
	__u64 start = BPF_CORE_READ(task, mm, arg_start);
	__u64 len = BPF_CORE_READ(task, mm, arg_end) - start;
	__u64 max = (__u64)KT_CHUNK * KT_CAP_MAX_CHUNKS;
	struct kt_batch *b = batch_take();

	if (!b)
		return 0;
	cap_bytes(ctx, CAP_WHO(task->pid, 0, len > max ? KT_CAP_TRUNC : KT_CAP_OK),
		  (const char *)start, len > max ? max : len);
	batch_release(b);
	return 1;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(handle_exec, struct task_struct *task, pid_t old_pid,
	     struct linux_binprm *bprm)
{
	struct kt_bpf_proc *p;

	if (!traced(task->tgid))
		return 0;
	p = proc_new(KT_BPF_EXEC, task->tgid, task->pid);
	if (!p)
		return 0;
	bpf_probe_read_kernel_str(p->exe, sizeof(p->exe),
				  BPF_CORE_READ(bprm, filename));
	if (send_argv(ctx, task))
		p->flags |= KT_PROC_ARGV;
	output(ctx, p, sizeof(*p));
	return 0;
}

/*
 * What the running task used since the scheduler last accounted it: its
 * se.sum_exec_runtime grows only at a tick or a switch (update_curr()),
 * so a short task that exits in its first slice would show 0. Its run
 * queue's clock_task is the clock se.exec_start is taken on; the run
 * queue is reached through the entity's cfs_rq (CONFIG_FAIR_GROUP_SCHED:
 * without it the time since the last tick is left out).
 */
static __always_inline __u64 running_ns(struct task_struct *task)
{
	struct cfs_rq *cfs = BPF_CORE_READ(task, se.cfs_rq);
	__u64 now, start = BPF_CORE_READ(task, se.exec_start);

	if (!cfs || !bpf_core_field_exists(cfs->rq))
		return 0;
	now = BPF_CORE_READ(cfs, rq, clock_task);
	return now > start && now - start < 1000000000ull ? now - start : 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(handle_exit, struct task_struct *task)
{
	__u32 tgid = task->tgid;
	struct kt_bpf_proc *p;

	if (!traced(tgid))
		return 0;
	/* do_exit() drops signal->live before this tracepoint: 0 = last one */
	if (BPF_CORE_READ(task, signal, live.counter) != 0)
		return 0;
	p = proc_new(KT_BPF_EXIT, tgid, task->pid);
	if (!p)
		return 0;
	p->exit_status = task->exit_code;
	/*
	 * The group's CPU time: the threads gone before add theirs to
	 * signal->sum_sched_runtime in __exit_signal(), which runs after
	 * this tracepoint (kernel/exit.c), so the last one's is added here.
	 */
	p->cpu_ns = BPF_CORE_READ(task, signal, sum_sched_runtime) +
		    BPF_CORE_READ(task, se.sum_exec_runtime) + running_ns(task);
	output(ctx, p, PROC_SHORT);
	if (!target_all) {
		unmark_traced(tgid);
		bpf_map_delete_elem(&pids, &tgid);
	}
	return 0;
}

/* prctl(PR_SET_NAME), a write to /proc/PID/comm, and every exec */
SEC("tp_btf/task_rename")
int BPF_PROG(handle_rename, struct task_struct *task, const char *comm)
{
	struct kt_bpf_proc *p;

	if (!traced(task->tgid))
		return 0;
	p = proc_new(KT_BPF_COMM, task->tgid, task->pid);
	if (!p)
		return 0;
	bpf_probe_read_kernel_str(p->comm, sizeof(p->comm), comm);
	output(ctx, p, PROC_SHORT);
	return 0;
}
