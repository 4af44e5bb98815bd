/*
 * fuzz_font.c — libFuzzer harness for loading a TrueType font: the checks
 * of layout/font_check.c and, for every input they let through, libharu's
 * own loader (through metrics_load_ttf_bytes, as phuluc loads its fonts),
 * its glyph lookup and widths for every code point the layout can ask for,
 * the glyph boxes and, when embedding, the subset it writes. A crash or sanitizer report means a font passed the
 * checks that libharu cannot read safely. Seeds: the cut fonts in fonts/
 * (`make fuzz-font` passes that directory as a second corpus).
 *
 * libharu is not built with the sanitizers: an overflow inside it shows
 * as a crash (heap corruption, SIGSEGV, SIGFPE), not always as a report.
 */
#include "layout/font_load.h"

#include <hpdf.h>
#include <hpdf_fontdef.h>
#include <stddef.h>
#include <stdint.h>

static void ignore_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
	(void)error_no;
	(void)detail_no;
	(void)user;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	HPDF_Doc doc = HPDF_New(ignore_error, NULL);
	if (!doc)
		return 0;
	/* Both ways phuluc loads: for measuring, and for embedding in a PDF. */
	for (int embedding = 0; embedding < 2; embedding++) {
		HPDF_FontDef def = metrics_load_ttf_bytes(doc, data, size, embedding);
		if (!def)
			continue;
		long sum = 0;
		for (unsigned c = 0; c < 0x10000; c++) {
			sum += HPDF_TTFontDef_GetCharWidth(def, (HPDF_UINT16)c);
			sum += HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)c);
		}
		(void)sum;
		/*
		 * Embedding keeps the file's bytes: glyph boxes, and the subset
		 * libharu writes into the PDF (RecreateGLYF, RecreateName). Without
		 * it libharu has freed them, and neither may be asked for.
		 */
		HPDF_Stream out = embedding ? HPDF_MemStream_New(doc->mmgr, 16384) : NULL;
		if (out) {
			HPDF_TTFontDef_GetCharBBox(def, 'H');
			HPDF_TTFontDef_SaveFontData(def, out);
			HPDF_Stream_Free(out);
		}
		HPDF_FontDef_Free(def);
	}
	HPDF_Free(doc);
	return 0;
}
