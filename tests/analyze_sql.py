# analyze_sql.py TESTS BUILD SCRATCH - the checks of tests/analyze_sql.sh,
# which runs it.
import csv, functools, io, json, math, random, re, sys
sys.path.insert(0, sys.argv[1])
import ktlib
from ktlib import tmp, mktrace, finish

check = functools.partial(ktlib.check, lines=True)

def run(args, stdin=None):
    return ktlib.run(*args, stdin=stdin)

def query(sql, fmt="json", trace=None):
    rc, out, err = run([trace or T, "--format", fmt, "--sql", sql])
    if rc != 0:
        check(False, "query failed: " + sql, err.decode(errors="replace"))
        return None
    return json.loads(out) if fmt == "json" else out

# ---- the trace --------------------------------------------------------------
ORIGIN = 7_000_000_000
LINUX_ERRNOS = {1: "EPERM", 2: "ENOENT", 3: "ESRCH", 4: "EINTR", 5: "EIO",
                9: "EBADF", 11: "EAGAIN", 12: "ENOMEM", 13: "EACCES",
                17: "EEXIST", 22: "EINVAL", 110: "ETIMEDOUT",
                111: "ECONNREFUSED"}
WORKER = "wor\x1bk\x07er\u009b\xff"     # ESC, BEL, a C1 control, bad UTF-8
rng = random.Random(1234)

def esc(s):
    """mktrace word: every byte as \\xNN"""
    b = s.encode("latin-1") if isinstance(s, str) else s
    return "".join("\\x%02x" % c for c in b)

WORKER_BYTES = b"wor\x1bk\x07er\xc2\x9b\xff"
spec = ["header origin=%d wall=1700000000000000000" % ORIGIN,
        "meta host test-host", "meta command " + esc(b"run \x1b[2J now"),
        "syscall 0 read", "syscall 257 openat"]
spec += ["errno %d %s" % kv for kv in LINUX_ERRNOS.items()]
spec += ["probe 0 syscall:read syscall read",
         "probe 257 syscall:openat syscall openat",
         "probe 4096 tracepoint:sched:sched_switch tracepoint sched:sched_switch",
         "probe 4097 uprobe:/bin/x:f uprobe /bin/x:f"]
# process story: 100 exists; forks 101; 101 execs worker; thread 102 of 101
# renames itself; 101 exits 1; 103 is killed by SIGKILL; 999 is never named
T_FORK, T_EXEC, T_COMM = ORIGIN + 1000, ORIGIN + 500_000, ORIGIN + 900_000
spec += ["proc existing pid=100 ppid=1 ts=%d comm=shell exe=/bin/sh" % ORIGIN,
         "proc fork pid=101 ppid=100 ts=%d comm=shell" % T_FORK,
         "proc fork pid=103 ppid=100 ts=%d comm=victim" % T_FORK,
         "flush"]

def comm_of(pid, tid, ts):
    if pid == 100:
        return "shell"
    if pid == 101:
        if tid == 102 and ts >= T_COMM:
            return "thr-2"
        return WORKER_BYTES.decode("utf-8", "surrogateescape") if ts >= T_EXEC else "shell"
    if pid == 103:
        return "victim"
    return None

events = []
ts = ORIGIN + 2000
procs_at = {T_EXEC: "proc exec pid=101 ts=%d comm=%s exe=/usr/bin/worker"
                    % (T_EXEC, esc(WORKER_BYTES)),
            T_COMM: "proc comm pid=101 tid=102 ts=%d comm=thr-2" % T_COMM}
