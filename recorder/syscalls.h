/* SPDX-License-Identifier: MIT */
/*
 * syscalls.h - this machine's syscall table, and strace-like
 * syscall classes (%file, %net, %process, %memory).
 *
 * The table is generated at build time from the installed headers
 * (schema/gentables.sh); the recorder copies it into every trace.
 */
#ifndef KTRAIL_SYSCALLS_H
#define KTRAIL_SYSCALLS_H

struct kt_name_entry {
	int nr;
	const char *name;
};

extern const struct kt_name_entry kt_syscall_table[];
extern const int kt_syscall_count;

/* The number of syscall NAME on this machine, or -1. */
int syscalls__nr(const char *name);

/* The name of syscall nr, or NULL when the headers do not know it. */
const char *syscalls__name(int nr);

/*
 * The names of class CLASS ("file", "net", "process", "memory"), a
 * NULL-terminated list; NULL for an unknown class. Names this architecture
 * lacks are in the list and simply not found by syscalls__nr().
 */
const char *const *syscalls__class(const char *cls);

#endif /* KTRAIL_SYSCALLS_H */
