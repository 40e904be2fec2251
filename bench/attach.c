// SPDX-License-Identifier: MIT
/*
 * attach - load some programs of a BPF object, attach them, and hold them
 * until SIGINT or SIGTERM: bench/untraced.sh's way of putting one piece of
 * record's probes (bench/floor.bpf.c) beside an untraced loop.
 *
 *   attach OBJ PROG...
 *
 * Only the named programs are loaded, each attached where its section
 * says (libbpf's bpf_program__attach). "attached" on stdout means they
 * all are; the links go when the program exits.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#define MAX_PROGS 8

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int named(const char *name, char **names, int n)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(name, names[i]))
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	struct bpf_link *links[MAX_PROGS] = {};
	struct bpf_object *obj;
	struct bpf_program *prog;
	int nprogs = argc - 2, nlinks = 0, err = 0;

	if (argc < 3 || nprogs > MAX_PROGS) {
		fprintf(stderr, "usage: attach OBJ PROG... (at most %d)\n", MAX_PROGS);
		return 2;
	}
	sigset_t mask, old;

	/* blocked until sigsuspend(): a signal never slips in before it */
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigprocmask(SIG_BLOCK, &mask, &old);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	libbpf_set_print(NULL);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj) {
		err = -errno;
		fprintf(stderr, "attach: cannot open '%s': %s\n", argv[1], strerror(-err));
		return 1;
	}
	bpf_object__for_each_program(prog, obj)
		bpf_program__set_autoload(prog,
			named(bpf_program__name(prog), argv + 2, nprogs));
	err = bpf_object__load(obj);
	if (err) {
		fprintf(stderr, "attach: cannot load '%s': %s\n", argv[1], strerror(-err));
		goto out_close;
	}
	for (int i = 0; i < nprogs; i++) {
		prog = bpf_object__find_program_by_name(obj, argv[i + 2]);
		if (!prog) {
			fprintf(stderr, "attach: no program '%s' in '%s'\n", argv[i + 2], argv[1]);
			err = -ENOENT;
			goto out_detach;
		}
		links[nlinks] = bpf_program__attach(prog);
		if (!links[nlinks]) {
			err = -errno;
			fprintf(stderr, "attach: cannot attach '%s': %s\n", argv[i + 2], strerror(-err));
			goto out_detach;
		}
		nlinks++;
	}
	printf("attached\n");
	fflush(stdout);
	while (!stop)
		sigsuspend(&old);
out_detach:
	while (nlinks--)
		bpf_link__destroy(links[nlinks]);
out_close:
	bpf_object__close(obj);
	return err ? 1 : 0;
}