frame = []
late = []	# events of 101 made before a record of 101, held for the next frame
nlate = 0
for i in range(3000):
    ts += rng.randint(50, 700)
    pid, tid = rng.choice([(100, 100), (101, 101), (101, 102), (103, 103),
                           (999, 1000)])
    probe = rng.choice([0, 0, 257, 4096, 4097])
    e = {"ts": ts, "pid": pid, "tid": tid, "probe": probe,
         "cpu": rng.randint(0, 7)}
    if probe != 4096:
        e["lat"] = int(math.exp(rng.uniform(3, 16)))
        r = rng.random()
        e["ret"] = (-rng.choice(list(LINUX_ERRNOS)) if r < 0.2 else
                    -200 if r < 0.22 else -512 if r < 0.23 else
                    rng.randint(0, 5000))
        e["args"] = [rng.getrandbits(64) for _ in range(6)]
        e["args"][0] = rng.choice([0, 1, 2**63, 2**64 - 1, e["args"][0]])
    if rng.random() < 0.1:
        e["kstack"] = 7
    events.append(e)
    frame.append(e)
    if len(frame) == 700 or i == 2999:
        lo, hi = min(f["ts"] for f in frame), max(f["ts"] for f in frame)
        placed = sorted(t for t in procs_at if lo <= t <= hi)
        # as the recorder's per-CPU batches can: 101's events from just
        # before its exec or rename come a frame after that record
        held = [x for x in frame if x["pid"] == 101 and placed and
                placed[0] - 20000 <= x["ts"] < placed[-1]] if i < 2999 else []
        frame = [x for x in frame if x not in held] + late
        late = held
        nlate += len(held)
        # one block in random order: analyze must not rely on order
        rng.shuffle(frame)
        spec.append("order raw")
        for x in frame:
            w = "ev ts=%d pid=%d tid=%d cpu=%d probe=%d" % (
                x["ts"], x["pid"], x["tid"], x["cpu"], x["probe"])
            if "ret" in x:
                w += " ret=%d lat=%d args=%s" % (x["ret"], x["lat"],
                                                  ",".join(map(str, x["args"])))
            if "kstack" in x:
                w += " kstack=7"
            spec.append(w)
        for t in placed:
            spec.append(procs_at.pop(t))
        spec.append("flush")
        frame = []
spec += ["stack 7 kernel frame=0xffffffff81000010,16,do_sys_open,kernel,\"\" "
         "frame=0xffffffff81000020,32,x64_sys_call,kernel,\"\" "
         "frame=0xffffffff81000030,0,\"\",\"\",\"\"",
         "proc exit pid=101 ts=%d status=256" % (ts + 10),
         "proc exit pid=103 ts=%d status=9" % (ts + 20),
         "lost cpu=3 ts=%d count=11" % (ts + 30),
         "end end=%d" % (ts + 100)]
T = tmp + "/t.zst"
mktrace(T, spec)
# procs_at must all have landed inside some block
check(not procs_at, "test bug: proc records not placed")
check(nlate > 0 and not late, "test bug: no event held for the next frame", nlate)

# ---- counts, ts, args, comm ----------------------------------------------------
rows = query("SELECT * FROM events ORDER BY ts_ns")
check(rows is not None and len(rows) == len(events), "event count",
      rows and len(rows))
ev_sorted = sorted(events, key=lambda e: e["ts"])
names = {0: "syscall:read", 257: "syscall:openat",
         4096: "tracepoint:sched:sched_switch", 4097: "uprobe:/bin/x:f"}
bad = []
for r, e in zip(rows or [], ev_sorted):
    want = {"ts_ns": e["ts"] - ORIGIN, "pid": e["pid"], "tid": e["tid"],
            "cpu": e["cpu"], "probe": names[e["probe"]],
            "ret": e.get("ret"), "latency_ns": e.get("lat"),
            "kstack_id": e.get("kstack"), "ustack_id": None, "trace_id": 1}
    ret = e.get("ret")
    want["errno"] = (None if ret is None or not -4095 <= ret <= -1 else
                     LINUX_ERRNOS.get(-ret, "ERESTARTSYS" if ret == -512
                                      else "errno %d" % -ret))
    for a in range(6):
        v = e["args"][a] if "args" in e else None
        want["arg%d" % a] = None if v is None else (v - 2**64 if v >= 2**63 else v)
    c = comm_of(e["pid"], e["tid"], e["ts"])
    want["comm"] = c.encode("utf-8", "surrogateescape").decode("utf-8", "replace") if c else None
    diff = {k: (r.get(k), v) for k, v in want.items() if r.get(k) != v}
    if diff:
        bad.append((e["ts"], diff))
check(not bad, "event rows differ (%d)" % len(bad), bad[:5])

# ---- percentile, median -----------------------------------------------------
def pct(vals, p):
    v = sorted(vals)
    r = p / 100 * (len(v) - 1)
    lo = math.floor(r)
    return v[lo] + (r - lo) * (v[lo + 1] - v[lo]) if lo + 1 < len(v) else v[lo]

PS = [0, 1, 25, 50, 90, 99, 99.9, 100]
sql = ("SELECT probe, count(*) AS n, median(latency_ns) AS med, " +
       ", ".join("percentile(latency_ns, %s) AS p%d" % (p, i)
                 for i, p in enumerate(PS)) +
       " FROM events GROUP BY probe ORDER BY probe")
