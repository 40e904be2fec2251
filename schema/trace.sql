-- trace.sql - the SQLite schema `analyze` imports ktrail traces into.
--
-- The one source of the schema: the Makefile embeds this file into
-- build/analyze (build/gen/trace_sql.h) and analyzer/import/db.c runs it on every
-- new database. SPEC.md section 3 fixes the names of events, probes,
-- processes, stack_frames, lost and meta; everything else here is ours.
--
-- Every trace given to analyze gets a trace_id (1, 2, ... in command-line
-- order) and every row carries it. Times (ts_ns, start_ns, exit_ns) are
-- nanoseconds since the recording started (the HEADER's origin_ns), and may
-- be negative for processes that were running before it.
--
-- events is a VIEW over event_rows: events are stored with integer probe
-- and comm ids, which makes the import several times faster and the file
-- smaller, and the view looks the names up again. Nothing here calls the
-- custom SQL functions of analyzer/sqlfuncs.c: the stock sqlite3 shell
-- reads every table and view of a database written with --db.
--
-- The file has three parts. The tables and views come first. The
-- "@indexes" part is the indexes of event_rows: analyzer/import/db.c creates them
-- with the tables when it imports into a --db file, and the import keeps
-- them up to date row by row; for a temporary database it creates them
-- after the import, and only when a session of queries follows. The
-- "@after-import" part (the other indexes, statistics) runs once all
-- traces are in.

-- One row per trace file given to analyze.
CREATE TABLE traces (
	trace_id	INTEGER PRIMARY KEY,
	file		TEXT NOT NULL,		-- the path as given
	format_version	INTEGER NOT NULL,
	origin_ns	INTEGER NOT NULL,	-- CLOCK_BOOTTIME of ts_ns = 0
	wall_offset_ns	INTEGER NOT NULL,	-- wall clock = boottime + this
	complete	INTEGER NOT NULL	-- 1 when the END record was read
);

-- The trace's META keys, plus the keys the analyzer adds: format_version,
-- complete (1/0), start_wall, duration_ns, events, lost, dropped,
-- stack_errors (NULL when the trace has no END record), frames_missing and
-- frames_skipped (NULL when its frames carry no FRAME record), file. value has
-- no declared type: the counts stay INTEGERs, the trace's values TEXT.
CREATE TABLE meta (
	trace_id	INTEGER NOT NULL,
	key		TEXT NOT NULL,
	value,
	PRIMARY KEY (trace_id, key)
) WITHOUT ROWID;

-- The probe table. nr is the number the trace gives the probe (the
-- syscall number for syscall probes); probe_id, the value event_rows
-- carries, is the importer's: 1, 2, ... in the order of each probe's first
-- event, then the probes no event used (see event_rows_pid_probe below
-- for why). A number an event uses but no PROBE record names gets the row
-- ('syscall:NAME', 'syscall', NAME) when the trace's syscall table names
-- it, else ('unknown:NR', 'unknown', NULL).
CREATE TABLE probes (
	trace_id	INTEGER NOT NULL,
	probe_id	INTEGER NOT NULL,	-- event_rows.probe_id
	probe		TEXT NOT NULL,		-- canonical, e.g. syscall:openat
	kind		TEXT NOT NULL,		-- syscall, tracepoint, kprobe, ...
	target		TEXT,			-- e.g. openat, /bin/bash:readline
	nr		INTEGER NOT NULL,	-- the trace's number of the probe
	PRIMARY KEY (trace_id, probe_id)
) WITHOUT ROWID;

-- The recording machine's syscall number -> name table, with how many
-- arguments each syscall takes on that kernel (NULL if the trace does not
-- say; events of such a syscall keep all six argument registers).
CREATE TABLE syscalls (
	trace_id	INTEGER NOT NULL,
	nr		INTEGER NOT NULL,
	name		TEXT NOT NULL,
	nargs		INTEGER,
	PRIMARY KEY (trace_id, nr)
) WITHOUT ROWID;

-- The recording machine's errno number -> name table, completed with the
-- kernel-internal codes a syscall exit can show (ERESTARTSYS = 512, ...).
-- For a trace that carries no ERRNO record, the analyzing machine's table.
CREATE TABLE errnos (
	trace_id	INTEGER NOT NULL,
	nr		INTEGER NOT NULL,	-- positive, e.g. 2
	name		TEXT NOT NULL,		-- e.g. ENOENT
	PRIMARY KEY (trace_id, nr)
) WITHOUT ROWID;

-- Task names seen in the trace, interned: events refer to them by id.
CREATE TABLE comms (
	trace_id	INTEGER NOT NULL,
	comm_id		INTEGER NOT NULL,
	comm		TEXT NOT NULL,
	PRIMARY KEY (trace_id, comm_id)
) WITHOUT ROWID;

-- One row per event, as stored. Use the events view. No NOT NULL here:
-- each constraint is checked per row, and the importer fills these anyway.
CREATE TABLE event_rows (
	trace_id	INTEGER,
	ts_ns		INTEGER,	-- entry time, since recording start
	pid		INTEGER,
	tid		INTEGER,
	comm_id		INTEGER,	-- comms.comm_id; NULL if unknown
	cpu		INTEGER,
	probe_id	INTEGER,	-- probes.probe_id
	ret		INTEGER,	-- NULL if the probe has none
	latency_ns	INTEGER,	-- NULL if the probe has none
	kstack_id	INTEGER,	-- NULL if not captured
	ustack_id	INTEGER,
	arg0		INTEGER,	-- raw u64 as its int64 bit
	arg1		INTEGER,	-- pattern; NULL if none
	arg2		INTEGER,
	arg3		INTEGER,
	arg4		INTEGER,
	arg5		INTEGER,
	path		TEXT,		-- first string argument as captured
	args		TEXT,		-- the arguments as strace prints them
	addr		TEXT		-- the socket address, IP:PORT or a path
);

-- What the descriptor in arg0 of an event referred to when the call was
-- made, as `strace -y` shows it (a path, pipe:[INODE], socket:[INODE]),
-- rebuilt by the importer from the calls that open, duplicate and close
-- descriptors, in time order (analyzer/import/fdpass.c). An event is
-- named by its thread and entry time, unique in a trace.
CREATE TABLE fd_paths (
	trace_id	INTEGER NOT NULL,
	tid		INTEGER NOT NULL,
	ts_ns		INTEGER NOT NULL,
	fd_path		TEXT NOT NULL,
	PRIMARY KEY (trace_id, tid, ts_ns)
) WITHOUT ROWID;

-- errno is the name of -ret when ret is in -4095..-1 (the kernel's
-- IS_ERR_VALUE range, include/linux/err.h), 'errno N' for a number the
-- trace's table does not name, and NULL otherwise.
--
-- probe comes from a LEFT JOIN, so `WHERE probe = ?` can start at
-- probes_probe and reach the rows through event_rows_probe. comm and errno
-- are subqueries, run only for the rows of a query that uses them (errno:
-- only for failed calls). As LEFT JOINs they ran for every row of every
-- aggregate: SQLite 3.40 drops an unused join only from a query without
-- one (count(*) over 5 M events: 3.0 s against 1.4 s).
CREATE VIEW events AS
SELECT e.trace_id AS trace_id, e.ts_ns AS ts_ns, e.pid AS pid, e.tid AS tid,
       (SELECT c.comm FROM comms AS c
	WHERE c.trace_id = e.trace_id AND c.comm_id = e.comm_id) AS comm,
       e.cpu AS cpu, p.probe AS probe, e.ret AS ret,
       e.latency_ns AS latency_ns,
       CASE WHEN e.ret BETWEEN -4095 AND -1
	    THEN coalesce((SELECT n.name FROM errnos AS n
			   WHERE n.trace_id = e.trace_id AND n.nr = -e.ret),
			  'errno ' || -e.ret) END AS errno,
       e.kstack_id AS kstack_id, e.ustack_id AS ustack_id,
       e.arg0 AS arg0, e.arg1 AS arg1, e.arg2 AS arg2,
       e.arg3 AS arg3, e.arg4 AS arg4, e.arg5 AS arg5,
       e.path AS path, e.args AS args,
       (SELECT f.fd_path FROM fd_paths AS f
	WHERE f.trace_id = e.trace_id AND f.tid = e.tid
	  AND f.ts_ns = e.ts_ns) AS fd_path,
       e.addr AS addr
FROM event_rows AS e
LEFT JOIN probes AS p ON p.trace_id = e.trace_id AND p.probe_id = e.probe_id;

-- Every PROC record as it came, in file order.
CREATE TABLE proc_events (
	trace_id	INTEGER NOT NULL,
	ts_ns		INTEGER NOT NULL,
	what		TEXT NOT NULL,	-- fork, exec, exit, comm, existing
	pid		INTEGER NOT NULL,
	tid		INTEGER NOT NULL,
	ppid		INTEGER,	-- fork, existing
	exit_status	INTEGER,	-- exit: the raw wait(2) status
	comm		TEXT,
	exe		TEXT
);

-- One row per process life, built from proc_events. start_ns is the FORK
-- time (EXISTING: the time the recorder announced it). exit_code is the
-- exit(2) code, or 128 + the signal that killed it, like a shell's $?;
-- exit_signal is that signal (NULL for a normal exit), exit_status the raw
-- wait(2) status. comm is the last name, exe the last exec'd path, argv
-- its argument vector as a JSON array (from the execve event; NULL when
-- the trace did not capture it). cpu_ns is the CPU time the kernel
-- accounted to the process, when the trace says (NULL otherwise).
CREATE TABLE processes (
	trace_id	INTEGER NOT NULL,
	pid		INTEGER NOT NULL,
	ppid		INTEGER,
	comm		TEXT,
	exe		TEXT,
	start_ns	INTEGER,
	exit_ns		INTEGER,
	exit_code	INTEGER,
	exit_signal	INTEGER,
	exit_status	INTEGER,
	argv		TEXT,
	cpu_ns		INTEGER
);

-- One row per STACK record.
CREATE TABLE stacks (
	trace_id	INTEGER NOT NULL,
	stack_id	INTEGER NOT NULL,
	kind		TEXT NOT NULL,	-- kernel, user
	pid		INTEGER,	-- user stacks: the process
	nframes		INTEGER NOT NULL,
	PRIMARY KEY (trace_id, stack_id)
) WITHOUT ROWID;

-- Symbolized frames; depth 0 is the innermost. symbol, module and
-- build_id are NULL when the recorder could not tell.
CREATE TABLE stack_frames (
	trace_id	INTEGER NOT NULL,
	stack_id	INTEGER NOT NULL,
	depth		INTEGER NOT NULL,
	addr		INTEGER NOT NULL,
	symbol		TEXT,
	offset		INTEGER,	-- addr - symbol start
	module		TEXT,		-- kernel, a module, or a binary path
	build_id	TEXT,
	PRIMARY KEY (trace_id, stack_id, depth)
) WITHOUT ROWID;

-- Perf-buffer overflows: count events lost on cpu, noticed at ts_ns.
CREATE TABLE lost (
	trace_id	INTEGER NOT NULL,
	cpu		INTEGER NOT NULL,
	ts_ns		INTEGER NOT NULL,
	count		INTEGER NOT NULL
);

-- Lookups by name: `WHERE probe = ?` on the events view finds the probe
-- here, then its rows through event_rows_pid_probe.
CREATE INDEX probes_probe ON probes (probe);

-- Rows per key of event_rows, counted by the importer: one row per key and
-- trace, for the statistics at the end. TEMP: never in the file.
CREATE TEMP TABLE event_keys (
	key	TEXT NOT NULL,		-- pid, pid_probe, kstack or ustack
	n	INTEGER NOT NULL	-- rows of one key of one trace
);

-- @indexes
-- Lookups of one process, probe or stack id. One index serves the first
-- two: `pid = ?` reads its prefix, `probe_id = ?` skips from pid to pid
-- (a skip-scan: a trace has few processes next to its rows, 37 events
-- each even for /bin/true), and a count by probe never reads the table. A
-- second index on probe_id cost as much again at import (+8% on a 5 M-call
-- loop, +25% on tar). The stack ids get partial indexes: nothing to keep
-- up to date in a trace without stacks.
--
-- Kept up to date during the import while the trace has few keys
-- (analyzer/import/keys.c, TALLY_LATER): events arrive in time order, a key's
-- next row lands at the end of its run, on a page still in the cache, at
-- 0.1-0.5 us per row, where sorting every row after the import takes
-- about 1 us. trace_id comes last, so a query of one whole trace never
-- walks it through an index.
--
-- The key of a row that sorts after every other key of the index goes
-- in with one comparison; any other takes a descent from the root, 10-20
-- comparisons of keys that tie up to the rowid. probe_id counts probes
-- in the order of their first event (analyzer/import/probeids.c), so a loop
-- that starts after the workload's first calls (a getppid loop after the
-- loader's mmap, rseq, getrandom...) has the largest key: a 5.2 M-call
-- getppid loop imports in 5.5 s against 7.5 s with syscall numbers.
CREATE INDEX IF NOT EXISTS event_rows_pid_probe
	ON event_rows (pid, probe_id, trace_id);
CREATE INDEX IF NOT EXISTS event_rows_kstack ON event_rows (kstack_id, trace_id)
	WHERE kstack_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS event_rows_ustack ON event_rows (ustack_id, trace_id)
	WHERE ustack_id IS NOT NULL;

-- @after-import
CREATE INDEX processes_pid ON processes (trace_id, pid);
-- Statistics for the planner. ANALYZE reads every row of the tables it is
-- given, about a second per five million events for event_rows; the
-- others are small.
ANALYZE traces;
ANALYZE meta;
ANALYZE probes;
ANALYZE syscalls;
ANALYZE errnos;
ANALYZE comms;
ANALYZE proc_events;
ANALYZE processes;
ANALYZE stacks;
ANALYZE stack_frames;
ANALYZE lost;
-- event_rows' from the importer's counts: the rows, then the rows of one
-- key of each index prefix. ANALYZE would store the mean, which the
-- busiest key makes: in a 5 M-call getppid loop with 18 other syscalls,
-- 260 000 rows per probe. Without STAT4 samples (Debian's SQLite has
-- none) the planner then scans all 5 M rows for a probe called once. We
-- store the median over the keys, what a lookup usually names: the busiest
-- key costs its index walk, a few times a scan, the others a few page
-- reads. Except for pid: a skip-scan visits every pid, and the mean tells
-- it how many there are (the planner still reads a pid through the index
-- up to about half the rows; with one process it scans, rightly).
DELETE FROM sqlite_stat1 WHERE tbl = 'event_rows';
WITH ranked AS (
	SELECT key, n, sum(n) OVER w AS total, count(*) OVER w AS nkeys,
	       row_number() OVER (w ORDER BY n) AS pos
	FROM temp.event_keys WINDOW w AS (PARTITION BY key)),
keys AS (
	SELECT key, total, nkeys, n AS median FROM ranked
	WHERE pos = (nkeys + 1) / 2)
INSERT INTO sqlite_stat1 (tbl, idx, stat)
SELECT 'event_rows', 'event_rows_pid_probe', pid.total || ' ' || per_pid ||
       ' ' || min(pair.median, per_pid) || ' ' || min(pair.median, per_pid)
FROM keys AS pid
JOIN keys AS pair ON pair.key = 'pid_probe'
JOIN (SELECT max(total / nkeys, 1) AS per_pid FROM keys WHERE key = 'pid')
WHERE pid.key = 'pid'
UNION ALL
SELECT 'event_rows', 'event_rows_' || key,
       total || ' ' || median || ' ' || median || ' noskipscan'
FROM keys WHERE key IN ('kstack', 'ustack');
-- load what was just written
ANALYZE sqlite_master;
