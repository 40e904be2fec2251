// SPDX-License-Identifier: MIT
/*
 * prefetch.c - a producer thread and a ring of NSLOT frames.
 *
 * The thread fills the slot after the last full one, the importer empties
 * them in order; a mutex and two condition variables (a slot is free, a
 * frame is ready) are all the synchronization. Each slot owns a copy of
 * its batch (the reader reuses its buffer) and the events check__batch()
 * decoded, so memory stays bounded: NSLOT batches of at most KT_MAX_BATCH.
 * The thread stops after a frame with rc <= 0 or when asked to; it is
 * never cancelled, so a read in progress finishes first.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "prefetch.h"
#include "reader.h"

#define NSLOT 2		/* one being imported, one being read */

struct prefetch {
	struct reader *r;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t free_slot;	/* signalled by prefetch__done() */
	pthread_cond_t ready;		/* signalled by the thread */
	struct frame slot[NSLOT];
	int head;			/* the oldest full slot */
	int count;			/* full slots */
	int stop;
};

/* The batch of an empty frame: never NULL, never the reader's buffer. */
static const unsigned char none[1];

/* Read the frame number nr into f (outside the lock). */
static void fill(struct prefetch *p, struct frame *f, unsigned long nr)
{
	const unsigned char *b;
	size_t len;

	f->rc = reader__next(p->r, &b, &len);
	f->offset = reader__offset(p->r);
	f->bad = 0;
	f->len = 0;
	if (f->rc < 0) {
		snprintf(f->rd_detail, sizeof(f->rd_detail), "%s",
			 reader__detail(p->r));
		return;
	}
	if (f->rc == 0)
		return;
	if (len > f->cap) {
		unsigned char *n = realloc(f->buf, len);

		if (!n) {
			f->rc = -RD_NOMEM;
			return;
		}
		f->buf = n;
		f->cap = len;
	}
	if (len)
		memcpy(f->buf, b, len);
	f->batch = len ? f->buf : none;
	f->len = len;
	f->bad = check__batch(&f->check, f->batch, len, nr == 0) != 0;
}

static void *run(void *arg)
{
	struct prefetch *p = arg;

	for (unsigned long nr = 0;; nr++) {
		struct frame *f;
		int rc;

		pthread_mutex_lock(&p->lock);
		while (p->count == NSLOT && !p->stop)
			pthread_cond_wait(&p->free_slot, &p->lock);
		if (p->stop) {
			pthread_mutex_unlock(&p->lock);
			break;
		}
		f = &p->slot[(p->head + p->count) % NSLOT];
		pthread_mutex_unlock(&p->lock);

		fill(p, f, nr);
		rc = f->rc;

		pthread_mutex_lock(&p->lock);
		p->count++;
		pthread_cond_signal(&p->ready);
		pthread_mutex_unlock(&p->lock);
		if (rc != 1)
			break;
	}
	return NULL;
}

struct prefetch *prefetch__start(struct reader *r)
{
	struct prefetch *p = calloc(1, sizeof(*p));
	int err;

	if (!p)
		return NULL;
	p->r = r;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->free_slot, NULL);
	pthread_cond_init(&p->ready, NULL);
	err = pthread_create(&p->thread, NULL, run, p);
	if (err) {
		pthread_cond_destroy(&p->ready);
		pthread_cond_destroy(&p->free_slot);
		pthread_mutex_destroy(&p->lock);
		free(p);
		errno = err;
		return NULL;
	}
	return p;
}

struct frame *prefetch__next(struct prefetch *p)
{
	struct frame *f;

	pthread_mutex_lock(&p->lock);
	while (!p->count)
		pthread_cond_wait(&p->ready, &p->lock);
	f = &p->slot[p->head];
	pthread_mutex_unlock(&p->lock);
	return f;
}

void prefetch__done(struct prefetch *p)
{
	pthread_mutex_lock(&p->lock);
	p->head = (p->head + 1) % NSLOT;
	p->count--;
	pthread_cond_signal(&p->free_slot);
	pthread_mutex_unlock(&p->lock);
}

void prefetch__stop(struct prefetch *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->stop = 1;
	pthread_cond_signal(&p->free_slot);
	pthread_mutex_unlock(&p->lock);
	pthread_join(p->thread, NULL);
	for (int i = 0; i < NSLOT; i++) {
		check__free(&p->slot[i].check);
		free(p->slot[i].buf);
	}
	pthread_cond_destroy(&p->ready);
	pthread_cond_destroy(&p->free_slot);
	pthread_mutex_destroy(&p->lock);
	free(p);
}
