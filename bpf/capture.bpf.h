/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * capture.bpf.h - what a syscall named, read at its exit: the strings,
 * argument vectors, socket addresses, structs and (with -s) data buffers
 * its arguments point to, as kt_bpf_caps in this CPU's batch, before the
 * event they belong to.
 *
 * Everything is read at exit, in the context of the task that made the
 * call: the kernel has copied a path or an address in by then, so its
 * pages are resident (bpf_probe_read_user() cannot fault a page in, and
 * at entry a string in a never-touched page reads as -EFAULT), and what
 * the kernel wrote out (a buffer read() filled, a sockaddr accept() gave,
 * a struct stat) exists only then. A successful execve is the exception:
 * its old memory is gone at exit, so its path and argument vector are
 * read from the new image, where the kernel copied them (fs/exec.c:
 * the filename right after the environment strings, the arguments
 * between mm->arg_start and mm->arg_end).
 *
 * What argspec[nr] (set by the recorder, see recorder/argtypes.c) does
 * not ask for is not read. A value that cannot be read is sent as
 * KT_CAP_FAULT and counted in stats.cap_failed.
 */
#ifndef KTRAIL_CAPTURE_BPF_H
#define KTRAIL_CAPTURE_BPF_H

#include "send.bpf.h"

/* uapi values vmlinux.h does not carry */
#define KT_S_IFMT	00170000
#define KT_S_IFSOCK	0140000
#define KT_S_IFIFO	0010000
#define KT_SOCKADDR_MAX	128	/* sizeof(struct sockaddr_storage) */
#define KT_MAX_ARGV	4096	/* strings of a failed execve's vectors */
#define KT_ARGC_UNKNOWN	0xffffffffu

/* What cap_arg() knows of an execve: envc and the argc it was passed. */
#define CAP_EXEC(envc, argc)	((__u64)(envc) | (__u64)(argc) << 32)


/* What a callback gets on the stack: the program's context, to send. */
struct cap_cb {
	void *ctx;
};

static __always_inline struct cap_loop *cap_loop(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&caploop, &zero);
}

static __always_inline struct kt_batch *cap_batch(void)
{
	__u32 zero = 0;

	/* the batch the caller holds: per CPU, and migration is disabled */
	return bpf_map_lookup_elem(&batches, &zero);
}

static __always_inline struct kt_bpf_cap *cap_hdr(struct kt_batch *b,
						  __u32 off)
{
	return (struct kt_bpf_cap *)&b->buf[off];
}

static __always_inline void cap_fill(struct kt_bpf_cap *c, __u32 tid,
				     __u8 slot, __u8 status, __u8 more,
				     __u32 len, __u32 seq)
{
	c->kind = KT_BPF_CAP;
	c->slot = slot;
	c->status = status;
	c->more = more;
	c->len = len;
	c->tid = tid;
	c->seq = seq;
}

/* A value nothing could be read of. */
static __always_inline void cap_fault(void *ctx, struct kt_batch *b,
				      __u32 tid, __u8 slot)
{
	__u32 off = batch_tail(b);

	cap_fill(cap_hdr(b, off), tid, slot, KT_CAP_FAULT, 0, 0, 0);
	batch_commit(ctx, b, off, sizeof(struct kt_bpf_cap));
	__sync_fetch_and_add(&stats.cap_failed, 1);
}

/* A NUL-terminated string, up to KT_CHUNK bytes with its NUL. */
static __noinline void cap_str(void *ctx, struct kt_batch *b, __u32 tid,
			       __u8 slot, const char *src)
{
	__u32 off = batch_tail(b);
	long n = bpf_probe_read_user_str(&b->buf[off + sizeof(struct kt_bpf_cap)],
					 KT_CHUNK, src);

	if (n <= 0) {
		cap_fault(ctx, b, tid, slot);
		return;
	}
	/* n counts the NUL; a string that filled the chunk was cut */
	cap_fill(cap_hdr(b, off), tid, slot,
		 n >= KT_CHUNK ? KT_CAP_TRUNC : KT_CAP_OK, 0, (__u32)n - 1, 0);
	batch_commit(ctx, b, off, sizeof(struct kt_bpf_cap) + (__u32)n - 1);
}

