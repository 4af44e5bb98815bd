/*
 * xlsx.c — reads an Excel workbook into rows (see xlsx.h for what it gives
 * and the limits it keeps).
 *
 * Layout of the file, in the order a workbook is read: the container
 * (magic bytes, ZIP directory, libzip), one streaming XML reader over a ZIP
 * entry (expat, bytes and depth counted), the parts read at open (workbook,
 * its relationships, shared strings, styles), a sheet's cells, the table
 * built from them, and the small exact helpers (references, numbers, dates).
 *
 * Why expat is run with namespaces (XML_ParserCreateNS): writers differ in
 * prefixes (Excel writes none, others write <x:c>), so elements are matched
 * on their local name after the namespace is resolved.
 */
#include "input/xlsx.h"

#include "base/messages.h"
#include "base/text.h"
#include "base/vec.h"
#include "input/decode.h"

#include <expat.h>
#include <utf8proc.h>
#include <zip.h>

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIB (1u << 20)

struct xlsx_limits xlsx_default_limits(void)
{
	return (struct xlsx_limits){
	    .part_bytes = DECODE_MAX_FILE,
	    .total_bytes = DECODE_MAX_FILE,
	    .ratio = 100,
	    .strings = CSV_MAX_CELLS,
	    .string_bytes = DECODE_MAX_FILE,
	    .depth = 64,
	    .parts = 10000,
	    .rows = CSV_MAX_ROWS + 1,
	    .cols = CSV_MAX_COLUMNS,
	    .cells = CSV_MAX_CELLS,
	};
}

/* "file: part: message" (part may be NULL). Returns -1. */
static int book_fail(const struct xlsx_book *b, const char *part, struct error *err, enum error_kind kind,
		     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static int book_fail(const struct xlsx_book *b, const char *part, struct error *err, enum error_kind kind,
		     const char *fmt, ...)
{
	char msg[900];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, _(fmt), ap);
	va_end(ap);
	const char *file = b->file ? b->file : "workbook";
	if (part)
		return error_set(err, kind, "%s: %s: %s", file, part, msg);
	return error_set(err, kind, "%s: %s", file, msg);
}

/* ---- the container ---- */

/* true if the UTF-16LE form of ascii occurs in bytes (a Compound File stream name). */
static bool has_utf16_name(const unsigned char *bytes, size_t len, const char *ascii)
{
	size_t k = strlen(ascii);
	for (size_t i = 0; i + 2 * k <= len; i++) {
		size_t j = 0;
		while (j < k && bytes[i + 2 * j] == (unsigned char)ascii[j] && bytes[i + 2 * j + 1] == 0)
			j++;
		if (j == k)
			return true;
	}
	return false;
}

/*
 * What the first bytes say: a ZIP goes on; a Compound File (OLE2) is an
 * encrypted OOXML workbook (its EncryptedPackage stream) or an old .xls.
 */
