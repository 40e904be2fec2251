// SPDX-License-Identifier: MIT
/*
 * tracer.c - open, configure, load and attach the BPF skeleton.
 *
 * Configuration follows libbpf's open -> set rodata / map sizes -> load ->
 * attach order: --failed, --slower-than, the stack selection, the syscall
 * selection and the followed set are fixed before load, so the verifier
 * prunes what is off and untraced tasks cost one map lookup.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include "tracer.h"
#include "attach.h"
#include "opts.h"
#include "probes.h"
#include "record.skel.h"

/* stack map buckets: a collision or a full map is counted, never reused */
#define KSTACK_ENTRIES 16384
#define USTACK_ENTRIES 8192	/* 2 KiB each with build-ids */

struct tracer {
	struct record_bpf *skel;
	const struct probe_set *ps;	/* the caller's, until attached */
	int system_wide;
	struct attachments *probes;
	int kstack, ustack;
};

static int verbose;

static int print_libbpf(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	(void)level;
	if (!verbose)
		return 0;	/* our own one-line errors say what failed */
	return vfprintf(stderr, fmt, ap);
}

static void configure(struct tracer *t, const struct record_opts *o,
		      const struct probe_set *ps)
{
	struct record_bpf *s = t->skel;

	s->rodata->target_all = o->system_wide;
	s->rodata->self_tgid = (__u32)getpid();
	s->rodata->failed_only = o->failed_only;
	s->rodata->min_latency_ns = o->slower_than_ns;
	s->rodata->want_kstack = o->kstack;
	s->rodata->want_ustack = o->ustack;
	s->rodata->cap_bufsize = o->strsize;
	s->rodata->nr_exit = SYS_exit;
	s->rodata->nr_exit_group = SYS_exit_group;
	memcpy((void *)s->rodata->syscall_on, ps->syscall_on,
	       sizeof(ps->syscall_on));
	t->system_wide = o->system_wide;
	t->kstack = o->kstack;
	t->ustack = o->ustack;
	if (o->kstack)
		bpf_map__set_max_entries(s->maps.kstacks, KSTACK_ENTRIES);
	if (o->ustack == KT_USTACK_FP)
		bpf_map__set_max_entries(s->maps.ustacks, USTACK_ENTRIES);
	/* copies in flight per CPU: half the buffer, events keep the rest */
	s->rodata->ucopy_budget = (__u32)((uint64_t)o->buffer_pages * 4096 / 2 /
					  sizeof(struct kt_bpf_ustack));
	if (!ps->nsyscalls) {
		bpf_program__set_autoload(s->progs.sys_enter, false);
		bpf_program__set_autoload(s->progs.sys_exit, false);
	}
	attach__autoload(s, ps);
}

static const char *load_hint(int err)
{
	if (err == -EPERM || err == -EACCES)
		return " (record needs root, or CAP_BPF and CAP_PERFMON)";
	return "";
}

struct tracer *tracer__new(const struct record_opts *o,
			   const struct probe_set *ps)
{
	struct tracer *t = calloc(1, sizeof(*t));
	int err;

	if (!t) {
		fprintf(stderr, "record: out of memory\n");
		return NULL;
	}
	verbose = o->verbose;
	libbpf_set_print(print_libbpf);
	if (attach__check(ps))
		goto out_free;

	t->skel = record_bpf__open();
	if (!t->skel) {
		err = -errno;
		fprintf(stderr, "record: cannot open the BPF object: %s\n",
			strerror(-err));
		goto out_free;
	}
	configure(t, o, ps);
	err = record_bpf__load(t->skel);
	if (err) {
		fprintf(stderr, "record: cannot load the BPF programs: %s%s\n",
			strerror(-err), load_hint(err));
		goto out_free;
	}
	t->ps = ps;
	return t;

out_free:
	tracer__free(t);
	return NULL;
}

void tracer__argspec(struct tracer *t, const struct kt_bpf_argspec *spec)
{
	memcpy(t->skel->bss->argspec, spec, sizeof(t->skel->bss->argspec));
}

int tracer__attach(struct tracer *t)
{
	int err = record_bpf__attach(t->skel);

	if (err) {
		fprintf(stderr, "record: cannot attach the BPF programs: %s%s\n",
			strerror(-err), load_hint(err));
		return err;
	}
	t->probes = attach__probes(t->skel, t->ps);
	return t->probes ? 0 : -1;
}