for r in query(sql) or []:
    pid = [k for k, v in names.items() if v == r["probe"]][0]
    lats = [e["lat"] for e in events if e["probe"] == pid and "lat" in e]
    check(r["n"] == sum(1 for e in events if e["probe"] == pid),
          "count of " + r["probe"])
    if not lats:
        check(r["med"] is None and all(r["p%d" % i] is None for i in range(len(PS))),
              "percentile of no values is NULL", r)
        continue
    check(abs(r["med"] - pct(lats, 50)) <= 1e-9 * pct(lats, 50),
          "median of " + r["probe"], (r["med"], pct(lats, 50)))
    for i, p in enumerate(PS):
        want = pct(lats, p)
        check(abs(r["p%d" % i] - want) <= 1e-9 * max(1, want),
              "percentile(%s) of %s" % (p, r["probe"]), (r["p%d" % i], want))
# small exact cases, NULLs ignored, integer results stay integers
r = query("SELECT percentile(x, 50) AS a, percentile(x, 25) AS b, median(x) AS c,"
          " percentile(x, 100) AS d FROM (SELECT 1 AS x UNION ALL SELECT 2"
          " UNION ALL SELECT NULL UNION ALL SELECT 4 UNION ALL SELECT 10)")
check(r == [{"a": 3.0, "b": 1.75, "c": 3.0, "d": 10}], "percentile of 1,2,4,10", r)
for p in ["-1", "100.5", "'abc'", "NULL"]:
    rc, out, err = run([T, "--sql", "SELECT percentile(latency_ns, %s) FROM events" % p])
    lines = err.decode().splitlines()
    check(rc == 1 and len(lines) == 1 and "percentile" in lines[0] and
          lines[0].startswith("analyze: SQL error: "), "bad p=%s" % p, err)

# the extremes of a double: the interpolation never overflows to Inf
r = query("SELECT percentile(x, 50) AS a, percentile(x, 25) AS b, median(y) AS c"
          " FROM (SELECT -1e308 AS x, 1e308 AS y UNION ALL SELECT 1e308, 1e308)")
check(r == [{"a": 0.0, "b": -5e307, "c": 1e308}], "percentile of -1e308 and 1e308", r)

# exact in bounded memory: 3 M values in each of two groups go to sorted
# runs on disk; the answer is Python's, the peak RSS far below 8 bytes a
# value (2 x 3 M doubles, 48 MiB, and 175 MiB before the runs)
import subprocess
N = 3_000_000
sql = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < %d)"
       " SELECT percentile((x * 7919) %% 3000017, 50) AS a, percentile(-x, 99.9) AS b,"
       " percentile(x %% 1000, 25) AS c FROM c" % N)
r = query(sql)
big = sorted((x * 7919) % 3000017 for x in range(1, N + 1))
want = {"a": pct(big, 50), "b": pct([-x for x in range(N, 0, -1)], 99.9),
        "c": pct(sorted(x % 1000 for x in range(1, N + 1)), 25)}
del big
check(r and all(abs(r[0][k] - want[k]) <= 1e-9 * abs(want[k]) for k in want),
      "percentile of 3 M values", (r, want))
# (not under AddressSanitizer, whose quarantine keeps freed memory)
p = subprocess.run(["sh", "-c", 'command -v /usr/bin/time && ! ldd "$0" | grep -q libasan',
                    ktlib.build + "/analyze"], capture_output=True)
if p.returncode == 0:
    p = subprocess.run(["/usr/bin/time", "-f", "%M", ktlib.build + "/analyze", T,
                        "--sql", sql], capture_output=True)
    kib = int(p.stderr.split()[-1])
    check(p.returncode == 0 and kib < 64 * 1024, "percentile of 3 x 3 M values in %d KiB" % kib)

# ---- errno_name ----------------------------------------------------------------
cases = [(-n, name) for n, name in LINUX_ERRNOS.items()]
cases += [(0, None), (3, None), (-4096, None), (-4095, "errno 4095"),
          (-512, "ERESTARTSYS"), (-200, "errno 200")]
sql = "SELECT " + ", ".join("errno_name(%d) AS a%d, errno_name(%d, 1) AS b%d" %
                            (v, i, v, i) for i, (v, _) in enumerate(cases))
