# lib.sh - measurement helpers of bench/run.sh (sourced, POSIX sh).
#
# Every measured run appends one tab-separated line to $RAW:
#   section  workload  tool  run  wall_ns  rss_kib  events  lost  bytes  loop_ns  rc
# ("-" where a field has no meaning); bench/report.awk turns the lines into
# the tables. Variables used: BUILD, BENCH, WORK, RAW, RECORD, ANALYZE.

now_ns() { date +%s%N; }

log() { printf 'bench: %s\n' "$*" >&2; }

# install_missing CMD:PACKAGE... - one apt-get update, then the packages
# whose command is missing; failures only leave the command missing.
install_missing() {
	need=""
	for cp in "$@"; do
		command -v "${cp%%:*}" >/dev/null 2>&1 || need="$need ${cp#*:}"
	done
	[ -n "$need" ] || return 0
	log "installing$need"
	if [ "$(id -u)" != 0 ]; then
		log "not root: cannot install$need"
		return 0
	fi
	apt-get update -qq >/dev/null 2>&1
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need \
		>/dev/null 2>&1 || log "cannot install$need"
}

# have_tracefs - mount tracefs when the syscall tracepoints are not visible
# (perf trace and bpftrace's tracepoint: probes read their formats there).
have_tracefs() {
	[ -d /sys/kernel/tracing/events/raw_syscalls ] && return 0
	mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null
	[ -d /sys/kernel/tracing/events/raw_syscalls ]
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'; }

# count_output TOOL OUT ERR - print "events lost" of one run's output.
# An event is one completed syscall (perf: one sys_exit sample; strace: one
# line that is not a "resumed" tail or a signal/exit notice).
count_output() {
	tool=$1 out=$2 err=$3
	case $tool in
	record)
		sed -n 's/^record: \([0-9]*\) events, \([0-9]*\) lost, \([0-9]*\) dropped.*/\1 \2 \3/p' "$err" |
			tail -n 1 | awk '{ print $1, $2 + $3 } END { if (!NR) print "- -" }'
		;;
	strace)
		ev=$(grep -cv -e 'resumed>' -e '^[0-9]* *+++ ' -e '^[0-9]* *--- ' "$out")
		echo "$ev 0"
		;;
	perf)
		perf report -i "$out" --stats 2>/dev/null | awk '
			/sys_exit stats:/ { want = 1; next }
			want && /SAMPLE events:/ { ev = $3; want = 0 }
			/^ *LOST(_SAMPLES)? events:/ { lost += $3 }
			END { print (ev == "" ? 0 : ev), lost + 0 }'
		;;
	bpftrace)
		ev=$(grep -c '^[0-9]' "$out")
		lost=$(cat "$out" "$err" | sed -n 's/.*Lost \([0-9]*\) events.*/\1/p' |
			awk '{ s += $1 } END { print s + 0 }')
		echo "$ev $lost"
		;;
	*)	echo "- -" ;;
	esac
}

# measure SECTION WORKLOAD TOOL RUN CMD... - run CMD under TOOL once, append
# the line to $RAW. Wall time covers the tool's start to its exit; the peak
# RSS is GNU time's %M: the largest of the tool and the workload's processes.
# A workload that takes a LOOP report file as its last word writes it to
# $WORK/loop.txt (bench_loop).
measure() {
	sec=$1 wl=$2 tool=$3 run=$4
	shift 4
	out=$WORK/out.$tool
	err=$WORK/err.$tool
	rm -f "$out" "$WORK/loop.txt"
	case $tool in
	record)	  set -- "$RECORD" -q ${RECORD_OPTS:-} -o "$out" -- "$@" ;;
	strace)	  set -- strace -f -o "$out" "$@" ;;
	perf)	  set -- perf trace record -q -o "$out" -- "$@" ;;
	bpftrace) set -- bpftrace -o "$out" "$BENCH/pairs.bt" -c "$*" ;;
	esac
	t0=$(now_ns)
	/usr/bin/time -f %M -o "$WORK/rss" "$@" >/dev/null 2>"$err"
	rc=$?
	t1=$(now_ns)
	rss=$(tail -n 1 "$WORK/rss" 2>/dev/null | awk '/^[0-9]+$/ { print; next } { print "-" }')
	set -- $(count_output "$tool" "$out" "$err")
	ev=$1 lost=$2
	bytes=-
	[ -f "$out" ] && bytes=$(stat -c %s "$out")
	loop=-
	[ -f "$WORK/loop.txt" ] && loop=$(sed -n 's/^loop_ns=\([0-9]*\).*/\1/p' "$WORK/loop.txt")
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$sec" "$wl" "$tool" \
		"$run" $((t1 - t0)) "${rss:--}" "${ev:--}" "${lost:--}" "$bytes" \
		"${loop:--}" "$rc" >>"$RAW"
	if [ "$rc" != 0 ] && [ "$tool" != bare ]; then
		log "$tool on $wl exited $rc: $(tail -n 2 "$err" | tr '\n' ' ')"
	fi
}
