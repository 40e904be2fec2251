// SPDX-License-Identifier: MIT
/*
 * writer.c - one batch in memory, one zstd frame per flush, compressed and
 * written by a thread of its own.
 *
 * Events are collected as structs and encoded column by column only at
 * flush, in arrival order: each CPU's perf buffer is drained in one go, so
 * a batch is a few long runs sorted by time, and the deltas stay small
 * without the cost of a sort (a sort was a fifth of the recorder's CPU time
 * on a tight syscall loop). Row records (processes, losses, stacks) are
 * encoded as they arrive and precede the batch's events in the frame, so a
 * reader knows a stack before an event names it.
 *
 * A flush hands the encoded batch to the writer thread and returns: the
 * pump goes back to draining the perf buffers while the frame is
 * compressed (compression stalled the drain long enough to overflow a
 * megabyte of buffer on a tight loop). One frame is in flight at a time.
 * Each frame is made by ZSTD_compressStream2() with the size pledged, so
 * it carries the content size and, with ZSTD_c_checksumFlag, an XXH64
 * checksum: a frame is either whole or detectably broken.
 *
 * Every frame opens with a FRAME record (after HEADER in the first one):
 * its number and the recording's random id, so a reader notices a frame
 * lost, repeated or taken from another trace (schema/FORMAT.md). It is
 * written by the flush and compressed in front of the batch, not copied
 * into it.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/random.h>
#include <zstd.h>
#include "writer.h"
#include "schema/codec.h"
#include "schema/le.h"

/* Batch limits: a frame holds at most this many events or row bytes. */
#define BATCH_EVENTS	(1u << 16)
#define BATCH_ROW_BYTES	(4u << 20)

struct writer {
	int fd;
	struct kt_buf rows;	/* row records of the batch being filled */
	struct kt_event *ev;	/* events of the batch being filled */
	uint32_t nev;
	uint64_t events;	/* events handed to the thread so far */
	struct kt_frameseq next;	/* the next frame's FRAME record */

	/* shared with the thread, under lock */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_t thread;
	int started;
	int busy;		/* `pending` holds a frame to write */
	int stop;
	int err;		/* sticky write error, negative errno */
	uint64_t bytes;		/* bytes written so far */
	struct kt_buf pending;	/* the batch the thread compresses */
	struct kt_buf pending_seq;	/* its FRAME record */

	/* the thread's own */
	ZSTD_CCtx *cctx;
	void *zbuf;		/* compressed frame */
	size_t zcap;
};

static int write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n) {
		ssize_t r = write(fd, c, n);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		c += r;
		n -= (size_t)r;
	}
	return 0;
}

/* Bytes of the HEADER record that opens batch f, or 0. */
static size_t header_len(const struct kt_buf *f)
{
	if (f->len < KT_REC_HDR_SIZE || kt_get_le16(f->p) != KT_REC_HEADER)
		return 0;
	return KT_REC_HDR_SIZE + kt_get_le32(f->p + 4);
}

/*
 * Compress and write one batch as one frame: its HEADER if it opens with
 * one, the FRAME record seq, the rest. Returns the bytes written or -errno.
 */
static ssize_t write_frame(struct writer *w, const struct kt_buf *f,
			   const struct kt_buf *seq)
{
	size_t hdr = header_len(f), total = f->len + seq->len;
	size_t bound = ZSTD_compressBound(total), ret;
	const struct { const void *p; size_t n; } part[3] = {
		{ f->p, hdr }, { seq->p, seq->len }, { f->p + hdr, f->len - hdr },
	};
	ZSTD_outBuffer out;
	int err;

	if (bound > w->zcap) {
		void *z = realloc(w->zbuf, bound);

		if (!z)
			return -ENOMEM;
		w->zbuf = z;
		w->zcap = bound;
	}
	out = (ZSTD_outBuffer){ w->zbuf, w->zcap, 0 };
	ZSTD_CCtx_reset(w->cctx, ZSTD_reset_session_only);
	if (ZSTD_isError(ZSTD_CCtx_setPledgedSrcSize(w->cctx, total)))
		return -EIO;
	for (int i = 0; i < 3; i++) {
		ZSTD_inBuffer in = { part[i].p, part[i].n, 0 };
		ZSTD_EndDirective end = i == 2 ? ZSTD_e_end : ZSTD_e_continue;

		do {
			ret = ZSTD_compressStream2(w->cctx, &out, &in, end);
			if (ZSTD_isError(ret) || (ret && out.pos == out.size))
				return -EIO;
		} while (end == ZSTD_e_end ? ret != 0 : in.pos < in.size);
	}
	err = write_all(w->fd, w->zbuf, out.pos);
	return err ? err : (ssize_t)out.pos;
}

