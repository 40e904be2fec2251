// SPDX-License-Identifier: MIT
/*
 * tracefile.c - the trace file: 0600, no symlinks, owned by the sudo caller,
 * and an old trace replaced only once the new recording has begun.
 *
 * Traces reveal what a machine did, so the file is created exclusively
 * (mkostemp: O_CREAT|O_EXCL, mode 0600) under a temporary name beside the
 * output, ".NAME.XXXXXX", and handed to the invoking user under sudo. A
 * start that fails (a probe the kernel refuses, a command that cannot run)
 * removes only that temporary file: an old trace at the output path
 * survives. tracefile__commit() renames it over the output once recording
 * has begun; rename(2) replaces the directory entry, so neither a hard link
 * to someone else's file nor a symbolic link planted at the path is ever
 * written through. At the end, a link count of 0 tells that the file or
 * its directory was removed while recording.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "tracefile.h"

/* What is at path, when it is something record will not replace. */
static const char *refusal(const struct stat *st)
{
	if (S_ISLNK(st->st_mode))
		return "refusing to write '%s': it is a symbolic link";
	if (S_ISDIR(st->st_mode))
		return "cannot create '%s': it is a directory";
	if (S_ISFIFO(st->st_mode))
		return "cannot create '%s': it is a FIFO (to write into a pipe, use -o - and redirect)";
	if (S_ISCHR(st->st_mode))
		return "cannot create '%s': it is a character device (of those, only /dev/null is taken)";
	if (S_ISBLK(st->st_mode))
		return "cannot create '%s': it is a block device";
	if (S_ISSOCK(st->st_mode))
		return "cannot create '%s': it is a socket";
	if (!S_ISREG(st->st_mode))
		return "cannot create '%s': not a regular file";
	return NULL;
}

/* "dir/.name.XXXXXX" for path "dir/name"; NULL when out of memory. */
static char *temp_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	int dirlen = slash ? (int)(slash - path) + 1 : 0;
	char *t;

	if (asprintf(&t, "%.*s.%s.XXXXXX", dirlen, path,
		     slash ? slash + 1 : path) < 0)
		return NULL;
	return t;
}

static int open_stdout(struct tracefile *tf)
{
	if (isatty(STDOUT_FILENO)) {
		fprintf(stderr, "record: refusing to write a binary trace to a terminal\n");
		return -1;
	}
	/* close-on-exec: the workload must not hold the trace stream */
	tf->fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	if (tf->fd < 0) {
		fprintf(stderr, "record: cannot write to standard output: %s\n",
			strerror(errno));
		return -1;
	}
	return 0;
}

/* The null device (1,3): taken as it is, a sink for benchmarks. */
static int open_null(struct tracefile *tf, const struct stat *st)
{
	struct stat now;

	tf->fd = open(tf->path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
	if (tf->fd < 0 || fstat(tf->fd, &now) || now.st_rdev != st->st_rdev) {
		fprintf(stderr, "record: cannot open '%s': %s\n", tf->path,
			tf->fd < 0 ? strerror(errno) : "not the null device");
		return -1;
	}
	return 0;
}

int tracefile__open(struct tracefile *tf, const char *path, uid_t owner,
		    gid_t group)
{
	const char *why;
	struct stat st;

	memset(tf, 0, sizeof(*tf));
	tf->fd = -1;
	tf->path = path;
	if (!strcmp(path, "-"))
		return open_stdout(tf);
	if (!lstat(path, &st)) {
		if (S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3))
			return open_null(tf, &st);
		why = refusal(&st);
		if (why) {
			fprintf(stderr, "record: ");
			fprintf(stderr, why, path);
			fprintf(stderr, "\n");
			return -1;
		}
	} else if (errno != ENOENT || path[strlen(path) - 1] == '/') {
		fprintf(stderr, "record: cannot create '%s': %s\n", path,
			strerror(errno == ENOENT ? EISDIR : errno));
		return -1;
	}
	tf->tmp = temp_name(path);
	if (!tf->tmp) {
		fprintf(stderr, "record: out of memory\n");
		return -1;
	}
	tf->fd = mkostemp(tf->tmp, O_CLOEXEC);
	if (tf->fd < 0) {
		fprintf(stderr, "record: cannot create '%s': %s\n", path,
			strerror(errno));
		free(tf->tmp);
		tf->tmp = NULL;
		return -1;
	}
	tf->regular = 1;
	/* the mode is masked by the umask; 0600 is at most narrowed */
	if (fchmod(tf->fd, 0600) ||
	    ((owner != (uid_t)-1 || group != (gid_t)-1) &&
	     fchown(tf->fd, owner, group))) {
		fprintf(stderr, "record: cannot set owner and mode of '%s': %s\n",
			path, strerror(errno));
		tracefile__close(tf);
		return -1;
	}
	return 0;
}

int tracefile__commit(struct tracefile *tf)
{
	if (!tf->tmp)
		return 0;
	if (rename(tf->tmp, tf->path)) {
		fprintf(stderr, "record: cannot create '%s': %s\n", tf->path,
			strerror(errno));
		return -1;
	}
	free(tf->tmp);
	tf->tmp = NULL;
	return 0;
}

int tracefile__finish(struct tracefile *tf)
{
	struct stat st;

	if (!tf->regular)
		return 0;
	if (fsync(tf->fd)) {
		fprintf(stderr, "record: cannot write '%s': %s\n", tf->path,
			strerror(errno));
		return -1;
	}
	if (!fstat(tf->fd, &st) && st.st_nlink == 0) {
		fprintf(stderr, "record: '%s' was removed while recording: the trace is lost\n",
			tf->path);
		return -1;
	}
	return 0;
}

void tracefile__close(struct tracefile *tf)
{
	if (tf->tmp) {
		unlink(tf->tmp);
		free(tf->tmp);
		tf->tmp = NULL;
	}
	if (tf->fd >= 0)
		close(tf->fd);
	tf->fd = -1;
}
