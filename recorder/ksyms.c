// SPDX-License-Identifier: MIT
/*
 * ksyms.c - /proc/kallsyms, sorted by address, searched by bisection.
 *
 * Lines are "ADDR TYPE NAME [MODULE]". Only text symbols (t/T, w/W) are
 * kept: a stack holds code addresses. Names are stored once in one pool.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ksyms.h"

struct ksyms {
	struct ksym *syms;
	size_t n, cap;
	char *pool;		/* NUL-separated names; syms point into it */
	size_t pool_len, pool_cap;
};

static int cmp_addr(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	return (x->addr > y->addr) - (x->addr < y->addr);
}

/* Append s to the pool; returns its offset or (size_t)-1. */
static size_t pool_add(struct ksyms *k, const char *s)
{
	size_t len = strlen(s) + 1, at = k->pool_len;

	if (k->pool_len + len > k->pool_cap) {
		size_t cap = k->pool_cap ? k->pool_cap * 2 : 1 << 20;
		char *p;

		while (cap < k->pool_len + len)
			cap *= 2;
		p = realloc(k->pool, cap);
		if (!p)
			return (size_t)-1;
		k->pool = p;
		k->pool_cap = cap;
	}
	memcpy(k->pool + at, s, len);
	k->pool_len += len;
	return at;
}

static int add(struct ksyms *k, uint64_t addr, const char *name,
	       const char *module)
{
	size_t n_off, m_off;

	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 65536;
		struct ksym *v = realloc(k->syms, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		k->syms = v;
		k->cap = cap;
	}
	n_off = pool_add(k, name);
	m_off = pool_add(k, module);
	if (n_off == (size_t)-1 || m_off == (size_t)-1)
		return -ENOMEM;
	/* pool offsets for now: the pool may still move */
	k->syms[k->n].name = (const char *)(uintptr_t)n_off;
	k->syms[k->n].module = (const char *)(uintptr_t)m_off;
	k->syms[k->n].addr = addr;
	k->n++;
	return 0;
}

struct ksyms *ksyms__load(void)
{
	struct ksyms *k = calloc(1, sizeof(*k));
	FILE *f = fopen("/proc/kallsyms", "re");
	char line[512], name[256], module[128];
	unsigned long long addr;
	char type;
	int err = 0;

	if (!k || !f) {
		err = errno ? errno : ENOMEM;
		goto out_free;
	}
	while (fgets(line, sizeof(line), f)) {
		int n = sscanf(line, "%llx %c %255s [%127[^]]]", &addr, &type,
			       name, module);

		if (n < 3 || !strchr("tTwW", type) || !addr)
			continue;
		if (add(k, addr, name, n == 4 ? module : "kernel")) {
			err = ENOMEM;
			goto out_free;
		}
	}
	fclose(f);
	f = NULL;
	for (size_t i = 0; i < k->n; i++) {
		k->syms[i].name = k->pool + (uintptr_t)k->syms[i].name;
		k->syms[i].module = k->pool + (uintptr_t)k->syms[i].module;
	}
	qsort(k->syms, k->n, sizeof(*k->syms), cmp_addr);
	return k;

out_free:
	if (f)
		fclose(f);
	ksyms__free(k);
	errno = err;
	return NULL;
}

const struct ksym *ksyms__find(const struct ksyms *k, uint64_t addr)
{
	size_t lo = 0, hi;

	if (!k || !k->n || addr < k->syms[0].addr)
		return NULL;
	hi = k->n;
	while (hi - lo > 1) {	/* invariant: syms[lo].addr <= addr */
		size_t mid = lo + (hi - lo) / 2;

		if (k->syms[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	return &k->syms[lo];
}

void ksyms__free(struct ksyms *k)
{
	if (!k)
		return;
	free(k->syms);
	free(k->pool);
	free(k);
}
