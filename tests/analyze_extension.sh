#!/bin/sh
# analyze_extension.sh BUILD SCRATCH - build/ktrail.so loaded by the stock
# sqlite3 shell and by Python's sqlite3 on an `analyze --db` file, with
# README's sample queries (tests/analyze_extension.py).
. "$(dirname "$0")/lib.sh"
built "$ANA" "$B/tests/mktrace"
[ -f "$B/ktrail.so" ] || skip "$B/ktrail.so is not built"
need sqlite3 readelf nm
# a Python whose sqlite3 module can load extensions (Debian's can; a
# Python built without --enable-loadable-sqlite-extensions cannot)
for py in /usr/bin/python3 python3; do
	if "$py" -c 'import sqlite3; sqlite3.Connection.load_extension' 2>/dev/null; then
		exec "$py" "$TESTS/analyze_extension.py" "$TESTS" "$B" "$T"
	fi
done
skip "no python3 whose sqlite3 module can load extensions"
