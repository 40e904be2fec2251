# analyze_export_render.py TESTS BUILD SCRATCH - the checks of
# tests/analyze_export_render.sh, which runs it.
import re, struct, sys, zlib, xml.etree.ElementTree as ET
sys.path.insert(0, sys.argv[1])
from ktlib import check, finish

def png(path):
    """width, height and a pixel(x, y) -> (r, g, b) of an 8-bit RGB(A) PNG"""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    while pos < len(data):
        n, typ = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if typ == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif typ == b"IDAT":
            idat += body
    assert depth == 8 and ctype in (2, 6) and not interlace, (depth, ctype, interlace)
    bpp = 3 if ctype == 2 else 4
    raw, stride, rows = zlib.decompress(idat), w * bpp, []
    prev, i = bytearray(stride), 0
    for y in range(h):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, lambda x, y: tuple(rows[y][x * bpp:x * bpp + 3])

NS = "{http://www.w3.org/2000/svg}"
CHAIN = ["all", "callchain", "main", "outer", "middle", "leaf", "syscall:openat"]

def frames(root):
    """name -> [(x, width, y, fill, g)]"""
    out = {}
    for g in root.find(NS + "g[@id='frames']"):
        r = g.find(NS + "rect")
        name = re.sub(r" \([^()]*\)$", "", g.find(NS + "title").text)
        out.setdefault(name, []).append((float(r.get("x")), float(r.get("width")),
                                         float(r.get("y")), r.get("fill"), g))
    return out

svg = frames(ET.parse("f.svg").getroot())
w, h, pixel = png("f.png")
check((w, h) == (1200, 800), "a 1200x800 screenshot", (w, h))
check(pixel(3, 3) == (0xf8, 0xf8, 0xf0), "the background is drawn", pixel(3, 3))
drawn = []
for name in CHAIN:
    for x, wd, y, fill, _ in svg.get(name, [])[:1]:
        want = tuple(int(v) for v in re.fullmatch(r"rgb\((\d+),(\d+),(\d+)\)", fill).groups())
        got = pixel(int(x + wd) - 5, int(y) + 7)    # right end: clear of the label
        if all(abs(a - b) <= 3 for a, b in zip(got, want)):
            drawn.append(name)
        else:
            print("  %s: pixel %s, fill %s" % (name, got, want))
check(drawn == CHAIN, "each frame of the chain has its colour in the PNG", drawn)

# the zoom into "middle": ancestors span the width and fade, middle and
# everything above it within its span scale to the width, the rest hides
dom = open("z.dom").read()
zroot = ET.fromstring(dom[dom.index("<svg"):])
z = frames(zroot)
full = lambda f: abs(f[0] - 10) < 0.06 and abs(f[1] - 1180) < 0.06
anc = [n for n in ["all", "callchain", "main", "outer"]
       if full(z[n][0]) and "anc" in (z[n][0][4].get("class") or "")]
check(anc == ["all", "callchain", "main", "outer"], "ancestors span the width", anc)
check(full(z["middle"][0]) and full(z["leaf"][0]) and
      "anc" not in (z["middle"][0][4].get("class") or ""), "middle and leaf fill the width",
      (z["middle"][0][:2], z["leaf"][0][:2]))
mx, mw = svg["middle"][0][0], svg["middle"][0][1]
hidden = [n for n, fs in svg.items() for i, f in enumerate(fs)
          if not (f[0] >= mx - 1e-3 and f[0] + f[1] <= mx + mw + 1e-3) and f[2] < svg["middle"][0][2]
          and "none" not in (z[n][i][4].get("style") or "")]
check(not hidden, "frames outside middle's span are hidden", hidden)
check(z["leaf"][0][4].find(NS + "text").text == "leaf", "labels redrawn", None)

finish()
