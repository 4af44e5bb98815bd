/*
 * xlsx_first_page.c — a first page without its number in a written workbook
 * (see xlsx_first_page.h), with libzip and zlib: the worksheet part's
 * <headerFooter>, near its end, gets differentFirst="1" and a <firstHeader>,
 * and the package is built again in memory with the new part, then written
 * over the file (no second temporary file beside it).
 *
 * Deflating the whole sheet again was a third of a large workbook's time.
 * Everything before the header is unchanged, so the new part keeps
 * libxlsxwriter's compressed bits up to a code boundary shortly before the
 * header (found with inflate: stopped there, inflateMark says where its
 * code began), ends the deflate block there with the block's own
 * end-of-block code (read from the block's header: splice_eob), and
 * deflates only the rest, with the 32 KiB before the cut as its
 * dictionary; deflatePrime continues the bits where the kept ones end.
 * The part is handed to libzip already compressed, with its CRC. When the
 * stream is not as expected (a stored block, say), the whole sheet is
 * deflated again, as before. The other parts are copied as libxlsxwriter
 * compressed them, each with libxlsxwriter's fixed date, so the output
 * stays byte-identical for identical input.
 */
#include "render/xlsx_first_page.h"

#include "base/vec.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include <zlib.h>

#define SHEET "xl/worksheets/sheet1.xml"
/* The date libxlsxwriter gives every part: 1980-01-01 00:00 in MS-DOS form. */
#define DOS_TIME 0
#define DOS_DATE ((1 << 5) | 1)
/* How far before the sheet's end the cut is first tried: the header comes after the data. */
#define TAIL   4096
#define WINDOW 32768

/* A sheet being rewritten: libxlsxwriter's part and the new one. */
struct sheet {
	unsigned char *raw; /* the part as stored (raw deflate) */
	size_t raw_len;
	char *text; /* the part inflated, NUL-terminated */
	size_t len;
	/* The cut: text[0, at) is kept as raw's first `bit` bits, then eob_len bits of end-of-block code. */
	size_t at, bit;
	unsigned eob, eob_len;
	size_t block; /* the bit where the cut's block begins (its BFINAL bit) */
	/* The new part, compressed, with its CRC-32 and size. */
	unsigned char *out;
	size_t out_len;
	uint32_t crc;
	size_t size;
};

/* ---- where to cut ---- */

struct bits {
	const unsigned char *b;
	size_t n, pos; /* in bits */
	bool over;     /* read past the end */
};

static unsigned get_bits(struct bits *r, int n)
{
	unsigned v = 0;
	for (int i = 0; i < n; i++, r->pos++) {
		if (r->pos / 8 >= r->n) {
			r->over = true;
			return 0;
		}
		v |= (unsigned)((r->b[r->pos / 8] >> (r->pos % 8)) & 1) << i;
	}
	return v;
}

/* A canonical Huffman code given by its lengths: count per length, symbols by code. */
struct huff {
	int count[16];
	int symbol[320];
};

static bool huff_build(struct huff *h, const unsigned char *lengths, int n)
{
	int offs[16];
	memset(h->count, 0, sizeof h->count);
	for (int s = 0; s < n; s++)
		h->count[lengths[s]]++;
	offs[1] = 0;
	for (int l = 1; l < 15; l++)
		offs[l + 1] = offs[l] + h->count[l];
	for (int s = 0; s < n; s++)
		if (lengths[s])
			h->symbol[offs[lengths[s]]++] = s;
	return h->count[0] < n;
}

/* One symbol: the code's bits come first bit first, most significant first. */
static int huff_decode(struct bits *r, const struct huff *h)
{
	int code = 0, first = 0, index = 0;
	for (int l = 1; l < 16; l++) {
		code |= (int)get_bits(r, 1);
		int count = h->count[l];
		if (code - first < count)
			return h->symbol[index + code - first];
		index += count;
		first = (first + count) << 1;
		code <<= 1;
	}
	return -1;
}

/*
 * The end-of-block code of the block whose header starts at bit `at` of
 * raw, reversed into the order it is written in (*len bits). False if the
 * block is not Huffman-coded or its header cannot be read.
 */