r = (query(sql) or [{}])[0]
for i, (v, name) in enumerate(cases):
    check(r.get("a%d" % i) == name and r.get("b%d" % i) == name,
          "errno_name(%d)" % v, (r.get("a%d" % i), r.get("b%d" % i), name))
r = query("SELECT errno_name(NULL) AS a, errno_name('x') AS b")
check(r == [{"a": None, "b": None}], "errno_name of NULL, text", r)
# the trace's table wins over this machine's: a made-up name comes through
T2 = tmp + "/t2.zst"
mktrace(T2, ["header", "errno 2 EMADEUP", "probe 0 syscall:read syscall read",
             "ev ts=1000000100 pid=5 probe=0 ret=-2 lat=5",
             "ev ts=1000000200 pid=5 probe=0 ret=-13 lat=5", "end"])
r = query("SELECT errno, errno_name(ret) AS n FROM events ORDER BY ts_ns", trace=T2)
check(r == [{"errno": "EMADEUP", "n": "EMADEUP"}, {"errno": "errno 13", "n": "errno 13"}],
      "errno names come from the trace's table", r)
# no ERRNO table in the trace: this machine's names
T3 = tmp + "/t3.zst"
mktrace(T3, ["header", "ev ts=1000000100 pid=5 probe=0 ret=-2 lat=5", "end"])
r = query("SELECT errno, probe FROM events", trace=T3)
check(r == [{"errno": "ENOENT", "probe": "unknown:0"}], "fallback errno names", r)

# ---- fmt_ns ----------------------------------------------------------------------
exact = {250: "250ns", 0: "0ns", 999: "999ns", 42000: "42.0us",
         1500000: "1.50ms", 2500000000: "2.50s", 999999: "1.00ms",
         9996: "10.0us", -1500: "-1.50us", 12345678901234: "12346s"}
vals = list(exact) + [1, 1000, 1234, 99999, 100000, 123456789, 5e9, 12.7]
sql = "SELECT " + ", ".join("fmt_ns(%s) AS f%d" % (v, i) for i, v in enumerate(vals))
r = (query(sql) or [{}])[0]
unit = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}
for i, v in enumerate(vals):
    s = r.get("f%d" % i) or ""
    m = re.fullmatch(r"(-?[0-9.]+)(ns|us|ms|s)", s)
    back = float(m.group(1)) * unit[m.group(2)] if m else float("nan")
    digits = len(m.group(1).lstrip("-").replace(".", "").lstrip("0")) if m else 0
    check(m and abs(back - v) <= max(0.5, abs(v) * 0.005) and
          (digits <= 3 or m.group(2) == "s" or abs(v) < 1000),
          "fmt_ns(%s) = %r parses back" % (v, s), back)
    if v in exact:
        check(s == exact[v], "fmt_ns(%s)" % v, (s, exact[v]))
# durations past any clock: three significant digits, as everywhere else
r = query("SELECT fmt_ns(1e300) AS a, fmt_ns(-1e300) AS b, fmt_ns(1.8446744073709552e19) AS c,"
          " fmt_ns(9e999) AS d, fmt_ns(-9e999) AS e")
check(r == [{"a": "1.00e+291s", "b": "-1.00e+291s", "c": "18446744074s",
             "d": "inf", "e": "-inf"}], "fmt_ns of huge values", r)
r = query("SELECT fmt_ns(NULL) AS a, fmt_ns('abc') AS b")
check(r == [{"a": None, "b": None}], "fmt_ns of NULL and text", r)

# ---- folded, processes, lost, meta ---------------------------------------------------
r = query("SELECT folded(7) AS f, folded(7, 1) AS g, folded(8) AS h, folded(NULL) AS i")
check(r == [{"f": "[unknown];x64_sys_call;do_sys_open",
             "g": "[unknown];x64_sys_call;do_sys_open", "h": None, "i": None}],
      "folded()", r)
r = query("SELECT pid, ppid, comm, exe, exit_code, exit_signal, exit_status"
          " FROM processes ORDER BY pid")
want = [{"pid": 100, "ppid": 1, "comm": "shell", "exe": "/bin/sh", "exit_code": None,
         "exit_signal": None, "exit_status": None},
        {"pid": 101, "ppid": 100, "comm": WORKER_BYTES.decode("utf-8", "replace"),
         "exe": "/usr/bin/worker", "exit_code": 1, "exit_signal": None, "exit_status": 256},
        {"pid": 103, "ppid": 100, "comm": "victim", "exe": None, "exit_code": 137,
         "exit_signal": 9, "exit_status": 9}]
