#!/bin/sh
# run.sh - `make bench`: ktrail against strace, perf trace and bpftrace.
#
#   sh bench/run.sh BUILD          (make bench; root needed)
#
# Installs the peers when missing, mounts tracefs when a peer needs it, runs
# every workload under every tool BENCH_RUNS times (default 5), then prints
# the tables (and the performance targets, checked on this run's own ratios)
# to stdout and writes them to bench/RESULTS.md. A peer that cannot run on
# this machine gets a row saying why, never a number.
#
# Environment: BENCH_RUNS (5), BENCH_LOOP (500000 getppid calls, workload 1),
# BENCH_FORKS (300, workload 3), BENCH_BIG (5200000 events, the analysis
# trace), BENCH_OUT (bench/RESULTS.md), BENCH_KEEP=1 keeps the scratch dir,
# BENCH_ONLY=analysis runs only the analysis section (a few minutes) and
# writes RESULTS.md only when BENCH_OUT names a file; BENCH_ONLY=untraced
# likewise, the untraced-process section alone (bench/untraced.sh, about
# five minutes; BENCH_UNTRACED_ROUNDS, _REPS, _CALLS); BENCH_ONLY=ustacks
# only the user stack section (bench/ustacks.sh), printed, never written.
#
# Data flow: lib.sh's measure() appends one line per run to $WORK/raw.tsv;
# report.awk reads those lines and prints the markdown.

BUILD=${1:-build}
BENCH=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "$BUILD" 2>/dev/null && pwd) || { echo "bench: no build dir '$1'" >&2; exit 1; }
RUNS=${BENCH_RUNS:-5}
LOOP=${BENCH_LOOP:-500000}
FORKS=${BENCH_FORKS:-300}
BIG=${BENCH_BIG:-5200000}
ONLY=${BENCH_ONLY:-}
case $ONLY in
''|analysis|untraced|ustacks) ;;
*) echo "bench: BENCH_ONLY='$ONLY': only 'analysis', 'untraced' and 'ustacks' are known" >&2; exit 1 ;;
esac
RESULTS=${BENCH_OUT:-$BENCH/RESULTS.md}
[ -z "$ONLY" ] || RESULTS=${BENCH_OUT:-}
RECORD=$BUILD/record
ANALYZE=$BUILD/analyze
LOOPBIN=$BUILD/samples/bench_loop
export BUILD BENCH RECORD ANALYZE

. "$BENCH/lib.sh"

if [ "$(id -u)" != 0 ]; then
	echo "bench: needs root (BPF, perf trace, bpftrace, tracefs)" >&2
	exit 1
fi
for f in "$RECORD" "$LOOPBIN"; do
	[ -x "$f" ] || { echo "bench: '$f' missing: run make first" >&2; exit 1; }
done

if [ "$ONLY" = ustacks ]; then
	exec sh "$BENCH/ustacks.sh" "$BUILD" "$RUNS"
fi