static bool block_eob(const unsigned char *raw, size_t n, size_t at, unsigned *eob, unsigned *len)
{
	static const unsigned char order[19] = {16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
						11, 4,	12, 3, 13, 2, 14, 1, 15};
	struct bits r = {.b = raw, .n = n, .pos = at + 1};
	unsigned type = get_bits(&r, 2);
	if (type == 1) { /* fixed codes: end of block is seven zero bits */
		*eob = 0, *len = 7;
		return !r.over;
	}
	if (type != 2)
		return false;
	int n_lit = (int)get_bits(&r, 5) + 257, n_dist = (int)get_bits(&r, 5) + 1,
	    n_len = (int)get_bits(&r, 4) + 4;
	unsigned char lengths[320] = {0};
	for (int i = 0; i < n_len; i++)
		lengths[order[i]] = (unsigned char)get_bits(&r, 3);
	struct huff h;
	if (r.over || n_lit > 286 || !huff_build(&h, lengths, 19))
		return false;
	memset(lengths, 0, sizeof lengths);
	for (int i = 0; i < n_lit + n_dist && !r.over;) {
		int s = huff_decode(&r, &h), repeat = 0, value = 0;
		if (s < 0)
			return false;
		if (s < 16) {
			lengths[i++] = (unsigned char)s;
			continue;
		}
		if (s == 16 && i == 0)
			return false;
		value = s == 16 ? lengths[i - 1] : 0;
		repeat = s == 16   ? 3 + (int)get_bits(&r, 2)
			 : s == 17 ? 3 + (int)get_bits(&r, 3)
				   : 11 + (int)get_bits(&r, 7);
		if (i + repeat > n_lit + n_dist)
			return false;
		while (repeat--)
			lengths[i++] = (unsigned char)value;
	}
	unsigned l = lengths[256];
	if (r.over || l == 0)
		return false;
	/* Canonical code of symbol 256 among the literal/length codes. */
	int count[16] = {0};
	for (int s = 0; s < n_lit; s++)
		count[lengths[s]]++;
	unsigned code = 0;
	count[0] = 0;
	for (unsigned k = 1; k <= l; k++)
		code = (code + (unsigned)count[k - 1]) << 1;
	for (int s = 0; s < 256; s++)
		code += lengths[s] == l;
	*eob = 0;
	for (unsigned k = 0; k < l; k++)
		*eob |= ((code >> k) & 1) << (l - 1 - k);
	*len = l;
	return true;
}

/*
 * Inflates the sheet into s->text, stopping once at output position
 * `target` to note the code boundary there (s->at ≤ target, s->bit, the
 * block it is in). Returns 0; 1 if the stream cannot be cut there (in a
 * stored block, or between blocks: the cut is then at 0, everything
 * deflated again); -1 if it is not a deflate stream of s->len bytes.
 */
static int inflate_noting(struct sheet *s, size_t target)
{
	z_stream z = {0};
	if (inflateInit2(&z, -15) != Z_OK)
		return -1;
	z.next_in = s->raw;
	z.avail_in = (uInt)s->raw_len;
	z.next_out = (unsigned char *)s->text;
	size_t block = 0;
	int rc = Z_OK, cut = 1;
	s->at = s->bit = 0;
	while (rc == Z_OK && z.total_out < target) { /* to the target, a block at a time */
		z.avail_out = (uInt)(target - z.total_out);
		rc = inflate(&z, Z_BLOCK);
		if (rc == Z_OK && (z.data_type & 128))
			block = z.total_in * 8 - (size_t)(z.data_type & 63);
	}
	long mark = rc == Z_OK ? inflateMark(&z) : -65536;
	size_t now = z.total_in * 8 - (size_t)(z.data_type & 63);
	if (rc == Z_OK && mark >= 0) { /* inside a Huffman-coded block's codes */
		s->bit = now - (size_t)(mark >> 16);
		s->at = z.total_out - (size_t)(mark & 0xFFFF);
		s->block = block;
		cut = block_eob(s->raw, s->raw_len, block, &s->eob, &s->eob_len) ? 0 : 1;
	} /* else in a stored block, or just between two blocks (rare): no cut */
	if (cut)
		s->at = s->bit = s->eob_len = 0;
	while (rc == Z_OK) { /* the rest */
		z.avail_out = (uInt)(s->len - z.total_out);
		rc = inflate(&z, Z_NO_FLUSH);
		if (rc == Z_BUF_ERROR && z.avail_out == 0)
			break; /* more than the part said */
	}
	bool whole = rc == Z_STREAM_END && z.total_out == s->len;
	inflateEnd(&z);
	s->text[s->len] = '\0';
	return whole ? cut : -1;
}

