/* SPDX-License-Identifier: MIT */
/*
 * progress.h - a status line on a terminal while a trace is imported.
 *
 * A large trace takes seconds to import; analyzer/import/import.c reports
 * how far it got (bytes of the file, events) and this draws one line on
 * stderr, rewritten in place and erased when done. Nothing is drawn
 * unless main enabled it (stderr a terminal, no -q), nor during the
 * first quarter second, so a small trace shows none.
 */
#ifndef ANALYZE_PROGRESS_H
#define ANALYZE_PROGRESS_H

#include <stdint.h>

struct progress;

/* Turn the line on or off for every progress__start() after this. */
void progress__enable(int on);

/*
 * Start the line for reading path (its size, when a regular file, gives
 * the percentage). Returns NULL when disabled or out of memory: every
 * function below takes NULL as a no-op.
 */
struct progress *progress__start(const char *path);

/* bytes of the file read and events imported so far; redraws at most
 * ten times a second. */
void progress__update(struct progress *p, uint64_t bytes, uint64_t events);

/* Erase the line if it is shown (before a message on stderr). */
void progress__clear(struct progress *p);

/* Erase the line and free p. */
void progress__end(struct progress *p);

/*
 * A one-off line saying what a slow step is doing ("creating indexes"),
 * when enabled; erased by progress__note(NULL).
 */
void progress__note(const char *what);

#endif /* ANALYZE_PROGRESS_H */
