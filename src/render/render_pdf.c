/*
 * render_pdf.c — a struct document drawn as the annex of Nghị định
 * 30/2020/NĐ-CP, with libharu (see render.h).
 *
 * The page: A4 in the document's orientation and margins; the paragraphs
 * above the table (heading, upper-case title, "Kèm theo" line with a short
 * rule); the table with its merged, wrapped, bold header repeated on every
 * page; the paragraphs under it. Page numbers are centred in the top margin
 * from page 2 on; a total row never starts a page on its own, nor does the
 * note under the table.
 *
 * No table is refused for its width (choose_layout): the type shrinks to
 * 8 pt at the least, a name takes two lines at most, then A4 landscape, A3
 * where allowed, and else column bands — the table drawn once per group of
 * columns, STT and name (table_column.repeat) in every band, each band from
 * a page of its own with the part of the header over its columns.
 *
 * Three things libharu 2.3.0 does not do right, and what this file does
 * instead:
 *  - its text width functions return 0 for non-ASCII UTF-8: widths come from
 *    metrics.h (the same integer widths libharu writes into /W);
 *  - HPDF_Page_TextRect gives up on a word wider than the box: wrap_text
 *    breaks lines, and column widths are fitted so nothing overflows;
 *  - the ToUnicode CMap it writes for UTF-8 TrueType fonts is malformed
 *    (poppler: "Invalid 'begincidrange' operator"): each font gets its own,
 *    mapping every code drawn (with the UTF-8 encoder the code is the
 *    Unicode code point) to itself with bfrange entries;
 *  - with its UTF-8 encoding, it looks up the glyph and the width of each
 *    of the 65,536 codes for every font (a third of a small annex's time)
 *    and writes a 128 KiB CIDToGIDMap and a width for every code the font
 *    maps, whatever the document draws: the fonts get an encoding of our
 *    own instead (codes_init: Identity-H, one code mapped, so libharu's
 *    tables are a few entries long), and finish_fonts() writes the
 *    CIDToGIDMap, the widths and the ToUnicode CMap for the codes drawn
 *    (recorded by draw_text; every text must go through it), which makes a
 *    small annex's PDF about a third smaller and spares zlib most of its
 *    work;
 *  - each of its drawing operators costs about 2,000 instructions: text and
 *    table borders are written by pdf_ops.c (every text, since libharu
 *    cannot encode text for the fonts' encoding), shapes drawn once or
 *    twice a page (rules, charts) by libharu.
 * Text widths are linear in the size: every cell of the table is measured
 * once, in font units (measure_cells), and scaled as the type shrinks.
 * Info strings are written as UTF-16BE with a BOM (libharu would write the
 * UTF-8 bytes, which readers take for PDFDocEncoding).
 */
#include "render/render.h"

#include "base/messages.h"
#include "base/vec.h"
#include "layout/font_load.h"
#include "layout/metrics.h"
#include "render/pdf_chart.h"
#include "render/pdf_ops.h"

#include <errno.h>
#include <hpdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#define MM	      (72.0 / 25.4)
#define PAD_X	      3.0 /* space between a cell's border and its text */
#define PAD_Y	      2.5
#define LEADING	      1.17  /* line height / font size */
#define ASCENT	      0.891 /* Liberation Serif, per unit of size */
#define DESCENT	      0.216
#define MIN_SIZE      8.0 /* smallest type the table may shrink to (SPEC §3) */
#define PARAGRAPH_GAP 2.0 /* after each paragraph above the table */
#ifndef PHULUC_VERSION
#define PHULUC_VERSION "dev"
#endif

/* A cell of the document's table, measured once. */
struct measured {
	const char *text; /* what it shows (a number formatted) */
	double one;	  /* the text's width on one line in font units (metrics_units) */
	enum face face;	  /* bold in the header */
	bool plain;	  /* no '\n' and no space at either end: on one line it is the text as it is */
};

/*
 * What column_needs takes from the cells spanning one column, in font
 * units, as maxima (-1: no such cell): their widest word (or whole text,
 * for cells that do not wrap) and text in the header and in the body, and
 * for the name column its names' two-line widths.
 */
struct column_units {
	double h_word, h_one, b_word, b_one, b_two;
};

/* A cell spanning several columns, which a band may cut to one. */
struct span_units {
	int r, c;
	double one, word, two; /* two: -1 unless a text cell */
	double word_bold;      /* its widest word in bold */
};

struct measurements {
	struct measured *cell;	  /* [n_rows * n_cols] of the document's table */
	char *text;		  /* the formatted numbers cell[].text points into */
	struct column_units *cu;  /* [n_cols] */
	struct span_units *spans; /* the cells spanning columns, row by row */
	int n_spans;
};

struct pdf {
	const struct document *doc;
	struct error *err;
	HPDF_Doc pdf;
	HPDF_STATUS status;	    /* first libharu error, 0 if none */
	int sys_errno;		    /* errno when it happened: the reason behind a write error */
	bool oom;		    /* a step that returns no error ran out of memory */
	uint8_t *drawn[FACE_COUNT]; /* bit c set: code c was drawn in this face (65,536 bits) */
	struct metrics *m;

	double page_w, page_h;
	double left, right, top, bottom; /* margins, pt */
	HPDF_Page page;
	int page_no;
	HPDF_Page *pages; /* [page_no]: their content streams are deflated at the end (deflate_pages) */
	int cap_pages;
	double y; /* the next thing is drawn below this line (pt from the page's bottom) */
	struct pdf_ops ops;

	/* The paper chosen for the table (choose_layout). */
	bool a3;
	enum orientation orientation;

	/*
	 * The table laid out: `t` is the document's table, or `band`, the same
	 * rows with a copy of its columns in which only the repeated columns
	 * and those of one column band are printed.
	 */
	const struct table *t;
	struct table band; /* cols owned, rows borrowed from the document */
	int n_bands;
	int *band_lo, *band_hi;	       /* [n_bands]: first and last table column of each band */
	double header_size, body_size; /* after shrinking to fit */
	double *col_w;		       /* [n_cols], 0 for columns not printed */
	double *row_h;		       /* [n_rows] */
	double table_left;
	double *col_left; /* [n_cols + 1]: x of each column's left edge (the last: the table's right) */
	int *boundary;	  /* [n_cols + 1]: the printed column at or after each (n_cols: none) */

	struct measurements meas; /* the cells measured once (measure_cells), for every layout tried */
};

static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
	struct pdf *p = user;
	(void)detail_no;
	if (!p->status) {
		p->status = error_no;
		p->sys_errno = errno;
	}
}

static int failed(struct pdf *p, const char *path, const char *what)
{
	if (p->err->kind)
		return -1;
	/* File and compression errors while saving come from a failed write: say why. */
	bool io = p->status == HPDF_FILE_IO_ERROR || p->status == HPDF_FILE_OPEN_ERROR ||
		  p->status == HPDF_ZLIB_ERROR;
	return error_set(p->err, ERR_IO, "cannot write %s: %s (libharu error 0x%04X)", path,
			 io && p->sys_errno ? strerror(p->sys_errno) : _(what), (unsigned)p->status);
}

static enum face face_of(struct text_style s)
{
	return s.bold ? FACE_BOLD : s.italic ? FACE_ITALIC : FACE_REGULAR;
}

/* ---- fonts and metadata ----------------------------------------------- */

#define CODES 65536

static bool is_drawn(const uint8_t *bits, int c)
{
	return bits[c >> 3] & (1u << (c & 7));
}

/* Records the codes of text as drawn in face. */
static void mark_drawn(struct pdf *p, enum face face, const char *text)
{
	for (const char *s = text; *s;) {
		uint32_t c = utf8_next(&s);
		if (c < CODES)
			p->drawn[face][c >> 3] |= (uint8_t)(1u << (c & 7));
	}
}

/* The next run of drawn codes at or after *from, within one high byte: [*lo, *hi]. */
static bool next_run(const uint8_t *bits, int *from, int *lo, int *hi)
{
	int c = *from;
	while (c < CODES && !is_drawn(bits, c))
		c = (c & 7) == 0 && !bits[c >> 3] ? c + 8
						  : c + 1; /* a byte at a time through empty stretches */
	if (c >= CODES)
		return false;
	*lo = c;
	while (c + 1 < CODES && is_drawn(bits, c + 1) && ((c + 1) >> 8) == (*lo >> 8))
		c++;
	*hi = c;
	*from = c + 1;
	return true;
}

