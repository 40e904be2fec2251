// SPDX-License-Identifier: MIT
/*
 * codec.c - every byte offset of schema/FORMAT.md, in one file.
 *
 * Encoders append a record header (kind, length) and a payload to a kt_buf;
 * the header's length is patched once the payload is complete. Decoders walk
 * a payload with a bounds-checked cursor: any read past the end, any string
 * or count over its limit, and any byte left over make the record malformed
 * (-EBADMSG). Events are stored column by column with varint deltas, which is
 * what lets zstd squeeze a syscall down to a few bytes (FORMAT.md, EVENTS).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "codec.h"
#include "le.h"

/* ---- writing ---------------------------------------------------------- */

void kt_buf__reset(struct kt_buf *b)
{
	b->len = 0;
	b->err = 0;
}

void kt_buf__free(struct kt_buf *b)
{
	if (!b)
		return;
	free(b->p);
	memset(b, 0, sizeof(*b));
}

/* Make room for n more bytes; returns the write position or NULL. */
static unsigned char *buf_room(struct kt_buf *b, size_t n)
{
	if (b->err)
		return NULL;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		unsigned char *p;

		while (cap < b->len + n)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p) {
			b->err = -ENOMEM;
			return NULL;
		}
		b->p = p;
		b->cap = cap;
	}
	return b->p + b->len;
}

static void put_bytes(struct kt_buf *b, const void *src, size_t n)
{
	unsigned char *p = buf_room(b, n);

	if (p) {
		if (n)
			memcpy(p, src, n);
		b->len += n;
	}
}

int kt_buf__append(struct kt_buf *b, const struct kt_buf *src)
{
	put_bytes(b, src->p, src->len);
	return b->err;
}

static void put_u8(struct kt_buf *b, uint8_t v)
{
	put_bytes(b, &v, 1);
}

static void put_u16(struct kt_buf *b, uint16_t v)
{
	unsigned char *p = buf_room(b, 2);

	if (p) {
		kt_put_le16(p, v);
		b->len += 2;
	}
}

static void put_u32(struct kt_buf *b, uint32_t v)
{
	unsigned char *p = buf_room(b, 4);

	if (p) {
		kt_put_le32(p, v);
		b->len += 4;
	}
}

static void put_u64(struct kt_buf *b, uint64_t v)
{
	unsigned char *p = buf_room(b, 8);

	if (p) {
		kt_put_le64(p, v);
		b->len += 8;
	}
}

static void put_str(struct kt_buf *b, struct kt_str s)
{
	uint32_t len = s.len > KT_MAX_STR ? KT_MAX_STR : s.len;

	put_u16(b, (uint16_t)len);
	put_bytes(b, s.p, len);
}

struct kt_str kt_str(const char *s)
{
	struct kt_str r = { s ? s : "", s ? (uint32_t)strlen(s) : 0 };

	return r;
}

/* Start a record; returns the offset of its header for rec_end(). */
static size_t rec_begin(struct kt_buf *b, enum kt_kind kind)
{
	size_t at = b->len;

	put_u16(b, (uint16_t)kind);
	put_u16(b, 0);
	put_u32(b, 0);
	return at;
}

static int rec_end(struct kt_buf *b, size_t at)
{
	if (b->err)
		return b->err;
	kt_put_le32(b->p + at + 4, (uint32_t)(b->len - at - KT_REC_HDR_SIZE));
	return 0;
}

int codec__put_header(struct kt_buf *b, const struct kt_header *h)
{
	size_t at = rec_begin(b, KT_REC_HEADER);

	put_bytes(b, KT_MAGIC, 8);
	put_u16(b, h->version);
	put_u16(b, 0);
	put_u32(b, 0);
	put_u64(b, h->origin_ns);
	put_u64(b, (uint64_t)h->wall_offset_ns);
	return rec_end(b, at);
}

int codec__put_meta(struct kt_buf *b, const char *key, const char *value)
{
	size_t at = rec_begin(b, KT_REC_META);

	put_str(b, kt_str(key));
	put_str(b, kt_str(value));
	return rec_end(b, at);
}

int codec__put_name(struct kt_buf *b, enum kt_kind kind, uint32_t nr,
		    const char *name)
{
	size_t at = rec_begin(b, kind);

	put_u32(b, nr);
	put_str(b, kt_str(name));
	return rec_end(b, at);
}

