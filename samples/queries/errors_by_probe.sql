-- Failed calls per probe and errno, most frequent first.
SELECT probe, errno, count(*) AS calls
FROM events
WHERE errno IS NOT NULL
GROUP BY probe, errno
ORDER BY calls DESC;
