-- Per-probe latency percentiles, by total time spent.
SELECT probe, count(*) AS calls,
       fmt_ns(sum(latency_ns)) AS total,
       fmt_ns(median(latency_ns)) AS p50,
       fmt_ns(percentile(latency_ns, 99)) AS p99
FROM events
WHERE latency_ns IS NOT NULL
GROUP BY probe
ORDER BY sum(latency_ns) DESC
LIMIT 15;
