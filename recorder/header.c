// SPDX-License-Identifier: MIT
/*
 * header.c - the first frame: everything an analyzer on another machine
 * needs to read the rest without asking this one. Host and kernel facts,
 * the shell-quoted command line, the filters in force, this machine's
 * syscall and errno tables (schema/gentables.sh) and the probe table.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/utsname.h>
#include "header.h"
#include "opts.h"
#include "probes.h"
#include "syscalls.h"
#include "schema/codec.h"
#include "schema/errnos.h"

uint64_t boot_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* CLOCK_REALTIME - CLOCK_BOOTTIME, read back to back */
static int64_t wall_offset_ns(void)
{
	struct timespec rt;
	uint64_t b = boot_ns();

	clock_gettime(CLOCK_REALTIME, &rt);
	return (int64_t)((uint64_t)rt.tv_sec * 1000000000ull +
			 (uint64_t)rt.tv_nsec) - (int64_t)b;
}

/* Append s to buf quoted for sh when it needs quoting. */
static void append_quoted(char *buf, size_t size, const char *s)
{
	size_t len = strlen(buf);
	int plain = *s != 0;

	for (const char *c = s; *c; c++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789-_./=:,+@%", *c))
			plain = 0;
	if (plain) {
		snprintf(buf + len, size - len, "%s", s);
		return;
	}
	snprintf(buf + len, size - len, "'");
	for (const char *c = s; *c; c++) {
		len = strlen(buf);
		snprintf(buf + len, size - len, *c == '\'' ? "'\\''" : "%c", *c);
	}
	len = strlen(buf);
	snprintf(buf + len, size - len, "'");
}

static void command_line(const struct record_opts *o, char *buf, size_t size)
{
	buf[0] = 0;
	if (o->system_wide) {
		snprintf(buf, size, "(system-wide)");
		return;
	}
	if (o->npids) {
		size_t len = (size_t)snprintf(buf, size, "(pid");
		for (int i = 0; i < o->npids && len < size; i++)
			len += (size_t)snprintf(buf + len, size - len, " %d",
						o->pids[i]);
		if (len < size)
			snprintf(buf + len, size - len, ")");
		return;
	}
	for (int i = 0; i < o->argc; i++) {
		size_t len = strlen(buf);

		if (i && len + 1 < size)
			strcpy(buf + len, " ");
		append_quoted(buf, size, o->argv[i]);
	}
}

static void put_meta_u64(struct kt_buf *b, const char *key, uint64_t v)
{
	char s[32];

	snprintf(s, sizeof(s), "%llu", (unsigned long long)v);
	codec__put_meta(b, key, s);
}

static void put_metas(struct kt_buf *b, const struct record_opts *o,
		      int64_t wall_off, uint64_t origin)
{
	char buf[4096], host[256] = "";
	struct utsname u;
	time_t secs = (time_t)(((int64_t)origin + wall_off) / 1000000000);
	struct tm tm;

	uname(&u);
	gethostname(host, sizeof(host) - 1);
	codec__put_meta(b, "host", host);
	codec__put_meta(b, "kernel", u.release);
	codec__put_meta(b, "arch", u.machine);
	command_line(o, buf, sizeof(buf));
	codec__put_meta(b, "command", buf);
	gmtime_r(&secs, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	codec__put_meta(b, "start_wall", buf);
	codec__put_meta(b, "recorder", "ktrail " KTRAIL_VERSION);
	buf[0] = 0;
	for (int i = 0; i < o->nprobe_specs; i++) {
		size_t len = strlen(buf);
		snprintf(buf + len, sizeof(buf) - len, "%s%s", i ? "," : "",
			 o->probe_specs[i]);
	}
	codec__put_meta(b, "probes", o->nprobe_specs ? buf : "syscall:*");
	codec__put_meta(b, "target", o->system_wide ? "system" :
				     o->npids ? "pid" : "command");
	codec__put_meta(b, "filter_failed", o->failed_only ? "1" : "0");
	put_meta_u64(b, "filter_slower_than_ns", o->slower_than_ns);
	codec__put_meta(b, "stacks", o->kstack && o->ustack ? "kernel,user" :
				     o->kstack ? "kernel" :
				     o->ustack ? "user" : "none");
	put_meta_u64(b, "buffer_pages", o->buffer_pages);
}

int header__put(struct kt_buf *b, const struct record_opts *o,
		const struct probe_set *ps, const uint8_t *nargs,
		uint64_t origin_ns)
{
	struct kt_header h = {
		.version = KT_FORMAT_VERSION,
		.origin_ns = origin_ns,
		.wall_offset_ns = wall_offset_ns(),
	};

	codec__put_header(b, &h);
	put_metas(b, o, h.wall_offset_ns, origin_ns);
	for (int i = 0; i < kt_syscall_count; i++)
		codec__put_name(b, KT_REC_SYSCALL, (uint32_t)kt_syscall_table[i].nr,
				kt_syscall_table[i].name);
	for (uint32_t nr = 0; nr < KT_MAX_SYSCALLS; nr++) {
		struct kt_sysargs a = { .nr = nr, .nargs = nargs[nr] };

		if (a.nargs <= KT_NARGS)
			codec__put_sysargs(b, &a);
	}
	for (int i = 0; i < kt_errnos_libc; i++)
		codec__put_name(b, KT_REC_ERRNO, (uint32_t)kt_errnos[i].nr,
				kt_errnos[i].name);
	for (int i = 0; i < ps->n; i++) {
		struct kt_probe p = {
			.id = ps->v[i].id,
			.name = kt_str(ps->v[i].name),
			.kind = kt_str(ps->v[i].kind),
			.target = kt_str(ps->v[i].target),
		};
		codec__put_probe(b, &p);
	}
	return b->err;
}
