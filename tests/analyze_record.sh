#!/bin/bash
# analyze_record.sh BUILD - analyze a trace that the real recorder wrote.
#
# `record` traces `cat` of a missing file; analyze must find what the
# workload is known to have done: its exit status 1 in processes, at least
# one failed open with ENOENT named by comm cat, as many events as record's
# closing line counted, and a complete trace. Needs root and BPF: skipped
# otherwise.
build=$(cd "${1:-build}" 2>/dev/null && pwd)
for bin in "$build/analyze" "$build/record"; do
	if [ ! -x "$bin" ]; then
		echo "skip: $bin is not built"
		exit 2
	fi
done
if [ "$(id -u)" != 0 ]; then
	echo "skip: record needs root"
	exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
timeout 60 "$build/record" -q -o "$tmp/t.zst" -- cat /nonexistent-ktrail-file \
	> "$tmp/out" 2> "$tmp/err"
rc=$?
if [ ! -s "$tmp/t.zst" ]; then
	echo "skip: record could not trace here (exit $rc): $(tail -1 "$tmp/err")"
	exit 2
fi
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
q() { "$build/analyze" "$tmp/t.zst" --format csv --sql "$1" | tail -n +2; }
same "record exits with cat's status" "$rc" 1
recorded=$(sed -n 's/^record: \([0-9]*\) events.*/\1/p' "$tmp/err")
same "events = record's count" "$(q "SELECT count(*) FROM events")" "$recorded"
same "meta events" "$(q "SELECT value FROM meta WHERE key = 'events'")" "$recorded"
same "complete" "$(q "SELECT value FROM meta WHERE key = 'complete'")" 1
same "cat's exit code" "$(q "SELECT exit_code FROM processes WHERE exe LIKE '%/cat'")" 1
same "a failed open by cat" \
	"$(q "SELECT count(*) > 0 FROM events WHERE comm = 'cat' AND errno = 'ENOENT' AND probe IN ('syscall:openat', 'syscall:open')")" 1
same "exit_group has no latency" \
	"$(q "SELECT count(*) FROM events WHERE probe = 'syscall:exit_group' AND latency_ns IS NULL")" 1
out=$("$build/analyze" "$tmp/t.zst" 2>&1)
[[ $out == *"command    cat /nonexistent-ktrail-file"*"status     complete"*"ENOENT"* ]] &&
	pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: report"; echo "$out" | head -30; }
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
