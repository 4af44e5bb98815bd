/*
 * font_check.c — the checks of font_check.h, one function per table, in the
 * order libharu 2.3.0 parses them (LoadFontData: head, maxp, hhea, cmap,
 * hmtx, loca, name, OS/2, then glyf). Each names what libharu would index
 * or divide with, and how much of the table it reads.
 */
#include "layout/font_check.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

struct table {
	const unsigned char *p; /* inside the file */
	size_t len;
};

struct font {
	const unsigned char *b;
	size_t n;
	struct table cmap, glyf, head, hhea, hmtx, loca, maxp, name, os2, post;
	unsigned num_glyphs, num_h_metrics, loc_format;
};

static unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/*
 * The table directory: every entry inside the file (libharu seeks to any
 * of them when it copies the tables it embeds), the first entry of each
 * tag the one used (libharu's FindTable takes the first).
 */
static const char *read_directory(struct font *f)
{
	static const struct {
		const char *tag;
		size_t at;
	} need[] = {
	    {"cmap", offsetof(struct font, cmap)}, {"glyf", offsetof(struct font, glyf)},
	    {"head", offsetof(struct font, head)}, {"hhea", offsetof(struct font, hhea)},
	    {"hmtx", offsetof(struct font, hmtx)}, {"loca", offsetof(struct font, loca)},
	    {"maxp", offsetof(struct font, maxp)}, {"name", offsetof(struct font, name)},
	    {"OS/2", offsetof(struct font, os2)},  {"post", offsetof(struct font, post)},
	};
	const unsigned char *b = f->b;
	if (f->n < 12 || (be32(b) != 0x00010000 && be32(b) != 0x74727565 /* 'true' */))
		return "not a TrueType file";
	size_t tables = be16(b + 4);
	if (tables == 0 || 12 + 16 * tables > f->n)
		return "table directory outside the file";
	for (size_t i = 0; i < tables; i++) {
		const unsigned char *e = b + 12 + 16 * i;
		uint64_t off = be32(e + 8), len = be32(e + 12);
		if (off + len > f->n)
			return "a table outside the file";
		for (size_t k = 0; k < sizeof need / sizeof *need; k++) {
			struct table *t = (struct table *)((char *)f + need[k].at);
			if (memcmp(e, need[k].tag, 4) == 0 && !t->p)
				*t = (struct table){.p = b + off, .len = (size_t)len};
		}
	}
	for (size_t k = 0; k < sizeof need / sizeof *need; k++)
		if (!((struct table *)((char *)f + need[k].at))->p)
			return "a required table (cmap glyf head hhea hmtx loca maxp name OS/2 post) missing";
	return NULL;
}

/* head: unitsPerEm divides every width and the bounding box; indexToLocFormat chooses loca's entry size. */
static const char *check_head_maxp_hhea(struct font *f)
{
	if (f->head.len < 54)
		return "head table too short";
	unsigned units = be16(f->head.p + 18);
	if (units < 16 || units > 16384)
		return "head unitsPerEm outside 16..16384";
	f->loc_format = be16(f->head.p + 50);
	if (f->loc_format > 1)
		return "head indexToLocFormat neither 0 nor 1";
	if (f->maxp.len < 6)
		return "maxp table too short";
	/* Sizes hmtx and loca's arrays; glyph 0's width is read unconditionally. */
	f->num_glyphs = be16(f->maxp.p + 4);
	if (f->num_glyphs == 0)
		return "maxp numGlyphs is 0";
	if (f->hhea.len < 36)
		return "hhea table too short";
	/* How many metrics libharu writes into an array of numGlyphs. */
	f->num_h_metrics = be16(f->hhea.p + 34);
	if (f->num_h_metrics == 0 || f->num_h_metrics > f->num_glyphs)
		return "hhea numberOfHMetrics not in 1..maxp numGlyphs";
	if (f->hmtx.len < 4 * (size_t)f->num_h_metrics + 2 * (size_t)(f->num_glyphs - f->num_h_metrics))
		return "hmtx table shorter than numGlyphs needs";
	/*
	 * Not a bound libharu needs, but one every font keeps: a width above the
	 * font's own maximum is a damaged hmtx, which would make the layout
	 * refuse the table as too wide for the page, blaming the data.
	 */
	unsigned widest = be16(f->hhea.p + 10);
	for (size_t i = 0; i < f->num_h_metrics; i++)
		if (be16(f->hmtx.p + 4 * i) > widest)
			return "hmtx advance width above hhea advanceWidthMax";
	return NULL;
}

/* loca: numGlyphs + 1 offsets, in order (a glyph's length is the difference), inside glyf. */
static const char *check_loca(const struct font *f)
{
	size_t step = f->loc_format ? 4 : 2;
	if (f->loca.len < step * ((size_t)f->num_glyphs + 1))
		return "loca table shorter than numGlyphs needs";
	uint64_t prev = 0;
	for (size_t i = 0; i <= f->num_glyphs; i++) {
		const unsigned char *p = f->loca.p + step * i;
		uint64_t at = f->loc_format ? be32(p) : 2 * (uint64_t)be16(p);
		if (at < prev)
			return "loca offsets out of order";
		if (at > f->glyf.len)
			return "loca offset past the end of glyf";
		prev = at;
	}
	return NULL;
}

/*
 * The glyph libharu's lookup (HPDF_TTFontDef_GetGlyphid) finds for code in
 * a format 4 subtable that check_cmap4 has found sound up to this point.
 */
