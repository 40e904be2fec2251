/* SPDX-License-Identifier: MIT */
/*
 * attach.h - attach the user's probes (uprobes, kprobes, tracepoints,
 * USDT) to the shared programs of probes.bpf.c and usdt.bpf.c, one link
 * per probe with a cookie.
 */
#ifndef KTRAIL_ATTACH_H
#define KTRAIL_ATTACH_H

struct probe_set;
struct record_bpf;
struct attachments;

/*
 * Refuse, before anything is loaded, probe kinds this kernel lacks and
 * tracepoints it does not have. Returns 0, or -1 after one error line.
 */
int attach__check(const struct probe_set *ps);

/* Which programs of probes.bpf.c the probe set needs loaded. */
void attach__autoload(struct record_bpf *skel, const struct probe_set *ps);

/*
 * Attach every non-syscall probe of ps. Returns the links (freed with
 * attachments__free), or NULL after one error line naming the probe.
 */
struct attachments *attach__probes(struct record_bpf *skel,
				   const struct probe_set *ps);

void attachments__free(struct attachments *a);

#endif /* KTRAIL_ATTACH_H */
