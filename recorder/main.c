// SPDX-License-Identifier: MIT
/*
 * main.c - record: wire the steps together and pick the exit status.
 *
 *   options -> probe table -> output file -> held workload -> BPF loaded
 *   and attached -> first frame -> workload released -> pump (perf buffer
 *   -> writer) -> END record -> final line -> the workload's exit status.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "header.h"
#include "launcher.h"
#include "opts.h"
#include "output.h"
#include "probes.h"
#include "procinfo.h"
#include "pump.h"
#include "stacks.h"
#include "sysargs.h"
#include "tracer.h"
#include "usdt_notes.h"
#include "writer.h"
#include "../schema/codec.h"

/* record's own failures; otherwise it exits with the workload's status */
#define EXIT_FAIL	1
#define EXIT_USAGE	2
#define EXIT_NOTFOUND	127

/*
 * zstd level of the frames, chosen by measurement: on a file-heavy run
 * (tar of /usr/include) level 3 gave 6.4 bytes/event and level 6 5.0, and
 * the writer thread keeps up with a tight syscall loop at either.
 */
#ifndef ZSTD_LEVEL
#define ZSTD_LEVEL	6
#endif

struct session {
	struct record_opts opts;
	struct probe_set probes;
	struct run_as as;
	struct launcher child;
	struct sysargs sysargs;
	uint8_t nargs[KT_MAX_SYSCALLS];	/* SYSARGS_UNKNOWN, or the count */
	struct tracer *tracer;
	struct stacks *stacks;
	struct writer *writer;
	struct pump *pump;
	int fd;
	uint64_t origin_ns;
	struct pump_result res;
};

static int status_to_exit(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return EXIT_FAIL;
}

static int check_targets(const struct record_opts *o)
{
	for (int i = 0; i < o->npids; i++)
		if (kill(o->pids[i], 0) && errno == ESRCH) {
			fprintf(stderr, "record: no process with pid %d\n",
				o->pids[i]);
			return -1;
		}
	return 0;
}

/* record -l PATH: the USDT probes of a file, as `bpftrace -l` lists them. */
static int list_usdt(const char *file)
{
	char *path = strchr(file, '/') ? strdup(file) : usdt_notes__resolve(file);
	struct usdt_notes notes;
	int err;

	if (!path) {
		fprintf(stderr, "record: cannot find '%s' in $PATH or the library directories\n",
			file);
		return EXIT_FAIL;
	}
	err = usdt_notes__read(&notes, path);
	if (err) {
		fprintf(stderr, "record: cannot read '%s': %s\n", path,
			err == -ENOEXEC ? "not an ELF file" : strerror(-err));
	} else if (!notes.n) {
		fprintf(stderr, "record: '%s' has no USDT probes\n", path);
	}
	usdt_notes__print(&notes, path, stdout);
	usdt_notes__free(&notes);
	free(path);
	return err ? EXIT_FAIL : 0;
}

/* Everything before the workload runs. Returns 0 or an exit status. */
static int prepare(struct session *s)
{
	struct pump_opts po = { 0 };
	char err[512];
	uid_t owner = (uid_t)-1;
	gid_t group = (gid_t)-1;

	if (probes__parse(&s->probes, s->opts.probe_specs,
			  s->opts.nprobe_specs, err, sizeof(err))) {
		fprintf(stderr, "record: %s\n", err);
		return EXIT_USAGE;
	}
	if (check_targets(&s->opts))
		return EXIT_USAGE;
	if (s->opts.argc && run_as__resolve(&s->as, s->opts.user))
		return EXIT_USAGE;
	if (getenv("SUDO_UID") && geteuid() == 0) {
		owner = (uid_t)strtoul(getenv("SUDO_UID"), NULL, 10);
		group = getenv("SUDO_GID") ?
			(gid_t)strtoul(getenv("SUDO_GID"), NULL, 10) : (gid_t)-1;
	}
	s->fd = output__open(s->opts.output, owner, group);
	if (s->fd < 0)
		return EXIT_FAIL;
	if (s->opts.argc && launcher__start(&s->child, s->opts.argv, &s->as))
		return EXIT_NOTFOUND;
	if (s->probes.nsyscalls)
		sysargs__start(&s->sysargs);	/* meanwhile, load */
	s->tracer = tracer__new(&s->opts, &s->probes);
	sysargs__finish(&s->sysargs, s->nargs);
	if (!s->tracer)
		return EXIT_FAIL;
	s->writer = writer__new(s->fd, ZSTD_LEVEL);
	if (!s->writer) {
		fprintf(stderr, "record: out of memory\n");
		return EXIT_FAIL;
	}
	if (s->opts.kstack || s->opts.ustack) {
		s->stacks = stacks__new(tracer__kstacks_fd(s->tracer),
					tracer__ustacks_fd(s->tracer),
					writer__rows(s->writer));
		if (!s->stacks) {
			fprintf(stderr, "record: out of memory\n");
			return EXIT_FAIL;
		}
	}
	po.pages = s->opts.buffer_pages;
	po.duration_ns = s->opts.duration_ns;
	po.child = s->child.pid;
	po.targets = s->opts.pids;
	po.ntargets = s->opts.npids;
	po.status_line = !s->opts.quiet && isatty(STDERR_FILENO);
	po.stacks = s->stacks;
	po.nargs = s->nargs;
	s->pump = pump__new(s->tracer, s->writer, &po);
	if (!s->pump || tracer__attach(s->tracer))
		return EXIT_FAIL;
	return 0;
}

