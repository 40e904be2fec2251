// SPDX-License-Identifier: MIT
/*
 * out.c - number formatting for the argfmt text sink (out.h).
 */
#include "analyzer/argfmt/out.h"

void out_udec(struct out *o, uint64_t v)
{
	char b[24];
	int i = sizeof(b);

	do {
		b[--i] = '0' + v % 10;
		v /= 10;
	} while (v);
	out_mem(o, b + i, sizeof(b) - i);
}

void out_dec(struct out *o, int64_t v)
{
	if (v < 0) {
		out_ch(o, '-');
		out_udec(o, -(uint64_t)v);
	} else {
		out_udec(o, v);
	}
}

void out_hex(struct out *o, uint64_t v)
{
	char b[24];
	int i = sizeof(b);

	if (!v) {
		out_ch(o, '0');
		return;
	}
	while (v) {
		b[--i] = "0123456789abcdef"[v & 15];
		v >>= 4;
	}
	b[--i] = 'x';
	b[--i] = '0';
	out_mem(o, b + i, sizeof(b) - i);
}

void out_oct(struct out *o, uint64_t v)
{
	char b[28];
	int i = sizeof(b);

	if (!v) {
		out_ch(o, '0');
		return;
	}
	while (v) {
		b[--i] = '0' + (v & 7);
		v >>= 3;
	}
	b[--i] = '0';
	out_mem(o, b + i, sizeof(b) - i);
}

void out_oct3(struct out *o, uint64_t v)
{
	char b[28];
	int i = sizeof(b);

	do {
		b[--i] = '0' + (v & 7);
		v >>= 3;
	} while (v);
	if (b[i] != '0')
		b[--i] = '0';
	while (sizeof(b) - i < 3)
		b[--i] = '0';
	out_mem(o, b + i, sizeof(b) - i);
}

void out_ptr(struct out *o, uint64_t v)
{
	if (!v)
		out_mem(o, "NULL", 4);
	else
		out_hex(o, v);
}
