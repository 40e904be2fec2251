#!/bin/bash
# User stacks through code built without frame pointers (--stacks=user):
# Debian's python3.11, tar and libc are unwound with their .eh_frame.
# Oracles: perf record --call-graph dwarf on the same command (the same
# frames, address for address: tests/ustack_oracle.py) and gdb's bt. Then
# the hard cases: a stack deeper than the limit, a library unmapped, an
# exec, a deleted binary, a binary seen through another mount namespace,
# and the traces analyzed by nobody once the binaries are gone.
. "$(dirname "$0")/lib.sh"
need_bpf
need setpriv
built "$SAMPLES/ustack_edge" "$SAMPLES/callchain"
PY=/usr/bin/python3.11
[ -x $PY ] || skip "needs Debian's $PY"
E=$SAMPLES/ustack_edge
folded() { "$ANA" "$1" --format csv --sql "SELECT folded(ustack_id) FROM events e WHERE $2 ORDER BY ts_ns" | sed 1d | tr -d '"'; }

# ---- python3.11: 200 opens from Python code ----------------------------------
PYCODE='for i in range(200): open("/etc/hostname").read()'
"$REC" -q --stacks=user -e syscall:openat -o py.zst -- $PY -c "$PYCODE" ||
	fail "record of python3.11 failed"
n=$(q py.zst "SELECT count(*) FROM events")
both=$(q py.zst "SELECT count(*) FROM events WHERE folded(ustack_id) LIKE '%;_PyEval_EvalFrameDefault;%'
	AND folded(ustack_id) LIKE '%;Py_RunMain;%'")
[ $((100 * both)) -ge $((80 * n)) ] ||
	fail "only $both of $n python3.11 openat stacks name _PyEval_EvalFrameDefault and Py_RunMain"
echo "python3.11: $both of $n openat stacks name _PyEval_EvalFrameDefault and Py_RunMain"
if command -v perf >/dev/null && perf record -q -m 4096 -e syscalls:sys_enter_openat \
	--call-graph dwarf -o py.data -- $PY -c "$PYCODE" >/dev/null 2>&1; then
	python3 "$TESTS/ustack_oracle.py" "$ANA" py.zst py.data python3.11 > oracle.txt ||
		fail "ustack_oracle.py failed"
	perf_n=$(awk '$1 == "perf" { print $2 }' oracle.txt)
	same=$(awk '$1 == "same" { print $2 }' oracle.txt)
	[ "$perf_n" -ge 100 ] || fail "perf gave only $perf_n stacks: $(cat oracle.txt)"
	[ $((100 * same)) -ge $((95 * perf_n)) ] ||
		fail "only $same of perf's $perf_n stacks are among ours, frame for frame"
	echo "perf --call-graph dwarf: $same of its $perf_n stacks are ours, frame for frame"
else
	echo "perf not usable: oracle comparison skipped"
fi

# ---- tar reading /usr/include/linux into a pipe ------------------------------
"$REC" -q --stacks=user -e syscall:openat -o tar.zst -- \
	sh -c 'tar cf - /usr/include/linux 2>/dev/null | cat > /dev/null' || fail "record of tar failed"
n=$(q tar.zst "SELECT count(*) FROM events WHERE comm = 'tar'")
k=$(q tar.zst "SELECT count(*) FROM events WHERE comm = 'tar' AND folded(ustack_id) LIKE '%;__libc_start_main%'")
[ "$n" -ge 500 ] || fail "tar made only $n openat calls"
[ $((100 * k)) -ge $((80 * n)) ] || fail "only $k of tar's $n openat stacks reach __libc_start_main"
echo "tar: $k of $n openat stacks reach __libc_start_main"
# no garbage: no stack repeats one frame over and over, as a lost walk does
rep=$(q tar.zst "SELECT count(*) FROM (SELECT stack_id, symbol, count(*) c FROM stack_frames
	WHERE symbol IS NOT NULL GROUP BY stack_id, symbol) WHERE c > 8")
[ "$rep" = 0 ] || fail "$rep tar stacks repeat a frame more than 8 times"

# ---- frame-pointer code keeps its exact frames -------------------------------
"$REC" -q --stacks=user -e syscall:read -o cc.zst -- "$SAMPLES/callchain" 5 ||
	fail "record of callchain failed"
"$REC" -q --stacks=user-fp -e syscall:read -o ccfp.zst -- "$SAMPLES/callchain" 5 ||
	fail "record --stacks=user-fp of callchain failed"
a=$(folded cc.zst "folded(ustack_id) LIKE '%;outer;middle;leaf'" | sed 's/.*;main;/main;/' | sort -u)
b=$(folded ccfp.zst "folded(ustack_id) LIKE '%;outer;middle;leaf'" | sed 's/.*;main;/main;/' | sort -u)
[ "$a" = "main;outer;middle;leaf" ] && [ "$a" = "$b" ] ||
	fail "callchain's read() stacks differ: unwound '$a', frame pointers '$b'"

# ---- deeper than the limit ---------------------------------------------------
"$REC" -q --stacks=user -e syscall:openat -o deep.zst -- "$E" deep 400 || fail "record deep failed"
f=$(folded deep.zst "folded(ustack_id) LIKE '%recurse%'")
[ -n "$f" ] || fail "no stack of the deep recursion"
case "$f" in "[truncated];"*";recurse;open_once;open") ;; *) fail "deep stack not marked truncated: ${f:0:200}" ;; esac
d=$(q deep.zst "SELECT max(depth) + 1 FROM stack_frames")
[ "$d" -le 127 ] || fail "a stack of $d frames"
[ "$(q deep.zst "SELECT value FROM meta WHERE key = 'stack_errors'")" -ge 1 ] ||
	fail "the truncated stack is not counted in stack_errors"

