/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * send.bpf.h - how records leave the kernel: events through a per-CPU
 * batch, everything else straight into the perf buffer.
 *
 * emit_event() appends an event to this CPU's batch (a byte buffer of
 * records: events, and the captured arguments that precede an event) and
 * sends the batch as one perf sample when it is full. output() sends one record at once,
 * after sending the batch first, so the records of one CPU reach the
 * recorder in the order they were made. Whatever sits in a batch is sent
 * by flush_batch (flush.bpf.c), which the recorder runs on every CPU on a
 * timer and at the end.
 *
 * A batch has one writer at a time: `busy` is taken with a compare-and-swap
 * while a program appends or sends. Only a program that runs on the same
 * CPU while another holds it (an IRQ-time tracepoint, flush_batch's IPI, a
 * uprobe handler that preempted another: those run with only migration
 * disabled) can find it taken; it then sends its event on its own, and
 * flush_batch leaves flush_wanted for the holder.
 */
#ifndef KTRAIL_SEND_BPF_H
#define KTRAIL_SEND_BPF_H

#include "common.bpf.h"

#define barrier() asm volatile("" ::: "memory")

static __always_inline void count_refused(long err, __u64 records)
{
	__u32 zero = 0;
	__u64 *lost;

	if (err != -ENOSPC) {
		__sync_fetch_and_add(&stats.output_failed, records);
		return;
	}
	lost = bpf_map_lookup_elem(&lost_count, &zero);
	if (lost)
		__sync_fetch_and_add(lost, records);
}

/* One perf sample of `records` records; a refusal counts them all. */
static __always_inline void send(void *ctx, const void *data, __u64 size,
				 __u64 records)
{
	long err = bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU,
					 (void *)data, size);

	if (err)
		count_refused(err, records);
}

/* Send the batch as one sample and empty it. The caller holds `busy`. */
static __always_inline void batch_send(void *ctx, struct kt_batch *b)
{
	__u64 used = b->used;

	b->flush_wanted = 0;
	if (used == 0)
		return;
	if (used > sizeof(b->buf))	/* never: appends stop at the end */
		used = sizeof(b->buf);
	barrier_var(used);
	send(ctx, b->buf, used, b->n);
	b->n = 0;
	b->used = 0;
}

static __always_inline struct kt_batch *batch_take(void)
{
	__u32 zero = 0;
	struct kt_batch *b = bpf_map_lookup_elem(&batches, &zero);

	/* an atomic swap: a uprobe handler can be preempted (PREEMPT_RCU) */
	if (!b || __sync_val_compare_and_swap(&b->busy, 0, 1) != 0)
		return NULL;
	return b;
}

static __always_inline void batch_release(struct kt_batch *b)
{
	barrier();
	b->busy = 0;	/* only this CPU takes it: program order suffices */
}

/*
 * Where the next record goes. A batch is sent as soon as it holds
 * KT_BATCH_BYTES, so `used` is below that here and a record of up to
 * sizeof(kt_bpf_cap) + KT_CHUNK bytes fits; the mask says so to the
 * verifier.
 */
static __always_inline __u32 batch_tail(struct kt_batch *b)
{
	return b->used & (KT_BATCH_BYTES - 1);
}

/* Account `size` bytes written at batch_tail(); send once full. */
static __always_inline void batch_commit(void *ctx, struct kt_batch *b,
					 __u32 off, __u32 size)
{
	b->used = off + ((size + 7) & ~7u);
	if (b->used >= KT_BATCH_BYTES || b->flush_wanted)
		batch_send(ctx, b);
}

/* One record now, after what this CPU's batch holds. */
static __always_inline void output(void *ctx, const void *data, __u64 size)
{
	struct kt_batch *b = batch_take();

	if (b) {
		batch_send(ctx, b);
		batch_release(b);
	}
	send(ctx, data, size, 1);
}

/* An event into a batch the caller holds. */
static __always_inline void batch_event(void *ctx, struct kt_batch *b,
					const struct kt_bpf_event *e)
{
	__u32 off = batch_tail(b);

	__builtin_memcpy(&b->buf[off], e, sizeof(*e));
	b->n++;
	batch_commit(ctx, b, off, sizeof(*e));
}

/* An event into this CPU's batch; the batch goes out when it is full. */
static __always_inline void emit_event(void *ctx, const struct kt_bpf_event *e)
{
	struct kt_batch *b = batch_take();

	if (!b) {
		send(ctx, e, sizeof(*e), 1);
		return;
	}
	batch_event(ctx, b, e);
	batch_release(b);
}

#endif /* KTRAIL_SEND_BPF_H */
