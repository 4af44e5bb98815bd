#!/usr/bin/python3
"""tests/font_mutate.py — mutated copies of a TrueType font, for the font
hardening test (tests/e2e/hardening_output.sh).

    font_mutate.py FONT OUTDIR [SEED]

Writes OUTDIR/NNN-what/LiberationSerif-{Regular,Bold,Italic}.ttf (the same
mutated file under the three names, so `phuluc build --font-dir` loads it for
every face) and prints one directory per line. The mutations are the ways a
font can lie to libharu 2.3.0's loader, which trusts every count and offset:
random bytes inside each table, each table cut short, the table directory
pointing outside the file, maxp numGlyphs up and down, hhea
numberOfHMetrics changed, head unitsPerEm and indexToLocFormat changed, loca
offsets out of order or past glyf, cmap subtable offsets, lengths and
segment counts changed. Deterministic for a given SEED.
"""
import os
import random
import struct
import sys


def tables(data):
    n = struct.unpack(">H", data[4:6])[0]
    out = {}
    for i in range(n):
        e = 12 + 16 * i
        tag = data[e : e + 4].decode("latin-1")
        off, length = struct.unpack(">II", data[e + 8 : e + 16])
        out[tag] = (e, off, length)
    return out


def put16(b, at, v):
    b[at : at + 2] = struct.pack(">H", v & 0xFFFF)


def put32(b, at, v):
    b[at : at + 4] = struct.pack(">I", v & 0xFFFFFFFF)


def mutations(data, rnd):
    t = tables(data)
    muts = []

    def add(name, f):
        b = bytearray(data)
        f(b)
        muts.append((name, bytes(b)))

    # Random bytes in each table (a few positions, a few times each).
    for tag, (_, off, length) in sorted(t.items()):
        for k in range(3):
            def f(b, off=off, length=length):
                for _ in range(1 + rnd.randrange(8)):
                    if length:
                        b[off + rnd.randrange(length)] = rnd.randrange(256)
            add("bytes-%s-%d" % (tag.strip().replace("/", ""), k), f)
    # Each table cut short (its directory length shrunk), or pointing outside.
    for tag, (e, off, length) in sorted(t.items()):
        clean = tag.strip().replace("/", "")
        add("short-%s" % clean, lambda b, e=e, length=length: put32(b, e + 12, length // 3))
        add("empty-%s" % clean, lambda b, e=e: put32(b, e + 12, 0))
        add("outside-%s" % clean, lambda b, e=e: put32(b, e + 8, len(data) - 2))
    # The file itself cut short.
    for frac in (0.1, 0.5, 0.9):
        muts.append(("truncated-%d" % int(frac * 100), data[: int(len(data) * frac)]))
    maxp = t["maxp"][1]
    ng = struct.unpack(">H", data[maxp + 4 : maxp + 6])[0]
    for v in (0, 1, ng // 2, ng - 1, ng + 1, ng * 2, 0xFFFF):
        add("numGlyphs-%d" % v, lambda b, v=v: put16(b, maxp + 4, v))
    hhea = t["hhea"][1]
    nh = struct.unpack(">H", data[hhea + 34 : hhea + 36])[0]
    for v in (0, 1, nh - 1, nh + 1, ng + 1, 0xFFFF):
        add("numberOfHMetrics-%d" % v, lambda b, v=v: put16(b, hhea + 34, v))
    head = t["head"][1]
    for v in (0, 1, 0xFFFF):
        add("unitsPerEm-%d" % v, lambda b, v=v: put16(b, head + 18, v))
    for v in (1, 2, 0xFFFF):
        add("indexToLocFormat-%d" % v, lambda b, v=v: put16(b, head + 50, v))
    loca, loca_len = t["loca"][1], t["loca"][2]
    fmt = struct.unpack(">h", data[head + 50 : head + 52])[0]
    step = 2 if fmt == 0 else 4
    for k in (1, ng // 3, ng - 1, ng):
        at = loca + step * k
        if step == 2:
            add("loca-past-glyf-%d" % k, lambda b, at=at: put16(b, at, 0xFFFF))
            add("loca-backwards-%d" % k, lambda b, at=at: put16(b, at, 0))
        else:
            add("loca-past-glyf-%d" % k, lambda b, at=at: put32(b, at, 0xFFFFFFF0))
            add("loca-backwards-%d" % k, lambda b, at=at: put32(b, at, 0))
    cmap = t["cmap"][1]
    ncmap = struct.unpack(">H", data[cmap + 2 : cmap + 4])[0]
    for i in range(ncmap):
        rec = cmap + 4 + 8 * i
        sub = cmap + struct.unpack(">I", data[rec + 4 : rec + 8])[0]
        add("cmap-%d-offset-outside" % i, lambda b, rec=rec: put32(b, rec + 4, 0x7FFFFFF0))
        fmt_sub = struct.unpack(">H", data[sub : sub + 2])[0]
        if fmt_sub == 4:
            for v in (0, 2, 14, 0xFFFF):
                add("cmap-%d-length-%d" % (i, v), lambda b, sub=sub, v=v: put16(b, sub + 2, v))
            for v in (0, 1, 2, 0xFFFE):
                add("cmap-%d-segX2-%d" % (i, v), lambda b, sub=sub, v=v: put16(b, sub + 6, v))
            seg2 = struct.unpack(">H", data[sub + 6 : sub + 8])[0]
            # The last endCount (must be 0xFFFF) lowered.
            add("cmap-%d-last-end" % i, lambda b, sub=sub, seg2=seg2: put16(b, sub + 14 + seg2 - 2, 0x0041))
            # An idRangeOffset pointing just past the glyph array.
            ro = sub + 16 + 3 * seg2
            add("cmap-%d-range-offset" % i, lambda b, ro=ro: put16(b, ro, 0xFFFE))
    add("num-tables-huge", lambda b: put16(b, 4, 0xFFFF))
    add("num-tables-zero", lambda b: put16(b, 4, 0))
    return muts


def main():
    font, outdir = sys.argv[1], sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 11
    data = open(font, "rb").read()
    rnd = random.Random(seed)
    for i, (name, b) in enumerate(mutations(data, rnd)):
        d = os.path.join(outdir, "%03d-%s" % (i, name))
        os.makedirs(d, exist_ok=True)
        for face in ("Regular", "Bold", "Italic"):
            with open(os.path.join(d, "LiberationSerif-%s.ttf" % face), "wb") as f:
                f.write(b)
        print(d)


if __name__ == "__main__":
    main()
