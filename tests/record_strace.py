"""record_strace.py - ktrail's rendering of calls against strace's own.

Usage: record_strace.py RECORD ANALYZE SCRATCH

The same command runs twice: under `strace -ff -s 32 -o PREFIX` (one file
per process, so no call is split into "unfinished" and "resumed" halves)
and under `record -s 32`; `analyze --strace` prints the trace. Calls are
grouped by process, processes matched by the command their first execve
ran (then by the time they appeared: pids differ between the runs), and
the calls of the syscalls under test compared one by one as
`name(args) = ret`. What differs between two runs of the same
command is masked on both sides: addresses (ASLR), /* N vars */ counts
(strace has no extra variables, but keep it honest), timestamps and
latencies are not compared.
"""
import os
import re
import subprocess
import sys

REC, ANA, T = sys.argv[1:4]

LINE = re.compile(r'^(\d+) +(?:\d\d:\d\d:\d\d\.\d+ )?(\w+)\((.*)\) += (.*?)(?: <[\d.]+>)?$')
ADDR = re.compile(r'0x[0-9a-f]{6,}')


PID_RET = {'wait4', 'clone', 'clone3', 'fork', 'vfork', 'getpid', 'gettid'}


def norm(text):
    return ADDR.sub('ADDR', text)


def parse(lines, names, pid=None):
    """{pid: [call...]}, in order of first appearance. Lines that are not
    calls (signals, exits) are skipped, as are syscalls not under test."""
    procs = {}
    for ln in lines:
        m = LINE.match(('%s ' % pid if pid else '') + ln.rstrip('\n'))
        if not m:
            continue
        p, name, args, ret = m.groups()
        if name not in names:
            continue
        if name in PID_RET and ret.isdigit():
            ret = 'PID'         # another run, other pids
        procs.setdefault(p, []).append('%s(%s) = %s' %
                                       (name, norm(args), norm(ret)))
    return list(procs.values())


def keyed(procs):
    """Processes sorted by their first execve (then by appearance)."""
    def key(ip):
        i, calls = ip
        ex = [c for c in calls if c.startswith('execve(')]
        return (ex[0] if ex else '', i)
    return [c for _, c in sorted(enumerate(procs), key=key)]


def run_strace(cmd, names):
    prefix = os.path.join(T, 'st')
    for f in os.listdir(T):
        if f.startswith('st.'):
            os.unlink(os.path.join(T, f))
    subprocess.run(['strace', '-ff', '-ttt', '-s', '32', '-qq', '-o', prefix,
                    '-e', 'trace=' + ','.join(sorted(names))] + cmd,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   cwd=T, check=False)
    procs = []
    for f in os.listdir(T):
        if f.startswith('st.'):
            with open(os.path.join(T, f), errors='surrogateescape') as fh:
                lines = fh.readlines()
            first = float(lines[0].split()[0]) if lines else 0
            procs.append((first, parse((re.sub(r'^[\d.]+ ', '', ln)
                                         for ln in lines), names, f[3:])))
    return [p[0] for _, p in sorted(procs) if p]


def run_ktrail(cmd, names):
    trace = os.path.join(T, 'k.zst')
    # the command's own exit status is record's: ls of a missing file is 2
    subprocess.run([REC, '-q', '-s', '32', '-o', trace, '--'] + cmd,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   cwd=T, check=False)
    out = subprocess.run([ANA, trace, '--strace'], capture_output=True,
                         check=True, errors='surrogateescape').stdout
    return [p for p in parse(out.splitlines(), names) if p]


def compare(label, cmd, names):
    want = keyed(run_strace(cmd, names))
    got = keyed(run_ktrail(cmd, names))
    bad = 0
    ncalls = sum(len(p) for p in want)
    if len(want) != len(got):
        print('FAIL %s: %d processes under strace, %d in the trace'
              % (label, len(want), len(got)))
        return 1
    for i, (w, g) in enumerate(zip(want, got)):
        for j in range(max(len(w), len(g))):
            a = w[j] if j < len(w) else '(none)'
            b = g[j] if j < len(g) else '(none)'
            if a != b:
                bad += 1
                if bad <= 8:
                    print('FAIL %s: process %d call %d\n  strace: %s\n  ktrail: %s'
                          % (label, i, j, a, b))
    print('%s: %d processes, %d calls, %d differ' % (label, len(want), ncalls, bad))
    return 1 if bad or ncalls == 0 else 0


PATHS = {'openat', 'open', 'newfstatat', 'stat', 'lstat', 'fstat', 'statx',
         'access', 'faccessat', 'faccessat2', 'readlink', 'readlinkat',
         'execve', 'chdir', 'unlink', 'unlinkat', 'mkdir', 'rename'}
IO = {'openat', 'read', 'write', 'close', 'dup2', 'dup3', 'pipe2', 'pipe',
      'execve'}

fails = 0
os.makedirs(os.path.join(T, 'tree', 'sub'), exist_ok=True)
with open(os.path.join(T, 'tree', 'sub', 'f.txt'), 'w') as f:
    f.write('hello\tworld\n' * 20)
fails += compare('ls -la', ['ls', '-la', '/usr/share/doc/bash', 'tree/sub',
                             '/nonexistent'], PATHS)
fails += compare('tar', ['sh', '-c', 'tar -cf - /usr/include/linux/n*.h '
                         '2>/dev/null | cat > /dev/null'], PATHS)
fails += compare('python3', ['python3', '-S', '-c', 'import json, csv'],
                 PATHS - {'statx'})
fails += compare('pipeline', ['sh', '-c', 'cat tree/sub/f.txt | wc -c; '
                              'exec 3>out.txt; echo hi >&3'], IO)
# a script's new image holds its interpreter's vector; strace shows the
# caller's
for name, line in (('s1.sh', '#!/bin/sh -e\n'), ('s2.sh', '#!/bin/sh\n')):
    with open(os.path.join(T, name), 'w') as f:
        f.write(line + 'exit 0\n')
    os.chmod(os.path.join(T, name), 0o755)
fails += compare('scripts', ['sh', '-c', './s1.sh a "b c" ""; ./s2.sh; '
                             'exec ./s1.sh x'], {'execve'})
STRUCTS = {'rt_sigaction', 'rt_sigprocmask', 'prlimit64', 'uname', 'wait4',
           'clock_nanosleep', 'nanosleep', 'execve'}
fails += compare('structs', ['sh', '-c', 'sleep 0.01; uname -a >/dev/null; '
                             'kill -0 $$'], STRUCTS)
sys.exit(1 if fails else 0)
