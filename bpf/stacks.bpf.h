/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * stacks.bpf.h - the stacks of an event: kernel and user.
 *
 * Kernel stacks, and user stacks with --stacks=user-fp, are walked by the
 * kernel into a stack-trace map (bpf_get_stackid), and the event names the
 * bucket. A frame-pointer walk goes wrong at the first function built
 * without frame pointers, which is most of a distribution's code, so the
 * default user side copies what an unwinder needs instead, as perf's
 * --call-graph dwarf does: the user registers and the top KT_USTACK_BYTES
 * of the user stack, sent as a kt_bpf_ustack record right before the
 * event (output() sends this CPU's batch first, so the records of a CPU
 * keep their order). The recorder unwinds the copy with the binaries'
 * .eh_frame (recorder/unwind.c) and gives the event its stack id.
 */
#ifndef KTRAIL_STACKS_BPF_H
#define KTRAIL_STACKS_BPF_H

#include "send.bpf.h"

#define PF_KTHREAD	0x00200000	/* include/linux/sched.h */
#define PAGE_SIZE	4096

/*
 * Copy the stack from sp up into u->data, page by page so that a copy
 * reaching the end of the stack mapping keeps what lies before it.
 * Returns the bytes copied.
 */
static __always_inline __u32 read_stack(struct kt_bpf_ustack *u, __u64 sp)
{
	__u64 off = 0, piece;

	if (!bpf_probe_read_user(u->data, KT_USTACK_BYTES, (void *)sp))
		return KT_USTACK_BYTES;
	for (int i = 0; i < KT_USTACK_BYTES / PAGE_SIZE + 1; i++) {
		if (off >= KT_USTACK_BYTES)
			break;
		piece = PAGE_SIZE - ((sp + off) & (PAGE_SIZE - 1));
		if (piece > KT_USTACK_BYTES - off)
			piece = KT_USTACK_BYTES - off;
		/* the bounds again, as the verifier needs to see them */
		barrier_var(piece);
		if (piece == 0 || piece > PAGE_SIZE)
			break;
		barrier_var(off);
		off &= KT_USTACK_BYTES - 1;
		if (bpf_probe_read_user(u->data + off, piece, (void *)(sp + off)))
			break;
		off += piece;
	}
	return off;
}

/*
 * output() for a stack copy: this CPU's batch first, so that the copy
 * reaches the recorder right before its event; a copy the perf buffer
 * refuses costs the event its stack, not the event, and is counted as a
 * stack error rather than as a lost event. Returns 1 when it went out.
 */
static __always_inline int send_copy(void *ctx, const void *data, __u64 size)
{
	struct kt_batch *b = batch_take();

	if (b) {
		batch_send(ctx, b);
		batch_release(b);
	}
	if (bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU,
				  (void *)data, size)) {
		__sync_fetch_and_add(&stats.stack_failed, 1);
		return 0;
	}
	return 1;
}

/*
 * Send the current task's user registers and stack top, ahead of event e.
 * Returns 1 when a copy went out.
 */
static __always_inline int send_ustack(void *ctx, const struct kt_bpf_event *e)
{
#if defined(__TARGET_ARCH_x86)
	struct task_struct *task = bpf_get_current_task_btf();
	struct pt_regs *r;
	struct kt_bpf_ustack *u;
	__u32 zero = 0, n, cpu = bpf_get_smp_processor_id();

	if (task->flags & PF_KTHREAD)
		return 0;
	cpu &= KT_MAX_CPUS - 1;
	if (ucopy_sent[cpu] - ucopy_done[cpu] >= ucopy_budget) {
		/* the recorder is behind: the event goes without a stack */
		__sync_fetch_and_add(&stats.stack_failed, 1);
		return 0;
	}
	r = (struct pt_regs *)bpf_task_pt_regs(task);
	u = (struct kt_bpf_ustack *)bpf_map_lookup_elem(&ustack_copy, &zero);
	if (!r || !u || (r->cs & 3) != 3)	/* not user mode: no user stack */
		return 0;
	u->kind = KT_BPF_USTACK;
	u->cpu = cpu;
	u->pid = e->pid;
	u->tid = e->tid;
	u->ts_ns = e->ts_ns;
	u->regs[0] = r->ax;
	u->regs[1] = r->dx;
	u->regs[2] = r->cx;
	u->regs[3] = r->bx;
	u->regs[4] = r->si;
	u->regs[5] = r->di;
	u->regs[6] = r->bp;
	u->regs[7] = r->sp;
	u->regs[8] = r->r8;
	u->regs[9] = r->r9;
	u->regs[10] = r->r10;
	u->regs[11] = r->r11;
	u->regs[12] = r->r12;
	u->regs[13] = r->r13;
	u->regs[14] = r->r14;
	u->regs[15] = r->r15;
	u->regs[16] = r->ip;
	n = read_stack(u, r->sp);
	u->size = n;
	n &= 2 * KT_USTACK_BYTES - 1;
	if (n > KT_USTACK_BYTES)
		n = KT_USTACK_BYTES;
	if (!send_copy(ctx, u, offsetof(struct kt_bpf_ustack, data) + n))
		return 0;
	__sync_fetch_and_add(&ucopy_sent[cpu], 1);
	return 1;
#else
	return 0;
#endif
}

static __always_inline void add_stacks(void *ctx, struct kt_bpf_event *e)
{
	long id;

	if (want_kstack) {
		id = bpf_get_stackid(ctx, &kstacks, 0);
		if (id >= 0) {
			e->kstack = id;
			e->flags |= KT_F_KSTACK;
		} else if (id != -EFAULT) {
			/* -EFAULT: no kernel stack at all (a uprobe or USDT
			 * hit traps from user mode: get_perf_callchain()
			 * walks the kernel only for kernel-mode regs) */
			__sync_fetch_and_add(&stats.stack_failed, 1);
		}
	}
	if (want_ustack == KT_USTACK_COPY) {
		if (send_ustack(ctx, e))
			e->flags |= KT_F_UCOPY;
	} else if (want_ustack) {
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

#endif /* KTRAIL_STACKS_BPF_H */
