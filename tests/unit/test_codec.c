// SPDX-License-Identifier: MIT
/*
 * test_codec.c - schema/codec.c round trips and malformed-record checks.
 *
 * Every record kind is encoded, written by recorder/writer.c as real zstd
 * frames into a temporary file, read back with libzstd, walked with
 * codec__next() and decoded; each field must come back as it went in.
 * Events cover every flag combination and the extremes of each column.
 * Then every malformed shape FORMAT.md section 3 lists (short, long, over a
 * limit, unknown flag bits, bad magic, other version) must be refused.
 * Prints one line per failed check and "N passed, N failed" last.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zstd.h>
#include "schema/codec.h"
#include "schema/le.h"
#include "recorder/writer.h"

static int passed, failed;

#define CHECK(cond, ...) do {						\
	if (cond) {							\
		passed++;						\
	} else {							\
		failed++;						\
		printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);	\
		printf(__VA_ARGS__);					\
		printf("\n");						\
	}								\
} while (0)

static int str_eq(struct kt_str s, const char *c)
{
	return s.len == strlen(c) && !memcmp(s.p, c, s.len);
}

#define NEV 300

static void make_events(struct kt_event *ev)
{
	uint64_t x = 88172645463325252ull;

	for (int i = 0; i < NEV; i++) {
		struct kt_event *e = &ev[i];

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		memset(e, 0, sizeof(*e));
		e->flags = (uint8_t)(i & KT_EV_ALL);
		/* not sorted, with jumps both ways */
		e->ts_ns = i % 7 ? 1000000000ull + (x % 100000) * 1000 + i :
			   UINT64_MAX - i;
		e->cpu = (uint16_t)(x >> 20);
		e->pid = i % 5 ? 1000 + (uint32_t)(x % 7) : UINT32_MAX - i;
		e->tid = i % 3 ? e->pid : e->pid + 5;
		e->probe = i % 11 ? (uint32_t)(x % 450) : 4096 + (uint32_t)i;
		e->ret = i % 13 == 0 ? INT64_MIN : i % 13 == 1 ? INT64_MAX :
			 (int64_t)(x % 9000) - 4500;
		e->latency_ns = i % 17 ? x % 1000000 : UINT64_MAX;
		for (int a = 0; a < KT_NARGS; a++)
			e->args[a] = i % 19 == a ? UINT64_MAX : x * (uint64_t)(a + 1);
		e->kstack = i % 23 ? (uint32_t)(1 + x % 100) : UINT32_MAX;
		e->ustack = (uint32_t)(1 + (x >> 8) % 100);
		if (e->flags & KT_EV_CAPS) {
			e->cap[i % KT_NCAPS] = (struct kt_capref){
				i % 29 ? (uint32_t)(1 + x % 5000) : UINT32_MAX,
				i % 3 ? KT_CAP_OK : KT_CAP_TRUNC };
			e->cap[(i + 3) % KT_NCAPS] = (struct kt_capref){
				0, KT_CAP_FAULT };
		}
	}
}

static void check_events(const struct kt_events *got, const struct kt_event *want,
			 uint32_t n)
{
	CHECK(got->n == n, "n %u want %u", got->n, n);
	for (uint32_t i = 0; i < n && i < got->n; i++) {
		const struct kt_event *g = &got->ev[i], *w = &want[i];
		int ok = g->flags == w->flags && g->ts_ns == w->ts_ns &&
			 g->cpu == w->cpu && g->pid == w->pid &&
			 g->tid == w->tid && g->probe == w->probe;

		if (w->flags & KT_EV_RET)
			ok &= g->ret == w->ret;
		if (w->flags & KT_EV_LATENCY)
			ok &= g->latency_ns == w->latency_ns;
		if (w->flags & KT_EV_ARGS)
			ok &= !memcmp(g->args, w->args, sizeof(g->args));
		if (w->flags & KT_EV_KSTACK)
			ok &= g->kstack == w->kstack;
		if (w->flags & KT_EV_USTACK)
			ok &= g->ustack == w->ustack;
		if (w->flags & KT_EV_CAPS)
			for (int c = 0; c < KT_NCAPS; c++)
				ok &= g->cap[c].blob == w->cap[c].blob &&
				      g->cap[c].status == w->cap[c].status;
		CHECK(ok, "event %u differs (ts %" PRIu64 " vs %" PRIu64 ")", i,
		      g->ts_ns, w->ts_ns);
	}
}

