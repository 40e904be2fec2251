/* SPDX-License-Identifier: MIT */
/*
 * grow.h - room for `need` elements in a realloc'd array.
 *
 * The analyzer's tables of lives, threads, probes and pending records grow
 * by doubling from 16; new elements are zeroed.
 */
#ifndef ANALYZE_GROW_H
#define ANALYZE_GROW_H

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Make *arr hold at least need elements of size bytes. 0 or -ENOMEM. */
static inline int grow(void **arr, uint32_t *cap, uint32_t need, size_t size)
{
	uint32_t c = *cap ? *cap : 16;
	void *p;

	if (need <= *cap)
		return 0;
	while (c < need) {
		if (c > UINT32_MAX / 2)
			return -ENOMEM;
		c *= 2;
	}
	p = realloc(*arr, (size_t)c * size);
	if (!p)
		return -ENOMEM;
	memset((char *)p + (size_t)*cap * size, 0, (size_t)(c - *cap) * size);
	*arr = p;
	*cap = c;
	return 0;
}

#endif /* ANALYZE_GROW_H */
