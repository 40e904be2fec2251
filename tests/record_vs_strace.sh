#!/bin/bash
# Per-syscall counts of record equal strace -f's on three workloads, one of
# which forks children: openat, read, close, execve, the ENOENT failures
# and the total. strace is the oracle.
. "$(dirname "$0")/lib.sh"
need_bpf
need strace

# name count, one line per syscall strace saw (resumed halves not counted)
strace_counts() {
	sed -E 's/^[0-9]+ +//' "$1" |
	grep -vE '^(\+\+\+|---|<\.\.\. )' |
	sed -E 's/^([a-z0-9_]+)\(.*/\1/' | sort | uniq -c | awk '{print $2, $1}'
}

strace_enoent() {
	grep -cE '= -1 ENOENT' "$1"
}

compare() {	# WORKLOAD-NAME COMMAND...
	name=$1
	shift
	strace -f -qq -o "$name.strace" "$@" > /dev/null 2>&1
	"$REC" -q -o "$name.zst" -- "$@" > /dev/null 2>&1 ||
		[ $? -lt 126 ] || fail "$name: record failed"
	strace_counts "$name.strace" > "$name.want"
	"$ANA" "$name.zst" --format csv --sql \
		"SELECT substr(probe, 9), count(*) FROM events GROUP BY probe ORDER BY 1" |
		tail -n +2 | tr ',' ' ' | tr -d '"\r' > "$name.got"
	for sc in openat read close execve; do
		want=$(awk -v s=$sc '$1 == s {print $2}' "$name.want")
		got=$(awk -v s=$sc '$1 == s {print $2}' "$name.got")
		[ "${want:-0}" = "${got:-0}" ] ||
			fail "$name: $sc: strace ${want:-0}, record ${got:-0}"
	done
	want=$(strace_enoent "$name.strace")
	got=$(q "$name.zst" "SELECT count(*) FROM events WHERE errno = 'ENOENT'")
	[ "$want" = "$got" ] || fail "$name: ENOENT failures: strace $want, record $got"
	want=$(awk '{s += $2} END {print s}' "$name.want")
	got=$(q "$name.zst" "SELECT count(*) FROM events")
	[ "$want" = "$got" ] || {
		diff "$name.want" "$name.got"
		fail "$name: total: strace $want, record $got"
	}
	echo "$name: $got syscalls, $(q "$name.zst" "SELECT count(*) FROM events WHERE probe = 'syscall:openat'") openat, as strace"
}

compare ls ls -la /usr/share/doc
compare shell sh -c 'ls /nonexistent-ktrail 2>/dev/null; cat /etc/passwd > /dev/null; /bin/true; exit 0'
compare forker "$SAMPLES/forker" 5
compare cat cat /etc/passwd /nonexistent-ktrail
