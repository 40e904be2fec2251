/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * ktrail.h - the contract between the BPF programs and the recorder.
 *
 * Included by the BPF programs (after vmlinux.h) and by recorder/ before the
 * skeleton. Everything here travels native-endian through the perf buffer
 * (a perf sample holds one kt_bpf_proc, one kt_bpf_ustack or
 * 1..KT_BATCH_EVENTS kt_bpf_events, each record tagged by its first byte) or sits in maps and .bss; the
 * on-disk format is schema/'s business, not this header's.
 * Fields use fixed-width types only, with explicit padding.
 */
#ifndef KTRAIL_BPF_H
#define KTRAIL_BPF_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define KT_COMM_LEN		16	/* TASK_COMM_LEN */
#define KT_PATH_LEN		256	/* exec path bytes kept */
#define KT_MAX_SYSCALLS		1024	/* size of the syscall selection */
#define KT_MAX_PIDS		32768	/* processes followed at once */
#define KT_PID_BITS		(1u << 22)	/* pid_bits: PID_MAX_LIMIT, 512 KiB */
#define KT_MAX_INFLIGHT		16384	/* threads inside a probed call */
#define KT_STACK_DEPTH		127	/* PERF_MAX_STACK_DEPTH, kernel stacks */
#define KT_USTACK_DEPTH		64	/* user frames kept (32 bytes each) */
#define KT_PROBE_BASE		4096	/* first probe id that is no syscall */
#define KT_BATCH_EVENTS		42	/* kt_bpf_events per sample: 4032 bytes */
#define KT_USTACK_BYTES		8192	/* user stack copied per event (perf's
					 * --call-graph dwarf default) */
#define KT_MAX_CPUS		1024	/* CPUs counted in ucopy_sent/_done */
#define KT_UREGS		17	/* DWARF registers of x86-64: rax rdx rcx
					 * rbx rsi rdi rbp rsp r8..r15 rip */

/* First byte of every record. */
enum kt_bpf_kind {
	KT_BPF_EVENT	= 1,	/* struct kt_bpf_event */
	KT_BPF_FORK	= 2,	/* struct kt_bpf_proc */
	KT_BPF_EXEC	= 3,	/* struct kt_bpf_proc, exe filled */
	KT_BPF_EXIT	= 4,	/* struct kt_bpf_proc, exit_status filled */
	KT_BPF_COMM	= 5,	/* struct kt_bpf_proc, comm is the new name */
	KT_BPF_USTACK	= 6,	/* struct kt_bpf_ustack, cut after size bytes */
};

/* A probe's BPF cookie: its id in the low 32 bits, and this flag when its
 * entry and return are paired (ufunc, kfunc). */
#define KT_COOKIE_PAIRED	(1ull << 32)

/* Bits of kt_bpf_event.flags; the same values as schema's kt_event_flags. */
#define KT_F_RET	(1 << 0)
#define KT_F_LATENCY	(1 << 1)
#define KT_F_ARGS	(1 << 2)
#define KT_F_KSTACK	(1 << 3)
#define KT_F_USTACK	(1 << 4)
/* a kt_bpf_ustack of the same tid and ts_ns went out just before (never
 * written to the trace: the recorder turns it into a user stack id) */
#define KT_F_UCOPY	(1 << 5)

/* want_ustack: how user stacks are taken */
#define KT_USTACK_FP	1	/* the kernel's frame-pointer walk, build-ids */
#define KT_USTACK_COPY	2	/* registers + stack copy, unwound by the recorder */

struct kt_bpf_event {
	__u8 kind;		/* KT_BPF_EVENT */
	__u8 flags;		/* KT_F_* */
	__u16 cpu;		/* CPU at return (or at the hit) */
	__u32 probe;		/* syscall nr, or KT_PROBE_BASE + probe index */
	__u32 pid;		/* thread group id */
	__u32 tid;		/* thread id */
	__u64 ts_ns;		/* CLOCK_BOOTTIME at entry */
	__u64 latency_ns;	/* entry to return */
	__s64 ret;		/* return value */
	__u64 args[6];		/* raw arguments */
	__s32 kstack;		/* stack map bucket, valid with KT_F_KSTACK */
	__s32 ustack;		/* stack map bucket, valid with KT_F_USTACK */
};

/*
 * One CPU's events on their way to the perf buffer (bpf/send.bpf.h):
 * sent as one sample when full, and by flush_batch, which the recorder runs
 * on each CPU on a timer and at the end. After the end the recorder reads
 * n of every CPU: what is left was never sent, and counts as lost.
 */
struct kt_batch {
	__u32 n;		/* events held */
	__u32 flush_wanted;	/* flush_batch came while it was busy */
	__u64 busy;		/* a program of this CPU holds it (64 bits:
				 * BPF's compare-and-swap before -mcpu=v3) */
	struct kt_bpf_event ev[KT_BATCH_EVENTS];
};

/*
 * The user registers and the top of the user stack of a thread at an
 * event, unwound by the recorder (recorder/unwind.c) with the binaries'
 * call-frame information. Sent on its own, right before the event it
 * belongs to, which carries KT_F_UCOPY; only the first size bytes of data
 * travel.
 */
struct kt_bpf_ustack {
	__u8 kind;		/* KT_BPF_USTACK */
	__u8 pad;
	__u16 cpu;		/* where it was sent: ucopy_done's index */
	__u32 pid;		/* thread group id */
	__u32 tid;		/* thread id */
	__u32 size;		/* bytes of data read from regs[7] (sp) up */
	__u64 ts_ns;		/* the event's ts_ns: pairs the two */
	__u64 regs[KT_UREGS];	/* user registers, DWARF numbering */
	__u8 data[KT_USTACK_BYTES];	/* stack from sp upwards */
};

struct kt_bpf_proc {
	__u8 kind;		/* KT_BPF_FORK, _EXEC, _EXIT or _COMM */
	__u8 pad[3];
	__u32 pid;		/* thread group id (FORK: the child's) */
	__u32 tid;		/* thread; for COMM the renamed one */
	__u32 ppid;		/* FORK: the parent's thread group id */
	__s32 exit_status;	/* EXIT: wait(2) status */
	__u32 pad2;
	__u64 ts_ns;		/* CLOCK_BOOTTIME */
	char comm[KT_COMM_LEN];	/* name after the event */
	char exe[KT_PATH_LEN];	/* EXEC: the path given to execve */
};

/*
 * Drop counters, in .bss: the BPF side increments them, the recorder reads
 * them at the end and writes them into the trace. Perf-buffer overflows are
 * not here: they are counted per CPU in the lost_count map.
 */
struct kt_bpf_stats {
	__u64 inflight_full;	/* entries not stashed: KT_MAX_INFLIGHT reached */
	__u64 pids_full;	/* children not followed: KT_MAX_PIDS reached */
	__u64 output_failed;	/* records bpf_perf_event_output failed, not full */
	__u64 stack_failed;	/* bpf_get_stackid errors (collision, map full) */
	__u64 compat_calls;	/* 32-bit syscalls of compat tasks: not recorded */
};

_Static_assert(sizeof(struct kt_bpf_event) == 96, "kt_bpf_event layout");
_Static_assert(sizeof(struct kt_bpf_proc) == 304, "kt_bpf_proc layout");
_Static_assert(sizeof(struct kt_bpf_ustack) == 160 + KT_USTACK_BYTES,
	       "kt_bpf_ustack layout");
_Static_assert(sizeof(struct kt_batch) % 8 == 0, "per-CPU values are 8-aligned");

#endif /* KTRAIL_BPF_H */
