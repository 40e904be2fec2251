// SPDX-License-Identifier: MIT
/*
 * argcalls - a fixed list of syscalls with known arguments, for the
 * argument renderer's test (tests/argfmt.sh).
 *
 *   argcalls DIR
 *
 * Makes each call through syscall(2), so the registers are exactly the
 * values it describes, in a scratch directory DIR. For every call it
 * describes, it prints one line to stdout (all at once, just before its
 * last call, an execve), after a line "P PID" naming the process:
 *
 *   NAME NARGS RET A0 A1 A2 A3 A4 A5 T0 T1 T2 T3 T4 T5 [CAP...]
 *
 * RET is decimal (-errno on failure), A0..A5 the registers in hex, T0..T5
 * the argument types (enum kt_argtype) the recorder would give them, and
 * each CAP "I:STATUS:HEX" what the recorder would capture for argument I
 * (I = 6: the new descriptors, as u32 fd, u32 kind, u64 inode, LE). The
 * test runs this under strace and hands each line to argfmt; strace's own
 * line for the same call is the expected text. A child it forks prints its
 * own blocks (before and after it executes this program again with
 * --after-exec), so descriptors across fork and exec can be checked.
 *
 * Nothing between the first described call and the last may allocate or
 * print through stdio: a hidden syscall would only be skipped, but a hidden
 * call of a described name could be paired with the wrong description.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <linux/netlink.h>
#include <sys/eventfd.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <linux/falloc.h>
#include <linux/futex.h>
#include <netinet/tcp.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/xattr.h>
#include <sys/random.h>
#include <sys/utsname.h>
#include <sys/sysinfo.h>
#include <poll.h>
#include <linux/sched.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

#include "schema/record.h"

extern char **environ;

static uint64_t ino_of(int fd);

static char descs[1 << 16];
static size_t dlen;

static void put(const char *s)
{
	size_t n = strlen(s);

	if (dlen + n < sizeof(descs)) {
		memcpy(descs + dlen, s, n);
		dlen += n;
	}
}

static void put_hex(uint64_t v)
{
	char b[24];
	int i = sizeof(b) - 1;

	b[i] = 0;
	do {
		b[--i] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	put(b + i);
}

static void put_dec(long v)
{
	char b[24];
	int i = sizeof(b) - 1;
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;

	b[i] = 0;
	do {
		b[--i] = '0' + u % 10;
		u /= 10;
	} while (u);
	if (v < 0)
		b[--i] = '-';
	put(b + i);
}

/* the description of one call, without its captures */
static void describe(const char *name, int nargs, const char *types, long ret,
		     const uint64_t *a)
{
	int i;

	put(name);
	put(" ");
	put_dec(nargs);
	put(" ");
	put_dec(ret);
	for (i = 0; i < 6; i++) {
		put(" ");
		put_hex(a[i]);
	}
	for (i = 0; i < 6; i++) {
		put(" ");
		put_dec(types[i] - 'a');
	}
}

/* one described call: its registers, types and return (raw, -errno) */
static long call(const char *name, int nargs, const char *types, long nr,
		 uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
		 uint64_t a4, uint64_t a5)
{
	uint64_t a[6] = { a0, a1, a2, a3, a4, a5 };
	long ret = syscall(nr, a0, a1, a2, a3, a4, a5);

	if (ret == -1)
		ret = -errno;
	describe(name, nargs, types, ret, a);
	return ret;
}

/* a capture for argument i of the call just described */
static void cap(int i, int status, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t k;

	put(" ");
	put_dec(i);
	put(":");
	put_dec(status);
	put(":");
	for (k = 0; k < n; k++) {
		put_hex(b[k] >> 4);
		put_hex(b[k] & 15);
	}
}

static void cap_str(int i, const char *s)
{
	cap(i, KT_CAP_OK, s, strlen(s));
}

/* a buffer capture as record -s 64 takes it: at most 64 bytes */
static void cap_buf(int i, const void *p, long n)
{
	if (n < 0)
		return;
	cap(i, n > 64 ? KT_CAP_TRUNC : KT_CAP_OK, p, n > 64 ? 64 : n);
}

static void cap_newfd(int fd, int kind, uint64_t ino)
{
	unsigned char b[16];
	int k;

	for (k = 0; k < 4; k++) {
		b[k] = (unsigned)fd >> (8 * k);
		b[4 + k] = (unsigned)kind >> (8 * k);
	}
	for (k = 0; k < 8; k++)
		b[8 + k] = ino >> (8 * k);
	cap(KT_CAP_NEWFD, KT_CAP_OK, b, sizeof(b));
}

/* two new descriptors in one KT_CAP_NEWFD capture */
static void cap_newfds(int a, int b, int kind)
{
	unsigned char v[32];
	uint64_t ino[2] = { ino_of(a), ino_of(b) };
	int fd[2] = { a, b };
	int i, k;

	for (i = 0; i < 2; i++) {
		for (k = 0; k < 4; k++) {
			v[16 * i + k] = (unsigned)fd[i] >> (8 * k);
			v[16 * i + 4 + k] = (unsigned)kind >> (8 * k);
		}
		for (k = 0; k < 8; k++)
			v[16 * i + 8 + k] = ino[i] >> (8 * k);
	}
	cap(KT_CAP_NEWFD, KT_CAP_OK, v, sizeof(v));
}

static void end(void)
{
	put("\n");
}

/* through statx, a call this program never describes */
static uint64_t ino_of(int fd)
{
	struct statx stx;

	if (syscall(SYS_statx, fd, "", AT_EMPTY_PATH, STATX_INO, &stx))
		return 0;
	return stx.stx_ino;
}

/* types, one letter per argument: 'a' + enum kt_argtype */
#define I "a"	/* KT_ARG_INT */
#define F "b"	/* KT_ARG_FD */
#define P "c"	/* KT_ARG_PTR */
#define S "d"	/* KT_ARG_STR */
#define SO "e"	/* KT_ARG_STR_OUT */
#define BI "f"	/* KT_ARG_BUF_IN */
#define BO "g"	/* KT_ARG_BUF_OUT */
#define SA "h"	/* KT_ARG_SOCKADDR */
#define SAO "i"	/* KT_ARG_SOCKADDR_OUT */
#define AV "j"	/* KT_ARG_ARGV */
#define EV "k"	/* KT_ARG_ENVP */
#define ST "l"	/* KT_ARG_STRUCT_OUT */
#define U(p) ((uint64_t)(uintptr_t)(p))

static char path_f[256], path_g[256], path_s[256], path_d[256];