static int check_magic(const struct xlsx_book *b, const unsigned char *bytes, size_t len, struct error *err)
{
	static const unsigned char CFB[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	if (len >= 4 && bytes[0] == 'P' && bytes[1] == 'K' &&
	    ((bytes[2] == 3 && bytes[3] == 4) || (bytes[2] == 5 && bytes[3] == 6)))
		return 0;
	if (len >= 8 && memcmp(bytes, CFB, 8) == 0) {
		if (has_utf16_name(bytes, len, "EncryptedPackage"))
			return book_fail(
			    b, NULL, err, ERR_DATA,
			    "the workbook is encrypted (password-protected): open it in Excel, remove "
			    "the password (File > Info > Protect Workbook) and save it again");
		return book_fail(b, NULL, err, ERR_DATA,
				 "an old Excel 97-2003 workbook (.xls) cannot be read: save it as an Excel "
				 "Workbook (.xlsx)");
	}
	return book_fail(b, NULL, err, ERR_DATA,
			 "not an Excel workbook (.xlsx): the file is not a ZIP archive");
}

/*
 * The entry count of the ZIP's end-of-central-directory record, checked
 * before libzip reads the directory (which costs memory per entry).
 */
static int check_entries(const struct xlsx_book *b, const unsigned char *bytes, size_t len, struct error *err)
{
	size_t lo = len > 22 + 65535 ? len - 22 - 65535 : 0;
	for (size_t i = len >= 22 ? len - 22 + 1 : 0; i-- > lo;) {
		if (bytes[i] == 'P' && bytes[i + 1] == 'K' && bytes[i + 2] == 5 && bytes[i + 3] == 6) {
			long n = bytes[i + 10] | (long)bytes[i + 11] << 8;
			if (n > b->lim.parts)
				return book_fail(
				    b, NULL, err, ERR_DATA,
				    "the ZIP archive has %ld entries, more than the %ld a workbook may have",
				    n, b->lim.parts);
			return 0;
		}
	}
	return book_fail(
	    b, NULL, err, ERR_DATA,
	    "not an Excel workbook (.xlsx): the ZIP archive has no central directory (truncated?)");
}

static int zip_start(struct xlsx_book *b, const void *bytes, size_t len, struct error *err)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(bytes, len, 0, &ze);
	if (!src) {
		zip_error_fini(&ze);
		return book_fail(b, NULL, err, ERR_IO, "out of memory");
	}
	zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (!z) {
		zip_source_free(src);
		int rc = book_fail(b, NULL, err, ERR_DATA, "not a readable ZIP archive (%s)",
				   zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return rc;
	}
	zip_error_fini(&ze);
	if (zip_get_num_entries(z, 0) > b->lim.parts) {
		zip_close(z);
		return book_fail(b, NULL, err, ERR_DATA, "the ZIP archive has more than %ld entries",
				 b->lim.parts);
	}
	b->zip = z;
	return 0;
}

/* ---- one part, streamed into expat ---- */

struct xml_run {
	XML_Parser p;
	struct xlsx_book *book;
	const char *part;
	struct error *err;
	bool failed;
	int depth;
	void (*start)(struct xml_run *, const char *name, const char **attr);
	void (*end)(struct xml_run *, const char *name);
	bool collect;	 /* character data goes to text */
	struct buf text; /* owned by the run */
	void *ud;
};

static void run_vfail(struct xml_run *x, enum error_kind kind, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
static void run_vfail(struct xml_run *x, enum error_kind kind, const char *fmt, va_list ap)
{
	if (x->failed)
		return;
	char msg[800];
	vsnprintf(msg, sizeof msg, _(fmt), ap);
	book_fail(x->book, x->part, x->err, kind, "%s", msg);
	x->failed = true;
	XML_StopParser(x->p, XML_FALSE);
}

static void run_fail(struct xml_run *x, enum error_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void run_fail(struct xml_run *x, enum error_kind kind, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	run_vfail(x, kind, fmt, ap);
	va_end(ap);
}

/* A run over one part of b with these handlers (end may be NULL) and their state ud. */
static struct xml_run xml_run_of(struct xlsx_book *b, const char *part, struct error *err,
				 void (*start)(struct xml_run *, const char *, const char **),
				 void (*end)(struct xml_run *, const char *), void *ud)
{
	return (struct xml_run){.book = b, .part = part, .err = err, .start = start, .end = end, .ud = ud};
}

/* True when both copies were made; else frees them and fails the run (out of memory). */
static bool both_copied(struct xml_run *x, char *a, char *b)
{
	if (a && b)
		return true;
	free(a);
	free(b);
	run_fail(x, ERR_IO, "out of memory");
	return false;
}

/*
 * Room for one more item after the n in *items (vec_reserve's items, cap
 * and elem), of which there may be at most limit: false after failing the
 * run with too_many and its arguments (the limit, said) or out of memory.
 */
static bool room_for_one(struct xml_run *x, void *items, int *cap, int n, size_t elem, long limit,
			 const char *too_many, ...) __attribute__((format(printf, 7, 8)));
static bool room_for_one(struct xml_run *x, void *items, int *cap, int n, size_t elem, long limit,
			 const char *too_many, ...)
{
	if (n >= limit) {
		va_list ap;
		va_start(ap, too_many);
		run_vfail(x, ERR_DATA, too_many, ap);
		va_end(ap);
		return false;
	}
	if (vec_reserve(items, cap, n + 1, elem)) {
		run_fail(x, ERR_IO, "out of memory");
		return false;
	}
	return true;
}

/* The local name of an expat NS name "uri local". */
static const char *local_name(const char *name)
{
	const char *sp = strrchr(name, ' ');
	return sp ? sp + 1 : name;
}

static const char *attr_get(const char **attr, const char *local)
{
	for (; attr && attr[0]; attr += 2)
		if (strcmp(local_name(attr[0]), local) == 0)
			return attr[1];
	return NULL;
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **attr)
{
	struct xml_run *x = ud;
	if (x->failed)
		return;
	if (++x->depth > x->book->lim.depth) {
		run_fail(x, ERR_DATA, "XML nested deeper than %d elements", x->book->lim.depth);
		return;
	}
	if (x->start)
		x->start(x, local_name(name), attr);
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
	struct xml_run *x = ud;
	if (x->failed)
		return;
	x->depth--;
	if (x->end)
		x->end(x, local_name(name));
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
	struct xml_run *x = ud;
	if (!x->failed && x->collect && buf_append(&x->text, s, (size_t)len))
		run_fail(x, ERR_IO, "out of memory");
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
			       int has_internal)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal;
	run_fail(ud, ERR_DATA,
		 "the XML has a DOCTYPE: document types and entities are not allowed in a workbook");
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value, int len,
			      const XML_Char *base, const XML_Char *sysid, const XML_Char *pubid,
			      const XML_Char *notation)
{
	(void)name, (void)is_param, (void)value, (void)len, (void)base, (void)sysid, (void)pubid,
	    (void)notation;
	run_fail(ud, ERR_DATA, "the XML declares an entity: entities are not allowed in a workbook");
}

/* Counts n more inflated bytes of a part against the limits. */
static void count_inflated(struct xml_run *x, size_t n, size_t *part_total, zip_uint64_t comp)
{
	const struct xlsx_limits *lim = &x->book->lim;
	*part_total += n;
	x->book->inflated += n;
	if (*part_total > lim->part_bytes)
		run_fail(x, ERR_DATA, "the part inflates to more than %zu bytes (a ZIP bomb?)",
			 lim->part_bytes);
	else if (x->book->inflated > lim->total_bytes)
		run_fail(x, ERR_DATA,
			 "the workbook's parts inflate to more than %zu bytes in all (a ZIP bomb?)",
			 lim->total_bytes);
	else if (*part_total > MIB && *part_total / (comp + 1) >= (size_t)lim->ratio)
		run_fail(x, ERR_DATA,
			 "the part inflates to more than %ld times its compressed size (a ZIP bomb?)",
			 lim->ratio);
}

/* Feeds the opened entry f to the run's parser, chunk by chunk. */
static void run_feed(struct xml_run *x, zip_file_t *f, zip_uint64_t comp)
{
	char chunk[16384];
	size_t total = 0;
	for (;;) {
		zip_int64_t n = zip_fread(f, chunk, sizeof chunk);
		if (n < 0) {
			run_fail(x, ERR_DATA, "the part is corrupt (%s)", zip_file_strerror(f));
			return;
		}
		count_inflated(x, (size_t)n, &total, comp);
		if (x->failed)
			return;
		if (XML_Parse(x->p, chunk, (int)n, n == 0) == XML_STATUS_ERROR) {
			run_fail(x, ERR_DATA, "XML error at line %lu: %s",
				 (unsigned long)XML_GetCurrentLineNumber(x->p),
				 XML_ErrorString(XML_GetErrorCode(x->p)));
			return;
		}
		if (x->failed || n == 0)
			return;
	}
}

/*
 * Parses part x->part with x's handlers. A missing part is an error unless
 * `optional` (then *found is false and nothing is parsed).
 */
static int run_part(struct xml_run *x, bool optional, bool *found)
{
	struct xlsx_book *b = x->book;
	if (found)
		*found = false;
	zip_int64_t idx = zip_name_locate(b->zip, x->part, ZIP_FL_NOCASE);
	if (idx < 0)
		return optional ? 0 : book_fail(b, x->part, x->err, ERR_DATA, "the part is missing");
	if (found)
		*found = true;
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(b->zip, (zip_uint64_t)idx, 0, &st))
		return book_fail(b, x->part, x->err, ERR_DATA, "unreadable ZIP entry (%s)",
				 zip_strerror(b->zip));
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
		return book_fail(b, x->part, x->err, ERR_DATA, "the ZIP entry is encrypted");
	if ((st.valid & ZIP_STAT_SIZE) && st.size > b->lim.part_bytes)
		return book_fail(b, x->part, x->err, ERR_DATA,
				 "the part declares %llu bytes inflated, more than %zu (a ZIP bomb?)",
				 (unsigned long long)st.size, b->lim.part_bytes);
	zip_uint64_t comp = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
	zip_file_t *f = zip_fopen_index(b->zip, (zip_uint64_t)idx, 0);
	if (!f)
		return book_fail(b, x->part, x->err, ERR_DATA, "the part cannot be read (%s)",
				 zip_strerror(b->zip));
	x->p = XML_ParserCreateNS(NULL, ' ');
	if (!x->p) {
		zip_fclose(f);
		return book_fail(b, x->part, x->err, ERR_IO, "out of memory");
	}
	XML_SetUserData(x->p, x);
	XML_SetElementHandler(x->p, on_start, on_end);
	XML_SetCharacterDataHandler(x->p, on_text);
	XML_SetStartDoctypeDeclHandler(x->p, on_doctype);
	XML_SetEntityDeclHandler(x->p, on_entity);
	run_feed(x, f, comp);
	XML_ParserFree(x->p);
	x->p = NULL;
	zip_fclose(f);
	buf_free(&x->text);
	return x->failed ? -1 : 0;
}

/* The collected text, emptied for the next element. */
static void text_reset(struct xml_run *x)
{
	x->text.len = 0;
	if (x->text.s)
		x->text.s[0] = '\0';
}

static const char *text_of(struct xml_run *x)
{
	return x->text.s ? x->text.s : "";
}

/*
 * Excel's escapes in strings (ECMA-376 ST_Xstring): "_xHHHH_" is the
 * character U+HHHH (_x000D_ a carriage return, _x005F_ an underscore), so a
 * literal "_x0041_" is written "_x005F_x0041_". NUL and surrogates stay as
 * written. Then NFC. NULL on out of memory.
 */
static char *xstring_nfc(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;
	if (!out)
		return NULL;
	while (*s) {
		unsigned cp = 0;
		int k = 0;
		if (s[0] == '_' && s[1] == 'x')
			for (k = 0; k < 4 && strchr("0123456789abcdefABCDEF", s[2 + k]) && s[2 + k]; k++)
				cp = cp * 16 + (unsigned)(s[2 + k] <= '9' ? s[2 + k] - '0'
									  : (s[2 + k] | 0x20) - 'a' + 10);
		if (k < 4 || s[6] != '_' || cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
			*o++ = *s++;
			continue;
		}
		o += utf8proc_encode_char((utf8proc_int32_t)cp,
					  (utf8proc_uint8_t *)o); /* at most 3 of the 7 bytes */
		s += 7;
	}
	*o = '\0';
	char *nfc = text_nfc(out);
	free(out);
	return nfc;
}

/* ---- the parts read at open ---- */

struct rel {
	char *id, *target;
	bool external;
};

struct wb_state {
	struct xlsx_sheet_ref *sheets; /* part holds the relationship id until resolved */
	int n, cap;
	struct rel *rels;
	int n_rels, cap_rels;
};

static void wb_start(struct xml_run *x, const char *name, const char **attr)
{
	struct wb_state *w = x->ud;
	if (strcmp(name, "workbookPr") == 0) {
		const char *d = attr_get(attr, "date1904");
		x->book->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
		return;
	}
	if (strcmp(name, "sheet") != 0)
		return;
	const char *nm = attr_get(attr, "name"), *id = attr_get(attr, "id");
	if (!nm || !id || !nm[0]) {
		run_fail(x, ERR_DATA, "a <sheet> has no name or no relationship id");
		return;
	}
	if (!room_for_one(x, &w->sheets, &w->cap, w->n, sizeof *w->sheets, x->book->lim.parts,
			  "more than %ld sheets", x->book->lim.parts))
		return;
	struct xlsx_sheet_ref *s = &w->sheets[w->n];
	const char *state = attr_get(attr, "state");
	s->hidden = state && (strcmp(state, "hidden") == 0 || strcmp(state, "veryHidden") == 0);
	s->name = text_nfc(nm);
	s->part = strdup(id);
	if (both_copied(x, s->name, s->part))
		w->n++;
}

static void rels_start(struct xml_run *x, const char *name, const char **attr)
{
	struct wb_state *w = x->ud;
	if (strcmp(name, "Relationship") != 0)
		return;
	const char *id = attr_get(attr, "Id"), *target = attr_get(attr, "Target");
	const char *mode = attr_get(attr, "TargetMode");
	if (!id || !target)
		return; /* not one a sheet can name */
	if (!room_for_one(x, &w->rels, &w->cap_rels, w->n_rels, sizeof *w->rels, x->book->lim.parts,
			  "more than %ld relationships", x->book->lim.parts))
		return;
	struct rel *r = &w->rels[w->n_rels];
	r->id = strdup(id);
	r->target = strdup(target);
	r->external = mode && strcmp(mode, "External") == 0;
	if (both_copied(x, r->id, r->target))
		w->n_rels++;
}

/*
 * The ZIP entry a relationship target of xl/workbook.xml names: "/xl/a.xml"
 * is absolute, "worksheets/a.xml" and "../xl/a.xml" are relative to xl/.
 * NULL if it leaves the package (or out of memory: *oom).
 */
static char *resolve_target(const char *target, bool *oom)
{
	struct buf path = {0};
	*oom = false;
	if (target[0] != '/' && buf_append_str(&path, "xl/")) {
		*oom = true;
		return NULL;
	}
	const char *p = target;
	while (*p) {
		while (*p == '/')
			p++;
		size_t k = strcspn(p, "/");
		if (k == 1 && p[0] == '.') {
			/* same folder */
		} else if (k == 2 && p[0] == '.' && p[1] == '.') {
			if (path.len == 0) {
				buf_free(&path);
				return NULL;
			}
			path.len--; /* the '/' ending the last segment */
			while (path.len > 0 && path.s[path.len - 1] != '/')
				path.len--;
			path.s[path.len] = '\0';
		} else if (k > 0 && (buf_append(&path, p, k) || (p[k] == '/' && buf_append(&path, "/", 1)))) {
			buf_free(&path);
			*oom = true;
			return NULL;
		}
		p += k;
	}
	if (path.len == 0 || path.s[path.len - 1] == '/') {
		buf_free(&path);
		return NULL;
	}
	return buf_detach(&path);
}

/* Replaces each sheet's relationship id by the part it names. */
static int resolve_sheets(struct xlsx_book *b, struct wb_state *w, struct error *err)
{
	static const char RELS[] = "xl/_rels/workbook.xml.rels";
	for (int i = 0; i < w->n; i++) {
		struct rel *r = NULL;
		for (int k = 0; k < w->n_rels && !r; k++)
			if (strcmp(w->rels[k].id, w->sheets[i].part) == 0)
				r = &w->rels[k];
		if (!r)
			return book_fail(b, "xl/workbook.xml", err, ERR_DATA,
					 "sheet \"%s\" names relationship %s, which %s does not have",
					 w->sheets[i].name, w->sheets[i].part, RELS);
		bool oom;
		char *part = r->external ? NULL : resolve_target(r->target, &oom);
		if (!part)
			return r->external || !oom
				   ? book_fail(b, RELS, err, ERR_DATA,
					       "sheet \"%s\": target \"%s\" is outside the workbook",
					       w->sheets[i].name, r->target)
				   : book_fail(b, NULL, err, ERR_IO, "out of memory");
		free(w->sheets[i].part);
		w->sheets[i].part = part;
	}
	return 0;
}

static void wb_state_free(struct wb_state *w)
{
	for (int i = 0; i < w->n; i++) {
		free(w->sheets[i].name);
		free(w->sheets[i].part);
	}
	free(w->sheets);
	for (int i = 0; i < w->n_rels; i++) {
		free(w->rels[i].id);
		free(w->rels[i].target);
	}
	free(w->rels);
}

/* The sheet list: xl/workbook.xml, then the parts its relationships name. */
static int read_workbook(struct xlsx_book *b, struct error *err)
{
	struct wb_state w = {0};
	struct xml_run x = xml_run_of(b, "xl/workbook.xml", err, wb_start, NULL, &w);
	bool found;
	int rc = run_part(&x, true, &found);
	if (rc == 0 && !found)
		rc = zip_name_locate(b->zip, "xl/workbook.bin", ZIP_FL_NOCASE) >= 0
			 ? book_fail(b, NULL, err, ERR_DATA,
				     "an Excel Binary Workbook (.xlsb) cannot be read: save it as an Excel "
				     "Workbook (.xlsx)")
			 : book_fail(b, NULL, err, ERR_DATA,
				     "not an Excel workbook: it has no xl/workbook.xml");
	if (rc == 0 && w.n == 0)
		rc = book_fail(b, "xl/workbook.xml", err, ERR_DATA, "the workbook has no sheet");
	struct xml_run r = xml_run_of(b, "xl/_rels/workbook.xml.rels", err, rels_start, NULL, &w);
	if (rc == 0)
		rc = run_part(&r, false, NULL);
	if (rc == 0)
		rc = resolve_sheets(b, &w, err);
	if (rc == 0) {
		b->sheets = w.sheets;
		b->n_sheets = w.n;
		w.sheets = NULL;
		w.n = 0;
	}
	wb_state_free(&w);
	return rc;
}

struct sst_state {
	bool in_si;
	int in_rph; /* phonetic runs (<rPh>) are not part of the text */
	int cap;
	size_t bytes;
};

static void sst_start(struct xml_run *x, const char *name, const char **attr)
{
	(void)attr;
	struct sst_state *s = x->ud;
	struct xlsx_book *b = x->book;
	if (strcmp(name, "si") == 0) {
		if (b->n_strings >= b->lim.strings) {
			run_fail(x, ERR_DATA, "more than %ld shared strings", b->lim.strings);
			return;
		}
		s->in_si = true;
		text_reset(x);
	} else if (strcmp(name, "rPh") == 0) {
		s->in_rph++;
	} else if (strcmp(name, "t") == 0 && s->in_si && !s->in_rph) {
		x->collect = true;
	}
}

static void sst_end(struct xml_run *x, const char *name)
{
	struct sst_state *s = x->ud;
	struct xlsx_book *b = x->book;
	if (strcmp(name, "t") == 0) {
		x->collect = false;
	} else if (strcmp(name, "rPh") == 0) {
		s->in_rph--;
	} else if (strcmp(name, "si") == 0 && s->in_si) {
		s->in_si = false;
		s->bytes += x->text.len;
		if (s->bytes > b->lim.string_bytes) {
			run_fail(x, ERR_DATA, "the shared strings hold more than %zu bytes",
				 b->lim.string_bytes);
			return;
		}
		if (vec_reserve(&b->strings, &s->cap, (int)b->n_strings + 1, sizeof *b->strings) ||
		    !(b->strings[b->n_strings] = xstring_nfc(text_of(x)))) {
			run_fail(x, ERR_IO, "out of memory");
			return;
		}
		b->n_strings++;
	}
}

struct custom_fmt {
	int id;
	enum xlsx_format format;
};

struct styles_state {
	int in_cellxfs;
	struct custom_fmt *custom;
	int n_custom, cap_custom;
	int *xf_fmt; /* numFmtId of each cellXfs entry */
	int cap_xf;
};

static enum xlsx_format builtin_format(int id)
{
	if (id == 0)
		return XLSX_FMT_GENERAL;
	if (id == 9 || id == 10)
		return XLSX_FMT_PERCENT;
	if ((id >= 14 && id <= 22) || (id >= 45 && id <= 47) || (id >= 27 && id <= 36) ||
	    (id >= 50 && id <= 58))
		return XLSX_FMT_DATE; /* 27-36, 50-58: the East Asian built-in dates */
	if (id == 49)
		return XLSX_FMT_TEXT;
	return XLSX_FMT_NUMBER;
}

/*
 * What a custom format code shows. Quoted text ("người"), escaped (\d) and
 * padding/fill characters (_x *x) and bracketed parts ([Red], [$-42A]) say
 * nothing, except elapsed time ([h], [mm], [ss]). A '%' anywhere makes a
 * percent; else d, m, y, h or s a date or time.
 */
static enum xlsx_format code_format(const char *code)
{
	if (strcasecmp(code, "General") == 0)
		return XLSX_FMT_GENERAL;
	if (strcmp(code, "@") == 0)
		return XLSX_FMT_TEXT;
	bool percent = false, date = false;
	for (const char *p = code; *p; p++) {
		if (*p == '"') {
			const char *q = strchr(p + 1, '"');
			p = q ? q : p + strlen(p) - 1;
		} else if ((*p == '\\' || *p == '_' || *p == '*') && p[1]) {
			p++;
		} else if (*p == '[') {
			const char *q = strchr(p, ']');
			size_t k = q ? (size_t)(q - p - 1) : 0;
			if (k > 0 && strspn(p + 1, "hHmMsS") == k)
				date = true;
			p = q ? q : p + strlen(p) - 1;
		} else if (*p == '%') {
			percent = true;
		} else if (strchr("dDmMyYhHsS", *p)) {
			date = true;
		}
	}
	return percent ? XLSX_FMT_PERCENT : date ? XLSX_FMT_DATE : XLSX_FMT_NUMBER;
}

static bool parse_uint(const char *s, long max, long *out)
{
	if (!s || !*s)
		return false;
	long v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (max - (*s - '0')) / 10)
			return false;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return true;
}

