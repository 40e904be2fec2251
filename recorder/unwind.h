/* SPDX-License-Identifier: MIT */
/*
 * unwind.h - a user stack copy (registers + stack top) -> return addresses.
 */
#ifndef KTRAIL_UNWIND_H
#define KTRAIL_UNWIND_H

#include <stddef.h>
#include <stdint.h>

struct kt_bpf_ustack;
struct layouts;
struct unwind;

/* An unwinder over the mappings l follows. NULL with errno. */
struct unwind *unwind__new(struct layouts *l);

/*
 * Unwind the copy u (its registers; its size bytes of stack at stack, any
 * alignment) with the call-frame
 * information of the files its process had mapped at u->ts_ns, frame
 * pointers where a file has none. Fills ips with up to max addresses,
 * innermost first (the interrupted instruction, then return addresses)
 * and returns their count; *complete is 1 when the walk reached the
 * outermost frame (_start, a thread's clone), 0 when it stopped short.
 */
int unwind__stack(struct unwind *w, const struct kt_bpf_ustack *u,
		  const unsigned char *stack, size_t size, uint64_t *ips,
		  int max, int *complete);

void unwind__free(struct unwind *w);

#endif /* KTRAIL_UNWIND_H */
