#!/bin/sh
# record_lists.sh BUILD SCRATCH - -e comma lists that keep their kind, bare
# syscall names, syscall globs (tests/record_lists.py).
. "$(dirname "$0")/lib.sh"
need_bpf
built "$REC" "$ANA"
need python3
exec python3 "$TESTS/record_lists.py" "$TESTS" "$B" "$T"
