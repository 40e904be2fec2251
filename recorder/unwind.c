// SPDX-License-Identifier: MIT
/*
 * unwind.c - unwind user stack copies with elfutils' libdwfl.
 *
 * The BPF side sends the user registers and the top of the user stack of
 * an event (bpf/stacks.bpf.h); this is the other half of perf's
 * --call-graph dwarf. Each process gets one Dwfl, its modules reported
 * from the executable mappings it had at the copy's time (layouts.c) and
 * rebuilt when that set changes (a dlopen, an exec). libdwfl walks the
 * frames with each module's .eh_frame (or .debug_frame) and, where a
 * module has no call-frame information for an address, with the frame
 * pointer (its x86-64 backend does both). Its memory reads are served
 * from the copy: a walk that needs a word above the copied bytes stops
 * there, and the stack is marked truncated by the caller.
 *
 * Cached Dwfls are bounded (MAX_DWFLS, least recently used goes): each
 * holds the parsed unwind tables of a process's libraries.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dwarf.h>
#include <elfutils/libdwfl.h>
#include <gelf.h>
#include "unwind.h"
#include "binfiles.h"
#include "elfsyms.h"
#include "layouts.h"
#include "bpf/ktrail.h"

#define MAX_DWFLS	16	/* processes with parsed unwind tables (each
				 * holds its libraries' ELF handles and CFI:
				 * 64 of them took 290 MiB in a -a run) */
#define MAX_MODULES	512	/* mappings reported per process */
#define ENTRY_CODE	64	/* bytes of _start before its first call returns */
#define MAX_READS	512	/* stack words one walk may read (cached) */
#define CACHE_SLOTS	4096	/* walks remembered */
#define CACHE_WAYS	4	/* per (pid, pc, sp) hash */
#define MAX_WALK	128	/* frames: the callers ask for fewer */

/*
 * A walk, remembered. On x86-64 a frame's canonical frame address is
 * computed from rsp or rbp; rsp of the next frame is that address, rbp is
 * the caller's, kept or restored from the stack. So a copy of the same
 * process with the same pc, sp and bp, whose stack holds the same return
 * addresses and saved frame pointers where the walk found them, takes the
 * same steps: the result is reused. The words the walk read that held a
 * return address or a frame's rbp are the ones compared (libdwfl also
 * reads every other saved register, which differ from call to call and
 * play no part in the walk). A loop that makes the same call from the
 * same place, the common case for a syscall, is unwound once. Only walks
 * that reached the outermost frame are remembered.
 */
struct walk_cache {
	uint32_t pid;
	uint64_t sig;		/* the mapping set */
	uint64_t pc, sp, bp;
	uint16_t nreads, nips;
	uint8_t complete;
	uint8_t needs_bp;	/* a frame's CFA came from the initial rbp */
	uint32_t *offs;		/* nreads stack offsets from sp */
	uint64_t *vals;		/* the words read there */
	uint64_t *ips;		/* the result */
};

/* One process's Dwfl (a layouts slot). */
struct pdwfl {
	Dwfl *dwfl;
	uint64_t sig;		/* the mapping set it was built from */
	uint64_t used;		/* w->clock at the last use */
	int in_live;		/* counted in w->live */
	struct unwind *w;
};

struct unwind {
	struct layouts *l;
	const struct kt_bpf_ustack *cur;	/* the copy being unwound */
	const unsigned char *cur_data;		/* its stack bytes */
	size_t cur_size;			/* how many */
	int read_failed;			/* the walk wanted more */
	uint64_t clock;
	struct pdwfl *live[MAX_DWFLS];
	int nlive;
	uint32_t reads_off[MAX_READS];	/* what the current walk read */
	uint64_t reads_val[MAX_READS];
	int nreads;			/* > MAX_READS: not cacheable */
	struct walk_cache *cache;	/* CACHE_SLOTS */
	unsigned next_way;		/* the way a new walk replaces */
};

struct walk {
	uint64_t *ips;
	uint64_t bps[MAX_WALK];	/* each frame's rbp */
	uint64_t sps[MAX_WALK];	/* each frame's rsp: the CFA of the one inside */
	int nregs;		/* frames with both known, from the first */
	int n, max;
};

static int no_debuginfo(Dwfl_Module *mod, void **userdata, const char *name,
			Dwarf_Addr base, const char *file, const char *link,
			GElf_Word crc, char **debuginfo_name)
{
	(void)mod; (void)userdata; (void)name; (void)base; (void)file;
	(void)link; (void)crc; (void)debuginfo_name;
	return -1;	/* .eh_frame is enough; never search for more */
}

