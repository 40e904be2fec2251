# analyze_extension.py TESTS BUILD SCRATCH - ktrail.so, the SQL functions as
# a loadable SQLite extension, loaded by programs that are not ours: the
# stock sqlite3 shell (.load, then README's sample queries from
# samples/queries/) and Python's sqlite3 (Connection.load_extension), on an
# `analyze --db` file. Every expected value is computed here from the
# trace's content: percentiles with Python's statistics.quantiles
# ("inclusive" is numpy's linear method), errno names from the trace's own
# table, folded stacks from the frames given, durations by the rule
# fmt_ns documents.
import glob, json, os, random, statistics, subprocess, sys
sys.path.insert(0, sys.argv[1])
import ktlib
from ktlib import build, tmp, check, finish, mktrace

SO = build + "/ktrail.so"
LOAD = os.path.splitext(SO)[0]         # .load derives the entry point
QUERIES = os.path.join(os.path.dirname(sys.argv[1].rstrip("/")), "samples",
                       "queries")
ORIGIN = 5_000_000_000
rng = random.Random(99)

# ---- a trace with known content ---------------------------------------------
ERRNOS = {2: "ENOENT", 13: "EACCES", 200: "EODDONE"}   # 200: only this trace
USTACKS = {1: ["main", "load_config", "open_file"],        # root first
           2: ["main", "scan;dir", None]}                   # ';' and no symbol
spec = ["header origin=%d wall=1700000000000000000" % ORIGIN,
        "meta host ext-host", "syscall 0 read", "syscall 257 openat"]
spec += ["errno %d %s" % kv for kv in ERRNOS.items()]
spec += ["probe 0 syscall:read syscall read",
         "probe 257 syscall:openat syscall openat",
         "proc existing pid=100 ppid=1 ts=%d comm=app exe=/bin/app" % ORIGIN]
events = []
for i in range(400):
    probe = 257 if i % 3 == 0 else 0
    lat = int(rng.lognormvariate(9, 2)) + 1
    r = rng.random()
    ret = -2 if r < 0.1 else -13 if r < 0.15 else -200 if r < 0.17 else \
        -201 if r < 0.18 else rng.randint(0, 100)
    ev = {"ts": ORIGIN + 1000 * (i + 1), "probe": probe, "lat": lat, "ret": ret,
          "ustack": 1 + i % 2 if probe == 257 else None}
    events.append(ev)
    spec.append("ev ts=%d pid=100 probe=%d ret=%d lat=%d%s" % (
        ev["ts"], probe, ret, lat,
        " ustack=%d" % ev["ustack"] if ev["ustack"] else ""))
for sid, syms in USTACKS.items():
    frames = ["frame=0x%x,%d,%s,/bin/app,\"\"" % (0x401000 + 16 * d, d,
                                                 s if s else '""')
              for d, s in enumerate(reversed(syms))]          # depth 0 = leaf
    spec.append("stack %d user pid=100 %s" % (sid, " ".join(frames)))
spec.append("end end=%d" % (ORIGIN + 1000 * 500))
TRACE, DB = tmp + "/t.zst", tmp + "/t.db"
mktrace(TRACE, spec)
rc, out, err = ktlib.run(TRACE, "--db", DB, "--sql", "SELECT 1")
assert rc == 0, err


def fmt_ns(ns):
    """fmt_ns as analyze.1 documents it: three significant digits, ns below
    1000, then us, ms, s (never larger)."""
    if abs(ns) < 999.5:
        return "%.0fns" % ns
    for unit, scale in (("us", 1e3), ("ms", 1e6), ("s", 1e9)):
        v = ns / scale
        for lim, prec in ((9.995, 2), (99.95, 1), (999.5, 0)):
            if abs(v) < lim or (unit == "s" and prec == 0):
                return "%.*f%s" % (prec, v, unit)
    raise AssertionError(ns)


def pct(values, p):
    v = sorted(values)
    if p == 50:
        return statistics.median(v)
    return statistics.quantiles(v, n=100, method="inclusive")[p - 1]


def folded(sid):
    return ";".join(s.replace(";", ":") if s else "[app]" for s in USTACKS[sid])


by_probe = {}
for e in events:
    by_probe.setdefault("syscall:openat" if e["probe"] == 257 else "syscall:read",
                        []).append(e)


def sqlite3(*cmds, load=True):
    """The stock sqlite3 shell in json mode: (status, rows of the last
    statement that printed any, stderr)."""
    args = ["sqlite3", "-json", "-bail", DB] + ([".load " + LOAD] if load else [])
    p = subprocess.run(args + list(cmds), capture_output=True, timeout=60,
                       stdin=subprocess.DEVNULL)
    text = p.stdout.decode().strip()
    rows = json.loads(text[text.rfind("\n[") + 1:] if "\n[" in text else text) \
        if text else []
    return p.returncode, rows, p.stderr.decode()


