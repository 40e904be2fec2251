/* SPDX-License-Identifier: MIT */
/*
 * session.h - one recording, from the validated options to the END record.
 *
 * The steps main.c runs between parsing and the exit status: prepare
 * (probes, output file, held workload, BPF loaded and attached), start
 * (first frame, followed set, workload released), run (the pump until the
 * stop policy says so), finish (END record, final line).
 */
#ifndef KTRAIL_SESSION_H
#define KTRAIL_SESSION_H

struct record_opts;
struct session;

/* Why a session did not start; every one has printed one error line. */
enum session_fail {
	SESSION_OK,
	SESSION_BAD_INPUT,	/* a probe, pid or user that does not exist */
	SESSION_FAILED,		/* record's own failure */
	SESSION_NO_COMMAND,	/* the workload could not be run */
};

/* How a started session ended. */
struct session_result {
	int failed;		/* record's own failure, printed */
	int child_reaped;	/* child_status is valid */
	int child_status;	/* wait(2) status of the workload */
	int signal;		/* SIGINT/SIGTERM that stopped us, or 0 */
};

/*
 * Prepare and start a recording of o (which must outlive the session):
 * when it returns SESSION_OK, events are flowing, the trace is in place
 * at the output path and *sp is set. On failure nothing is left behind:
 * the new trace's temporary file is removed, an old file at the output
 * path is untouched.
 */
enum session_fail session__start(const struct record_opts *o,
				 struct session **sp);

/*
 * Record until the workload exits, the duration ends, every -p target is
 * gone, or SIGINT/SIGTERM arrives (forwarded to the workload once, which
 * then gets STOP_GRACE_NS to finish); then drain, write the END record and
 * print the final line. A workload still running is left running, and a
 * line says so. When the trace cannot be written (ENOSPC, EPIPE) or was
 * removed meanwhile, res->failed is set, one line says why, and the
 * workload is still waited for: its status is printed.
 */
void session__run(struct session *s, struct session_result *res);

/* NULL is a no-op. */
void session__free(struct session *s);

#endif /* KTRAIL_SESSION_H */
