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

/* how many arguments strace shows for fcntl with command cmd */
int kinds__fcntl_nargs(uint32_t cmd);

/* whether mremap with these flags shows its new address */
int kinds__mremap_has_addr(uint32_t flags);

/* whether mknod/mknodat with this mode shows its device */
int kinds__mknod_has_dev(uint32_t mode);

/* whether open/openat with these flags shows its mode */
int kinds__open_has_mode(uint32_t flags);

#endif /* KTRAIL_ARGFMT_KINDS_H */
