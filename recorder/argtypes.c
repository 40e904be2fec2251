// SPDX-License-Identifier: MIT
/*
 * argtypes.c - what each syscall argument is (a path, a buffer, a socket
 * address...), and from that what the BPF side captures of it.
 *
 * The kernel says most of it: each argument of a syscall trace event's
 * format is declared with its C type and name ("const char * filename",
 * "struct sockaddr * uservaddr", "int * upeer_addrlen"), read by
 * sysargs.c on the recording machine. The rules below turn a declaration
 * into an enum kt_argtype; the small table after them says what no
 * declaration can: that sendto's "void * buff" is read by the call while
 * recvfrom's is written, that readlink's "char * buf" comes back as a
 * string, which calls make new descriptors. The types travel in the trace
 * (SYSARGS), so the analyzer renders on any machine what this one saw.
 */
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <time.h>
#include <linux/stat.h>
#include "argtypes.h"
#include "syscalls.h"

/* the kernel's struct sigaction (handler, flags, restorer, mask), which
 * libc's is not, and clone3's struct clone_args up to cgroup (Linux 5.7) */
#define KSIGACTION_SIZE	(3 * sizeof(void *) + sizeof(uint64_t))
#define CLONE_ARGS_SIZE	88

/* "const char * filename" -> type "const char *", name "filename" */
static void split_decl(const char *decl, size_t len, char *type, size_t tsize,
		       const char **name, size_t *nlen)
{
	size_t n = len;

	while (n > 0 && decl[n - 1] != ' ' && decl[n - 1] != '*')
		n--;
	*name = decl + n;
	*nlen = len - n;
	while (n > 0 && decl[n - 1] == ' ')
		n--;
	if (n >= tsize)
		n = tsize - 1;
	memcpy(type, decl, n);
	type[n] = 0;
}

static int name_is(const char *name, size_t len, const char *want)
{
	return strlen(want) == len && !memcmp(name, want, len);
}

/* fd, dfd, olddfd, newfd, epfd, pidfd, fd_in, fd_out ... */
static int fd_name(const char *name, size_t len)
{
	return (len >= 2 && !memcmp(name + len - 2, "fd", 2)) ||
	       (len > 3 && !memcmp(name, "fd_", 3));
}

static int buf_name(const char *name, size_t len)
{
	return name_is(name, len, "buf") || name_is(name, len, "ubuf") ||
	       name_is(name, len, "buff");
}

uint8_t argtypes__of_decl(const char *decl, size_t len, const char *next,
			  size_t next_len)
{
	char type[128], ntype[128];
	const char *name, *nname;
	size_t nlen, nnlen;

	split_decl(decl, len, type, sizeof(type), &name, &nlen);
	if (!strchr(type, '*'))
		return fd_name(name, nlen) ? KT_ARG_FD : KT_ARG_INT;
	if (strstr(type, "* const") || strstr(type, "*const")) {
		if (name_is(name, nlen, "envp"))
			return KT_ARG_ENVP;
		return KT_ARG_ARGV;
	}
	if (!strcmp(type, "struct sockaddr *")) {
		if (!next)
			return KT_ARG_PTR;
		split_decl(next, next_len, ntype, sizeof(ntype), &nname, &nnlen);
		return strchr(ntype, '*') ? KT_ARG_SOCKADDR_OUT : KT_ARG_SOCKADDR;
	}
	if (!strcmp(type, "struct user_msghdr *"))
		return KT_ARG_MSGHDR;
	if (!strcmp(type, "struct stat *") || !strcmp(type, "struct statx *"))
		return KT_ARG_STRUCT_OUT;
	if (buf_name(name, nlen) && next)
		return strncmp(type, "const ", 6) ? KT_ARG_BUF_OUT : KT_ARG_BUF_IN;
	if (!strcmp(type, "const char *") || !strcmp(type, "char *"))
		return KT_ARG_STR;
	return KT_ARG_PTR;
}

/*
 * What no declaration says (x86_64 and generic names alike): which buffer
 * the call reads and which the kernel writes, which structs are worth
 * their bytes (strace prints them) and how many those are on this
 * machine (0: sizeof(struct stat)).
 */
