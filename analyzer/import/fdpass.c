// SPDX-License-Identifier: MIT
/*
 * fdpass.c - replay the calls that open, duplicate and close descriptors,
 * in time order, to tell what the descriptor of each call was.
 *
 * Events reach the importer in per-CPU batches, not in time order
 * (FORMAT.md, EVENTS), and a descriptor's meaning depends on every call of
 * the process before it, so the calls that matter are kept (compactly:
 * registers, return value, capture references) and replayed once the
 * whole trace is in, with the PROC records that fork, exec and end
 * descriptor tables. The table logic is analyzer/argfmt/fdtab.c's; this
 * file only feeds it and writes fd_paths rows. A call matters when it can
 * change a table (it is kept whole), or when its first argument is a
 * descriptor (read, write, fstat...: most calls of a file-heavy trace,
 * kept as a 24-byte lookup, the descriptor and who and when).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "callargs.h"
#include "fdpass.h"
#include "rows.h"
#include "analyzer/argfmt/fdtab.h"
#include "analyzer/grow.h"

enum { K_EVENT, K_FORK, K_EXEC, K_EXIT };

struct kept {
	int64_t ts;		/* relative to the origin */
	uint32_t seq;		/* arrival order, for ties */
	uint32_t pid, tid;	/* FORK: tid is the child */
	uint8_t what;		/* K_* */
	uint8_t flags;		/* kt_event.flags */
	uint16_t nr;		/* syscall */
	int8_t nargs;
	int64_t ret;
	uint64_t args[KT_NARGS];
	struct kt_capref cap[KT_NCAPS];
};

/* A call that only names a descriptor in its first argument. */
struct lookup {
	int64_t ts;		/* relative to the origin */
	uint32_t seq;		/* arrival order, shared with kept */
	uint32_t pid, tid;
	int32_t fd;
};

enum { M_UNASKED, M_NO, M_KEEP, M_LOOKUP };

struct fdpass {
	const struct callargs *ca;
	uint8_t matters[KT_SYSCALL_IDS];	/* M_* */
	struct fdtab *tab;
	struct kept *k;
	uint32_t n, cap;
	struct lookup *l;
	uint32_t nl, lcap;
	uint32_t seq;		/* next arrival number */
};

/* Calls that make a descriptor without taking one. */
static const char *const makers[] = {
	"open", "openat", "openat2", "creat", "pipe", "pipe2", "socket",
	"socketpair", "eventfd", "eventfd2", "memfd_create", "epoll_create",
	"epoll_create1", "timerfd_create", "signalfd", "chdir",
	"perf_event_open", "userfaultfd", "pidfd_open", "inotify_init",
	"inotify_init1", "fanotify_init", "bpf", "io_uring_setup",
	"memfd_secret", "open_by_handle_at", "open_tree", "fsopen", "fsmount",
};

struct fdpass *fdpass__new(const struct callargs *ca)
{
	struct fdpass *fp = calloc(1, sizeof(*fp));

	if (!fp)
		return NULL;
	fp->ca = ca;
	fp->tab = fdtab__new();
	if (!fp->tab) {
		free(fp);
		return NULL;
	}
	return fp;
}

void fdpass__free(struct fdpass *fp)
{
	if (!fp)
		return;
	fdtab__free(fp->tab);
	free(fp->k);
	free(fp->l);
	free(fp);
}

int fdpass__initial(struct fdpass *fp, const struct kt_fd *f)
{
	char path[KT_MAX_STR + 1];

	memcpy(path, f->path.p, f->path.len);
	path[f->path.len] = 0;
	if (f->fd == KT_FD_CWD)
		return fdtab__cwd(fp->tab, f->pid, path);
	if (f->fd < 0)
		return 0;
	return fdtab__set(fp->tab, f->pid, f->fd, path,
			  !!(f->flags & KT_FD_CLOEXEC));
}

static struct kept *keep(struct fdpass *fp, int64_t ts)
{
	struct kept *k;

	if (grow((void **)&fp->k, &fp->cap, fp->n + 1, sizeof(*fp->k)))
		return NULL;
	k = &fp->k[fp->n++];
	memset(k, 0, sizeof(*k));
	k->ts = ts;
	k->seq = fp->seq++;
	return k;
}

int fdpass__proc(struct fdpass *fp, const struct kt_proc *p, int64_t ts)
{
	struct kept *k;

	if (p->what != KT_PROC_FORK && p->what != KT_PROC_EXEC &&
	    p->what != KT_PROC_EXIT)
		return 0;
	k = keep(fp, ts);
	if (!k)
		return -ENOMEM;
	k->what = p->what == KT_PROC_FORK ? K_FORK :
		  p->what == KT_PROC_EXEC ? K_EXEC : K_EXIT;
	k->pid = p->what == KT_PROC_FORK ? p->ppid : p->pid;
	k->tid = p->pid;
	return 0;
}

