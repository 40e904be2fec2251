/* SPDX-License-Identifier: MIT */
/*
 * statfmt.h - struct stat and struct statx, as strace abbreviates them.
 */
#ifndef KTRAIL_ARGFMT_STATFMT_H
#define KTRAIL_ARGFMT_STATFMT_H

#include <stdint.h>

struct out;

/* a file mode: S_IFREG|0644, S_IFDIR|S_ISVTX|0777, or 0644 (no type) */
void statfmt__mode(struct out *o, uint32_t mode);

/*
 * The struct stat the kernel wrote (stat, fstat, lstat, newfstatat):
 * {st_mode=S_IFREG|0644, st_size=2996, ...}. Returns 0 without writing
 * when len is not the size of this machine's struct stat (a trace from an
 * architecture with another layout): the caller prints the address then.
 */
int statfmt__stat(struct out *o, const uint8_t *p, uint32_t len);

/* the same for a struct statx (one layout everywhere) */
int statfmt__statx(struct out *o, const uint8_t *p, uint32_t len);

#endif /* KTRAIL_ARGFMT_STATFMT_H */
