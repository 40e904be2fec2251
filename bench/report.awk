# report.awk - bench/run.sh's raw lines -> the markdown of bench/RESULTS.md.
#
#   awk -F'\t' -v skipf=SKIP -v factf=FACTS -f report.awk RAW
#
# RAW: section workload tool run wall_ns rss_kib events lost bytes loop_ns rc
# SKIP: tool <TAB> why it did not run;  FACTS: key <TAB> value.
# Medians for times, sizes and event counts; worst run for lost and RSS.
# The performance targets are checked here, on ratios of this run alone.
# Portable awk (Debian's default is mawk): no asort, no gensub.

function num(v) { return v != "-" && v != "" }

# add(key, value): keep one run's value of key
function add(k, v) { if (!num(v)) return; n[k]++; val[k, n[k]] = v + 0 }

function median(k,    i, j, t, a, c) {
	c = n[k]
	if (!c) return "-"
	for (i = 1; i <= c; i++) a[i] = val[k, i]
	for (i = 2; i <= c; i++) {
		t = a[i]
		for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]
		a[j + 1] = t
	}
	return a[int((c + 1) / 2)]
}

function maximum(k,    i, m) {
	if (!n[k]) return "-"
	m = val[k, 1]
	for (i = 2; i <= n[k]; i++) if (val[k, i] > m) m = val[k, i]
	return m
}

function secs(ns) { return num(ns) ? sprintf("%.3f s", ns / 1e9) : "-" }
function mib(kib) { return num(kib) ? sprintf("%.1f MiB", kib / 1024) : "-" }
function count(v) { return num(v) ? sprintf("%d", v) : "-" }

function bytes(b) {
	if (!num(b)) return "-"
	b += 0	# facts are strings: compare as numbers
	if (b >= 1048576) return sprintf("%.1f MiB", b / 1048576)
	if (b >= 1024) return sprintf("%.1f KiB", b / 1024)
	return sprintf("%d B", b)
}

function rate(ev, ns) { return num(ev) && num(ns) && ns > 0 ? sprintf("%.2f M/s", ev / ns * 1e3) : "-" }

# check(ok, what): the target cell and the summary line
function check(name, ok, measured, bound) {
	ntargets++
	tname[ntargets] = name
	tres[ntargets] = ok == "" ? "not measured" : ok ? "ok" : "MISSED"
	tmeas[ntargets] = measured
	tbound[ntargets] = bound
	if (ok == "") return "not measured"
	return ok ? "ok" : "MISSED: " measured " (target " bound ")"
}

function join_cell(a, b) { return a == "" ? b : a "; " b }

function tool_name(t) {
	if (t == "bare") return "uninstrumented"
	if (t == "record") return "`record -q -o FILE --`"
	if (t == "strace") return "`strace -f -o FILE`"
	if (t == "perf") return "`perf trace record -o FILE --`"
	if (t == "bpftrace") return "`bpftrace pairs.bt` (-o FILE)"
	return t
}

BEGIN {
	while ((getline line < skipf) > 0) {
		split(line, f, "\t")
		why[f[1]] = f[2]
	}
	while ((getline line < factf) > 0) {
		i = index(line, "\t")
		fact[substr(line, 1, i - 1)] = substr(line, i + 1)
	}
	nwl = split("syscall-tight file-heavy fork-heavy", wls, " ")
	ntools = split("bare record strace perf bpftrace", tools, " ")
	MIB64 = 64 * 1024
}

{
	k = $1 SUBSEP $2 SUBSEP $3
	seen[k] = 1
	add(k SUBSEP "wall", $5)
	add(k SUBSEP "rss", $6)
	add(k SUBSEP "ev", $7)
	add(k SUBSEP "lost", $8)
	add(k SUBSEP "bytes", $9)
	add(k SUBSEP "loop", $10)
	if ($11 != 0) failed[k] = $11
	# untraced: each tracer's best loop of each round, for pairing
	if ($1 == "untraced" && num($10)) {
		k = substr($3, 8) SUBSEP $4	# "beside-" stripped
		if (!(k in best) || $10 + 0 < best[k]) best[k] = $10 + 0
		if ($4 + 0 > nrounds) nrounds = $4 + 0
	}
}

