// SPDX-License-Identifier: MIT
/*
 * import.c - a trace file, frame by frame, into the database.
 *
 * Frames arrive from analyzer/import/prefetch.c, read and checked whole in a
 * second thread (analyzer/import/check.c) before any of them is written, so a
 * corrupt frame adds no rows and "the frames before it stay imported"
 * (FORMAT.md section 3) holds exactly. Then import_batch() writes it. PROC records change which name an event
 * gets, so within a frame they are applied in time order, merged with the
 * events sorted by time. An event is named as its thread was when the
 * call returned: a successful execve() gets the name of the image it
 * started (its EXEC record falls between its entry and its return), as
 * /proc/PID/comm shows it after the call.
 *
 * Messages name the file and, for damage, the byte offset of the frame.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sqlite3.h>
#include "analyzer/grow.h"
#include "analyzer/progress.h"
#include "argvs.h"
#include "blobs.h"
#include "callargs.h"
#include "fdpass.h"
#include "frameseq.h"
#include "import.h"
#include "keys.h"
#include "prefetch.h"
#include "probeids.h"
#include "procs.h"
#include "reader.h"
#include "rows.h"
#include "analyzer/u32map.h"
#include "schema/codec.h"
#include "schema/errnos.h"

/* A PROC record of the current frame, waiting for its turn. */
struct held_proc {
	struct kt_proc p;	/* strings point into the batch */
	uint32_t seq;		/* file order, to keep ties stable */
};

/* t->nargs of a syscall without a SYSARGS record: all six registers kept */
#define NARGS_UNSAID	0xff

struct trace {
	sqlite3 *db;
	struct rows *rows;
	struct procs *procs;
	const char *path;
	int tid;
	uint64_t origin;	/* HEADER.origin_ns */
	unsigned version;	/* HEADER.version */
	int64_t wall_offset;
	int have_end, have_errnos, have_start_wall;
	struct kt_end end;
	uint64_t nevents, lost, nframes;
	int64_t max_ts;		/* latest time seen, relative */
	struct probeids *probes;	/* the trace's probe numbers -> ids */
	uint8_t nargs[KT_SYSCALL_IDS];	/* SYSARGS by syscall, or NARGS_UNSAID */
	struct keys *keys;	/* keys of event_rows' indexes */
	struct blobs *blobs;	/* captured bytes, by id */
	struct callargs *args;	/* renders args, path, addr */
	struct fdpass *fds;	/* the fd_path replay */
	struct argvs *argvs;	/* processes.argv */
	struct frameseq fs;	/* frame numbers and the recording's id */
	struct kt_events ev;	/* blocks the check did not keep decoded */
	uint32_t *perm;		/* event order when a block is unsorted */
	uint32_t perm_cap;
	struct held_proc *pend;
	uint32_t npend, cappend;
	struct kt_rec *evrecs;	/* EVENTS records of the current frame */
	uint32_t nevrecs, capevrecs;
	struct kt_frame frames[KT_MAX_FRAMES];
	struct progress *pg;	/* the status line on a terminal, or NULL */
};

/* A decimal number of the trace's, as META values hold them; 0 if not. */
static uint32_t str_u32(struct kt_str s)
{
	uint64_t v = 0;

	for (uint32_t i = 0; i < s.len; i++) {
		if (s.p[i] < '0' || s.p[i] > '9' || v > UINT32_MAX / 10)
			return 0;
		v = v * 10 + (uint64_t)(s.p[i] - '0');
	}
	return v > UINT32_MAX ? 0 : (uint32_t)v;
}

/* The argument count of syscall nr the trace gives, or -1. */
static int syscall_nargs(const struct trace *t, uint32_t nr)
{
	return nr < KT_SYSCALL_IDS && t->nargs[nr] != NARGS_UNSAID ?
	       t->nargs[nr] : -1;
}

/* The argument count of the probe with id, syscall or not, or -1. */
static int probe_nargs(const struct trace *t, uint32_t id)
{
	return id < KT_SYSCALL_IDS ? syscall_nargs(t, id) :
	       callargs__probe_nargs(t->args, id);
}

static int64_t rel(const struct trace *t, uint64_t ts)
{
	return (int64_t)(ts - t->origin);
}

/* ---- writing a frame ---------------------------------------------------- */

