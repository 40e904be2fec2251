// SPDX-License-Identifier: MIT
/*
 * layouts.c - executable mappings of every process over time, from the
 * kernel's mmap notices (see layouts.h).
 *
 * A software dummy event on each CPU, system-wide, counts nothing and
 * samples nothing: it is opened only for its side records (mmap with
 * mmap_data off: executable mappings only; comm with comm_exec; task for
 * fork and exit), stamped with CLOCK_BOOTTIME like the BPF events
 * (sample_id_all). libbpf's raw perf buffer reads them; the PERF_EVENT_ARRAY
 * map it wants is ours and no BPF program uses it. A new mapping ends the
 * overlapped part of older ones at its time, an exec ends them all, a
 * fork copies the parent's; nothing is dropped until the process has
 * been gone for FORGET_NS, so a stack taken before an exec is still
 * unwound with the mappings it ran with.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/perf_event.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "layouts.h"
#include "binfiles.h"

#define NBUCKETS	4096		/* processes hash */
#define SIDE_PAGES	32		/* per CPU, for the mmap notices */
#define FORGET_NS	10000000000ull	/* a gone process's mappings stay */
#define FOREVER		UINT64_MAX
#define MAX_MAPPINGS	4096		/* per process, ended ones pruned */
#define MAX_ANCESTORS	8		/* whose mount namespace is tried */

struct layout {
	uint32_t pid;
	uint32_t ppid;		/* from the fork notice; 0 when unknown */
	int seeded;		/* mappings known: /proc read, or fork/exec seen */
	uint64_t dead_ns;	/* exit time, 0 while alive */
	struct mapping *maps;
	size_t n, cap;
	void *slot;		/* the unwinder's */
	struct layout *next;
};

struct layouts {
	struct layout *buckets[NBUCKETS];
	uint64_t nlayouts;
	struct binfiles *files;
	int map_fd;		/* PERF_EVENT_ARRAY holding the dummy events */
	struct perf_buffer *pb;
	void (*slot_free)(void *);
	uint64_t last_forget;	/* when gone processes were last dropped */
};

static uint64_t boot_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_BOOTTIME, &t);
	return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

/* ---- files ---------------------------------------------------------- */

/* A path without the " (deleted)" the kernel appends to unlinked files. */
static void strip_deleted(char *path)
{
	size_t n = strlen(path), k = strlen(" (deleted)");

	if (n > k && !strcmp(path + n - k, " (deleted)"))
		path[n - k] = 0;
}

static struct layout *lookup(struct layouts *l, uint32_t pid, int create);

/*
 * The i-th place to look for the file pid maps at [start, end) as path:
 * the mapping itself while the process lives, the path in its mount
 * namespace, then in its ancestors' (a container's init outlives a
 * short-lived process). 0 when the known ancestry ends.
 */
static int candidate(struct layouts *l, uint32_t pid, uint64_t start,
		     uint64_t end, const char *path, int i, char *out,
		     size_t size)
{
	struct layout *p;

	if (i == 0) {
		snprintf(out, size, "/proc/%u/map_files/%llx-%llx", pid,
			 (unsigned long long)start, (unsigned long long)end);
		return 1;
	}
	for (i--; i > 0 && pid; i--) {
		p = lookup(l, pid, 0);
		pid = p ? p->ppid : 0;
	}
	if (pid)
		snprintf(out, size, "/proc/%u/root%s", pid, path);
	return pid != 0;
}

/*
 * The file pid maps at [start, end) from path, found as candidate() says;
 * build-id checked when the kernel gave one.
 */
