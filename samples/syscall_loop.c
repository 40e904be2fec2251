// SPDX-License-Identifier: MIT
/*
 * syscall_loop - N cheap syscalls (getppid) in a tight loop: the benchmark's
 * syscall-tight workload and the known count of the lost-events test.
 *
 *   syscall_loop [N]              (default 500000)
 */
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 500000;

	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	return 0;
}
