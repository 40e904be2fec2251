#!/bin/bash
# analyze_sql.sh BUILD SCRATCH - the database, the SQL functions and the output
# formats of analyze, against values computed here independently.
#
# A trace with known content is written by BUILD/tests/mktrace; Python
# computes what every query must return (sorted latencies for percentiles,
# Linux errno numbers, the comm each event must carry after fork, exec and
# prctl renames) and compares analyze's json, csv, tsv and table output.
. "$(dirname "$0")/lib.sh"
built "$ANA" "$B/tests/mktrace"
need python3
exec python3 "$TESTS/analyze_sql.py" "$TESTS" "$B" "$T"
