// SPDX-License-Identifier: MIT
/*
 * flamesvg.c - the flame graph tree as a self-contained, interactive SVG.
 *
 * Frame width is proportional to weight, the root at the bottom. Each
 * frame is a <g> holding a <title> (the tooltip: name, weight, share), a
 * <rect> and a <text> label cut to fit. Frames narrower than MIN_WIDTH
 * pixels are left out, as flamegraph.pl does. Colours follow
 * flamegraph.pl's palettes, seeded from the name so a function keeps its
 * colour from one graph to the next: user frames red, kernel frames
 * orange (as its --colors=java), comm yellow, probes aqua. Names come
 * from the traced machine and are escaped for XML (analyzer/escape.c,
 * ESC_XML).
 *
 * The inline script, as flamegraph.pl's: a click zooms into a frame (its
 * ancestors span the width, unrelated frames hide); the hovered frame's
 * title shows on the bottom line; "Search" (or Ctrl-F, or ?s=REGEX in the
 * URL) highlights the frames whose names match a regular expression and
 * prints the share of the weight under them, each stack counted once;
 * and the graph takes the window's width, redrawn when it changes. The
 * file is drawn WIDTH pixels wide, so without scripts (an <img>) it is
 * that, with its tooltips.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "escape.h"
#include "flamegraph.h"
#include "flamesvg.h"
#include "flametree.h"

#define HIGHLIGHT	"rgb(230,0,230)"	/* a frame the search matched */

#define WIDTH		1200.0	/* image width in pixels */
#define PAD		10.0	/* left and right margin */
#define FRAME_H		16	/* pixels per stack level */
#define TOP		56	/* room for the title lines */
#define BOTTOM		28	/* room for the details line */
#define MIN_WIDTH	0.1	/* narrower frames are not drawn */
#define CHAR_W		7.0	/* average glyph width at font-size 12 */

/* ns as three significant digits, like fmt_ns(): 250ns 42.0us 1.50ms */
static void fmt_dur(char *buf, size_t size, uint64_t ns)
{
	static const char *const unit[] = { "ns", "us", "ms", "s" };
	double v = (double)ns;
	int u = 0;

	while (v >= 999.5 && u < 3) {
		v /= 1000;
		u++;
	}
	if (!u)
		snprintf(buf, size, "%llu%s", (unsigned long long)ns, unit[u]);
	else
		snprintf(buf, size, "%.*f%s", v < 9.995 ? 2 : v < 99.95 ? 1 : 0,
			 v, unit[u]);
}

static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* flamegraph.pl's palettes: red (user), orange (kernel), yellow, aqua */
static void put_colour(FILE *f, const struct fg_node *n)
{
	uint32_t h = name_hash(n->name);
	unsigned a = h % 256, b = (h >> 8) % 256;

	switch (n->kind) {
	case K_USER:
		fprintf(f, "rgb(%u,%u,%u)", 200 + 55 * a / 255, 50 + 80 * b / 255,
			50 + 80 * b / 255);
		break;
	case K_KERNEL:
		fprintf(f, "rgb(%u,%u,0)", 190 + 65 * a / 255, 90 + 65 * a / 255);
		break;
	case K_COMM:
		fprintf(f, "rgb(%u,%u,%u)", 175 + 55 * a / 255, 175 + 55 * a / 255,
			50 + 20 * b / 255);
		break;
	case K_PROBE:
		fprintf(f, "rgb(%u,%u,%u)", 50 + 60 * a / 255, 165 + 55 * a / 255,
			165 + 55 * a / 255);
		break;
	}
}

