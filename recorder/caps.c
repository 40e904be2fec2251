// SPDX-License-Identifier: MIT
/*
 * caps.c - captured arguments, from perf buffer chunks to blob ids.
 *
 * The BPF side sends what a syscall named (bpf/capture.bpf.h) as
 * kt_bpf_caps ahead of the event, in the same CPU's stream, a long value
 * in several chunks. They are collected here per thread until that
 * thread's event comes (pump.c), then each complete value is looked up in
 * the trace's blob table: a value seen before (the loader opens the same
 * ld.so.cache in every process) is named by its old id; a new one gets an
 * id and a BLOB record ahead of the event. The table forgets everything
 * once it holds BLOB_TABLE_MAX bytes, so memory stays bounded on a long
 * recording; a value seen again after that is simply written again.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "caps.h"
#include "writer.h"

#define BLOB_TABLE_MAX	(64u << 20)	/* bytes of values remembered */
#define MAX_PENDING	4096		/* threads with caps and no event yet */

struct value {
	unsigned char *p;
	uint32_t len, cap;
	uint32_t next_seq;	/* kt_bpf_cap.seq of the chunk that follows */
	uint8_t status;		/* enum kt_cap_status; NONE: empty slot */
	uint8_t open;		/* a chunk said "more" */
	uint8_t broken;		/* a chunk went missing: keep the prefix */
};

/*
 * One thread's caps on one CPU. A thread's caps and its event are made by
 * one BPF program, which cannot migrate, so they come in one CPU's stream;
 * keyed by the tid alone, the caps of a thread's next call on another CPU
 * could be read between the chunks of this one (the reader takes each
 * CPU's buffer in turn).
 */
struct pending {
	uint32_t tid;
	int cpu;
	struct value v[KT_NCAPS];
};

struct entry {
	uint64_t hash;		/* 0: free */
	uint32_t id;
	uint32_t len;
	size_t off;		/* in arena */
};

struct caps {
	struct pending *pend;
	int npend, pend_cap;
	struct entry *tab;	/* open addressing, power-of-two size */
	size_t tab_size, tab_used;
	unsigned char *arena;
	size_t arena_len, arena_cap;
	uint32_t next_id;
	uint64_t orphans;	/* caps whose event never came */
	int nomem;		/* a BLOB could not be written */
};

struct caps *caps__new(void)
{
	struct caps *c = calloc(1, sizeof(*c));

	if (c)
		c->next_id = 1;
	return c;
}

static void value_clear(struct value *v)
{
	free(v->p);
	memset(v, 0, sizeof(*v));
}

static void pending_clear(struct pending *p)
{
	for (int i = 0; i < KT_NCAPS; i++)
		value_clear(&p->v[i]);
}

void caps__free(struct caps *c)
{
	if (!c)
		return;
	for (int i = 0; i < c->npend; i++)
		pending_clear(&c->pend[i]);
	free(c->pend);
	free(c->tab);
	free(c->arena);
	free(c);
}

/* The thread's collection: there are few at once, as each is short-lived. */
static struct pending *pending_of(struct caps *c, uint32_t tid, int cpu,
				  int create)
{
	struct pending *p;

	for (int i = c->npend - 1; i >= 0; i--)
		if (c->pend[i].tid == tid && c->pend[i].cpu == cpu)
			return &c->pend[i];
	if (!create)
		return NULL;
	if (c->npend >= MAX_PENDING) {
		/* a thread whose event was lost: drop the oldest */
		pending_clear(&c->pend[0]);
		memmove(c->pend, c->pend + 1, --c->npend * sizeof(*c->pend));
		c->orphans++;
	}
	if (c->npend == c->pend_cap) {
		int n = c->pend_cap ? 2 * c->pend_cap : 16;

		p = realloc(c->pend, (size_t)n * sizeof(*p));
		if (!p)
			return NULL;
		c->pend = p;
		c->pend_cap = n;
	}
	p = &c->pend[c->npend++];
	memset(p, 0, sizeof(*p));
	p->tid = tid;
	p->cpu = cpu;
	return p;
}

/* Forget p, an orphan when it held a value. */
static void pending_drop(struct caps *c, struct pending *p)
{
	for (int i = 0; i < KT_NCAPS; i++)
		if (p->v[i].status != KT_CAP_NONE) {
			c->orphans++;
			break;
		}
	pending_clear(p);
	*p = c->pend[--c->npend];
}

static int value_append(struct value *v, const void *src, uint32_t len)
{
	if (v->len + (uint64_t)len > KT_MAX_BLOB)
		return -E2BIG;
	if (v->len + len > v->cap) {
		uint32_t cap = v->cap ? v->cap : 64;
		unsigned char *p;

		while (cap < v->len + len)
			cap *= 2;
		p = realloc(v->p, cap);
		if (!p)
			return -ENOMEM;
		v->p = p;
		v->cap = cap;
	}
	if (len)
		memcpy(v->p + v->len, src, len);
	v->len += len;
	return 0;
}

