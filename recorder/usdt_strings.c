// SPDX-License-Identifier: MIT
/*
 * usdt_strings.c - which arguments of well-known USDT probes are C strings.
 *
 * An SDT note gives each argument's size and where to fetch it, never its
 * type: `8@%r14` may be a pointer or a long. The providers below document
 * their probes' signatures, and an argument named here is read as a
 * NUL-terminated string where it is recorded; every other argument of every
 * other probe stays a raw value. Sources: CPython's
 * Doc/howto/instrumentation.rst, Ruby's probes.d, PostgreSQL's
 * src/backend/utils/probes.d.
 */
#include <string.h>
#include "usdt_strings.h"

#define S(n)	(1u << (n))

static const struct {
	const char *provider;
	const char *name;
	unsigned mask;		/* bit i: argument i is a string */
} known[] = {
	/* (filename, funcname, lineno) */
	{ "python", "function__entry", S(0) | S(1) },
	{ "python", "function__return", S(0) | S(1) },
	{ "python", "line", S(0) | S(1) },
	/* (module name) and (module name, found) */
	{ "python", "import__find__load__start", S(0) },
	{ "python", "import__find__load__done", S(0) },
	/* (event, args tuple) */
	{ "python", "audit", S(0) },
	/* (classname, methodname, filename, lineno) */
	{ "ruby", "method__entry", S(0) | S(1) | S(2) },
	{ "ruby", "method__return", S(0) | S(1) | S(2) },
	{ "ruby", "cmethod__entry", S(0) | S(1) | S(2) },
	{ "ruby", "cmethod__return", S(0) | S(1) | S(2) },
	/* (query string) */
	{ "postgresql", "query__start", S(0) },
	{ "postgresql", "query__done", S(0) },
	{ "postgresql", "query__parse__start", S(0) },
	{ "postgresql", "query__rewrite__start", S(0) },
};

unsigned usdt_strings__mask(const char *provider, const char *name)
{
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(known[i].provider, provider) &&
		    !strcmp(known[i].name, name))
			return known[i].mask;
	return 0;
}
