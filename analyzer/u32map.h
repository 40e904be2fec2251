/* SPDX-License-Identifier: MIT */
/*
 * u32map.h - an open-addressing hash map from uint32_t to uint32_t.
 *
 * The importer keeps pid -> process, tid -> thread and probe id -> known
 * lookups per event, so they must be a few nanoseconds each: linear
 * probing in a power-of-two table kept at most half full. Keys are
 * arbitrary (pids, probe ids); slot use is a separate byte array, so no
 * key value is reserved.
 */
#ifndef ANALYZE_U32MAP_H
#define ANALYZE_U32MAP_H

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

struct u32map {
	uint32_t *keys;
	uint32_t *vals;
	uint8_t *used;
	uint32_t cap;	/* power of two, or 0 */
	uint32_t n;
};

static inline uint32_t u32map__hash(uint32_t k)
{
	k ^= k >> 16;
	k *= 0x7feb352du;
	k ^= k >> 15;
	k *= 0x846ca68bu;
	return k ^ (k >> 16);
}

/* Returns 1 with *val set when key is present, else 0. */
static inline int u32map__get(const struct u32map *m, uint32_t key,
			      uint32_t *val)
{
	if (!m->cap)
		return 0;
	for (uint32_t i = u32map__hash(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (!m->used[i])
			return 0;
		if (m->keys[i] == key) {
			*val = m->vals[i];
			return 1;
		}
	}
}

static inline void u32map__free(struct u32map *m)
{
	free(m->keys);
	free(m->vals);
	free(m->used);
	m->keys = m->vals = NULL;
	m->used = NULL;
	m->cap = m->n = 0;
}

static inline int u32map__put(struct u32map *m, uint32_t key, uint32_t val);

static inline int u32map__grow(struct u32map *m)
{
	struct u32map old = *m;
	uint32_t cap = m->cap ? m->cap * 2 : 64;

	if (cap > (1u << 30))
		return -ENOMEM;
	m->keys = malloc(cap * sizeof(*m->keys));
	m->vals = malloc(cap * sizeof(*m->vals));
	m->used = calloc(cap, 1);
	m->cap = cap;
	m->n = 0;
	if (!m->keys || !m->vals || !m->used) {
		u32map__free(m);
		*m = old;
		return -ENOMEM;
	}
	for (uint32_t i = 0; i < old.cap; i++)
		if (old.used[i])
			u32map__put(m, old.keys[i], old.vals[i]);
	u32map__free(&old);
	return 0;
}

/* Insert or replace. Returns 0 or -ENOMEM. */
static inline int u32map__put(struct u32map *m, uint32_t key, uint32_t val)
{
	uint32_t i;

	if ((m->n + 1) * 2 > m->cap && u32map__grow(m))
		return -ENOMEM;
	for (i = u32map__hash(key) & (m->cap - 1); m->used[i];
	     i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == key)
			break;
	if (!m->used[i])
		m->n++;
	m->used[i] = 1;
	m->keys[i] = key;
	m->vals[i] = val;
	return 0;
}

#endif /* ANALYZE_U32MAP_H */
