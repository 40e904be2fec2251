/* SPDX-License-Identifier: MIT */
/*
 * argvs.h - processes.argv: each successful exec's argument vector, as a
 * JSON array, set on the process row once the processes are written.
 */
#ifndef ANALYZE_ARGVS_H
#define ANALYZE_ARGVS_H

#include <stdint.h>

struct argfmt_call;
struct rows;
struct argvs;

struct argvs *argvs__new(void);
void argvs__free(struct argvs *a);

/* Keep the argv of call c of process pid at ts when it is an exec that
 * succeeded with its vector captured. 0 or -ENOMEM. */
int argvs__event(struct argvs *a, const struct argfmt_call *c, uint32_t pid,
		 int64_t ts);

/* Set processes.argv for every exec kept, in time order. 0 or -1. */
int argvs__write(struct argvs *a, struct rows *r, int trace_id);

#endif /* ANALYZE_ARGVS_H */
