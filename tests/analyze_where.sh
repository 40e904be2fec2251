#!/bin/bash
# analyze_where.sh BUILD SCRATCH - one check of --where for every view.
#
# The report, --export, --flamegraph and --strace paste the predicate into
# their own SQL; each must accept exactly the same texts and refuse the same ones,
# with one stderr line quoting the user's own text (never a ')' the user
# did not type), no output file, exit 1. The oracle for a good predicate
# is the stock sqlite3 shell: the selected events of --export are the
# rows of "SELECT ... FROM events WHERE (PRED)" on the --db file, and
# the report's probe table has its counts per probe.
. "$(dirname "$0")/lib.sh"
mktrace=$B/tests/mktrace
built "$ANA" "$mktrace"
need sqlite3 python3
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

{ printf 'header origin=1000000000\nsyscall 0 read\nsyscall 2 open\nerrno 2 ENOENT\n'
  printf 'probe 0 syscall:read syscall read\nprobe 2 syscall:open syscall open\n'
  printf 'proc existing pid=10 ppid=1 ts=1000000000 comm=first exe=/bin/a\n'
  echo "stack 5 kernel frame=0x10,0,inner,kernel,\"\" frame=0x20,0,outer,kernel,\"\""
  echo "gen 400 seed=3 probes=0,2 pids=3"
  echo "ev ts=2000000000 pid=10 probe=2 ret=-2 lat=10 kstack=5"
  echo end; } | "$mktrace" "$T/t.zst"
"$ANA" "$T/t.zst" --db "$T/t.db" --sql "SELECT 1" > /dev/null || bad "--db failed"

views=("" "--export perfetto $T/out.json" "--flamegraph $T/out.svg")
"$ANA" --help | grep -q -- '--strace' && views+=("--strace")

# refused by every view, with the same line
bads=("1; DROP TABLE meta" "1) OR (1" "pid = " "(pid = 1" "errno = 'ENOENT"
      "1 -- c" "x = 1 /*" "" "  " "pid = 1 ORDER BY 1" "nosuch = 1"
      "pid = = 1" "pid = 1) UNION SELECT 1 FROM meta WHERE (1")
for p in "${bads[@]}"; do
	first=
	for v in "${views[@]}"; do
		rm -f "$T/out.json" "$T/out.svg"
		# shellcheck disable=SC2086
		err=$("$ANA" "$T/t.zst" $v --where "$p" 2>&1 > "$T/stdout")
		rc=$?
		[ $rc -eq 1 ] && [ "$(echo "$err" | wc -l)" -eq 1 ] &&
			[[ $err == "analyze: bad --where '$p': "* ]] && ok ||
			bad "$v --where '$p': $rc $err"
		why=${err#"analyze: bad --where '$p': "}
		[[ $p == *")"* || $why != *")"* ]] && ok ||
			bad "$v --where '$p' quotes a ')' the user did not type: $err"
		[ ! -e "$T/out.json" ] && [ ! -e "$T/out.svg" ] && [ ! -s "$T/stdout" ] && ok ||
			bad "$v --where '$p' wrote output"
		[ -z "$first" ] && first=$err
		[ "$err" == "$first" ] && ok || bad "views disagree on '$p': '$first' vs '$err'"
	done
done
# the database is untouched by the refused statement
[ "$(sqlite3 "$T/t.db" "SELECT count(*) FROM meta")" -gt 0 ] && ok || bad "meta is gone"

# accepted by every view, selecting what sqlite3 selects
goods=("errno = 'ENOENT'" "pid IN (SELECT pid FROM processes)"
       "coalesce(comm, '') <> 'a;b)' -- a comment, then a newline
AND probe = 'syscall:read'" "folded(kstack_id) = 'outer;inner'" "(ret < 0) OR (latency_ns > 1000)")
for p in "${goods[@]}"; do
	want=$(sqlite3 "$T/t.db" "SELECT count(*) FROM events WHERE ($p
)" 2>/dev/null)
	[[ $p == folded* ]] && want=1
	for v in "${views[@]}"; do
		# shellcheck disable=SC2086
		err=$("$ANA" "$T/t.zst" $v --where "$p" 2>&1 > /dev/null)
		rc=$?
		[ $rc -eq 0 ] || [[ $err == *"has a stack" ]] && ok || bad "$v --where '$p': $rc $err"
	done
	# the report: calls and errors per probe as sqlite3 counts them, the
	# same with every latency in memory and with none (found by scans)
	want_rep=$(sqlite3 "$T/t.db" "SELECT probe, count(*), sum(ret BETWEEN -4095 AND -1) FROM events WHERE ($p
) GROUP BY probe ORDER BY probe")
	for budget in "" 0; do
		[[ $p == folded* ]] && break	# sqlite3 has no folded()
		rep=$(KTRAIL_LATENCY_BUDGET=$budget "$ANA" "$T/t.zst" --where "$p" | awk '
			/^probes by total time/ { on = 1; next }
			on && /^$/ { exit }
			on && $1 ~ /:/ { print $1 "|" $2 "|" $3 }' | sort)
		[ "$rep" == "$want_rep" ] && ok || bad "report --where '$p' (budget '$budget'): $rep; sqlite3: $want_rep"
	done
	got=$(python3 -c 'import json,sys; print(sum(1 for e in json.load(open(sys.argv[1]))["traceEvents"] if e.get("cat") not in ("lost", "__metadata") and e.get("ph") != "M"))' "$T/out.json")
	[ "$got" == "$want" ] && ok || bad "--export --where '$p': $got events, sqlite3 says $want"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
