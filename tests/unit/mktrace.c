// SPDX-License-Identifier: MIT
/*
 * mktrace.c - write a synthetic ktrail trace from a line-oriented spec.
 *
 * The analyzer tests need traces whose every value is known, and bad traces
 * made on purpose; this tool builds them with the same codec and writer the
 * recorder uses, so what it writes is exactly what `record` would.
 *
 *   mktrace OUT.zst < SPEC         (OUT "-" writes to stdout)
 *
 * SPEC has one command per line; '#' starts a comment. Words are separated
 * by blanks; in a word, \xNN is the byte NN and "" is the empty string.
 *
 *   header [origin=NS] [wall=NS] [version=V] [magic=8CHARS]
 *   meta KEY VALUE
 *   syscall NR NAME | errno NR NAME
 *   sysargs NR COUNT
 *   probe ID NAME KIND TARGET
 *   proc fork|exec|exit|comm|existing|N pid= [tid=] [ppid=] [status=] ts= [comm=] [exe=]
 *   ev ts= pid= [tid=] [cpu=] probe= [ret=] [lat=] [args=A,B,C,D,E,F] [kstack=] [ustack=]
 *   lost cpu= ts= count=
 *   stack ID kernel|user [pid=] [frame=ADDR,OFF,SYM,MOD,BUILDID]...
 *   raw KIND HEXBYTES              a record of any kind with this payload
 *   order raw|sorted               raw: events go out unsorted, as given
 *   gen N [seed=] [pids=] [probes=ID,ID..] [start=NS] [step=NS]
 *                                  N pseudo-random events (benchmarks)
 *   flush                          close the current frame
 *   end [end=] [events=] [lost=] [dropped=] [stack_errors=]
 *
 * Times are absolute CLOCK_BOOTTIME nanoseconds, as in the file. The end
 * record's events defaults to the number of events written.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "schema/codec.h"
#include "recorder/writer.h"

#define MAX_WORDS 160

static struct writer *w;
static struct kt_buf rows;	/* a line's records, then the writer's */
static struct kt_event *raw_ev;
static uint32_t raw_n, raw_cap;
static int raw_order;
static uint64_t nevents;
static uint64_t last_ts;	/* the latest event time: END's default */
static int lineno;

static void die(const char *msg)
{
	fprintf(stderr, "mktrace: line %d: %s\n", lineno, msg);
	exit(1);
}

/* Decode \xNN escapes and "" in place. */
static char *unescape(char *s)
{
	char *o = s, *r = s;

	if (!strcmp(s, "\"\"")) {
		s[0] = 0;
		return s;
	}
	while (*r) {
		if (r[0] == '\\' && r[1] == 'x' && r[2] && r[3]) {
			char hex[3] = { r[2], r[3], 0 };

			*o++ = (char)strtoul(hex, NULL, 16);
			r += 4;
		} else {
			*o++ = *r++;
		}
	}
	*o = 0;
	return s;
}

static uint64_t num(const char *s)
{
	char *end;
	uint64_t v;

	errno = 0;
	if (s[0] == '-')
		v = (uint64_t)strtoll(s, &end, 0);
	else
		v = strtoull(s, &end, 0);
	if (errno || end == s || *end)
		die("bad number");
	return v;
}

/* Value of key=... among words, or NULL. */
static char *opt(char **words, int n, const char *key)
{
	size_t kl = strlen(key);

	for (int i = 1; i < n; i++)
		if (!strncmp(words[i], key, kl) && words[i][kl] == '=')
			return words[i] + kl + 1;
	return NULL;
}

static uint64_t optnum(char **words, int n, const char *key, uint64_t def)
{
	char *v = opt(words, n, key);

	return v ? num(v) : def;
}

static struct kt_str optstr(char **words, int n, const char *key)
{
	char *v = opt(words, n, key);

	return kt_str(v ? unescape(v) : "");
}

