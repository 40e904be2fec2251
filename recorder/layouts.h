/* SPDX-License-Identifier: MIT */
/*
 * layouts.h - what each process had mapped executable, and when.
 *
 * A user stack copy is unwound and symbolized some time after it was
 * taken, often after its process exec'd again, unmapped a library or
 * exited. So the recorder follows every process's executable file
 * mappings as perf record does, from the kernel's own mmap notices
 * (PERF_RECORD_MMAP2, COMM with exec, FORK, EXIT of a software dummy
 * event on every CPU), each mapping valid over a span of boot time, and
 * answers "what was at this address at that time". Processes that were
 * running before the recording are read from /proc/PID/maps.
 *
 * Each mapped file is opened once, while its process is alive if it
 * can (/proc/PID/map_files, then /proc/PID/root/PATH, so a deleted
 * binary or one in another mount namespace is the right file), then by
 * path; a file whose build-id differs from the one the kernel reported is
 * refused. Files are shared by build-id across processes.
 */
#ifndef KTRAIL_LAYOUTS_H
#define KTRAIL_LAYOUTS_H

#include <stdint.h>

struct binfile;
struct layouts;

/* One executable file mapping of a process. */
struct mapping {
	uint64_t start, end;	/* [start, end) */
	uint64_t pgoff;		/* file offset of start */
	uint64_t from_ns;	/* valid in [from_ns, to_ns) of CLOCK_BOOTTIME */
	uint64_t to_ns;
	struct binfile *file;	/* NULL: the file could not be opened */
};

/*
 * Start following mappings (the perf events are opened here, before the
 * workload starts). NULL with errno.
 */
struct layouts *layouts__new(void);

/*
 * A descriptor that polls readable when mmap notices arrive (each wakes
 * it: the sooner a mapped file is opened, the likelier its process still
 * holds it), and the call that takes them in.
 */
int layouts__fd(const struct layouts *l);
void layouts__poll(struct layouts *l);

/*
 * The mappings of pid valid at ts_ns: fills out (up to max), returns the
 * count. Reads /proc/PID/maps for a process it knows nothing about.
 */
int layouts__at(struct layouts *l, uint32_t pid, uint64_t ts_ns,
		const struct mapping **out, int max);

/* The mapping of pid holding addr at ts_ns, or NULL. */
const struct mapping *layouts__find(struct layouts *l, uint32_t pid,
				    uint64_t addr, uint64_t ts_ns);

/*
 * A per-process slot for the unwinder's cache (unwind.c), with the
 * function that frees what it holds when the process is forgotten.
 */
void **layouts__slot(struct layouts *l, uint32_t pid);
void layouts__set_slot_free(struct layouts *l, void (*fn)(void *));

void layouts__free(struct layouts *l);

#endif /* KTRAIL_LAYOUTS_H */
