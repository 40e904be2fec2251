#!/bin/bash
# analyze_cli.sh BUILD SCRATCH - the command line: the SQL prompt on a
# terminal, the report's sections, and the hints of usage errors.
. "$(dirname "$0")/lib.sh"
golden=$TESTS/golden
built "$ANA"
command -v script > /dev/null || skip "script(1) is missing, no terminal to test the prompt on"
pass=0 fail=0
expect() {	# expect WHAT GOT GLOB
	if [[ $2 == $3 ]]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $1"
		echo "$2" | head -40 | sed 's/^/  /'
	fi
}

# a terminal gets a prompt; errors do not end the session; dot-commands
out=$(printf 'SELECT count(*) AS n FROM events;\n.tables\nSELECT * FROM nosuch;\nSELECT\n 2 AS two;\n.quit\n' |
	timeout 20 script -qec "$ANA $golden/good.zst --sql" /dev/null | tr -d '\r')
rc=$?
expect "prompt session exits 0" "$rc" 0
expect "prompt and first result" "$out" "*analyze> SELECT count(*) AS n FROM events;"$'\n'"n"$'\n'"--"$'\n'"20"$'\n'"analyze> *"
expect ".tables lists the views" "$out" "*analyze> .tables"$'\n'"comms *events *processes *"
expect "error reported, session goes on" "$out" \
	"*analyze> SELECT \* FROM nosuch;"$'\n'"analyze: SQL error: no such table: nosuch"$'\n'"analyze> SELECT"$'\n'"   ...>  2 AS two;"$'\n'"two"$'\n'"---"$'\n'"  2*"

# the report of a complete trace, and of a truncated one
out=$("$ANA" "$golden/good.zst" 2>&1)
expect "report sections" "$out" "host       golden*status     complete*processes  1*probes by total time*syscall:read*top errors*ENOENT*syscall:read*processes by wall time*golden*latency of syscall:read*from -> to*: count*"
out=$("$ANA" "$golden/cut-before-end.zst" 2>/dev/null)
expect "report of a truncated trace" "$out" "*status     TRUNCATED (no END record)*"

# usage hints
out=$(cd "$golden" && "$ANA" --sql good.zst 2>&1)
rc=$?
expect "--sql TRACE hint" "$rc:$out" "2:analyze: no trace given ('good.zst' was taken as the --sql query: give traces first, or use --sql=QUERY)*"
out=$("$ANA" "$golden/good.zst" --format 2>&1)
expect "missing value" "$?:$out" "2:analyze: option '--format' needs a value*"
# usage errors: one line ending with the pointer to --help; --help: usage
# on stdout, exit 0
for args in "--bogus" "" "--format" "--format xml t.zst" "--where x --sql 1 t.zst" \
	    "--histogram syscall:read --sql 1 t.zst" "--histogram"; do
	# shellcheck disable=SC2086
	err=$("$ANA" $args 2>&1 >/dev/null)
	expect "usage error '$args'" "$?:$(echo "$err" | wc -l):$err" "2:1:analyze: * (see 'analyze --help')"
done
# --histogram: one probe, a glob, and a name no probe has (an error, no output)
out=$("$ANA" "$golden/good.zst" --histogram syscall:read --histogram 'syscall:*' 2>&1)
expect "--histogram" "$?:$out" "0:*processes by wall time*latency of syscall:read"$'\n'"      from -> to         : count     distribution"$'\n'"*"
out=$("$ANA" "$golden/good.zst" --histogram syscall:nosuch 2>&1)
expect "--histogram of no probe" "$?:$out" "1:analyze: --histogram: no probe 'syscall:nosuch' in the trace (see the probes table)"
out=$("$ANA" --help 2>/dev/null)
expect "--help" "$?:$out" "0:*Usage: analyze*"
out=$("$ANA" -V)
expect "version" "$?:$out" "0:analyze (ktrail) *"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
