// SPDX-License-Identifier: MIT
/*
 * test_caps.c - recorder/caps.c: chunks of captured arguments back into
 * values, and which event they attach to when samples were lost.
 *
 * The chunks are fed as the pump gets them from the perf buffer (a tid, a
 * CPU, a slot, `more` and `seq`), BLOBs go to a real writer on /dev/null.
 * A value is checked through the blob table: equal bytes get the id of
 * the reference value, so "abc" rebuilt from damaged streams must come back
 * as the reference's id, with the status the stream deserves. Prints one
 * line per failed check and "N passed, N failed" last.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "recorder/caps.h"
#include "recorder/writer.h"

static int passed, failed;

#define CHECK(cond, what) do {						\
	if (cond) {							\
		passed++;						\
	} else {							\
		failed++;						\
		printf("FAIL: %s\n", what);				\
	}								\
} while (0)

static void add(struct caps *c, int cpu, uint32_t tid, uint8_t slot,
		uint32_t seq, uint8_t more, uint8_t status, const char *s)
{
	struct kt_bpf_cap cap = {
		.kind = KT_BPF_CAP, .slot = slot, .status = status,
		.more = more, .len = (uint32_t)strlen(s), .tid = tid,
		.seq = seq,
	};

	caps__add(c, cpu, &cap, s);
}

int main(void)
{
	int fd = open("/dev/null", O_WRONLY);
	struct writer *w = writer__new(fd, 1);
	struct caps *c = caps__new();
	struct kt_capref out[KT_NCAPS];
	uint32_t abc;

	if (fd < 0 || !w || !c) {
		printf("FAIL: setup\n0 passed, 1 failed\n");
		return 1;
	}
	/* the reference: "abc" in one chunk */
	add(c, 0, 1, 1, 0, 0, KT_CAP_OK, "abc");
	CHECK(caps__take(c, 1, 0, w, out) == 1 && out[1].status == KT_CAP_OK,
	      "reference value");
	abc = out[1].blob;

	/* an open value whose end was lost, then the next call's value */
	add(c, 0, 2, 1, 0, 1, KT_CAP_OK, "XXXX");
	add(c, 0, 2, 1, 0, 0, KT_CAP_OK, "abc");
	CHECK(caps__take(c, 2, 0, w, out) == 1 && out[1].blob == abc &&
	      out[1].status == KT_CAP_OK, "a new value replaces an open one");

	/* a chunk lost from the middle: the prefix, truncated */
	add(c, 0, 3, 1, 0, 1, KT_CAP_OK, "abc");
	add(c, 0, 3, 1, 2, 0, KT_CAP_OK, "zzz");
	CHECK(caps__take(c, 3, 0, w, out) == 1 && out[1].blob == abc &&
	      out[1].status == KT_CAP_TRUNC, "a gap keeps the prefix");

	/* the end of a value whose start was lost: nothing of it */
	add(c, 0, 3, 2, 5, 0, KT_CAP_OK, "zzz");
	CHECK(caps__take(c, 3, 0, w, out) == 1 && out[2].status == KT_CAP_TRUNC,
	      "a tail alone is no value");

	/* the same thread's next call read on another CPU meanwhile */
	add(c, 0, 4, 1, 0, 1, KT_CAP_OK, "ab");
	add(c, 1, 4, 1, 0, 0, KT_CAP_OK, "abc");
	CHECK(caps__take(c, 4, 1, w, out) == 1 && out[1].blob == abc &&
	      out[1].status == KT_CAP_OK, "another CPU's value is apart");
	add(c, 0, 4, 1, 1, 0, KT_CAP_OK, "c");
	CHECK(caps__take(c, 4, 0, w, out) == 1 && out[1].blob == abc &&
	      out[1].status == KT_CAP_OK, "the first CPU's value is whole");

	/* a loss on a CPU, then an event of the thread without caps */
	add(c, 0, 5, 1, 0, 0, KT_CAP_OK, "XXXX");
	caps__drop_cpu(c, 0);
	CHECK(caps__take(c, 5, 0, w, out) == 0, "a loss drops the CPU's caps");
	add(c, 1, 5, 3, 0, 0, KT_CAP_OK, "XXXX");
	caps__drop(c, 5, 1);
	CHECK(caps__take(c, 5, 1, w, out) == 0 && out[3].status == KT_CAP_NONE,
	      "an event without caps drops the thread's");
	CHECK(caps__orphans(c) == 2, "orphans counted");

	caps__free(c);
	writer__free(w);
	close(fd);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
