/* SPDX-License-Identifier: MIT */
/*
 * launcher.h - fork the workload, hold it until the probes are attached.
 */
#ifndef KTRAIL_LAUNCHER_H
#define KTRAIL_LAUNCHER_H

#include <sys/types.h>

/* Who the workload runs as; uid -1 means unchanged. */
struct run_as {
	uid_t uid;
	gid_t gid;
	char name[64];
	char home[256];
	char shell[256];
};

/*
 * Resolve -u USER, or the sudo caller (SUDO_UID/SUDO_GID) when user is NULL
 * and record runs as root under sudo. Returns 0, or -1 after one error line.
 */
int run_as__resolve(struct run_as *as, const char *user);

struct launcher {
	pid_t pid;		/* the held child */
	int go_fd;		/* write end: one byte lets it exec */
	int err_fd;		/* read end: the exec errno, or EOF on success */
};

/*
 * Check that argv[0] can be executed, then fork a child that waits on a
 * pipe. With stdout_to_stderr (the trace goes to record's stdout), the
 * workload's stdout is record's stderr, so what it prints never lands in
 * the trace stream. Returns 0, or -1 after one error line (command not
 * found: 127 is the exit status to use, as in sh).
 */
int launcher__start(struct launcher *l, char *const *argv,
		    const struct run_as *as, int stdout_to_stderr);

/*
 * Let the child exec. Returns 0 once exec succeeded, or a negative errno
 * (and the child has exited 127).
 */
int launcher__release(struct launcher *l);

/* Kill and reap a child that was never released. */
void launcher__abort(struct launcher *l);

#endif /* KTRAIL_LAUNCHER_H */
