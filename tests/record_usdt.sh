#!/bin/bash
# USDT probes (usdt:PATH:PROVIDER:NAME) on programs whose own output says
# how often each probe fired, libstdc++'s throw probe, python3.11's
# function__entry against bpftrace's count, and `record -l` against
# readelf -n and bpftrace -l.
. "$(dirname "$0")/lib.sh"
need_bpf
need readelf
built "$SAMPLES/usdt_probe" "$SAMPLES/throw5"
P=$SAMPLES/usdt_probe

# --- record -l: the provider:name pairs of the file's SDT notes
notes() {	# readelf's view: "provider:name", sorted, unique
	readelf -n "$1" | awk '/^ *Provider:/ { p = $2 } /^ *Name:/ { print p ":" $2 }' | sort -u
}
"$REC" -l "$P" > list.txt || fail "record -l failed"
[ "$(sed "s|^usdt:$P:||" list.txt)" = "$(notes "$P")" ] ||
	fail "record -l differs from readelf -n: $(cat list.txt)"
[ "$(wc -l < list.txt)" = 2 ] || fail "record -l: not the sample's 2 probes"
if [ -x /usr/bin/python3.11 ]; then
	"$REC" -l /usr/bin/python3.11 > pylist.txt || fail "record -l python3.11 failed"
	[ "$(sed "s|^usdt:/usr/bin/python3.11:||" pylist.txt)" = "$(notes /usr/bin/python3.11)" ] ||
		fail "record -l python3.11 differs from readelf -n"
	if command -v bpftrace > /dev/null; then
		bpftrace -l 'usdt:/usr/bin/python3.11:*' 2> /dev/null | sort > bt-list.txt
		cmp -s pylist.txt bt-list.txt ||
			fail "record -l differs from bpftrace -l: $(diff pylist.txt bt-list.txt | tr '\n' ' ')"
		echo "record -l agrees with bpftrace -l on python3.11"
	fi
fi
"$REC" -l /bin/true > none.txt 2> none.err || fail "record -l of a file without probes failed"
[ ! -s none.txt ] && grep -q "has no USDT probes" none.err ||
	fail "record -l /bin/true: $(cat none.txt none.err)"

# --- our sample: tick(i, msg) N times behind a semaphore, done(ticked) once
"$REC" -q -e "usdt:$P:ktrail:*" -o sample.zst -- "$P" 7 > out.txt ||
	fail "record usdt sample failed"
msg=$(sed -n 's/^msg 0x//p' out.txt)
[ "$(sed -n 's/^ticked //p' out.txt)" = 7 ] ||
	fail "the tick semaphore was not set while recording: $(cat out.txt)"
[ "$(q sample.zst "SELECT count(*) FROM events")" = 8 ] ||
	fail "sample: not 7 ticks and 1 done (or other events too)"
[ "$(q sample.zst "SELECT group_concat(arg0, ',') FROM (SELECT arg0 FROM events WHERE probe = 'usdt:$P:ktrail:tick' ORDER BY ts_ns)")" = "0,1,2,3,4,5,6" ] ||
	fail "sample: tick's int argument is not 0..6"
[ "$(q sample.zst "SELECT count(*) FROM events WHERE probe = 'usdt:$P:ktrail:tick' AND printf('%x', arg1) = '$msg'")" = 7 ] ||
	fail "sample: tick's string argument is not the pointer the program passed (0x$msg)"
[ "$(q sample.zst "SELECT arg0 FROM events WHERE probe = 'usdt:$P:ktrail:done'")" = 7 ] ||
	fail "sample: done's argument is not 7"
# the notes' argument counts: tick has 2, done 1; the rest is NULL
[ "$(q sample.zst "SELECT count(*) FROM events WHERE arg2 IS NULL AND (arg1 IS NULL) = (probe = 'usdt:$P:ktrail:done')")" = 8 ] ||
	fail "sample: arguments past a probe's count are not NULL"
# ktrail:tick is no provider whose convention ktrail knows: msg stays raw
[ "$(q sample.zst "SELECT args FROM events WHERE probe = 'usdt:$P:ktrail:tick' ORDER BY ts_ns LIMIT 1")" = "0, $((0x$msg))" ] ||
	fail "sample: tick's args column"
[ "$(q sample.zst "SELECT group_concat(kind || ' ' || target, ',') FROM (SELECT * FROM probes ORDER BY target)")" = "usdt $P:ktrail:done,usdt $P:ktrail:tick" ] ||
	fail "sample: probes table: $(q sample.zst "SELECT group_concat(target) FROM probes")"

# without a tracer the semaphore stays 0
[ "$("$P" 3 | sed -n 's/^ticked //p')" = 0 ] || fail "sample: semaphore set with no tracer"

# --- -p: a running process, its semaphore set after it started
"$P" 4 1000 > pid.txt &
pid=$!
sleep 0.2
"$REC" -q -e "usdt:$P:ktrail:tick" -o pid.zst -p "$pid" || fail "record -p failed"
wait "$pid"
[ "$(sed -n 's/^ticked //p' pid.txt)" = 4 ] || fail "-p: the semaphore was not set: $(cat pid.txt)"
[ "$(q pid.zst "SELECT count(*) FROM events WHERE pid = $pid")" = 4 ] ||
	fail "-p: not 4 ticks of pid $pid"

# --- -a: every process, this one included
"$P" 3 1000 > all.txt &
pid=$!
"$REC" -q -e "usdt:$P:ktrail:tick" -o all.zst -a --duration 2 || fail "record -a failed"
wait "$pid"
[ "$(sed -n 's/^ticked //p' all.txt)" = 3 ] || fail "-a: the semaphore was not set: $(cat all.txt)"
[ "$(q all.zst "SELECT count(*) FROM events WHERE pid = $pid")" = 3 ] ||
	fail "-a: not 3 ticks of pid $pid"

