#!/bin/bash
# seeds.sh DIR [BUILD] - write the seeds of fuzz_reader and fuzz_decode
# into DIR, each a 'B' input (the decompressed batches of a trace separated
# by KTFR, see tests/fuzz/input.h):
#   - every golden trace that decompresses;
#   - with BUILD/tests/mktrace: synthetic multi-frame traces that hold
#     every record kind (header, meta, names, sysargs, probes, every PROC
#     kind, events with and without latency and stacks, lost, stacks of
#     both kinds, end);
#   - with BUILD/record, as root with BTF: real traces of BUILD/samples
#     (syscall:*, --stacks, uprobes and USDT, several frames each, with
#     the BLOB and FD records of captured arguments: together with the
#     synthetic one, every record kind, 1 to 14).
# Needs python3 and zstd; a missing source of seeds is skipped quietly.
set -eu
out=$1
build=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
golden=$here/../golden
mkdir -p "$out"
work=$(mktemp -d "${TMPDIR:-/tmp}/ktrail-seeds.XXXXXX")
trap 'rm -rf "$work"' EXIT

to_seed() {	# TRACE SEED
	python3 - "$1" "$2" <<'PY' || true
import ctypes, subprocess, sys
data = open(sys.argv[1], 'rb').read()
frames, o = [], 0
z = ctypes.CDLL("libzstd.so.1")
z.ZSTD_findFrameCompressedSize.restype = ctypes.c_size_t
z.ZSTD_isError.argtypes = [ctypes.c_size_t]
while o < len(data):
    n = z.ZSTD_findFrameCompressedSize(data[o:], len(data) - o)
    if z.ZSTD_isError(n):
        break
    r = subprocess.run(["zstd", "-dcq"], input=data[o:o + n], capture_output=True)
    if r.returncode:
        break
    frames.append(r.stdout)
    o += n
if frames:
    open(sys.argv[2], 'wb').write(b"B" + b"KTFR".join(frames))
PY
}

for f in "$golden"/*.zst; do
	to_seed "$f" "$out/B-$(basename "$f" .zst)"
done

if [ -n "$build" ] && [ -x "$build/tests/mktrace" ]; then
	# every record kind, over three frames
	"$build/tests/mktrace" "$work/kinds.zst" <<'SPEC' && to_seed "$work/kinds.zst" "$out/B-synthetic-kinds"
header origin=1000000000 wall=1700000000000000000
meta host fuzz
meta command sh\x20-c\x20x
syscall 0 read
syscall 59 execve
errno 2 ENOENT
sysargs 0 3
sysargs 59 3
probe 0 syscall:read syscall read
probe 59 syscall:execve syscall execve
probe 4096 tracepoint:sched:sched_switch tracepoint sched:sched_switch
proc existing pid=10 ppid=1 ts=1000000000 comm=sh exe=/bin/sh
proc fork pid=11 ppid=10 ts=1000000100 comm=sh
stack 1 kernel frame=0x10,0,inner,kernel,"" frame=0x20,4,outer,kernel,""
stack 2 user pid=11 frame=0x400,8,main,/bin/x,abcd frame=0x500,0,"",/bin/x,abcd
ev ts=1000000200 pid=11 probe=59 ret=0 lat=5000 args=1,2,3,4,5,6 kstack=1 ustack=2
flush
proc exec pid=11 ts=1000000300 comm=x exe=/bin/x
proc comm pid=11 tid=12 ts=1000000400 comm=worker
ev ts=1000000500 pid=11 tid=12 cpu=1 probe=0 ret=-2 lat=700 args=3,4096,10
ev ts=1000000600 pid=11 cpu=2 probe=4096
lost cpu=1 ts=1000000650 count=7
gen 50 seed=1 pids=3 probes=0,59 start=1000000700 step=100
flush
proc exit pid=11 ts=1000009000 status=256
end
SPEC
fi

if [ -n "$build" ] && [ -x "$build/record" ] && [ "$(id -u)" = 0 ] &&
   [ -r /sys/kernel/btf/vmlinux ]; then
	s=$build/samples
	rec() {	# NAME RECORD-ARGS...
		name=$1
		shift
		timeout 60 "$build/record" -q -o "$work/$name.zst" "$@" \
			> /dev/null 2>&1 && to_seed "$work/$name.zst" "$out/B-real-$name"
	}
	rec sh-syscalls -e 'syscall:*' -- sh -c 'ls / > /dev/null; cat /etc/hostname > /dev/null; sleep 1.2; true'
	[ -x "$s/callchain" ] && rec stacks --stacks -e 'syscall:*' -- "$s/callchain"
	[ -x "$s/ufunc" ] && rec ufunc --stacks -e "ufunc:$s/ufunc:compute" -e 'syscall:%file' -- "$s/ufunc" 5 300
	[ -x "$s/usdt_probe" ] && rec usdt -e "usdt:$s/usdt_probe:ktrail:*" -e 'syscall:%process' -- "$s/usdt_probe"
	[ -x "$s/forker" ] && rec forker -e 'syscall:%process' -e 'tracepoint:sched:sched_process_exec' -- "$s/forker"
fi
exit 0
