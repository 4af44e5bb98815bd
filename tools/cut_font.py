#!/usr/bin/python3
"""cut_font.py SRC DST UNICODES — the fonts the Makefile puts in fonts/.

Cuts a TrueType font to a repertoire (UNICODES as pyftsubset takes it,
"U+0020-007E,U+00A0-00FF,...") with fontTools' subsetter — no hinting, no
layout tables, no glyph names — then rewrites its cmap so that libharu
2.3.0 reads it fast.

Why the cmap: for every document, libharu builds a 65,536-entry
code-to-glyph map per font by calling HPDF_TTFontDef_GetGlyphid for each
code, which walks the cmap's format 4 segments one by one. A subset cmap
has a segment per contiguous run of codes (about twenty here), so each of
the 196,608 calls walks them all. Here the runs are merged into a few wide
segments (gaps of fewer than MERGE_GAP codes are filled with glyph 0, the
way format 4 marks a code absent), so a lookup stops after two or three
steps. Which code maps to which glyph is unchanged; the font checks it.
"""
import struct
import sys

from fontTools import subset
from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.tables import ttProgram
from fontTools.ttLib.tables.DefaultTable import DefaultTable

MERGE_GAP = 1024  # codes; wider gaps start a new segment


def parse_unicodes(spec):
    codes = set()
    for part in spec.replace(" ", "").split(","):
        if not part:
            continue
        lo, _, hi = part.partition("-")
        lo = int(lo.upper().replace("U+", ""), 16)
        hi = int(hi.upper().replace("U+", ""), 16) if hi else lo
        codes.update(range(lo, hi + 1))
    return codes


def segments(codes):
    """Runs of codes, merged across gaps narrower than MERGE_GAP: [(start, end)]."""
    runs = []
    for c in sorted(codes):
        if runs and c - runs[-1][1] <= MERGE_GAP:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return [tuple(r) for r in runs]


def format4(gids):
    """A cmap format 4 subtable (bytes) for {code: glyph id}, codes < 0xFFFF."""
    segs = segments(gids) + [(0xFFFF, 0xFFFF)]
    n = len(segs)
    search = 2 * (1 << (n.bit_length() - 1))
    entry_selector = (search // 2).bit_length() - 1
    ends, starts, deltas, offsets, array = [], [], [], [], []
    for i, (lo, hi) in enumerate(segs):
        ends.append(hi)
        starts.append(lo)
        if lo == 0xFFFF:  # the required last segment: maps 0xFFFF to glyph 0
            deltas.append(1)
            offsets.append(0)
            continue
        deltas.append(0)
        # Bytes from this idRangeOffset entry to the segment's first glyphIdArray entry.
        offsets.append(2 * (n - i) + 2 * len(array))
        array.extend(gids.get(c, 0) for c in range(lo, hi + 1))
    body = struct.pack(">%dH" % n, *ends) + struct.pack(">H", 0) + struct.pack(">%dH" % n, *starts)
    body += struct.pack(">%dh" % n, *deltas) + struct.pack(">%dH" % n, *offsets)
    body += struct.pack(">%dH" % len(array), *array)
    length = 14 + len(body)
    if length > 0xFFFF:
        raise SystemExit("cut_font: the cmap would be too large; lower MERGE_GAP")
    return struct.pack(">7H", 4, length, 0, 2 * n, search, entry_selector, 2 * n - search) + body


def main():
    src, dst, spec = sys.argv[1], sys.argv[2], sys.argv[3]
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.glyph_names = False
    options.notdef_outline = True
    # The source's timestamps are kept (fontTools would write the time of the
    # build into head.modified), so that two builds make the same font bytes
    # and the same PDF.
    font = TTFont(src, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=parse_unicodes(spec))
    subsetter.subset(font)

    cmap = font.getBestCmap()
    gids = {code: font.getGlyphID(name) for code, name in cmap.items() if code < 0xFFFF}
    sub = format4(gids)
    # One subtable, shared by the Unicode (0, 3) and Windows (3, 1) encodings.
    table = DefaultTable("cmap")
    table.data = struct.pack(">2H", 0, 2) + struct.pack(">2HL", 0, 3, 20) + struct.pack(">2HL", 3, 1, 20) + sub
    font["cmap"] = table
    # libharu 2.3.0 embeds a font as the 13 tables it wants, an absent one as
    # empty at the end of what it wrote so far; an empty 'prep' (the last)
    # then makes it seek to the very end of its buffer, which fails when the
    # font it rebuilt is a multiple of 4,096 bytes ("libharu error 0x1033",
    # about 1 document in 300). A 3-byte program that does nothing
    # (PUSHB[0] 0, POP) keeps 'prep' from being empty.
    prep = newTable("prep")
    prep.program = ttProgram.Program()
    prep.program.fromBytecode(b"\xb0\x00\x21")
    font["prep"] = prep
    font.save(dst)

    # The rewritten font must map every code exactly as the subset did.
    saved = TTFont(dst)
    check = {c: saved.getGlyphID(g) for c, g in saved.getBestCmap().items()}
    if {c: g for c, g in check.items() if g != 0} != gids:
        raise SystemExit("cut_font: the rewritten cmap differs from the subset's")


if __name__ == "__main__":
    main()