static void styles_start(struct xml_run *x, const char *name, const char **attr)
{
	struct styles_state *s = x->ud;
	struct xlsx_book *b = x->book;
	long id;
	if (strcmp(name, "cellXfs") == 0) {
		s->in_cellxfs++;
	} else if (strcmp(name, "numFmt") == 0) {
		const char *code = attr_get(attr, "formatCode");
		if (!code || !parse_uint(attr_get(attr, "numFmtId"), INT_MAX, &id))
			return; /* a format no cell can name */
		if (s->n_custom >= b->lim.parts ||
		    vec_reserve(&s->custom, &s->cap_custom, s->n_custom + 1, sizeof *s->custom)) {
			run_fail(x, s->n_custom >= b->lim.parts ? ERR_DATA : ERR_IO,
				 "too many number formats");
			return;
		}
		s->custom[s->n_custom++] = (struct custom_fmt){(int)id, code_format(code)};
	} else if (strcmp(name, "xf") == 0 && s->in_cellxfs) {
		if (!parse_uint(attr_get(attr, "numFmtId"), INT_MAX, &id))
			id = 0;
		if (b->n_xf >= b->lim.cells ||
		    vec_reserve(&s->xf_fmt, &s->cap_xf, b->n_xf + 1, sizeof *s->xf_fmt)) {
			run_fail(x, b->n_xf >= b->lim.cells ? ERR_DATA : ERR_IO, "too many cell formats");
			return;
		}
		s->xf_fmt[b->n_xf++] = (int)id;
	}
}

