/*
 * metrics.c — text widths from the TrueType advance widths (via libharu's
 * font loader, so they equal what libharu writes into the PDF) and greedy
 * line breaking on top of them. See metrics.h.
 */
#include "layout/metrics.h"
#include "layout/font_check.h"
#include "layout/font_load.h"

#include "base/vec.h"
#include "input/decode.h"

#include <errno.h>
#include <hpdf.h>
#include <hpdf_fontdef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CACHED_CODES 0x2000 /* Latin and Vietnamese; above it widths are looked up each time */
#define NOT_CACHED   INT16_MIN

struct metrics {
	HPDF_Doc pdf; /* owns the font definitions; never saved */
	HPDF_FontDef face[FACE_COUNT];
	/*
	 * Widths already looked up. libharu finds a width by walking the cmap
	 * for the glyph, then its metrics; layout asks for the same few hundred
	 * characters tens of thousands of times. Filled as asked (the pointer
	 * is what is const in a const struct metrics, not what it points to).
	 */
	int16_t *width; /* [FACE_COUNT * CACHED_CODES] */
};

static void ignore_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
	(void)error_no;
	(void)detail_no;
	(void)user;
}

HPDF_FontDef metrics_load_ttf_bytes(HPDF_Doc doc, const unsigned char *b, size_t n, bool embedding)
{
	/*
	 * libharu 2.3.0 checks none of what it reads: a file that is not a font,
	 * or a font whose counts and offsets lie, overflows its heap.
	 */
	if (font_check_ttf(b, n) || n > UINT32_MAX)
		return NULL;
	HPDF_Stream s = HPDF_MemStream_New(doc->mmgr, 16384);
	if (!s)
		return NULL;
	if (HPDF_Stream_Write(s, b, (HPDF_UINT)n) != HPDF_OK ||
	    HPDF_Stream_Seek(s, 0, HPDF_SEEK_SET) != HPDF_OK) {
		HPDF_Stream_Free(s);
		return NULL;
	}
	/* The definition owns the stream from here, also when loading fails. */
	return HPDF_TTFontDef_Load(doc->mmgr, s, embedding ? HPDF_TRUE : HPDF_FALSE);
}

HPDF_FontDef metrics_load_ttf(HPDF_Doc doc, const char *path, bool embedding)
{
	char *buf = NULL;
	size_t n = 0;
	struct error ignored;
	if (read_file(path, &buf, &n, &ignored))
		return NULL;
	HPDF_FontDef def = metrics_load_ttf_bytes(doc, (const unsigned char *)buf, n, embedding);
	free(buf);
	return def;
}

struct metrics *metrics_open(const struct font_files *fonts, struct error *err)
{
	struct metrics *m = calloc(1, sizeof *m);
	if (!m) {
		error_set(err, ERR_IO, "out of memory");
		return NULL;
	}
	m->pdf = HPDF_New(ignore_error, NULL);
	m->width = malloc(FACE_COUNT * CACHED_CODES * sizeof *m->width);
	if (!m->pdf || !m->width) {
		if (m->pdf)
			HPDF_Free(m->pdf);
		free(m->width);
		free(m);
		error_set(err, ERR_IO, "out of memory");
		return NULL;
	}
	for (int i = 0; i < FACE_COUNT * CACHED_CODES; i++)
		m->width[i] = NOT_CACHED;
	const char *path[FACE_COUNT] = {fonts->regular, fonts->bold, fonts->italic};
	for (int f = 0; f < FACE_COUNT; f++) {
		errno = 0;
		m->face[f] = metrics_load_ttf(m->pdf, path[f], false);
		if (!m->face[f]) {
			error_set(err, ERR_IO, "cannot load the TrueType font %s%s", path[f],
				  errno == ENOMEM ? ": out of memory" : "");
			metrics_close(m);
			return NULL;
		}
	}
	return m;
}

void metrics_close(struct metrics *m)
{
	if (!m)
		return;
	/* Font definitions loaded on their own are not freed by HPDF_Free. */
	for (int f = 0; f < FACE_COUNT; f++)
		if (m->face[f])
			HPDF_FontDef_Free(m->face[f]);
	HPDF_Free(m->pdf);
	free(m->width);
	free(m);
}

uint32_t utf8_next(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;
	uint32_t c = p[0];
	int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
	if (len == 0) {
		(*s)++;
		return 0xFFFD;
	}
	if (len == 1) {
		(*s)++;
		return c;
	}
	c &= 0x3F >> (len - 1);
	for (int i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80) {
			*s += i;
			return 0xFFFD;
		}
		c = (c << 6) | (p[i] & 0x3F);
	}
	*s += len;
	return c;
}

static double char_width(const struct metrics *m, enum face face, uint32_t c)
{
	if (c > 0xFFFF)
		c = 0xFFFD;
	if (c >= CACHED_CODES)
		return HPDF_TTFontDef_GetCharWidth(m->face[face], (HPDF_UINT16)c);
	int16_t *w = &m->width[face * CACHED_CODES + c];
	if (*w == NOT_CACHED)
		*w = HPDF_TTFontDef_GetCharWidth(m->face[face], (HPDF_UINT16)c);
	return *w;
}

/* Width of the first `len` bytes of text, in font units. */
static double units_n(const struct metrics *m, enum face face, const char *text, size_t len)
{
	double units = 0;
	const char *p = text, *end = text + len;
	while (p < end && *p)
		units += char_width(m, face, utf8_next(&p));
	return units;
}

