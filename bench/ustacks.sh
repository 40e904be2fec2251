#!/bin/sh
# ustacks.sh - the cost of user stacks on the file-heavy workload, against
# perf record --call-graph dwarf (the same design: registers and 8 KiB of
# stack per event, unwound with libdw) and against the kernel's
# frame-pointer walk (--stacks=user-fp); then record's peak memory for a
# python3 workload and for a system-wide recording.
#
#   sh bench/ustacks.sh BUILD [RUNS]   (root; run.sh runs it, or alone with
#                                       BENCH_ONLY=ustacks)
#
# Prints a markdown section on stdout. Every tool records every syscall's
# exit with a user stack, perf with the same 16 MiB buffer per CPU as
# record's default with stack copies; added cost per event = (traced - bare
# wall time) / events written, medians of RUNS runs (default 3),
# interleaved. "lost, or stack missing or cut short": record's lost +
# dropped + stack errors (a stack copy
# the recorder was too far behind to take, a stack marked [truncated]),
# perf's lost samples.
BUILD=$(cd "${1:?usage: ustacks.sh BUILD [RUNS]}" && pwd) || exit 1
RUNS=${2:-3}
BENCH=$(cd "$(dirname "$0")" && pwd)
RECORD=$BUILD/record
WORK=$(mktemp -d /tmp/ktrail-ustacks.XXXXXX) || exit 1
trap 'rm -rf "$WORK"' EXIT
W="/bin/sh $BENCH/files.sh /usr/include"
log() { printf 'ustacks: %s\n' "$*" >&2; }
med() { sort -n | awk '{ v[NR] = $1 } END { print NR ? v[int((NR + 1) / 2)] : "-" }'; }

# run TOOL: one timed run of the workload; appends "tool wall_ns events bytes rss_kib reach%"
run() {
	t=$1
	out=$WORK/out.$t
	rm -f "$out"
	case $t in
	bare)	  set -- ;;
	none)	  set -- "$RECORD" -q -o "$out" -- ;;
	user-fp)  set -- "$RECORD" -q --stacks=user-fp -o "$out" -- ;;
	user)	  set -- "$RECORD" -q --stacks=user -o "$out" -- ;;
	perf)	  set -- perf record -q -m 4096 -e raw_syscalls:sys_exit --call-graph dwarf -o "$out" -- ;;
	esac
	t0=$(date +%s%N)
	# shellcheck disable=SC2086
	/usr/bin/time -f %M -o "$WORK/rss" "$@" $W >/dev/null 2>"$WORK/err"
	t1=$(date +%s%N)
	ev=- reach=- lost=-
	case $t in
	none|user-fp|user)
		ev=$(sed -n 's/^record: \([0-9]*\) events.*/\1/p' "$WORK/err")
		lost=$(sed -n 's/^record: [0-9]* events, \([0-9]*\) lost, \([0-9]*\) dropped, \([0-9]*\) stack errors.*/\1+\2+\3/p' "$WORK/err")
		[ $t = none ] || reach=$("$BUILD/analyze" "$out" --format csv --sql \
			"SELECT round(100.0 * sum(EXISTS (SELECT 1 FROM stack_frames f WHERE f.stack_id = e.ustack_id
			 AND f.symbol LIKE '__libc_start_main%')) / count(*), 1) AS r FROM events e WHERE comm = 'tar'" | sed -n 2p)
		;;
	perf)
		perf report -i "$out" --stats >"$WORK/stats" 2>/dev/null
		ev=$(awk '/SAMPLE events:/ { print $3; exit }' "$WORK/stats")
		lost=$(awk '/LOST_SAMPLES events:/ { n = $3 } END { print n + 0 }' "$WORK/stats")
		reach=$(perf script -i "$out" -F comm,ip,sym 2>/dev/null | awk 'BEGIN { RS = "" }
			$1 == "tar" { n++; if (/__libc_start_main/) k++ } END { printf "%.1f", n ? 100 * k / n : 0 }')
		;;
	esac
	bytes=-
	[ -f "$out" ] && bytes=$(stat -c %s "$out")
	echo "$t $((t1 - t0)) ${ev:--} $bytes $(tail -n 1 "$WORK/rss") ${reach:--} $(echo "${lost:-0}" | bc)" >>"$WORK/raw"
}

