/* SPDX-License-Identifier: MIT */
/*
 * stacks.h - stack-map buckets -> trace stack ids with symbolized frames.
 *
 * Each bucket of the kernel and the user stack map is read once, the first
 * time an event names it, symbolized while recording (kernel frames from
 * /proc/kallsyms, user frames from the ELF files their build-ids name),
 * written to the trace as one STACK record, and given a trace-wide id.
 * The kernel never overwrites a bucket (no BPF_F_REUSE_STACKID), so one
 * lookup per bucket is enough; once half a map has been read, the buckets
 * read longest ago are deleted and read afresh when named again
 * (recycle.h), so a long system-wide recording keeps its stacks. User
 * stacks with --stacks=user are copies, unwound by ustacks.h.
 */
#ifndef KTRAIL_STACKS_H
#define KTRAIL_STACKS_H

#include <stdint.h>
#include <sys/types.h>

struct stacks;
struct writer;

/*
 * Resolve from the kernel map kfd and the user (build-id) map ufd, either
 * -1 when that side is off, and user stack copies when ucopy_done is not
 * NULL (ustacks.h: the per-CPU count of copies taken in goes there),
 * writing STACK records to w (they precede the events of each frame).
 * NULL with errno.
 */
struct stacks *stacks__new(int kfd, int ufd, uint64_t *ucopy_done,
			   struct writer *w);

/*
 * The trace stack id of a kernel or user stack-map bucket (user stacks
 * belong to process pid). Returns 0 when the bucket cannot be read, which
 * is counted in stacks__errors().
 */
uint32_t stacks__kernel_id(struct stacks *s, int32_t bucket);
uint32_t stacks__user_id(struct stacks *s, int32_t bucket, uint32_t pid);

/* A user stack copy sample; the id of tid's copy at ts_ns, or 0. */
void stacks__user_copy(struct stacks *s, const void *data, size_t size);
uint32_t stacks__user_take(struct stacks *s, uint32_t tid, uint64_t ts_ns);

/*
 * Keep up with what user stack copies need between samples: on every
 * loop turn, and when stacks__fd() (-1 when there is none) polls readable.
 */
void stacks__poll(struct stacks *s);
int stacks__fd(const struct stacks *s);

/* pid exec'd exe: index the binaries it maps while it is alive. */
void stacks__exec(struct stacks *s, uint32_t pid, const char *exe);

/* Stacks that could not be read from the maps, or unwound to their end. */
uint64_t stacks__errors(const struct stacks *s);

void stacks__free(struct stacks *s);

#endif /* KTRAIL_STACKS_H */
