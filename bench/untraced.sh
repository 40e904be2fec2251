# untraced.sh - bench/run.sh's section "untraced processes while a tracer
# runs" (sourced, POSIX sh): what a tracer that follows only `sleep 600`
# costs a process it does not trace, per syscall, and where record's share
# of it goes.
#
# The untraced process is bench_loop's getppid loop, timed by its own CPU
# time (cpu_ns: on a machine shared with other jobs, the time the loop
# waited for a CPU would swamp a few ns a syscall); its raw lines carry
# that in the loop_ns column.
# Beside it, in turn: nothing; each piece of record's syscall probes alone
# (bench/floor.bpf.c, attached by bench/attach: an empty BTF tracepoint
# pair, an empty raw tracepoint pair, the pair cut after the followed-pid
# check with the tgid from a helper call, then from the per-CPU array a
# sched_switch program keeps); record itself; perf trace record; bpftrace. Every round visits
# every tracer (the order rotates, so the machine's drift and the other
# jobs on it hit all alike) and runs the loop UNTRACED_REPS times beside
# each; report.awk pairs each tracer's best run of a round with the bare
# loop's of the same round and gives the median of those differences and
# their quartiles.
#
# A run during which some other process had BPF programs on the syscall
# tracepoints (a test suite's record, say) would count them too: such a
# run is waited for and redone (up to 3 times; the ones kept anyway are
# counted in the facts).
#
# Then, once per piece, with kernel.bpf_stats_enabled=1 for the length of
# one loop: the kernel's own run_time_ns / run_cnt of each program, i.e.
# the program body with the indirect call into it, without the tracepoint
# and the syscall slow path around it.
#
# Uses lib.sh's log(), and run.sh's fact(), available(), WORK,
# RAW, BUILD, BENCH, RECORD, LOOPBIN. Raw lines: section "untraced",
# workload "syscall-tight", tool "beside-NAME", run = round.

UNTRACED_ROUNDS=${BENCH_UNTRACED_ROUNDS:-9}
UNTRACED_REPS=${BENCH_UNTRACED_REPS:-3}
UNTRACED_CALLS=${BENCH_UNTRACED_CALLS:-200000}
FLOOR_OBJ=$BUILD/bench/floor.bpf.o
ATTACH=$BUILD/bench/attach

# the programs of each piece of bench/floor.bpf.c
floor_progs() {
	case $1 in
	bpf-empty)	echo enter_empty exit_empty ;;
	bpf-raw)	echo raw_enter_empty raw_exit_empty ;;
	bpf-helper)	echo enter_helper exit_empty ;;
	bpf-pid)	echo enter_pid exit_pid ;;
	bpf-cache)	echo enter_cached exit_cached switch_tgid ;;
	bpf-all)	echo enter_all exit_pid ;;
	bpf-late)	echo enter_late exit_pid ;;
	esac
}

# sys_links - BPF links on raw_syscalls:sys_enter and sys_exit, anyone's
sys_links() {
	bpftool link show 2>/dev/null | grep -c "tp 'sys_e[nx]"
}

# foreign TRACER - how many syscall tracers run that are not TRACER's
foreign() {
	mine=0
	case $1 in bpf-*|record) mine=2 ;; esac
	perfs=$(pgrep -f '^perf trace' | grep -vx "${UPID:-x}" | grep -c .)
	echo $(($(sys_links) - mine + perfs))
}

# untraced_start TRACER: start it in the background, attached; sets UPID
untraced_start() {
	ready=$WORK/untraced.ready
	rm -f "$ready" "$WORK/bg.$1"
	case $1 in
	bare)	  UPID=; return 0 ;;
	record)	  "$RECORD" -q -o "$WORK/bg.$1" -- sleep 600 >/dev/null 2>&1 & ;;
	perf)	  perf trace record -q -o "$WORK/bg.$1" -- sleep 600 >/dev/null 2>&1 & ;;
	bpftrace) bpftrace -o "$WORK/bg.$1" "$BENCH/pairs.bt" -c "/bin/sleep 600" >/dev/null 2>&1 & ;;
	bpf-*)	  # shellcheck disable=SC2046
		  "$ATTACH" "$FLOOR_OBJ" $(floor_progs "$1") >"$ready" & ;;
	esac
	UPID=$!
	i=0
	while [ $i -lt 300 ] && kill -0 "$UPID" 2>/dev/null; do
		case $1 in
		bpf-*)	grep -q attached "$ready" 2>/dev/null && break ;;
		# the workload only starts after the probes
		*)	pgrep -P "$UPID" -x sleep >/dev/null && break ;;
		esac
		sleep 0.1
		i=$((i + 1))
	done
	kill -0 "$UPID" 2>/dev/null || { log "untraced: $1 did not start"; return 1; }
	sleep 0.5
}

# untraced_stop TRACER: SIGTERM, and SIGKILL after 10 s
untraced_stop() {
	[ -n "$UPID" ] || return 0
	kids=$(pgrep -P "$UPID")
	kill -TERM "$UPID" 2>/dev/null
	# shellcheck disable=SC2086
	[ -n "$kids" ] && kill $kids 2>/dev/null
	i=0
	while kill -0 "$UPID" 2>/dev/null && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -KILL "$UPID" 2>/dev/null
	wait "$UPID" 2>/dev/null
	rm -f "$WORK/bg.$1"
	UPID=
}