WORK=$(mktemp -d /tmp/ktrail-bench.XXXXXX) || exit 1
RAW=$WORK/raw.tsv
SKIP=$WORK/skip.tsv	# tool <TAB> why it could not run
FACTS=$WORK/facts.tsv	# key <TAB> value
: >"$RAW"
: >"$SKIP"
: >"$FACTS"
cleanup() { [ -n "$BENCH_KEEP" ] || rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

fact() { printf '%s\t%s\n' "$1" "$2" >>"$FACTS"; }
skip() { printf '%s\t%s\n' "$1" "$2" >>"$SKIP"; log "$1 not run: $2"; }
skipped() { grep -q "^$1	" "$SKIP"; }

# ---- peers -----------------------------------------------------------------

install_missing strace:strace perf:linux-perf bpftrace:bpftrace \
	/usr/bin/time:time zstd:zstd sqlite3:sqlite3
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time missing (package time)" >&2; exit 1; }

tracefs=1
have_tracefs || tracefs=0
command -v strace >/dev/null || skip strace "strace not installed"
if ! command -v perf >/dev/null; then
	skip perf "perf not installed (linux-perf)"
elif [ $tracefs = 0 ]; then
	skip perf "needs tracefs for raw_syscalls tracepoints; mount failed"
elif ! perf trace record -q -o "$WORK/probe.data" -- /bin/true >/dev/null 2>"$WORK/probe.err"; then
	skip perf "perf trace record fails here: $(head -n 1 "$WORK/probe.err")"
fi
if ! command -v bpftrace >/dev/null; then
	skip bpftrace "bpftrace not installed"
elif [ $tracefs = 0 ]; then
	skip bpftrace "needs tracefs for raw_syscalls tracepoints; mount failed"
elif ! bpftrace -o "$WORK/probe.bt" "$BENCH/pairs.bt" -c /bin/true >/dev/null 2>"$WORK/probe.err" ||
	! grep -q '^[0-9]' "$WORK/probe.bt"; then
	skip bpftrace "pairs.bt does not run: $(grep -v RLIMIT "$WORK/probe.err" | head -n 1)"
fi
[ -x "$ANALYZE" ] || skip analyze "$ANALYZE not built (make build/analyze)"

fact date "$(date -u '+%Y-%m-%d %H:%M UTC')"
fact kernel "$(uname -r)"
fact cpu "$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1) ($(nproc) CPUs)"
fact commit "$(git -C "$BENCH/.." rev-parse --short HEAD 2>/dev/null)$(git -C "$BENCH/.." diff --quiet HEAD -- recorder bpf schema analyzer 2>/dev/null || echo '+dirty')"
fact versions "$(strace -V 2>/dev/null | head -n 1); $(perf --version 2>/dev/null); $(bpftrace --version 2>/dev/null); $(zstd -V 2>/dev/null | sed 's/^.*v\([0-9.]*\).*/zstd \1/')"
fact load_start "$(cut -d' ' -f1-3 /proc/loadavg)"
fact runs "$RUNS"
fact loop "$LOOP"
fact forks "$FORKS"
fact only "$ONLY"

TOOLS="bare record strace perf bpftrace"
available() { [ "$1" = bare ] || [ "$1" = record ] || ! skipped "$1"; }

# ---- workloads -------------------------------------------------------------

W1="$LOOPBIN $LOOP getppid $WORK/loop.txt"
W2="/bin/sh $BENCH/files.sh /usr/include"
W3="/bin/sh $BENCH/fork.sh $FORKS"

WLS="syscall-tight file-heavy fork-heavy fixed"
if [ -n "$ONLY" ]; then
	WLS=""
else
	log "warming the page cache for file-heavy"
	$W2
	$W2
fi

# each run visits every tool, so slow drift of the machine hits all alike
for wl in $WLS; do
	case $wl in
	syscall-tight)	cmd=$W1 ;;
	file-heavy)	cmd=$W2 ;;
	fork-heavy)	cmd=$W3 ;;
	fixed)		cmd=/bin/true ;;
	esac
	r=1
	while [ $r -le "$RUNS" ]; do
		log "$wl: run $r of $RUNS"
		for tool in $TOOLS; do
			available $tool || continue
			# shellcheck disable=SC2086
			measure main $wl $tool $r $cmd
		done
		r=$((r + 1))
	done
	if [ $wl = file-heavy ]; then
		# the last run's outputs, compressed, against record's file
		for tool in strace perf bpftrace; do
			available $tool || continue
			[ -f "$WORK/out.$tool" ] || continue
			zstd -q -3 -f "$WORK/out.$tool" -o "$WORK/z3" &&
				fact "zstd3.$tool" "$(stat -c %s "$WORK/z3")"
		done
		if available strace; then
			# shellcheck disable=SC2086
			strace -f -T -o "$WORK/strace-T.txt" $W2
			fact strace_T.events "$(count_output strace "$WORK/strace-T.txt" /dev/null | cut -d' ' -f1)"
			fact strace_T.raw "$(stat -c %s "$WORK/strace-T.txt")"
			zstd -q -3 -f "$WORK/strace-T.txt" -o "$WORK/z3" &&
				fact strace_T.zstd3 "$(stat -c %s "$WORK/z3")"
			zstd -q -19 -f "$WORK/strace-T.txt" -o "$WORK/z19" &&
				fact strace_T.zstd19 "$(stat -c %s "$WORK/z19")"
			rm -f "$WORK/strace-T.txt" "$WORK/z3" "$WORK/z19"
		fi
	fi
done
rm -f "$WORK"/out.* "$WORK"/err.*

# ---- report ----------------------------------------------------------------

# report: the tables from the raw lines, printed, and written to RESULTS
report() {
	fact load_end "$(cut -d' ' -f1-3 /proc/loadavg)"

	awk -F'\t' -v skipf="$SKIP" -v factf="$FACTS" -v only="$ONLY" -f "$BENCH/report.awk" "$RAW" >"$WORK/results.md"
	if [ -z "$ONLY" ]; then
		log "user stacks: bench/ustacks.sh"
		{ echo; sh "$BENCH/ustacks.sh" "$BUILD" "$RUNS"; } >>"$WORK/results.md"
	fi
	cat "$WORK/results.md"
	[ -z "$BENCH_KEEP" ] || log "raw data kept in $WORK"
	if [ -n "$RESULTS" ]; then
		cp "$WORK/results.md" "$RESULTS"
		log "written to $RESULTS"
	fi
}

# ---- untraced processes while a tracer runs --------------------------------

