// SPDX-License-Identifier: MIT
/*
 * pump.c - perf buffer -> writer.
 *
 * The BPF side sends events in per-CPU batches (bpf/send.bpf.h), one
 * perf sample each; every BATCH_NS the pump has each CPU send what its
 * batch holds. The perf buffer is opened raw (perf_buffer__new_raw) so the
 * reader is woken on a watermark, a quarter of each CPU's buffer, instead
 * of on every sample. The session's wait timeout plus
 * perf_buffer__consume() picks up whatever stays below the watermark, and
 * the writer closes a frame at least once a second. Losses become LOST
 * records, per CPU, in events.
 *
 * When to stop is the session's business (recorder/session.c); the pump
 * only waits, drains, and at the end collects what the BPF side still
 * holds.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/membarrier.h>
#include <linux/perf_event.h>
#include <bpf/libbpf.h>
#include "pump.h"
#include "header.h"
#include "stacks.h"
#include "caps.h"
#include "tracer.h"
#include "writer.h"
#include "schema/record.h"

#define BATCH_NS	200000000ull	/* send the BPF side's event batches */
#define FLUSH_NS	1000000000ull	/* close a frame of the file */
#define BATCH_TICK_TRIES 3		/* for a held batch, 1 ms apart */
#define BATCH_TRIES	100		/* the same at the end */

/* The BPF side's flag bits and probe ids go into the trace unchanged. */
_Static_assert(KT_F_RET == KT_EV_RET && KT_F_LATENCY == KT_EV_LATENCY &&
	       KT_F_ARGS == KT_EV_ARGS && KT_F_KSTACK == KT_EV_KSTACK &&
	       KT_F_USTACK == KT_EV_USTACK, "bpf/ktrail.h flags are kt_event's");
_Static_assert(KT_PROBE_BASE == KT_SYSCALL_IDS,
	       "probe ids below KT_PROBE_BASE are syscall numbers");
_Static_assert(KT_MAX_SYSCALLS <= KT_SYSCALL_IDS, "syscall ids fit");

struct pump {
	struct tracer *t;
	struct perf_buffer *pb;
	int epoll_fd;		/* the perf buffers and the wake fd */
	int wake_fd;		/* pump_opts.wake_fd */
	struct writer *w;
	struct stacks *stacks;
	struct caps *caps;	/* arguments waiting for their event */
	const uint8_t *nargs;		/* pump_opts.nargs */
	uint64_t *lost_cpu;	/* per CPU, for the status line */
	int ncpu;
	uint64_t lost;
	uint64_t last_batch;	/* when the batches were last sent */
	uint64_t last_flush;	/* when a frame was last closed */
	int err;		/* first writer error */
	int flush_failed;	/* send_batches() has said so */
};

/*
 * One epoll set: the perf buffers' own epoll fd, the wake fd, and what
 * the stacks need to hear of (mmap notices for user stack unwinding).
 */
static int open_waiter(struct perf_buffer *pb, int wake_fd, int stacks_fd)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int ep = epoll_create1(EPOLL_CLOEXEC);

	if (ep < 0)
		return -errno;
	ev.data.fd = perf_buffer__epoll_fd(pb);
	if (epoll_ctl(ep, EPOLL_CTL_ADD, ev.data.fd, &ev))
		goto out_close;
	ev.data.fd = wake_fd;
	if (wake_fd >= 0 && epoll_ctl(ep, EPOLL_CTL_ADD, ev.data.fd, &ev))
		goto out_close;
	ev.data.fd = stacks_fd;
	if (stacks_fd >= 0 && epoll_ctl(ep, EPOLL_CTL_ADD, stacks_fd, &ev))
		goto out_close;
	return ep;

out_close:
	close(ep);
	return -errno;
}

int pump__wait(struct pump *p, int timeout_ms)
{
	struct epoll_event evs[3];
	char junk[64];
	int n = epoll_wait(p->epoll_fd, evs, 3, timeout_ms);

	if (n < 0 && errno != EINTR)
		goto out_err;
	for (int i = 0; i < n; i++) {
		if (evs[i].data.fd == p->wake_fd) {
			while (read(p->wake_fd, junk, sizeof(junk)) > 0)
				;
		} else if (evs[i].data.fd == stacks__fd(p->stacks)) {
			stacks__poll(p->stacks);
		} else if (perf_buffer__consume(p->pb) < 0) {
			goto out_err;
		}
	}
	return 0;

out_err:
	fprintf(stderr, "record: cannot read the perf buffer: %s\n",
		strerror(errno));
	return -1;
}

static void handle_event(struct pump *p, int cpu, const struct kt_bpf_event *b)
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

	if (b->flags & KT_F_CAPS) {
		err = caps__take(p->caps, b->tid, cpu, p->w, e.cap);
		if (err > 0)
			e.flags |= KT_EV_CAPS;
		else if (err < 0 && !p->err)
			p->err = err;
	} else if (b->probe < KT_MAX_SYSCALLS) {
		/* what a syscall of this thread left here is not its own */
		caps__drop(p->caps, b->tid, cpu);
	}
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
	if (p->stacks && (b->flags & KT_F_UCOPY)) {
		e.ustack = stacks__user_take(p->stacks, b->tid, b->ts_ns);
		if (e.ustack)
			e.flags |= KT_EV_USTACK;
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

static void handle_proc(struct pump *p, int cpu, const struct kt_bpf_proc *b,
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
		.cpu_ns = b->cpu_ns,
		.ts_ns = b->ts_ns,
		.comm = { b->comm, (uint32_t)strnlen(b->comm, sizeof(b->comm)) },
	};
	size_t exe_room = size - offsetof(struct kt_bpf_proc, exe);
	struct kt_capref caps[KT_NCAPS];
	int err;

	if (b->kind == KT_BPF_EXEC && (b->flags & KT_PROC_ARGV)) {
		/* the new image's argv, sent as caps of slot 0 just before */
		err = caps__take(p->caps, b->tid, cpu, p->w, caps);
		if (err < 0 && !p->err)
			p->err = err;
		r.argv = caps[0];
	}
	if (b->kind == KT_BPF_EXEC)
		r.exe = (struct kt_str){ b->exe, (uint32_t)strnlen(b->exe,
				exe_room < sizeof(b->exe) ? exe_room : sizeof(b->exe)) };
	if (b->kind == KT_BPF_EXEC && p->stacks)
		stacks__exec(p->stacks, b->pid, r.exe.len ? b->exe : NULL);
	err = writer__proc(p->w, &r);
	if (err && !p->err)
		p->err = err;
}

