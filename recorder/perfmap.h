/* SPDX-License-Identifier: MIT */
/*
 * perfmap.h - names of JIT code from /tmp/perf-PID.map.
 *
 * A JIT that supports perf (node --perf-basic-prof, python3.12 -X perf,
 * the JVM with perf-map-agent) writes one line per function it compiles:
 * "START SIZE name", hexadecimal addresses. The file is read when an
 * address of a process falls in no file mapping, and read again when it
 * has grown since.
 */
#ifndef KTRAIL_PERFMAP_H
#define KTRAIL_PERFMAP_H

#include <stdint.h>

struct perfmaps;

struct perfmaps *perfmaps__new(void);

/*
 * The name of pid's JIT function holding addr (its start in *start), or
 * NULL when pid has no map or the map does not cover addr.
 */
const char *perfmaps__find(struct perfmaps *m, uint32_t pid, uint64_t addr,
			   uint64_t *start);

void perfmaps__free(struct perfmaps *m);

#endif /* KTRAIL_PERFMAP_H */
