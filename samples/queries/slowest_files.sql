-- The slowest file opens, with the process and the result.
SELECT comm, pid, fmt_ns(latency_ns) AS took, ret, errno
FROM events
WHERE probe = 'syscall:openat'
ORDER BY latency_ns DESC
LIMIT 10;
