"""record_capture.py - what a syscall named, on the hard cases.

Usage: record_capture.py RECORD ANALYZE SAMPLES SCRATCH

Oracles: the values the test itself passed (an argv of 100 KB with
blanks, quotes, tabs, UTF-8 and an empty argument; the address it bound),
the bytes of a file, and strace's own line for the same call.
"""
import json
import os
import re
import socket
import subprocess
import sys

REC, ANA, SAMPLES, T = sys.argv[1:5]
fails = 0


def check(ok, what, detail=''):
    global fails
    if not ok:
        fails += 1
        print('FAIL %s %s' % (what, detail))


def record(name, cmd, extra=()):
    trace = os.path.join(T, name + '.zst')
    r = subprocess.run([REC, '-q', '-o', trace] + list(extra) + ['--'] + cmd,
                       capture_output=True, cwd=T)
    return trace, r


def query(trace, sql):
    out = subprocess.run([ANA, trace, '--format', 'json', '--sql', sql],
                         capture_output=True, check=True).stdout
    return json.loads(out or b'[]')


def strace_line(cmd, name, having=''):
    """strace's text of the first call `name` of cmd whose line has
    `having`, as name(args) = ret."""
    out = os.path.join(T, 'st.out')
    subprocess.run(['strace', '-qq', '-o', out, '-e', 'trace=' + name] + cmd,
                   capture_output=True, cwd=T)
    with open(out, errors='surrogateescape') as f:
        for ln in f:
            m = re.match(r'^(\w+\(.*\)) += (.*)$', ln.rstrip('\n'))
            if m and having in ln:
                return '%s = %s' % m.groups()
    return None


def ktrail_line(trace, name):
    out = subprocess.run([ANA, trace, '--strace', '--where',
                          "probe = 'syscall:%s'" % name],
                         capture_output=True, check=True,
                         errors='surrogateescape').stdout
    for ln in out.splitlines():
        m = re.match(r'^\d+ [\d:.]+ (\w+\(.*\)) = (.*?)(?: <[\d.]+>)?$', ln)
        if m:
            return '%s = %s' % m.groups()
    return None


# 1. argv, whole: 100 KB, blanks, quotes, a tab, UTF-8, an empty one
argv = ['/bin/true', 'x' * 100000, 'a b', 'q"u\'o\\te', 'tab\there',
        'ünïcödé ✓', '', 'last']
trace, r = record('argv', argv)
check(r.returncode == 0, 'record argv', r.stderr)
rows = query(trace, 'SELECT argv FROM processes')
got = json.loads(rows[0]['argv']) if rows and rows[0]['argv'] else None
check(got == argv, 'processes.argv', repr(got)[:200])
rows = query(trace, "SELECT count(*) AS n FROM processes, "
             "json_each(processes.argv)")
check(rows == [{'n': len(argv)}], 'json_each over argv', rows)
# the same execve as strace shows it (-s 32 cuts strings, as strace's default)
want = strace_line(argv, 'execve')
gotl = ktrail_line(trace, 'execve')
mask = lambda s: re.sub(r'0x[0-9a-f]+ /\* \d+ vars \*/', 'ENV', s or '')
check(mask(want) == mask(gotl), 'execve as strace', '\n  strace: %s\n  ktrail: %s'
      % (want and want[:300], gotl and gotl[:300]))

# 2. a path in a page nobody touched before the call
pathfile = os.path.join(T, 'path.bin')
with open(pathfile, 'wb') as f:
    f.write(b'/etc/hostname\0')
trace, r = record('untouched', [SAMPLES + '/argedge', 'untouched', pathfile],
                  ['-e', 'syscall:openat'])
check(r.returncode == 0, 'record untouched', r.stderr)
rows = query(trace, "SELECT path FROM events WHERE path = '/etc/hostname' "
             "AND ret >= 0")
check(len(rows) == 1, 'untouched page path', rows)

# 3. a pointer nobody can read: marked, counted, shown as strace does
cmd = [SAMPLES + '/argedge', 'badptr']
trace, r = record('badptr', cmd, ['-e', 'syscall:openat'])
check(r.returncode == 0, 'record badptr', r.stderr)
check(b'could not be read' in r.stderr, 'record says what it could not read',
      r.stderr)
