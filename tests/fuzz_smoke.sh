#!/bin/bash
# A short libFuzzer run of the trace reader + importer (make fuzz runs a
# long one): seeded with the golden traces, it must find no crash, leak,
# hang or undefined behaviour in FUZZ_SMOKE_SECONDS (default 30).
. "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$B/fuzz_reader" ] || skip "no $B/fuzz_reader (clang's libFuzzer runtime missing?)"
bash "$here/fuzz/seeds.sh" corpus || fail "cannot make the seed corpus"
"$B/fuzz_reader" -max_total_time="${FUZZ_SMOKE_SECONDS:-30}" -timeout=10 \
	-rss_limit_mb=1024 -close_fd_mask=3 -print_final_stats=1 \
	corpus "$here/golden" > fuzz.log 2>&1
st=$?
grep -E '^stat::number_of_executed_units' fuzz.log
[ $st = 0 ] || { tail -40 fuzz.log; fail "the fuzzer found a crash (exit $st)"; }
echo ok
