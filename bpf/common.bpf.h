/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * common.bpf.h - what every ktrail BPF program shares: the user's choices
 * (rodata), the maps, the drop counters and the small helpers that decide
 * whether a task is traced and push a record to the perf buffer.
 *
 * maps.bpf.c defines everything declared here (it includes this header with
 * KT_HOME defined); the other .bpf.c files see extern declarations, and
 * `bpftool gen object` links them into one object and one skeleton.
 */
#ifndef KTRAIL_COMMON_BPF_H
#define KTRAIL_COMMON_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "ktrail.h"

/* vmlinux.h has no macros */
#define EFAULT	14
#define ENOSPC	28

#ifdef KT_HOME
#define KT_RODATA(type, name, init)	const volatile type name = init
#define KT_SHARED
#else
#define KT_RODATA(type, name, init)	extern const volatile type name
#define KT_SHARED			extern
#endif

KT_RODATA(__u8, target_all, 0);		/* -a: every task but ours */
KT_RODATA(__u32, self_tgid, 0);		/* the recorder, never traced */
KT_RODATA(__u8, failed_only, 0);	/* --failed */
KT_RODATA(__u64, min_latency_ns, 0);	/* --slower-than */
KT_RODATA(__u8, want_kstack, 0);	/* --stacks=kernel */
KT_RODATA(__u8, want_ustack, 0);	/* --stacks=user: KT_USTACK_* */
KT_RODATA(__u32, ucopy_budget, 0);	/* copies a CPU may have in flight */
KT_RODATA(__u32, cap_bufsize, 0);	/* -s: data buffer bytes captured */

KT_SHARED struct kt_bpf_stats stats;

/* per syscall, what to capture of its arguments (set before attaching) */
KT_SHARED struct kt_bpf_argspec argspec[KT_MAX_SYSCALLS];

/*
 * The followed processes, one bit per tgid up to PID_MAX_LIMIT (systemd
 * raises kernel.pid_max to it on 64-bit machines): "is this task traced"
 * is one load from .bss on every syscall of every process on the machine,
 * with no map lookup. `pids` holds the same set, counts it against
 * KT_MAX_PIDS, and answers for a tgid past KT_PID_BITS, should a kernel
 * ever allow one.
 */
KT_SHARED __u64 pid_bits[KT_PID_BITS / 64];

/*
 * User stack copies sent into each CPU's perf buffer, and taken in by the
 * recorder, which writes ucopy_done through the mmapped .bss: while a CPU
 * has ucopy_budget copies in flight (half its buffer), events go out
 * without a stack copy, so copies never crowd events out of the buffer.
 */
KT_SHARED __u64 ucopy_sent[KT_MAX_CPUS];
KT_SHARED __u64 ucopy_done[KT_MAX_CPUS];

/* every record goes out here, one perf buffer per CPU */
KT_SHARED struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} events SEC(".maps");

/*
 * Records the perf buffer refused (-ENOSPC), per CPU, counted in events:
 * the kernel's PERF_RECORD_LOST counts samples, and a sample is a batch.
 * The recorder reads this count when the kernel announces a loss and once
 * more at the end, for a loss nothing came after.
 */
KT_SHARED struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} lost_count SEC(".maps");

/*
 * Events wait here, per CPU, and go to the perf buffer KT_BATCH_BYTES at
 * a time (struct kt_batch, ktrail.h): one bpf_perf_event_output() costs
 * about 400 ns whatever its size, several times the rest of a syscall's
 * pairing. send.bpf.h fills and sends it.
 */
KT_SHARED struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct kt_batch);
} batches SEC(".maps");

/*
 * The state of one value being captured in chunks, by bpf_loop callbacks
 * (capture.bpf.h).
 * It lives in a per-CPU map, not on the stack: loaded from a map, the
 * byte counts are not tracked precisely from one iteration to the next,
 * so the verifier checks the callback once instead of once per chunk.
 */
struct cap_loop {
	const char *src;	/* next user byte, or next argv pointer */
	__u64 left;		/* bytes (or pointers) still to read */
	__u32 tid;
	__u8 slot;
	__u8 status;		/* KT_CAP_OK or KT_CAP_TRUNC for the last */
	__u8 failed;
	__u8 pad;
	__u32 count;		/* argv: pointers seen */
};

KT_SHARED struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cap_loop);
} caploop SEC(".maps");

/*
 * Per CPU, the tgid of the task running there, written at every context
 * switch (syscalls.bpf.c's oncpu); 0 until the first switch after attach.
 * The syscall probes run for every task on the machine, and for the ones
 * not traced, learning who is current was half the price: a helper call
 * costs about 20 ns with retpolines and SRSO's safe RET (Linux 6.18 inlines
 * neither bpf_get_current_pid_tgid() nor bpf_get_current_task_btf()),
 * while a per-CPU array lookup is inlined (since Linux 6.8, on x86-64).
 */
KT_SHARED struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} oncpu_tgid SEC(".maps");

