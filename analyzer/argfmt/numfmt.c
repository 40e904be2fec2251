// SPDX-License-Identifier: MIT
/*
 * numfmt.c - arguments that are numbers with a meaning: flags, commands,
 * modes, signals, socket families and types, ioctl requests. Each prints
 * through a table generated from the system headers (flags.h), in strace's
 * order and with strace's comment for what it cannot name; a few depend on
 * another argument of the same call (fcntl's argument on its command, a
 * socket option on its level).
 */
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <linux/ioctl.h>

#include "analyzer/argfmt/numfmt.h"
#include "analyzer/argfmt/argfmt.h"
#include "analyzer/argfmt/flags.h"
#include "analyzer/argfmt/out.h"
#include "analyzer/argfmt/procfmt.h"
#include "analyzer/argfmt/sctab.h"
#include "analyzer/argfmt/statfmt.h"

#ifndef __O_TMPFILE
#define __O_TMPFILE (O_TMPFILE & ~O_DIRECTORY)
#endif

static void print_open_flags(struct out *o, uint32_t v)
{
	xlat__xval(o, &xt_open_accmode, v & O_ACCMODE, NULL);
	if (v & ~O_ACCMODE) {
		out_ch(o, '|');
		xlat__flags(o, &xt_open_flags, v & ~O_ACCMODE, NULL);
	}
}

static void print_mmap_flags(struct out *o, uint64_t v)
{
	uint64_t huge = (v >> MAP_HUGE_SHIFT) & MAP_HUGE_MASK;
	uint64_t rest = v & ~(uint64_t)MAP_TYPE &
			~((uint64_t)MAP_HUGE_MASK << MAP_HUGE_SHIFT);

	xlat__xval(o, &xt_mmap_type, v & MAP_TYPE, "MAP_???");
	if (rest) {
		out_ch(o, '|');
		xlat__flags(o, &xt_mmap_flags, rest, NULL);
	}
	if (huge) {
		out_ch(o, '|');
		out_udec(o, huge);
		out_str(o, "<<MAP_HUGE_SHIFT");
	}
}

static void print_statx_flags(struct out *o, uint32_t v)
{
	if (v & AT_STATX_SYNC_TYPE) {
		xlat__flags(o, &xt_statx_flags, v, NULL);
		return;
	}
	out_str(o, "AT_STATX_SYNC_AS_STAT");
	if (v) {
		out_ch(o, '|');
		xlat__flags(o, &xt_statx_flags, v, NULL);
	}
}

/* strace's socket type: a known type, then the flags; else all as flags */
static void print_socktype(struct out *o, uint32_t v)
{
	const char *type = xlat__name(&xt_socket_types, v & 0xf);

	if (type || !v) {
		out_str(o, type ? type : "0");
		v &= ~0xfu;
		if (!v)
			return;
		out_ch(o, '|');
	}
	xlat__flags(o, &xt_socket_flags, v, "SOCK_???");
}

static void print_sockproto(struct out *o, const struct argfmt_call *c)
{
	uint32_t family = c->args[0], proto = c->args[2];

	if (family == AF_INET || family == AF_INET6)
		xlat__xval(o, &xt_inet_protocols, proto, "IPPROTO_???");
	else if (family == AF_NETLINK)
		xlat__xval(o, &xt_netlink_protocols, proto, "NETLINK_???");
	else
		out_dec(o, (int32_t)proto);
}

static void print_ioctl_cmd(struct out *o, uint32_t cmd)
{
	const char *name = xlat__name(&xt_ioctls, cmd);
	uint32_t dir = (cmd >> _IOC_DIRSHIFT) & _IOC_DIRMASK;

	if (name) {
		out_str(o, name);
		return;
	}
	out_str(o, "_IOC(");
	if (dir)
		xlat__flags(o, &xt_ioc_dirs, dir, NULL);
	else
		out_str(o, "_IOC_NONE");
	out_str(o, ", ");
	out_hex(o, (cmd >> _IOC_TYPESHIFT) & _IOC_TYPEMASK);
	out_str(o, ", ");
	out_hex(o, (cmd >> _IOC_NRSHIFT) & _IOC_NRMASK);
	out_str(o, ", ");
	out_hex(o, (cmd >> _IOC_SIZESHIFT) & _IOC_SIZEMASK);
	out_ch(o, ')');
}

