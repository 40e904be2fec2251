// SPDX-License-Identifier: MIT
/*
 * elfsyms.c - function symbols of one ELF file, read with libelf.
 *
 * A stack frame names a file offset; symbols name virtual addresses. The
 * PT_LOAD program headers translate one to the other
 * (vaddr = off - p_offset + p_vaddr). .symtab is preferred, since stripped
 * binaries keep only the exported .dynsym. The GNU build-id note is what a
 * build-id stack frame names the file by. A stripped file's .symtab may
 * live in a separate debug file, found by build-id as gdb and perf look it
 * up (/usr/lib/debug/.build-id/xx/yyyy.debug, from packages like
 * libc6-dbg): it has the same program headers, so only its symbols are read.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "elfsyms.h"

#define MAX_BUILD_ID 20

struct sym {
	uint64_t addr;
	uint64_t size;
	char *name;
};

struct seg {
	uint64_t offset, vaddr, filesz;
};

struct elfsyms {
	char *path;
	struct sym *syms;
	size_t nsyms;
	struct seg *segs;
	size_t nsegs;
	unsigned char build_id[MAX_BUILD_ID];
	unsigned build_id_len;
};

static void free_syms(struct sym *syms, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(syms[i].name);
	free(syms);
}

static int cmp_sym(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	if (x->addr != y->addr)
		return (x->addr > y->addr) - (x->addr < y->addr);
	/* of the names of one address, a lookup finds the last: the plain
	 * one rather than a versioned alias ("open@GLIBC_2.2.5") */
	return (strchr(x->name, '@') == NULL) - (strchr(y->name, '@') == NULL);
}

/*
 * Functions, and the untyped labels hand-written assembly places in code
 * (the dynamic loader's _start, the outermost frame of its stacks).
 */
static int is_code(Elf *elf, const GElf_Sym *s)
{
	int type = GELF_ST_TYPE(s->st_info);
	GElf_Shdr sh;

	if (type == STT_FUNC || type == STT_GNU_IFUNC)
		return 1;
	if (type != STT_NOTYPE || s->st_size || s->st_shndx >= SHN_LORESERVE)
		return 0;
	return gelf_getshdr(elf_getscn(elf, s->st_shndx), &sh) &&
	       (sh.sh_flags & SHF_EXECINSTR);
}

static int read_symbols(struct elfsyms *e, Elf *elf, Elf_Scn *scn,
			GElf_Shdr *sh)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	size_t n = sh->sh_entsize ? sh->sh_size / sh->sh_entsize : 0;

	if (!data)
		return 0;
	e->syms = calloc(n ? n : 1, sizeof(*e->syms));
	if (!e->syms)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		GElf_Sym s;
		const char *name;

		if (!gelf_getsym(data, (int)i, &s) ||
		    !is_code(elf, &s) || !s.st_value || s.st_shndx == SHN_UNDEF)
			continue;
		name = elf_strptr(elf, sh->sh_link, s.st_name);
		if (!name || !*name)
			continue;
		e->syms[e->nsyms].addr = s.st_value;
		e->syms[e->nsyms].size = s.st_size;
		e->syms[e->nsyms].name = strdup(name);
		if (!e->syms[e->nsyms].name)
			return -ENOMEM;
		e->nsyms++;
	}
	qsort(e->syms, e->nsyms, sizeof(*e->syms), cmp_sym);
	return 0;
}

static void read_build_id(struct elfsyms *e, Elf_Scn *scn)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	size_t off = 0, name_off, desc_off;
	GElf_Nhdr nh;

	while (data && (off = gelf_getnote(data, off, &nh, &name_off,
					   &desc_off)) > 0) {
		if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
		    !memcmp((char *)data->d_buf + name_off, "GNU", 4) &&
		    nh.n_descsz <= MAX_BUILD_ID) {
			memcpy(e->build_id, (char *)data->d_buf + desc_off,
			       nh.n_descsz);
			e->build_id_len = nh.n_descsz;
			return;
		}
	}
}

static int read_segments(struct elfsyms *e, Elf *elf)
{
	size_t n;

	if (elf_getphdrnum(elf, &n))
		return -EINVAL;
	e->segs = calloc(n ? n : 1, sizeof(*e->segs));
	if (!e->segs)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD)
			continue;
		e->segs[e->nsegs++] = (struct seg){ ph.p_offset, ph.p_vaddr,
						    ph.p_filesz };
	}
	return 0;
}

