// SPDX-License-Identifier: MIT
/*
 * extsort.c - sorted runs in a temporary file, merged for two ranks.
 *
 * The runs' file is made in SQLITE_TMPDIR, TMPDIR or /tmp (where SQLite
 * spills too) and unlinked at once: it disappears with the process. Its
 * contents are raw native doubles, never read by anything else. The
 * merge keeps a binary heap of the runs by their next value and pops
 * i + 2 values: O(n log runs) time, READ_VALUES doubles of memory a run.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "extsort.h"

#define READ_VALUES	4096	/* a run's read buffer: 32 KiB */

struct reader {
	uint64_t pos, end;	/* the run's unread values, in the file */
	double *buf;
	size_t at, len;		/* buf[at..len) not yet taken */
	double cur;		/* the run's smallest value not yet merged */
	int done;		/* no cur: the run is used up */
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The runs' file, made on first use. Returns its fd or a negative errno. */
static int runs_file(struct extsort *s)
{
	const char *dir = getenv("SQLITE_TMPDIR");
	char *path;
	int fd;

	if (s->fd)
		return s->fd - 1;
	if (!dir || !*dir)
		dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	if (asprintf(&path, "%s/ktrail-percentile.XXXXXX", dir) < 0)
		return -ENOMEM;
	fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0) {
		fd = -errno;
	} else {
		unlink(path);
		s->fd = fd + 1;
	}
	free(path);
	return fd;
}

/* Write all of buf at byte offset off. */
static int write_all(int fd, const void *buf, size_t len, off_t off)
{
	const char *p = buf;

	while (len) {
		ssize_t n = pwrite(fd, p, len, off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		p += n;
		len -= (size_t)n;
		off += n;
	}
	return 0;
}

/* Sort the buffer and append it to the file as one run. */
static int spill(struct extsort *s)
{
	uint64_t start = s->nruns ? s->runs[s->nruns] : 0;
	uint64_t *r = realloc(s->runs, (s->nruns + 2) * sizeof(*r));
	int fd = runs_file(s), err;

	if (!r)
		return -ENOMEM;
	s->runs = r;
	if (fd < 0)
		return fd;
	qsort(s->buf, s->nbuf, sizeof(*s->buf), cmp_double);
	err = write_all(fd, s->buf, s->nbuf * sizeof(*s->buf),
			(off_t)(start * sizeof(double)));
	if (err)
		return err;
	r[s->nruns] = start;
	r[++s->nruns] = start + s->nbuf;
	s->nbuf = 0;
	return 0;
}

int extsort__add(struct extsort *s, double v)
{
	if (s->nbuf == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		double *b;

		if (s->cap >= EXTSORT_RUN) {
			int err = spill(s);

			if (err)
				return err;
			cap = s->cap;
		}
		b = cap == s->cap ? s->buf : realloc(s->buf, cap * sizeof(*b));
		if (!b)
			return -ENOMEM;
		s->buf = b;
		s->cap = cap;
	}
	s->buf[s->nbuf++] = v;
	s->n++;
	return 0;
}

/* Load the next value of run rd into rd->cur (or set rd->done). */
static int advance(int fd, struct reader *rd)
{
	if (rd->at == rd->len) {
		uint64_t want = rd->end - rd->pos;
		ssize_t n;

		if (!want) {
			rd->done = 1;
			return 0;
		}
		if (want > READ_VALUES)
			want = READ_VALUES;
		do
			n = pread(fd, rd->buf, want * sizeof(double),
				  (off_t)(rd->pos * sizeof(double)));
		while (n < 0 && errno == EINTR);
		if (n < (ssize_t)sizeof(double))
			return n < 0 ? -errno : -EIO;
		rd->len = (size_t)n / sizeof(double);
		rd->pos += rd->len;
		rd->at = 0;
	}
	rd->cur = rd->buf[rd->at++];
	return 0;
}

/* Restore the heap order (smallest cur on top) below slot k. */
static void sift_down(struct reader **h, size_t n, size_t k)
{
	for (;;) {
		size_t l = 2 * k + 1, m = k;
		struct reader *t;

		if (l < n && h[l]->cur < h[m]->cur)
			m = l;
		if (l + 1 < n && h[l + 1]->cur < h[m]->cur)
			m = l + 1;
		if (m == k)
			return;
		t = h[k], h[k] = h[m], h[m] = t;
		k = m;
	}
}

/* Merge the runs up to rank i + 1. */
static int merge(struct extsort *s, uint64_t i, double *vi, double *vnext)
{
	struct reader *rd = calloc(s->nruns, sizeof(*rd));
	struct reader **h = calloc(s->nruns, sizeof(*h));
	int fd = s->fd - 1, err = rd && h ? 0 : -ENOMEM;
	size_t n = 0;

	for (size_t r = 0; !err && r < s->nruns; r++) {
		rd[r].pos = s->runs[r];
		rd[r].end = s->runs[r + 1];
		rd[r].buf = malloc(READ_VALUES * sizeof(double));
		err = rd[r].buf ? advance(fd, &rd[r]) : -ENOMEM;
		if (!err && !rd[r].done)
			h[n++] = &rd[r];
	}
	for (size_t k = n / 2; !err && k-- > 0;)
		sift_down(h, n, k);
	for (uint64_t k = 0; !err && k <= i + 1 && n; k++) {
		if (k == i)
			*vi = *vnext = h[0]->cur;
		else if (k == i + 1)
			*vnext = h[0]->cur;
		err = advance(fd, h[0]);
		if (h[0]->done)
			h[0] = h[--n];
		sift_down(h, n, 0);
	}
	for (size_t r = 0; rd && r < s->nruns; r++)
		free(rd[r].buf);
	free(rd);
	free(h);
	return err;
}

int extsort__ranks(struct extsort *s, uint64_t i, double *vi, double *vnext)
{
	int err;

	if (!s->nruns) {
		qsort(s->buf, s->nbuf, sizeof(*s->buf), cmp_double);
		*vi = s->buf[i];
		*vnext = s->buf[i + 1 < s->nbuf ? i + 1 : i];
		return 0;
	}
	if (s->nbuf && (err = spill(s)))
		return err;
	free(s->buf);
	s->buf = NULL;
	s->nbuf = s->cap = 0;
	return merge(s, i, vi, vnext);
}

void extsort__free(struct extsort *s)
{
	free(s->buf);
	free(s->runs);
	if (s->fd)
		close(s->fd - 1);
	memset(s, 0, sizeof(*s));
}
