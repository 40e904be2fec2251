// SPDX-License-Identifier: MIT
/*
 * opts.c - analyze's options: getopt_long into struct analyze_opts, then
 * the checks that need all of them at once.
 *
 * `--sql` takes an optional value that may be the next word: glibc's
 * optional_argument only binds `--sql=QUERY`, so before getopt_long() runs,
 * `--sql WORD` is rewritten to `--sql=WORD` unless WORD looks like an
 * option: a '-' first and no blank anywhere (a query that starts with an
 * "-- comment" line is a query). `--sql` last or followed by an option
 * reads statements from stdin.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "opts.h"

#ifndef KTRAIL_VERSION
#define KTRAIL_VERSION "dev"
#endif

/* One usage error line, git's style, ending with the pointer to --help;
 * -1 for opts__parse(). FMT is a string literal. */
#define usage_error(fmt, ...) \
	(fprintf(stderr, "analyze: " fmt " (see 'analyze --help')\n", \
		 ##__VA_ARGS__), -1)

static void usage(FILE *f)
{
	fprintf(f,
"analyze - import ktrail traces into SQLite and query them.\n"
"\n"
"Usage: analyze [OPTIONS] TRACE... [--where PREDICATE] [--histogram PROBE]...\n"
"                                           summary report of each trace\n"
"       analyze [OPTIONS] TRACE... --sql QUERY\n"
"       analyze [OPTIONS] TRACE... --sql     SQL statements from stdin\n"
"       analyze [OPTIONS] TRACE... --export perfetto FILE [--where PREDICATE]\n"
"       analyze [OPTIONS] TRACE... --flamegraph FILE.svg [--where PREDICATE]\n"
"       analyze [OPTIONS] TRACE... --strace [--where PREDICATE]\n"
"                  [--stack user|kernel|both] [--weight count|latency]\n"
"                  [--title TEXT]\n"
"                  [--format folded]\n"
"       analyze --db FILE [--sql [QUERY]]   query a database kept earlier\n"
"\n"
"Options:\n"
"  --sql [QUERY]     run QUERY (one or more statements); with no QUERY,\n"
"                    read statements from stdin (a prompt on a terminal).\n"
"                    A QUERY that starts with '-' and has no blank\n"
"                    needs --sql=QUERY\n"
"  --format FORMAT   query output: table, csv, json or tsv (default: table);\n"
"                    with --flamegraph, folded writes flamegraph.pl's\n"
"                    folded lines instead of the SVG\n"
"  --export perfetto FILE\n"
"                    write the events as Chrome/Perfetto trace-event JSON\n"
"                    (ui.perfetto.dev, chrome://tracing); - for stdout\n"
"  --flamegraph FILE write an interactive SVG flame graph of the events\n"
"                    (comm, user stack, kernel stack, probe); - for stdout.\n"
"                    Needs a trace recorded with --stacks\n"
"  --strace          print the syscalls as strace -f -tt -T lines\n"
"  --where PREDICATE select the events of the report, --strace, --export\n"
"                    and --flamegraph: one SQL expression over the events\n"
"                    view (default: all)\n"
"  --histogram PROBE the report draws the latency histogram of PROBE (a\n"
"                    name or a GLOB pattern such as 'syscall:*read*';\n"
"                    repeatable) instead of those of the 3 probes with\n"
"                    the most total time\n"
"  --stack WHICH     flame graph stacks: user, kernel or both (default: both)\n"
"  --weight WEIGHT   flame graph width: count (events) or latency (summed\n"
"                    latency_ns) (default: count)\n"
"  --title TEXT      flame graph title (default: \"Flame graph: \" and the\n"
"                    --where predicate)\n"
"  --db FILE         write the database to FILE, a plain SQLite file\n"
"                    (replaces only a database analyze made; default: a\n"
"                    temporary database, deleted at exit)\n"
"  -q, --quiet       no progress line on stderr while importing (there is\n"
"                    one only when stderr is a terminal)\n"
"  -h, --help        show this help\n"
"  -V, --version     show the version\n"
"\n"
"TRACE is a file written by `record`, or - for stdin. Several traces go\n"
"into one database, with trace_id 1, 2, ... in the order given.\n"
"Tables: events, probes, processes, stack_frames, stacks, lost, meta,\n"
"proc_events, syscalls, errnos, traces. Functions: percentile(x, p),\n"
"median(x), errno_name(ret), fmt_ns(ns), folded(stack_id).\n"
"\n"
"Examples:\n"
"  analyze trace.zst                      # summary report\n"
"  analyze trace.zst --histogram syscall:read  # read's latency histogram\n"
"  analyze trace.zst --sql \"SELECT probe, count(*) FROM events GROUP BY 1\"\n"
"  analyze trace.zst --format csv --sql \"SELECT * FROM events\" > ev.csv\n"
"  analyze trace.zst --sql < queries.sql  # run a script\n"
"  analyze a.zst b.zst --db both.db       # keep one database of two traces\n"
"  analyze trace.zst --flamegraph enoent.svg --where \"errno = 'ENOENT'\"\n"
"  analyze trace.zst --flamegraph slow.svg --stack user --weight latency\n"
"  analyze trace.zst --flamegraph - --format folded | flamegraph.pl > fg.svg\n"
"  analyze trace.zst --export perfetto timeline.json\n"
"  analyze trace.zst --strace --where \"path LIKE '/etc/%%'\" | grep ENOENT\n");
}

static int looks_like_option(const char *w)
{
	return w[0] == '-' && !w[strcspn(w, " \t\r\n")];
}

/*
 * Rewrite "--sql WORD" to "--sql=WORD" (see the top of this file). Returns
 * a NULL-terminated copy of argv, every string owned (free_args()).
 */
static char **join_sql_word(int argc, char **argv)
{
	char **v = calloc((size_t)argc + 1, sizeof(*v));
	int i, n = 0, opts = 1;

	if (!v)
		return NULL;
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			opts = 0;
		if (opts && !strcmp(argv[i], "--sql") && i + 1 < argc &&
		    !looks_like_option(argv[i + 1])) {
			if (asprintf(&v[n], "--sql=%s", argv[++i]) < 0)
				v[n] = NULL;
		} else {
			v[n] = strdup(argv[i]);
		}
		if (!v[n++])
			goto out_free;
	}
	return v;

out_free:
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	return NULL;
}

static void free_args(char **v)
{
	for (int i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

/* long options without a letter of their own */
enum { OPT_STRACE = 256, OPT_HISTOGRAM };

/* Append --histogram's value to o->hist. Returns 0 or -ENOMEM. */
static int add_histogram(struct analyze_opts *o, char *probe)
{
	char **v = realloc(o->hist, ((size_t)o->nhist + 1) * sizeof(*v));

	if (!v) {
		fprintf(stderr, "analyze: out of memory\n");
		return -ENOMEM;
	}
	v[o->nhist++] = probe;
	o->hist = v;
	return 0;
}

static int parse_args(struct analyze_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "sql",	optional_argument,	NULL, 's' },
		{ "format",	required_argument,	NULL, 'f' },
		{ "db",		required_argument,	NULL, 'd' },
		{ "export",	required_argument,	NULL, 'e' },
		{ "flamegraph",	required_argument,	NULL, 'F' },
		{ "where",	required_argument,	NULL, 'w' },
		{ "strace",	no_argument,		NULL, OPT_STRACE },
		{ "histogram",	required_argument,	NULL, OPT_HISTOGRAM },
		{ "stack",	required_argument,	NULL, 'S' },
		{ "weight",	required_argument,	NULL, 'W' },
		{ "title",	required_argument,	NULL, 'T' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "version",	no_argument,		NULL, 'V' },
		{ "quiet",	no_argument,		NULL, 'q' },
		{ 0 },
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hVq", longopts, NULL)) != -1) {
		switch (c) {
		case 'q':
			o->quiet = 1;
			break;
		case 's':
			o->sql = optarg;
			o->sql_stdin = !optarg;
			break;
		case 'f':
			o->fg.folded = !strcmp(optarg, "folded");
			if (!o->fg.folded &&
			    results__parse_format(optarg, &o->fmt))
				return usage_error("unknown format '%s' (use table, csv, json, tsv or, with --flamegraph, folded)",
						   optarg);
			break;
		case 'd':
			o->db_path = optarg;
			break;
		case 'e':
			if (strcmp(optarg, "perfetto"))
				return usage_error("unknown export format '%s' (use perfetto)",
						   optarg);
			/* the file is the next word: `--export perfetto FILE` */
			if (optind >= argc || (argv[optind][0] == '-' &&
					       argv[optind][1]))
				return usage_error("--export perfetto needs a FILE");
			o->export_path = argv[optind++];
			break;
		case 'F':
			if (optarg[0] == '-' && optarg[1])
				return usage_error("--flamegraph needs a FILE");
			o->svg_path = optarg;
			break;
		case 'w':
			o->where = o->fg.where = optarg;
			break;
		case OPT_STRACE:
			o->strace = 1;
			break;
		case OPT_HISTOGRAM:
			if (add_histogram(o, optarg))
				return -ENOMEM;
			break;
		case 'S':
			if (flamegraph__parse_stack(optarg, &o->fg.stack))
				return usage_error("unknown --stack '%s' (use user, kernel or both)",
						   optarg);
			o->fg_only = "--stack";
			break;
		case 'W':
			if (flamegraph__parse_weight(optarg, &o->fg.weight))
				return usage_error("unknown --weight '%s' (use count or latency)",
						   optarg);
			o->fg_only = "--weight";
			break;
		case 'T':
			o->fg.title = optarg;
			o->fg_only = "--title";
			break;
		case 'h':
			usage(stdout);
			return 1;
		case 'V':
			printf("analyze (ktrail) %s\n", KTRAIL_VERSION);
			return 1;
		case ':':
			return usage_error("option '%s' needs a value",
					   argv[optind - 1]);
		default:
			return usage_error("unknown option '%s'",
					   argv[optind - 1]);
		}
	}
	o->traces = argv + optind;
	o->ntraces = argc - optind;
	return 0;
}

static int to_stdout(const char *path)
{
	return path && !strcmp(path, "-");
}

static int check_opts(const struct analyze_opts *o)
{
	int outs = to_stdout(o->export_path) + to_stdout(o->svg_path) +
		   o->strace;
	struct stat st;

	for (int i = 0; o->sql_stdin && i < o->ntraces; i++)
		if (!strcmp(o->traces[i], "-"))
			return usage_error("stdin cannot hold both a trace and SQL statements; use --sql QUERY");
	if (o->where && (o->sql || o->sql_stdin) && !o->export_path &&
	    !o->svg_path && !o->strace)
		return usage_error("--where selects the events of the report, --strace, --export or --flamegraph, not of --sql (write it in the query)");
	if (o->nhist && (o->sql || o->sql_stdin || o->export_path ||
			 o->svg_path || o->strace))
		return usage_error("--histogram is an option of the report");
	if ((o->fg_only || o->fg.folded) && !o->svg_path)
		return usage_error("%s is an option of --flamegraph",
				   o->fg.folded ? "--format folded" : o->fg_only);
	if (outs && outs + !!(o->sql || o->sql_stdin) > 1)
		return usage_error("only one output can go to stdout");
	if (o->ntraces || o->db_path)
		return 0;
	if (o->sql && !stat(o->sql, &st))
		return usage_error("no trace given ('%s' was taken as the --sql query: give traces first, or use --sql=QUERY)",
				   o->sql);
	return usage_error("no trace given");
}


int opts__parse(struct analyze_opts *o, int argc, char **argv)
{
	int ret;

	memset(o, 0, sizeof(*o));
	o->fmt = OUT_TABLE;
	o->args = join_sql_word(argc, argv);
	if (!o->args) {
		fprintf(stderr, "analyze: out of memory\n");
		return -ENOMEM;
	}
	for (argc = 0; o->args[argc]; argc++)
		;
	ret = parse_args(o, argc, o->args);
	return ret ? ret : check_opts(o);
}

void opts__free(struct analyze_opts *o)
{
	free_args(o->args);
	o->args = NULL;
	free(o->hist);
	o->hist = NULL;
}
