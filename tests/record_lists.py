# record_lists.py TESTS BUILD SCRATCH - -e lists and globs: a piece of a
# comma list without ':' keeps the kind of the one before it, a list
# starting with one names syscalls (perf trace's -e openat), and
# syscall:GLOB selects the syscalls whose names match. The oracle for a
# glob is Python's fnmatch over the recording machine's syscall table as
# the trace carries it; for a list, the same probes given one -e each.
import fnmatch, json, subprocess, sys
sys.path.insert(0, sys.argv[1])
import ktlib
from ktlib import build, tmp, check, finish

REC = build + "/record"


def record(out, *es, cmd=("cat", "/etc/hostname")):
    args = [REC, "-q", "-o", tmp + "/" + out]
    for e in es:
        args += ["-e", e]
    p = subprocess.run(args + ["--"] + list(cmd), capture_output=True, timeout=60)
    check(p.returncode == 0, "record %s" % " ".join("-e " + e for e in es), p.stderr)
    return tmp + "/" + out


def probes(trace):
    return sorted(r["probe"] for r in ktlib.sql(trace, "SELECT probe FROM probes"))


t = record("glob.zst", "syscall:open*,*stat*")
names = [r["name"] for r in ktlib.sql(t, "SELECT name FROM syscalls")]
want = sorted({"syscall:" + n for n in names
               if fnmatch.fnmatchcase(n, "open*") or fnmatch.fnmatchcase(n, "*stat*")})
check(len(want) > 4 and probes(t) == want,
      "syscall:open*,*stat* is every syscall those globs match", (probes(t), want))
got = ktlib.sql(t, "SELECT count(*) AS n FROM events WHERE probe = 'syscall:openat'")
check(got[0]["n"] >= 1, "the glob's openat calls are recorded", got)

t = record("bare.zst", "openat,close")
check(probes(t) == ["syscall:close", "syscall:openat"],
      "-e openat,close: syscalls, as perf trace", probes(t))

both = probes(record("list.zst", "syscall:%file,%net"))
apart = probes(record("apart.zst", "syscall:%file", "syscall:%net"))
check(len(both) > 20 and both == apart,
      "syscall:%file,%net is syscall:%file and syscall:%net", (both, apart))

t = record("tp.zst", "tracepoint:sched:sched_process_exec,sched_process_exit")
check(probes(t) == ["tracepoint:sched:sched_process_exec",
                    "tracepoint:sched:sched_process_exit"],
      "a tracepoint list keeps its category", probes(t))
got = ktlib.sql(t, "SELECT count(*) AS n FROM events"
                   " WHERE probe = 'tracepoint:sched:sched_process_exec'")
check(got[0]["n"] == 1, "cat's one exec is recorded", got)
finish()
