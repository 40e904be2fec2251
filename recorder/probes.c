// SPDX-License-Identifier: MIT
/*
 * probes.c - parse `-e` specs into the probe table.
 *
 * Syntax (SPEC section 1): syscall:NAME, syscall:*, syscall:%CLASS,
 * syscall:GLOB (fnmatch(3) over the syscall table: open*, *stat*),
 * tracepoint:CATEGORY:NAME, uprobe|uretprobe|ufunc:PATH:SYMBOL,
 * kprobe|kretprobe|kfunc:FUNC, usdt:PATH:PROVIDER:NAME. Only the syntax,
 * the syscall names and the USDT probes a binary declares are checked here
 * (a `*` provider or name is expanded into one probe each, as syscall:*
 * is); whether the kernel can attach a kind is attach.c's job.
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "probes.h"
#include "syscalls.h"
#include "usdt_notes.h"
#include "usdt_strings.h"

/* the arguments an event keeps: kt_bpf_event.args */
#define ARGS_KEPT ((int)(sizeof(((struct kt_bpf_event *)0)->args) / sizeof(__u64)))

static const struct {
	const char *prefix;
	enum probe_type type;
} kinds[] = {
	{ "syscall", PROBE_SYSCALL },
	{ "tracepoint", PROBE_TRACEPOINT },
	{ "uprobe", PROBE_UPROBE },
	{ "uretprobe", PROBE_URETPROBE },
	{ "ufunc", PROBE_UFUNC },
	{ "kprobe", PROBE_KPROBE },
	{ "kretprobe", PROBE_KRETPROBE },
	{ "kfunc", PROBE_KFUNC },
	{ "usdt", PROBE_USDT },
};

static struct probe *probe_add(struct probe_set *ps, enum probe_type type,
			       const char *kind, const char *target)
{
	struct probe *v = realloc(ps->v, (ps->n + 1) * sizeof(*v)), *p;
	size_t len = strlen(kind) + strlen(target) + 2;

	if (!v)
		return NULL;
	ps->v = v;
	p = &v[ps->n];
	memset(p, 0, sizeof(*p));
	p->type = type;
	p->kind = kind;
	p->target = strdup(target);
	p->name = malloc(len);
	if (!p->target || !p->name) {
		free(p->target);
		free(p->name);
		return NULL;
	}
	snprintf(p->name, len, "%s:%s", kind, target);
	ps->n++;
	return p;
}

static int add_syscall(struct probe_set *ps, int nr)
{
	const char *name = syscalls__name(nr);
	char buf[32];
	struct probe *p;

	if (nr < 0 || nr >= KT_MAX_SYSCALLS || ps->syscall_on[nr])
		return 0;
	ps->syscall_on[nr] = 1;
	ps->nsyscalls++;
	if (!name) {
		snprintf(buf, sizeof(buf), "sys_%d", nr);
		name = buf;
	}
	p = probe_add(ps, PROBE_SYSCALL, "syscall", name);
	if (!p)
		return -ENOMEM;
	p->id = (uint32_t)nr;
	return 0;
}

static int parse_syscall(struct probe_set *ps, const char *what,
			 char *err, size_t errlen)
{
	const char *const *cls;
	int nr, ret;

	if (!strcmp(what, "*")) {
		for (int i = 0; i < kt_syscall_count; i++) {
			ret = add_syscall(ps, kt_syscall_table[i].nr);
			if (ret)
				return ret;
		}
		return 0;
	}
	if (what[0] == '%') {
		cls = syscalls__class(what + 1);
		if (!cls) {
			snprintf(err, errlen, "unknown syscall class '%s': use %%file, %%net, %%process or %%memory", what);
			return -EINVAL;
		}
		for (; *cls; cls++) {
			nr = syscalls__nr(*cls);
			if (nr >= 0 && (ret = add_syscall(ps, nr)))
				return ret;
		}
		return 0;
	}
	if (strpbrk(what, "*?[")) {	/* a glob, as bpftrace's syscalls:open* */
		int found = 0;

		for (int i = 0; i < kt_syscall_count; i++) {
			if (fnmatch(what, kt_syscall_table[i].name, 0))
				continue;
			found = 1;
			ret = add_syscall(ps, kt_syscall_table[i].nr);
			if (ret)
				return ret;
		}
		if (!found) {
			snprintf(err, errlen, "no syscall matches '%s'", what);
			return -EINVAL;
		}
		return 0;
	}
	nr = syscalls__nr(what);
	if (nr < 0) {
		snprintf(err, errlen, "unknown syscall '%s'", what);
		return -EINVAL;
	}
	return add_syscall(ps, nr);
}