int caps__add(struct caps *c, int cpu, const struct kt_bpf_cap *cap,
	      const void *bytes)
{
	struct pending *p;
	struct value *v;

	if (cap->slot >= KT_NCAPS)
		return -EINVAL;
	p = pending_of(c, cap->tid, cpu, 1);
	if (!p)
		return -ENOMEM;
	v = &p->v[cap->slot];
	if (cap->seq == 0) {	/* a new value: a stale one is replaced */
		v->len = 0;
		v->status = KT_CAP_OK;
		v->broken = 0;
	} else if (!v->open || v->next_seq != cap->seq) {
		/* the chunks before this one were lost: a prefix, if any */
		if (!v->open)
			v->len = 0;
		v->broken = 1;
		v->status = KT_CAP_TRUNC;
	}
	v->open = cap->more;
	v->next_seq = cap->seq + 1;
	if (cap->status == KT_CAP_FAULT) {
		v->len = 0;
		v->status = KT_CAP_FAULT;
		v->open = 0;
		return 0;
	}
	if (v->broken)
		return 0;
	if (value_append(v, bytes, cap->len) || cap->status == KT_CAP_TRUNC)
		v->status = KT_CAP_TRUNC;	/* over KT_MAX_BLOB: a prefix */
	return 0;
}

void caps__drop(struct caps *c, uint32_t tid, int cpu)
{
	struct pending *p = pending_of(c, tid, cpu, 0);

	if (p)
		pending_drop(c, p);
}

void caps__drop_cpu(struct caps *c, int cpu)
{
	for (int i = c->npend - 1; i >= 0; i--)
		if (c->pend[i].cpu == cpu)
			pending_drop(c, &c->pend[i]);
}

/* FNV-1a, 64 bits; never 0, which marks a free slot. */
static uint64_t hash_bytes(const unsigned char *p, uint32_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (uint32_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h ? h : 1;
}

static void table_reset(struct caps *c)
{
	if (c->tab)
		memset(c->tab, 0, c->tab_size * sizeof(*c->tab));
	c->tab_used = 0;
	c->arena_len = 0;
}

static int table_grow(struct caps *c)
{
	size_t n = c->tab_size ? 2 * c->tab_size : 4096;
	struct entry *t = calloc(n, sizeof(*t));

	if (!t)
		return -ENOMEM;
	for (size_t i = 0; i < c->tab_size; i++) {
		struct entry *e = &c->tab[i];
		size_t j;

		if (!e->hash)
			continue;
		for (j = e->hash & (n - 1); t[j].hash; j = (j + 1) & (n - 1))
			;
		t[j] = *e;
	}
	free(c->tab);
	c->tab = t;
	c->tab_size = n;
	return 0;
}

/* Remember bytes under id; forgetting everything first when full. */
static int table_add(struct caps *c, uint64_t h, const struct value *v,
		     uint32_t id)
{
	size_t j;

	if (c->arena_len + v->len > BLOB_TABLE_MAX)
		table_reset(c);
	if ((c->tab_used + 1) * 2 > c->tab_size && table_grow(c))
		return -ENOMEM;
	if (c->arena_len + v->len > c->arena_cap) {
		size_t cap = c->arena_cap ? c->arena_cap : 65536;
		unsigned char *a;

		while (cap < c->arena_len + v->len)
			cap *= 2;
		a = realloc(c->arena, cap);
		if (!a)
			return -ENOMEM;
		c->arena = a;
		c->arena_cap = cap;
	}
	if (v->len)
		memcpy(c->arena + c->arena_len, v->p, v->len);
	for (j = h & (c->tab_size - 1); c->tab[j].hash;
	     j = (j + 1) & (c->tab_size - 1))
		;
	c->tab[j] = (struct entry){ h, id, v->len, c->arena_len };
	c->arena_len += v->len;
	c->tab_used++;
	return 0;
}

/* The blob id of v, writing a BLOB record when it is new. */
static uint32_t blob_id(struct caps *c, const struct value *v,
			struct writer *w)
{
	uint64_t h = hash_bytes(v->p, v->len);
	struct kt_blob b = { .len = v->len, .p = v->p };

	for (size_t j = c->tab_size ? h & (c->tab_size - 1) : 0;
	     c->tab_size && c->tab[j].hash; j = (j + 1) & (c->tab_size - 1)) {
		const struct entry *e = &c->tab[j];

		/* an empty value has no buffer: memcmp() wants one */
		if (e->hash == h && e->len == v->len &&
		    (!v->len || !memcmp(c->arena + e->off, v->p, v->len)))
			return e->id;
	}
	b.id = c->next_id++;
	if (writer__blob(w, &b) == -ENOMEM)
		c->nomem = 1;
	table_add(c, h, v, b.id);	/* not remembered: written again later */
	return b.id;
}

int caps__take(struct caps *c, uint32_t tid, int cpu, struct writer *w,
	       struct kt_capref out[KT_NCAPS])
{
	struct pending *p = pending_of(c, tid, cpu, 0);
	int any = 0;

	memset(out, 0, KT_NCAPS * sizeof(*out));
	if (!p)
		return 0;
	for (int i = 0; i < KT_NCAPS; i++) {
		struct value *v = &p->v[i];

		if (v->status == KT_CAP_NONE)
			continue;
		out[i].status = v->open ? KT_CAP_TRUNC : v->status;
		out[i].blob = v->status == KT_CAP_FAULT ? 0 :
			      blob_id(c, v, w);
		any = 1;
	}
	pending_clear(p);
	*p = c->pend[--c->npend];
	if (c->nomem) {
		c->nomem = 0;
		return -ENOMEM;
	}
	return any;
}

uint64_t caps__orphans(const struct caps *c)
{
	return c->orphans;
}