static struct kt_frame frames_in[3] = {
	{ 0xffffffff81000010ull, 0x10, { "do_sys_open", 11 }, { "kernel", 6 },
	  { "", 0 } },
	{ 0x7f0000001234ull, 0x34, { "", 0 }, { "/usr/lib/libc.so.6", 18 },
	  { "0123abcd", 8 } },
	{ 1, 0, { "a\x1b[31mb", 8 }, { "", 0 }, { "", 0 } },
};

/* Encode one of each record into the writer. */
static void write_all(struct writer *w, const struct kt_event *ev)
{
	struct kt_buf rows = { 0 }, *b = &rows;
	struct kt_header h = { KT_FORMAT_VERSION, 123456789, -42 };
	struct kt_probe p = { 4097, kt_str("uprobe:/bin/x:main"), kt_str("uprobe"),
			      kt_str("/bin/x:main") };
	struct kt_proc pr = { KT_PROC_EXIT, 7, 8, 9, 0x8b, 55, kt_str("comm\x07"),
			      kt_str("/bin/sh"), 123456789012ull, { 0, 0 }, 1 };
	struct kt_lost l = { 3, 99, UINT64_MAX };
	struct kt_stack s = { 77, KT_STACK_USER, 1234, 3, frames_in };
	struct kt_end e = { 1, 2, 3, 4, 5, 6 };
	struct kt_sysargs sa = { 257, 4, 1, { KT_ARG_FD, KT_ARG_STR, KT_ARG_INT,
					      KT_ARG_INT, 0, 0 } };
	static const unsigned char bytes[] = { 'a', 0, 'b', 0xff };
	struct kt_blob bl = { 7, sizeof(bytes), bytes };
	struct kt_fd fd = { 42, KT_FD_CWD, KT_FD_CLOEXEC, { "/tmp", 4 } };
	char big[KT_MAX_STR + 100];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	CHECK(!codec__put_header(b, &h), "put header");
	CHECK(!codec__put_meta(b, "host", big), "put meta");
	CHECK(!codec__put_name(b, KT_REC_SYSCALL, 257, "openat"), "put syscall");
	CHECK(!codec__put_name(b, KT_REC_ERRNO, 2, "ENOENT"), "put errno");
	CHECK(!codec__put_sysargs(b, &sa), "put sysargs");
	CHECK(!codec__put_probe(b, &p), "put probe");
	CHECK(!codec__put_proc(b, &pr), "put proc");
	CHECK(!codec__put_lost(b, &l), "put lost");
	CHECK(!codec__put_stack(b, &s), "put stack");
	CHECK(!codec__put_blob(b, &bl), "put blob");
	CHECK(!codec__put_fd(b, &fd), "put fd");
	CHECK(!writer__append(w, b), "append");
	CHECK(!writer__flush(w), "flush 1");
	/* an unsorted block straight from the codec, then writer events */
	kt_buf__reset(b);
	CHECK(!codec__put_events(b, ev, NEV), "put events");
	CHECK(!codec__put_events(b, ev, 0), "put empty events");
	CHECK(!writer__append(w, b), "append events");
	CHECK(!writer__flush(w), "flush 2");
	for (int i = 0; i < NEV; i++)
		writer__event(w, &ev[i]);
	CHECK(!writer__flush(w), "flush 3");
	CHECK(!writer__end(w, &e), "put end");
	CHECK(!writer__flush(w), "flush 4");
	kt_buf__free(b);
}

static int cmp_ts(const void *a, const void *b)
{
	const struct kt_event *x = a, *y = b;

	return (x->ts_ns > y->ts_ns) - (x->ts_ns < y->ts_ns);
}

static int cmp_ts(const void *a, const void *b);

