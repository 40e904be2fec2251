// SPDX-License-Identifier: MIT
/*
 * sctab.c - the syscalls whose arguments argfmt prints as strace does, one
 * line each, reviewed as data (strace keeps the same knowledge in its
 * per-syscall decoders). A syscall missing here is printed from the
 * trace's argument types alone: numbers in decimal, addresses in hex,
 * captured strings and buffers quoted.
 *
 * Lookup is by name through a small open-addressing hash built on first
 * use (not thread-safe), behind a one-entry cache of the last name found:
 * traces come in runs of the same call.
 */
#include <string.h>

#include "analyzer/argfmt/sctab.h"

#define N(...) (sizeof((uint8_t[]){ __VA_ARGS__ }))
#define D(name, ret, ...) { #name, N(__VA_ARGS__), RK_##ret, { __VA_ARGS__ } }
#define D0(name, ret) { #name, 0, RK_##ret, { 0 } }

static const struct scdesc table[] = {
	/* files */
	D(read, DEC, AK_FD, AK_BUF_OUT, AK_ULONG),
	D(write, DEC, AK_FD, AK_BUF_IN, AK_ULONG),
	D(pread64, DEC, AK_FD, AK_BUF_OUT, AK_ULONG, AK_LONG),
	D(pwrite64, DEC, AK_FD, AK_BUF_IN, AK_ULONG, AK_LONG),
	D(readv, DEC, AK_FD, AK_PTR, AK_INT),
	D(writev, DEC, AK_FD, AK_PTR, AK_INT),
	D(open, DEC, AK_PATH, AK_OPEN_FLAGS, AK_OPEN_MODE),
	D(openat, DEC, AK_DIRFD, AK_PATH, AK_OPEN_FLAGS, AK_OPEN_MODE),
	D(openat2, DEC, AK_DIRFD, AK_PATH, AK_PTR, AK_ULONG),
	D(creat, DEC, AK_PATH, AK_OCT),
	D(close, DEC, AK_FD),
	D(close_range, DEC, AK_UINT, AK_UINT, AK_CLOSE_RANGE_FLAGS),
	D(stat, DEC, AK_PATH, AK_STAT),
	D(lstat, DEC, AK_PATH, AK_STAT),
	D(fstat, DEC, AK_FD, AK_STAT),
	D(newfstatat, DEC, AK_DIRFD, AK_PATH, AK_STAT, AK_AT_FLAGS),
	D(statx, DEC, AK_DIRFD, AK_PATH, AK_STATX_FLAGS, AK_STATX_MASK, AK_STATX),
	D(statfs, DEC, AK_PATH, AK_PTR),
	D(fstatfs, DEC, AK_FD, AK_PTR),
	D(lseek, DEC, AK_FD, AK_LONG, AK_WHENCE),
	D(access, DEC, AK_PATH, AK_ACCESS),
	D(faccessat, DEC, AK_DIRFD, AK_PATH, AK_ACCESS),
	D(faccessat2, DEC, AK_DIRFD, AK_PATH, AK_ACCESS, AK_FACCESSAT_FLAGS),
	D(dup, DEC, AK_FD),
	D(dup2, DEC, AK_FD, AK_FD),
	D(dup3, DEC, AK_FD, AK_FD, AK_FD_FLAGS_O),
	D(pipe, DEC, AK_FDPAIR),
	D(pipe2, DEC, AK_FDPAIR, AK_FD_FLAGS_O),
	D(fcntl, FCNTL, AK_FD, AK_FCNTL_CMD, AK_FCNTL_ARG),
	D(ioctl, DEC, AK_FD, AK_IOCTL_CMD, AK_IOCTL_ARG),
	D(chdir, DEC, AK_PATH),
	D(fchdir, DEC, AK_FD),
	D(getcwd, DEC, AK_PATH_OUT, AK_ULONG),
	D(readlink, DEC, AK_PATH, AK_STR_OUT, AK_ULONG),
	D(readlinkat, DEC, AK_DIRFD, AK_PATH, AK_STR_OUT, AK_ULONG),
	D(mkdir, DEC, AK_PATH, AK_OCT),
	D(mkdirat, DEC, AK_DIRFD, AK_PATH, AK_OCT),
	D(rmdir, DEC, AK_PATH),
	D(unlink, DEC, AK_PATH),
	D(unlinkat, DEC, AK_DIRFD, AK_PATH, AK_AT_FLAGS),
	D(rename, DEC, AK_PATH, AK_PATH),
	D(renameat, DEC, AK_DIRFD, AK_PATH, AK_DIRFD, AK_PATH),
	D(renameat2, DEC, AK_DIRFD, AK_PATH, AK_DIRFD, AK_PATH, AK_RENAME_FLAGS),
	D(link, DEC, AK_PATH, AK_PATH),
	D(linkat, DEC, AK_DIRFD, AK_PATH, AK_DIRFD, AK_PATH, AK_AT_FLAGS),
	D(symlink, DEC, AK_PATH, AK_PATH),
	D(symlinkat, DEC, AK_PATH, AK_DIRFD, AK_PATH),
	D(chmod, DEC, AK_PATH, AK_OCT),
	D(fchmod, DEC, AK_FD, AK_OCT),
	D(fchmodat, DEC, AK_DIRFD, AK_PATH, AK_OCT),
	D(chown, DEC, AK_PATH, AK_INT, AK_INT),
	D(lchown, DEC, AK_PATH, AK_INT, AK_INT),
	D(fchown, DEC, AK_FD, AK_INT, AK_INT),
	D(fchownat, DEC, AK_DIRFD, AK_PATH, AK_INT, AK_INT, AK_AT_FLAGS),
	D(mknod, DEC, AK_PATH, AK_FMODE, AK_HEX),
	D(mknodat, DEC, AK_DIRFD, AK_PATH, AK_FMODE, AK_HEX),
	D(umask, OCT, AK_OCT),
	D(truncate, DEC, AK_PATH, AK_LONG),
	D(ftruncate, DEC, AK_FD, AK_LONG),
	D(fsync, DEC, AK_FD),
	D(fdatasync, DEC, AK_FD),
	D(chroot, DEC, AK_PATH),
	D(getdents64, DEC, AK_FD, AK_PTR, AK_UINT),
	D(sendfile, DEC, AK_FD, AK_FD, AK_PTR, AK_ULONG),
	D(eventfd, DEC, AK_UINT),
	D(eventfd2, DEC, AK_UINT, AK_EFD_FLAGS),
	D(epoll_create, DEC, AK_INT),
	D(epoll_create1, DEC, AK_EPOLL_FLAGS),
	D(timerfd_create, DEC, AK_CLOCK, AK_TFD_FLAGS),
	D(memfd_create, DEC, AK_STR, AK_MFD_FLAGS),
	D(signalfd4, DEC, AK_FD, AK_PTR, AK_ULONG, AK_SFD_FLAGS),
	/* memory */
	D(mmap, HEX, AK_PTR, AK_ULONG, AK_PROT, AK_MMAP_FLAGS, AK_FD, AK_HEX),
	D(mprotect, DEC, AK_PTR, AK_ULONG, AK_PROT),
	D(munmap, DEC, AK_PTR, AK_ULONG),
	D(brk, HEX, AK_PTR),
	D(mremap, HEX, AK_PTR, AK_ULONG, AK_ULONG, AK_MREMAP_FLAGS, AK_PTR),
	D(msync, DEC, AK_PTR, AK_ULONG, AK_MSYNC_FLAGS),
	D(madvise, DEC, AK_PTR, AK_ULONG, AK_MADVICE),
	/* processes and signals */
	D(clone, DEC, AK_CLONE),
	D(clone3, DEC, AK_PTR, AK_ULONG),
	D0(fork, DEC),
	D0(vfork, DEC),
	D(execve, DEC, AK_PATH, AK_ARGV, AK_ENVP),
	D(execveat, DEC, AK_DIRFD, AK_PATH, AK_ARGV, AK_ENVP, AK_AT_FLAGS),
	D(exit, NONE, AK_INT),
	D(exit_group, NONE, AK_INT),
	D(wait4, DEC, AK_INT, AK_WSTATUS, AK_WAIT_OPTS, AK_PTR),
	D(kill, DEC, AK_INT, AK_SIGNAL),
	D(tkill, DEC, AK_INT, AK_SIGNAL),
	D(tgkill, DEC, AK_INT, AK_INT, AK_SIGNAL),
	D(rt_sigaction, DEC, AK_SIGNAL, AK_PTR, AK_PTR, AK_ULONG),
	D(rt_sigprocmask, DEC, AK_SIGHOW, AK_PTR, AK_PTR, AK_ULONG),
	D0(getpid, DEC),
	D0(getppid, DEC),
	D0(gettid, DEC),
	D0(getuid, DEC),
	D0(geteuid, DEC),
	D0(getgid, DEC),
	D0(getegid, DEC),
	D0(sched_yield, DEC),
	D0(sync, DEC),
	D0(pause, DEC),
	D(set_tid_address, DEC, AK_PTR),
	D(set_robust_list, DEC, AK_PTR, AK_ULONG),
	D(rseq, DEC, AK_PTR, AK_HEX, AK_INT, AK_HEX),
	D(arch_prctl, DEC, AK_ARCH_PRCTL, AK_HEX),
	D(prlimit64, DEC, AK_INT, AK_RLIMIT, AK_PTR, AK_PTR),
	D(getrlimit, DEC, AK_RLIMIT, AK_PTR),
	D(setrlimit, DEC, AK_RLIMIT, AK_PTR),
	D(getrandom, DEC, AK_BUF_OUT, AK_ULONG, AK_GRND_FLAGS),
	D(setpgid, DEC, AK_INT, AK_INT),
	D(getpgid, DEC, AK_INT),
	D(getsid, DEC, AK_INT),
	D(setuid, DEC, AK_INT),
	D(setgid, DEC, AK_INT),
	/* sockets */
	D(socket, DEC, AK_FAMILY, AK_SOCKTYPE, AK_SOCKPROTO),
	D(socketpair, DEC, AK_FAMILY, AK_SOCKTYPE, AK_SOCKPROTO, AK_FDPAIR),
	D(bind, DEC, AK_FD, AK_SOCKADDR, AK_UINT),
	D(connect, DEC, AK_FD, AK_SOCKADDR, AK_UINT),
	D(listen, DEC, AK_FD, AK_INT),
	D(accept, DEC, AK_FD, AK_SOCKADDR_OUT, AK_SOCKLEN_OUT),
	D(accept4, DEC, AK_FD, AK_SOCKADDR_OUT, AK_SOCKLEN_OUT, AK_SOCK_FLAGS),
	D(getsockname, DEC, AK_FD, AK_SOCKADDR_OUT, AK_SOCKLEN_OUT),
	D(getpeername, DEC, AK_FD, AK_SOCKADDR_OUT, AK_SOCKLEN_OUT),
	D(sendto, DEC, AK_FD, AK_BUF_IN, AK_ULONG, AK_MSG_FLAGS, AK_SOCKADDR, AK_UINT),
	D(recvfrom, DEC, AK_FD, AK_BUF_OUT, AK_ULONG, AK_MSG_FLAGS, AK_SOCKADDR_OUT,
	  AK_SOCKLEN_OUT),
	D(sendmsg, DEC, AK_FD, AK_PTR, AK_MSG_FLAGS),
	D(recvmsg, DEC, AK_FD, AK_PTR, AK_MSG_FLAGS),
	D(shutdown, DEC, AK_FD, AK_SHUT),
};

#define HBITS	9
#define HSIZE	(1u << HBITS)

static const struct scdesc *hash[HSIZE];
static int built;

static uint32_t hash_name(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

static void build(void)
{
	size_t i;

	_Static_assert(sizeof(table) / sizeof(table[0]) < HSIZE / 2,
		       "sctab hash too small");
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		uint32_t h = hash_name(table[i].name) & (HSIZE - 1);

		while (hash[h])
			h = (h + 1) & (HSIZE - 1);
		hash[h] = &table[i];
	}
	built = 1;
}

const struct scdesc *sctab__find(const char *name)
{
	static const struct scdesc *last;
	uint32_t h;

	if (!name)
		return NULL;
	if (last && !strcmp(last->name, name))
		return last;
	if (!built)
		build();
	for (h = hash_name(name) & (HSIZE - 1); hash[h]; h = (h + 1) & (HSIZE - 1))
		if (!strcmp(hash[h]->name, name))
			break;
	if (hash[h])
		last = hash[h];
	return hash[h];
}