static void files(void)
{
	static const char bin[] = "\0\1\t\n\v\f\r\33\0334\"\\\177\200\377\3019a\303\251z";
	static char longbuf[100];
	static char rbuf[200];
	static char odd[] = "/nonexistent/\033[1mbold\t\001\0017 \"q\"";
	struct stat st;
	long fd, r, dfd;
	int k;

	for (k = 0; k < (int)sizeof(longbuf); k++)
		longbuf[k] = 'a' + k % 26;

	fd = call("openat", 4, F S I I I I, SYS_openat, AT_FDCWD, U(path_f),
		  O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0640, 0, 0);
	cap_str(1, path_f);
	cap_newfd(fd, KT_FD_FILE, ino_of(fd));
	end();

	call("openat", 4, F S I I I I, SYS_openat, AT_FDCWD, U(odd),
	     O_RDONLY, 0, 0, 0);
	cap_str(1, odd);
	end();

	call("open", 3, S I I I I I, SYS_open, U("/nonexistent"),
	     O_WRONLY | O_APPEND | O_NONBLOCK, 0, 0, 0, 0);
	cap_str(0, "/nonexistent");
	end();

	call("write", 3, F BI I I I I, SYS_write, fd, U(bin), sizeof(bin) - 1,
	     0, 0, 0);
	cap_buf(1, bin, sizeof(bin) - 1);
	end();

	call("write", 3, F BI I I I I, SYS_write, fd, U(longbuf),
	     sizeof(longbuf), 0, 0, 0);
	cap_buf(1, longbuf, sizeof(longbuf));
	end();

	call("lseek", 3, F I I I I I, SYS_lseek, fd, 0, SEEK_SET, 0, 0, 0);
	end();

	r = call("read", 3, F BO I I I I, SYS_read, fd, U(rbuf), sizeof(rbuf),
		 0, 0, 0);
	cap_buf(1, rbuf, r);
	end();

	r = call("read", 3, F BO I I I I, SYS_read, fd, U(rbuf), 10, 0, 0, 0);
	cap_buf(1, rbuf, r);
	end();

	call("read", 3, F BO I I I I, SYS_read, 999, U(rbuf), 10, 0, 0, 0);
	end();

	call("lseek", 3, F I I I I I, SYS_lseek, fd, -5, SEEK_END, 0, 0, 0);
	end();

	r = call("dup2", 2, F F I I I I, SYS_dup2, fd, 10, 0, 0, 0, 0);
	cap_newfd(r, KT_FD_FILE, ino_of(r));
	end();

	r = call("dup3", 3, F F I I I I, SYS_dup3, fd, 11, O_CLOEXEC, 0, 0, 0);
	cap_newfd(r, KT_FD_FILE, ino_of(r));
	end();

	r = call("dup", 1, F I I I I I, SYS_dup, fd, 0, 0, 0, 0, 0);
	cap_newfd(r, KT_FD_FILE, ino_of(r));
	end();

	call("fcntl", 3, F I I I I I, SYS_fcntl, fd, F_GETFL, 0, 0, 0, 0);
	end();
	call("fcntl", 3, F I I I I I, SYS_fcntl, fd, F_GETFD, 0, 0, 0, 0);
	end();
	call("fcntl", 3, F I I I I I, SYS_fcntl, fd, F_SETFD, FD_CLOEXEC, 0, 0, 0);
	end();
	call("fcntl", 3, F I I I I I, SYS_fcntl, fd, F_SETFL, O_NONBLOCK, 0, 0, 0);
	end();
	r = call("fcntl", 3, F I I I I I, SYS_fcntl, fd, F_DUPFD_CLOEXEC, 20, 0, 0, 0);
	cap_newfd(r, KT_FD_FILE, ino_of(r));
	end();

	call("newfstatat", 4, F S ST I I I, SYS_newfstatat, AT_FDCWD, U(path_f),
	     U(&st), 0, 0, 0);
	cap_str(1, path_f);
	cap(2, KT_CAP_OK, &st, sizeof(st));
	end();

	call("fstat", 2, F ST I I I I, SYS_fstat, fd, U(&st), 0, 0, 0, 0);
	cap(1, KT_CAP_OK, &st, sizeof(st));
	end();

	call("newfstatat", 4, F S ST I I I, SYS_newfstatat, fd, U(""),
	     U(&st), AT_EMPTY_PATH, 0, 0);
	cap_str(1, "");
	cap(2, KT_CAP_OK, &st, sizeof(st));
	end();

	call("newfstatat", 4, F S ST I I I, SYS_newfstatat, AT_FDCWD, U("/dev/null"),
	     U(&st), AT_SYMLINK_NOFOLLOW, 0, 0);
	cap_str(1, "/dev/null");
	cap(2, KT_CAP_OK, &st, sizeof(st));
	end();

	call("newfstatat", 4, F S ST I I I, SYS_newfstatat, AT_FDCWD, U(path_d),
	     U(&st), 0, 0, 0);
	cap_str(1, path_d);
	cap(2, KT_CAP_OK, &st, sizeof(st));
	end();

	call("access", 2, S I I I I I, SYS_access, U(path_f), R_OK | W_OK, 0, 0, 0, 0);
	cap_str(0, path_f);
	end();
	call("access", 2, S I I I I I, SYS_access, U("/nonexistent"), F_OK, 0, 0, 0, 0);
	cap_str(0, "/nonexistent");
	end();
	call("faccessat2", 4, F S I I I I, SYS_faccessat2, AT_FDCWD, U(path_f), X_OK,
	     AT_EACCESS, 0, 0);
	cap_str(1, path_f);
	end();

	call("ioctl", 3, F I I I I I, SYS_ioctl, fd, TCGETS, U(rbuf), 0, 0, 0);
	end();
	call("ioctl", 3, F I I I I I, SYS_ioctl, fd, TIOCGWINSZ, U(rbuf), 0, 0, 0);
	end();

	call("close", 1, F I I I I I, SYS_close, fd, 0, 0, 0, 0, 0);
	end();
	call("close", 1, F I I I I I, SYS_close, 10, 0, 0, 0, 0, 0);
	end();
	call("close", 1, F I I I I I, SYS_close, 11, 0, 0, 0, 0, 0);
	end();
	call("close", 1, F I I I I I, SYS_close, 999, 0, 0, 0, 0, 0);
	end();

	call("mkdir", 2, S I I I I I, SYS_mkdir, U(path_g), 0750, 0, 0, 0, 0);
	cap_str(0, path_g);
	end();
	call("unlinkat", 3, F S I I I I, SYS_unlinkat, AT_FDCWD, U(path_g),
	     AT_REMOVEDIR, 0, 0, 0);
	cap_str(1, path_g);
	end();
	call("umask", 1, I I I I I I, SYS_umask, 022, 0, 0, 0, 0, 0);
	end();
	call("chdir", 1, S I I I I I, SYS_chdir, U(path_d), 0, 0, 0, 0, 0);
	cap_str(0, path_d);
	end();
	r = call("getcwd", 2, SO I I I I I, SYS_getcwd, U(rbuf), sizeof(rbuf), 0, 0, 0, 0);
	if (r > 0)	/* the ret bytes, NUL included, as the recorder takes them */
		cap(0, KT_CAP_OK, rbuf, r);
	end();
	r = call("readlink", 3, S SO I I I I, SYS_readlink, U("/proc/self/cwd"),
		 U(rbuf), sizeof(rbuf), 0, 0, 0);
	cap_str(0, "/proc/self/cwd");
	if (r > 0)
		cap(1, KT_CAP_OK, rbuf, r);
	end();

	/* paths relative to a directory descriptor and to the cwd */
	dfd = call("openat", 4, F S I I I I, SYS_openat, AT_FDCWD, U(path_d),
		   O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0, 0, 0);
	cap_str(1, path_d);
	cap_newfd(dfd, KT_FD_FILE, ino_of(dfd));
	end();
	r = call("openat", 4, F S I I I I, SYS_openat, dfd, U("file"), O_RDONLY,
		 0, 0, 0);
	cap_str(1, "file");
	end();
	call("close", 1, F I I I I I, SYS_close, r, 0, 0, 0, 0, 0);
	end();
	call("fchdir", 1, F I I I I I, SYS_fchdir, dfd, 0, 0, 0, 0, 0);
	end();
	r = call("openat", 4, F S I I I I, SYS_openat, AT_FDCWD, U(".//x/../file"),
		 O_RDONLY, 0, 0, 0);
	cap_str(1, ".//x/../file");
	end();
	r = call("openat", 4, F S I I I I, SYS_openat, AT_FDCWD, U("./file"),
		 O_RDONLY, 0, 0, 0);
	cap_str(1, "./file");
	end();
	call("close", 1, F I I I I I, SYS_close, r, 0, 0, 0, 0, 0);
	end();
	call("close", 1, F I I I I I, SYS_close, dfd, 0, 0, 0, 0, 0);
	end();
}