int codec__put_sysargs(struct kt_buf *b, const struct kt_sysargs *a)
{
	size_t at = rec_begin(b, KT_REC_SYSARGS);

	put_u32(b, a->nr);
	put_u8(b, a->nargs);
	put_u8(b, 0);
	put_u16(b, 0);
	put_bytes(b, a->type, KT_NARGS);
	put_u16(b, 0);
	return rec_end(b, at);
}

int codec__put_probe(struct kt_buf *b, const struct kt_probe *p)
{
	size_t at = rec_begin(b, KT_REC_PROBE);

	put_u32(b, p->id);
	put_str(b, p->name);
	put_str(b, p->kind);
	put_str(b, p->target);
	return rec_end(b, at);
}

int codec__put_proc(struct kt_buf *b, const struct kt_proc *p)
{
	size_t at = rec_begin(b, KT_REC_PROC);

	put_u8(b, p->what);
	put_u8(b, 0);
	put_u16(b, 0);
	put_u32(b, p->pid);
	put_u32(b, p->tid);
	put_u32(b, p->ppid);
	put_u32(b, (uint32_t)p->exit_status);
	put_u64(b, p->ts_ns);
	put_str(b, p->comm);
	put_str(b, p->exe);
	put_u64(b, p->cpu_ns);
	put_u32(b, p->argv.blob);
	put_u8(b, p->argv.status);
	return rec_end(b, at);
}

/*
 * The ts column (FORMAT.md, EVENTS): an event's start relative to the end
 * (ts + latency) of the previous event of the same thread in the block,
 * which is the time the thread spent in user space and far smaller than
 * the distance to the previous event; a thread not seen yet counts from
 * the previous event's ts. Threads are remembered in a direct-mapped table
 * indexed by tid % TS_SLOTS: a collision only costs bytes, as encoder and
 * decoder make the same choice.
 */
#define TS_SLOTS 1024

struct ts_slot {
	uint32_t tid;
	uint32_t used;
	uint64_t end;
};

static uint64_t ts_base(const struct ts_slot *t, const struct kt_event *e,
			uint64_t prev_ts)
{
	const struct ts_slot *s = &t[e->tid % TS_SLOTS];

	return s->used && s->tid == e->tid ? s->end : prev_ts;
}

static void ts_note(struct ts_slot *t, const struct kt_event *e)
{
	struct ts_slot *s = &t[e->tid % TS_SLOTS];

	s->tid = e->tid;
	s->used = 1;
	s->end = e->ts_ns + (e->flags & KT_EV_LATENCY ? e->latency_ns : 0);
}

/*
 * The caps column of one event (FORMAT.md, EVENTS): a mask of the slots
 * that hold something, then blob id << 2 | status for each.
 */
static size_t put_caps(unsigned char *p, const struct kt_capref *cap)
{
	unsigned char *start = p;
	unsigned mask = 0;

	for (int i = 0; i < KT_NCAPS; i++)
		if (cap[i].status != KT_CAP_NONE)
			mask |= 1u << i;
	p += kt_put_varint(p, mask);
	for (int i = 0; i < KT_NCAPS; i++)
		if (mask & (1u << i))
			p += kt_put_varint(p, (uint64_t)cap[i].blob << 2 |
					   (cap[i].status & 3));
	return (size_t)(p - start);
}

/*
 * Events are the bulk of a trace: room for the worst case is reserved once
 * and the columns are written through a plain pointer.
 */
