#!/bin/bash
# Probe kinds, groups, filters and targets on real programs, checked
# against what the programs are known to do, strace, and bpftrace.
. "$(dirname "$0")/lib.sh"
need_bpf

# --- ufunc: N calls of compute(i) sleeping 20 ms and returning 7*i
"$REC" -q -e "ufunc:$SAMPLES/ufunc:compute" -o ufunc.zst -- "$SAMPLES/ufunc" 5 20 ||
	fail "record ufunc failed"
[ "$(q ufunc.zst "SELECT count(*) FROM events")" = 5 ] || fail "ufunc: not 5 events (or other events too)"
[ "$(q ufunc.zst "SELECT group_concat(ret, ',') FROM (SELECT ret FROM events ORDER BY ts_ns)")" = "7,14,21,28,35" ] ||
	fail "ufunc: return values are not 7,14,21,28,35"
[ "$(q ufunc.zst "SELECT group_concat(arg0, ',') FROM (SELECT arg0 FROM events ORDER BY ts_ns)")" = "1,2,3,4,5" ] ||
	fail "ufunc: first arguments are not 1..5"
[ "$(q ufunc.zst "SELECT min(latency_ns) >= 20000000 FROM events")" = 1 ] ||
	fail "ufunc: a latency is below the 20 ms sleep"
[ "$(q ufunc.zst "SELECT kind || ' ' || target FROM probes")" = "ufunc $SAMPLES/ufunc:compute" ] ||
	fail "ufunc: probes table"

# uprobe alone: arguments, no return value; uretprobe alone: return values
"$REC" -q -e "uprobe:$SAMPLES/ufunc:compute,uretprobe:$SAMPLES/ufunc:compute" \
	-o uprobe.zst -- "$SAMPLES/ufunc" 3 1 || fail "record uprobe failed"
[ "$(q uprobe.zst "SELECT count(*) || ' ' || count(ret) FROM events WHERE probe LIKE 'uprobe:%'")" = "3 0" ] ||
	fail "uprobe: expected 3 events without ret"
[ "$(q uprobe.zst "SELECT group_concat(ret, ',') FROM (SELECT ret FROM events WHERE probe LIKE 'uretprobe:%' ORDER BY ts_ns)")" = "7,14,21" ] ||
	fail "uretprobe: return values"

# --- syscall selections: only those probes, openat as strace counts it
"$REC" -q -e syscall:openat,syscall:close -o sel.zst -- ls /usr/share > /dev/null
strace -f -qq -e trace=openat -o sel.strace ls /usr/share > /dev/null
want=$(grep -c 'openat(' sel.strace)
[ "$(q sel.zst "SELECT count(*) FROM events WHERE probe = 'syscall:openat'")" = "$want" ] ||
	fail "-e syscall:openat: count differs from strace's $want"
[ "$(q sel.zst "SELECT count(DISTINCT probe) FROM events WHERE probe NOT IN ('syscall:openat', 'syscall:close')")" = 0 ] ||
	fail "-e syscall:openat,syscall:close recorded other syscalls"
"$REC" -q -e 'syscall:%file' -o file.zst -- cat /etc/hostname > /dev/null
[ "$(q file.zst "SELECT count(*) > 0 FROM events WHERE probe = 'syscall:openat'")" = 1 ] ||
	fail "%file lacks openat"
[ "$(q file.zst "SELECT count(*) FROM events WHERE probe IN ('syscall:read', 'syscall:mmap')")" = 0 ] ||
	fail "%file has read or mmap"

# --- a tracepoint counts the forks of a workload that forks 7 times
"$REC" -q -e tracepoint:sched:sched_process_fork -o tp.zst -- "$SAMPLES/forker" 7 ||
	fail "record tracepoint failed"
[ "$(q tp.zst "SELECT count(*) FROM events WHERE probe = 'tracepoint:sched:sched_process_fork'")" = 7 ] ||
	fail "sched_process_fork: not 7 hits"

# --- --failed: every event failed, the ENOENT open kept
"$REC" -q --failed -o failed.zst -- cat /etc/hostname /nonexistent-kt > /dev/null 2>&1
[ "$(q failed.zst "SELECT count(*) FROM events WHERE errno IS NULL AND ret IS NOT NULL")" = 0 ] ||
	fail "--failed kept a successful call"
[ "$(q failed.zst "SELECT count(*) FROM events WHERE probe = 'syscall:openat' AND errno = 'ENOENT'")" -ge 1 ] ||
	fail "--failed lost the ENOENT open"
[ "$(q failed.zst "SELECT value FROM meta WHERE key = 'filter_failed'")" = 1 ] ||
	fail "--failed not in meta"

