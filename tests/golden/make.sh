#!/bin/bash
# make.sh BUILD - regenerate the golden bad-input corpus of this folder.
#
# The inputs are checked in: they are fixed bytes that analyze must keep
# refusing the same way, whatever libzstd later compresses to. Run this
# only to add a case (then review the new NAME.* files by hand); the
# expected exit status (NAME.exit), stdout (NAME.stdout) and stderr
# (NAME.stderr, a bash glob: '*' matches anything) are written by hand.
# Every case runs as `analyze NAME --sql "SELECT count(*) AS n FROM events"`
# (see tests/analyze_golden.sh).
set -eu
build=$(cd "${1:-build}" && pwd)
tmpd=$(mktemp -d)
trap 'rm -rf "$tmpd"' EXIT
cd "$(dirname "$0")"
mk=$build/tests/mktrace

spec_head() {
	cat <<'SPEC'
header origin=5000000000 wall=1700000000000000000
meta host golden
syscall 0 read
errno 2 ENOENT
probe 0 syscall:read syscall read
proc existing pid=42 ppid=1 ts=5000000000 comm=golden exe=/bin/golden
flush
SPEC
}
events() {	# $1 = first ts offset
	for i in 0 1 2 3 4 5 6 7 8 9; do
		echo "ev ts=$((5000001000 + $1 + i * 100)) pid=42 probe=0 ret=$((i - 2)) lat=$((i * 10 + 5))"
	done
	echo flush
}

# good.zst: 4 frames (header, 10 events, 10 events, END)
{ spec_head; events 0; events 5000; echo end; } | $mk good.zst
# the offsets of its frames, for the cuts below
offs=$(python3 - <<'PY'
import struct
d = open('good.zst', 'rb').read()
# walk frames: zstd frame sizes from the block headers
def frame_size(d, o):
    fhd = d[o + 4]
    fcs = [0, 2, 4, 8][fhd >> 6]
    single = (fhd >> 5) & 1
    did = [0, 1, 2, 4][fhd & 3]
    p = o + 5 + (0 if single else 1) + did + (1 if single and fcs == 0 else fcs)
    while True:
        bh = d[p] | d[p + 1] << 8 | d[p + 2] << 16
        last, btype, bsize = bh & 1, (bh >> 1) & 3, bh >> 3
        p += 3 + (1 if btype == 1 else bsize)
        if last:
            break
    return p + (4 if fhd & 4 else 0) - o
o, out = 0, []
while o < len(d):
    out.append(o)
    o += frame_size(d, o)
print(' '.join(map(str, out + [len(d)])))
PY
)
set -- $offs
f1=$2 f2=$3 f3=$4 size=$5

: > empty.zst
head -c 3000 /dev/urandom > random.bin
head -c 3000 /dev/urandom | zstd -q -c > zstd-random.zst
printf 'this is plain text, not a trace\n' | zstd -q -c > zstd-text.zst
printf 'this is plain text, not a trace\n' | gzip -c > text.gz
{ echo "header magic=KTRAIL!!"; echo end; } | $mk bad-magic.zst
{ echo "header version=3"; echo end; } | $mk future-version.zst
{ echo "meta host nohdr"; echo end; } | $mk no-header.zst
head -c 10 good.zst > cut-in-first-frame.zst
head -c $((f2 - 7)) good.zst > cut-in-second-frame.zst
head -c $((f3 + 2)) good.zst > cut-in-frame-magic.zst
head -c "$f3" good.zst > cut-before-end.zst
# a byte flipped in the compressed body of the second frame (events)
python3 -c "
import sys
d = bytearray(open('good.zst', 'rb').read())
d[$f1 + 12] ^= 0x40
open('flip-second-frame.zst', 'wb').write(d)
d = bytearray(open('good.zst', 'rb').read())
d[20] ^= 0x01
open('flip-first-frame.zst', 'wb').write(d)
"
# the second frame (events) written without its content checksum
{ head -c "$f1" good.zst
  head -c "$f2" good.zst | tail -c +$((f1 + 1)) | zstd -dcq | zstd -q --no-check -c
  tail -c +$((f2 + 1)) good.zst; } > no-checksum.zst
# zstd frames whose records are wrong
{ spec_head; echo "raw 7 01000000ff0000000000"; echo end; } | $mk bad-flags.zst
{ spec_head; events 0; echo "raw 3 0100"; echo end; } | $mk short-record.zst
{ spec_head; events 0; echo end; echo "meta late 1"; } | $mk record-after-end.zst
{ spec_head; events 0; echo end; echo flush; echo "meta late 1"; } | $mk frame-after-end.zst
# a frame header announcing 100 MiB, after a good first frame
{ head -c "$f1" good.zst
  python3 -c "
import struct, sys
sys.stdout.buffer.write(struct.pack('<IB', 0xFD2FB528, 0xE4) + struct.pack('<Q', 100 << 20) + b'\0' * 16)"
} > huge-frame.zst
# good: an unknown record kind and a skippable frame are skipped
{ spec_head; events 0; echo "raw 42 0102030405"; echo end; } | $mk unknown-kind.zst
{ head -c "$f2" good.zst
  python3 -c "
import struct, sys
sys.stdout.buffer.write(struct.pack('<II', 0x184D2A53, 5) + b'hello')"
  tail -c +$((f2 + 1)) good.zst; } > skippable-frame.zst
# frames out of order: a trace whose frames carry FRAME records (good.zst
# predates them), one frame lost, one repeated, one of another recording
{ spec_head; events 0; events 5000; echo end; } | $mk "$tmpd/framed.zst"
{ spec_head; events 0; events 5000; echo end; } | $mk "$tmpd/other.zst"
python3 - "$tmpd/framed.zst" "$tmpd/other.zst" <<'PY'
import sys
def frames(path):
    d, o, out = open(path, 'rb').read(), 0, []
    while o < len(d):
        fhd = d[o + 4]
        fcs = [0, 2, 4, 8][fhd >> 6]
        single = (fhd >> 5) & 1
        did = [0, 1, 2, 4][fhd & 3]
        p = o + 5 + (0 if single else 1) + did + (1 if single and fcs == 0 else fcs)
        while True:
            bh = d[p] | d[p + 1] << 8 | d[p + 2] << 16
            p += 3 + (1 if (bh >> 1) & 3 == 1 else bh >> 3)
            if bh & 1:
                break
        p += 4 if fhd & 4 else 0
        out.append(d[o:p])
        o = p
    return out
a, b = frames(sys.argv[1]), frames(sys.argv[2])
open('frame-lost.zst', 'wb').write(a[0] + a[2] + a[3])
open('frame-repeated.zst', 'wb').write(a[0] + a[1] + a[1] + a[2] + a[3])
open('frame-foreign.zst', 'wb').write(a[0] + a[1] + b[2] + a[2] + a[3])
PY
echo "frames at $offs"