rows = query(trace, "SELECT path, args FROM events WHERE errno = 'EFAULT'")
check(len(rows) == 1 and rows[0]['path'] is None, 'unreadable path', rows)
rows = query(trace, "SELECT value FROM meta WHERE key = 'unreadable_args'")
check(rows and rows[0]['value'] >= 1, 'unreadable_args counted', rows)
want, gotl = strace_line(cmd, 'openat', 'EFAULT'), None
gotl = [ln for ln in subprocess.run([ANA, trace, '--strace'],
        capture_output=True, errors='surrogateescape').stdout.splitlines()
        if 'EFAULT' in ln]
gotl = re.sub(r'^\d+ [\d:.]+ (.*?) <[\d.]+>$', r'\1', gotl[0]) if gotl else None
check(want == gotl, 'badptr as strace', '\n  strace: %s\n  ktrail: %s' % (want, gotl))

# 4. control characters: escaped as strace does in args, raw in path,
#    escaped again when analyze prints a table
cmd = [SAMPLES + '/argedge', 'ctl']
trace, r = record('ctl', cmd, ['-e', 'syscall:openat'])
want = strace_line(cmd, 'openat', 'nonexistent')
rows = query(trace, "SELECT path, args FROM events WHERE errno = 'ENOENT' "
             "AND path LIKE '/nonexistent/%'")
check(len(rows) == 1 and rows[0]['path'] == '/nonexistent/k\033[31mt\n\tx',
      'path with control characters, raw', rows)
gotl = rows and 'openat(%s)' % rows[0]['args']
check(want and want.startswith(gotl or '?'), 'ctl as strace',
      '\n  strace: %s\n  ktrail: %s' % (want, gotl))
table = subprocess.run([ANA, trace, '--sql', "SELECT path FROM events WHERE "
                        "path LIKE '/nonexistent/%'"], capture_output=True).stdout
check(b'\033' not in table and b'\t' not in table, 'table output escapes', table)

# 5. socket addresses: a TCP listener on 127.0.0.1 and a unix socket
sock = os.path.join(T, 'k.sock')
script = '''
import socket, sys
l = socket.socket(); l.bind(("127.0.0.1", 0)); l.listen(1)
open(sys.argv[1], "w").write(str(l.getsockname()[1]))
c = socket.create_connection(l.getsockname()); a, _ = l.accept()
u = socket.socket(socket.AF_UNIX); u.bind(sys.argv[2]); u.listen(1)
v = socket.socket(socket.AF_UNIX); v.connect(sys.argv[2])
'''
portfile = os.path.join(T, 'port')
trace, r = record('net', ['python3', '-S', '-c', script, portfile, sock],
                  ['-e', 'syscall:%net'])
check(r.returncode == 0, 'record net', r.stderr)
port = open(portfile).read().strip()
rows = query(trace, "SELECT substr(probe, 9) AS call, addr FROM events "
             "WHERE probe IN ('syscall:connect', 'syscall:bind') ORDER BY ts_ns")
want = [{'call': 'bind', 'addr': '127.0.0.1:0'},
        {'call': 'connect', 'addr': '127.0.0.1:' + port},
        {'call': 'bind', 'addr': sock}, {'call': 'connect', 'addr': sock}]
check(rows == want, 'addr of bind and connect', rows)
rows = query(trace, "SELECT addr FROM events WHERE probe LIKE 'syscall:accept%'")
check(len(rows) == 1 and rows[0]['addr'].startswith('127.0.0.1:'),
      'addr of accept', rows)

# 6. processes.cpu_ns: the kernel's accounting, as the process itself
#    reads it (CLOCK_PROCESS_CPUTIME_ID) just before it exits
script = '''
import sys, time
while time.process_time() < 0.3:
    pass
open(sys.argv[1], "w").write(str(time.process_time_ns()))
time.sleep(0.3)
'''
cpufile = os.path.join(T, 'cpu')
trace, r = record('cpu', ['python3', '-S', '-c', script, cpufile],
                  ['-e', 'syscall:exit_group'])
own = int(open(cpufile).read())
rows = query(trace, 'SELECT cpu_ns, exit_ns - start_ns AS wall FROM processes')
check(len(rows) == 1 and rows[0]['cpu_ns'] is not None and
      0 <= rows[0]['cpu_ns'] - own < 50000000 and rows[0]['wall'] > 550000000,
      'cpu_ns against the process\'s own clock (%d ns)' % own, rows)

print('%d failed' % fails)
sys.exit(1 if fails else 0)
