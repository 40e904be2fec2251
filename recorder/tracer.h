/* SPDX-License-Identifier: MIT */
/*
 * tracer.h - the loaded BPF object: configure, load, attach, follow pids.
 *
 * Wraps the libbpf skeleton of the programs in bpf/ (linked into one
 * object, build/record.bpf.o, at build time). The recorder's other
 * modules see only this interface, never the skeleton.
 */
#ifndef KTRAIL_TRACER_H
#define KTRAIL_TRACER_H

#include <stdint.h>
#include <sys/types.h>
#include "bpf/ktrail.h"

struct record_opts;
struct probe_set;
struct tracer;

/*
 * Open the skeleton, set its rodata from opts and probes, and load every
 * program. probes must outlive tracer__attach(). Returns NULL after
 * printing one error line (naming the missing kernel feature when that is
 * the cause).
 */
struct tracer *tracer__new(const struct record_opts *opts,
			   const struct probe_set *probes);

/*
 * Attach every program and probe. Call it once the perf buffers are open:
 * system-wide, records start at once, and a record for a CPU without a
 * buffer is dropped. Returns 0, or non-zero after printing one error line.
 */
int tracer__attach(struct tracer *t);

/* What to capture of each syscall's arguments (KT_MAX_SYSCALLS entries);
 * before tracer__attach(). */
void tracer__argspec(struct tracer *t, const struct kt_bpf_argspec *spec);

/*
 * Detach every program. A program that started before may still be running
 * when it returns: wait for an RCU grace period before the last flush.
 */
void tracer__detach(struct tracer *t);

/*
 * Whether no program can be writing a record: no followed process is left
 * (and not system-wide), so none of the programs still running, if any,
 * is past its "traced?" test.
 */
int tracer__quiet(const struct tracer *t);

/* Add pid's thread group to the followed set. Returns 0 or -errno. */
int tracer__follow(struct tracer *t, pid_t pid);

/* The perf-event-array map fd records come through. */
int tracer__events_fd(const struct tracer *t);

/* The kernel stack-trace map fd (instruction pointers), or -1 when off. */
int tracer__kstacks_fd(const struct tracer *t);

/* The user stack-trace map fd (build-id + offset frames), or -1 when off. */
int tracer__ustacks_fd(const struct tracer *t);

/*
 * Events and process records the perf buffer refused on each CPU so far,
 * into lost[0..ncpu).
 * Returns 0 or -errno.
 */
int tracer__lost(const struct tracer *t, uint64_t *lost, int ncpu);

/*
 * Have every CPU whose batch holds events send it to the perf buffer (a
 * BPF_PROG_TEST_RUN of flush_batch on that CPU, an IPI). Returns how many
 * CPUs had their batch busy (ask again: the program holding it sends it
 * when done), or -errno.
 */
int tracer__flush(const struct tracer *t);

/*
 * The events each CPU's batch still holds, into unsent[0..ncpu): after
 * tracer__detach(), a grace period and a tracer__flush() that found no
 * batch busy, 0.
 * Returns 0 or -errno.
 */
int tracer__unsent(const struct tracer *t, uint64_t *unsent, int ncpu);

/* A copy of the BPF-side drop counters. */
/*
 * Where the recorder counts, per CPU, the user stack copies it took in
 * (KT_MAX_CPUS entries in the BPF side's .bss); NULL without --stacks=user.
 */
uint64_t *tracer__ucopy_done(const struct tracer *t);

void tracer__stats(const struct tracer *t, struct kt_bpf_stats *out);

void tracer__free(struct tracer *t);

#endif /* KTRAIL_TRACER_H */