static const Dwfl_Callbacks dwfl_cbs = {
	.find_elf = dwfl_linux_proc_find_elf,
	.find_debuginfo = no_debuginfo,
};

static pid_t next_thread(Dwfl *dwfl, void *arg, void **thread_arg)
{
	struct unwind *w = arg;

	(void)dwfl;
	if (*thread_arg)
		return 0;
	*thread_arg = arg;
	return (pid_t)w->cur->tid;
}

static bool get_thread(Dwfl *dwfl, pid_t tid, void *arg, void **thread_arg)
{
	(void)dwfl;
	(void)tid;
	*thread_arg = arg;
	return true;
}

static bool memory_read(Dwfl *dwfl, Dwarf_Addr addr, Dwarf_Word *result,
			void *arg)
{
	struct unwind *w = arg;
	uint64_t sp = w->cur->regs[7];

	(void)dwfl;
	if (addr < sp || addr - sp > w->cur_size ||
	    w->cur_size - (addr - sp) < sizeof(*result)) {
		w->read_failed = 1;
		return false;
	}
	memcpy(result, w->cur_data + (addr - sp), sizeof(*result));
	if (w->nreads < MAX_READS) {
		w->reads_off[w->nreads] = (uint32_t)(addr - sp);
		w->reads_val[w->nreads] = *result;
	}
	w->nreads++;
	return true;
}

static bool set_initial_registers(Dwfl_Thread *thread, void *arg)
{
	struct unwind *w = arg;
	Dwarf_Word regs[KT_UREGS];

	memcpy(regs, w->cur->regs, sizeof(regs));
	return dwfl_thread_state_registers(thread, 0, KT_UREGS, regs);
}

static const Dwfl_Thread_Callbacks thread_cbs = {
	.next_thread = next_thread,
	.get_thread = get_thread,
	.memory_read = memory_read,
	.set_initial_registers = set_initial_registers,
};

static void pdwfl_free(void *slot)
{
	struct pdwfl *d = slot;
	struct unwind *w;

	if (!d)
		return;
	w = d->w;
	for (int i = 0; d->in_live && i < w->nlive; i++)
		if (w->live[i] == d) {
			w->live[i] = w->live[--w->nlive];
			break;
		}
	if (d->dwfl)
		dwfl_end(d->dwfl);
	free(d);
}

struct unwind *unwind__new(struct layouts *l)
{
	struct unwind *w = calloc(1, sizeof(*w));

	if (!w)
		return NULL;
	w->l = l;
	w->cache = calloc(CACHE_SLOTS, sizeof(*w->cache));
	if (!w->cache) {
		free(w);
		return NULL;
	}
	layouts__set_slot_free(l, pdwfl_free);
	return w;
}

static uint64_t mix(uint64_t h, uint64_t v)
{
	return (h ^ v) * 0x100000001b3ull;
}

/* Report each file of maps once, at the bias its mapping gives. */
static Dwfl *build(struct unwind *w, uint32_t pid,
		   const struct mapping **maps, int n)
{
	Dwfl *dwfl = dwfl_begin(&dwfl_cbs);
	int reported = 0;

	if (!dwfl)
		return NULL;
	dwfl_report_begin(dwfl);
	for (int i = 0; i < n; i++) {
		const struct binfile *f = maps[i]->file;
		uint64_t vaddr;
		int dup_fd, seen = 0;

		if (!f || elfsyms__vaddr(f->syms, maps[i]->pgoff, &vaddr))
			continue;
		for (int j = 0; j < i && !seen; j++)
			seen = maps[j]->file == f;
		if (seen || (dup_fd = dup(f->fd)) < 0)
			continue;
		/* bias: where the file's vaddr 0 sits in this process */
		if (dwfl_report_elf(dwfl, f->path, f->path, dup_fd,
				    maps[i]->start - vaddr, true))
			reported++;
		else
			close(dup_fd);
	}
	dwfl_report_end(dwfl, NULL, NULL);
	if (!reported || !dwfl_attach_state(dwfl, NULL, (pid_t)pid,
					    &thread_cbs, w)) {
		dwfl_end(dwfl);
		return NULL;
	}
	return dwfl;
}

/* Make room for one more cached Dwfl: the least recently used goes. */
static void evict(struct unwind *w)
{
	struct pdwfl *old;
	int k = 0;

	if (w->nlive < MAX_DWFLS)
		return;
	for (int i = 1; i < w->nlive; i++)
		if (w->live[i]->used < w->live[k]->used)
			k = i;
	old = w->live[k];
	if (old->dwfl)
		dwfl_end(old->dwfl);
	old->dwfl = NULL;
	old->sig = 0;
	old->in_live = 0;
	w->live[k] = w->live[--w->nlive];
}

