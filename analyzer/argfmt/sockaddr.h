/* SPDX-License-Identifier: MIT */
/*
 * sockaddr.h - a captured struct sockaddr, as strace prints it and as the
 * SPEC's `addr` column holds it.
 */
#ifndef KTRAIL_ARGFMT_SOCKADDR_H
#define KTRAIL_ARGFMT_SOCKADDR_H

#include <stddef.h>
#include <stdint.h>

struct out;

/*
 * The len bytes at p (len >= 2: at least the family) as strace prints a
 * socket address: {sa_family=AF_INET, sin_port=htons(80), ...}.
 */
void sockaddr__print(struct out *o, const uint8_t *p, uint32_t len);

/*
 * The address as IP:PORT, [IPv6]:PORT or a unix path (@name when abstract).
 * Writes nothing and returns 0 for other families, unnamed unix sockets
 * and short captures; returns 1 otherwise.
 */
int sockaddr__addr(struct out *o, const uint8_t *p, uint32_t len);

#endif /* KTRAIL_ARGFMT_SOCKADDR_H */
