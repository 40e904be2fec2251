# analyze_flamegraph_ui.py TESTS BUILD SCRATCH - the flame graph's title,
# search and width, run by a real browser: headless Chromium loads the
# SVG (with ?s=REGEX, the search flamegraph.pl's URLs also take) and dumps
# the DOM after the inline script ran. The share a search reports is
# checked against the folded lines (--format folded): the weight of the
# stacks with a matching frame over all of it.
import re, subprocess, sys, tempfile, xml.etree.ElementTree as ET
sys.path.insert(0, sys.argv[1])
import ktlib
from ktlib import build, tmp, check, finish, mktrace

NS = "{http://www.w3.org/2000/svg}"
HIGHLIGHT = "rgb(230,0,230)"
ORIGIN = 3_000_000_000
STACKS = {1: ["main", "parse", "read_file"], 2: ["main", "parse", "lex"],
          3: ["main", "render", "read_file"], 4: ["main", "render"],
          5: ["main", "lex"]}
WEIGHTS = {1: 40, 2: 25, 3: 20, 4: 10, 5: 5}
spec = ["header origin=%d" % ORIGIN, "syscall 0 read",
        "probe 0 syscall:read syscall read",
        "proc existing pid=7 ppid=1 ts=%d comm=app exe=/bin/app" % ORIGIN]
ts = ORIGIN
for sid, n in WEIGHTS.items():
    for _ in range(n):
        ts += 1000
        spec.append("ev ts=%d pid=7 probe=0 ret=1 lat=%d ustack=%d" % (ts, sid * 100, sid))
for sid, syms in STACKS.items():
    spec.append("stack %d user pid=7 %s" % (sid, " ".join(
        "frame=0x%x,0,%s,/bin/app,\"\"" % (0x1000 + 16 * d, s)
        for d, s in enumerate(reversed(syms)))))
spec.append("end end=%d" % (ts + 1000))
T = tmp + "/t.zst"
mktrace(T, spec)

TITLE = "Reads <by> stack & \"more\""
rc, out, err = ktlib.run(T, "--flamegraph", tmp + "/f.svg", "--title", TITLE)
check(rc == 0 and err == b"", "--flamegraph --title", err)
root = ET.parse(tmp + "/f.svg").getroot()
title = root.find(NS + "text[@id='title']")
check(title is not None and title.text == TITLE, "the title is --title's text",
      title is not None and title.text)
rc, out, err = ktlib.run(T, "--flamegraph", tmp + "/g.svg", "--where", "pid = 7")
t2 = ET.parse(tmp + "/g.svg").getroot().find(NS + "text[@id='title']")
check(t2 is not None and t2.text == "Flame graph: pid = 7",
      "without --title: the --where predicate", t2 is not None and t2.text)
rc, out, err = ktlib.run(T, "--title", "x", "--sql", "SELECT 1")
check(rc == 2 and b"--title is an option of --flamegraph" in err,
      "--title without --flamegraph is a usage error", (rc, err))

rc, out, err = ktlib.run(T, "--flamegraph", "-", "--format", "folded")
folded = [(l.rsplit(" ", 1)[0].split(";"), int(l.rsplit(" ", 1)[1]))
          for l in out.decode().splitlines()]
TOTAL = sum(w for _, w in folded)


def share(regex):
    """percent of the weight whose stack has a frame matching regex"""
    hit = sum(w for frames, w in folded if any(re.search(regex, f) for f in frames))
    return "%.1f" % (100.0 * hit / TOTAL)


def dom(url, width):
    """The SVG's DOM after its script ran in a window width pixels wide."""
    prof = tempfile.mkdtemp(prefix="profile.", dir=tmp)
    p = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync",
         "--user-data-dir=" + prof, "--window-size=%d,800" % width,
         "--dump-dom", url], capture_output=True, timeout=90)
    text = p.stdout.decode()
    if "<svg" not in text:
        return None
    return ET.fromstring(text[text.index("<svg"):])


def frames(svg):
    out = {}
    for g in svg.find(NS + "g[@id='frames']"):
        name = re.sub(r" \([^()]*\)$", "", g.find(NS + "title").text)
        out.setdefault(name, []).append(g.find(NS + "rect"))
    return out


for regex in ["^read_file$", "parse|lex", "^main$", "nothing-like-this"]:
    svg = dom("file://%s/f.svg?s=%s" % (tmp, regex.replace("|", "%7C")), 1200)
    check(svg is not None, "chromium dumps the DOM", regex)
    if svg is None:
        continue
    fr = frames(svg)
    lit = sorted(n for n, rs in fr.items() if any(r.get("fill") == HIGHLIGHT for r in rs))
    want = sorted(n for n in fr if re.search(regex, n))
    check(lit == want, "search %r highlights exactly the matching frames" % regex,
          (lit, want))
    m = svg.find(NS + "text[@id='matched']")
    got = m.text if m is not None else None
    check(got == "Matched: %s%%" % share(regex), "search %r: the matched share" % regex,
          (got, share(regex)))
    s = svg.find(NS + "text[@id='search']")
    check(s is not None and s.text == "Reset search", "the search button resets", s.text)

for width in (1200, 1600, 900):
    svg = dom("file://%s/f.svg" % tmp, width)
    if svg is None:
        check(False, "chromium dumps the DOM at width %d" % width)
        continue
    fr = frames(svg)
    allr = fr["all"][0]
    check(svg.get("width") == str(width) and
          abs(float(allr.get("x")) - 10) < 0.01 and
          abs(float(allr.get("width")) - (width - 20)) < 0.01,
          "the graph takes the window's width, %d" % width,
          (svg.get("width"), allr.get("x"), allr.get("width")))
    mainr = fr["main"][0]
    check(abs(float(mainr.get("width")) - (width - 20)) < 0.01,
          "frames scale with it, %d" % width, mainr.get("width"))
    t = svg.find(NS + "text[@id='title']")
    check(float(t.get("x")) == width / 2, "the title stays centred, %d" % width,
          t.get("x"))
finish()
