#!/bin/bash
# record under faults: SIGKILL, Ctrl-C to the process group, SIGTERM, a full
# disk, a closed pipe, --duration, forced perf-buffer losses, sudo
# ownership. The truths: marker files the workload made, a known syscall
# count, the bytes on disk, /proc.
. "$(dirname "$0")/lib.sh"
need_bpf

# --- SIGKILL: everything up to the last flush (at most 1 s old) is readable
# (the workload is told apart by the scratch dir in its argv: the same test
# may run beside this one)
"$REC" -q -o killed.zst -- sh -c 'i=0; while :; do i=$((i+1)); : > m.$i; sleep 0.1; done' "$T/killed" &
rec=$!
sleep 2.5
kill -KILL $rec
wait $rec 2>/dev/null
pkill -f "^sh -c i=0; while :; do i=.* $T/killed\$" 2>/dev/null
markers=$(ls m.* | wc -l)
"$ANA" killed.zst --sql "SELECT count(*) FROM events" > out.txt 2> err.txt ||
	fail "analyze of a SIGKILLed trace failed: $(cat err.txt)"
grep -q truncated err.txt || fail "no 'truncated' warning: $(cat err.txt)"
got=$(q killed.zst "SELECT count(*) FROM events WHERE probe = 'syscall:openat' AND ret >= 0 AND comm = 'sh'")
[ "$got" -ge $((markers - 13)) ] ||
	fail "SIGKILL: $markers markers made, only $got opens in the trace (more than 1 s lost)"
echo "SIGKILL: $markers markers, $got opens readable"

# --- Ctrl-C: SIGINT to the whole process group; the trace is complete
setsid sh -c "\"$REC\" -q -o int.zst -- sleep 30 & sleep 1; kill -INT 0" 2>/dev/null
sleep 1
[ "$(q int.zst "SELECT value FROM meta WHERE key = 'complete'")" = 1 ] ||
	fail "SIGINT to the process group left an incomplete trace"

# --- SIGTERM to record alone: passed to the command, trace complete
"$REC" -q -o term.zst -- sleep 30 &
rec=$!
sleep 1
start=$(date +%s)
kill -TERM $rec
wait $rec
st=$?
[ $st = 143 ] || fail "record after SIGTERM exited $st, not 143 (sleep killed by SIGTERM)"
[ $(( $(date +%s) - start )) -le 4 ] || fail "SIGTERM took too long"
[ "$(q term.zst "SELECT value FROM meta WHERE key = 'complete'")" = 1 ] ||
	fail "SIGTERM left an incomplete trace"

# --- forced losses: a tiny buffer, a known number of syscalls
n=200000
"$REC" -q -m 1 -e syscall:getppid -o lost.zst -- "$SAMPLES/syscall_loop" $n 2> err.txt ||
	fail "record -m 1 failed: $(cat err.txt)"
ev=$(q lost.zst "SELECT count(*) FROM events WHERE probe = 'syscall:getppid'")
lost=$(q lost.zst "SELECT coalesce(sum(count), 0) FROM lost")
cpus=$(q lost.zst "SELECT count(DISTINCT cpu) FROM lost")
[ "$lost" -gt 0 ] || fail "a 1-page buffer lost nothing ($ev events)"
[ $((ev + lost)) -ge $n ] && [ $((ev + lost)) -le $((n + 20)) ] ||
	fail "events $ev + lost $lost != $n getppid calls"
grep -q " $lost lost" err.txt || fail "final line does not report $lost lost: $(cat err.txt)"
echo "losses: $ev events + $lost lost on $cpus CPU(s) = $n"

# --- disk full: recording stops with one line saying why, the command is
# still waited for (its marker file exists when record returns) and its
# status reported; record exits 1; the frames written are readable
mkdir small
mount -t tmpfs -o size=200k tmpfs small || skip "cannot mount a tmpfs"
umount_later() { umount "$T/small" 2>/dev/null; }
trap umount_later EXIT
"$REC" -q -o small/full.zst -- sh -c "\"$SAMPLES/syscall_loop\" 3000000; sleep 1; : > done.full; exit 5" 2> err.txt
st=$?
[ $st = 1 ] || fail "record on a full disk exited $st, not 1"
[ -e done.full ] || fail "record on a full disk did not wait for the command"
[ "$(wc -l < err.txt)" = 2 ] &&
	sed -n 1p err.txt | grep -q "cannot write 'small/full.zst': No space left on device: recording stopped, waiting for the command" &&
	sed -n 2p err.txt | grep -q "'sh' exited with status 5" ||
	fail "disk full: stderr was: $(cat err.txt)"
"$ANA" small/full.zst --format csv --sql "SELECT count(*) FROM events" > out.txt 2> err.txt ||
	fail "the frames written before the disk filled are unreadable: $(cat err.txt)"
[ "$(sed -n 2p out.txt | tr -dc 0-9)" -gt 0 ] || fail "no events before the disk filled"
# a start on the full disk fails before the old trace is touched
cp small/full.zst before.zst
"$REC" -q -o small/full.zst -- touch ran.full 2> err.txt
st=$?
[ $st = 1 ] && grep -q "No space left on device" err.txt ||
	fail "a start on a full disk: exit $st, stderr: $(cat err.txt)"
cmp -s before.zst small/full.zst || fail "a failed start on a full disk changed the old trace"
[ ! -e ran.full ] || fail "the command ran although the trace could not be started"
[ "$(ls -A small)" = full.zst ] || fail "a failed start left files behind: $(ls -A small)"

# --- the reader of -o - gone (EPIPE): the same
"$REC" -q -o - -- sh -c 'for i in 1 2 3 4 5 6 7 8; do cat /etc/hostname; sleep 0.5; done; : > done.pipe; exit 4' 2> err.txt | head -c 100 > /dev/null
st=${PIPESTATUS[0]}
[ $st = 1 ] || fail "record -o - into a closed pipe exited $st, not 1"
[ -e done.pipe ] || fail "record -o - into a closed pipe did not wait for the command"
grep -q "cannot write the trace to standard output: Broken pipe: recording stopped" err.txt &&
	grep -q "'sh' exited with status 4" err.txt ||
	fail "EPIPE: stderr was: $(cat err.txt)"

# --- --duration ends the recording, not the command: said, and true
"$REC" -q -o dur.zst --duration 0.5 -- sleep 5 2> err.txt
st=$?
pid=$(sed -n 's/.*(pid \([0-9]*\)) runs on, untraced$/\1/p' err.txt)
[ $st = 0 ] && [ -n "$pid" ] || fail "--duration: exit $st, stderr: $(cat err.txt)"
[ "$(cat /proc/"$pid"/comm 2>/dev/null)" = sleep ] || fail "--duration: pid $pid is not the running command"
kill "$pid"
[ "$(q dur.zst "SELECT value FROM meta WHERE key = 'complete'")" = 1 ] ||
	fail "--duration left an incomplete trace"

# --- under sudo the trace belongs to the caller (and the command runs as them)
SUDO_UID=65534 SUDO_GID=65534 "$REC" -q -o sudo.zst -- id -u > id.txt ||
	fail "record under SUDO_UID failed"
[ "$(stat -c %u:%g sudo.zst)" = 65534:65534 ] || fail "trace not owned by the sudo caller"
[ "$(cat id.txt)" = 65534 ] || fail "the command did not run as the sudo caller"
echo ok
