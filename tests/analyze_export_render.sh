#!/bin/bash
# analyze_export_render.sh BUILD SCRATCH - the flame graph of a real trace,
# rendered by a real browser.
#
# Headless Chromium (Debian's chromium package, installed here when
# missing) screenshots the SVG of samples/callchain to a PNG; the PNG is
# decoded and, at every frame of the call chain, the pixel must have the
# frame's fill colour. Then the inline script: the SVG's onload is made to
# zoom into "middle", Chromium dumps the DOM after the script ran, and the
# frames must have moved where a zoom puts them. Skipped without root and
# BPF, or when chromium cannot be installed.
. "$(dirname "$0")/lib.sh"
need_bpf
need python3
cc=$SAMPLES/callchain
built "$REC" "$ANA" "$cc"
if ! command -v chromium > /dev/null; then
	command -v apt-get > /dev/null || skip "chromium is missing and there is no apt-get"
	{ timeout 120 apt-get update -qq &&
	  DEBIAN_FRONTEND=noninteractive timeout 200 apt-get install -y -qq chromium; } \
		> apt.log 2>&1 ||
		skip "chromium cannot be installed: $(grep -v '^debconf' apt.log | tail -1)"
fi
timeout 60 "$REC" -q --stacks -e syscall:openat,syscall:read -o t.zst -- "$cc" 50 \
	> rec.out 2> rec.err || skip "record could not trace here: $(tail -1 rec.err)"
"$ANA" t.zst --flamegraph f.svg || fail "analyze --flamegraph failed"

# chromium URL PNG|- : a screenshot, or with - the DOM after scripts ran
browse() {
	local what=--dump-dom
	[ "$2" = - ] || what=--screenshot=$2
	timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking \
		--disable-component-update --disable-sync \
		--user-data-dir="$(mktemp -d "$T/profile.XXXXXX")" \
		--window-size=1200,800 "$what" "file://$T/$1" 2> chromium.err
}
browse f.svg "$T/f.png" || fail "chromium: $(tail -3 chromium.err)"
[ -s f.png ] || fail "chromium wrote no PNG: $(tail -3 chromium.err)"
python3 "$TESTS/analyze_export_render_zoom.py" f.svg z.svg || fail "cannot make the zoomed SVG"
browse z.svg - > z.dom || fail "chromium --dump-dom: $(tail -3 chromium.err)"

exec python3 "$TESTS/analyze_export_render.py" "$TESTS" "$B" "$T"