static void add_event(const struct kt_event *e)
{
	nevents++;
	if (e->ts_ns > last_ts)
		last_ts = e->ts_ns;
	if (!raw_order) {
		if (writer__event(w, e))
			die("write failed");
		return;
	}
	if (raw_n == raw_cap) {
		raw_cap = raw_cap ? raw_cap * 2 : 1024;
		raw_ev = realloc(raw_ev, raw_cap * sizeof(*raw_ev));
		if (!raw_ev)
			die("out of memory");
	}
	raw_ev[raw_n++] = *e;
}

static void do_flush(void)
{
	if (raw_n) {
		codec__put_events(&rows, raw_ev, raw_n);
		raw_n = 0;
	}
	if (writer__append(w, &rows) || writer__flush(w))
		die("write failed");
	kt_buf__reset(&rows);
}

static void do_header(char **wd, int n)
{
	struct kt_header h = {
		.version = (uint16_t)optnum(wd, n, "version", KT_FORMAT_VERSION),
		.origin_ns = optnum(wd, n, "origin", 1000000000ull),
		.wall_offset_ns = (int64_t)optnum(wd, n, "wall",
						  1700000000000000000ull),
	};
	struct kt_buf *b = &rows;
	size_t at = b->len;
	char *magic = opt(wd, n, "magic");

	codec__put_header(b, &h);
	if (magic && strlen(magic) >= 8)
		memcpy(b->p + at + KT_REC_HDR_SIZE, magic, 8);
}

static void do_proc(char **wd, int n)
{
	static const char *whats[] = { "", "fork", "exec", "exit", "comm",
				       "existing" };
	struct kt_proc p = { 0 };

	if (n < 2)
		die("proc needs a kind");
	for (int i = 1; i <= 5; i++)
		if (!strcmp(wd[1], whats[i]))
			p.what = (uint8_t)i;
	if (!p.what)
		p.what = (uint8_t)num(wd[1]);
	p.pid = (uint32_t)optnum(wd, n, "pid", 0);
	p.tid = (uint32_t)optnum(wd, n, "tid", p.pid);
	p.ppid = (uint32_t)optnum(wd, n, "ppid", 0);
	p.exit_status = (int32_t)optnum(wd, n, "status", 0);
	p.ts_ns = optnum(wd, n, "ts", 0);
	p.comm = optstr(wd, n, "comm");
	p.exe = optstr(wd, n, "exe");
	codec__put_proc(&rows, &p);
}

static void do_event(char **wd, int n)
{
	struct kt_event e = { 0 };
	char *v;

	e.ts_ns = optnum(wd, n, "ts", 0);
	e.pid = (uint32_t)optnum(wd, n, "pid", 0);
	e.tid = (uint32_t)optnum(wd, n, "tid", e.pid);
	e.cpu = (uint16_t)optnum(wd, n, "cpu", 0);
	e.probe = (uint32_t)optnum(wd, n, "probe", 0);
	if ((v = opt(wd, n, "ret"))) {
		e.flags |= KT_EV_RET;
		e.ret = (int64_t)num(v);
	}
	if ((v = opt(wd, n, "lat"))) {
		e.flags |= KT_EV_LATENCY;
		e.latency_ns = num(v);
	}
	if ((v = opt(wd, n, "args"))) {
		e.flags |= KT_EV_ARGS;
		for (int a = 0; a < KT_NARGS; a++) {
			char *comma = strchr(v, ',');

			if (comma)
				*comma = 0;
			e.args[a] = num(v);
			if (!comma)
				break;
			v = comma + 1;
		}
	}
	if ((v = opt(wd, n, "kstack"))) {
		e.flags |= KT_EV_KSTACK;
		e.kstack = (uint32_t)num(v);
	}
	if ((v = opt(wd, n, "ustack"))) {
		e.flags |= KT_EV_USTACK;
		e.ustack = (uint32_t)num(v);
	}
	add_event(&e);
}