int codec__put_events(struct kt_buf *b, const struct kt_event *ev, uint32_t n)
{
	size_t at = rec_begin(b, KT_REC_EVENTS);
	struct ts_slot slots[TS_SLOTS];
	uint64_t prev_ts = 0, prev_arg[KT_NARGS] = { 0 };
	uint32_t prev_pid = 0;
	unsigned char *p, *start;

	put_u32(b, n);
	/* a flag byte and at most 15 + 1 + KT_NCAPS varints per event */
	start = p = buf_room(b, (size_t)n * (1 + (16 + KT_NCAPS) * KT_VARINT_MAX));
	if (!p)
		return b->err;
	for (uint32_t i = 0; i < n; i++)
		*p++ = ev[i].flags & KT_EV_ALL;
	for (uint32_t i = 0; i < n; i++)
		p += kt_put_varint(p, ev[i].cpu);
	for (uint32_t i = 0; i < n; i++) {
		p += kt_put_varint(p, kt_zigzag((int64_t)ev[i].pid - prev_pid));
		prev_pid = ev[i].pid;
	}
	for (uint32_t i = 0; i < n; i++)
		p += kt_put_varint(p, kt_zigzag((int64_t)ev[i].tid - ev[i].pid));
	for (uint32_t i = 0; i < n; i++)
		p += kt_put_varint(p, ev[i].probe);
	for (uint32_t i = 0; i < n; i++)
		if (ev[i].flags & KT_EV_RET)
			p += kt_put_varint(p, kt_zigzag(ev[i].ret));
	for (uint32_t i = 0; i < n; i++)
		if (ev[i].flags & KT_EV_LATENCY)
			p += kt_put_varint(p, ev[i].latency_ns);
	memset(slots, 0, sizeof(slots));
	for (uint32_t i = 0; i < n; i++) {
		uint64_t base = ts_base(slots, &ev[i], prev_ts);

		p += kt_put_varint(p, kt_zigzag((int64_t)(ev[i].ts_ns - base)));
		ts_note(slots, &ev[i]);
		prev_ts = ev[i].ts_ns;
	}
	for (int a = 0; a < KT_NARGS; a++)
		for (uint32_t i = 0; i < n; i++)
			if (ev[i].flags & KT_EV_ARGS) {
				p += kt_put_varint(p, kt_zigzag((int64_t)
						(ev[i].args[a] - prev_arg[a])));
				prev_arg[a] = ev[i].args[a];
			}
	for (uint32_t i = 0; i < n; i++)
		if (ev[i].flags & KT_EV_KSTACK)
			p += kt_put_varint(p, ev[i].kstack);
	for (uint32_t i = 0; i < n; i++)
		if (ev[i].flags & KT_EV_USTACK)
			p += kt_put_varint(p, ev[i].ustack);
	for (uint32_t i = 0; i < n; i++)
		if (ev[i].flags & KT_EV_CAPS)
			p += put_caps(p, ev[i].cap);
	b->len += (size_t)(p - start);
	return rec_end(b, at);
}

int codec__put_lost(struct kt_buf *b, const struct kt_lost *l)
{
	size_t at = rec_begin(b, KT_REC_LOST);

	put_u32(b, l->cpu);
	put_u32(b, 0);
	put_u64(b, l->ts_ns);
	put_u64(b, l->count);
	return rec_end(b, at);
}

int codec__put_stack(struct kt_buf *b, const struct kt_stack *s)
{
	size_t at = rec_begin(b, KT_REC_STACK);
	uint16_t n = s->nframes > KT_MAX_FRAMES ? KT_MAX_FRAMES : s->nframes;

	put_u32(b, s->id);
	put_u8(b, s->kind);
	put_u8(b, 0);
	put_u16(b, n);
	put_u32(b, s->pid);
	for (uint16_t i = 0; i < n; i++) {
		const struct kt_frame *f = &s->frames[i];

		put_u64(b, f->addr);
		put_u64(b, f->offset);
		put_str(b, f->symbol);
		put_str(b, f->module);
		put_str(b, f->build_id);
	}
	return rec_end(b, at);
}

int codec__put_end(struct kt_buf *b, const struct kt_end *e)
{
	size_t at = rec_begin(b, KT_REC_END);

	put_u64(b, e->end_ns);
	put_u64(b, e->events);
	put_u64(b, e->lost);
	put_u64(b, e->dropped);
	put_u64(b, e->stack_errors);
	put_u64(b, e->cap_failed);
	return rec_end(b, at);
}

int codec__put_blob(struct kt_buf *b, const struct kt_blob *bl)
{
	size_t at = rec_begin(b, KT_REC_BLOB);
	uint32_t len = bl->len > KT_MAX_BLOB ? KT_MAX_BLOB : bl->len;

	put_u32(b, bl->id);
	put_u32(b, len);
	put_bytes(b, bl->p, len);
	return rec_end(b, at);
}

int codec__put_fd(struct kt_buf *b, const struct kt_fd *f)
{
	size_t at = rec_begin(b, KT_REC_FD);

	put_u32(b, f->pid);
	put_u32(b, (uint32_t)f->fd);
	put_u32(b, f->flags);
	put_str(b, f->path);
	return rec_end(b, at);
}

int codec__put_frameseq(struct kt_buf *b, const struct kt_frameseq *f)
{
	size_t at = rec_begin(b, KT_REC_FRAME);

	put_u32(b, f->seq);
	put_u32(b, 0);
	put_bytes(b, f->trace_id, KT_TRACE_ID_SIZE);
	return rec_end(b, at);
}