/* Decode and check the records of frame number k. */
static void check_frame(int k, const unsigned char *p, size_t len,
			const struct kt_event *ev, const struct kt_event *sorted)
{
	static uint8_t id[KT_TRACE_ID_SIZE];	/* of frame 0 */
	const unsigned char *pos = p, *end = p + len;
	struct kt_events got = { 0 };
	struct kt_frame fr[KT_MAX_FRAMES];
	struct kt_rec rec;
	int nrec = 0, nev = 0;

	while (codec__next(&pos, end, &rec) == 1) {
		union {
			struct kt_header h; struct kt_meta m; struct kt_name n;
			struct kt_probe p; struct kt_proc pr; struct kt_lost l;
			struct kt_stack s; struct kt_end e; struct kt_sysargs a; struct kt_blob b; struct kt_fd f;
			struct kt_frameseq fs;
		} u;

		nrec++;
		switch (rec.kind) {
		case KT_REC_FRAME:	/* first, or second after HEADER */
			CHECK(!codec__get_frameseq(&rec, &u.fs) && u.fs.seq == (uint32_t)k &&
			      nrec == (k ? 1 : 2), "frame %d: FRAME seq %u, record %d",
			      k, u.fs.seq, nrec);
			if (!k)
				memcpy(id, u.fs.trace_id, sizeof(id));
			CHECK(!memcmp(id, u.fs.trace_id, sizeof(id)),
			      "frame %d: another trace id", k);
			break;
		case KT_REC_HEADER:
			CHECK(!codec__get_header(&rec, &u.h) &&
			      u.h.origin_ns == 123456789 && u.h.wall_offset_ns == -42,
			      "header");
			break;
		case KT_REC_META:
			CHECK(!codec__get_meta(&rec, &u.m) && str_eq(u.m.key, "host") &&
			      u.m.value.len == KT_MAX_STR, "meta (long value cut)");
			break;
		case KT_REC_SYSCALL:
		case KT_REC_ERRNO:
			CHECK(!codec__get_name(&rec, &u.n) &&
			      (rec.kind == KT_REC_SYSCALL ? u.n.nr == 257 &&
			       str_eq(u.n.name, "openat") : u.n.nr == 2 &&
			       str_eq(u.n.name, "ENOENT")), "name record");
			break;
		case KT_REC_SYSARGS:
			CHECK(!codec__get_sysargs(&rec, &u.a) && u.a.nr == 257 &&
			      u.a.nargs == 4 && u.a.has_types &&
			      u.a.type[0] == KT_ARG_FD && u.a.type[1] == KT_ARG_STR,
			      "sysargs");
			break;
		case KT_REC_BLOB:
			CHECK(!codec__get_blob(&rec, &u.b) && u.b.id == 7 &&
			      u.b.len == 4 && !memcmp(u.b.p, "a\0b\xff", 4),
			      "blob");
			break;
		case KT_REC_FD:
			CHECK(!codec__get_fd(&rec, &u.f) && u.f.pid == 42 &&
			      u.f.fd == KT_FD_CWD && u.f.flags == KT_FD_CLOEXEC &&
			      str_eq(u.f.path, "/tmp"), "fd");
			break;
		case KT_REC_PROBE:
			CHECK(!codec__get_probe(&rec, &u.p) && u.p.id == 4097 &&
			      str_eq(u.p.name, "uprobe:/bin/x:main") &&
			      str_eq(u.p.kind, "uprobe") &&
			      str_eq(u.p.target, "/bin/x:main"), "probe");
			break;
		case KT_REC_PROC:
			CHECK(!codec__get_proc(&rec, &u.pr) && u.pr.what == KT_PROC_EXIT &&
			      u.pr.pid == 7 && u.pr.tid == 8 && u.pr.ppid == 9 &&
			      u.pr.exit_status == 0x8b && u.pr.ts_ns == 55 &&
			      str_eq(u.pr.comm, "comm\x07") &&
			      str_eq(u.pr.exe, "/bin/sh") &&
			      u.pr.cpu_ns == 123456789012ull, "proc");
			break;
		case KT_REC_LOST:
			CHECK(!codec__get_lost(&rec, &u.l) && u.l.cpu == 3 &&
			      u.l.ts_ns == 99 && u.l.count == UINT64_MAX, "lost");
			break;
		case KT_REC_STACK:
			CHECK(!codec__get_stack(&rec, &u.s, fr) && u.s.id == 77 &&
			      u.s.kind == KT_STACK_USER && u.s.pid == 1234 &&
			      u.s.nframes == 3, "stack");
			for (int i = 0; i < 3 && u.s.nframes == 3; i++)
				CHECK(fr[i].addr == frames_in[i].addr &&
				      fr[i].offset == frames_in[i].offset &&
				      fr[i].symbol.len == frames_in[i].symbol.len &&
				      !memcmp(fr[i].symbol.p, frames_in[i].symbol.p,
					      fr[i].symbol.len) &&
				      fr[i].module.len == frames_in[i].module.len &&
				      fr[i].build_id.len == frames_in[i].build_id.len,
				      "frame %d", i);
			break;
		case KT_REC_EVENTS:
			CHECK(!codec__get_events(&rec, &got), "events decode");
			if (k == 1 && nev == 0)
				check_events(&got, ev, NEV);
			else if (k == 1)
				CHECK(got.n == 0, "empty block");
			else {
				/* the writer may or may not sort: compare sorted */
				qsort(got.ev, got.n, sizeof(*got.ev), cmp_ts);
				check_events(&got, sorted, NEV);
			}
			nev++;
			break;
		case KT_REC_END:
			CHECK(!codec__get_end(&rec, &u.e) && u.e.end_ns == 1 &&
			      u.e.events == 2 && u.e.lost == 3 && u.e.dropped == 4 &&
			      u.e.stack_errors == 5 && u.e.cap_failed == 6, "end");
			break;
		default:
			CHECK(0, "unknown kind %u", rec.kind);
		}
	}
	CHECK(pos == end, "frame %d: records do not fill the batch", k);
	CHECK(nrec == (k == 0 ? 12 : k == 1 ? 3 : 2), "frame %d: %d records", k,
	      nrec);
	kt_events__free(&got);
}