# m(sec, wl, tool, field) and w(...) for the worst run
function m(s, wl, t, fld) { return median(s SUBSEP wl SUBSEP t SUBSEP fld) }
function w(s, wl, t, fld) { return maximum(s SUBSEP wl SUBSEP t SUBSEP fld) }

function main_table(    i, j, wl, t, wall, bare, ev, sys, added, slow, lost, by, rss, cell, bpe, loop0, loop) {
	print "## Recording: three workloads under each tool"
	print ""
	print "1. **syscall-tight**: `bench_loop " fact["loop"] " getppid` (samples/bench_loop.c), " \
	      "timed from inside by its own clock"
	print "2. **file-heavy**: `tar cf - /usr/include | cat >/dev/null` (bench/files.sh), page cache warm"
	print "3. **fork-heavy**: a shell loop starting `/bin/true` " fact["forks"] " times (bench/fork.sh)"
	print ""
	print "wall: median of " fact["runs"] " runs, tool start to exit. added ns/syscall: workload 1 from " \
	      "the loop's own clock (cost inside the workload), workloads 2-3 (wall - uninstrumented wall) / " \
	      "syscalls. events: completed syscalls in the output (perf: sys_exit samples). lost: worst run " \
	      "(record: lost + dropped). peak RSS: worst run, GNU time %M (the largest of the tool and the " \
	      "workload's processes: see the uninstrumented row)."
	print ""
	print "| workload | tool | wall | slowdown | added ns/syscall | events | lost | output | B/event | peak RSS | target |"
	print "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
	for (i = 1; i <= nwl; i++) {
		wl = wls[i]
		bare = m("main", wl, "bare", "wall")
		loop0 = m("main", wl, "bare", "loop")
		sys = m("main", wl, "record", "ev")
		if (!num(sys)) sys = m("main", wl, "bpftrace", "ev")
		if (!num(sys)) sys = m("main", wl, "strace", "ev")
		for (j = 1; j <= ntools; j++) {
			t = tools[j]
			if (t in why) {
				printf "| %s | %s | not run: %s |||||||||\n", wl, tool_name(t), why[t]
				continue
			}
			wall = m("main", wl, t, "wall")
			if (!num(wall)) continue
			loop = m("main", wl, t, "loop")
			if (wl == "syscall-tight" && num(loop) && num(loop0))
				added = (loop - loop0) / fact["loop"]
			else if (num(sys) && sys > 0 && num(bare))
				added = (wall - bare) / sys
			else
				added = "-"
			if (t == "bare") added = "-"
			A[wl, t] = added
			slow = num(bare) && bare > 0 ? wall / bare : "-"
			S[wl, t] = slow
			ev = m("main", wl, t, "ev")
			lost = w("main", wl, t, "lost")
			by = m("main", wl, t, "bytes")
			rss = w("main", wl, t, "rss")
			bpe = num(by) && num(ev) && ev > 0 ? by / ev : "-"
			B[wl, t] = bpe; E[wl, t] = ev; L[wl, t] = lost; R[wl, t] = rss; BY[wl, t] = by
			cell = t == "record" ? record_targets(wl) : ""
			if ((("main" SUBSEP wl SUBSEP t) in failed))
				cell = join_cell(cell, "exit status " failed["main" SUBSEP wl SUBSEP t])
			printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", wl, tool_name(t),
			       secs(wall), num(slow) ? sprintf("%.2fx", slow) : "-",
			       num(added) ? sprintf("%.0f", added) : "-", count(ev), count(lost),
			       bytes(by), num(bpe) ? sprintf("%.1f", bpe) : "-", mib(rss), cell
		}
	}
	print ""
}

