#!/bin/bash
# analyze_db.sh BUILD SCRATCH - several traces in one database, and --db files.
#
# Two traces imported together must give, per trace_id, the same counts as
# each imported alone; a --db file must be a plain SQLite database that the
# stock sqlite3 shell reads (every table and view, same counts); analyze
# --db FILE without traces queries it again; --db never overwrites a file
# that is not an SQLite database.
. "$(dirname "$0")/lib.sh"
mktrace=$B/tests/mktrace
built "$ANA" "$mktrace"
command -v sqlite3 > /dev/null || skip "the sqlite3 shell is missing (apt-get install sqlite3)"
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
# same WHAT GOT WANT
same() {
	if [ "$2" == "$3" ]; then ok; else bad "$1"; echo "  got:  $2" | head -20; echo "  want: $3" | head -20; fi
}

head_spec() {	# $1 host, $2 errno 2 name
	printf 'header origin=1000000000\nmeta host %s\nsyscall 0 read\nerrno 2 %s\n' "$1" "$2"
	printf 'probe 0 syscall:read syscall read\nprobe 1 syscall:write syscall write\n'
	printf 'proc existing pid=10 ppid=1 ts=1000000000 comm=first exe=/bin/a\n'
}
{ head_spec alpha ENOENT
  echo "stack 5 kernel frame=0x10,0,inner,kernel,\"\" frame=0x20,0,outer,kernel,\"\""
  echo "gen 3000 seed=3 probes=0,1 pids=3"
  echo "ev ts=2000000000 pid=10 probe=0 ret=-2 lat=10 kstack=5"
  echo end; } | "$mktrace" "$T/a.zst"
{ head_spec beta EMADEUP
  echo "stack 5 user pid=10 frame=0x30,0,main,/bin/b,abcd"
  echo "gen 1700 seed=9 probes=1 pids=5"
  echo "ev ts=2000000000 pid=10 probe=0 ret=-2 lat=10 kstack=5"
  echo end; } | "$mktrace" "$T/b.zst"

Q="SELECT trace_id, probe, count(*), count(errno), sum(latency_ns), min(errno), count(DISTINCT pid) FROM events GROUP BY trace_id, probe ORDER BY 1, 2"
one_a=$("$ANA" "$T/a.zst" --format csv --sql "$Q" | tail -n +2)
one_b=$("$ANA" "$T/b.zst" --format csv --sql "$Q" | tail -n +2 | sed 's/^1,/2,/')
both=$("$ANA" "$T/a.zst" "$T/b.zst" --format csv --sql "$Q" | tail -n +2)
same "per-trace counts of two traces equal single-trace counts" "$both" "$one_a
$one_b"
[ -n "$one_a" ] && [ -n "$one_b" ] && ok || bad "no rows from single traces"
same "each trace keeps its errno table" \
	"$("$ANA" "$T/a.zst" "$T/b.zst" --format csv --sql "SELECT trace_id, errno, errno_name(ret, trace_id) FROM events WHERE ts_ns = 1000000000 ORDER BY 1")" \
	"trace_id,errno,\"errno_name(ret, trace_id)\"
1,ENOENT,ENOENT
2,EMADEUP,EMADEUP"
same "meta per trace" \
	"$("$ANA" "$T/a.zst" "$T/b.zst" --format csv --sql "SELECT trace_id, value FROM meta WHERE key = 'host' ORDER BY 1")" \
	"trace_id,value
1,alpha
2,beta"
same "folded with a trace id" \
	"$("$ANA" "$T/a.zst" "$T/b.zst" --format csv --sql "SELECT folded(5, 1), folded(5, 2)")" \
	"\"folded(5, 1)\",\"folded(5, 2)\"
outer;inner,main"
out=$("$ANA" "$T/a.zst" "$T/b.zst" --sql "SELECT folded(5)" 2>&1)
rc=$?
[ $rc -eq 1 ] && [[ $out == "analyze: SQL error: folded: this stack id is in several traces"* ]] &&
	ok || bad "folded(5) with two traces must be ambiguous: $rc $out"
