#!/bin/bash
# Every trace format version still imports: a golden trace of each, as
# the recorder of that version wrote it.
#   golden/good.zst     version 1 (no captured arguments): its 20 events,
#                       and path/addr NULL rather than invented
#   compat/v2-cat.zst   version 2: `record -s 32 -- cat /etc/hostname`;
#                       its --strace lines against v2-cat.strace, which
#                       strace 6.1 printed for the same command when the
#                       golden was made, and its argv
. "$(dirname "$0")/lib.sh"
built "$ANA"
g=$TESTS/golden c=$TESTS/compat

[ "$(q "$g/good.zst" "SELECT value FROM meta WHERE key = 'format_version'")" = 1 ] ||
	fail "good.zst: format_version is not 1"
[ "$(q "$g/good.zst" "SELECT count(*) FROM events WHERE path IS NULL AND addr IS NULL")" = 20 ] ||
	fail "good.zst: version 1 events with a path or an address"

[ "$(q "$c/v2-cat.zst" "SELECT value FROM meta WHERE key = 'format_version'")" = 2 ] ||
	fail "v2-cat.zst: format_version is not 2"
[ "$(q "$c/v2-cat.zst" "SELECT argv FROM processes")" = '[cat,/etc/hostname]' ] ||
	fail "v2-cat.zst: argv is $(q "$c/v2-cat.zst" "SELECT argv FROM processes")"
norm() { sed -E 's/^[0-9]+ [0-9:.]+ //; s/ <[0-9.]+>$//; s/\) += /) = /'; }
"$ANA" "$c/v2-cat.zst" --strace | norm | grep -F -x -f <(norm < "$c/v2-cat.strace") > got || true
norm < "$c/v2-cat.strace" > want
diff want got > /dev/null || fail "v2-cat.zst: --strace differs from strace's lines:
$(diff want got)"
echo "version 1: 20 events; version 2: $(wc -l < want) of strace's lines"
