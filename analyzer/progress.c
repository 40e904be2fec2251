// SPDX-License-Identifier: MIT
/*
 * progress.c - the import's status line: file read, events, rate.
 *
 *   analyze: big.zst  5.20 of 12.9 MiB (40%)  8.10 M events  1.21 M/s
 *
 * Drawn as "\r" + text + ESC [ K (erase to the end of the line), so a
 * shorter line leaves nothing of a longer one, and erased the same way at
 * the end: the terminal is left as it was. The file name is the last
 * component, escaped like any string analyze prints (analyzer/escape.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include "escape.h"
#include "progress.h"

#define FIRST_NS	250000000ull	/* nothing for a quick import */
#define EVERY_NS	100000000ull	/* redraw at most this often */
#define NAME_MAX_SHOWN	32

struct progress {
	const char *name;	/* last component of the path */
	uint64_t size;		/* 0: unknown (a pipe) */
	uint64_t start_ns, last_ns;
	int shown;		/* the line is on the terminal */
};

static int enabled;
static int noted;		/* a progress__note() line is shown */

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void progress__enable(int on)
{
	enabled = on;
}

struct progress *progress__start(const char *path)
{
	struct progress *p;
	const char *slash = strrchr(path, '/');
	struct stat st;

	if (!enabled || !(p = calloc(1, sizeof(*p))))
		return NULL;
	p->name = slash && slash[1] ? slash + 1 : path;
	if (strcmp(path, "-") && !stat(path, &st) && S_ISREG(st.st_mode))
		p->size = (uint64_t)st.st_size;
	p->start_ns = p->last_ns = now_ns();
	return p;
}

/* n with three significant digits and a K/M/G suffix: "8.10 M". */
static void put_count(double n, const char *unit)
{
	static const char *const sfx[] = { "", " K", " M", " G", " T" };
	int i = 0;

	while (n >= 999.5 && i < 4) {
		n /= 1000;
		i++;
	}
	fprintf(stderr, i ? (n < 9.995 ? "%.2f%s%s" : n < 99.95 ? "%.1f%s%s" :
			     "%.0f%s%s") : "%.0f%s%s", n, sfx[i], unit);
}

static void put_mib(uint64_t bytes)
{
	double m = (double)bytes / (1 << 20);

	fprintf(stderr, m < 9.995 ? "%.2f" : m < 99.95 ? "%.1f" : "%.0f", m);
}

void progress__update(struct progress *p, uint64_t bytes, uint64_t events)
{
	uint64_t now;
	size_t len;

	if (!p)
		return;
	now = now_ns();
	if (now - p->start_ns < FIRST_NS || (p->shown && now - p->last_ns < EVERY_NS))
		return;
	p->last_ns = now;
	p->shown = 1;
	len = strlen(p->name);
	fputs("\ranalyze: ", stderr);
	escape__fput(stderr, p->name, len < NAME_MAX_SHOWN ? len : NAME_MAX_SHOWN,
		     ESC_TEXT);
	fputs(len > NAME_MAX_SHOWN ? "...  " : "  ", stderr);
	put_mib(bytes);
	if (p->size && bytes <= p->size) {
		fputs(" of ", stderr);
		put_mib(p->size);
		fprintf(stderr, " MiB (%d%%)  ", (int)(bytes * 100 / p->size));
	} else {
		fputs(" MiB  ", stderr);
	}
	put_count((double)events, " events  ");
	put_count((double)events * 1e9 / (double)(now - p->start_ns), "/s");
	fputs("\033[K", stderr);
	fflush(stderr);
}

void progress__clear(struct progress *p)
{
	if (!p || !p->shown)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	p->shown = 0;
}

void progress__end(struct progress *p)
{
	progress__clear(p);
	free(p);
}

void progress__note(const char *what)
{
	if (!enabled)
		return;
	if (what)
		fprintf(stderr, "\ranalyze: %s...\033[K", what);
	else if (noted)
		fputs("\r\033[K", stderr);
	noted = !!what;
	fflush(stderr);
}