static void do_stack(char **wd, int n)
{
	static struct kt_frame frames[KT_MAX_FRAMES + 8];
	struct kt_stack s = { 0 };

	if (n < 3)
		die("stack ID KIND");
	s.id = (uint32_t)num(wd[1]);
	s.kind = !strcmp(wd[2], "kernel") ? KT_STACK_KERNEL :
		 !strcmp(wd[2], "user") ? KT_STACK_USER : (uint8_t)num(wd[2]);
	s.pid = (uint32_t)optnum(wd, n, "pid", 0);
	s.frames = frames;
	for (int i = 3; i < n && s.nframes < KT_MAX_FRAMES + 8; i++) {
		char *f[5] = { 0 }, *p = wd[i];

		if (strncmp(p, "frame=", 6))
			continue;
		p += 6;
		for (int k = 0; k < 5; k++) {
			f[k] = p;
			p = strchr(p, ',');
			if (!p)
				break;
			*p++ = 0;
		}
		if (!f[4])
			die("frame=ADDR,OFF,SYM,MOD,BUILDID");
		frames[s.nframes].addr = num(f[0]);
		frames[s.nframes].offset = num(f[1]);
		frames[s.nframes].symbol = kt_str(unescape(f[2]));
		frames[s.nframes].module = kt_str(unescape(f[3]));
		frames[s.nframes].build_id = kt_str(unescape(f[4]));
		s.nframes++;
	}
	codec__put_stack(&rows, &s);
}

static void do_raw(char **wd, int n)
{
	struct kt_buf *b = &rows;
	const char *hex = n > 2 ? wd[2] : "";
	size_t len = strlen(hex) / 2;
	unsigned char hdr[KT_REC_HDR_SIZE] = { 0 };
	uint16_t kind = (uint16_t)num(wd[1]);

	hdr[0] = (unsigned char)kind;
	hdr[1] = (unsigned char)(kind >> 8);
	for (int i = 0; i < 4; i++)
		hdr[4 + i] = (unsigned char)(len >> (8 * i));
	if (b->len + sizeof(hdr) + len > b->cap) {
		b->cap = (b->len + sizeof(hdr) + len) * 2;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			die("out of memory");
	}
	memcpy(b->p + b->len, hdr, sizeof(hdr));
	b->len += sizeof(hdr);
	for (size_t i = 0; i < len; i++) {
		char h[3] = { hex[2 * i], hex[2 * i + 1], 0 };

		b->p[b->len++] = (unsigned char)strtoul(h, NULL, 16);
	}
}

/* xorshift64*: reproducible on every machine */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

static void do_gen(char **wd, int n)
{
	uint64_t count = n > 1 ? num(wd[1]) : 0;
	uint64_t seed = optnum(wd, n, "seed", 1) | 1;
	uint32_t pids = (uint32_t)optnum(wd, n, "pids", 8);
	uint64_t ts = optnum(wd, n, "start", 1000000000ull);
	uint64_t step = optnum(wd, n, "step", 500);
	uint32_t probes[64] = { 0, 1, 2, 3, 257, 9, 11, 62 };
	int nprobes = 8;
	char *pl = opt(wd, n, "probes");
	static const int64_t errs[] = { -2, -13, -11, -4, -9 };

	if (pl) {
		nprobes = 0;
		for (char *t = strtok(pl, ","); t && nprobes < 64;
		     t = strtok(NULL, ","))
			probes[nprobes++] = (uint32_t)num(t);
	}
	for (uint64_t i = 0; i < count; i++) {
		struct kt_event e = { 0 };
		uint64_t r = rnd(&seed);

		ts += step / 2 + r % (step + 1);
		e.ts_ns = ts;
		e.pid = 1000 + (uint32_t)(r >> 8) % pids;
		e.tid = e.pid + (((r >> 20) & 7) == 0);
		e.cpu = (uint16_t)((r >> 24) & 3);
		e.probe = probes[(r >> 28) % (uint64_t)nprobes];
		e.flags = KT_EV_RET | KT_EV_LATENCY | KT_EV_ARGS;
		e.ret = ((r >> 36) & 15) == 0 ? errs[(r >> 40) % 5] :
			(int64_t)((r >> 44) & 4095);
		e.latency_ns = 100 + (rnd(&seed) >> (40 + (r >> 50) % 24));
		e.args[0] = (r >> 52) & 63;
		e.args[1] = 0x7ffd12340000ull + ((r >> 16) & 0xfff0);
		e.args[2] = (r >> 30) & 0xffff;
		add_event(&e);
	}
}