/* "PATH:SYMBOL": split at the last colon */
static int parse_uprobe(struct probe *p, char *err, size_t errlen)
{
	char *colon = strrchr(p->target, ':');

	if (!colon || colon == p->target || !colon[1]) {
		snprintf(err, errlen, "invalid probe '%s': use %s:PATH:SYMBOL",
			 p->name, p->kind);
		return -EINVAL;
	}
	p->path = strndup(p->target, (size_t)(colon - p->target));
	p->symbol = strdup(colon + 1);
	return p->path && p->symbol ? 0 : -ENOMEM;
}

static int parse_tracepoint(struct probe *p, char *err, size_t errlen)
{
	char *colon = strchr(p->target, ':');

	if (!colon || colon == p->target || !colon[1] || strchr(colon + 1, ':')) {
		snprintf(err, errlen, "invalid probe '%s': use tracepoint:CATEGORY:NAME",
			 p->name);
		return -EINVAL;
	}
	p->category = strndup(p->target, (size_t)(colon - p->target));
	p->symbol = strdup(colon + 1);
	return p->category && p->symbol ? 0 : -ENOMEM;
}

/* One probe provider:name of the ELF file path, unless already there. */
static int add_usdt(struct probe_set *ps, const char *path,
		    const struct usdt_note *n)
{
	size_t len = strlen(path) + strlen(n->provider) + strlen(n->name) + 3;
	char *target = malloc(len);
	struct probe *p;

	if (!target)
		return -ENOMEM;
	snprintf(target, len, "%s:%s:%s", path, n->provider, n->name);
	for (int i = 0; i < ps->n; i++)
		if (ps->v[i].type == PROBE_USDT && !strcmp(ps->v[i].target, target)) {
			free(target);
			return 0;
		}
	p = probe_add(ps, PROBE_USDT, "usdt", target);
	free(target);
	if (!p)
		return -ENOMEM;
	p->id = KT_PROBE_BASE + (uint32_t)(ps->n - 1);
	p->path = strdup(path);
	p->category = strdup(n->provider);
	p->symbol = strdup(n->name);
	p->nargs = n->nargs;
	p->strings = usdt_strings__mask(n->provider, n->name) &
		     ((1u << (n->nargs < ARGS_KEPT ? n->nargs : ARGS_KEPT)) - 1);
	return p->path && p->category && p->symbol ? 0 : -ENOMEM;
}

/* What a binary without the wanted probe does offer, in the error line. */
static void usdt_missing(const char *path, const char *provider,
			 const char *name, const struct usdt_notes *notes,
			 char *err, size_t errlen)
{
	char have[320];

	if (!notes->n) {
		snprintf(err, errlen, "'%s' has no USDT probes (no .note.stapsdt section)",
			 path);
		return;
	}
	usdt_notes__summary(notes, have, sizeof(have));
	snprintf(err, errlen, "no USDT probe '%s:%s' in '%s'; it has %s",
		 provider, name, path, have);
}

/*
 * "PATH:PROVIDER:NAME", split at the last two colons (a path may hold
 * colons); PROVIDER and NAME may be `*`. A PATH without '/' is looked up
 * in $PATH and the library directories.
 */
