// SPDX-License-Identifier: MIT
/*
 * main.c - analyze: import ktrail traces into SQLite and query them.
 *
 * Wires the steps together: options into struct analyze_opts, every trace
 * through analyzer/import/import.c into one database (analyzer/import/db.c), the SQL
 * functions (analyzer/sqlfuncs.c), then the exports (analyzer/export.c,
 * analyzer/flamegraph.c), a query (analyzer/shell.c) or the summary
 * report (analyzer/report.c). It also picks the exit status:
 * 0 success (a truncated trace only warns), 1 bad input, a corrupt trace
 * or an SQL error, 2 a usage error.
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
#include <unistd.h>
#include <sys/stat.h>
#include <sqlite3.h>
#include "analyzer/import/db.h"
#include "export.h"
#include "flamegraph.h"
#include "analyzer/import/import.h"
#include "results.h"
#include "report.h"
#include "shell.h"
#include "sqlfuncs.h"

#ifndef KTRAIL_VERSION
#define KTRAIL_VERSION "dev"
#endif

enum { EXIT_OK = 0, EXIT_BAD = 1, EXIT_USAGE = 2 };

struct analyze_opts {
	char **traces;		/* trace files, in trace_id order */
	int ntraces;
	const char *sql;	/* --sql QUERY */
	int sql_stdin;		/* --sql with no query */
	enum out_format fmt;	/* --format */
	const char *db_path;	/* --db FILE, or NULL for a temporary one */
	const char *export_path;	/* --export perfetto FILE */
	const char *svg_path;	/* --flamegraph FILE */
	const char *where;	/* --where PREDICATE, for the two above */
	struct flamegraph_opts fg;	/* --stack, --weight, --format folded */
	const char *fg_only;	/* --stack or --weight, when given */
};