if [ -z "$ONLY" ] || [ "$ONLY" = untraced ]; then
	. "$BENCH/untraced.sh"
	untraced_section
fi
if [ "$ONLY" = untraced ]; then
	report
	exit 0
fi

# ---- analysis: import rate, memory, a query --------------------------------

log "analysis: recording $BIG and 1000000 events"
BIGCMD="$LOOPBIN $BIG getppid $WORK/loop.txt"
# shellcheck disable=SC2086
measure trace big record 1 $BIGCMD
mv "$WORK/out.record" "$WORK/big.zst"
# shellcheck disable=SC2086
measure trace small record 1 $LOOPBIN 1000000 getppid "$WORK/loop.txt"
mv "$WORK/out.record" "$WORK/small.zst"
# the file-heavy workload with its paths and 32 bytes of each buffer
# shellcheck disable=SC2086
RECORD_OPTS="-s 32"
measure trace files record 1 $W2
RECORD_OPTS=
mv "$WORK/out.record" "$WORK/files.zst"

# yardsticks DB - write the sqlite3 shell scripts that load as many rows as
# DB's event_rows holds, with analyze's settings for a --db file (db.c) and
# event_rows' own CREATE TABLE (schema/trace.sql), no index:
#   yard-csv.sql: `.import` of the rows as CSV text (events.csv, made here;
#     NULLs become empty strings), the yardstick "sqlite3 .import of text";
#   yard-floor.sql: one INSERT ... SELECT of a real row of DB over
#     generate_series (its ts_ns stepping like the trace's), SQLite's floor
#     for rows of this width: the constants are computed once, and the
#     series costs a few instructions a row (a recursive CTE instead goes
#     through a queue table: 5.2 s against 2.6 s for 5.2 M rows);
#   yard-floor-index.sql: the same with event_rows_pid_probe created first.
yardsticks() {
	db=$1
	pragmas="PRAGMA page_size = 16384; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -16384;"
	ddl=$(sed -n '/^CREATE TABLE event_rows (/,/^);/p' "$BENCH/../schema/trace.sql")
	index=$(sed -n '/^CREATE INDEX IF NOT EXISTS event_rows_pid_probe/,/;$/p' "$BENCH/../schema/trace.sql")
	[ -n "$ddl" ] && [ -n "$index" ] || return 1
	n=$(sqlite3 "$db" "SELECT count(*) FROM event_rows") || return 1
	[ "$n" -gt 1 ] || return 1
	step=$(sqlite3 "$db" "SELECT max((max(ts_ns) - min(ts_ns)) / count(*), 1) FROM event_rows") || return 1
	# one row from the middle of the trace, as SQL literals; ts_ns steps
	row=$(sqlite3 "$db" "SELECT quote(trace_id) || ', ' || ts_ns || ' + x * $step, ' ||
		quote(pid) || ', ' || quote(tid) || ', ' || quote(comm_id) || ', ' || quote(cpu) || ', ' ||
		quote(probe_id) || ', ' || quote(ret) || ', ' || quote(latency_ns) || ', ' ||
		quote(kstack_id) || ', ' || quote(ustack_id) || ', ' || quote(arg0) || ', ' ||
		quote(arg1) || ', ' || quote(arg2) || ', ' || quote(arg3) || ', ' || quote(arg4) || ', ' ||
		quote(arg5) || ', ' || quote(path) || ', ' || quote(args) || ', ' || quote(addr) FROM event_rows WHERE rowid = (SELECT min(rowid) + count(*) / 2 FROM event_rows)") || return 1
	sqlite3 -csv "$db" "SELECT * FROM event_rows" >"$WORK/events.csv" || return 1
	fact yard_row "$row"
	printf '%s\n%s\n.import --csv %s event_rows\n' "$pragmas" "$ddl" "$WORK/events.csv" >"$WORK/yard-csv.sql"
	sqlite3 :memory: "SELECT value FROM generate_series(1, 1)" >/dev/null 2>&1 || return 1
	floor="INSERT INTO event_rows SELECT $row FROM (SELECT value AS x FROM generate_series(0, $n - 1));"
	printf '%s\n%s\n%s\n' "$pragmas" "$ddl" "$floor" >"$WORK/yard-floor.sql"
	printf '%s\n%s\n%s\n%s\n' "$pragmas" "$ddl" "$index" "$floor" >"$WORK/yard-floor-index.sql"
	fact yard_rows "$n"
}

QUERY="SELECT probe, count(*) AS calls, percentile(latency_ns, 99) AS p99 FROM events GROUP BY probe ORDER BY calls DESC"
fact query "$QUERY"
if available analyze; then
	# import alone: a trivial query, so no summary report is computed;
	# each run also times the yardsticks, so drift hits all alike
	r=1
	while [ $r -le 3 ]; do
		log "analysis: analyze TRACE --db FILE, run $r of 3"
		rm -f "$WORK/small.db"
		measure analysis import-small analyze $r "$ANALYZE" "$WORK/small.zst" --db "$WORK/small.db" --sql "SELECT 1"
		rm -f "$WORK/big.db"
		measure analysis import-big analyze $r "$ANALYZE" "$WORK/big.zst" --db "$WORK/big.db" --sql "SELECT 1"
		rm -f "$WORK/files.db"
		measure analysis import-files analyze $r "$ANALYZE" "$WORK/files.zst" --db "$WORK/files.db" --sql "SELECT 1"
		measure analysis strace-files analyze $r "$ANALYZE" "$WORK/files.zst" --strace
		if [ $r = 1 ] && command -v sqlite3 >/dev/null && [ -f "$WORK/big.db" ]; then
			log "analysis: the yardsticks' inputs, from the imported rows"
			yardsticks "$WORK/big.db" ||
				skip yardsticks "the sqlite3 shell cannot read the imported database or lacks generate_series"
		fi
		if ! skipped yardsticks && [ -f "$WORK/events.csv" ]; then
			log "analysis: sqlite3 shell yardsticks, run $r of 3"
			rm -f "$WORK/yard.db"
			measure analysis yard-csv sqlite3 $r sqlite3 -batch "$WORK/yard.db" ".read $WORK/yard-csv.sql"
			rm -f "$WORK/yard.db"
			measure analysis yard-floor sqlite3 $r sqlite3 -batch "$WORK/yard.db" ".read $WORK/yard-floor.sql"
			rm -f "$WORK/yard.db"
			measure analysis yard-floor-index sqlite3 $r sqlite3 -batch "$WORK/yard.db" ".read $WORK/yard-floor-index.sql"
			rm -f "$WORK/yard.db"
		fi
		r=$((r + 1))
	done
	rm -f "$WORK/events.csv"
	# memory bound: the same trace twice, twice the rows, one database
	log "analysis: analyze TRACE TRACE --db FILE (memory bound)"
	rm -f "$WORK/double.db"
	measure analysis import-double analyze 1 "$ANALYZE" "$WORK/big.zst" "$WORK/big.zst" --db "$WORK/double.db" --sql "SELECT 1"
	rm -f "$WORK/double.db"
	# the summary report straight from the trace (temporary database):
	# its peak RSS is bounded too (exact percentiles without every latency
	# in memory)
	log "analysis: analyze TRACE (summary report, memory bound)"
	measure analysis summary-trace analyze 1 "$ANALYZE" "$WORK/big.zst"
	# and a query straight from the trace: the p99 per probe sorts every
	# event (SQLite's sorter) and keeps every latency (percentile())
	log "analysis: analyze TRACE --sql p99 per probe (memory bound)"
	measure analysis query-trace analyze 1 "$ANALYZE" "$WORK/big.zst" --format csv --sql "$QUERY"
	r=1
	while [ $r -le 3 ]; do
		log "analysis: queries on the kept database, run $r of 3"
		measure analysis query-db analyze $r "$ANALYZE" --db "$WORK/big.db" --format csv --sql "$QUERY"
		measure analysis summary-db analyze $r "$ANALYZE" --db "$WORK/big.db"
		measure analysis strace-big analyze $r "$ANALYZE" --db "$WORK/big.db" --strace
		r=$((r + 1))
	done
	"$ANALYZE" --db "$WORK/big.db" --format csv --sql "$QUERY" >"$WORK/query.csv" 2>&1
	fact query_out "$(head -n 3 "$WORK/query.csv" | tr '\n' ' ')"
	if command -v sqlite3 >/dev/null && [ -f "$WORK/big.db" ]; then
		# the same p99 in the sqlite3 shell, by window functions
		q="SELECT probe, n, min(latency_ns) FROM (SELECT probe, latency_ns, row_number() OVER (PARTITION BY probe ORDER BY latency_ns) AS rn, count(*) OVER (PARTITION BY probe) AS n FROM events) WHERE rn >= 0.99 * n GROUP BY probe ORDER BY n DESC"
		r=1
		while [ $r -le 3 ]; do
			measure analysis query-db sqlite3 $r sqlite3 "$WORK/big.db" "$q"
			r=$((r + 1))
		done
	fi
fi
rm -f "$WORK/big.db" "$WORK/small.db" "$WORK/files.db"
if available perf; then
	log "analysis: perf trace record of the same $BIG calls, then perf script"
	# shellcheck disable=SC2086
	measure trace big perf 1 $BIGCMD
	mv "$WORK/out.perf" "$WORK/big.data"
	measure analysis perf-script perf-script 1 perf script -i "$WORK/big.data"
	rm -f "$WORK/big.data"
fi

# ---- report ----------------------------------------------------------------

report