static int parse_usdt(struct probe_set *ps, const char *what,
		      char *err, size_t errlen)
{
	char *spec = strdup(what), *path = NULL, *provider = NULL, *name;
	struct usdt_notes notes = { 0 };
	int ret, found = 0;

	if (!spec)
		return -ENOMEM;
	name = strrchr(spec, ':');
	if (name) {
		*name++ = 0;
		provider = strrchr(spec, ':');
	}
	if (!name || !provider || provider == spec || !provider[1] || !*name) {
		snprintf(err, errlen, "invalid probe 'usdt:%s': use usdt:PATH:PROVIDER:NAME",
			 what);
		ret = -EINVAL;
		goto out;
	}
	*provider++ = 0;
	path = strchr(spec, '/') ? strdup(spec) : usdt_notes__resolve(spec);
	if (!path) {
		ret = errno == ENOMEM ? -ENOMEM : -EINVAL;
		snprintf(err, errlen, "cannot use 'usdt:%s': no binary or library '%s' in $PATH or the library directories",
			 what, spec);
		goto out;
	}
	ret = usdt_notes__read(&notes, path);
	if (ret) {
		snprintf(err, errlen, "cannot use 'usdt:%s': '%s': %s", what,
			 path, ret == -ENOEXEC ? "not an ELF file" : strerror(-ret));
		ret = ret == -ENOMEM ? -ENOMEM : -EINVAL;
		goto out;
	}
	for (size_t i = 0; i < notes.n && !ret; i++) {
		const struct usdt_note *n = &notes.v[i];

		if ((strcmp(provider, "*") && strcmp(provider, n->provider)) ||
		    (strcmp(name, "*") && strcmp(name, n->name)))
			continue;
		found = 1;
		ret = add_usdt(ps, path, n);
	}
	if (!ret && !found) {
		usdt_missing(path, provider, name, &notes, err, errlen);
		ret = -EINVAL;
	}
out:
	usdt_notes__free(&notes);
	free(path);
	free(spec);
	return ret;
}

static int parse_one(struct probe_set *ps, const char *spec,
		     char *err, size_t errlen)
{
	const char *colon = strchr(spec, ':');
	size_t klen = colon ? (size_t)(colon - spec) : 0;
	struct probe *p;

	for (size_t i = 0; colon && i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (strlen(kinds[i].prefix) != klen ||
		    strncmp(spec, kinds[i].prefix, klen))
			continue;
		if (!colon[1])
			break;
		if (kinds[i].type == PROBE_SYSCALL)
			return parse_syscall(ps, colon + 1, err, errlen);
		if (kinds[i].type == PROBE_USDT)
			return parse_usdt(ps, colon + 1, err, errlen);
		p = probe_add(ps, kinds[i].type, kinds[i].prefix, colon + 1);
		if (!p)
			return -ENOMEM;
		p->id = KT_PROBE_BASE + (uint32_t)(ps->n - 1);
		switch (p->type) {
		case PROBE_TRACEPOINT:
			return parse_tracepoint(p, err, errlen);
		case PROBE_UPROBE:
		case PROBE_URETPROBE:
		case PROBE_UFUNC:
			return parse_uprobe(p, err, errlen);
		default:
			p->symbol = strdup(colon + 1);
			return p->symbol ? 0 : -ENOMEM;
		}
	}
	snprintf(err, errlen, "invalid probe '%s': use syscall:NAME, tracepoint:CAT:NAME, uprobe:PATH:SYM, ufunc:PATH:SYM, kprobe:FUNC, usdt:PATH:PROVIDER:NAME, ...", spec);
	return -EINVAL;
}

int probes__parse(struct probe_set *ps, char *const *specs, int nspecs,
		  char *err, size_t errlen)
{
	int ret;

	memset(ps, 0, sizeof(*ps));
	if (!nspecs)
		return parse_syscall(ps, "*", err, errlen);
	for (int i = 0; i < nspecs; i++) {
		ret = parse_one(ps, specs[i], err, errlen);
		if (ret) {
			if (ret == -ENOMEM)
				snprintf(err, errlen, "out of memory");
			return ret;
		}
	}
	return 0;
}

const struct probe *probes__find(const struct probe_set *ps, uint32_t id)
{
	for (int i = 0; i < ps->n; i++)
		if (ps->v[i].id == id)
			return &ps->v[i];
	return NULL;
}

void probes__free(struct probe_set *ps)
{
	if (!ps)
		return;
	for (int i = 0; i < ps->n; i++) {
		free(ps->v[i].name);
		free(ps->v[i].target);
		free(ps->v[i].path);
		free(ps->v[i].symbol);
		free(ps->v[i].category);
	}
	free(ps->v);
	memset(ps, 0, sizeof(*ps));
}
