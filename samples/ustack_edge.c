// SPDX-License-Identifier: MIT
/*
 * ustack_edge - user stacks at their limits, for tests/record_ustacks.sh.
 * Every mode opens /etc/hostname through named functions:
 *
 *   ustack_edge deep N        recursion N deep (recurse), then open
 *   ustack_edge unmap N       N times: dlopen libm, open, dlclose, open
 *   ustack_edge exec          open in before_exec, exec itself as "after"
 *   ustack_edge after         open in after_exec (what exec runs)
 *   ustack_edge wait MS       sleep MS (the binary is deleted meanwhile),
 *                             then open in wait_then_open
 *   ustack_edge jit           x86-64: getpid from code it writes into an
 *                             anonymous mapping, named jitted_getpid in
 *                             /tmp/perf-PID.map (as a JIT does for perf;
 *                             left behind for the caller to remove)
 *
 * Plain libc calls: the stacks go through Debian's libc, which has no
 * frame pointers.
 */
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static volatile int sink;

__attribute__((noinline)) static void open_once(void)
{
	int fd = open("/etc/hostname", O_RDONLY);

	if (fd >= 0)
		close(fd);
}

__attribute__((noinline)) int recurse(int n)
{
	if (n <= 0) {
		open_once();
		return 0;
	}
	return recurse(n - 1) + sink;	/* not a tail call */
}

__attribute__((noinline)) void before_exec(void)
{
	for (int i = 0; i < 5; i++)
		open_once();
}

__attribute__((noinline)) void after_exec(void)
{
	for (int i = 0; i < 5; i++)
		open_once();
}

__attribute__((noinline)) void with_library(int n)
{
	for (int i = 0; i < n; i++) {
		void *h = dlopen("libm.so.6", RTLD_NOW | RTLD_LOCAL);

		open_once();
		if (h)
			dlclose(h);
		open_once();
	}
}

__attribute__((noinline)) void wait_then_open(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
	for (int i = 0; i < 5; i++)
		open_once();
}

/* mov $39, %eax (getpid); syscall; ret */
static const unsigned char jit_code[] = { 0xb8, 39, 0, 0, 0, 0x0f, 0x05, 0xc3 };

__attribute__((noinline)) int run_jit(void)
{
	char path[64];
	FILE *map;
	void *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (code == MAP_FAILED)
		return 1;
	memcpy(code, jit_code, sizeof(jit_code));
	snprintf(path, sizeof(path), "/tmp/perf-%d.map", (int)getpid());
	map = fopen(path, "w");
	if (!map)
		return 1;
	fprintf(map, "%lx %zx jitted_getpid\n", (unsigned long)code,
		sizeof(jit_code));
	fclose(map);
	for (int i = 0; i < 5; i++)
		((long (*)(void))code)();
	return 0;	/* the map stays, as a JIT's does: the caller removes it */
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	long n = argc > 2 ? strtol(argv[2], NULL, 10) : 0;

	if (!strcmp(mode, "deep")) {
		recurse((int)n);
	} else if (!strcmp(mode, "unmap")) {
		with_library((int)n);
	} else if (!strcmp(mode, "exec")) {
		before_exec();
		execl("/proc/self/exe", argv[0], "after", (char *)NULL);
		perror("exec");
		return 1;
	} else if (!strcmp(mode, "after")) {
		after_exec();
	} else if (!strcmp(mode, "wait")) {
		wait_then_open(n);
	} else if (!strcmp(mode, "jit")) {
		return run_jit();
	} else {
		fprintf(stderr, "usage: ustack_edge deep N|unmap N|exec|wait MS|jit\n");
		return 2;
	}
	return 0;
}
