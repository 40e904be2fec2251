# analyze_shell.py TESTS BUILD SCRATCH - the SQL prompt of `analyze --sql`,
# driven as a user drives it: through a real pseudo-terminal (Python's pty
# module), keys as a terminal sends them (ESC [ A for the up arrow, ^C,
# ^D). Results are compared with what the stock sqlite3 shell prints for
# the same query on the same --db file. Also the dot-commands in a script
# on a pipe (no prompt).
import csv, io, json, os, pty, termios, re, select, signal, subprocess, sys, time
sys.path.insert(0, sys.argv[1])
import ktlib
from ktlib import build, tmp, check, finish

ANA = build + "/analyze"
DB = tmp + "/good.db"
HIST = tmp + "/history"
GOLDEN = os.path.join(sys.argv[1], "golden", "good.zst")
PROMPT = b"analyze> "
LONG = (b"WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c)"
        b" SELECT count(*) FROM c;")

rc, out, err = ktlib.run(GOLDEN, "--db", DB, "--sql", "SELECT 1")
assert rc == 0, err


def sqlite3(*args):
    """The stock sqlite3 shell on the database (options, then the command
    last): its stdout, LF line ends."""
    p = subprocess.run(["sqlite3", *args[:-1], DB, args[-1]],
                       capture_output=True, timeout=60,
                       stdin=subprocess.DEVNULL)
    assert p.returncode == 0, p.stderr
    return p.stdout.replace(b"\r\n", b"\n")


class Session:
    """analyze --db DB --sql on the slave side of a pty."""

    def __init__(self):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ.update(TERM="xterm", KTRAIL_HISTORY=HIST,
                              HOME=tmp)
            os.execv(ANA, [ANA, "--db", DB, "--sql"])
        self.seen = b""     # everything read so far

    def read_until(self, want, timeout=10.0):
        """Read until the output since the last call ends with want (a
        prompt). Returns that output with CR LF as LF, or None on timeout."""
        start = len(self.seen)
        end = time.time() + timeout
        while not self.seen[start:].endswith(want):
            left = end - time.time()
            if left <= 0:
                return None
            r, _, _ = select.select([self.fd], [], [], left)
            if r:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    return None
                if not chunk:
                    return None
                self.seen += chunk
        return self.seen[start:].replace(b"\r\n", b"\n")

    def wait_raw(self):
        """libedit prints the prompt before it puts the terminal in raw
        mode (and may flush input then): keys sent before would be echoed
        by the tty, or lost. Wait until ICANON is off (the master reads the
        slave's settings)."""
        end = time.time() + 10
        while time.time() < end:
            try:
                if not termios.tcgetattr(self.fd)[3] & termios.ICANON:
                    return
            except termios.error:
                return
            time.sleep(0.02)

    def send(self, keys, want=PROMPT, timeout=10.0, raw=True):
        if raw:
            self.wait_raw()
        os.write(self.fd, keys)
        return self.read_until(want, timeout)

    def query(self, sql):
        """Type a statement and Enter; its output, the echo removed."""
        out = self.send(sql + b"\r")
        if out is None:
            return None
        out = out[:-len(PROMPT)]
        echo = out.find(b"\n")
        return out[echo + 1:]

    def finish(self):
        """Ctrl-D; the exit status, or None if it did not end."""
        self.wait_raw()
        os.write(self.fd, b"\x04")
        end = time.time() + 10
        while time.time() < end:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
            try:
                r, _, _ = select.select([self.fd], [], [], 0.1)
                if r:
                    os.read(self.fd, 65536)
            except OSError:
                time.sleep(0.1)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        return None


def rows(text):
    """CSV text as a list of rows (the sqlite3 shell quotes more fields
    than RFC 4180 needs, e.g. one with a blank: compare the values)."""
    return None if text is None else list(csv.reader(io.StringIO(text.decode())))


