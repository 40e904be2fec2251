# comm_probe.py FILE - append "PID COMM" to FILE: this process's pid and
# its name as the kernel shows it in /proc/self/comm after the exec that
# started it (the oracle of the names in tests/record_names.py).
import os, sys

with open("/proc/self/comm") as f:
    comm = f.read().rstrip("\n")
with open(sys.argv[1], "a") as f:
    f.write("%d %s\n" % (os.getpid(), comm))
