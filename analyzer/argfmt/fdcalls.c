// SPDX-License-Identifier: MIT
/*
 * fdcalls.c - what a completed call does to its process's descriptor table
 * (fdtab__apply), one table row per syscall that creates, copies, closes
 * or changes descriptors or the working directory.
 *
 * Paths come from the call's captured string argument; the inode of a new
 * pipe or socket from the capture of its new descriptors (KT_CAP_NEWFD:
 * u32 fd, u32 kind, u64 inode per descriptor), which is what /proc shows
 * as pipe:[INODE] and socket:[INODE]. Anonymous inodes are named as
 * /proc/PID/fd names them (anon_inode:[eventfd], anon_inode:inotify).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <linux/fanotify.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include "analyzer/argfmt/argfmt.h"
#include "analyzer/argfmt/fdtab.h"
#include "analyzer/argfmt/fdtab_int.h"
#include "analyzer/argfmt/nametab.h"
#include "schema/le.h"

enum fdop {
	OP_OPEN,	/* ret: a new fd for the path in arg a (dirfd in b) */
	OP_DUP,		/* ret: a copy of fd args[0] */
	OP_FCNTL,	/* F_DUPFD, F_DUPFD_CLOEXEC, F_SETFD */
	OP_PIPE,	/* int[2] at arg a: a pipe */
	OP_SOCKET,	/* ret: a socket */
	OP_SOCKETPAIR,	/* int[2] at arg a: two sockets */
	OP_ANON,	/* ret: an anonymous inode named label */
	OP_MEMFD,	/* ret: /memfd:NAME (deleted), the name in arg 0 */
	OP_CLOSE,
	OP_CLOSE_RANGE,
	OP_CHDIR,	/* path in arg 0 */
	OP_FCHDIR,
	OP_GETCWD,	/* tells the working directory: ret bytes, NUL included */
	OP_EXEC,
};

struct fdcall {
	const char *name;
	uint8_t op;		/* enum fdop */
	int8_t a;		/* path (OP_OPEN) or int[2] argument, or -1 */
	int8_t dirfd;		/* argument holding a dirfd, or -1 */
	int8_t flags;		/* argument whose flags hold cloexec, -1 for
				 * none, ALWAYS when the fd always has it */
	uint32_t cloexec;	/* that flag: O_CLOEXEC, SOCK_CLOEXEC, ... */
	const char *label;	/* OP_ANON's name */
};

#define ALWAYS	(-2)

static const struct fdcall calls[] = {
	{ "open", OP_OPEN, 0, -1, 1, O_CLOEXEC, NULL },
	{ "openat", OP_OPEN, 1, 0, 2, O_CLOEXEC, NULL },
	{ "openat2", OP_OPEN, 1, 0, -1, 0, NULL },
	{ "creat", OP_OPEN, 0, -1, -1, 0, NULL },
	{ "dup", OP_DUP, -1, -1, -1, 0, NULL },
	{ "dup2", OP_DUP, -1, -1, -1, 0, NULL },
	{ "dup3", OP_DUP, -1, -1, 2, O_CLOEXEC, NULL },
	{ "fcntl", OP_FCNTL, -1, -1, -1, 0, NULL },
	{ "pipe", OP_PIPE, 0, -1, -1, 0, NULL },
	{ "pipe2", OP_PIPE, 0, -1, 1, O_CLOEXEC, NULL },
	{ "socket", OP_SOCKET, -1, -1, 1, SOCK_CLOEXEC, NULL },
	{ "accept", OP_SOCKET, -1, -1, -1, 0, NULL },
	{ "accept4", OP_SOCKET, -1, -1, 3, SOCK_CLOEXEC, NULL },
	{ "socketpair", OP_SOCKETPAIR, 3, -1, 1, SOCK_CLOEXEC, NULL },
	{ "eventfd", OP_ANON, -1, -1, -1, 0, "anon_inode:[eventfd]" },
	{ "eventfd2", OP_ANON, -1, -1, 1, O_CLOEXEC, "anon_inode:[eventfd]" },
	{ "epoll_create", OP_ANON, -1, -1, -1, 0, "anon_inode:[eventpoll]" },
	{ "epoll_create1", OP_ANON, -1, -1, 0, O_CLOEXEC, "anon_inode:[eventpoll]" },
	{ "timerfd_create", OP_ANON, -1, -1, 1, O_CLOEXEC, "anon_inode:[timerfd]" },
	{ "signalfd", OP_ANON, -1, -1, -1, 0, "anon_inode:[signalfd]" },
	{ "signalfd4", OP_ANON, -1, -1, 3, O_CLOEXEC, "anon_inode:[signalfd]" },
	{ "inotify_init", OP_ANON, -1, -1, -1, 0, "anon_inode:inotify" },
	{ "inotify_init1", OP_ANON, -1, -1, 0, O_CLOEXEC, "anon_inode:inotify" },
	{ "pidfd_open", OP_ANON, -1, -1, ALWAYS, 0, "anon_inode:[pidfd]" },
	{ "io_uring_setup", OP_ANON, -1, -1, ALWAYS, 0, "anon_inode:[io_uring]" },
	{ "fanotify_init", OP_ANON, -1, -1, 0, FAN_CLOEXEC, "anon_inode:[fanotify]" },
	{ "perf_event_open", OP_ANON, -1, -1, 4, PERF_FLAG_FD_CLOEXEC,
	  "anon_inode:[perf_event]" },
	{ "userfaultfd", OP_ANON, -1, -1, 0, O_CLOEXEC, "anon_inode:[userfaultfd]" },
	{ "memfd_create", OP_MEMFD, 0, -1, 1, MFD_CLOEXEC, NULL },
	{ "close", OP_CLOSE, -1, -1, -1, 0, NULL },
	{ "close_range", OP_CLOSE_RANGE, -1, -1, -1, 0, NULL },
	{ "chdir", OP_CHDIR, 0, -1, -1, 0, NULL },
	{ "fchdir", OP_FCHDIR, -1, -1, -1, 0, NULL },
	{ "getcwd", OP_GETCWD, 0, -1, -1, 0, NULL },
	{ "execve", OP_EXEC, -1, -1, -1, 0, NULL },
	{ "execveat", OP_EXEC, -1, -1, -1, 0, NULL },
};

