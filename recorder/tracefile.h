/* SPDX-License-Identifier: MIT */
/*
 * tracefile.h - create the trace file safely.
 */
#ifndef KTRAIL_TRACEFILE_H
#define KTRAIL_TRACEFILE_H

#include <sys/types.h>

/*
 * Open path for writing a new trace ("-" is stdout): created with mode 0600
 * whatever the umask, never through a symbolic link planted at path, owned
 * by owner/group when they are not -1 (the sudo caller). An existing
 * regular file is replaced. Returns the fd, or -1 after printing one line.
 */
int tracefile__create(const char *path, uid_t owner, gid_t group);

#endif /* KTRAIL_TRACEFILE_H */
