#!/bin/bash
# events.fd_path against strace -y: files, pipes, redirections, dup2,
# inheritance across fork and exec, O_CLOEXEC, close_range, and a
# descriptor opened before -p began (tests/record_fdpath.py).
. "$(dirname "$0")/lib.sh"
need_bpf
need strace python3
built "$REC" "$ANA"
python3 "$TESTS/record_fdpath.py" "$REC" "$ANA" "$T"
