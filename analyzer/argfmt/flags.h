/* SPDX-License-Identifier: MIT */
/*
 * flags.h - constant tables (generated from the system headers by
 * gentables.sh, declared in build/gen/argfmt_tables.h) and strace's two
 * ways of printing a number through one: as a set of flags or as one value.
 */
#ifndef KTRAIL_ARGFMT_FLAGS_H
#define KTRAIL_ARGFMT_FLAGS_H

#include <stdint.h>

struct out;

enum xlat_kind {
	XLAT_FLAGS,	/* bits, printed in table order */
	XLAT_XVAL,	/* one value, one name */
};

struct xlat_entry {
	uint64_t val;
	const char *name;
};

struct xlat {
	const struct xlat_entry *e;
	uint32_t n;
	uint8_t kind;		/* enum xlat_kind */
};

#include "argfmt_tables.h"

/* the name of value v in x, or NULL */
const char *xlat__name(const struct xlat *x, uint64_t v);

/*
 * v as strace's printflags prints it: the names of the entries whose bits
 * are all set, in table order, joined by '|', then any bits left in hex
 * (followed by the comment unknown, e.g. "SOCK_???", when no name matched
 * and unknown is not NULL); for 0 the name of a zero-valued entry, else "0".
 */
void xlat__flags(struct out *o, const struct xlat *x, uint64_t v,
		 const char *unknown);

/*
 * v as strace's printxval prints it: its name, else in hex followed by
 * the comment strace adds when unknown is not NULL ("0x7" then a C
 * comment holding "SEEK_???").
 */
void xlat__xval(struct out *o, const struct xlat *x, uint64_t v,
		const char *unknown);

#endif /* KTRAIL_ARGFMT_FLAGS_H */
