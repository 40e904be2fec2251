/* SPDX-License-Identifier: MIT */
/*
 * writer.h - batches records and writes them as checksummed zstd frames.
 *
 * The pump hands decoded events and other records to the writer; the writer
 * keeps one batch in memory (row records in a buffer, events in an array
 * encoded column-wise at flush) and turns each flush into one independent
 * zstd frame (schema/FORMAT.md section 1). Nothing here knows about BPF.
 */
#ifndef KTRAIL_WRITER_H
#define KTRAIL_WRITER_H

#include <stddef.h>
#include <stdint.h>

struct kt_buf;
struct kt_end;
struct kt_event;
struct kt_lost;
struct kt_proc;
struct kt_blob;
struct kt_fd;
struct kt_stack;
struct writer;

/*
 * Start writing frames to fd (not closed by the writer) at zstd level.
 * Returns NULL with errno set.
 */
struct writer *writer__new(int fd, int level);

/*
 * Appenders: add one record to the batch being filled. Row records
 * (processes, losses, stacks, blobs, descriptors, the end) precede the batch's events in its
 * frame; writer__append() takes records already encoded into b by a record
 * builder (the header). Each flushes by itself when the batch is full.
 * Return 0, or a negative errno (-ENOMEM, or a flush's error).
 */
int writer__event(struct writer *w, const struct kt_event *ev);
int writer__proc(struct writer *w, const struct kt_proc *p);
int writer__lost(struct writer *w, const struct kt_lost *l);
int writer__stack(struct writer *w, const struct kt_stack *s);
int writer__blob(struct writer *w, const struct kt_blob *b);
int writer__fd(struct writer *w, const struct kt_fd *f);
int writer__end(struct writer *w, const struct kt_end *e);
int writer__append(struct writer *w, const struct kt_buf *b);

/*
 * Close the batch and hand it to the writer thread, which compresses it
 * as one zstd frame and writes it; waits only while the previous frame is
 * still in flight. An empty batch writes nothing. Returns 0 or a negative
 * errno; after a write error (ENOSPC, EIO) every later call returns the
 * same error and nothing more is written.
 */
int writer__flush(struct writer *w);

/* Flush and wait until every frame is written. Returns 0 or -errno. */
int writer__sync(struct writer *w);

/* Events added so far, and bytes written so far. */
uint64_t writer__events(const struct writer *w);
uint64_t writer__bytes(struct writer *w);

/* Write a frame still in flight, stop the thread, free the writer; the
 * batch being filled is dropped. NULL is a no-op. */
void writer__free(struct writer *w);

#endif /* KTRAIL_WRITER_H */
