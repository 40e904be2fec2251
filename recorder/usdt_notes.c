// SPDX-License-Identifier: MIT
/*
 * usdt_notes.c - list the USDT probes of an ELF file from its SDT notes.
 *
 * <sys/sdt.h> puts one ELF note per probe site in .note.stapsdt: owner
 * "stapsdt", type 3 (NT_STAPSDT), and a descriptor of three addresses of
 * the file's word size (the site, the .stapsdt.base address it was linked
 * against, the semaphore or 0) followed by three NUL-terminated strings:
 * provider, name, argument spec (https://sourceware.org/systemtap/wiki/
 * UserSpaceProbeImplementation). A probe inlined in several places has a
 * note per site; this module keeps one entry per provider:name, sorted as
 * `bpftrace -l` prints them.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "usdt_notes.h"

#define NT_STAPSDT	3

static int cmp_note(const void *a, const void *b)
{
	const struct usdt_note *x = a, *y = b;
	int c = strcmp(x->provider, y->provider);

	return c ? c : strcmp(x->name, y->name);
}

/* Arguments in a spec: blank-separated, one per "SIZE@OPERAND". */
static int count_args(const char *spec)
{
	int n = 0;

	for (const char *p = spec; *p; p++)
		if (*p != ' ' && (p == spec || p[-1] == ' '))
			n++;
	return n;
}

/* One note's descriptor; a malformed one is skipped (returns 0). */
static int add_note(struct usdt_notes *notes, const char *desc, size_t len,
		    size_t word)
{
	const char *prov, *name, *args, *end = desc + len;
	struct usdt_note *v, *n;
	uint64_t sem = 0;

	if (len < 3 * word)
		return 0;
	memcpy(&sem, desc + 2 * word, word);	/* only 0 or not matters */
	prov = desc + 3 * word;
	name = memchr(prov, 0, (size_t)(end - prov));
	if (!name++ || name >= end)
		return 0;
	args = memchr(name, 0, (size_t)(end - name));
	if (!args++ || args > end || !*prov || !*name)
		return 0;
	if (args == end || !memchr(args, 0, (size_t)(end - args)))
		args = "";
	for (size_t i = 0; i < notes->n; i++) {
		n = &notes->v[i];
		if (!strcmp(n->provider, prov) && !strcmp(n->name, name)) {
			n->nsites++;
			n->semaphore |= sem != 0;
			return 0;
		}
	}
	v = realloc(notes->v, (notes->n + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	notes->v = v;
	n = &v[notes->n];
	n->provider = strdup(prov);
	n->name = strdup(name);
	n->args = strdup(args);
	n->nsites = 1;
	n->nargs = count_args(args);
	n->semaphore = sem != 0;
	notes->n++;
	if (!n->provider || !n->name || !n->args)
		return -ENOMEM;
	return 0;
}

static int read_section(struct usdt_notes *notes, Elf_Scn *scn, size_t word)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	size_t off = 0, name_off, desc_off;
	GElf_Nhdr nh;
	int err;

	while (data && (off = gelf_getnote(data, off, &nh, &name_off,
					   &desc_off)) > 0) {
		if (nh.n_type != NT_STAPSDT || nh.n_namesz != sizeof("stapsdt") ||
		    memcmp((char *)data->d_buf + name_off, "stapsdt",
			   sizeof("stapsdt")))
			continue;
		err = add_note(notes, (char *)data->d_buf + desc_off,
			       nh.n_descsz, word);
		if (err)
			return err;
	}
	return 0;
}

int usdt_notes__read(struct usdt_notes *notes, const char *path)
{
	size_t shstrndx, word;
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	int fd, err = 0;
	Elf *elf;

	memset(notes, 0, sizeof(*notes));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF ||
	    elf_getshdrstrndx(elf, &shstrndx)) {
		err = -ENOEXEC;
		goto out_close;
	}
	word = gelf_getclass(elf) == ELFCLASS32 ? 4 : 8;
	while (!err && (scn = elf_nextscn(elf, scn))) {
		const char *name;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_NOTE)
			continue;
		name = elf_strptr(elf, shstrndx, sh.sh_name);
		if (name && !strcmp(name, ".note.stapsdt"))
			err = read_section(notes, scn, word);
	}
	if (!err && notes->n)
		qsort(notes->v, notes->n, sizeof(*notes->v), cmp_note);