/* ---- the new part ---- */

/* Appends s XML-escaped. */
static int append_escaped(struct buf *b, const char *s)
{
	for (; *s; s++) {
		const char *e = *s == '&'   ? "&amp;"
				: *s == '<' ? "&lt;"
				: *s == '>' ? "&gt;"
				: *s == '"' ? "&quot;"
					    : NULL;
		if (e ? buf_append_str(b, e) : buf_append(b, s, 1))
			return -1;
	}
	return 0;
}

/*
 * The sheet's text from `from` on, with differentFirst and the first page's
 * header; open/close: its <headerFooter> and </headerFooter>.
 */
static int new_tail(struct buf *b, const struct sheet *s, size_t from, const char *open, const char *close,
		    const char *first_header)
{
	const char *inner = open + strlen("<headerFooter>");
	int rc = buf_append(b, s->text + from, (size_t)(open - s->text) - from) ||
		 buf_append_str(b, "<headerFooter differentFirst=\"1\">") ||
		 buf_append(b, inner, (size_t)(close - inner));
	if (!rc && first_header && first_header[0])
		rc = buf_append_str(b, "<firstHeader>") || append_escaped(b, first_header) ||
		     buf_append_str(b, "</firstHeader>");
	return rc || buf_append(b, close, s->len - (size_t)(close - s->text)) ? -1 : 0;
}

/*
 * Deflates tail after the kept bits (s->bit bits of s->raw, then the
 * block's end): s->out. Returns 0, or -1 (out of memory or zlib failure).
 */
static int deflate_after_cut(struct sheet *s, const char *tail, size_t tail_len)
{
	size_t keep = s->bit / 8, dict = s->at < WINDOW ? s->at : WINDOW;
	unsigned rest = (unsigned)(s->bit % 8);
	if (s->eob_len && s->block / 8 < s->raw_len)
		s->raw[s->block / 8] &=
		    (unsigned char)~(1u << (s->block % 8)); /* the block is no longer the last */
	z_stream z = {0};
	if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	size_t cap = keep + deflateBound(&z, (uLong)tail_len) + 16;
	s->out = malloc(cap);
	int rc = s->out ? Z_OK : Z_MEM_ERROR;
	if (rc == Z_OK && dict)
		rc = deflateSetDictionary(&z, (const Bytef *)s->text + s->at - dict, (uInt)dict);
	if (rc == Z_OK && rest)
		rc = deflatePrime(&z, (int)rest, s->raw[keep] & ((1 << rest) - 1));
	if (rc == Z_OK && s->eob_len)
		rc = deflatePrime(&z, (int)s->eob_len, (int)s->eob);
	if (rc == Z_OK) {
		memcpy(s->out, s->raw, keep);
		z.next_in = (Bytef *)tail;
		z.avail_in = (uInt)tail_len;
		z.next_out = s->out + keep;
		z.avail_out = (uInt)(cap - keep);
		rc = deflate(&z, Z_FINISH) == Z_STREAM_END ? Z_OK : Z_BUF_ERROR;
	}
	s->out_len = keep + z.total_out;
	deflateEnd(&z);
	if (rc != Z_OK)
		return -1;
	s->crc = (uint32_t)crc32(crc32(0, (const Bytef *)s->text, (uInt)s->at), (const Bytef *)tail,
				 (uInt)tail_len);
	s->size = s->at + tail_len;
	return 0;
}

