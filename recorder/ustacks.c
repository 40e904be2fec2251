// SPDX-License-Identifier: MIT
/*
 * ustacks.c - user stack copies -> deduplicated, symbolized STACK records.
 *
 * Frames are symbolized while recording, so the trace stays readable
 * without the binaries: the mapping holding an address at the copy's time
 * gives the file and the file offset, the file's .symtab (or its
 * separate debug file's, or .dynsym) the function. A return address is
 * looked up one byte back, in the call instruction: a call to a function
 * that never returns can be the last instruction of its caller. The frame
 * keeps the file offset when the file has a build-id (as the kernel's
 * build-id stacks do), the address otherwise.
 *
 * Identical stacks of a process share one id. The table of stacks seen is
 * bounded (MAX_SEEN); when it is full it starts over, and a stack seen
 * again gets a new id and STACK record: memory stays bounded on long -a
 * runs, at the cost of a repeated record.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ustacks.h"
#include "binfiles.h"
#include "elfsyms.h"
#include "layouts.h"
#include "perfmap.h"
#include "unwind.h"
#include "bpf/ktrail.h"
#include "writer.h"
#include "schema/codec.h"

#define MAX_SEEN	(1u << 16)	/* distinct stacks remembered */
#define SEEN_SLOTS	(2 * MAX_SEEN)	/* open addressing, half full */
#define PENDING_SLOTS	16384		/* copies waiting for their event */

struct seen {
	uint64_t hash;
	uint32_t id;		/* 0: empty slot */
	uint32_t pid;
	uint16_t n;
	uint64_t *ips;		/* n addresses, the last 0 when truncated */
};

struct pending {
	uint32_t tid;
	uint32_t id;
	uint64_t ts_ns;
};

struct ustacks {
	struct writer *w;
	uint32_t *next_id;
	struct layouts *layouts;
	struct unwind *unwind;
	struct perfmaps *perfmaps;
	uint64_t *done;		/* per CPU, shared with the BPF side */
	struct seen *seen;
	uint32_t nseen;
	struct pending pending[PENDING_SLOTS];
	uint64_t truncated;
};

struct ustacks *ustacks__new(struct writer *w, uint32_t *next_id,
			     uint64_t *done)
{
	struct ustacks *s = calloc(1, sizeof(*s));
	int err = ENOMEM;

	if (!s)
		return NULL;
	s->w = w;
	s->next_id = next_id;
	s->done = done;
	s->seen = calloc(SEEN_SLOTS, sizeof(*s->seen));
	s->perfmaps = perfmaps__new();
	s->layouts = layouts__new();
	if (!s->layouts)
		err = errno;
	else
		s->unwind = unwind__new(s->layouts);
	if (!s->seen || !s->perfmaps || !s->unwind) {
		ustacks__free(s);
		errno = err;
		return NULL;
	}
	return s;
}

static void forget_all(struct ustacks *s)
{
	for (uint32_t i = 0; i < SEEN_SLOTS; i++)
		free(s->seen[i].ips);
	memset(s->seen, 0, SEEN_SLOTS * sizeof(*s->seen));
	s->nseen = 0;
}

static uint64_t hash_stack(uint32_t pid, const uint64_t *ips, int n)
{
	uint64_t h = 0xcbf29ce484222325ull ^ pid;

	for (int i = 0; i < n; i++)
		h = (h ^ ips[i]) * 0x100000001b3ull;
	return h ? h : 1;
}

/* The slot of this stack: its id when seen, else the empty slot for it. */
static struct seen *seen_slot(struct ustacks *s, uint64_t h, uint32_t pid,
			      const uint64_t *ips, int n)
{
	uint32_t i = (uint32_t)h & (SEEN_SLOTS - 1);

	for (;; i = (i + 1) & (SEEN_SLOTS - 1)) {
		struct seen *e = &s->seen[i];

		if (!e->id || (e->hash == h && e->pid == pid && e->n == n &&
			       !memcmp(e->ips, ips, (size_t)n * sizeof(*ips))))
			return e;
	}
}

