#!/bin/bash
# analyze_export.sh BUILD SCRATCH - --export perfetto and --flamegraph on
# synthetic traces whose every event is known: the JSON is parsed by
# Python's json, the SVG by an XML parser, and every count, time, width
# and folded line is compared with what was written into the trace (and
# with the database, through --sql). Then every error path: one line on
# stderr, the documented exit status, no output file.
. "$(dirname "$0")/lib.sh"
built "$ANA" "$B/tests/mktrace"
need python3
exec python3 "$TESTS/analyze_export.py" "$TESTS" "$B" "$T"
