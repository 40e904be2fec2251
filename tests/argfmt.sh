#!/bin/bash
# argfmt.sh BUILD SCRATCH - the argument renderer (analyzer/argfmt/) against
# strace: samples/argcalls makes a fixed list of calls (paths with control
# characters, binary and long buffers, flags, mmap, sockets to 127.0.0.1,
# ::1 and a unix socket of its own, pipe2, clone, wait4, execve with odd
# argv) under `strace -f -s 32`, and describes each call's registers and
# captures; test_argfmt renders every description and compares it with
# strace's line for that call, byte for byte. The same calls through fdtab
# must give the descriptor paths `strace -y` shows, in a forked child too,
# before and after it executes (close-on-exec descriptors gone). Random input must not
# crash it (make test-san runs this under ASan). Then the rendering rate.
. "$(dirname "$0")/lib.sh"
need strace
built "$SAMPLES/argcalls" "$B/tests/test_argfmt"
strace -o /dev/null true 2>/dev/null || skip "strace cannot trace here (ptrace refused)"

mkdir -p work
strace -f -s 32 -o strace.out "$SAMPLES/argcalls" "$T/work" > descs.txt ||
	fail "argcalls under strace exited $?"
[ -s descs.txt ] || fail "argcalls described no call"
"$B/tests/test_argfmt" descs.txt strace.out || {
	echo "--- strace.out"; tail -n 30 strace.out
	fail "argfmt differs from strace"
}

# fd_path: fdtab fed the same calls, against strace -y's <paths>
rm -rf work && mkdir work
strace -f -y -s 32 -o strace-y.out "$SAMPLES/argcalls" "$T/work" > descs-y.txt ||
	fail "argcalls under strace -y exited $?"
"$B/tests/test_argfmt" --fdpaths descs-y.txt strace-y.out ||
	fail "fdtab differs from strace -y"

# garbage in (random registers, types, captures): no crash, lengths right
"$B/tests/test_argfmt" --robust 100000 || fail "renderer not robust"

"$B/tests/test_argfmt" --bench descs.txt 20000 || fail "bench failed"
