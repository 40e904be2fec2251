#!/bin/bash
# caps_unit.sh BUILD - the captured-argument collection unit test
# (tests/unit/test_caps.c), built by `make` into BUILD/tests/.
build=${1:-build}
bin=$build/tests/test_caps
if [ ! -x "$bin" ]; then
	echo "skip: $bin is not built (make $bin)"
	exit 2
fi
out=$("$bin" 2>&1)
rc=$?
if [ $rc -ne 0 ]; then
	echo "FAIL: $bin exited $rc"
	echo "$out" | tail -40
	exit 1
fi
echo "$out" | tail -1
exit 0
