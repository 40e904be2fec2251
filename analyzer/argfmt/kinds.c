// SPDX-License-Identifier: MIT
/*
 * kinds.c - one printer per argument kind (enum ak of sctab.h): the
 * registers and captures of one call in, strace's text for one argument
 * out. What a pointer's bytes are comes from the trace's argument types
 * and captures; what a number means comes from sctab's kind (numfmt.c).
 *
 * strace shows what a call's output arguments point to only when the call
 * succeeded, and the address otherwise; a pointer whose bytes the trace
 * did not capture (or could not read) is shown as an address too.
 */
#include <fcntl.h>

#include "analyzer/argfmt/kinds.h"
#include "analyzer/argfmt/numfmt.h"
#include "analyzer/argfmt/argfmt.h"
#include "analyzer/argfmt/out.h"
#include "analyzer/argfmt/procfmt.h"
#include "analyzer/argfmt/sctab.h"
#include "analyzer/argfmt/sockaddr.h"
#include "analyzer/argfmt/statfmt.h"
#include "analyzer/argfmt/strfmt.h"
#include "analyzer/argfmt/structfmt.h"
#include "schema/le.h"

/*
 * The capture of argument i, or NULL when nothing usable was captured (or
 * the pointer is NULL, which strace shows as such).
 */
static const struct argfmt_cap *cap_of(const struct argfmt_call *c, int i)
{
	const struct argfmt_cap *cap = &c->cap[i];

	if (cap->status != KT_CAP_OK && cap->status != KT_CAP_TRUNC)
		return NULL;
	if (i < KT_NARGS && !c->args[i])
		return NULL;
	if (!cap->p && cap->len)
		return NULL;
	return cap;
}

static uint32_t strsize(const struct argfmt_call *c)
{
	return c->strsize ? c->strsize : ARGFMT_STRSIZE;
}

static int succeeded(const struct argfmt_call *c)
{
	return c->has_ret && c->ret >= 0;
}

/* a string argument: whole (paths) or cut at -s */
static void print_string(struct out *o, const struct argfmt_call *c, int i,
			 uint32_t max)
{
	const struct argfmt_cap *cap = cap_of(c, i);

	if (!cap) {
		out_ptr(o, c->args[i]);
		return;
	}
	strfmt__quoted(o, cap->p, cap->len, max ? max : cap->len + 1,
		       cap->status == KT_CAP_TRUNC);
}

/*
 * A path the kernel wrote (getcwd): its ret bytes count the NUL, which a
 * capture of them holds and strace does not show.
 */
static void print_path_out(struct out *o, const struct argfmt_call *c, int i)
{
	const struct argfmt_cap *cap = cap_of(c, i);
	uint32_t n;

	if (!cap) {
		out_ptr(o, c->args[i]);
		return;
	}
	for (n = cap->len; n && !cap->p[n - 1]; n--)
		;
	strfmt__quoted(o, cap->p, n, n + 1, cap->status == KT_CAP_TRUNC);
}

/* count bytes at argument i, of which the capture holds a prefix */
static void print_buffer(struct out *o, const struct argfmt_call *c, int i,
			 uint64_t count, int hex)
{
	const struct argfmt_cap *cap = cap_of(c, i);
	uint64_t avail;

	if (!cap) {
		out_ptr(o, c->args[i]);
		return;
	}
	avail = cap->len < count ? cap->len : count;
	if (hex)
		strfmt__hex(o, cap->p, avail, strsize(c), count > avail);
	else
		strfmt__quoted(o, cap->p, avail, strsize(c), count > avail);
}

/*
 * getdents: strace (without -v) shows the address and the number of
 * entries, which needs the whole ret bytes (linux_dirent and
 * linux_dirent64 both keep d_reclen at offset 16).
 */
static void print_dirents(struct out *o, const struct argfmt_call *c, int i)
{
	const struct argfmt_cap *cap = cap_of(c, i);
	uint64_t n = 0, off = 0;

	out_ptr(o, c->args[i]);
	if (!succeeded(c))
		return;
	if (c->ret) {
		if (!cap || cap->status != KT_CAP_OK || cap->len < c->ret)
			return;
		while (off + 18 <= (uint64_t)c->ret) {
			uint16_t reclen = kt_get_le16(cap->p + off + 16);

			if (!reclen)
				return;
			off += reclen;
			n++;
		}
	}
	out_str(o, " /* ");
	out_udec(o, n);
	out_str(o, " entries */");
}

