// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * maps.bpf.c - the home of everything common.bpf.h declares: rodata the
 * recorder sets before load, the shared maps and the drop counters.
 */
#define KT_HOME
#include "common.bpf.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct kt_bpf_stats stats = {};
struct kt_bpf_argspec argspec[KT_MAX_SYSCALLS] = {};
__u64 pid_bits[KT_PID_BITS / 64] = {};
__u64 ucopy_sent[KT_MAX_CPUS] = {};
__u64 ucopy_done[KT_MAX_CPUS] = {};
