#!/bin/sh
# analyze_fdmem.sh BUILD SCRATCH - what fd_path costs the importer per
# call on a descriptor: a million 1-byte reads of /dev/zero against a
# million getppid() calls, both recorded for real; the importer's peak RSS
# (the kernel's count, from /usr/bin/time) may grow by at most 120 bytes a
# read over the getppid trace's (the whole call kept until the end costs
# about 200).
. "$(dirname "$0")/lib.sh"
need_bpf
need /usr/bin/time
built "$REC" "$ANA" "$SAMPLES/bench_loop"
# AddressSanitizer's quarantine keeps freed memory: no RSS to compare
ldd "$ANA" | grep -q libasan && skip "analyze is built with AddressSanitizer"

n=1000000
"$REC" -q -o read.zst -- "$SAMPLES/bench_loop" $n read 2> rec1.err ||
	fail "record read: $(tail -2 rec1.err)"
"$REC" -q -o ppid.zst -- "$SAMPLES/bench_loop" $n getppid 2> rec2.err ||
	fail "record getppid: $(tail -2 rec2.err)"
rss() {	# TRACE: analyze's peak RSS in KiB, and the fd_paths rows
	/usr/bin/time -f 'rss %M' "$ANA" "$1" --format csv \
		--sql "SELECT count(*) FROM fd_paths" > "$1.out" 2> "$1.time" ||
		fail "analyze $1: $(tail -2 "$1.time")"
	sed -n 's/^rss //p' "$1.time"
}
r=$(rss read.zst)
p=$(rss ppid.zst)
rows=$(sed -n 2p read.zst.out)
[ "$rows" -ge $n ] || fail "$rows fd_paths rows for $n reads"
per=$(( (r - p) * 1024 / n ))
echo "read: $r KiB, getppid: $p KiB, $per bytes a read"
[ "$per" -le 120 ] || fail "fd_path costs $per bytes of RSS a read"