# The per-row targets of record; the workload's peers are already known
# except on the record row itself, so they are read from the medians here.
function record_targets(wl,    cell, a, p, b, lost, rss, slow, bpe) {
	cell = ""
	a = A[wl, "record"]
	lost = w("main", wl, "record", "lost")
	rss = w("main", wl, "record", "rss")
	if (wl == "syscall-tight") {
		p = peer_added(wl, "perf")
		b = peer_added(wl, "bpftrace")
		cell = join_cell(cell, check("added cost per syscall <= 1/2 of perf trace record's (workload 1)",
			num(p) && num(a) ? a <= p / 2 : "", sprintf("%.0f ns", a), num(p) ? sprintf("<= %.0f ns", p / 2) : "perf not run"))
		cell = join_cell(cell, check("added cost per syscall <= 1/10 of the bpftrace script's (workload 1)",
			num(b) && num(a) ? a <= b / 10 : "", sprintf("%.0f ns", a), num(b) ? sprintf("<= %.0f ns", b / 10) : "bpftrace not run"))
	}
	if (wl == "file-heavy") {
		slow = S[wl, "record"]
		bpe = B[wl, "record"]
		cell = join_cell(cell, check("workload 2 slowdown <= 1.5x, with paths and arguments captured",
			num(slow) ? slow <= 1.5 : "", sprintf("%.2fx", slow), "<= 1.5x"))
		s19 = ""
		if (num(fact["strace_T.zstd19"]) && fact["strace_T.events"] > 0)
			s19 = fact["strace_T.zstd19"] / fact["strace_T.events"]
		cell = join_cell(cell, check("workload 2 on disk <= strace -f -T text through zstd -19, per event",
			num(bpe) && num(s19) ? bpe <= s19 : "", sprintf("%.1f B/event", bpe),
			num(s19) ? sprintf("<= %.1f", s19) : "strace not run"))
	}
	cell = join_cell(cell, check("0 lost events, default buffers (" wl ")", num(lost) ? lost == 0 : "",
		sprintf("%d lost", lost), "0"))
	cell = join_cell(cell, check("record peak RSS <= 64 MiB (" wl ")", num(rss) ? rss <= MIB64 : "",
		mib(rss), "<= 64 MiB"))
	return compact(cell)
}

# "ok; ok; MISSED: x" -> "MISSED: x"; all ok -> "ok"
function compact(cell,    parts, c, i, out) {
	c = split(cell, parts, "; ")
	out = ""
	for (i = 1; i <= c; i++)
		if (parts[i] != "ok") out = join_cell(out, parts[i])
	return out == "" ? "ok" : out
}

function peer_added(wl, t,    loop, loop0, wall, bare, sys) {
	if (t in why) return "-"
	loop = m("main", wl, t, "loop")
	loop0 = m("main", wl, "bare", "loop")
	if (num(loop) && num(loop0)) return (loop - loop0) / fact["loop"]
	wall = m("main", wl, t, "wall")
	bare = m("main", wl, "bare", "wall")
	sys = m("main", wl, "record", "ev")
	return num(wall) && num(bare) && num(sys) && sys > 0 ? (wall - bare) / sys : "-"
}

function fixed_table(    j, t, wall, bare, cell) {
	print "## Fixed cost: `TOOL /bin/true`, start to exit"
	print ""
	print "| tool | wall (median of " fact["runs"] ") | slowest run | added to bare /bin/true | peak RSS | target |"
	print "|---|---:|---:|---:|---:|---|"
	bare = m("main", "fixed", "bare", "wall")
	for (j = 1; j <= ntools; j++) {
		t = tools[j]
		if (t in why) {
			printf "| %s | not run: %s ||||\n", tool_name(t), why[t]
			continue
		}
		wall = m("main", "fixed", t, "wall")
		if (!num(wall)) continue
		cell = t == "record" ? check("fixed cost (record of /bin/true, start to exit) <= 0.1 s",
			wall <= 1e8, secs(wall), "<= 0.1 s") : ""
		printf "| %s | %s | %s | %s | %s | %s |\n", tool_name(t), secs(wall),
		       secs(w("main", "fixed", t, "wall")), t == "bare" ? "-" : secs(wall - bare),
		       mib(w("main", "fixed", t, "rss")), cell
	}
	print ""
}

# quartile(k, q): the q-th quartile (1..3) of key k's values, nearest rank
function quartile(k, q,    i, j, t, a, c) {
	c = n[k]
	if (!c) return "-"
	for (i = 1; i <= c; i++) a[i] = val[k, i]
	for (i = 2; i <= c; i++) {
		t = a[i]
		for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]
		a[j + 1] = t
	}
	i = int(c * q / 4 + 0.5)
	return a[i < 1 ? 1 : i]
}

