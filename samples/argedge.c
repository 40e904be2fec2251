// SPDX-License-Identifier: MIT
/*
 * argedge - syscall arguments that are hard to capture, for the tests.
 *
 *   argedge untouched FILE   open() the path FILE holds, passed from a
 *                            private mapping of FILE no code has touched:
 *                            the page is not resident until the kernel
 *                            reads the path
 *   argedge badptr           openat() with the address 1: EFAULT, and a
 *                            path nobody can read
 *   argedge ctl              open() a path with an escape, a newline and
 *                            a tab in it (it does not exist)
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static int untouched(const char *file)
{
	int fd = open(file, O_RDONLY);
	char *p;

	if (fd < 0)
		return 1;
	p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return 1;
	/* the file ends in a NUL: p is the path, never read by us */
	fd = open(p, O_RDONLY);
	return fd < 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "untouched"))
		return untouched(argv[2]);
	if (argc == 2 && !strcmp(argv[1], "badptr"))
		return syscall(SYS_openat, AT_FDCWD, (char *)1, O_RDONLY) != -1;
	if (argc == 2 && !strcmp(argv[1], "ctl"))
		return open("/nonexistent/k\033[31mt\n\tx", O_RDONLY) != -1;
	fprintf(stderr, "usage: argedge untouched FILE | badptr | ctl\n");
	return 2;
}
