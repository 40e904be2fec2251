/* SPDX-License-Identifier: MIT */
/*
 * argtypes.h - the words the BPF capture, the trace and the analyzer's
 * renderer share about syscall arguments: what type an argument is, what
 * became of its capture, what a new descriptor is.
 *
 * Enums only, no includes: bpf/ktrail.h (the BPF side, beside vmlinux.h)
 * and schema/record.h both include it, so each value is defined once. The
 * values are written to disk (FORMAT.md, SYSARGS and EVENTS).
 */
#ifndef KTRAIL_ARGTYPES_H
#define KTRAIL_ARGTYPES_H

/*
 * How a syscall argument is rendered and what the recorder captures for it
 * (FORMAT.md, SYSARGS): one u8 per argument, derived on the recording
 * machine from its syscall trace event formats, completed by
 * recorder/argtypes.c. "lenarg" names the argument holding a length.
 */
enum kt_argtype {
	KT_ARG_INT	= 0,	/* a number: the call's own decoder, or decimal */
	KT_ARG_FD	= 1,	/* a file descriptor (a dirfd may be AT_FDCWD) */
	KT_ARG_PTR	= 2,	/* an address the trace did not follow */
	KT_ARG_STR	= 3,	/* a string the call reads: a path, a name */
	KT_ARG_STR_OUT	= 4,	/* a string the kernel writes: ret bytes */
	KT_ARG_BUF_IN	= 5,	/* bytes the call reads, count in lenarg */
	KT_ARG_BUF_OUT	= 6,	/* bytes the kernel writes: ret of them */
	KT_ARG_SOCKADDR	= 7,	/* a sockaddr the call reads, length in lenarg */
	KT_ARG_SOCKADDR_OUT = 8,/* a sockaddr the kernel writes, length at
				 * the int lenarg points to */
	KT_ARG_ARGV	= 9,	/* a NULL-terminated array of strings */
	KT_ARG_ENVP	= 10,	/* the same, only counted */
	KT_ARG_STRUCT_OUT = 11,	/* a fixed-size struct the kernel writes */
	KT_ARG_MSGHDR	= 12,	/* a user_msghdr: its msg_name is captured */
	KT_ARG_STRUCT_IN = 13,	/* a fixed-size struct the call reads */
	KT_ARG_NTYPES
};

/*
 * What an event captured for one argument (or, in slot KT_CAP_NEWFD, for
 * the descriptors the call created). The bytes, by argument type:
 *   STR, STR_OUT	the string, without a NUL
 *   BUF_IN, BUF_OUT	the first bytes, at most record's -s
 *   SOCKADDR*, MSGHDR	the struct sockaddr as the kernel saw it
 *   ARGV		each string followed by a NUL (as /proc/PID/cmdline)
 *   ENVP		u32 LE: the number of strings
 *   STRUCT_OUT, _IN	the struct's bytes, in the recording machine's layout
 *   KT_CAP_NEWFD	per new descriptor: u32 LE fd, u32 LE kind
 *			(enum kt_fd_kind), u64 LE inode number
 */
enum kt_cap_status {
	KT_CAP_NONE	= 0,	/* nothing captured */
	KT_CAP_OK	= 1,	/* the whole value */
	KT_CAP_TRUNC	= 2,	/* a prefix: the value was longer */
	KT_CAP_FAULT	= 3,	/* unreadable, at entry and again at exit */
};

#define KT_CAP_NEWFD	6	/* the capture slot after the arguments */
#define KT_NCAPS	(6 + 1)

enum kt_fd_kind {
	KT_FD_FILE	= 1,	/* anything with a path */
	KT_FD_PIPE	= 2,	/* pipe:[INODE] */
	KT_FD_SOCKET	= 3,	/* socket:[INODE] */
	KT_FD_ANON	= 4,	/* anon_inode:[...] (eventfd, epoll, ...) */
};

#endif /* KTRAIL_ARGTYPES_H */
