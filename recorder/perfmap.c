// SPDX-License-Identifier: MIT
/*
 * perfmap.c - /tmp/perf-PID.map lookups (see perfmap.h).
 *
 * A few processes' maps are kept (MAX_MAPS, the oldest goes), sorted by
 * start address; a file is read again only when its size changed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "perfmap.h"

#define MAX_MAPS	16
#define MAX_ENTRIES	(1u << 20)	/* per process */

struct entry {
	uint64_t start, size;
	char *name;
};

struct pmap {
	uint32_t pid;
	off_t size;		/* of the file when read; -1: no file */
	struct entry *e;
	size_t n;
};

struct perfmaps {
	struct pmap maps[MAX_MAPS];
	int n, next;		/* next: the slot reused when full */
};

struct perfmaps *perfmaps__new(void)
{
	return calloc(1, sizeof(struct perfmaps));
}

static void clear(struct pmap *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->e[i].name);
	free(p->e);
	p->e = NULL;
	p->n = 0;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return (x->start > y->start) - (x->start < y->start);
}

static void load(struct pmap *p, const char *path, off_t size)
{
	unsigned long long start, len;
	char line[1024], name[1024];
	size_t cap = 0;
	FILE *f = fopen(path, "re");

	clear(p);
	p->size = size;
	while (f && fgets(line, sizeof(line), f) && p->n < MAX_ENTRIES) {
		struct entry *g;

		if (sscanf(line, "%llx %llx %1023[^\n]", &start, &len, name) != 3)
			continue;
		if (p->n == cap) {
			cap = cap ? 2 * cap : 256;
			g = realloc(p->e, cap * sizeof(*g));
			if (!g)
				break;
			p->e = g;
		}
		p->e[p->n].name = strdup(name);
		if (!p->e[p->n].name)
			break;
		p->e[p->n].start = start;
		p->e[p->n++].size = len;
	}
	if (f)
		fclose(f);
	if (p->n)
		qsort(p->e, p->n, sizeof(*p->e), cmp_entry);
}

const char *perfmaps__find(struct perfmaps *m, uint32_t pid, uint64_t addr,
			   uint64_t *start)
{
	char path[64];
	struct stat st;
	struct pmap *p = NULL;
	size_t lo = 0, hi;

	snprintf(path, sizeof(path), "/tmp/perf-%u.map", pid);
	for (int i = 0; i < m->n && !p; i++)
		if (m->maps[i].pid == pid)
			p = &m->maps[i];
	if (!p) {
		if (stat(path, &st))
			return NULL;	/* the common case: no JIT */
		p = m->n < MAX_MAPS ? &m->maps[m->n++] : &m->maps[m->next];
		m->next = (m->next + 1) % MAX_MAPS;
		clear(p);
		p->pid = pid;
		p->size = -1;
	}
	if (!stat(path, &st) && st.st_size != p->size)
		load(p, path, st.st_size);
	hi = p->n;
	if (!hi || addr < p->e[0].start)
		return NULL;
	while (hi - lo > 1) {	/* invariant: e[lo].start <= addr */
		size_t mid = lo + (hi - lo) / 2;

		if (p->e[mid].start <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (addr >= p->e[lo].start + p->e[lo].size)
		return NULL;
	*start = p->e[lo].start;
	return p->e[lo].name;
}

void perfmaps__free(struct perfmaps *m)
{
	if (!m)
		return;
	for (int i = 0; i < m->n; i++)
		clear(&m->maps[i]);
	free(m);
}
