/*
 * pdf_ops.c — text and table borders written straight into a page's
 * content stream, with short numbers, shared text objects and border runs
 * (see pdf_ops.h for why).
 */
#include "render/pdf_ops.h"

#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int pdf_ops_init(struct pdf_ops *o, int n_boundaries)
{
	*o = (struct pdf_ops){.tf_face = -1};
	o->v = calloc((size_t)(n_boundaries > 0 ? n_boundaries : 1), sizeof *o->v);
	o->n_v = n_boundaries;
	return o->v ? 0 : -1;
}

void pdf_ops_free(struct pdf_ops *o)
{
	buf_free(&o->out);
	buf_free(&o->grid);
	free(o->v);
	*o = (struct pdf_ops){0};
}

/* Empties b, keeping its storage for the next page. */
static void empty(struct buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

void pdf_ops_page(struct pdf_ops *o, HPDF_Page page)
{
	o->page = page;
	o->in_text = false;
	o->tf_face = -1;
	o->tf_size = 0;
	o->h.open = false;
	for (int i = 0; i < o->n_v; i++)
		o->v[i].open = false;
	empty(&o->out);
	empty(&o->grid);
}

static void put(struct pdf_ops *o, struct buf *b, const char *s, size_t n)
{
	if (!o->oom && buf_append(b, s, n))
		o->oom = true;
}

/* v / scale (scale a power of ten) with no trailing zeros, then `end` (a separator). */
static char *fixed(char *s, int64_t v, int64_t scale, char end)
{
	if (v < 0) {
		*s++ = '-';
		v = -v;
	}
	char digits[24];
	int n = 0;
	int64_t ip = v / scale, frac = v % scale;
	do {
		digits[n++] = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip > 0);
	while (n > 0)
		*s++ = digits[--n];
	if (frac) {
		*s++ = '.';
		for (int64_t d = scale / 10; d > 0 && frac; d /= 10) {
			*s++ = (char)('0' + frac / d);
			frac %= d;
		}
	}
	*s++ = end;
	return s;
}

static int64_t hundredths(double v)
{
	return llround(v * 100);
}

/*
 * v as libharu writes a number, in 0.00001: made a float, to five decimals
 * (HPDF_FToA's arithmetic). Text is placed exactly where libharu placed it,
 * so that text extraction, which lays text out by its position, reads the
 * same as ever.
 */
static int64_t as_libharu(double v)
{
	float f = (float)v;
	bool negative = f < 0;
	float val = negative ? -f : f;
	if (val > 32767)
		val = 32767;
	int32_t ip = (int32_t)(val + 0.000005);
	float frac = (float)(val - ip + 0.000005);
	int32_t fp = (int32_t)(frac * 100000);
	int64_t q = (int64_t)ip * 100000 + fp;
	return negative ? -q : q;
}

/* Sets the font when it is not the text state's already. */
static void set_font(struct pdf_ops *o, enum face face, double size)
{
	if ((int)face == o->tf_face && size == o->tf_size)
		return;
	const char *name = HPDF_Page_GetLocalFontName(o->page, o->font[face]);
	if (!name) {
		o->oom = true;
		return;
	}
	char line[64], *s = line;
	size_t len = strlen(name);
	if (len > 32) {
		o->oom = true;
		return;
	}
	*s++ = '/';
	memcpy(s, name, len);
	s += len;
	*s++ = ' ';
	s = fixed(s, as_libharu(size), 100000, ' ');
	memcpy(s, "Tf\n", 3);
	put(o, &o->out, line, (size_t)(s + 3 - line));
	o->tf_face = (int)face;
	o->tf_size = size;
}

/*
 * (…) Tj: each code point as a 2-byte code, in a literal string, half the
 * bytes of libharu's hex string: the bytes as they are, but for the three
 * that string syntax reserves and a carriage return (which a reader would
 * take for a line end), escaped.
 */
static void show(struct pdf_ops *o, const char *text)
{
	char chunk[260];
	size_t n = 0;
	chunk[n++] = '(';
	for (const char *t = text; *t;) {
		uint32_t c = utf8_next(&t);
		if (c > 0xFFFF)
			c = 0xFFFD;
		unsigned char bytes[2] = {(unsigned char)(c >> 8), (unsigned char)c};
		for (int i = 0; i < 2; i++) {
			unsigned char b = bytes[i];
			if (b == '(' || b == ')' || b == '\\' || b == '\r')
				chunk[n++] = '\\';
			chunk[n++] = b == '\r' ? 'r' : (char)b;
		}
		if (n > sizeof chunk - 8) {
			put(o, &o->out, chunk, n);
			n = 0;
		}
	}
	memcpy(chunk + n, ") Tj\n", 5);
	put(o, &o->out, chunk, n + 5);
}

void pdf_ops_text_begin(struct pdf_ops *o)
{
	if (o->in_text)
		return;
	put(o, &o->out, "BT\n", 3);
	o->in_text = true;
	o->tx = o->ty = 0;
}

void pdf_ops_text_end(struct pdf_ops *o)
{
	if (!o->in_text)
		return;
	put(o, &o->out, "ET\n", 3);
	o->in_text = false;
}

void pdf_ops_text(struct pdf_ops *o, enum face face, double size, double x, double baseline, const char *text)
{
	if (!text[0])
		return;
	bool own = !o->in_text;
	set_font(o, face, size);
	pdf_ops_text_begin(o);
	int64_t xq = as_libharu(x), yq = as_libharu(baseline);
	char line[64], *s = fixed(line, xq - o->tx, 100000, ' ');
	s = fixed(s, yq - o->ty, 100000, ' ');
	memcpy(s, "Td\n", 3);
	put(o, &o->out, line, (size_t)(s + 3 - line));
	o->tx = xq;
	o->ty = yq;
	show(o, text);
	if (own)
		pdf_ops_text_end(o);
}

void pdf_ops_text_rotated(struct pdf_ops *o, enum face face, double size, double c, double s, double x,
			  double y, double grey, const char *text)
{
	int saved_face = o->tf_face;
	double saved_size = o->tf_size;
	char line[160], *p = line;
	memcpy(p, "q\n", 2);
	p = fixed(p + 2, llround(grey * 100), 100, ' ');
	memcpy(p, "g\n", 2);
	put(o, &o->out, line, (size_t)(p + 2 - line));
	o->tf_face = -1; /* inside q … Q: set it, and forget it after */
	set_font(o, face, size);
	pdf_ops_text_begin(o);
	p = fixed(line, as_libharu(c), 100000, ' ');
	p = fixed(p, as_libharu(s), 100000, ' ');
	p = fixed(p, as_libharu(-s), 100000, ' ');
	p = fixed(p, as_libharu(c), 100000, ' ');
	p = fixed(p, as_libharu(x), 100000, ' ');
	p = fixed(p, as_libharu(y), 100000, ' ');
	memcpy(p, "Tm\n", 3);
	put(o, &o->out, line, (size_t)(p + 3 - line));
	show(o, text);
	pdf_ops_text_end(o);
	put(o, &o->out, "Q\n", 2);
	o->tf_face = saved_face;
	o->tf_size = saved_size;
}

void pdf_ops_fill(struct pdf_ops *o, double x, double y, double w, double h, double grey)
{
	char line[128], *s = fixed(line, llround(grey * 100), 100, ' ');
	memcpy(s, "g\n", 2);
	s = fixed(s + 2, hundredths(x), 100, ' ');
	s = fixed(s, hundredths(y), 100, ' ');
	s = fixed(s, hundredths(w), 100, ' ');
	s = fixed(s, hundredths(h), 100, ' ');
	memcpy(s, "re\nf\n0 g\n", 9);
	put(o, &o->out, line, (size_t)(s + 9 - line));
}

/* The run as a line of the grid's path; horizontal: at is y, else x. */
static void emit(struct pdf_ops *o, struct pdf_run *r, bool horizontal)
{
	if (!r->open)
		return;
	char line[128], *s = line;
	s = fixed(s, horizontal ? r->a0 : r->at, 100, ' ');
	s = fixed(s, horizontal ? r->at : r->a0, 100, ' ');
	memcpy(s, "m ", 2);
	s = fixed(s + 2, horizontal ? r->a1 : r->at, 100, ' ');
	s = fixed(s, horizontal ? r->at : r->a1, 100, ' ');
	memcpy(s, "l\n", 2);
	put(o, &o->grid, line, (size_t)(s + 2 - line));
	r->open = false;
}

/* Extends run r by [a0, a1] at `at` when they touch or overlap; else emits r and starts it again. */
static void extend(struct pdf_ops *o, struct pdf_run *r, bool horizontal, int64_t at, int64_t a0, int64_t a1)
{
	if (r->open && r->at == at && a0 <= r->a1 && a1 >= r->a0) {
		r->a0 = a0 < r->a0 ? a0 : r->a0;
		r->a1 = a1 > r->a1 ? a1 : r->a1;
		return;
	}
	emit(o, r, horizontal);
	*r = (struct pdf_run){.open = true, .at = at, .a0 = a0, .a1 = a1};
}

void pdf_ops_hline(struct pdf_ops *o, double y, double x0, double x1)
{
	extend(o, &o->h, true, hundredths(y), hundredths(x0), hundredths(x1));
}

void pdf_ops_vline(struct pdf_ops *o, int boundary, double x, double top, double bottom)
{
	if (boundary < 0 || boundary >= o->n_v)
		return;
	extend(o, &o->v[boundary], false, hundredths(x), hundredths(bottom), hundredths(top));
}

void pdf_ops_stroke_grid(struct pdf_ops *o, double line_width)
{
	emit(o, &o->h, true);
	for (int i = 0; i < o->n_v; i++)
		emit(o, &o->v[i], false);
	if (o->grid.len == 0)
		return;
	pdf_ops_text_end(o);
	char line[32], *s = line;
	memcpy(s, "q\n", 2);
	s = fixed(s + 2, hundredths(line_width), 100, ' ');
	memcpy(s, "w\n2 J\n", 6);
	put(o, &o->out, line, (size_t)(s + 6 - line));
	put(o, &o->out, o->grid.s, o->grid.len);
	put(o, &o->out, "S\nQ\n", 4);
	empty(&o->grid);
}

int pdf_ops_flush(struct pdf_ops *o)
{
	if (o->oom)
		return -1;
	if (o->out.len == 0)
		return 0;
	HPDF_PageAttr attr = (HPDF_PageAttr)o->page->attr;
	HPDF_STATUS rc = HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)o->out.s, (HPDF_UINT)o->out.len);
	empty(&o->out);
	return rc == HPDF_OK ? 0 : -1;
}
