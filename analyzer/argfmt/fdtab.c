// SPDX-License-Identifier: MIT
/*
 * fdtab.c - per-process descriptor tables (fdtab.h): storage, fork, exec,
 * exit, and paths made absolute the way /proc shows them. What each call
 * does to a table is in fdcalls.c.
 *
 * Paths are reference-counted strings, so fork copies a table of pointers,
 * not of paths. A relative path is joined to the directory it is relative
 * to when that is known and normalized lexically ("." and ".." resolved,
 * slashes collapsed; symlinks are not, the trace cannot see them), and
 * kept as given otherwise.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/argfmt/fdtab.h"
#include "analyzer/argfmt/fdtab_int.h"

static uint32_t hash_pid(uint32_t k)
{
	k ^= k >> 16;
	k *= 0x7feb352du;
	k ^= k >> 15;
	return k;
}

struct fdtab *fdtab__new(void)
{
	return calloc(1, sizeof(struct fdtab));
}

void fdstr__put(struct fdstr *s)
{
	if (s && !--s->refs)
		free(s);
}

struct fdstr *fdstr__get(struct fdstr *s)
{
	if (s)
		s->refs++;
	return s;
}

static void proc_clear(struct fdproc *p)
{
	uint32_t i;

	for (i = 0; i < p->nfds; i++)
		fdstr__put(p->fds[i].path);
	free(p->fds);
	fdstr__put(p->cwd);
	p->fds = NULL;
	p->nfds = 0;
	p->cwd = NULL;
}

void fdtab__free(struct fdtab *t)
{
	uint32_t i;

	if (!t)
		return;
	for (i = 0; i < t->nprocs; i++)
		proc_clear(&t->procs[i]);
	free(t->procs);
	free(t->slots);
	free(t);
}

/* the slot of pid in t->slots: its index + 1, or where it would go (0) */
static uint32_t *slot_of(const struct fdtab *t, uint32_t pid)
{
	uint32_t h;

	for (h = hash_pid(pid) & (t->cap - 1);; h = (h + 1) & (t->cap - 1))
		if (!t->slots[h] || t->procs[t->slots[h] - 1].pid == pid)
			return &t->slots[h];
}

struct fdproc *fdtab_find(const struct fdtab *t, uint32_t pid)
{
	uint32_t *s;

	if (!t->cap)
		return NULL;
	s = slot_of(t, pid);
	return *s ? &t->procs[*s - 1] : NULL;
}

static int rehash(struct fdtab *t)
{
	uint32_t cap = t->cap ? t->cap * 2 : 64, i;
	uint32_t *slots = calloc(cap, sizeof(*slots));

	if (!slots)
		return -ENOMEM;
	free(t->slots);
	t->slots = slots;
	t->cap = cap;
	for (i = 0; i < t->nprocs; i++)
		*slot_of(t, t->procs[i].pid) = i + 1;
	return 0;
}

/* pid's table, created empty when absent; NULL when out of memory */
struct fdproc *fdtab_proc(struct fdtab *t, uint32_t pid)
{
	struct fdproc *p = fdtab_find(t, pid);

	if (p)
		return p;
	if (t->nprocs + 1 > t->cap / 2 && rehash(t))
		return NULL;
	if (t->nprocs == t->procs_cap) {
		uint32_t cap = t->procs_cap ? t->procs_cap * 2 : 64;
		struct fdproc *v = realloc(t->procs, cap * sizeof(*v));

		if (!v)
			return NULL;
		t->procs = v;
		t->procs_cap = cap;
	}
	p = &t->procs[t->nprocs];
	memset(p, 0, sizeof(*p));
	p->pid = pid;
	*slot_of(t, pid) = ++t->nprocs;
	return p;
}

/* the entry of fd in p, grown as needed; NULL when out of memory */
struct fdent *fdproc_ent(struct fdproc *p, int fd)
{
	if ((uint32_t)fd >= p->nfds) {
		uint32_t n = p->nfds ? p->nfds : 16;
		struct fdent *v;

		while (n <= (uint32_t)fd)
			n *= 2;
		v = realloc(p->fds, n * sizeof(*v));
		if (!v)
			return NULL;
		memset(v + p->nfds, 0, (n - p->nfds) * sizeof(*v));
		p->fds = v;
		p->nfds = n;
	}
	return &p->fds[fd];
}

/* store s (a reference the caller gives up) as fd of p; 0 or -ENOMEM */
int fdproc_put(struct fdproc *p, int fd, struct fdstr *s, int cloexec)
{
	struct fdent *e;

	if (fd < 0 || fd > FDTAB_MAX_FD) {	/* not a descriptor: ignored */
		fdstr__put(s);
		return 0;
	}
	if (!s && (uint32_t)fd >= p->nfds)
		return 0;
	e = fdproc_ent(p, fd);
	if (!e) {
		fdstr__put(s);
		return -ENOMEM;
	}
	fdstr__put(e->path);
	e->path = s;
	e->cloexec = !!cloexec;
	return 0;
}