static void do_end(char **wd, int n)
{
	struct kt_end e = {
		.end_ns = optnum(wd, n, "end", last_ts),
		.events = optnum(wd, n, "events", nevents),
		.lost = optnum(wd, n, "lost", 0),
		.dropped = optnum(wd, n, "dropped", 0),
		.stack_errors = optnum(wd, n, "stack_errors", 0),
	};

	/* END is the last record: the batch's events go out before it */
	do_flush();
	codec__put_end(&rows, &e);
}

static void do_line(char **wd, int n)
{
	const char *c = wd[0];
	struct kt_buf *b = &rows;

	if (!strcmp(c, "header"))
		do_header(wd, n);
	else if (!strcmp(c, "meta") && n == 3)
		codec__put_meta(b, unescape(wd[1]), unescape(wd[2]));
	else if ((!strcmp(c, "syscall") || !strcmp(c, "errno")) && n == 3)
		codec__put_name(b, c[0] == 's' ? KT_REC_SYSCALL : KT_REC_ERRNO,
				(uint32_t)num(wd[1]), unescape(wd[2]));
	else if (!strcmp(c, "sysargs") && n == 3) {
		struct kt_sysargs a = { .nr = (uint32_t)num(wd[1]),
					.nargs = (uint8_t)num(wd[2]) };

		codec__put_sysargs(b, &a);
	} else if (!strcmp(c, "probe") && n == 5) {
		struct kt_probe p = { (uint32_t)num(wd[1]),
			kt_str(unescape(wd[2])), kt_str(unescape(wd[3])),
			kt_str(unescape(wd[4])) };

		codec__put_probe(b, &p);
	} else if (!strcmp(c, "proc"))
		do_proc(wd, n);
	else if (!strcmp(c, "ev"))
		do_event(wd, n);
	else if (!strcmp(c, "lost")) {
		struct kt_lost l = { (uint32_t)optnum(wd, n, "cpu", 0),
			optnum(wd, n, "ts", 0), optnum(wd, n, "count", 0) };

		codec__put_lost(b, &l);
	} else if (!strcmp(c, "stack"))
		do_stack(wd, n);
	else if (!strcmp(c, "raw") && n >= 2)
		do_raw(wd, n);
	else if (!strcmp(c, "order") && n == 2)
		raw_order = !strcmp(wd[1], "raw");
	else if (!strcmp(c, "gen"))
		do_gen(wd, n);
	else if (!strcmp(c, "flush"))
		do_flush();
	else if (!strcmp(c, "end"))
		do_end(wd, n);
	else
		die("unknown command or wrong number of words");
	if (b->err)
		die("out of memory");
	if (writer__append(w, b))
		die("write failed");
	kt_buf__reset(b);
}

int main(int argc, char **argv)
{
	char *line = NULL, *wd[MAX_WORDS];
	size_t cap = 0;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: mktrace OUT.zst < SPEC\n");
		return 2;
	}
	fd = strcmp(argv[1], "-") ? open(argv[1], O_WRONLY | O_CREAT | O_TRUNC,
					 0644) : 1;
	if (fd < 0) {
		fprintf(stderr, "mktrace: cannot create '%s': %s\n", argv[1],
			strerror(errno));
		return 1;
	}
	w = writer__new(fd, 3);
	if (!w)
		die("out of memory");
	while (getline(&line, &cap, stdin) > 0) {
		int n = 0;
		char *h = strchr(line, '#');

		lineno++;
		if (h)
			*h = 0;
		for (char *t = strtok(line, " \t\r\n"); t && n < MAX_WORDS;
		     t = strtok(NULL, " \t\r\n"))
			wd[n++] = t;
		if (n)
			do_line(wd, n);
	}
	do_flush();
	writer__free(w);
	kt_buf__free(&rows);
	free(line);
	free(raw_ev);
	if (fd != 1 && close(fd))
		die("close failed");
	return 0;
}