check(r == want, "processes", r)
r = query("SELECT cpu, count FROM lost")
check(r == [{"cpu": 3, "count": 11}], "lost", r)
meta = {x["key"]: x["value"] for x in query("SELECT key, value FROM meta") or []}
for k, v in {"host": "test-host", "complete": 1, "events": len(events), "lost": 11,
             "format_version": 2, "duration_ns": ts + 100 - ORIGIN, "dropped": 0,
             "stack_errors": 0}.items():
    check(meta.get(k) == v, "meta %s" % k, (meta.get(k), v))
check(meta.get("start_wall") == "2023-11-14T22:13:27Z", "meta start_wall",
      meta.get("start_wall"))

# ---- records out of order across frames: an EXEC a frame before its FORK -------
# (the recorder's CPUs send independently): one life, named by time
T4 = tmp + "/late.zst"
mktrace(T4, ["header origin=%d" % ORIGIN, "probe 0 syscall:read syscall read",
             "proc existing pid=100 ppid=1 ts=%d comm=shell exe=/bin/sh" % ORIGIN,
             "proc exec pid=104 ts=%d comm=late-exec exe=/bin/late" % (ORIGIN + 600),
             "ev ts=%d pid=104 probe=0 ret=0 lat=5" % (ORIGIN + 700),
             "flush",
             "proc fork pid=104 ppid=100 ts=%d comm=shell" % (ORIGIN + 400),
             "ev ts=%d pid=104 probe=0 ret=0 lat=5" % (ORIGIN + 500),
             "flush",
             "proc exit pid=104 ts=%d status=0" % (ORIGIN + 800),
             "end end=%d" % (ORIGIN + 900)])
r = query("SELECT ts_ns, comm FROM events ORDER BY ts_ns", trace=T4)
check(r == [{"ts_ns": 500, "comm": "shell"}, {"ts_ns": 700, "comm": "late-exec"}],
      "events around a late FORK are named by time", r)
r = query("SELECT pid, ppid, comm, exe, start_ns, exit_ns FROM processes"
          " WHERE pid = 104", trace=T4)
check(r == [{"pid": 104, "ppid": 100, "comm": "late-exec", "exe": "/bin/late",
             "start_ns": 400, "exit_ns": 800}], "a late FORK is the same life", r)

# ---- arguments past a syscall's count are NULL (SYSARGS) -------------------------
# read takes 3, getpid none; write has no count (all six registers kept);
# a count for a number past the syscall range is harmless
T5 = tmp + "/sysargs.zst"
args = "args=1,2,3,4,5,6"
mktrace(T5, ["header origin=%d" % ORIGIN, "syscall 0 read", "syscall 1 write",
             "syscall 39 getpid", "sysargs 0 3", "sysargs 39 0", "sysargs 5000 2",
             "ev ts=%d pid=7 probe=0 ret=0 lat=5 %s" % (ORIGIN + 10, args),
             "ev ts=%d pid=7 probe=39 ret=7 lat=5 %s" % (ORIGIN + 20, args),
             "ev ts=%d pid=7 probe=1 ret=1 lat=5 %s" % (ORIGIN + 30, args),
             "ev ts=%d pid=7 probe=0 ret=0 lat=5" % (ORIGIN + 40),
             "end end=%d" % (ORIGIN + 50)])
r = query("SELECT probe, arg0, arg1, arg2, arg3, arg4, arg5 FROM events"
          " ORDER BY ts_ns", trace=T5)
n6 = {"arg%d" % i: None for i in range(6)}
want = [dict(n6, probe="syscall:read", arg0=1, arg1=2, arg2=3),
        dict(n6, probe="syscall:getpid"),
        dict(probe="syscall:write", **{"arg%d" % i: i + 1 for i in range(6)}),
        dict(n6, probe="syscall:read")]
check(r == want, "args NULL past each syscall's count", r)
r = query("SELECT nr, nargs FROM syscalls ORDER BY nr", trace=T5)
check(r == [{"nr": 0, "nargs": 3}, {"nr": 1, "nargs": None},
            {"nr": 39, "nargs": 0}], "syscalls.nargs", r)
