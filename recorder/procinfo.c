// SPDX-License-Identifier: MIT
/*
 * procinfo.c - PROC EXISTING records from /proc, for processes that were
 * running before recording began (-p targets, -a, the held workload).
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
		if (!procinfo__put_existing(w, (pid_t)pid, ts_ns))
			n++;
	}
	closedir(d);
	return n;
}