static void styles_end(struct xml_run *x, const char *name)
{
	struct styles_state *s = x->ud;
	if (strcmp(name, "cellXfs") == 0)
		s->in_cellxfs--;
}

/* Shared strings and number formats; both parts are optional. */
static int read_strings_and_styles(struct xlsx_book *b, struct error *err)
{
	struct sst_state sst = {0};
	struct xml_run x = xml_run_of(b, "xl/sharedStrings.xml", err, sst_start, sst_end, &sst);
	if (run_part(&x, true, NULL))
		return -1;
	struct styles_state st = {0};
	struct xml_run y = xml_run_of(b, "xl/styles.xml", err, styles_start, styles_end, &st);
	int rc = run_part(&y, true, NULL);
	if (rc == 0 && b->n_xf > 0 && !(b->xf = malloc((size_t)b->n_xf)))
		rc = book_fail(b, NULL, err, ERR_IO, "out of memory");
	for (int i = 0; rc == 0 && i < b->n_xf; i++) {
		b->xf[i] = (unsigned char)builtin_format(st.xf_fmt[i]);
		for (int k = 0; k < st.n_custom; k++)
			if (st.custom[k].id == st.xf_fmt[i])
				b->xf[i] = (unsigned char)st.custom[k].format;
	}
	free(st.custom);
	free(st.xf_fmt);
	return rc;
}

