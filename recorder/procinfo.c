// SPDX-License-Identifier: MIT
/*
 * procinfo.c - PROC EXISTING and FD records from /proc, for processes that
 * were running before recording began (-p targets, -a, the held workload).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "procinfo.h"
#include "writer.h"
#include "schema/codec.h"

static ssize_t read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = 0;
	return n;
}

int procinfo__put_existing(struct writer *w, pid_t pid, uint64_t ts_ns)
{
	char path[64], stat[1024], exe[4096] = "", *open_paren, *close_paren;
	struct kt_proc p = { .what = KT_PROC_EXISTING, .ts_ns = ts_ns };
	ssize_t n;
	int ppid = 0;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (read_file(path, stat, sizeof(stat)) < 0)
		return -ESRCH;
	/* "pid (comm) S ppid ...": comm may hold spaces and parentheses */
	open_paren = strchr(stat, '(');
	close_paren = strrchr(stat, ')');
	if (!open_paren || !close_paren || close_paren < open_paren)
		return -ESRCH;
	if (sscanf(close_paren + 1, " %*c %d", &ppid) != 1)
		return -ESRCH;
	*close_paren = 0;
	snprintf(path, sizeof(path), "/proc/%d/exe", pid);
	n = readlink(path, exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = 0;

	p.pid = p.tid = (uint32_t)pid;
	p.ppid = (uint32_t)ppid;
	p.comm = kt_str(open_paren + 1);
	p.exe = kt_str(exe);
	return writer__proc(w, &p);
}

int procinfo__put_all(struct writer *w, uint64_t ts_ns)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	int n = 0;

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);

		if (*end || pid <= 0)
			continue;
		if (!procinfo__put_existing(w, (pid_t)pid, ts_ns) &&
		    !procinfo__put_fds(w, (pid_t)pid))
			n++;
	}
	closedir(d);
	return n;
}

/* O_CLOEXEC from /proc/PID/fdinfo/FD's "flags:" line (octal). */
static uint32_t fd_flags(pid_t pid, const char *fd)
{
	char path[320], buf[512], *f;
	unsigned long flags;

	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%s", pid, fd);
	if (read_file(path, buf, sizeof(buf)) < 0 ||
	    !(f = strstr(buf, "flags:")) ||
	    sscanf(f + 6, "%lo", &flags) != 1)
		return 0;
	return flags & O_CLOEXEC ? KT_FD_CLOEXEC : 0;
}

int procinfo__put_fds(struct writer *w, pid_t pid)
{
	char path[320], target[4096];
	struct kt_fd f = { .pid = (uint32_t)pid, .fd = KT_FD_CWD };
	struct dirent *de;
	ssize_t n;
	DIR *d;
	int err = 0;

	snprintf(path, sizeof(path), "/proc/%d/cwd", pid);
	n = readlink(path, target, sizeof(target));
	if (n > 0) {
		f.path = (struct kt_str){ target, (uint32_t)n };
		err = writer__fd(w, &f);
	}
	snprintf(path, sizeof(path), "/proc/%d/fd", pid);
	d = opendir(path);
	if (!d)
		return err;
	while (!err && (de = readdir(d))) {
		char *end;
		long fd = strtol(de->d_name, &end, 10);

		if (*end || fd < 0 || de->d_name[0] == 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/fd/%s", pid, de->d_name);
		n = readlink(path, target, sizeof(target));
		if (n <= 0)
			continue;
		f.fd = (int32_t)fd;
		f.flags = fd_flags(pid, de->d_name);
		f.path = (struct kt_str){ target, (uint32_t)n };
		err = writer__fd(w, &f);
	}
	closedir(d);
	return err;
}