static unsigned cmap4_glyph(const unsigned char *s, unsigned code)
{
	size_t seg_x2 = be16(s + 6), seg = seg_x2 / 2, count = (be16(s + 2) - 16 - 4 * seg_x2) / 2;
	const unsigned char *end = s + 14, *start = end + seg_x2 + 2, *delta = start + seg_x2,
			    *range = delta + seg_x2, *glyphs = range + seg_x2;
	size_t i = 0;
	while (code > be16(end + 2 * i))
		i++;
	if (be16(start + 2 * i) > code)
		return 0;
	unsigned ro = be16(range + 2 * i);
	if (ro == 0)
		return (code + be16(delta + 2 * i)) & 0xFFFF;
	uint32_t idx = (uint32_t)(ro / 2) + (code - be16(start + 2 * i)) - (uint32_t)(seg - i);
	return idx >= count ? 0 : (be16(glyphs + 2 * idx) + be16(delta + 2 * i)) & 0xFFFF;
}

/*
 * One format 4 subtable (s, inside cmap up to end). libharu's glyph lookup
 * takes the first segment whose end is >= the code (none if the last does
 * not end at U+FFFF: it reads past its arrays), then, for a segment with an
 * idRangeOffset, the index idRangeOffset/2 + (code - start) - (segCount - i)
 * into the glyph array, refused only when greater than the array's count:
 * an index equal to it reads one past the end (or a NULL array).
 */
static const char *check_cmap4(const unsigned char *s, size_t room, unsigned num_glyphs)
{
	if (room < 16)
		return "cmap subtable too short";
	size_t length = be16(s + 2), seg_x2 = be16(s + 6), seg = seg_x2 / 2;
	if (length > room)
		return "cmap subtable longer than cmap";
	if (seg == 0 || seg_x2 % 2 || length < 16 + 4 * seg_x2)
		return "cmap subtable segment count does not fit its length";
	const unsigned char *end = s + 14, *start = end + seg_x2 + 2, *range = start + 2 * seg_x2;
	int64_t count = (int64_t)(length - 16 - 4 * seg_x2) / 2;
	if (be16(end + 2 * (seg - 1)) != 0xFFFF)
		return "cmap last segment does not end at U+FFFF";
	for (size_t i = 0; i < seg; i++) {
		unsigned lo_code = be16(start + 2 * i), hi_code = be16(end + 2 * i);
		unsigned ro = be16(range + 2 * i);
		if (ro == 0 || lo_code > hi_code)
			continue;
		int64_t lo = (int64_t)(ro / 2) - (int64_t)(seg - i);
		int64_t hi = lo + (hi_code - lo_code);
		if (lo <= count && count <= hi)
			return "cmap segment indexes past its glyph array";
	}
	/* Loading measures 'H' and 'x' through loca without checking the glyph against numGlyphs. */
	if (cmap4_glyph(s, 'H') >= num_glyphs || cmap4_glyph(s, 'x') >= num_glyphs)
		return "cmap maps H or x to a glyph past numGlyphs";
	return NULL;
}

/* cmap: version 0, encoding records inside it; libharu uses the first (3,1) format 4 subtable. */
static const char *check_cmap(const struct font *f)
{
	const struct table *t = &f->cmap;
	if (t->len < 4 || be16(t->p) != 0)
		return "cmap table too short or not version 0";
	size_t records = be16(t->p + 2);
	if (4 + 8 * records > t->len)
		return "cmap encoding records outside cmap";
	for (size_t i = 0; i < records; i++) {
		const unsigned char *r = t->p + 4 + 8 * i;
		uint64_t off = be32(r + 4);
		if (off + 2 > t->len)
			return "cmap subtable outside cmap";
		if (be16(r) == 3 && be16(r + 2) == 1 && be16(t->p + off) == 4)
			return check_cmap4(t->p + off, t->len - (size_t)off, f->num_glyphs);
	}
	return "no Unicode (3,1) format 4 cmap subtable";
}

/* name: the records and the strings they point to (libharu copies all of them into the embedded font). */
static const char *check_name(const struct font *f)
{
	const struct table *t = &f->name;
	if (t->len < 6)
		return "name table too short";
	size_t count = be16(t->p + 2), strings = be16(t->p + 4);
	if (6 + 12 * count > t->len)
		return "name records outside name";
	for (size_t i = 0; i < count; i++) {
		const unsigned char *r = t->p + 6 + 12 * i;
		if (strings + be16(r + 10) + be16(r + 8) > t->len)
			return "a name string outside name";
	}
	return NULL;
}

/* OS/2: libharu reads fsType, sFamilyClass and panose, and from version 1 the code page ranges. */
static const char *check_os2_post(const struct font *f)
{
	if (f->os2.len < 2 || f->os2.len < (be16(f->os2.p) ? 86u : 78u))
		return "OS/2 table too short";
	if (f->post.len < 32)
		return "post table too short";
	return NULL;
}

const char *font_check_ttf(const unsigned char *b, size_t n)
{
	struct font f = {.b = b, .n = n};
	const char *why = read_directory(&f);
	if (!why)
		why = check_head_maxp_hhea(&f);
	if (!why)
		why = check_cmap(&f);
	if (!why)
		why = check_loca(&f);
	if (!why)
		why = check_name(&f);
	if (!why)
		why = check_os2_post(&f);
	return why;
}