/* ---- reading ---------------------------------------------------------- */

/* A bounds-checked cursor over one payload; .bad is sticky. */
struct cur {
	const unsigned char *p;
	const unsigned char *end;
	int bad;
};

static const unsigned char *take(struct cur *c, size_t n)
{
	const unsigned char *p = c->p;

	if (c->bad || (size_t)(c->end - c->p) < n) {
		c->bad = 1;
		return NULL;
	}
	c->p += n;
	return p;
}

static uint8_t get_u8(struct cur *c)
{
	const unsigned char *p = take(c, 1);

	return p ? p[0] : 0;
}

static uint16_t get_u16(struct cur *c)
{
	const unsigned char *p = take(c, 2);

	return p ? kt_get_le16(p) : 0;
}

static uint32_t get_u32(struct cur *c)
{
	const unsigned char *p = take(c, 4);

	return p ? kt_get_le32(p) : 0;
}

static uint64_t get_u64(struct cur *c)
{
	const unsigned char *p = take(c, 8);

	return p ? kt_get_le64(p) : 0;
}

static uint64_t get_varint(struct cur *c)
{
	uint64_t v = 0;
	unsigned n;

	if (c->bad)
		return 0;
	n = kt_get_varint(c->p, c->end, &v);
	if (!n) {
		c->bad = 1;
		return 0;
	}
	c->p += n;
	return v;
}

static struct kt_str get_str(struct cur *c)
{
	struct kt_str s = { "", 0 };
	uint16_t len = get_u16(c);
	const unsigned char *p;

	if (len > KT_MAX_STR) {
		c->bad = 1;
		return s;
	}
	p = take(c, len);
	if (p) {
		s.p = (const char *)p;
		s.len = len;
	}
	return s;
}

static struct cur cur_of(const struct kt_rec *rec)
{
	struct cur c = { rec->payload, rec->payload + rec->len, 0 };

	return c;
}

/* A payload is good when nothing was read past its end and nothing is left. */
static int cur_done(const struct cur *c)
{
	return c->bad || c->p != c->end ? -EBADMSG : 0;
}

int codec__next(const unsigned char **pos, const unsigned char *end,
		struct kt_rec *rec)
{
	const unsigned char *p = *pos;
	uint32_t len;

	if (p == end)
		return 0;
	if ((size_t)(end - p) < KT_REC_HDR_SIZE)
		return -EBADMSG;
	len = kt_get_le32(p + 4);
	if (len > KT_MAX_RECORD || len > (size_t)(end - p) - KT_REC_HDR_SIZE)
		return -EBADMSG;
	rec->kind = kt_get_le16(p);
	rec->len = len;
	rec->payload = p + KT_REC_HDR_SIZE;
	*pos = rec->payload + len;
	return 1;
}

int codec__get_header(const struct kt_rec *rec, struct kt_header *h)
{
	struct cur c = cur_of(rec);
	const unsigned char *magic = take(&c, 8);

	if (rec->kind != KT_REC_HEADER || !magic || memcmp(magic, KT_MAGIC, 8))
		return -EPROTO;
	h->version = get_u16(&c);
	if (c.bad)
		return -EBADMSG;
	if (h->version < KT_FORMAT_OLDEST || h->version > KT_FORMAT_VERSION)
		return -EPROTONOSUPPORT;
	get_u16(&c);
	get_u32(&c);
	h->origin_ns = get_u64(&c);
	h->wall_offset_ns = (int64_t)get_u64(&c);
	return cur_done(&c);
}

int codec__get_meta(const struct kt_rec *rec, struct kt_meta *m)
{
	struct cur c = cur_of(rec);

	m->key = get_str(&c);
	m->value = get_str(&c);
	return cur_done(&c);
}

int codec__get_name(const struct kt_rec *rec, struct kt_name *n)
{
	struct cur c = cur_of(rec);

	n->nr = get_u32(&c);
	n->name = get_str(&c);
	return cur_done(&c);
}

int codec__get_sysargs(const struct kt_rec *rec, struct kt_sysargs *a)
{
	struct cur c = cur_of(rec);

	a->nr = get_u32(&c);
	a->nargs = get_u8(&c);
	get_u8(&c);
	get_u16(&c);
	a->has_types = rec->len > 8;	/* version 2 adds the types */
	memset(a->type, 0, sizeof(a->type));
	if (a->has_types) {
		for (int i = 0; i < KT_NARGS; i++) {
			a->type[i] = get_u8(&c);
			if (a->type[i] >= KT_ARG_NTYPES)
				c.bad = 1;
		}
		get_u16(&c);
	}
	return cur_done(&c) ?: a->nargs > KT_NARGS ? -EBADMSG : 0;
}

