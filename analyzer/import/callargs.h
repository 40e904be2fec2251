/* SPDX-License-Identifier: MIT */
/*
 * callargs.h - a syscall event's arguments as the importer stores them:
 * rendered as strace prints them (analyzer/argfmt/), the path it named,
 * the socket address it used.
 *
 * It keeps what the trace says about syscalls (names, argument types,
 * record's -s) and reads captured bytes from analyzer/import/blobs.c.
 */
#ifndef ANALYZE_CALLARGS_H
#define ANALYZE_CALLARGS_H

#include <stdint.h>
#include "analyzer/argfmt/argfmt.h"
#include "schema/record.h"

struct blobs;
struct callargs;

/* The texts of one event; pointers valid until the next render. NULL
 * (with len 0) when the event has none. */
struct callargs_out {
	const char *args;
	uint32_t args_len;
	const char *path;
	uint32_t path_len;
	const char *addr;
	uint32_t addr_len;
};

/* NULL when out of memory; blobs must outlive it. */
struct callargs *callargs__new(const struct blobs *blobs);
void callargs__free(struct callargs *ca);

/* The trace's SYSCALL record: name of syscall nr. 0 or -ENOMEM. */
int callargs__name(struct callargs *ca, uint32_t nr, struct kt_str name);
/* The trace's SYSARGS record, when it carries types (version 2). */
void callargs__types(struct callargs *ca, uint32_t nr, const uint8_t *type);
/*
 * A SYSARGS record naming a probe that is no syscall (a USDT probe's id):
 * its argument count and types, for its events' args and path. Records of
 * syscalls are ignored. 0 or -ENOMEM.
 */
int callargs__probe(struct callargs *ca, const struct kt_sysargs *a);
/* The argument count of such a probe, or -1. */
int callargs__probe_nargs(const struct callargs *ca, uint32_t id);
/* record's -s (META string_limit): how much of a buffer strace shows */
void callargs__strsize(struct callargs *ca, uint32_t strsize);

/* The name of syscall nr, or NULL. */
const char *callargs__syscall(const struct callargs *ca, uint32_t nr);

/*
 * The call of syscall event e (e->probe a syscall number) with nargs
 * arguments (-1: unknown), its captures looked up. Strings in c point
 * into ca and the blobs.
 */
void callargs__call(const struct callargs *ca, const struct kt_event *e,
		    int nargs, struct argfmt_call *c);

/*
 * Render e into out. Returns 0, or -ENOMEM. Events of probes that are not
 * syscalls get nothing, unless the trace gave their argument types.
 */
int callargs__render(struct callargs *ca, const struct kt_event *e, int nargs,
		     struct callargs_out *out);

#endif /* ANALYZE_CALLARGS_H */
