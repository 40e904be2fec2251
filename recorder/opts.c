// SPDX-License-Identifier: MIT
/*
 * opts.c - record's command line: getopt_long, one error line per mistake.
 *
 * The optstring starts with '+' so parsing stops at the workload's own
 * arguments; opterr is 0 so every message is ours and a single line. Every
 * number (pids, durations, buffer pages) and every --stacks value is checked
 * here, once, so the rest of the recorder trusts struct record_opts.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "opts.h"
#include "bpf/ktrail.h"

#define DEFAULT_PAGES 1024
/*
 * With user stack copies (8 KiB an event) the default grows to this, as
 * long as all CPUs' buffers together stay within COPY_BUFFER_MAX: a burst
 * of stacked events is absorbed while the recorder unwinds.
 */
#define COPY_PAGES	4096
#define COPY_BUFFER_MAX	(256ull << 20)

static void usage(FILE *f)
{
	fprintf(f,
"record - record what the kernel does for a workload into a trace file.\n"
"\n"
"Usage: record [OPTIONS] -- COMMAND [ARGS...]\n"
"       record [OPTIONS] -p PID[,PID...]\n"
"       record [OPTIONS] -a\n"
"       record -l PATH\n"
"\n"
"Options:\n"
"  -o FILE              output trace, '-' for stdout (default: trace.zst);\n"
"                       with '-', COMMAND's stdout is record's stderr\n"
"  -e PROBE[,PROBE...]  what to record; repeatable (default: syscall:*)\n"
"                       syscall:NAME  syscall:*  syscall:%%file  %%net  %%process  %%memory\n"
"                       syscall:GLOB (syscall:open*, syscall:*stat*)\n"
"                       tracepoint:CATEGORY:NAME\n"
"                       uprobe:PATH:SYMBOL  uretprobe:PATH:SYMBOL  ufunc:PATH:SYMBOL\n"
"                       kprobe:FUNC  kretprobe:FUNC  kfunc:FUNC\n"
"                       usdt:PATH:PROVIDER:NAME  usdt:PATH:PROVIDER:*\n"
"                       in a list, a PROBE without ':' keeps the kind of the\n"
"                       one before (syscall:%%file,%%net); first, a syscall\n"
"                       (-e openat,close)\n"
"      --stacks[=kernel,user,user-fp]  capture stacks (kernel,user when no value);\n"
"                       user: unwound from a copy of the user stack with the\n"
"                       binaries' .eh_frame; user-fp: the kernel's frame-pointer walk\n"
"  -p PID[,PID...]      trace running processes and their new children\n"
"  -a                   trace the whole system\n"
"      --duration SECS  stop after SECS (units ns, us, ms, s allowed); a COMMAND\n"
"                       still running then runs on, untraced\n"
"      --failed         keep only calls that returned an error\n"
"      --slower-than DUR  keep only calls at least DUR long (500ns, 10us, 5ms, 1s)\n"
"  -u USER              run COMMAND as USER (default: the sudo caller)\n"
"  -m PAGES             perf buffer pages per CPU, a power of two (default: %d;\n"
"                       with --stacks=user up to %d, %llu MiB in all)\n"
"  -s SIZE              also keep up to SIZE bytes of each data buffer a call\n"
"                       reads or writes, as strace -s (default: 0, none)\n"
"  -q                   no live status line\n"
"  -v                   show libbpf's own messages\n"
"  -l PATH              list the USDT probes of a binary or library, and exit\n"
"  -h, --help           this help\n"
"  -V, --version        print the version\n"
"\n"
"Exit status: COMMAND's (128+N when signal N killed it); 1 when record failed\n"
"or the trace could not be completed (disk full, reader gone, file removed),\n"
"COMMAND's status then printed; 2 for bad usage or input; 127 when COMMAND\n"
"cannot be run.\n"
"\n"
"Examples:\n"
"  record -- ls /tmp                      # every syscall of ls\n"
"  record -o mk.zst -e syscall:%%file -- make   # file syscalls of a build\n"
"  record --failed -p 1234 --duration 10  # errors of a running process, 10 s\n"
"  record --stacks -e syscall:openat -- ./app  # opens, with stacks\n"
"  record -l /usr/bin/python3.11          # its USDT probes\n"
"  record -e usdt:python3.11:python:function__entry -- python3.11 x.py\n"
"  record -s 64 -e read,write -- ./app    # and 64 bytes of each buffer\n"
"  analyze trace.zst                      # then read the summary\n",
		DEFAULT_PAGES, COPY_PAGES, COPY_BUFFER_MAX >> 20);
}

