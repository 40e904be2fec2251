// SPDX-License-Identifier: MIT
/*
 * tracefile.c - the trace file: 0600, no symlinks, owned by the sudo caller.
 *
 * Traces reveal what a machine did, so the file is created exclusively
 * (O_CREAT|O_EXCL|O_NOFOLLOW) with mode 0600. An old regular file at the
 * path is unlinked first rather than truncated, so a hard link to someone
 * else's file is never written through; a symbolic link is refused. When
 * record runs under sudo, the new file is handed to the invoking user.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "tracefile.h"

int tracefile__create(const char *path, uid_t owner, gid_t group)
{
	struct stat st;
	int fd, tries = 0;

	if (!strcmp(path, "-")) {
		if (isatty(STDOUT_FILENO)) {
			fprintf(stderr, "record: refusing to write a binary trace to a terminal\n");
			return -1;
		}
		return dup(STDOUT_FILENO);
	}
again:
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  0600);
	if (fd < 0 && errno == EEXIST && tries++ == 0 && !lstat(path, &st)) {
		if (S_ISLNK(st.st_mode)) {
			fprintf(stderr, "record: refusing to write '%s': it is a symbolic link\n",
				path);
			return -1;
		}
		if (!S_ISREG(st.st_mode)) {
			fprintf(stderr, "record: cannot create '%s': not a regular file\n",
				path);
			return -1;
		}
		if (unlink(path) == 0 || errno == ENOENT)
			goto again;
	}
	if (fd < 0) {
		fprintf(stderr, "record: cannot create '%s': %s\n", path,
			strerror(errno));
		return -1;
	}
	/* O_CREAT's mode is masked by the umask; 0600 is at most narrowed */
	if (fchmod(fd, 0600) ||
	    ((owner != (uid_t)-1 || group != (gid_t)-1) &&
	     fchown(fd, owner, group))) {
		fprintf(stderr, "record: cannot set owner and mode of '%s': %s\n",
			path, strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	return fd;
}
