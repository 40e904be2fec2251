#!/bin/bash
# Bad use of record: one line on stderr naming the problem, a non-zero
# exit, no libbpf dump, the command never run.
. "$(dirname "$0")/lib.sh"

expect() {	# STATUS STDERR-PATTERN ARGS...
	status=$1 pattern=$2
	shift 2
	"$REC" "$@" > out.txt 2> err.txt < /dev/null
	got=$?
	[ "$got" = "$status" ] || fail "record $*: exit $got, expected $status ($(cat err.txt))"
	[ "$(wc -l < err.txt)" = 1 ] || fail "record $*: stderr is not one line: $(cat err.txt)"
	grep -qE "$pattern" err.txt || fail "record $*: stderr '$(cat err.txt)' lacks /$pattern/"
	[ ! -s out.txt ] || fail "record $*: wrote to stdout"
}

expect 2 "unknown option '--bogus'" --bogus -- true
expect 2 "no command given" -q
expect 2 "needs a value" -o
expect 2 "invalid duration 'abc'" --duration abc -- true
expect 2 "invalid duration '-1'" --duration -1 -- true
expect 2 "invalid --slower-than '10'" --slower-than 10 -- true
expect 2 "invalid --stacks value 'both'" --stacks=both -- true
expect 2 "invalid -m '3'" -m 3 -- true
expect 2 "invalid pid list 'x'" -p x
expect 2 "give either a command or -p" -p 1 -- true
expect 2 "unknown syscall 'nosuchcall'" -e syscall:nosuchcall -- true
expect 2 "unknown syscall class" -e syscall:%bogus -- true
expect 2 "no syscall matches 'zz\*q'" -e 'syscall:zz*q' -- true
expect 2 "unknown syscall 'nosuchcall'" -e openat,nosuchcall -- true
expect 2 "unknown syscall class '%bogus'" -e syscall:%file,%bogus -- true
expect 2 "invalid probe 'bogus:x'" -e bogus:x -- true
expect 2 "invalid probe 'usdt:/bin/true:x': use usdt:PATH:PROVIDER:NAME" -e usdt:/bin/true:x -- true
expect 2 "'/bin/true' has no USDT probes" -e usdt:/bin/true:a:b -- true
expect 2 "cannot use 'usdt:/nonexistent-kt:a:b': '/nonexistent-kt': No such file" -e usdt:/nonexistent-kt:a:b -- true
expect 2 "no binary or library 'nonexistent-kt'" -e usdt:nonexistent-kt:a:b -- true
expect 2 "record: -l lists probes and exits" -l /bin/true -- true
expect 1 "cannot read '/etc/passwd': not an ELF file" -l /etc/passwd
expect 1 "cannot find 'nonexistent-kt'" -l nonexistent-kt
[ "$(id -u)" = 0 ] && expect 2 "no process with pid" -p 999999999
[ "$(id -u)" = 0 ] && expect 2 "unknown user 'nosuchuser-kt'" -u nosuchuser-kt -- true
expect 127 "cannot run 'nonexistent-cmd-kt'" -o t.zst -- nonexistent-cmd-kt
[ ! -e t.zst ] || fail "a failed record left its output file behind"
expect 1 "cannot create '/nonexistent-dir/t.zst'" -o /nonexistent-dir/t.zst -- true

# usage errors end with the pointer to --help; --help is usage on stdout
for args in "--bogus" "-p x" "--duration abc" "-m 3" "--stacks=both"; do
	# shellcheck disable=SC2086
	"$REC" $args -- true > out.txt 2> err.txt < /dev/null
	grep -q "(see 'record --help')\$" err.txt ||
		fail "record $args: no pointer to --help: $(cat err.txt)"
done
"$REC" --help > out.txt 2> err.txt || fail "record --help: exit $?"
grep -q '^Usage: record' out.txt && [ ! -s err.txt ] ||
	fail "record --help: usage not on stdout alone"

# a symlink planted at the output path is refused, its target untouched
echo precious > target.txt
ln -s target.txt link.zst
expect 1 "symbolic link" -o link.zst -- true
[ "$(cat target.txt)" = precious ] || fail "record wrote through a symlink"

# what else -o may name: each refusal says what is there, and leaves it
mkdir adir
mkfifo afifo
expect 1 "cannot create 'adir': it is a directory" -o adir -- true
expect 1 "cannot create 'nodir/': Is a directory" -o nodir/ -- true
expect 1 "cannot create 'afifo': it is a FIFO \\(to write into a pipe, use -o - and redirect\\)" -o afifo -- true
expect 1 "cannot create '/dev/zero': it is a character device" -o /dev/zero -- true
[ -d adir ] && [ -p afifo ] && [ ! -e nodir ] || fail "a refused -o changed what was there"

if [ "$(id -u)" = 0 ] && [ -r /sys/kernel/btf/vmlinux ]; then
	expect 1 "kprobe" -e kprobe:do_sys_openat2 -- touch ran.txt
	[ ! -e ran.txt ] || fail "the command ran although the probe was refused"
	expect 1 "unknown tracepoint" -e tracepoint:sched:no_such_tp -- true
	expect 1 "no function 'nosuchfn'" -e ufunc:/bin/true:nosuchfn -- true
fi
"$REC" --help | grep -q '^Usage: record' || fail "--help has no Usage line"
"$REC" --help | grep -q 'Examples:' || fail "--help has no examples"
"$REC" --version | grep -q 'ktrail' || fail "--version"
echo ok
