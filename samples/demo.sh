#!/bin/sh
# demo.sh BUILD [TRACE] - record a small workload and show what analyze
# makes of it. TRACE defaults to BUILD/demo.zst.
set -e
build=$1
here=$(dirname "$0")
trace=${2:-$build/demo.zst}
if [ "$(id -u)" != 0 ]; then
	echo "demo: record needs root for BPF (run: sudo make demo)" >&2
	exit 1
fi
echo "== record -o $trace -- sh samples/workload.sh"
"$build/record" -q -o "$trace" -- sh "$here/workload.sh"
echo
echo "== analyze $trace"
"$build/analyze" "$trace"
echo
echo "== analyze $trace --sql \"\$(cat samples/queries/slowest_files.sql)\""
"$build/analyze" "$trace" --sql "$(cat "$here/queries/slowest_files.sql")"
