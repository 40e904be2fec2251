// SPDX-License-Identifier: MIT
/*
 * argfmt.c - the renderer's entry points (argfmt.h): which arguments a call
 * shows, joined by ", "; its return value; its socket address.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/argfmt/argfmt.h"
#include "analyzer/argfmt/flags.h"
#include "analyzer/argfmt/kinds.h"
#include "analyzer/argfmt/numfmt.h"
#include "analyzer/argfmt/out.h"
#include "analyzer/argfmt/sctab.h"
#include "analyzer/argfmt/sockaddr.h"
#include "analyzer/argfmt/structfmt.h"

/* how many arguments strace shows for c */
static int shown_nargs(const struct argfmt_call *c, const struct scdesc *d)
{
	int n;

	if (!d)
		return c->nargs < 0 || c->nargs > KT_NARGS ? KT_NARGS : c->nargs;
	n = d->nargs;
	if (d->arg[0] == AK_CLONE || d->arg[0] == AK_FUTEX)
		return 1;
	if (n && d->arg[n - 1] == AK_OPEN_MODE &&
	    !numfmt__open_has_mode(c->args[n - 2]))
		n--;
	if (n && d->arg[n - 1] == AK_MREMAP_ADDR &&
	    !numfmt__mremap_has_addr(c->args[n - 2]))
		n--;
	if (n && d->arg[n - 1] == AK_DEV && !numfmt__mknod_has_dev(c->args[n - 2]))
		n--;
	if (n == 3 && d->arg[2] == AK_FCNTL_ARG)
		n = numfmt__fcntl_nargs(c->args[1]);
	return n;
}

size_t argfmt__args(const struct argfmt_call *c, char *buf, size_t size)
{
	const struct scdesc *d = sctab__find(c->name);
	struct out o;
	int i, n;

	out_init(&o, buf, size);
	n = shown_nargs(c, d);
	for (i = 0; i < n; i++) {
		if (i)
			out_mem(&o, ", ", 2);
		kinds__print(&o, c, i, d ? d->arg[i] : AK_DEFAULT);
	}
	return out_end(&o);
}

/*
 * The kernel's restart codes (include/linux/errno.h) never reach a program;
 * strace shows them with "?" for the return value and its own words, as
 * libc has none.
 */
static const struct errmsg {
	const char *name;
	const char *msg;
} restarts[] = {
	{ "ERESTARTSYS", "To be restarted if SA_RESTART is set" },
	{ "ERESTARTNOINTR", "To be restarted" },
	{ "ERESTARTNOHAND", "To be restarted if no handler" },
	{ "ERESTART_RESTARTBLOCK", "Interrupted by signal" },
};

static void print_errno(struct out *o, int64_t err, const char *name)
{
	const char *msg = name ? argfmt__errmsg(name) : NULL;
	size_t i;

	for (i = 0; name && i < sizeof(restarts) / sizeof(restarts[0]); i++)
		if (!strcmp(name, restarts[i].name)) {
			out_str(o, "? ");
			out_str(o, name);
			out_str(o, " (");
			out_str(o, restarts[i].msg);
			out_ch(o, ')');
			return;
		}
	out_mem(o, "-1 ", 3);
	if (!name) {
		out_str(o, "(errno ");
		out_udec(o, err);
		out_ch(o, ')');
		return;
	}
	out_str(o, name);
	out_str(o, " (");
	if (msg) {
		out_str(o, msg);
	} else {	/* what strerror says of a number it does not know */
		out_str(o, "Unknown error ");
		out_udec(o, err);
	}
	out_ch(o, ')');
}

/* F_GETFD and F_GETFL: "0x8002 (flags O_RDWR|O_LARGEFILE)" */
static void print_fcntl_ret(struct out *o, const struct argfmt_call *c)
{
	uint32_t cmd = c->args[1];
	const struct xlat *x = NULL;

	if (cmd == F_GETFD)
		x = &xt_fd_flags;
	else if (cmd == F_GETFL)
		x = &xt_open_flags;
	if (!x || !c->ret) {
		out_dec(o, c->ret);
		return;
	}
	out_hex(o, c->ret);
	out_str(o, " (flags ");
	if (x == &xt_open_flags) {
		xlat__xval(o, &xt_open_accmode, c->ret & O_ACCMODE, NULL);
		if (c->ret & ~O_ACCMODE) {
			out_ch(o, '|');
			xlat__flags(o, x, c->ret & ~O_ACCMODE, NULL);
		}
	} else {
		xlat__flags(o, x, c->ret, NULL);
	}
	out_ch(o, ')');
}

