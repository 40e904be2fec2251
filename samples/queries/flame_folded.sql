-- Folded user stacks of file opens, for flamegraph.pl / speedscope / inferno
-- (record with --stacks=user).
SELECT folded(ustack_id) || ' ' || count(*)
FROM events
WHERE probe = 'syscall:openat' AND ustack_id IS NOT NULL
GROUP BY ustack_id;