# untraced_loop TRACER ROUND: one clean run of the loop beside TRACER
untraced_loop() {
	try=1
	while :; do
		i=0
		while [ "$(foreign "$1")" -gt 0 ] && [ $i -lt 60 ]; do
			sleep 0.5
			i=$((i + 1))
		done
		rm -f "$WORK/loop.txt"
		"$LOOPBIN" "$UNTRACED_CALLS" getppid "$WORK/loop.txt"
		cpu=$(sed -n 's/.* cpu_ns=\([0-9]*\).*/\1/p' "$WORK/loop.txt" 2>/dev/null)
		printf 'untraced\tsyscall-tight\tbeside-%s\t%s\t-\t-\t-\t-\t-\t%s\t0\n' \
			"$1" "$2" "${cpu:--}" >>"$RAW"
		[ "$(foreign "$1")" -gt 0 ] || return 0
		[ $try -lt 3 ] || break
		# not this one: some other tracer came while it ran
		sed -i '$d' "$RAW"
		try=$((try + 1))
	done
	UNTRACED_DIRTY=$((UNTRACED_DIRTY + 1))
}

# prog_ids NAME... - the ids of the loaded programs of these names
prog_ids() {
	for nm in "$@"; do
		bpftool prog show name "$nm" 2>/dev/null | sed -n 's/^\([0-9]*\): .*/\1/p'
	done
}

# prog_stats ID... - "run_time_ns run_cnt" summed over the programs
prog_stats() {
	for id in "$@"; do
		bpftool prog show id "$id" 2>/dev/null |
			sed -n 's/.*run_time_ns \([0-9]*\) run_cnt \([0-9]*\).*/\1 \2/p'
	done | awk '{ t += $1; c += $2 } END { print t + 0, c + 0 }'
}

# untraced_stats TRACER: fact stats.TRACER = "ENTER_NS EXIT_NS [SWITCH_NS]",
# each the mean run time of that program over one loop (and whatever else
# the machine did meanwhile)
untraced_stats() {
	before=0
	[ "$1" = record ] && before=$(prog_ids sys_enter sys_exit oncpu | sort -n | tail -n 1)
	untraced_start "$1" || return 1
	case $1 in
	record)	ids=$(for nm in sys_enter sys_exit oncpu; do
			prog_ids $nm | awk -v b="${before:-0}" '$1 > b'
		done) ;;
	*)	# shellcheck disable=SC2046
		ids=$(prog_ids $(floor_progs "$1")) ;;
	esac
	# one id per program, or another job's programs are in the way
	want=$(floor_progs "$1" | wc -w)
	[ "$1" = record ] && want=3
	if [ "$(echo "$ids" | grep -c .)" = "$want" ]; then
		old=$(sysctl -n kernel.bpf_stats_enabled)
		sysctl -qw kernel.bpf_stats_enabled=1
		s0=$(for id in $ids; do prog_stats "$id"; done)
		"$LOOPBIN" "$UNTRACED_CALLS" getppid "$WORK/loop.txt"
		s1=$(for id in $ids; do prog_stats "$id"; done)
		sysctl -qw kernel.bpf_stats_enabled="$old"
		# "time count" per program, before then after
		fact "stats.$1" "$(printf '%s\n%s\n' "$s0" "$s1" | awk -v n="$want" '
			NR <= n { t[NR] = $1; c[NR] = $2; next }
			{ i = NR - n; printf "%s%.1f", (i > 1 ? " " : ""), ($2 > c[i] ? ($1 - t[i]) / ($2 - c[i]) : 0) }')"
	else
		log "untraced: cannot tell $1's programs apart; no bpf_stats"
	fi
	untraced_stop "$1"
}

untraced_section() {
	tracers="bare bpf-empty bpf-raw bpf-pid bpf-cache record"
	for t in perf bpftrace; do
		available $t && tracers="$tracers $t"
	done
	if [ ! -x "$ATTACH" ] || [ ! -f "$FLOOR_OBJ" ]; then
		log "untraced: $ATTACH or $FLOOR_OBJ missing: the pieces are not measured"
		tracers=$(echo "$tracers" | sed 's/ bpf-[a-z]*//g')
	fi
	fact untraced_calls "$UNTRACED_CALLS"
	fact untraced_rounds "$UNTRACED_ROUNDS"
	fact untraced_reps "$UNTRACED_REPS"
	fact untraced_tracers "$tracers"
	UNTRACED_DIRTY=0
	r=1
	while [ $r -le "$UNTRACED_ROUNDS" ]; do
		log "untraced: round $r of $UNTRACED_ROUNDS"
		for t in $tracers; do
			untraced_start $t || continue
			k=1
			while [ $k -le "$UNTRACED_REPS" ]; do
				untraced_loop $t $r
				k=$((k + 1))
			done
			untraced_stop $t
		done
		# rotate: the next round starts with the next tracer
		tracers="${tracers#* } ${tracers%% *}"
		r=$((r + 1))
	done
	fact untraced_dirty "$UNTRACED_DIRTY"
	case $tracers in *bpf-*)
		log "untraced: bpf_stats of each piece"
		for t in bpf-empty bpf-raw bpf-helper bpf-pid bpf-cache bpf-all bpf-late record; do
			untraced_stats $t
		done ;;
	esac
}
