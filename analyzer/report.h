/* SPDX-License-Identifier: MIT */
/*
 * report.h - the summary `analyze TRACE` prints when no --sql is given.
 */
#ifndef ANALYZE_REPORT_H
#define ANALYZE_REPORT_H

#include <stdio.h>

struct sqlite3;

struct report_opts {
	const char *where;	/* --where: an SQL expression over events, or NULL */
	char **hist;		/* --histogram: probe names or GLOB patterns */
	int nhist;		/* 0: histograms of the 3 busiest probes */
};

/*
 * Print one report per trace of db to f: header, per-probe latency table,
 * top errors, processes by wall time (with their CPU time), latency
 * histograms of the busiest probes or of the probes o->hist names, of
 * the events o->where selects (checked by analyzer/where.c; NULL: all of
 * them). Needs the SQL functions registered. Returns 0, or -1 after
 * printing an error (an SQL error, or a --histogram glob that matches no
 * probe, before any output).
 */
int report__print(struct sqlite3 *db, const struct report_opts *o, FILE *f);

#endif /* ANALYZE_REPORT_H */
