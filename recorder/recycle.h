/* SPDX-License-Identifier: MIT */
/*
 * recycle.h - stack-map buckets given back once read.
 *
 * A BPF stack-trace map without BPF_F_REUSE_STACKID never overwrites a
 * bucket: once every bucket holds a stack, each new stack is refused, and
 * a long system-wide recording loses its stacks for good. The recorder
 * reads a bucket the first time an event names it; past half the map
 * read, the buckets read longest ago (at least SETTLE_NS, so that every
 * event that named them has been taken in) are deleted from the map, and
 * the trace id cached for them forgotten: the kernel can file a new stack
 * there, which is read afresh.
 */
#ifndef KTRAIL_RECYCLE_H
#define KTRAIL_RECYCLE_H

#include <stdint.h>

struct recycle;

/*
 * Recycle the buckets of map fd (cap of them), whose trace ids the caller
 * caches in ids[cap] (an entry is set to 0 when its bucket goes). NULL
 * with errno.
 */
struct recycle *recycle__new(int fd, uint32_t cap, uint32_t *ids);

/* Bucket was just read (its id cached). */
void recycle__read(struct recycle *r, uint32_t bucket);

/* Give back what can be given back; call on every loop turn. */
void recycle__tick(struct recycle *r);

void recycle__free(struct recycle *r);

#endif /* KTRAIL_RECYCLE_H */
