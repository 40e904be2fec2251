// SPDX-License-Identifier: MIT
/*
 * ufunc - a function with known results and a known duration, for
 * ufunc:/uprobe: tests: compute(i) sleeps SLEEP_MS and returns i * 7.
 *
 *   ufunc [CALLS [SLEEP_MS]]      (default 5 calls of 20 ms)
 */
#include <stdlib.h>
#include <time.h>

__attribute__((noinline)) long compute(long i, long sleep_ms)
{
	struct timespec ts = { sleep_ms / 1000, (sleep_ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
	return i * 7;
}

int main(int argc, char **argv)
{
	long calls = argc > 1 ? atol(argv[1]) : 5;
	long sleep_ms = argc > 2 ? atol(argv[2]) : 20;
	long sum = 0;

	for (long i = 1; i <= calls; i++)
		sum += compute(i, sleep_ms);
	return sum == 7 * calls * (calls + 1) / 2 ? 0 : 1;
}