/*
 * The new part from the inflated one: s->out. Returns 1 when the sheet has
 * no page header (nothing to change), 0 when done, -1 out of memory.
 */
static int rewrite(struct sheet *s, const char *first_header)
{
	const char *open = strstr(s->text, "<headerFooter>"),
		   *close = open ? strstr(open, "</headerFooter>") : NULL;
	if (!close)
		return 1;
	if ((size_t)(open - s->text) < s->at) /* before the cut: everything again */
		s->at = s->bit = s->eob_len = 0;
	struct buf tail = {0};
	int rc = new_tail(&tail, s, s->at, open, close, first_header);
	if (rc == 0)
		rc = deflate_after_cut(s, tail.s, tail.len);
	buf_free(&tail);
	return rc;
}

/* ---- the package ---- */

/* An already deflated part for libzip (xlsx_deflated_part). */
struct part_source {
	unsigned char *bytes;
	size_t len, pos;
	zip_uint64_t size;
	uint32_t crc;
	zip_error_t error;
};

static zip_int64_t part_read(void *user, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct part_source *p = user;
	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		p->pos = 0;
		return 0;
	case ZIP_SOURCE_READ: {
		size_t n = p->len - p->pos < len ? p->len - p->pos : (size_t)len;
		memcpy(data, p->bytes + p->pos, n);
		p->pos += n;
		return (zip_int64_t)n;
	}
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = data;
		zip_stat_init(st);
		st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC |
			    ZIP_STAT_ENCRYPTION_METHOD;
		st->size = p->size;
		st->comp_size = p->len;
		st->comp_method = ZIP_CM_DEFLATE;
		st->encryption_method = ZIP_EM_NONE;
		st->crc = p->crc;
		return sizeof *st;
	}
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&p->error, data, len);
	case ZIP_SOURCE_FREE:
		zip_error_fini(&p->error);
		free(p->bytes);
		free(p);
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
						      ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		zip_error_set(&p->error, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

zip_source_t *xlsx_deflated_part(zip_t *dst, unsigned char *bytes, size_t len, uint64_t size, uint32_t crc)
{
	struct part_source *p = calloc(1, sizeof *p);
	zip_source_t *src = NULL;
	if (p) {
		*p = (struct part_source){.bytes = bytes, .len = len, .size = size, .crc = crc};
		zip_error_init(&p->error);
		src = zip_source_function(dst, part_read, p);
	}
	if (!src) {
		free(bytes);
		free(p);
	}
	return src;
}

/*
 * Every part of src into dst, in order, the sheet (index sheet) replaced by
 * s->out (taken by its source), each with libxlsxwriter's fixed date. The
 * other parts are copied as libxlsxwriter compressed them
 * (ZIP_FL_COMPRESSED). *oom: the sheet's source could not be made.
 */
static bool copy_parts(zip_t *dst, zip_t *src, zip_int64_t sheet, struct sheet *s, bool *oom)
{
	zip_int64_t n = zip_get_num_entries(src, 0);
	bool ok = n > 0;
	for (zip_int64_t i = 0; ok && i < n; i++) {
		const char *name = zip_get_name(src, (zip_uint64_t)i, 0);
		zip_source_t *part = NULL;
		if (name && i == sheet) {
			part = xlsx_deflated_part(dst, s->out, s->out_len, s->size, s->crc);
			s->out = NULL;
			*oom = !part; /* it fails only so */
		} else if (name) {
			part = zip_source_zip(dst, src, (zip_uint64_t)i, ZIP_FL_COMPRESSED, 0, -1);
		}
		zip_int64_t k = part ? zip_file_add(dst, name, part, 0) : -1;
		if (part && k < 0)
			zip_source_free(part);
		ok = k >= 0 && zip_file_set_dostime(dst, (zip_uint64_t)k, DOS_TIME, DOS_DATE, 0) == 0;
	}
	return ok;
}

/* The bytes of a closed in-memory archive into path (truncated first); false on failure (*oom: no memory). */
static bool write_back(zip_source_t *mem, const char *path, bool *oom)
{
	zip_stat_t st;
	if (zip_source_stat(mem, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) || zip_source_open(mem) != 0)
		return false;
	char *bytes = malloc(st.size ? st.size : 1);
	*oom = !bytes;
	bool ok = bytes && zip_source_read(mem, bytes, st.size) == (zip_int64_t)st.size;
	zip_source_close(mem);
	FILE *f = ok ? fopen(path, "wb") : NULL;
	ok = f && fwrite(bytes, 1, st.size, f) == st.size;
	if (f && fclose(f) != 0)
		ok = false;
	free(bytes);
	return ok;
}

/*
 * The package again, in memory, with the new sheet; then written over path
 * (the caller's temporary file: nothing else is created beside it, so an
 * interrupted run leaves only what output.h removes). True when done.
 */
static bool rebuild(zip_t *src, zip_int64_t sheet, struct sheet *s, const char *path, bool *oom)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_t *dst = NULL;
	if (mem) {
		zip_source_keep(mem); /* read after zip_close */
		dst = zip_open_from_source(mem, ZIP_TRUNCATE, &ze);
	}
	bool ok = dst && copy_parts(dst, src, sheet, s, oom);
	if (ok)
		ok = zip_close(dst) == 0;
	else if (dst)
		zip_discard(dst);
	ok = ok && write_back(mem, path, oom);
	if (mem)
		zip_source_free(mem);
	zip_error_fini(&ze);
	return ok;
}

