// SPDX-License-Identifier: MIT
/*
 * header.c - the first frame: everything an analyzer on another machine
 * needs to read the rest without asking this one. Host and kernel facts,
 * the shell-quoted command line, the filters in force, this machine's
 * syscall and errno tables (schema/gentables.sh) and the probe table.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/utsname.h>
#include "header.h"
#include "opts.h"
#include "probes.h"
#include "syscalls.h"
#include "sysargs.h"
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

/*
 * Append s to f quoted for sh when it needs quoting. An argument that is
 * exactly "..." is quoted too, so an unquoted " ..." at the end of
 * meta.command always means CUT_MARK.
 */
static void put_quoted(FILE *f, const char *s)
{
	int plain = *s != 0 && strcmp(s, "...");

	for (const char *c = s; *c; c++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789-_./=:,+@%", *c))
			plain = 0;
	if (plain) {
		fputs(s, f);
		return;
	}
	fputc('\'', f);
	for (const char *c = s; *c; c++)
		if (*c == '\'')
			fputs("'\\''", f);
		else
			fputc(*c, f);
	fputc('\'', f);
}

/*
 * meta.command: the argv shell-quoted, whole when it fits in KT_MAX_STR
 * bytes. A longer one keeps the whole arguments that fit (at least part
 * of the first) and ends with CUT_MARK; processes.argv has every argument.
 */
#define CUT_MARK " ..."

static void put_command(struct kt_buf *b, const struct record_opts *o)
{
	size_t len = 0, fits = 0, keep = KT_MAX_STR - strlen(CUT_MARK);
	char *cmd = NULL;
	FILE *f = open_memstream(&cmd, &len);

	if (!f) {
		b->err = -ENOMEM;
		return;
	}
	for (int i = 0; i < o->argc; i++) {
		if (i)
			fputc(' ', f);
		put_quoted(f, o->argv[i]);
		fflush(f);
		if (len <= keep)
			fits = len;	/* ends on a whole argument */
	}
	if (fclose(f) || !cmd) {
		free(cmd);
		b->err = -ENOMEM;
		return;
	}
	if (len > KT_MAX_STR)
		strcpy(cmd + (fits ? fits : keep), CUT_MARK);
	codec__put_meta(b, "command", cmd);
	free(cmd);
}

/* What was traced instead of a command: "(system-wide)", "(pid 1 2)". */
static void put_target(struct kt_buf *b, const struct record_opts *o)
{
	char buf[32 + 12 * MAX_TARGET_PIDS] = "(system-wide)";
	size_t len;

	if (o->npids) {
		len = (size_t)snprintf(buf, sizeof(buf), "(pid");
		for (int i = 0; i < o->npids; i++)
			len += (size_t)snprintf(buf + len, sizeof(buf) - len,
						" %d", o->pids[i]);
		snprintf(buf + len, sizeof(buf) - len, ")");
	}
	codec__put_meta(b, "command", buf);
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
	if (o->argc)
		put_command(b, o);
	else
		put_target(b, o);
	gmtime_r(&secs, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	codec__put_meta(b, "start_wall", buf);
	/* the local clock strace -tt would show (analyze --strace) */
	tzset();
	localtime_r(&secs, &tm);
	snprintf(buf, sizeof(buf), "%ld", (long)tm.tm_gmtoff);
	codec__put_meta(b, "utc_offset_s", buf);
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
	put_meta_u64(b, "string_limit", o->strsize);
}

/*
 * A SYSARGS record per USDT probe, under its probe id: how many arguments
 * it has, and which the events carry as captured strings.
 */
static void put_usdt_args(struct kt_buf *b, const struct probe_set *ps)
{
	for (int i = 0; i < ps->n; i++) {
		const struct probe *p = &ps->v[i];
		struct kt_sysargs a = { .nr = p->id };

		if (p->type != PROBE_USDT)
			continue;
		a.nargs = (uint8_t)(p->nargs < KT_NARGS ? p->nargs : KT_NARGS);
		for (int j = 0; j < a.nargs; j++)
			a.type[j] = p->strings & (1u << j) ? KT_ARG_STR : KT_ARG_INT;
		codec__put_sysargs(b, &a);
	}
}

int header__put(struct kt_buf *b, const struct record_opts *o,
		const struct probe_set *ps, const struct sysargs_tab *args,
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
		struct kt_sysargs a = { .nr = nr, .nargs = args->nargs[nr] };

		memcpy(a.type, args->type[nr], sizeof(a.type));
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
	put_usdt_args(b, ps);
	return b->err;
}
