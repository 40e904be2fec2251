/* SPDX-License-Identifier: MIT */
/*
 * record.h - the records of a ktrail trace, as both programs see them in
 * memory once decoded.
 *
 * This is the contract between recorder/ (which fills these structs and hands
 * them to schema/codec.c to encode) and analyzer/ (which gets them back from
 * the codec). The on-disk byte layout of each one is in schema/FORMAT.md;
 * these structs are never written to disk as raw memory.
 */
#ifndef KTRAIL_RECORD_H
#define KTRAIL_RECORD_H

#include <stdint.h>
#include "schema/argtypes.h"

#define KT_MAGIC		"KTRAIL\r\n"	/* 8 bytes, first in the file */
#define KT_FORMAT_VERSION	2		/* this writer's; readers take
						 * KT_FORMAT_OLDEST.. this one */
#define KT_FORMAT_OLDEST	1

/* Limits a reader enforces before trusting a length or count (FORMAT.md). */
#define KT_MAX_STR		4096		/* bytes in one string */
#define KT_MAX_RECORD		(16u << 20)	/* payload bytes of one record */
#define KT_MAX_BATCH		(64u << 20)	/* decompressed bytes of a frame */
#define KT_MAX_EVENTS		(1u << 20)	/* events in one EVENTS record */
#define KT_MAX_BLOB		(4u << 20)	/* bytes of one BLOB */
#define KT_MAX_FRAMES		127		/* frames in one stack */
#define KT_NARGS		6
#define KT_SYSCALL_IDS		4096		/* probe ids below: syscall numbers */

/* Record kinds: the u16 at offset 0 of every record header. */
enum kt_kind {
	KT_REC_HEADER	= 1,	/* first record of the file */
	KT_REC_META	= 2,	/* one key/value string pair */
	KT_REC_SYSCALL	= 3,	/* syscall number -> name of the recorder */
	KT_REC_ERRNO	= 4,	/* errno number -> name of the recorder */
	KT_REC_PROBE	= 5,	/* one entry of the probe table */
	KT_REC_PROC	= 6,	/* process life: fork, exec, exit, comm */
	KT_REC_EVENTS	= 7,	/* a column block of events */
	KT_REC_LOST	= 8,	/* events the perf buffer dropped on a CPU */
	KT_REC_STACK	= 9,	/* one symbolized stack */
	KT_REC_END	= 10,	/* totals; marks the trace complete */
	KT_REC_SYSARGS	= 11,	/* how many arguments a syscall takes */
	KT_REC_BLOB	= 12,	/* bytes events refer to (version 2) */
	KT_REC_FD	= 13,	/* a descriptor open when recording began (2) */
	KT_REC_FRAME	= 14,	/* which frame of which recording this is */
};

/* KT_REC_FRAME: the first record of every frame (after HEADER in the
 * first), so a reader notices a frame missing, repeated or spliced in. */
#define KT_TRACE_ID_SIZE	16
struct kt_frameseq {
	uint32_t seq;		/* 0 for the first frame, then +1 per frame */
	uint8_t trace_id[KT_TRACE_ID_SIZE];	/* random, one per recording */
};

struct kt_header {
	uint16_t version;	/* KT_FORMAT_VERSION */
	uint64_t origin_ns;	/* CLOCK_BOOTTIME at recording start */
	int64_t wall_offset_ns;	/* CLOCK_REALTIME minus CLOCK_BOOTTIME */
};

/* kt_meta, kt_name and friends point into the decoded batch or the caller's
 * memory; the codec never copies strings. Lengths exclude any NUL. */
struct kt_str {
	const char *p;
	uint32_t len;
};

struct kt_meta {
	struct kt_str key;
	struct kt_str value;
};

/* KT_REC_SYSCALL and KT_REC_ERRNO */
struct kt_name {
	uint32_t nr;
	struct kt_str name;
};

/* KT_REC_SYSARGS */
struct kt_sysargs {
	uint32_t nr;		/* syscall number */
	uint8_t nargs;		/* 0..KT_NARGS */
	uint8_t has_types;	/* 0 in version-1 records: types unknown */
	uint8_t type[KT_NARGS];	/* enum kt_argtype of each argument */
};

/* KT_REC_BLOB: bytes captured once, named by id in any later event */
struct kt_blob {
	uint32_t id;		/* never 0 */
	uint32_t len;		/* <= KT_MAX_BLOB */
	const unsigned char *p;
};

/* KT_REC_FD: what a descriptor of a process referred to at the start */
#define KT_FD_CWD	(-100)	/* AT_FDCWD: the fd field names the cwd */
#define KT_FD_CLOEXEC	1	/* kt_fd.flags: closed by the next exec */
struct kt_fd {
	uint32_t pid;
	int32_t fd;		/* or KT_FD_CWD */
	uint32_t flags;		/* KT_FD_CLOEXEC */
	struct kt_str path;	/* as /proc/PID/fd/N reads: a path,
				 * pipe:[INODE], socket:[INODE], ... */
};

