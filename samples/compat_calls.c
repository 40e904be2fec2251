// SPDX-License-Identifier: MIT
/*
 * compat_calls - N write(2)s of one byte to stdout through the 32-bit
 * syscall entry (int 0x80: i386 numbers and registers), from a 64-bit
 * program. What a 32-bit program running on x86_64 does; record counts
 * such calls as dropped rather than file them under the 64-bit table's
 * names (i386 write is 4, x86_64 stat).
 *
 *   compat_calls [N]              (default 3; elsewhere than x86_64: none)
 */
#include <stdlib.h>
#include <sys/mman.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 3;
#if defined(__x86_64__)
	/* the 32-bit entry sees 32-bit registers: a buffer below 4 GiB */
	char *byte = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);

	if (byte == MAP_FAILED)
		return 1;
	*byte = '.';
	for (long i = 0; i < n; i++) {
		long ret;

		__asm__ volatile("int $0x80"
				 : "=a"(ret)
				 : "0"(4L), "b"(1L), "c"(byte), "d"(1L)
				 : "memory");
		if (ret != 1)
			return 1;
	}
#else
	(void)n;
#endif
	return 0;
}
