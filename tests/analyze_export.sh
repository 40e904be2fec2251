#!/bin/bash
# analyze_export.sh BUILD - --export perfetto and --flamegraph, checked
# against the events of a synthetic trace: the JSON is parsed by Python,
# the SVG by an XML parser, and every count and time is compared with
# what was written.
build=$(cd "${1:-build}" 2>/dev/null && pwd)
for bin in "$build/analyze" "$build/tests/mktrace"; do
	if [ ! -x "$bin" ]; then
		echo "skip: $bin is not built"
		exit 2
	fi
done
if ! command -v python3 > /dev/null; then
	echo "skip: python3 is missing"
	exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
exec python3 - "$build" "$tmp" <<'PY'
import json, re, subprocess, sys, xml.etree.ElementTree as ET

build, tmp = sys.argv[1], sys.argv[2]
passed = failed = 0

def check(cond, what, context=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)
        if context != "":
            print("  " + str(context)[:1500])

def run(*args):
    p = subprocess.run([build + "/analyze", *args], capture_output=True, timeout=60)
    return p.returncode, p.stdout, p.stderr

ORIGIN = 3_000_000_000
spec = ["header origin=%d" % ORIGIN, "errno 2 ENOENT",
        "probe 0 syscall:read syscall read", "probe 257 syscall:openat syscall openat",
        "probe 4096 tracepoint:sched:sched_switch tracepoint sched:sched_switch",
        "proc existing pid=50 ppid=1 ts=%d comm=ap\\x1bp exe=/bin/app" % ORIGIN,
        "proc existing pid=60 ppid=1 ts=%d comm=db exe=/bin/db" % ORIGIN,
        "stack 1 kernel frame=0xffff10,16,do_sys_openat2,kernel,\"\" "
        "frame=0xffff20,8,__x64_sys_openat,kernel,\"\"",
        "stack 2 user pid=50 frame=0x401000,4,open_config,/bin/app,ab12 "
        "frame=0x400800,0,main,/bin/app,ab12",
        "stack 3 user pid=60 frame=0x7000,0,\"\",/lib/libc.so.6,\"\""]
events = []
for i in range(400):
    pid = 50 if i % 3 else 60
    probe = [0, 257, 4096][i % 3 if pid == 50 else 0]
    e = dict(ts=ORIGIN + 1000 + i * 997, pid=pid, probe=probe)
    w = "ev ts=%d pid=%d probe=%d" % (e["ts"], pid, probe)
    if probe != 4096:
        e["lat"] = 100 + i * 37
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
spec.append("end")
T = tmp + "/t.zst"
subprocess.run([build + "/tests/mktrace", T], input="\n".join(spec).encode(), check=True)

# ---- perfetto ------------------------------------------------------------------------
P = tmp + "/p.json"
rc, out, err = run(T, "--export", "perfetto", P)
check(rc == 0 and out == b"" and err == b"", "export exits 0 quietly", (rc, out, err))
raw = open(P, "rb").read()
d = json.loads(raw)
ev = [x for x in d["traceEvents"] if x["ph"] in "Xi"]
check(len(ev) == len(events), "one trace event per event", len(ev))
bad = []
for x, e in zip(ev, sorted(events, key=lambda e: e["ts"])):
    want_ts = (e["ts"] - ORIGIN) / 1000
    ok = abs(x["ts"] - want_ts) < 1e-6 and x["pid"] == e["pid"] and x["tid"] == e["pid"]
    if "lat" in e:
        ok = ok and x["ph"] == "X" and abs(x["dur"] - e["lat"] / 1000) < 1e-6 and \
            x["args"]["ret"] == e["ret"] and \
            x["args"]["errno"] == ("ENOENT" if e["ret"] == -2 else None)
    else:
        ok = ok and x["ph"] == "i" and x["name"] == "tracepoint:sched:sched_switch"
    if not ok:
        bad.append((x, e))
