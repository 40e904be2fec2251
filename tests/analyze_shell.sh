#!/bin/sh
# analyze_shell.sh BUILD SCRATCH - the SQL prompt through a real pty: line
# editing, history, Ctrl-C, dot-commands; output compared with the stock
# sqlite3 shell on the same --db file (tests/analyze_shell.py).
. "$(dirname "$0")/lib.sh"
built "$ANA"
need python3 sqlite3
exec python3 "$TESTS/analyze_shell.py" "$TESTS" "$B" "$T"
