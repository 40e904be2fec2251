/* SPDX-License-Identifier: MIT */
/*
 * argfmt.h - a syscall's arguments and return value, rendered as strace
 * prints them.
 *
 * The importer hands over one completed call at a time: its name (from the
 * trace's own syscall table), its raw registers, the argument types the
 * recorder derived on the recording machine (enum kt_argtype) and what it
 * captured for each argument (strings, buffers, socket addresses, structs,
 * new descriptors). argfmt turns that into the text strace 6.1 prints
 * between the parentheses, the "= RET" part, and the SPEC's `addr` column.
 * It keeps no state between calls except its lookup tables, touches no
 * database and allocates nothing.
 *
 * Every renderer is snprintf-like: it writes at most size bytes including a
 * NUL (nothing when size is 0) and returns the length the whole text needs.
 */
#ifndef KTRAIL_ARGFMT_H
#define KTRAIL_ARGFMT_H

#include <stddef.h>
#include <stdint.h>

#include "schema/record.h"

#define ARGFMT_STRSIZE	32	/* strace's default -s */

struct argfmt_cap {
	const uint8_t *p;	/* captured bytes (see record.h), or NULL */
	uint32_t len;		/* bytes at p */
	uint8_t status;		/* enum kt_cap_status */
};

struct argfmt_call {
	const char *name;	/* syscall name from the trace, e.g. "openat" */
	int nargs;		/* 0..6, or -1 when unknown (then 6 are shown) */
	const uint8_t *argtype;	/* [6] enum kt_argtype, or NULL: all KT_ARG_INT */
	uint64_t args[KT_NARGS];/* raw registers */
	int has_ret;		/* ret is valid (the call returned) */
	int64_t ret;		/* raw return value: -errno on failure */
	uint32_t strsize;	/* strace's -s: bytes of a string or buffer
				 * shown before "..."; 0 means 32 */
	struct argfmt_cap cap[KT_NCAPS]; /* [i]: argument i; [KT_CAP_NEWFD]:
				 * the descriptors the call created */
};

/*
 * The arguments as `strace -f` prints them between the parentheses, e.g.
 * `AT_FDCWD, "/etc/hostname", O_RDONLY|O_CLOEXEC`.
 */
size_t argfmt__args(const struct argfmt_call *c, char *out, size_t size);

/*
 * The return value as strace prints it after "= ": "3", "0x7f12a000" (mmap),
 * "022" (umask), "0x8002 (flags O_RDWR|O_LARGEFILE)" (fcntl F_GETFL),
 * "-1 ENOENT (No such file or directory)", or "?" when the call did not
 * return. errno_name is the trace's name for -ret (NULL when the trace has
 * none: the number is shown then).
 */
size_t argfmt__ret(const struct argfmt_call *c, const char *errno_name,
		   char *out, size_t size);

/*
 * The socket address the call names, as SPEC's `addr` column holds it:
 * "127.0.0.1:80", "[::1]:53", a unix path ("@name" when abstract). Returns
 * 0 (and writes an empty string) when the call has none.
 */
size_t argfmt__addr(const struct argfmt_call *c, char *out, size_t size);

/* strerror's text for an errno name ("ENOENT"), or NULL when unknown */
const char *argfmt__errmsg(const char *errno_name);

#endif /* KTRAIL_ARGFMT_H */