/* A ToUnicode CMap mapping each drawn code to the same Unicode value. */
static HPDF_Dict to_unicode(HPDF_Doc pdf, const uint8_t *bits)
{
	HPDF_Dict stream = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	if (!stream)
		return NULL;
	stream->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	HPDF_Stream s = stream->stream;
	HPDF_Stream_WriteStr(s, "/CIDInit /ProcSet findresource begin\n"
				"12 dict begin\n"
				"begincmap\n"
				"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
				"/CMapName /Adobe-Identity-UCS def\n"
				"/CMapType 2 def\n"
				"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	/* bfrange entries may only vary their last byte, and come at most 100 to a block. */
	int runs[512][2], n = 0, from = 0, lo, hi;
	bool more = true;
	while (more) {
		more = next_run(bits, &from, &lo, &hi);
		if (more && !(lo >= 0xD800 && lo <= 0xDFFF)) /* no surrogates */
			runs[n][0] = lo, runs[n][1] = hi, n++;
		if (n == 100 || (!more && n > 0)) {
			char line[64];
			snprintf(line, sizeof line, "%d beginbfrange\n", n);
			HPDF_Stream_WriteStr(s, line);
			for (int j = 0; j < n; j++) {
				snprintf(line, sizeof line, "<%04X> <%04X> <%04X>\n", runs[j][0], runs[j][1],
					 runs[j][0]);
				HPDF_Stream_WriteStr(s, line);
			}
			HPDF_Stream_WriteStr(s, "endbfrange\n");
			n = 0;
		}
	}
	HPDF_Stream_WriteStr(s, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	return stream;
}

/*
 * Rewrites what libharu made for every code of the font — the CIDToGIDMap,
 * the /W widths, the ToUnicode CMap — for the codes drawn only. The widths
 * are libharu's own (HPDF_TTFontDef_GetCharWidth), the ones metrics.c
 * measured with. Called once, after the last page is drawn.
 */
static int finish_fonts(struct pdf *p)
{
	/* A file given for two faces is one font (load_ttf): the codes drawn in either are its codes. */
	bool shared[FACE_COUNT] = {false};
	for (int f = 1; f < FACE_COUNT; f++)
		for (int g = 0; g < f && !shared[f]; g++)
			if (p->ops.font[g] == p->ops.font[f]) {
				for (int i = 0; i < CODES / 8; i++)
					p->drawn[g][i] |= p->drawn[f][i];
				shared[f] = true;
			}
	for (int f = 0; f < FACE_COUNT; f++) {
		if (shared[f])
			continue;
		HPDF_FontAttr attr = p->ops.font[f]->attr;
		HPDF_FontDef def = attr->fontdef;
		HPDF_Dict desc = attr->descendant_font, map = attr->map_stream;
		if (!desc || !map || !map->stream)
			return error_set(p->err, ERR_IO, "libharu: unexpected font structure");
		int max = 0;
		for (int c = CODES - 1; c > 0 && !max; c--)
			if (is_drawn(p->drawn[f], c))
				max = c;
		size_t size = 2 * ((size_t)max + 1);
		/* gids first: w and cmap belong to no object yet, so a failure after them would leak them. */
		uint8_t *gids = calloc(size, 1);
		if (!gids)
			return error_set(p->err, ERR_IO, "out of memory");
		HPDF_Array w = HPDF_Array_New(p->pdf->mmgr);
		HPDF_Dict cmap = to_unicode(p->pdf, p->drawn[f]);
		if (!w || !cmap) {
			free(gids);
			return error_set(p->err, ERR_IO, "out of memory");
		}
		int from = 0, lo, hi;
		while (next_run(p->drawn[f], &from, &lo, &hi)) {
			HPDF_Array widths = HPDF_Array_New(p->pdf->mmgr);
			if (!widths || HPDF_Array_AddNumber(w, lo) != HPDF_OK ||
			    HPDF_Array_Add(w, widths) != HPDF_OK)
				break;
			for (int c = lo; c <= hi; c++) {
				HPDF_UINT16 gid = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)c);
				gids[2 * c] = (uint8_t)(gid >> 8);
				gids[2 * c + 1] = (uint8_t)gid;
				HPDF_Array_AddNumber(widths,
						     HPDF_TTFontDef_GetCharWidth(def, (HPDF_UINT16)c));
			}
		}
		HPDF_MemStream_FreeData(map->stream);
		HPDF_Stream_Write(map->stream, gids, (HPDF_UINT)size);
		free(gids);
		if (HPDF_Dict_Add(desc, "W", w) != HPDF_OK ||
		    HPDF_Dict_Add(p->ops.font[f], "ToUnicode", cmap) != HPDF_OK)
			return error_set(p->err, ERR_IO, "out of memory");
	}
	return 0;
}

/* The /Filter entry of a content stream deflated by deflate_pages (libharu writes no filter it did not
 * apply). */