# every event with the same registers, counts apart (the importer binds a
# column shared by a whole batch once); SYSARGS before its SYSCALL
mktrace(T5, ["header origin=%d" % ORIGIN, "sysargs 0 3", "sysargs 39 0",
             "syscall 0 read", "syscall 39 getpid",
             "ev ts=%d pid=7 probe=0 ret=0 lat=5 %s" % (ORIGIN + 10, args),
             "ev ts=%d pid=7 probe=39 ret=7 lat=5 %s" % (ORIGIN + 20, args),
             "end end=%d" % (ORIGIN + 50)])
r = query("SELECT probe, arg0, arg1, arg2, arg3, arg4, arg5 FROM events"
          " ORDER BY ts_ns", trace=T5)
check(r == want[:2], "args NULL past the count in a batch of equal registers", r)
r = query("SELECT nr, nargs FROM syscalls ORDER BY nr", trace=T5)
check(r == [{"nr": 0, "nargs": 3}, {"nr": 39, "nargs": 0}],
      "syscalls.nargs when SYSARGS comes first", r)

# ---- formats agree ----------------------------------------------------------------
sql = ("SELECT ts_ns, pid, probe, ret, errno, latency_ns, arg0, kstack_id,"
       " 1.5 AS r, NULL AS n, 'a,b \"q\"' AS s FROM events ORDER BY ts_ns")
js = query(sql)
js = js or []
cs = list(csv.reader(io.StringIO((query(sql, "csv") or b"").decode())))
ts_ = [l.split("\t") for l in (query(sql, "tsv") or b"").decode().split("\n")[:-1]]
tb = (query(sql, "table") or b"").decode().split("\n")[:-1]
cols = list(js[0].keys()) if js else []
check(cs and cs[0] == cols and ts_ and ts_[0] == cols, "csv/tsv headers",
      (cs[:1], ts_[:1]))
check(len(cs) == len(js) + 1 and len(ts_) == len(js) + 1 and len(tb) == len(js) + 2,
      "row counts: json %d, csv %d, tsv %d, table %d" % (len(js), len(cs) - 1,
                                                         len(ts_) - 1, len(tb) - 2))
def text(v):
    return "" if v is None else str(v)
mism = [(i, c) for i, row in enumerate(js) for j, c in enumerate(cols)
        if text(row[c]) != cs[i + 1][j] or text(row[c]) != ts_[i + 1][j]]
check(not mism, "json, csv and tsv values agree", mism[:5])
check(len(tb) > 2 and tb[2].endswith('1.5  NULL  a,b "q"'),
      "table shows NULL", tb[2] if len(tb) > 2 else tb)
check(query("SELECT 1 AS x WHERE 0") == [], "empty json result is []")
# CSV: a backslash is escaped like the control characters it could be
# mistaken for, so \x1b in a field was ESC and \\x1b the four characters
rc, out, err = run([T, "--format", "csv", "--sql",
                    "SELECT char(27) || 'a\\x1b' AS v, 'c:\\dir' AS w"])
check(rc == 0 and out == b"v,w\n\\x1ba\\\\x1b,c:\\\\dir\n", "csv escapes backslashes", out)
# a query that fails on its first step prints no header, in any format
for fmt in ["csv", "tsv", "table", "json"]:
    rc, out, err = run([T, "--format", fmt, "--sql", "SELECT abs(-9223372036854775807 - 1) AS x"])
    check(rc == 1 and out == b"" and b"integer overflow" in err,
          "failed query prints no header (%s)" % fmt, (rc, out, err))

# ---- control characters never leave raw -----------------------------------------
ctl = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")
sqls = ["SELECT comm, probe FROM events", "SELECT * FROM processes",
        "SELECT * FROM meta", "SELECT comm AS \"c\x1bh\" FROM events LIMIT 1"]
for fmt in ["table", "csv", "json", "tsv"]:
    for s in sqls:
        rc, out, err = run([T, "--format", fmt, "--sql", s])
        m = ctl.search(out or b"")
        check(rc == 0 and out and not m, "raw control byte in %s output of %s" % (fmt, s),
              out[max(0, m.start() - 20):m.end() + 20] if m else "")
rc, out, err = run([T])
check(rc == 0 and not ctl.search(out) and b"worker" not in out and
      b"wor\\x1bk\\x07er" in out, "report escapes comm", out[:3000])
r = query("SELECT DISTINCT comm FROM events WHERE pid = 101 AND tid = 101"
          " AND comm <> 'shell'")