int codec__get_probe(const struct kt_rec *rec, struct kt_probe *p)
{
	struct cur c = cur_of(rec);

	p->id = get_u32(&c);
	p->name = get_str(&c);
	p->kind = get_str(&c);
	p->target = get_str(&c);
	return cur_done(&c);
}

int codec__get_proc(const struct kt_rec *rec, struct kt_proc *p)
{
	struct cur c = cur_of(rec);

	p->what = get_u8(&c);
	get_u8(&c);
	get_u16(&c);
	p->pid = get_u32(&c);
	p->tid = get_u32(&c);
	p->ppid = get_u32(&c);
	p->exit_status = (int32_t)get_u32(&c);
	p->ts_ns = get_u64(&c);
	p->comm = get_str(&c);
	p->exe = get_str(&c);
	p->cpu_ns = 0;
	p->has_cpu = 0;
	p->argv = (struct kt_capref){ 0, KT_CAP_NONE };
	if (c.p < c.end) {		/* version 2 */
		p->cpu_ns = get_u64(&c);
		p->has_cpu = 1;
		p->argv.blob = get_u32(&c);
		p->argv.status = get_u8(&c);
		if (p->argv.status > KT_CAP_FAULT ||
		    (p->argv.status == KT_CAP_NONE ||
		     p->argv.status == KT_CAP_FAULT) != (p->argv.blob == 0))
			c.bad = 1;
	}
	return cur_done(&c);
}

int codec__get_lost(const struct kt_rec *rec, struct kt_lost *l)
{
	struct cur c = cur_of(rec);

	l->cpu = get_u32(&c);
	get_u32(&c);
	l->ts_ns = get_u64(&c);
	l->count = get_u64(&c);
	return cur_done(&c);
}

int codec__get_end(const struct kt_rec *rec, struct kt_end *e)
{
	struct cur c = cur_of(rec);

	e->end_ns = get_u64(&c);
	e->events = get_u64(&c);
	e->lost = get_u64(&c);
	e->dropped = get_u64(&c);
	e->stack_errors = get_u64(&c);
	e->cap_failed = rec->len > 40 ? get_u64(&c) : 0;	/* version 2 */
	return cur_done(&c);
}

int codec__get_blob(const struct kt_rec *rec, struct kt_blob *bl)
{
	struct cur c = cur_of(rec);

	bl->id = get_u32(&c);
	bl->len = get_u32(&c);
	if (c.bad || bl->id == 0 || bl->len > KT_MAX_BLOB)
		return -EBADMSG;
	bl->p = take(&c, bl->len);
	return cur_done(&c);
}

int codec__get_fd(const struct kt_rec *rec, struct kt_fd *f)
{
	struct cur c = cur_of(rec);

	f->pid = get_u32(&c);
	f->fd = (int32_t)get_u32(&c);
	f->flags = get_u32(&c);
	f->path = get_str(&c);
	return cur_done(&c);
}

int codec__get_frameseq(const struct kt_rec *rec, struct kt_frameseq *f)
{
	struct cur c = cur_of(rec);
	const unsigned char *id;

	f->seq = get_u32(&c);
	get_u32(&c);
	id = take(&c, KT_TRACE_ID_SIZE);
	if (id)
		memcpy(f->trace_id, id, KT_TRACE_ID_SIZE);
	return cur_done(&c);
}

int codec__get_stack(const struct kt_rec *rec, struct kt_stack *s,
		     struct kt_frame *frames)
{
	struct cur c = cur_of(rec);

	s->id = get_u32(&c);
	s->kind = get_u8(&c);
	get_u8(&c);
	s->nframes = get_u16(&c);
	s->pid = get_u32(&c);
	s->frames = frames;
	if (s->nframes > KT_MAX_FRAMES)
		return -EBADMSG;
	for (uint16_t i = 0; i < s->nframes && !c.bad; i++) {
		frames[i].addr = get_u64(&c);
		frames[i].offset = get_u64(&c);
		frames[i].symbol = get_str(&c);
		frames[i].module = get_str(&c);
		frames[i].build_id = get_str(&c);
	}
	return cur_done(&c);
}

