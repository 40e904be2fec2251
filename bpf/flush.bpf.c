// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * flush.bpf.c - send what this CPU's event batch holds.
 *
 * Never attached: the recorder runs it on each CPU in turn with
 * BPF_PROG_TEST_RUN and BPF_F_TEST_RUN_ON_CPU (raw tracepoint programs,
 * Linux 5.10), every few hundred milliseconds and once at the end. It
 * returns 1 when the batch was busy: the program it interrupted sends the
 * batch itself when it is done (flush_wanted), and the recorder asks again.
 */
#include "send.bpf.h"

SEC("raw_tp")
int flush_batch(void *ctx)
{
	struct kt_batch *b = batch_take();
	__u32 zero = 0;

	if (!b) {
		b = bpf_map_lookup_elem(&batches, &zero);
		if (b)
			b->flush_wanted = 1;
		return 1;
	}
	batch_send(ctx, b);
	batch_release(b);
	return 0;
}
