# analyze_export_record.py TESTS BUILD SCRATCH LOOPS - the checks of
# tests/analyze_export_record.sh, which runs it.
import collections, functools, json, re, shutil, subprocess, sys, xml.etree.ElementTree as ET
sys.path.insert(0, sys.argv[1])
import ktlib
from ktlib import check, finish

loops = int(sys.argv[4])
run = functools.partial(ktlib.run, "t.zst")     # analyze t.zst ARGS...
sql = functools.partial(ktlib.sql, "t.zst")

# ---- the flame graph --------------------------------------------------------------
rc, out, err = run("--flamegraph", "f.svg")
check(rc == 0 and err == b"", "flamegraph exits 0", (rc, err))
raw = open("f.svg", "rb").read()
if shutil.which("xmllint"):
    p = subprocess.run(["xmllint", "--noout", "f.svg"], capture_output=True)
    check(p.returncode == 0, "xmllint: well-formed", p.stderr)
NS = "{http://www.w3.org/2000/svg}"
root = ET.fromstring(raw)
frames = collections.defaultdict(list)
for g in root.find(NS + "g[@id='frames']"):
    m = re.fullmatch(r"(.*) \((\d+) events?, [0-9.]+%\)", g.find(NS + "title").text)
    r = g.find(NS + "rect")
    frames[m.group(1)].append((int(m.group(2)), float(r.get("x")), float(r.get("width")),
                               float(r.get("y"))))
total = sql("SELECT count(*) AS n FROM events")[0]["n"]
check(frames["all"] == [(total, 10.0, 1180.0, frames["all"][0][3])], "all = every event",
      (frames["all"], total))
chain = ["main", "outer", "middle", "leaf"]
for name in chain:
    got = frames.get(name, [])
    check(len(got) == 1 and got[0][0] == 2 * loops and
          abs(got[0][2] - 1180.0 * 2 * loops / total) < 0.06,
          "%s: %d events (open + read per loop), width in proportion" % (name, 2 * loops),
          (got, total))
if all(len(frames.get(n, [])) == 1 for n in chain):
    ys = [frames[n][0][3] for n in chain]
    xs = [(frames[n][0][1], frames[n][0][2]) for n in chain]
    check(ys == sorted(ys, reverse=True) and len(set(ys)) == 4 and len(set(xs)) == 1,
          "main under outer under middle under leaf, one span", (ys, xs))
# the probes above leaf: one openat and one read per loop
leaf_x, leaf_w, leaf_y = frames["leaf"][0][1], frames["leaf"][0][2], frames["leaf"][0][3]
above = collections.Counter()
for name in ["syscall:openat", "syscall:read"]:
    for n, x, w, y in frames.get(name, []):
        if y < leaf_y and leaf_x - 1e-6 <= x and x + w <= leaf_x + leaf_w + 1e-6:
            above[name] += n
check(above == {"syscall:openat": loops, "syscall:read": loops}, "probes above leaf", above)

# ---- folded lines = the README's SQL recipe ---------------------------------------
rc, out, err = run("--flamegraph", "-", "--format", "folded")
folded = {l.rsplit(" ", 1)[0]: int(l.rsplit(" ", 1)[1]) for l in out.decode().splitlines()}
RECIPE = ("SELECT stack || ' ' || count(*) FROM (SELECT comm"
          " || coalesce(';' || nullif(folded(ustack_id, trace_id), ''), '')"
          " || coalesce(';' || nullif(folded(kstack_id, trace_id), ''), '')"
          " || ';' || probe AS stack FROM events) GROUP BY stack")
rc2, out2, err2 = run("--format", "tsv", "--sql", RECIPE)
recipe = {l.rsplit(" ", 1)[0]: int(l.rsplit(" ", 1)[1])
          for l in out2.decode().splitlines()[1:]}
check(rc == 0 and folded == recipe and sum(folded.values()) == total,
      "--format folded = the SQL recipe", (folded, recipe))
check(sum(n for k, n in folded.items() if ";main;outer;middle;leaf;" in k) == 2 * loops,
      "folded: the call chain", folded)

# ---- Perfetto JSON ----------------------------------------------------------------
rc, out, err = run("--export", "perfetto", "p.json")
check(rc == 0 and err == b"", "export exits 0", (rc, err))
tev = json.load(open("p.json"))["traceEvents"]
ev = [x for x in tev if x["ph"] in "Xi" and x.get("cat") not in ("lost", "exit")]
rows = sql("SELECT ts_ns, latency_ns, pid, tid, probe FROM events ORDER BY ts_ns")
check(len(ev) == len(rows) == total, "one trace event per row", (len(ev), len(rows)))
mism = [(x, r) for x, r in zip(ev, rows)
        if round(x["ts"] * 1000) != r["ts_ns"] or round(x["dur"] * 1000) != r["latency_ns"]
        or (x["pid"], x["tid"], x["name"]) != (r["pid"], r["tid"], r["probe"])]
check(not mism, "ts, dur, pid, tid, name = the database's", mism[:2])
per_probe = collections.Counter(x["name"] for x in ev)
check(per_probe["syscall:openat"] >= loops and per_probe["syscall:read"] >= loops,
      "at least one openat and one read per loop", per_probe)
by_thread = collections.defaultdict(list)
for x in ev:
    by_thread[(x["pid"], x["tid"])].append(x["ts"])
check(all(a == sorted(a) for a in by_thread.values()), "ts ordered per thread")
names = [x["args"]["name"] for x in tev if x["name"] == "process_name"]
check(names == ["callchain"], "the process is named", names)

finish()