function untraced_name(t) {
	if (t == "bare") return "none"
	if (t == "bpf-empty") return "empty `tp_btf` programs on sys_enter + sys_exit (the BPF dispatch floor)"
	if (t == "bpf-raw") return "empty `raw_tp` programs on sys_enter + sys_exit"
	if (t == "bpf-helper") return "an empty sys_exit, and a sys_enter that only calls bpf_get_current_pid_tgid()"
	if (t == "bpf-pid") return "the two programs cut after the followed-pid check, the tgid from bpf_get_current_pid_tgid() (record's untraced path before)"
	if (t == "bpf-cache") return "the same, the tgid from the per-CPU array a sched_switch program keeps (record's untraced path now)"
	if (t == "bpf-all") return "`-a`'s check (pid, then the real parent's tgid) at sys_enter"
	if (t == "bpf-late") return "syscall table and compat check before the pid check, at sys_enter"
	if (t == "record") return "`record -q -o FILE --`"
	return tool_name(t)
}

# the added ns/syscall of tracer t: per round, its best loop less the bare
# loop's best of the same round; median and quartiles over the rounds
function untraced_row(t, calls,    r, k, loop, st, body) {
	k = "untraced-diff" SUBSEP t
	if (k in done_row) return
	done_row[k] = 1
	k = "untraced-diff" SUBSEP t
	for (r = 1; r <= nrounds; r++) {
		if ((t SUBSEP r) in best)
			add("untraced-best" SUBSEP t, best[t, r])
		if ((t SUBSEP r) in best && ("bare" SUBSEP r) in best)
			add(k, (best[t, r] - best["bare", r]) / calls)
	}
	loop = median("untraced-best" SUBSEP t)
	if (!num(loop)) return
	body = "-"
	if (("stats." t) in fact) {
		split(fact["stats." t], st, " ")
		body = sprintf("%.0f + %.0f", st[1], st[2])
		if (st[3] != "")
			body = body sprintf("; sched_switch %.0f", st[3])
	}
	if (t == "bare")
		printf "| %s | %.0f | - | - | - |\n", untraced_name(t), loop / calls
	else
		printf "| %s | %.0f | %.0f | %.0f .. %.0f | %s |\n", untraced_name(t), loop / calls,
		       median(k), quartile(k, 1), quartile(k, 3), body
	added[t] = median(k)
}

# one line of the breakdown: what piece costs, from two rows' added ns
function piece(what, hi, lo,    d) {
	if (!num(added[hi]) || (lo != "" && !num(added[lo]))) return
	d = sprintf("%.0f", added[hi] - (lo == "" ? 0 : added[lo]))
	printf "| %s | %s |\n", what, d == "-0" ? "0" : d
}

function untraced_breakdown(    e, x) {
	print ""
	print "Where record's share goes (differences of the medians above, ns per untraced syscall):"
	print ""
	print "| piece | ns |"
	print "|---|---:|"
	piece("syscall tracepoints on: the entry/exit slow path, with perf's handler finding no event of this task", "perf", "")
	piece("two BPF programs dispatched (empty tp_btf pair less perf's figure)", "bpf-empty", "perf")
	piece("raw_tp instead of tp_btf", "bpf-raw", "bpf-empty")
	piece("before: the tgid by one helper call per program, and the followed-pid bitmap", "bpf-pid", "bpf-empty")
	piece("now: the tgid from the per-CPU array (inlined lookup), and the bitmap", "bpf-cache", "bpf-empty")
	piece("the rest of record's programs, as an untraced task sees them", "record", "bpf-cache")
	piece("record in all", "record", "")
	if ("stats.bpf-helper" in fact && "stats.bpf-empty" in fact) {
		split(fact["stats.bpf-helper"], x, " ")
		split(fact["stats.bpf-empty"], e, " ")
		printf "| of which bpf_get_current_pid_tgid(), per call (bpf_stats: helper-only less empty sys_enter) | %.0f |\n", x[1] - e[1]
	}
	print ""
	print "What bounds it: a BPF program on a raw syscall tracepoint runs for every task (the tracepoint has one " \
	      "list of callbacks, and a BPF program attached through a per-task perf event is run from the event's " \
	      "shared prog_array all the same), so only perf's in-kernel per-task event list is skipped by untraced tasks. " \
	      "Learning the current task took one helper call per program (neither bpf_get_current_pid_tgid() nor " \
	      "bpf_get_current_task_btf() is inlined on this kernel, and the `current_task` per-CPU ksym needs " \
	      "CONFIG_KALLSYMS_ALL); record now reads the tgid a sched_switch program stores per CPU, so its untraced " \
	      "path is the dispatch floor plus an inlined per-CPU lookup and the bitmap, and every context switch " \
	      "pays one more dispatch (the sched_switch figures in the program body column)."
}

