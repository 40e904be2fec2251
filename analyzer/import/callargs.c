// SPDX-License-Identifier: MIT
/*
 * callargs.c - from an event's registers and captures to the args, path
 * and addr columns.
 *
 * Rendering happens once, at import: a query reads text, and --strace
 * prints it as it is. path is the call's first string argument as
 * captured (a path as passed, or a name); addr is argfmt's reading of the
 * first socket address. Syscalls the trace names but gave no types for
 * (version 1) still render, their pointers as addresses.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "blobs.h"
#include "callargs.h"

#define ARGS_INITIAL	4096
#define MAX_PROBEARGS	4096	/* probes with argument types kept */

/* A probe that is no syscall (USDT), given a SYSARGS record by its id. */
struct probeargs {
	uint32_t id;
	uint8_t nargs;
	uint8_t type[KT_NARGS];
};

struct callargs {
	const struct blobs *blobs;
	struct probeargs *probes;		/* SYSARGS of ids >= KT_SYSCALL_IDS */
	size_t nprobes;
	char *names[KT_SYSCALL_IDS];		/* from SYSCALL records */
	uint8_t type[KT_SYSCALL_IDS][KT_NARGS];	/* from SYSARGS records */
	uint8_t has_type[KT_SYSCALL_IDS];
	uint32_t strsize;
	char *args;				/* the rendered arguments */
	size_t args_cap;
	char addr[256];
};

struct callargs *callargs__new(const struct blobs *blobs)
{
	struct callargs *ca = calloc(1, sizeof(*ca));

	if (!ca)
		return NULL;
	ca->blobs = blobs;
	ca->args_cap = ARGS_INITIAL;
	ca->args = malloc(ca->args_cap);
	if (!ca->args) {
		free(ca);
		return NULL;
	}
	return ca;
}

void callargs__free(struct callargs *ca)
{
	if (!ca)
		return;
	for (int i = 0; i < KT_SYSCALL_IDS; i++)
		free(ca->names[i]);
	free(ca->args);
	free(ca->probes);
	free(ca);
}

int callargs__name(struct callargs *ca, uint32_t nr, struct kt_str name)
{
	char *s;

	if (nr >= KT_SYSCALL_IDS)
		return 0;
	s = malloc(name.len + 1);
	if (!s)
		return -ENOMEM;
	memcpy(s, name.p, name.len);
	s[name.len] = 0;
	free(ca->names[nr]);
	ca->names[nr] = s;
	return 0;
}

void callargs__types(struct callargs *ca, uint32_t nr, const uint8_t *type)
{
	if (nr >= KT_SYSCALL_IDS)
		return;
	memcpy(ca->type[nr], type, KT_NARGS);
	ca->has_type[nr] = 1;
}

static struct probeargs *probe_args(const struct callargs *ca, uint32_t id);