# --- --slower-than 100ms: the 0.3 s sleep kept, nothing faster
"$REC" -q --slower-than 100ms -o slow.zst -- sleep 0.3
[ "$(q slow.zst "SELECT count(*) FROM events WHERE latency_ns < 100000000")" = 0 ] ||
	fail "--slower-than kept a fast call"
[ "$(q slow.zst "SELECT count(*) FROM events WHERE probe LIKE '%nanosleep'")" = 1 ] ||
	fail "--slower-than lost the sleep"

# --- -p: a running shell loop for 2 s; its events and children; it lives on
sh -c 'while :; do /bin/true; sleep 0.2; done' &
loop=$!
sleep 0.3
"$REC" -q -p $loop --duration 2 -o pid.zst || fail "record -p failed"
kill -0 $loop 2>/dev/null || fail "the -p target did not survive the recording"
kill $loop
[ "$(q pid.zst "SELECT count(*) > 0 FROM events WHERE pid = $loop")" = 1 ] || fail "-p: no events of the target"
kids=$(q pid.zst "SELECT count(*) FROM processes WHERE ppid = $loop")
[ "$kids" -ge 10 ] || fail "-p: only $kids children seen in 2 s (expected ~20)"
[ "$(q pid.zst "SELECT count(DISTINCT pid) FROM events")" -gt 5 ] || fail "-p: children's events missing"

# --- -a: an unrelated process is seen
( sleep 0.5; exec -a kt-marker-proc cat /etc/hostname > /dev/null ) &
"$REC" -q -a --duration 1.5 -o all.zst 2> all.err &
rec=$!
wait $rec || fail "record -a failed: $(cat all.err)"
wait
# records made before the perf buffers were open used to be dropped
grep -q ' 0 lost, 0 dropped' all.err || fail "-a dropped records: $(cat all.err)"
[ "$(q all.zst "SELECT count(*) > 0 FROM events WHERE comm LIKE 'cat%' OR comm LIKE 'kt-marker%'")" = 1 ] ||
	fail "-a did not see the marker process"
# by pid: other recorders running on the machine are fair game
[ "$(q all.zst "SELECT count(*) FROM events WHERE pid = $rec")" = 0 ] ||
	fail "-a recorded record itself"

# --- pids past 2^18, as on machines where systemd raised kernel.pid_max:
# the command and its children are followed, and nothing else is
old_max=$(cat /proc/sys/kernel/pid_max)
if echo 4194304 > /proc/sys/kernel/pid_max 2>/dev/null &&
   echo 3000000 > /proc/sys/kernel/ns_last_pid 2>/dev/null; then
	"$REC" -q -o bigpid.zst -- sh -c 'cat /etc/hostname; exit 3' > /dev/null 2> bigpid.err
	rc=$?
	echo "$old_max" > /proc/sys/kernel/pid_max
	[ $rc = 3 ] || fail "record with pids past 2^18: exit $rc: $(cat bigpid.err)"
	low=$(q bigpid.zst "SELECT min(pid) FROM events")
	[ "$low" -gt 262144 ] || fail "pids were not past 2^18 ($low)"
	[ "$(q bigpid.zst "SELECT count(*) FROM events WHERE comm = 'cat' AND probe = 'syscall:openat'")" -ge 1 ] ||
		fail "the child cat (pid > 2^18) was not followed"
	[ "$(q bigpid.zst "SELECT count(DISTINCT pid) FROM events")" = 2 ] ||
		fail "events of other processes: $(q bigpid.zst "SELECT group_concat(DISTINCT comm) FROM events")"
	echo "pids past 2^18 ($low) followed"
else
	echo "$old_max" > /proc/sys/kernel/pid_max 2>/dev/null
	echo "cannot raise pid_max here: large-pid check skipped"
fi

# --- -u: the command runs as that user
uid=$("$REC" -q -u nobody -o u.zst -- id -u)
[ "$uid" = "$(id -u nobody)" ] || fail "-u nobody ran as uid $uid"

# --- cross-check with bpftrace: the ufunc returns agree
if command -v bpftrace > /dev/null; then
	bpftrace -q -e "uretprobe:$SAMPLES/ufunc:compute { printf(\"%d\\n\", retval); }" \
		-c "$SAMPLES/ufunc 3 1" > bt.txt 2>&1
	[ "$(tr -d ' \r' < bt.txt | grep -E '^[0-9]+$' | paste -sd,)" = "7,14,21" ] ||
		fail "bpftrace saw other returns: $(cat bt.txt)"
	echo "bpftrace agrees on compute()'s returns"
else
	echo "bpftrace not installed: cross-check skipped"
fi
echo ok
