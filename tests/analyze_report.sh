#!/bin/sh
# analyze_report.sh BUILD SCRATCH - the summary report's exact percentiles
# (in memory, counted, and found by narrowing scans) and top errors,
# against Python's statistics on the trace's content (tests/analyze_report.py).
. "$(dirname "$0")/lib.sh"
built "$ANA" "$B/tests/mktrace"
need python3
exec python3 "$TESTS/analyze_report.py" "$TESTS" "$B" "$T"
