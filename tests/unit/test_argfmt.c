// SPDX-License-Identifier: MIT
/*
 * test_argfmt - the argument renderer against strace's own text.
 *
 *   test_argfmt DESCS STRACE_OUT     compare, one line per mismatch
 *   test_argfmt --fdpaths DESCS STRACE_Y_OUT
 *                                    fdtab against strace -y's <paths>
 *   test_argfmt --bench DESCS [N]    render DESCS N times (default 20000)
 *
 * DESCS is what samples/argcalls printed: per call its name, registers,
 * return value, argument types and captures (argcalls.c says the format).
 * STRACE_OUT is `strace -f -s 32 -o FILE` of the same run. Each described
 * call is paired with the next line of the program's own process naming
 * the same syscall (calls it did not describe, e.g. glibc's, are skipped);
 * argfmt's "NAME(ARGS) = RET" must equal strace's, byte for byte.
 *
 * With --fdpaths, the calls go through fdtab in order instead, and for
 * every call whose first argument is a descriptor, what fdtab says it
 * referred to must equal what `strace -y` shows after it between <>
 * (nothing when strace shows nothing).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyzer/argfmt/argfmt.h"
#include "analyzer/argfmt/fdtab.h"

static const struct {
	int nr;
	const char *name;
} errnos[] = {
#include "errno_names.inc"
};

struct desc {
	struct argfmt_call c;
	uint8_t types[KT_NARGS];
	uint8_t *bytes[KT_NCAPS];
	char name[64];
};

static const char *errno_name(int64_t ret)
{
	size_t i;

	for (i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (errnos[i].nr == -ret)
			return errnos[i].name;
	return NULL;
}

static int hexval(int ch)
{
	return ch <= '9' ? ch - '0' : (ch | 0x20) - 'a' + 10;
}

/* one DESCS line into d; 0 on success */
static int parse_desc(char *line, struct desc *d)
{
	char *save, *tok;
	int i;

	memset(d, 0, sizeof(*d));
	tok = strtok_r(line, " \n", &save);
	if (!tok || strlen(tok) >= sizeof(d->name))
		return -1;
	strcpy(d->name, tok);
	d->c.name = d->name;
	d->c.argtype = d->types;
	d->c.strsize = 32;
	d->c.has_ret = 1;
	if (!(tok = strtok_r(NULL, " \n", &save)))
		return -1;
	d->c.nargs = atoi(tok);
	if (!(tok = strtok_r(NULL, " \n", &save)))
		return -1;
	d->c.ret = strtoll(tok, NULL, 10);
	for (i = 0; i < KT_NARGS; i++) {
		if (!(tok = strtok_r(NULL, " \n", &save)))
			return -1;
		d->c.args[i] = strtoull(tok, NULL, 16);
	}
	for (i = 0; i < KT_NARGS; i++) {
		if (!(tok = strtok_r(NULL, " \n", &save)))
			return -1;
		d->types[i] = atoi(tok);
	}
	while ((tok = strtok_r(NULL, " \n", &save))) {
		int slot, status;
		char *hex = strchr(tok, ':');
		size_t n, k;

		if (!hex || !(hex = strchr(hex + 1, ':')))
			return -1;
		hex++;
		if (sscanf(tok, "%d:%d:", &slot, &status) != 2 || slot < 0 ||
		    slot >= KT_NCAPS)
			return -1;
		n = strlen(hex) / 2;
		d->bytes[slot] = malloc(n + 1);
		if (!d->bytes[slot])
			return -1;
		for (k = 0; k < n; k++)
			d->bytes[slot][k] = hexval(hex[2 * k]) << 4 |
					    hexval(hex[2 * k + 1]);
		d->c.cap[slot].p = d->bytes[slot];
		d->c.cap[slot].len = n;
		d->c.cap[slot].status = status;
	}
	return 0;
}

