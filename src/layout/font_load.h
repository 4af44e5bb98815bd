/*
 * font_load.h — TrueType files loaded into libharu, for the PDF renderer and
 * for metrics.c (which measures with libharu's own widths). Kept apart from
 * metrics.h so that the XLSX renderer and the layout never see <hpdf.h>.
 */
#ifndef PHULUC_FONT_LOAD_H
#define PHULUC_FONT_LOAD_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Reads a TrueType file into a font definition of doc, from memory:
 * libharu's own loader reads through a FILE and seeks with a system call
 * for every table and glyph it looks at (some 700 lseek calls per document,
 * a millisecond of system time). With embedding, the definition keeps the
 * bytes for writing the subset later. Returns NULL if the file cannot be
 * read or is not a TrueType font; the definition is doc's to free (or the
 * caller's, see metrics_close).
 */
HPDF_FontDef metrics_load_ttf(HPDF_Doc doc, const char *path, bool embedding);

/*
 * The same from n bytes in memory (copied; the caller keeps b). Checks
 * them first with font_check_ttf (font_check.h): NULL if they are not a
 * font libharu can read safely. tests/fuzz/fuzz_font.c calls it.
 */
HPDF_FontDef metrics_load_ttf_bytes(HPDF_Doc doc, const unsigned char *b, size_t n, bool embedding);

#endif