static struct nametab names = NAMETAB_INIT(calls);

/* the whole string captured for argument i, or NULL */
static const struct argfmt_cap *string_of(const struct argfmt_call *c, int i)
{
	const struct argfmt_cap *cap = &c->cap[i];

	if (i < 0 || cap->status != KT_CAP_OK || (!cap->p && cap->len))
		return NULL;
	return cap;
}

/* the inode KT_CAP_NEWFD gives for fd, or 0 */
static uint64_t newfd_inode(const struct argfmt_call *c, int fd)
{
	const struct argfmt_cap *cap = &c->cap[KT_CAP_NEWFD];
	uint32_t i;

	if ((cap->status != KT_CAP_OK && cap->status != KT_CAP_TRUNC) || !cap->p)
		return 0;
	for (i = 0; i + 16 <= cap->len; i += 16)
		if ((int32_t)kt_get_le32(cap->p + i) == fd)
			return kt_get_le64(cap->p + i + 8);
	return 0;
}

/* "pipe:[INODE]" or "socket:[INODE]"; NULL (unknown) without the inode */
static struct fdstr *inode_name(const char *kind, uint64_t ino)
{
	char b[48];
	int n;

	if (!ino)
		return NULL;
	n = snprintf(b, sizeof(b), "%s:[%llu]", kind, (unsigned long long)ino);
	return fdstr__new(b, n);
}

static int put_new(struct fdproc *p, int fd, struct fdstr *s, int cloexec,
		   int known)
{
	if (known && !s)
		return -ENOMEM;
	return fdproc_put(p, fd, s, cloexec);
}

static int apply_open(struct fdproc *p, const struct fdcall *k,
		      const struct argfmt_call *c, int cloexec)
{
	const struct argfmt_cap *path = string_of(c, k->a);
	const char *base = NULL;
	struct fdstr *dir = NULL, *s;
	int err;

	if (!path)	/* not captured: the old name would be wrong */
		return fdproc_put(p, c->ret, NULL, cloexec);
	if (k->dirfd >= 0 && (int32_t)c->args[k->dirfd] != AT_FDCWD)
		dir = fdproc_get(p, c->args[k->dirfd]);
	else
		dir = fdstr__get(p->cwd);
	base = dir ? dir->s : NULL;
	s = fdstr__join(base, (const char *)path->p, path->len);
	err = put_new(p, c->ret, s, cloexec, 1);
	fdstr__put(dir);
	return err;
}

static int apply_pair(struct fdproc *p, const struct fdcall *k,
		      const struct argfmt_call *c, int cloexec)
{
	const struct argfmt_cap *cap = &c->cap[k->a];
	const char *kind = k->op == OP_PIPE ? "pipe" : "socket";
	int32_t fd[2];
	uint64_t ino;
	int i, err = 0;

	if (cap->status == KT_CAP_OK && cap->p && cap->len >= 8) {
		fd[0] = kt_get_le32(cap->p);
		fd[1] = kt_get_le32(cap->p + 4);
	} else if (c->cap[KT_CAP_NEWFD].p && c->cap[KT_CAP_NEWFD].len >= 32) {
		fd[0] = kt_get_le32(c->cap[KT_CAP_NEWFD].p);
		fd[1] = kt_get_le32(c->cap[KT_CAP_NEWFD].p + 16);
	} else {
		return 0;
	}
	for (i = 0; i < 2 && !err; i++) {
		ino = newfd_inode(c, fd[i]);
		/* both ends of a pipe are one inode */
		if (!ino && k->op == OP_PIPE)
			ino = newfd_inode(c, fd[!i]);
		err = put_new(p, fd[i], inode_name(kind, ino), cloexec, ino != 0);
	}
	return err;
}

