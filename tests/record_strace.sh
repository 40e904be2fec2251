#!/bin/bash
# Arguments as strace shows them: paths, argv, flags, stat structs and
# -s 32 buffers and the structs strace shows (sigaction, rlimit, utsname,
# wait status) of real workloads (ls, tar, python3, shell pipelines),
# compared call by call with strace's own text (tests/record_strace.py).
. "$(dirname "$0")/lib.sh"
need_bpf
need strace python3 tar
built "$REC" "$ANA"
python3 "$TESTS/record_strace.py" "$REC" "$ANA" "$T"