static const struct fix {
	const char *syscall;
	int arg;
	uint8_t type;
	uint16_t size;
} fixes[] = {
	{ "read", 1, KT_ARG_BUF_OUT, 0 },		{ "pread64", 1, KT_ARG_BUF_OUT, 0 },
	{ "recvfrom", 1, KT_ARG_BUF_OUT, 0 },	{ "write", 1, KT_ARG_BUF_IN, 0 },
	{ "pwrite64", 1, KT_ARG_BUF_IN, 0 },	{ "sendto", 1, KT_ARG_BUF_IN, 0 },
	{ "readlink", 1, KT_ARG_STR_OUT, 0 },	{ "readlinkat", 2, KT_ARG_STR_OUT, 0 },
	{ "getcwd", 0, KT_ARG_STR_OUT, 0 },
	{ "pipe", 0, KT_ARG_STRUCT_OUT, 2 * sizeof(int) },
	{ "pipe2", 0, KT_ARG_STRUCT_OUT, 2 * sizeof(int) },
	{ "socketpair", 3, KT_ARG_STRUCT_OUT, 2 * sizeof(int) },
	{ "statx", 4, KT_ARG_STRUCT_OUT, sizeof(struct statx) },
	{ "wait4", 1, KT_ARG_STRUCT_OUT, sizeof(int) },
	{ "rt_sigaction", 1, KT_ARG_STRUCT_IN, KSIGACTION_SIZE },
	{ "rt_sigaction", 2, KT_ARG_STRUCT_OUT, KSIGACTION_SIZE },
	{ "rt_sigprocmask", 1, KT_ARG_STRUCT_IN, sizeof(uint64_t) },
	{ "rt_sigprocmask", 2, KT_ARG_STRUCT_OUT, sizeof(uint64_t) },
	{ "prlimit64", 2, KT_ARG_STRUCT_IN, sizeof(struct rlimit64) },
	{ "prlimit64", 3, KT_ARG_STRUCT_OUT, sizeof(struct rlimit64) },
	{ "getrlimit", 1, KT_ARG_STRUCT_OUT, sizeof(struct rlimit64) },
	{ "setrlimit", 1, KT_ARG_STRUCT_IN, sizeof(struct rlimit64) },
	{ "uname", 0, KT_ARG_STRUCT_OUT, sizeof(struct utsname) },
	{ "nanosleep", 0, KT_ARG_STRUCT_IN, sizeof(struct timespec) },
	{ "clock_nanosleep", 2, KT_ARG_STRUCT_IN, sizeof(struct timespec) },
	{ "sysinfo", 0, KT_ARG_STRUCT_OUT, sizeof(struct sysinfo) },
	{ "clone3", 0, KT_ARG_STRUCT_IN, CLONE_ARGS_SIZE },
	{ "setsockopt", 3, KT_ARG_STRUCT_IN, sizeof(int) },
	{ "getsockopt", 3, KT_ARG_STRUCT_OUT, sizeof(int) },
};

/* Calls that make descriptors whose inode strace -y shows. */
static const struct newfd {
	const char *syscall;
	uint8_t how;
} newfds[] = {
	{ "socket", KT_NEWFD_RET },	{ "accept", KT_NEWFD_RET },
	{ "accept4", KT_NEWFD_RET },	{ "pipe", KT_NEWFD_ARG + 0 },
	{ "pipe2", KT_NEWFD_ARG + 0 },	{ "socketpair", KT_NEWFD_ARG + 3 },
};

void argtypes__fix(const char *syscall, uint8_t type[KT_NARGS])
{
	for (size_t i = 0; syscall && i < sizeof(fixes) / sizeof(*fixes); i++)
		if (!strcmp(fixes[i].syscall, syscall))
			type[fixes[i].arg] = fixes[i].type;
}

/* The size of the struct argument arg of syscall points to, here. */
static uint16_t struct_size(const char *syscall, int arg)
{
	for (size_t i = 0; i < sizeof(fixes) / sizeof(*fixes); i++)
		if (fixes[i].size && fixes[i].arg == arg &&
		    !strcmp(fixes[i].syscall, syscall))
			return fixes[i].size;
	return sizeof(struct stat);
}

void argtypes__spec(const char *syscall, int nargs,
		    const uint8_t type[KT_NARGS], uint32_t bufsize,
		    struct kt_bpf_argspec *sp)
{
	memset(sp, 0, sizeof(*sp));
	if (!syscall || nargs < 0 || nargs > KT_NARGS)
		return;
	for (int i = 0; i < nargs; i++) {
		sp->type[i] = type[i];
		sp->lenarg[i] = i + 1 < nargs ? (uint8_t)(i + 1) : 0;
		switch (type[i]) {
		case KT_ARG_INT: case KT_ARG_FD: case KT_ARG_PTR:
			break;
		case KT_ARG_BUF_IN: case KT_ARG_BUF_OUT:
			if (bufsize)
				sp->any = KT_SPEC_CAPS;
			break;
		case KT_ARG_STRUCT_OUT: case KT_ARG_STRUCT_IN:
			sp->size[i] = struct_size(syscall, i);
			sp->any = KT_SPEC_CAPS;
			break;
		default:
			sp->any = KT_SPEC_CAPS;
		}
	}
	for (int i = 0; i < nargs; i++)
		if (type[i] == KT_ARG_ARGV)
			sp->any = KT_SPEC_EXEC;
	for (size_t i = 0; i < sizeof(newfds) / sizeof(*newfds); i++)
		if (!strcmp(newfds[i].syscall, syscall)) {
			sp->newfd = newfds[i].how;
			if (!sp->any)
				sp->any = KT_SPEC_CAPS;
		}
}
