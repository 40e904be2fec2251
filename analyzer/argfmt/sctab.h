/* SPDX-License-Identifier: MIT */
/*
 * sctab.h - what strace knows about each syscall's arguments: how each one
 * is printed and how the return value is. Looked up by name, since the
 * trace carries the recording machine's own syscall table.
 */
#ifndef KTRAIL_ARGFMT_SCTAB_H
#define KTRAIL_ARGFMT_SCTAB_H

#include <stdint.h>

/*
 * How one argument is printed (the "argument kinds"). The kinds that show
 * a struct need its bytes in the argument's capture (any type but
 * KT_ARG_INT/FD/PTR), otherwise they print the address, as strace does for
 * memory it cannot read; the bytes each expects are noted below.
 */
enum ak {
	AK_DEFAULT = 0,	/* by the trace's argument type alone */
	AK_INT,		/* int, decimal */
	AK_UINT,	/* unsigned int, decimal */
	AK_LONG,	/* long, decimal */
	AK_ULONG,	/* unsigned long (a size), decimal */
	AK_HEX,		/* %#lx */
	AK_OCT,		/* a permission mode, strace's %#03o */
	AK_PTR,		/* an address: NULL or 0x... */
	AK_MREMAP_ADDR,	/* mremap's new address, only with MREMAP_FIXED */
	AK_FD,		/* a descriptor */
	AK_DIRFD,	/* a descriptor or AT_FDCWD */
	AK_PATH,	/* a path, shown whole */
	AK_STR,		/* a string, cut at -s */
	AK_BUF_IN,	/* bytes the call reads, count in the next argument */
	AK_BUF_OUT,	/* bytes the kernel wrote, count in ret */
	AK_STR_OUT,	/* a string the kernel wrote (ret bytes), cut at -s */
	AK_BUF_OUT_HEX,	/* AK_BUF_OUT, every byte in hex (getrandom) */
	AK_DIRENTS,	/* getdents: the address and how many entries
			 * (needs all ret bytes) */
	AK_PATH_OUT,	/* a path the kernel wrote (getcwd) */
	AK_OPEN_FLAGS,	/* O_RDONLY|O_CLOEXEC */
	AK_OPEN_MODE,	/* the mode of open/openat, only with O_CREAT/O_TMPFILE */
	AK_FD_FLAGS_O,	/* O_* without the access mode (pipe2, dup3) */
	AK_FMODE,	/* a mode with its file type (mknod) */
	AK_DEV,		/* makedev(0x1, 0x3), only for a device node (mknod) */
	AK_AT_FLAGS,
	AK_FACCESSAT_FLAGS,
	AK_STATX_FLAGS,
	AK_STATX_MASK,
	AK_ACCESS,
	AK_PROT,
	AK_MMAP_FLAGS,
	AK_MREMAP_FLAGS,
	AK_MSYNC_FLAGS,
	AK_MADVICE,
	AK_SIGNAL,
	AK_SIGHOW,
	AK_FAMILY,
	AK_SOCKTYPE,
	AK_SOCKPROTO,	/* depends on the family in argument 0 */
	AK_SOCK_FLAGS,	/* accept4 */
	AK_MSG_FLAGS,
	AK_SHUT,
	AK_SOCKADDR,
	AK_SOCKADDR_OUT,
	AK_SOCKLEN_OUT,	/* [16]: the length the kernel wrote */
	AK_FCNTL_CMD,
	AK_FCNTL_ARG,	/* depends on the command */
	AK_IOCTL_CMD,
	AK_IOCTL_ARG,
	AK_WHENCE,
	AK_WAIT_OPTS,
	AK_WSTATUS,	/* [{WIFEXITED(s) ...}]: the int status, 4 bytes */
	AK_CLOCK,
	AK_EFD_FLAGS,
	AK_EPOLL_FLAGS,
	AK_TFD_FLAGS,
	AK_MFD_FLAGS,
	AK_SFD_FLAGS,
	AK_CLOSE_RANGE_FLAGS,
	AK_RENAME_FLAGS,
	AK_GRND_FLAGS,
	AK_RLIMIT,
	AK_ARCH_PRCTL,
	AK_ARGV,	/* the strings, each with its NUL */
	AK_ENVP,	/* u32 LE: how many */
	AK_STAT,	/* sizeof(struct stat) of this machine */
	AK_STATX,	/* struct statx, at least up to stx_blocks */
	AK_FDPAIR,	/* int[2] the kernel wrote (pipe, socketpair): 8
			 * bytes, or two KT_CAP_NEWFD entries */
	AK_INT_OUT,	/* [N]: an int the kernel wrote */
	AK_INT_IN,	/* [N]: an int the call reads; both 4 bytes */
	AK_SIGSET,	/* a signal set the call reads: [INT TERM]; the
			 * sigsetsize bytes */
	AK_SIGSET_OUT,	/* one the kernel writes */
	AK_RLIM_IN,	/* a struct rlimit64 the call reads: 16 bytes */
	AK_RLIM_OUT,	/* one the kernel writes */
	AK_UTSNAME,	/* the struct utsname the kernel writes: 390 bytes
			 * (sysname and nodename: 130) */
	AK_TIMESPEC,	/* a struct timespec the call reads (a timeout):
			 * 16 bytes */
	AK_SIGACTION,	/* the kernel's struct sigaction the call reads:
			 * 32 bytes on x86-64 */
	AK_SIGACTION_OUT,/* one the kernel writes */
	AK_CLONE,	/* the whole of clone's arguments */
	AK_POLLFDS,	/* struct pollfd[nfds] (argument 1): 8 bytes each */
	AK_SYSINFO,	/* sizeof(struct sysinfo) of this machine */
	AK_CLONE_ARGS,	/* clone3's struct clone_args: 64 bytes or more */
	AK_FUTEX,	/* the whole of futex's arguments */
	AK_FADVICE,
	AK_XATTR_FLAGS,
	AK_EPOLL_CTL,
	AK_TIMER_FLAGS,
	AK_FLOCK,
	AK_SPLICE_FLAGS,
	AK_INOTIFY_MASK,
	AK_INOTIFY_FLAGS,
	AK_ITIMER,
	AK_WAITID_TYPE,
	AK_FALLOC_FLAGS,
	AK_CLONE_FLAGS,	/* unshare */
	AK_RUSAGE_WHO,
	AK_PRIO_WHICH,
	AK_SCHED_POLICY,
	AK_UMOUNT_FLAGS,
	AK_SOCK_LEVEL,
	AK_SOCK_OPTNAME,/* depends on the level in argument 1 */
	AK_MOUNT_FLAGS,
	AK_NKINDS
};

/* How the return value is printed. */
enum rk {
	RK_DEC = 0,	/* decimal */
	RK_HEX,		/* an address (mmap, brk) */
	RK_OCT,		/* umask */
	RK_FCNTL,	/* F_GETFL / F_GETFD flags */
	RK_POLL,	/* 0 is "0 (Timeout)" */
	RK_NONE,	/* never returns (exit) */
};

struct scdesc {
	const char *name;
	uint8_t nargs;		/* arguments strace prints */
	uint8_t ret;		/* enum rk */
	uint8_t arg[6];		/* enum ak */
};

/* the description of syscall name, or NULL when strace's is unknown here */
const struct scdesc *sctab__find(const char *name);

#endif /* KTRAIL_ARGFMT_SCTAB_H */
