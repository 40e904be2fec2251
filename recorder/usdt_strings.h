/* SPDX-License-Identifier: MIT */
/*
 * usdt_strings.h - the USDT probes whose string arguments are known.
 */
#ifndef KTRAIL_USDT_STRINGS_H
#define KTRAIL_USDT_STRINGS_H

/*
 * Which arguments of provider:name are NUL-terminated strings, by the
 * provider's documented convention: bit i for argument i, 0 when none are
 * or the probe is not one ktrail knows.
 */
unsigned usdt_strings__mask(const char *provider, const char *name);

#endif /* KTRAIL_USDT_STRINGS_H */
