#!/bin/sh
# analyze_progress.sh BUILD SCRATCH - the import's progress line on a
# terminal (a pty), erased when done; none with -q or without a terminal
# (tests/analyze_progress.py).
. "$(dirname "$0")/lib.sh"
built "$ANA" "$B/tests/mktrace"
need python3
exec python3 "$TESTS/analyze_progress.py" "$TESTS" "$B" "$T"