/* The first frame, the followed set, and the workload let go. */
static int start(struct session *s)
{
	struct kt_buf *rows = writer__rows(s->writer);
	int err;

	s->origin_ns = boot_ns();
	header__put(rows, &s->opts, &s->probes, s->nargs, s->origin_ns);
	for (int i = 0; i < s->opts.npids; i++) {
		procinfo__put_existing(rows, s->opts.pids[i], s->origin_ns);
		err = tracer__follow(s->tracer, s->opts.pids[i]);
		if (err) {
			fprintf(stderr, "record: cannot follow pid %d: %s\n",
				s->opts.pids[i], strerror(-err));
			return EXIT_FAIL;
		}
	}
	if (s->opts.system_wide)
		procinfo__put_all(rows, s->origin_ns);
	if (s->child.pid) {
		procinfo__put_existing(rows, s->child.pid, s->origin_ns);
		err = tracer__follow(s->tracer, s->child.pid);
		if (err) {
			fprintf(stderr, "record: cannot follow the command: %s\n",
				strerror(-err));
			return EXIT_FAIL;
		}
	}
	err = writer__sync(s->writer);
	if (err) {
		fprintf(stderr, "record: cannot write '%s': %s\n",
			s->opts.output, strerror(-err));
		return EXIT_FAIL;
	}
	if (s->child.pid) {
		err = launcher__release(&s->child);
		if (err) {
			fprintf(stderr, "record: cannot run '%s': %s\n",
				s->opts.argv[0], strerror(-err));
			return EXIT_NOTFOUND;
		}
	}
	return 0;
}

static void human_bytes(char *buf, size_t size, double b)
{
	const char *unit[] = { "B", "KiB", "MiB", "GiB", "TiB" };
	int i = 0;

	while (b >= 1024 && i < 4) {
		b /= 1024;
		i++;
	}
	snprintf(buf, size, i ? "%.1f %s" : "%.0f %s", b, unit[i]);
}

/* END record, last flush, final line. Returns 0 or -errno. */
static int finish(struct session *s)
{
	struct kt_bpf_stats st;
	uint64_t end = boot_ns(), events, bytes;
	struct kt_end e;
	char size[32];
	int err;

	tracer__stats(s->tracer, &st);
	e.end_ns = end;
	e.lost = s->res.lost;
	e.dropped = st.inflight_full + st.pids_full + st.output_failed +
		    st.compat_calls;
	e.stack_errors = st.stack_failed + stacks__errors(s->stacks);
	/* the last events first: END must be the trace's last record */
	writer__flush(s->writer);
	e.events = writer__events(s->writer);
	codec__put_end(writer__rows(s->writer), &e);
	err = writer__sync(s->writer);
	if (!err && strcmp(s->opts.output, "-") && fsync(s->fd))
		err = -errno;
	if (err)
		return err;
	events = writer__events(s->writer);
	bytes = writer__bytes(s->writer);
	human_bytes(size, sizeof(size), (double)bytes);
	fprintf(stderr, "record: %llu events, %llu lost, %llu dropped, %.2f s, %s, %.1f bytes/event\n",
		(unsigned long long)events, (unsigned long long)e.lost,
		(unsigned long long)(e.dropped + e.stack_errors),
		(double)(end - s->origin_ns) / 1e9, size,
		events ? (double)bytes / (double)events : 0.0);
	return 0;
}

static void cleanup(struct session *s)
{
	launcher__abort(&s->child);
	pump__free(s->pump);
	writer__free(s->writer);
	stacks__free(s->stacks);
	tracer__free(s->tracer);
	probes__free(&s->probes);
	opts__free(&s->opts);
	if (s->fd >= 0)
		close(s->fd);
}

int main(int argc, char **argv)
{
	struct session s = { .fd = -1, .sysargs = { .fd = -1 } };
	int ret, err;

	ret = opts__parse(&s.opts, argc, argv);
	if (ret)
		return ret > 0 ? 0 : EXIT_USAGE;
	if (s.opts.list_usdt) {
		ret = list_usdt(s.opts.list_usdt);
		opts__free(&s.opts);
		return ret;
	}
	ret = prepare(&s);
	if (!ret)
		ret = start(&s);
	if (ret) {
		if (s.fd >= 0 && strcmp(s.opts.output, "-"))
			unlink(s.opts.output);
		cleanup(&s);
		return ret;
	}

	ret = pump__run(s.pump, &s.res) ? EXIT_FAIL : 0;
	err = s.res.error ? s.res.error : finish(&s);
	if (err) {
		fprintf(stderr, "record: cannot write '%s': %s\n",
			s.opts.output, strerror(-err));
		ret = EXIT_FAIL;
	} else if (!ret && s.res.child_reaped) {
		ret = status_to_exit(s.res.child_status);
	} else if (!ret && s.res.signal) {
		ret = 128 + s.res.signal;
	}
	s.child.pid = 0;	/* reaped, or still running: leave it be */
	cleanup(&s);
	return ret;
}