# ---- session 1: editing, history, Ctrl-C, modes ----------------------------
s = Session()
check(s.read_until(PROMPT) is not None, "a prompt on a terminal", s.seen)
out = s.query(b"SELECT 40 + 2 AS answer;")
check(out is not None and re.search(rb"\b42\b", out), "a query's result", out)

# the up arrow recalls the previous line, Enter runs it again
out = s.send(b"\x1b[A\r")
check(out is not None and b"SELECT 40 + 2 AS answer;" in out and
      re.search(rb"\b42\b", out.split(b";", 1)[-1]),
      "up arrow recalls the previous statement", out)

# the left arrow moves the cursor: "SELECT 13;" becomes "SELECT 103;"
out = s.send(b"SELECT 13;\x1b[D\x1b[D0\r")
check(out is not None and re.search(rb"\b103\b", out.replace(b"SELECT", b"")),
      "left arrow moves the cursor within the line", out)
check(out is not None and b"^[" not in out, "no raw escape echoed", out)

# Ctrl-C stops a statement that would run forever; the session goes on
s.wait_raw()
os.write(s.fd, LONG + b"\r")
time.sleep(1.0)
t0 = time.time()
out = s.send(b"\x03", timeout=10, raw=False)   # during the statement
check(out is not None and b"interrupted" in out,
      "Ctrl-C interrupts the running statement", out)
check(time.time() - t0 < 5, "the interrupt takes effect at once",
      time.time() - t0)
out = s.query(b"SELECT 6 * 7 AS after_interrupt;")
check(out is not None and re.search(rb"\b42\b", out),
      "the session goes on after Ctrl-C", out)

# Ctrl-C at the prompt drops the half-typed statement
out = s.send(b"SELECT 'never\x03")
check(out is not None, "Ctrl-C at the prompt gives a new prompt", s.seen[-200:])
out = s.query(b"SELECT 5 AS five;")
check(out is not None and re.search(rb"\b5\b", out) and b"never" not in out,
      "the dropped line is gone", out)

# a statement over several lines, then the modes against sqlite3's
out = s.send(b"SELECT count(*)\r", want=b"...> ")
check(out is not None, "a continuation prompt for an open statement", s.seen[-200:])
out = s.query(b"FROM events;")
check(out is not None and re.search(rb"\b20\b", out), "a statement over two lines",
      out)

Q = (b"SELECT probe, ret, errno, latency_ns FROM events"
     b" ORDER BY ts_ns LIMIT 6;")
s.query(b".mode csv")
out = s.query(Q)
check(rows(out) == rows(sqlite3("-csv", "-header", Q.decode())) and
      rows(out)[0] == ["probe", "ret", "errno", "latency_ns"],
      ".mode csv prints what sqlite3 -csv prints", out)
s.query(b".headers off")
out = s.query(Q)
check(rows(out) == rows(sqlite3("-csv", "-noheader", Q.decode())) and
      len(rows(out)) == 6,
      ".headers off drops the header line", out)
s.query(b".headers on")
s.query(b".mode line")
out = s.query(Q)
check(out == sqlite3("-line", Q.decode()),
      ".mode line prints what sqlite3 -line prints", out)
s.query(b".mode json")
out = s.query(Q)
check(out is not None and json.loads(out) == json.loads(sqlite3("-json", Q.decode())),
      ".mode json holds what sqlite3 -json does", out)
s.query(b".mode tsv")
out = s.query(Q)
check(out == sqlite3("-tabs", "-header", Q.decode()),
      ".mode tsv prints what sqlite3 -tabs prints", out)

out = s.query(b".schema processes")
check(out == sqlite3(".schema processes"),
      ".schema prints the statements as stored, as sqlite3 does", out)
check(out is not None and b"\\n" not in out and b"\\t" not in out,
      ".schema has no \\n or \\t escapes", out)
out = s.query(b".tables")
check(out is not None and out.split() == sqlite3(".tables").split(),
      ".tables names what sqlite3's .tables names", out)

