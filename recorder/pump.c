// SPDX-License-Identifier: MIT
/*
 * pump.c - perf buffer -> writer, the recorder's main loop.
 *
 * The BPF side sends events in per-CPU batches (bpf/output.bpf.h), one
 * perf sample each; every BATCH_NS the pump has each CPU send what its
 * batch holds. The perf buffer is opened raw (perf_buffer__new_raw) so the
 * reader is woken on a watermark, a quarter of each CPU's buffer, instead
 * of on every sample. A wait timeout of 100 ms plus perf_buffer__consume()
 * picks up whatever stays below the watermark, and the writer closes a
 * frame at least once a second. Losses become LOST records, per CPU, in
 * events.
 *
 * SIGINT and SIGTERM stop the loop (and are passed on to the workload
 * once); SIGCHLD only wakes the wait so a finished workload ends the
 * recording at once. The buffers are drained before returning.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/membarrier.h>
#include <linux/perf_event.h>
#include <bpf/libbpf.h>
#include "pump.h"
#include "header.h"
#include "stacks.h"
#include "tracer.h"
#include "writer.h"
#include "../schema/codec.h"

#define POLL_MS		100
#define BATCH_NS	200000000ull	/* send the BPF side's event batches */
#define FLUSH_NS	1000000000ull	/* close a frame of the file */
#define BATCH_TICK_TRIES 3		/* for a held batch, 1 ms apart */
#define BATCH_TRIES	100		/* the same at the end */
#define STOP_GRACE_NS	2000000000ull	/* wait for the workload after a signal */

struct pump {
	struct tracer *t;
	struct perf_buffer *pb;
	int epoll_fd;		/* the perf buffers and the wake pipe */
	struct pump_opts o;
	struct writer *w;
	struct kt_buf *rows;
	struct stacks *stacks;
	const uint8_t *nargs;		/* pump_opts.nargs */
	uint64_t *lost_cpu;	/* per CPU, for the status line */
	int ncpu;
	uint64_t lost;
	int err;		/* first writer error */
	int flush_failed;	/* send_batches() has said so */
};

static volatile sig_atomic_t got_signal;
static int wake_pipe[2] = { -1, -1 };	/* written by the signal handlers */

/*
 * A signal handler only sets a flag and writes a byte to wake_pipe, which
 * the loop waits on beside the perf buffers: a SIGCHLD that arrives just
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

	if (wake_pipe[0] < 0 && pipe2(wake_pipe, O_NONBLOCK | O_CLOEXEC))
		return -errno;
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = on_child;
	sa.sa_flags = SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

/* One epoll set: the perf buffers' own epoll fd and the wake pipe. */
static int open_waiter(struct perf_buffer *pb)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int ep = epoll_create1(EPOLL_CLOEXEC);

	if (ep < 0)
		return -errno;
	ev.data.fd = perf_buffer__epoll_fd(pb);
	if (epoll_ctl(ep, EPOLL_CTL_ADD, ev.data.fd, &ev))
		goto out_close;
	ev.data.fd = wake_pipe[0];
	if (epoll_ctl(ep, EPOLL_CTL_ADD, ev.data.fd, &ev))
		goto out_close;
	return ep;

out_close:
	close(ep);
	return -errno;
}

/*
 * Wait up to POLL_MS for a perf buffer past its watermark or a signal, and
 * drain the buffers that have data. Returns 0 or -errno.
 */
static int wait_and_drain(struct pump *p)
{
	struct epoll_event evs[2];
	char junk[64];
	int n = epoll_wait(p->epoll_fd, evs, 2, POLL_MS);

	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	for (int i = 0; i < n; i++) {
		if (evs[i].data.fd == wake_pipe[0]) {
			while (read(wake_pipe[0], junk, sizeof(junk)) > 0)
				;
		} else {
			int err = perf_buffer__consume(p->pb);

			if (err < 0)
				return err;
		}
	}
	return 0;
}

