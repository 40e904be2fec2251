/* SPDX-License-Identifier: MIT */
/*
 * opts.h - record's command line, validated once into struct record_opts.
 */
#ifndef KTRAIL_OPTS_H
#define KTRAIL_OPTS_H

#include <stdint.h>
#include <sys/types.h>

#define MAX_TARGET_PIDS 64
#define MAX_STRSIZE	(1 << 20)	/* -s: 256 chunks of KT_CHUNK */

struct record_opts {
	const char *output;		/* -o, "-" for stdout */
	char **probe_specs;		/* -e values, as given */
	int nprobe_specs;
	int kstack;			/* --stacks=kernel */
	int ustack;			/* --stacks=user: 0, or KT_USTACK_FP
					 * (user-fp), KT_USTACK_COPY (user) */
	pid_t pids[MAX_TARGET_PIDS];	/* -p */
	int npids;
	int system_wide;		/* -a */
	uint64_t duration_ns;		/* --duration, 0 = until the end */
	int failed_only;		/* --failed */
	uint64_t slower_than_ns;	/* --slower-than */
	const char *user;		/* -u */
	int quiet;			/* -q */
	unsigned buffer_pages;		/* -m, per CPU */
	uint32_t strsize;		/* -s: data buffer bytes kept */
	int verbose;			/* -v: libbpf's own messages */
	const char *list_usdt;		/* -l: list this file's USDT probes */
	char **argv;			/* the command, NULL-terminated */
	int argc;
};

/*
 * Parse argv into o. Returns 0 to go on, 1 when --help or --version was
 * handled (exit 0), or -1 after printing one error line (exit 2).
 */
int opts__parse(struct record_opts *o, int argc, char **argv);

/* Free what opts__parse() allocated. */
void opts__free(struct record_opts *o);

/*
 * Parse a duration such as "500ns", "10us", "5ms", "1.5s" or "2" (seconds
 * when bare_unit_ns is 1e9). Returns 0 or -EINVAL.
 */
int parse_duration(const char *s, uint64_t bare_unit_ns, uint64_t *ns);

#endif /* KTRAIL_OPTS_H */
