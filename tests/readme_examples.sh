#!/bin/sh
# readme_examples.sh BUILD SCRATCH - README.md's fenced example commands
# that are safe to run (build/analyze on a trace, sqlite3 and python3 on
# its --db file) run as written on a trace recorded here, and every option
# `record --help` and `analyze --help` list is in README.md:
# tests/readme_examples.py.
. "$(dirname "$0")/lib.sh"
need_bpf
built "$REC" "$ANA"
exec python3 "$TESTS/readme_examples.py" "$TESTS" "$B" "$T"
