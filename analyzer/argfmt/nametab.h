/* SPDX-License-Identifier: MIT */
/*
 * nametab.h - find an entry of a static table by its name, fast.
 *
 * The tables (sctab's syscalls, fdtab's descriptor calls) are arrays of
 * structs whose first member is `const char *name`. The importer asks for
 * every event, so lookups go through an open-addressing hash built on first
 * use (not thread-safe) behind a cache of the last entry found: traces come
 * in runs of the same call.
 */
#ifndef KTRAIL_ARGFMT_NAMETAB_H
#define KTRAIL_ARGFMT_NAMETAB_H

#include <stddef.h>
#include <stdint.h>

#define NAMETAB_SLOTS	1024	/* > 2x the entries of any table */

struct nametab {
	const void *base;	/* the table */
	size_t stride;		/* sizeof one entry */
	size_t n;		/* entries */
	const void *slots[NAMETAB_SLOTS];
	const void *last;	/* the entry found last */
	int built;
};

#define NAMETAB_INIT(table) \
	{ (table), sizeof((table)[0]), sizeof(table) / sizeof((table)[0]), \
	  { 0 }, NULL, 0 }

/* the entry named name, or NULL */
const void *nametab__find(struct nametab *t, const char *name);

#endif /* KTRAIL_ARGFMT_NAMETAB_H */
