/* SPDX-License-Identifier: MIT */
/*
 * ksyms.h - kernel addresses to symbols, from /proc/kallsyms.
 */
#ifndef KTRAIL_KSYMS_H
#define KTRAIL_KSYMS_H

#include <stdint.h>

struct ksyms;

struct ksym {
	const char *name;
	const char *module;	/* "kernel", or the module's name */
	uint64_t addr;
};

/* Load /proc/kallsyms (needs root for real addresses). NULL with errno. */
struct ksyms *ksyms__load(void);

/* The symbol containing addr, or NULL. */
const struct ksym *ksyms__find(const struct ksyms *k, uint64_t addr);

void ksyms__free(struct ksyms *k);

#endif /* KTRAIL_KSYMS_H */