static void handle_event(struct pump *p, const struct kt_bpf_event *b)
{
	struct kt_event e = {
		.ts_ns = b->ts_ns,
		.latency_ns = b->latency_ns,
		.ret = b->ret,
		.pid = b->pid,
		.tid = b->tid,
		.probe = b->probe,
		.cpu = b->cpu,
		.flags = b->flags & (KT_EV_RET | KT_EV_LATENCY | KT_EV_ARGS),
	};
	int err;

	memcpy(e.args, b->args, sizeof(e.args));
	/* registers past a syscall's last argument are written as 0 */
	if (p->nargs && b->probe < KT_MAX_SYSCALLS &&
	    p->nargs[b->probe] < KT_NARGS)
		memset(e.args + p->nargs[b->probe], 0,
		       (KT_NARGS - p->nargs[b->probe]) * sizeof(e.args[0]));
	if (p->stacks && (b->flags & KT_F_KSTACK)) {
		e.kstack = stacks__kernel_id(p->stacks, b->kstack);
		if (e.kstack)
			e.flags |= KT_EV_KSTACK;
	}
	if (p->stacks && (b->flags & KT_F_USTACK)) {
		e.ustack = stacks__user_id(p->stacks, b->ustack, b->pid);
		if (e.ustack)
			e.flags |= KT_EV_USTACK;
	}
	err = writer__event(p->w, &e);
	if (err && !p->err)
		p->err = err;
}

static void handle_proc(struct pump *p, const struct kt_bpf_proc *b,
			size_t size)
{
	static const uint8_t what[] = {
		[KT_BPF_FORK] = KT_PROC_FORK, [KT_BPF_EXEC] = KT_PROC_EXEC,
		[KT_BPF_EXIT] = KT_PROC_EXIT, [KT_BPF_COMM] = KT_PROC_COMM,
	};
	struct kt_proc r = {
		.what = what[b->kind],
		.pid = b->pid,
		.tid = b->tid,
		.ppid = b->ppid,
		.exit_status = b->exit_status,
		.ts_ns = b->ts_ns,
		.comm = { b->comm, (uint32_t)strnlen(b->comm, sizeof(b->comm)) },
	};
	size_t exe_room = size - offsetof(struct kt_bpf_proc, exe);

	if (b->kind == KT_BPF_EXEC)
		r.exe = (struct kt_str){ b->exe, (uint32_t)strnlen(b->exe,
				exe_room < sizeof(b->exe) ? exe_room : sizeof(b->exe)) };
	if (b->kind == KT_BPF_EXEC && p->stacks)
		stacks__exec(p->stacks, b->pid, r.exe.len ? b->exe : NULL);
	codec__put_proc(p->rows, &r);
}

/* A sample is one process record, or a batch of events. */
static void handle_sample(struct pump *p, const void *data, size_t size)
{
	const unsigned char *rec = data;

	if (size < 1)
		return;
	if (*rec >= KT_BPF_FORK && *rec <= KT_BPF_COMM) {
		if (size > offsetof(struct kt_bpf_proc, exe))
			handle_proc(p, data, size);
		return;
	}
	/* the kernel pads a sample to 8 bytes: a kind 0 ends the batch */
	while (size >= sizeof(struct kt_bpf_event) && *rec == KT_BPF_EVENT) {
		handle_event(p, (const struct kt_bpf_event *)rec);
		rec += sizeof(struct kt_bpf_event);
		size -= sizeof(struct kt_bpf_event);
	}
}

static void handle_lost(struct pump *p, int cpu, uint64_t count)
{
	struct kt_lost l = { .cpu = (uint32_t)cpu, .ts_ns = boot_ns(),
			     .count = count };

	p->lost += count;
	if (cpu >= 0 && cpu < p->ncpu)
		p->lost_cpu[cpu] += count;
	codec__put_lost(p->rows, &l);
}

/*
 * Bring the LOST records up to the BPF side's per-CPU count of refused
 * records. The kernel's PERF_RECORD_LOST counts samples, and a sample can
 * be a batch of many events, so its notice only says when to look; and it
 * comes only once the buffer has room again, so a loss just before the end
 * is found by the last look. With `unsent`, the events a batch still holds
 * after the end count as lost too.
 */