static struct desc *load_descs(const char *path, int *count)
{
	FILE *f = fopen(path, "r");
	struct desc *v = NULL;
	char line[1 << 16];
	int n = 0, i;

	if (!f) {
		fprintf(stderr, "test_argfmt: cannot open '%s': %s\n", path,
			strerror(errno));
		exit(1);
	}
	while (fgets(line, sizeof(line), f)) {
		v = realloc(v, (n + 1) * sizeof(*v));
		if (!v || parse_desc(line, &v[n])) {
			fprintf(stderr, "test_argfmt: %s: bad line %d\n", path,
				n + 1);
			exit(1);
		}
		n++;
	}
	fclose(f);
	for (i = 0; i < n; i++) {	/* realloc moved them */
		v[i].c.name = v[i].name;
		v[i].c.argtype = v[i].types;
	}
	*count = n;
	return v;
}

/*
 * The traced program's lines of STRACE_OUT, "PID  text" with the PID
 * removed, <unfinished ...> and <... resumed> halves joined.
 */
static char **load_strace(const char *path, int *count)
{
	FILE *f = fopen(path, "r");
	char line[1 << 16], pending[1 << 16] = "";
	char **v = NULL;
	long pid = -1;
	int n = 0;

	if (!f) {
		fprintf(stderr, "test_argfmt: cannot open '%s': %s\n", path,
			strerror(errno));
		exit(1);
	}
	while (fgets(line, sizeof(line), f)) {
		char *text, *end;
		long p = strtol(line, &text, 10);

		line[strcspn(line, "\n")] = 0;
		text += strspn(text, " ");
		if (pid < 0 && strstr(text, "\"argcalls-begin\""))
			pid = p;
		if (p != pid || !strncmp(text, "---", 3) || !strncmp(text, "+++", 3))
			continue;
		end = strstr(text, " <unfinished ...>");
		if (end) {
			*end = 0;
			snprintf(pending, sizeof(pending), "%s", text);
			continue;
		}
		if (!strncmp(text, "<... ", 5) && (end = strstr(text, " resumed>"))) {
			char joined[sizeof(line) * 2];

			snprintf(joined, sizeof(joined), "%s%s", pending,
				 end + strlen(" resumed>"));
			v = realloc(v, (n + 1) * sizeof(*v));
			v[n++] = strdup(joined);
			continue;
		}
		v = realloc(v, (n + 1) * sizeof(*v));
		v[n++] = strdup(text);
	}
	fclose(f);
	*count = n;
	return v;
}

/* "name(args) = ret" with strace's padding before '=' removed */
static void normalize(const char *s, char *out, size_t size)
{
	const char *eq = strstr(s, ") ");
	const char *last = NULL;

	while (eq) {
		const char *p = eq + 1;

		while (*p == ' ')
			p++;
		if (p[0] == '=' && p[1] == ' ')
			last = eq;
		eq = strstr(eq + 1, ") ");
	}
	if (!last) {
		snprintf(out, size, "%s", s);
		return;
	}
	snprintf(out, size, "%.*s) = %s", (int)(last - s), s,
		 strstr(last, "= ") + 2);
}

static void render(const struct desc *d, char *out, size_t size)
{
	char args[8192], ret[256];

	argfmt__args(&d->c, args, sizeof(args));
	argfmt__ret(&d->c, errno_name(d->c.ret), ret, sizeof(ret));
	snprintf(out, size, "%s(%s) = %s", d->name, args, ret);
}

static int compare(const char *descs_path, const char *strace_path)
{
	int nd, ns, i, j = 0, bad = 0;
	struct desc *d = load_descs(descs_path, &nd);
	char **s = load_strace(strace_path, &ns);
	char got[16384], want[16384];

	for (i = 0; i < nd; i++) {
		size_t len = strlen(d[i].name);

		while (j < ns && (strncmp(s[j], d[i].name, len) || s[j][len] != '('))
			j++;
		if (j == ns) {
			printf("no strace line for %s (description %d)\n",
			       d[i].name, i + 1);
			bad++;
			break;
		}
		render(&d[i], got, sizeof(got));
		normalize(s[j], want, sizeof(want));
		if (strcmp(got, want)) {
			printf("strace: %s\nargfmt: %s\n", want, got);
			bad++;
		}
		j++;
	}
	printf("%d calls compared with strace, %d differ\n", nd, bad);
	return bad ? 1 : 0;
}

