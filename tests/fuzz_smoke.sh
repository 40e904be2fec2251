#!/bin/bash
# Short libFuzzer runs (make fuzz runs long ones): the record decoders
# alone, then the whole reader + importer, seeded with the golden traces.
# Neither may find a crash, leak, hang or undefined behaviour in its time
# (FUZZ_SMOKE_SECONDS, default 30, split 1:2).
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
secs=${FUZZ_SMOKE_SECONDS:-30}
[ -x "$B/fuzz_reader" ] && [ -x "$B/fuzz_codec" ] ||
	skip "no fuzz targets in $B (clang's libFuzzer runtime missing?)"

run() {	# NAME SECONDS CORPUS...
	name=$1 t=$2
	shift 2
	"$B/$name" -max_total_time="$t" -timeout=10 -rss_limit_mb=1024 \
		-close_fd_mask=3 -print_final_stats=1 "$@" > "$name.log" 2>&1
	st=$?
	echo "$name: $(grep -E '^stat::number_of_executed_units' "$name.log" | tr -dc 0-9) inputs"
	[ $st = 0 ] || { tail -40 "$name.log"; fail "$name found a crash (exit $st)"; }
}

mkdir batches
for f in "$here"/golden/*.zst; do
	zstd -dcq "$f" > "batches/$(basename "$f" .zst)" 2> /dev/null
done
run fuzz_codec $((secs / 3)) batches
bash "$here/fuzz/seeds.sh" corpus || fail "cannot make the seed corpus"
run fuzz_reader $((secs - secs / 3)) corpus "$here/golden"
echo ok
