/* SPDX-License-Identifier: MIT */
/*
 * strace.h - the events as `strace -f -tt -T` lines.
 */
#ifndef ANALYZE_STRACE_H
#define ANALYZE_STRACE_H

#include <stdio.h>

struct sqlite3;

/*
 * Print the syscall events matching where (an SQL expression over the
 * events view, or NULL for all) to out, in time order, one line each:
 * "PID HH:MM:SS.UUUUUU name(ARGS) = RET <SECONDS>", the time on the
 * recording machine's wall clock (its UTC offset when the trace has it).
 * Returns 0, or -1 after printing one error line.
 */
int strace__print(struct sqlite3 *db, const char *where, FILE *out);

#endif /* ANALYZE_STRACE_H */
