# files.sh - the file-heavy workload: tar of a directory tree through a pipe
# (GNU tar skips reading the files when its archive is /dev/null itself).
#   sh bench/files.sh [DIR]   (default /usr/include)
tar cf - "${1:-/usr/include}" 2>/dev/null | cat >/dev/null