/* Write everything through the writer, then read the file back. */
static void test_roundtrip(void)
{
	static struct kt_event ev[NEV], sorted[NEV];
	char path[] = "/tmp/test_codec.XXXXXX";
	int fd = mkstemp(path), k = 0;
	struct writer *w;
	unsigned char *file, *out;
	size_t size, off = 0;
	FILE *f;

	make_events(ev);
	memcpy(sorted, ev, sizeof(ev));
	qsort(sorted, NEV, sizeof(*sorted), cmp_ts);
	CHECK(fd >= 0, "mkstemp: %s", strerror(errno));
	w = writer__new(fd, 3);
	write_all(w, ev);
	writer__free(w);
	f = fdopen(fd, "rb");
	fseek(f, 0, SEEK_END);
	size = (size_t)ftell(f);
	rewind(f);
	file = malloc(size);
	CHECK(fread(file, 1, size, f) == size, "read back");
	fclose(f);
	unlink(path);
	while (off < size) {
		size_t fsize = ZSTD_findFrameCompressedSize(file + off, size - off);
		unsigned long long csize = ZSTD_getFrameContentSize(file + off,
								   size - off);

		CHECK(!ZSTD_isError(fsize), "frame %d size", k);
		if (ZSTD_isError(fsize))
			break;
		CHECK(csize != ZSTD_CONTENTSIZE_UNKNOWN &&
		      csize != ZSTD_CONTENTSIZE_ERROR, "frame %d content size", k);
		CHECK(file[off + 4] & 4, "frame %d has no checksum flag", k);
		out = malloc(csize + 1);
		CHECK(ZSTD_decompress(out, csize, file + off, fsize) == csize,
		      "frame %d decompress", k);
		check_frame(k, out, csize, ev, sorted);
		free(out);
		off += fsize;
		k++;
	}
	CHECK(k == 4, "%d frames, want 4", k);
	free(file);
}

/* Decode rec with the decoder of its kind. */
static int decode(const struct kt_rec *rec)
{
	static struct kt_events ev;
	struct kt_frame fr[KT_MAX_FRAMES];
	union {
		struct kt_header h; struct kt_meta m; struct kt_name n;
		struct kt_probe p; struct kt_proc pr; struct kt_lost l;
		struct kt_stack s; struct kt_end e; struct kt_sysargs a;
		struct kt_frameseq fs;
	} u;

	switch (rec->kind) {
	case KT_REC_HEADER:	return codec__get_header(rec, &u.h);
	case KT_REC_META:	return codec__get_meta(rec, &u.m);
	case KT_REC_SYSCALL:	return codec__get_name(rec, &u.n);
	case KT_REC_PROBE:	return codec__get_probe(rec, &u.p);
	case KT_REC_PROC:	return codec__get_proc(rec, &u.pr);
	case KT_REC_EVENTS:	return codec__get_events(rec, &ev);
	case KT_REC_LOST:	return codec__get_lost(rec, &u.l);
	case KT_REC_STACK:	return codec__get_stack(rec, &u.s, fr);
	case KT_REC_END:	return codec__get_end(rec, &u.e);
	case KT_REC_SYSARGS:	return codec__get_sysargs(rec, &u.a);
	case KT_REC_FRAME:	return codec__get_frameseq(rec, &u.fs);
	}
	return -1;
}