out = s.query(b".dump")
check(out is not None and len(out.strip().split(b"\n")) == 1 and
      b"unknown command" in out, "an unknown dot-command gets one line", out)
out = s.query(b".help")
check(out is not None and b".once" in out and b".timer" in out,
      ".help lists the commands", out)

status = s.finish()
check(status == 0, "Ctrl-D ends the session with status 0", status)

# ---- session 2: the history file outlives the session ----------------------
check(os.path.exists(HIST), "a history file is written", HIST)
check(os.path.exists(HIST) and os.stat(HIST).st_mode & 0o077 == 0,
      "the history file is private (0600)", oct(os.stat(HIST).st_mode) if
      os.path.exists(HIST) else "")
s = Session()
s.read_until(PROMPT)
s.query(b".mode csv")
out = s.send(b"\x1b[A\x1b[A\r")     # .mode csv, then .help before it
check(out is not None and b".help" in out and b".once" in out,
      "the history of an earlier session is recalled", out)
check(s.finish() == 0, "second session ends on Ctrl-D")

# ---- a script on a pipe: no prompt, dot-commands too -----------------------
inc = tmp + "/inc.sql"
with open(inc, "w") as f:
    f.write(".mode csv\n.headers off\nSELECT 'from', 'read';\n")
script = """
.timer on
SELECT 1 AS one;
.timer off
.once {once}
SELECT 'to once' AS t;
SELECT 'back on stdout' AS t;
.output {outf}
SELECT 'in output' AS t;
SELECT 'still in output' AS t;
.output
.read {inc}
SELECT 'after read';
.mode
""".format(once=tmp + "/once.txt", outf=tmp + "/output.txt", inc=inc)
p = subprocess.run([ANA, "--db", DB, "--sql"], input=script.encode(),
                   capture_output=True, timeout=60)
out = p.stdout.decode()
check(p.returncode == 0, "a script of dot-commands runs", p.stderr)
check(PROMPT.decode() not in out, "no prompt when stdin is not a terminal", out)
check(re.search(r"^Run Time: real [0-9.]+ user [0-9.]+ sys [0-9.]+$", out, re.M),
      ".timer on prints a Run Time line", out)
check(out.count("Run Time") == 1, ".timer off stops it", out)
once = open(tmp + "/once.txt").read() if os.path.exists(tmp + "/once.txt") else ""
check("to once" in once and "back on stdout" not in once and
      "back on stdout" in out and "to once" not in out,
      ".once sends one result to the file", (once, out))
outf = open(tmp + "/output.txt").read() if os.path.exists(tmp + "/output.txt") else ""
check("in output" in outf and "still in output" in outf and "in output" not in out,
      ".output sends results to the file until .output", (outf, out))
check("from,read\n" in out and "after read\n" in out,
      ".read runs the file's commands, its settings stay", out)
check("current output mode: csv" in out, ".mode alone names the mode", out)

p = subprocess.run([ANA, "--db", DB, "--sql"], input=b".nosuch\nSELECT 1;\n",
                   capture_output=True, timeout=60)
check(p.returncode != 0 and p.stderr.count(b"\n") == 1 and
      b".nosuch" in p.stderr and p.stdout == b"",
      "an unknown dot-command in a script: one line, the script stops",
      (p.returncode, p.stderr, p.stdout))
p = subprocess.run([ANA, "--db", DB, "--sql"], input=b".read /nonexistent/x\n",
                   capture_output=True, timeout=60)
check(p.returncode != 0 and p.stderr.count(b"\n") == 1 and
      b"No such file" in p.stderr, ".read of a missing file: one line",
      (p.returncode, p.stderr))
p = subprocess.run([ANA, "--db", DB, "--sql"], input=b".mode xml\n",
                   capture_output=True, timeout=60)
check(p.returncode != 0 and p.stderr.count(b"\n") == 1,
      "an unknown mode: one line", (p.returncode, p.stderr))
finish()