/*
 * Split one -e list on ',' and append each piece to the NULL-terminated
 * list. A piece without a ':' continues the kind of the piece before it,
 * up to that one's last ':' (syscall:%file,%net is syscall:%net as well;
 * tracepoint:sched:sched_switch,sched_wakeup; kprobe:a,b), and a list
 * that starts with one names syscalls, as perf trace's -e openat,close.
 */
static int add_probe_specs(struct record_opts *o, const char *arg)
{
	char *copy = strdup(arg), *save = NULL, *tok;
	char *prefix = strdup("syscall:");
	int err = copy && prefix ? 0 : -ENOMEM;

	for (tok = err ? NULL : strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char **v = realloc(o->probe_specs,
				   (o->nprobe_specs + 2) * sizeof(*v));
		const char *colon = strrchr(tok, ':');
		char *spec = NULL;

		if (!v) {
			err = -ENOMEM;
			break;
		}
		o->probe_specs = v;
		if (colon) {
			free(prefix);
			prefix = strndup(tok, (size_t)(colon - tok) + 1);
			spec = prefix ? strdup(tok) : NULL;
		} else if (asprintf(&spec, "%s%s", prefix, tok) < 0) {
			spec = NULL;
		}
		if (!spec) {
			err = -ENOMEM;
			break;
		}
		v[o->nprobe_specs] = spec;
		v[++o->nprobe_specs] = NULL;
	}
	free(prefix);
	free(copy);
	return err;
}

int parse_duration(const char *s, uint64_t bare_unit_ns, uint64_t *ns)
{
	static const struct { const char *sfx; double mul; } units[] = {
		{ "ns", 1 }, { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 },
		{ "m", 60e9 }, { "", 0 },
	};
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno || !isfinite(v) || v < 0)
		return -EINVAL;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		double mul = units[i].mul ? units[i].mul : (double)bare_unit_ns;

		if (strcmp(end, units[i].sfx) || !mul)
			continue;
		if (v * mul > 1e18)
			return -EINVAL;
		*ns = (uint64_t)(v * mul + 0.5);
		return 0;
	}
	return -EINVAL;
}

static int parse_pids(struct record_opts *o, const char *arg)
{
	const char *p = arg;

	while (*p) {
		char *end;
		long v;

		errno = 0;
		v = strtol(p, &end, 10);
		if (end == p || errno || v <= 0 || v > INT_MAX ||
		    (*end && *end != ','))
			return -EINVAL;
		if (o->npids == MAX_TARGET_PIDS)
			return -E2BIG;
		o->pids[o->npids++] = (pid_t)v;
		p = *end ? end + 1 : end;
	}
	return o->npids ? 0 : -EINVAL;
}

static int parse_stacks(struct record_opts *o, const char *arg)
{
	char buf[64], *save = NULL, *tok;

	if (!arg) {
		o->kstack = 1;
		o->ustack = KT_USTACK_COPY;
		return 0;
	}
	if (strlen(arg) >= sizeof(buf) || !*arg)
		return -EINVAL;
	strcpy(buf, arg);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "kernel"))
			o->kstack = 1;
		else if (!strcmp(tok, "user"))
			o->ustack = KT_USTACK_COPY;
		else if (!strcmp(tok, "user-fp"))
			o->ustack = KT_USTACK_FP;
		else
			return -EINVAL;
	}
	return 0;
}

enum { OPT_STACKS = 256, OPT_DURATION, OPT_FAILED, OPT_SLOWER };

