#!/bin/bash
# Stacks are captured, symbolized while recording and readable anywhere:
# the binary is deleted and the trace analyzed by an unprivileged user.
. "$(dirname "$0")/lib.sh"
need_bpf
need setpriv

cp "$SAMPLES/callchain" ./callchain
"$REC" -q --stacks -e syscall:openat,syscall:read,syscall:close -o stacks.zst -- \
	./callchain 20 || fail "record --stacks failed"
# a short-lived child (a few ms) under a shell
"$REC" -q --stacks=user -e syscall:openat -o short.zst -- sh -c './callchain 2' ||
	fail "record of a short-lived child failed"
rm -f callchain
mkdir away && cp stacks.zst short.zst away/ && chown -R nobody away && chmod 700 away
cd away
as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
qn() { as_nobody "$ANA" "$1" --format csv --sql "$2" | sed -n 2p | tr -d '\r"'; }

n=$(qn stacks.zst "SELECT count(*) FROM events WHERE probe = 'syscall:openat' AND ustack_id IS NOT NULL AND kstack_id IS NOT NULL")
[ "$n" -ge 20 ] || fail "only $n openat events carry both stacks"

# the loop's user frames: leaf, middle, outer, main, in the binary
for fn in middle outer main; do
	c=$(qn stacks.zst "SELECT count(DISTINCT e.ustack_id) FROM events e JOIN stack_frames f
		ON f.trace_id = e.trace_id AND f.stack_id = e.ustack_id
		WHERE e.probe = 'syscall:read' AND f.symbol = '$fn' AND f.module LIKE '%/callchain'")
	[ "$c" -ge 1 ] || fail "no user stack of read() holds $fn in callchain"
done
# the kernel side holds the syscall entry path
c=$(qn stacks.zst "SELECT count(*) FROM events e JOIN stack_frames f
	ON f.trace_id = e.trace_id AND f.stack_id = e.kstack_id
	WHERE e.probe = 'syscall:read' AND f.symbol LIKE '%syscall%'")
[ "$c" -ge 20 ] || fail "kernel stacks lack the syscall entry path ($c)"
# most frames of the loop's stacks are symbolized (the dynamic loader's own
# opens run in stripped code, which has no symbols to give)
all=$(qn stacks.zst "SELECT 100 * sum(f.symbol IS NOT NULL AND f.symbol <> '') / count(*)
	FROM events e JOIN stack_frames f ON f.trace_id = e.trace_id
	AND f.stack_id IN (e.ustack_id, e.kstack_id) WHERE e.probe = 'syscall:read'")
[ "$all" -ge 75 ] || fail "only $all% of the frames of read() stacks are symbolized"
echo "$all% of the read() stack frames symbolized"
# folded() is root-first: main before middle
f=$(qn stacks.zst "SELECT folded(ustack_id) FROM events e WHERE probe = 'syscall:read'
	AND EXISTS (SELECT 1 FROM stack_frames f WHERE f.trace_id = e.trace_id
		    AND f.stack_id = e.ustack_id AND f.symbol = 'middle') LIMIT 1")
case "$f" in
*main*outer*middle*) ;;
*) fail "folded() is not root-first: $f" ;;
esac
# the short-lived process still got symbols
c=$(qn short.zst "SELECT count(*) FROM stack_frames WHERE symbol = 'middle'")
[ "$c" -ge 1 ] || fail "a short-lived child's user stack was not symbolized"
cd ..

# kernel-only and user-only selections record only that side
"$REC" -q --stacks=kernel -e syscall:openat -o k.zst -- cat /etc/hostname > /dev/null
[ "$(q k.zst "SELECT count(kstack_id) > 0 AND count(ustack_id) = 0 FROM events")" = 1 ] ||
	fail "--stacks=kernel recorded user stacks or no kernel stacks"
"$REC" -q --stacks=user -e syscall:openat -o u.zst -- cat /etc/hostname > /dev/null
[ "$(q u.zst "SELECT count(ustack_id) > 0 AND count(kstack_id) = 0 FROM events")" = 1 ] ||
	fail "--stacks=user recorded kernel stacks or no user stacks"
"$REC" -q -e syscall:openat -o none.zst -- cat /etc/hostname > /dev/null
[ "$(q none.zst "SELECT count(kstack_id) + count(ustack_id) FROM events")" = 0 ] ||
	fail "stacks without --stacks"

# cross-check with bpftrace: its ustack at leaf() has the same callers
if command -v bpftrace > /dev/null; then
	cp "$SAMPLES/callchain" ./cc2
	bpftrace -q -e "uprobe:$T/cc2:leaf { printf(\"%s\\n\", ustack); }" \
		-c "$T/cc2 3 /etc/hostname 500" > bt.txt 2>&1
	for fn in middle outer main; do
		grep -q "$fn" bt.txt || fail "bpftrace's ustack lacks $fn: $(cat bt.txt)"
	done
	echo "bpftrace agrees: leaf <- middle <- outer <- main"
else
	echo "bpftrace not installed: cross-check skipped"
fi
echo ok
