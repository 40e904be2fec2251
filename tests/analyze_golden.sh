#!/bin/bash
# analyze_golden.sh BUILD SCRATCH - bad inputs must fail cleanly, each the
# same way.
#
# Every input of tests/golden/ (made once by tests/golden/make.sh and
# checked in) runs as `analyze NAME --sql "SELECT count(*) AS n FROM events"
# --format csv` from inside that folder; its exit status, stdout (how many
# events were kept) and stderr (a bash glob) must match NAME.exit,
# NAME.stdout and NAME.stderr. A directory, a missing file and a trace on
# stdin are checked here too. No case may crash, hang or print more than
# one line on stderr.
. "$(dirname "$0")/lib.sh"
dir=$TESTS/golden
built "$ANA"
pass=0 fail=0

# check NAME EXIT STDOUT_FILE STDERR_GLOB -- ARGS...: run analyze in $PWD
check() {
	local name=$1 want_rc=$2 want_out=$3 want_err=$4
	shift 5
	timeout 20 "$ANA" "$@" > "$T/out" 2> "$T/err"
	local rc=$? out err
	out=$(cat "$T/out")
	err=$(cat "$T/err")
	if [ "$rc" != "$want_rc" ] || [ "$out" != "$want_out" ] ||
	   [[ $err != $want_err ]] || [ "$(wc -l < "$T/err")" -gt 1 ]; then
		echo "FAIL $name: analyze $*"
		echo "  exit $rc, want $want_rc"
		echo "  stdout: $(echo "$out" | tr '\n' '|')  want: $(echo "$want_out" | tr '\n' '|')"
		echo "  stderr: $err"
		echo "  want:   $want_err"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
}

cd "$dir" || exit 1
# every expectation has its input (a fresh clone must carry the inputs)
for e in *.exit; do
	b=${e%.exit}
	if ! ls "$b".* 2>/dev/null | grep -qvE '\.(exit|stdout|stderr)$'; then
		echo "FAIL $b: $e has no input file beside it"
		fail=$((fail + 1))
	fi
done
for f in *; do
	case $f in *.exit|*.stdout|*.stderr|*.sh) continue ;; esac
	b=${f%.*}
	if [ ! -f "$b.exit" ]; then
		echo "FAIL $f: no $b.exit beside it"
		fail=$((fail + 1))
		continue
	fi
	check "$f" "$(cat "$b.exit")" "$(cat "$b.stdout")" "$(cat "$b.stderr")" \
		-- "$f" --sql "SELECT count(*) AS n FROM events" --format csv
done

cd "$T" || exit 1
mkdir adir
check directory 1 "" "analyze: cannot read 'adir': Is a directory" -- \
	adir --sql "SELECT 1"
check missing 1 "" "analyze: cannot open 'missing.zst': No such file or directory" -- \
	missing.zst --sql "SELECT 1"
check stdin 0 "$(printf 'n\n20')" "" -- - --sql "SELECT count(*) AS n FROM events" \
	--format csv < "$dir/good.zst"
check stdin-truncated 0 "$(printf 'n\n0')" "analyze: warning: '-': truncated trace: *" \
	-- - --sql "SELECT count(*) AS n FROM events" --format csv < "$dir/cut-in-second-frame.zst"
# a good trace after a bad one: the bad one stops the run
check bad-then-good 1 "" "analyze: '*empty.zst': not a ktrail trace (empty file)" -- \
	"$dir/empty.zst" "$dir/good.zst" --sql "SELECT 1"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
