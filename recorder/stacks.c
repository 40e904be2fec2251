// SPDX-License-Identifier: MIT
/*
 * stacks.c - read stack-map buckets once, symbolize, write STACK records.
 *
 * Kernel frames are instruction pointers, looked up in /proc/kallsyms.
 * User frames come from a BPF_F_STACK_BUILD_ID map: (build-id, file
 * offset) pairs the kernel filled in while the mapping existed. The
 * recorder knows binaries by build-id from three sources, read while the
 * processes live: its own mappings (the C library every workload shares),
 * the executable of every exec, and /proc/PID/maps of the processes it can
 * still see. A frame the kernel could only give as an IP is resolved
 * through the process's /proc/PID/maps when the process is still there.
 * Unresolved frames keep their address, build-id and (when known) module.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <linux/bpf.h>
#include "stacks.h"
#include "elfsyms.h"
#include "ksyms.h"
#include "recycle.h"
#include "ustacks.h"
#include "writer.h"
#include "bpf/ktrail.h"
#include "schema/codec.h"

#define MAX_BINARIES 4096

/* A stack-map bucket becomes one STACK record, frame for frame. */
_Static_assert(KT_STACK_DEPTH == KT_MAX_FRAMES, "kernel stacks fit a record");
_Static_assert(KT_USTACK_DEPTH <= KT_MAX_FRAMES, "user stacks fit a record");

struct stacks {
	int kfd, ufd;
	uint32_t kcap, ucap;	/* buckets in each map */
	uint32_t *kid, *uid;	/* bucket -> trace id, 0 = not yet read */
	struct writer *w;
	struct ksyms *ksyms;
	struct elfsyms **bins;	/* every ELF file indexed so far */
	size_t nbins;
	char **paths;		/* every path tried, good or not */
	size_t npaths;
	uint32_t next_id;
	uint64_t errors;
	__u64 *ips;				/* one kernel bucket */
	struct bpf_stack_build_id *ubuf;	/* one user bucket */
	struct ustacks *ucopy;			/* --stacks=user */
	struct recycle *krec, *urec;		/* buckets given back */
};

static uint32_t map_entries(int fd)
{
	struct bpf_map_info info = { 0 };
	__u32 len = sizeof(info);

	if (fd < 0 || bpf_obj_get_info_by_fd(fd, &info, &len))
		return 0;
	return info.max_entries;
}

struct stacks *stacks__new(int kfd, int ufd, uint64_t *ucopy_done,
			   struct writer *w)
{
	struct stacks *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->kfd = kfd;
	s->ufd = ufd;
	s->w = w;
	s->next_id = 1;
	s->kcap = map_entries(kfd);
	s->ucap = map_entries(ufd);
	s->kid = calloc(s->kcap + 1, sizeof(*s->kid));
	s->uid = calloc(s->ucap + 1, sizeof(*s->uid));
	s->ips = calloc(KT_STACK_DEPTH, sizeof(*s->ips));
	s->ubuf = calloc(KT_USTACK_DEPTH, sizeof(*s->ubuf));
	if (kfd >= 0)
		s->krec = recycle__new(kfd, s->kcap, s->kid);
	if (ufd >= 0)
		s->urec = recycle__new(ufd, s->ucap, s->uid);
	if (!s->kid || !s->uid || !s->ips || !s->ubuf ||
	    (kfd >= 0 && !s->krec) || (ufd >= 0 && !s->urec)) {
		stacks__free(s);
		errno = ENOMEM;
		return NULL;
	}
	if (ucopy_done &&
	    !(s->ucopy = ustacks__new(w, &s->next_id, ucopy_done))) {
		int err = errno;

		stacks__free(s);
		errno = err;
		return NULL;
	}
	if (kfd >= 0)
		s->ksyms = ksyms__load();	/* NULL: addresses only */
	if (ufd >= 0)
		stacks__exec(s, 0, NULL);	/* our own libc and loader */
	return s;
}

