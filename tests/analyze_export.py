# analyze_export.py TESTS BUILD SCRATCH - the checks of tests/analyze_export.sh,
# which runs it.
import collections, json, re, sys, xml.etree.ElementTree as ET
sys.path.insert(0, sys.argv[1])
from ktlib import tmp, check, run, sql, mktrace, finish

# ---- the synthetic trace --------------------------------------------------------------
# pid 50 "ap\x1bp" (threads 50 and 51) reads and opens files, with stacks on
# openat; pid 60 "db" only reads, with a libc-only user stack; tracepoint
# hits have neither latency nor ret. Two lost-events records.
ORIGIN = 3_000_000_000
SYMS = {1: ["do_sys_openat2", "__x64_sys_openat"],        # kernel, innermost first
        2: ["open_config", "operator<<\"&'", "main"],     # user, pid 50
        3: [None]}                                        # user, pid 60: no symbol
spec = ["header origin=%d" % ORIGIN, "errno 2 ENOENT",
        "probe 0 syscall:read syscall read", "probe 257 syscall:openat syscall openat",
        "probe 4096 tracepoint:sched:sched_switch tracepoint sched:sched_switch",
        "proc existing pid=50 ppid=1 ts=%d comm=ap\\x1bp exe=/bin/app" % ORIGIN,
        "proc existing pid=60 ppid=1 ts=%d comm=db exe=/bin/db" % ORIGIN,
        "stack 1 kernel frame=0xffff10,16,do_sys_openat2,kernel,\"\" "
        "frame=0xffff20,8,__x64_sys_openat,kernel,\"\"",
        "stack 2 user pid=50 frame=0x401000,4,open_config,/bin/app,ab12 "
        "frame=0x400900,2,operator<<\\x22&\\x27,/bin/app,ab12 "
        "frame=0x400800,0,main,/bin/app,ab12",
        "stack 3 user pid=60 frame=0x7000,0,\"\",/lib/libc.so.6,\"\""]
events = []
for i in range(400):
    pid = 50 if i % 3 else 60
    tid = 51 if pid == 50 and i % 5 == 0 else pid
    probe = [0, 257, 4096][i % 3 if pid == 50 else 0]
    e = dict(ts=ORIGIN + 1000 + i * 997, pid=pid, tid=tid, probe=probe, cpu=i % 4)
    w = "ev ts=%d pid=%d tid=%d cpu=%d probe=%d" % (e["ts"], pid, tid, e["cpu"], probe)
    if probe != 4096:
        e["lat"] = 100 + i * 37 % 900          # shorter than the 997 ns gap
        e["ret"] = -2 if i % 7 == 0 else 3
        w += " ret=%d lat=%d" % (e["ret"], e["lat"])
    if probe == 257:
        e["k"], e["u"] = 1, 2
        w += " kstack=1 ustack=2"
    elif pid == 60:
        e["u"] = 3
        w += " ustack=3"
    events.append(e)
    spec.append(w)
LOST = [(1, ORIGIN + 50_000, 7), (3, ORIGIN + 250_000, 3)]
spec += ["lost cpu=%d ts=%d count=%d" % l for l in LOST]
spec.append("end")
T = tmp + "/t.zst"
mktrace(T, spec)
PROBE = {0: "syscall:read", 257: "syscall:openat", 4096: "tracepoint:sched:sched_switch"}
COMM = {50: "ap\x1bp", 60: "db"}