static struct binfile *open_file(struct layouts *l, uint32_t pid,
				 uint64_t start, uint64_t end, const char *name,
				 const unsigned char *id, unsigned id_len)
{
	char path[PATH_MAX], cand[PATH_MAX + 64];
	struct binfile *f = binfiles__find(l->files, id, id_len);
	int fd;

	if (f)
		return f;
	snprintf(path, sizeof(path), "%s", name);
	strip_deleted(path);
	for (int i = 0; i < MAX_ANCESTORS + 3; i++) {
		if (i == MAX_ANCESTORS + 2)	/* last: this machine's file */
			snprintf(cand, sizeof(cand), "%s", path);
		else if (!candidate(l, pid, start, end, path, i, cand,
				    sizeof(cand))) {
			i = MAX_ANCESTORS + 1;	/* no more: on to the last */
			continue;
		}
		fd = open(cand, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		f = binfiles__add(l->files, fd, path, id, id_len);
		if (f)
			return f;
	}
	return NULL;
}

/* ---- processes ------------------------------------------------------ */

static struct layout *lookup(struct layouts *l, uint32_t pid, int create)
{
	struct layout **b = &l->buckets[pid % NBUCKETS], *p;

	for (p = *b; p; p = p->next)
		if (p->pid == pid)
			return p;
	if (!create)
		return NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->pid = pid;
	p->next = *b;
	*b = p;
	l->nlayouts++;
	return p;
}

static void drop_layout(struct layouts *l, struct layout *p)
{
	if (p->slot && l->slot_free)
		l->slot_free(p->slot);
	free(p->maps);
	free(p);
	l->nlayouts--;
}

/* Forget ended mappings that ended long ago (a process that keeps mapping). */
static void prune(struct layout *p, uint64_t now)
{
	size_t k = 0;

	for (size_t i = 0; i < p->n; i++)
		if (p->maps[i].to_ns == FOREVER ||
		    p->maps[i].to_ns + FORGET_NS > now)
			p->maps[k++] = p->maps[i];
	p->n = k;
}

static struct mapping *push(struct layout *p, const struct mapping *m)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 16;
		struct mapping *g;

		if (cap > MAX_MAPPINGS) {
			prune(p, boot_now());
			if (p->n == p->cap)
				return NULL;
			cap = p->cap;
		}
		g = realloc(p->maps, cap * sizeof(*g));
		if (!g)
			return NULL;
		p->maps = g;
		p->cap = cap;
	}
	p->maps[p->n] = *m;
	return &p->maps[p->n++];
}

/*
 * A new mapping at ts: the parts of the valid ones it covers end there,
 * what they keep outside it stays valid.
 */
static void insert(struct layout *p, const struct mapping *m)
{
	size_t n = p->n;

	for (size_t i = 0; i < n; i++) {
		struct mapping old = p->maps[i], piece;

		if (old.to_ns != FOREVER || old.end <= m->start ||
		    old.start >= m->end)
			continue;
		p->maps[i].to_ns = m->from_ns;
		piece = old;
		if (old.start < m->start) {
			piece.end = m->start;
			push(p, &piece);
		}
		if (old.end > m->end) {
			piece = old;
			piece.start = m->end;
			piece.pgoff = old.pgoff + (m->end - old.start);
			push(p, &piece);
		}
	}
	push(p, m);
}

/* The executable file mappings of a live process, valid since ever. */
static void seed_from_proc(struct layouts *l, struct layout *p)
{
	char path[64], line[PATH_MAX + 128], perms[8], file[PATH_MAX];
	unsigned long long start, end, off;
	FILE *f;

	p->seeded = 1;
	snprintf(path, sizeof(path), "/proc/%u/maps", p->pid);
	f = fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		struct mapping m = { .to_ns = FOREVER };

		if (sscanf(line, "%llx-%llx %7s %llx %*s %*s %4095[^\n]", &start,
			   &end, perms, &off, file) != 5 ||
		    file[0] != '/' || !strchr(perms, 'x'))
			continue;
		m.start = start;
		m.end = end;
		m.pgoff = off;
		m.file = open_file(l, p->pid, start, end, file, NULL, 0);
		insert(p, &m);
	}
	fclose(f);
}

static struct layout *known(struct layouts *l, uint32_t pid)
{
	struct layout *p = lookup(l, pid, 1);

	if (p && !p->seeded)
		seed_from_proc(l, p);
	return p;
}

/* ---- the kernel's notices ------------------------------------------- */

struct sample_id {
	__u32 pid, tid;
	__u64 time;
};