static int open_common(const void *bytes, size_t len, const char *name, const struct xlsx_limits *lim,
		       struct xlsx_book *b, struct error *err)
{
	b->lim = lim ? *lim : xlsx_default_limits();
	if (!(b->file = strdup(name ? name : "workbook")))
		return error_set(err, ERR_IO, "out of memory");
	if (len > DECODE_MAX_FILE)
		return book_fail(b, NULL, err, ERR_DATA, "file larger than %u MiB", DECODE_MAX_FILE >> 20);
	if (check_magic(b, bytes, len, err) || check_entries(b, bytes, len, err) ||
	    zip_start(b, bytes, len, err) || read_workbook(b, err) || read_strings_and_styles(b, err))
		return -1;
	return 0;
}

int xlsx_open_bytes(const void *bytes, size_t len, const char *name, const struct xlsx_limits *lim,
		    struct xlsx_book *book, struct error *err)
{
	memset(book, 0, sizeof *book);
	if (open_common(bytes, len, name, lim, book, err)) {
		xlsx_book_free(book);
		return -1;
	}
	return 0;
}

int xlsx_open(const char *path, const char *name, const struct xlsx_limits *lim, struct xlsx_book *book,
	      struct error *err)
{
	memset(book, 0, sizeof *book);
	char *bytes;
	size_t len;
	if (read_file(path, &bytes, &len, err))
		return -1;
	book->bytes = bytes;
	if (open_common(bytes, len, name, lim, book, err)) {
		xlsx_book_free(book);
		return -1;
	}
	return 0;
}

void xlsx_book_free(struct xlsx_book *book)
{
	if (book->zip)
		zip_discard(book->zip);
	for (int i = 0; i < book->n_sheets; i++) {
		free(book->sheets[i].name);
		free(book->sheets[i].part);
	}
	free(book->sheets);
	for (long i = 0; i < book->n_strings; i++)
		free(book->strings[i]);
	free(book->strings);
	free(book->xf);
	free(book->bytes);
	free(book->file);
	memset(book, 0, sizeof *book);
}

struct xlsx_book *xlsx_cache_open(struct xlsx_cache *c, const char *path, struct error *err)
{
	for (int i = 0; i < c->n; i++)
		if (strcmp(c->books[i].book.file, path) == 0) {
			c->books[i].book.inflated = c->books[i].opened;
			return &c->books[i].book;
		}
	if (vec_reserve(&c->books, &c->cap, c->n + 1, sizeof *c->books)) {
		error_set(err, ERR_IO, "out of memory");
		return NULL;
	}
	struct xlsx_cached *e = &c->books[c->n];
	if (xlsx_open(path, path, NULL, &e->book, err))
		return NULL;
	e->opened = e->book.inflated;
	c->n++;
	return &e->book;
}

void xlsx_cache_free(struct xlsx_cache *c)
{
	for (int i = 0; i < c->n; i++)
		xlsx_book_free(&c->books[i].book);
	free(c->books);
	memset(c, 0, sizeof *c);
}

int xlsx_sheet_find(const struct xlsx_book *book, const char *sheet, int *index, struct error *err)
{
	if (!sheet || !sheet[0]) {
		*index = 0;
		while (*index < book->n_sheets - 1 && book->sheets[*index].hidden)
			++*index;
		if (book->sheets[*index].hidden)
			*index = 0;
		return 0;
	}
	char *want = text_nfc(sheet), *want_key = want ? text_fold(want) : NULL;
	int exact = -1, loose = -1, n_loose = 0, rc = 0;
	for (int i = 0; want_key && i < book->n_sheets; i++) {
		if (strcmp(book->sheets[i].name, want) == 0) {
			exact = i;
			break;
		}
		char *key = text_fold(book->sheets[i].name);
		if (!key) {
			rc = -1;
			break;
		}
		if (strcmp(key, want_key) == 0 && n_loose++ == 0)
			loose = i;
		free(key);
	}
	if (!want_key || rc) {
		free(want);
		free(want_key);
		return book_fail(book, NULL, err, ERR_IO, "out of memory");
	}
	*index = exact >= 0 ? exact : n_loose == 1 ? loose : -1;
	if (*index < 0) {
		struct buf list = {0};
		for (int i = 0; i < book->n_sheets; i++)
			buf_printf(&list, "%s\"%s\"", i ? ", " : "", book->sheets[i].name);
		const char *names = list.s ? list.s : "";
		rc = n_loose > 1
			 ? book_fail(book, NULL, err, ERR_DATA,
				     "more than one sheet is called \"%s\" (case and accents aside); the "
				     "workbook's sheets are %s",
				     want, names)
			 : book_fail(book, NULL, err, ERR_DATA,
				     "no sheet \"%s\"; the workbook's sheets are %s", want, names);
		buf_free(&list);
	}
	free(want);
	free(want_key);
	return rc;
}

/* ---- numbers as Excel writes them ---- */

/*
 * Reads Excel's decimal text ("-1.5E-3", "0.41510000000000002") exactly as
 * ±d × 10^scale with d the first 16 significant digits (the rest only move
 * the scale). Returns -1 if it is not such a number.
 */
static int decimal_parse(const char *s, bool *neg, uint64_t *d, int *nd, long *scale)
{
	*neg = *s == '-';
	if (*s == '-' || *s == '+')
		s++;
	*d = 0;
	*nd = 0;
	*scale = 0;
	bool point = false, any = false;
	for (;; s++) {
		if (*s == '.' && !point) {
			point = true;
			continue;
		}
		if (*s < '0' || *s > '9')
			break;
		any = true;
		if (point)
			(*scale)--;
		if (*nd == 0 && *s == '0')
			continue; /* leading zero */
		if (*nd < 16) {
			*d = *d * 10 + (uint64_t)(*s - '0');
			(*nd)++;
		} else {
			(*scale)++;
		}
	}
	if (!any)
		return -1;
	if (*s == 'E' || *s == 'e') {
		s++;
		bool eneg = *s == '-';
		if (*s == '-' || *s == '+')
			s++;
		long e = 0;
		if (*s < '0' || *s > '9')
			return -1;
		for (; *s >= '0' && *s <= '9'; s++)
			if (e < 100000)
				e = e * 10 + (*s - '0');
		*scale += eneg ? -e : e;
	}
	return *s ? -1 : 0;
}