# ---- perfetto ------------------------------------------------------------------------
P = tmp + "/p.json"
rc, out, err = run(T, "--export", "perfetto", P)
check(rc == 0 and out == b"" and err == b"", "export exits 0 quietly", (rc, out, err))
raw = open(P, "rb").read()
d = json.loads(raw)
check(not re.search(rb"[\x00-\x09\x0b-\x1f]", raw), "no raw control byte in the JSON")
tev = d["traceEvents"]
ev = [x for x in tev if x.get("cat") != "lost" and x["ph"] in "Xi"]
check(len(ev) == len(events), "one trace event per event", len(ev))
bad = []
for x, e in zip(ev, sorted(events, key=lambda e: e["ts"])):
    want_ts = (e["ts"] - ORIGIN) / 1000
    ok = abs(x["ts"] - want_ts) < 1e-6 and x["pid"] == e["pid"] and \
        x["tid"] == e["tid"] and x["name"] == PROBE[e["probe"]] and \
        x["args"]["cpu"] == e["cpu"]
    if "lat" in e:
        ok = ok and x["ph"] == "X" and abs(x["dur"] - e["lat"] / 1000) < 1e-6 and \
            x["cat"] == "syscall" and x["args"]["ret"] == e["ret"] and \
            x["args"]["latency_ns"] == e["lat"] and \
            x["args"]["errno"] == ("ENOENT" if e["ret"] == -2 else None)
    else:
        ok = ok and x["ph"] == "i" and x["s"] == "t" and x["cat"] == "tracepoint" and \
            x["args"]["ret"] is None and x["args"]["latency_ns"] is None
    if not ok:
        bad.append((x, e))
check(not bad, "trace events match the events", bad[:3])

# the same counts and total durations as the database holds
db = {r["probe"]: r for r in sql(T, "SELECT probe, count(*) AS n, sum(latency_ns) AS lat,"
                                    " count(latency_ns) AS timed FROM events GROUP BY probe")}
got = collections.defaultdict(lambda: [0, 0, 0])
for x in ev:
    g = got[x["name"]]
    g[0] += 1
    if x["ph"] == "X":
        g[1] += round(x["dur"] * 1000)
        g[2] += 1
want = {p: [r["n"], r["lat"] or 0, r["timed"]] for p, r in db.items()}
check(dict(got) == want, "per probe: events, summed durations = the database's", (dict(got), want))

# per thread: the file keeps time order, and complete events never overlap
# unless nested (what Perfetto and chrome://tracing need to draw a track)
by_thread = collections.defaultdict(list)
for x in ev:
    by_thread[(x["pid"], x["tid"])].append(x)
order = all(a["ts"] <= b["ts"] for xs in by_thread.values() for a, b in zip(xs, xs[1:]))
check(order and len(by_thread) == 3, "ts ordered per thread", sorted(by_thread))
overlap = [(a, b) for xs in by_thread.values() for a, b in zip(xs, xs[1:])
           if a["ph"] == "X" and b["ts"] < a["ts"] + a["dur"] and
           b["ts"] + b.get("dur", 0) > a["ts"] + a["dur"]]
check(not overlap, "complete events of a thread nest or follow", overlap[:2])

# names: process_name from the processes table, thread_name from the comm,
# each before the first event of its process or thread
meta = {(x["name"], x["pid"], x.get("tid")): (i, x["args"]["name"])
        for i, x in enumerate(tev) if x["ph"] == "M"}
first = {}
for i, x in enumerate(tev):
    if x["ph"] in "Xi" and "pid" in x:
        first.setdefault((x["pid"], None), i)
        first.setdefault((x["pid"], x["tid"]), i)
want_meta = {("process_name", 50, None): "ap\x1bp", ("process_name", 60, None): "db",
             ("thread_name", 50, 50): "ap\x1bp", ("thread_name", 50, 51): "ap\x1bp",
             ("thread_name", 60, 60): "db"}
check({k: v[1] for k, v in meta.items()} == want_meta, "process and thread names", meta)
check(all(meta[k][0] < first[(k[1], k[2])] for k in want_meta if k in meta),
      "names come before the first event")

# lost events: global instants, with --where or without
lost = [x for x in tev if x.get("cat") == "lost"]
check([(x["ph"], x["s"], x["args"]["cpu"], x["args"]["count"],
        round(x["ts"] * 1000)) for x in lost] ==
      [("i", "g", c, n, t - ORIGIN) for c, t, n in LOST] and
      lost[0]["name"] == "lost 7 events (cpu 1)", "lost events as global instants", lost)

# and a counter track of the events lost so far
cnt = [(x["name"], round(x["ts"] * 1000), x["args"]["lost"]) for x in tev if x["ph"] == "C"]
check(cnt == [("lost events", t - ORIGIN, sum(n for c, tt, n in LOST if tt <= t))
              for c, t, n in LOST], "lost events as a counter track", cnt)