/* Index the ELF file at path once. */
static void index_path(struct stacks *s, const char *path)
{
	struct elfsyms *e;
	char **p;

	for (size_t i = 0; i < s->npaths; i++)
		if (!strcmp(s->paths[i], path))
			return;
	if (s->nbins >= MAX_BINARIES)
		return;
	p = realloc(s->paths, (s->npaths + 1) * sizeof(*p));
	if (!p)
		return;
	s->paths = p;
	p[s->npaths] = strdup(path);
	if (!p[s->npaths])
		return;
	s->npaths++;
	e = elfsyms__open(path);
	if (e) {
		struct elfsyms **b = realloc(s->bins, (s->nbins + 1) * sizeof(*b));

		if (!b) {
			elfsyms__free(e);
			return;
		}
		s->bins = b;
		b[s->nbins++] = e;
	}
}

/*
 * Walk /proc/PID/maps (pid 0: our own): index each executable file
 * mapping, and when want_addr is non-zero return the path and file offset
 * of the mapping that holds it.
 */
static const char *walk_maps(struct stacks *s, uint32_t pid, uint64_t want_addr,
			     uint64_t *file_off)
{
	static char found[PATH_MAX];
	char path[64], line[PATH_MAX + 128], perms[8], file[PATH_MAX];
	unsigned long long start, end, off;
	const char *ret = NULL;
	FILE *f;

	if (pid)
		snprintf(path, sizeof(path), "/proc/%u/maps", pid);
	else
		snprintf(path, sizeof(path), "/proc/self/maps");
	f = fopen(path, "re");
	if (!f)
		return NULL;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx-%llx %7s %llx %*s %*s %4095[^\n]", &start,
			   &end, perms, &off, file) != 5 ||
		    file[0] != '/' || !strchr(perms, 'x'))
			continue;
		index_path(s, file);
		if (want_addr >= start && want_addr < end && !ret) {
			snprintf(found, sizeof(found), "%s", file);
			*file_off = want_addr - start + off;
			ret = found;
		}
	}
	fclose(f);
	return ret;
}

void stacks__exec(struct stacks *s, uint32_t pid, const char *exe)
{
	char path[PATH_MAX];

	if (!s || s->ufd < 0)
		return;
	walk_maps(s, pid, 0, NULL);
	if (!exe)
		return;
	if (exe[0] != '/') {
		/* relative to the process's cwd; ours is the best guess once it is gone */
		if (realpath(exe, path))
			index_path(s, path);
		return;
	}
	index_path(s, exe);
}

static struct elfsyms *find_build_id(struct stacks *s, const unsigned char *id)
{
	for (size_t i = 0; i < s->nbins; i++) {
		unsigned len;
		const unsigned char *b = elfsyms__build_id(s->bins[i], &len);

		if (len && !memcmp(b, id, len))
			return s->bins[i];
	}
	return NULL;
}

static struct elfsyms *find_path(struct stacks *s, const char *path)
{
	for (size_t i = 0; i < s->nbins; i++)
		if (!strcmp(elfsyms__path(s->bins[i]), path))
			return s->bins[i];
	return NULL;
}