static void print_fcntl_arg(struct out *o, const struct argfmt_call *c)
{
	uint64_t v = c->args[2];

	switch ((uint32_t)c->args[1]) {
	case F_SETFD:
		xlat__flags(o, &xt_fd_flags, (uint32_t)v, "FD_???");
		break;
	case F_SETFL:
		print_open_flags(o, v);
		break;
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
	case F_SETOWN:
	case F_SETPIPE_SZ:
	case F_SETLEASE:
	case F_NOTIFY:
	case F_ADD_SEALS:
		out_dec(o, (int32_t)v);
		break;
	case F_SETSIG:
		procfmt__signal(o, (uint32_t)v);
		break;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
	case F_GETOWN_EX:
	case F_SETOWN_EX:
		out_ptr(o, v);
		break;
	default:
		out_hex(o, v);
		break;
	}
}

/* fcntl commands that take no third argument */
int numfmt__fcntl_nargs(uint32_t cmd)
{
	switch (cmd) {
	case F_GETFD:
	case F_GETFL:
	case F_GETOWN:
	case F_GETSIG:
	case F_GETLEASE:
	case F_GETPIPE_SZ:
	case F_GET_SEALS:
		return 2;
	}
	return 3;
}

/* mremap's new address is shown only with MREMAP_FIXED */
int numfmt__mremap_has_addr(uint32_t flags)
{
	return !!(flags & MREMAP_FIXED);
}

/* mknod's device is shown only for a device node */
int numfmt__mknod_has_dev(uint32_t mode)
{
	return S_ISCHR(mode) || S_ISBLK(mode);
}

/* open's mode is shown only when the flags make the kernel use it */
int numfmt__open_has_mode(uint32_t flags)
{
	return (flags & O_CREAT) || (flags & __O_TMPFILE) == __O_TMPFILE;
}

/* kinds printed straight through one table: flags or one value */
static const struct {
	const struct xlat *x;
	const char *unknown;	/* strace's comment for what it cannot name */
} simple[AK_NKINDS] = {
	[AK_FD_FLAGS_O] = { &xt_open_flags, "O_???" },
	[AK_AT_FLAGS] = { &xt_at_flags, "AT_???" },
	[AK_FACCESSAT_FLAGS] = { &xt_faccessat_flags, "AT_???" },
	[AK_STATX_MASK] = { &xt_statx_mask, "STATX_???" },
	[AK_ACCESS] = { &xt_access_modes, "?_OK" },
	[AK_PROT] = { &xt_mmap_prot, "PROT_???" },
	[AK_MREMAP_FLAGS] = { &xt_mremap_flags, "MREMAP_???" },
	[AK_MSYNC_FLAGS] = { &xt_msync_flags, "MS_???" },
	[AK_MADVICE] = { &xt_madvise_advice, "MADV_???" },
	[AK_SIGHOW] = { &xt_sigprocmask_how, "SIG_???" },
	[AK_FAMILY] = { &xt_address_families, "AF_???" },
	[AK_SOCK_FLAGS] = { &xt_socket_flags, "SOCK_???" },
	[AK_MSG_FLAGS] = { &xt_msg_flags, "MSG_???" },
	[AK_SHUT] = { &xt_shutdown_how, "SHUT_???" },
	[AK_FCNTL_CMD] = { &xt_fcntl_cmds, "F_???" },
	[AK_WHENCE] = { &xt_lseek_whence, "SEEK_???" },
	[AK_WAIT_OPTS] = { &xt_wait_options, "W???" },
	[AK_CLOCK] = { &xt_clocks, "CLOCK_???" },
	[AK_EFD_FLAGS] = { &xt_eventfd_flags, "EFD_???" },
	[AK_EPOLL_FLAGS] = { &xt_epoll_flags, "EPOLL_???" },
	[AK_TFD_FLAGS] = { &xt_timerfd_flags, "TFD_???" },
	[AK_MFD_FLAGS] = { &xt_memfd_flags, "MFD_???" },
	[AK_SFD_FLAGS] = { &xt_signalfd_flags, "SFD_???" },
	[AK_CLOSE_RANGE_FLAGS] = { &xt_close_range_flags, "CLOSE_RANGE_???" },
	[AK_RENAME_FLAGS] = { &xt_renameat2_flags, "RENAME_??" },
	[AK_GRND_FLAGS] = { &xt_getrandom_flags, "GRND_???" },
	[AK_RLIMIT] = { &xt_rlimits, "RLIMIT_???" },
	[AK_ARCH_PRCTL] = { &xt_arch_prctl_codes, "ARCH_???" },
	[AK_FADVICE] = { &xt_fadvise_advice, "POSIX_FADV_???" },
	[AK_XATTR_FLAGS] = { &xt_xattr_flags, "XATTR_???" },
	[AK_EPOLL_CTL] = { &xt_epoll_ctl_ops, "EPOLL_CTL_???" },
	[AK_TIMER_FLAGS] = { &xt_timer_flags, "TIMER_???" },
	[AK_FLOCK] = { &xt_flock_ops, "LOCK_???" },
	[AK_SPLICE_FLAGS] = { &xt_splice_flags, "SPLICE_F_???" },
	[AK_INOTIFY_MASK] = { &xt_inotify_masks, "IN_???" },
	[AK_INOTIFY_FLAGS] = { &xt_inotify_flags, "IN_???" },
	[AK_ITIMER] = { &xt_itimers, "ITIMER_???" },
	[AK_WAITID_TYPE] = { &xt_waitid_types, "P_???" },
	[AK_FALLOC_FLAGS] = { &xt_fallocate_flags, "FALLOC_FL_???" },
	[AK_CLONE_FLAGS] = { &xt_clone3_flags, "CLONE_???" },
	[AK_RUSAGE_WHO] = { &xt_rusage_who, "RUSAGE_???" },
	[AK_PRIO_WHICH] = { &xt_prio_which, "PRIO_???" },
	[AK_SCHED_POLICY] = { &xt_sched_policies, "SCHED_???" },
	[AK_UMOUNT_FLAGS] = { &xt_umount_flags, "MNT_???" },
	[AK_SOCK_LEVEL] = { &xt_sock_levels, "SOL_??" },
	[AK_MOUNT_FLAGS] = { &xt_mount_flags, "MS_???" },
};

