/* SPDX-License-Identifier: MIT */
/*
 * numfmt.h - arguments that are numbers with a meaning (flags, commands,
 * modes, signals), as strace names them.
 */
#ifndef KTRAIL_ARGFMT_NUMFMT_H
#define KTRAIL_ARGFMT_NUMFMT_H

#include <stdint.h>

struct out;
struct argfmt_call;

/* argument i of c as kind ak; 0 (nothing written) when ak is no number kind */
int numfmt__print(struct out *o, const struct argfmt_call *c, int i, int ak);

/* how many arguments strace shows for fcntl with command cmd */
int numfmt__fcntl_nargs(uint32_t cmd);

/* whether mremap with these flags shows its new address */
int numfmt__mremap_has_addr(uint32_t flags);

/* whether mknod/mknodat with this mode shows its device */
int numfmt__mknod_has_dev(uint32_t mode);

/* whether open/openat with these flags shows its mode */
int numfmt__open_has_mode(uint32_t flags);

#endif /* KTRAIL_ARGFMT_NUMFMT_H */