static HPDF_STATUS flate_filter(HPDF_Dict dict, HPDF_Stream out)
{
	(void)dict;
	return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/*
 * Deflates each page's content stream at zlib's level 3: libharu deflates
 * at level 6, which takes twice the time for a seventh fewer bytes on a
 * table's operators (the pages are compressed by libharu otherwise:
 * HPDF_COMP_TEXT is left out of the compression mode). Returns 0, or -1
 * with err (out of memory).
 */
static int deflate_pages(struct pdf *p)
{
	for (int i = 0; i < p->page_no; i++) {
		HPDF_PageAttr attr = (HPDF_PageAttr)p->pages[i]->attr;
		HPDF_Stream st = attr->stream;
		z_stream z = {0};
		if (deflateInit(&z, 3) != Z_OK)
			return error_set(p->err, ERR_IO, "out of memory");
		size_t cap = deflateBound(&z, st->size), left = st->size;
		unsigned char *out = malloc(cap ? cap : 1);
		int rc = out ? Z_OK : Z_MEM_ERROR;
		z.next_out = out;
		z.avail_out = (uInt)cap;
		for (HPDF_UINT b = 0; rc == Z_OK && b < HPDF_MemStream_GetBufCount(st); b++) {
			HPDF_UINT len = 0;
			HPDF_BYTE *data = HPDF_MemStream_GetBufPtr(st, b, &len);
			z.next_in = data;
			z.avail_in = len < left ? len : (uInt)left;
			left -= z.avail_in;
			rc = data && deflate(&z, Z_NO_FLUSH) == Z_OK ? Z_OK : Z_BUF_ERROR;
		}
		if (rc == Z_OK)
			rc = deflate(&z, Z_FINISH) == Z_STREAM_END ? Z_OK : Z_BUF_ERROR;
		if (rc == Z_OK) {
			HPDF_MemStream_FreeData(st);
			rc = HPDF_Stream_Write(st, out, (HPDF_UINT)z.total_out) == HPDF_OK ? Z_OK
											   : Z_MEM_ERROR;
			attr->contents->filter = HPDF_STREAM_FILTER_NONE;
			attr->contents->write_fn = flate_filter;
		}
		deflateEnd(&z);
		free(out);
		if (rc != Z_OK)
			return error_set(p->err, ERR_IO, "out of memory");
	}
	return 0;
}

/*
 * What HPDF_LoadTTFontFromFile does — register the definition, give it the
 * next subset tag (HPDFAA, HPDFAB…) — with the bytes read from memory
 * (metrics_load_ttf). Returns the font's name for HPDF_GetFont, or NULL.
 */
static const char *load_ttf(struct pdf *p, const char *path)
{
	HPDF_FontDef def = metrics_load_ttf(p->pdf, path, true);
	if (!def)
		return NULL;
	/* The same font for two faces (one file given twice): use the first, as libharu does. */
	HPDF_FontDef known = HPDF_Doc_FindFontDef(p->pdf, def->base_font);
	if (known) {
		HPDF_FontDef_Free(def);
		return known->base_font;
	}
	if (HPDF_Doc_RegisterFontDef(p->pdf, def) != HPDF_OK) /* it frees def on failure */
		return NULL;
	HPDF_BYTE *tag = p->pdf->ttfont_tag;
	if (tag[0] == 0) {
		memcpy(tag, "HPDFAA", 6);
	} else {
		for (int i = 5; i >= 0; i--) {
			if (++tag[i] <= 'Z')
				break;
			tag[i] = 'A';
		}
	}
	char name[7];
	memcpy(name, tag, 6);
	name[6] = '\0';
	HPDF_TTFontDef_SetTagName(def, name);
	return def->base_font;
}

/*
 * The fonts' encoding: 2-byte codes, Identity-H (the code is the CID, here
 * the Unicode code point, as with libharu's UTF-8 encoding). libharu builds
 * a font's CIDToGIDMap and widths from the codes its encoding maps: one
 * code (the space) is enough for it, and finish_fonts writes the real ones.
 * libharu calls this when a font first asks for the encoding.
 */
static char codes_name[] = "phuluc-UCS-2";

static HPDF_STATUS codes_init(HPDF_Encoder e)
{
	static const HPDF_CidRange_Rec space[] = {{0x20, 0x20, 0x20}, {0xFFFF, 0xFFFF, 0}};
	HPDF_STATUS rc = HPDF_CMapEncoder_InitAttr(e);
	if (rc == HPDF_OK)
		rc = HPDF_CMapEncoder_AddCMap(e, space);
	if (rc != HPDF_OK)
		return rc;
	HPDF_CMapEncoderAttr a = e->attr;
	a->unicode_map[0x20][0] = 0x20;
	strcpy(a->registry, "Adobe");
	strcpy(a->ordering, "Identity-H");
	a->suppliment = 0;
	a->writing_mode = HPDF_WMODE_HORIZONTAL;
	e->type = HPDF_ENCODER_TYPE_DOUBLE_BYTE;
	return HPDF_OK;
}

static int load_fonts(struct pdf *p, const struct font_files *files)
{
	const char *path[FACE_COUNT] = {files->regular, files->bold, files->italic};
	HPDF_Encoder codes = HPDF_CMapEncoder_New(p->pdf->mmgr, codes_name, codes_init);
	if (!codes || HPDF_Doc_RegisterEncoder(p->pdf, codes) != HPDF_OK) /* it frees codes on failure */
		return error_set(p->err, ERR_IO, "out of memory");
	for (int f = 0; f < FACE_COUNT; f++) {
		errno = 0;
		const char *name = load_ttf(p, path[f]);
		p->ops.font[f] = name ? HPDF_GetFont(p->pdf, name, codes_name) : NULL;
		if (!p->ops.font[f])
			return error_set(p->err, ERR_IO, "cannot load the TrueType font %s%s", path[f],
					 errno == ENOMEM ? ": out of memory" : "");
		if (!(p->drawn[f] = calloc(CODES / 8, 1)))
			return error_set(p->err, ERR_IO, "out of memory");
	}
	return 0;
}

/* Sets an Info entry to a UTF-16BE string with BOM. */
static void set_info_text(struct pdf *p, const char *key, const char *utf8)
{
	if (!utf8 || !utf8[0] || !p->pdf->info)
		return;
	size_t len = strlen(utf8), o = 2;
	unsigned char *buf = malloc(len * 4 + 2);
	if (!buf) {
		p->oom = true;
		return;
	}
	buf[0] = 0xFE;
	buf[1] = 0xFF;
	for (const char *s = utf8; *s;) {
		uint32_t c = utf8_next(&s);
		if (c > 0xFFFF) { /* surrogate pair */
			c -= 0x10000;
			uint32_t hi = 0xD800 + (c >> 10), lo = 0xDC00 + (c & 0x3FF);
			buf[o++] = (unsigned char)(hi >> 8);
			buf[o++] = (unsigned char)hi;
			c = lo;
		}
		buf[o++] = (unsigned char)(c >> 8);
		buf[o++] = (unsigned char)c;
	}
	HPDF_Binary b = HPDF_Binary_New(p->pdf->mmgr, buf, (HPDF_UINT)o);
	if (b)
		HPDF_Dict_Add(p->pdf->info, key, b);
	free(buf);
}

static void set_metadata(struct pdf *p)
{
	const struct document *doc = p->doc;
	HPDF_SetInfoAttr(p->pdf, HPDF_INFO_CREATOR, "phuluc " PHULUC_VERSION);
	set_info_text(p, "Title", doc->title);
	set_info_text(p, "Subject", doc->subject);
	set_info_text(p, "Author", doc->author);
	if (doc->created > 0) {
		/* From SOURCE_DATE_EPOCH, never the wall clock: same input, same bytes. */
		time_t t = (time_t)doc->created;
		struct tm tm;
		gmtime_r(&t, &tm);
		HPDF_Date d = {.year = tm.tm_year + 1900,
			       .month = tm.tm_mon + 1,
			       .day = tm.tm_mday,
			       .hour = tm.tm_hour,
			       .minutes = tm.tm_min,
			       .seconds = tm.tm_sec,
			       .ind = 'Z'};
		HPDF_SetInfoDateAttr(p->pdf, HPDF_INFO_CREATION_DATE, d);
		HPDF_SetInfoDateAttr(p->pdf, HPDF_INFO_MOD_DATE, d);
	}
}

/*
 * The first character of the document's text that the face it is drawn in
 * cannot draw, or 0; *face is set to that face. Header cells are drawn bold
 * whatever their style says, so they are checked in bold.
 */
static uint32_t missing_glyph(const struct pdf *p, enum face *face)
{
	const struct document *doc = p->doc;
	const struct paragraph *lists[2] = {doc->before, doc->after};
	int counts[2] = {doc->n_before, doc->n_after};
	for (int l = 0; l < 2; l++)
		for (int i = 0; i < counts[l]; i++) {
			*face = face_of(lists[l][i].style);
			uint32_t c = metrics_missing_glyph(p->m, *face, lists[l][i].text);
			if (c)
				return c;
		}
	const struct table *t = &doc->table;
	for (int r = 0; r < t->n_rows; r++)
		for (int c = 0; c < t->n_cols; c++) {
			const struct table_cell *cell = table_cell(t, r, c);
			if (cell->type != CELL_TEXT || cell->covered)
				continue;
			*face = t->rows[r].kind == ROW_HEADER ? FACE_BOLD : face_of(cell->style);
			uint32_t m = metrics_missing_glyph(p->m, *face, cell->text);
			if (m)
				return m;
		}
	*face = FACE_BOLD;
	uint32_t mark = metrics_missing_glyph(p->m, FACE_BOLD, doc->draft_mark ? doc->draft_mark : "");
	if (!mark)
		mark = metrics_missing_glyph(p->m, FACE_BOLD, " 0123456789");
	if (mark)
		return mark;
	*face = FACE_REGULAR; /* page numbers and formatted numbers */
	return metrics_missing_glyph(p->m, FACE_REGULAR, "0123456789,.%-");
}

/* ---- drawing primitives --------------------------------------------------- */

/*
 * Draws text (every text drawn goes through here: see finish_fonts). Inside
 * a row's text object (draw_row) it joins it; else it is written at once.
 */
static void draw_text(struct pdf *p, enum face face, double size, double x, double baseline, const char *text)
{
	if (!text[0])
		return;
	mark_drawn(p, face, text);
	bool in_row = p->ops.in_text;
	pdf_ops_text(&p->ops, face, size, x, baseline, text);
	if (!in_row && pdf_ops_flush(&p->ops))
		p->oom = true;
}

/*
 * Draws text lines in the box [x, x+w] from `top` down, aligned; returns the
 * height used. widths: the lines' widths, or NULL to measure them.
 */
static double draw_lines(struct pdf *p, const char *const *lines, int n, enum face face, double size,
			 enum text_align align, double x, double w, double top, const double *widths)
{
	double lh = size * LEADING;
	for (int i = 0; i < n; i++) {
		double tw = widths ? widths[i] : metrics_width(p->m, face, size, lines[i]);
		double tx = align == ALIGN_CENTER ? x + (w - tw) / 2 : align == ALIGN_RIGHT ? x + w - tw : x;
		double baseline = top - (lh - (ASCENT + DESCENT) * size) / 2 - ASCENT * size - i * lh;
		draw_text(p, face, size, tx, baseline, lines[i]);
	}
	return n * lh;
}

static void draw_draft_mark(struct pdf *p)
{
	const char *mark = p->doc->draft_mark;
	double size = 96, w = metrics_width(p->m, FACE_BOLD, size, mark);
	double angle = atan2(p->page_h, p->page_w), c = cos(angle), s = sin(angle);
	double cx = p->page_w / 2 - (w / 2) * c + (size * 0.35) * s;
	double cy = p->page_h / 2 - (w / 2) * s - (size * 0.35) * c;
	mark_drawn(p, FACE_BOLD, mark);
	pdf_ops_text_rotated(&p->ops, FACE_BOLD, size, c, s, cx, cy, 0.85, mark);
	if (pdf_ops_flush(&p->ops))
		p->oom = true;
	HPDF_Page_SetGrayFill(p->page, 0);
	HPDF_Page_SetGrayStroke(p->page, 0);

	/* And a boxed label in the top margin, at the right: readable, searchable, printed in black. */
	double label = 13, lw = metrics_width(p->m, FACE_BOLD, label, mark);
	double x = p->page_w - p->right - lw - 6, y = p->page_h - p->top / 2 - label / 2;
	draw_text(p, FACE_BOLD, label, x + 3, y, mark);
	HPDF_Page_SetLineWidth(p->page, 0.8f);
	HPDF_Page_Rectangle(p->page, (HPDF_REAL)x, (HPDF_REAL)(y - 4), (HPDF_REAL)(lw + 6),
			    (HPDF_REAL)(label + 5));
	HPDF_Page_Stroke(p->page);
}

static int new_page(struct pdf *p)
{
	if (p->page) { /* the last page's table borders */
		pdf_ops_stroke_grid(&p->ops, 0.5);
		if (pdf_ops_flush(&p->ops))
			p->oom = true;
	}
	if (p->oom)
		return error_set(p->err, ERR_IO, "out of memory");
	if (vec_reserve(&p->pages, &p->cap_pages, p->page_no + 1, sizeof *p->pages))
		return error_set(p->err, ERR_IO, "out of memory");
	p->page = HPDF_AddPage(p->pdf);
	if (!p->page)
		return -1;
	p->pages[p->page_no] = p->page;
	pdf_ops_page(&p->ops, p->page);
	HPDF_Page_SetSize(p->page, p->a3 ? HPDF_PAGE_SIZE_A3 : HPDF_PAGE_SIZE_A4,
			  p->orientation == ORIENT_LANDSCAPE ? HPDF_PAGE_LANDSCAPE : HPDF_PAGE_PORTRAIT);
	p->page_w = HPDF_Page_GetWidth(p->page);
	p->page_h = HPDF_Page_GetHeight(p->page);
	p->page_no++;
	p->y = p->page_h - p->top;
	if (p->doc->draft && p->doc->draft_mark && p->doc->draft_mark[0])
		draw_draft_mark(p);
	HPDF_Page_SetGrayFill(p->page, 0);
	HPDF_Page_SetGrayStroke(p->page, 0);
	if (p->page_no >= 2) {
		/* Decree 30: page numbers centred in the top margin, from page 2 on. */
		char num[16];
		double size = p->doc->page.body_size_pt > 0 ? p->doc->page.body_size_pt : 12;
		snprintf(num, sizeof num, "%d", p->page_no);
		double w = metrics_width(p->m, FACE_REGULAR, size, num);
		draw_text(p, FACE_REGULAR, size, (p->page_w - w) / 2, p->page_h - p->top / 2 - size / 3, num);
	}
	return p->status ? -1 : 0;
}

/* ---- paragraphs ---------------------------------------------------------------- */

/* Height of a paragraph wrapped to the text width; -1 on out of memory. */
static double paragraph_height(struct pdf *p, const struct paragraph *par, int *n_lines, char ***lines)
{
	double w = p->page_w - p->left - p->right;
	int n = wrap_text(p->m, face_of(par->style), par->size_pt, par->text, w, lines);
	if (n < 0)
		return -1;
	*n_lines = n;
	return n * par->size_pt * LEADING + (par->rule_after ? 8 : 0) + PARAGRAPH_GAP;
}

static int draw_paragraphs(struct pdf *p, const struct paragraph *list, int n, bool new_page_if_needed)
{
	double w = p->page_w - p->left - p->right;
	for (int i = 0; i < n; i++) {
		const struct paragraph *par = &list[i];
		char **lines = NULL;
		int n_lines = 0;
		double h = paragraph_height(p, par, &n_lines, &lines);
		if (h < 0)
			return error_set(p->err, ERR_IO, "out of memory");
		if (new_page_if_needed && p->y - h < p->bottom && new_page(p)) {
			wrap_free(lines, n_lines);
			return -1;
		}
		enum face face = face_of(par->style);
		double used = draw_lines(p, (const char *const *)lines, n_lines, face, par->size_pt,
					 par->style.align, p->left, w, p->y, NULL);
		if (par->rule_after) {
			/* A short rule under the line, a third of the longest line's width. */
			double widest = 0;
			for (int k = 0; k < n_lines; k++) {
				double lw = metrics_width(p->m, face, par->size_pt, lines[k]);
				widest = lw > widest ? lw : widest;
			}
			double rule = widest / 3, ry = p->y - used - 4;
			HPDF_Page_SetLineWidth(p->page, 0.5f);
			HPDF_Page_MoveTo(p->page, (HPDF_REAL)(p->left + (w - rule) / 2), (HPDF_REAL)ry);
			HPDF_Page_LineTo(p->page, (HPDF_REAL)(p->left + (w + rule) / 2), (HPDF_REAL)ry);
			HPDF_Page_Stroke(p->page);
		}
		p->y -= h;
		wrap_free(lines, n_lines);
	}
	return p->status ? -1 : 0;
}

/* ---- the table: widths and heights ------------------------------------------------ */

static double cell_size(const struct pdf *p, const struct table *t, int row)
{
	return t->rows[row].kind == ROW_HEADER ? p->header_size : p->body_size;
}

/* Whether a cell may wrap: text cells that say so; numbers never. */
static bool cell_wraps(const struct table *t, int row, const struct table_cell *cell)
{
	return cell->type == CELL_TEXT && (cell->style.wrap || t->rows[row].kind == ROW_HEADER);
}

/* Sum of the widths of the printed columns in [col, col+span). */
static double span_width(const struct pdf *p, int col, int span)
{
	double w = 0;
	for (int c = col; c < col + span; c++)
		w += p->col_w[c];
	return w;
}

static int printed_in_span(const struct table *t, int col, int span)
{
	int n = 0;
	for (int c = col; c < col + span; c++)
		n += t->cols[c].printed;
	return n;
}

/*
 * The narrowest width (text + padding) at which column c's own header cells
 * (those spanning only it) wrap into at most `lines` lines.
 */
static double header_width_for(struct pdf *p, int c, int lines, double lo, double hi)
{
	const struct table *t = p->t;
	double need = lo;
	for (int r = 0; r < t->n_rows && t->rows[r].kind == ROW_HEADER; r++) {
		const struct table_cell *cell = table_cell(t, r, c);
		if (cell->covered || cell->type != CELL_TEXT || printed_in_span(t, c, cell->col_span) != 1)
			continue;
		double a = need, b = hi;
		if (wrap_text(p->m, FACE_BOLD, p->header_size, cell->text, b - 2 * PAD_X, NULL) > lines)
			continue; /* cannot be done within hi */
		for (int i = 0; i < 24 && b - a > 0.25; i++) {
			double mid = (a + b) / 2;
			if (wrap_text(p->m, FACE_BOLD, p->header_size, cell->text, mid - 2 * PAD_X, NULL) <=
			    lines)
				b = mid;
			else
				a = mid;
		}
		need = fmax(need, b);
	}
	return need;
}

/*
 * The narrowest width at which a locality's name wraps into at most two
 * lines, in font units: the best break at one of its spaces. Greedy
 * wrapping (wrap_text) at that width needs no more lines than the best
 * break does.
 */
static double two_line_units(struct pdf *p, enum face face, const char *text)
{
	double best = metrics_units(p->m, face, text);
	size_t len = strlen(text);
	char *copy = malloc(len + 1);
	if (!copy) {
		p->oom = true;
		return best;
	}
	for (size_t i = 1; i < len; i++) {
		if (text[i] != ' ' || text[i - 1] == ' ')
			continue;
		size_t j = i;
		while (text[j] == ' ')
			j++;
		memcpy(copy, text, i);
		copy[i] = '\0';
		best = fmin(best, fmax(metrics_units(p->m, face, copy), metrics_units(p->m, face, text + j)));
	}
	free(copy);
	return best;
}

/* *max = the larger of it and units (-1: none yet). */
static void take_max(double *max, double units)
{
	*max = *max < 0 ? units : fmax(*max, units);
}

/*
 * One cell into the column units (a cell spanning one column) or the
 * spanning cells; its text is meas->text, measured.
 */
static void add_cell_units(struct pdf *p, int r, int c, const struct measured *m)
{
	const struct table *t = &p->doc->table;
	const struct table_cell *cell = table_cell(t, r, c);
	bool header = t->rows[r].kind == ROW_HEADER;
	double word = cell_wraps(t, r, cell) ? metrics_longest_word_units(p->m, m->face, m->text) : m->one;
	if (cell->col_span > 1) {
		p->meas.spans[p->meas.n_spans++] = (struct span_units){
		    .r = r,
		    .c = c,
		    .one = m->one,
		    .word = word,
		    .two = cell->type == CELL_TEXT ? two_line_units(p, m->face, m->text) : -1,
		    .word_bold = metrics_longest_word_units(p->m, FACE_BOLD, m->text)};
		return;
	}
	struct column_units *u = &p->meas.cu[c];
	take_max(header ? &u->h_word : &u->b_word, word);
	take_max(header ? &u->h_one : &u->b_one, m->one);
	if (!header && t->cols[c].is_label && cell->type == CELL_TEXT)
		take_max(&u->b_two, two_line_units(p, m->face, m->text));
}

/*
 * Measures every cell of the document's table once, in font units (a
 * width at size s is units * s / 1000, exactly what metrics_width gives):
 * the layout tries many sizes, papers and bands, and draws each row once
 * per band. Returns 0, or -1 with err (out of memory).
 */
static int measure_cells(struct pdf *p)
{
	const struct table *t = &p->doc->table;
	size_t n = (size_t)t->n_rows * (size_t)t->n_cols, *at = calloc(n + 1, sizeof *at);
	struct buf nums = {0};
	p->meas.cell = calloc(n + 1, sizeof *p->meas.cell);
	p->meas.cu = malloc(((size_t)t->n_cols + 1) * sizeof *p->meas.cu);
	p->meas.spans = malloc((n + 1) * sizeof *p->meas.spans);
	bool ok = at && p->meas.cell && p->meas.cu && p->meas.spans && buf_append(&nums, "", 0) == 0;
	/* The numbers formatted, one after the other (their place: at[]), then the pointers. */
	for (int r = 0; ok && r < t->n_rows; r++)
		for (int c = 0; ok && c < t->n_cols; c++) {
			const struct table_cell *cell = table_cell(t, r, c);
			char buf[64];
			if (cell->covered || cell->type != CELL_NUMBER)
				continue;
			at[(size_t)r * t->n_cols + c] = nums.len + 1;
			const char *text = number_format_vi(cell->units, cell->format, buf, sizeof buf);
			ok = buf_append(&nums, text, strlen(text) + 1) == 0;
		}
	for (int c = 0; ok && c < t->n_cols; c++)
		p->meas.cu[c] = (struct column_units){-1, -1, -1, -1, -1};
	for (int r = 0; ok && r < t->n_rows; r++)
		for (int c = 0; c < t->n_cols; c++) {
			const struct table_cell *cell = table_cell(t, r, c);
			struct measured *m = &p->meas.cell[(size_t)r * t->n_cols + c];
			size_t i = at[(size_t)r * t->n_cols + c];
			if (cell->covered)
				continue;
			m->text = i ? nums.s + i - 1 : cell->type == CELL_TEXT ? cell->text : "";
			m->face = t->rows[r].kind == ROW_HEADER ? FACE_BOLD : face_of(cell->style);
			m->one = metrics_units(p->m, m->face, m->text);
			size_t len = strlen(m->text);
			m->plain = !strchr(m->text, '\n') && m->text[0] != ' ' &&
				   (len == 0 || m->text[len - 1] != ' ');
			add_cell_units(p, r, c, m);
		}
	free(at);
	p->meas.text = ok ? buf_detach(&nums) : NULL;
	if (!ok || !p->meas.text) {
		buf_free(&nums);
		return error_set(p->err, ERR_IO, "out of memory");
	}
	return p->oom ? error_set(p->err, ERR_IO, "out of memory") : 0;
}

/* *need = the larger of it and a width of `units` at size, with padding and extra; units -1: none. */
static void need_max(double *need, double units, double size, double extra)
{
	if (units >= 0)
		*need = fmax(*need, units * size / 1000.0 + 2 * PAD_X + extra);
}

/*
 * A cell spanning several columns of which p->t prints one: it counts in
 * that column as a cell of its own does.
 */
static void cut_span_needs(struct pdf *p, const struct span_units *s, double *word, double *body,
			   double *whole)
{
	const struct table *t = p->t;
	int col = s->c; /* the one printed column of the span */
	while (!t->cols[col].printed)
		col++;
	bool header = t->rows[s->r].kind == ROW_HEADER;
	double size = cell_size(p, t, s->r);
	double one_line = s->one * size / 1000.0 + 2 * PAD_X;
	double longest = s->word * size / 1000.0 + 2 * PAD_X;
	if (!header && t->cols[col].is_label && s->two >= 0)
		longest = fmax(longest, s->two * size / 1000.0 + 2 * PAD_X + 0.01);
	word[col] = fmax(word[col], longest);
	if (!header)
		body[col] = fmax(body[col], one_line);
	whole[col] = fmax(whole[col], one_line);
}

/*
 * What each column needs at the current sizes, in three levels: `word`, the
 * widest unbreakable content (below it text would cross a border; for the
 * name column, its names on two lines); `body`, the body cells on one line
 * (names and numbers unbroken); `whole`, the header on one line too.
 * Computed from the cells' units (measure_cells): the maxima of widths are
 * the widths of the maxima.
 */
static void column_needs(struct pdf *p, double *word, double *body, double *whole)
{
	const struct table *t = p->t;
	int n = t->n_cols;
	double hs = p->header_size, bs = p->body_size;
	for (int c = 0; c < n; c++) {
		const struct column_units *u = &p->meas.cu[c];
		if (!t->cols[c].printed)
			continue;
		need_max(&word[c], u->h_word, hs, 0);
		need_max(&word[c], u->b_word, bs, 0);
		need_max(&word[c], u->b_two, bs, 0.01);
		need_max(&body[c], u->b_one, bs, 0);
		need_max(&whole[c], u->h_one, hs, 0);
		need_max(&whole[c], u->b_one, bs, 0);
	}
	for (int i = 0; i < p->meas.n_spans; i++) {
		const struct span_units *s = &p->meas.spans[i];
		if (printed_in_span(t, s->c, table_cell(t, s->r, s->c)->col_span) == 1)
			cut_span_needs(p, s, word, body, whole);
	}
	/* Spanning cells: their longest word must fit the spanned columns together. */
	for (int i = 0; i < p->meas.n_spans; i++) {
		const struct span_units *s = &p->meas.spans[i];
		int c = s->c, span = table_cell(t, s->r, c)->col_span, k = printed_in_span(t, c, span);
		if (k < 2)
			continue;
		double longest = s->word_bold * cell_size(p, t, s->r) / 1000.0 + 2 * PAD_X, have = 0;
		for (int j = c; j < c + span; j++)
			have += word[j];
		for (int j = c; have < longest && j < c + span; j++)
			if (t->cols[j].printed)
				word[j] += (longest - have) / k;
	}
	for (int c = 0; c < n; c++) {
		body[c] = fmax(body[c], word[c]);
		whole[c] = fmax(whole[c], body[c]);
	}
}

/* STT: a repeated column that is not the label (even_widths keeps its width). */
static bool is_stt(const struct table_column *col)
{
	return col->repeat && !col->is_label;
}

/*
 * Everything fits on one line with width to spare: the spare evens the
 * columns out instead of going to each in proportion (which gave a column
 * with a long one-line header most of it). Each column other than STT (a
 * repeated column that is not the label) may narrow to where its header
 * takes two lines, never below its body on one line; the narrowest are
 * then raised to one common width. STT keeps its width. False when no
 * column can take the spare.
 */
static bool even_widths(struct pdf *p, const double *body, const double *whole, double avail)
{
	const struct table *t = p->t;
	double *need = p->col_w, fixed = 0, lo = 0, hi = avail;
	int movable = 0;
	for (int c = 0; c < t->n_cols; c++) {
		bool stt = is_stt(&t->cols[c]);
		need[c] = !t->cols[c].printed	       ? 0
			  : stt || t->cols[c].is_label ? whole[c]
						       : header_width_for(p, c, 2, body[c], whole[c]);
		if (stt)
			fixed += need[c];
		else if (t->cols[c].printed)
			movable++;
	}
	if (movable == 0)
		return false;
	for (int i = 0; i < 60; i++) { /* the common width w: Σ max(need, w) = what is left */
		double w = (lo + hi) / 2, total = fixed;
		for (int c = 0; c < t->n_cols; c++)
			if (t->cols[c].printed && !is_stt(&t->cols[c]))
				total += fmax(need[c], w);
		if (total > avail)
			hi = w;
		else
			lo = w;
	}
	for (int c = 0; c < t->n_cols; c++)
		if (t->cols[c].printed && !is_stt(&t->cols[c]))
			need[c] = fmax(need[c], lo);
	return true;
}

/*
 * Column widths at the current sizes (column_needs): the width goes to the
 * first level for all columns, then toward the next in proportion to what
 * each still lacks, so the header wraps before a locality's name does.
 * Returns false if even `word` does not fit.
 */
static bool fit_columns(struct pdf *p, double avail)
{
	const struct table *t = p->t;
	int n = t->n_cols;
	double *need = calloc((size_t)n * 3, sizeof *need);
	if (!need) {
		p->oom = true;
		return false;
	}
	double *word = need, *body = need + n, *whole = need + 2 * n;
	column_needs(p, word, body, whole);
	double sum[3] = {0, 0, 0};
	for (int c = 0; c < n; c++) {
		sum[0] += word[c];
		sum[1] += body[c];
		sum[2] += whole[c];
	}
	bool fits = sum[0] <= avail + 1e-6;
	if (sum[1] <= avail && sum[2] > avail) {
		/*
		 * Bodies fit on one line but headers do not: find the fewest header
		 * lines L all columns can have at once, so the header is as short as
		 * the page allows, then share what is left in proportion.
		 */
		double *at = whole; /* reused: the width for L lines */
		for (int lines = 2; lines <= 12; lines++) {
			double total = 0;
			for (int c = 0; c < n; c++) {
				at[c] =
				    t->cols[c].printed ? header_width_for(p, c, lines, body[c], avail) : 0;
				total += at[c];
			}
			if (total <= avail || lines == 12) {
				for (int c = 0; c < n; c++)
					p->col_w[c] = total <= avail
							  ? at[c] + (avail - total) * (at[c] / total)
							  : body[c] + (avail - sum[1]) * (body[c] / sum[1]);
				free(need);
				return true;
			}
		}
	}
	if (sum[2] <= avail && even_widths(p, body, whole, avail)) {
		free(need);
		return true;
	}
	for (int c = 0; c < n; c++) {
		if (sum[2] <= avail)
			p->col_w[c] = whole[c] + (avail - sum[2]) * (whole[c] / sum[2]);
		else if (sum[1] <= avail)
			p->col_w[c] = body[c] + (whole[c] - body[c]) * ((avail - sum[1]) / (sum[2] - sum[1]));
		else if (fits)
			p->col_w[c] = word[c] + (body[c] - word[c]) * ((avail - sum[0]) / (sum[1] - sum[0]));
		else
			p->col_w[c] = word[c];
		if (!t->cols[c].printed)
			p->col_w[c] = 0;
	}
	free(need);
	return fits;
}

static const struct measured *measured(const struct pdf *p, int r, int c)
{
	return &p->meas.cell[(size_t)r * (size_t)p->doc->table.n_cols + (size_t)c];
}

/*
 * Lines a cell needs at the current widths; -1 on out of memory. With
 * lines not NULL, the lines are stored there (free with wrap_free), or NULL
 * when the cell's text is its one line as it is: so it is for most cells,
 * found without wrapping (a text that fits is one line for wrap_text too).
 */
static int cell_lines(struct pdf *p, const struct table *t, int r, int c, char ***lines)
{
	const struct table_cell *cell = table_cell(t, r, c);
	const struct measured *m = measured(p, r, c);
	double width = span_width(p, c, cell->col_span) - 2 * PAD_X, size = cell_size(p, t, r);
	bool wraps = cell_wraps(t, r, cell);
	if (lines)
		*lines = NULL;
	if (m->plain && (!wraps || m->one * size / 1000.0 <= width))
		return 1;
	if (!wraps)
		width = 1e9; /* numbers never wrap: their column was made wide enough */
	return wrap_text(p->m, m->face, size, m->text, width, lines);
}

static int layout_rows(struct pdf *p)
{
	const struct table *t = p->t;
	for (int r = 0; r < t->n_rows; r++)
		p->row_h[r] = cell_size(p, t, r) * LEADING + 2 * PAD_Y;
	/* Cells spanning one row set its height; then taller spanning cells grow their last row. */
	for (int pass = 0; pass < 2; pass++)
		for (int r = 0; r < t->n_rows; r++)
			for (int c = 0; c < t->n_cols; c++) {
				const struct table_cell *cell = table_cell(t, r, c);
				if (cell->covered || !t->cols[c].printed ||
				    (cell->row_span > 1) != (pass == 1))
					continue;
				int n = cell_lines(p, t, r, c, NULL);
				if (n < 0) /* wrap_text fails only when out of memory */
					return error_set(p->err, ERR_IO, "out of memory");
				double need = n * cell_size(p, t, r) * LEADING + 2 * PAD_Y, have = 0;
				int last = r + cell->row_span - 1;
				for (int k = r; k <= last; k++)
					have += p->row_h[k];
				if (need > have)
					p->row_h[last] += need - have;
			}
	return 0;
}

/* ---- the table: paper, type size and column bands ---------------------------------- */

static double text_width(const struct pdf *p)
{
	return p->page_w - p->left - p->right;
}

/* Sets the table's type to `scale` times the template's sizes, never under MIN_SIZE. */
static void set_sizes(struct pdf *p, double scale)
{
	double body = p->doc->page.body_size_pt > 0 ? p->doc->page.body_size_pt : 12;
	double header = p->doc->page.header_size_pt > 0 ? p->doc->page.header_size_pt : body;
	p->header_size = fmax(header * scale, MIN_SIZE);
	p->body_size = fmax(body * scale, MIN_SIZE);
}

/* A4 or A3 in an orientation, as libharu sizes them (HPDF_PAGE_SIZE_A4/A3). */
static void set_paper(struct pdf *p, bool a3, enum orientation o)
{
	double w = a3 ? 841.89 : 595.276, h = a3 ? 1190.551 : 841.89;
	p->a3 = a3;
	p->orientation = o;
	p->page_w = o == ORIENT_LANDSCAPE ? h : w;
	p->page_h = o == ORIENT_LANDSCAPE ? w : h;
}

/*
 * Shrinks the type in 2% steps from the template's sizes down to MIN_SIZE
 * until p->t's narrowest layout fits the text width. Returns whether it does
 * (the sizes and p->col_w are then those of the fitting layout).
 */
static bool shrink_to_fit(struct pdf *p)
{
	for (double scale = 1.0;; scale *= 0.98) {
		set_sizes(p, scale);
		if (fit_columns(p, text_width(p)))
			return true;
		if (p->oom || (p->header_size <= MIN_SIZE && p->body_size <= MIN_SIZE))
			return false;
	}
}

/* The column of the cell whose span covers (r, c). */
static int anchor_col(const struct table *t, int r, int c)
{
	for (int c0 = c; c0 >= 0; c0--)
		for (int r0 = r; r0 >= 0; r0--) {
			const struct table_cell *cell = table_cell(t, r0, c0);
			if (!cell->covered && r0 + cell->row_span > r && c0 + cell->col_span > c)
				return c0;
		}
	return c;
}

/*
 * How bad a band break between printed columns a < b is: the number of
 * header rows with a cell spanning both (0 between two top-level groups).
 */
static int break_cost(const struct table *t, int a, int b)
{
	int n = 0;
	for (int r = 0; r < t->n_rows && t->rows[r].kind == ROW_HEADER; r++)
		n += table_cell(t, r, b)->covered && anchor_col(t, r, b) <= a;
	return n;
}

/* Makes p->band print the repeated columns and the columns [lo, hi] of the table; p->t = &p->band. */
static void select_band(struct pdf *p, int lo, int hi)
{
	const struct table *t = &p->doc->table;
	for (int c = 0; c < t->n_cols; c++)
		p->band.cols[c].printed = t->cols[c].printed && (t->cols[c].repeat || (c >= lo && c <= hi));
	p->t = &p->band;
}

/*
 * The band starting at the movable column mv[i], given each column's
 * narrowest width: as many columns as fit beside the repeated ones, ending
 * at the cheapest break (break_cost) among those that fill at least half of
 * that, the farthest of equals; then cut back until the band really fits
 * (fit_columns: spanning header cells cut to the band). Returns its end
 * (exclusive) in mv.
 */
static int band_end(struct pdf *p, const int *mv, int n_mv, int i, const double *word, double repeated)
{
	const struct table *t = &p->doc->table;
	double avail = text_width(p), used = repeated;
	int reach = i;
	while (reach < n_mv && (reach == i || used + word[mv[reach]] <= avail))
		used += word[mv[reach++]];
	int end = reach;
	if (reach < n_mv) {
		double filled = used - repeated, part = 0;
		int best = INT32_MAX;
		for (int e = i + 1; e <= reach; e++) {
			part += word[mv[e - 1]];
			int cost = e == n_mv ? -1 : break_cost(t, mv[e - 1], mv[e]);
			if (part >= filled / 2 && cost <= best)
				best = cost, end = e;
		}
	}
	for (; end > i + 1; end--) {
		select_band(p, mv[i], mv[end - 1]);
		if (fit_columns(p, avail) || p->oom)
			break;
	}
	return end;
}

/*
 * Splits the table into column bands at the current sizes: the printed
 * columns that are not repeated, in order, over as few bands as fit.
 * Stores them in p->band_lo/band_hi when `store`; returns how many, or -1
 * on out of memory.
 */
static int split_bands(struct pdf *p, bool store)
{
	const struct table *t = &p->doc->table;
	int n = t->n_cols, n_mv = 0, n_bands = 0;
	double *word = calloc((size_t)n * 3, sizeof *word);
	int *mv = calloc((size_t)n, sizeof *mv);
	if (!word || !mv) {
		free(word);
		free(mv);
		return -1;
	}
	p->t = t;
	column_needs(p, word, word + n, word + 2 * n);
	double repeated = 0;
	for (int c = 0; c < n; c++) {
		if (t->cols[c].printed && t->cols[c].repeat)
			repeated += word[c];
		else if (t->cols[c].printed)
			mv[n_mv++] = c;
	}
	for (int i = 0; i < n_mv && !p->oom; n_bands++) {
		int end = band_end(p, mv, n_mv, i, word, repeated);
		if (store) {
			p->band_lo[n_bands] = mv[i];
			p->band_hi[n_bands] = mv[end - 1];
		}
		i = end;
	}
	free(word);
	free(mv);
	return p->oom ? -1 : n_bands;
}

/*
 * Column bands on the largest paper allowed: as few bands as the smallest
 * type gives, at the largest type that still gives that few.
 */
static int plan_bands(struct pdf *p)
{
	const struct table *t = &p->doc->table;
	p->band = *t;
	p->band.cols = malloc((size_t)t->n_cols * sizeof *p->band.cols);
	p->band_lo = calloc((size_t)t->n_cols + 1, sizeof *p->band_lo);
	p->band_hi = calloc((size_t)t->n_cols + 1, sizeof *p->band_hi);
	if (!p->band.cols || !p->band_lo || !p->band_hi)
		return error_set(p->err, ERR_IO, "out of memory");
	memcpy(p->band.cols, t->cols, (size_t)t->n_cols * sizeof *t->cols);
	set_sizes(p, 0);
	int fewest = split_bands(p, false), n = -1;
	if (fewest == 0) { /* nothing but repeated columns: the table as it is, at the smallest type */
		p->n_bands = 1;
		p->t = t;
		return 0;
	}
	for (double scale = 1.0; fewest > 0; scale *= 0.98) {
		set_sizes(p, scale);
		if ((n = split_bands(p, false)) < 0 || n <= fewest ||
		    (p->header_size <= MIN_SIZE && p->body_size <= MIN_SIZE))
			break;
	}
	if (fewest < 0 || n < 0 || (p->n_bands = split_bands(p, true)) < 0)
		return error_set(p->err, ERR_IO, "out of memory");
	return 0;
}

/*
 * The paper and type of the table, in this order of preference: the
 * template's paper and orientation with the type shrinking from its size to
 * MIN_SIZE (names may take two lines first); A4 landscape if the template
 * is portrait; A3 landscape if the template allows it (cho_phep_a3); and
 * else column bands on the last of these. A table is never refused.
 */
static int choose_layout(struct pdf *p)
{
	const struct page_setup *pg = &p->doc->page;
	struct {
		bool a3;
		enum orientation o;
	} paper[3] = {{false, pg->orientation}, {false, ORIENT_LANDSCAPE}, {true, ORIENT_LANDSCAPE}};
	int n = 1;
	if (pg->orientation == ORIENT_PORTRAIT)
		paper[n++] = paper[1];
	if (pg->allow_a3)
		paper[n++] = paper[2];
	p->n_bands = 1;
	for (int i = 0; i < n; i++) {
		set_paper(p, paper[i].a3, paper[i].o);
		p->t = &p->doc->table;
		if (shrink_to_fit(p))
			return 0;
		if (p->oom)
			return error_set(p->err, ERR_IO, "out of memory");
	}
	return plan_bands(p);
}

/* Widths and heights of p->t (the table or its band b) at the chosen sizes. */
static int layout_table(struct pdf *p, int b)
{
	if (p->n_bands > 1)
		select_band(p, p->band_lo[b], p->band_hi[b]);
	else
		p->t = &p->doc->table;
	const struct table *t = p->t;
	double avail = text_width(p);
	fit_columns(p, avail);
	if (p->oom)
		return error_set(p->err, ERR_IO, "out of memory");
	double total = 0;
	for (int c = 0; c < t->n_cols; c++)
		total += p->col_w[c];
	p->table_left = p->left + fmax(0, avail - total) / 2;
	double x = 0;
	p->boundary[t->n_cols] = t->n_cols;
	for (int c = t->n_cols - 1; c >= 0; c--)
		p->boundary[c] = t->cols[c].printed ? c : p->boundary[c + 1];
	for (int c = 0; c <= t->n_cols; c++) {
		p->col_left[c] = p->table_left + x;
		if (c < t->n_cols)
			x += p->col_w[c];
	}
	return layout_rows(p);
}

/* ---- the table: drawing -------------------------------------------------------------- */

/* Height of rows [from, to). */
static double rows_height(const struct pdf *p, int from, int to)
{
	double h = 0;
	for (int r = from; r < to; r++)
		h += p->row_h[r];
	return h;
}

/* The shading and borders of the cells anchored in row r at the top `top`. */
static void row_borders(struct pdf *p, int r, double top)
{
	const struct table *t = p->t;
	int n = t->n_cols;
	for (int c = 0; c < n; c++) {
		const struct table_cell *cell = table_cell(t, r, c);
		double w = span_width(p, c, cell->col_span);
		if (cell->covered || w <= 0)
			continue;
		double h = rows_height(p, r, r + cell->row_span), x = p->col_left[c];
		/* A marked cell (below its target): grey under bold text, clear in black and white */
		if (table_cell_marked(t, r, c))
			pdf_ops_fill(&p->ops, x, top - h, w, h, 0.82);
		/* Its top and left edges; the right one at the table's edge (the bottom: draw_table). */
		pdf_ops_hline(&p->ops, top, x, x + w);
		pdf_ops_vline(&p->ops, p->boundary[c], x, top, top - h);
		if (p->boundary[c + cell->col_span] == n)
			pdf_ops_vline(&p->ops, n, x + w, top, top - h);
	}
}

/* Draws the cells anchored in row r at the top `top`: shading and borders, then the texts in one text object.
 */
static int draw_row(struct pdf *p, int r, double top)
{
	const struct table *t = p->t;
	row_borders(p, r, top);
	pdf_ops_text_begin(&p->ops);
	for (int c = 0; c < t->n_cols; c++) {
		const struct table_cell *cell = table_cell(t, r, c);
		double w = span_width(p, c, cell->col_span);
		if (cell->covered || w <= 0)
			continue;
		double h = rows_height(p, r, r + cell->row_span);
		char **lines = NULL;
		int n = cell_lines(p, t, r, c, &lines);
		if (n < 0)
			return error_set(p->err, ERR_IO, "out of memory");
		const struct measured *m = measured(p, r, c);
		double size = cell_size(p, t, r), block = n * size * LEADING, one = m->one * size / 1000.0;
		enum text_align align = t->rows[r].kind == ROW_HEADER ? ALIGN_CENTER : cell->style.align;
		draw_lines(p, lines ? (const char *const *)lines : &m->text, n, m->face, size, align,
			   p->col_left[c] + PAD_X, w - 2 * PAD_X, top - (h - block) / 2, lines ? NULL : &one);
		wrap_free(lines, n);
	}
	pdf_ops_text_end(&p->ops);
	if (pdf_ops_flush(&p->ops) || p->oom)
		return error_set(p->err, ERR_IO, "out of memory");
	return p->status ? -1 : 0;
}

static int draw_header(struct pdf *p, int n_header)
{
	double top = p->y;
	for (int r = 0; r < n_header; r++) {
		if (draw_row(p, r, top))
			return -1;
		top -= p->row_h[r];
	}
	p->y = top;
	return 0;
}

/* The end of the group of rows starting at r that must stay on one page (merged body cells). */
static int group_end(const struct table *t, int r)
{
	int end = r + 1;
	for (int k = r; k < end; k++)
		for (int c = 0; c < t->n_cols; c++) {
			const struct table_cell *cell = table_cell(t, k, c);
			if (!cell->covered && k + cell->row_span > end)
				end = k + cell->row_span;
		}
	return end > t->n_rows ? t->n_rows : end;
}

/*
 * Where pages break: breaks[r] is true when row r starts a new page (under a
 * repeated header). A row that does not fit goes to the next page; a total
 * row (or a group subtotal) that would open a page takes the row before it
 * along, and a group heading that would close a page goes to the next one. *break_first is
 * set when even the header and the first row do not fit under the
 * paragraphs, so the table starts on a new page.
 */
static void plan_pages(const struct pdf *p, double tail, bool *breaks, bool *break_first)
{
	const struct table *t = p->t;
	int n_header = table_header_rows(t);
	double header_h = rows_height(p, 0, n_header), page_top = p->page_h - p->top;
	double y = p->y;
	*break_first = n_header < t->n_rows && y - header_h - p->row_h[n_header] < p->bottom;
	if (*break_first)
		y = page_top;
	y -= header_h;
	int first_on_page = n_header;
	for (int r = n_header; r < t->n_rows;) {
		int end = group_end(t, r);
		double h = rows_height(p, r, end);
		if (y - h < p->bottom - 0.01 && r > first_on_page) {
			int at = r;
			/* A total or a group's subtotal never opens a page alone: the row before comes along.
			 */
			if ((t->rows[r].kind == ROW_TOTAL || t->rows[r].kind == ROW_SUBTOTAL) &&
			    r - 1 > first_on_page && group_end(t, r - 1) == r)
				at = r - 1;
			/* A group heading never closes a page: it goes over with its first row. */
			if (at - 1 > first_on_page && t->rows[at - 1].kind == ROW_GROUP &&
			    group_end(t, at - 1) == at)
				at = at - 1;
			breaks[at] = true;
			first_on_page = at;
			y = page_top - header_h;
			r = at;
			continue;
		}
		y -= h;
		r = end;
	}
	/* The note under the table never stands alone on a page: the last row and the total come along. */
	int at = t->rows[t->n_rows - 1].kind == ROW_TOTAL ? t->n_rows - 2 : t->n_rows - 1;
	if (at > 0 && t->rows[at - 1].kind == ROW_GROUP)
		at--;
	if (tail > 0 && y - tail < p->bottom - 0.01 && at > first_on_page && group_end(t, at - 1) <= at)
		breaks[at] = true;
}

/* Body rows the last page of a table holds at least, when the page before can spare them. */
#define LAST_PAGE_ROWS 3

/* How many body rows from row r to the end. */
static int body_rows(const struct table *t, int r)
{
	int n = 0;
	for (; r < t->n_rows; r++)
		n += t->rows[r].kind == ROW_BODY;
	return n;
}

/*
 * The last page of a table (or of a band) never holds a single locality
 * under its totals when the page before can give it more: the last break
 * moves up, a whole row group at a time, until that page has
 * LAST_PAGE_ROWS body rows, the page before keeps more than that, and
 * everything still fits. A break never lands on a total or subtotal, nor
 * just after a group heading.
 */
static void fill_last_page(const struct pdf *p, double tail, bool *breaks)
{
	const struct table *t = p->t;
	int n_header = table_header_rows(t), last = -1, before = n_header;
	for (int r = n_header + 1; r < t->n_rows; r++)
		if (breaks[r]) {
			before = last < 0 ? n_header : last;
			last = r;
		}
	double room = p->page_h - p->top - p->bottom - rows_height(p, 0, n_header) - tail;
	for (int at = last; last >= 0 && body_rows(t, last) < LAST_PAGE_ROWS;) {
		int cand = -1;
		for (int r = before; r < at; r = group_end(t, r))
			cand = r; /* the start of the row group just above `at` */
		if (cand <= before + LAST_PAGE_ROWS || rows_height(p, cand, t->n_rows) > room + 0.01)
			return;
		at = cand;
		enum row_kind k = t->rows[at].kind;
		if (k == ROW_TOTAL || k == ROW_SUBTOTAL || t->rows[at - 1].kind == ROW_GROUP)
			continue; /* no break here: the group above comes along too */
		breaks[last] = false;
		breaks[at] = true;
		last = at;
	}
}

/* Draws p->t; `tail`: the height that must follow its last row on the same page (the note), or 0. */
static int draw_table(struct pdf *p, double tail)
{
	const struct table *t = p->t;
	int n_header = table_header_rows(t);
	bool *breaks = calloc((size_t)t->n_rows + 1, sizeof *breaks), break_first = false;
	if (!breaks)
		return error_set(p->err, ERR_IO, "out of memory");
	plan_pages(p, tail, breaks, &break_first);
	fill_last_page(p, tail, breaks);
	int rc = (break_first && new_page(p)) || draw_header(p, n_header) ? -1 : 0;
	double left = p->col_left[0], right = p->col_left[t->n_cols];
	for (int r = n_header; rc == 0 && r < t->n_rows; r++) {
		if (breaks[r]) { /* the page's last row closes with the bottom border */
			pdf_ops_hline(&p->ops, p->y, left, right);
			if (new_page(p) || draw_header(p, n_header)) {
				rc = -1;
				break;
			}
		}
		if (draw_row(p, r, p->y))
			rc = -1;
		p->y -= p->row_h[r];
	}
	free(breaks);
	if (rc == 0) {
		pdf_ops_hline(&p->ops, p->y, left, right);
		pdf_ops_stroke_grid(&p->ops, 0.5);
		if (pdf_ops_flush(&p->ops))
			rc = error_set(p->err, ERR_IO, "out of memory");
	}
	return rc;
}

/* ---- charts (pdf_chart.c), each on pages of its own after the table ---- */

static int chart_page(void *ctx, HPDF_Page *page, double *width, double *height)
{
	struct pdf *p = ctx;
	if (new_page(p))
		return -1;
	*page = p->page;
	*width = p->page_w;
	*height = p->page_h;
	return 0;
}

static void chart_text(void *ctx, enum face face, double size, double x, double baseline, const char *text)
{
	draw_text(ctx, face, size, x, baseline, text);
}

static int draw_charts(struct pdf *p)
{
	struct pdf_canvas cv = {.m = p->m,
				.text = chart_text,
				.left = p->left,
				.right = p->right,
				.top = p->top,
				.bottom = p->bottom,
				.new_page = chart_page,
				.ctx = p};
	for (int i = 0; i < p->doc->n_charts; i++)
		if (pdf_chart_draw(&cv, p->doc, &p->doc->charts[i], p->err))
			return -1;
	return p->status ? -1 : 0;
}

/* ---- the whole document ------------------------------------------------------------- */

/*
 * What every layout needs: the margins, the arrays of widths and heights,
 * the cells measured. Returns 0, or -1 with err (out of memory).
 */
static int prepare_layout(struct pdf *p)
{
	const struct document *doc = p->doc;
	size_t n = (size_t)doc->table.n_cols + 1;
	p->left = doc->page.margin_left_mm * MM;
	p->right = doc->page.margin_right_mm * MM;
	p->top = doc->page.margin_top_mm * MM;
	p->bottom = doc->page.margin_bottom_mm * MM;
	/* col_w, col_left and row_h in one block */
	p->col_w = calloc(2 * n + (size_t)doc->table.n_rows + 1, sizeof *p->col_w);
	p->boundary = calloc(n, sizeof *p->boundary);
	if (!p->col_w || !p->boundary)
		return error_set(p->err, ERR_IO, "out of memory");
	p->col_left = p->col_w + n;
	p->row_h = p->col_left + n;
	return measure_cells(p);
}

static void measurements_free(struct measurements *m)
{
	free(m->cell);
	free(m->text);
	free(m->cu);
	free(m->spans);
}

/* Frees what a render allocated (not p->pdf); the metrics when they are its own. */
static void release(struct pdf *p, const struct font_files *fonts)
{
	free(p->col_w); /* with col_left and row_h */
	free(p->boundary);
	free(p->band.cols);
	pdf_plan_free(&(struct pdf_plan){.band_lo = p->band_lo, .band_hi = p->band_hi});
	measurements_free(&p->meas);
	pdf_ops_free(&p->ops);
	free(p->pages);
	for (int f = 0; f < FACE_COUNT; f++)
		free(p->drawn[f]);
	if (p->m != fonts->metrics)
		metrics_close(p->m);
}

static int draw_document(struct pdf *p, const struct font_files *fonts, const char *path)
{
	const struct document *doc = p->doc;
	const struct table *t = &doc->table;
	int printed = 0;
	for (int c = 0; c < t->n_cols; c++)
		printed += t->cols[c].printed;
	if (printed == 0)
		return error_set(p->err, ERR_IO, "the table has no printed column");
	if (load_fonts(p, fonts))
		return -1;
	enum face face;
	uint32_t missing = missing_glyph(p, &face);
	if (missing) {
		const char *font = face == FACE_BOLD	 ? fonts->bold
				   : face == FACE_ITALIC ? fonts->italic
							 : fonts->regular;
		return error_set(p->err, ERR_IO, "cannot write %s: the font %s has no glyph for U+%04X", path,
				 font, (unsigned)missing);
	}
	set_metadata(p);
	if (p->oom)
		return error_set(p->err, ERR_IO, "out of memory");
	if (prepare_layout(p) || choose_layout(p) || new_page(p))
		return -1;
	if (draw_paragraphs(p, doc->before, doc->n_before, true))
		return -1;
	p->y -= 4;	 /* a little air between the heading block and the table */
	double tail = 0; /* the note's first paragraph, kept with the table's end */
	if (doc->n_after > 0) {
		char **lines = NULL;
		int n_lines = 0;
		tail = paragraph_height(p, &doc->after[0], &n_lines, &lines);
		wrap_free(lines, n_lines);
		if (tail < 0)
			return error_set(p->err, ERR_IO, "out of memory");
		tail += 6;
	}
	for (int b = 0; b < p->n_bands; b++) /* each band from a page of its own */
		if ((b > 0 && new_page(p)) || layout_table(p, b) ||
		    draw_table(p, b == p->n_bands - 1 ? tail : 0))
			return -1;
	p->y -= 6;
	if (draw_paragraphs(p, doc->after, doc->n_after, true) || draw_charts(p))
		return -1;
	return p->oom || pdf_ops_flush(&p->ops) ? error_set(p->err, ERR_IO, "out of memory") : 0;
}

/* Moves the layout choose_layout made into *plan (band_lo/band_hi change owner). */
static void take_plan(struct pdf *p, struct pdf_plan *plan)
{
	*plan = (struct pdf_plan){.a3 = p->a3,
				  .orientation = p->orientation,
				  .n_bands = p->n_bands,
				  .band_lo = p->band_lo,
				  .band_hi = p->band_hi};
	p->band_lo = p->band_hi = NULL;
}

int render_pdf_planned(const struct document *doc, const struct font_files *fonts, const char *path,
		       struct pdf_plan *plan, struct error *err)
{
	struct pdf p = {.doc = doc, .err = err};
	err->kind = ERR_NONE;
	if (plan)
		*plan = (struct pdf_plan){0};
	p.m = fonts->metrics ? fonts->metrics : metrics_open(fonts, err);
	if (!p.m)
		return -1;
	p.pdf = HPDF_New(on_error, &p);
	int rc = -1;
	if (!p.pdf || pdf_ops_init(&p.ops, doc->table.n_cols + 1)) {
		error_set(err, ERR_IO, "out of memory");
		if (p.pdf)
			HPDF_Free(p.pdf);
	} else {
		HPDF_SetCompressionMode(p.pdf,
					HPDF_COMP_IMAGE | HPDF_COMP_METADATA); /* pages: deflate_pages */
		if (draw_document(&p, fonts, path) == 0 && !p.status && finish_fonts(&p) == 0 &&
		    deflate_pages(&p) == 0 && HPDF_SaveToFile(p.pdf, path) == HPDF_OK && !p.status)
			rc = 0;
		else
			failed(&p, path, "libharu failed");
		HPDF_Free(p.pdf);
	}
	if (rc == 0 && plan)
		take_plan(&p, plan);
	release(&p, fonts);
	return rc;
}

int render_pdf_plan(const struct document *doc, const struct font_files *fonts, struct pdf_plan *plan,
		    struct error *err)
{
	struct pdf p = {.doc = doc, .err = err};
	*plan = (struct pdf_plan){0};
	err->kind = ERR_NONE;
	p.m = fonts->metrics ? fonts->metrics : metrics_open(fonts, err);
	if (!p.m)
		return -1;
	int rc = prepare_layout(&p) || choose_layout(&p) ? -1 : 0;
	if (rc == 0)
		take_plan(&p, plan);
	release(&p, fonts);
	return rc;
}

void pdf_plan_free(struct pdf_plan *plan)
{
	free(plan->band_lo);
	free(plan->band_hi);
	*plan = (struct pdf_plan){0};
}
