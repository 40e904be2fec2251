# report_procs.py TESTS BUILD SCRATCH - see report_procs.sh.
#
# The workload is `sh -c 'python3 cpu_burner.py 0.3 FILE; sleep 0.2'`: sh
# waits in wait4 for both children, python burns 0.3 s of CPU in few
# syscalls, sleep sleeps 0.2 s in one. Ranked by the time of their calls,
# sleep came before python; by wall time python comes first, and its cpu
# column is what the process itself read from CLOCK_PROCESS_CPUTIME_ID.
import os, subprocess, sys
sys.path.insert(0, sys.argv[1])
from ktlib import build, tmp, check, finish

TESTS = sys.argv[1]
T, DB, CPU = tmp + "/t.zst", tmp + "/t.db", tmp + "/cpu.txt"


def fmt_ns(ns):
    """fmt_ns as analyze.1 documents it: three significant digits."""
    if abs(ns) < 999.5:
        return "%.0fns" % ns
    for unit, scale in (("us", 1e3), ("ms", 1e6), ("s", 1e9)):
        v = ns / scale
        for lim, prec in ((9.995, 2), (99.95, 1), (999.5, 0)):
            if abs(v) < lim or (unit == "s" and prec == 0):
                return "%.*f%s" % (prec, v, unit)


def parse_ns(text):
    for unit, scale in (("ns", 1), ("us", 1e3), ("ms", 1e6), ("s", 1e9)):
        if text.endswith(unit) and text[:-len(unit)].replace(".", "").isdigit():
            return float(text[:-len(unit)]) * scale
    raise ValueError(text)


def sqlite(query):
    """Rows of query, by the stock sqlite3 shell on the --db file."""
    out = subprocess.run(["sqlite3", "-readonly", "-separator", "|", DB, query],
                         capture_output=True, text=True, check=True).stdout
    return [line.split("|") for line in out.splitlines()]


def section(text, title):
    """The rows of a report section, split at runs of blanks."""
    lines = text.split("\n")
    i = lines.index(title) + 3              # title, header, dashes
    rows = []
    while i < len(lines) and lines[i].strip():
        rows.append([c for c in lines[i].split() if c])
        i += 1
    return rows


def analyze(*args):
    p = subprocess.run([build + "/analyze", "-q", *args], capture_output=True,
                       text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


cmd = "/usr/bin/python3 %s/cpu_burner.py 0.3 %s; sleep 0.2" % (TESTS, CPU)
p = subprocess.run([build + "/record", "-q", "-o", T, "--", "sh", "-c", cmd],
                   capture_output=True, text=True, timeout=120)
check(p.returncode == 0, "record the workload", p.stderr)
rc, report, err = analyze(T, "--db", DB)
check(rc == 0 and err == "", "report and --db", err)

# 1. processes by wall time
rows = section(report, "processes by wall time")
lives = sqlite("SELECT pid, comm, exit_ns - start_ns, cpu_ns FROM processes"
               " ORDER BY exit_ns - start_ns DESC, pid")
want = [[pid, comm, fmt_ns(int(wall))] for pid, comm, wall, cpu in lives][:15]
check([r[:3] for r in rows] == want, "processes ranked by exit_ns - start_ns",
      (rows, want))
order = [r[1] for r in rows]
check("python3" in order and "sleep" in order and
      order.index("python3") < order.index("sleep"),
      "the CPU-bound child before the sleeper", order)
py = [r for r in rows if r[1] == "python3"]
own = int(open(CPU).read())
if py:
    check(abs(parse_ns(py[0][3]) - own) <= max(5e6, own * 0.006),
          "python's cpu column within 5 ms of its CLOCK_PROCESS_CPUTIME_ID",
          (py[0], own))
    db_cpu = [int(c) for pid, comm, wall, c in lives if pid == py[0][0]]
    check(db_cpu and abs(db_cpu[0] - own) <= 5e6,
          "processes.cpu_ns within 5 ms of CLOCK_PROCESS_CPUTIME_ID",
          (db_cpu, own))

# 2. --histogram PROBE: each bucket's count is sqlite3's count of its rows
bounds = {}
for b in range(0, 64):
    lo, hi = (0, 0) if b == 0 else (1 << (b - 1), (1 << b) - 1)
    bounds[(fmt_ns(lo), fmt_ns(hi))] = (lo, hi)


def histograms(text):
    """{probe: [(from, to, count)]} of the report's histograms."""
    out, cur = {}, None
    for line in text.split("\n"):
        if line.startswith("latency of "):
            cur = out.setdefault(line[11:], [])
        elif cur is not None and " -> " in line and "|" in line:
            f, rest = line.split(" -> ")
            t, rest = rest.split(":", 1)
            if f.strip() != "from":
                cur.append((f.strip(), t.strip(), int(rest.split()[0])))
    return out


for where in [None, "pid = %s" % (py[0][0] if py else 0)]:
    args = [T, "--histogram", "syscall:read", "--histogram", "syscall:*stat*"]
    args += ["--where", where] if where else []
    rc, out, err = analyze(*args)
    check(rc == 0 and err == "", "--histogram, where %s" % where, err)
    hists = histograms(out)
    names = [r[0] for r in sqlite(
        "SELECT probe FROM events WHERE latency_ns IS NOT NULL AND"
        " (probe = 'syscall:read' OR probe GLOB 'syscall:*stat*')%s"
        " GROUP BY probe ORDER BY probe" % (" AND " + where if where else ""))]
    check(sorted(hists) == names, "histograms of the probes named", (hists, names))
    for probe, buckets in hists.items():
        for f, t, n in buckets:
            lo, hi = bounds.get((f, t), (-1, -1))
            check(lo >= 0, "bucket bounds %s -> %s are a log2 bucket's" % (f, t))
            got = int(sqlite("SELECT count(*) FROM events WHERE probe = '%s'"
                             " AND latency_ns BETWEEN %d AND %d%s" %
                             (probe, lo, hi, " AND " + where if where else ""))[0][0])
            check(got == n, "%s %s..%s: %d, sqlite3 counts %d" % (probe, f, t, n, got))
        total = int(sqlite("SELECT count(*) FROM events WHERE probe = '%s' AND"
                           " latency_ns IS NOT NULL%s" %
                           (probe, " AND " + where if where else ""))[0][0])
        check(sum(n for f, t, n in buckets) == total,
              "%s: the buckets hold every call" % probe)
check("syscall:read" in hists, "the workload read")

# a name no probe has: one line, non-zero exit, nothing on stdout
rc, out, err = analyze(T, "--histogram", "syscall:nosuch")
check(rc != 0 and out == "" and err.count("\n") == 1 and "nosuch" in err,
      "--histogram of a probe not in the trace", (rc, out, err))
rc, out, err = analyze(T, "--histogram", "syscall:read", "--sql", "SELECT 1")
check(rc != 0 and err.count("\n") == 1, "--histogram with --sql", err)
finish()
