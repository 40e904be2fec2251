#!/bin/bash
# seeds.sh DIR - write 'B' seeds for fuzz_reader into DIR: the batches of
# each golden trace that decompresses, separated by KTFR (see
# fuzz_reader.c). Needs python3 and zstd.
set -eu
out=$1
golden=$(cd "$(dirname "$0")/../golden" && pwd)
mkdir -p "$out"
for f in "$golden"/*.zst; do
	python3 - "$f" "$out/B-$(basename "$f" .zst)" <<'PY' || true
import subprocess, sys
data = open(sys.argv[1], 'rb').read()
frames, o = [], 0
import ctypes
z = ctypes.CDLL("libzstd.so.1")
z.ZSTD_findFrameCompressedSize.restype = ctypes.c_size_t
z.ZSTD_isError.argtypes = [ctypes.c_size_t]
while o < len(data):
    n = z.ZSTD_findFrameCompressedSize(data[o:], len(data) - o)
    if z.ZSTD_isError(n):
        break
    r = subprocess.run(["zstd", "-dcq"], input=data[o:o + n], capture_output=True)
    if r.returncode:
        break
    frames.append(r.stdout)
    o += n
if frames:
    open(sys.argv[2], 'wb').write(b"B" + b"KTFR".join(frames))
PY
done
