// SPDX-License-Identifier: MIT
/*
 * session.c - one recording: prepare, start, run until told to stop, finish.
 *
 *   probe table -> output file -> held workload -> BPF loaded and attached
 *   -> first frame -> workload released -> pump (perf buffer -> writer)
 *   until the stop policy says so -> END record -> final line.
 *
 * The stop policy: the workload exits (reaped here, its status kept for
 * main.c), every -p target is gone, the duration ends, or SIGINT/SIGTERM
 * arrives (passed on to the workload once, which gets STOP_GRACE_NS to
 * finish). SIGCHLD only wakes the wait, so a finished workload ends the
 * recording at once.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "session.h"
#include "header.h"
#include "launcher.h"
#include "opts.h"
#include "probes.h"
#include "procinfo.h"
#include "pump.h"
#include "stacks.h"
#include "sysargs.h"
#include "argtypes.h"
#include "syscalls.h"
#include "tracefile.h"
#include "tracer.h"
#include "writer.h"
#include "schema/codec.h"
#include "zstd_level.h"		/* ZSTD_LEVEL, set in the Makefile */

#define POLL_MS		100
#define STATUS_NS	250000000ull	/* redraw the status line */
#define STOP_GRACE_NS	2000000000ull	/* wait for the workload after a signal */

struct session {
	const struct record_opts *opts;
	struct probe_set probes;
	struct run_as as;
	struct launcher child;
	struct sysargs sysargs;
	struct sysargs_tab args;	/* argument counts and types */
	struct tracer *tracer;
	struct stacks *stacks;
	struct writer *writer;
	struct pump *pump;
	struct tracefile out;
	uint64_t origin_ns;
};

static volatile sig_atomic_t got_signal;
static int wake_pipe[2] = { -1, -1 };	/* written by the signal handlers */

/*
 * A signal handler only sets a flag and writes a byte to wake_pipe, which
 * the pump waits on beside the perf buffers: a SIGCHLD that arrives just
 * before the wait still ends it at once (a bare EINTR would be lost then,
 * and a /bin/true recording would idle for a whole poll timeout).
 */
static void wake(void)
{
	int saved = errno;

	if (write(wake_pipe[1], "", 1) < 0)
		(void)0;	/* full: a wakeup is pending anyway */
	errno = saved;
}

static void on_signal(int sig)
{
	got_signal = sig;
	wake();
}

static void on_child(int sig)
{
	(void)sig;
	wake();
}

