// SPDX-License-Identifier: MIT
/*
 * forker - forks N children that each exit with status i % 256, and reaps
 * them: a known number of forks and exit codes.
 *
 *   forker [N]                    (default 10)
 */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10;

	for (int i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(i % 256);
		if (pid > 0)
			waitpid(pid, NULL, 0);
	}
	return 0;
}