/* a new reference to fd's path in p, or NULL */
struct fdstr *fdproc_get(const struct fdproc *p, int fd)
{
	if (!p || fd < 0 || (uint32_t)fd >= p->nfds)
		return NULL;
	return fdstr__get(p->fds[fd].path);
}

struct fdstr *fdstr__new(const char *s, size_t n)
{
	struct fdstr *v = malloc(sizeof(*v) + n + 1);

	if (!v)
		return NULL;
	v->refs = 1;
	memcpy(v->s, s, n);
	v->s[n] = 0;
	return v;
}

/* drop the last component of the n bytes at b (an absolute path) */
static size_t pop_component(const char *b, size_t n)
{
	while (n > 1 && b[n - 1] != '/')
		n--;
	return n > 1 ? n - 1 : 1;
}

/*
 * base (absolute, or NULL) joined with rel[0..n), normalized: the result
 * is absolute when rel is or base is known, rel itself otherwise.
 */
struct fdstr *fdstr__join(const char *base, const char *rel, size_t n)
{
	int abs = n && rel[0] == '/';
	size_t blen = base && !abs ? strlen(base) : 0;
	char *b;
	size_t len = 0, i = 0;
	struct fdstr *v;

	if (!n)
		rel = "";
	if (!abs && (!base || base[0] != '/'))
		return fdstr__new(rel, n);
	b = malloc(blen + n + 2);
	if (!b)
		return NULL;
	b[len++] = '/';
	for (int pass = 0; pass < 2; pass++) {
		const char *s = pass ? rel : base;
		size_t sn = pass ? n : blen;

		for (i = 0; i < sn;) {
			size_t j = i;

			while (j < sn && s[j] != '/')
				j++;
			if (j - i == 2 && s[i] == '.' && s[i + 1] == '.') {
				len = pop_component(b, len);
			} else if (j > i && !(j - i == 1 && s[i] == '.')) {
				if (len > 1)
					b[len++] = '/';
				memcpy(b + len, s + i, j - i);
				len += j - i;
			}
			i = j + 1;
		}
	}
	v = fdstr__new(b, len);
	free(b);
	return v;
}

int fdtab__set(struct fdtab *t, uint32_t pid, int fd, const char *path,
	       int cloexec)
{
	struct fdproc *p = fdtab_proc(t, pid);
	struct fdstr *s = NULL;

	if (!p)
		return -ENOMEM;
	if (fd < 0)
		return -EINVAL;
	if (path && !(s = fdstr__new(path, strlen(path))))
		return -ENOMEM;
	return fdproc_put(p, fd, s, cloexec);
}

int fdtab__cwd(struct fdtab *t, uint32_t pid, const char *cwd)
{
	struct fdproc *p = fdtab_proc(t, pid);
	struct fdstr *s;

	if (!p || !(s = fdstr__join(NULL, cwd, strlen(cwd))))
		return -ENOMEM;
	fdstr__put(p->cwd);
	p->cwd = s;
	return 0;
}

int fdtab__fork(struct fdtab *t, uint32_t parent, uint32_t child)
{
	struct fdproc *c = fdtab_proc(t, child), *p;
	uint32_t i;

	if (!c)
		return -ENOMEM;
	proc_clear(c);
	p = fdtab_find(t, parent);	/* fdtab_proc may have moved it */
	if (!p || p == c)
		return 0;
	if (p->nfds) {
		c->fds = malloc(p->nfds * sizeof(*c->fds));
		if (!c->fds)
			return -ENOMEM;
		c->nfds = p->nfds;
		for (i = 0; i < p->nfds; i++) {
			c->fds[i] = p->fds[i];
			fdstr__get(c->fds[i].path);
		}
	}
	c->cwd = fdstr__get(p->cwd);
	return 0;
}

void fdtab__exec(struct fdtab *t, uint32_t pid)
{
	struct fdproc *p = fdtab_find(t, pid);
	uint32_t i;

	if (!p)
		return;
	for (i = 0; i < p->nfds; i++)
		if (p->fds[i].cloexec) {
			fdstr__put(p->fds[i].path);
			p->fds[i].path = NULL;
			p->fds[i].cloexec = 0;
		}
}

void fdtab__exit(struct fdtab *t, uint32_t pid)
{
	struct fdproc *p = fdtab_find(t, pid);

	if (p)
		proc_clear(p);
}

const char *fdtab__lookup(const struct fdtab *t, uint32_t pid, int fd)
{
	const struct fdproc *p = fdtab_find(t, pid);

	if (!p || fd < 0 || (uint32_t)fd >= p->nfds || !p->fds[fd].path)
		return NULL;
	return p->fds[fd].path->s;
}
