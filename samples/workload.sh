#!/bin/sh
# workload.sh - the demo's workload: file reads, a few failures, children,
# a sleep. Deterministic and about half a second long.
tar cf - /usr/include/linux 2>/dev/null | wc -c > /dev/null
ls /nonexistent-demo-dir 2>/dev/null
cat /etc/hostname /etc/os-release > /dev/null
sleep 0.2
for i in 1 2 3; do /bin/true; done