int callargs__probe(struct callargs *ca, const struct kt_sysargs *a)
{
	struct probeargs *v = probe_args(ca, a->nr);

	if (a->nr < KT_SYSCALL_IDS || a->nargs > KT_NARGS)
		return 0;
	if (v) {	/* a repeated record: the last one holds */
		v->nargs = a->nargs;
		memcpy(v->type, a->type, KT_NARGS);
		return 0;
	}
	if (ca->nprobes >= MAX_PROBEARGS)
		return 0;	/* a trace that says this much is lying */
	v = realloc(ca->probes, (ca->nprobes + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	ca->probes = v;
	v += ca->nprobes++;
	v->id = a->nr;
	v->nargs = a->nargs;
	memcpy(v->type, a->type, KT_NARGS);
	return 0;
}

/* The types of probe id, or NULL (the array is the caller's to change). */
static struct probeargs *probe_args(const struct callargs *ca, uint32_t id)
{
	for (size_t i = 0; i < ca->nprobes; i++)
		if (ca->probes[i].id == id)
			return &ca->probes[i];
	return NULL;
}

int callargs__probe_nargs(const struct callargs *ca, uint32_t id)
{
	const struct probeargs *pa = probe_args(ca, id);

	return pa ? pa->nargs : -1;
}

void callargs__strsize(struct callargs *ca, uint32_t strsize)
{
	ca->strsize = strsize;
}

const char *callargs__syscall(const struct callargs *ca, uint32_t nr)
{
	return nr < KT_SYSCALL_IDS ? ca->names[nr] : NULL;
}

static void lookup_caps(const struct callargs *ca, const struct kt_event *e,
			struct argfmt_call *c);

void callargs__call(const struct callargs *ca, const struct kt_event *e,
		    int nargs, struct argfmt_call *c)
{
	uint32_t nr = e->probe;

	memset(c, 0, sizeof(*c));
	c->name = callargs__syscall(ca, nr);
	c->nargs = nargs;
	c->argtype = nr < KT_SYSCALL_IDS && ca->has_type[nr] ? ca->type[nr] : NULL;
	memcpy(c->args, e->args, sizeof(c->args));
	c->has_ret = !!(e->flags & KT_EV_RET);
	c->ret = e->ret;
	c->strsize = ca->strsize;
	lookup_caps(ca, e, c);
}

/* What e captured, looked up among the trace's blobs. */
static void lookup_caps(const struct callargs *ca, const struct kt_event *e,
			struct argfmt_call *c)
{
	if (!(e->flags & KT_EV_CAPS))
		return;
	for (int i = 0; i < KT_NCAPS; i++) {
		const struct kt_capref *r = &e->cap[i];
		struct argfmt_cap *k = &c->cap[i];

		k->status = r->status;
		if (r->status == KT_CAP_NONE || r->status == KT_CAP_FAULT)
			continue;
		if (!blobs__get(ca->blobs, r->blob, &k->p, &k->len))
			k->status = KT_CAP_FAULT;	/* a blob the trace lost */
	}
}

/* The first string argument's capture, as the call passed it. */
static void first_path(const struct argfmt_call *c, struct callargs_out *out)
{
	for (int i = 0; c->argtype && i < KT_NARGS; i++) {
		if (c->argtype[i] != KT_ARG_STR)
			continue;
		if (c->cap[i].status == KT_CAP_OK || c->cap[i].status == KT_CAP_TRUNC) {
			out->path = (const char *)c->cap[i].p;
			out->path_len = c->cap[i].len;
		}
		return;
	}
}

/*
 * The call of an event of a probe that is no syscall, when the trace gave
 * its probe argument types (USDT): nameless, so argfmt renders each
 * argument by its type, a string quoted as strace quotes one (whole: what
 * probes pass are names and paths, not data). 0 when it has none.
 */
static int probe_call(const struct callargs *ca, const struct kt_event *e,
		      struct argfmt_call *c)
{
	const struct probeargs *pa = probe_args(ca, e->probe);

	if (!pa || !(e->flags & KT_EV_ARGS))
		return 0;
	memset(c, 0, sizeof(*c));
	c->nargs = pa->nargs;
	c->argtype = pa->type;
	memcpy(c->args, e->args, sizeof(c->args));
	c->strsize = KT_MAX_STR;	/* names, shown whole as paths are */
	lookup_caps(ca, e, c);
	return 1;
}

int callargs__render(struct callargs *ca, const struct kt_event *e, int nargs,
		     struct callargs_out *out)
{
	struct argfmt_call c;
	size_t n;

	memset(out, 0, sizeof(*out));
	if (e->probe >= KT_SYSCALL_IDS) {
		if (!probe_call(ca, e, &c))
			return 0;
	} else if (callargs__syscall(ca, e->probe)) {
		callargs__call(ca, e, nargs, &c);
	} else {
		return 0;
	}
	n = argfmt__args(&c, ca->args, ca->args_cap);
	if (n >= ca->args_cap) {
		char *p = realloc(ca->args, n + 1);

		if (!p)
			return -ENOMEM;
		ca->args = p;
		ca->args_cap = n + 1;
		n = argfmt__args(&c, ca->args, ca->args_cap);
	}
	out->args = ca->args;
	out->args_len = (uint32_t)n;
	first_path(&c, out);
	n = argfmt__addr(&c, ca->addr, sizeof(ca->addr));
	if (n && n < sizeof(ca->addr)) {
		out->addr = ca->addr;
		out->addr_len = (uint32_t)n;
	}
	return 0;
}