static long cap_bytes_chunk(__u32 i, void *data)
{
	struct cap_cb *cb = data;
	struct cap_loop *l = cap_loop();
	struct kt_batch *b = cap_batch();
	__u32 off, n;
	__u8 more;

	if (!b || !l || l->left == 0)
		return 1;
	n = l->left > KT_CHUNK ? KT_CHUNK : (__u32)l->left;
	barrier_var(n);
	if (n > KT_CHUNK)
		return 1;
	off = batch_tail(b);
	if (bpf_probe_read_user(&b->buf[off + sizeof(struct kt_bpf_cap)], n,
				l->src)) {
		l->failed = 1;
		return 1;
	}
	l->src += n;
	l->left -= n;
	more = l->left != 0;
	cap_fill(cap_hdr(b, off), l->tid, l->slot,
		 more ? KT_CAP_OK : l->status, more, n, i);
	batch_commit(cb->ctx, b, off, sizeof(struct kt_bpf_cap) + n);
	return !more;
}

/* Who a cap is for, in one argument: BPF calls take five at most. */
#define CAP_WHO(tid, slot, status) \
	((__u64)(tid) | (__u64)(slot) << 32 | (__u64)(status) << 40)
/* ... and, for the empty last chunk of a vector, its place (seq) */
#define CAP_WHO_SEQ(tid, slot, status, seq) \
	(CAP_WHO(tid, slot, status) | (__u64)(seq) << 48)

/*
 * len bytes at src, in chunks; the status in `who` is what the last chunk
 * says (KT_CAP_TRUNC when only a prefix of the value was asked for).
 */
static __noinline void cap_bytes(void *ctx, __u64 who, const char *src,
				 __u64 len)
{
	__u32 tid = (__u32)who;
	__u8 slot = (__u8)(who >> 32), status = (__u8)(who >> 40);
	__u32 seq = (__u32)(who >> 48);
	struct cap_cb cb = { ctx };
	struct cap_loop *l = cap_loop();
	struct kt_batch *b;

	if (!l)
		return;

	if (len == 0) {
		b = cap_batch();
		if (b) {
			__u32 off = batch_tail(b);

			cap_fill(cap_hdr(b, off), tid, slot, status, 0, 0, seq);
			batch_commit(ctx, b, off, sizeof(struct kt_bpf_cap));
		}
		return;
	}
	l->src = src;
	l->left = len;
	l->tid = tid;
	l->slot = slot;
	l->status = status;
	l->failed = 0;
	bpf_loop(KT_CAP_MAX_CHUNKS, cap_bytes_chunk, &cb, 0);
	if (l->failed || l->left) {
		/* what was sent said "more": close the value as unreadable */
		b = cap_batch();
		if (b)
			cap_fault(ctx, b, tid, slot);
	}
}

/* One string of a vector, with its NUL, as a chunk that says "more". */
static long cap_argv_one(__u32 i, void *data)
{
	struct cap_cb *cb = data;
	struct cap_loop *l = cap_loop();
	struct kt_batch *b = cap_batch();
	const char *s = NULL;
	__u32 off;
	long n;

	if (!l)
		return 1;
	if (!b || bpf_probe_read_user(&s, sizeof(s), l->src + i * sizeof(s))) {
		l->failed = 1;
		return 1;
	}
	if (!s)
		return 1;
	l->count = i + 1;
	off = batch_tail(b);
	n = bpf_probe_read_user_str(&b->buf[off + sizeof(struct kt_bpf_cap)],
				    KT_CHUNK, s);
	if (n <= 0) {
		l->failed = 1;
		return 1;
	}
	if (n >= KT_CHUNK)
		l->status = KT_CAP_TRUNC;
	cap_fill(cap_hdr(b, off), l->tid, l->slot, KT_CAP_OK, 1, (__u32)n, i);
	batch_commit(cb->ctx, b, off, sizeof(struct kt_bpf_cap) + (__u32)n);
	return 0;
}

