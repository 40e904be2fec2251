// SPDX-License-Identifier: MIT
/*
 * syscall_classes.c - the strace-like syscall groups, as data.
 *
 * Modelled on strace's class flags (TRACE_FILE, TRACE_NETWORK, TRACE_PROCESS,
 * TRACE_MEMORY in src/linux/x86_64/syscallent.h): %file is every syscall that
 * takes a file name, %net the socket calls, %process creation, exec, exit,
 * waiting and signalling, %memory the address-space calls. Review it as a
 * table; names an architecture lacks are skipped when looked up.
 */
#include <string.h>
#include "syscalls.h"

static const char *const file_class[] = {
	"open", "openat", "openat2", "creat", "access", "faccessat",
	"faccessat2", "stat", "lstat", "newfstatat", "statx", "statfs",
	"truncate", "chdir", "chroot", "mkdir", "mkdirat", "rmdir", "rename",
	"renameat", "renameat2", "link", "linkat", "unlink", "unlinkat",
	"symlink", "symlinkat", "readlink", "readlinkat", "chmod", "fchmodat",
	"fchmodat2", "chown", "lchown", "fchownat", "utime", "utimes",
	"utimensat", "futimesat", "mknod", "mknodat", "execve", "execveat",
	"getxattr", "lgetxattr", "setxattr", "lsetxattr", "listxattr",
	"llistxattr", "removexattr", "lremovexattr", "mount", "umount2",
	"swapon", "swapoff", "pivot_root", "acct", "uselib",
	"inotify_add_watch", "fanotify_mark", "name_to_handle_at",
	"quotactl", "open_tree", "move_mount", NULL,
};

static const char *const net_class[] = {
	"socket", "socketpair", "bind", "listen", "accept", "accept4",
	"connect", "getsockname", "getpeername", "sendto", "recvfrom",
	"sendmsg", "recvmsg", "sendmmsg", "recvmmsg", "shutdown",
	"setsockopt", "getsockopt", NULL,
};

static const char *const process_class[] = {
	"fork", "vfork", "clone", "clone3", "execve", "execveat", "exit",
	"exit_group", "wait4", "waitid", "kill", "tkill", "tgkill",
	"rt_sigqueueinfo", "rt_tgsigqueueinfo", "pidfd_open",
	"pidfd_send_signal", "unshare", NULL,
};

static const char *const memory_class[] = {
	"brk", "mmap", "munmap", "mremap", "mprotect", "madvise", "mlock",
	"mlock2", "munlock", "mlockall", "munlockall", "mincore", "msync",
	"remap_file_pages", "mbind", "set_mempolicy", "get_mempolicy",
	"migrate_pages", "move_pages", "pkey_mprotect", "process_madvise",
	"shmat", "shmdt", NULL,
};

static const struct {
	const char *name;
	const char *const *members;
} classes[] = {
	{ "file", file_class },
	{ "net", net_class },
	{ "network", net_class },
	{ "process", process_class },
	{ "memory", memory_class },
};

const char *const *syscalls__class(const char *cls)
{
	for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
		if (!strcmp(classes[i].name, cls))
			return classes[i].members;
	return NULL;
}