double metrics_units(const struct metrics *m, enum face face, const char *text)
{
	double units = 0;
	for (const char *p = text; *p;)
		units += char_width(m, face, utf8_next(&p));
	return units;
}

double metrics_width(const struct metrics *m, enum face face, double size_pt, const char *text)
{
	return metrics_units(m, face, text) * size_pt / 1000.0;
}

uint32_t metrics_missing_glyph(const struct metrics *m, enum face face, const char *text)
{
	const char *p = text;
	while (*p) {
		uint32_t c = utf8_next(&p);
		if (c < 0x20 || (c >= 0x7F && c < 0xA0))
			continue;
		if (c > 0xFFFF || HPDF_TTFontDef_GetGlyphid(m->face[face], (HPDF_UINT16)c) == 0)
			return c;
	}
	return 0;
}

double metrics_longest_word_units(const struct metrics *m, enum face face, const char *text)
{
	double best = 0;
	const char *p = text;
	while (*p) {
		size_t n = strcspn(p, " \n");
		double w = units_n(m, face, p, n);
		if (w > best)
			best = w;
		p += n;
		p += strspn(p, " \n");
	}
	return best;
}

double metrics_longest_word(const struct metrics *m, enum face face, double size_pt, const char *text)
{
	return metrics_longest_word_units(m, face, text) * size_pt / 1000.0;
}

/* A growing list of lines; only counted when not kept. */
struct lines {
	char **v;
	int n, cap;
	int failed;
	bool keep;
};

static void push_line(struct lines *l, const char *s, size_t len)
{
	if (!l->keep) {
		l->n++;
		return;
	}
	if (l->failed)
		return;
	if (vec_reserve(&l->v, &l->cap, l->n + 1, sizeof *l->v)) {
		l->failed = 1;
		return;
	}
	char *copy = strndup(s, len);
	if (!copy) {
		l->failed = 1;
		return;
	}
	l->v[l->n++] = copy;
}

/* Bytes of the longest prefix of word (len bytes) that fits max_pt; at least one character. */
static size_t fitting_prefix(const struct metrics *m, enum face face, double size_pt, const char *word,
			     size_t len, double max_pt)
{
	const char *p = word, *end = word + len;
	size_t fit = 0;
	double w = 0;
	while (p < end) {
		double cw = char_width(m, face, utf8_next(&p)) * size_pt / 1000.0;
		if (w + cw > max_pt && fit > 0)
			break;
		w += cw;
		fit = (size_t)(p - word);
	}
	return fit;
}

/*
 * Greedy breaking of one paragraph (no '\n' inside). Breaks only at spaces;
 * the spaces at a break are dropped, but runs of spaces between words on one
 * line are kept as typed (a "Kèm theo" line leaves blanks to fill by hand).
 * So a line is a stretch of the text as it is, from its first word to its
 * last; its width is kept in font units as words join it (sums of integer
 * widths: exact, the same as measuring the line again).
 */
static void wrap_paragraph(const struct metrics *m, enum face face, double size_pt, const char *text,
			   size_t len, double max_pt, struct lines *out)
{
	const char *p = text, *end = text + len, *line = NULL, *line_end = NULL;
	double units = 0;
	int emitted = 0;
	while (p < end) {
		const char *gap = p;
		while (p < end && *p == ' ')
			p++;
		if (p == end)
			break;
		const char *w = p;
		while (p < end && *p != ' ')
			p++;
		size_t wlen = (size_t)(p - w);
		double word = units_n(m, face, w, wlen);
		/* The word on the current line, after the spaces that precede it; or on a line of its own. */
		double joined = line ? units + units_n(m, face, gap, (size_t)(w - gap)) + word : word;
		if (joined * size_pt / 1000.0 <= max_pt) {
			if (!line)
				line = w;
			units = joined;
			line_end = p;
			continue;
		}
		if (line) {
			push_line(out, line, (size_t)(line_end - line));
			emitted++;
			line = NULL;
		}
		/* The word alone: cut it while it is too wide. */
		while (wlen > 0 && word * size_pt / 1000.0 > max_pt) {
			size_t cut = fitting_prefix(m, face, size_pt, w, wlen, max_pt);
			push_line(out, w, cut);
			emitted++;
			w += cut;
			wlen -= cut;
			word = units_n(m, face, w, wlen);
		}
		if (wlen > 0) {
			line = w;
			line_end = w + wlen;
			units = word;
		}
	}
	if (line || !emitted)
		push_line(out, line ? line : text, line ? (size_t)(line_end - line) : 0);
}

int wrap_text(const struct metrics *m, enum face face, double size_pt, const char *text, double max_pt,
	      char ***lines)
{
	struct lines out = {.keep = lines != NULL};
	const char *p = text;
	for (;;) {
		size_t n = strcspn(p, "\n");
		wrap_paragraph(m, face, size_pt, p, n, max_pt, &out);
		if (!p[n])
			break;
		p += n + 1;
	}
	if (out.failed) {
		wrap_free(out.v, out.n);
		return -1;
	}
	int n = out.n;
	if (lines)
		*lines = out.v;
	else
		wrap_free(out.v, out.n);
	return n;
}

void wrap_free(char **lines, int n)
{
	if (!lines)
		return;
	for (int i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}
