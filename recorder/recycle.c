// SPDX-License-Identifier: MIT
/*
 * recycle.c - stack-map buckets deleted once read (see recycle.h).
 *
 * The buckets read wait in a ring, oldest first. An event names a bucket
 * when its BPF program runs; it reaches the recorder within a batch flush
 * and a perf buffer drain (every 200 ms, the pump), so a bucket read
 * SETTLE_NS ago is named by no event still on its way, unless the
 * recorder has fallen that far behind, and the id cached for it is the
 * only thing left to forget.
 */
#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include <bpf/bpf.h>
#include "recycle.h"

#define SETTLE_NS	2000000000ull

struct slot {
	uint32_t bucket;
	uint64_t read_ns;
};

struct recycle {
	int fd;
	uint32_t cap;
	uint32_t *ids;
	struct slot *ring;	/* cap slots: each bucket is in it at most once */
	uint32_t head, n;
};

static uint64_t boot_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_BOOTTIME, &t);
	return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

struct recycle *recycle__new(int fd, uint32_t cap, uint32_t *ids)
{
	struct recycle *r = calloc(1, sizeof(*r));

	if (!r || !cap)
		goto out_free;
	r->fd = fd;
	r->cap = cap;
	r->ids = ids;
	r->ring = calloc(cap, sizeof(*r->ring));
	if (r->ring)
		return r;
out_free:
	free(r);
	errno = ENOMEM;
	return NULL;
}

void recycle__read(struct recycle *r, uint32_t bucket)
{
	if (!r || r->n == r->cap)
		return;		/* never: a bucket is read once until it goes */
	r->ring[(r->head + r->n) % r->cap] = (struct slot){ bucket, boot_now() };
	r->n++;
}

void recycle__tick(struct recycle *r)
{
	uint64_t now;

	if (!r || r->n <= r->cap / 2)
		return;
	now = boot_now();
	while (r->n > r->cap / 2 && r->ring[r->head].read_ns + SETTLE_NS < now) {
		__u32 key = r->ring[r->head].bucket;

		bpf_map_delete_elem(r->fd, &key);
		r->ids[key] = 0;
		r->head = (r->head + 1) % r->cap;
		r->n--;
	}
}

void recycle__free(struct recycle *r)
{
	if (!r)
		return;
	free(r->ring);
	free(r);
}