function untraced_table(    j, t, calls, st) {
	calls = fact["untraced_calls"]
	print "## Untraced processes while a tracer records `sleep`"
	print ""
	print "`bench_loop " calls " getppid`, not traced, beside a tracer that follows only `sleep 600` " \
	      "(bench/untraced.sh): what the tracer's probes cost everybody else, and where record's share goes. " \
	      "ns of the loop's own CPU time (CLOCK_THREAD_CPUTIME_ID); " fact["untraced_rounds"] " rounds visiting every tracer, " \
	      fact["untraced_reps"] " loops beside each, the best of a round paired with the bare loop's of the same round: " \
	      "median added ns and quartiles over the rounds (" fact["untraced_dirty"] " runs shared the machine with " \
	      "another syscall tracer). Program body: the kernel's run_time_ns / run_cnt (kernel.bpf_stats_enabled=1), " \
	      "sys_enter + sys_exit, the indirect call into the program included."
	print ""
	print "| beside the loop | ns per getppid (median best) | added ns/syscall | quartiles | program body ns (enter + exit) |"
	print "|---|---:|---:|---:|---:|"
	for (j = 1; j <= ntools; j++)
		if ((t = tools[j]) in why && t != "strace")
			printf "| %s | not run: %s ||||\n", tool_name(t), why[t]
	# a fixed order, whatever the rotation left in the facts
	split("bare bpf-empty bpf-raw bpf-pid bpf-cache record perf bpftrace", st, " ")
	for (j = 1; j <= 8; j++)
		if (index(" " fact["untraced_tracers"] " ", " " st[j] " "))
			untraced_row(st[j], calls)
	for (j = 1; j <= 3; j++) {
		t = j == 1 ? "bpf-helper" : j == 2 ? "bpf-all" : "bpf-late"
		if (("stats." t) in fact) {
			split(fact["stats." t], st, " ")
			printf "| %s | | | | %.0f + %.0f |\n", untraced_name(t), st[1], st[2]
		}
	}
	untraced_breakdown()
	print ""
}

function size_row(what, by, ev) {
	if (!num(by)) return
	if (num(ev)) ev += 0
	printf "| %s | %s | %s | %s |\n", what, bytes(by), count(ev), (num(ev) && ev > 0 ? sprintf("%.1f", by / ev) : "-")
}

function size_table(    wl, rb, re, sb, se, cell) {
	wl = "file-heavy"
	print "## On disk, workload 2 (file-heavy)"
	print ""
	print "record keeps every syscall with its arguments (as many as the kernel says it takes), return value and ns latency. " \
	      "Compressed peers: the last run's output through `zstd -3` (and -19 for strace -T)."
	print ""
	print "| output | bytes | events | B/event |"
	print "|---|---:|---:|---:|"
	rb = BY[wl, "record"]; re = E[wl, "record"]
	size_row("record (zstd frames)", rb, re)
	size_row("strace -f text", BY[wl, "strace"], E[wl, "strace"])
	size_row("strace -f text, zstd -3", fact["zstd3.strace"], E[wl, "strace"])
	se = fact["strace_T.events"]
	size_row("strace -f -T text", fact["strace_T.raw"], se)
	size_row("strace -f -T text, zstd -3", fact["strace_T.zstd3"], se)
	size_row("strace -f -T text, zstd -19", fact["strace_T.zstd19"], se)
	size_row("perf.data", BY[wl, "perf"], E[wl, "perf"])
	size_row("perf.data, zstd -3", fact["zstd3.perf"], E[wl, "perf"])
	size_row("bpftrace text", BY[wl, "bpftrace"], E[wl, "bpftrace"])
	size_row("bpftrace text, zstd -3", fact["zstd3.bpftrace"], E[wl, "bpftrace"])
	print ""
	if (num(fact["strace_T.zstd3"]) && num(se) && se > 0 && num(rb) && num(re) && re > 0) {
		sb = fact["strace_T.zstd3"] / se
		cell = check("stretch: workload 2 bytes/event below strace -T's compressed text (zstd -3)",
			rb / re < sb, sprintf("%.1f B/event", rb / re), sprintf("< %.1f", sb))
		print "Stretch target (record below strace -T text through zstd -3): " cell
		print ""
	}
}