/* [3, 4]: int[2] the kernel wrote, or the two new descriptors */
static void print_fdpair(struct out *o, const struct argfmt_call *c, int i)
{
	const struct argfmt_cap *cap = cap_of(c, i);
	const struct argfmt_cap *nfd = cap_of(c, KT_CAP_NEWFD);
	int32_t fd[2];

	if (succeeded(c) && cap && cap->len >= 8) {
		fd[0] = kt_get_le32(cap->p);
		fd[1] = kt_get_le32(cap->p + 4);
	} else if (succeeded(c) && nfd && nfd->len >= 32) {
		fd[0] = kt_get_le32(nfd->p);
		fd[1] = kt_get_le32(nfd->p + 16);
	} else {
		out_ptr(o, c->args[i]);
		return;
	}
	out_ch(o, '[');
	out_dec(o, fd[0]);
	out_str(o, ", ");
	out_dec(o, fd[1]);
	out_ch(o, ']');
}

static void print_sockaddr(struct out *o, const struct argfmt_call *c, int i,
			   int out_arg)
{
	const struct argfmt_cap *cap = cap_of(c, i);

	if (!cap || cap->len < 2 || (out_arg && !succeeded(c)))
		out_ptr(o, c->args[i]);
	else
		sockaddr__print(o, cap->p, cap->len);
}

/* the length the kernel wrote back: the captured address's length */
static void print_socklen(struct out *o, const struct argfmt_call *c, int i)
{
	const struct argfmt_cap *addr = i ? cap_of(c, i - 1) : NULL;

	if (!addr || !succeeded(c) || !c->args[i]) {
		out_ptr(o, c->args[i]);
		return;
	}
	out_ch(o, '[');
	out_udec(o, addr->len);
	out_ch(o, ']');
}

/* an argument of a syscall sctab does not know: by its trace type */
static void print_by_type(struct out *o, const struct argfmt_call *c, int i)
{
	const struct argfmt_cap *cap = cap_of(c, i);
	uint8_t t = c->argtype ? c->argtype[i] : KT_ARG_INT;

	switch (t) {
	case KT_ARG_FD:
		out_dec(o, (int32_t)c->args[i]);
		return;
	case KT_ARG_PTR:
	case KT_ARG_STRUCT_OUT:
		out_ptr(o, c->args[i]);
		return;
	case KT_ARG_STR_OUT:
	case KT_ARG_BUF_OUT:
		if (!succeeded(c)) {
			out_ptr(o, c->args[i]);
			return;
		}
		/* fall through */
	case KT_ARG_STR:
	case KT_ARG_BUF_IN:
		print_string(o, c, i, strsize(c));
		return;
	case KT_ARG_SOCKADDR:
	case KT_ARG_SOCKADDR_OUT:
	case KT_ARG_MSGHDR:
		print_sockaddr(o, c, i, 0);
		return;
	case KT_ARG_ARGV:
		if (cap && c->args[i])
			procfmt__argv(o, cap->p, cap->len, strsize(c),
				      cap->status == KT_CAP_TRUNC);
		else
			out_ptr(o, c->args[i]);
		return;
	case KT_ARG_ENVP:
		procfmt__envp(o, c->args[i], &c->cap[i]);
		return;
	}
	out_dec(o, (int64_t)c->args[i]);
}

/* a captured struct in or out of the call; 0 when not shown */
static int print_struct(struct out *o, const struct argfmt_call *c, int ak,
			const struct argfmt_cap *cap)
{
	int out = ak == AK_RLIM_OUT || ak == AK_UTSNAME || ak == AK_SIGACTION_OUT;

	if (!cap || (out && !succeeded(c)))
		return 0;
	switch (ak) {
	case AK_RLIM_IN:
	case AK_RLIM_OUT:
		return structfmt__rlimit(o, cap->p, cap->len);
	case AK_UTSNAME:
		return structfmt__utsname(o, cap->p, cap->len);
	default:
		return structfmt__sigaction(o, cap->p, cap->len);
	}
}