check(r == [{"comm": WORKER_BYTES.decode("utf-8", "replace")}],
      "json keeps ESC and BEL as \\u escapes", r)

# ---- the report's probe table: counts from here, times as the SQL functions --------
rc, out, err = run([T])
lines = out.decode(errors="replace").split("\n")
start = lines.index("probes by total time") + 3 if "probes by total time" in lines else len(lines)
rep = {}
for l in lines[start:]:
    if not l.strip():
        break
    f = l.split()
    rep[f[0]] = f[1:]
sql = ("SELECT probe, count(*), sum(ret BETWEEN -4095 AND -1),"
       " coalesce(fmt_ns(sum(latency_ns)), '-'), coalesce(fmt_ns(percentile(latency_ns, 50)), '-'),"
       " coalesce(fmt_ns(percentile(latency_ns, 90)), '-'), coalesce(fmt_ns(percentile(latency_ns, 99)), '-'),"
       " coalesce(fmt_ns(max(latency_ns)), '-') FROM events GROUP BY probe")
want = {r[0]: [str(x) for x in r[1:]] for r in
        csv.reader(io.StringIO((query(sql, "csv") or b"").decode()))}
want.pop("probe", None)
check(rc == 0 and len(rep) == 4 and rep == {k: [v[0], v[1] if v[1] else "0"] + v[2:]
                                            for k, v in want.items()},
      "report probe table = SQL percentile()", (rep, want))
for name, pid in [("syscall:read", 0), ("tracepoint:sched:sched_switch", 4096)]:
    n = sum(1 for e in events if e["probe"] == pid)
    errs = sum(1 for e in events if e["probe"] == pid and -4095 <= e.get("ret", 0) <= -1)
    check(rep.get(name, [None, None])[:2] == [str(n), str(errs)], "report counts of " + name,
          (rep.get(name), n, errs))

# ---- user SQL: errors, several statements, stdin -------------------------------------
rc, out, err = run([T, "--sql", "SELECT * FROM nosuch"])
check(rc == 1 and out == b"" and
      err == b"analyze: SQL error: no such table: nosuch\n", "bad SQL", err)
rc, out, err = run([T, "--format", "csv", "--sql", "SELECT 1 AS a; -- c\n;SELECT 2 AS b"])
check(rc == 0 and out == b"a\n1\nb\n2\n", "two statements", out)
rc, out, err = run([T, "--format", "csv", "--sql", "SELECT 1 AS a; SELECT x FROM nosuch; SELECT 3"])
check(rc == 1 and out == b"a\n1\n" and err.count(b"\n") == 1 and b"nosuch" in err,
      "stop at the first error", (out, err))
rc, out, err = run([T, "--format", "csv", "--sql"], b"SELECT 1 AS a;\nSELECT\n 2 AS b;\nSELECT 3 AS c")
check(rc == 0 and out == b"a\n1\nb\n2\nc\n3\n", "--sql last reads stdin", (out, err))
rc, out, err = run(["--sql", "--format", "csv", T], b"SELECT count(*) AS n FROM events;")
check(rc == 0 and out == b"n\n%d\n" % len(events), "--sql before an option reads stdin",
      (out, err))
rc, out, err = run([T, "--format", "csv", "--sql"], b"SELECT 1 AS a;\nSELECT * FROM nosuch;\nSELECT 2;\n")
check(rc == 1 and out == b"a\n1\n" and b"no such table: nosuch" in err,
      "a script stops at its first error", (out, err))
rc, out, err = run([T, "--format=csv", "--sql=SELECT 5 AS v"])
check(rc == 0 and out == b"v\n5\n", "--sql=QUERY", (out, err))
# a query file that opens with a comment line, as `--sql "$(cat q.sql)"`
rc, out, err = run([T, "--format", "csv", "--sql", "-- a comment\nSELECT 6 AS v"])
check(rc == 0 and out == b"v\n6\n", "--sql QUERY opening with a -- comment", (out, err))

# ---- usage errors exit 2 ------------------------------------------------------------
for args in [["--bogus", T], [T, "--format", "xml"], [], ["--sql", "SELECT 1"],
             [T, "--db"], ["-", "--sql"]]:
    rc, out, err = run(args)
    check(rc == 2 and err.startswith(b"analyze: ") and out == b"",
          "usage error %s" % args, (rc, err))
rc, out, err = run(["--help"])
check(rc == 0 and b"Usage:" in out, "--help")

finish()
