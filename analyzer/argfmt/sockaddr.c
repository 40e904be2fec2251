// SPDX-License-Identifier: MIT
/*
 * sockaddr.c - socket addresses as captured by the recorder (the bytes of
 * the struct sockaddr the kernel saw, in network byte order where the UAPI
 * says so), printed the way strace's sockaddr.c prints them. The layouts
 * are the UAPI structs of <netinet/in.h>, <sys/un.h> and
 * <linux/netlink.h>, the same on every architecture.
 */
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "analyzer/argfmt/sockaddr.h"
#include "analyzer/argfmt/flags.h"
#include "analyzer/argfmt/out.h"
#include "analyzer/argfmt/strfmt.h"

static uint16_t family_of(const uint8_t *p)
{
	uint16_t f;

	memcpy(&f, p, sizeof(f));	/* sa_family_t: host order */
	return f;
}

static void print_in(struct out *o, const uint8_t *p, uint32_t len)
{
	struct sockaddr_in sin;
	char ip[INET_ADDRSTRLEN];

	memset(&sin, 0, sizeof(sin));
	memcpy(&sin, p, len < sizeof(sin) ? len : sizeof(sin));
	inet_ntop(AF_INET, &sin.sin_addr, ip, sizeof(ip));
	out_str(o, ", sin_port=htons(");
	out_udec(o, ntohs(sin.sin_port));
	out_str(o, "), sin_addr=inet_addr(\"");
	out_str(o, ip);
	out_str(o, "\")");
}

static void print_in6(struct out *o, const uint8_t *p, uint32_t len)
{
	struct sockaddr_in6 sin6;
	char ip[INET6_ADDRSTRLEN];

	memset(&sin6, 0, sizeof(sin6));
	memcpy(&sin6, p, len < sizeof(sin6) ? len : sizeof(sin6));
	inet_ntop(AF_INET6, &sin6.sin6_addr, ip, sizeof(ip));
	out_str(o, ", sin6_port=htons(");
	out_udec(o, ntohs(sin6.sin6_port));
	out_str(o, "), sin6_flowinfo=htonl(");
	out_udec(o, ntohl(sin6.sin6_flowinfo));
	out_str(o, "), inet_pton(AF_INET6, \"");
	out_str(o, ip);
	out_str(o, "\", &sin6_addr)");
	if (len >= sizeof(sin6)) {
		out_str(o, ", sin6_scope_id=");
		out_udec(o, sin6.sin6_scope_id);
	}
}

/* sun_path bytes up to the first NUL (after the leading one if abstract) */
static uint32_t sun_path_len(const uint8_t *path, uint32_t n, int abstract)
{
	uint32_t i;

	for (i = abstract; i < n; i++)
		if (!path[i])
			break;
	return i;
}

static void print_un(struct out *o, const uint8_t *p, uint32_t len)
{
	size_t off = offsetof(struct sockaddr_un, sun_path);
	const uint8_t *path = p + off;
	uint32_t n = len - off;
	int abstract;

	if (len <= off)
		return;
	if (n > sizeof(((struct sockaddr_un *)0)->sun_path))
		n = sizeof(((struct sockaddr_un *)0)->sun_path);
	abstract = path[0] == 0;
	out_str(o, ", sun_path=");
	if (abstract) {
		out_ch(o, '@');
		strfmt__quoted(o, path + 1, n - 1, n, 0);
	} else {
		strfmt__quoted(o, path, sun_path_len(path, n, 0), n, 0);
	}
}

static void print_nl(struct out *o, const uint8_t *p, uint32_t len)
{
	struct sockaddr_nl nl;
	static const char hex[] = "0123456789abcdef";
	int i;

	memset(&nl, 0, sizeof(nl));
	memcpy(&nl, p, len < sizeof(nl) ? len : sizeof(nl));
	out_str(o, ", nl_pid=");
	out_udec(o, nl.nl_pid);
	/* strace's "%#08x": eight zeros for 0, else 0x and at least 6 digits */
	out_str(o, ", nl_groups=");
	if (!nl.nl_groups) {
		out_str(o, "00000000");
		return;
	}
	out_str(o, "0x");
	for (i = 7; i > 0 && !(nl.nl_groups >> (4 * i)); i--)
		;
	for (i = i < 5 ? 5 : i; i >= 0; i--)
		out_ch(o, hex[(nl.nl_groups >> (4 * i)) & 15]);
}

void sockaddr__print(struct out *o, const uint8_t *p, uint32_t len)
{
	uint16_t family = family_of(p);
	const char *name = xlat__name(&xt_address_families, family);

	out_str(o, "{sa_family=");
	if (name)
		out_str(o, name);
	else
		xlat__xval(o, &xt_address_families, family, "AF_???");
	switch (family) {
	case AF_INET:
		print_in(o, p, len);
		break;
	case AF_INET6:
		print_in6(o, p, len);
		break;
	case AF_UNIX:
		print_un(o, p, len);
		break;
	case AF_NETLINK:
		print_nl(o, p, len);
		break;
	default:
		if (len > 2) {
			out_str(o, ", sa_data=");
			strfmt__quoted(o, p + 2, len - 2, len - 2, 0);
		}
		break;
	}
	out_ch(o, '}');
}

int sockaddr__addr(struct out *o, const uint8_t *p, uint32_t len)
{
	char ip[INET6_ADDRSTRLEN];

	if (len < 2)
		return 0;
	switch (family_of(p)) {
	case AF_INET: {
		struct sockaddr_in sin;

		if (len < sizeof(sin))
			return 0;
		memcpy(&sin, p, sizeof(sin));
		inet_ntop(AF_INET, &sin.sin_addr, ip, sizeof(ip));
		out_str(o, ip);
		out_ch(o, ':');
		out_udec(o, ntohs(sin.sin_port));
		return 1;
	}
	case AF_INET6: {
		struct sockaddr_in6 sin6;

		if (len < offsetof(struct sockaddr_in6, sin6_scope_id))
			return 0;
		memset(&sin6, 0, sizeof(sin6));
		memcpy(&sin6, p, len < sizeof(sin6) ? len : sizeof(sin6));
		inet_ntop(AF_INET6, &sin6.sin6_addr, ip, sizeof(ip));
		out_ch(o, '[');
		out_str(o, ip);
		out_str(o, "]:");
		out_udec(o, ntohs(sin6.sin6_port));
		return 1;
	}
	case AF_UNIX: {
		size_t off = offsetof(struct sockaddr_un, sun_path);
		uint32_t n = len > off ? len - off : 0;
		const uint8_t *path = p + off;

		if (n > sizeof(((struct sockaddr_un *)0)->sun_path))
			n = sizeof(((struct sockaddr_un *)0)->sun_path);
		if (!n || (path[0] == 0 && n == 1))
			return 0;
		if (path[0] == 0) {
			out_ch(o, '@');
			out_mem(o, (const char *)path + 1,
				sun_path_len(path, n, 1) - 1);
		} else {
			out_mem(o, (const char *)path, sun_path_len(path, n, 0));
		}
		return 1;
	}
	}
	return 0;
}
