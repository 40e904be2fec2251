#!/bin/bash
# analyze_frames.sh BUILD SCRATCH - every frame once, in order, of one
# recording: a frame lost, repeated or spliced in from another trace is
# noticed (its FRAME record), named in a warning, and a repeated or foreign
# frame is not imported. The checks are in tests/analyze_frames.py.
. "$(dirname "$0")/lib.sh"
built "$ANA" "$B/tests/mktrace"
need python3
# and a real recording, when this machine can make one: frames of a
# second apart (one flush a second), one of them doubled
real=
if [ "$(id -u)" = 0 ] && [ -r /sys/kernel/btf/vmlinux ] && [ -x "$REC" ]; then
	"$REC" -q -o "$T/real.zst" -e 'syscall:*' -- sh -c 'ls / > /dev/null; sleep 1.3; ls / > /dev/null' &&
		real=$T/real.zst
fi
exec python3 "$TESTS/analyze_frames.py" "$TESTS" "$B" "$T" $real
