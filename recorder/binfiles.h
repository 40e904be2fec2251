/* SPDX-License-Identifier: MIT */
/*
 * binfiles.h - the ELF files processes map, each open once.
 *
 * Shared by build-id across processes: the C library every process maps is
 * one binfile, opened and indexed (elfsyms.h) the first time it is seen.
 */
#ifndef KTRAIL_BINFILES_H
#define KTRAIL_BINFILES_H

#include <stddef.h>

struct elfsyms;
struct binfiles;

/* One ELF file some process maps. */
struct binfile {
	char *path;		/* as the process named it */
	int fd;			/* open, read-only */
	struct elfsyms *syms;	/* symbols, build-id, segments */
};

struct binfiles *binfiles__new(void);

/* The file with this GNU build-id, or NULL (always NULL for len 0). */
struct binfile *binfiles__find(struct binfiles *b, const unsigned char *id,
			       unsigned len);

/*
 * The file open at fd, named path: added (fd is kept), or the one already
 * there with its build-id (fd is closed). NULL, fd closed, when it is no
 * ELF file or when want_len is not 0 and its build-id is not want_id.
 */
struct binfile *binfiles__add(struct binfiles *b, int fd, const char *path,
			      const unsigned char *want_id, unsigned want_len);

size_t binfiles__count(const struct binfiles *b);

void binfiles__free(struct binfiles *b);

#endif /* KTRAIL_BINFILES_H */
