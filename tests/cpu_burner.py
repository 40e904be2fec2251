# cpu_burner.py SECONDS FILE - burn SECONDS of CPU in this process, then
# write the CPU time the kernel accounted to it (CLOCK_PROCESS_CPUTIME_ID,
# as time.process_time_ns() reads it) to FILE, in ns: the oracle of
# processes.cpu_ns in tests/report_procs.py.
import sys, time

end = time.process_time() + float(sys.argv[1])
x = 0
while time.process_time() < end:
    x += 1
with open(sys.argv[2], "w") as f:
    f.write("%d\n" % time.process_time_ns())