static void memory(void)
{
	long a;

	a = call("mmap", 6, P I I I F I, SYS_mmap, 0, 8192, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	end();
	call("mprotect", 3, P I I I I I, SYS_mprotect, a, 4096, PROT_READ, 0, 0, 0);
	end();
	call("mprotect", 3, P I I I I I, SYS_mprotect, a + 4096, 4096, PROT_NONE, 0, 0, 0);
	end();
	call("munmap", 2, P I I I I I, SYS_munmap, a, 8192, 0, 0, 0, 0);
	end();
	call("mmap", 6, P I I I F I, SYS_mmap, 0, 4096, PROT_READ | PROT_EXEC,
	     MAP_SHARED | MAP_FIXED_NOREPLACE, 999, 0x3000);
	end();
}

static void sockets(void)
{
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	struct sockaddr_un sun;
	socklen_t len = sizeof(sin);
	long l, s, u, v, r;
	int sv[2];

	l = call("socket", 3, I I I I I I, SYS_socket, AF_INET, SOCK_STREAM | SOCK_CLOEXEC,
		 0, 0, 0, 0);
	cap_newfd(l, KT_FD_SOCKET, ino_of(l));
	end();
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	call("bind", 3, F SA I I I I, SYS_bind, l, U(&sin), sizeof(sin), 0, 0, 0);
	cap(1, KT_CAP_OK, &sin, sizeof(sin));
	end();
	call("listen", 2, F I I I I I, SYS_listen, l, 5, 0, 0, 0, 0);
	end();
	call("getsockname", 3, F SAO P I I I, SYS_getsockname, l, U(&sin), U(&len), 0, 0, 0);
	cap(1, KT_CAP_OK, &sin, len);
	end();
	s = call("socket", 3, I I I I I I, SYS_socket, AF_INET, SOCK_STREAM, IPPROTO_TCP,
		 0, 0, 0);
	cap_newfd(s, KT_FD_SOCKET, ino_of(s));
	end();
	call("connect", 3, F SA I I I I, SYS_connect, s, U(&sin), sizeof(sin), 0, 0, 0);
	cap(1, KT_CAP_OK, &sin, sizeof(sin));
	end();
	call("sendto", 6, F BI I I SA I, SYS_sendto, s, U("hello\n"), 6, MSG_NOSIGNAL,
	     0, 0);
	cap_buf(1, "hello\n", 6);
	end();

	u = call("socket", 3, I I I I I I, SYS_socket, AF_UNIX, SOCK_STREAM, 0, 0, 0, 0);
	cap_newfd(u, KT_FD_SOCKET, ino_of(u));
	end();
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	strcpy(sun.sun_path, path_s);
	call("bind", 3, F SA I I I I, SYS_bind, u, U(&sun), sizeof(sun), 0, 0, 0);
	cap(1, KT_CAP_OK, &sun, sizeof(sun));
	end();
	call("listen", 2, F I I I I I, SYS_listen, u, 1, 0, 0, 0, 0);
	end();
	v = call("socket", 3, I I I I I I, SYS_socket, AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK,
		 0, 0, 0, 0);
	cap_newfd(v, KT_FD_SOCKET, ino_of(v));
	end();
	call("connect", 3, F SA I I I I, SYS_connect, v, U(&sun),
	     offsetof(struct sockaddr_un, sun_path) + strlen(path_s) + 1, 0, 0, 0);
	cap(1, KT_CAP_OK, &sun, offsetof(struct sockaddr_un, sun_path) + strlen(path_s) + 1);
	end();

	v = call("socket", 3, I I I I I I, SYS_socket, AF_INET6, SOCK_DGRAM, IPPROTO_UDP,
		 0, 0, 0);
	cap_newfd(v, KT_FD_SOCKET, ino_of(v));
	end();
	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_family = AF_INET6;
	sin6.sin6_port = htons(53);
	sin6.sin6_addr = in6addr_loopback;
	call("connect", 3, F SA I I I I, SYS_connect, v, U(&sin6), sizeof(sin6), 0, 0, 0);
	cap(1, KT_CAP_OK, &sin6, sizeof(sin6));
	end();

	/* an abstract unix address and a netlink one */
	{
		struct sockaddr_un abs;
		struct sockaddr_nl nl;
		socklen_t alen = offsetof(struct sockaddr_un, sun_path) + 1 + 9;
		long a;

		memset(&abs, 0, sizeof(abs));
		abs.sun_family = AF_UNIX;
		memcpy(abs.sun_path + 1, "kt\tabs\001x", 9);
		a = call("socket", 3, I I I I I I, SYS_socket, AF_UNIX, SOCK_DGRAM, 0,
			 0, 0, 0);
		cap_newfd(a, KT_FD_SOCKET, ino_of(a));
		end();
		call("connect", 3, F SA I I I I, SYS_connect, a, U(&abs), alen, 0, 0, 0);
		cap(1, KT_CAP_OK, &abs, alen);
		end();
		call("close", 1, F I I I I I, SYS_close, a, 0, 0, 0, 0, 0);
		end();
		a = call("socket", 3, I I I I I I, SYS_socket, AF_NETLINK, SOCK_RAW,
			 NETLINK_ROUTE, 0, 0, 0);
		cap_newfd(a, KT_FD_SOCKET, ino_of(a));
		end();
		memset(&nl, 0, sizeof(nl));
		nl.nl_family = AF_NETLINK;
		nl.nl_groups = 0x11;
		call("bind", 3, F SA I I I I, SYS_bind, a, U(&nl), sizeof(nl), 0, 0, 0);
		cap(1, KT_CAP_OK, &nl, sizeof(nl));
		end();
		call("close", 1, F I I I I I, SYS_close, a, 0, 0, 0, 0, 0);
		end();
	}

	r = call("socketpair", 4, I I I ST I I, SYS_socketpair, AF_UNIX, SOCK_STREAM, 0,
		 U(sv), 0, 0);
	if (r == 0) {
		cap(3, KT_CAP_OK, sv, sizeof(sv));
		cap_newfds(sv[0], sv[1], KT_FD_SOCKET);
	}
	end();
	call("shutdown", 2, F I I I I I, SYS_shutdown, sv[0], SHUT_WR, 0, 0, 0, 0);
	end();
}

static void fds(void)
{
	int p[2];
	long r, fd[4];
	int k;

	r = call("pipe2", 2, ST I I I I I, SYS_pipe2, U(p), O_CLOEXEC | O_NONBLOCK,
		 0, 0, 0, 0);
	if (r == 0) {
		cap(0, KT_CAP_OK, p, sizeof(p));
		cap_newfds(p[0], p[1], KT_FD_PIPE);
	}
	end();
	call("ioctl", 3, F I I I I I, SYS_ioctl, p[0], FIONREAD, 0, 0, 0, 0);
	end();
	fd[0] = call("eventfd2", 2, I I I I I I, SYS_eventfd2, 3,
		     EFD_CLOEXEC | EFD_NONBLOCK, 0, 0, 0, 0);
	end();
	fd[1] = call("epoll_create1", 1, I I I I I I, SYS_epoll_create1,
		     EPOLL_CLOEXEC, 0, 0, 0, 0, 0);
	end();
	fd[2] = call("timerfd_create", 2, I I I I I I, SYS_timerfd_create,
		     CLOCK_MONOTONIC, TFD_CLOEXEC, 0, 0, 0, 0);
	end();
	fd[3] = call("memfd_create", 2, S I I I I I, SYS_memfd_create,
		     U("argcalls"), MFD_CLOEXEC | MFD_ALLOW_SEALING, 0, 0, 0, 0);
	cap_str(0, "argcalls");
	end();
	for (k = 0; k < 4; k++) {
		call("close", 1, F I I I I I, SYS_close, fd[k], 0, 0, 0, 0, 0);
		end();
	}
	call("close", 1, F I I I I I, SYS_close, p[1], 0, 0, 0, 0, 0);
	end();
	call("close_range", 3, F F I I I I, SYS_close_range, 100, ~0U, 0, 0, 0, 0);
	end();
}

static void cap_execve(const char *path, char **argv, long nenv);

/* one block of descriptions, for the process that made them */
static void block_start(void)
{
	dlen = 0;
	put("P ");
	put_dec(syscall(SYS_getpid));
	put("\n");
}

static void flush_descs(void)
{
	if (write(1, descs, dlen) != (ssize_t)dlen)
		syscall(SYS_exit_group, 1);
}

/* the two descriptors the child checks: 50 survives exec, 51 does not */
#define KEPT_FD		50
#define CLOEXEC_FD	51

static long pidfd = -1;	/* a pidfd: always close-on-exec */

/*
 * The forked child: its inherited descriptors before and after an execve
 * of this program (main's --after-exec), then exit status 3.
 */
static void child(void)
{
	static char num[24];
	static char *av[] = { "argcalls", "--after-exec", num, NULL };
	static const char exe[] = "/proc/self/exe";
	uint64_t a[6] = { U(exe), U(av), U(environ), 0, 0, 0 };
	long nenv = 0;
	char **e;

	for (e = environ; *e; e++)
		nenv++;
	snprintf(num, sizeof(num), "%ld", pidfd);
	block_start();
	call("fcntl", 3, F I I I I I, SYS_fcntl, KEPT_FD, F_GETFD, 0, 0, 0, 0);
	end();
	call("fcntl", 3, F I I I I I, SYS_fcntl, CLOEXEC_FD, F_GETFD, 0, 0, 0, 0);
	end();
	call("fcntl", 3, F I I I I I, SYS_fcntl, pidfd, F_GETFD, 0, 0, 0, 0);
	end();
	describe("execve", 3, S AV EV I I I, 0, a);
	cap_execve(exe, av, nenv);
	flush_descs();
	syscall(SYS_execve, exe, av, environ);
	syscall(SYS_exit_group, 4);
}

static int after_exec(const char *pidfd_num)
{
	block_start();
	call("fcntl", 3, F I I I I I, SYS_fcntl, KEPT_FD, F_GETFD, 0, 0, 0, 0);
	end();
	call("fcntl", 3, F I I I I I, SYS_fcntl, CLOEXEC_FD, F_GETFD, 0, 0, 0, 0);
	end();
	call("fcntl", 3, F I I I I I, SYS_fcntl, atoi(pidfd_num), F_GETFD, 0, 0, 0, 0);
	end();
	flush_descs();
	return 3;
}

static void processes(void)
{
	int status = 0;
	long pid, fd;

	fd = call("openat", 4, F S I I I I, SYS_openat, AT_FDCWD, U(path_f), O_RDONLY,
		  0, 0, 0);
	cap_str(1, path_f);
	end();
	call("dup2", 2, F F I I I I, SYS_dup2, fd, KEPT_FD, 0, 0, 0, 0);
	end();
	call("dup3", 3, F F I I I I, SYS_dup3, fd, CLOEXEC_FD, O_CLOEXEC, 0, 0, 0);
	end();
	call("close", 1, F I I I I I, SYS_close, fd, 0, 0, 0, 0, 0);
	end();
	pidfd = call("pidfd_open", 2, I I I I I I, SYS_pidfd_open, getpid(), 0, 0, 0,
		     0, 0);
	end();

	call("kill", 2, I I I I I I, SYS_kill, getpid(), 0, 0, 0, 0, 0);
	end();
	call("kill", 2, I I I I I I, SYS_kill, getpid(), SIGWINCH, 0, 0, 0, 0);
	end();
	call("rt_sigprocmask", 4, I P P I I I, SYS_rt_sigprocmask, SIG_BLOCK, 0, 0, 8,
	     0, 0);
	end();
	pid = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
	if (pid == 0)
		child();
	put("clone 5 ");
	put_dec(pid);
	put(" 11 0 0 0 0 0 0 2 2 2 2 0\n");
	call("wait4", 4, I ST I P I I, SYS_wait4, pid, U(&status), 0, 0, 0, 0);
	cap(1, KT_CAP_OK, &status, sizeof(status));
	end();
	call("wait4", 4, I ST I P I I, SYS_wait4, -1, U(&status), WNOHANG, 0, 0, 0);
	end();

	/* clone3 with its struct as a recorder would capture it */
	{
		struct clone_args ca;

		memset(&ca, 0, sizeof(ca));
		ca.exit_signal = SIGCHLD;
		pid = call("clone3", 2, ST I I I I I, SYS_clone3, U(&ca), sizeof(ca),
			   0, 0, 0, 0);
		if (pid == 0)
			syscall(SYS_exit_group, 0);
		cap(0, KT_CAP_OK, &ca, sizeof(ca));
		end();
		call("wait4", 4, I ST I P I I, SYS_wait4, pid, U(&status), 0, 0, 0, 0);
		cap(1, KT_CAP_OK, &status, sizeof(status));
		end();
		ca.flags = CLONE_PARENT_SETTID;	/* the kernel writes the child's id */
		ca.parent_tid = U(&status);
		pid = call("clone3", 2, ST I I I I I, SYS_clone3, U(&ca), sizeof(ca),
			   0, 0, 0, 0);
		if (pid == 0)
			syscall(SYS_exit_group, 0);
		cap(0, KT_CAP_OK, &ca, sizeof(ca));
		end();
		call("wait4", 4, I ST I P I I, SYS_wait4, pid, U(&status), 0, 0, 0, 0);
		cap(1, KT_CAP_OK, &status, sizeof(status));
		end();
		ca.flags = CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_SETTLS;
		ca.parent_tid = U(&status);
		ca.child_tid = U(&status);
		ca.tls = 0;
		ca.flags |= CLONE_INTO_CGROUP;
		ca.cgroup = 999999;
		call("clone3", 2, ST I I I I I, SYS_clone3, U(&ca), sizeof(ca), 0, 0, 0, 0);
		cap(0, KT_CAP_OK, &ca, sizeof(ca));
		end();
		call("clone3", 2, ST I I I I I, SYS_clone3, 0, sizeof(ca), 0, 0, 0, 0);
		end();
	}
}

static void cap_execve(const char *path, char **argv, long nenv)
{
	static char av[512];
	unsigned char c[4] = { nenv, nenv >> 8, nenv >> 16, nenv >> 24 };
	size_t n = 0, k;

	cap_str(0, path);
	for (k = 0; argv[k]; k++) {
		memcpy(av + n, argv[k], strlen(argv[k]) + 1);
		n += strlen(argv[k]) + 1;
	}
	cap(1, KT_CAP_OK, av, n);
	cap(2, KT_CAP_OK, c, 4);
	end();
}

/* arguments strace cannot name: unknown bits, values, commands */
static void oddities(void)
{
	call("access", 2, S I I I I I, SYS_access, U("/x"), 0x80, 0, 0, 0, 0);
	cap_str(0, "/x");
	end();
	call("wait4", 4, I ST I P I I, SYS_wait4, -1, 0, 0x100000, 0, 0, 0);
	end();
	call("newfstatat", 4, F S ST I I I, SYS_newfstatat, 999, U("x"), 0, 0x1, 0, 0);
	cap_str(1, "x");
	end();
	call("eventfd2", 2, I I I I I I, SYS_eventfd2, 0, 0x2, 0, 0, 0, 0);
	end();
	call("mprotect", 3, P I I I I I, SYS_mprotect, 0, 0, 0x10000000, 0, 0, 0);
	end();
	call("sendto", 6, F BI I I SA I, SYS_sendto, 999, 0, 0,
	     MSG_DONTWAIT | 0x10000000, 0, 0);
	end();
	call("pipe2", 2, ST I I I I I, SYS_pipe2, 0, 0x1, 0, 0, 0, 0);
	end();
	call("openat", 4, F S I I I I, SYS_openat, AT_FDCWD, U("/x"), 0x80000000, 0, 0, 0);
	cap_str(1, "/x");
	end();
	call("openat", 4, F S I I I I, SYS_openat, AT_FDCWD, U("/x"),
	     O_RDWR | O_TMPFILE, 0600, 0, 0);
	cap_str(1, "/x");
	end();
	call("accept4", 4, F SAO P I I I, SYS_accept4, 999, 0, 0, 0x1, 0, 0);
	end();
	call("socket", 3, I I I I I I, SYS_socket, AF_UNIX, SOCK_CLOEXEC | 0x1000, 0, 0, 0, 0);
	end();
	call("socket", 3, I I I I I I, SYS_socket, 46, 99, 0, 0, 0, 0);
	end();
	call("socket", 3, I I I I I I, SYS_socket, AF_INET, SOCK_RAW, 999, 0, 0, 0);
	end();
	call("fcntl", 3, F I I I I I, SYS_fcntl, 999, F_SETFD, 0, 0, 0, 0);
	end();
	call("fcntl", 3, F I I I I I, SYS_fcntl, 999, F_SETFD, 2, 0, 0, 0);
	end();
	call("fcntl", 3, F I I I I I, SYS_fcntl, 999, 1234, 0, 0, 0, 0);
	end();
	call("mmap", 6, P I I I F I, SYS_mmap, 0, 4096, 0, 0x4, -1, 0);
	end();
	call("mmap", 6, P I I I F I, SYS_mmap, 0, 4096, 0, MAP_ANONYMOUS | (21u << 26),
	     -1, 0);
	end();
	call("getrandom", 3, BO I I I I I, SYS_getrandom, 0, 0, 0x10, 0, 0, 0);
	end();
	call("timerfd_create", 2, I I I I I I, SYS_timerfd_create, 99, 0, 0, 0, 0, 0);
	end();
	call("close_range", 3, F F I I I I, SYS_close_range, 1000, 1001, 0x8, 0, 0, 0);
	end();
	call("madvise", 3, P I I I I I, SYS_madvise, 0, 0, 99, 0, 0, 0);
	end();
	call("rt_sigaction", 4, I P P I I I, SYS_rt_sigaction, 99, 0, 0, 8, 0, 0);
	end();
	call("tgkill", 3, I I I I I I, SYS_tgkill, 99999999, 99999999, SIGUSR1, 0, 0, 0);
	end();
	call("kill", 2, I I I I I I, SYS_kill, 99999999, 80, 0, 0, 0, 0);
	end();
	call("kill", 2, I I I I I I, SYS_kill, 99999999, 34, 0, 0, 0, 0);
	end();
	call("getrlimit", 2, I P I I I I, SYS_getrlimit, 99, 0, 0, 0, 0, 0);
	end();
	call("arch_prctl", 2, I I I I I I, SYS_arch_prctl, 0x9999, 0, 0, 0, 0, 0);
	end();
	call("shutdown", 2, F I I I I I, SYS_shutdown, 999, 7, 0, 0, 0, 0);
	end();
	call("msync", 3, P I I I I I, SYS_msync, 0, 0, 0x10, 0, 0, 0);
	end();
	call("mremap", 5, P I I I P I, SYS_mremap, 0, 0, 0, 0x10, 0, 0);
	end();
	call("renameat2", 5, F S F S I I, SYS_renameat2, AT_FDCWD, U("a"), AT_FDCWD,
	     U("b"), 0x10, 0);
	cap_str(1, "a");
	cap_str(3, "b");
	end();
	call("epoll_create1", 1, I I I I I I, SYS_epoll_create1, 0x10, 0, 0, 0, 0, 0);
	end();
	call("statx", 5, F S I I ST I, SYS_statx, AT_FDCWD, U("/"), 0, 0x80000000, 0, 0);
	cap_str(1, "/");
	end();
	call("statx", 5, F S I I ST I, SYS_statx, AT_FDCWD, U("/"), 0x6000 | AT_EMPTY_PATH,
	     1, 0, 0);
	cap_str(1, "/");
	end();
	call("chmod", 2, S I I I I I, SYS_chmod, U("/nonexistent"), 04755, 0, 0, 0, 0);
	cap_str(0, "/nonexistent");
	end();
	call("chmod", 2, S I I I I I, SYS_chmod, U("/nonexistent"), 0, 0, 0, 0, 0);
	cap_str(0, "/nonexistent");
	end();
	call("mknodat", 4, F S I I I I, SYS_mknodat, 999, U("x"), S_IFIFO | 0644, 0, 0, 0);
	cap_str(1, "x");
	end();
	call("mknodat", 4, F S I I I I, SYS_mknodat, 999, U("x"), S_IFCHR | 0644, 0x103,
	     0, 0);
	cap_str(1, "x");
	end();
	call("lseek", 3, F I I I I I, SYS_lseek, 999, 0, SEEK_HOLE, 0, 0, 0);
	end();
	call("lseek", 3, F I I I I I, SYS_lseek, 999, 0, 7, 0, 0, 0);
	end();
	call("ioctl", 3, F I I I I I, SYS_ioctl, 999, 0x5499, 0x10, 0, 0, 0);
	end();
	call("rt_sigprocmask", 4, I P P I I I, SYS_rt_sigprocmask, 7, 0, 0, 8, 0, 0);
	end();
	call("umask", 1, I I I I I I, SYS_umask, 0, 0, 0, 0, 0, 0);
	end();
	call("umask", 1, I I I I I I, SYS_umask, 022, 0, 0, 0, 0, 0);
	end();
}

/* poll's array, captured after the call as a recorder would */
static void polls(void)
{
	struct pollfd f[3];
	struct sysinfo si;
	int p[2], k;
	long r;

	r = call("pipe2", 2, ST I I I I I, SYS_pipe2, U(p), 0, 0, 0, 0, 0);
	cap(0, KT_CAP_OK, p, sizeof(p));
	cap_newfds(p[0], p[1], KT_FD_PIPE);
	end();
	call("write", 3, F BI I I I I, SYS_write, p[1], U("x"), 1, 0, 0, 0);
	cap_buf(1, "x", 1);
	end();
	f[0] = (struct pollfd){ p[0], POLLIN | POLLPRI, 0 };
	f[1] = (struct pollfd){ p[1], POLLOUT | POLLRDHUP, 0 };
	f[2] = (struct pollfd){ -1, POLLIN, 0 };
	for (k = 0; k < 3; k++) {
		if (k == 1)
			f[0].events = f[1].events = 0;
		if (k == 2)
			f[0] = (struct pollfd){ 999, POLLIN, 0 };
		r = call("poll", 3, ST I I I I I, SYS_poll, U(f), k == 2 ? 1 : 3, 0,
			 0, 0, 0);
		cap(0, KT_CAP_OK, f, sizeof(f));
		end();
	}
	r = call("sysinfo", 1, ST I I I I I, SYS_sysinfo, U(&si), 0, 0, 0, 0, 0);
	if (!r)
		cap(0, KT_CAP_OK, &si, sizeof(si));
	end();
	for (k = 0; k < 2; k++) {
		call("close", 1, F I I I I I, SYS_close, p[k], 0, 0, 0, 0, 0);
		end();
	}
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* timeouts: struct timespec the calls read */
static void timeouts(void)
{
	static int w;
	static char *many[41];
	int64_t ts[2] = { 0, 1000 };
	int k;

	call("nanosleep", 2, ST P I I I I, SYS_nanosleep, U(ts), U(&ts[0]), 0, 0, 0, 0);
	cap(0, KT_CAP_OK, ts, sizeof(ts));
	end();
	call("clock_nanosleep", 4, I I ST P I I, SYS_clock_nanosleep, CLOCK_MONOTONIC,
	     0, U(ts), 0, 0, 0);
	cap(2, KT_CAP_OK, ts, sizeof(ts));
	end();
	ts[0] = -1;
	call("nanosleep", 2, ST P I I I I, SYS_nanosleep, U(ts), 0, 0, 0, 0, 0);
	cap(0, KT_CAP_OK, ts, sizeof(ts));
	end();
	ts[0] = 0;
	ts[1] = 5000;
	call("futex", 6, P I I ST P I, SYS_futex, U(&w), FUTEX_WAIT_PRIVATE, 0, U(ts),
	     0, 0);
	cap(3, KT_CAP_OK, ts, sizeof(ts));
	end();

	/*
	 * A call a signal interrupts: the kernel's exit sees -ERESTARTNOHAND
	 * (include/linux/errno.h: 514), what a tracer records, where the
	 * program sees EINTR.
	 */
	{
		struct sigaction sa;
		struct itimerval it = { { 0, 0 }, { 0, 20000 } };
		uint64_t none[6] = { 0 };

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_alarm;
		sigaction(SIGALRM, &sa, NULL);
		setitimer(ITIMER_REAL, &it, NULL);
		syscall(SYS_pause);
		describe("pause", 0, I I I I I I, -514, none);
		end();
	}

	/* more arguments than strace shows (-s 32 of them) */
	for (k = 0; k < 40; k++)
		many[k] = k % 2 ? "x" : "";
	call("execve", 3, S AV EV I I I, SYS_execve, U("/nonexistent"), U(many), 0,
	     0, 0, 0);
	{
		static char av[128];
		size_t n = 0;

		for (k = 0; k < 40; k++) {
			memcpy(av + n, many[k], strlen(many[k]) + 1);
			n += strlen(many[k]) + 1;
		}
		cap_str(0, "/nonexistent");
		cap(1, KT_CAP_OK, av, n);
	}
	end();
}

/* small structs, as a recorder that captured them would give them */
static void structs(void)
{
	static const uint64_t sets[] = {
		(1ull << (SIGINT - 1)) | (1ull << (SIGTERM - 1)),
		~0ull,
		~((1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1))),
		(1ull << 31) | (1ull << 32) | (1ull << 63),
		0,
	};
	uint64_t set, old, rl[2];
	struct utsname u;
	int k, v, s;
	socklen_t len = sizeof(v);
	long r;

	for (k = 0; k < 5; k++) {
		set = sets[k];
		r = call("rt_sigprocmask", 4, I ST ST I I I, SYS_rt_sigprocmask,
			 k ? SIG_SETMASK : SIG_BLOCK, U(&set), U(&old), 8, 0, 0);
		cap(1, KT_CAP_OK, &set, 8);
		if (!r)
			cap(2, KT_CAP_OK, &old, 8);
		end();
	}
	{	/* the kernel's struct sigaction on x86-64 */
		struct { uint64_t handler, flags, restorer, mask; } sa[3] = {
			{ 0, 0x04000000 | SA_RESTART, 0x1234,
			  (1ull << (SIGINT - 1)) | (1ull << (SIGTERM - 1)) },
			{ 1, 0, 0, 0 },
			{ 0x5678, SA_RESETHAND | 0x40, 0, ~0ull },
		}, o;

		for (k = 0; k < 3; k++) {
			r = call("rt_sigaction", 4, I ST ST I I I, SYS_rt_sigaction,
				 k < 2 ? SIGUSR2 : SIGCHLD, U(&sa[k]), U(&o), 8, 0, 0);
			cap(1, KT_CAP_OK, &sa[k], sizeof(sa[k]));
			if (!r)
				cap(2, KT_CAP_OK, &o, sizeof(o));
			end();
		}
		r = call("rt_sigaction", 4, I ST ST I I I, SYS_rt_sigaction, SIGCHLD, 0,
			 U(&o), 8, 0, 0);
		if (!r)
			cap(2, KT_CAP_OK, &o, sizeof(o));
		end();
		sa[0].handler = 0;
		sa[0].flags = 0x04000000;
		sa[0].mask = 0;
		call("rt_sigaction", 4, I ST ST I I I, SYS_rt_sigaction, SIGCHLD, U(&sa[0]),
		     0, 8, 0, 0);
		cap(1, KT_CAP_OK, &sa[0], sizeof(sa[0]));
		end();
	}
	r = call("prlimit64", 4, I I ST ST I I, SYS_prlimit64, 0, RLIMIT_NOFILE, 0,
		 U(rl), 0, 0);
	if (!r)
		cap(3, KT_CAP_OK, rl, sizeof(rl));
	end();
	rl[0] = 1000;
	rl[1] = 4096;
	call("prlimit64", 4, I I ST ST I I, SYS_prlimit64, 0, RLIMIT_CORE, U(rl), 0,
	     0, 0);
	cap(2, KT_CAP_OK, rl, sizeof(rl));
	end();
	r = call("getrlimit", 2, I ST I I I I, SYS_getrlimit, RLIMIT_STACK, U(rl),
		 0, 0, 0, 0);
	if (!r)
		cap(1, KT_CAP_OK, rl, sizeof(rl));
	end();
	r = call("uname", 1, ST I I I I I, SYS_uname, U(&u), 0, 0, 0, 0, 0);
	if (!r)
		cap(0, KT_CAP_OK, &u, sizeof(u));
	end();
	s = call("socket", 3, I I I I I I, SYS_socket, AF_INET, SOCK_DGRAM, 0, 0, 0, 0);
	cap_newfd(s, KT_FD_SOCKET, ino_of(s));
	end();
	r = call("getsockopt", 5, F I I ST ST I, SYS_getsockopt, s, SOL_SOCKET,
		 SO_TYPE, U(&v), U(&len), 0);
	if (!r) {
		cap(3, KT_CAP_OK, &v, sizeof(v));
		cap(4, KT_CAP_OK, &len, sizeof(len));
	}
	end();
	v = 1;
	call("setsockopt", 5, F I I ST I I, SYS_setsockopt, s, SOL_SOCKET,
	     SO_KEEPALIVE, U(&v), sizeof(v), 0);
	cap(3, KT_CAP_OK, &v, sizeof(v));
	end();
	call("close", 1, F I I I I I, SYS_close, s, 0, 0, 0, 0, 0);
	end();
	timeouts();
	polls();
}

/* waiting, extended attributes, scheduling: registers only */
static void more(void)
{
	static int w;
	struct statx stx;
	static const unsigned masks[] = {
		STATX_BASIC_STATS | STATX_BTIME | STATX_MNT_ID,
		STATX_MODE | STATX_NLINK | STATX_UID | STATX_GID | STATX_MTIME |
		STATX_SIZE,
		STATX_TYPE,
	};
	const char *paths[] = { path_f, "/dev/null", path_d };
	int k;

	for (k = 0; k < 3; k++) {
		long r = call("statx", 5, F S I I ST I, SYS_statx, AT_FDCWD, U(paths[k]),
			      AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT, masks[k], U(&stx), 0);

		cap_str(1, paths[k]);
		if (!r)
			cap(4, KT_CAP_OK, &stx, sizeof(stx));
		end();
	}
	call("statx", 5, F S I I ST I, SYS_statx, AT_FDCWD, U("/nonexistent"), 0,
	     STATX_ALL, U(&stx), 0);
	cap_str(1, "/nonexistent");
	end();
	{
		static unsigned char rnd[8], dents[4096];
		long r, dfd;

		r = call("getrandom", 3, BO I I I I I, SYS_getrandom, U(rnd), 8,
			 GRND_NONBLOCK, 0, 0, 0);
		cap_buf(0, rnd, r);
		end();
		dfd = call("openat", 4, F S I I I I, SYS_openat, AT_FDCWD, U(path_d),
			   O_RDONLY | O_DIRECTORY, 0, 0, 0);
		cap_str(1, path_d);
		end();
		for (k = 0; k < 2; k++) {
			/* whole: the count needs every entry */
			r = call("getdents64", 3, F BO I I I I, SYS_getdents64, dfd,
				 U(dents), sizeof(dents), 0, 0, 0);
			if (r >= 0)
				cap(1, KT_CAP_OK, dents, r);
			end();
		}
		call("close", 1, F I I I I I, SYS_close, dfd, 0, 0, 0, 0, 0);
		end();
	}

	call("futex", 6, P I I P P I, SYS_futex, U(&w), FUTEX_WAKE_PRIVATE, 1, 0, 0, 0);
	end();
	call("futex", 6, P I I P P I, SYS_futex, U(&w), FUTEX_WAIT_PRIVATE, 1, 0, 0, 0);
	end();
	call("futex", 6, P I I P P I, SYS_futex, U(&w),
	     FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 1, 0, 0,
	     FUTEX_BITSET_MATCH_ANY);
	end();
	call("futex", 6, P I I P P I, SYS_futex, U(&w), FUTEX_WAIT_BITSET, 1, 0, 0, 5);
	end();
	call("futex", 6, P I I P P I, SYS_futex, U(&w), FUTEX_WAKE_BITSET_PRIVATE, 1,
	     0, 0, 5);
	end();
	call("futex", 6, P I I P P I, SYS_futex, U(&w), FUTEX_REQUEUE_PRIVATE, 1, 2,
	     U(&w), 0);
	end();
	call("futex", 6, P I I P P I, SYS_futex, U(&w), FUTEX_CMP_REQUEUE_PRIVATE, 1, 2,
	     U(&w), 7);
	end();
	call("futex", 6, P I I P P I, SYS_futex, U(&w), FUTEX_WAKE_OP_PRIVATE, 1, 2,
	     U(&w), FUTEX_OP(FUTEX_OP_SET, 1, FUTEX_OP_CMP_GT, 0));
	end();
	call("futex", 6, P I I P P I, SYS_futex, U(&w), FUTEX_UNLOCK_PI_PRIVATE, 0, 0,
	     0, 0);
	end();
	call("futex", 6, P I I P P I, SYS_futex, U(&w), 99, 1, 2, U(&w), 7);
	end();
	call("poll", 3, P I I I I I, SYS_poll, 0, 0, 0, 0, 0, 0);
	end();
	call("epoll_ctl", 4, F I F P I I, SYS_epoll_ctl, 999, EPOLL_CTL_ADD, 5, 0, 0, 0);
	end();
	call("epoll_wait", 4, F P I I I I, SYS_epoll_wait, 999, 0, 10, 0, 0, 0);
	end();
	call("nanosleep", 2, P P I I I I, SYS_nanosleep, 0, 0, 0, 0, 0, 0);
	end();
	call("clock_nanosleep", 4, I I P P I I, SYS_clock_nanosleep, CLOCK_MONOTONIC,
	     TIMER_ABSTIME, 0, 0, 0, 0);
	end();
	call("setitimer", 3, I P P I I I, SYS_setitimer, ITIMER_REAL, 0, 0, 0, 0, 0);
	end();
	call("getitimer", 2, I P I I I I, SYS_getitimer, 99, 0, 0, 0, 0, 0);
	end();
	call("alarm", 1, I I I I I I, SYS_alarm, 0, 0, 0, 0, 0, 0);
	end();
	call("waitid", 5, I I P I P I, SYS_waitid, P_ALL, 0, 0, WEXITED | WNOHANG, 0, 0);
	end();
	call("fadvise64", 4, F I I I I I, SYS_fadvise64, 999, 0, 0,
	     POSIX_FADV_SEQUENTIAL, 0, 0);
	end();
	call("getxattr", 4, S S BO I I I, SYS_getxattr, U("/nonexistent"), U("user.x"),
	     0, 0, 0, 0);
	cap_str(0, "/nonexistent");
	cap_str(1, "user.x");
	end();
	call("setxattr", 5, S S BI I I I, SYS_setxattr, U("/nonexistent"), U("user.a"),
	     U("val"), 3, XATTR_CREATE, 0);
	cap_str(0, "/nonexistent");
	cap_str(1, "user.a");
	cap_buf(2, "val", 3);
	end();
	call("flock", 2, F I I I I I, SYS_flock, 999, LOCK_EX | LOCK_NB, 0, 0, 0, 0);
	end();
	call("splice", 6, F P F P I I, SYS_splice, 999, 0, 998, 0, 100, SPLICE_F_MOVE);
	end();
	call("copy_file_range", 6, F P F P I I, SYS_copy_file_range, 999, 0, 998, 0,
	     10, 0);
	end();
	call("utimensat", 4, F S P I I I, SYS_utimensat, AT_FDCWD, U("/nonexistent"), 0,
	     AT_SYMLINK_NOFOLLOW, 0, 0);
	cap_str(1, "/nonexistent");
	end();
	call("inotify_add_watch", 3, F S I I I I, SYS_inotify_add_watch, 999, U("/x"),
	     IN_MODIFY | IN_CREATE, 0, 0, 0);
	cap_str(1, "/x");
	end();
	call("fallocate", 4, F I I I I I, SYS_fallocate, 999,
	     FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE, 0, 10, 0, 0);
	end();
	call("umount2", 2, S I I I I I, SYS_umount2, U("/nonexistent"), MNT_DETACH,
	     0, 0, 0, 0);
	cap_str(0, "/nonexistent");
	end();
	call("mount", 5, S S S I S I, SYS_mount, U("none"), U("/nonexistent/long/mount/point/path"),
	     U("tmpfs"), MS_NOSUID | MS_NODEV | MS_RELATIME, 0, 0);
	cap_str(0, "none");
	cap_str(1, "/nonexistent/long/mount/point/path");
	cap_str(2, "tmpfs");
	end();
	call("removexattr", 2, S S I I I I, SYS_removexattr, U("/nonexistent"),
	     U("user.a-name-longer-than-thirty-two-bytes"), 0, 0, 0, 0);
	cap_str(0, "/nonexistent");
	cap_str(1, "user.a-name-longer-than-thirty-two-bytes");
	end();
	call("utimes", 2, S P I I I I, SYS_utimes, U("/nonexistent"), 0, 0, 0, 0, 0);
	cap_str(0, "/nonexistent");
	end();
	call("unshare", 1, I I I I I I, SYS_unshare, 0, 0, 0, 0, 0, 0);
	end();
	call("getrusage", 2, I P I I I I, SYS_getrusage, RUSAGE_CHILDREN, 0, 0, 0, 0, 0);
	end();
	call("getpriority", 2, I I I I I I, SYS_getpriority, PRIO_PROCESS, 0, 0, 0, 0, 0);
	end();
	call("sched_setscheduler", 3, I I P I I I, SYS_sched_setscheduler, 0,
	     SCHED_OTHER, 0, 0, 0, 0);
	end();
	call("sched_getaffinity", 3, I I P I I I, SYS_sched_getaffinity, 0, 128, 0,
	     0, 0, 0);
	end();
	call("gettimeofday", 2, P P I I I I, SYS_gettimeofday, 0, 0, 0, 0, 0, 0);
	end();
	call("sigaltstack", 2, P P I I I I, SYS_sigaltstack, 0, 0, 0, 0, 0, 0);
	end();
	call("setsockopt", 5, F I I P I I, SYS_setsockopt, 999, SOL_SOCKET, SO_REUSEADDR,
	     0, 4, 0);
	end();
	call("setsockopt", 5, F I I P I I, SYS_setsockopt, 999, IPPROTO_TCP, TCP_NODELAY,
	     0, 4, 0);
	end();
	call("getsockopt", 5, F I I P P I, SYS_getsockopt, 999, SOL_SOCKET, SO_ERROR,
	     0, 0, 0);
	end();
	call("setsockopt", 5, F I I P I I, SYS_setsockopt, 999, 99, 98, 0, 4, 0);
	end();
	structs();
}

int main(int argc, char **argv)
{
	static const char bad_exe[] = "/nonexistent/\tcmd";
	static const char good_exe[] = "/bin/true";
	static char *eargv[] = {
		"ls", "a b", "\"quoted\"", "tab\there", "\xc3\xa9t\xc3\xa9", "",
		"a-string-longer-than-thirty-two-bytes", NULL,
	};
	char **e;
	long nenv = 0;

	if (argc == 3 && !strcmp(argv[1], "--after-exec"))
		return after_exec(argv[2]);
	if (argc != 2) {
		fprintf(stderr, "usage: argcalls DIR\n");
		return 2;
	}
	snprintf(path_f, sizeof(path_f), "%s/file", argv[1]);
	snprintf(path_g, sizeof(path_g), "%s/dir", argv[1]);
	snprintf(path_s, sizeof(path_s), "%s/sock", argv[1]);
	snprintf(path_d, sizeof(path_d), "%s", argv[1]);
	for (e = environ; *e; e++)
		nenv++;

	syscall(SYS_write, -1, "argcalls-begin", 14);
	block_start();
	files();
	memory();
	sockets();
	fds();
	processes();
	oddities();
	more();

	call("execve", 3, S AV EV I I I, SYS_execve, U(bad_exe), U(eargv),
	     U(environ), 0, 0, 0);
	cap_execve(bad_exe, eargv, nenv);
	{
		uint64_t a[6] = { U(good_exe), U(eargv), U(environ), 0, 0, 0 };

		describe("execve", 3, S AV EV I I I, 0, a);
		cap_execve(good_exe, eargv, nenv);
	}
	flush_descs();
	syscall(SYS_execve, good_exe, eargv, environ);
	return 1;
}
