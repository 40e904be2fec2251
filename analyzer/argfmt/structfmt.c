// SPDX-License-Identifier: MIT
/*
 * structfmt.c - small structs as strace prints them (its signal.c
 * sprintsigmask, resource.c and uname.c). The layouts are the UAPI ones:
 * a sigset is a bit array of little-endian u64 words (signal n is bit
 * n - 1), a struct rlimit64 two u64, a struct utsname six 65-byte strings,
 * a struct __kernel_timespec two s64.
 */
#include <signal.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>

#include "analyzer/argfmt/structfmt.h"
#include "analyzer/argfmt/flags.h"
#include "analyzer/argfmt/out.h"
#include "analyzer/argfmt/strfmt.h"
#include "schema/le.h"

static int sig_bit(const uint8_t *p, uint32_t sig)
{
	return (p[(sig - 1) / 8] >> ((sig - 1) % 8)) & 1;
}

/* a signal's name without "SIG", strace's way: INT, RTMIN, RT_3, 65 */
static void print_signame(struct out *o, uint32_t sig)
{
	const char *name = sig < __SIGRTMIN ? xlat__name(&xt_signals, sig) : NULL;

	if (name) {
		out_str(o, name + 3);
	} else if (sig == __SIGRTMIN) {
		out_str(o, "RTMIN");
	} else if (sig > __SIGRTMIN && sig <= __SIGRTMAX) {
		out_str(o, "RT_");
		out_udec(o, sig - __SIGRTMIN);
	} else {
		out_udec(o, sig);
	}
}

void structfmt__sigset(struct out *o, const uint8_t *p, uint32_t len)
{
	uint32_t nsig = len * 8, sig, set = 0;
	int invert, n = 0;

	for (sig = 1; sig <= nsig; sig++)
		set += sig_bit(p, sig);
	invert = set * 2 > nsig;	/* print what is not in it */
	if (invert)
		out_ch(o, '~');
	out_ch(o, '[');
	for (sig = 1; sig <= nsig; sig++) {
		if (sig_bit(p, sig) == invert)
			continue;
		if (n++)
			out_ch(o, ' ');
		print_signame(o, sig);
	}
	out_ch(o, ']');
}

static void print_rlim(struct out *o, uint64_t v)
{
	if (v == UINT64_MAX) {
		out_str(o, "RLIM64_INFINITY");
	} else if (v && v % 1024 == 0) {
		out_udec(o, v / 1024);
		out_str(o, "*1024");
	} else {
		out_udec(o, v);
	}
}

int structfmt__rlimit(struct out *o, const uint8_t *p, uint32_t len)
{
	if (len < 16)
		return 0;
	out_str(o, "{rlim_cur=");
	print_rlim(o, kt_get_le64(p));
	out_str(o, ", rlim_max=");
	print_rlim(o, kt_get_le64(p + 8));
	out_ch(o, '}');
	return 1;
}

/* one NUL-padded field of n bytes */
static void print_field(struct out *o, const uint8_t *p, uint32_t n)
{
	uint32_t k = 0;

	while (k < n && p[k])
		k++;
	strfmt__quoted(o, p, k, n, 0);
}

int structfmt__utsname(struct out *o, const uint8_t *p, uint32_t len)
{
	const uint32_t f = sizeof(((struct utsname *)0)->sysname);

	if (len < 2 * f)
		return 0;
	out_str(o, "{sysname=");
	print_field(o, p, f);
	out_str(o, ", nodename=");
	print_field(o, p + f, f);
	out_str(o, ", ...}");
	return 1;
}

int structfmt__timespec(struct out *o, const uint8_t *p, uint32_t len)
{
	if (len < 16)
		return 0;
	out_str(o, "{tv_sec=");
	out_dec(o, (int64_t)kt_get_le64(p));
	out_str(o, ", tv_nsec=");
	out_dec(o, (int64_t)kt_get_le64(p + 8));
	out_ch(o, '}');
	return 1;
}

int structfmt__sigaction(struct out *o, const uint8_t *p, uint32_t len)
{
	/* the kernel's flag, which <signal.h> does not define */
	uint64_t restorer = xt_sa_restorer.n ? xt_sa_restorer.e[0].val : 0;
	uint64_t handler, flags;

	if (len < 32)
		return 0;
	handler = kt_get_le64(p);
	flags = kt_get_le64(p + 8);
	out_str(o, "{sa_handler=");
	if (handler == (uint64_t)(uintptr_t)SIG_DFL)
		out_str(o, "SIG_DFL");
	else if (handler == (uint64_t)(uintptr_t)SIG_IGN)
		out_str(o, "SIG_IGN");
	else
		out_hex(o, handler);
	out_str(o, ", sa_mask=");
	structfmt__sigset(o, p + 24, len - 24);
	out_str(o, ", sa_flags=");
	xlat__flags(o, &xt_sigact_flags, flags, NULL);
	if (flags & restorer) {
		out_str(o, ", sa_restorer=");
		out_hex(o, kt_get_le64(p + 16));
	}
	out_ch(o, '}');
	return 1;
}

int structfmt__pollfds(struct out *o, const uint8_t *p, uint32_t len,
		       uint64_t n, uint32_t max, int revents)
{
	uint64_t i;
	int shown = 0;

	if (n > len / 8)
		return 0;
	out_ch(o, '[');
	for (i = 0; i < n; i++) {
		int32_t fd = (int32_t)kt_get_le32(p + 8 * i);
		uint16_t ev = kt_get_le16(p + 8 * i + (revents ? 6 : 4));

		if (revents && !ev)
			continue;
		if (shown)
			out_str(o, ", ");
		if ((uint32_t)shown++ >= max) {
			out_str(o, "...");
			break;
		}
		out_str(o, "{fd=");
		out_dec(o, fd);
		if (fd >= 0 || revents) {
			out_str(o, revents ? ", revents=" : ", events=");
			xlat__flags(o, &xt_poll_events, ev, NULL);
		}
		out_ch(o, '}');
	}
	out_ch(o, ']');
	return 1;
}

int structfmt__sysinfo(struct out *o, const uint8_t *p, uint32_t len)
{
	struct sysinfo si;

	if (len != sizeof(si))
		return 0;
	memcpy(&si, p, sizeof(si));
	out_str(o, "{uptime=");
	out_dec(o, si.uptime);
	out_str(o, ", loads=[");
	out_udec(o, si.loads[0]);
	out_str(o, ", ");
	out_udec(o, si.loads[1]);
	out_str(o, ", ");
	out_udec(o, si.loads[2]);
	out_str(o, "], totalram=");
	out_udec(o, si.totalram);
	out_str(o, ", freeram=");
	out_udec(o, si.freeram);
	out_str(o, ", sharedram=");
	out_udec(o, si.sharedram);
	out_str(o, ", bufferram=");
	out_udec(o, si.bufferram);
	out_str(o, ", totalswap=");
	out_udec(o, si.totalswap);
	out_str(o, ", freeswap=");
	out_udec(o, si.freeswap);
	out_str(o, ", procs=");
	out_udec(o, si.procs);
	out_str(o, ", totalhigh=");
	out_udec(o, si.totalhigh);
	out_str(o, ", freehigh=");
	out_udec(o, si.freehigh);
	out_str(o, ", mem_unit=");
	out_udec(o, si.mem_unit);
	out_ch(o, '}');
	return 1;
}