# ---- a library mapped and unmapped 20 times ----------------------------------
"$REC" -q --stacks=user -e syscall:openat -o unmap.zst -- "$E" unmap 20 || fail "record unmap failed"
c=$(folded unmap.zst "folded(ustack_id) LIKE '%;with_library;open_once;%'" | grep -c '^_start;__libc_start_main_impl;__libc_start_call_main;main;with_library;open_once;')
[ "$c" = 40 ] || fail "$c of 40 opens beside dlopen/dlclose unwound to _start"

# ---- exec: the stacks before it are unwound with the mappings before it ------
"$REC" -q --stacks=user -e syscall:openat -o exec.zst -- "$E" exec || fail "record exec failed"
for fn in before_exec after_exec; do
	c=$(folded exec.zst "1" | grep -c "^_start;__libc_start_main_impl;__libc_start_call_main;main;$fn;open_once;")
	[ "$c" = 5 ] || fail "$c of 5 opens in $fn unwound: $(folded exec.zst 1 | tail -n 12)"
done

# ---- a binary deleted while it runs ------------------------------------------
cp "$E" ./delme
"$REC" -q --stacks=user -e syscall:openat -o del.zst -- sh -c './delme wait 300 & sleep 0.1; rm -f delme; wait' ||
	fail "record of a deleted binary failed"
c=$(folded del.zst "1" | grep -c ";main;wait_then_open;open_once;open$")
[ "$c" = 5 ] || fail "$c of 5 stacks of the deleted binary symbolized"

# ---- another mount namespace: the host's file at that path is another -------
if command -v unshare >/dev/null && unshare -m true 2>/dev/null; then
	cp "$SAMPLES/callchain" ./decoy
	cp "$E" ./real
	"$REC" -q --stacks=user -e syscall:openat -o ns.zst -- \
		unshare -m sh -c "mount --bind $T/real $T/decoy && $T/decoy wait 300" ||
		fail "record in a mount namespace failed"
	c=$(folded ns.zst "comm = 'decoy'" | grep -c ";main;wait_then_open;open_once;open$")
	[ "$c" = 5 ] || fail "$c of 5 stacks in the namespace name the bound binary's functions"
	! folded ns.zst "comm = 'decoy'" | grep -q -e leaf -e middle ||
		fail "a namespaced process symbolized from the host's file"
	rm -f real decoy
else
	echo "unshare -m not possible here: mount namespace case skipped"
fi

# ---- JIT code named by /tmp/perf-PID.map -------------------------------------
if [ "$(uname -m)" = x86_64 ]; then
	"$REC" -q --stacks=user -e syscall:getpid -o jit.zst -- "$E" jit || fail "record jit failed"
	rm -f "/tmp/perf-$(q jit.zst "SELECT min(pid) FROM events").map"
	c=$(folded jit.zst "1" | grep -c ";main;jitted_getpid$")
	[ "$c" = 5 ] || fail "$c of 5 calls into JIT code named from /tmp/perf-PID.map: $(folded jit.zst 1)"
fi

# ---- gdb's bt at the same place ------------------------------------------------
if command -v gdb >/dev/null; then
	gdb -batch -nx -ex 'set backtrace past-main on' -ex 'break open_once' \
		-ex 'run deep 20' -ex bt --args "$E" > gdb.txt 2>&1
	g=$(sed -n 's/^#[0-9]* *\(0x[0-9a-f]* in \)\{0,1\}\([A-Za-z_][A-Za-z0-9_.]*\) .*/\2/p' gdb.txt | tac | tr '\n' ';' | sed 's/;$//')
	"$REC" -q --stacks=user -e syscall:openat -o d20.zst -- "$E" deep 20
	o=$(folded d20.zst "folded(ustack_id) LIKE '%recurse%'" | sed 's/;open$//')
	[ -n "$g" ] && [ "$g" = "$o" ] || fail "gdb's bt '$g' differs from ours '$o'"
	echo "gdb agrees: $(echo "$g" | cut -c1-80)..."
else
	echo "gdb not installed: cross-check skipped"
fi

# ---- analyzed elsewhere, by nobody, the binaries gone -------------------------
mkdir away && cp py.zst tar.zst del.zst exec.zst away/ && chown -R nobody away && chmod 700 away
for t in py tar del exec; do
	folded $t.zst 1 > $t.root
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$ANA" away/$t.zst --format csv \
		--sql "SELECT folded(ustack_id) FROM events e WHERE 1 ORDER BY ts_ns" 2>&1 | sed 1d | tr -d '"' > $t.nobody
	cmp -s $t.root $t.nobody || fail "$t.zst gives other frames elsewhere: $(diff $t.root $t.nobody | head -3)"
done
echo ok
