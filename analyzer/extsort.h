/* SPDX-License-Identifier: MIT */
/*
 * extsort.h - the k-th smallest of any number of doubles, in bounded memory.
 *
 * percentile() sees its values one by one, in no order, and needs two
 * neighbouring ranks at the end. Up to EXTSORT_RUN values stay in memory;
 * past that, each full buffer is sorted and written to a temporary file
 * as a run, and the ranks are found by merging the runs. Memory is one
 * buffer per aggregate plus a small read buffer per run, whatever the
 * number of values.
 */
#ifndef ANALYZE_EXTSORT_H
#define ANALYZE_EXTSORT_H

#include <stddef.h>
#include <stdint.h>

#define EXTSORT_RUN	(1u << 20)	/* values in memory: 8 MiB */

/* All zero is an empty set (SQLite zero-fills aggregate contexts). */
struct extsort {
	double *buf;		/* values not yet in a run */
	size_t nbuf, cap;
	uint64_t n;		/* all values added */
	int fd;			/* the runs' file, or 0 (none yet); owned */
	uint64_t *runs;		/* run r: values [runs[r], runs[r + 1]) */
	size_t nruns;
};

/* Add v. Returns 0, -ENOMEM, or a negative errno of the runs' file. */
int extsort__add(struct extsort *s, double v);

/*
 * The i-th and (i+1)-th smallest values (0-based; the second is the i-th
 * again when i is the last). s->n must exceed i. Returns 0 or a negative
 * errno. The set is left in an unspecified order, to be freed.
 */
int extsort__ranks(struct extsort *s, uint64_t i, double *vi, double *vnext);

/* Free the memory and the file; the set is empty again. */
void extsort__free(struct extsort *s);

#endif /* ANALYZE_EXTSORT_H */