static int apply_memfd(struct fdproc *p, const struct argfmt_call *c, int cloexec)
{
	const struct argfmt_cap *name = string_of(c, 0);
	char b[300];
	int n;

	if (!name)
		return fdproc_put(p, c->ret, NULL, cloexec);
	n = snprintf(b, sizeof(b), "/memfd:%.*s (deleted)",
		     (int)(name->len > 249 ? 249 : name->len), (const char *)name->p);
	return put_new(p, c->ret, fdstr__new(b, n), cloexec, 1);
}

static int apply_fcntl(struct fdproc *p, const struct argfmt_call *c)
{
	struct fdent *e;

	switch ((uint32_t)c->args[1]) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		return fdproc_put(p, c->ret, fdproc_get(p, c->args[0]),
				  (uint32_t)c->args[1] == F_DUPFD_CLOEXEC);
	case F_SETFD:
		if ((int32_t)c->args[0] >= 0 && (uint32_t)c->args[0] < p->nfds) {
			e = &p->fds[(uint32_t)c->args[0]];
			e->cloexec = !!(c->args[2] & FD_CLOEXEC);
		}
		return 0;
	}
	return 0;
}

static void apply_close_range(struct fdproc *p, const struct argfmt_call *c)
{
	uint32_t first = c->args[0], last = c->args[1], fd;

	if (last >= p->nfds)
		last = p->nfds ? p->nfds - 1 : 0;
	for (fd = first; fd <= last && fd < p->nfds; fd++) {
		if (c->args[2] & CLOSE_RANGE_CLOEXEC) {
			p->fds[fd].cloexec = 1;
		} else {
			fdstr__put(p->fds[fd].path);
			p->fds[fd].path = NULL;
		}
	}
}

static int apply_chdir(struct fdproc *p, const struct fdcall *k,
		       const struct argfmt_call *c)
{
	struct fdstr *s = NULL;
	const struct argfmt_cap *path;

	if (k->op == OP_FCHDIR) {
		s = fdproc_get(p, c->args[0]);
	} else if (k->op == OP_GETCWD) {
		uint32_t n;

		if (!(path = string_of(c, k->a)))
			return 0;	/* nothing learnt */
		for (n = path->len; n && !path->p[n - 1]; n--)
			;
		if (!n || path->p[0] != '/')
			return 0;
		if (!(s = fdstr__new((const char *)path->p, n)))
			return -ENOMEM;
	} else if ((path = string_of(c, k->a))) {
		s = fdstr__join(p->cwd ? p->cwd->s : NULL,
				(const char *)path->p, path->len);
		if (!s)
			return -ENOMEM;
	}
	fdstr__put(p->cwd);
	p->cwd = s && s->s[0] == '/' ? s : NULL;
	if (s && !p->cwd)
		fdstr__put(s);
	return 0;
}

int fdtab__changes(const char *name)
{
	return name && nametab__find(&names, name) != NULL;
}

int fdtab__apply(struct fdtab *t, uint32_t pid, const struct argfmt_call *c)
{
	const struct fdcall *k = nametab__find(&names, c->name);
	struct fdproc *p;
	int cloexec;

	if (!k || !c->has_ret || c->ret < 0)
		return 0;
	if (!(p = fdtab_proc(t, pid)))
		return -ENOMEM;
	cloexec = k->flags == ALWAYS ||
		  (k->flags >= 0 && (c->args[k->flags] & k->cloexec));
	switch (k->op) {
	case OP_OPEN:
		return apply_open(p, k, c, cloexec);
	case OP_DUP:
		if ((int64_t)c->ret == (int32_t)c->args[0])
			return 0;	/* dup2(fd, fd) */
		return fdproc_put(p, c->ret, fdproc_get(p, c->args[0]), cloexec);
	case OP_FCNTL:
		return apply_fcntl(p, c);
	case OP_PIPE:
	case OP_SOCKETPAIR:
		return apply_pair(p, k, c, cloexec);
	case OP_SOCKET: {
		uint64_t ino = newfd_inode(c, c->ret);

		return put_new(p, c->ret, inode_name("socket", ino), cloexec,
			       ino != 0);
	}
	case OP_ANON:
		return put_new(p, c->ret, fdstr__new(k->label, strlen(k->label)),
			       cloexec, 1);
	case OP_MEMFD:
		return apply_memfd(p, c, cloexec);
	case OP_CLOSE:
		fdproc_put(p, c->args[0], NULL, 0);
		return 0;
	case OP_CLOSE_RANGE:
		apply_close_range(p, c);
		return 0;
	case OP_CHDIR:
	case OP_FCHDIR:
	case OP_GETCWD:
		return apply_chdir(p, k, c);
	case OP_EXEC:
		fdtab__exec(t, pid);
		return 0;
	}
	return 0;
}