static void account_losses(struct pump *p, int unsent)
{
	uint64_t *n;

	if (p->ncpu <= 0)
		return;
	n = calloc((size_t)p->ncpu, sizeof(*n));
	if (n && !tracer__lost(p->t, n, p->ncpu))
		for (int cpu = 0; cpu < p->ncpu; cpu++)
			if (n[cpu] > p->lost_cpu[cpu])
				handle_lost(p, cpu, n[cpu] - p->lost_cpu[cpu]);
	if (n && unsent && !tracer__unsent(p->t, n, p->ncpu))
		for (int cpu = 0; cpu < p->ncpu; cpu++)
			if (n[cpu])
				handle_lost(p, cpu, n[cpu]);
	free(n);
}

static enum bpf_perf_event_ret on_record(void *ctx, int cpu,
					 struct perf_event_header *hdr)
{
	struct pump *p = ctx;

	(void)cpu;
	if (hdr->type == PERF_RECORD_SAMPLE) {
		struct { struct perf_event_header h; __u32 size; char data[]; }
			*s = (void *)hdr;

		handle_sample(p, s->data, s->size);
	} else if (hdr->type == PERF_RECORD_LOST) {
		account_losses(p, 0);
	}
	return LIBBPF_PERF_EVENT_CONT;
}

static struct perf_buffer *open_buffer(struct pump *p, int map_fd,
				       unsigned pages)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE,
		.config = PERF_COUNT_SW_BPF_OUTPUT,
		.sample_type = PERF_SAMPLE_RAW,
		.sample_period = 1,
		.watermark = 1,
	};
	long page = sysconf(_SC_PAGESIZE);

	attr.size = sizeof(attr);
	attr.wakeup_watermark = (__u32)((size_t)pages * (size_t)page / 4);
	return perf_buffer__new_raw(map_fd, pages, &attr, on_record, p, NULL);
}

static void status_line(const struct pump *p, uint64_t elapsed_ns)
{
	fprintf(stderr, "\r\033[Krecording: %llu events, %llu lost, %.1f MiB, %llus",
		(unsigned long long)writer__events(p->w),
		(unsigned long long)p->lost,
		writer__bytes(p->w) / 1048576.0,
		(unsigned long long)(elapsed_ns / 1000000000ull));
}

/* Whether any -p target still exists. */
static int targets_alive(const struct pump_opts *o)
{
	for (int i = 0; i < o->ntargets; i++)
		if (!kill(o->targets[i], 0) || errno != ESRCH)
			return 1;
	return 0;
}

/* Reap the child if it has exited. Returns 1 when it has. */
static int child_done(pid_t child, struct pump_result *res)
{
	int status;
	pid_t r;

	if (!child || res->child_reaped)
		return res->child_reaped;
	r = waitpid(child, &status, WNOHANG);
	if (r == child) {
		res->child_status = status;
		res->child_reaped = 1;
	}
	return res->child_reaped;
}

struct pump *pump__new(struct tracer *t, struct writer *w,
		       const struct pump_opts *o)
{
	struct pump *p = calloc(1, sizeof(*p));

	if (!p)
		goto out_nomem;
	p->epoll_fd = -1;
	p->o = *o;
	p->t = t;
	p->w = w;
	p->rows = writer__rows(w);
	p->stacks = o->stacks;
	p->nargs = o->nargs;
	p->ncpu = libbpf_num_possible_cpus();
	p->lost_cpu = calloc(p->ncpu > 0 ? (size_t)p->ncpu : 1, sizeof(uint64_t));
	if (!p->lost_cpu)
		goto out_nomem;
	p->pb = open_buffer(p, tracer__events_fd(t), o->pages);
	if (!p->pb) {
		fprintf(stderr, "record: cannot open the perf buffer: %s\n",
			strerror(errno));
		pump__free(p);
		return NULL;
	}
	p->epoll_fd = install_signals() ? -1 : open_waiter(p->pb);
	if (p->epoll_fd < 0) {
		fprintf(stderr, "record: cannot wait on the perf buffer: %s\n",
			strerror(-p->epoll_fd));
		pump__free(p);
		return NULL;
	}
	return p;

out_nomem:
	fprintf(stderr, "record: out of memory\n");
	pump__free(p);
	return NULL;
}

