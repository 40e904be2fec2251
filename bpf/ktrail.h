/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * ktrail.h - the contract between the BPF programs and the recorder.
 *
 * Included by the BPF programs (after vmlinux.h) and by recorder/ before the
 * skeleton. Everything here travels native-endian through the perf buffer
 * (a perf sample holds one kt_bpf_proc, one kt_bpf_ustack, or a batch of
 * kt_bpf_events and the kt_bpf_caps before them, each record tagged by its
 * first byte) or sits in maps and .bss; the
 * on-disk format is schema/'s business, not this header's.
 * Fields use fixed-width types only, with explicit padding.
 */
#ifndef KTRAIL_BPF_H
#define KTRAIL_BPF_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif
#include "schema/argtypes.h"

#define KT_COMM_LEN		16	/* TASK_COMM_LEN */
#define KT_PATH_LEN		256	/* exec path bytes kept */
#define KT_MAX_SYSCALLS		1024	/* size of the syscall selection */
#define KT_MAX_PIDS		32768	/* processes followed at once */
#define KT_PID_BITS		(1u << 22)	/* pid_bits: PID_MAX_LIMIT, 512 KiB */
#define KT_MAX_INFLIGHT		16384	/* threads inside a probed call */
#define KT_STACK_DEPTH		127	/* PERF_MAX_STACK_DEPTH, kernel stacks */
#define KT_USTACK_DEPTH		64	/* user frames kept (32 bytes each) */
#define KT_PROBE_BASE		4096	/* first probe id that is no syscall */
#define KT_BATCH_BYTES		16384	/* a batch is sent once this full */
#define KT_CHUNK		4096	/* bytes of one kt_bpf_cap: PATH_MAX */
#define KT_CAP_MAX_CHUNKS	512	/* chunks of one argument: 2 MiB, the
					 * most execve takes (MAX_ARG_STRLEN
					 * aside, 1/4 of an 8 MiB stack) */
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
	KT_BPF_CAP	= 7,	/* struct kt_bpf_cap + its bytes */
};

/* A probe's BPF cookie: its id in the low 32 bits, and this flag when its
 * entry and return are paired (ufunc, kfunc). */
#define KT_COOKIE_PAIRED	(1ull << 32)

/* A USDT probe's cookie (libbpf's usdt_cookie): its id in the low 32 bits,
 * and bit KT_COOKIE_STR + i set when argument i is a string to capture. */
#define KT_COOKIE_STR		40

/* Bits of kt_bpf_event.flags; the same values as schema's kt_event_flags. */
#define KT_F_RET	(1 << 0)
#define KT_F_LATENCY	(1 << 1)
#define KT_F_ARGS	(1 << 2)
#define KT_F_KSTACK	(1 << 3)
#define KT_F_USTACK	(1 << 4)
/* a kt_bpf_ustack of the same tid and ts_ns went out just before (never
 * written to the trace: the recorder turns it into a user stack id) */
#define KT_F_UCOPY	(1 << 5)
#define KT_F_CAPS	(1 << 6)	/* kt_bpf_caps of the same tid precede it */

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
 * What an event captured for one argument (schema's enum kt_argtype says
 * what the bytes are): sent before the event, in the same CPU's batch,
 * each followed by `len` bytes padded to 8. A value longer than KT_CHUNK
 * comes as several, `more` set on all but the last.
 */
struct kt_bpf_cap {
	__u8 kind;		/* KT_BPF_CAP */
	__u8 slot;		/* argument index, or KT_CAP_NEWFD */
	__u8 status;		/* schema's enum kt_cap_status */
	__u8 more;		/* 1: the value goes on in the next one */
	__u32 len;		/* bytes that follow, <= KT_CHUNK */
	__u32 tid;		/* the thread of the event they belong to */
	__u32 seq;		/* the chunk's place in its value: 0 opens
				 * a value, so one that follows a loss is
				 * told from the rest of an earlier one */
};

/*
 * How to capture a syscall's arguments, set by the recorder (from the
 * kernel's trace event formats and recorder/argtypes.c) before it attaches.
 */
struct kt_bpf_argspec {
	__u8 type[6];		/* schema's enum kt_argtype */
	__u8 lenarg[6];		/* BUF_IN, SOCKADDR*: the argument with the length */
	__u16 size[6];		/* STRUCT_OUT: the struct's size */
	__u8 newfd;		/* 0; KT_NEWFD_RET: ret is a new descriptor;
				 * KT_NEWFD_ARG + i: argument i points to two */
	__u8 any;		/* 0: nothing to capture; KT_SPEC_CAPS;
				 * KT_SPEC_EXEC: an execve, whose success is
				 * read from the new image */
	__u8 pad[6];
};

/* kt_bpf_proc.flags: an EXEC whose argument vector went out just before it,
 * as a kt_bpf_cap of slot 0 */
#define KT_PROC_ARGV	1

#define KT_SPEC_CAPS	1
#define KT_SPEC_EXEC	2
#define KT_NEWFD_RET	1
#define KT_NEWFD_ARG	2

/*
 * One CPU's events on their way to the perf buffer (bpf/send.bpf.h):
 * sent as one sample when full, and by flush_batch, which the recorder runs
 * on each CPU on a timer and at the end. After the end the recorder reads
 * n of every CPU: what is left was never sent, and counts as lost.
 */
struct kt_batch {
	__u32 n;		/* events held */
	__u32 used;		/* bytes of buf held */
	__u32 flush_wanted;	/* flush_batch came while it was busy */
	__u32 pad;
	__u64 busy;		/* a program of this CPU holds it (64 bits:
				 * BPF's compare-and-swap before -mcpu=v3) */
	/* records, each 8-aligned; room past KT_BATCH_BYTES for one more */
	__u8 buf[KT_BATCH_BYTES + sizeof(struct kt_bpf_cap) + KT_CHUNK];
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
	__u8 flags;		/* KT_PROC_ARGV */
	__u8 pad[2];
	__u32 pid;		/* thread group id (FORK: the child's) */
	__u32 tid;		/* thread; for COMM the renamed one */
	__u32 ppid;		/* FORK: the parent's thread group id */
	__s32 exit_status;	/* EXIT: wait(2) status */
	__u32 pad2;
	__u64 ts_ns;		/* CLOCK_BOOTTIME */
	__u64 cpu_ns;		/* EXIT: CPU time of the whole thread group */
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
	__u64 cap_failed;	/* arguments unreadable at exit, or not captured
				 * because the batch was busy */
};

_Static_assert(sizeof(struct kt_bpf_event) == 96, "kt_bpf_event layout");
_Static_assert(sizeof(struct kt_bpf_proc) == 312, "kt_bpf_proc layout");
_Static_assert(sizeof(struct kt_bpf_ustack) == 160 + KT_USTACK_BYTES,
	       "kt_bpf_ustack layout");
_Static_assert(sizeof(struct kt_bpf_cap) == 16, "kt_bpf_cap layout");
_Static_assert(sizeof(struct kt_bpf_argspec) == 32, "kt_bpf_argspec layout");
_Static_assert(sizeof(struct kt_batch) % 8 == 0, "per-CPU values are 8-aligned");
_Static_assert((KT_BATCH_BYTES & (KT_BATCH_BYTES - 1)) == 0, "a mask bounds offsets");

#endif /* KTRAIL_BPF_H */