check(not bad, "trace events match the events", bad[:3])
meta = {(x["name"], x["pid"]): x["args"]["name"] for x in d["traceEvents"] if x["ph"] == "M"}
check(meta.get(("process_name", 50)) == "ap\x1bp" and meta.get(("process_name", 60)) == "db",
      "process names", meta)
check(not re.search(rb"[\x00-\x09\x0b-\x1f]", raw), "no raw control byte in the JSON")
rc, out, err = run(T, "--export", "perfetto", P, "--where", "errno = 'ENOENT'")
n = sum(1 for e in events if e.get("ret") == -2)
ev = [x for x in json.load(open(P))["traceEvents"] if x["ph"] == "X"]
check(rc == 0 and len(ev) == n and all(x["args"]["errno"] == "ENOENT" for x in ev),
      "--where selects the exported events", (rc, len(ev), n, err))

# ---- flame graph ----------------------------------------------------------------------
S = tmp + "/f.svg"
rc, out, err = run(T, "--flamegraph", S)
check(rc == 0 and err == b"", "flamegraph exits 0", (rc, err))
raw = open(S, "rb").read()
check(not re.search(rb"[\x00-\x09\x0b-\x1f]", raw), "no raw control byte in the SVG")
root = ET.fromstring(raw)
ns = "{http://www.w3.org/2000/svg}"
frames = {}
for g in root.iter(ns + "g"):
    t = g.find(ns + "title").text
    r = g.find(ns + "rect")
    m = re.fullmatch(r"(.*) \((\d+) events, [0-9.]+%\)", t)
    frames.setdefault(m.group(1), []).append((int(m.group(2)), float(r.get("x")),
                                              float(r.get("width")), float(r.get("y"))))
check(frames.get("all") == [(len(events), 10.0, 1180.0, frames["all"][0][3])],
      "root counts every event", frames.get("all"))
openat = sum(1 for e in events if e["probe"] == 257)
libc = sum(1 for e in events if e["pid"] == 60)
want = {"ap\\x1bp": sum(1 for e in events if e["pid"] == 50), "db": libc,
        "main": openat, "open_config": openat, "__x64_sys_openat": openat,
        "do_sys_openat2": openat, "[libc.so.6]": libc,
        "syscall:openat": openat}
for name, count in want.items():
    got = frames.get(name, [])
    check(len(got) == 1 and got[0][0] == count, "frame %r" % name, (got, count))
# user frames under the comm, kernel frames above them, the probe on top
y = {k: v[0][3] for k, v in frames.items() if len(v) == 1}
check(y["all"] > y["ap\\x1bp"] > y["main"] > y["open_config"] > y["__x64_sys_openat"]
      > y["do_sys_openat2"] > y["syscall:openat"], "frame order root to leaf", y)
# a child is never wider than its parent, and sits inside it
px, pw = frames["main"][0][1:3]
cx, cw = frames["open_config"][0][1:3]
check(px <= cx and cx + cw <= px + pw + 1e-6, "child inside parent", (px, pw, cx, cw))
rc, out, err = run(T, "--flamegraph", S, "--where", "probe = 'syscall:openat'")
root = ET.fromstring(open(S, "rb").read())
titles = [g.find(ns + "title").text for g in root.iter(ns + "g")]
check(rc == 0 and titles[0].startswith("all (%d events" % openat), "--where for the flame graph",
      titles[:2])

# ---- errors -----------------------------------------------------------------------
rc, out, err = run(T, "--flamegraph", S, "--where", "nosuch = 1")
check(rc == 1 and err == b"analyze: SQL error: no such column: nosuch\n", "bad --where", err)
rc, out, err = run(T, "--export", "perfetto", tmp + "/no/such/dir.json")
check(rc == 1 and err.startswith(b"analyze: cannot create ") and err.count(b"\n") == 1,
      "unwritable export", err)
for args in [["--where", "1"], ["--export", "chrome", P], ["--export", "perfetto"]]:
    rc, out, err = run(T, *args)
    check(rc == 2 and err.startswith(b"analyze: "), "usage error %s" % args, (rc, err))

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
PY
