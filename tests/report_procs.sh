#!/bin/sh
# report_procs.sh BUILD SCRATCH - the report's "processes by wall time"
# (order and wall from the stock sqlite3 shell on the --db file, a child's
# CPU time from its own CLOCK_PROCESS_CPUTIME_ID) and --histogram's
# counts (against sqlite3's count of the same rows): tests/report_procs.py.
. "$(dirname "$0")/lib.sh"
need_bpf
built "$REC" "$ANA"
need sqlite3
[ -x /usr/bin/python3 ] || skip "needs /usr/bin/python3"
exec /usr/bin/python3 "$TESTS/report_procs.py" "$TESTS" "$B" "$T"
