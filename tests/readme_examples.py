# readme_examples.py TESTS BUILD SCRATCH - see readme_examples.sh.
#
# The commands are taken from README's ``` blocks: lines that start with
# build/analyze, sqlite3 or python3 -c, in the order README gives them,
# run by sh in a directory where build/ is the build, samples/ the
# repository's and t.zst / trace.zst a trace of ls and cat recorded with
# --stacks. Lines with a placeholder (TRACE, FILE, [...]) are synopses, not
# examples; a line that needs a tool this machine lacks (flamegraph.pl,
# sqlite3, a python3 that loads extensions) is left out.
import os, re, shutil, subprocess, sys
sys.path.insert(0, sys.argv[1])
from ktlib import build, tmp, check, finish

repo = os.path.dirname(os.path.abspath(sys.argv[1]))
readme = open(os.path.join(repo, "README.md")).read()
os.chdir(tmp)
os.symlink(build, "build")
os.symlink(os.path.join(repo, "samples"), "samples")
p = subprocess.run([build + "/record", "-q", "--stacks", "-o", "t.zst", "--",
                    "sh", "-c", "ls /etc > /dev/null; cat /etc/hostname /nonexistent"],
                   capture_output=True, text=True, timeout=120)
check(os.path.exists("t.zst"), "record the sample trace", p.stderr)
shutil.copy("t.zst", "trace.zst")

# a python3 whose sqlite3 module loads extensions, first on the PATH
os.mkdir("bin")
for py in ["/usr/bin/python3", shutil.which("python3")]:
    if py and subprocess.run([py, "-c", "import sqlite3;"
                              " sqlite3.Connection.load_extension"]).returncode == 0:
        os.symlink(py, "bin/python3")
        break
env = dict(os.environ, PATH=tmp + "/bin:" + os.environ["PATH"])

blocks = re.findall(r"^```[a-z]*\n(.*?)^```", readme, re.S | re.M)
cmds = [l for b in blocks for l in b.splitlines()
        if re.match(r"(build/analyze|sqlite3|python3 -c) ", l)]
skipped = []
ran = 0
for c in cmds:
    if re.search(r"TRACE|FILE|\[", re.sub(r"\s{2,}#.*$", "", c)):
        continue
    need = [t for t, ok in (("flamegraph.pl", shutil.which("flamegraph.pl")),
                            ("sqlite3", shutil.which("sqlite3")),
                            ("python3 -c", os.path.exists("bin/python3")))
            if not ok and t in c]
    if need:
        skipped.append((c, need))
        continue
    r = subprocess.run(["sh", "-c", c], capture_output=True, text=True, env=env,
                       timeout=120)
    ran += 1
    check(r.returncode == 0 and r.stderr == "", "README: " + c,
          (r.returncode, r.stderr[-500:]))
check(ran >= 12, "README's examples ran: %d" % ran, skipped)

# every option of both programs' --help is in README
for prog in ("record", "analyze"):
    h = subprocess.run([build + "/" + prog, "--help"], capture_output=True,
                       text=True).stdout
    opts = set()
    for line in h.splitlines():
        m = re.match(r"\s+((?:-\w|--[\w-]+)(?:,\s*--[\w-]+)?)", line)
        if m:
            opts.update(re.findall(r"--?[\w-]+", m.group(1)))
    missing = sorted(o for o in opts if not re.search(
        r"(?<![\w-])%s(?![\w-])" % re.escape(o), readme))
    check(opts and not missing, "%s --help options in README" % prog, missing)
finish()
