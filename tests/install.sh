#!/bin/bash
# make install puts the programs and man pages where PREFIX and DESTDIR say,
# the man pages render, and --help/--version of both programs work.
. "$(dirname "$0")/lib.sh"
need man
top=$(cd "$(dirname "$0")/.." && pwd)

make -s -C "$top" BUILD="$B" install DESTDIR="$T/root" PREFIX=/opt/kt > make.log 2>&1 ||
	fail "make install failed: $(tail -5 make.log)"
for f in bin/record bin/analyze share/man/man1/record.1 share/man/man1/analyze.1 \
	lib/ktrail/ktrail.so; do
	[ -e "root/opt/kt/$f" ] || fail "make install did not install $f"
done
[ -x root/opt/kt/bin/record ] && [ -x root/opt/kt/bin/analyze ] || fail "programs not executable"
for page in record analyze; do
	MANWIDTH=80 man -l "root/opt/kt/share/man/man1/$page.1" > "$page.txt" 2> "$page.err" ||
		fail "man -l $page.1 failed: $(cat "$page.err")"
	grep -q "SYNOPSIS" "$page.txt" && grep -q "EXAMPLES" "$page.txt" ||
		fail "$page(1) lacks SYNOPSIS or EXAMPLES"
	[ ! -s "$page.err" ] || fail "man warns about $page.1: $(cat "$page.err")"
	root/opt/kt/bin/$page --help | grep -q '^Usage:' || fail "$page --help has no Usage line"
	root/opt/kt/bin/$page --version | grep -q '0\.' || fail "$page --version"
done
# the installed extension loads into the stock sqlite3 shell
if command -v sqlite3 > /dev/null; then
	out=$(sqlite3 :memory: ".load $T/root/opt/kt/lib/ktrail/ktrail" \
		"SELECT fmt_ns(1500000)" 2>&1)
	[ "$out" = "1.50ms" ] || fail "installed ktrail.so: $out"
fi
echo ok
