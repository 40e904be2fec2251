#!/bin/bash
# analyze_diskfull.sh BUILD SCRATCH - a full temporary directory is named.
#
# The temporary database spills to TMPDIR once it outgrows its page cache;
# on a 4 MiB tmpfs that fails. The error must name the directory and
# suggest --db or TMPDIR, and exit 1; a --db file there names both.
. "$(dirname "$0")/lib.sh"
mktrace=$B/tests/mktrace
built "$ANA" "$mktrace"
[ "$(id -u)" = 0 ] || skip "needs root to mount a small tmpfs"
mkdir -p "$T/small"
mount -t tmpfs -o size=4m ktrail-test "$T/small" 2>/dev/null || skip "cannot mount a tmpfs"
trap 'umount "$T/small"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# enough events for a database past the temporary one's 128 MiB cache
{ printf 'header origin=1000000000\nsyscall 0 read\nprobe 0 syscall:read syscall read\n'
  echo "gen 3000000 seed=3 probes=0 pids=50"
  echo end; } | "$mktrace" "$T/t.zst"
err=$(TMPDIR=$T/small "$ANA" "$T/t.zst" --sql "SELECT count(*) FROM events" 2>&1 > /dev/null)
rc=$?
[ $rc -eq 1 ] && [[ $err == *"analyze: the temporary database filled '$T/small': use --db FILE on a larger file system, or set TMPDIR" ]] &&
	ok || bad "full TMPDIR: $rc $err"
err=$("$ANA" "$T/t.zst" --db "$T/small/t.db" 2>&1 > /dev/null)
rc=$?
[ $rc -eq 1 ] && [[ $err == *"analyze: no space left for '$T/small/t.db'"* ]] &&
	[ -z "$(ls -A "$T/small")" ] && ok || bad "full --db: $rc $err; left: $(ls -A "$T/small")"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
