// SPDX-License-Identifier: MIT
/*
 * main.c - record: parse the options, run one session, pick the exit status.
 *
 *   options -> session (recorder/session.c: prepare, start, run, finish)
 *   -> the workload's exit status, or record's own.
 *
 * `record -l PATH` lists a file's USDT probes instead of recording.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "opts.h"
#include "session.h"
#include "usdt_notes.h"

/* record's own failures; otherwise it exits with the workload's status */
#define EXIT_FAIL	1
#define EXIT_USAGE	2
#define EXIT_NOTFOUND	127

static int status_to_exit(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return EXIT_FAIL;
}

/*
 * Open /dev/null on each of fds 0-2 that is closed, before anything else
 * is opened: otherwise the trace file could become fd 2 and record's own
 * messages land inside it, or the workload inherit the trace as its stdin.
 * Returns a mask of the fds that were closed (bit 0 = stdin), or -1.
 */
static int guard_std_fds(void)
{
	int closed = 0;

	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		closed |= 1 << fd;
		/* the lowest free fd: this one, as those below are open */
		if (open("/dev/null", O_RDWR) != fd)
			return -1;
	}
	return closed;
}

/* record -l PATH: the USDT probes of a file, as `bpftrace -l` lists them. */
static int list_usdt(const char *file)
{
	char *path = strchr(file, '/') ? strdup(file) : usdt_notes__resolve(file);
	struct usdt_notes notes;
	int err;

	if (!path) {
		fprintf(stderr, "record: cannot find '%s' in $PATH or the library directories\n",
			file);
		return EXIT_FAIL;
	}
	err = usdt_notes__read(&notes, path);
	if (err) {
		fprintf(stderr, "record: cannot read '%s': %s\n", path,
			err == -ENOEXEC ? "not an ELF file" : strerror(-err));
	} else if (!notes.n) {
		fprintf(stderr, "record: '%s' has no USDT probes\n", path);
	}
	usdt_notes__print(&notes, path, stdout);
	usdt_notes__free(&notes);
	free(path);
	return err ? EXIT_FAIL : 0;
}

int main(int argc, char **argv)
{
	static const int fail_exit[] = {
		[SESSION_BAD_INPUT] = EXIT_USAGE,
		[SESSION_FAILED] = EXIT_FAIL,
		[SESSION_NO_COMMAND] = EXIT_NOTFOUND,
	};
	struct record_opts opts;
	struct session_result res;
	struct session *s;
	enum session_fail fail;
	int ret, closed;

	closed = guard_std_fds();
	if (closed < 0)
		return EXIT_FAIL;
	ret = opts__parse(&opts, argc, argv);
	if (ret)
		return ret > 0 ? 0 : EXIT_USAGE;
	if ((closed & 1 << STDOUT_FILENO) && !strcmp(opts.output, "-") &&
	    !opts.list_usdt) {
		fprintf(stderr, "record: cannot write the trace to standard output: it is closed\n");
		opts__free(&opts);
		return EXIT_FAIL;
	}
	if (opts.list_usdt) {
		ret = list_usdt(opts.list_usdt);
		opts__free(&opts);
		return ret;
	}
	fail = session__start(&opts, &s);
	if (fail) {
		opts__free(&opts);
		return fail_exit[fail];
	}
	session__run(s, &res);
	session__free(s);
	opts__free(&opts);
	if (res.failed)
		return EXIT_FAIL;
	if (res.child_reaped)
		return status_to_exit(res.child_status);
	if (res.signal)
		return 128 + res.signal;
	return 0;
}