/* One frame: tooltip, box and the label when it fits. */
static void put_frame(FILE *f, const struct fg_node *n, double x, double w, int y,
		      const struct fg_tree *t, enum fg_weight weight)
{
	size_t fit = w > 3 * CHAR_W ? (size_t)(w / CHAR_W) : 0;
	/* both ends rounded alike: a child never pokes out of its parent */
	double x0 = round(x * 100) / 100, x1 = round((x + w) * 100) / 100;
	size_t len = strlen(n->name);
	char dur[32];

	fputs("<g><title>", f);
	escape__fput(f, n->name, len, ESC_XML);
	fputs(" (", f);
	if (weight == FG_WEIGHT_LATENCY) {
		fmt_dur(dur, sizeof(dur), n->value);
		fprintf(f, "%s, ", dur);
	}
	fprintf(f, "%llu event%s, %.2f%%)</title><rect x=\"%.2f\" y=\"%d\" "
		"width=\"%.2f\" height=\"%d\" rx=\"2\" fill=\"",
		(unsigned long long)n->count, n->count == 1 ? "" : "s",
		100.0 * (double)n->value / (double)t->root.value, x0, y, x1 - x0,
		FRAME_H - 1);
	put_colour(f, n);
	fprintf(f, "\"/><text x=\"%.1f\" y=\"%d\">", x + 3, y + FRAME_H - 4);
	/* byte-wise cut; a cut UTF-8 sequence shows as \xNN */
	if (fit)
		escape__fput(f, n->name, len <= fit ? len : fit - 2, ESC_XML);
	fputs(fit && len > fit ? "..</text></g>\n" : "</text></g>\n", f);
}

struct canvas {
	FILE *f;
	const struct fg_tree *t;
	enum fg_weight weight;
	double scale;		/* pixels per unit of weight */
	int bottom;		/* y of the root frame */
};

static void draw(const struct canvas *cv, const struct fg_node *n, double x,
		 int depth)
{
	for (const struct fg_node *c = n->child; c; c = c->next) {
		double w = (double)c->value * cv->scale;

		if (w >= MIN_WIDTH) {
			put_frame(cv->f, c, x, w, cv->bottom - depth * FRAME_H,
				  cv->t, cv->weight);
			draw(cv, c, x, depth + 1);
		}
		x += w;
	}
}

static int depth_of(const struct fg_node *n, int d)
{
	int max = d;

	for (const struct fg_node *c = n->child; c; c = c->next) {
		int cd = depth_of(c, d + 1);

		max = cd > max ? cd : max;
	}
	return max;
}

/*
 * Zoom, search, details and width. Frame positions are kept as fractions
 * of the full span (fg.x, fg.w), so a new width or a zoom is one pass of
 * place(). A frame's ancestors are the frames below it (larger y) that
 * span it; its descendants the frames above it within its span.
 */