static int install_signals(void)
{
	struct sigaction sa = { 0 };

	if (wake_pipe[0] < 0 && pipe2(wake_pipe, O_NONBLOCK | O_CLOEXEC)) {
		fprintf(stderr, "record: cannot wait on the perf buffer: %s\n",
			strerror(errno));
		return -1;
	}
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = on_child;
	sa.sa_flags = SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	return 0;
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

/* Open the output file, handed to the sudo caller when there is one. */
static int open_output(struct session *s)
{
	uid_t owner = (uid_t)-1;
	gid_t group = (gid_t)-1;

	if (getenv("SUDO_UID") && geteuid() == 0) {
		owner = (uid_t)strtoul(getenv("SUDO_UID"), NULL, 10);
		group = getenv("SUDO_GID") ?
			(gid_t)strtoul(getenv("SUDO_GID"), NULL, 10) : (gid_t)-1;
	}
	return tracefile__open(&s->out, s->opts->output, owner, group);
}

/* The writer, the stack resolver and the pump, in that order. */
static int open_pipeline(struct session *s)
{
	const struct record_opts *o = s->opts;
	struct pump_opts po = {
		.pages = o->buffer_pages,
		.wake_fd = wake_pipe[0],
		.nargs = s->args.nargs,
	};

	s->writer = writer__new(s->out.fd, ZSTD_LEVEL);
	if (!s->writer)
		goto out_nomem;
	if (o->kstack || o->ustack) {
		s->stacks = stacks__new(tracer__kstacks_fd(s->tracer),
					tracer__ustacks_fd(s->tracer),
					tracer__ucopy_done(s->tracer), s->writer);
		if (!s->stacks)
			goto out_nomem;
	}
	po.stacks = s->stacks;
	s->pump = pump__new(s->tracer, s->writer, &po);
	return s->pump ? 0 : -1;

out_nomem:
	fprintf(stderr, "record: out of memory\n");
	return -1;
}

/* What the BPF side captures of each syscall's arguments. */
static void set_argspec(struct session *s)
{
	static struct kt_bpf_argspec spec[KT_MAX_SYSCALLS];

	for (int nr = 0; nr < KT_MAX_SYSCALLS; nr++)
		argtypes__spec(syscalls__name(nr),
			       s->args.nargs[nr] == SYSARGS_UNKNOWN ? -1 :
			       s->args.nargs[nr], s->args.type[nr],
			       s->opts->strsize, &spec[nr]);
	tracer__argspec(s->tracer, spec);
}

/* Everything before the workload runs. */
static enum session_fail prepare(struct session *s)
{
	const struct record_opts *o = s->opts;
	char err[512];

	if (probes__parse(&s->probes, o->probe_specs, o->nprobe_specs, err,
			  sizeof(err))) {
		fprintf(stderr, "record: %s\n", err);
		return SESSION_BAD_INPUT;
	}
	if (check_targets(o))
		return SESSION_BAD_INPUT;
	if (o->argc && run_as__resolve(&s->as, o->user))
		return SESSION_BAD_INPUT;
	if (open_output(s))
		return SESSION_FAILED;
	if (o->argc && launcher__start(&s->child, o->argv, &s->as,
				       !strcmp(o->output, "-")))
		return SESSION_NO_COMMAND;
	if (s->probes.nsyscalls)
		sysargs__start(&s->sysargs);	/* meanwhile, load */
	s->tracer = tracer__new(o, &s->probes);
	sysargs__finish(&s->sysargs, &s->args);
	if (!s->tracer)
		return SESSION_FAILED;
	set_argspec(s);
	if (install_signals() || open_pipeline(s) || tracer__attach(s->tracer))
		return SESSION_FAILED;
	return SESSION_OK;
}

/* PROC EXISTING for pid, then follow it. */
static int follow(struct session *s, pid_t pid)
{
	procinfo__put_existing(s->writer, pid, s->origin_ns);
	procinfo__put_fds(s->writer, pid);
	return tracer__follow(s->tracer, pid);
}

/* The first frame, the followed set, and the workload let go. */
static enum session_fail start(struct session *s)
{
	const struct record_opts *o = s->opts;
	struct kt_buf header = { 0 };
	int err, werr;

	s->origin_ns = boot_ns();
	werr = header__put(&header, o, &s->probes, &s->args, s->origin_ns);
	if (!werr)
		werr = writer__append(s->writer, &header);
	kt_buf__free(&header);
	for (int i = 0; i < o->npids; i++) {
		err = follow(s, o->pids[i]);
		if (err) {
			fprintf(stderr, "record: cannot follow pid %d: %s\n",
				o->pids[i], strerror(-err));
			return SESSION_FAILED;
		}
	}
	if (o->system_wide)
		procinfo__put_all(s->writer, s->origin_ns);
	if (s->child.pid) {
		err = follow(s, s->child.pid);
		if (err) {
			fprintf(stderr, "record: cannot follow the command: %s\n",
				strerror(-err));
			return SESSION_FAILED;
		}
	}
	err = writer__sync(s->writer);
	err = werr ? werr : err;
	if (err) {
		fprintf(stderr, "record: cannot write '%s': %s\n", o->output,
			strerror(-err));
		return SESSION_FAILED;
	}
	if (s->child.pid) {
		err = launcher__release(&s->child);
		if (err) {
			fprintf(stderr, "record: cannot run '%s': %s\n",
				o->argv[0], strerror(-err));
			return SESSION_NO_COMMAND;
		}
	}
	/*
	 * Only now is an old trace at the output path replaced: every way a
	 * start can fail, up to an exec the kernel refuses at the last moment
	 * (a script without #!), comes first and leaves it as it was. The
	 * price is that the workload's first instructions run while the new
	 * trace still has its temporary name.
	 */
	if (tracefile__commit(&s->out)) {
		if (s->child.pid)
			kill(s->child.pid, SIGKILL);	/* reaped by the abort */
		return SESSION_FAILED;
	}
	return SESSION_OK;
}

enum session_fail session__start(const struct record_opts *o,
				 struct session **sp)
{
	struct session *s = calloc(1, sizeof(*s));
	enum session_fail fail;

	*sp = NULL;
	if (!s) {
		fprintf(stderr, "record: out of memory\n");
		return SESSION_FAILED;
	}
	s->opts = o;
	s->out.fd = -1;
	s->sysargs.fd = -1;
	fail = prepare(s);
	if (!fail)
		fail = start(s);
	if (fail) {
		session__free(s);	/* the temporary file too */
		return fail;
	}
	*sp = s;
	return SESSION_OK;
}

static void status_line(const struct session *s, uint64_t elapsed_ns)
{
	fprintf(stderr, "\r\033[Krecording: %llu events, %llu lost, %.1f MiB, %llus",
		(unsigned long long)writer__events(s->writer),
		(unsigned long long)pump__lost(s->pump),
		writer__bytes(s->writer) / 1048576.0,
		(unsigned long long)(elapsed_ns / 1000000000ull));
}

/* Whether any -p target still exists. */
/*
 * Whether pid still runs: a zombie (exited, not yet reaped by its parent)
 * does not, though kill(pid, 0) still finds it.
 */
static int alive(pid_t pid)
{
	char path[64], stat[512], *paren;
	ssize_t n;
	int fd;

	if (kill(pid, 0) && errno == ESRCH)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno != ENOENT;
	n = read(fd, stat, sizeof(stat) - 1);
	close(fd);
	if (n <= 0)
		return 1;
	stat[n] = 0;
	paren = strrchr(stat, ')');	/* "pid (comm) S ...": comm may hold ')' */
	return !paren || (paren[1] != 0 && paren[2] != 'Z' && paren[2] != 'X');
}

static int targets_alive(const struct record_opts *o)
{
	for (int i = 0; i < o->npids; i++)
		if (alive(o->pids[i]))
			return 1;
	return 0;
}

/* Reap the workload if it has exited. Returns 1 when it has. */
static int child_done(pid_t child, struct session_result *res)
{
	int status;

	if (!child || res->child_reaped)
		return res->child_reaped;
	if (waitpid(child, &status, WNOHANG) == child) {
		res->child_status = status;
		res->child_reaped = 1;
	}
	return res->child_reaped;
}

/*
 * SIGINT/SIGTERM: passed on to the workload once, which then has
 * STOP_GRACE_NS to finish (*stop_at; at once without a workload).
 */
static void on_stop_signal(struct session *s, struct session_result *res,
			   uint64_t now, uint64_t *stop_at)
{
	pid_t child = s->child.pid;

	if (!got_signal || res->signal)
		return;
	res->signal = got_signal;
	if (child && !res->child_reaped)
		kill(child, got_signal);
	*stop_at = now + (child ? STOP_GRACE_NS : 0);
}

/* The stop policy, after each wait. Returns 1 when recording should stop. */
static int should_stop(struct session *s, struct session_result *res,
		       uint64_t now, uint64_t start, uint64_t *stop_at)
{
	const struct record_opts *o = s->opts;

	if (pump__error(s->pump))
		return 1;
	on_stop_signal(s, res, now, stop_at);
	if (child_done(s->child.pid, res))
		return 1;
	if (o->npids && !targets_alive(o))
		return 1;
	if (o->duration_ns && now - start >= o->duration_ns)
		return 1;
	return *stop_at && now >= *stop_at;
}

/* Wait and drain until the stop policy says so. Returns 0 or -1. */
static int record_loop(struct session *s, struct session_result *res)
{
	int status_on = !s->opts->quiet && isatty(STDERR_FILENO);
	uint64_t start = boot_ns(), last_status = 0, stop_at = 0, now;
	int ret = 0;

	for (;;) {
		if (pump__wait(s->pump, POLL_MS)) {
			ret = -1;
			break;
		}
		now = boot_ns();
		if (should_stop(s, res, now, start, &stop_at))
			break;
		pump__tick(s->pump, now);
		if (status_on && now - last_status >= STATUS_NS) {
			status_line(s, now - start);
			last_status = now;
		}
	}
	pump__finish(s->pump);
	if (status_on)
		fprintf(stderr, "\r\033[K");
	return ret;
}

/*
 * Recording stopped early (the trace could not be written): wait for the
 * workload all the same, so its status is not lost and it is not left
 * running unseen; a SIGINT/SIGTERM is passed on as while recording.
 */
static void wait_workload(struct session *s, struct session_result *res)
{
	struct pollfd pfd = { .fd = wake_pipe[0], .events = POLLIN };
	uint64_t stop_at = 0;
	char drain[64];

	while (s->child.pid && !child_done(s->child.pid, res)) {
		on_stop_signal(s, res, boot_ns(), &stop_at);
		if (stop_at && boot_ns() >= stop_at)
			break;
		if (poll(&pfd, 1, POLL_MS) > 0)
			while (read(wake_pipe[0], drain, sizeof(drain)) > 0)
				;
	}
}

/* "exited with status 3", "was killed by SIGKILL" */
static void describe_status(char *buf, size_t size, int status)
{
	if (WIFEXITED(status))
		snprintf(buf, size, "exited with status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, size, "was killed by SIG%s",
			 sigabbrev_np(WTERMSIG(status)) ?: "?");
	else
		snprintf(buf, size, "ended with wait status %#x", status);
}

/* The last line when the workload outlives the recording. */
static void report_left_running(const struct session *s,
				const struct session_result *res)
{
	if (!s->child.pid || res->child_reaped)
		return;
	if (res->signal)
		fprintf(stderr, "record: '%s' (pid %d) did not exit within %llu s of SIG%s: it runs on, untraced\n",
			s->opts->argv[0], (int)s->child.pid,
			STOP_GRACE_NS / 1000000000ull,
			sigabbrev_np(res->signal) ?: "?");
	else
		fprintf(stderr, "record: --duration ended after %.3g s: '%s' (pid %d) runs on, untraced\n",
			(double)s->opts->duration_ns / 1e9, s->opts->argv[0],
			(int)s->child.pid);
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

/* "'trace.zst'", or "the trace to standard output" for -o - */
static const char *out_name(const struct session *s, char *buf, size_t size)
{
	if (!strcmp(s->opts->output, "-"))
		return "the trace to standard output";
	snprintf(buf, size, "'%s'", s->opts->output);
	return buf;
}

/* END record, last flush, final line. Returns 0, or -1 after one line. */
static int finish(struct session *s)
{
	struct kt_bpf_stats st;
	uint64_t end = boot_ns(), events, bytes;
	struct kt_end e;
	char size[32], name[512];
	int err;

	tracer__stats(s->tracer, &st);
	e.end_ns = end;
	e.lost = pump__lost(s->pump);
	e.dropped = st.inflight_full + st.pids_full + st.output_failed +
		    st.compat_calls;
	e.stack_errors = st.stack_failed + stacks__errors(s->stacks);
	e.cap_failed = st.cap_failed;
	/* the last events first: END must be the trace's last record */
	writer__flush(s->writer);
	e.events = writer__events(s->writer);
	writer__end(s->writer, &e);
	err = writer__sync(s->writer);
	if (err) {
		fprintf(stderr, "record: cannot write %s: %s\n",
			out_name(s, name, sizeof(name)), strerror(-err));
		return -1;
	}
	if (tracefile__finish(&s->out))
		return -1;
	events = writer__events(s->writer);
	bytes = writer__bytes(s->writer);
	human_bytes(size, sizeof(size), (double)bytes);
	if (e.cap_failed)
		fprintf(stderr, "record: %llu syscall arguments could not be read (marked unreadable in the trace)\n",
			(unsigned long long)e.cap_failed);
	/* END's counters, each under the name the report gives it */
	fprintf(stderr, "record: %llu events, %llu lost, %llu dropped, %llu stack errors, %llu unreadable args, %.2f s, %s, %.1f bytes/event\n",
		(unsigned long long)events, (unsigned long long)e.lost,
		(unsigned long long)e.dropped,
		(unsigned long long)e.stack_errors,
		(unsigned long long)e.cap_failed,
		(double)(end - s->origin_ns) / 1e9, size,
		events ? (double)bytes / (double)events : 0.0);
	return 0;
}

/*
 * Run the session, and when it failed, report the workload's status: the
 * exit status is then record's own. When the trace could not be written
 * (disk full, the reader of -o - gone), recording stops at once and the
 * workload is waited for all the same, so its status is not lost and it is
 * not left running unseen.
 */
void session__run(struct session *s, struct session_result *res)
{
	char name[512], how[64];
	int err;

	memset(res, 0, sizeof(*res));
	res->failed = record_loop(s, res) != 0;
	err = pump__error(s->pump);
	if (err) {
		fprintf(stderr, "record: cannot write %s: %s: recording stopped%s\n",
			out_name(s, name, sizeof(name)), strerror(-err),
			s->child.pid && !res->child_reaped ?
			", waiting for the command" : "");
		res->failed = 1;
	}
	if (res->failed)
		wait_workload(s, res);
	else if (finish(s))
		res->failed = 1;
	if (res->failed && res->child_reaped) {
		describe_status(how, sizeof(how), res->child_status);
		fprintf(stderr, "record: '%s' %s\n", s->opts->argv[0], how);
	}
	report_left_running(s, res);
	s->child.pid = 0;	/* reaped, or still running: leave it be */
}

void session__free(struct session *s)
{
	if (!s)
		return;
	launcher__abort(&s->child);
	pump__free(s->pump);
	writer__free(s->writer);
	stacks__free(s->stacks);
	tracer__free(s->tracer);
	probes__free(&s->probes);
	tracefile__close(&s->out);
	free(s);
}
