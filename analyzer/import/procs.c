// SPDX-License-Identifier: MIT
/*
 * procs.c - process lives, thread names and the comm intern table.
 *
 * Linux names tasks per thread (task_struct.comm): fork copies the parent's
 * name, exec renames the whole process (after killing its other threads,
 * fs/exec.c de_thread()), and prctl(PR_SET_NAME) or /proc/TID/comm renames
 * one thread. So the name of an event is: the thread's own name if it
 * renamed itself since the process's last exec, else the process's name.
 * Names carry the generation of the process life they belong to; exec and
 * pid reuse bump it, which retires the thread names without a sweep. Names
 * are kept by time (names.c): an event is named as its task was named at
 * the event's time, whatever order the records came in.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/grow.h"
#include "procs.h"
#include "analyzer/u32map.h"
#include "schema/record.h"

/* A thread that renamed itself; names of a generation before the
 * process's last exec no longer apply. */
struct thread {
	uint32_t pid;
	struct names names;
};

struct comm {
	char *s;
	uint32_t len;
	uint32_t hash;
};

struct procs {
	struct procs_ops ops;
	struct proc_life *lives;	/* current life of each known pid */
	uint32_t nlives, caplives;
	struct u32map by_pid;		/* pid -> index in lives */
	struct thread *threads;
	uint32_t nthreads, capthreads;
	struct u32map by_tid;		/* tid -> index in threads */
	struct comm *comms;		/* id -> name */
	uint32_t ncomms, capcomms;
	struct u32map by_hash;		/* name hash -> first id (then scan) */
	uint32_t c_pid, c_tid;		/* one-entry cache of procs__comm(), */
	int64_t c_comm;			/* for any ts from c_from on */
	int64_t c_from;
	int c_valid;
};

struct procs *procs__new(const struct procs_ops *ops)
{
	struct procs *p = calloc(1, sizeof(*p));

	if (p)
		p->ops = *ops;
	return p;
}

