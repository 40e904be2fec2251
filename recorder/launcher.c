// SPDX-License-Identifier: MIT
/*
 * launcher.c - the workload: forked first, held, exec'd once traced.
 *
 * The child blocks reading a pipe while the recorder loads and attaches the
 * probes and puts the child's pid in the followed set; one byte on the pipe
 * then lets it exec, so its execve and first syscalls are recorded. A second,
 * close-on-exec pipe carries an exec failure's errno back (EOF means the
 * exec worked). Privileges are dropped in the child, before exec, when the
 * command runs as another user (-u, or the sudo caller). When the trace
 * goes to record's stdout (-o -), the workload's stdout is record's stderr:
 * the stream must hold nothing but frames.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "launcher.h"

static int fill_from_passwd(struct run_as *as, const struct passwd *pw)
{
	as->uid = pw->pw_uid;
	as->gid = pw->pw_gid;
	snprintf(as->name, sizeof(as->name), "%s", pw->pw_name);
	snprintf(as->home, sizeof(as->home), "%s", pw->pw_dir);
	snprintf(as->shell, sizeof(as->shell), "%s",
		 pw->pw_shell && *pw->pw_shell ? pw->pw_shell : "/bin/sh");
	return 0;
}

int run_as__resolve(struct run_as *as, const char *user)
{
	const char *sudo_uid = getenv("SUDO_UID");
	struct passwd *pw;
	char *end;
	long v;

	memset(as, 0, sizeof(*as));
	as->uid = (uid_t)-1;
	as->gid = (gid_t)-1;
	if (user) {
		errno = 0;
		pw = getpwnam(user);
		if (!pw) {
			v = strtol(user, &end, 10);
			if (*user && !*end && v >= 0)
				pw = getpwuid((uid_t)v);
		}
		if (!pw) {
			fprintf(stderr, "record: unknown user '%s'\n", user);
			return -1;
		}
		if (geteuid() != 0 && pw->pw_uid != geteuid()) {
			fprintf(stderr, "record: cannot run as '%s': only root can switch users\n",
				user);
			return -1;
		}
		return fill_from_passwd(as, pw);
	}
	if (geteuid() == 0 && sudo_uid) {
		v = strtol(sudo_uid, &end, 10);
		if (*end || v <= 0)
			return 0;	/* sudo from root itself: stay root */
		pw = getpwuid((uid_t)v);
		if (pw)
			return fill_from_passwd(as, pw);
	}
	return 0;
}

/*
 * The search execvp() does, done before the workload runs (as strace does)
 * so its trace does not start with failed execve calls along $PATH.
 */
static int find_command(const char *cmd, char *buf, size_t size)
{
	const char *path = getenv("PATH");

	if (strchr(cmd, '/')) {
		snprintf(buf, size, "%s", cmd);
		return access(cmd, X_OK) ? -errno : 0;
	}
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		const char *colon = strchrnul(path, ':');
		int n = (int)(colon - path);
		struct stat st;

		snprintf(buf, size, "%.*s/%s", n ? n : 1, n ? path : ".", cmd);
		if (!access(buf, X_OK) && !stat(buf, &st) && S_ISREG(st.st_mode))
			return 0;
		path = *colon ? colon + 1 : colon;
	}
	return -ENOENT;
}

static void drop_privileges(const struct run_as *as)
{
	if (as->uid == (uid_t)-1)
		return;
	if (initgroups(as->name, as->gid) || setgid(as->gid) ||
	    setuid(as->uid)) {
		int err = errno;

		fprintf(stderr, "record: cannot switch to user '%s': %s\n",
			as->name, strerror(err));
		_exit(126);
	}
	setenv("HOME", as->home, 1);
	setenv("USER", as->name, 1);
	setenv("LOGNAME", as->name, 1);
	setenv("SHELL", as->shell, 1);
}

static void child(int go, int err, const char *file, char *const *argv,
		  const struct run_as *as, int stdout_to_stderr)
{
	char c = 0;
	int e;

	if (stdout_to_stderr && dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
		_exit(127);

	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	while (read(go, &c, 1) < 0 && errno == EINTR)
		;
	if (c != 'g')
		_exit(127);	/* the recorder gave up */
	drop_privileges(as);
	execv(file, argv);
	e = errno;
	if (write(err, &e, sizeof(e)) < 0)
		_exit(127);
	_exit(127);
}

int launcher__start(struct launcher *l, char *const *argv,
		    const struct run_as *as, int stdout_to_stderr)
{
	char file[4096];
	int go[2], err[2], e;

	e = find_command(argv[0], file, sizeof(file));
	if (e) {
		fprintf(stderr, "record: cannot run '%s': %s\n", argv[0],
			strerror(-e));
		return -1;
	}
	if (pipe2(go, O_CLOEXEC) || pipe2(err, O_CLOEXEC)) {
		fprintf(stderr, "record: cannot create a pipe: %s\n", strerror(errno));
		return -1;
	}
	l->pid = fork();
	if (l->pid < 0) {
		fprintf(stderr, "record: cannot fork: %s\n", strerror(errno));
		return -1;
	}
	if (l->pid == 0) {
		close(go[1]);
		close(err[0]);
		child(go[0], err[1], file, argv, as, stdout_to_stderr);
	}
	close(go[0]);
	close(err[1]);
	l->go_fd = go[1];
	l->err_fd = err[0];
	return 0;
}

int launcher__release(struct launcher *l)
{
	ssize_t n;
	int e = 0;

	if (write(l->go_fd, "g", 1) != 1)
		e = errno;
	close(l->go_fd);
	l->go_fd = -1;
	if (e)
		return -e;
	do
		n = read(l->err_fd, &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	close(l->err_fd);
	l->err_fd = -1;
	return n == sizeof(e) ? -e : 0;
}

void launcher__abort(struct launcher *l)
{
	if (l->pid <= 0)
		return;
	if (l->go_fd >= 0)
		close(l->go_fd);	/* EOF: the child exits 127 */
	if (l->err_fd >= 0)
		close(l->err_fd);
	l->go_fd = l->err_fd = -1;
	waitpid(l->pid, NULL, 0);
	l->pid = 0;
}
