/* SPDX-License-Identifier: MIT */
/*
 * ustacks.h - user stack copies -> trace stack ids (--stacks=user).
 *
 * A copy (kt_bpf_ustack) arrives right before its event; it is unwound
 * (unwind.c), its frames symbolized with the files its process had
 * mapped (layouts.c, perfmap.c), deduplicated into a stack id and
 * written as a STACK record, and the id waits for the event of the same
 * thread and time. A stack that could not be unwound to its outermost
 * frame ends with a "[truncated]" frame and is counted.
 */
#ifndef KTRAIL_USTACKS_H
#define KTRAIL_USTACKS_H

#include <stddef.h>
#include <stdint.h>

struct writer;
struct ustacks;

/*
 * Follow every process's mappings from now on (before the workload
 * starts); STACK records go to w, ids are taken from *next_id (shared
 * with the other stacks of the trace); done[cpu] counts the copies taken
 * in from each CPU (KT_MAX_CPUS entries, read by the BPF side). NULL with
 * errno.
 */
struct ustacks *ustacks__new(struct writer *w, uint32_t *next_id,
			     uint64_t *done);

/* A KT_BPF_USTACK sample of size bytes. */
void ustacks__copy(struct ustacks *s, const void *data, size_t size);

/* The stack id of tid's copy taken at ts_ns, or 0 when none arrived. */
uint32_t ustacks__take(struct ustacks *s, uint32_t tid, uint64_t ts_ns);

/*
 * Keep up with the kernel's mapping notices: call on every loop turn, and
 * when the descriptor from ustacks__fd() polls readable.
 */
int ustacks__fd(const struct ustacks *s);
void ustacks__poll(struct ustacks *s);

/* Stacks that stopped short of their outermost frame. */
uint64_t ustacks__truncated(const struct ustacks *s);

void ustacks__free(struct ustacks *s);

#endif /* KTRAIL_USTACKS_H */
