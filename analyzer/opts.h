/* SPDX-License-Identifier: MIT */
/*
 * opts.h - analyze's command line, validated once into struct analyze_opts.
 */
#ifndef ANALYZE_OPTS_H
#define ANALYZE_OPTS_H

#include "flamegraph.h"
#include "results.h"

struct analyze_opts {
	char **args;		/* argv with --sql WORD joined, owned */
	char **traces;		/* trace files, in trace_id order */
	int ntraces;
	const char *sql;	/* --sql QUERY */
	int sql_stdin;		/* --sql with no query */
	enum out_format fmt;	/* --format */
	const char *db_path;	/* --db FILE, or NULL for a temporary one */
	const char *export_path;	/* --export perfetto FILE */
	const char *svg_path;	/* --flamegraph FILE */
	const char *where;	/* --where PREDICATE, for the views */
	int strace;		/* --strace */
	struct flamegraph_opts fg;	/* --stack, --weight, --format folded */
	const char *fg_only;	/* --stack or --weight, when given */
	int quiet;		/* -q: no progress line */
	char **hist;		/* --histogram PROBE..., into args; owned array */
	int nhist;
};

/*
 * Parse and check argv into o. Returns 0 to go on, 1 when --help or
 * --version has been printed (exit 0), -1 after printing a usage error
 * (one line ending with the pointer to --help), or -ENOMEM after printing
 * "out of memory". o is to be freed with opts__free() in every case.
 */
int opts__parse(struct analyze_opts *o, int argc, char **argv);

void opts__free(struct analyze_opts *o);

#endif /* ANALYZE_OPTS_H */
