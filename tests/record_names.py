# record_names.py TESTS BUILD SCRATCH - see record_names.sh.
#
# record forks a child (named record) that execs sh; sh forks children
# (named sh) that exec python3, one of which sh execs itself into at the
# end; each python3 writes its pid and /proc/self/comm. A child killed by
# SIGKILL and an exit code of 3 give the exit instants something to say.
import json, subprocess, sys
sys.path.insert(0, sys.argv[1])
from ktlib import build, tmp, check, finish

TESTS = sys.argv[1]
T, DB, J, OUT = tmp + "/t.zst", tmp + "/t.db", tmp + "/t.json", tmp + "/comm.txt"
probe = "/usr/bin/python3 %s/comm_probe.py %s" % (TESTS, OUT)
cmd = ("%s; %s; sh -c 'kill -9 $$'; sh -c 'exit 3'; exec %s"
       % (probe, probe, probe))
p = subprocess.run([build + "/record", "-q", "-o", T, "--", "sh", "-c", cmd],
                   capture_output=True, text=True, timeout=120)
check(p.returncode == 0, "record the workload", p.stderr)
p = subprocess.run([build + "/analyze", "-q", T, "--db", DB, "--export",
                    "perfetto", J], capture_output=True, text=True, timeout=120)
check(p.returncode == 0 and p.stderr == "", "--db and --export", p.stderr)


def sqlite(query):
    out = subprocess.run(["sqlite3", "-readonly", "-separator", "|", DB, query],
                         capture_output=True, text=True, check=True).stdout
    return [line.split("|") for line in out.splitlines()]


proc = {}                                   # pid -> comm after its exec
for line in open(OUT):
    pid, comm = line.split()
    proc[int(pid)] = comm
check(len(proc) == 3 and set(proc.values()) == {"python3"}, "three probes ran", proc)

# 1. the execve event carries the name of the image it started
for pid, comm in proc.items():
    got = sqlite("SELECT comm FROM events WHERE pid = %d AND probe ="
                 " 'syscall:execve' AND ret = 0 ORDER BY ts_ns DESC LIMIT 1" % pid)
    check(got == [[comm]], "pid %d's execve is named %s" % (pid, comm), got)
found = {int(r[0]) for r in sqlite("SELECT pid FROM events WHERE comm = 'python3'"
                                   " AND probe = 'syscall:execve' AND ret = 0")}
check(set(proc) <= found, "WHERE comm = 'python3' finds each python3's execve",
      (found, proc))
# every successful execve is named as its process after it
bad = sqlite("SELECT e.pid, e.comm, p.comm FROM events AS e JOIN processes AS p"
             " ON p.pid = e.pid AND e.ts_ns >= p.start_ns WHERE e.probe ="
             " 'syscall:execve' AND e.ret = 0 AND e.ts_ns = (SELECT max(ts_ns)"
             " FROM events WHERE pid = e.pid AND probe = 'syscall:execve'"
             " AND ret = 0) AND e.comm IS NOT p.comm")
check(bad == [], "each last execve named as processes.comm", bad)

# 2. Perfetto: thread names after exec, forks, exits, no thread "record"
tev = json.load(open(J))["traceEvents"]
threads = {x["tid"]: x["args"]["name"] for x in tev
           if x["ph"] == "M" and x["name"] == "thread_name"}
for pid, comm in proc.items():
    check(threads.get(pid) == comm, "thread %d named %s as /proc says" % (pid, comm),
          threads.get(pid))
lives = {int(r[0]): r[1] for r in sqlite("SELECT pid, comm FROM processes")}
check(all(threads.get(pid) == c for pid, c in lives.items() if pid in threads),
      "main threads named as processes.comm", (threads, lives))
check("record" not in threads.values(), "no thread keeps the name record", threads)

flows = {}
for x in tev:
    if x.get("cat") == "fork":
        flows.setdefault(x["id"], {})[x["ph"]] = x
forks = {(int(r[0]), int(r[1])) for r in sqlite(
    "SELECT ppid, pid FROM proc_events WHERE what = 'fork'")}
got = {(f["s"]["pid"], f["f"]["pid"]) for f in flows.values() if "s" in f and "f" in f}
check(got == {(pp, c) for pp, c in forks if pp in lives and c in lives},
      "a flow per fork, parent to child", (got, forks))
check(all(f["s"]["ts"] <= f["f"]["ts"] for f in flows.values()),
      "flows go forward in time")

exits = {}
for x in tev:
    if x.get("cat") == "exit":
        exits[x["pid"]] = x["name"]
want = {}
for pid, st in sqlite("SELECT pid, exit_status FROM proc_events WHERE what = 'exit'"):
    st = int(st)
    want[int(pid)] = ("exit %d" % (st >> 8)) if not st & 0x7f else \
        "killed by SIGKILL" if st & 0x7f == 9 else "signal"
check(exits == want, "an instant per exit", (exits, want))
check("killed by SIGKILL" in exits.values() and "exit 3" in exits.values(),
      "the killed child and exit 3", exits)
finish()