# --where, and stdout
rc, out, err = run(T, "--export", "perfetto", "-", "--where", "errno = 'ENOENT'")
n = sum(1 for e in events if e.get("ret") == -2)
tev = json.loads(out)["traceEvents"]
ev = [x for x in tev if x["ph"] == "X"]
check(rc == 0 and len(ev) == n and all(x["args"]["errno"] == "ENOENT" for x in ev) and
      len([x for x in tev if x.get("cat") == "lost"]) == len(LOST),
      "--where selects the exported events, to stdout", (rc, len(ev), n, err))
names = {x["pid"] for x in tev if x["name"] == "process_name"}
check(names == {x["pid"] for x in ev}, "only the selected processes are named", names)

# several traces: one group of processes per trace, never merged
T2 = tmp + "/t2.zst"
mktrace(T2, ["header origin=%d" % ORIGIN, "probe 0 syscall:read syscall read",
             "proc existing pid=50 ppid=1 ts=%d comm=other exe=/bin/other" % ORIGIN,
             "ev ts=%d pid=50 probe=0 ret=1 lat=500" % (ORIGIN + 10),
             "lost cpu=0 ts=%d count=2" % (ORIGIN + 20), "end"])
rc, out, err = run(T, T2, "--export", "perfetto", P)
tev = json.load(open(P))["traceEvents"]
pids = collections.Counter(x["pid"] for x in tev if x["ph"] in "Xi" and "pid" in x)
pnames = {x["pid"]: x["args"]["name"] for x in tev if x["name"] == "process_name"}
check(rc == 0 and pids == {10000050: sum(1 for e in events if e["pid"] == 50),
                           10000060: sum(1 for e in events if e["pid"] == 60),
                           20000050: 1} and
      pnames == {10000050: "ap\x1bp [trace 1]", 10000060: "db [trace 1]",
                 20000050: "other [trace 2]"}, "two traces, two groups of processes",
      (rc, err, pids, pnames))
lost = [x["name"] for x in tev if x.get("cat") == "lost"]
check(lost == ["lost 7 events (trace 1, cpu 1)", "lost 3 events (trace 1, cpu 3)",
               "lost 2 events (trace 2, cpu 0)"], "lost markers name their trace", lost)

# ---- flame graph ----------------------------------------------------------------------
NS = "{http://www.w3.org/2000/svg}"
TITLE = re.compile(r"(.*) \((?:([0-9.]+[num]?s), )?(\d+) events?, ([0-9.]+)%\)")

def frames_of(raw):
    """name -> [(events, x, width, y, duration)] of every drawn frame"""
    root = ET.fromstring(raw)
    out = {}
    for g in root.find(NS + "g[@id='frames']"):
        m = TITLE.fullmatch(g.find(NS + "title").text)
        r = g.find(NS + "rect")
        out.setdefault(m.group(1), []).append(
            (int(m.group(3)), float(r.get("x")), float(r.get("width")),
             float(r.get("y")), m.group(2)))
    return out

S = tmp + "/f.svg"
rc, out, err = run(T, "--flamegraph", S)
check(rc == 0 and out == b"" and err == b"", "flamegraph exits 0 quietly", (rc, err))
raw = open(S, "rb").read()
check(not re.search(rb"[\x00-\x09\x0b-\x1f]", raw), "no raw control byte in the SVG")
frames = frames_of(raw)
total = len(events)
check(frames.get("all") == [(total, 10.0, 1180.0, frames["all"][0][3], None)],
      "root counts every event", frames.get("all"))
openat = sum(1 for e in events if e["probe"] == 257)
libc = sum(1 for e in events if e["pid"] == 60)
want = {"ap\\x1bp": sum(1 for e in events if e["pid"] == 50), "db": libc,
        "main": openat, "operator<<\"&'": openat, "open_config": openat,
        "__x64_sys_openat": openat, "do_sys_openat2": openat, "[libc.so.6]": libc,
        "syscall:openat": openat}
