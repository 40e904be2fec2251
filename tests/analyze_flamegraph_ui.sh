#!/bin/sh
# analyze_flamegraph_ui.sh BUILD SCRATCH - the flame graph's --title, its
# search (?s=REGEX) and a width that follows the window, run by headless
# Chromium (tests/analyze_flamegraph_ui.py).
. "$(dirname "$0")/lib.sh"
built "$ANA" "$B/tests/mktrace"
need python3 chromium
exec python3 "$TESTS/analyze_flamegraph_ui.py" "$TESTS" "$B" "$T"