static void hex(char *out, const unsigned char *b, unsigned len)
{
	for (unsigned i = 0; i < len; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
	out[2 * len] = 0;
}

/* Fill f for address ip of frame depth; strings point into caches or id. */
static void symbolize(struct ustacks *s, const struct kt_bpf_ustack *u,
		      uint64_t ip, int depth, struct kt_frame *f, char *idhex)
{
	uint64_t look = depth ? ip - 1 : ip, off, delta = 0, start;
	const struct mapping *m = layouts__find(s->layouts, u->pid, look,
						u->ts_ns);
	const unsigned char *id;
	const char *name;
	unsigned len;

	memset(f, 0, sizeof(*f));
	f->addr = ip;
	if (!m || !m->file) {
		name = perfmaps__find(s->perfmaps, u->pid, look, &start);
		if (name) {
			f->symbol = kt_str(name);
			f->offset = ip - start;
			f->module = kt_str("[jit]");
		}
		return;
	}
	off = look - m->start + m->pgoff;
	f->module = kt_str(m->file->path);
	id = elfsyms__build_id(m->file->syms, &len);
	if (len) {
		hex(idhex, id, len);
		f->build_id = kt_str(idhex);
		f->addr = off + (ip - look);
	}
	name = elfsyms__find_offset(m->file->syms, off, &delta);
	if (name) {
		f->symbol = kt_str(name);
		f->offset = delta + (ip - look);
	}
}

static uint32_t emit(struct ustacks *s, const struct kt_bpf_ustack *u,
		     const uint64_t *ips, int n, int truncated)
{
	static char ids[KT_MAX_FRAMES][41];
	struct kt_frame f[KT_MAX_FRAMES];
	struct kt_stack st = { .kind = KT_STACK_USER, .pid = u->pid,
			       .frames = f };

	for (int i = 0; i < n; i++)
		symbolize(s, u, ips[i], i, &f[i], ids[i]);
	st.nframes = (uint16_t)n;
	if (truncated) {
		memset(&f[n], 0, sizeof(f[n]));
		f[n].symbol = kt_str("[truncated]");
		st.nframes++;
	}
	st.id = (*s->next_id)++;
	writer__stack(s->w, &st);	/* a failure is the writer's to report */
	return st.id;
}

/* The id of this stack, written out the first time it is seen. */
static uint32_t stack_id(struct ustacks *s, const struct kt_bpf_ustack *u,
			 uint64_t *ips, int n, int truncated)
{
	uint64_t h;
	struct seen *e;

	if (truncated)
		ips[n] = 0;	/* part of the key: the same frames, complete,
				 * are another stack */
	h = hash_stack(u->pid, ips, n + truncated);
	e = seen_slot(s, h, u->pid, ips, n + truncated);
	if (e->id)
		return e->id;
	if (s->nseen >= MAX_SEEN) {
		forget_all(s);
		e = seen_slot(s, h, u->pid, ips, n + truncated);
	}
	e->ips = malloc((size_t)(n + truncated) * sizeof(*ips));
	if (!e->ips)
		return emit(s, u, ips, n, truncated);
	memcpy(e->ips, ips, (size_t)(n + truncated) * sizeof(*ips));
	e->hash = h;
	e->pid = u->pid;
	e->n = (uint16_t)(n + truncated);
	e->id = emit(s, u, ips, n, truncated);
	s->nseen++;
	return e->id;
}

void ustacks__copy(struct ustacks *s, const void *data, size_t size)
{
	static struct kt_bpf_ustack head;	/* 8-aligned, data unused */
	const struct kt_bpf_ustack *u = &head;
	const size_t head_size = offsetof(struct kt_bpf_ustack, data);
	uint64_t ips[KT_MAX_FRAMES];
	struct pending *p;
	size_t stack;
	int n, complete;

	if (!s || size < head_size)
		return;
	/* a perf sample's data sits 4 bytes past an 8-byte boundary */
	memcpy(&head, data, head_size);
	if (u->cpu < KT_MAX_CPUS)	/* taken in: the CPU may send another */
		__atomic_store_n(&s->done[u->cpu], s->done[u->cpu] + 1,
				 __ATOMIC_RELAXED);
	stack = size - head_size;
	if (stack > u->size)
		stack = u->size;	/* the kernel pads samples to 8 bytes */
	layouts__poll(s->layouts);	/* mappings made before this copy */
	/* one frame short of the limit: room for the truncation mark */
	n = unwind__stack(s->unwind, u, (const unsigned char *)data + head_size,
			  stack, ips, KT_MAX_FRAMES - 1, &complete);
	if (!complete)
		s->truncated++;
	p = &s->pending[u->tid % PENDING_SLOTS];
	p->tid = u->tid;
	p->ts_ns = u->ts_ns;
	p->id = stack_id(s, u, ips, n, !complete);
}

uint32_t ustacks__take(struct ustacks *s, uint32_t tid, uint64_t ts_ns)
{
	struct pending *p;
	uint32_t id;

	if (!s)
		return 0;
	p = &s->pending[tid % PENDING_SLOTS];
	if (!p->id || p->tid != tid || p->ts_ns != ts_ns)
		return 0;
	id = p->id;
	p->id = 0;
	return id;
}

int ustacks__fd(const struct ustacks *s)
{
	return s ? layouts__fd(s->layouts) : -1;
}

void ustacks__poll(struct ustacks *s)
{
	if (s)
		layouts__poll(s->layouts);
}

uint64_t ustacks__truncated(const struct ustacks *s)
{
	return s ? s->truncated : 0;
}

void ustacks__free(struct ustacks *s)
{
	if (!s)
		return;
	layouts__free(s->layouts);	/* before the unwinder: its slots */
	unwind__free(s->unwind);
	perfmaps__free(s->perfmaps);
	if (s->seen)
		forget_all(s);
	free(s->seen);
	free(s);
}