/*
 * The <...> strace -y put after the first argument of line s, or "".
 * strace moves /proc's " (deleted)" suffix out of the brackets
 * (<PATH>(deleted)); it is put back, as /proc shows it.
 */
static void strace_fdpath(const char *s, char *out, size_t size)
{
	const char *p = strchr(s, '('), *end;
	int deleted = 0;

	out[0] = 0;
	if (!p)
		return;
	p++;
	if (*p == '-')
		p++;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p != '<')
		return;
	end = strstr(p, ">, ");
	if (!end)
		end = strstr(p, ">)");
	if (!end) {
		end = strstr(p, ">(deleted)");
		deleted = 1;
	}
	if (!end)
		return;
	snprintf(out, size, "%.*s%s", (int)(end - p - 1), p + 1,
		 deleted ? " (deleted)" : "");
}

static int fdpaths(const char *descs_path, const char *strace_path)
{
	int nd, ns, i, j = 0, bad = 0, checked = 0;
	struct desc *d = load_descs(descs_path, &nd);
	char **s = load_strace(strace_path, &ns);
	struct fdtab *t = fdtab__new();
	char want[4096];

	if (!t)
		return 1;
	for (i = 0; i < nd; i++) {
		size_t len = strlen(d[i].name);
		const char *got;

		while (j < ns && (strncmp(s[j], d[i].name, len) || s[j][len] != '('))
			j++;
		if (j == ns) {
			printf("no strace line for %s (description %d)\n",
			       d[i].name, i + 1);
			bad++;
			break;
		}
		if (d[i].types[0] == KT_ARG_FD && (int32_t)d[i].c.args[0] >= 0) {
			strace_fdpath(s[j], want, sizeof(want));
			got = fdtab__lookup(t, 1, d[i].c.args[0]);
			checked++;
			if (strcmp(got ? got : "", want)) {
				printf("strace -y: %s\nfdtab:     fd %d is <%s>\n",
				       s[j], (int)d[i].c.args[0], got ? got : "");
				bad++;
			}
		}
		if (fdtab__apply(t, 1, &d[i].c)) {
			printf("fdtab__apply failed\n");
			bad++;
		}
		j++;
	}
	fdtab__free(t);
	printf("%d descriptors compared with strace -y, %d differ\n", checked, bad);
	return bad ? 1 : 0;
}

static int bench(const char *descs_path, long rounds)
{
	int nd, i;
	struct desc *d = load_descs(descs_path, &nd);
	char args[8192], ret[256];
	struct timespec t0, t1;
	size_t sum = 0;
	double secs;
	long r;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (r = 0; r < rounds; r++)
		for (i = 0; i < nd; i++) {
			sum += argfmt__args(&d[i].c, args, sizeof(args));
			sum += argfmt__ret(&d[i].c, "ENOENT", ret, sizeof(ret));
		}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("rendered %ld calls in %.3f s: %.2f M calls/s (%zu bytes)\n",
	       rounds * nd, secs, rounds * nd / secs / 1e6, sum);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "--fdpaths"))
		return fdpaths(argv[2], argv[3]);
	if (argc >= 3 && !strcmp(argv[1], "--bench"))
		return bench(argv[2], argc > 3 ? atol(argv[3]) : 20000);
	if (argc != 3) {
		fprintf(stderr, "usage: test_argfmt DESCS STRACE_OUT | --bench DESCS [N]\n");
		return 2;
	}
	return compare(argv[1], argv[2]);
}