/* The mappings of pid valid at ts into maps, their count in *n; a
 * signature of the set (walks are remembered for one set). */
static uint64_t mapping_set(struct unwind *w, uint32_t pid, uint64_t ts,
			    const struct mapping **maps, int *n)
{
	uint64_t sig = 0xcbf29ce484222325ull;

	*n = layouts__at(w->l, pid, ts, maps, MAX_MODULES);
	for (int i = 0; i < *n; i++)
		sig = mix(mix(sig, maps[i]->start), (uintptr_t)maps[i]->file);
	return sig;
}

/* The Dwfl of pid for the mapping set maps (n of them, signature sig). */
static Dwfl *dwfl_for(struct unwind *w, uint32_t pid,
		      const struct mapping **maps, int n, uint64_t sig)
{
	void **slot = layouts__slot(w->l, pid);
	struct pdwfl *d;

	if (!slot)
		return NULL;
	d = *slot;
	if (!d) {
		d = calloc(1, sizeof(*d));
		if (!d)
			return NULL;
		d->w = w;
		*slot = d;
	}
	d->used = ++w->clock;
	if (d->dwfl && d->sig == sig)
		return d->dwfl;
	if (d->dwfl) {
		dwfl_end(d->dwfl);
		d->dwfl = NULL;
	}
	if (!d->in_live) {
		evict(w);
		w->live[w->nlive++] = d;
		d->in_live = 1;
	}
	d->sig = sig;
	d->dwfl = build(w, pid, maps, n);
	return d->dwfl;
}

/*
 * Whether pc, where a walk stopped, is in an ELF entry point: the dynamic
 * loader's _start has no call-frame information (and the frame pointer is
 * 0 there, as the ABI wants of the outermost frame), yet nothing calls it.
 */
static int at_entry(Dwfl *dwfl, Dwarf_Addr pc)
{
	Dwfl_Module *mod = dwfl_addrmodule(dwfl, pc);
	GElf_Ehdr eh;
	Dwarf_Addr bias;
	Elf *elf = mod ? dwfl_module_getelf(mod, &bias) : NULL;

	if (!elf || !gelf_getehdr(elf, &eh))
		return 0;
	return pc >= eh.e_entry + bias && pc < eh.e_entry + bias + ENTRY_CODE;
}

static int on_frame(Dwfl_Frame *state, void *arg)
{
	struct walk *wk = arg;
	Dwarf_Addr pc;

	if (!dwfl_frame_pc(state, &pc, NULL))
		return DWARF_CB_ABORT;
	if (wk->n >= wk->max)
		return DWARF_CB_ABORT;
	wk->ips[wk->n++] = pc;
	if (wk->nregs == wk->n - 1 && wk->nregs < MAX_WALK &&
	    dwfl_frame_reg(state, 6, &wk->bps[wk->nregs]) == 0 &&
	    dwfl_frame_reg(state, 7, &wk->sps[wk->nregs]) == 0)
		wk->nregs++;
	return DWARF_CB_OK;
}

/* The CACHE_WAYS slots where a walk of u's pid, pc and sp may be. */
static struct walk_cache *cache_set(struct unwind *w,
				    const struct kt_bpf_ustack *u)
{
	uint64_t h = (u->pid * 0x9e3779b97f4a7c15ull) ^ u->regs[16] ^
		     (u->regs[7] << 7);

	return &w->cache[((h ^ (h >> 29)) % (CACHE_SLOTS / CACHE_WAYS)) *
			 CACHE_WAYS];
}

/* The remembered walk for u, or NULL. */
static const struct walk_cache *cache_find(struct unwind *w,
					   const struct kt_bpf_ustack *u,
					   const unsigned char *stack,
					   size_t size, uint64_t sig)
{
	const struct walk_cache *set = cache_set(w, u);

	for (int k = 0; k < CACHE_WAYS; k++) {
		const struct walk_cache *c = &set[k];
		int i;

		if (!c->ips || c->pid != u->pid || c->sig != sig ||
		    c->pc != u->regs[16] || c->sp != u->regs[7] ||
		    (c->needs_bp && c->bp != u->regs[6]))
			continue;
		for (i = 0; i < c->nreads; i++) {
			uint64_t v;

			if (c->offs[i] > size || size - c->offs[i] < sizeof(v))
				break;
			memcpy(&v, stack + c->offs[i], sizeof(v));
			if (v != c->vals[i])
				break;
		}
		if (i == c->nreads)
			return c;
	}
	return NULL;
}

/*
 * Whether frame k's CFA is rbp + 16, as in a function that keeps a frame
 * pointer (push %rbp; mov %rsp,%rbp): then its rbp decides the walk.
 */