for name, count in want.items():
    got = frames.get(name, [])
    check(len(got) == 1 and got[0][0] == count and
          abs(got[0][2] - 1180.0 * count / total) < 0.06,
          "frame %r: count and width proportional to it" % name, (got, count))
# user frames under the comm, kernel frames above them, the probe on top
y = {k: v[0][3] for k, v in frames.items() if len(v) == 1}
check(y["all"] > y["ap\\x1bp"] > y["main"] > y["operator<<\"&'"] > y["open_config"] >
      y["__x64_sys_openat"] > y["do_sys_openat2"] > y["syscall:openat"],
      "frame order root to leaf", y)
px, pw = frames["main"][0][1:3]
cx, cw = frames["open_config"][0][1:3]
check(px <= cx and cx + cw <= px + pw + 1e-6, "child inside parent", (px, pw, cx, cw))
rc, out, err = run(T, "--flamegraph", S, "--where", "probe = 'syscall:openat'")
frames = frames_of(open(S, "rb").read())
check(rc == 0 and frames["all"][0][0] == openat and "db" not in frames,
      "--where for the flame graph", frames.get("all"))

# --stack user / kernel: only those frames between comm and probe
rc, out, err = run(T, "--flamegraph", S, "--stack", "user")
frames = frames_of(open(S, "rb").read())
check(rc == 0 and "main" in frames and "[libc.so.6]" in frames and
      "do_sys_openat2" not in frames, "--stack user", sorted(frames))
rc, out, err = run(T, "--flamegraph", S, "--stack", "kernel")
frames = frames_of(open(S, "rb").read())
check(rc == 0 and "do_sys_openat2" in frames and "main" not in frames and
      frames["all"][0][0] == total, "--stack kernel keeps every event", sorted(frames))

# --weight latency: widths proportional to summed latency, durations in titles
rc, out, err = run(T, "--flamegraph", S, "--weight", "latency")
frames = frames_of(open(S, "rb").read())
lat = sum(e.get("lat", 0) for e in events)
olat = sum(e["lat"] for e in events if e["probe"] == 257)
dlat = sum(e.get("lat", 0) for e in events if e["pid"] == 60)
check(rc == 0 and abs(frames["main"][0][2] - 1180.0 * olat / lat) < 0.06 and
      abs(frames["db"][0][2] - 1180.0 * dlat / lat) < 0.06 and
      frames["main"][0][0] == openat and frames["all"][0][4] is not None,
      "--weight latency", (frames.get("main"), olat, lat, frames["all"]))

# --format folded: the merged lines, checked against the events
def folded_want(weight, stack="both"):
    acc = collections.Counter()
    for e in events:
        path = [COMM[e["pid"]].replace("\x1b", "\\x1b")]
        if stack != "kernel" and "u" in e:
            path += [s or "[libc.so.6]" for s in reversed(SYMS[e["u"]])]
        if stack != "user" and "k" in e:
            path += list(reversed(SYMS[e["k"]]))
        path.append(PROBE[e["probe"]])
        acc[";".join(path)] += e.get("lat", 0) if weight == "latency" else 1
    return {k: v for k, v in acc.items() if v}

def folded_got(out):
    return {l.rsplit(" ", 1)[0]: int(l.rsplit(" ", 1)[1]) for l in out.decode().splitlines()}

for weight in ["count", "latency"]:
    rc, out, err = run(T, "--flamegraph", "-", "--format", "folded", "--weight", weight)
    check(rc == 0 and folded_got(out) == folded_want(weight) and
          out.decode().splitlines() == sorted(out.decode().splitlines()),
          "--format folded --weight %s" % weight, (rc, err, out[:600]))
rc, out, err = run(T, "--flamegraph", "-", "--format", "folded", "--stack", "user")
check(rc == 0 and folded_got(out) == folded_want("count", "user"), "folded --stack user",
      out[:600])
# the README's SQL recipe gives the same lines
RECIPE = ("SELECT stack || ' ' || count(*) FROM (SELECT comm"
          " || coalesce(';' || nullif(folded(ustack_id, trace_id), ''), '')"
          " || coalesce(';' || nullif(folded(kstack_id, trace_id), ''), '')"
          " || ';' || probe AS stack FROM events) GROUP BY stack")