static void print_misc(struct out *o, const struct argfmt_call *c, int i, int ak)
{
	uint64_t v = c->args[i];
	const struct argfmt_cap *cap = cap_of(c, i);

	switch (ak) {
	case AK_STAT:
	case AK_STATX:
		if (!succeeded(c) || !cap ||
		    !(ak == AK_STAT ? statfmt__stat(o, cap->p, cap->len) :
		      statfmt__statx(o, cap->p, cap->len)))
			out_ptr(o, v);
		break;
	case AK_WSTATUS:
		if (c->has_ret && c->ret > 0 && cap && cap->len >= 4)
			procfmt__wstatus(o, (int32_t)kt_get_le32(cap->p));
		else
			out_ptr(o, v);
		break;
	case AK_INT_OUT:
	case AK_INT_IN:
		if ((ak == AK_INT_IN || succeeded(c)) && cap && cap->len == 4 && v) {
			out_ch(o, '[');
			out_dec(o, (int32_t)kt_get_le32(cap->p));
			out_ch(o, ']');
		} else {
			out_ptr(o, v);
		}
		break;
	case AK_SIGSET:
	case AK_SIGSET_OUT:
		if ((ak == AK_SIGSET || succeeded(c)) && cap && cap->len && v)
			structfmt__sigset(o, cap->p, cap->len);
		else
			out_ptr(o, v);
		break;
	case AK_POLLFDS:
		if (!cap || !v || !structfmt__pollfds(o, cap->p, cap->len, c->args[1],
						       strsize(c), 0))
			out_ptr(o, v);
		break;
	case AK_SYSINFO:
		if (!succeeded(c) || !cap || !v ||
		    !structfmt__sysinfo(o, cap->p, cap->len))
			out_ptr(o, v);
		break;
	case AK_TIMESPEC:
		if (!cap || !v || !structfmt__timespec(o, cap->p, cap->len))
			out_ptr(o, v);
		break;
	case AK_RLIM_IN:
	case AK_RLIM_OUT:
	case AK_UTSNAME:
	case AK_SIGACTION:
	case AK_SIGACTION_OUT:
		if (!print_struct(o, c, ak, cap))
			out_ptr(o, v);
		break;
	case AK_ARGV:
		if (cap && v)
			procfmt__argv(o, cap->p, cap->len, strsize(c),
				      cap->status == KT_CAP_TRUNC);
		else
			out_ptr(o, v);
		break;
	case AK_ENVP:
		procfmt__envp(o, v, &c->cap[i]);
		break;
	case AK_FDPAIR:
		print_fdpair(o, c, i);
		break;
	case AK_CLONE:
		procfmt__clone(o, c);
		break;
	case AK_CLONE_ARGS:
		if (!cap || !procfmt__clone_args(o, c, cap->p, cap->len))
			out_ptr(o, v);
		break;
	case AK_FUTEX:
		procfmt__futex(o, c);
		break;
	default:
		print_by_type(o, c, i);
		break;
	}
}

void kinds__print(struct out *o, const struct argfmt_call *c, int i, int ak)
{
	uint64_t v = c->args[i];

	switch (ak) {
	case AK_INT: out_dec(o, (int32_t)v); break;
	case AK_UINT: out_udec(o, (uint32_t)v); break;
	case AK_LONG: out_dec(o, (int64_t)v); break;
	case AK_ULONG: out_udec(o, v); break;
	case AK_HEX: out_hex(o, v); break;
	case AK_OCT:
	case AK_OPEN_MODE: out_oct3(o, (uint32_t)v); break;
	case AK_PTR:
	case AK_MREMAP_ADDR: out_ptr(o, v); break;
	case AK_FD: out_dec(o, (int32_t)v); break;
	case AK_DIRFD:
		if ((int32_t)v == AT_FDCWD)
			out_str(o, "AT_FDCWD");
		else
			out_dec(o, (int32_t)v);
		break;
	case AK_PATH: print_string(o, c, i, 0); break;
	case AK_STR: print_string(o, c, i, strsize(c)); break;
	case AK_BUF_IN: print_buffer(o, c, i, i < 5 ? c->args[i + 1] : 0, 0); break;
	case AK_BUF_OUT:
	case AK_STR_OUT:
	case AK_BUF_OUT_HEX:
		if (succeeded(c))
			print_buffer(o, c, i, c->ret, ak == AK_BUF_OUT_HEX);
		else
			out_ptr(o, v);
		break;
	case AK_DIRENTS: print_dirents(o, c, i); break;
	case AK_PATH_OUT:
		if (succeeded(c))
			print_path_out(o, c, i);
		else
			out_ptr(o, v);
		break;
	case AK_SOCKADDR: print_sockaddr(o, c, i, 0); break;
	case AK_SOCKADDR_OUT: print_sockaddr(o, c, i, 1); break;
	case AK_SOCKLEN_OUT: print_socklen(o, c, i); break;
	default:
		if (!numfmt__print(o, c, i, ak))
			print_misc(o, c, i, ak);
		break;
	}
}