function analysis_table(    big, ev, wall, rss, small_rss, big_rss, dbl_rss, pev, pwall, qi, imp, qdb, cell, lost, fev) {
	print "## Analysis: from the file to an SQL answer"
	print ""
	ev = m("trace", "big", "record", "ev")
	print "The trace: `record` of `bench_loop` (" count(ev) " events); perf's file of the same workload for `perf script`."
	print ""
	print "| step | events | wall | events/s | peak RSS | target |"
	print "|---|---:|---:|---:|---:|---|"
	wall = m("trace", "big", "record", "wall")
	rss = w("trace", "big", "record", "rss")
	lost = w("trace", "big", "record", "lost")
	cell = check("record peak RSS <= 64 MiB at any trace length (" count(ev) " events)", num(rss) ? rss <= MIB64 : "",
		mib(rss), "<= 64 MiB")
	printf "| `record` of the trace (lost: %s, file %s) | %s | %s | %s | %s | %s |\n", count(lost),
	       bytes(m("trace", "big", "record", "bytes")), count(ev), secs(wall), rate(ev, wall), mib(rss), cell
	printf "| `record` of a 1 M trace (lost: %s) | %s | %s | %s | %s | |\n", count(w("trace", "small", "record", "lost")),
	       count(m("trace", "small", "record", "ev")), secs(m("trace", "small", "record", "wall")),
	       rate(m("trace", "small", "record", "ev"), m("trace", "small", "record", "wall")),
	       mib(w("trace", "small", "record", "rss"))
	if ("analyze" in why) {
		printf "| `analyze --db FILE` | not run: %s |||||\n", why["analyze"]
	} else {
		imp = m("analysis", "import-big", "analyze", "wall")
		big_rss = w("analysis", "import-big", "analyze", "rss")
		small_rss = w("analysis", "import-small", "analyze", "rss")
		cell = check("analyze --db import >= 1 M events/s, with the args, path and addr columns",
			num(imp) ? ev / imp * 1e9 >= 1e6 : "", rate(ev, imp), ">= 1.00 M/s")
		if (("analysis" SUBSEP "import-big" SUBSEP "analyze") in failed)
			cell = join_cell(cell, "exit status " failed["analysis" SUBSEP "import-big" SUBSEP "analyze"])
		printf "| `analyze TRACE --db FILE` import (median of 3) | %s | %s | %s | %s | %s |\n", count(ev), secs(imp),
		       rate(ev, imp), mib(big_rss), cell
		printf "| `analyze TRACE --db FILE`, a 1 M events trace | %s | %s | %s | %s | |\n",
		       count(m("trace", "small", "record", "ev")), secs(m("analysis", "import-small", "analyze", "wall")),
		       rate(m("trace", "small", "record", "ev"), m("analysis", "import-small", "analyze", "wall")),
		       mib(small_rss)
		yardstick_rows(imp)
		dbl_rss = w("analysis", "import-double", "analyze", "rss")
		cell = check("analyze memory bounded with --db FILE (peak RSS, 2x the events vs 1x)",
			num(big_rss) && num(dbl_rss) ? dbl_rss <= big_rss * 1.25 : "",
			mib(dbl_rss) " vs " mib(big_rss), "<= 1.25x")
		printf "| `analyze TRACE TRACE --db FILE`: the trace twice, one database | %s | %s | %s | %s | %s |\n",
		       num(ev) ? count(2 * ev) : "-", secs(m("analysis", "import-double", "analyze", "wall")),
		       num(ev) ? rate(2 * ev, m("analysis", "import-double", "analyze", "wall")) : "-", mib(dbl_rss), cell
		qi = m("analysis", "summary-trace", "analyze", "wall")
		srss = w("analysis", "summary-trace", "analyze", "rss")
		cell = check("analyze TRACE summary report memory <= 256 MiB (peak RSS)",
			num(srss) ? srss <= 256 * 1024 : "", mib(srss), "<= 256 MiB")
		printf "| `analyze TRACE` summary report, no --db (import + report) | %s | %s | %s | %s | %s |\n",
		       count(ev), secs(qi), rate(ev, qi), mib(srss), cell
		qi = m("analysis", "query-trace", "analyze", "wall")
		srss = w("analysis", "query-trace", "analyze", "rss")
		cell = check("analyze TRACE --sql memory <= 256 MiB (peak RSS)",
			num(srss) ? srss <= 256 * 1024 : "", mib(srss), "<= 256 MiB")
		printf "| `analyze TRACE --sql` p99 per probe, no --db (import + query) | %s | %s | %s | %s | %s |\n",
		       count(ev), secs(qi), rate(ev, qi), mib(srss), cell
		fev = m("trace", "files", "record", "ev")
		qi = m("analysis", "import-files", "analyze", "wall")
		printf "| `analyze TRACE --db FILE`, the file-heavy trace (paths, `-s 32`) | %s | %s | %s | %s | |\n",
		       count(fev), secs(qi), rate(fev, qi), mib(w("analysis", "import-files", "analyze", "rss"))
		qi = m("analysis", "strace-big", "analyze", "wall")
		cell = check("analyze --strace >= 1 M lines/s", num(qi) ? ev / qi * 1e9 >= 1e6 : "",
			rate(ev, qi), ">= 1.00 M/s")
		printf "| `analyze --db FILE --strace` (lines of strace text) | %s | %s | %s | %s | %s |\n",
		       count(ev), secs(qi), rate(ev, qi), mib(w("analysis", "strace-big", "analyze", "rss")), cell
		qi = m("analysis", "strace-files", "analyze", "wall")
		printf "| `analyze TRACE --strace`, the file-heavy trace (import included) | %s | %s | %s | %s | |\n",
		       count(fev), secs(qi), rate(fev, qi), mib(w("analysis", "strace-files", "analyze", "rss"))
		qi = m("analysis", "query-db", "analyze", "wall")
		printf "| `analyze --db FILE --sql` p99 per probe, on the kept database | %s | %s | %s | %s | |\n",
		       count(ev), secs(qi), rate(ev, qi), mib(w("analysis", "query-db", "analyze", "rss"))
		qi = m("analysis", "summary-db", "analyze", "wall")
		printf "| `analyze --db FILE` summary report, on the kept database | %s | %s | %s | %s | |\n",
		       count(ev), secs(qi), rate(ev, qi), mib(w("analysis", "summary-db", "analyze", "rss"))
		qdb = m("analysis", "query-db", "sqlite3", "wall")
		if (num(qdb))
			printf "| `sqlite3 FILE`: the same p99 by window functions | %s | %s | %s | %s | |\n",
			       count(ev), secs(qdb), rate(ev, qdb), mib(w("analysis", "query-db", "sqlite3", "rss"))
	}
	if ("perf" in why) {
		printf "| `perf script` | not run: %s |||||\n", why["perf"]
	} else {
		pev = m("trace", "big", "perf", "ev")
		pwall = m("analysis", "perf-script", "perf-script", "wall")
		printf "| `perf trace record` of the same workload (lost: %s, file %s) | %s | %s | %s | %s | |\n",
		       count(w("trace", "big", "perf", "lost")), bytes(m("trace", "big", "perf", "bytes")), count(pev),
		       secs(m("trace", "big", "perf", "wall")), rate(pev, m("trace", "big", "perf", "wall")),
		       mib(w("trace", "big", "perf", "rss"))
		printf "| `perf script` over that file | %s | %s | %s | %s | |\n", count(pev), secs(pwall),
		       rate(pev, pwall), mib(w("analysis", "perf-script", "perf-script", "rss"))
	}
	print ""
	if (Y["yard-floor"] != "") {
		print "What bounds the import: one SQLite row per event, and the pid/probe index kept up to date. " \
		      "analyze imports at " rate(ev, m("analysis", "import-big", "analyze", "wall")) ": " Y["yard-csv"] \
		      " the rate of the sqlite3 shell's `.import` of the same rows as CSV (" YR["yard-csv"] "), " \
		      Y["yard-floor"] " that of SQLite's own floor for rows of this width without an index (" YR["yard-floor"] \
		      ") and " Y["yard-floor-index"] " that of the floor with the index (" YR["yard-floor-index"] "). " \
		      (YN["yard-floor-index"] < 2e6 ? "SQLite alone, writing these rows and this index, stays below 2 M/s on this machine" \
		       (YN["yard-floor"] < 2e6 ? ", and without the index too." : "; without the index it reaches " YR["yard-floor"] ".") : \
		       "SQLite alone reaches 2 M/s with the index: the gap is analyze's own.")
		print ""
		print "Floor row (x, from generate_series, steps ts_ns): `" fact["yard_row"] "`"
		print ""
	}
	print "Query: `" fact["query"] "`"
	if (fact["query_out"] != "") print "(answer: `" fact["query_out"] "`)"
	print ""
}