/* A vector of strings in the calling image (a failed execve's argv). */
static __noinline void cap_argv(void *ctx, __u32 tid, __u8 slot,
				const char *vec)
{
	struct cap_cb cb = { ctx };
	struct cap_loop *l = cap_loop();
	struct kt_batch *b;
	__u8 status;

	if (!l)
		return;
	l->src = vec;
	l->tid = tid;
	l->slot = slot;
	l->status = KT_CAP_OK;
	l->failed = 0;
	l->count = 0;
	bpf_loop(KT_MAX_ARGV, cap_argv_one, &cb, 0);
	b = cap_batch();
	if (!b)
		return;
	if (l->failed) {
		cap_fault(ctx, b, tid, slot);
		return;
	}
	status = l->status;
	cap_bytes(ctx, CAP_WHO_SEQ(tid, slot, status, l->count), NULL, 0); /* the last */
}

static long count_ptr(__u32 i, void *data)
{
	struct cap_loop *l = cap_loop();
	const char *s = NULL;

	if (!l)
		return 1;
	if (bpf_probe_read_user(&s, sizeof(s), l->src + i * sizeof(s))) {
		l->failed = 1;
		return 1;
	}
	if (!s)
		return 1;
	l->count = i + 1;
	return 0;
}

/*
 * How many arguments an execve was passed (its argv argument), read at
 * entry while the caller's image is there; KT_ARGC_UNKNOWN if unreadable
 * or too many to count.
 */
static __noinline __attribute__((unused)) __u32
exec_argc(const struct kt_bpf_argspec *sp, const __u64 *args)
{
	struct cap_loop *l = cap_loop();
	int at = -1;

	for (int i = 0; i < 6; i++)
		if (sp->type[i] == KT_ARG_ARGV)
			at = i;
	if (!l || at < 0)
		return KT_ARGC_UNKNOWN;
	l->src = (const char *)args[at & 7];
	l->count = 0;
	l->failed = 0;
	bpf_loop(KT_MAX_ARGV, count_ptr, NULL, 0);
	if (l->failed || l->count >= KT_MAX_ARGV)
		return KT_ARGC_UNKNOWN;
	return l->count;
}

/* A u32: how many strings a vector holds (envp, shown only as a count). */
static __always_inline void cap_u32(void *ctx, struct kt_batch *b, __u32 tid,
				    __u8 slot, __u32 v)
{
	__u32 off = batch_tail(b);

	cap_fill(cap_hdr(b, off), tid, slot, KT_CAP_OK, 0, sizeof(v), 0);
	*(__u32 *)&b->buf[off + sizeof(struct kt_bpf_cap)] = v;
	batch_commit(ctx, b, off, sizeof(struct kt_bpf_cap) + sizeof(v));
}

static __noinline void cap_vec_count(void *ctx, __u32 tid, __u8 slot,
				     const char *vec)
{
	struct cap_loop *l = cap_loop();
	struct kt_batch *b;

	if (!l)
		return;
	l->src = vec;
	l->count = 0;
	l->failed = 0;
	bpf_loop(KT_MAX_ARGV, count_ptr, NULL, 0);
	b = cap_batch();
	if (!b)
		return;
	if (l->failed)
		cap_fault(ctx, b, tid, slot);
	else
		cap_u32(ctx, b, tid, slot, l->count);
}

/* The length an int pointer points to (SOCKADDR_OUT), clamped. */
static __always_inline __u32 user_len(__u64 ptr, __u32 max)
{
	int len = 0;

	if (bpf_probe_read_user(&len, sizeof(len), (void *)ptr) || len < 0)
		return 0;
	return (__u32)len < max ? (__u32)len : max;
}

