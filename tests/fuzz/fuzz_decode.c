// SPDX-License-Identifier: MIT
/*
 * fuzz_decode.c - libFuzzer target for the decoding half of analyze:
 * the reader (zstd frames, analyzer/import/reader.c) and the check of
 * every record of every batch (analyzer/import/check.c, the codec), with
 * no SQLite in the loop.
 *
 * fuzz_reader runs the same inputs through the importer into SQLite too,
 * which costs most of its time; this one spends it on the bytes. A 'B'
 * input (batches separated by "KTFR", tests/fuzz/input.h) goes straight
 * to the record checks, batch by batch, without compressing it first;
 * any other input is a trace file for the reader. Inputs and the seed
 * corpus (tests/fuzz/seeds.sh) are those of fuzz_reader. Any input must
 * end without a crash, a hang, a leak or undefined behaviour.
 *
 *   make build/fuzz_decode
 *   build/fuzz_decode -max_total_time=300 build/fuzz-corpus tests/golden
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "analyzer/import/check.h"
#include "analyzer/import/reader.h"
#include "schema/codec.h"
#include "tests/fuzz/input.h"

static struct check chk;

/* One batch, as the importer takes a frame: the first one's HEADER
 * (the importer decodes it itself), then every record. Returns 0 or -1. */
static int check(const unsigned char *b, size_t len, int first)
{
	const unsigned char *pos = b;
	struct kt_header h;
	struct kt_rec rec;

	if (first && (codec__next(&pos, b + len, &rec) != 1 ||
		      rec.kind != KT_REC_HEADER || codec__get_header(&rec, &h)))
		return -1;
	return check__batch(&chk, b, len, first);
}

/* The batches of a 'B' input, without the zstd frames around them. */
static void check_batches(const uint8_t *p, const uint8_t *end)
{
	for (int first = 1; p <= end; first = 0) {
		const uint8_t *sep = memmem(p, (size_t)(end - p), FUZZ_SEP, 4);

		if (check(p, (size_t)((sep ? sep : end) - p), first) || !sep)
			return;
		p = sep + 4;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const unsigned char *b;
	struct reader *r;
	char path[64];
	size_t len;
	int fd, first = 1;

	if (size && data[0] == 'B') {
		check_batches(data + 1, data + size);
		return 0;
	}
	fd = memfd_create("trace", MFD_CLOEXEC);
	if (fd < 0)
		return 0;
	if (size && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	lseek(fd, 0, SEEK_SET);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	r = reader__open(path);
	while (r && reader__next(r, &b, &len) == 1) {
		if (check(b, len, first))
			break;
		first = 0;
	}
	reader__free(r);
	close(fd);
	return 0;
}
