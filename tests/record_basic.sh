#!/bin/bash
# The core behaviour of record against outside truths: sleep durations,
# known file sizes, ENOENT, exit statuses, the process tree, file mode.
. "$(dirname "$0")/lib.sh"
need_bpf

# sleep 0.3: the nanosleep lasts 300 ms (within 15 %)
"$REC" -q -o sleep.zst -- sleep 0.3 || fail "record sleep failed"
lat=$(q sleep.zst "SELECT max(latency_ns) FROM events
		  WHERE probe IN ('syscall:clock_nanosleep', 'syscall:nanosleep')")
[ -n "$lat" ] || fail "no nanosleep event"
[ "$lat" -ge 255000000 ] && [ "$lat" -le 345000000 ] ||
	fail "sleep 0.3 latency $lat ns is not 300 ms +-15%"
echo "sleep 0.3: $lat ns"

# cat of a file of known size: one read returns exactly that size; the
# missing file's openat fails with -2 / ENOENT
head -c 12345 /dev/urandom > data.bin
"$REC" -q -o cat.zst -- cat data.bin /nonexistent-ktrail > /dev/null 2>&1
[ $? = 1 ] || fail "record did not exit with cat's status 1"
n=$(q cat.zst "SELECT count(*) FROM events WHERE probe = 'syscall:read' AND ret = 12345")
[ "$n" = 1 ] || fail "expected one read of 12345 bytes, got $n"
r=$(q cat.zst "SELECT ret || ' ' || errno FROM events WHERE probe = 'syscall:openat' AND ret < 0 ORDER BY ts_ns DESC LIMIT 1")
[ "$r" = "-2 ENOENT" ] || fail "openat of a missing file: got '$r'"

# exit status: the command's own, 128+signal when killed
"$REC" -q -o exit.zst -- sh -c 'exit 7'
[ $? = 7 ] || fail "sh -c 'exit 7' did not make record exit 7"
"$REC" -q -o kill.zst -- sh -c 'kill -TERM $$'
[ $? = 143 ] || fail "a command killed by SIGTERM did not make record exit 143"
code=$(q exit.zst "SELECT exit_code FROM processes WHERE exe LIKE '%sh' OR comm = 'sh' ORDER BY start_ns LIMIT 1")
[ "$code" = 7 ] || fail "processes.exit_code of sh is '$code', not 7"

# the process tree: sh and its two children, linked by ppid
"$REC" -q -o tree.zst -- sh -c '/bin/true; /bin/true; :'
root=$(q tree.zst "SELECT pid FROM processes WHERE comm = 'sh' OR exe LIKE '%/sh' ORDER BY start_ns LIMIT 1")
kids=$(q tree.zst "SELECT count(*) FROM processes WHERE ppid = $root")
[ "$kids" = 2 ] || fail "expected 2 children of sh ($root), got $kids"
evs=$(q tree.zst "SELECT count(DISTINCT pid) FROM events")
[ "$evs" = 3 ] || fail "events come from $evs processes, not 3"

# the file: mode 0600, a valid zstd stream with checksums, complete
mode=$(stat -c %a tree.zst)
[ "$mode" = 600 ] || fail "trace mode is $mode, not 600"
(umask 000 && "$REC" -q -o umask.zst -- true) || fail "record true failed"
[ "$(stat -c %a umask.zst)" = 600 ] || fail "trace mode under umask 000 is not 600"
zstd -tq tree.zst || fail "zstd -t rejects the trace"
[ "$(q tree.zst "SELECT value FROM meta WHERE key = 'complete'")" = 1 ] ||
	fail "trace not marked complete"

# 32-bit syscalls (int 0x80 on x86_64) are counted as dropped, not filed
# under the 64-bit table's names: 5 writes, none recorded as stat (i386 4)
if [ "$(uname -m)" = x86_64 ] && "$SAMPLES/compat_calls" 1 > /dev/null; then
	"$REC" -q -o compat.zst -- "$SAMPLES/compat_calls" 5 > /dev/null 2> compat.err ||
		fail "record compat_calls failed: $(cat compat.err)"
	grep -q ' 5 dropped' compat.err || fail "compat calls: $(cat compat.err)"
	[ "$(q compat.zst "SELECT value FROM meta WHERE key = 'dropped'")" = 5 ] ||
		fail "compat calls: END.dropped is not 5"
	[ "$(q compat.zst "SELECT count(*) FROM events WHERE probe IN
		('syscall:stat', 'syscall:write')")" = 0 ] ||
		fail "a 32-bit write was recorded under a 64-bit name"
fi
echo ok