enum xlsx_exact xlsx_number_exact(const char *text, int shift, int64_t *out)
{
	bool neg;
	uint64_t d;
	int nd;
	long scale;
	if (!text || decimal_parse(text, &neg, &d, &nd, &scale))
		return XLSX_EXACT_NOT_NUMBER;
	if (nd == 16) { /* round once to 15 significant digits, half away from zero */
		uint64_t last = d % 10;
		d /= 10;
		scale++;
		if (last >= 5)
			d++;
	}
	if (d == 0) {
		*out = 0;
		return XLSX_EXACT_OK;
	}
	while (d % 10 == 0) {
		d /= 10;
		scale++;
	}
	scale += shift;
	if (scale < 0)
		return XLSX_EXACT_FRACTION;
	int digits = 0;
	for (uint64_t t = d; t; t /= 10)
		digits++;
	if (digits + scale > 15)
		return XLSX_EXACT_RANGE;
	for (long i = 0; i < scale; i++)
		d *= 10;
	*out = neg ? -(int64_t)d : (int64_t)d;
	return XLSX_EXACT_OK;
}

/* ---- references ---- */

void xlsx_ref(int row, int col, char out[XLSX_REF_MAX])
{
	cell_ref(row, col, out);
}

void xlsx_table_ref(const struct xlsx_table *t, int r, int c, char out[XLSX_REF_MAX])
{
	xlsx_ref(t->csv.rows[r].line - 1, c, out);
}

