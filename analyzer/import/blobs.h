/* SPDX-License-Identifier: MIT */
/*
 * blobs.h - the trace's BLOB records in memory, by id, for the import.
 *
 * Events name their captured arguments by blob id (FORMAT.md, BLOB); the
 * importer renders them as it writes the events, so the bytes stay here
 * for the whole trace. A later BLOB with an id already seen replaces it
 * (a recorder whose table forgot writes a value again under a new id, so
 * this happens only in a damaged or hand-made trace).
 */
#ifndef ANALYZE_BLOBS_H
#define ANALYZE_BLOBS_H

#include <stdint.h>

struct kt_blob;
struct blobs;

struct blobs *blobs__new(void);
void blobs__free(struct blobs *b);

/* Keep a copy of bl. Returns 0 or -ENOMEM. */
int blobs__add(struct blobs *b, const struct kt_blob *bl);

/* The bytes of blob id: 1 with *p and *len set, 0 when unknown. The
 * pointer stays valid until the next blobs__add(). */
int blobs__get(const struct blobs *b, uint32_t id, const uint8_t **p,
	       uint32_t *len);

#endif /* ANALYZE_BLOBS_H */
