# analyze_frames.py TESTS BUILD SCRATCH - the checks of tests/analyze_frames.sh,
# which runs it: frames lost, repeated or spliced in from another recording.
#
# Traces from mktrace (the recorder's own writer) with a known number of
# events per frame; frames are cut out, doubled and mixed here, by walking
# the zstd frame headers (RFC 8878), and analyze must count exactly the
# events of the frames that belong, once each, and name the damage.
import os, re, subprocess, sys
sys.path.insert(0, sys.argv[1])
import ktlib
from ktlib import tmp, mktrace, check, finish

def frames(path):
    """The zstd frames of a file, as bytes (RFC 8878 section 3.1.1)."""
    d, o, out = open(path, "rb").read(), 0, []
    while o < len(d):
        fhd = d[o + 4]
        fcs = [0, 2, 4, 8][fhd >> 6]
        single = (fhd >> 5) & 1
        did = [0, 1, 2, 4][fhd & 3]
        p = o + 5 + (0 if single else 1) + did + (1 if single and fcs == 0 else fcs)
        while True:
            bh = d[p] | d[p + 1] << 8 | d[p + 2] << 16
            last, btype, bsize = bh & 1, (bh >> 1) & 3, bh >> 3
            p += 3 + (1 if btype == 1 else bsize)
            if last:
                break
        p += 4 if fhd & 4 else 0
        out.append(d[o:p])
        o = p
    return out

PER = [0, 10, 20, 30, 0]    # events per frame: header, three of events, END
def spec(pid0):
    s = ["header origin=1000000000", "syscall 0 read",
         "probe 0 syscall:read syscall read", "flush"]
    ts = 1000000100
    for f, n in enumerate(PER[1:4], 1):
        for i in range(n):
            s.append("ev ts=%d pid=%d probe=0 ret=1 lat=5" % (ts, pid0 + f))
            ts += 100
        s.append("flush")
    return s + ["end"]

A, B = tmp + "/a.zst", tmp + "/b.zst"
mktrace(A, spec(100))
mktrace(B, spec(200))
fa, fb = frames(A), frames(B)
check(len(fa) == 5 and len(fb) == 5, "five frames each", (len(fa), len(fb)))

def case(name, parts, want_events, want_err, want_rc=0):
    path = "%s/%s.zst" % (tmp, name)
    open(path, "wb").write(b"".join(parts))
    rc, out, err = ktlib.run(path, "--format", "csv", "--sql",
                             "SELECT count(*), group_concat(DISTINCT pid) FROM events")
    got = out.decode().splitlines()[1:] if rc == 0 else []
    n = int(got[0].split(",")[0]) if got else -1
    err = err.decode()
    check(rc == want_rc and n == want_events and re.fullmatch(want_err, err, re.S),
          name, (rc, n, want_events, err))
    return path

def off(parts, i):
    return sum(len(p) for p in parts[:i])

case("intact", fa, 60, "")
p = [fa[0], fa[1], fa[3], fa[4]]
case("frame 2 lost", p, 40,
     r"analyze: warning: '.*': frame 2 is missing before offset %d; its records are lost\n" % off(p, 2))
p = [fa[0], fa[3], fa[4]]
case("frames 1 and 2 lost", p, 30,
     r"analyze: warning: '.*': frames 1 to 2 are missing before offset %d; their records are lost\n" % off(p, 1))
p = [fa[0], fa[1], fa[1], fa[2], fa[3], fa[4]]
case("frame 1 twice", p, 60,
     r"analyze: warning: '.*': the frame at offset %d repeats frame 1; skipped\n" % off(p, 2))
p = [fa[0], fa[1], fa[2], fb[2], fa[3], fa[4]]
case("a frame of another recording", p, 60,
     r"analyze: warning: '.*': the frame at offset %d belongs to another recording \(id [0-9a-f]{16}\.\.\.\); skipped\n" % off(p, 3))
# another recording's frame in place of a lost one: both said
p = [fa[0], fa[1], fb[2], fa[3], fa[4]]
case("a lost frame replaced by another recording's", p, 40,
     r"analyze: warning: '.*': the frame at offset %d belongs to another recording.*; skipped\n"
     r"analyze: warning: '.*': frame 2 is missing before offset %d; its records are lost\n"
     % (off(p, 2), off(p, 3)))
# the END's frame after a gap: the count of frames is the END frame's number
p = [fa[0], fa[1], fa[2], fa[4]]
case("the last frame of events lost", p, 30,
     r"analyze: warning: '.*': frame 3 is missing before offset %d; its records are lost\n" % off(p, 3))
# what the database and the report say of it
for name, missing, skipped, status in [
        ("intact", 0, 0, "complete"), ("frame 2 lost", 1, 0, r"INCOMPLETE \(1 frame missing\)"),
        ("frames 1 and 2 lost", 2, 0, r"INCOMPLETE \(2 frames missing\)"),
        ("frame 1 twice", 0, 1, "complete")]:
    path = "%s/%s.zst" % (tmp, name)
    rows = ktlib.sql(path, "SELECT key, value FROM meta WHERE key LIKE 'frames_%' ORDER BY key")
    check(rows == [{"key": "frames_missing", "value": missing},
                   {"key": "frames_skipped", "value": skipped}], "meta of " + name, rows)
    rc, out, err = ktlib.run(path)
    out = out.decode()
    check(re.search(r"^status +%s$" % status, out, re.M) and
          (not skipped or re.search(r"^skipped +%d frames" % skipped, out, re.M)),
          "report of " + name, out[:400])

if len(sys.argv) > 4:
    fr = frames(sys.argv[4])
    q = "SELECT count(*) FROM events"
    rc, out, err = ktlib.run(sys.argv[4], "--format", "csv", "--sql", q)
    n = int(out.decode().splitlines()[1]) if rc == 0 else -1
    check(len(fr) >= 3 and n > 0 and not err, "a real recording: several frames, no warning",
          (len(fr), n, err))
    if len(fr) >= 3:
        case("a real recording with a frame twice", fr[:2] + fr[1:], n,
             r"analyze: warning: '.*': the frame at offset %d repeats frame 1; skipped\n"
             % sum(len(p) for p in fr[:2]))
finish()