/* Every shorter payload and one byte more must be refused. */
static void test_sizes(void)
{
	static struct kt_event ev[NEV];
	struct kt_header h = { KT_FORMAT_VERSION, 1, 2 };
	struct kt_probe p = { 1, kt_str("a"), kt_str("b"), kt_str("c") };
	struct kt_proc pr = { KT_PROC_EXEC, 1, 1, 0, 0, 5, kt_str("sh"),
			      kt_str("/bin/sh"), 0, { 9, KT_CAP_TRUNC }, 1 };
	struct kt_lost l = { 1, 2, 3 };
	struct kt_stack s = { 9, KT_STACK_KERNEL, 0, 3, frames_in };
	struct kt_end e = { 1, 2, 3, 4, 5, 6 };
	struct kt_sysargs sa = { .nr = 9, .nargs = 6 };
	struct kt_frameseq fs = { 7, "0123456789abcdef" }, fs2;
	struct kt_buf b = { 0 };

	make_events(ev);
	codec__put_header(&b, &h);
	codec__put_frameseq(&b, &fs);
	codec__put_meta(&b, "k", "v");
	codec__put_name(&b, KT_REC_SYSCALL, 1, "write");
	codec__put_sysargs(&b, &sa);
	codec__put_probe(&b, &p);
	codec__put_proc(&b, &pr);
	codec__put_events(&b, ev, 40);
	codec__put_lost(&b, &l);
	codec__put_stack(&b, &s);
	codec__put_end(&b, &e);
	CHECK(!b.err, "encode");
	{	/* FRAME: 24 bytes after HEADER, and back */
		struct kt_rec rec = { KT_REC_FRAME, kt_get_le32(b.p + 40 + 4),
				      b.p + 40 + KT_REC_HDR_SIZE };

		CHECK(kt_get_le16(b.p + 40) == KT_REC_FRAME && rec.len == 24 &&
		      !codec__get_frameseq(&rec, &fs2) && fs2.seq == 7 &&
		      !memcmp(fs2.trace_id, fs.trace_id, KT_TRACE_ID_SIZE),
		      "FRAME round trip");
	}
	for (size_t off = 0; off < b.len;) {
		unsigned char *copy;
		struct kt_rec rec = { kt_get_le16(b.p + off),
				      kt_get_le32(b.p + off + 4), NULL };

		copy = malloc(rec.len + 1);
		memcpy(copy, b.p + off + KT_REC_HDR_SIZE, rec.len);
		copy[rec.len] = 0;
		rec.payload = copy;
		CHECK(!decode(&rec), "kind %u: good record refused", rec.kind);
		for (uint32_t n = 0, len = rec.len; n < len; n++) {
			/* version 1's END, SYSARGS and PROC: shorter, and good */
			if ((rec.kind == KT_REC_END && n == 40) ||
			    (rec.kind == KT_REC_SYSARGS && n == 8) ||
			    (rec.kind == KT_REC_PROC && n == len - 13))
				continue;
			rec.len = n;
			CHECK(decode(&rec) == (rec.kind == KT_REC_HEADER && n < 8 ?
			      -EPROTO : -EBADMSG), "kind %u: %u of %u bytes accepted",
			      rec.kind, n, len);
			rec.len = len;
		}
		rec.len++;
		CHECK(decode(&rec) == -EBADMSG, "kind %u: one byte more accepted",
		      rec.kind);
		rec.len--;
		free(copy);
		off += KT_REC_HDR_SIZE + rec.len;
	}
	kt_buf__free(&b);
}

