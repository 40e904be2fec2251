/* SPDX-License-Identifier: MIT */
/*
 * caps.h - captured syscall arguments, collected per thread until their
 * event, then deduplicated into the trace's blobs.
 */
#ifndef KTRAIL_CAPS_H
#define KTRAIL_CAPS_H

#include <stdint.h>
#include "bpf/ktrail.h"
#include "schema/record.h"

struct writer;
struct caps;

/* An empty collection and blob table; NULL when out of memory. */
struct caps *caps__new(void);
void caps__free(struct caps *c);

/*
 * One kt_bpf_cap and the cap->len bytes after it, as the perf buffer
 * delivered them. Returns 0, -ENOMEM, or -EINVAL for a bad slot.
 */
int caps__add(struct caps *c, int cpu, const struct kt_bpf_cap *cap,
	      const void *bytes);

/*
 * What thread tid collected, for its event: out[i] names a blob (a BLOB
 * record goes to the writer for each value not written before) or is
 * KT_CAP_NONE. Returns 1 when out holds anything, 0 when not, -ENOMEM.
 */
int caps__take(struct caps *c, uint32_t tid, int cpu, struct writer *w,
	       struct kt_capref out[KT_NCAPS]);

/*
 * Forget what thread tid collected on cpu: its event came without caps
 * (sent alone, or sent with them in a sample that was lost). Counted as
 * an orphan.
 */
void caps__drop(struct caps *c, uint32_t tid, int cpu);

/*
 * Forget what every thread collected on cpu: a sample of that CPU was
 * lost, and with it chunks or the event that would have closed them.
 */
void caps__drop_cpu(struct caps *c, int cpu);

/* Collections dropped because their event never came (it was lost). */
uint64_t caps__orphans(const struct caps *c);

#endif /* KTRAIL_CAPS_H */
