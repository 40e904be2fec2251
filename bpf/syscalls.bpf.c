// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * syscalls.bpf.c - syscall entry and exit, paired in the kernel.
 *
 * A traced task enters a syscall (raw syscalls:sys_enter as a BTF
 * tracepoint: no tracefs needed) -> its entry time and arguments are
 * stashed in the task's own local storage -> at sys_exit the entry is
 * taken back and cleared, the filters run, and one kt_bpf_event joins this
 * CPU's batch for the perf buffer. exit and exit_group never reach
 * sys_exit, so they are written at entry.
 *
 * Task storage instead of a hash keyed by tid: it costs a pointer chase
 * instead of a hash update and delete per syscall, it is freed with the
 * task (a task killed inside a syscall leaves nothing behind), and it
 * follows a thread that execs and takes over its leader's pid (de_thread()).
 * With a BTF tracepoint the pt_regs pointer is trusted, so the arguments
 * are read directly rather than through bpf_probe_read_kernel().
 */
#include "stacks.bpf.h"
#include "capture.bpf.h"

const volatile __s32 nr_exit = -1;	/* the syscalls that never */
const volatile __s32 nr_exit_group = -1;/* return: written at entry */
const volatile __u8 syscall_on[KT_MAX_SYSCALLS] = {};

/* libbpf 1.1's bpf_tracing.h stops at the fifth syscall argument */
#if defined(__TARGET_ARCH_x86)
#define SYSCALL_ARG6(regs) ((regs)->r9)
#elif defined(__TARGET_ARCH_arm64)
#define SYSCALL_ARG6(regs) (((struct user_pt_regs *)(regs))->regs[5])
#else
#define SYSCALL_ARG6(regs) 0
#endif

struct inflight {
	__u64 ts_ns;		/* 0: no syscall in progress */
	__u64 args[6];
	__u32 probe;
	__u32 envc;		/* an execve's environment strings, at exec */
	__u32 argc;		/* an execve's arguments as passed, at entry;
				 * KT_ARGC_UNKNOWN when they could not be
				 * counted */
	__u32 pad;
};

/* the syscall in progress, per task: entry time and arguments */
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct inflight);
} stash SEC(".maps");

/*
 * Whether the current syscall came through the 32-bit entry (int 0x80 on
 * x86_64): its number and registers follow the i386 table, which the
 * trace does not carry, so it is counted, not recorded under a wrong name.
 */
static __always_inline int compat_syscall(void)
{
#if defined(__TARGET_ARCH_x86)
	struct task_struct *t = bpf_get_current_task_btf();

	if (bpf_core_field_exists(t->thread_info.status))
		return t->thread_info.status & 0x0002;	/* TS_COMPAT */
#endif
	return 0;
}

static __always_inline void read_args(struct pt_regs *regs, __u64 *a)
{
	a[0] = PT_REGS_PARM1_SYSCALL(regs);
	a[1] = PT_REGS_PARM2_SYSCALL(regs);
	a[2] = PT_REGS_PARM3_SYSCALL(regs);
	a[3] = PT_REGS_PARM4_SYSCALL(regs);
	a[4] = PT_REGS_PARM5_SYSCALL(regs);
	a[5] = SYSCALL_ARG6(regs);
}

/*
 * The event of exit or exit_group, at entry. Its own function, so that
 * the stack record is zeroed here and not on every task's every syscall.
 */
