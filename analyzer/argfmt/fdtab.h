/* SPDX-License-Identifier: MIT */
/*
 * fdtab.h - what each file descriptor of each traced process referred to,
 * rebuilt from the trace, for the `fd_path` column: the text `strace -y`
 * shows between <> (a path, pipe:[INODE], socket:[INODE],
 * anon_inode:[eventfd], /memfd:NAME (deleted)).
 *
 * One table per process (thread group: threads share it, as CLONE_FILES
 * threads do). The importer seeds it with the descriptors and working
 * directory each process had when tracing began, then feeds every
 * completed call and process event in time order.
 */
#ifndef KTRAIL_ARGFMT_FDTAB_H
#define KTRAIL_ARGFMT_FDTAB_H

#include <stdint.h>

struct fdtab;
struct argfmt_call;

/* An empty set of tables; NULL (errno set) when out of memory. */
struct fdtab *fdtab__new(void);

/* Frees t and every table in it; fdtab__free(NULL) is a no-op. */
void fdtab__free(struct fdtab *t);

/*
 * Descriptor fd of pid refers to path (copied; NULL forgets fd). cloexec:
 * whether it closes on exec. Returns 0 or -ENOMEM (-EINVAL for fd < 0).
 */
int fdtab__set(struct fdtab *t, uint32_t pid, int fd, const char *path,
	       int cloexec);

/* pid's working directory (absolute), which relative paths start from */
int fdtab__cwd(struct fdtab *t, uint32_t pid, const char *cwd);

/* child starts with a copy of parent's descriptors and working directory */
int fdtab__fork(struct fdtab *t, uint32_t parent, uint32_t child);

/* pid executed a program: its close-on-exec descriptors are gone */
void fdtab__exec(struct fdtab *t, uint32_t pid);

/* pid (the whole thread group) ended: its table is dropped */
void fdtab__exit(struct fdtab *t, uint32_t pid);

/* what fd of pid refers to, or NULL when unknown; valid until t changes */
const char *fdtab__lookup(const struct fdtab *t, uint32_t pid, int fd);

/*
 * Update pid's table for a completed call c (failed calls change nothing):
 * the open family, dup/dup2/dup3, fcntl F_DUPFD/F_DUPFD_CLOEXEC/F_SETFD,
 * pipe/pipe2, socket/socketpair/accept/accept4, eventfd, epoll_create,
 * timerfd_create, signalfd, inotify_init, memfd_create, pidfd_open, close,
 * close_range, chdir/fchdir, getcwd (which tells the working directory),
 * execve. Returns 0 or -ENOMEM.
 */
int fdtab__apply(struct fdtab *t, uint32_t pid, const struct argfmt_call *c);

/* 1 when a call of syscall name can change a table (fdtab__apply). */
int fdtab__changes(const char *name);

#endif /* KTRAIL_ARGFMT_FDTAB_H */
