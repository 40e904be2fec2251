/* SPDX-License-Identifier: MIT */
/*
 * argtypes.h - syscall argument types from the kernel's declarations,
 * and the capture each one asks of the BPF side.
 */
#ifndef KTRAIL_ARGTYPES_REC_H
#define KTRAIL_ARGTYPES_REC_H

#include <stddef.h>
#include <stdint.h>
#include "bpf/ktrail.h"
#include "schema/record.h"

/*
 * The type of an argument declared as decl[0..len) in a syscall trace
 * event's format ("const char * filename"); next is the declaration of
 * the argument after it (its length tells a sockaddr the call reads from
 * one the kernel writes), or NULL. Returns an enum kt_argtype.
 */
uint8_t argtypes__of_decl(const char *decl, size_t len, const char *next,
			  size_t next_len);

/* Correct type[] of syscall by what declarations cannot say. */
void argtypes__fix(const char *syscall, uint8_t type[KT_NARGS]);

/*
 * The BPF capture spec of syscall (named, with nargs arguments of type[]):
 * data buffers only when bufsize (record's -s) is not 0.
 */
void argtypes__spec(const char *syscall, int nargs,
		    const uint8_t type[KT_NARGS], uint32_t bufsize,
		    struct kt_bpf_argspec *sp);

#endif /* KTRAIL_ARGTYPES_REC_H */