report=$("$ANA" "$T/a.zst" "$T/b.zst")
[[ $report == *"== trace 1: "*"a.zst =="*"host       alpha"*"== trace 2: "*"b.zst =="*"host       beta"* ]] &&
	ok || bad "one report per trace: $(echo "$report" | head -30)"

# probes: probe_id counts in the order of first use, nr is the trace's
# number; a later PROBE record renames, an unnamed number is guessed
{ printf 'header origin=1000000000\nsyscall 7 seven\n'
  printf 'probe 1 syscall:write syscall write\nprobe 3 syscall:close syscall close\n'
  echo "ev ts=1000000100 pid=10 probe=1"
  echo "ev ts=1000000200 pid=10 probe=7"
  echo "ev ts=1000000300 pid=10 probe=9000"
  echo "ev ts=1000000400 pid=10 probe=1"
  echo "probe 1 syscall:write2 syscall write2"
  echo end; } | "$mktrace" "$T/c.zst"
same "probe ids in the order of first use, the trace's numbers in nr" \
	"$("$ANA" "$T/c.zst" --format csv --sql "SELECT probe_id, nr, probe, kind, target FROM probes ORDER BY probe_id")" \
	"probe_id,nr,probe,kind,target
1,1,syscall:write2,syscall,write2
2,7,syscall:seven,syscall,seven
3,9000,unknown:9000,unknown,
4,3,syscall:close,syscall,close"
same "events name their probes" \
	"$("$ANA" "$T/c.zst" --format csv --sql "SELECT probe FROM events ORDER BY ts_ns")" \
	"probe
syscall:write2
syscall:seven
unknown:9000
syscall:write2"

# --db: a plain SQLite file the sqlite3 shell reads
"$ANA" "$T/a.zst" "$T/b.zst" --db "$T/t.db" --sql "SELECT 1" > /dev/null || bad "--db import failed"
file_q="SELECT trace_id, p.probe, count(*), count(CASE WHEN ret BETWEEN -4095 AND -1 THEN 1 END), sum(latency_ns), min(errno), count(DISTINCT pid) FROM events JOIN probes p USING (trace_id, probe) GROUP BY trace_id, p.probe ORDER BY 1, 2"
same "sqlite3 reads the same counts" "$(sqlite3 -csv "$T/t.db" "$file_q")" "$both"
names=$(sqlite3 "$T/t.db" "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY 1")
for n in events probes processes stack_frames lost meta; do
	[[ $'\n'$names$'\n' == *$'\n'$n$'\n'* ]] && ok || bad "--db file has no $n"
done
for n in $names; do
	err=$(sqlite3 "$T/t.db" "SELECT * FROM \"$n\" LIMIT 1" 2>&1 > /dev/null)
	[ -z "$err" ] && ok || bad "sqlite3 cannot read $n: $err"
done
same "events columns" "$(sqlite3 "$T/t.db" "SELECT group_concat(name, ',') FROM pragma_table_info('events')")" \
	"trace_id,ts_ns,pid,tid,comm,cpu,probe,ret,latency_ns,errno,kstack_id,ustack_id,arg0,arg1,arg2,arg3,arg4,arg5,path,args,fd_path,addr"
idx=$(sqlite3 "$T/t.db" "EXPLAIN QUERY PLAN SELECT count(*) FROM events WHERE probe = 'syscall:write'")
[[ $idx == *"USING"*"INDEX"* ]] && ok || bad "probe query uses no index: $idx"
# querying the kept database again, without the traces
same "--db without traces" "$("$ANA" --db "$T/t.db" --format csv --sql "$Q" | tail -n +2)" "$both"
# it replaces an SQLite file, and refuses anything else
"$ANA" "$T/b.zst" --db "$T/t.db" --sql "SELECT 1" > /dev/null || bad "cannot replace an SQLite file"
same "replaced database holds one trace" "$(sqlite3 "$T/t.db" "SELECT count(*) FROM traces")" 1
echo precious > "$T/notes.txt"
out=$("$ANA" "$T/a.zst" --db "$T/notes.txt" 2>&1)
rc=$?
[ $rc -eq 1 ] && [ "$(cat "$T/notes.txt")" == precious ] &&
	[[ $out == *"not an SQLite database; not overwriting it" ]] && ok ||
	bad "--db over a text file: $rc $out"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
