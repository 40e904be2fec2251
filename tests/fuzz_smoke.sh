#!/bin/bash
# Short libFuzzer runs (make fuzz runs long ones): the record decoders
# alone, the reader + decoders without SQLite, then the whole reader +
# importer, seeded with the golden traces, synthetic traces of every
# record kind and (as root) real ones (tests/fuzz/seeds.sh). None may
# find a crash, leak, hang or undefined behaviour in its time
# (FUZZ_SMOKE_SECONDS, default 30, split 1:1:1).
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
secs=${FUZZ_SMOKE_SECONDS:-30}
[ -x "$B/fuzz_reader" ] && [ -x "$B/fuzz_decode" ] && [ -x "$B/fuzz_codec" ] ||
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
bash "$here/fuzz/seeds.sh" corpus "$B" || fail "cannot make the seed corpus"
[ -s corpus/B-synthetic-kinds ] || fail "no synthetic seed of every record kind"
run fuzz_decode $((secs / 3)) corpus "$here/golden"
run fuzz_reader $((secs - 2 * (secs / 3))) corpus "$here/golden"
echo ok
