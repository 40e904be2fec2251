// SPDX-License-Identifier: MIT
/*
 * writer.c - one batch in memory, one zstd frame per flush.
 *
 * Events are collected as structs and encoded column by column only at
 * flush, in arrival order: each CPU's perf buffer is drained in one go, so
 * a batch is a few long runs sorted by time, and the zigzag deltas stay
 * small without the cost of a sort (a sort was a fifth of the recorder's
 * CPU time on a tight syscall loop). Row records
 * (processes, losses, stacks) are encoded as they arrive and precede the
 * batch's events in the frame, so a reader knows a stack before an event
 * names it. Each frame is compressed with ZSTD_compress2(), which writes the
 * content size and, with ZSTD_c_checksumFlag, an XXH64 checksum: a frame is
 * either whole or detectably broken.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zstd.h>
#include "writer.h"
#include "../schema/codec.h"

/* Batch limits: a frame holds at most this many events or row bytes. */
#define BATCH_EVENTS	(1u << 16)
#define BATCH_ROW_BYTES	(4u << 20)

struct writer {
	int fd;
	int err;		/* sticky write error, negative errno */
	ZSTD_CCtx *cctx;
	struct kt_buf rows;	/* row records of this batch */
	struct kt_event *ev;	/* events of this batch */
	uint32_t nev;
	void *zbuf;		/* compressed frame */
	size_t zcap;
	uint64_t events;	/* events written so far */
	uint64_t bytes;		/* bytes written so far */
};

struct writer *writer__new(int fd, int level)
{
	struct writer *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	w->fd = fd;
	w->ev = malloc(BATCH_EVENTS * sizeof(*w->ev));
	w->cctx = ZSTD_createCCtx();
	if (!w->ev || !w->cctx)
		goto out_free;
	if (ZSTD_isError(ZSTD_CCtx_setParameter(w->cctx,
			ZSTD_c_compressionLevel, level)) ||
	    ZSTD_isError(ZSTD_CCtx_setParameter(w->cctx,
			ZSTD_c_checksumFlag, 1)))
		goto out_free;
	return w;

out_free:
	writer__free(w);
	errno = ENOMEM;
	return NULL;
}

struct kt_buf *writer__rows(struct writer *w)
{
	return &w->rows;
}

int writer__event(struct writer *w, const struct kt_event *ev)
{
	if (w->err)
		return w->err;	/* the file is broken: nothing more goes in */
	w->ev[w->nev++] = *ev;
	if (w->nev == BATCH_EVENTS || w->rows.len >= BATCH_ROW_BYTES)
		return writer__flush(w);
	return w->err;
}

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

int writer__flush(struct writer *w)
{
	struct kt_buf *f = &w->rows;	/* the frame: rows, then one events block */
	size_t bound, zlen;
	int err;

	if (w->err)
		return w->err;
	if (!w->nev && !f->len)
		return 0;
	if (w->nev)
		codec__put_events(f, w->ev, w->nev);
	if (f->err)
		return w->err = f->err;

	bound = ZSTD_compressBound(f->len);
	if (bound > w->zcap) {
		void *z = realloc(w->zbuf, bound);

		if (!z)
			return w->err = -ENOMEM;
		w->zbuf = z;
		w->zcap = bound;
	}
	zlen = ZSTD_compress2(w->cctx, w->zbuf, w->zcap, f->p, f->len);
	if (ZSTD_isError(zlen))
		return w->err = -EIO;
	err = write_all(w->fd, w->zbuf, zlen);
	if (err)
		return w->err = err;
	w->bytes += zlen;
	w->events += w->nev;
	w->nev = 0;
	kt_buf__reset(f);
	return 0;
}

uint64_t writer__events(const struct writer *w)
{
	return w->events;
}

uint64_t writer__bytes(const struct writer *w)
{
	return w->bytes;
}

void writer__free(struct writer *w)
{
	if (!w)
		return;
	ZSTD_freeCCtx(w->cctx);
	kt_buf__free(&w->rows);
	free(w->ev);
	free(w->zbuf);
	free(w);
}
