/*
 * font_check.h — whether the bytes of a TrueType file are safe to hand to
 * libharu 2.3.0's loader (hpdf_fontdef_tt.c). That loader trusts every
 * count and offset in the file: maxp's glyph count sizes the arrays it
 * fills from hmtx and loca, hhea's metric count is how many it writes
 * into them, head's unitsPerEm divides every width, and a cmap segment
 * points into an array of the size the subtable's length says. A file that
 * lies overflows its heap or divides by zero. This module checks each of
 * those before libharu reads them; it knows nothing of libharu itself.
 *
 *   const char *why = font_check_ttf(bytes, n);
 *   if (why) ... the font is refused: why is, e.g., "hhea numberOfHMetrics > maxp numGlyphs"
 */
#ifndef PHULUC_FONT_CHECK_H
#define PHULUC_FONT_CHECK_H

#include <stddef.h>

/*
 * Returns NULL if the n bytes at b are a TrueType font libharu 2.3.0 reads
 * without going outside its arrays, else a short English reason (a static
 * string). Checks: the sfnt header and table directory inside the file;
 * cmap, glyf, head, hhea, hmtx, loca, maxp, name, OS/2 and post present,
 * each inside the file and at least as long as what libharu reads of it;
 * unitsPerEm 16..16384; indexToLocFormat 0 or 1; 1 <= numberOfHMetrics <=
 * numGlyphs, with hmtx and loca long enough for numGlyphs; loca offsets in
 * order and inside glyf; a (3,1) format 4 cmap subtable inside cmap, with
 * its segments inside the subtable, the last segment ending at U+FFFF and
 * no segment indexing past its glyph array; name records inside name.
 */
const char *font_check_ttf(const unsigned char *b, size_t n);

#endif
