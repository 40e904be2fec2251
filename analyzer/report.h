/* SPDX-License-Identifier: MIT */
/*
 * report.h - the summary `analyze TRACE` prints when no --sql is given.
 */
#ifndef ANALYZE_REPORT_H
#define ANALYZE_REPORT_H

#include <stdio.h>

struct sqlite3;

/*
 * Print one report per trace of db to f: header, per-probe latency table,
 * top errors, per-process totals, latency histograms of the busiest
 * probes, of the events where selects (an SQL expression over the events
 * view, checked by analyzer/where.c; NULL: all of them). Needs the SQL
 * functions registered. Returns 0, or -1 after
 * printing an SQL error.
 */
int report__print(struct sqlite3 *db, const char *where, FILE *f);

#endif /* ANALYZE_REPORT_H */