static int uses_bp(const struct walk *wk, int k)
{
	return wk->sps[k + 1] == wk->bps[k] + 16;
}

/* Keep only the reads of a return address or of a frame pointer in use. */
static int significant_reads(struct unwind *w, const struct walk *wk)
{
	int k = 0;

	for (int i = 0; i < w->nreads; i++) {
		uint64_t v = w->reads_val[i];
		int keep = 0;

		for (int j = 1; j < wk->n && !keep; j++)
			keep = v == wk->ips[j];
		for (int j = 0; j + 1 < wk->nregs && !keep; j++)
			keep = v == wk->bps[j] && uses_bp(wk, j);
		if (keep) {
			w->reads_off[k] = w->reads_off[i];
			w->reads_val[k++] = v;
		}
	}
	return k;
}

static void cache_put(struct unwind *w, const struct kt_bpf_ustack *u,
		      uint64_t sig, const struct walk *wk)
{
	struct walk_cache *c = &cache_set(w, u)[w->next_way++ % CACHE_WAYS];
	const uint64_t *ips = wk->ips;
	int n = wk->n;

	int needs_bp = 0;

	if (w->nreads > MAX_READS || wk->nregs != n)
		return;
	/* an rbp carried over from the registers decides the walk */
	for (int k = 0; k + 1 < n && !needs_bp; k++)
		needs_bp = uses_bp(wk, k) && wk->bps[k] == u->regs[6];
	w->nreads = significant_reads(w, wk);
	free(c->offs);
	free(c->vals);
	free(c->ips);
	memset(c, 0, sizeof(*c));
	c->offs = malloc((size_t)w->nreads * sizeof(*c->offs) + 1);
	c->vals = malloc((size_t)w->nreads * sizeof(*c->vals) + 1);
	c->ips = malloc((size_t)n * sizeof(*c->ips));
	if (!c->offs || !c->vals || !c->ips) {
		free(c->offs);
		free(c->vals);
		free(c->ips);
		memset(c, 0, sizeof(*c));
		return;
	}
	memcpy(c->offs, w->reads_off, (size_t)w->nreads * sizeof(*c->offs));
	memcpy(c->vals, w->reads_val, (size_t)w->nreads * sizeof(*c->vals));
	memcpy(c->ips, ips, (size_t)n * sizeof(*ips));
	c->nreads = (uint16_t)w->nreads;
	c->nips = (uint16_t)n;
	c->complete = 1;
	c->needs_bp = (uint8_t)needs_bp;
	c->pid = u->pid;
	c->sig = sig;
	c->pc = u->regs[16];
	c->sp = u->regs[7];
	c->bp = u->regs[6];
}

int unwind__stack(struct unwind *w, const struct kt_bpf_ustack *u,
		  const unsigned char *stack, size_t size, uint64_t *ips,
		  int max, int *complete)
{
	static const struct mapping *maps[MAX_MODULES];
	struct walk wk = { .ips = ips, .max = max };
	const struct walk_cache *c;
	uint64_t sig;
	Dwfl *dwfl;
	int rc, n;

	*complete = 0;
	if (max <= 0)
		return 0;
	w->cur = u;
	w->cur_data = stack;
	w->cur_size = size;
	sig = mapping_set(w, u->pid, u->ts_ns, maps, &n);
	c = cache_find(w, u, stack, size, sig);
	if (c && c->nips <= max) {
		memcpy(ips, c->ips, c->nips * sizeof(*ips));
		*complete = c->complete;
		return c->nips;
	}
	dwfl = dwfl_for(w, u->pid, maps, n, sig);
	if (!dwfl) {
		ips[0] = u->regs[16];
		return 1;
	}
	w->nreads = 0;
	w->read_failed = 0;
	rc = dwfl_getthread_frames(dwfl, (pid_t)u->tid, on_frame, &wk);
	/* libdwfl ends a walk quietly when a read fails: the copy ran out */
	*complete = (rc == 0 && !w->read_failed) ||
		    (rc == -1 && wk.n > 1 && at_entry(dwfl, wk.ips[wk.n - 1]));
	if (!wk.n) {
		ips[0] = u->regs[16];
		wk.n = 1;
	}
	if (*complete)
		cache_put(w, u, sig, &wk);
	return wk.n;
}

void unwind__free(struct unwind *w)
{
	if (!w)
		return;
	for (int i = 0; i < CACHE_SLOTS; i++) {
		free(w->cache[i].offs);
		free(w->cache[i].vals);
		free(w->cache[i].ips);
	}
	free(w->cache);
	free(w);	/* the Dwfls go with their layouts' slots */
}