static __noinline void emit_entry(void *ctx, struct pt_regs *regs, long id)
{
	struct kt_bpf_event e = { .flags = KT_F_ARGS };

	event_init(&e, id, bpf_ktime_get_boot_ns());
	read_args(regs, e.args);
	add_stacks(ctx, &e);
	emit_event(ctx, &e);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(sys_enter, struct pt_regs *regs, long id)
{
	struct inflight *in;

	if (id < 0 || id >= KT_MAX_SYSCALLS || !traced(current_tgid()))
		return 0;
	if (compat_syscall()) {
		__sync_fetch_and_add(&stats.compat_calls, 1);
		return 0;
	}
	if (!syscall_on[id])
		return 0;

	if (id != nr_exit && id != nr_exit_group) {
		in = bpf_task_storage_get(&stash, bpf_get_current_task_btf(), 0,
					  BPF_LOCAL_STORAGE_GET_F_CREATE);
		if (!in) {
			__sync_fetch_and_add(&stats.inflight_full, 1);
			return 0;
		}
		in->probe = id;
		in->envc = 0;
		read_args(regs, in->args);
		in->argc = argspec[id].any == KT_SPEC_EXEC ?
			   exec_argc(&argspec[id], in->args) : KT_ARGC_UNKNOWN;
		in->ts_ns = bpf_ktime_get_boot_ns();
		return 0;
	}
	/* no sys_exit will come: write the event now, without ret */
	if (failed_only || min_latency_ns)
		return 0;
	emit_entry(ctx, regs, id);
	return 0;
}

/*
 * The event of a call whose arguments argspec asks to capture: the caps,
 * then the event, in this CPU's batch. A batch held by a program this one
 * interrupted (rare: a preempted program of the same CPU) gets the event
 * alone, and the arguments not captured are counted.
 */
static __noinline void emit_with_caps(void *ctx, struct kt_bpf_event *e,
				      const struct kt_bpf_argspec *sp,
				      __u64 exec)
{
	struct kt_batch *b = batch_take();

	if (!b) {
		__sync_fetch_and_add(&stats.cap_failed, 1);
		send(ctx, e, sizeof(*e), 1);
		return;
	}
	for (int i = 0; i < 6; i++)
		if (sp->type[i] >= KT_ARG_STR)
			cap_arg(ctx, sp, e, i, exec);
	cap_newfds(ctx, sp, e->args, e->ret, e->tid);
	b = cap_batch();	/* the same: the verifier's view of it */
	if (b) {
		e->flags |= KT_F_CAPS;
		batch_event(ctx, b, e);
		batch_release(b);
	}
}

/* The paired event of a syscall that returned; in is cleared. */
static __always_inline void emit_exit(void *ctx, struct inflight *in, long ret)
{
	const struct kt_bpf_argspec *sp;
	__u64 now = bpf_ktime_get_boot_ns();
	struct kt_bpf_event e = {};

	if (!keep(ret, now - in->ts_ns)) {
		in->ts_ns = 0;
		return;
	}
	event_init(&e, in->probe, in->ts_ns);
	__builtin_memcpy(e.args, in->args, sizeof(e.args));
	in->ts_ns = 0;
	e.flags = KT_F_RET | KT_F_LATENCY | KT_F_ARGS;
	e.latency_ns = now - e.ts_ns;
	e.ret = ret;
	add_stacks(ctx, &e);
	sp = &argspec[e.probe & (KT_MAX_SYSCALLS - 1)];
	if (sp->any)
		emit_with_caps(ctx, &e, sp, CAP_EXEC(in->envc, in->argc));
	else
		emit_event(ctx, &e);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit, struct pt_regs *regs, long ret)
{
	struct inflight *in;

	/* untraced tasks leave here, before any clock read or zeroing */
	if (!maybe_traced(current_tgid()))
		return 0;
	in = bpf_task_storage_get(&stash, bpf_get_current_task_btf(), 0, 0);
	if (in && in->ts_ns)
		emit_exit(ctx, in, ret);
	return 0;
}

/*
 * Who runs on this CPU from now on, for current_tgid() (common.bpf.h): one
 * store per context switch instead of a helper call in each of the two
 * programs above, on every syscall of every process. Defined after them,
 * so that the skeleton detaches it last: until then, a switch is never
 * missed while they run.
 */
SEC("tp_btf/sched_switch")
int BPF_PROG(oncpu, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	__u32 zero = 0, *tgid = bpf_map_lookup_elem(&oncpu_tgid, &zero);

	if (tgid)
		*tgid = next->tgid;
	return 0;
}

/*
 * An execve's environment count, for its event: at exit the strings are
 * in the new image, but only the binprm knew how many there were.
 */
SEC("tp_btf/sched_process_exec")
int BPF_PROG(exec_envc, struct task_struct *task, pid_t old_pid,
	     struct linux_binprm *bprm)
{
	struct inflight *in;

	if (!maybe_traced(task->tgid))
		return 0;
	in = bpf_task_storage_get(&stash, task, 0, 0);
	if (in && in->ts_ns)
		in->envc = BPF_CORE_READ(bprm, envc);
	return 0;
}
