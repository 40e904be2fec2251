// SPDX-License-Identifier: MIT
/*
 * usdt_probe - a program with its own USDT probes (<sys/sdt.h>), for the
 * usdt: tests; what it prints is the oracle.
 *
 *   usdt_probe [HITS [DELAY_MS]]      (default 5 hits, no delay)
 *
 * DELAY_MS is a pause before the first hit, for a tracer that attaches to
 * the running process (record -p).
 * ktrail:tick(int i, const char *msg) fires HITS times, i = 0..HITS-1,
 * guarded by a semaphore: it runs only while a tracer holds the probe
 * enabled, and the program counts how often that was. ktrail:done(long
 * ticked) fires once, whatever its semaphore. The output, one line each:
 *   msg 0xADDRESS        the pointer tick passes as msg
 *   ticked N             ticks that fired (semaphore set)
 */
#define _SDT_HAS_SEMAPHORES 1
#include <stdio.h>
#include <stdlib.h>
#include <sys/sdt.h>
#include <time.h>

/* what <sys/sdt.h> names a probe's semaphore; the kernel's uprobe
 * reference counter raises it while a tracer is attached */
__extension__ unsigned short ktrail_tick_semaphore
	__attribute__((unused, section(".probes")));
__extension__ unsigned short ktrail_done_semaphore
	__attribute__((unused, section(".probes")));

static const char msg[] = "tick message";

int main(int argc, char **argv)
{
	int hits = argc > 1 ? atoi(argv[1]) : 5;
	long delay_ms = argc > 2 ? atol(argv[2]) : 0;
	struct timespec ts = { delay_ms / 1000, (delay_ms % 1000) * 1000000 };
	long ticked = 0;

	printf("msg %p\n", (void *)msg);
	fflush(stdout);
	nanosleep(&ts, NULL);
	for (int i = 0; i < hits; i++) {
		if (ktrail_tick_semaphore) {
			DTRACE_PROBE2(ktrail, tick, i, msg);
			ticked++;
		}
	}
	DTRACE_PROBE1(ktrail, done, ticked);
	printf("ticked %ld\n", ticked);
	return 0;
}