static int cmp_held(const void *a, const void *b)
{
	const struct held_proc *x = a, *y = b;

	if (x->p.ts_ns != y->p.ts_ns)
		return x->p.ts_ns < y->p.ts_ns ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int cmp_perm(const void *a, const void *b, void *ctx)
{
	const struct kt_event *ev = ctx;
	uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;

	if (ev[i].ts_ns != ev[j].ts_ns)
		return ev[i].ts_ns < ev[j].ts_ns ? -1 : 1;
	return i < j ? -1 : i > j;
}

/* Time order of a decoded block: NULL when it is sorted already. */
static const uint32_t *event_order(struct trace *t, const struct kt_events *evs,
				   int *err)
{
	const struct kt_event *ev = evs->ev;
	uint32_t n = evs->n, i;

	for (i = 1; i < n; i++)
		if (ev[i].ts_ns < ev[i - 1].ts_ns)
			break;
	if (i >= n)
		return NULL;
	*err = grow((void **)&t->perm, &t->perm_cap, n, sizeof(*t->perm));
	if (*err)
		return NULL;
	for (i = 0; i < n; i++)
		t->perm[i] = i;
	qsort_r(t->perm, n, sizeof(*t->perm), cmp_perm, evs->ev);
	return t->perm;
}

static int apply_proc(struct trace *t, const struct held_proc *p)
{
	int64_t ts = rel(t, p->p.ts_ns);

	if (ts > t->max_ts)
		t->max_ts = ts;
	const uint8_t *argv;
	uint32_t len;
	int err = procs__apply(t->procs, &p->p, ts) ?:
		  fdpass__proc(t->fds, &p->p, ts);

	if (!err && p->p.what == KT_PROC_EXEC &&
	    (p->p.argv.status == KT_CAP_OK || p->p.argv.status == KT_CAP_TRUNC) &&
	    blobs__get(t->blobs, p->p.argv.blob, &argv, &len))
		err = argvs__exec(t->argvs, p->p.pid, ts, argv, len);
	return err;
}

/*
 * The comm id of event e (at ts), of the frame whose next PROC record to
 * apply is pend[pi]: the name when the call returned. The EXEC record of
 * a successful execve() may still wait in pend (its time is inside the
 * call, after the event's); past this frame it has been applied and the
 * names at the return time give it. Returns the id, -1 (unknown) or a
 * negative errno below -1.
 */
static int64_t event_comm(struct trace *t, const struct kt_event *e,
			  int64_t ts, uint32_t pi)
{
	const unsigned ok = KT_EV_RET | KT_EV_LATENCY;
	uint64_t until;

	if ((e->flags & ok) != ok || e->ret != 0)
		return procs__comm(t->procs, e->pid, e->tid, ts);
	until = e->ts_ns + e->latency_ns;
	for (uint32_t i = pi; i < t->npend && t->pend[i].p.ts_ns <= until; i++) {
		const struct kt_proc *p = &t->pend[i].p;

		if (p->what == KT_PROC_EXEC && p->pid == e->pid && p->comm.len)
			return procs__name(t->procs, p->comm.p,
					   p->comm.len);
	}
	return procs__comm(t->procs, e->pid, e->tid, rel(t, until));
}

/*
 * The text columns of a syscall event (args, path, addr), and what the
 * fd_path replay keeps of it.
 */
static int event_texts(struct trace *t, const struct kt_event *e, int nargs,
		       int64_t ts, struct callargs_out *txt)
{
	return callargs__render(t->args, e, nargs, txt) ?:
	       fdpass__event(t->fds, e, nargs, ts);
}

/*
 * Write the events of one EVENTS record; *pi walks t->pend. The check kept
 * the frame's last block decoded (usually its only one); others are
 * decoded again here.
 */
static int import_events(struct trace *t, const struct kt_rec *rec,
			 const struct check *c, uint32_t *pi)
{
	const struct kt_events *evs = &c->ev;
	struct callargs_out txt;
	const uint32_t *order;
	uint32_t last_probe = 0, probe = 0;
	int err = 0, have_last = 0, nargs = KT_NARGS;

	if (c->ev_of != rec->payload) {
		err = codec__get_events(rec, &t->ev);
		if (err)
			return err;
		evs = &t->ev;
	}
	order = event_order(t, evs, &err);
	if (err)
		return err;
	for (uint32_t k = 0; k < evs->n; k++) {
		const struct kt_event *e = &evs->ev[order ? order[k] : k];
		int64_t ts = rel(t, e->ts_ns), comm;

		while (*pi < t->npend && t->pend[*pi].p.ts_ns <= e->ts_ns)
			if ((err = apply_proc(t, &t->pend[(*pi)++])))
				return err;
		if (!have_last || e->probe != last_probe) {
			if ((err = probeids__id(t->probes, e->probe, &probe)))
				return err;
			nargs = probe_nargs(t, e->probe);
			if (nargs < 0)
				nargs = KT_NARGS;
		}
		if ((err = keys__event(t->keys, t->db, e)))
			return err;
		last_probe = e->probe;
		have_last = 1;
		if (ts > t->max_ts)
			t->max_ts = ts;
		comm = event_comm(t, e, ts, *pi);
		if (comm < -1)
			return (int)comm;
		err = event_texts(t, e, nargs, ts, &txt) ?:
		      rows__event(t->rows, t->tid, e, probe, nargs, ts, comm,
				  &txt);
		if (err)
			return err;
	}
	t->nevents += evs->n;
	return 0;
}

/* Write one record that is not EVENTS or PROC. */
static int import_row(struct trace *t, const struct kt_rec *rec)
{
	union {
		struct kt_meta m;
		struct kt_name n;
		struct kt_probe p;
		struct kt_lost l;
		struct kt_stack s;
		struct kt_sysargs a;
		struct kt_blob b;
		struct kt_fd f;
	} u;

	switch (rec->kind) {
	case KT_REC_META:
		codec__get_meta(rec, &u.m);
		if (u.m.key.len == 10 && !memcmp(u.m.key.p, "start_wall", 10))
			t->have_start_wall = 1;
		if (u.m.key.len == 12 && !memcmp(u.m.key.p, "string_limit", 12))
			callargs__strsize(t->args, str_u32(u.m.value));
		return rows__meta(t->rows, t->tid, u.m.key, u.m.value);
	case KT_REC_SYSCALL:
		codec__get_name(rec, &u.n);
		return callargs__name(t->args, u.n.nr, u.n.name) ?:
		       rows__syscall(t->rows, t->tid, u.n.nr, u.n.name,
				     syscall_nargs(t, u.n.nr));
	case KT_REC_SYSARGS:
		codec__get_sysargs(rec, &u.a);
		if (u.a.nr < KT_SYSCALL_IDS)
			t->nargs[u.a.nr] = u.a.nargs;
		if (u.a.has_types && u.a.nr >= KT_SYSCALL_IDS)
			return callargs__probe(t->args, &u.a);
		if (u.a.has_types)
			callargs__types(t->args, u.a.nr, u.a.type);
		return rows__sysargs(t->rows, t->tid, u.a.nr, u.a.nargs);
	case KT_REC_BLOB:
		codec__get_blob(rec, &u.b);
		return blobs__add(t->blobs, &u.b);
	case KT_REC_FD:
		codec__get_fd(rec, &u.f);
		return fdpass__initial(t->fds, &u.f);
	case KT_REC_ERRNO:
		codec__get_name(rec, &u.n);
		t->have_errnos = 1;
		return rows__errno(t->rows, t->tid, u.n.nr, u.n.name);
	case KT_REC_PROBE:
		codec__get_probe(rec, &u.p);
		return probeids__define(t->probes, &u.p);
	case KT_REC_LOST:
		codec__get_lost(rec, &u.l);
		t->lost += u.l.count;
		return rows__lost(t->rows, t->tid, &u.l, rel(t, u.l.ts_ns));
	case KT_REC_STACK:
		codec__get_stack(rec, &u.s, t->frames);
		return rows__stack(t->rows, t->tid, &u.s);
	case KT_REC_END:
		codec__get_end(rec, &t->end);
		t->have_end = 1;
		return 0;
	default:
		return 0;
	}
}

/* First pass: rows, PROC records aside, EVENTS records aside. */
static int collect_batch(struct trace *t, const unsigned char *b, size_t len)
{
	const unsigned char *pos = b, *end = b + len;
	struct kt_rec rec;
	int err;

	t->npend = t->nevrecs = 0;
	while (codec__next(&pos, end, &rec) == 1) {
		if (rec.kind == KT_REC_HEADER)
			continue;
		if (rec.kind == KT_REC_EVENTS) {
			if (grow((void **)&t->evrecs, &t->capevrecs,
				 t->nevrecs + 1, sizeof(*t->evrecs)))
				return -ENOMEM;
			t->evrecs[t->nevrecs++] = rec;
		} else if (rec.kind == KT_REC_PROC) {
			struct held_proc *p;

			if (grow((void **)&t->pend, &t->cappend, t->npend + 1,
				 sizeof(*t->pend)))
				return -ENOMEM;
			p = &t->pend[t->npend];
			codec__get_proc(&rec, &p->p);
			p->seq = t->npend++;
			err = rows__proc_event(t->rows, t->tid, &p->p,
					       rel(t, p->p.ts_ns));
			if (err)
				return err;
		} else if ((err = import_row(t, &rec))) {
			return err;
		}
	}
	return 0;
}

/* Write a checked frame. Returns 0, or non-zero after printing why. */
static int import_batch(struct trace *t, const struct frame *f)
{
	uint32_t pi = 0;
	int err = collect_batch(t, f->batch, f->len);

	if (!err && t->npend)
		qsort(t->pend, t->npend, sizeof(*t->pend), cmp_held);
	for (uint32_t i = 0; !err && i < t->nevrecs; i++)
		err = import_events(t, &t->evrecs[i], &f->check, &pi);
	while (!err && pi < t->npend)
		err = apply_proc(t, &t->pend[pi++]);
	if (!err)
		err = rows__flush_events(t->rows);
	if (err == -ENOMEM)
		fprintf(stderr, "analyze: out of memory\n");
	t->nframes++;
	return err;
}

/* ---- the trace as a whole ----------------------------------------------- */

static int on_comm(void *ctx, uint32_t id, const char *s, uint32_t len)
{
	struct trace *t = ctx;

	return rows__comm(t->rows, t->tid, id, s, len);
}

static int on_life(void *ctx, const struct proc_life *l)
{
	struct trace *t = ctx;

	return rows__process(t->rows, t->tid, l);
}

static int add_errnos(struct trace *t)
{
	int err = 0;

	/* the analyzing machine's <errno.h> names only for a trace without
	 * its own; the kernel-internal codes always */
	for (int i = t->have_errnos ? kt_errnos_libc : 0;
	     !err && i < kt_errnos_count; i++)
		err = rows__errno(t->rows, t->tid, (uint32_t)kt_errnos[i].nr,
				  kt_str(kt_errnos[i].name));
	return err;
}

/* The keys meta gets from the analyzer (trace.sql, table meta). */
static int add_meta(struct trace *t)
{
	struct rows *r = t->rows;
	int64_t dur = t->have_end && t->end.end_ns >= t->origin ?
		      rel(t, t->end.end_ns) : t->max_ts;
	int e = t->have_end, err = 0;

	if (!t->have_start_wall) {
		/* wrapping u64 arithmetic: both come from the file */
		int64_t wall = (int64_t)(t->origin + (uint64_t)t->wall_offset);
		time_t secs = (time_t)(wall / 1000000000);
		char buf[64] = "";
		struct tm tm;

		if (gmtime_r(&secs, &tm))
			strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
		err = rows__meta_str(r, t->tid, "start_wall", buf);
	}
	err = err ?: rows__meta_str(r, t->tid, "file", t->path);
	err = err ?: rows__meta_i64(r, t->tid, "format_version",
				    t->version, 1);
	err = err ?: rows__meta_i64(r, t->tid, "complete", e, 1);
	err = err ?: rows__meta_i64(r, t->tid, "duration_ns", dur, 1);
	err = err ?: rows__meta_i64(r, t->tid, "events",
				    (int64_t)t->nevents, 1);
	err = err ?: rows__meta_i64(r, t->tid, "lost", (int64_t)t->lost, 1);
	err = err ?: rows__meta_i64(r, t->tid, "dropped",
				    (int64_t)t->end.dropped, e);
	err = err ?: rows__meta_i64(r, t->tid, "stack_errors",
				    (int64_t)t->end.stack_errors, e);
	err = err ?: rows__meta_i64(r, t->tid, "unreadable_args",
				    (int64_t)t->end.cap_failed,
				    e && t->version >= 2);
	/* frameseq.c: frames lost, and frames not imported */
	err = err ?: rows__meta_i64(r, t->tid, "frames_missing",
				    (int64_t)t->fs.missing, t->fs.checked);
	err = err ?: rows__meta_i64(r, t->tid, "frames_skipped",
				    (int64_t)t->fs.skipped, t->fs.checked);
	return err ?: rows__complete(r, t->tid, e);
}

static int finish_trace(struct trace *t)
{
	int err = procs__flush(t->procs) ?: keys__write(t->keys, t->rows) ?:
		  fdpass__run(t->fds, t->rows, t->tid) ?:
		  argvs__write(t->argvs, t->rows, t->tid);

	if (err == -ENOMEM)
		fprintf(stderr, "analyze: out of memory\n");
	return err ?: probeids__write(t->probes, t->rows, t->tid) ?:
	       add_errnos(t) ?: add_meta(t) ?:
	       (sqlite3_exec(t->db, "COMMIT", NULL, NULL, NULL) ? -1 : 0);
}

/*
 * The first frame must start with a good HEADER (FORMAT.md section 3).
 * Returns 0 or prints why not and returns -1.
 */
static int check_first(struct trace *t, const struct frame *f)
{
	const unsigned char *pos = f->batch;
	struct kt_header h;
	struct kt_rec rec;
	int err;

	if (codec__next(&pos, f->batch + f->len, &rec) != 1 ||
	    rec.kind != KT_REC_HEADER) {
		fprintf(stderr, "analyze: '%s': not a ktrail trace (no trace header)\n",
			t->path);
		return -1;
	}
	err = codec__get_header(&rec, &h);
	if (err == -EPROTO) {
		fprintf(stderr, "analyze: '%s': not a ktrail trace (bad magic)\n",
			t->path);
		return -1;
	}
	if (err == -EPROTONOSUPPORT) {
		fprintf(stderr, "analyze: '%s': unsupported trace format version %u (this analyze reads versions %d to %d)\n",
			t->path, h.version, KT_FORMAT_OLDEST, KT_FORMAT_VERSION);
		return -1;
	}
	if (err) {
		fprintf(stderr, "analyze: '%s': corrupt frame at offset 0: malformed HEADER record\n",
			t->path);
		return -1;
	}
	t->origin = h.origin_ns;
	t->wall_offset = h.wall_offset_ns;
	t->version = h.version;
	if (f->bad) {
		fprintf(stderr, "analyze: '%s': corrupt frame at offset 0: %s\n",
			t->path, f->check.detail);
		return -1;
	}
	return 0;
}

/* Report why the reader stopped at frame f; returns the result. */
static enum import_result reader_failed(struct trace *t, const struct frame *f)
{
	unsigned long long off = f->offset, n = t->nframes;
	int first = !t->nframes, rc = f->rc;

	if (rc == -RD_IO) {
		fprintf(stderr, "analyze: cannot read '%s': %s\n", t->path,
			f->rd_detail);
		return first ? IMPORT_FAILED : IMPORT_PARTIAL;
	}
	if (first && rc == -RD_NOT_ZSTD) {
		fprintf(stderr, "analyze: '%s': not a ktrail trace (not a zstd stream)\n",
			t->path);
		return IMPORT_FAILED;
	}
	if (rc == -RD_TRUNCATED && first) {
		fprintf(stderr, "analyze: '%s': truncated trace: the file ends inside its first frame; nothing to import\n",
			t->path);
		return IMPORT_FAILED;
	}
	if (rc == -RD_TRUNCATED) {
		fprintf(stderr, "analyze: warning: '%s': truncated trace: the file ends inside the frame at offset %llu; kept the %llu complete frame%s before it\n",
			t->path, off, n, n == 1 ? "" : "s");
		return IMPORT_TRUNCATED;
	}
	fprintf(stderr, "analyze: '%s': corrupt frame at offset %llu: %s\n",
		t->path, off,
		rc == -RD_NOT_ZSTD ? "not a zstd frame" :
		rc == -RD_TOO_BIG ? "more than 64 MiB of records" :
		rc == -RD_NOMEM ? "out of memory" : f->rd_detail);
	return first ? IMPORT_FAILED : IMPORT_PARTIAL;
}

/* Every frame after the first, until the end of the file or damage. */
static enum import_result import_rest(struct trace *t, struct prefetch *pf)
{
	struct frame *f;
	int err = 0;

	for (;; prefetch__done(pf)) {
		f = prefetch__next(pf);
		if (f->rc != 1 || t->have_end || f->bad)
			break;
		if (!frameseq__accept(&t->fs, f->batch, f->len, f->offset, 0))
			continue;
		err = import_batch(t, f);
		if (err)
			break;
		progress__update(t->pg, f->offset, t->nevents);
	}
	progress__clear(t->pg);		/* messages start at the margin */
	if (err)
		return IMPORT_FAILED;
	if (f->rc == 1 && t->have_end) {
		fprintf(stderr, "analyze: '%s': corrupt frame at offset %llu: data after the END record\n",
			t->path, (unsigned long long)f->offset);
		return IMPORT_PARTIAL;
	}
	if (f->rc == 1) {
		fprintf(stderr, "analyze: '%s': corrupt frame at offset %llu: %s\n",
			t->path, (unsigned long long)f->offset,
			f->check.detail);
		return IMPORT_PARTIAL;
	}
	if (f->rc < 0)
		return reader_failed(t, f);
	if (!t->have_end) {
		fprintf(stderr, "analyze: warning: '%s': truncated trace: no END record after the last frame (offset %llu); the recording did not finish\n",
			t->path, (unsigned long long)f->offset);
		return IMPORT_TRUNCATED;
	}
	return IMPORT_OK;
}

static enum import_result import_trace(struct trace *t, struct prefetch *pf)
{
	enum import_result res;
	struct frame *f = prefetch__next(pf);

	if (f->rc == 0) {
		fprintf(stderr, "analyze: '%s': not a ktrail trace (empty file)\n",
			t->path);
		return IMPORT_FAILED;
	}
	if (f->rc < 0)
		return reader_failed(t, f);
	if (check_first(t, f))
		return IMPORT_FAILED;
	frameseq__accept(&t->fs, f->batch, f->len, f->offset, 1);
	if (sqlite3_exec(t->db, "BEGIN", NULL, NULL, NULL) ||
	    rows__trace(t->rows, t->tid, t->path, (int)t->version, t->origin,
			t->wall_offset, 0) ||
	    import_batch(t, f))
		return IMPORT_FAILED;
	prefetch__done(pf);
	res = import_rest(t, pf);
	if (res == IMPORT_FAILED)
		return res;
	if (finish_trace(t)) {
		fprintf(stderr, "analyze: cannot write the database: %s\n",
			sqlite3_errmsg(t->db));
		return IMPORT_FAILED;
	}
	return res;
}

enum import_result import__file(struct sqlite3 *db, const char *path, int tid)
{
	struct procs_ops ops = { .comm = on_comm, .life = on_life };
	struct trace *t = calloc(1, sizeof(*t));
	enum import_result res = IMPORT_FAILED;
	struct prefetch *pf = NULL;
	struct reader *r;

	if (!t) {
		fprintf(stderr, "analyze: out of memory\n");
		return IMPORT_FAILED;
	}
	t->db = db;
	t->path = path;
	t->fs.path = path;
	t->tid = tid;
	ops.ctx = t;
	r = reader__open(path);
	if (!r) {
		fprintf(stderr, errno == EISDIR ?
			"analyze: cannot read '%s': %s\n" :
			"analyze: cannot open '%s': %s\n", path, strerror(errno));
		goto out_free;
	}
	t->rows = rows__new(db);
	t->procs = procs__new(&ops);
	t->keys = keys__new();
	t->probes = probeids__new();
	t->blobs = blobs__new();
	t->args = t->blobs ? callargs__new(t->blobs) : NULL;
	t->fds = t->args ? fdpass__new(t->args) : NULL;
	t->argvs = argvs__new();
	memset(t->nargs, NARGS_UNSAID, sizeof(t->nargs));
	if (!t->rows || !t->procs || !t->keys || !t->probes || !t->fds ||
	    !t->argvs) {
		if (t->rows)
			fprintf(stderr, "analyze: out of memory\n");
		goto out_free;
	}
	t->pg = progress__start(path);
	pf = prefetch__start(r);
	if (!pf) {
		fprintf(stderr, "analyze: cannot start a thread: %s\n",
			strerror(errno));
		goto out_free;
	}
	/* no ROLLBACK on failure: without a journal it cannot undo, and
	 * main exits at once */
	res = import_trace(t, pf);
out_free:
	progress__end(t->pg);
	prefetch__stop(pf);
	reader__free(r);
	rows__free(t->rows);
	procs__free(t->procs);
	probeids__free(t->probes);
	keys__free(t->keys);
	argvs__free(t->argvs);
	fdpass__free(t->fds);
	callargs__free(t->args);
	blobs__free(t->blobs);
	kt_events__free(&t->ev);
	free(t->perm);
	free(t->pend);
	free(t->evrecs);
	free(t);
	return res;
}
