/* SPDX-License-Identifier: MIT */
/*
 * le.h - little-endian loads and stores, the only code that touches bytes.
 *
 * Everything ktrail writes to disk goes through these helpers: fixed-width
 * little-endian integers through memcpy (safe on unaligned data, as in
 * zstd's lib/common/mem.h) and LEB128 varints with zigzag for signed values.
 * schema/codec.c builds records from them; nothing else encodes bytes.
 */
#ifndef KTRAIL_LE_H
#define KTRAIL_LE_H

#include <stdint.h>
#include <string.h>

static inline int kt_host_is_le(void)
{
	const uint16_t one = 1;
	unsigned char b;

	memcpy(&b, &one, 1);
	return b == 1;
}

static inline void kt_put_le16(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static inline void kt_put_le32(unsigned char *p, uint32_t v)
{
	if (kt_host_is_le()) {
		memcpy(p, &v, 4);
		return;
	}
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static inline void kt_put_le64(unsigned char *p, uint64_t v)
{
	if (kt_host_is_le()) {
		memcpy(p, &v, 8);
		return;
	}
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static inline uint16_t kt_get_le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t kt_get_le32(const unsigned char *p)
{
	uint32_t v = 0;

	if (kt_host_is_le()) {
		memcpy(&v, p, 4);
		return v;
	}
	for (int i = 0; i < 4; i++)
		v |= (uint32_t)p[i] << (8 * i);
	return v;
}

static inline uint64_t kt_get_le64(const unsigned char *p)
{
	uint64_t v = 0;

	if (kt_host_is_le()) {
		memcpy(&v, p, 8);
		return v;
	}
	for (int i = 0; i < 8; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

/* zigzag maps small negative and positive numbers to small unsigned ones */
static inline uint64_t kt_zigzag(int64_t v)
{
	return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static inline int64_t kt_unzigzag(uint64_t v)
{
	return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

/* LEB128: 7 bits per byte, low groups first, high bit set on all but the last */
#define KT_VARINT_MAX 10

static inline unsigned kt_put_varint(unsigned char *p, uint64_t v)
{
	unsigned n = 0;

	while (v >= 0x80) {
		p[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (unsigned char)v;
	return n;
}

/*
 * Decode one varint from [p, end). Returns the bytes used, or 0 when the
 * input ends inside the varint or it is longer than 10 bytes.
 */
static inline unsigned kt_get_varint(const unsigned char *p,
				     const unsigned char *end, uint64_t *out)
{
	uint64_t v = 0;
	unsigned n = 0;

	while (p + n < end && n < KT_VARINT_MAX) {
		unsigned char b = p[n];

		v |= (uint64_t)(b & 0x7f) << (7 * n);
		n++;
		if (!(b & 0x80)) {
			*out = v;
			return n;
		}
	}
	return 0;
}

#endif /* KTRAIL_LE_H */
