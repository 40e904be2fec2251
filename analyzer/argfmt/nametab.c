// SPDX-License-Identifier: MIT
/*
 * nametab.c - name -> entry lookup for argfmt's static tables (nametab.h).
 */
#include <string.h>

#include "analyzer/argfmt/nametab.h"

static const char *name_of(const void *entry)
{
	return *(const char *const *)entry;
}

static uint32_t hash_name(const char *s)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	while (*s)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

static void build(struct nametab *t)
{
	size_t i;

	for (i = 0; i < t->n && i < NAMETAB_SLOTS / 2; i++) {
		const void *e = (const char *)t->base + i * t->stride;
		uint32_t h = hash_name(name_of(e)) & (NAMETAB_SLOTS - 1);

		while (t->slots[h])
			h = (h + 1) & (NAMETAB_SLOTS - 1);
		t->slots[h] = e;
	}
	t->built = 1;
}

const void *nametab__find(struct nametab *t, const char *name)
{
	uint32_t h;

	if (!name)
		return NULL;
	if (t->last && !strcmp(name_of(t->last), name))
		return t->last;
	if (!t->built)
		build(t);
	for (h = hash_name(name) & (NAMETAB_SLOTS - 1); t->slots[h];
	     h = (h + 1) & (NAMETAB_SLOTS - 1))
		if (!strcmp(name_of(t->slots[h]), name)) {
			t->last = t->slots[h];
			return t->last;
		}
	return NULL;
}
