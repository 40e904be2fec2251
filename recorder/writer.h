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
struct kt_event;
struct writer;

/*
 * Start writing frames to fd (not closed by the writer) at zstd level.
 * Returns NULL with errno set.
 */
struct writer *writer__new(int fd, int level);

/* The buffer row records of the current batch are appended to with the
 * codec__put_*() encoders. */
struct kt_buf *writer__rows(struct writer *w);

/*
 * Add one event to the batch. Flushes by itself when the batch is full.
 * Returns 0 or a negative errno from a flush.
 */
int writer__event(struct writer *w, const struct kt_event *ev);

/*
 * Close the batch as one zstd frame and write it. An empty batch writes
 * nothing. Returns 0 or a negative errno; after a write error (ENOSPC, EIO)
 * every later call returns the same error and writes nothing.
 */
int writer__flush(struct writer *w);

/* Counters for the final line and the END record. */
uint64_t writer__events(const struct writer *w);
uint64_t writer__bytes(const struct writer *w);

/* Free the writer without flushing. NULL is a no-op. */
void writer__free(struct writer *w);

#endif /* KTRAIL_WRITER_H */