/* What to keep of a call of syscall name with argument types type. */
static int matters(const char *name, const uint8_t *type, int nargs)
{
	if (fdtab__changes(name))
		return M_KEEP;
	for (size_t i = 0; i < sizeof(makers) / sizeof(*makers); i++)
		if (!strcmp(name, makers[i]))
			return M_KEEP;
	return nargs > 0 && type[0] == KT_ARG_FD ? M_LOOKUP : M_NO;
}

static int keep_lookup(struct fdpass *fp, const struct kt_event *e,
		       int64_t ts)
{
	struct lookup *l;

	if ((int32_t)e->args[0] < 0)
		return 0;
	if (grow((void **)&fp->l, &fp->lcap, fp->nl + 1, sizeof(*fp->l)))
		return -ENOMEM;
	l = &fp->l[fp->nl++];
	*l = (struct lookup){ ts, fp->seq++, e->pid, e->tid,
			      (int32_t)e->args[0] };
	return 0;
}

int fdpass__event(struct fdpass *fp, const struct kt_event *e, int nargs,
		  int64_t ts)
{
	struct argfmt_call c;
	struct kept *k;

	if (e->probe >= KT_SYSCALL_IDS || !(e->flags & KT_EV_RET) ||
	    fp->matters[e->probe] == M_NO)
		return 0;
	if (fp->matters[e->probe] == M_UNASKED) {
		callargs__call(fp->ca, e, nargs, &c);
		fp->matters[e->probe] = c.name && c.argtype ?
			matters(c.name, c.argtype, nargs < 0 ? KT_NARGS : nargs) :
			M_NO;
		if (fp->matters[e->probe] == M_NO)
			return 0;
	}
	if (fp->matters[e->probe] == M_LOOKUP)
		return keep_lookup(fp, e, ts);
	k = keep(fp, ts);
	if (!k)
		return -ENOMEM;
	k->what = K_EVENT;
	k->pid = e->pid;
	k->tid = e->tid;
	k->nr = (uint16_t)e->probe;
	k->nargs = (int8_t)nargs;
	k->flags = e->flags;
	k->ret = e->ret;
	memcpy(k->args, e->args, sizeof(k->args));
	memcpy(k->cap, e->cap, sizeof(k->cap));
	return 0;
}

static int cmp_kept(const void *a, const void *b)
{
	const struct kept *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int cmp_lookup(const void *a, const void *b)
{
	const struct lookup *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Whether lookup l comes before kept call k. */
static int lookup_first(const struct lookup *l, const struct kept *k)
{
	return l->ts != k->ts ? l->ts < k->ts : l->seq < k->seq;
}

/* The fd_paths row of a call on fd, if the table knows it. */
static int fd_row(struct fdpass *fp, struct rows *r, int trace_id,
		  uint32_t pid, uint32_t tid, int64_t ts, int fd)
{
	const char *path = fd >= 0 ? fdtab__lookup(fp->tab, pid, fd) : NULL;

	return path ? rows__fd_path(r, trace_id, tid, ts, path) : 0;
}

/* The event of a kept call, for callargs__call(). */
static void event_of(const struct kept *k, struct kt_event *e)
{
	memset(e, 0, sizeof(*e));
	e->pid = k->pid;
	e->tid = k->tid;
	e->probe = k->nr;
	e->flags = k->flags;
	e->ret = k->ret;
	memcpy(e->args, k->args, sizeof(e->args));
	memcpy(e->cap, k->cap, sizeof(e->cap));
}

int fdpass__run(struct fdpass *fp, struct rows *r, int trace_id)
{
	int err = 0;

	uint32_t j = 0;

	if (fp->n)
		qsort(fp->k, fp->n, sizeof(*fp->k), cmp_kept);
	if (fp->nl)
		qsort(fp->l, fp->nl, sizeof(*fp->l), cmp_lookup);
	for (uint32_t i = 0; !err && i <= fp->n; i++) {
		const struct kept *k = i < fp->n ? &fp->k[i] : NULL;
		struct argfmt_call c;
		struct kt_event e;

		for (; !err && j < fp->nl &&
		       (!k || lookup_first(&fp->l[j], k)); j++)
			err = fd_row(fp, r, trace_id, fp->l[j].pid,
				     fp->l[j].tid, fp->l[j].ts, fp->l[j].fd);
		if (err || !k)
			break;

		switch (k->what) {
		case K_FORK:
			err = fdtab__fork(fp->tab, k->pid, k->tid);
			continue;
		case K_EXEC:
			fdtab__exec(fp->tab, k->pid);
			continue;
		case K_EXIT:
			fdtab__exit(fp->tab, k->pid);
			continue;
		}
		event_of(k, &e);
		callargs__call(fp->ca, &e, k->nargs, &c);
		if (c.argtype && c.argtype[0] == KT_ARG_FD)
			err = fd_row(fp, r, trace_id, k->pid, k->tid, k->ts,
				     (int32_t)k->args[0]);
		if (!err)
			err = fdtab__apply(fp->tab, k->pid, &c);
	}
	fp->n = 0;
	fp->nl = 0;
	return err;
}
