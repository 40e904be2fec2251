// SPDX-License-Identifier: MIT
/*
 * blobs.c - BLOB records by id: one arena of bytes, an id -> entry map.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "blobs.h"
#include "analyzer/grow.h"
#include "analyzer/u32map.h"
#include "schema/record.h"

struct blob_entry {
	size_t off;		/* in arena */
	uint32_t len;
};

struct blobs {
	struct u32map ids;	/* blob id -> index in entries */
	struct blob_entry *entries;
	uint32_t n, cap;
	unsigned char *arena;
	size_t arena_len, arena_cap;
};

struct blobs *blobs__new(void)
{
	return calloc(1, sizeof(struct blobs));
}

void blobs__free(struct blobs *b)
{
	if (!b)
		return;
	u32map__free(&b->ids);
	free(b->entries);
	free(b->arena);
	free(b);
}

int blobs__add(struct blobs *b, const struct kt_blob *bl)
{
	if (b->arena_len + bl->len > b->arena_cap) {
		size_t cap = b->arena_cap ? b->arena_cap : 65536;
		unsigned char *a;

		while (cap < b->arena_len + bl->len)
			cap *= 2;
		a = realloc(b->arena, cap);
		if (!a)
			return -ENOMEM;
		b->arena = a;
		b->arena_cap = cap;
	}
	if (grow((void **)&b->entries, &b->cap, b->n + 1, sizeof(*b->entries)))
		return -ENOMEM;
	if (bl->len)
		memcpy(b->arena + b->arena_len, bl->p, bl->len);
	b->entries[b->n] = (struct blob_entry){ b->arena_len, bl->len };
	b->arena_len += bl->len;
	if (u32map__put(&b->ids, bl->id, b->n))
		return -ENOMEM;
	b->n++;
	return 0;
}

int blobs__get(const struct blobs *b, uint32_t id, const uint8_t **p,
	       uint32_t *len)
{
	uint32_t i;

	if (!u32map__get(&b->ids, id, &i))
		return 0;
	*p = b->arena + b->entries[i].off;
	*len = b->entries[i].len;
	return 1;
}