/* The descriptor's inode and what it is, from the task's file table. */
static __always_inline __u64 fd_inode(int fd, __u32 *kind)
{
	struct task_struct *t = bpf_get_current_task_btf();
	struct fdtable *fdt = BPF_CORE_READ(t, files, fdt);
	struct file **fds = BPF_CORE_READ(fdt, fd);
	struct file *f = NULL;
	struct inode *ino;
	__u32 mode;

	if (fd < 0 || (__u32)fd >= BPF_CORE_READ(fdt, max_fds) ||
	    bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]) || !f)
		return 0;
	ino = BPF_CORE_READ(f, f_inode);
	mode = BPF_CORE_READ(ino, i_mode) & KT_S_IFMT;
	*kind = mode == KT_S_IFIFO ? KT_FD_PIPE :
		mode == KT_S_IFSOCK ? KT_FD_SOCKET : KT_FD_FILE;
	return BPF_CORE_READ(ino, i_ino);
}

/* KT_CAP_NEWFD: fd, kind, inode of each descriptor the call made (fd1
 * is -1 when it made one). */
static __noinline void cap_newfd(void *ctx, struct kt_batch *b, __u32 tid,
				 int fd0, int fd1)
{
	int nfd = fd1 < 0 ? 1 : 2;
	__u32 off = batch_tail(b), kind = 0;
	__u8 *p = &b->buf[off + sizeof(struct kt_bpf_cap)];

	*(__u32 *)(p + 0) = fd0;
	*(__u64 *)(p + 8) = fd_inode(fd0, &kind);
	*(__u32 *)(p + 4) = kind;
	if (nfd > 1) {
		kind = 0;
		*(__u32 *)(p + 16) = fd1;
		*(__u64 *)(p + 24) = fd_inode(fd1, &kind);
		*(__u32 *)(p + 20) = kind;
	}
	cap_fill(cap_hdr(b, off), tid, KT_CAP_NEWFD, KT_CAP_OK, 0,
		 nfd > 1 ? 32 : 16, 0);
	batch_commit(ctx, b, off, sizeof(struct kt_bpf_cap) + (nfd > 1 ? 32 : 16));
}

static __always_inline __u64 min_u64(__u64 a, __u64 b)
{
	return a < b ? a : b;
}

/*
 * Argument i of a call that returned ret. The batch is held by the
 * caller; a chunked capture may send it midway, which is fine: the
 * recorder collects a thread's caps until its event comes.
 */
