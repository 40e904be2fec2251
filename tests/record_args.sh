#!/bin/bash
# arg0..arg5 hold a syscall's raw arguments and are NULL past its last one.
# Oracle: strace -e raw=all, which prints each call with exactly the
# arguments the syscall takes, as raw hex numbers. Addresses differ from
# run to run (ASLR), so values of 7 hex digits or more become P on both
# sides; everything else (fds, sizes, flags, the count) must agree call by
# call. The tracefs the recorder reads the counts from is not left mounted.
. "$(dirname "$0")/lib.sh"
need_bpf
need strace
config=/boot/config-$(uname -r)
[ -r /proc/config.gz ] && config=/proc/config.gz
if [ -r "$config" ] && ! zgrep -q '^CONFIG_FTRACE_SYSCALLS=y' "$config"; then
	skip "the kernel has no syscall trace events (CONFIG_FTRACE_SYSCALLS)"
fi

calls_sql="SELECT substr(probe, 9) || '(' ||
	iif(arg0 IS NULL, '', printf('%#x', arg0)) ||
	iif(arg1 IS NULL, '', printf(', %#x', arg1)) ||
	iif(arg2 IS NULL, '', printf(', %#x', arg2)) ||
	iif(arg3 IS NULL, '', printf(', %#x', arg3)) ||
	iif(arg4 IS NULL, '', printf(', %#x', arg4)) ||
	iif(arg5 IS NULL, '', printf(', %#x', arg5)) || ')'
	FROM events ORDER BY ts_ns"

mask() { sed -E 's/0x[0-9a-f]{7,}/P/g'; }

compare() {	# NAME COMMAND...: one process, so the orders agree too
	name=$1
	shift
	strace -qq -e raw=all -o "$name.strace" "$@" > /dev/null 2>&1
	"$REC" -q -o "$name.zst" -- "$@" > /dev/null 2>&1 ||
		[ $? -lt 126 ] || fail "$name: record failed"
	grep -vE '^(\+\+\+|---)' "$name.strace" | sed -E 's/\) += .*/)/' |
		mask > "$name.want"
	"$ANA" "$name.zst" --format tsv --sql "$calls_sql" | tail -n +2 |
		mask > "$name.got"
	[ -s "$name.want" ] || fail "$name: strace printed no calls"
	diff "$name.want" "$name.got" > "$name.diff" ||
		fail "$name: calls differ from strace's (< strace, > record): $(head -6 "$name.diff")"
	echo "$name: $(wc -l < "$name.got") calls with strace's arguments"
}

tracefs_mounts() { grep -c ' tracefs ' /proc/self/mountinfo; }
mounts_before=$(tracefs_mounts)

compare cat cat /etc/hostname /nonexistent-ktrail
compare ls ls -la /usr/share/doc
compare loop "$SAMPLES/syscall_loop" 100

[ "$(tracefs_mounts)" = "$mounts_before" ] ||
	fail "record left tracefs mounted ($mounts_before before, $(tracefs_mounts) after)"

# debugfs mounted, tracefs not: debugfs/tracing would automount one on the
# machine if the recorder walked into it
if [ "$mounts_before" = 0 ] && ! grep -q ' /sys/kernel/debug ' /proc/self/mountinfo &&
	mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null; then
	"$REC" -q -o debugfs.zst -- true 2> debugfs.err
	after=$(tracefs_mounts)
	umount /sys/kernel/debug/tracing 2>/dev/null
	umount /sys/kernel/debug
	[ "$after" = 0 ] || fail "with debugfs mounted, record left tracefs mounted"
	n=$(q debugfs.zst "SELECT count(nargs) FROM syscalls")
	[ "${n:-0}" -gt 200 ] || fail "with debugfs mounted, $n syscall counts"
	echo "debugfs mounted: $n syscall counts, no mount left"
fi

# the syscalls table says how many each takes (man 2 pages)
got=$(q cat.zst "SELECT group_concat(name || '=' || nargs, ' ') FROM
	(SELECT name, nargs FROM syscalls WHERE name IN
	 ('getppid', 'close', 'read', 'openat', 'mmap', 'exit_group')
	 ORDER BY name)")
want="close=1 exit_group=1 getppid=0 mmap=6 openat=4 read=3"
[ "$got" = "$want" ] || fail "syscalls.nargs: $got, want $want"