# ---- what the library is ----------------------------------------------------
needed = subprocess.run(["readelf", "-d", SO], capture_output=True).stdout.decode()
check("libbpf" not in needed and "libsqlite3" not in needed,
      "ktrail.so needs neither libbpf nor a libsqlite3 of its own", needed)
syms = subprocess.run(["nm", "-D", "--defined-only", SO],
                      capture_output=True).stdout.decode().split()
check("sqlite3_ktrail_init" in syms, "the entry point is sqlite3_ktrail_init", syms)

# ---- the stock sqlite3 shell -----------------------------------------------
rc, rows, err = sqlite3("SELECT median(latency_ns) FROM events", load=False)
check(rc != 0 and "no such function: median" in err,
      "without .load, sqlite3 has no median()", (rc, err))

rc, rows, err = sqlite3("SELECT 1 AS one")
check(rc == 0 and err == "", "sqlite3 loads ktrail.so and closes cleanly", err)

rc, rows, err = sqlite3(".read " + QUERIES + "/latency_by_probe.sql")
want = sorted(({"probe": p, "calls": len(ev),
                "total": fmt_ns(sum(e["lat"] for e in ev)),
                "p50": fmt_ns(pct([e["lat"] for e in ev], 50)),
                "p99": fmt_ns(pct([e["lat"] for e in ev], 99))}
               for p, ev in by_probe.items()),
              key=lambda r: -sum(e["lat"] for e in by_probe[r["probe"]]))
check(rc == 0 and rows == want, "latency_by_probe.sql in sqlite3", (rows, want, err))

rc, rows, err = sqlite3(".read " + QUERIES + "/slowest_files.sql")
opens = sorted(by_probe["syscall:openat"], key=lambda e: -e["lat"])[:10]
check(rc == 0 and [r["took"] for r in rows] == [fmt_ns(e["lat"]) for e in opens],
      "slowest_files.sql in sqlite3", (rows, err))

rc, rows, err = sqlite3(".read " + QUERIES + "/flame_folded.sql")
want = sorted("%s %d" % (folded(s), sum(1 for e in events if e["ustack"] == s))
              for s in USTACKS)
got = sorted(next(iter(r.values())) for r in rows)
check(rc == 0 and got == want, "flame_folded.sql in sqlite3", (got, want, err))

rc, rows, err = sqlite3(".read " + QUERIES + "/errors_by_probe.sql")
check(rc == 0 and sum(r["calls"] for r in rows) ==
      sum(1 for e in events if e["ret"] < 0), "errors_by_probe.sql in sqlite3",
      (rows, err))

for q in sorted(glob.glob(QUERIES + "/*.sql")):
    rc, rows, err = sqlite3(".read " + q)
    check(rc == 0 and err == "", "every sample query runs in sqlite3: " + q, err)

rc, rows, err = sqlite3(
    "SELECT errno_name(-2) AS a, errno_name(-200, 1) AS b,"
    " errno_name(-201) AS c, errno_name(5) AS d, percentile(latency_ns, 90) AS p"
    " FROM events WHERE probe = 'syscall:read'")
want = [{"a": "ENOENT", "b": "EODDONE", "c": "errno 201", "d": None,
         "p": pct([e["lat"] for e in by_probe["syscall:read"]], 90)}]
check(rc == 0 and rows[0]["p"] == rows[0]["p"] and
      {k: v for k, v in rows[0].items() if k != "p"} ==
      {k: v for k, v in want[0].items() if k != "p"} and
      abs(rows[0]["p"] - want[0]["p"]) < 1e-6,
      "errno_name from the trace's table, percentile(x, 90)", (rows, want))
rc, rows, err = sqlite3("SELECT percentile(latency_ns, 101) FROM events")
check(rc != 0 and "percentile" in err, "a bad P is an SQL error", (rc, err))

# ---- Python's sqlite3 -------------------------------------------------------
import sqlite3 as pysqlite
con = pysqlite.connect(DB)
con.enable_load_extension(True)
con.load_extension(SO)
con.enable_load_extension(False)
got = con.execute("SELECT probe, median(latency_ns), fmt_ns(max(latency_ns)),"
                  " count(DISTINCT errno_name(ret, trace_id))"
                  " FROM events GROUP BY probe ORDER BY probe").fetchall()
want = [(p, pct([e["lat"] for e in ev], 50), fmt_ns(max(e["lat"] for e in ev)),
         len({e["ret"] for e in ev if e["ret"] < 0}))
        for p, ev in sorted(by_probe.items())]
check(got == want, "Python's sqlite3 runs the functions", (got, want))
got = con.execute("SELECT folded(1), folded(2, 1), folded(99)").fetchone()
check(got == (folded(1), folded(2), None), "folded() in Python", got)
con.close()
for t in range(2):                      # twice on one connection, then closed
    con = pysqlite.connect(DB)
    con.enable_load_extension(True)
    con.load_extension(SO)
    con.load_extension(SO)
    got = con.execute("SELECT errno_name(-13)").fetchone()
    check(got == ("EACCES",), "loading twice replaces the functions", got)
    con.close()
finish()