static void usage(FILE *f)
{
	fprintf(f,
"analyze - import ktrail traces into SQLite and query them.\n"
"\n"
"Usage: analyze [OPTIONS] TRACE...          summary report of each trace\n"
"       analyze [OPTIONS] TRACE... --sql QUERY\n"
"       analyze [OPTIONS] TRACE... --sql     SQL statements from stdin\n"
"       analyze [OPTIONS] TRACE... --export perfetto FILE [--where PREDICATE]\n"
"       analyze [OPTIONS] TRACE... --flamegraph FILE.svg [--where PREDICATE]\n"
"                  [--stack user|kernel|both] [--weight count|latency]\n"
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
"  --where PREDICATE select the events of --export and --flamegraph, an\n"
"                    SQL expression over the events view (default: all)\n"
"  --stack WHICH     flame graph stacks: user, kernel or both (default: both)\n"
"  --weight WEIGHT   flame graph width: count (events) or latency (summed\n"
"                    latency_ns) (default: count)\n"
"  --db FILE         write the database to FILE, a plain SQLite file\n"
"                    (replaces an SQLite file of that name; default: a\n"
"                    temporary database, deleted at exit)\n"
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
"  analyze trace.zst --sql \"SELECT probe, count(*) FROM events GROUP BY 1\"\n"
"  analyze trace.zst --format csv --sql \"SELECT * FROM events\" > ev.csv\n"
"  analyze trace.zst --sql < queries.sql  # run a script\n"
"  analyze a.zst b.zst --db both.db       # keep one database of two traces\n"
"  analyze trace.zst --flamegraph enoent.svg --where \"errno = 'ENOENT'\"\n"
"  analyze trace.zst --flamegraph slow.svg --stack user --weight latency\n"
"  analyze trace.zst --flamegraph - --format folded | flamegraph.pl > fg.svg\n"
"  analyze trace.zst --export perfetto timeline.json\n");
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

static int parse_args(int argc, char **argv, struct analyze_opts *o)
{
	static const struct option longopts[] = {
		{ "sql",	optional_argument,	NULL, 's' },
		{ "format",	required_argument,	NULL, 'f' },
		{ "db",		required_argument,	NULL, 'd' },
		{ "export",	required_argument,	NULL, 'e' },
		{ "flamegraph",	required_argument,	NULL, 'F' },
		{ "where",	required_argument,	NULL, 'w' },
		{ "stack",	required_argument,	NULL, 'S' },
		{ "weight",	required_argument,	NULL, 'W' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "version",	no_argument,		NULL, 'V' },
		{ 0 },
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hV", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			o->sql = optarg;
			o->sql_stdin = !optarg;
			break;
		case 'f':
			o->fg.folded = !strcmp(optarg, "folded");
			if (!o->fg.folded &&
			    results__parse_format(optarg, &o->fmt)) {
				fprintf(stderr, "analyze: unknown format '%s' (use table, csv, json, tsv or, with --flamegraph, folded)\n",
					optarg);
				return -1;
			}
			break;
		case 'd':
			o->db_path = optarg;
			break;
		case 'e':
			if (strcmp(optarg, "perfetto")) {
				fprintf(stderr, "analyze: unknown export format '%s' (use perfetto)\n",
					optarg);
				return -1;
			}
			/* the file is the next word: `--export perfetto FILE` */
			if (optind >= argc || (argv[optind][0] == '-' &&
					       argv[optind][1])) {
				fprintf(stderr, "analyze: --export perfetto needs a FILE\n");
				return -1;
			}
			o->export_path = argv[optind++];
			break;
		case 'F':
			if (optarg[0] == '-' && optarg[1]) {
				fprintf(stderr, "analyze: --flamegraph needs a FILE\n");
				return -1;
			}
			o->svg_path = optarg;
			break;
		case 'w':
			o->where = o->fg.where = optarg;
			break;
		case 'S':
			if (flamegraph__parse_stack(optarg, &o->fg.stack)) {
				fprintf(stderr, "analyze: unknown --stack '%s' (use user, kernel or both)\n",
					optarg);
				return -1;
			}
			o->fg_only = "--stack";
			break;
		case 'W':
			if (flamegraph__parse_weight(optarg, &o->fg.weight)) {
				fprintf(stderr, "analyze: unknown --weight '%s' (use count or latency)\n",
					optarg);
				return -1;
			}
			o->fg_only = "--weight";
			break;
		case 'h':
			usage(stdout);
			exit(EXIT_OK);
		case 'V':
			printf("analyze (ktrail) %s\n", KTRAIL_VERSION);
			exit(EXIT_OK);
		case ':':
			fprintf(stderr, "analyze: option '%s' needs a value\n",
				argv[optind - 1]);
			fprintf(stderr, "Try 'analyze --help' for more information.\n");
			return -1;
		default:
			fprintf(stderr, "analyze: unknown option '%s'\n",
				argv[optind - 1]);
			fprintf(stderr, "Try 'analyze --help' for more information.\n");
			return -1;
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
	int outs = to_stdout(o->export_path) + to_stdout(o->svg_path);
	struct stat st;

	for (int i = 0; o->sql_stdin && i < o->ntraces; i++)
		if (!strcmp(o->traces[i], "-")) {
			fprintf(stderr, "analyze: stdin cannot hold both a trace and SQL statements; use --sql QUERY\n");
			return -1;
		}
	if (o->where && !o->export_path && !o->svg_path) {
		fprintf(stderr, "analyze: --where selects events for --export or --flamegraph\n");
		return -1;
	}
	if ((o->fg_only || o->fg.folded) && !o->svg_path) {
		fprintf(stderr, "analyze: %s is an option of --flamegraph\n",
			o->fg.folded ? "--format folded" : o->fg_only);
		return -1;
	}
	if (outs && outs + !!(o->sql || o->sql_stdin) > 1) {
		fprintf(stderr, "analyze: only one output can go to stdout\n");
		return -1;
	}
	if (o->ntraces || o->db_path)
		return 0;
	if (o->sql && !stat(o->sql, &st))
		fprintf(stderr, "analyze: no trace given ('%s' was taken as the --sql query: give traces first, or use --sql=QUERY)\n",
			o->sql);
	else
		fprintf(stderr, "analyze: no trace given\n");
	fprintf(stderr, "Try 'analyze --help' for more information.\n");
	return -1;
}

/* Import every trace. Returns the exit status so far, or -1 to stop. */
static int import_all(struct sqlite3 *db, const struct analyze_opts *o)
{
	int status = EXIT_OK;

	if (db__create_schema(db))
		return -1;
	for (int i = 0; i < o->ntraces; i++) {
		switch (import__file(db, o->traces[i], i + 1)) {
		case IMPORT_OK:
		case IMPORT_TRUNCATED:
			break;
		case IMPORT_PARTIAL:
			status = EXIT_BAD;
			break;
		case IMPORT_FAILED:
			return -1;
		}
	}
	/* indexes pay off for a kept database or a session of queries */
	if ((o->db_path || o->sql_stdin) && db__finish(db))
		return -1;
	return status;
}

/*
 * The exports, then the query, the script from stdin, or (when none of
 * these was asked for) the report. Returns 0 or -1.
 */
static int run(struct sqlite3 *db, const struct analyze_opts *o)
{
	if (o->export_path && export__perfetto(db, o->where, o->export_path))
		return -1;
	if (o->svg_path && flamegraph__write(db, &o->fg, o->svg_path))
		return -1;
	if (o->sql)
		return shell__run(db, o->sql, o->fmt, stdout);
	if (o->sql_stdin)
		return shell__stdin(db, o->fmt);
	if (o->export_path || o->svg_path)
		return 0;
	return report__print(db, stdout);
}

int main(int argc, char **argv)
{
	struct analyze_opts o = { .fmt = OUT_TABLE };
	struct sqlfuncs *funcs = NULL;
	struct sqlite3 *db = NULL;
	int status = EXIT_BAD;
	char **args = join_sql_word(argc, argv);

	if (!args) {
		fprintf(stderr, "analyze: out of memory\n");
		return EXIT_BAD;
	}
	for (argc = 0; args[argc]; argc++)
		;
	if (parse_args(argc, args, &o) || check_opts(&o)) {
		status = EXIT_USAGE;
		goto cleanup;
	}
	if (!isatty(1))
		setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	db = db__open(o.db_path, o.ntraces > 0);
	if (!db)
		goto cleanup;
	if (o.ntraces) {
		status = import_all(db, &o);
		if (status < 0) {
			status = EXIT_BAD;
			goto cleanup;
		}
	} else {
		status = EXIT_OK;
	}
	funcs = sqlfuncs__register(db);
	if (!funcs || run(db, &o))
		status = EXIT_BAD;
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "analyze: cannot write the output: %s\n",
			strerror(errno));
		status = EXIT_BAD;
	}
cleanup:
	sqlfuncs__free(funcs);
	db__close(db);
	free_args(args);
	return status;
}