/*
 * Have every CPU send its batch of events, so they reach the perf buffer.
 * A batch held by a program is asked again, up to `tries` times 1 ms apart:
 * the holder sends it as soon as it is done. A failure is reported once and
 * recording goes on: the batches still go out when full, and whatever one
 * holds at the end is counted as lost.
 */
static void send_batches(struct pump *p, int tries)
{
	int busy;

	while ((busy = tracer__flush(p->t)) > 0 && --tries > 0)
		usleep(1000);
	if (busy < 0 && !p->flush_failed) {
		fprintf(stderr, "record: cannot flush the event batches: %s\n",
			strerror(-busy));
		p->flush_failed = 1;
	}
}

/*
 * Wait until no program can still be running from before tracer__detach():
 * tracing programs run inside RCU read-side sections, and
 * MEMBARRIER_CMD_GLOBAL is synchronize_rcu() (not on nohz_full machines,
 * where a sleep has to do). 10-15 ms here: skipped when the whole followed
 * tree is gone (tracer__quiet()), as it usually is once a command ends.
 */
static void wait_for_programs(void)
{
	if (syscall(SYS_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0) < 0)
		usleep(20000);
}

/* One turn of the loop after a poll. Returns 1 when recording should stop. */
static int should_stop(struct pump *p, struct pump_result *res, uint64_t now,
		       uint64_t start, uint64_t *stop_at)
{
	const struct pump_opts *o = &p->o;

	if (p->err)
		return 1;
	if (got_signal && !res->signal) {
		res->signal = got_signal;
		if (o->child && !res->child_reaped)
			kill(o->child, got_signal);
		*stop_at = now + (o->child ? STOP_GRACE_NS : 0);
	}
	if (child_done(o->child, res))
		return 1;
	if (o->ntargets && !targets_alive(o))
		return 1;
	if (o->duration_ns && now - start >= o->duration_ns)
		return 1;
	return *stop_at && now >= *stop_at;
}

int pump__run(struct pump *p, struct pump_result *res)
{
	uint64_t start = boot_ns(), last_flush = start, last_status = 0;
	uint64_t last_batch = start;
	uint64_t stop_at = 0, now;
	int err, ret = 0;

	memset(res, 0, sizeof(*res));
	for (;;) {
		err = wait_and_drain(p);
		if (err < 0) {
			fprintf(stderr, "record: cannot read the perf buffer: %s\n",
				strerror(-err));
			ret = -1;
			break;
		}
		now = boot_ns();
		if (should_stop(p, res, now, start, &stop_at))
			break;
		/* a frame closes right after a batch flush: what a batch held
		 * goes in the same frame as the process records made after it */
		if (now - last_batch >= BATCH_NS || now - last_flush >= FLUSH_NS) {
			send_batches(p, BATCH_TICK_TRIES);
			last_batch = now;
		}
		if (now - last_flush >= FLUSH_NS) {
			perf_buffer__consume(p->pb);
			err = writer__flush(p->w);
			if (err && !p->err)
				p->err = err;
			last_flush = now;
		}
		if (p->o.status_line && now - last_status >= 250000000ull) {
			status_line(p, now - start);
			last_status = now;
		}
	}
	tracer__detach(p->t);
	if (!tracer__quiet(p->t))
		wait_for_programs();
	send_batches(p, BATCH_TRIES);
	perf_buffer__consume(p->pb);
	account_losses(p, 1);
	if (p->o.status_line)
		fprintf(stderr, "\r\033[K");
	res->lost = p->lost;
	res->error = p->err;
	return ret;
}

void pump__free(struct pump *p)
{
	if (!p)
		return;
	if (p->epoll_fd >= 0)
		close(p->epoll_fd);
	perf_buffer__free(p->pb);
	free(p->lost_cpu);
	free(p);
}
