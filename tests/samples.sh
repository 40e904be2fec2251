#!/bin/sh
# make demo's script runs clean on a fresh build, and every query in
# samples/queries/ runs against a real recording of the sample workload
# (flame_folded.sql on one recorded with --stacks=user).
. "$(dirname "$0")/lib.sh"
need_bpf
built "$REC" "$ANA"
top=$(cd "$TESTS/.." && pwd)

sh "$top/samples/demo.sh" "$B" "$T/demo.zst" > demo.out 2> demo.err ||
	fail "demo.sh failed: $(tail -3 demo.err)"
# stderr: record's one closing line, nothing else
[ "$(grep -cv '^record: [0-9]* events, 0 lost' demo.err)" = 0 ] ||
	fail "demo.sh stderr: $(head -3 demo.err)"
grep -q '^== analyze .*--sql' demo.out || fail "demo.sh did not reach the query"
# the workload runs tar over /usr/include: its opens are in the report and
# at least one heads the slowest-opens table
grep -q 'syscall:openat' demo.out || fail "the demo report lacks syscall:openat"
sed -n '/^== analyze .*--sql/,$p' demo.out | grep -q '^tar ' ||
	fail "the slowest opens list no tar: $(tail -5 demo.out)"

"$REC" -q --stacks=user -o stacks.zst -- sh "$top/samples/workload.sh" 2> rec.err ||
	fail "record --stacks=user of the workload failed: $(cat rec.err)"
for f in "$top"/samples/queries/*.sql; do
	name=$(basename "$f")
	trace=demo.zst
	[ "$name" = flame_folded.sql ] && trace=stacks.zst
	"$ANA" "$trace" --format csv --sql "$(cat "$f")" > "$name.out" 2> "$name.err" ||
		fail "$name: $(cat "$name.err")"
	[ "$(wc -l < "$name.out")" -ge 2 ] || fail "$name returned no rows"
done
# folded lines are "frame;frame;... COUNT"
grep -q ';.* [0-9][0-9]*$' flame_folded.sql.out ||
	fail "flame_folded.sql gave no folded stacks: $(head -3 flame_folded.sql.out)"
echo "demo and $(ls "$top"/samples/queries/*.sql | wc -l) sample queries ok"