static const char script[] =
"<script type=\"text/ecmascript\"><![CDATA[\n"
"var frames = [], zoomed = null, re = null, W0 = W, H, svg, details,\n"
"    reset, search, matched;\n"
"function name(g) {\n"
"  return g.children[0].textContent.replace(/ \\([^()]*\\)$/, \"\");\n"
"}\n"
"function label(g, w) {\n"
"  var n = name(g), c = Math.floor(w / CW);\n"
"  return w <= 3 * CW ? \"\" : n.length <= c ? n : n.slice(0, c - 2) + \"..\";\n"
"}\n"
"function place(g, fx, fw) {\n"
"  var span = W - 2 * PAD, x = PAD + fx * span, w = fw * span;\n"
"  var r = g.children[1], t = g.children[2];\n"
"  r.setAttribute(\"x\", x.toFixed(2));\n"
"  r.setAttribute(\"width\", w.toFixed(2));\n"
"  t.setAttribute(\"x\", (x + 3).toFixed(2));\n"
"  t.textContent = label(g, w);\n"
"  g.style.display = \"\";\n"
"}\n"
"function zoom(z) {\n"
"  var a = z.fg, s = 1 / a.w, e = 1e-6;\n"
"  zoomed = z;\n"
"  frames.forEach(function (g) {\n"
"    var d = g.fg;\n"
"    g.classList.remove(\"anc\");\n"
"    if (d.y > a.y && d.x <= a.x + e && d.x + d.w >= a.x + a.w - e) {\n"
"      place(g, 0, 1);\n"
"      g.classList.add(\"anc\");\n"
"    } else if (d.y <= a.y && d.x >= a.x - e && d.x + d.w <= a.x + a.w + e) {\n"
"      place(g, (d.x - a.x) * s, d.w * s);\n"
"    } else {\n"
"      g.style.display = \"none\";\n"
"    }\n"
"  });\n"
"  reset.style.display = \"\";\n"
"}\n"
"function unzoom() {\n"
"  zoomed = null;\n"
"  frames.forEach(function (g) {\n"
"    g.classList.remove(\"anc\");\n"
"    place(g, g.fg.x, g.fg.w);\n"
"  });\n"
"  reset.style.display = \"none\";\n"
"}\n"
"function resize() {\n"
"  var w = Math.max(400, Math.floor(window.innerWidth || W0));\n"
"  if (w == W)\n"
"    return;\n"
"  W = w;\n"
"  svg.setAttribute(\"width\", W);\n"
"  svg.setAttribute(\"viewBox\", \"0 0 \" + W + \" \" + H);\n"
"  [\"title\", \"subtitle\"].forEach(function (id) {\n"
"    document.getElementById(id).setAttribute(\"x\", W / 2);\n"
"  });\n"
"  search.setAttribute(\"x\", W - PAD);\n"
"  matched.setAttribute(\"x\", W - PAD);\n"
"  if (zoomed)\n"
"    zoom(zoomed);\n"
"  else\n"
"    unzoom();\n"
"}\n"
"function find(pattern) {\n"
"  var spans = [], covered = 0, end = 0;\n"
"  try {\n"
"    re = pattern ? new RegExp(pattern) : null;\n"
"  } catch (err) {\n"
"    matched.textContent = \"not a regular expression: \" + pattern;\n"
"    return;\n"
"  }\n"
"  frames.forEach(function (g) {\n"
"    var hit = re && re.test(name(g));\n"
"    g.children[1].setAttribute(\"fill\", hit ? \"" HIGHLIGHT "\" : g.fill);\n"
"    if (hit)\n"
"      spans.push([g.fg.x, g.fg.x + g.fg.w]);\n"
"  });\n"
"  /* the union of the spans: a stack under two matches counts once */\n"
"  spans.sort(function (a, b) { return a[0] - b[0]; });\n"
"  spans.forEach(function (s) {\n"
"    if (s[1] > end) {\n"
"      covered += s[1] - Math.max(s[0], end);\n"
"      end = s[1];\n"
"    }\n"
"  });\n"
"  matched.textContent = re ? \"Matched: \" +\n"
"    (100 * covered).toFixed(1) + \"%\" : \"\";\n"
"  search.textContent = re ? \"Reset search\" : \"Search\";\n"
"}\n"
"function ask() {\n"
"  var p = re ? null : prompt(\"Search frames (regular expression)\", \"\");\n"
"  if (re || p)\n"
"    find(p);\n"
"}\n"
"function init() {\n"
"  var m = /[?&]s=([^&]*)/.exec(location.search || \"\");\n"
"  svg = document.documentElement;\n"
"  H = +svg.getAttribute(\"height\");\n"
"  details = document.getElementById(\"details\");\n"
"  reset = document.getElementById(\"reset\");\n"
"  search = document.getElementById(\"search\");\n"
"  matched = document.getElementById(\"matched\");\n"
"  reset.onclick = unzoom;\n"
"  search.onclick = ask;\n"
"  var gs = document.getElementById(\"frames\").children;\n"
"  for (var i = 0; i < gs.length; i++) {\n"
"    var g = gs[i], r = g.children[1], span = W0 - 2 * PAD;\n"
"    g.fg = { x: (+r.getAttribute(\"x\") - PAD) / span,\n"
"             w: +r.getAttribute(\"width\") / span,\n"
"             y: +r.getAttribute(\"y\") };\n"
"    g.fill = r.getAttribute(\"fill\");\n"
"    frames.push(g);\n"
"    g.onclick = function () { zoom(this); };\n"
"    g.onmouseover = function () {\n"
"      details.textContent = this.children[0].textContent;\n"
"    };\n"
"    g.onmouseout = function () { details.textContent = \"\"; };\n"
"  }\n"
"  document.addEventListener(\"keydown\", function (e) {\n"
"    if (e.key == \"f\" && (e.ctrlKey || e.metaKey)) {\n"
"      e.preventDefault();\n"
"      ask();\n"
"    }\n"
"  });\n"
"  window.addEventListener(\"resize\", resize);\n"
"  resize();\n"
"  if (m)\n"
"    find(decodeURIComponent(m[1]));\n"
"}\n"
"]]></script>\n";