struct mmap2 {
	struct perf_event_header h;
	__u32 pid, tid;
	__u64 addr, len, pgoff;
	__u8 build_id_size, res1;
	__u16 res2;
	__u8 build_id[20];
	__u32 prot, flags;
	char filename[];
};

struct task_rec {
	struct perf_event_header h;
	__u32 pid, ppid, tid, ptid;
	__u64 time;
};

struct comm_rec {
	struct perf_event_header h;
	__u32 pid, tid;
	char comm[];
};

static const struct sample_id *trailer(const struct perf_event_header *h)
{
	return (const void *)((const char *)h + h->size - sizeof(struct sample_id));
}

static void on_mmap(struct layouts *l, const struct mmap2 *r)
{
	const struct sample_id *id = trailer(&r->h);
	size_t room = r->h.size - sizeof(*r) - sizeof(*id);
	char name[PATH_MAX];
	struct mapping m = { .start = r->addr, .end = r->addr + r->len,
			     .pgoff = r->pgoff, .from_ns = id->time,
			     .to_ns = FOREVER };
	struct layout *p = known(l, r->pid);
	int has_id = r->h.misc & PERF_RECORD_MISC_MMAP_BUILD_ID;

	if (!p || room >= sizeof(name))
		return;
	memcpy(name, r->filename, room);
	name[room] = 0;
	if (name[0] != '/' || name[1] == '/')
		return;		/* //anon (JIT), [vdso]: no file */
	m.file = open_file(l, r->pid, m.start, m.end, name, r->build_id,
			   has_id && r->build_id_size <= 20 ? r->build_id_size : 0);
	insert(p, &m);
}

static void on_exec(struct layouts *l, uint32_t pid, uint64_t ts)
{
	struct layout *p = lookup(l, pid, 1);

	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		if (p->maps[i].to_ns == FOREVER)
			p->maps[i].to_ns = ts;
	p->seeded = 1;
}

static void on_task_fork(struct layouts *l, const struct task_rec *r)
{
	struct layout *parent, *child;

	if (r->pid == r->ppid)
		return;		/* a thread: same mappings */
	parent = known(l, r->ppid);
	child = lookup(l, r->pid, 1);
	if (!parent || !child)
		return;
	child->seeded = 1;
	child->dead_ns = 0;
	child->ppid = r->ppid;
	for (size_t i = 0; i < parent->n; i++)
		if (parent->maps[i].to_ns == FOREVER)
			push(child, &parent->maps[i]);
}

static void on_task_exit(struct layouts *l, const struct task_rec *r)
{
	struct layout *p = r->pid == r->tid ? lookup(l, r->pid, 0) : NULL;

	if (p)
		p->dead_ns = r->time;
}

static enum bpf_perf_event_ret on_side(void *ctx, int cpu,
				       struct perf_event_header *h)
{
	struct layouts *l = ctx;

	(void)cpu;
	if (h->type == PERF_RECORD_MMAP2 &&
	    h->size >= sizeof(struct mmap2) + sizeof(struct sample_id))
		on_mmap(l, (const struct mmap2 *)h);
	else if (h->type == PERF_RECORD_COMM &&
		 (h->misc & PERF_RECORD_MISC_COMM_EXEC) &&
		 h->size >= sizeof(struct comm_rec) + sizeof(struct sample_id))
		on_exec(l, ((const struct comm_rec *)h)->pid, trailer(h)->time);
	else if (h->type == PERF_RECORD_FORK &&
		 h->size >= sizeof(struct task_rec))
		on_task_fork(l, (const struct task_rec *)h);
	else if (h->type == PERF_RECORD_EXIT &&
		 h->size >= sizeof(struct task_rec))
		on_task_exit(l, (const struct task_rec *)h);
	/* PERF_RECORD_LOST: the /proc fallback and the truncation marker
	 * cover what goes missing */
	return LIBBPF_PERF_EVENT_CONT;
}

