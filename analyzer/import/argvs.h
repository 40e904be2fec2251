/* SPDX-License-Identifier: MIT */
/*
 * argvs.h - processes.argv: each successful exec's argument vector, as a
 * JSON array, set on the process row once the processes are written.
 */
#ifndef ANALYZE_ARGVS_H
#define ANALYZE_ARGVS_H

#include <stdint.h>

struct rows;
struct argvs;

struct argvs *argvs__new(void);
void argvs__free(struct argvs *a);

/* Keep the argument vector p[0..len) (each string followed by a NUL) of
 * process pid's exec at ts. 0 or -ENOMEM. */
int argvs__exec(struct argvs *a, uint32_t pid, int64_t ts, const uint8_t *p,
		uint32_t len);

/* Set processes.argv for every exec kept, in time order. 0 or -1. */
int argvs__write(struct argvs *a, struct rows *r, int trace_id);

#endif /* ANALYZE_ARGVS_H */
