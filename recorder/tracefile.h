/* SPDX-License-Identifier: MIT */
/*
 * tracefile.h - the trace file: created safely, put in place only once
 * recording has begun, checked at the end.
 */
#ifndef KTRAIL_TRACEFILE_H
#define KTRAIL_TRACEFILE_H

#include <sys/types.h>

struct tracefile {
	int fd;			/* where the writer writes, -1 when closed */
	const char *path;	/* the output as given, "-" for stdout */
	char *tmp;		/* temporary name until committed, else NULL */
	int regular;		/* a regular file (not stdout, not /dev/null) */
};

/*
 * Open tf for writing a new trace at path ("-" is stdout, which must not
 * be a terminal; /dev/null is taken as a sink). A regular file is created
 * under a temporary name in path's directory: mode 0600 whatever the
 * umask, O_EXCL, owned by owner/group when they are not -1 (the sudo
 * caller); whatever is at path stays untouched until tracefile__commit().
 * A symbolic link, a directory, a FIFO or another special file at path is
 * refused. Returns 0, or -1 after printing one line.
 */
int tracefile__open(struct tracefile *tf, const char *path, uid_t owner,
		    gid_t group);

/*
 * Rename the temporary file over path: from now on an old file there is
 * replaced. rename(2) replaces a symbolic link planted meanwhile instead
 * of writing through it. A no-op for stdout and /dev/null. Returns 0, or
 * -1 after printing one line.
 */
int tracefile__commit(struct tracefile *tf);

/*
 * After the last write: fsync a regular file and check that it is still
 * linked (neither it nor its directory was removed while recording).
 * Returns 0, or -1 after printing one line.
 */
int tracefile__finish(struct tracefile *tf);

/* Close tf; an uncommitted temporary file is removed. */
void tracefile__close(struct tracefile *tf);

#endif /* KTRAIL_TRACEFILE_H */