/* Forget processes gone for FORGET_NS. */
static void forget_dead(struct layouts *l)
{
	uint64_t now = boot_now();

	for (int b = 0; b < NBUCKETS; b++) {
		struct layout **pp = &l->buckets[b];

		while (*pp) {
			struct layout *p = *pp;

			if (p->dead_ns && p->dead_ns + FORGET_NS < now) {
				*pp = p->next;
				drop_layout(l, p);
			} else {
				pp = &p->next;
			}
		}
	}
}

struct layouts *layouts__new(void)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE,
		.config = PERF_COUNT_SW_DUMMY,
		.size = sizeof(attr),
		.sample_type = PERF_SAMPLE_TID | PERF_SAMPLE_TIME,
		.mmap = 1, .mmap2 = 1, .comm = 1, .comm_exec = 1, .task = 1,
		.build_id = 1, .sample_id_all = 1,
		.use_clockid = 1, .clockid = CLOCK_BOOTTIME,
		.wakeup_events = 1,	/* at once: the process may be short-lived */
	};
	struct layouts *l = calloc(1, sizeof(*l));
	struct rlimit rl;
	int ncpu = libbpf_num_possible_cpus(), err;

	if (!l)
		return NULL;
	l->map_fd = -1;
	l->files = binfiles__new();
	if (!l->files) {
		err = ENOMEM;
		goto out_free;
	}
	/* one descriptor per mapped file: lift the soft limit of 1024 */
	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	l->map_fd = bpf_map_create(BPF_MAP_TYPE_PERF_EVENT_ARRAY, "kt_layouts",
				   sizeof(int), sizeof(int),
				   ncpu > 0 ? (unsigned)ncpu : 1, NULL);
	if (l->map_fd < 0) {
		err = -l->map_fd;
		goto out_free;
	}
	l->pb = perf_buffer__new_raw(l->map_fd, SIDE_PAGES, &attr, on_side, l,
				     NULL);
	if (!l->pb) {
		err = errno;
		goto out_free;
	}
	return l;

out_free:
	layouts__free(l);
	errno = err;
	return NULL;
}

int layouts__fd(const struct layouts *l)
{
	return l ? perf_buffer__epoll_fd(l->pb) : -1;
}

void layouts__poll(struct layouts *l)
{
	uint64_t now;

	if (!l)
		return;
	perf_buffer__consume(l->pb);
	now = boot_now();
	if (now - l->last_forget > FORGET_NS / 4) {
		forget_dead(l);
		l->last_forget = now;
	}
}

static int valid_at(const struct mapping *m, uint64_t ts)
{
	return m->from_ns <= ts && ts < m->to_ns;
}

int layouts__at(struct layouts *l, uint32_t pid, uint64_t ts,
		const struct mapping **out, int max)
{
	struct layout *p = known(l, pid);
	int n = 0;

	for (size_t i = 0; p && i < p->n && n < max; i++)
		if (valid_at(&p->maps[i], ts))
			out[n++] = &p->maps[i];
	return n;
}

const struct mapping *layouts__find(struct layouts *l, uint32_t pid,
				    uint64_t addr, uint64_t ts)
{
	struct layout *p = known(l, pid);
	const struct mapping *best = NULL;

	for (size_t i = 0; p && i < p->n; i++) {
		const struct mapping *m = &p->maps[i];

		/* the latest-born of the candidates: a piece of a split
		 * mapping and its whole are the same file anyway */
		if (addr >= m->start && addr < m->end && valid_at(m, ts) &&
		    (!best || m->from_ns >= best->from_ns))
			best = m;
	}
	return best;
}

void **layouts__slot(struct layouts *l, uint32_t pid)
{
	struct layout *p = known(l, pid);

	return p ? &p->slot : NULL;
}

void layouts__set_slot_free(struct layouts *l, void (*fn)(void *))
{
	l->slot_free = fn;
}

void layouts__free(struct layouts *l)
{
	if (!l)
		return;
	perf_buffer__free(l->pb);
	if (l->map_fd >= 0)
		close(l->map_fd);
	for (int b = 0; b < NBUCKETS; b++)
		while (l->buckets[b]) {
			struct layout *p = l->buckets[b];

			l->buckets[b] = p->next;
			drop_layout(l, p);
		}
	binfiles__free(l->files);
	free(l);
}
