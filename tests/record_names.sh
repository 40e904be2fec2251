#!/bin/sh
# record_names.sh BUILD SCRATCH - the names of execve events, processes and
# Perfetto threads against /proc/PID/comm read by each process after its
# exec, and the export's forks, exits and thread names against the
# trace's proc_events read by the stock sqlite3 shell: tests/record_names.py.
. "$(dirname "$0")/lib.sh"
need_bpf
built "$REC" "$ANA"
need sqlite3
[ -x /usr/bin/python3 ] || skip "needs /usr/bin/python3"
exec /usr/bin/python3 "$TESTS/record_names.py" "$TESTS" "$B" "$T"