# ratio(imp, yard): analyze's import rate over a yardstick's, on the
# same rows (rates are rows over wall time: the inverse ratio of times)
function ratio(imp, yard) { return num(imp) && num(yard) && imp > 0 ? sprintf("%.2fx", yard / imp) : "-" }

# The sqlite3 shell loading the same number of rows into event_rows' own
# table (bench/run.sh, yardsticks()): how far analyze is from SQLite itself.
function yardstick_rows(imp,    rows, k, what, i, wall, r) {
	if ("yardsticks" in why) {
		printf "| sqlite3 shell yardsticks | not run: %s |||||\n", why["yardsticks"]
		return
	}
	rows = fact["yard_rows"]
	if (!num(rows)) return
	split("yard-csv yard-floor yard-floor-index", k, " ")
	what["yard-csv"] = "`sqlite3` shell: `.import --csv` of the same rows as text, no index (yardstick)"
	what["yard-floor"] = "`sqlite3` shell: the same number of rows of one real row over generate_series, no index (SQLite's floor)"
	what["yard-floor-index"] = "`sqlite3` shell: the floor, with event_rows_pid_probe kept up to date"
	for (i = 1; i <= 3; i++) {
		wall = m("analysis", k[i], "sqlite3", "wall")
		if (!num(wall)) continue
		r = ratio(imp, wall)
		Y[k[i]] = r
		YR[k[i]] = rate(rows, wall)
		YN[k[i]] = wall > 0 ? rows / wall * 1e9 : 0
		printf "| %s | %s | %s | %s | %s | analyze imports at %s this rate |\n", what[k[i]], count(rows),
		       secs(wall), rate(rows, wall), mib(w("analysis", k[i], "sqlite3", "rss")), r
	}
}

function summary(    i) {
	print "## Targets"
	print ""
	print "| target | measured | bound | result |"
	print "|---|---:|---:|---|"
	for (i = 1; i <= ntargets; i++)
		printf "| %s | %s | %s | %s |\n", tname[i], tmeas[i], tbound[i], tres[i]
	print ""
}

END {
	print "# ktrail benchmark"
	print ""
	print "- date: " fact["date"]
	print "- kernel: " fact["kernel"]
	print "- CPU: " fact["cpu"]
	print "- ktrail: " fact["commit"]
	print "- peers: " fact["versions"]
	print "- load average at start / end: " fact["load_start"] " / " fact["load_end"] \
	      " (other jobs on the machine skew the figures)"
	print ""
	if (only == "analysis") {
		print "Only the analysis section was run (BENCH_ONLY=analysis)."
		print ""
		analysis_table()
	} else if (only == "untraced") {
		print "Only the untraced-process section was run (BENCH_ONLY=untraced)."
		print ""
		untraced_table()
	} else {
		main_table()
		fixed_table()
		size_table()
		untraced_table()
		analysis_table()
	}
	summary()
}