/* The .symtab of the separate debug file of e's build-id, if installed. */
static void read_debug_file(struct elfsyms *e)
{
	char path[128];
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	Elf *elf;
	int fd, n;

	if (e->build_id_len < 2)
		return;
	n = snprintf(path, sizeof(path), "/usr/lib/debug/.build-id/%02x/",
		     e->build_id[0]);
	for (unsigned i = 1; i < e->build_id_len; i++)
		n += snprintf(path + n, sizeof(path) - (size_t)n, "%02x",
			      e->build_id[i]);
	snprintf(path + n, sizeof(path) - (size_t)n, ".debug");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	while (elf && (scn = elf_nextscn(elf, scn)))
		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_SYMTAB) {
			struct sym *old = e->syms;
			size_t nold = e->nsyms;

			e->syms = NULL;
			e->nsyms = 0;
			if (read_symbols(e, elf, scn, &sh) || !e->nsyms) {
				free_syms(e->syms, e->nsyms);
				e->syms = old;
				e->nsyms = nold;
			} else {
				free_syms(old, nold);
			}
			break;
		}
	if (elf)
		elf_end(elf);
	close(fd);
}

static int read_elf(struct elfsyms *e, Elf *elf)
{
	Elf_Scn *scn = NULL, *symtab = NULL, *dynsym = NULL;
	GElf_Shdr sh, symsh, dynsh;
	int err;

	while ((scn = elf_nextscn(elf, scn))) {
		if (!gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type == SHT_SYMTAB) {
			symtab = scn;
			symsh = sh;
		} else if (sh.sh_type == SHT_DYNSYM) {
			dynsym = scn;
			dynsh = sh;
		} else if (sh.sh_type == SHT_NOTE && !e->build_id_len) {
			read_build_id(e, scn);
		}
	}
	err = read_segments(e, elf);
	if (err)
		return err;
	if (symtab)
		return read_symbols(e, elf, symtab, &symsh);
	if (dynsym)
		err = read_symbols(e, elf, dynsym, &dynsh);
	if (!err)
		read_debug_file(e);
	return err;
}

struct elfsyms *elfsyms__open(const char *path)
{
	struct elfsyms *e;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	e = elfsyms__open_fd(fd, path);
	close(fd);
	return e;
}

struct elfsyms *elfsyms__open_fd(int fd, const char *name)
{
	struct elfsyms *e = calloc(1, sizeof(*e));
	Elf *elf = NULL;
	int err = 0;

	if (!e || !(e->path = strdup(name))) {
		err = ENOMEM;
		goto out;
	}
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		err = ENOEXEC;
		goto out;
	}
	err = -read_elf(e, elf);
out:
	if (elf)
		elf_end(elf);
	if (err) {
		elfsyms__free(e);
		errno = err;
		return NULL;
	}
	return e;
}

const char *elfsyms__path(const struct elfsyms *e)
{
	return e->path;
}

const unsigned char *elfsyms__build_id(const struct elfsyms *e, unsigned *len)
{
	*len = e->build_id_len;
	return e->build_id;
}

int elfsyms__vaddr(const struct elfsyms *e, uint64_t off, uint64_t *vaddr)
{
	for (size_t i = 0; i < e->nsegs; i++)
		if (off >= e->segs[i].offset &&
		    off < e->segs[i].offset + e->segs[i].filesz) {
			*vaddr = off - e->segs[i].offset + e->segs[i].vaddr;
			return 0;
		}
	return -ENOENT;
}

const char *elfsyms__find_offset(const struct elfsyms *e, uint64_t off,
				 uint64_t *delta)
{
	uint64_t vaddr = 0;
	size_t lo = 0, hi = e->nsyms;

	if (elfsyms__vaddr(e, off, &vaddr) || !e->nsyms ||
	    vaddr < e->syms[0].addr)
		return NULL;
	while (hi - lo > 1) {	/* invariant: syms[lo].addr <= vaddr */
		size_t mid = lo + (hi - lo) / 2;

		if (e->syms[mid].addr <= vaddr)
			lo = mid;
		else
			hi = mid;
	}
	/* a size of 0 (hand-written asm) covers up to the next symbol */
	if (e->syms[lo].size && vaddr >= e->syms[lo].addr + e->syms[lo].size)
		return NULL;
	*delta = vaddr - e->syms[lo].addr;
	return e->syms[lo].name;
}

void elfsyms__free(struct elfsyms *e)
{
	if (!e)
		return;
	free_syms(e->syms, e->nsyms);
	free(e->segs);
	free(e->path);
	free(e);
}