/* setsockopt/getsockopt's option name: by the level in argument 1 */
static void print_sockopt(struct out *o, const struct argfmt_call *c, int i)
{
	const char *level = xlat__name(&xt_sock_levels, (uint32_t)c->args[1]);
	uint32_t v = c->args[i];

	if (level && !strcmp(level, "SOL_SOCKET"))
		xlat__xval(o, &xt_so_options, v, "SO_???");
	else if (level && !strcmp(level, "SOL_TCP"))
		xlat__xval(o, &xt_tcp_options, v, "TCP_???");
	else
		out_udec(o, v);
}

int numfmt__print(struct out *o, const struct argfmt_call *c, int i, int ak)
{
	uint32_t v = c->args[i];

	if (ak < AK_NKINDS && simple[ak].x) {
		const struct xlat *x = simple[ak].x;

		if (x->kind == XLAT_FLAGS)
			xlat__flags(o, x, v, simple[ak].unknown);
		else if (!xlat__name(x, v) && xlat__name(x, (int64_t)(int32_t)v))
			/* a negative constant (RUSAGE_CHILDREN) */
			xlat__xval(o, x, (int64_t)(int32_t)v, NULL);
		else
			xlat__xval(o, x, v, simple[ak].unknown);
		return 1;
	}
	switch (ak) {
	case AK_OPEN_FLAGS: print_open_flags(o, v); break;
	case AK_FMODE: statfmt__mode(o, v); break;
	case AK_DEV:
		out_str(o, "makedev(");
		out_hex(o, major(c->args[i]));
		out_str(o, ", ");
		out_hex(o, minor(c->args[i]));
		out_ch(o, ')');
		break;
	case AK_STATX_FLAGS: print_statx_flags(o, v); break;
	case AK_MMAP_FLAGS: print_mmap_flags(o, c->args[i]); break;
	case AK_SIGNAL: procfmt__signal(o, v); break;
	case AK_SOCKTYPE: print_socktype(o, v); break;
	case AK_SOCKPROTO: print_sockproto(o, c); break;
	case AK_SOCK_OPTNAME: print_sockopt(o, c, i); break;
	case AK_FCNTL_ARG: print_fcntl_arg(o, c); break;
	case AK_IOCTL_CMD: print_ioctl_cmd(o, v); break;
	case AK_IOCTL_ARG:
		if (xlat__name(&xt_ioctls, (uint32_t)c->args[1]))
			out_ptr(o, c->args[i]);
		else
			out_hex(o, c->args[i]);
		break;
	default: return 0;
	}
	return 1;
}
