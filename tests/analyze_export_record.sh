#!/bin/bash
# analyze_export_record.sh BUILD SCRATCH - the exports of a trace the real
# recorder wrote, against what the workload is known to do and what the
# database holds.
#
# samples/callchain runs main -> outer -> middle -> leaf, and leaf opens
# and reads a file LOOPS times with frame pointers intact: the flame graph
# must show exactly 2 * LOOPS events above leaf, main, outer and middle
# stacked under it, widths in proportion, and its folded lines must equal
# the README's SQL recipe. The Perfetto JSON must hold one event per
# database row, with the database's durations, in time order per thread.
# Needs root and BPF: skipped otherwise.
. "$(dirname "$0")/lib.sh"
need_bpf
need python3
cc=$SAMPLES/callchain
built "$REC" "$ANA" "$cc"
LOOPS=50
timeout 60 "$REC" -q --stacks -e syscall:openat,syscall:read -o t.zst \
	-- "$cc" $LOOPS > rec.out 2> rec.err ||
	skip "record could not trace here: $(tail -1 rec.err)"
exec python3 "$TESTS/analyze_export_record.py" "$TESTS" "$B" "$T" "$LOOPS"