static const struct option longopts[] = {
	{ "output",	 required_argument, NULL, 'o' },
	{ "event",	 required_argument, NULL, 'e' },
	{ "stacks",	 optional_argument, NULL, OPT_STACKS },
	{ "pid",	 required_argument, NULL, 'p' },
	{ "all",	 no_argument,	    NULL, 'a' },
	{ "duration",	 required_argument, NULL, OPT_DURATION },
	{ "failed",	 no_argument,	    NULL, OPT_FAILED },
	{ "slower-than", required_argument, NULL, OPT_SLOWER },
	{ "user",	 required_argument, NULL, 'u' },
	{ "buffer-pages", required_argument, NULL, 'm' },
	{ "string-limit", required_argument, NULL, 's' },
	{ "quiet",	 no_argument,	    NULL, 'q' },
	{ "verbose",	 no_argument,	    NULL, 'v' },
	{ "list",	 required_argument, NULL, 'l' },
	{ "help",	 no_argument,	    NULL, 'h' },
	{ "version",	 no_argument,	    NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* One error line in git's style; returns -1 for opts__parse(). */
__attribute__((format(printf, 1, 2)))
static int bad(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "record: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see 'record --help')\n");
	return -1;
}

/* -m's default: larger with user stack copies, bounded in total. */
static unsigned default_pages(const struct record_opts *o)
{
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);
	unsigned pages = COPY_PAGES;

	if (o->ustack != KT_USTACK_COPY)
		return DEFAULT_PAGES;
	if (ncpu < 1)
		ncpu = 1;
	while (pages > DEFAULT_PAGES &&
	       (unsigned long long)pages * 4096 * (unsigned long long)ncpu >
	       COPY_BUFFER_MAX)
		pages /= 2;
	return pages;
}

int opts__parse(struct record_opts *o, int argc, char **argv)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->output = "trace.zst";
	o->buffer_pages = 0;	/* default: set below */
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+:o:e:p:au:m:s:qvl:hV", longopts,
				NULL)) != -1) {
		char *end;
		long v;

		switch (c) {
		case 'o':
			if (!*optarg)
				return bad("empty output file name");
			o->output = optarg;
			break;
		case 'e':
			if (!*optarg)
				return bad("empty probe list");
			if (add_probe_specs(o, optarg))
				return bad("out of memory");
			break;
		case OPT_STACKS:
			if (parse_stacks(o, optarg))
				return bad("invalid --stacks value '%s': use kernel, user, user-fp or a comma list", optarg);
			break;
		case 'p':
			if (parse_pids(o, optarg))
				return bad("invalid pid list '%s'", optarg);
			break;
		case 'a':
			o->system_wide = 1;
			break;
		case OPT_DURATION:
			if (parse_duration(optarg, 1000000000ull, &o->duration_ns) ||
			    !o->duration_ns)
				return bad("invalid duration '%s': use seconds, or a number with ns, us, ms, s", optarg);
			break;
		case OPT_FAILED:
			o->failed_only = 1;
			break;
		case OPT_SLOWER:
			if (parse_duration(optarg, 0, &o->slower_than_ns))
				return bad("invalid --slower-than '%s': use a number with a unit, like 10us or 5ms", optarg);
			break;
		case 'u':
			o->user = optarg;
			break;
		case 'm':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || v < 1 ||
			    v > (1 << 16) || (v & (v - 1)))
				return bad("invalid -m '%s': pages per CPU must be a power of two from 1 to 65536", optarg);
			o->buffer_pages = (unsigned)v;
			break;
		case 's':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || v < 0 ||
			    v > MAX_STRSIZE)
				return bad("invalid -s '%s': bytes of each data buffer, from 0 to %d", optarg, MAX_STRSIZE);
			o->strsize = (uint32_t)v;
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 'v':
			o->verbose = 1;
			break;
		case 'l':
			if (!*optarg)
				return bad("empty file name for -l");
			o->list_usdt = optarg;
			break;
		case 'h':
			usage(stdout);
			return 1;
		case 'V':
			printf("record (ktrail) %s\n", KTRAIL_VERSION);
			return 1;
		case ':':
			return bad("option '%s' needs a value", argv[optind - 1]);
		default:
			return bad("unknown option '%s'", argv[optind - 1]);
		}
	}
	o->argv = argv + optind;
	o->argc = argc - optind;
	if (!o->buffer_pages)
		o->buffer_pages = default_pages(o);

	if (o->list_usdt)
		return o->argc || o->npids || o->system_wide ?
		       bad("-l lists probes and exits: it takes no command, -p or -a") : 0;
	if (o->npids && o->system_wide)
		return bad("-p and -a cannot be combined");
	if ((o->npids || o->system_wide) && o->argc)
		return bad("give either a command or %s, not both",
			   o->npids ? "-p" : "-a");
	if (!o->npids && !o->system_wide && !o->argc)
		return bad("no command given: record [OPTIONS] -- COMMAND");
	if (o->user && !o->argc)
		return bad("-u needs a command to run");
	return 0;
}

void opts__free(struct record_opts *o)
{
	for (int i = 0; i < o->nprobe_specs; i++)
		free(o->probe_specs[i]);
	free(o->probe_specs);
	o->probe_specs = NULL;
	o->nprobe_specs = 0;
}
