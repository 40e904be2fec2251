/* SPDX-License-Identifier: MIT */
/*
 * pump.h - the perf buffer: records from the BPF programs into the writer.
 */
#ifndef KTRAIL_PUMP_H
#define KTRAIL_PUMP_H

#include <stdint.h>
#include <sys/types.h>

struct tracer;
struct writer;
struct stacks;

struct pump_opts {
	unsigned pages;		/* perf buffer pages per CPU */
	uint64_t duration_ns;	/* stop after this long; 0 = no limit */
	pid_t child;		/* stop when it exits; 0 = no child */
	const pid_t *targets;	/* -p: stop when all of them are gone */
	int ntargets;
	int status_line;	/* draw a live status line on stderr */
	struct stacks *stacks;	/* resolves stack ids; NULL without --stacks */
	const uint8_t *nargs;	/* argument count by syscall (sysargs.h) */
};

struct pump_result {
	uint64_t lost;		/* perf-buffer losses, all CPUs */
	int child_status;	/* wait(2) status of the child */
	int child_reaped;	/* child_status is valid */
	int signal;		/* SIGINT/SIGTERM that stopped us, or 0 */
	int error;		/* negative errno of a write error, or 0 */
};

struct pump;

/*
 * Open the perf buffers of t's events map (before tracer__attach():
 * a sample for a CPU without a buffer is dropped) and install the signal
 * handlers. Returns NULL after printing one error line.
 */
struct pump *pump__new(struct tracer *t, struct writer *w,
		       const struct pump_opts *o);

/*
 * Move records from the BPF side to the writer until the child exits, the
 * duration ends, or SIGINT/SIGTERM arrives (forwarded to the child once).
 * Flushes a frame at least every second; drains the buffers before
 * returning. Returns 0, or -1 after printing one error line.
 */
int pump__run(struct pump *p, struct pump_result *res);

void pump__free(struct pump *p);

#endif /* KTRAIL_PUMP_H */
