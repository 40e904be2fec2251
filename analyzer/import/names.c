// SPDX-License-Identifier: MIT
/*
 * names.c - the last few names of a process or a thread, by time.
 */
#include <string.h>
#include "names.h"

void names__insert(struct names *s, int64_t ts, int64_t comm, uint32_t gen)
{
	uint32_t i = s->count;

	if (s->count == NAMES_KEPT) {
		if (ts < s->n[0].ts)
			return;		/* older than all we keep */
		memmove(&s->n[0], &s->n[1], (NAMES_KEPT - 1) * sizeof(s->n[0]));
		i = --s->count;
	}
	while (i > 0 && s->n[i - 1].ts > ts) {
		s->n[i] = s->n[i - 1];
		i--;
	}
	s->n[i] = (struct name_at){ .ts = ts, .comm = comm, .gen = gen };
	s->count++;
}

const struct name_at *names__at(const struct names *s, int64_t ts,
				int any_gen, uint32_t gen)
{
	for (uint32_t i = s->count; i-- > 0;)
		if (s->n[i].ts <= ts && (any_gen || s->n[i].gen == gen))
			return &s->n[i];
	return NULL;
}
