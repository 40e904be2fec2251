#!/bin/sh
# run.sh BUILD [PATTERN] - run every tests/*.sh against the binaries in BUILD.
#
# Each test script gets BUILD as $1 and a fresh scratch directory as $2
# (removed afterwards); exit 0 is a pass, 2 a skip (the script prints the
# reason), anything else a failure, whose output is shown. The last line is
# "N passed, N failed, N skipped"; the exit status is 1 when anything failed.
build=$(cd "${1:?usage: run.sh BUILD [PATTERN]}" && pwd)
pattern=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
timeout_s=${TEST_TIMEOUT:-300}
pass=0 fail=0 skip=0 failed=""

for t in "$here"/*.sh; do
	name=$(basename "$t" .sh)
	case "$name" in run|lib) continue ;; esac
	case "$name" in *"$pattern"*) ;; *) continue ;; esac
	scratch=$(mktemp -d "${TMPDIR:-/tmp}/ktrail-test.XXXXXX")
	chmod 755 "$scratch"
	start=$(date +%s)
	timeout -k 10 "$timeout_s" bash "$t" "$build" "$scratch" > "$scratch.log" 2>&1
	rc=$?
	secs=$(( $(date +%s) - start ))
	case $rc in
	0)	pass=$((pass + 1)); printf 'PASS  %-28s %3ss\n' "$name" "$secs" ;;
	2)	skip=$((skip + 1))
		printf 'SKIP  %-28s %s\n' "$name" "$(tail -n 1 "$scratch.log")" ;;
	*)	fail=$((fail + 1)); failed="$failed $name"
		[ $rc = 124 ] && echo "(timed out after ${timeout_s}s)" >> "$scratch.log"
		printf 'FAIL  %-28s %3ss (exit %s)\n' "$name" "$secs" "$rc"
		sed -e 's/^/    | /' "$scratch.log" | tail -n 40 ;;
	esac
	rm -rf "$scratch" "$scratch.log"
done
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