/*
 * A sample is one process record, or a batch: events, each after the
 * kt_bpf_caps of its arguments, every record 8-aligned.
 */
static void handle_sample(struct pump *p, int cpu, const void *data,
			  size_t size)
{
	const unsigned char *rec = data;

	if (size < 1)
		return;
	if (*rec == KT_BPF_USTACK) {
		stacks__user_copy(p->stacks, data, size);
		return;
	}
	if (*rec >= KT_BPF_FORK && *rec <= KT_BPF_COMM) {
		if (size > offsetof(struct kt_bpf_proc, exe))
			handle_proc(p, cpu, data, size);
		return;
	}
	/* the kernel pads a sample to 8 bytes: a kind 0 ends the batch */
	for (;;) {
		size_t n;

		if (size >= sizeof(struct kt_bpf_event) && *rec == KT_BPF_EVENT) {
			handle_event(p, cpu, (const struct kt_bpf_event *)rec);
			n = sizeof(struct kt_bpf_event);
		} else if (size >= sizeof(struct kt_bpf_cap) && *rec == KT_BPF_CAP) {
			struct kt_bpf_cap cap;

			memcpy(&cap, rec, sizeof(cap));
			n = sizeof(cap) + (((size_t)cap.len + 7) & ~(size_t)7);
			if (cap.len > KT_CHUNK || n > size)
				return;
			if (caps__add(p->caps, cpu, &cap, rec + sizeof(cap)) == -ENOMEM &&
			    !p->err)
				p->err = -ENOMEM;
		} else {
			return;
		}
		rec += n;
		size -= n;
	}
}

static void handle_lost(struct pump *p, int cpu, uint64_t count)
{
	struct kt_lost l = { .cpu = (uint32_t)cpu, .ts_ns = boot_ns(),
			     .count = count };
	int err;

	p->lost += count;
	if (cpu >= 0 && cpu < p->ncpu)
		p->lost_cpu[cpu] += count;
	err = writer__lost(p->w, &l);
	if (err && !p->err)
		p->err = err;
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

	if (hdr->type == PERF_RECORD_SAMPLE) {
		struct { struct perf_event_header h; __u32 size; char data[]; }
			*s = (void *)hdr;

		handle_sample(p, cpu, s->data, s->size);
	} else if (hdr->type == PERF_RECORD_LOST) {
		/* in the stream where the samples were: what they began is
		 * never finished */
		caps__drop_cpu(p->caps, cpu);
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

struct pump *pump__new(struct tracer *t, struct writer *w,
		       const struct pump_opts *o)
{
	struct pump *p = calloc(1, sizeof(*p));

	if (!p)
		goto out_nomem;
	p->epoll_fd = -1;
	p->wake_fd = o->wake_fd;
	p->t = t;
	p->w = w;
	p->stacks = o->stacks;
	p->nargs = o->nargs;
	p->ncpu = libbpf_num_possible_cpus();
	p->lost_cpu = calloc(p->ncpu > 0 ? (size_t)p->ncpu : 1, sizeof(uint64_t));
	p->caps = caps__new();
	if (!p->lost_cpu || !p->caps)
		goto out_nomem;
	p->pb = open_buffer(p, tracer__events_fd(t), o->pages);
	if (!p->pb) {
		fprintf(stderr, "record: cannot open the perf buffer: %s\n",
			strerror(errno));
		pump__free(p);
		return NULL;
	}
	p->epoll_fd = open_waiter(p->pb, o->wake_fd, stacks__fd(p->stacks));
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

void pump__tick(struct pump *p, uint64_t now)
{
	int err;

	if (!p->last_flush)
		p->last_flush = p->last_batch = now;
	stacks__poll(p->stacks);
	/* a frame closes right after a batch flush: what a batch held goes
	 * in the same frame as the process records made after it */
	if (now - p->last_batch >= BATCH_NS || now - p->last_flush >= FLUSH_NS) {
		send_batches(p, BATCH_TICK_TRIES);
		p->last_batch = now;
	}
	if (now - p->last_flush >= FLUSH_NS) {
		perf_buffer__consume(p->pb);
		err = writer__flush(p->w);
		if (err && !p->err)
			p->err = err;
		p->last_flush = now;
	}
}

void pump__finish(struct pump *p)
{
	tracer__detach(p->t);
	if (!tracer__quiet(p->t))
		wait_for_programs();
	send_batches(p, BATCH_TRIES);
	perf_buffer__consume(p->pb);
	account_losses(p, 1);
}

uint64_t pump__lost(const struct pump *p)
{
	return p->lost;
}

int pump__error(const struct pump *p)
{
	return p->err;
}

void pump__free(struct pump *p)
{
	if (!p)
		return;
	if (p->epoll_fd >= 0)
		close(p->epoll_fd);
	perf_buffer__free(p->pb);
	caps__free(p->caps);
	free(p->lost_cpu);
	free(p);
}
