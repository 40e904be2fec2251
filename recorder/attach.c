// SPDX-License-Identifier: MIT
/*
 * attach.c - the user's probes onto the shared programs of probes.bpf.c.
 *
 * Every probe is one link carrying a BPF cookie (its id, and
 * KT_COOKIE_PAIRED for ufunc/kfunc), so any number of probes of one kind
 * share one program. Tracepoints are attached by name as raw tracepoints,
 * which needs no tracefs; libbpf 1.1 cannot pass a cookie there, so the
 * link is opened with the bpf(2) command itself (cookie field: Linux 6.10,
 * commit 68ca5d4eebb8). Kernel probes need kprobes: on a kernel without
 * them (CONFIG_KPROBES off, no kprobe PMU) they are refused up front.
 * USDT probes go to usdt.bpf.c through libbpf's USDT support, which keeps
 * the BPF cookie for itself: the id travels as the USDT cookie instead.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include "attach.h"
#include "probes.h"
#include "record.skel.h"

struct attachments {
	struct bpf_link **links;
	int nlinks;
	int *fds;		/* raw tracepoint links */
	int nfds;
};

static int is_kernel_probe(enum probe_type t)
{
	return t == PROBE_KPROBE || t == PROBE_KRETPROBE || t == PROBE_KFUNC;
}

static int have_kprobes(void)
{
	return !access("/sys/bus/event_source/devices/kprobe/type", R_OK) ||
	       !access("/sys/kernel/tracing/kprobe_events", R_OK) ||
	       !access("/sys/kernel/debug/tracing/kprobe_events", R_OK);
}

int attach__check(const struct probe_set *ps)
{
	struct btf *btf = NULL;
	char name[256];
	int ret = 0;

	for (int i = 0; i < ps->n && !ret; i++) {
		const struct probe *p = &ps->v[i];

		if (is_kernel_probe(p->type) && !have_kprobes()) {
			fprintf(stderr, "record: cannot use '%s': this kernel has no kprobes (CONFIG_KPROBES is off: no kprobe PMU in /sys/bus/event_source/devices)%s\n",
				p->name, p->type == PROBE_KFUNC ?
				"; kfunc needs them as well" : "");
			ret = -1;
		} else if (p->type == PROBE_TRACEPOINT) {
			if (!btf)
				btf = btf__load_vmlinux_btf();
			snprintf(name, sizeof(name), "btf_trace_%s", p->symbol);
			if (btf && btf__find_by_name_kind(btf, name, BTF_KIND_TYPEDEF) < 0) {
				fprintf(stderr, "record: unknown tracepoint '%s': the kernel has no tracepoint named '%s'\n",
					p->name, p->symbol);
				ret = -1;
			}
		} else if ((p->type == PROBE_UPROBE || p->type == PROBE_URETPROBE ||
			    p->type == PROBE_UFUNC) && access(p->path, R_OK)) {
			fprintf(stderr, "record: cannot use '%s': '%s': %s\n",
				p->name, p->path, strerror(errno));
			ret = -1;
		}
	}
	btf__free(btf);
	return ret;
}

void attach__autoload(struct record_bpf *skel, const struct probe_set *ps)
{
	int need[PROBE_USDT + 1] = { 0 };

	for (int i = 0; i < ps->n; i++)
		need[ps->v[i].type] = 1;
	bpf_program__set_autoload(skel->progs.uprobe_entry,
				  need[PROBE_UPROBE] || need[PROBE_UFUNC]);
	bpf_program__set_autoload(skel->progs.uprobe_return,
				  need[PROBE_URETPROBE] || need[PROBE_UFUNC]);
	bpf_program__set_autoload(skel->progs.kprobe_entry,
				  need[PROBE_KPROBE] || need[PROBE_KFUNC]);
	bpf_program__set_autoload(skel->progs.kprobe_return,
				  need[PROBE_KRETPROBE] || need[PROBE_KFUNC]);
	bpf_program__set_autoload(skel->progs.tracepoint_hit,
				  need[PROBE_TRACEPOINT]);
	bpf_program__set_autoload(skel->progs.usdt_hit, need[PROBE_USDT]);
}

static int add_link(struct attachments *a, struct bpf_link *l)
{
	struct bpf_link **v = realloc(a->links, (a->nlinks + 1) * sizeof(*v));

	if (!v) {
		bpf_link__destroy(l);
		return -ENOMEM;
	}
	a->links = v;
	v[a->nlinks++] = l;
	return 0;
}

static int uprobe(struct attachments *a, struct bpf_program *prog,
		  const struct probe *p, int ret_probe, __u64 cookie)
{
	LIBBPF_OPTS(bpf_uprobe_opts, opts, .func_name = p->symbol,
		    .retprobe = ret_probe, .bpf_cookie = cookie);
	struct bpf_link *l;

	l = bpf_program__attach_uprobe_opts(prog, -1, p->path, 0, &opts);
	if (!l) {
		int err = errno;

		if (err == ENOENT)
			fprintf(stderr, "record: cannot attach '%s': no function '%s' in '%s'\n",
				p->name, p->symbol, p->path);
		else
			fprintf(stderr, "record: cannot attach '%s': %s\n",
				p->name, strerror(err));
		return -err;
	}
	return add_link(a, l);
}

