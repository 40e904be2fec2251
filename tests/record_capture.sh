#!/bin/bash
# What a syscall named, on the hard cases: a 100 KB argv with blanks,
# quotes, tabs, UTF-8 and an empty argument; a path in a page never
# touched before the call; an unreadable pointer (marked and counted);
# control characters; TCP and unix socket addresses; processes.cpu_ns
# (tests/record_capture.py).
. "$(dirname "$0")/lib.sh"
need_bpf
need strace python3
built "$REC" "$ANA" "$SAMPLES/argedge"
python3 "$TESTS/record_capture.py" "$REC" "$ANA" "$SAMPLES" "$T"
