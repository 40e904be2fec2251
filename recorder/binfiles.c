// SPDX-License-Identifier: MIT
/*
 * binfiles.c - mapped ELF files, one open descriptor and one symbol index
 * each, found by build-id (see binfiles.h). The descriptor stays open: the
 * unwinder hands duplicates of it to libdwfl, and a file deleted or in
 * another mount namespace stays reachable through it.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "binfiles.h"
#include "elfsyms.h"

struct binfiles {
	struct binfile **files;
	size_t n;
};

struct binfiles *binfiles__new(void)
{
	return calloc(1, sizeof(struct binfiles));
}

static int same_build_id(const struct elfsyms *e, const unsigned char *id,
			 unsigned len)
{
	unsigned elen;
	const unsigned char *eid = elfsyms__build_id(e, &elen);

	return elen == len && !memcmp(eid, id, len);
}

struct binfile *binfiles__find(struct binfiles *b, const unsigned char *id,
			       unsigned len)
{
	for (size_t i = 0; i < b->n && len; i++)
		if (same_build_id(b->files[i]->syms, id, len))
			return b->files[i];
	return NULL;
}

struct binfile *binfiles__add(struct binfiles *b, int fd, const char *path,
			      const unsigned char *want_id, unsigned want_len)
{
	struct elfsyms *e = elfsyms__open_fd(fd, path);
	struct binfile *f, **grown;
	const unsigned char *id;
	unsigned len;

	if (!e)
		goto out_close;
	if (want_len && !same_build_id(e, want_id, want_len))
		goto out_free;	/* another file at that path */
	id = elfsyms__build_id(e, &len);
	f = binfiles__find(b, id, len);
	if (f) {
		elfsyms__free(e);
		close(fd);
		return f;
	}
	grown = realloc(b->files, (b->n + 1) * sizeof(*grown));
	f = calloc(1, sizeof(*f));
	if (grown)
		b->files = grown;
	if (!grown || !f || !(f->path = strdup(path))) {
		free(f);
		goto out_free;
	}
	f->fd = fd;
	f->syms = e;
	b->files[b->n++] = f;
	return f;

out_free:
	elfsyms__free(e);
out_close:
	close(fd);
	return NULL;
}

size_t binfiles__count(const struct binfiles *b)
{
	return b ? b->n : 0;
}

void binfiles__free(struct binfiles *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n; i++) {
		elfsyms__free(b->files[i]->syms);
		close(b->files[i]->fd);
		free(b->files[i]->path);
		free(b->files[i]);
	}
	free(b->files);
	free(b);
}
