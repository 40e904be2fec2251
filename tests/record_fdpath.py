"""record_fdpath.py - events.fd_path against strace -y.

Usage: record_fdpath.py RECORD ANALYZE SCRATCH

A shell script opens, duplicates, inherits, redirects, pipes and closes
descriptors (and execs with and without O_CLOEXEC, and close_range()s);
it runs under `strace -ff -y` and under `record`. For every call whose
first argument is a descriptor, strace -y prints what it referred to
(`read(3</etc/hostname>, ...`); the trace's fd_path must say the same,
call by call, process by process (matched by their execve). Then a
process that opened its file before tracing began is traced with -p.

strace -y reads /proc/PID/fd, where the kernel has resolved symbolic
links; fd_path keeps the path the process opened, made absolute. Both
name the same file on the recording machine, which this test is on, so
fd_path goes through os.path.realpath() before the comparison.
"""
import os
import re
import subprocess
import sys
import time

REC, ANA, T = sys.argv[1:4]
CALLS = ['read', 'write', 'close', 'dup2', 'dup3', 'fcntl', 'fstat',
         'newfstatat', 'lseek', 'pread64', 'getdents64', 'ioctl']
FD = re.compile(r'^(\w+)\((-?\d+)(?:<(.*?)>)?[,)]')
fails = 0


def strace_calls(cmd, pid=None):
    prefix = os.path.join(T, 'y')
    for f in os.listdir(T):
        if f.startswith('y.'):
            os.unlink(os.path.join(T, f))
    args = ['strace', '-ff', '-ttt', '-y', '-qq', '-o', prefix,
            '-e', 'trace=execve,' + ','.join(CALLS)]
    subprocess.run(args + (['-p', str(pid)] if pid else cmd),
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   cwd=T, check=False)
    procs = []
    for f in os.listdir(T):
        if not f.startswith('y.'):
            continue
        calls, first, ex = [], None, ''
        for ln in open(os.path.join(T, f), errors='surrogateescape'):
            ts, _, rest = ln.partition(' ')
            first = first or float(ts)
            if rest.startswith('execve(') and not ex:
                ex = rest.split(', [')[0]
            m = FD.match(rest)
            if m and m.group(1) in CALLS:
                calls.append((m.group(1), int(m.group(2)), m.group(3)))
        procs.append((ex, first, calls))
    return [(e, c) for e, _, c in sorted(procs, key=lambda p: (p[0], p[1]))]


def ktrail_calls(trace):
    sql = ("SELECT pid, substr(probe, 9), arg0, fd_path, path FROM events "
           "ORDER BY ts_ns")
    out = subprocess.run([ANA, trace, '--format', 'tsv', '--sql', sql],
                         capture_output=True, check=True,
                         errors='surrogateescape').stdout
    procs, order = {}, []
    for ln in out.splitlines()[1:]:
        pid, name, arg0, fd_path, path = ln.split('\t')
        if pid not in procs:
            procs[pid] = ['', []]
            order.append(pid)
        if name == 'execve' and not procs[pid][0]:
            procs[pid][0] = 'execve("%s"' % path
        if name in CALLS and arg0 not in ('', 'NULL'):
            fd = (int(arg0) + 2**31) % 2**32 - 2**31    # an int argument
            if fd == -100:      # AT_FDCWD: strace shows no descriptor
                continue
            if fd_path.startswith('/'):
                fd_path = os.path.realpath(fd_path)
            procs[pid][1].append((name, fd, fd_path or None))
    return sorted(((procs[p][0], i, procs[p][1]) for i, p in enumerate(order)),
                  key=lambda x: (x[0], x[1]))


def renumber(procs):
    """Inodes differ between two runs: pipe:[N] and socket:[N] become the
    order in which each inode first appears."""
    seen = {}

    def one(path):
        m = re.match(r'^(pipe|socket):\[(\d+)\]$', path or '')
        if not m:
            return path
        return '%s:[#%d]' % (m.group(1), seen.setdefault(m.group(2), len(seen)))
    return [(e, [(n, fd, one(p)) for n, fd, p in calls]) for e, calls in procs]


def compare(label, want, got):
    global fails
    want = renumber(want)
    got = renumber([(e, c) for e, _, c in got])
    bad = n = 0
    if len(want) != len(got):
        print('FAIL %s: %d processes under strace, %d in the trace'
              % (label, len(want), len(got)))
        fails += 1
        return
    for (we, wc), (ge, gc) in zip(want, got):
        for i in range(max(len(wc), len(gc))):
            a = wc[i] if i < len(wc) else None
            b = gc[i] if i < len(gc) else None
            n += 1
            if a != b:
                bad += 1
                if bad <= 10:
                    print('FAIL %s: %s call %d\n  strace -y: %s\n  fd_path:   %s'
                          % (label, we or '(no exec)', i, a, b))
    named = sum(1 for _, c in want for x in c if x[2])
    print('%s: %d processes, %d calls, %d with a path, %d differ'
          % (label, len(want), n, named, bad))
    if bad or named < 10:
        fails += 1


script = r'''
exec 5</etc/hostname
read x <&5
cat /etc/hostname | wc -c
wc -c < /etc/passwd
( exec 7>/dev/null; sh -c 'echo inherited >&7; cat /etc/hostname >&7' )
python3 -S -c '
import os
keep = os.open("/etc/passwd", os.O_RDONLY)
gone = os.open("/etc/hostname", os.O_RDONLY | os.O_CLOEXEC)
os.dup2(keep, 9)
os.lseek(9, 0, 0)
lo = os.open("/etc/hosts", os.O_RDONLY)
os.closerange(lo, lo + 1)
try:
    os.fstat(lo)
except OSError:
    pass
os.execv("/bin/sh", ["sh", "-c", "cat <&%d >/dev/null; cat <&%d >/dev/null; true" % (keep, gone)])
'
'''
cmd = ['sh', '-c', script]
want = strace_calls(cmd)
trace = os.path.join(T, 'fd.zst')
subprocess.run([REC, '-q', '-o', trace, '--'] + cmd, stdout=subprocess.DEVNULL,
               stderr=subprocess.DEVNULL, cwd=T, check=False)
compare('script', want, ktrail_calls(trace))

# -p: the file was opened before tracing began
prog = ('import os, sys, time\n'
        'fd = os.open("/etc/hostname", os.O_RDONLY)\n'
        'sys.stdout.write("ready\\n"); sys.stdout.flush()\n'
        'time.sleep(1.5)\n'
        'os.pread(fd, 10, 0); os.close(fd)\n')
for who in ('strace', 'record'):
    p = subprocess.Popen(['python3', '-S', '-c', prog], stdout=subprocess.PIPE,
                         cwd=T, text=True)
    p.stdout.readline()
    if who == 'strace':
        want = strace_calls(None, p.pid)
    else:
        subprocess.run([REC, '-q', '-o', trace, '-p', str(p.pid)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=False)
        got = ktrail_calls(trace)
    p.wait()
want_reads = [c for _, cs in want for c in cs if c[0] in ('pread64', 'close')]
got_reads = [c for _, _, cs in got for c in cs if c[0] in ('pread64', 'close')]
print('-p: strace -y %s, fd_path %s' % (want_reads, got_reads))
if not want_reads or want_reads != got_reads:
    print('FAIL -p: the descriptor opened before tracing')
    fails += 1
sys.exit(1 if fails else 0)
