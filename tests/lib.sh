# lib.sh - sourced by every test: $B is the build dir, $T the scratch dir
# (both absolute; the test runs in $T), $TESTS this folder (where ktlib.py,
# the analyze_*.sh tests' Python helpers, is).
#   need_bpf          skip (exit 2) unless root with BTF, as record needs
#   need CMD...       skip unless each command exists
#   built FILE...     skip unless each file is built (executable)
#   fail MSG          print MSG and exit 1
#   q TRACE SQL       one value from analyze (csv, no header)
B=$(cd "${1:?usage: test.sh BUILD SCRATCH}" && pwd) || exit 1
T=$(cd "${2:?usage: test.sh BUILD SCRATCH}" && pwd) || exit 1
TESTS=$(cd "$(dirname "$0")" && pwd)
REC=$B/record
ANA=$B/analyze
SAMPLES=$B/samples
cd "$T" || exit 1

skip() { echo "skipped: $*"; exit 2; }
fail() { echo "FAIL: $*"; exit 1; }

need_bpf() {
	[ "$(id -u)" = 0 ] || skip "needs root for BPF"
	[ -r /sys/kernel/btf/vmlinux ] || skip "kernel has no BTF (/sys/kernel/btf/vmlinux)"
}

need() {
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip "needs $c"
	done
}

built() {
	for f in "$@"; do
		[ -x "$f" ] || skip "$f is not built"
	done
}

# q TRACE SQL: the first column of the first row, as plain text
q() {
	"$ANA" "$1" --format csv --sql "$2" | sed -n 2p | tr -d '\r"'
}