/*
 * poll: "0 (Timeout)", or the count and the descriptors the kernel marked,
 * from a capture of the array taken after the call (the kernel writes
 * only revents, so it holds both): "1 ([{fd=3, revents=POLLIN}])".
 */
static void print_poll_ret(struct out *o, const struct argfmt_call *c)
{
	const struct argfmt_cap *cap = &c->cap[0];

	out_dec(o, c->ret);
	if (!c->ret) {
		out_str(o, " (Timeout)");
		return;
	}
	if (strcmp(c->name, "poll") || !c->args[0] || !cap->p ||
	    (cap->status != KT_CAP_OK && cap->status != KT_CAP_TRUNC) ||
	    c->args[1] > cap->len / 8)
		return;
	out_str(o, " (");
	structfmt__pollfds(o, cap->p, cap->len, c->args[1],
			   c->strsize ? c->strsize : ARGFMT_STRSIZE, 1);
	out_ch(o, ')');
}

size_t argfmt__ret(const struct argfmt_call *c, const char *errno_name,
		   char *buf, size_t size)
{
	const struct scdesc *d = sctab__find(c->name);
	struct out o;

	out_init(&o, buf, size);
	if (!c->has_ret || (d && d->ret == RK_NONE)) {
		out_ch(&o, '?');
	} else if (c->ret < 0 && c->ret >= -4095) {
		print_errno(&o, -c->ret, errno_name);
	} else if (!d) {
		out_dec(&o, c->ret);
	} else {
		switch (d->ret) {
		case RK_HEX: out_hex(&o, c->ret); break;
		case RK_OCT: out_oct3(&o, c->ret); break;
		case RK_FCNTL: print_fcntl_ret(&o, c); break;
		case RK_POLL: print_poll_ret(&o, c); break;
		default: out_dec(&o, c->ret); break;
		}
	}
	return out_end(&o);
}

size_t argfmt__addr(const struct argfmt_call *c, char *buf, size_t size)
{
	const struct argfmt_cap *cap;
	struct out o;
	int i, n = c->nargs < 0 || c->nargs > KT_NARGS ? KT_NARGS : c->nargs;

	out_init(&o, buf, size);
	if (!c->argtype)
		return out_end(&o);
	for (i = 0; i < n; i++) {
		uint8_t t = c->argtype[i];

		if (t != KT_ARG_SOCKADDR && t != KT_ARG_SOCKADDR_OUT &&
		    t != KT_ARG_MSGHDR)
			continue;
		cap = &c->cap[i];
		if ((cap->status != KT_CAP_OK && cap->status != KT_CAP_TRUNC) ||
		    !cap->p)
			continue;
		/* what the kernel wrote is there only if the call succeeded */
		if ((t == KT_ARG_SOCKADDR_OUT ||
		     (t == KT_ARG_MSGHDR && c->name && !strncmp(c->name, "recv", 4))) &&
		    !(c->has_ret && c->ret >= 0))
			continue;
		if (sockaddr__addr(&o, cap->p, cap->len))
			break;
	}
	return out_end(&o);
}

static const struct errmsg errmsgs[] = {
#include "argfmt_errmsg.inc"
};

static int errmsg_cmp(const void *key, const void *e)
{
	return strcmp(key, ((const struct errmsg *)e)->name);
}

const char *argfmt__errmsg(const char *errno_name)
{
	const struct errmsg *e;

	e = bsearch(errno_name, errmsgs, sizeof(errmsgs) / sizeof(errmsgs[0]),
		    sizeof(errmsgs[0]), errmsg_cmp);
	return e ? e->msg : NULL;
}