/* followed thread groups; seeded by the recorder, grown on fork */
KT_SHARED struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, KT_MAX_PIDS);
	__type(key, __u32);
	__type(value, __u8);
} pids SEC(".maps");

/*
 * Kernel stacks as instruction pointers. The recorder sizes both stack maps
 * (1 entry when that side is off, so nothing big is allocated).
 */
KT_SHARED struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, 1);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, KT_STACK_DEPTH * sizeof(__u64));
} kstacks SEC(".maps");

/*
 * User stacks as (build-id, file offset) pairs: the kernel resolves each
 * frame to its file while the mapping exists, so a process that is gone by
 * the time the recorder reads the map can still be symbolized
 * (BPF_F_STACK_BUILD_ID, since Linux 4.17, kernel/bpf/stackmap.c). Frames
 * it cannot resolve (no build-id, page not cached, mmap lock busy) come
 * back as plain IPs, with status BPF_STACK_BUILD_ID_IP.
 */
KT_SHARED struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, 1);
	__uint(map_flags, BPF_F_STACK_BUILD_ID);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, KT_USTACK_DEPTH * sizeof(struct bpf_stack_build_id));
} ustacks SEC(".maps");

/*
 * Where a user stack copy is assembled before it goes out
 * (bpf/stacks.bpf.h): 8 KiB do not fit on the 512-byte BPF stack. The
 * slack after it lets the verifier accept a page-sized read at any offset
 * below KT_USTACK_BYTES; the reads are cut at KT_USTACK_BYTES.
 */
struct ustack_scratch {
	struct kt_bpf_ustack u;
	__u8 slack[4096];
};

KT_SHARED struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ustack_scratch);
} ustack_copy SEC(".maps");

/*
 * The masks tell the verifier what the callers' checks already did;
 * barrier_var() keeps clang from dropping them as redundant.
 */
static __always_inline __u32 pid_index(__u32 tgid)
{
	barrier_var(tgid);
	return tgid & (KT_PID_BITS - 1);
}

static __always_inline int pid_bit(__u32 tgid)
{
	__u32 bit = pid_index(tgid);

	return (pid_bits[bit / 64] >> (bit % 64)) & 1;
}

static __always_inline void mark_traced(__u32 tgid)
{
	__u32 bit = pid_index(tgid);

	if (tgid < KT_PID_BITS)
		__sync_fetch_and_or(&pid_bits[bit / 64], 1ull << (bit % 64));
}

static __always_inline void unmark_traced(__u32 tgid)
{
	__u32 bit = pid_index(tgid);

	if (tgid < KT_PID_BITS)
		__sync_fetch_and_and(&pid_bits[bit / 64],
				     ~(1ull << (bit % 64)));
}

/*
 * Whether the current task is traced. System-wide, everything is but the
 * recorder and the helpers it forks (LeakSanitizer's tracer, for one).
 */
static __always_inline int traced(__u32 tgid)
{
	struct task_struct *task;

	if (!target_all) {
		if (tgid < KT_PID_BITS)
			return pid_bit(tgid);
		return bpf_map_lookup_elem(&pids, &tgid) != NULL;
	}
	if (tgid == self_tgid || tgid == 0)
		return 0;
	task = bpf_get_current_task_btf();
	return task->real_parent->tgid != self_tgid;
}

/*
 * The current task's tgid, as bpf_get_current_pid_tgid() >> 32 gives it:
 * a task's tgid never changes (a thread that execs takes over its
 * leader's pid, not another tgid), and the task on a CPU is the one the
 * last switch there went to.
 */
static __always_inline __u32 current_tgid(void)
{
	__u32 zero = 0, *tgid = bpf_map_lookup_elem(&oncpu_tgid, &zero);

	if (tgid && *tgid)
		return *tgid;
	return bpf_get_current_pid_tgid() >> 32;
}

/* A cheaper traced() where a false "yes" costs only time. */
static __always_inline int maybe_traced(__u32 tgid)
{
	return target_all || tgid >= KT_PID_BITS || pid_bit(tgid);
}

static __always_inline int is_error(__s64 ret)
{
	return ret < 0 && ret >= -4095;	/* IS_ERR_VALUE: -MAX_ERRNO..-1 */
}

/* --failed and --slower-than, for a paired call. 1 = keep it. */
static __always_inline int keep(__s64 ret, __u64 latency_ns)
{
	if (failed_only && !is_error(ret))
		return 0;
	return latency_ns >= min_latency_ns;
}

/* An event of the current task, probe and time filled in. */
static __always_inline void event_init(struct kt_bpf_event *e, __u32 probe,
				       __u64 ts_ns)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();

	e->kind = KT_BPF_EVENT;
	e->cpu = bpf_get_smp_processor_id();
	e->probe = probe;
	e->pid = pid_tgid >> 32;
	e->tid = (__u32)pid_tgid;
	e->ts_ns = ts_ns;
}

#endif /* KTRAIL_COMMON_BPF_H */
