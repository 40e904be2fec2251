// SPDX-License-Identifier: MIT
/*
 * callchain - a known call chain for stack tests: main -> outer -> middle
 * -> leaf, where leaf opens, reads and closes a file.
 *
 * Built with frame pointers, and leaf enters the kernel itself (inline
 * syscall instructions) instead of through the C library: Debian's libc is
 * built without frame pointers, and its syscall wrappers are free to use
 * %rbp, which breaks a frame-pointer walk right at the first user frame.
 *
 *   callchain [LOOPS [FILE [LINGER_MS]]]   (default 20 loops of /etc/hostname)
 *
 * LINGER_MS keeps the process alive after the loop, for tools that read
 * its memory map late (bpftrace symbolizes in user space, afterwards).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static inline __attribute__((always_inline)) long sys3(long nr, long a, long b,
							long c)
{
#if defined(__x86_64__)
	long ret;

	__asm__ volatile ("syscall" : "=a"(ret)
			  : "a"(nr), "D"(a), "S"(b), "d"(c)
			  : "rcx", "r11", "memory");
	return ret;
#elif defined(__aarch64__)
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;

	__asm__ volatile ("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2)
			  : "memory");
	return x0;
#else
	return syscall(nr, a, b, c);
#endif
}

__attribute__((noinline)) int leaf(const char *path)
{
	char buf[256];
	long fd = sys3(SYS_openat, AT_FDCWD, (long)path, O_RDONLY);
	long n;

	if (fd < 0)
		return -1;
	n = sys3(SYS_read, fd, (long)buf, sizeof(buf));
	sys3(SYS_close, fd, 0, 0);
	return (int)n;
}

__attribute__((noinline)) int middle(const char *path)
{
	return leaf(path) + 1;
}

__attribute__((noinline)) int outer(const char *path, int loops)
{
	int total = 0;

	for (int i = 0; i < loops; i++)
		total += middle(path);
	return total;
}

int main(int argc, char **argv)
{
	int loops = argc > 1 ? atoi(argv[1]) : 20;
	const char *path = argc > 2 ? argv[2] : "/etc/hostname";
	int ret = outer(path, loops) < 0;

	if (argc > 3)
		usleep((useconds_t)atoi(argv[3]) * 1000);
	return ret;
}
