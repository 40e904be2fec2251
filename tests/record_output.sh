#!/bin/bash
# Where the trace goes: -o - keeps the command's output out of the stream,
# closed standard fds at start, an old trace kept when a start fails, an
# output removed while recording, /dev/null as a sink, meta.command whole or
# marked as cut. The truths: a byte count the workload wrote, the old file's
# bytes, the shell's own parsing of the quoted command (eval), ls.
. "$(dirname "$0")/lib.sh"
need_bpf
need zstd xxd

# --- -o -: the command's stdout is record's stderr, never the trace stream
"$REC" -q -o - -- sh -c 'echo $((6 * 7))xyz; ls -l /proc/$$/fd' > pipe.zst 2> err.txt ||
	fail "record -o - failed: $(cat err.txt)"
grep -q '^42xyz$' err.txt || fail "the command's output did not reach stderr: $(cat err.txt)"
! zstd -dcq pipe.zst | grep -qa 42xyz || fail "the command's output is inside the trace"
! grep -q "pipe.zst" err.txt || fail "the command inherited the trace stream: $(cat err.txt)"
"$REC" -q -o - -- sh -c 'echo $((6 * 7))xyz' 2> /dev/null |
	"$ANA" - --format csv --sql "SELECT count(*) FROM events WHERE probe = 'syscall:write' AND comm = 'sh' AND ret = 6" > out.txt 2> err.txt ||
	fail "analyze - of record -o - failed: $(cat err.txt)"
[ ! -s err.txt ] || fail "analyze - warned: $(cat err.txt)"
[ "$(sed -n 2p out.txt)" = 1 ] || fail "the 6-byte write of 'echo' is not in the piped trace: $(cat out.txt)"

# --- closed fds at start: the trace never takes fd 0-2
"$REC" -q -v -o closed.zst -- sh -c 'echo to-stderr >&2; cat' 2>&- <&- ||
	fail "record with stdin and stderr closed exited $?"
"$ANA" closed.zst --format csv --sql "SELECT count(*) FROM events WHERE probe = 'syscall:write' AND ret = 10" > out.txt 2> err.txt ||
	fail "the trace recorded with stderr closed is unreadable: $(cat err.txt)"
[ ! -s err.txt ] && [ "$(sed -n 2p out.txt)" = 1 ] ||
	fail "stderr closed: no complete trace with the one 10-byte write: $(cat out.txt err.txt)"
[ "$(q closed.zst "SELECT count(*) FROM events WHERE probe = 'syscall:read' AND comm = 'cat' AND ret = 0")" -ge 1 ] ||
	fail "with stdin closed, cat did not read EOF from /dev/null"
"$REC" -q -o - -- true >&- 2> err.txt
st=$?
[ $st = 1 ] && [ "$(wc -l < err.txt)" = 1 ] && grep -q "standard output: it is closed" err.txt ||
	fail "record -o - with stdout closed: exit $st, stderr: $(cat err.txt)"

# --- a failed start leaves an old trace as it was
printf 'precious' > old.zst
chmod 644 old.zst
ln old.zst hardlink.zst
printf 'echo no interpreter line\n' > noshebang
chmod +x noshebang
for args in "-e tracepoint:sched:nonexistent -- true" \
	    "-e uprobe:/bin/true:nosuchsym -- true" "-e kprobe:foo -- true" \
	    "-- /nonexistent/cmd" "-- ./noshebang"; do
	# shellcheck disable=SC2086
	"$REC" -q -o old.zst $args 2> err.txt && fail "record $args succeeded"
	[ "$(cat old.zst)" = precious ] || fail "record $args destroyed the old trace ($(cat err.txt))"
done
[ -z "$(ls -A | grep '^\.old\.zst\.')" ] || fail "a temporary file was left: $(ls -A)"
"$REC" -q -o old.zst -- true 2> err.txt || fail "record over an old trace: $(cat err.txt)"
[ "$(stat -c %a old.zst)" = 600 ] || fail "the new trace is mode $(stat -c %a old.zst)"
[ "$(cat hardlink.zst)" = precious ] || fail "record wrote through a hard link to the old file"
[ "$(q old.zst "SELECT value FROM meta WHERE key = 'complete'")" = 1 ] ||
	fail "the trace that replaced the old one is incomplete"
[ "$(ls -A | grep -c '^\.old\.zst\.')" = 0 ] || fail "a temporary file was left: $(ls -A)"

# --- the output removed while recording: noticed, said, non-zero
for what in dir file; do
	mkdir -p gone
	if [ $what = dir ]; then victim=$T/gone; else victim=$T/gone/t.zst; fi
	"$REC" -q -o gone/t.zst -- sh -c 'sleep 0.3; rm -rf "$0"; exit 3' "$victim" 2> err.txt
	st=$?
	[ $st = 1 ] || fail "record with its output $what removed exited $st"
	grep -q "'gone/t.zst' was removed while recording" err.txt &&
		grep -q "'sh' exited with status 3" err.txt ||
		fail "output $what removed: stderr was: $(cat err.txt)"
done

# --- what -o names: /dev/null is a sink, left a device
"$REC" -q -o /dev/null -- true 2> err.txt || fail "record -o /dev/null: $(cat err.txt)"
[ -c /dev/null ] || fail "/dev/null is no longer a character device"

# --- meta.command: the argv shell-quoted, whole up to 4096 bytes, else marked
# in hex: no output format's escaping between the bytes and eval
cmd_of() { q "$1" "SELECT hex(value) FROM meta WHERE key = 'command'" | xxd -r -p; }
"$REC" -q -o c.zst -- /bin/echo "it's" 'a b' '...' '$HOME' "" > /dev/null ||
	fail "record of echo failed"
eval "set -- $(cmd_of c.zst)"
[ $# = 6 ] && [ "$2" = "it's" ] && [ "$3" = "a b" ] && [ "$4" = "..." ] &&
	[ "$5" = '$HOME' ] && [ "$6" = "" ] ||
	fail "meta.command does not parse back to the argv: $(cmd_of c.zst)"
long=$(printf 'z%.0s' $(seq 1 4086))
"$REC" -q -o c.zst -- /bin/true "$long" || fail "record of a 4096-byte command failed"
[ "$(cmd_of c.zst)" = "/bin/true $long" ] ||
	fail "a 4096-byte command line was not kept whole (${#long} + 10 bytes, got $(cmd_of c.zst | wc -c))"
# shellcheck disable=SC2046
"$REC" -q -o c.zst -- /bin/true $(seq -f 'arg%04g' 1 1000) || fail "record of a long command failed"
cut=$(cmd_of c.zst)
[ ${#cut} -le 4096 ] || fail "meta.command is ${#cut} bytes"
case "$cut" in *" ...") ;; *) fail "a cut meta.command does not end with ' ...': ...${cut: -20}" ;; esac
eval "set -- ${cut% ...}"
[ "$1" = /bin/true ] && [ "$2" = arg0001 ] && [ $# -gt 100 ] &&
	[ "${!#}" = "$(printf 'arg%04d' $(($# - 1)))" ] ||
	fail "a cut meta.command does not keep whole arguments: ...${cut: -40}"
echo ok
