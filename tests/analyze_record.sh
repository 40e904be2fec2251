#!/bin/bash
# analyze_record.sh BUILD SCRATCH - analyze a trace that the real recorder
# wrote.
#
# `record` traces `cat` of a missing file; analyze must find what the
# workload is known to have done: its exit status 1 in processes, at least
# one failed open with ENOENT named by comm cat, as many events as record's
# closing line counted, and a complete trace. Needs root and BPF: skipped
# otherwise.
. "$(dirname "$0")/lib.sh"
built "$ANA" "$REC"
[ "$(id -u)" = 0 ] || skip "record needs root"
timeout 60 "$REC" -q -o "$T/t.zst" -- cat /nonexistent-ktrail-file \
	> "$T/out" 2> "$T/err"
rc=$?
[ -s "$T/t.zst" ] || skip "record could not trace here (exit $rc): $(tail -1 "$T/err")"
pass=0 fail=0
same() {
	if [ "$2" == "$3" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $1"
		echo "  got:  $2"
		echo "  want: $3"
	fi
}
# q SQL: every row of the answer for t.zst (not lib.sh's q TRACE SQL)
q() { "$ANA" "$T/t.zst" --format csv --sql "$1" | tail -n +2; }
same "record exits with cat's status" "$rc" 1
recorded=$(sed -n 's/^record: \([0-9]*\) events.*/\1/p' "$T/err")
same "events = record's count" "$(q "SELECT count(*) FROM events")" "$recorded"
same "meta events" "$(q "SELECT value FROM meta WHERE key = 'events'")" "$recorded"
same "complete" "$(q "SELECT value FROM meta WHERE key = 'complete'")" 1
same "cat's exit code" "$(q "SELECT exit_code FROM processes WHERE exe LIKE '%/cat'")" 1
same "a failed open by cat" \
	"$(q "SELECT count(*) > 0 FROM events WHERE comm = 'cat' AND errno = 'ENOENT' AND probe IN ('syscall:openat', 'syscall:open')")" 1
same "exit_group has no latency" \
	"$(q "SELECT count(*) FROM events WHERE probe = 'syscall:exit_group' AND latency_ns IS NULL")" 1
out=$("$ANA" "$T/t.zst" 2>&1)
[[ $out == *"command    cat /nonexistent-ktrail-file"*"status     complete"*"ENOENT"* ]] &&
	pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: report"; echo "$out" | head -30; }
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