tools="bare none user-fp user"
command -v perf >/dev/null && tools="$tools perf"
$W; $W	# page cache
: >"$WORK/raw"
r=1
while [ $r -le "$RUNS" ]; do
	log "file-heavy: run $r of $RUNS"
	for tool in $tools; do run $tool; done
	r=$((r + 1))
done

col() { awk -v t="$1" -v c="$2" '$1 == t { print $c }' "$WORK/raw" | med; }
bare=$(col bare 2)
nobytes=$(col none 4)
noev=$(col none 3)
echo "## User stacks (file-heavy: tar of /usr/include through a pipe, every syscall)"
echo
echo "Medians of $RUNS interleaved runs on $(nproc) CPUs, $(uname -r)."
echo
echo "| tool | wall s | events | lost, or stack missing or cut short | added ns/event | trace bytes | bytes/event | size vs no stacks | tar stacks reaching __libc_start_main | peak RSS MiB |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for tool in $tools; do
	wall=$(col $tool 2) ev=$(col $tool 3) bytes=$(col $tool 4) rss=$(col $tool 5) reach=$(col $tool 6) lost=$(col $tool 7)
	awk -v t="$tool" -v w="$wall" -v b="$bare" -v e="$ev" -v by="$bytes" -v nb="$nobytes" \
	    -v ne="$noev" -v rss="$rss" -v reach="$reach" -v lost="$lost" 'BEGIN {
		name = "record --stacks=" t
		if (t == "bare") name = "no tracing"
		if (t == "none") name = "record, no stacks"
		if (t == "perf") name = "perf record --call-graph dwarf"
		add = "-"; bpe = "-"; ratio = "-"
		if (t != "bare" && e > 0) add = sprintf("%.0f", (w - b) / e)
		if (e > 0 && by != "-") bpe = sprintf("%.1f", by / e)
		if (t != "bare" && t != "none" && nb > 0 && ne > 0 && e > 0)
			ratio = sprintf("%.2fx", (by / e) / (nb / ne))
		if (t == "bare") { e = "-"; by = "-"; lost = "-" }
		if (reach != "-") reach = reach "%"
		printf "| %s | %.2f | %s | %s | %s | %s | %s | %s | %s | %.1f |\n", name, w / 1e9,
			e, lost, add, by, bpe, ratio, reach, rss / 1024
	}'
done

[ -n "$USTACKS_NO_MEM" ] && exit 0	# the table only
log "memory: python3 and a system-wide recording"
/usr/bin/time -f %M -o "$WORK/rss" "$RECORD" -q --stacks=user -o "$WORK/py.zst" -- \
	/usr/bin/python3 -c "import json, sqlite3, email.parser, http.client
for i in range(2000): open('/etc/hostname').read()" 2>/dev/null
py_rss=$(tail -n 1 "$WORK/rss")
/usr/bin/time -f %M -o "$WORK/rss.all" "$RECORD" -q -a --stacks=user \
	--duration 10 -o "$WORK/all.zst" 2>"$WORK/all.err" &
apid=$!
sleep 1
for i in 1 2 3; do $W; /usr/bin/python3 -c "import json, sqlite3"; done
wait $apid
all_rss=$(tail -n 1 "$WORK/rss.all")
echo
echo "record's peak RSS with --stacks=user: $((py_rss / 1024)) MiB for python3"
echo "(importing json, sqlite3, email, http.client; 2000 opens); $((all_rss / 1024)) MiB"
echo "for -a over 10 s while tar and python3 ran three times"
echo "($(sed -n 's/^record: //p' "$WORK/all.err"))."