out_close:
	elf_end(elf);
	close(fd);
	if (err)
		usdt_notes__free(notes);
	return err;
}

const struct usdt_note *usdt_notes__find(const struct usdt_notes *notes,
					 const char *provider,
					 const char *name)
{
	for (size_t i = 0; i < notes->n; i++)
		if (!strcmp(notes->v[i].provider, provider) &&
		    !strcmp(notes->v[i].name, name))
			return &notes->v[i];
	return NULL;
}

void usdt_notes__summary(const struct usdt_notes *notes, char *buf,
			 size_t max)
{
	size_t len = 0;

	if (!max)
		return;
	buf[0] = 0;
	for (size_t i = 0; i < notes->n; i++) {
		const struct usdt_note *n = &notes->v[i];
		size_t need = strlen(n->provider) + strlen(n->name) + 3;

		if (len + need + 4 > max) {
			snprintf(buf + len, max - len, "%s...", i ? " " : "");
			return;
		}
		len += (size_t)snprintf(buf + len, max - len, "%s%s:%s",
					i ? ", " : "", n->provider, n->name);
	}
}

void usdt_notes__print(const struct usdt_notes *notes, const char *path,
		       FILE *f)
{
	for (size_t i = 0; i < notes->n; i++)
		fprintf(f, "usdt:%s:%s:%s\n", path, notes->v[i].provider,
			notes->v[i].name);
}

void usdt_notes__free(struct usdt_notes *notes)
{
	if (!notes)
		return;
	for (size_t i = 0; i < notes->n; i++) {
		free(notes->v[i].provider);
		free(notes->v[i].name);
		free(notes->v[i].args);
	}
	free(notes->v);
	notes->v = NULL;
	notes->n = 0;
}

static int is_elf(const char *path)
{
	char magic[SELFMAG];
	int fd = open(path, O_RDONLY | O_CLOEXEC), ok;

	if (fd < 0)
		return 0;
	ok = read(fd, magic, SELFMAG) == SELFMAG && !memcmp(magic, ELFMAG, SELFMAG);
	close(fd);
	return ok;
}

/*
 * dir/file when it is an ELF file (and executable, for $PATH): a script of
 * the same name earlier in $PATH (a pyenv shim, say) has no probes.
 */
static char *try_dir(const char *dir, size_t dlen, const char *file, int exec)
{
	size_t len = dlen + strlen(file) + 2;
	char *p = malloc(len);
	struct stat st;

	if (!p)
		return NULL;
	snprintf(p, len, "%.*s/%s", (int)dlen, dir, file);
	if (!stat(p, &st) && S_ISREG(st.st_mode) &&
	    (!exec || !access(p, X_OK)) && is_elf(p))
		return p;
	free(p);
	return NULL;
}

char *usdt_notes__resolve(const char *file)
{
	static const char *const libdirs[] = {
#if defined(__x86_64__)
		"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
#elif defined(__aarch64__)
		"/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
#endif
		"/lib64", "/usr/lib64", "/lib", "/usr/lib",
	};
	const char *path = getenv("PATH"), *p, *colon;
	char *found;

	for (p = path; p && *p; p = *colon ? colon + 1 : colon) {
		colon = strchrnul(p, ':');
		if (colon > p && (found = try_dir(p, (size_t)(colon - p), file, 1)))
			return found;
	}
	for (size_t i = 0; i < sizeof(libdirs) / sizeof(libdirs[0]); i++)
		if ((found = try_dir(libdirs[i], strlen(libdirs[i]), file, 0)))
			return found;
	errno = ENOENT;
	return NULL;
}