int xlsx_ref_parse(const char *ref, int *row, int *col)
{
	const char *p = ref;
	if (*p == '$')
		p++;
	long c = 0, r = 0;
	int letters = 0;
	for (; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'); p++, letters++)
		if (letters < 3)
			c = c * 26 + ((*p | 0x20) - 'a' + 1);
	if (letters == 0 || letters > 3 || c > XLSX_MAX_SHEET_COLS)
		return -1;
	if (*p == '$')
		p++;
	if (!parse_uint(p, XLSX_MAX_SHEET_ROWS, &r) || r < 1 || *p == '0')
		return -1;
	*row = (int)r - 1;
	*col = (int)c - 1;
	return 0;
}

/* ---- a sheet's cells ---- */

enum cell_t { T_N, T_S, T_STR, T_INLINE, T_B, T_E, T_D };

struct cell {
	int row, col;
	struct xlsx_kind kind;
	char *text; /* owned */
};

struct sheet_state {
	bool seen_root;
	int row, next_col; /* the current row (-1 before the first) and the next cell's column */
	bool in_cell, has_value, in_is, in_v;
	int in_rph;
	int c_row, c_col, c_style;
	enum cell_t c_t;
	bool c_formula;
	struct cell *cells;
	int n_cells, cap_cells;
	struct xlsx_range *merges;
	int n_merges, cap_merges;
};

static bool cell_type(const char *t, enum cell_t *out)
{
	static const struct {
		const char *name;
		enum cell_t t;
	} TYPES[] = {{"n", T_N}, {"s", T_S}, {"str", T_STR}, {"inlineStr", T_INLINE},
		     {"b", T_B}, {"e", T_E}, {"d", T_D}};
	*out = T_N;
	if (!t)
		return true;
	for (size_t i = 0; i < sizeof TYPES / sizeof *TYPES; i++)
		if (strcmp(t, TYPES[i].name) == 0) {
			*out = TYPES[i].t;
			return true;
		}
	return false;
}

static void row_start(struct xml_run *x, struct sheet_state *s, const char **attr)
{
	const char *r = attr_get(attr, "r");
	long n;
	if (r && (!parse_uint(r, XLSX_MAX_SHEET_ROWS, &n) || n < 1)) {
		run_fail(x, ERR_DATA, "row number \"%s\" is not between 1 and %d", r, XLSX_MAX_SHEET_ROWS);
		return;
	}
	if (!r)
		n = s->row + 2;
	if (n > XLSX_MAX_SHEET_ROWS) {
		run_fail(x, ERR_DATA, "a row after row %d, the last a sheet has", XLSX_MAX_SHEET_ROWS);
		return;
	}
	if (n - 1 <= s->row) {
		run_fail(x, ERR_DATA, "row %ld comes after row %d (duplicate or out of order)", n,
			 s->row + 1);
		return;
	}
	s->row = (int)n - 1;
	s->next_col = 0;
}

static void cell_start(struct xml_run *x, struct sheet_state *s, const char **attr)
{
	const char *r = attr_get(attr, "r"), *t = attr_get(attr, "t"), *st = attr_get(attr, "s");
	char ref[XLSX_REF_MAX];
	int row = s->row, col = s->next_col;
	if (s->row < 0) {
		run_fail(x, ERR_DATA, "a cell outside any row");
		return;
	}
	if (r && xlsx_ref_parse(r, &row, &col)) {
		run_fail(x, ERR_DATA, "cell reference \"%.20s\" is malformed or beyond XFD1048576", r);
		return;
	}
	if (!r && col >= XLSX_MAX_SHEET_COLS) {
		run_fail(x, ERR_DATA, "row %d has a cell after column XFD", s->row + 1);
		return;
	}
	xlsx_ref(row, col, ref);
	if (row != s->row) {
		run_fail(x, ERR_DATA, "cell %s is inside row %d", ref, s->row + 1);
		return;
	}
	if (col < s->next_col) {
		char prev[XLSX_REF_MAX];
		xlsx_ref(s->row, s->next_col - 1, prev);
		run_fail(x, ERR_DATA, "cell %s comes after cell %s (duplicate or out of order)", ref, prev);
		return;
	}
	long style = 0;
	if (st && (!parse_uint(st, INT_MAX, &style) || (style > 0 && style >= x->book->n_xf))) {
		run_fail(x, ERR_DATA, "cell %s: style %.20s does not exist (%d in xl/styles.xml)", ref, st,
			 x->book->n_xf);
		return;
	}
	if (!cell_type(t, &s->c_t)) {
		run_fail(x, ERR_DATA, "cell %s: unknown type t=\"%.20s\"", ref, t);
		return;
	}
	s->next_col = col + 1;
	s->in_cell = true;
	s->has_value = s->c_formula = false;
	s->c_row = row;
	s->c_col = col;
	s->c_style = (int)style;
	text_reset(x);
}

static void merge_add(struct xml_run *x, struct sheet_state *s, const char *ref)
{
	char a[XLSX_REF_MAX + 2];
	const char *colon = ref ? strchr(ref, ':') : NULL;
	struct xlsx_range m;
	if (!colon || (size_t)(colon - ref) >= sizeof a) {
		run_fail(x, ERR_DATA, "merged range \"%.30s\" is malformed", ref ? ref : "");
		return;
	}
	memcpy(a, ref, (size_t)(colon - ref));
	a[colon - ref] = '\0';
	if (xlsx_ref_parse(a, &m.row0, &m.col0) || xlsx_ref_parse(colon + 1, &m.row1, &m.col1) ||
	    m.row1 < m.row0 || m.col1 < m.col0) {
		run_fail(x, ERR_DATA, "merged range \"%.30s\" is malformed or beyond XFD1048576", ref);
		return;
	}
	if (!room_for_one(x, &s->merges, &s->cap_merges, s->n_merges, sizeof *s->merges, x->book->lim.cells,
			  "more than %ld merged ranges", x->book->lim.cells))
		return;
	s->merges[s->n_merges++] = m;
}

static void sheet_start(struct xml_run *x, const char *name, const char **attr)
{
	struct sheet_state *s = x->ud;
	if (!s->seen_root) {
		s->seen_root = true;
		if (strcmp(name, "worksheet") != 0)
			run_fail(x, ERR_DATA, "not a worksheet (<%.40s>)", name);
		return;
	}
	if (strcmp(name, "row") == 0) {
		row_start(x, s, attr);
	} else if (strcmp(name, "c") == 0) {
		cell_start(x, s, attr);
	} else if (strcmp(name, "mergeCell") == 0) {
		merge_add(x, s, attr_get(attr, "ref"));
	} else if (!s->in_cell) {
		return;
	} else if (strcmp(name, "f") == 0) {
		s->c_formula = true;
	} else if (strcmp(name, "v") == 0 && !s->in_is) {
		s->in_v = x->collect = true;
		s->has_value = true;
		text_reset(x);
	} else if (strcmp(name, "is") == 0) {
		s->in_is = s->has_value = true;
		text_reset(x);
	} else if (strcmp(name, "rPh") == 0) {
		s->in_rph++;
	} else if (strcmp(name, "t") == 0 && s->in_is && !s->in_rph) {
		x->collect = true;
	}
}

/* The text and type of the cell just closed; NULL text with no error: empty. */
static char *cell_value(struct xml_run *x, struct sheet_state *s, struct xlsx_kind *k, const char *ref)
{
	const char *v = text_of(x);
	bool neg;
	uint64_t d;
	int nd;
	long scale, idx;
	switch (s->c_t) {
	case T_S:
		if (!parse_uint(v, LONG_MAX, &idx) || idx >= x->book->n_strings) {
			run_fail(x, ERR_DATA, "cell %s: shared string %.20s does not exist (there are %ld)",
				 ref, v, x->book->n_strings);
			return NULL;
		}
		k->type = XLSX_TEXT;
		return strdup(x->book->strings[idx]);
	case T_STR:
	case T_INLINE:
		k->type = XLSX_TEXT;
		return xstring_nfc(v);
	case T_D:
		k->type = XLSX_TEXT;
		k->format = XLSX_FMT_DATE;
		return strdup(v);
	case T_B:
		if (strcmp(v, "0") != 0 && strcmp(v, "1") != 0) {
			run_fail(x, ERR_DATA, "cell %s: boolean \"%.20s\" is neither 0 nor 1", ref, v);
			return NULL;
		}
		k->type = XLSX_BOOL;
		return strdup(v[0] == '1' ? "TRUE" : "FALSE");
	case T_E:
		k->type = XLSX_ERROR;
		return strdup(v);
	case T_N:
		break;
	}
	if (decimal_parse(v, &neg, &d, &nd, &scale)) {
		run_fail(x, ERR_DATA, "cell %s: \"%.30s\" is not a number", ref, v);
		return NULL;
	}
	k->type = XLSX_NUMBER;
	return strdup(v);
}

static void cell_end(struct xml_run *x, struct sheet_state *s)
{
	s->in_cell = false;
	x->collect = false;
	if (!s->has_value)
		return; /* a formatted empty cell */
	char ref[XLSX_REF_MAX];
	xlsx_ref(s->c_row, s->c_col, ref);
	struct xlsx_kind k = {.formula = s->c_formula};
	k.format = s->c_style < x->book->n_xf ? x->book->xf[s->c_style] : XLSX_FMT_GENERAL;
	char *text = cell_value(x, s, &k, ref);
	if (x->failed)
		return;
	if (text && !text[0] && k.type == XLSX_TEXT) {
		free(text); /* an empty string (="" in a formula) is an empty cell, as in CSV */
		return;
	}
	if (!room_for_one(x, &s->cells, &s->cap_cells, s->n_cells, sizeof *s->cells, x->book->lim.cells,
			  "more than %ld cells", x->book->lim.cells) ||
	    !text) {
		free(text);
		run_fail(x, ERR_IO, "out of memory"); /* nothing when room_for_one failed the run */
		return;
	}
	s->cells[s->n_cells++] = (struct cell){s->c_row, s->c_col, k, text};
}

static void sheet_end(struct xml_run *x, const char *name)
{
	struct sheet_state *s = x->ud;
	if (!s->in_cell)
		return;
	if (strcmp(name, "c") == 0) {
		cell_end(x, s);
	} else if (strcmp(name, "v") == 0 && s->in_v) {
		s->in_v = x->collect = false;
	} else if (strcmp(name, "is") == 0) {
		s->in_is = false;
	} else if (strcmp(name, "rPh") == 0) {
		s->in_rph--;
	} else if (strcmp(name, "t") == 0) {
		x->collect = false;
	}
}

static void sheet_state_free(struct sheet_state *s)
{
	for (int i = 0; i < s->n_cells; i++)
		free(s->cells[i].text);
	free(s->cells);
	free(s->merges);
}

/* ---- the table ---- */

/* Checks the dense table's size; n_rows and n_cols from the cells. */
static int table_size(const struct xlsx_book *b, const char *part, const struct sheet_state *s, int *n_rows,
		      int *n_cols, struct error *err)
{
	*n_rows = 0;
	*n_cols = 0;
	for (int i = 0; i < s->n_cells; i++) {
		if (i == 0 || s->cells[i].row != s->cells[i - 1].row)
			++*n_rows;
		if (s->cells[i].col + 1 > *n_cols)
			*n_cols = s->cells[i].col + 1;
	}
	if (*n_rows > b->lim.rows)
		return book_fail(b, part, err, ERR_DATA, "more than %ld rows with values", b->lim.rows);
	if (*n_cols > b->lim.cols) {
		char ref[XLSX_REF_MAX];
		for (int i = 0; i < s->n_cells; i++)
			if (s->cells[i].col + 1 == *n_cols)
				xlsx_ref(s->cells[i].row, s->cells[i].col, ref);
		return book_fail(b, part, err, ERR_DATA, "cell %s is beyond the %ld columns a table may have",
				 ref, b->lim.cols);
	}
	if ((long long)*n_rows * *n_cols > b->lim.cells)
		return book_fail(b, part, err, ERR_DATA, "%d rows of %d columns are more than %ld cells",
				 *n_rows, *n_cols, b->lim.cells);
	return 0;
}

/* Moves the cells of s into t's dense rows; "" where a row has no cell. */
static int table_fill(struct xlsx_table *t, struct sheet_state *s, int n_rows, int n_cols)
{
	t->csv.n_cols = n_cols;
	if (n_rows && (!(t->csv.rows = calloc((size_t)n_rows, sizeof *t->csv.rows)) ||
		       !(t->kind = calloc((size_t)n_rows, sizeof *t->kind))))
		return -1;
	int i = 0;
	for (int r = 0; r < n_rows; r++) {
		struct csv_row *row = &t->csv.rows[r];
		row->f = calloc((size_t)n_cols, sizeof *row->f);
		t->kind[r] = calloc((size_t)n_cols, sizeof **t->kind);
		if (!row->f || !t->kind[r]) {
			free(row->f);
			row->f = NULL;
			return -1;
		}
		t->csv.n_rows++;
		row->n = n_cols;
		row->line = s->cells[i].row + 1;
		for (; i < s->n_cells && s->cells[i].row + 1 == row->line; i++) {
			row->f[s->cells[i].col] = s->cells[i].text;
			t->kind[r][s->cells[i].col] = s->cells[i].kind;
			s->cells[i].text = NULL;
		}
		for (int c = 0; c < n_cols; c++)
			if (!row->f[c] && !(row->f[c] = strdup("")))
				return -1;
	}
	return 0;
}

static int table_build(struct xlsx_book *b, int index, struct sheet_state *s, struct xlsx_table *t,
		       struct error *err)
{
	const struct xlsx_sheet_ref *sh = &b->sheets[index];
	int n_rows, n_cols;
	if (table_size(b, sh->part, s, &n_rows, &n_cols, err))
		return -1;
	struct buf name = {0};
	if (buf_printf(&name, "%s:%s", b->file, sh->name) || !(t->csv.name = buf_detach(&name)) ||
	    !(t->sheet = strdup(sh->name)) || table_fill(t, s, n_rows, n_cols))
		return book_fail(b, NULL, err, ERR_IO, "out of memory");
	t->merges = s->merges;
	t->n_merges = s->n_merges;
	s->merges = NULL;
	s->n_merges = 0;
	return 0;
}

int xlsx_table_read(struct xlsx_book *book, int index, struct xlsx_table *t, struct error *err)
{
	memset(t, 0, sizeof *t);
	if (index < 0 || index >= book->n_sheets)
		return book_fail(book, NULL, err, ERR_DATA, "no sheet %d (the workbook has %d)", index + 1,
				 book->n_sheets);
	struct sheet_state s = {.row = -1};
	struct xml_run x = xml_run_of(book, book->sheets[index].part, err, sheet_start, sheet_end, &s);
	bool found;
	int rc = run_part(&x, true, &found);
	if (rc == 0 && !found)
		rc = book_fail(book, book->sheets[index].part, err, ERR_DATA,
			       "the part of sheet \"%s\" is missing", book->sheets[index].name);
	if (rc == 0)
		rc = table_build(book, index, &s, t, err);
	sheet_state_free(&s);
	if (rc)
		xlsx_table_free(t);
	return rc;
}

int xlsx_table_take_header(struct xlsx_table *t, int r, struct error *err)
{
	struct csv_file *csv = &t->csv;
	if (r < 0 || r >= csv->n_rows || csv->header)
		return error_set(err, ERR_DATA, "%s: no row %d to take as the header", csv->name, r + 1);
	char **key = calloc((size_t)csv->n_cols + 1, sizeof *key);
	char **header = calloc((size_t)csv->n_cols + 1, sizeof *header);
	for (int c = 0; key && header && c < csv->n_cols; c++) {
		if (!(header[c] = text_trim(csv->rows[r].f[c])) || !(key[c] = text_fold(header[c]))) {
			for (int k = 0; k <= c; k++) {
				free(header[k]);
				free(key[k]);
			}
			free(key);
			key = NULL;
		}
	}
	if (!key || !header) {
		free(key);
		free(header);
		return error_set(err, ERR_IO, "out of memory");
	}
	csv->header = header;
	csv->key = key;
	t->header_line = csv->rows[r].line;
	for (int i = 0; i <= r; i++) {
		for (int c = 0; c < csv->rows[i].n; c++)
			free(csv->rows[i].f[c]);
		free(csv->rows[i].f);
		if (i < r)
			free(t->kind[i]);
	}
	t->header_kind = t->kind[r];
	memmove(csv->rows, csv->rows + r + 1, (size_t)(csv->n_rows - r - 1) * sizeof *csv->rows);
	memmove(t->kind, t->kind + r + 1, (size_t)(csv->n_rows - r - 1) * sizeof *t->kind);
	csv->n_rows -= r + 1;
	return 0;
}

const struct xlsx_range *xlsx_merge_at(const struct xlsx_table *t, int row, int col)
{
	for (int i = 0; i < t->n_merges; i++) {
		const struct xlsx_range *m = &t->merges[i];
		if (row >= m->row0 && row <= m->row1 && col >= m->col0 && col <= m->col1)
			return m;
	}
	return NULL;
}

void xlsx_table_free(struct xlsx_table *t)
{
	for (int r = 0; t->kind && r < t->csv.n_rows; r++)
		free(t->kind[r]);
	free(t->kind);
	free(t->header_kind);
	free(t->sheet);
	free(t->merges);
	csv_file_free(&t->csv);
	memset(t, 0, sizeof *t);
}

/* ---- dates ---- */

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int xlsx_date_text(const char *text, bool date1904, char out[11])
{
	bool neg;
	uint64_t d;
	int nd;
	long scale;
	if (!text || decimal_parse(text, &neg, &d, &nd, &scale) || neg)
		return -1;
	double value = strtod(text, NULL);
	if (!(value >= 0 && value < 2958466))
		return -1;
	long serial = (long)value; /* the day; the time of day dropped */
	int y = date1904 ? 1904 : 1900, m = 1, day;
	if (!date1904 && serial == 60) {
		memcpy(out, "1900-02-29", 11); /* Excel's phantom day, kept from Lotus 1-2-3 */
		return 0;
	}
	long n = date1904 ? serial : serial > 60 ? serial - 2 : serial - 1; /* days after 1 January */
	if ((!date1904 && serial < 1) || serial > 2958465)
		return -1;
	while (n >= (leap(y) ? 366 : 365))
		n -= leap(y++) ? 366 : 365;
	static const int DAYS[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	while (n >= DAYS[m - 1] + (m == 2 && leap(y))) {
		n -= DAYS[m - 1] + (m == 2 && leap(y));
		m++;
	}
	day = (int)n + 1;
	if (y > 9999)
		return -1;
	char tmp[32];
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, day);
	memcpy(out, tmp, 11);
	return 0;
}
