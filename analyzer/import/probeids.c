// SPDX-License-Identifier: MIT
/*
 * probeids.c - the probe ids event_rows stores, numbered by the importer.
 *
 * Two small tables per trace: the trace's numbers in the order of their
 * first event (the import's id of order[i] is i + 1), and the PROBE
 * records, copied since their batch is gone by the end of the trace. Both
 * grow with the trace's probe table, never with its events.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "analyzer/grow.h"
#include "probeids.h"
#include "rows.h"
#include "analyzer/u32map.h"

/* A PROBE record; the strings live in buf. */
struct probe_def {
	uint32_t nr;
	struct kt_str name, kind, target;
	char *buf;
};

struct probeids {
	struct u32map ids;	/* trace's number -> import id */
	uint32_t *order;	/* import id - 1 -> trace's number */
	uint32_t nused, capused;
	struct u32map defs;	/* trace's number -> index in def */
	struct probe_def *def;
	uint32_t ndef, capdef;
};

struct probeids *probeids__new(void)
{
	return calloc(1, sizeof(struct probeids));
}

void probeids__free(struct probeids *p)
{
	if (!p)
		return;
	for (uint32_t i = 0; i < p->ndef; i++)
		free(p->def[i].buf);
	free(p->def);
	free(p->order);
	u32map__free(&p->ids);
	u32map__free(&p->defs);
	free(p);
}

int probeids__id(struct probeids *p, uint32_t nr, uint32_t *id)
{
	if (u32map__get(&p->ids, nr, id))
		return 0;
	if (grow((void **)&p->order, &p->capused, p->nused + 1,
		 sizeof(*p->order)) ||
	    u32map__put(&p->ids, nr, p->nused + 1))
		return -ENOMEM;
	p->order[p->nused++] = nr;
	*id = p->nused;
	return 0;
}

/* Point *dst at a copy of src in buf at *off. */
static void copy_str(struct kt_str *dst, struct kt_str src, char *buf,
		     size_t *off)
{
	if (src.len)
		memcpy(buf + *off, src.p, src.len);
	dst->p = buf + *off;
	dst->len = src.len;
	*off += src.len;
}

int probeids__define(struct probeids *p, const struct kt_probe *pr)
{
	size_t len = (size_t)pr->name.len + pr->kind.len + pr->target.len;
	char *buf = malloc(len ? len : 1);
	struct probe_def *d;
	uint32_t i;
	size_t off = 0;

	if (!buf)
		return -ENOMEM;
	if (!u32map__get(&p->defs, pr->id, &i)) {
		if (grow((void **)&p->def, &p->capdef, p->ndef + 1,
			 sizeof(*p->def)) ||
		    u32map__put(&p->defs, pr->id, p->ndef)) {
			free(buf);
			return -ENOMEM;
		}
		i = p->ndef++;
		p->def[i].buf = NULL;
	}
	d = &p->def[i];
	free(d->buf);
	d->buf = buf;
	d->nr = pr->id;
	copy_str(&d->name, pr->name, buf, &off);
	copy_str(&d->kind, pr->kind, buf, &off);
	copy_str(&d->target, pr->target, buf, &off);
	return 0;
}

int probeids__write(struct probeids *p, struct rows *r, int tid)
{
	uint32_t next = p->nused, i, k;

	for (i = 0; i < p->nused; i++) {
		uint32_t nr = p->order[i];

		if (!u32map__get(&p->defs, nr, &k)) {
			if (rows__probe_guess(r, tid, i + 1, nr))
				return -1;
			continue;
		}
		if (rows__probe(r, tid, i + 1, nr, p->def[k].name,
				p->def[k].kind, p->def[k].target))
			return -1;
	}
	for (k = 0; k < p->ndef; k++) {
		const struct probe_def *d = &p->def[k];

		if (u32map__get(&p->ids, d->nr, &i))
			continue;
		if (rows__probe(r, tid, ++next, d->nr, d->name, d->kind,
				d->target))
			return -1;
	}
	return 0;
}
