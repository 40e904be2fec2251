# fork.sh - the fork-heavy workload: a shell loop starting short processes.
#   sh bench/fork.sh [N]   (default 300)
n=${1:-300}
i=0
while [ "$i" -lt "$n" ]; do
	/bin/true
	i=$((i + 1))
done