rc2, out2, err2 = run(T, "--format", "tsv", "--sql", RECIPE)
check(rc2 == 0 and folded_got(b"\n".join(out2.splitlines()[1:])) ==
      folded_want("count"), "the README recipe", out2[:600])

# ---- errors -----------------------------------------------------------------------
def one_line_error(args, code, want_err, what, created=None):
    rc, out, err = run(*args)
    ok = rc == code and err.count(b"\n") == 1 and re.fullmatch(want_err.encode(), err)
    if created:
        ok = ok and not __import__("os").path.exists(created)
    check(ok, what, (rc, out[:200], err))

NOSTACK = tmp + "/nostack.zst"
mktrace(NOSTACK, ["header origin=%d" % ORIGIN, "probe 0 syscall:read syscall read",
                  "ev ts=%d pid=5 probe=0 ret=1 lat=10" % (ORIGIN + 1), "end"])
X = tmp + "/x.svg"
one_line_error([NOSTACK, "--flamegraph", X], 1,
               r"analyze: '.*/nostack.zst' has no stacks: record it with --stacks\n",
               "--flamegraph on a trace without stacks", X)
one_line_error([NOSTACK, "--flamegraph", X, "--stack", "kernel"], 1,
               r"analyze: '.*' has no kernel stacks: record it with --stacks=kernel\n",
               "no kernel stacks", X)
one_line_error([T, "--flamegraph", X, "--where", "probe LIKE 'tracepoint:%'"], 1,
               r"analyze: none of the \d+ selected events has a stack\n",
               "selected events without stacks", X)
T3 = tmp + "/tp.zst"
mktrace(T3, spec[:10] + ["ev ts=%d pid=50 probe=4096 ustack=2" % (ORIGIN + 1), "end"])
one_line_error([T3, "--flamegraph", X, "--weight", "latency"], 1,
               r"analyze: none of the 1 selected events has a latency \(--weight latency\)\n",
               "--weight latency without latencies", X)
one_line_error([T, "--flamegraph", X, "--where", "pid = 12345"], 1,
               r"analyze: no event matches the --where predicate\n", "empty selection", X)
one_line_error([T, "--flamegraph", X, "--where", "nosuch = 1"], 1,
               r"analyze: bad --where 'nosuch = 1': no such column: nosuch\n", "bad --where (flame graph)", X)
one_line_error([T, "--export", "perfetto", P + ".new", "--where", "nosuch = 1"], 1,
               r"analyze: bad --where 'nosuch = 1': no such column: nosuch\n", "bad --where (export)", P + ".new")
one_line_error([T, "--flamegraph", X, "--stack", "all"], 2,
               r"analyze: unknown --stack 'all' \(use user, kernel or both\) \(see 'analyze --help'\)\n", "bad --stack", X)
one_line_error([T, "--flamegraph", X, "--weight", "time"], 2,
               r"analyze: unknown --weight 'time' \(use count or latency\) \(see 'analyze --help'\)\n", "bad --weight", X)
for args in [["--export", "perfetto", tmp + "/no/such/dir.json"],
             ["--flamegraph", tmp + "/no/such/dir.svg"]]:
    one_line_error([T, *args], 1, r"analyze: cannot create '.*': No such file or directory\n",
                   "unwritable output %s" % args[0])
for args in [["--export", "perfetto", "/dev/full"], ["--flamegraph", "/dev/full"],
             ["--flamegraph", "/dev/full", "--format", "folded"]]:
    one_line_error([T, *args], 1, r"analyze: cannot write '/dev/full': No space left on device\n",
                   "full disk %s" % args)
for args in [["--where", "1", "--sql", "SELECT 1"], ["--export", "chrome", P], ["--export", "perfetto"],
             ["--stack", "user"], ["--weight", "latency"], ["--format", "folded"],
             ["--flamegraph", "--where"], ["--export", "perfetto", "-", "--flamegraph", "-"],
             ["--flamegraph", "-", "--sql", "SELECT 1"]]:
    one_line_error([T, *args], 2, r"analyze: .*\n", "usage error %s" % args)

finish()