static uint32_t fnv1a(const char *s, uint32_t len)
{
	uint32_t h = 2166136261u;

	for (uint32_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* The id of name s, interned on first sight. Returns the id or -ENOMEM. */
static int64_t intern(struct procs *p, struct kt_str s)
{
	uint32_t h = fnv1a(s.p, s.len), k, id;
	struct comm *c;
	int err;

	/*
	 * Names are keyed by hash in by_hash; a name whose hash key is taken
	 * goes to the next free key. Nothing is ever removed, so every name
	 * with hash h sits in the run of taken keys that starts at h.
	 */
	for (k = h; u32map__get(&p->by_hash, k, &id); k++) {
		c = &p->comms[id];
		if (c->len == s.len && !memcmp(c->s, s.p, s.len))
			return id;
	}
	if (grow((void **)&p->comms, &p->capcomms, p->ncomms + 1,
		 sizeof(*p->comms)))
		return -ENOMEM;
	id = p->ncomms;
	c = &p->comms[id];
	c->s = malloc(s.len + 1);
	if (!c->s || u32map__put(&p->by_hash, k, id)) {
		free(c->s);
		return -ENOMEM;
	}
	memcpy(c->s, s.p, s.len);
	c->s[s.len] = 0;
	c->len = s.len;
	c->hash = h;
	p->ncomms++;
	err = p->ops.comm(p->ops.ctx, id, c->s, c->len);
	return err ? err : (int64_t)id;
}

int64_t procs__name(struct procs *p, const char *s, uint32_t len)
{
	return intern(p, (struct kt_str){ .p = s, .len = len });
}

/* The current life of pid, created empty when unknown. NULL on ENOMEM. */
static struct proc_life *life_of(struct procs *p, uint32_t pid)
{
	struct proc_life *l;
	uint32_t i;

	if (u32map__get(&p->by_pid, pid, &i))
		return &p->lives[i];
	if (grow((void **)&p->lives, &p->caplives, p->nlives + 1,
		 sizeof(*p->lives)) || u32map__put(&p->by_pid, pid, p->nlives))
		return NULL;
	l = &p->lives[p->nlives++];
	memset(l, 0, sizeof(*l));
	l->pid = pid;
	l->comm = -1;
	return l;
}

/* A FORK or EXISTING for a pid already known starts its next life. */
static int new_life(struct procs *p, struct proc_life *l)
{
	uint32_t gen = l->gen + 1, pid = l->pid;
	int err = p->ops.life(p->ops.ctx, l);

	free(l->exe);
	memset(l, 0, sizeof(*l));
	l->pid = pid;
	l->comm = -1;
	l->gen = gen;
	return err;
}

static int set_exe(struct proc_life *l, struct kt_str exe)
{
	char *s = malloc(exe.len + 1);

	if (!s)
		return -ENOMEM;
	memcpy(s, exe.p, exe.len);
	s[exe.len] = 0;
	free(l->exe);
	l->exe = s;
	l->exe_len = exe.len;
	return 0;
}

/* PR_SET_NAME on a thread other than the leader names that thread only. */
static int rename_thread(struct procs *p, const struct kt_proc *r,
			 int64_t ts, uint32_t gen, int64_t comm)
{
	struct thread *t;
	uint32_t i;

	if (!u32map__get(&p->by_tid, r->tid, &i)) {
		if (grow((void **)&p->threads, &p->capthreads, p->nthreads + 1,
			 sizeof(*p->threads)) ||
		    u32map__put(&p->by_tid, r->tid, p->nthreads))
			return -ENOMEM;
		i = p->nthreads++;
		p->threads[i].names.count = 0;
		p->threads[i].pid = r->pid;
	}
	t = &p->threads[i];
	if (t->pid != r->pid) {		/* the tid of another process now */
		t->pid = r->pid;
		t->names.count = 0;
	}
	names__insert(&t->names, ts, comm, gen);
	return 0;
}

/* The exec generation of l at ts. */
static uint32_t gen_at(const struct proc_life *l, int64_t ts)
{
	const struct name_at *n = names__at(&l->names, ts, 1, 0);

	if (!n)
		n = names__oldest(&l->names);
	return n ? n->gen : l->gen;
}

static void name_life(struct proc_life *l, int64_t ts, int64_t comm)
{
	names__insert(&l->names, ts, comm, l->gen);
	l->comm = names__newest(&l->names)->comm;
}

/*
 * Whether a FORK or EXISTING at ts starts a new life of l's pid: yes when
 * l has a start already, or a record before ts. A life that only has later
 * records (its EXEC came a frame before its FORK) is the same life.
 */
static int is_new_life(const struct proc_life *l, int64_t ts)
{
	const struct name_at *first = names__oldest(&l->names);

	if (l->has_start)
		return 1;
	return (first && first->ts < ts) || (l->has_exit && l->exit_ns < ts);
}

int procs__apply(struct procs *p, const struct kt_proc *r, int64_t ts)
{
	struct proc_life *l = life_of(p, r->pid);
	int64_t comm = -1;
	int err = 0;

	if (!l)
		return -ENOMEM;
	p->c_valid = 0;
	if (r->comm.len && r->what != KT_PROC_EXIT) {
		comm = intern(p, r->comm);
		if (comm < 0)
			return (int)comm;
	}
	switch (r->what) {
	case KT_PROC_FORK:
	case KT_PROC_EXISTING:
		if (is_new_life(l, ts) && (err = new_life(p, l)))
			return err;
		l->ppid = r->ppid;
		l->has_ppid = 1;
		l->start_ns = ts;
		l->has_start = 1;
		if (comm >= 0) {
			/* before an exec that came first: that exec's generation */
			if (l->names.count)
				l->gen = names__oldest(&l->names)->gen - 1;
			name_life(l, ts, comm);
			l->gen = names__newest(&l->names)->gen;
		}
		if (r->what == KT_PROC_EXISTING && r->exe.len && !l->exe)
			err = set_exe(l, r->exe);
		break;
	case KT_PROC_EXEC:
		l->gen++;
		if (comm >= 0)
			name_life(l, ts, comm);
		err = set_exe(l, r->exe);
		break;
	case KT_PROC_EXIT:
		l->exit_ns = ts;
		l->exit_status = r->exit_status;
		l->cpu_ns = r->cpu_ns;
		l->has_cpu = r->has_cpu;
		l->has_exit = 1;
		break;
	case KT_PROC_COMM:
		if (comm < 0)
			break;
		if (r->tid == r->pid)
			name_life(l, ts, comm);
		err = rename_thread(p, r, ts, gen_at(l, ts), comm);
		break;
	}
	return err;
}

int64_t procs__comm(struct procs *p, uint32_t pid, uint32_t tid, int64_t ts)
{
	const struct name_at *life_name, *own = NULL;
	const struct thread *t = NULL;
	struct proc_life *l;
	int64_t from;
	uint32_t i;

	if (p->c_valid && p->c_pid == pid && p->c_tid == tid && ts >= p->c_from)
		return p->c_comm;
	if (!u32map__get(&p->by_pid, pid, &i))
		return -1;
	l = &p->lives[i];
	life_name = names__at(&l->names, ts, 1, 0);
	if (!life_name)
		life_name = names__oldest(&l->names);
	if (!life_name)
		return l->comm;
	if (u32map__get(&p->by_tid, tid, &i) && p->threads[i].pid == pid) {
		t = &p->threads[i];
		own = names__at(&t->names, ts, 0, life_name->gen);
	}
	/* the answer holds for any later ts once ts is past every name */
	from = names__newest(&l->names)->ts;
	if (t && t->names.count && names__newest(&t->names)->ts > from)
		from = names__newest(&t->names)->ts;
	p->c_valid = ts >= from;
	p->c_pid = pid;
	p->c_tid = tid;
	p->c_from = from;
	p->c_comm = own ? own->comm : life_name->comm;
	return p->c_comm;
}

int procs__flush(struct procs *p)
{
	int err;

	for (uint32_t i = 0; i < p->nlives; i++) {
		err = p->ops.life(p->ops.ctx, &p->lives[i]);
		if (err)
			return err;
	}
	return 0;
}

void procs__free(struct procs *p)
{
	if (!p)
		return;
	for (uint32_t i = 0; i < p->nlives; i++)
		free(p->lives[i].exe);
	for (uint32_t i = 0; i < p->ncomms; i++)
		free(p->comms[i].s);
	free(p->lives);
	free(p->threads);
	free(p->comms);
	u32map__free(&p->by_pid);
	u32map__free(&p->by_tid);
	u32map__free(&p->by_hash);
	free(p);
}
