# analyze_report.py TESTS BUILD SCRATCH - the summary report's percentiles
# and top errors, against values computed here from the trace's content
# (Python's statistics.quantiles, "inclusive" = numpy's linear method).
#
# The report keeps latencies in memory up to a budget and past it finds
# the same ranks by counting (values under 4096 ns) and by narrowing value
# ranges over more scans (analyzer/ranks.c). KTRAIL_LATENCY_BUDGET makes
# the budget small enough to take every path on a small trace; every
# budget must print the same, exact, report. The latencies are spaced 2%
# apart, so a rank off by one shows in fmt_ns's three digits.
import os, random, statistics, subprocess, sys
sys.path.insert(0, sys.argv[1])
import ktlib
from ktlib import build, tmp, check, finish, mktrace

ORIGIN = 9_000_000_000
rng = random.Random(17)
ERRNOS = {2: "ENOENT", 13: "EACCES", 4: "EINTR"}


def ladder(lo, hi):
    """Values from lo to hi, each 2% above the one before."""
    v, out = float(lo), []
    while v <= hi:
        out.append(int(v))
        v *= 1.02
    return out


# probe -> latencies (each value 1 to 3 times, shuffled)
lat = {
    0: ladder(50, 4000),                 # all under 4096: counted one by one
    1: ladder(5000, 2 ** 40),            # wide: several narrowing scans
    3: ladder(100, 10 ** 7),             # across the 4096 boundary
    9: [777],                            # a single call
}
for p in lat:
    lat[p] = [v for v in lat[p] for _ in range(rng.randint(1, 3))]
    rng.shuffle(lat[p])
lat[3] += [4096] * 300 + [4095] * 200    # long runs of one value
NAMES = {0: "read", 1: "openat", 3: "futex", 9: "getpid"}

spec = ["header origin=%d wall=1700000000000000000" % ORIGIN,
        "meta host report-host"]
spec += ["syscall %d %s" % (p, n) for p, n in NAMES.items()]
spec += ["errno %d %s" % kv for kv in ERRNOS.items()]
spec += ["probe %d syscall:%s syscall %s" % (p, n, n) for p, n in NAMES.items()]
spec += ["proc existing pid=100 ppid=1 ts=%d comm=app exe=/bin/app" % ORIGIN]
events, ts = [], ORIGIN
for p, vals in lat.items():
    for v in vals:
        ts += 1000
        r = rng.random()
        ret = -2 if r < 0.05 else -13 if r < 0.07 else -4 if r < 0.08 else \
            -300 if r < 0.085 else 0
        events.append((ts, p, ret, v))
rng.shuffle(events)
events.sort()
for i, (t, p, ret, v) in enumerate(events):
    spec.append("ev ts=%d pid=100 probe=%d ret=%d lat=%d" % (t, p, ret, v))
    if i % 1000 == 999:
        spec.append("flush")
spec.append("end end=%d" % (ts + 1000))
T = tmp + "/t.zst"
mktrace(T, spec)


def fmt_ns(ns):
    """fmt_ns as analyze.1 documents it: three significant digits."""
    if abs(ns) < 999.5:
        return "%.0fns" % ns
    for unit, scale in (("us", 1e3), ("ms", 1e6), ("s", 1e9)):
        v = ns / scale
        for lim, prec in ((9.995, 2), (99.95, 1), (999.5, 0)):
            if abs(v) < lim or (unit == "s" and prec == 0):
                return "%.*f%s" % (prec, v, unit)


def pct(values, p):
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(sorted(values), n=100, method="inclusive")[p - 1]


want_probes = {}
for p, vals in lat.items():
    want_probes["syscall:" + NAMES[p]] = [
        str(len(vals)), str(sum(1 for e in events if e[1] == p and e[2] < 0)),
        fmt_ns(sum(vals)), fmt_ns(pct(vals, 50)), fmt_ns(pct(vals, 90)),
        fmt_ns(pct(vals, 99)), fmt_ns(max(vals))]
errs = {}
for t, p, ret, v in events:
    if ret < 0:
        k = (ERRNOS.get(-ret, "errno %d" % -ret), "syscall:" + NAMES[p])
        errs[k] = errs.get(k, 0) + 1
want_errors = sorted(([e, pr, str(n)] for (e, pr), n in errs.items()),
                     key=lambda r: (-int(r[2]), r[0], r[1]))[:10]


def section(text, title):
    """The rows of a report section, split at runs of blanks."""
    lines = text.split("\n")
    i = lines.index(title) + 3              # title, header, dashes
    rows = []
    while i < len(lines) and lines[i].strip():
        rows.append(lines[i].split("  "))
        rows[-1] = [c.strip() for c in rows[-1] if c.strip()]
        i += 1
    return rows


reports = {}
for budget in ["", "0", "3", "40", "2000"]:
    env = dict(os.environ, KTRAIL_LATENCY_BUDGET=budget)
    p = subprocess.run([build + "/analyze", T], capture_output=True, env=env,
                       timeout=120)
    out = p.stdout.decode()
    check(p.returncode == 0 and p.stderr == b"", "report, budget %r" % budget,
          p.stderr)
    reports[budget] = out
    got = {r[0]: r[1:] for r in section(out, "probes by total time")}
    check(got == want_probes, "exact percentiles, budget %r" % budget,
          (got, want_probes))
    got = section(out, "top errors")
    check(got == want_errors, "top errors, budget %r" % budget, (got, want_errors))
check(len(set(reports.values())) == 1, "every budget prints the same report")
finish()