/*
 * The sheet part read and inflated (noting where to cut), then rewritten.
 * Returns as rewrite does, or -2 when it cannot be read (*oom: no memory).
 */
static int read_and_rewrite(zip_t *z, zip_int64_t idx, struct sheet *s, const char *first_header, bool *oom)
{
	zip_stat_t st;
	if (zip_stat_index(z, (zip_uint64_t)idx, 0, &st) != 0 ||
	    (st.valid & (ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD)) !=
		(ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD) ||
	    st.comp_method != ZIP_CM_DEFLATE || st.size > 256u * 1024 * 1024 ||
	    st.comp_size > st.size + 65536)
		return -2;
	s->len = st.size;
	s->raw_len = st.comp_size;
	s->raw = malloc(st.comp_size ? st.comp_size : 1);
	s->text = malloc(st.size + 1);
	*oom = !s->raw || !s->text;
	zip_file_t *f = *oom ? NULL : zip_fopen_index(z, (zip_uint64_t)idx, ZIP_FL_COMPRESSED);
	zip_int64_t got = f ? zip_fread(f, s->raw, st.comp_size) : -1;
	if (f)
		zip_fclose(f);
	if (got < 0 || (zip_uint64_t)got != st.comp_size ||
	    inflate_noting(s, st.size > TAIL ? st.size - TAIL : 0) < 0)
		return -2;
	int rc = rewrite(s, first_header);
	*oom = rc < 0;
	return rc;
}

int xlsx_first_page_header(const char *path, const char *first_header, struct error *err)
{
	int ze = 0;
	zip_t *z = zip_open(path, ZIP_RDONLY, &ze);
	if (!z)
		return error_set(err, ERR_IO, "cannot write %s: cannot reopen it to number its pages", path);
	zip_int64_t idx = zip_name_locate(z, SHEET, 0);
	struct sheet s = {0};
	bool oom = false;
	int rc = idx >= 0 ? read_and_rewrite(z, idx, &s, first_header, &oom) : -2;
	bool ok = rc == 0 && rebuild(z, idx, &s, path, &oom);
	zip_discard(z);
	free(s.raw);
	free(s.text);
	free(s.out);
	if (rc == 1)
		return 0; /* no page header to change */
	if (!ok)
		remove(path); /* never a half-rewritten workbook */
	if (oom)
		return error_set(err, ERR_IO, "cannot write %s: out of memory", path);
	if (rc == -2)
		return error_set(err, ERR_IO, "cannot write %s: cannot read it back", path);
	return ok ? 0 : error_set(err, ERR_IO, "cannot write %s: cannot number its pages", path);
}