static void hex(char *out, const unsigned char *b, unsigned len)
{
	for (unsigned i = 0; i < len; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
	out[2 * len] = 0;
}

static uint32_t emit(struct stacks *s, struct kt_stack *st)
{
	st->id = s->next_id++;
	writer__stack(s->w, st);	/* a failure is the writer's to report */
	return st->id;
}

/*
 * The BPF program and the tracepoint glue that called it (bpf_prog_*,
 * bpf_trace_run*, __bpf_trace_*): on top of every kernel stack a probe
 * takes, and part of the recorder rather than of what it records.
 */
static int is_probe_frame(const char *name)
{
	return !strncmp(name, "bpf_prog_", 9) ||
	       !strncmp(name, "bpf_trace_run", 13) ||
	       !strncmp(name, "__bpf_trace_", 12) ||
	       !strncmp(name, "__traceiter_", 12);
}

uint32_t stacks__kernel_id(struct stacks *s, int32_t bucket)
{
	struct kt_frame f[KT_STACK_DEPTH];
	struct kt_stack st = { .kind = KT_STACK_KERNEL, .frames = f };
	__u32 key = (__u32)bucket;

	if (bucket < 0 || (uint32_t)bucket >= s->kcap)
		return 0;
	if (s->kid[bucket])
		return s->kid[bucket];
	if (bpf_map_lookup_elem(s->kfd, &key, s->ips)) {
		s->errors++;
		return 0;
	}
	for (int i = 0, top = 1; i < KT_STACK_DEPTH && s->ips[i]; i++) {
		const struct ksym *k = ksyms__find(s->ksyms, s->ips[i]);
		struct kt_frame *fr = &f[st.nframes];

		/* the innermost frames are the probe itself: not the workload's */
		if (top && k && is_probe_frame(k->name))
			continue;
		top = 0;
		memset(fr, 0, sizeof(*fr));
		fr->addr = s->ips[i];
		if (k) {
			fr->symbol = kt_str(k->name);
			fr->module = kt_str(k->module);
			fr->offset = s->ips[i] - k->addr;
		}
		st.nframes++;
	}
	recycle__read(s->krec, (uint32_t)bucket);
	return s->kid[bucket] = emit(s, &st);
}

/* Fill f for one user frame; names point into s's caches or the buffers. */
static void user_frame(struct stacks *s, uint32_t pid,
		       const struct bpf_stack_build_id *b, struct kt_frame *f,
		       char *idhex)
{
	struct elfsyms *e = NULL;
	const char *name;
	uint64_t off = 0, delta = 0;

	memset(f, 0, sizeof(*f));
	if (b->status == BPF_STACK_BUILD_ID_VALID) {
		f->addr = b->offset;
		hex(idhex, b->build_id, 20);
		f->build_id = kt_str(idhex);
		off = b->offset;
		e = find_build_id(s, b->build_id);
		if (!e) {
			walk_maps(s, pid, 0, NULL);	/* maybe a dlopen */
			e = find_build_id(s, b->build_id);
		}
	} else {
		const char *path = walk_maps(s, pid, b->ip, &off);

		f->addr = b->ip;
		e = path ? find_path(s, path) : NULL;
		if (!e && path)
			f->module = kt_str(path);
	}
	if (!e)
		return;
	f->module = kt_str(elfsyms__path(e));
	name = elfsyms__find_offset(e, off, &delta);
	if (name) {
		f->symbol = kt_str(name);
		f->offset = delta;
	}
}

uint32_t stacks__user_id(struct stacks *s, int32_t bucket, uint32_t pid)
{
	static char ids[KT_USTACK_DEPTH][41];
	struct kt_frame f[KT_USTACK_DEPTH];
	struct kt_stack st = { .kind = KT_STACK_USER, .pid = pid, .frames = f };
	__u32 key = (__u32)bucket;

	if (bucket < 0 || (uint32_t)bucket >= s->ucap)
		return 0;
	if (s->uid[bucket])
		return s->uid[bucket];
	if (bpf_map_lookup_elem(s->ufd, &key, s->ubuf)) {
		s->errors++;
		return 0;
	}
	for (int i = 0; i < KT_USTACK_DEPTH; i++) {
		if (s->ubuf[i].status == BPF_STACK_BUILD_ID_EMPTY)
			break;
		user_frame(s, pid, &s->ubuf[i], &f[i], ids[i]);
		st.nframes++;
	}
	recycle__read(s->urec, (uint32_t)bucket);
	return s->uid[bucket] = emit(s, &st);
}

void stacks__user_copy(struct stacks *s, const void *data, size_t size)
{
	if (s)
		ustacks__copy(s->ucopy, data, size);
}

uint32_t stacks__user_take(struct stacks *s, uint32_t tid, uint64_t ts_ns)
{
	return s ? ustacks__take(s->ucopy, tid, ts_ns) : 0;
}

int stacks__fd(const struct stacks *s)
{
	return s ? ustacks__fd(s->ucopy) : -1;
}

void stacks__poll(struct stacks *s)
{
	if (!s)
		return;
	ustacks__poll(s->ucopy);
	recycle__tick(s->krec);
	recycle__tick(s->urec);
}

uint64_t stacks__errors(const struct stacks *s)
{
	return s ? s->errors + ustacks__truncated(s->ucopy) : 0;
}

void stacks__free(struct stacks *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nbins; i++)
		elfsyms__free(s->bins[i]);
	for (size_t i = 0; i < s->npaths; i++)
		free(s->paths[i]);
	free(s->bins);
	free(s->paths);
	ksyms__free(s->ksyms);
	ustacks__free(s->ucopy);
	recycle__free(s->krec);
	recycle__free(s->urec);
	free(s->kid);
	free(s->uid);
	free(s->ips);
	free(s->ubuf);
	free(s);
}
