/* SPDX-License-Identifier: MIT */
/*
 * elfsyms.h - one ELF file's function symbols, build-id and load segments.
 */
#ifndef KTRAIL_ELFSYMS_H
#define KTRAIL_ELFSYMS_H

#include <stdint.h>

struct elfsyms;

/*
 * Read path's .symtab (else .dynsym) function symbols, its GNU build-id and
 * its PT_LOAD segments with libelf. NULL with errno when it is no ELF file.
 */
struct elfsyms *elfsyms__open(const char *path);

/* The same from an open file (fd stays the caller's), named name. */
struct elfsyms *elfsyms__open_fd(int fd, const char *name);

const char *elfsyms__path(const struct elfsyms *e);

/* The GNU build-id, raw bytes; *len is 0 when the file has none. */
const unsigned char *elfsyms__build_id(const struct elfsyms *e, unsigned *len);

/*
 * The function containing file offset off (as the kernel reports for a
 * build-id stack frame, or addr - map start + map offset): its name, and
 * off's distance from its start in *delta. NULL when no symbol covers it.
 */
const char *elfsyms__find_offset(const struct elfsyms *e, uint64_t off,
				 uint64_t *delta);

/* The virtual address of file offset off (PT_LOAD), or -ENOENT. */
int elfsyms__vaddr(const struct elfsyms *e, uint64_t off, uint64_t *vaddr);

void elfsyms__free(struct elfsyms *e);

#endif /* KTRAIL_ELFSYMS_H */
