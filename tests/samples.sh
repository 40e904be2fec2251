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
# the workload runs tar over /usr/include/linux: its opens are in the
# report, the query printed its ten rows, and tar opened every regular file
# there (and each directory at most once more)
grep -q 'syscall:openat' demo.out || fail "the demo report lacks syscall:openat"
[ "$(sed -n '/^== analyze .*--sql/,$p' demo.out | sed '1,/^----/d' | wc -l)" = 10 ] ||
	fail "the slowest-opens query printed under 10 rows: $(tail -5 demo.out)"
files=$(find /usr/include/linux -type f | wc -l)
dirs=$(find /usr/include/linux -type d | wc -l)
opened=$("$ANA" "$T/demo.zst" --format csv --sql "SELECT count(*) FROM events
	WHERE comm = 'tar' AND probe = 'syscall:openat' AND ret >= 0" | tail -1)
[ "$opened" -ge "$files" ] && [ "$opened" -le $((files + dirs + 40)) ] ||
	fail "tar opened $opened files; /usr/include/linux holds $files files in $dirs directories"

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