/* Limits and values FORMAT.md section 3 calls malformed. */
static void test_limits(void)
{
	unsigned char p[64 + KT_MAX_STR + 8] = { 0 }, *q;
	struct kt_events ev = { 0 };
	struct kt_event e1 = { .flags = KT_EV_RET, .ret = -2 };
	struct kt_header h;
	struct kt_buf b = { 0 };
	struct kt_rec rec;
	const unsigned char *pos;

	/* a string one byte over KT_MAX_STR, with the bytes present */
	kt_put_le16(p, KT_MAX_STR + 1);
	kt_put_le16(p + 2 + KT_MAX_STR + 1, 0);
	rec = (struct kt_rec){ KT_REC_META, 2 + KT_MAX_STR + 1 + 2 + 0, p };
	CHECK(decode(&rec) == -EBADMSG, "string over KT_MAX_STR accepted");

	/* unknown flag bits; n over KT_MAX_EVENTS; an 11-byte varint */
	codec__put_events(&b, &e1, 1);
	q = b.p + KT_REC_HDR_SIZE;
	rec = (struct kt_rec){ KT_REC_EVENTS, (uint32_t)(b.len - KT_REC_HDR_SIZE), q };
	CHECK(!codec__get_events(&rec, &ev) && ev.n == 1 && ev.ev[0].ret == -2,
	      "one event");
	q[4] |= 0x20;
	CHECK(codec__get_events(&rec, &ev) == -EBADMSG, "unknown flag accepted");
	q[4] &= ~0x20;
	kt_put_le32(q, KT_MAX_EVENTS + 1);
	CHECK(codec__get_events(&rec, &ev) == -EBADMSG, "n over limit accepted");
	memset(p, 0x80, sizeof(p));
	kt_put_le32(p, 1);
	p[4] = 0;
	rec = (struct kt_rec){ KT_REC_EVENTS, 4 + 1 + 11 + 4, p };
	CHECK(codec__get_events(&rec, &ev) == -EBADMSG, "11-byte varint accepted");
	kt_events__free(&ev);

	/* an empty block into an empty array */
	kt_buf__reset(&b);
	codec__put_events(&b, &e1, 0);
	rec = (struct kt_rec){ KT_REC_EVENTS, (uint32_t)(b.len - KT_REC_HDR_SIZE),
			       b.p + KT_REC_HDR_SIZE };
	CHECK(!codec__get_events(&rec, &ev) && ev.n == 0, "empty block");
	kt_buf__free(&b);
	kt_events__free(&ev);

	/* seven arguments */
	memset(p, 0, sizeof(p));
	p[4] = KT_NARGS + 1;
	rec = (struct kt_rec){ KT_REC_SYSARGS, 8, p };
	CHECK(decode(&rec) == -EBADMSG, "seven arguments accepted");
	p[4] = KT_NARGS;
	CHECK(decode(&rec) == 0, "six arguments refused");

	/* a stack of 128 frames */
	memset(p, 0, sizeof(p));
	kt_put_le32(p, 1);
	p[4] = KT_STACK_KERNEL;
	kt_put_le16(p + 6, KT_MAX_FRAMES + 1);
	rec = (struct kt_rec){ KT_REC_STACK, 12, p };
	CHECK(decode(&rec) == -EBADMSG, "128 frames accepted");

	/* bad magic, other version */
	memset(p, 0, sizeof(p));
	memcpy(p, "KTRAIL\r\n", 8);
	kt_put_le16(p + 8, KT_FORMAT_VERSION + 1);
	rec = (struct kt_rec){ KT_REC_HEADER, 32, p };
	CHECK(codec__get_header(&rec, &h) == -EPROTONOSUPPORT &&
	      h.version == KT_FORMAT_VERSION + 1, "a future version accepted");
	kt_put_le16(p + 8, 0);
	CHECK(codec__get_header(&rec, &h) == -EPROTONOSUPPORT, "version 0 accepted");
	p[0] = 'X';
	CHECK(codec__get_header(&rec, &h) == -EPROTO, "bad magic accepted");
	rec.kind = KT_REC_META;
	memcpy(p, "KTRAIL\r\n", 8);
	CHECK(codec__get_header(&rec, &h) == -EPROTO, "header of kind META");

	/* record headers: short, over KT_MAX_RECORD, past the batch */
	memset(p, 0, sizeof(p));
	pos = p;
	CHECK(codec__next(&pos, p + 5, &rec) == -EBADMSG, "5-byte header");
	kt_put_le32(p + 4, KT_MAX_RECORD + 1);
	pos = p;
	CHECK(codec__next(&pos, p + sizeof(p), &rec) == -EBADMSG, "over max");
	kt_put_le32(p + 4, 100);
	pos = p;
	CHECK(codec__next(&pos, p + 50, &rec) == -EBADMSG, "past the end");
	pos = p;
	CHECK(codec__next(&pos, p + 108, &rec) == 1 && pos == p + 108 &&
	      rec.len == 100, "exact fit");
	pos = p;
	CHECK(codec__next(&pos, p, &rec) == 0, "end of batch");
}

int main(void)
{
	test_roundtrip();
	test_sizes();
	test_limits();
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
