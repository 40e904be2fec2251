// SPDX-License-Identifier: MIT
/*
 * bench_loop - the benchmark's syscall-tight workload, timed from inside.
 *
 * Makes N cheap syscalls in a tight loop (getppid, or 1-byte reads of
 * /dev/zero) and measures the loop alone with CLOCK_MONOTONIC (vDSO, no
 * syscall), so a tracer's start-up and tear-down stay out of the figure:
 * bench/run.sh takes "added ns per syscall inside the workload" from it.
 *
 *   bench_loop N [getppid|read] [REPORT_FILE]
 *
 * The loop time goes to REPORT_FILE (default: stderr) as one line:
 *   loop_ns=123456789 calls=500000 cpu_ns=123000000
 * cpu_ns is the loop's own CPU time (CLOCK_THREAD_CPUTIME_ID): on a busy
 * machine the time it waited for a CPU stays out of it.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 500000;
	int use_read = argc > 2 && !strcmp(argv[2], "read");
	const char *report = argc > 3 ? argv[3] : NULL;
	long long t0, t1, c0, c1;
	char c;
	int fd = -1;
	FILE *out = stderr;

	if (use_read && (fd = open("/dev/zero", O_RDONLY)) < 0) {
		perror("bench_loop: /dev/zero");
		return 1;
	}
	c0 = now_ns(CLOCK_THREAD_CPUTIME_ID);
	t0 = now_ns(CLOCK_MONOTONIC);
	if (use_read)
		for (long i = 0; i < n; i++)
			(void)!read(fd, &c, 1);
	else
		for (long i = 0; i < n; i++)
			syscall(SYS_getppid);
	t1 = now_ns(CLOCK_MONOTONIC);
	c1 = now_ns(CLOCK_THREAD_CPUTIME_ID);
	if (report && !(out = fopen(report, "w"))) {
		perror("bench_loop: report file");
		return 1;
	}
	fprintf(out, "loop_ns=%lld calls=%ld cpu_ns=%lld\n", t1 - t0, n, c1 - c0);
	return out == stderr ? 0 : fclose(out) != 0;
}
