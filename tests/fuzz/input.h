/* SPDX-License-Identifier: MIT */
/*
 * input.h - how the trace fuzz targets turn an input into a trace file.
 *
 * An input is a trace file as it is, or 'B' followed by batches separated
 * by "KTFR", each written as a checksummed zstd frame: most mutations of
 * compressed bytes only fail the checksum, these reach the record
 * decoders. Header-only, for the fuzz targets (each is one .c file).
 */
#ifndef KTRAIL_FUZZ_INPUT_H
#define KTRAIL_FUZZ_INPUT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zstd.h>

#define FUZZ_SEP "KTFR"	/* batch separator of 'B' inputs */

/* Write input data to fd as the trace file it stands for. Returns 0 or -1. */
static inline int fuzz_input__write(int fd, const uint8_t *data, size_t size)
{
	const uint8_t *p = data + 1, *end = data + size;

	if (!size || data[0] != 'B')
		return size && write(fd, data, size) != (ssize_t)size ? -1 : 0;
	while (p <= end) {
		const uint8_t *sep = memmem(p, (size_t)(end - p), FUZZ_SEP, 4);
		size_t n = (size_t)((sep ? sep : end) - p), cap;
		ZSTD_CCtx *c = ZSTD_createCCtx();
		void *z = malloc(cap = ZSTD_compressBound(n));
		size_t zn;

		ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
		zn = ZSTD_compress2(c, z, cap, p, n);
		if (!ZSTD_isError(zn) && write(fd, z, zn) != (ssize_t)zn)
			zn = (size_t)-1;	/* an error code for ZSTD_isError() */
		free(z);
		ZSTD_freeCCtx(c);
		if (ZSTD_isError(zn))
			return -1;
		if (!sep)
			break;
		p = sep + 4;
	}
	return 0;
}

#endif /* KTRAIL_FUZZ_INPUT_H */