static void *writer_thread(void *arg)
{
	struct writer *w = arg;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		ssize_t n = 0;
		int failed;

		while (!w->busy && !w->stop)
			pthread_cond_wait(&w->cond, &w->lock);
		if (!w->busy)
			break;
		failed = w->err;
		pthread_mutex_unlock(&w->lock);
		if (!failed)
			n = write_frame(w, &w->pending, &w->pending_seq);
		pthread_mutex_lock(&w->lock);
		if (n < 0 && !w->err)
			w->err = (int)n;
		else if (n > 0)
			w->bytes += (uint64_t)n;
		kt_buf__reset(&w->pending);
		w->busy = 0;
		pthread_cond_broadcast(&w->cond);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

struct writer *writer__new(int fd, int level)
{
	struct writer *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	w->fd = fd;
	/* the recording's id: random, or at worst the time and the pid */
	if (getrandom(w->next.trace_id, KT_TRACE_ID_SIZE, GRND_NONBLOCK) !=
	    KT_TRACE_ID_SIZE) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		snprintf((char *)w->next.trace_id, KT_TRACE_ID_SIZE, "%lx%lx%x",
			 (long)ts.tv_sec, ts.tv_nsec, (unsigned)getpid());
	}
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	w->ev = malloc(BATCH_EVENTS * sizeof(*w->ev));
	w->cctx = ZSTD_createCCtx();
	if (!w->ev || !w->cctx)
		goto out_free;
	if (ZSTD_isError(ZSTD_CCtx_setParameter(w->cctx,
			ZSTD_c_compressionLevel, level)) ||
	    ZSTD_isError(ZSTD_CCtx_setParameter(w->cctx,
			ZSTD_c_checksumFlag, 1)))
		goto out_free;
	if (pthread_create(&w->thread, NULL, writer_thread, w))
		goto out_free;
	w->started = 1;
	return w;

out_free:
	writer__free(w);
	errno = ENOMEM;
	return NULL;
}

static int sticky_error(struct writer *w)
{
	int err;

	pthread_mutex_lock(&w->lock);
	err = w->err;
	pthread_mutex_unlock(&w->lock);
	return err;
}

/* The batch is full when it holds BATCH_EVENTS events or BATCH_ROW_BYTES
 * of row records: flush it. err is the appender's own result. */
static int check_full(struct writer *w, int err)
{
	if (w->nev == BATCH_EVENTS || w->rows.len >= BATCH_ROW_BYTES)
		return writer__flush(w);
	return err;
}

int writer__event(struct writer *w, const struct kt_event *ev)
{
	w->ev[w->nev++] = *ev;
	return check_full(w, 0);
}

int writer__proc(struct writer *w, const struct kt_proc *p)
{
	return check_full(w, codec__put_proc(&w->rows, p));
}

int writer__lost(struct writer *w, const struct kt_lost *l)
{
	return check_full(w, codec__put_lost(&w->rows, l));
}

int writer__stack(struct writer *w, const struct kt_stack *s)
{
	return check_full(w, codec__put_stack(&w->rows, s));
}

int writer__blob(struct writer *w, const struct kt_blob *b)
{
	return check_full(w, codec__put_blob(&w->rows, b));
}

int writer__fd(struct writer *w, const struct kt_fd *f)
{
	return check_full(w, codec__put_fd(&w->rows, f));
}

int writer__end(struct writer *w, const struct kt_end *e)
{
	return check_full(w, codec__put_end(&w->rows, e));
}

int writer__append(struct writer *w, const struct kt_buf *b)
{
	return check_full(w, kt_buf__append(&w->rows, b));
}

int writer__flush(struct writer *w)
{
	struct kt_buf tmp;
	int err;

	if (!w->nev && !w->rows.len)
		return sticky_error(w);
	if (w->nev)
		codec__put_events(&w->rows, w->ev, w->nev);
	w->events += w->nev;
	w->nev = 0;
	err = w->rows.err;

	pthread_mutex_lock(&w->lock);
	while (w->busy)
		pthread_cond_wait(&w->cond, &w->lock);
	if (!err && !w->err) {
		/* swap: the thread gets this batch, we get its empty buffer */
		tmp = w->pending;
		w->pending = w->rows;
		w->rows = tmp;
		kt_buf__reset(&w->pending_seq);
		err = codec__put_frameseq(&w->pending_seq, &w->next);
		w->next.seq++;
		w->busy = !err;
		pthread_cond_broadcast(&w->cond);
	}
	if (err && !w->err)
		w->err = err;
	err = w->err;
	pthread_mutex_unlock(&w->lock);
	kt_buf__reset(&w->rows);
	return err;
}

int writer__sync(struct writer *w)
{
	int err = writer__flush(w);

	pthread_mutex_lock(&w->lock);
	while (w->busy)
		pthread_cond_wait(&w->cond, &w->lock);
	err = w->err ? w->err : err;
	pthread_mutex_unlock(&w->lock);
	return err;
}

uint64_t writer__events(const struct writer *w)
{
	return w->events + w->nev;
}

uint64_t writer__bytes(struct writer *w)
{
	uint64_t b;

	pthread_mutex_lock(&w->lock);
	b = w->bytes;
	pthread_mutex_unlock(&w->lock);
	return b;
}

void writer__free(struct writer *w)
{
	if (!w)
		return;
	if (w->started) {
		pthread_mutex_lock(&w->lock);
		w->stop = 1;
		pthread_cond_broadcast(&w->cond);
		pthread_mutex_unlock(&w->lock);
		pthread_join(w->thread, NULL);
	}
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->cond);
	ZSTD_freeCCtx(w->cctx);
	kt_buf__free(&w->rows);
	kt_buf__free(&w->pending);
	kt_buf__free(&w->pending_seq);
	free(w->ev);
	free(w->zbuf);
	free(w);
}
