#!/bin/sh
# record_counts.sh BUILD SCRATCH - record's last line and the report give
# END's counters under the same names and with the same values: a trace
# with known stack errors (a recursion deeper than the unwinder goes, as
# tests/record_ustacks.sh makes) and an unreadable argument (argedge
# badptr: openat() of the address 1, as tests/record_capture.py makes).
. "$(dirname "$0")/lib.sh"
need_bpf
built "$REC" "$ANA" "$SAMPLES/ustack_edge" "$SAMPLES/argedge"

"$REC" --stacks=user -e syscall:openat -o t.zst -- sh -c \
	"'$SAMPLES/ustack_edge' deep 400; '$SAMPLES/argedge' badptr" \
	2> rec.err < /dev/null
line=$(tail -n 1 rec.err)
re='^record: \([0-9]*\) events, \([0-9]*\) lost, \([0-9]*\) dropped, \([0-9]*\) stack errors, \([0-9]*\) unreadable args, .*'
rec=$(printf '%s\n' "$line" | sed -n "s/$re/\1 \2 \3 \4 \5/p")
[ -n "$rec" ] || fail "record's last line: $line"
set -- $rec
[ "$4" -ge 1 ] || fail "no stack error counted for the deep recursion: $line"
[ "$5" -ge 1 ] || fail "the unreadable openat() argument is not counted: $line"

"$ANA" -q t.zst > report.txt || fail "analyze t.zst failed"
rep="$(sed -n 's/^events  *\([0-9]*\)$/\1/p' report.txt)"
rep="$rep $(sed -n 's/^lost  *\([0-9]*\)$/\1/p' report.txt)"
rep="$rep $(sed -n 's/^dropped  *\([0-9]*\), \([0-9]*\) stack errors, \([0-9]*\) unreadable args$/\1 \2 \3/p' report.txt)"
[ "$rep" = "$rec" ] ||
	fail "record says '$line', the report '$rep': $(head -12 report.txt)"
# and the same counters in the database's meta
m=$(q t.zst "SELECT group_concat(value, ' ') FROM (SELECT value FROM meta
	WHERE key IN ('lost', 'dropped', 'stack_errors', 'unreadable_args')
	ORDER BY CASE key WHEN 'lost' THEN 1 WHEN 'dropped' THEN 2
	WHEN 'stack_errors' THEN 3 ELSE 4 END)")
[ "$m" = "$2 $3 $4 $5" ] || fail "meta has '$m', record said '$line'"
echo "record and report agree: $line"
