// SPDX-License-Identifier: MIT
/*
 * argvs.c - the JSON arrays of processes.argv.
 *
 * The vector comes with the PROC EXEC record (a BLOB: each string followed
 * by a NUL, as /proc/PID/cmdline); the process rows exist only once the
 * trace is read (analyzer/import/procs.c), so the arrays wait here. JSON
 * strings escape quotes, backslashes and control characters; other bytes
 * are kept as the process passed them, so json_each() gives them back.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "argvs.h"
#include "rows.h"
#include "analyzer/grow.h"

struct argv_kept {
	int64_t ts;
	uint32_t pid;
	char *json;
	size_t len;
};

struct argvs {
	struct argv_kept *v;
	uint32_t n, cap;
};

struct argvs *argvs__new(void)
{
	return calloc(1, sizeof(struct argvs));
}

void argvs__free(struct argvs *a)
{
	if (!a)
		return;
	for (uint32_t i = 0; i < a->n; i++)
		free(a->v[i].json);
	free(a->v);
	free(a);
}

/* JSON of the NUL-separated strings p[0..len): at most 6 bytes a byte. */
static size_t to_json(const uint8_t *p, uint32_t len, char *out)
{
	static const char hex[] = "0123456789abcdef";
	char *o = out;
	int open = 0;

	*o++ = '[';
	for (uint32_t i = 0; i < len; i++) {
		uint8_t ch = p[i];

		if (!open) {
			if (o > out + 1)
				*o++ = ',';
			*o++ = '"';
			open = 1;
		}
		if (ch == 0) {
			*o++ = '"';
			open = 0;
		} else if (ch == '"' || ch == '\\') {
			*o++ = '\\';
			*o++ = (char)ch;
		} else if (ch < 0x20 || ch == 0x7f) {
			memcpy(o, "\\u00", 4);
			o[4] = hex[ch >> 4];
			o[5] = hex[ch & 15];
			o += 6;
		} else {
			*o++ = (char)ch;
		}
	}
	if (open)
		*o++ = '"';
	*o++ = ']';
	return (size_t)(o - out);
}

int argvs__exec(struct argvs *a, uint32_t pid, int64_t ts, const uint8_t *p,
		uint32_t len)
{
	struct argv_kept *k;

	if (grow((void **)&a->v, &a->cap, a->n + 1, sizeof(*a->v)))
		return -ENOMEM;
	k = &a->v[a->n];
	k->json = malloc((size_t)len * 6 + 4);
	if (!k->json)
		return -ENOMEM;
	k->len = to_json(p, len, k->json);
	k->ts = ts;
	k->pid = pid;
	a->n++;
	return 0;
}

static int cmp_ts(const void *x, const void *y)
{
	const struct argv_kept *a = x, *b = y;

	return a->ts < b->ts ? -1 : a->ts > b->ts;
}

int argvs__write(struct argvs *a, struct rows *r, int trace_id)
{
	int err = 0;

	if (a->n)
		qsort(a->v, a->n, sizeof(*a->v), cmp_ts);
	for (uint32_t i = 0; !err && i < a->n; i++)
		err = rows__argv(r, trace_id, a->v[i].pid, a->v[i].ts,
				 a->v[i].json, a->v[i].len);
	for (uint32_t i = 0; i < a->n; i++)
		free(a->v[i].json);
	a->n = 0;
	return err;
}