struct kt_probe {
	uint32_t id;		/* the probe column of events */
	struct kt_str name;	/* canonical, e.g. "syscall:openat" */
	struct kt_str kind;	/* "syscall", "tracepoint", "uprobe", ... */
	struct kt_str target;	/* what it attaches to, e.g. "openat" */
};

/* What an event captured in one slot (schema/argtypes.h). */
struct kt_capref {
	uint32_t blob;		/* kt_blob.id; 0 with KT_CAP_NONE or _FAULT */
	uint8_t status;		/* enum kt_cap_status */
};

enum kt_proc_what {
	KT_PROC_FORK	= 1,	/* pid was created by ppid */
	KT_PROC_EXEC	= 2,	/* pid executed exe, now named comm */
	KT_PROC_EXIT	= 3,	/* pid (the whole thread group) ended */
	KT_PROC_COMM	= 4,	/* thread tid renamed itself to comm */
	KT_PROC_EXISTING = 5,	/* pid was running when recording began */
};

struct kt_proc {
	uint8_t what;		/* enum kt_proc_what */
	uint32_t pid;		/* thread group id */
	uint32_t tid;		/* thread, for KT_PROC_COMM; else pid */
	uint32_t ppid;		/* parent, for FORK and EXISTING; else 0 */
	int32_t exit_status;	/* wait(2) status, for EXIT; else 0 */
	uint64_t ts_ns;		/* CLOCK_BOOTTIME */
	struct kt_str comm;	/* may be empty */
	struct kt_str exe;	/* may be empty */
	uint64_t cpu_ns;	/* CPU time of the group, for EXIT (version 2) */
	struct kt_capref argv;	/* EXEC: the new image's argument vector
				 * (version 2); status KT_CAP_NONE if not */
	uint8_t has_cpu;	/* decoded: the record carries cpu_ns (2) */
};

/* Bits of kt_event.flags: which optional columns the event has. */
enum kt_event_flags {
	KT_EV_RET	= 1 << 0,	/* ret is valid */
	KT_EV_LATENCY	= 1 << 1,	/* latency_ns is valid */
	KT_EV_ARGS	= 1 << 2,	/* args[] are valid */
	KT_EV_KSTACK	= 1 << 3,	/* kstack is valid */
	KT_EV_USTACK	= 1 << 4,	/* ustack is valid */
	KT_EV_CAPS	= 1 << 5,	/* cap[] holds something (version 2) */
	KT_EV_ALL	= 0x3f,
};

struct kt_event {
	uint64_t ts_ns;		/* CLOCK_BOOTTIME at entry (or at the hit) */
	uint64_t latency_ns;	/* entry to return */
	int64_t ret;		/* return value */
	uint64_t args[KT_NARGS];/* raw arguments */
	uint32_t pid;		/* thread group id */
	uint32_t tid;		/* thread id */
	uint32_t probe;		/* kt_probe.id */
	uint32_t kstack;	/* kt_stack.id of the kernel stack */
	uint32_t ustack;	/* kt_stack.id of the user stack */
	uint16_t cpu;
	uint8_t flags;		/* enum kt_event_flags */
	struct kt_capref cap[KT_NCAPS];	/* with KT_EV_CAPS */
};

struct kt_lost {
	uint32_t cpu;
	uint64_t ts_ns;		/* when the loss was noticed, CLOCK_BOOTTIME */
	uint64_t count;
};

enum kt_stack_kind {
	KT_STACK_KERNEL	= 1,
	KT_STACK_USER	= 2,
};

struct kt_frame {
	uint64_t addr;		/* instruction address as captured */
	uint64_t offset;	/* addr - symbol start; 0 when unknown */
	struct kt_str symbol;	/* empty when unknown */
	struct kt_str module;	/* kernel module, binary path, or empty */
	struct kt_str build_id;	/* lowercase hex GNU build-id, or empty */
};

struct kt_stack {
	uint32_t id;		/* unique in the trace, never 0 */
	uint8_t kind;		/* enum kt_stack_kind */
	uint32_t pid;		/* process whose stack it is; 0 for kernel */
	uint16_t nframes;	/* <= KT_MAX_FRAMES, innermost first */
	struct kt_frame *frames;
};

struct kt_end {
	uint64_t end_ns;	/* CLOCK_BOOTTIME when recording stopped */
	uint64_t events;	/* events written */
	uint64_t lost;		/* sum of all KT_REC_LOST counts */
	uint64_t dropped;	/* dropped in BPF: pairing map or output full */
	uint64_t stack_errors;	/* stacks that could not be captured */
	uint64_t cap_failed;	/* arguments not captured (version 2) */
};

#endif /* KTRAIL_RECORD_H */
