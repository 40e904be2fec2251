// SPDX-License-Identifier: MIT
/*
 * test_argfmt - the argument renderer against strace's own text.
 *
 *   test_argfmt DESCS STRACE_OUT     compare, one line per mismatch
 *   test_argfmt --fdpaths DESCS STRACE_Y_OUT
 *                                    fdtab against strace -y's <paths>
 *   test_argfmt --bench DESCS [N]    render DESCS N times (default 20000)
 *   test_argfmt --robust [N]         N calls of random registers, types and
 *                                    captures: no crash (under ASan), and
 *                                    snprintf's contract kept
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
#include "schema/errnos.h"


struct desc {
	long pid;		/* the process that made the call */
	struct argfmt_call c;
	uint8_t types[KT_NARGS];
	uint8_t *bytes[KT_NCAPS];
	char name[64];
};

/* the name the recorder's table gives -ret (the importer passes it on) */
static const char *errno_name(int64_t ret)
{
	return ret < 0 && ret >= -4095 ? errnos__name(-ret) : NULL;
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
	long pid = 0;

	if (!f) {
		fprintf(stderr, "test_argfmt: cannot open '%s': %s\n", path,
			strerror(errno));
		exit(1);
	}
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == 'P' && line[1] == ' ') {
			pid = atol(line + 2);
			continue;
		}
		v = realloc(v, (n + 1) * sizeof(*v));
		if (!v || parse_desc(line, &v[n])) {
			fprintf(stderr, "test_argfmt: %s: bad line %d\n", path,
				n + 1);
			exit(1);
		}
		v[n++].pid = pid;
	}
	fclose(f);
	for (i = 0; i < n; i++) {	/* realloc moved them */
		v[i].c.name = v[i].name;
		v[i].c.argtype = v[i].types;
	}
	*count = n;
	return v;
}

static void free_descs(struct desc *v, int n)
{
	int i, k;

	for (i = 0; i < n; i++)
		for (k = 0; k < KT_NCAPS; k++)
			free(v[i].bytes[k]);
	free(v);
}

struct line {
	long pid;
	char *text;
};

static void free_lines(struct line *v, int n)
{
	while (n--)
		free(v[n].text);
	free(v);
}

static void add_line(struct line **v, int *n, long pid, const char *text)
{
	*v = realloc(*v, (*n + 1) * sizeof(**v));
	if (!*v)
		exit(1);
	(*v)[*n].pid = pid;
	(*v)[(*n)++].text = strdup(text);
}

/*
 * The lines of STRACE_OUT ("PID  text") from the marker on, with their
 * PID apart, <unfinished ...> and <... resumed> halves joined.
 */
static struct line *load_strace(const char *path, int *count)
{
	FILE *f = fopen(path, "r");
	char line[1 << 16], joined[1 << 17];
	struct {
		long pid;
		char text[1 << 12];
	} pending[16];
	struct line *v = NULL;
	int n = 0, np = 0, k, begun = 0;

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
		begun = begun || strstr(text, "\"argcalls-begin\"");
		if (!begun || !strncmp(text, "---", 3) || !strncmp(text, "+++", 3))
			continue;
		end = strstr(text, " <unfinished ...>");
		if (end && np < 16) {
			*end = 0;
			pending[np].pid = p;
			snprintf(pending[np++].text, sizeof(pending[0].text), "%s", text);
			continue;
		}
		if (!strncmp(text, "<... ", 5) && (end = strstr(text, " resumed>"))) {
			for (k = np - 1; k >= 0 && pending[k].pid != p; k--)
				;
			snprintf(joined, sizeof(joined), "%s%s",
				 k >= 0 ? pending[k].text : "", end + strlen(" resumed>"));
			if (k >= 0)
				pending[k] = pending[--np];
			add_line(&v, &n, p, joined);
			continue;
		}
		add_line(&v, &n, p, text);
	}
	fclose(f);
	*count = n;
	return v;
}

/*
 * The next line of process pid naming syscall name, from *at on; its
 * index (and *at moved past it), or -1.
 */
