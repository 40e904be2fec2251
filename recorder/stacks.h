/* SPDX-License-Identifier: MIT */
/*
 * stacks.h - stack-map buckets -> trace stack ids with symbolized frames.
 *
 * Each distinct (bucket, process) pair is read from the BPF stack-trace map
 * once, symbolized while the process still exists, written to the trace as
 * one STACK record, and given a trace-wide id (never 0).
 */
#ifndef KTRAIL_STACKS_H
#define KTRAIL_STACKS_H

#include <stdint.h>
#include <sys/types.h>

struct kt_buf;
struct stacks;

/*
 * Resolve stacks from map_fd, writing STACK records to rows (the writer's
 * row buffer, which precedes the events of each frame). NULL with errno.
 */
struct stacks *stacks__new(int map_fd, struct kt_buf *rows);

/*
 * The trace stack id of stack-map bucket for pid (0 for a kernel stack).
 * Returns 0 when the bucket cannot be read (counted in stacks__errors()).
 */
uint32_t stacks__id(struct stacks *s, int32_t bucket, uint32_t pid);

/* pid exec'd: its old memory map is gone; snapshot the new one. */
void stacks__exec(struct stacks *s, uint32_t pid);

/* pid may be gone from now on (called at exit): forget its memory map. */
void stacks__exit(struct stacks *s, uint32_t pid);

/* Stacks that could not be read from the map. */
uint64_t stacks__errors(const struct stacks *s);

void stacks__free(struct stacks *s);

#endif /* KTRAIL_STACKS_H */
