/* SPDX-License-Identifier: MIT */
/*
 * usdt_notes.h - the USDT probes an ELF file declares (SystemTap SDT
 * notes, section .note.stapsdt), as names: what `record -l` lists and what
 * a `usdt:` probe spec is checked and expanded against. Attaching is
 * libbpf's business (it reads the same notes for addresses and arguments).
 */
#ifndef KTRAIL_USDT_NOTES_H
#define KTRAIL_USDT_NOTES_H

#include <stddef.h>
#include <stdio.h>

struct usdt_note {
	char *provider;		/* "python" */
	char *name;		/* "function__entry" */
	char *args;		/* the note's argument spec, "8@%r14 -4@%ebp" */
	int nargs;		/* arguments in it */
	int nsites;		/* notes with this provider and name */
	int semaphore;		/* 1 when some site is guarded by a semaphore */
};

struct usdt_notes {
	struct usdt_note *v;	/* sorted by provider, then name; unique */
	size_t n;
};

/*
 * Read path's SDT notes into *notes (left empty when the file has none).
 * Returns 0, or -errno: -ENOEXEC when path is not an ELF file.
 */
int usdt_notes__read(struct usdt_notes *notes, const char *path);

/* The note of provider:name, or NULL. */
const struct usdt_note *usdt_notes__find(const struct usdt_notes *notes,
					 const char *provider,
					 const char *name);

/*
 * "provider:name, provider:name, ..." of every note, at most max bytes of
 * it (cut with "..." when longer), into buf of size max.
 */
void usdt_notes__summary(const struct usdt_notes *notes, char *buf,
			 size_t max);

/* One "usdt:PATH:PROVIDER:NAME" line per probe, as `bpftrace -l` prints. */
void usdt_notes__print(const struct usdt_notes *notes, const char *path,
		       FILE *f);

void usdt_notes__free(struct usdt_notes *notes);

/*
 * Where a binary or library named without a '/' is: the first ELF file of
 * that name in $PATH, then in the system library directories, as libbpf
 * and bpftrace look. A malloc'd path, or NULL with errno ENOENT (or ENOMEM).
 */
char *usdt_notes__resolve(const char *file);

#endif /* KTRAIL_USDT_NOTES_H */