static void put_head(FILE *f, const struct fg_tree *t,
		     const struct flamegraph_opts *o, int height)
{
	static const char *const stacks[] = { "user and kernel stacks",
					      "user stacks", "kernel stacks" };
	char dur[32];

	fprintf(f, "<?xml version=\"1.0\" standalone=\"no\"?>\n"
		"<svg version=\"1.1\" width=\"%.0f\" height=\"%d\" "
		"viewBox=\"0 0 %.0f %d\" onload=\"init()\" "
		"xmlns=\"http://www.w3.org/2000/svg\">\n"
		"<style>text { font-family: Verdana, sans-serif; font-size: 12px;"
		" fill: #000; } #frames text { pointer-events: none; }"
		" #frames g { cursor: pointer; } #frames rect:hover"
		" { stroke: #000; stroke-width: 0.5; } .anc { opacity: 0.6; }"
		" .t { font-size: 17px; } .s { fill: #555; }</style>\n"
		"<script type=\"text/ecmascript\">var W = %.0f, PAD = %.0f,"
		" CW = %.1f;</script>\n%s"
		"<rect width=\"100%%\" height=\"100%%\" fill=\"#f8f8f0\"/>\n"
		"<text id=\"title\" class=\"t\" x=\"%.0f\" y=\"24\" "
		"text-anchor=\"middle\">",
		WIDTH, height, WIDTH, height, WIDTH, PAD, CHAR_W, script,
		WIDTH / 2);
	if (o->title) {
		escape__fput(f, o->title, strlen(o->title), ESC_XML);
	} else {
		fputs("Flame graph: ", f);
		if (o->where)
			escape__fput(f, o->where, strlen(o->where), ESC_XML);
		else
			fputs("all events", f);
	}
	fprintf(f, "</text>\n<text id=\"subtitle\" class=\"s\" x=\"%.0f\" y=\"44\" "
		"text-anchor=\"middle\">%llu events, ", WIDTH / 2,
		(unsigned long long)t->root.count);
	if (o->weight == FG_WEIGHT_LATENCY) {
		fmt_dur(dur, sizeof(dur), t->root.value);
		fprintf(f, "%s, width by latency", dur);
	} else {
		fputs("width by count", f);
	}
	fprintf(f, "; %s; user frames red, kernel orange, probes blue</text>\n"
		"<text id=\"details\" x=\"%.0f\" y=\"%d\"></text>\n"
		"<text id=\"reset\" x=\"%.0f\" y=\"24\" style=\"display: none;"
		" cursor: pointer;\">Reset zoom</text>\n"
		"<text id=\"search\" x=\"%.0f\" y=\"24\" text-anchor=\"end\""
		" style=\"cursor: pointer;\">Search</text>\n"
		"<text id=\"matched\" x=\"%.0f\" y=\"%d\" text-anchor=\"end\">"
		"</text>\n",
		stacks[o->stack], PAD, height - 10, PAD, WIDTH - PAD, WIDTH - PAD,
		height - 10);
}

void flamesvg__write(FILE *f, const struct fg_tree *t,
		     const struct flamegraph_opts *o)
{
	int levels = depth_of(&t->root, 0) + 1;
	int height = TOP + levels * FRAME_H + BOTTOM;
	struct fg_node all = { .name = "all", .value = t->root.value,
			    .count = t->root.count, .kind = K_COMM };
	struct canvas cv = {
		.f = f, .t = t, .weight = o->weight,
		.scale = (WIDTH - 2 * PAD) / (double)t->root.value,
		.bottom = height - BOTTOM - FRAME_H,
	};

	put_head(f, t, o, height);
	fputs("<g id=\"frames\">\n", f);
	put_frame(f, &all, PAD, WIDTH - 2 * PAD, cv.bottom, t, o->weight);
	draw(&cv, &t->root, PAD, 1);
	fputs("</g>\n</svg>\n", f);
}