static int next_line(const struct line *s, int ns, int *at, long pid,
		     const char *name)
{
	size_t len = strlen(name);
	int j;

	for (j = *at; j < ns; j++)
		if (s[j].pid == pid && !strncmp(s[j].text, name, len) &&
		    s[j].text[len] == '(') {
			*at = j + 1;
			return j;
		}
	return -1;
}

/* each process's position in the strace lines */
struct cursors {
	long pid[16];
	int at[16];
	int n;
};

static int *cursor_of(struct cursors *cur, long pid)
{
	int k;

	for (k = 0; k < cur->n; k++)
		if (cur->pid[k] == pid)
			return &cur->at[k];
	if (cur->n == 16)
		exit(1);
	cur->pid[cur->n] = pid;
	cur->at[cur->n] = 0;
	return &cur->at[cur->n++];
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

/*
 * prefix, then strace's quoted string at q (after its opening quote)
 * unescaped, up to its first NUL: the bytes the `addr` column holds.
 */
static void unquote(const char *q, const char *prefix, char *out, size_t size)
{
	size_t n = strlen(prefix);

	snprintf(out, size, "%s", prefix);
	while (*q && *q != '"' && n + 1 < size) {
		int c = (unsigned char)*q++;

		if (c == '\\') {
			c = *q++;
			if (c == 't')
				c = '\t';
			else if (c == 'n')
				c = '\n';
			else if (c >= '0' && c <= '7') {
				int v = c - '0', k;

				for (k = 0; k < 2 && *q >= '0' && *q <= '7'; k++)
					v = v * 8 + (*q++ - '0');
				c = v;
			}
		}
		if (!c)
			break;
		out[n++] = c;
	}
	out[n] = 0;
}

/*
 * The socket address of strace line s as the `addr` column holds it,
 * rebuilt from strace's rendering: IP:PORT, [IPv6]:PORT, a unix path.
 */
static void strace_addr(const char *s, char *out, size_t size)
{
	const char *port = strstr(s, "_port=htons(");
	const char *ip4 = strstr(s, "inet_addr(\"");
	const char *ip6 = strstr(s, "inet_pton(AF_INET6, \"");
	const char *un = strstr(s, "sun_path=");

	out[0] = 0;
	if (port && ip4)
		snprintf(out, size, "%.*s:%d",
			 (int)strcspn(ip4 + 11, "\""), ip4 + 11, atoi(port + 12));
	else if (port && ip6)
		snprintf(out, size, "[%.*s]:%d",
			 (int)strcspn(ip6 + 21, "\""), ip6 + 21, atoi(port + 12));
	else if (un && un[9] == '@')
		unquote(un + 11, "@", out, size);
	else if (un)
		unquote(un + 10, "", out, size);
}

static int compare(const char *descs_path, const char *strace_path)
{
	int nd, ns, i, j, bad = 0;
	struct desc *d = load_descs(descs_path, &nd);
	struct line *s = load_strace(strace_path, &ns);
	char got[16384], want[16384], addr[4096];
	struct cursors cur = { .n = 0 };
	int addrs = 0;

	for (i = 0; i < nd; i++) {
		j = next_line(s, ns, cursor_of(&cur, d[i].pid), d[i].pid, d[i].name);
		if (j < 0) {
			printf("no strace line for %s (description %d)\n",
			       d[i].name, i + 1);
			bad++;
			break;
		}
		render(&d[i], got, sizeof(got));
		normalize(s[j].text, want, sizeof(want));
		if (strcmp(got, want)) {
			printf("strace: %s\nargfmt: %s\n", want, got);
			bad++;
		}
		strace_addr(want, addr, sizeof(addr));
		argfmt__addr(&d[i].c, got, sizeof(got));
		addrs += addr[0] != 0;
		if (strcmp(got, addr)) {
			printf("strace: %s\naddr:   '%s', not '%s'\n", s[j].text,
			       got, addr);
			bad++;
		}
	}
	printf("%d calls compared with strace (%d with an address), %d differ\n",
	       nd, addrs, bad);
	free_descs(d, nd);
	free_lines(s, ns);
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

/* check the descriptor of description i against strace -y, then apply it */
static int fdcheck(struct fdtab *t, const struct desc *d, const struct line *s,
		   int ns, struct cursors *cur, int *checked)
{
	int j = next_line(s, ns, cursor_of(cur, d->pid), d->pid, d->name);
	char want[4096];
	const char *got;
	int bad = 0;

	if (j < 0) {
		printf("no strace line for %s of %ld\n", d->name, d->pid);
		return 1;
	}
	if (d->types[0] == KT_ARG_FD && (int32_t)d->c.args[0] >= 0) {
		strace_fdpath(s[j].text, want, sizeof(want));
		got = fdtab__lookup(t, d->pid, d->c.args[0]);
		(*checked)++;
		if (strcmp(got ? got : "", want)) {
			printf("strace -y: %s\nfdtab:     fd %d is <%s>\n",
			       s[j].text, (int)d->c.args[0], got ? got : "");
			bad++;
		}
	}
	if (fdtab__apply(t, d->pid, &d->c)) {
		printf("fdtab__apply failed\n");
		bad++;
	}
	return bad;
}

/*
 * The calls go through fdtab in the order they happened: the parent's (the
 * last block) up to the clone, then everything its child did (it runs
 * while the parent waits), then the parent's rest.
 */
static int fdpaths(const char *descs_path, const char *strace_path)
{
	int nd, ns, i, k, bad = 0, checked = 0;
	struct desc *d = load_descs(descs_path, &nd);
	struct line *s = load_strace(strace_path, &ns);
	struct fdtab *t = fdtab__new();
	struct cursors cur = { .n = 0 };
	long parent = nd ? d[nd - 1].pid : 0;

	if (!t)
		return 1;
	for (i = 0; i < nd && bad < 10; i++) {
		if (d[i].pid != parent)
			continue;
		bad += fdcheck(t, &d[i], s, ns, &cur, &checked);
		if (strcmp(d[i].name, "clone") || d[i].c.ret <= 0)
			continue;
		if (fdtab__fork(t, parent, d[i].c.ret))
			bad++;
		for (k = 0; k < nd; k++)
			if (d[k].pid == d[i].c.ret)
				bad += fdcheck(t, &d[k], s, ns, &cur, &checked);
		fdtab__exit(t, d[i].c.ret);
	}
	fdtab__free(t);
	free_descs(d, nd);
	free_lines(s, ns);
	printf("%d descriptors compared with strace -y, %d differ\n", checked, bad);
	return bad ? 1 : 0;
}

static int bench(const char *descs_path, long rounds)
{
	int nd, i;
	struct desc *d = load_descs(descs_path, &nd);
	char args[8192], ret[256];
	struct timespec t0, t1;
	struct fdtab *t;
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

	/* fdtab: each call applied, its first argument looked up */
	t = fdtab__new();
	if (!t)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (r = 0; r < rounds; r++)
		for (i = 0; i < nd; i++) {
			sum += !!fdtab__lookup(t, r & 7, (int)d[i].c.args[0]);
			if (fdtab__apply(t, r & 7, &d[i].c))
				return 1;
		}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("fdtab: %ld calls applied in %.3f s: %.2f M calls/s\n",
	       rounds * nd, secs, rounds * nd / secs / 1e6);
	fdtab__free(t);
	free_descs(d, nd);
	return 0;
}

static uint64_t rnd_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

/* a register: small numbers, flags, -1..-4095, addresses, all bits */
static uint64_t rnd_reg(void)
{
	switch (rnd() % 5) {
	case 0: return rnd() % 64;
	case 1: return 1ull << (rnd() % 64);
	case 2: return -(rnd() % 4096);
	case 3: return 0x7ffd00000000ull + (rnd() & 0xffffffff);
	}
	return rnd();
}

static int robust(long rounds)
{
	static const char *names[] = {
		"read", "write", "openat", "open", "fcntl", "ioctl", "mmap",
		"clone", "execve", "wait4", "socket", "connect", "accept4",
		"getsockname", "recvfrom", "sendto", "pipe2", "socketpair",
		"newfstatat", "statx", "mknodat", "mremap", "kill", "umask",
		"close_range", "dup3", "memfd_create", "fchdir", "chdir",
		"getcwd", "readlink", "no_such_call", "", "rt_sigaction",
		"poll", "ppoll", "sysinfo", "clone3", "prlimit64", "uname",
		"nanosleep", "futex", "getdents64", "getrandom", "setsockopt",
		"getsockopt", "rt_sigprocmask", "statx", "fstat", "sendmsg",
		"recvmsg", "socketpair", "pipe", "accept", "fcntl",
	};
	uint8_t bytes[KT_NCAPS][160], types[KT_NARGS];
	char big[16384], small[16], buf2[16384];
	struct fdtab *t = fdtab__new();
	long r;
	int i, k, bad = 0;

	if (!t)
		return 1;
	for (r = 0; r < rounds; r++) {
		struct argfmt_call c;
		size_t n, m;

		memset(&c, 0, sizeof(c));
		c.name = names[rnd() % (sizeof(names) / sizeof(names[0]))];
		c.nargs = (int)(rnd() % 9) - 1;
		c.argtype = rnd() % 4 ? types : NULL;
		c.has_ret = rnd() % 4 != 0;
		c.ret = rnd() % 3 ? (int64_t)(rnd() % 40) - 8 : (int64_t)rnd_reg();
		c.strsize = rnd() % 3 ? 0 : rnd() % 100;
		for (i = 0; i < KT_NARGS; i++) {
			c.args[i] = rnd_reg();
			types[i] = rnd() % (KT_ARG_NTYPES + 2);
		}
		for (i = 0; i < KT_NCAPS; i++) {
			for (k = 0; k < (int)sizeof(bytes[i]); k++)
				bytes[i][k] = rnd() % 3 ? rnd() : 0;
			c.cap[i].status = rnd() % 5;
			c.cap[i].len = rnd() % (sizeof(bytes[i]) + 1);
			c.cap[i].p = c.cap[i].len || rnd() % 2 ? bytes[i] : NULL;
		}
		n = argfmt__args(&c, big, sizeof(big));
		m = argfmt__args(&c, small, sizeof(small));
		if (n != strlen(big) || m != n || strncmp(small, big, sizeof(small) - 1) ||
		    strlen(small) != (n < sizeof(small) ? n : sizeof(small) - 1)) {
			printf("args: length %zu/%zu/%zu for %s: %s\n", n, m,
			       strlen(big), c.name, big);
			bad++;
		}
		n = argfmt__ret(&c, rnd() % 2 ? "ENOENT" : NULL, buf2, sizeof(buf2));
		if (n != strlen(buf2)) {
			printf("ret: length %zu for %s\n", n, buf2);
			bad++;
		}
		argfmt__ret(&c, "EBADF", small, 0);
		n = argfmt__addr(&c, buf2, sizeof(buf2));
		if (n != strlen(buf2)) {
			printf("addr: length %zu for %s\n", n, buf2);
			bad++;
		}
		if (fdtab__apply(t, rnd() % 4, &c)) {
			printf("fdtab__apply failed\n");
			bad++;
		}
		fdtab__lookup(t, rnd() % 4, rnd() % 40);
		if (rnd() % 50 == 0)
			fdtab__fork(t, rnd() % 4, rnd() % 4);
		if (rnd() % 50 == 0)
			fdtab__exec(t, rnd() % 4);
		if (rnd() % 100 == 0)
			fdtab__exit(t, rnd() % 4);
		if (bad > 10)
			break;
	}
	fdtab__free(t);
	printf("%ld random calls rendered, %d problems\n", r, bad);
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "--fdpaths"))
		return fdpaths(argv[2], argv[3]);
	if (argc >= 2 && !strcmp(argv[1], "--robust"))
		return robust(argc > 2 ? atol(argv[2]) : 200000);
	if (argc >= 3 && !strcmp(argv[1], "--bench"))
		return bench(argv[2], argc > 3 ? atol(argv[3]) : 20000);
	if (argc != 3) {
		fprintf(stderr, "usage: test_argfmt DESCS STRACE_OUT | --fdpaths DESCS "
			"STRACE_Y_OUT | --bench DESCS [N] | --robust [N]\n");
		return 2;
	}
	return compare(argv[1], argv[2]);
}
