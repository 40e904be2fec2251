/* SPDX-License-Identifier: MIT */
/*
 * fdtab_int.h - the insides of struct fdtab, shared by fdtab.c (storage)
 * and fdcalls.c (what each call does to a table). Not for other users.
 */
#ifndef KTRAIL_ARGFMT_FDTAB_INT_H
#define KTRAIL_ARGFMT_FDTAB_INT_H

#include <stddef.h>
#include <stdint.h>

#define FDTAB_MAX_FD	(1 << 20)	/* the kernel's default nr_open */

struct fdstr {
	uint32_t refs;
	char s[];
};

struct fdent {
	struct fdstr *path;	/* NULL: closed or unknown */
	uint8_t cloexec;	/* FD_CLOEXEC */
};

struct fdproc {
	uint32_t pid;		/* thread group id */
	struct fdstr *cwd;	/* NULL when unknown */
	struct fdent *fds;	/* indexed by descriptor */
	uint32_t nfds;		/* entries in fds */
};

struct fdtab {
	struct fdproc *procs;	/* every process seen; exited ones empty */
	uint32_t nprocs, procs_cap;
	uint32_t *slots;	/* pid hash: index in procs + 1, 0 free */
	uint32_t cap;		/* slots, a power of two */
};

struct fdproc *fdtab_find(const struct fdtab *t, uint32_t pid);
struct fdproc *fdtab_proc(struct fdtab *t, uint32_t pid);
struct fdent *fdproc_ent(struct fdproc *p, int fd);
int fdproc_put(struct fdproc *p, int fd, struct fdstr *s, int cloexec);
struct fdstr *fdproc_get(const struct fdproc *p, int fd);
struct fdstr *fdstr__new(const char *s, size_t n);
struct fdstr *fdstr__join(const char *base, const char *rel, size_t n);
struct fdstr *fdstr__get(struct fdstr *s);	/* a new reference */
void fdstr__put(struct fdstr *s);

#endif /* KTRAIL_ARGFMT_FDTAB_INT_H */