static __noinline __attribute__((unused)) void cap_arg(void *ctx, const struct kt_bpf_argspec *sp,
			       const struct kt_bpf_event *e, int i, __u64 exec)
{
	const __u64 *args = e->args;
	__u32 envc = (__u32)exec, argc = (__u32)(exec >> 32);
	long ret = e->ret;
	__u32 tid = e->tid;
	struct task_struct *t;
	struct kt_batch *b = cap_batch();
	__u64 v, len;
	__u8 type, la;

	if (!b || i < 0 || i >= 6)
		return;
	type = sp->type[i];
	la = sp->lenarg[i] < 6 ? sp->lenarg[i] : 0;
	v = args[i];
	switch (type) {
	case KT_ARG_STR:
		if (sp->any == KT_SPEC_EXEC && ret == 0) {
			/* a successful exec: its path, from the new image */
			t = bpf_get_current_task_btf();
			v = BPF_CORE_READ(t, mm, env_end);
		}
		cap_str(ctx, b, tid, i, (const char *)v);
		return;
	case KT_ARG_STR_OUT:
		if (ret > 0)
			cap_bytes(ctx, CAP_WHO(tid, i, ret > KT_CHUNK ? KT_CAP_TRUNC : KT_CAP_OK),
				  (const char *)v, min_u64(ret, KT_CHUNK));
		return;
	case KT_ARG_BUF_IN:
		len = args[la];
		if (cap_bufsize && len)
			cap_bytes(ctx, CAP_WHO(tid, i, len > cap_bufsize ? KT_CAP_TRUNC : KT_CAP_OK),
				  (const char *)v, min_u64(len, cap_bufsize));
		return;
	case KT_ARG_BUF_OUT:	/* 0 bytes read: strace shows "" */
		if (cap_bufsize && ret >= 0)
			cap_bytes(ctx, CAP_WHO(tid, i, (__u64)ret > cap_bufsize ? KT_CAP_TRUNC : KT_CAP_OK),
				  (const char *)v, min_u64(ret, cap_bufsize));
		return;
	case KT_ARG_SOCKADDR:
		if (v && args[la])
			cap_bytes(ctx, CAP_WHO(tid, i, KT_CAP_OK),
				  (const char *)v, min_u64(args[la], KT_SOCKADDR_MAX));
		return;
	case KT_ARG_SOCKADDR_OUT:
		if (v && ret >= 0 && args[la]) {
			len = user_len(args[la], KT_SOCKADDR_MAX);
			cap_bytes(ctx, CAP_WHO(tid, i, KT_CAP_OK),
				  (const char *)v, len);
		}
		return;
	case KT_ARG_MSGHDR: {
		struct user_msghdr m = {};

		if (!v || ret < 0 ||
		    bpf_probe_read_user(&m, sizeof(m), (void *)v) ||
		    !m.msg_name || m.msg_namelen <= 0)
			return;
		cap_bytes(ctx, CAP_WHO(tid, i, KT_CAP_OK),
				  (const char *)m.msg_name, min_u64(m.msg_namelen, KT_SOCKADDR_MAX));
		return;
	}
	case KT_ARG_ARGV:
		if (ret == 0 && sp->any == KT_SPEC_EXEC) {
			t = bpf_get_current_task_btf();
			v = BPF_CORE_READ(t, mm, start_stack);	/* at argc */
			len = 0;
			if (argc != KT_ARGC_UNKNOWN &&
			    !bpf_probe_read_user(&len, sizeof(len), (void *)v) &&
			    len > argc) {
				/*
				 * A script (fs/binfmt_script.c): argv[0] gave
				 * way to the interpreter, its argument and the
				 * path; from the path on, it is the caller's
				 * vector, the path where argv[0] was.
				 */
				cap_argv(ctx, tid, i, (const char *)(v + 8 +
					 (len - argc) * 8));
				return;
			}
			v = BPF_CORE_READ(t, mm, arg_start);
			len = BPF_CORE_READ(t, mm, arg_end) - v;
			cap_bytes(ctx, CAP_WHO(tid, i, len > (__u64)KT_CHUNK * KT_CAP_MAX_CHUNKS ?
				  KT_CAP_TRUNC : KT_CAP_OK),
				  (const char *)v, min_u64(len, (__u64)KT_CHUNK * KT_CAP_MAX_CHUNKS));
		} else {
			cap_argv(ctx, tid, i, (const char *)v);
		}
		return;
	case KT_ARG_ENVP:
		if (ret == 0 && sp->any == KT_SPEC_EXEC)
			cap_u32(ctx, b, tid, i, envc);
		else
			cap_vec_count(ctx, tid, i, (const char *)v);
		return;
	case KT_ARG_STRUCT_IN:	/* shown even when the call failed */
		if (v && sp->size[i])
			cap_bytes(ctx, CAP_WHO(tid, i, KT_CAP_OK),
				  (const char *)v, min_u64(sp->size[i], KT_CHUNK));
		return;
	case KT_ARG_STRUCT_OUT:
		if (v && ret >= 0 && sp->size[i])
			cap_bytes(ctx, CAP_WHO(tid, i, KT_CAP_OK),
				  (const char *)v, min_u64(sp->size[i], KT_CHUNK));
		return;
	}
}

/* The descriptors a call made, when argspec says it makes some. */
static __always_inline void cap_newfds(void *ctx, const struct kt_bpf_argspec *sp,
				       const __u64 *args, long ret, __u32 tid)
{
	struct kt_batch *b;
	int fds[2] = {};
	__u8 at;

	if (ret < 0 || !sp->newfd || !(b = cap_batch()))
		return;
	if (sp->newfd == KT_NEWFD_RET) {
		cap_newfd(ctx, b, tid, (int)ret, -1);
		return;
	}
	at = sp->newfd - KT_NEWFD_ARG;
	if (at < 6 && !bpf_probe_read_user(fds, sizeof(fds), (void *)args[at]))
		cap_newfd(ctx, b, tid, fds[0], fds[1]);
}

#endif /* KTRAIL_CAPTURE_BPF_H */
