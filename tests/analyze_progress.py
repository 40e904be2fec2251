# analyze_progress.py TESTS BUILD SCRATCH - the import's progress line: on
# a terminal (a real pty, Python's pty module) stderr shows the bytes of
# the file read, the events and the rate, rewritten in place, and nothing
# of it is left once the import is done; nothing at all with -q, or when
# stderr is not a terminal.
import os, pty, re, select, subprocess, sys, time
sys.path.insert(0, sys.argv[1])
import ktlib
from ktlib import build, tmp, check, finish

ANA = build + "/analyze"
T = tmp + "/big.zst"
N = 3_000_000
spec = "\n".join(["header origin=1000000000", "meta host progress",
                  "syscall 0 read", "syscall 1 write",
                  "probe 0 syscall:read syscall read",
                  "probe 1 syscall:write syscall write",
                  "gen %d seed=5 probes=0,1 pids=4" % N, "end"])
subprocess.run([build + "/tests/mktrace", T], input=spec.encode(), check=True)
SIZE_MIB = os.path.getsize(T) / 2 ** 20


def on_pty(args):
    """analyze ARGS with stdin, stdout and stderr on a pty: (status, bytes)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm"
        os.execv(ANA, [ANA] + args)
    out = b""
    end = time.time() + 120
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.5)
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), out


def screen(raw):
    """The lines a terminal shows: CR returns to the margin, ESC [ K erases
    to the end of the line, LF ends it."""
    lines, cur, col = [], [], 0
    for tok in re.findall(rb"\x1b\[K|\r\n|\r|\n|[^\r\n\x1b]+|\x1b", raw):
        if tok == b"\x1b[K":
            del cur[col:]
        elif tok == b"\r":
            col = 0
        elif tok in (b"\n", b"\r\n"):
            lines.append("".join(cur))
            cur, col = [], 0
        else:
            for ch in tok.decode(errors="replace"):
                if col < len(cur):
                    cur[col] = ch
                else:
                    cur.append(ch)
                col += 1
    if cur:
        lines.append("".join(cur))
    return lines


rc, raw = on_pty([T, "--sql", "SELECT count(*) AS n FROM events"])
text = raw.decode(errors="replace")
frames = re.findall(r"analyze: big\.zst  ([0-9.]+) of ([0-9.]+) MiB \((\d+)%\)"
                    r"  ([0-9.]+)( [KM])? events  ([0-9.]+)( [KM])?/s", text)
check(rc == 0, "analyze on a terminal exits 0", text[-500:])
check(len(frames) >= 2, "a progress line, redrawn, while importing", text[:800])
if frames:
    def count(v, sfx):
        return float(v) * {"": 1, " K": 1e3, " M": 1e6}[sfx]
    size = float(frames[0][1])
    check(abs(size - SIZE_MIB) <= max(0.01, SIZE_MIB * 0.01),
          "the file's size in MiB", (frames[0], SIZE_MIB))
    read = [float(f[0]) for f in frames]
    events = [count(f[3], f[4]) for f in frames]
    check(read == sorted(read) and read[-1] <= size, "bytes read grow to the size",
          read)
    check(events == sorted(events) and 0 < events[-1] <= N * 1.01,
          "events grow, up to the trace's", events)
    check(all(count(f[5], f[6]) > 0 for f in frames), "a rate", frames[-1])
lines = screen(raw)
check(not any("events" in l and "/s" in l for l in lines),
      "no progress left on the screen once done", lines)
check(any(l.strip() == str(N) for l in lines), "the query's result follows", lines)

rc, raw = on_pty(["-q", T, "--sql", "SELECT count(*) AS n FROM events"])
check(rc == 0 and b"events" not in raw and b"\x1b[K" not in raw,
      "-q: no progress line", raw[:300])

p = subprocess.run([ANA, T, "--sql", "SELECT 1"], capture_output=True, timeout=120)
check(p.returncode == 0 and p.stderr == b"",
      "stderr not a terminal: no progress line", p.stderr[:300])

# a kept database: the index step says what it does, then goes
rc, raw = on_pty([T, "--db", tmp + "/big.db", "--sql", "SELECT 1"])
lines = screen(raw)
check(rc == 0 and b"creating indexes" in raw and
      not any("creating indexes" in l for l in lines),
      "--db: 'creating indexes' while it runs, erased after", (rc, lines))
finish()
