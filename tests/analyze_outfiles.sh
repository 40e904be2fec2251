#!/bin/bash
# analyze_outfiles.sh BUILD SCRATCH - the files analyze writes (--db,
# --export, --flamegraph) are private, never written through a link, owned
# by the sudo caller, and a --db never replaces someone else's database nor
# one another analyze is writing.
#
# Oracles: stat(1) for modes and owners, the stock sqlite3 shell for what a
# database holds, cmp for files that must be left alone.
. "$(dirname "$0")/lib.sh"
mktrace=$B/tests/mktrace
built "$ANA" "$mktrace"
need sqlite3 stat cmp
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
umask 022

spec() {	# spec EVENTS
	printf 'header origin=1000000000\nsyscall 0 read\nprobe 0 syscall:read syscall read\n'
	echo "stack 5 kernel frame=0x10,0,inner,kernel,\"\" frame=0x20,0,outer,kernel,\"\""
	echo "gen $1 seed=3 probes=0 pids=3"
	echo "ev ts=2000000000 pid=10 probe=0 ret=-2 lat=10 kstack=5"
	echo end
}
spec 300 | "$mktrace" "$T/t.zst"
spec 400000 | "$mktrace" "$T/big.zst"
outs=("--db $T/o.db" "--export perfetto $T/o.json" "--flamegraph $T/o.svg")

# 0600 whatever the umask; the sudo caller owns them
for v in "${outs[@]}"; do
	f=${v##* }
	rm -f "$f"
	# shellcheck disable=SC2086
	"$ANA" "$T/t.zst" $v > /dev/null 2>&1 || bad "$v failed"
	[ "$(stat -c %a "$f")" == 600 ] && ok || bad "$v: mode $(stat -c %a "$f")"
done
if [ "$(id -u)" = 0 ]; then
	for v in "${outs[@]}"; do
		f=${v##* }
		rm -f "$f"
		# shellcheck disable=SC2086
		SUDO_UID=4242 SUDO_GID=4343 "$ANA" "$T/t.zst" $v > /dev/null 2>&1
		[ "$(stat -c %u:%g "$f")" == 4242:4343 ] && ok ||
			bad "$v under sudo: owner $(stat -c %u:%g "$f")"
	done
fi
ls -a "$T" | grep -q '^\.o\.' && bad "temporary files left: $(ls -a "$T")" || ok

# a symbolic link at the path is refused, its target untouched; a hard
# link to the old file keeps the old content (the file is replaced, not
# written through)
echo precious > "$T/target"
for v in "${outs[@]}"; do
	f=${v##* }
	rm -f "$f"
	ln -s "$T/target" "$f"
	# shellcheck disable=SC2086
	err=$("$ANA" "$T/t.zst" $v 2>&1 > /dev/null)
	rc=$?
	[ $rc -eq 1 ] && [ "$err" == "analyze: refusing to write '$f': it is a symbolic link" ] &&
		[ "$(cat "$T/target")" == precious ] && [ -L "$f" ] && ok ||
		bad "$v over a symbolic link: $rc $err; target: $(head -c 100 "$T/target")"
	rm -f "$f"
	# shellcheck disable=SC2086
	"$ANA" "$T/t.zst" $v > /dev/null 2>&1
	ln -f "$f" "$T/hard"
	cp "$f" "$T/before"
	# shellcheck disable=SC2086
	"$ANA" "$T/big.zst" $v > /dev/null 2>&1 || bad "$v over an old file failed"
	cmp -s "$T/hard" "$T/before" && ok || bad "$v wrote through a hard link"
	cmp -s "$f" "$T/before" && bad "$v did not replace the file" || ok
	rm -f "$T/hard" "$T/before"
done
"$ANA" "$T/t.zst" --export perfetto /dev/null && [ -c /dev/null ] && ok ||
	bad "--export to /dev/null"
err=$("$ANA" "$T/t.zst" --export perfetto "$T" 2>&1)
[ $? -eq 1 ] && [ "$err" == "analyze: cannot create '$T': Is a directory" ] && ok ||
	bad "--export to a directory: $err"

# --db replaces only a database analyze made (or an empty file)
sqlite3 "$T/precious.db" "CREATE TABLE t (x); INSERT INTO t VALUES (42)"
cp "$T/precious.db" "$T/precious.orig"
err=$("$ANA" "$T/t.zst" --db "$T/precious.db" 2>&1 > /dev/null)
rc=$?
[ $rc -eq 1 ] && [ "$(echo "$err" | wc -l)" -eq 1 ] &&
	[[ $err == "analyze: '$T/precious.db' is an SQLite database analyze did not make"*"; not overwriting it" ]] &&
	cmp -s "$T/precious.db" "$T/precious.orig" && ok ||
	bad "--db over someone's database: $rc $err"
: > "$T/empty.db"
"$ANA" "$T/t.zst" --db "$T/empty.db" > /dev/null && 
	[ "$(sqlite3 "$T/empty.db" "SELECT count(*) FROM traces")" == 1 ] && ok ||
	bad "--db over an empty file"
"$ANA" "$T/t.zst" "$T/t.zst" --db "$T/k.db" > /dev/null &&
	"$ANA" "$T/t.zst" --db "$T/k.db" > /dev/null &&
	[ "$(sqlite3 "$T/k.db" "SELECT count(*) FROM traces")" == 1 ] && ok ||
	bad "--db over a database analyze made"
# a failed import leaves the old database as it was
cp "$T/k.db" "$T/k.orig"
echo junk > "$T/junk.zst"
"$ANA" "$T/junk.zst" --db "$T/k.db" > /dev/null 2>&1
cmp -s "$T/k.db" "$T/k.orig" && ok || bad "a failed import replaced the database"

# killed during the import: the old database stays, nothing is left beside
for sig in TERM HUP; do	# (a background job of a script ignores INT)
	"$ANA" "$T/big.zst" --db "$T/k.db" > /dev/null 2>&1 & p=$!
	sleep 0.3
	kill -$sig $p
	wait $p
	rc=$?
	cmp -s "$T/k.db" "$T/k.orig" && [ -z "$(ls -A "$T" | grep '^\.k\.db\.')" ] && ok ||
		bad "SIG$sig during the import (exit $rc): $(ls -A "$T")"
done

# two analyze --db on one path at once: one wins whole, the other says so
for start in absent present; do
	rm -f "$T/same.db"
	[ $start == present ] && "$ANA" "$T/t.zst" --db "$T/same.db" > /dev/null
	"$ANA" "$T/big.zst" --db "$T/same.db" > /dev/null 2> "$T/e1" & p1=$!
	"$ANA" "$T/big.zst" --db "$T/same.db" > /dev/null 2> "$T/e2" & p2=$!
	wait $p1; r1=$?
	wait $p2; r2=$?
	errs=$(cat "$T/e1" "$T/e2")
	[ $((r1 + r2)) -eq 1 ] && [ "$(echo "$errs" | wc -l)" -eq 1 ] &&
		[[ $errs == *"another analyze"* ]] && ok ||
		bad "two at once ($start): exits $r1 $r2: $errs"
	n=$(sqlite3 "$T/same.db" "PRAGMA integrity_check; SELECT count(*) FROM events")
	[ "$n" == "ok"$'\n'"400001" ] && ok || bad "two at once ($start): the database holds $n"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
