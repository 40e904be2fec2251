/* SPDX-License-Identifier: MIT */
/*
 * pump.h - the perf buffer: records from the BPF programs into the writer.
 */
#ifndef KTRAIL_PUMP_H
#define KTRAIL_PUMP_H

#include <stdint.h>

struct tracer;
struct writer;
struct stacks;

struct pump_opts {
	unsigned pages;		/* perf buffer pages per CPU */
	int wake_fd;		/* also waited on, and drained; -1 = none */
	struct stacks *stacks;	/* resolves stack ids; NULL without --stacks */
	const uint8_t *nargs;	/* argument count by syscall (sysargs.h) */
};

struct pump;

/*
 * Open the perf buffers of t's events map (before tracer__attach():
 * a sample for a CPU without a buffer is dropped). Returns NULL after
 * printing one error line.
 */
struct pump *pump__new(struct tracer *t, struct writer *w,
		       const struct pump_opts *o);

/*
 * Wait up to timeout_ms for a perf buffer past its watermark or for the
 * wake fd, and move what the ready buffers hold to the writer. Returns 0,
 * or -1 after printing one error line.
 */
int pump__wait(struct pump *p, int timeout_ms);

/*
 * Call after each wait with CLOCK_BOOTTIME now: has the BPF side send its
 * event batches every 200 ms and closes a frame at least every second.
 */
void pump__tick(struct pump *p, uint64_t now);

/*
 * Detach the programs, wait until none can still run, and drain what the
 * batches and buffers still hold; LOST records bring the trace up to the
 * BPF side's count of refused records.
 */
void pump__finish(struct pump *p);

/* Perf-buffer losses so far, all CPUs. */
uint64_t pump__lost(const struct pump *p);

/* The first writer error (a negative errno), or 0. */
int pump__error(const struct pump *p);

void pump__free(struct pump *p);

#endif /* KTRAIL_PUMP_H */