void tracer__detach(struct tracer *t)
{
	record_bpf__detach(t->skel);
	attachments__free(t->probes);
	t->probes = NULL;
}

int tracer__quiet(const struct tracer *t)
{
	__u32 key;

	/* a process's last record goes out before it leaves `pids` */
	return !t->system_wide &&
	       bpf_map__get_next_key(t->skel->maps.pids, NULL, &key,
				     sizeof(key)) == -ENOENT;
}

int tracer__follow(struct tracer *t, pid_t pid)
{
	__u32 key = (__u32)pid;
	__u8 one = 1;

	if (bpf_map__update_elem(t->skel->maps.pids, &key, sizeof(key), &one,
				 sizeof(one), BPF_ANY))
		return -errno;
	if (key < KT_PID_BITS)
		__atomic_fetch_or(&t->skel->bss->pid_bits[key / 64],
				  1ull << (key % 64), __ATOMIC_SEQ_CST);
	return 0;
}

int tracer__events_fd(const struct tracer *t)
{
	return bpf_map__fd(t->skel->maps.events);
}

int tracer__kstacks_fd(const struct tracer *t)
{
	return t->kstack ? bpf_map__fd(t->skel->maps.kstacks) : -1;
}

int tracer__ustacks_fd(const struct tracer *t)
{
	return t->ustack == KT_USTACK_FP ? bpf_map__fd(t->skel->maps.ustacks) : -1;
}

/*
 * Key 0 of a per-CPU array on every possible CPU: a calloc'd array of *n
 * values of size bytes (a multiple of 8), or NULL with errno set.
 */
static void *percpu_values(const struct bpf_map *map, size_t size, int *n)
{
	__u32 zero = 0;
	void *v;

	*n = libbpf_num_possible_cpus();
	if (*n <= 0) {
		errno = -*n;
		return NULL;
	}
	v = calloc((size_t)*n, size);
	if (!v)
		return NULL;
	if (bpf_map__lookup_elem(map, &zero, sizeof(zero), v, (size_t)*n * size,
				 0)) {
		free(v);
		return NULL;
	}
	return v;
}

int tracer__lost(const struct tracer *t, uint64_t *lost, int ncpu)
{
	int n;
	__u64 *v = percpu_values(t->skel->maps.lost_count, sizeof(*v), &n);

	if (!v)
		return -errno;
	for (int i = 0; i < ncpu && i < n; i++)
		lost[i] = v[i];
	free(v);
	return 0;
}

int tracer__flush(const struct tracer *t)
{
	int fd = bpf_program__fd(t->skel->progs.flush_batch);
	int n, busy = 0;
	struct kt_batch *v = percpu_values(t->skel->maps.batches, sizeof(*v), &n);

	if (!v)
		return -errno;
	/* only the CPUs with something to send: an idle one stays asleep */
	for (int cpu = 0; cpu < n; cpu++) {
		LIBBPF_OPTS(bpf_test_run_opts, run, .cpu = (__u32)cpu,
			    .flags = BPF_F_TEST_RUN_ON_CPU);

		if (!v[cpu].n && !v[cpu].flush_wanted)
			continue;
		if (bpf_prog_test_run_opts(fd, &run)) {
			if (errno == ENXIO)
				continue;	/* offline */
			busy = -errno;
			break;
		}
		busy += run.retval != 0;
	}
	free(v);
	return busy;
}

int tracer__unsent(const struct tracer *t, uint64_t *unsent, int ncpu)
{
	int n;
	struct kt_batch *v = percpu_values(t->skel->maps.batches, sizeof(*v), &n);

	if (!v)
		return -errno;
	for (int i = 0; i < ncpu && i < n; i++)
		unsent[i] = v[i].n;
	free(v);
	return 0;
}

uint64_t *tracer__ucopy_done(const struct tracer *t)
{
	return t->ustack == KT_USTACK_COPY ?
	       (uint64_t *)t->skel->bss->ucopy_done : NULL;
}

void tracer__stats(const struct tracer *t, struct kt_bpf_stats *out)
{
	memcpy(out, &t->skel->bss->stats, sizeof(*out));
}

void tracer__free(struct tracer *t)
{
	if (!t)
		return;
	attachments__free(t->probes);
	record_bpf__destroy(t->skel);
	free(t);
}