static int usdt(struct attachments *a, struct bpf_program *prog,
		const struct probe *p)
{
	LIBBPF_OPTS(bpf_usdt_opts, opts,
		    .usdt_cookie = p->id | (__u64)p->strings << KT_COOKIE_STR);
	struct bpf_link *l;

	l = bpf_program__attach_usdt(prog, -1, p->path, p->category, p->symbol,
				     &opts);
	if (!l) {
		fprintf(stderr, "record: cannot attach '%s': %s\n", p->name,
			strerror(errno));
		return -errno;
	}
	return add_link(a, l);
}

static int kprobe(struct attachments *a, struct bpf_program *prog,
		  const struct probe *p, int ret_probe, __u64 cookie)
{
	LIBBPF_OPTS(bpf_kprobe_opts, opts, .retprobe = ret_probe,
		    .bpf_cookie = cookie);
	struct bpf_link *l;

	l = bpf_program__attach_kprobe_opts(prog, p->symbol, &opts);
	if (!l) {
		fprintf(stderr, "record: cannot attach '%s': %s\n", p->name,
			strerror(errno));
		return -errno;
	}
	return add_link(a, l);
}

/* BPF_RAW_TRACEPOINT_OPEN with the cookie field of Linux 6.10 */
struct raw_tp_attr {
	__u64 name;
	__u32 prog_fd;
	__u32 pad;
	__u64 cookie;
};

static int tracepoint(struct attachments *a, struct bpf_program *prog,
		      const struct probe *p)
{
	union bpf_attr attr;
	struct raw_tp_attr *rt = (struct raw_tp_attr *)&attr.raw_tracepoint;
	int fd, *v;

	_Static_assert(sizeof(attr) >= offsetof(union bpf_attr, raw_tracepoint) +
		       sizeof(*rt), "bpf_attr too small");
	memset(&attr, 0, sizeof(attr));
	rt->name = (__u64)(unsigned long)p->symbol;
	rt->prog_fd = (__u32)bpf_program__fd(prog);
	rt->cookie = p->id;
	fd = (int)syscall(__NR_bpf, BPF_RAW_TRACEPOINT_OPEN, &attr, sizeof(attr));
	if (fd < 0) {
		int err = errno;

		fprintf(stderr, "record: cannot attach '%s': %s%s\n", p->name,
			strerror(err), err == E2BIG || err == EINVAL ?
			" (tracepoint probes need Linux 6.10 or later)" : "");
		return -err;
	}
	v = realloc(a->fds, (a->nfds + 1) * sizeof(*v));
	if (!v) {
		close(fd);
		return -ENOMEM;
	}
	a->fds = v;
	v[a->nfds++] = fd;
	return 0;
}

static int attach_one(struct attachments *a, struct record_bpf *s,
		      const struct probe *p)
{
	__u64 paired = p->id | KT_COOKIE_PAIRED;
	int err;

	switch (p->type) {
	case PROBE_UPROBE:
		return uprobe(a, s->progs.uprobe_entry, p, 0, p->id);
	case PROBE_URETPROBE:
		return uprobe(a, s->progs.uprobe_return, p, 1, p->id);
	case PROBE_UFUNC:
		err = uprobe(a, s->progs.uprobe_entry, p, 0, paired);
		return err ? err : uprobe(a, s->progs.uprobe_return, p, 1, paired);
	case PROBE_KPROBE:
		return kprobe(a, s->progs.kprobe_entry, p, 0, p->id);
	case PROBE_KRETPROBE:
		return kprobe(a, s->progs.kprobe_return, p, 1, p->id);
	case PROBE_KFUNC:
		err = kprobe(a, s->progs.kprobe_entry, p, 0, paired);
		return err ? err : kprobe(a, s->progs.kprobe_return, p, 1, paired);
	case PROBE_TRACEPOINT:
		return tracepoint(a, s->progs.tracepoint_hit, p);
	case PROBE_USDT:
		return usdt(a, s->progs.usdt_hit, p);
	case PROBE_SYSCALL:
		return 0;	/* the skeleton's tp_btf programs */
	}
	return 0;
}

struct attachments *attach__probes(struct record_bpf *skel,
				   const struct probe_set *ps)
{
	struct attachments *a = calloc(1, sizeof(*a));

	if (!a) {
		fprintf(stderr, "record: out of memory\n");
		return NULL;
	}
	for (int i = 0; i < ps->n; i++)
		if (attach_one(a, skel, &ps->v[i])) {
			attachments__free(a);
			return NULL;
		}
	return a;
}

void attachments__free(struct attachments *a)
{
	if (!a)
		return;
	for (int i = 0; i < a->nlinks; i++)
		bpf_link__destroy(a->links[i]);
	for (int i = 0; i < a->nfds; i++)
		close(a->fds[i]);
	free(a->links);
	free(a->fds);
	free(a);
}