/* put_caps()'s column; a mask past KT_NCAPS or a blob id past u32 is bad */
static void get_caps(struct cur *c, struct kt_capref *cap)
{
	uint64_t mask = get_varint(c);

	if (mask >> KT_NCAPS)
		c->bad = 1;
	for (int i = 0; i < KT_NCAPS && !c->bad; i++) {
		uint64_t v;

		if (!(mask & (1u << i)))
			continue;
		v = get_varint(c);
		cap[i].status = v & 3;
		cap[i].blob = (uint32_t)(v >> 2);
		if ((v >> 2) > UINT32_MAX || cap[i].status == KT_CAP_NONE ||
		    (cap[i].blob == 0) != (cap[i].status == KT_CAP_FAULT))
			c->bad = 1;
	}
}

void kt_events__free(struct kt_events *e)
{
	if (!e)
		return;
	free(e->ev);
	memset(e, 0, sizeof(*e));
}

int codec__get_events(const struct kt_rec *rec, struct kt_events *dst)
{
	struct ts_slot slots[TS_SLOTS];
	struct cur c = cur_of(rec);
	uint64_t prev_ts = 0, prev_arg[KT_NARGS] = { 0 };
	uint32_t n = get_u32(&c), prev_pid = 0;
	struct kt_event *ev;

	/* every event takes at least 6 bytes: a flag byte and five varints */
	if (c.bad || n > KT_MAX_EVENTS || (uint64_t)n * 6 > rec->len)
		return -EBADMSG;
	if (n > dst->cap) {
		ev = realloc(dst->ev, (size_t)n * sizeof(*ev));
		if (!ev)
			return -ENOMEM;
		dst->ev = ev;
		dst->cap = n;
	}
	ev = dst->ev;
	dst->n = 0;
	if (n)		/* ev may be NULL for an empty block: memset(NULL, 0, 0) is UB */
		memset(ev, 0, (size_t)n * sizeof(*ev));
	for (uint32_t i = 0; i < n; i++) {
		ev[i].flags = get_u8(&c);
		if (ev[i].flags & ~KT_EV_ALL)
			return -EBADMSG;
	}
	for (uint32_t i = 0; i < n; i++)
		ev[i].cpu = (uint16_t)get_varint(&c);
	for (uint32_t i = 0; i < n; i++) {
		prev_pid += (uint32_t)kt_unzigzag(get_varint(&c));
		ev[i].pid = prev_pid;
	}
	for (uint32_t i = 0; i < n; i++)
		ev[i].tid = ev[i].pid + (uint32_t)kt_unzigzag(get_varint(&c));
	for (uint32_t i = 0; i < n; i++)
		ev[i].probe = (uint32_t)get_varint(&c);
	for (uint32_t i = 0; i < n; i++)
		if (ev[i].flags & KT_EV_RET)
			ev[i].ret = kt_unzigzag(get_varint(&c));
	for (uint32_t i = 0; i < n; i++)
		if (ev[i].flags & KT_EV_LATENCY)
			ev[i].latency_ns = get_varint(&c);
	memset(slots, 0, sizeof(slots));
	for (uint32_t i = 0; i < n; i++) {
		uint64_t base = ts_base(slots, &ev[i], prev_ts);

		ev[i].ts_ns = base + (uint64_t)kt_unzigzag(get_varint(&c));
		ts_note(slots, &ev[i]);
		prev_ts = ev[i].ts_ns;
	}
	for (int a = 0; a < KT_NARGS; a++)
		for (uint32_t i = 0; i < n; i++)
			if (ev[i].flags & KT_EV_ARGS) {
				prev_arg[a] += (uint64_t)kt_unzigzag(get_varint(&c));
				ev[i].args[a] = prev_arg[a];
			}
	for (uint32_t i = 0; i < n; i++)
		if (ev[i].flags & KT_EV_KSTACK)
			ev[i].kstack = (uint32_t)get_varint(&c);
	for (uint32_t i = 0; i < n; i++)
		if (ev[i].flags & KT_EV_USTACK)
			ev[i].ustack = (uint32_t)get_varint(&c);
	for (uint32_t i = 0; i < n; i++)
		if (ev[i].flags & KT_EV_CAPS)
			get_caps(&c, ev[i].cap);
	if (cur_done(&c))
		return -EBADMSG;
	dst->n = n;
	return 0;
}