# --- --stacks: the user stack starts in main, where the probe sits; a hit
# in user mode has no kernel stack, and that is no capture failure
"$REC" -q --stacks -e "usdt:$P:ktrail:tick" -o stacks.zst -- "$P" 2 > /dev/null 2> stacks.err ||
	fail "record --stacks failed"
grep -q ", 0 dropped," stacks.err || fail "--stacks: $(cat stacks.err)"
[ "$(q stacks.zst "SELECT count(kstack_id) FROM events")" = 0 ] ||
	fail "--stacks: a kernel stack for a user-mode hit"
[ "$(q stacks.zst "SELECT count(ustack_id) FROM events")" = 2 ] ||
	fail "--stacks: not every event has a user stack"
[ "$(q stacks.zst "SELECT symbol FROM stack_frames WHERE depth = 0 AND stack_id = (SELECT ustack_id FROM events LIMIT 1)")" = main ] ||
	fail "--stacks: the innermost user frame is not main"

# --- libstdc++'s throw probe: 5 throws, 5 events, nothing else
lib=$(ldd "$SAMPLES/throw5" | awk '$1 ~ /^libstdc\+\+/ { print $3 }')
[ -n "$lib" ] || fail "cannot find throw5's libstdc++"
"$REC" -q -e "usdt:$lib:libstdcxx:throw" -o throw.zst -- "$SAMPLES/throw5" > /dev/null ||
	fail "record libstdcxx:throw failed"
[ "$(q throw.zst "SELECT count(*) FROM events WHERE probe = 'usdt:$lib:libstdcxx:throw'")" = 5 ] ||
	fail "libstdcxx:throw: not 5 events"
[ "$(q throw.zst "SELECT count(*) FROM events WHERE probe NOT LIKE 'usdt:%'")" = 0 ] ||
	fail "libstdcxx:throw: other events recorded"

# --- a provider or name the binary lacks: one line listing what it has,
# the command not run
"$REC" -q -e "usdt:$P:ktrail:nosuch" -o no.zst -- touch ran > no.out 2> no.err
rc=$?
[ "$rc" = 2 ] || fail "unknown probe: exit $rc, not 2"
[ ! -e ran ] || fail "unknown probe: the command ran"
[ ! -e no.zst ] || fail "unknown probe: a trace was left"
[ "$(cat no.err)" = "record: no USDT probe 'ktrail:nosuch' in '$P'; it has ktrail:done, ktrail:tick" ] ||
	fail "unknown probe: stderr: $(cat no.err)"
"$REC" -q -e "usdt:/bin/true:a:b" -o no.zst -- true 2> none.err
[ $? = 2 ] && [ "$(cat none.err)" = "record: '/bin/true' has no USDT probes (no .note.stapsdt section)" ] ||
	fail "probe in a file without notes: $(cat none.err)"

# --- python3.11's function__entry: N generator closes (see usdt_gen.py),
# and the same functions as bpftrace counts, by name: python's convention
# is known, so filename and funcname are decoded strings
[ -x /usr/bin/python3.11 ] || { echo "no /usr/bin/python3.11: python checks skipped"; exit 0; }
PY="/usr/bin/python3.11 $TESTS/usdt_gen.py 9"
"$REC" -q -e usdt:python3.11:python:function__entry -o py.zst -- $PY > /dev/null ||
	fail "record python:function__entry failed"
[ "$(q py.zst "SELECT count(*) FROM events WHERE arg2 = 12")" = 9 ] ||
	fail "python: not 9 entries at usdt_gen.py's yield line"
[ "$(q py.zst "SELECT count(*) FROM events WHERE path = '$TESTS/usdt_gen.py' AND args = '\"$TESTS/usdt_gen.py\", \"gen\", 12'")" = 9 ] ||
	fail "python: not 9 entries of gen() in usdt_gen.py: $(q py.zst "SELECT args FROM events WHERE arg2 = 12")"
total=$(q py.zst "SELECT count(*) FROM events")
# "FILE", "FUNC", LINE -> FUNC COUNT, sorted
"$ANA" py.zst --format csv --sql "SELECT f || ' ' || count(*) FROM (SELECT substr(r, 1, instr(r, '\"') - 1) AS f FROM (SELECT substr(args, instr(args, '\", \"') + 4) AS r FROM events)) GROUP BY f ORDER BY f" |
	sed 1d | tr -d '"' > names.txt
if command -v bpftrace > /dev/null; then
	bpftrace -e 'usdt:/usr/bin/python3.11:python:function__entry { @n = count(); @f[str(arg1)] = count(); }' \
		-c "$PY" > bt.txt 2> bt.err
	want=$(sed -n 's/^@n: //p' bt.txt)
	[ -n "$want" ] || fail "bpftrace failed: $(cat bt.err)"
	[ "$total" = "$want" ] || fail "python: $total events, bpftrace counts $want"
	sed -n 's/^@f\[\(.*\)\]: \([0-9]*\)$/\1 \2/p' bt.txt | LC_ALL=C sort > bt-names.txt
	cmp -s names.txt bt-names.txt ||
		fail "python: function names differ from bpftrace's: $(diff names.txt bt-names.txt | tr '\n' ' ')"
	echo "python: $total function__entry events, by name as bpftrace counts: $(tr '\n' ' ' < names.txt)"
else
	echo "bpftrace not installed: python count cross-check skipped"
fi
exit 0
