# ktlib.py - what the Python programs embedded in tests/analyze_*.sh share.
# Each runs as `exec python3 - "$TESTS" "$B" "$T" [ARGS...] <<'PY'` (lib.sh
# sets the three), puts sys.argv[1] on sys.path and imports from here:
#   build, tmp            the build and scratch dirs (sys.argv[2] and [3])
#   check(cond, what, context)   count a check; a failure prints FAIL: WHAT
#   run(*args, stdin=None)       analyze ARGS -> (exit status, stdout, stderr)
#   sql(trace, query)     the rows of a query, as parsed JSON
#   mktrace(path, lines)  write a trace from mktrace's spec lines
#   finish()              print "N passed, N failed"; exit 1 if any failed
import json, subprocess, sys

build, tmp = sys.argv[2], sys.argv[3]
passed = failed = 0


def check(cond, what, context="", lines=False):
    """Count a check. A failure prints FAIL: WHAT, then the context unless it
    is "", on one line cut at 1500 characters; with lines=True (as in
    analyze_sql.sh) cut at 2000, every line indented, and not at all when it
    is false (None, 0, [] too)."""
    global passed, failed
    if cond:
        passed += 1
        return
    failed += 1
    print("FAIL:", what)
    if lines:
        if context:
            print("  " + str(context)[:2000].replace("\n", "\n  "))
    elif context != "":
        print("  " + str(context)[:1500])


def run(*args, stdin=None):
    p = subprocess.run([build + "/analyze", *args], input=stdin, capture_output=True,
                       timeout=60)
    return p.returncode, p.stdout, p.stderr


def sql(trace, query):
    rc, out, err = run(trace, "--format", "json", "--sql", query)
    assert rc == 0, err
    return json.loads(out)


def mktrace(path, lines):
    subprocess.run([build + "/tests/mktrace", path], input="\n".join(lines).encode(),
                   check=True)


def finish():
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)
