/* SPDX-License-Identifier: MIT */
/*
 * kinds.h - strace's text for one argument of one call, by its kind
 * (enum ak, sctab.h).
 */
#ifndef KTRAIL_ARGFMT_KINDS_H
#define KTRAIL_ARGFMT_KINDS_H

#include <stdint.h>

struct out;
struct argfmt_call;

/* argument i of c, printed as kind ak (AK_DEFAULT: by its trace type) */
void kinds__print(struct out *o, const struct argfmt_call *c, int i, int ak);

#endif /* KTRAIL_ARGFMT_KINDS_H */
