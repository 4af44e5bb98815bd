/*
 * text.c — NFC, case/diacritics folding and upper-casing with utf8proc
 * (see text.h).
 */
#include "base/text.h"

#include "base/vec.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/*
 * utf8proc_NFC decomposes its whole input into 32-bit code points before
 * composing: 4 to 8 bytes of memory per input byte, gigabytes for a file
 * near DECODE_MAX_FILE. So a long text is normalised in blocks of about
 * NFC_BLOCK bytes, each cut just before an ASCII character: no canonical
 * composition has an ASCII character as its second part, and an ASCII
 * character (combining class 0) stops the reordering of marks, so nothing
 * interacts across such a cut and the blocks' NFC is the whole text's NFC.
 */
#define NFC_BLOCK ((size_t)64 << 10)

static bool is_ascii(char c)
{
	return (unsigned char)c < 0x80;
}

/* utf8proc's NFC of [p, end) appended to out; -1 on out of memory or invalid UTF-8. */
static int append_nfc(struct buf *out, const char *p, const char *end)
{
	char *block = strndup(p, (size_t)(end - p));
	char *nfc = block ? (char *)utf8proc_NFC((const utf8proc_uint8_t *)block) : NULL;
	free(block);
	/* NFC can lengthen some scripts' text: the buf grows as needed. */
	int rc = nfc ? buf_append_str(out, nfc) : -1;
	free(nfc);
	return rc;
}

/*
 * ASCII is its own NFC, and a cut before an ASCII character changes
 * nothing (see NFC_BLOCK): so ASCII is copied as it is, and only the
 * stretches with other characters go through utf8proc — each from the
 * character before its first non-ASCII one to the next ASCII character,
 * stretches a few ASCII bytes apart taken together (fewer calls), up to
 * about NFC_BLOCK bytes. A file of figures is almost all ASCII: utf8proc
 * took some 300 instructions a byte over all of it.
 */
/*
 * Where the stretch to normalise from `from` ends, its first non-ASCII byte
 * at q: at an ASCII byte (or the end), the next non-ASCII run taken in when
 * at most 33 ASCII bytes away, while the stretch is under NFC_BLOCK.
 */
static const char *stretch_end(const char *from, const char *q, const char *end)
{
	const char *cut = q;
	for (;;) {
		while (cut < end && !is_ascii(*cut))
			cut++;
		const char *next = cut;
		while (next < end && is_ascii(*next) && next - cut <= 32)
			next++;
		if (next == end || is_ascii(*next) || (size_t)(cut - from) >= NFC_BLOCK)
			return cut;
		cut = next; /* a few ASCII bytes, then more to normalise: one stretch */
	}
}

char *text_nfc(const char *s)
{
	struct buf out = {0};
	const char *p = s, *end = s + strlen(s);
	if (buf_append(&out, "", 0))
		return NULL;
	while (p < end) {
		const char *q = p;
		while (q < end && is_ascii(*q))
			q++;
		/* The ASCII letter before q may take the marks that follow it. */
		const char *from = q == end ? end : q > p ? q - 1 : q;
		const char *cut = q == end ? end : stretch_end(from, q, end);
		if (buf_append(&out, p, (size_t)(from - p)) || (from < cut && append_nfc(&out, from, cut))) {
			buf_free(&out);
			return NULL;
		}
		p = cut;
	}
	return buf_detach(&out);
}

bool text_valid_utf8(const char *s, size_t len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t left = (utf8proc_ssize_t)len;
	while (left > 0) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate(p, left, &c);
		if (n < 0)
			return false;
		p += n;
		left -= n;
	}
	return true;
}

char *text_fold(const char *s)
{
	utf8proc_uint8_t *folded = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &folded,
					  UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE |
					      UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD | UTF8PROC_COMPAT);
	if (n < 0)
		return NULL;
	char *out = malloc((size_t)n + 1);
	if (!out) {
		free(folded);
		return NULL;
	}
	size_t o = 0;
	bool gap = false;
	const utf8proc_uint8_t *p = folded;
	while (*p) {
		utf8proc_int32_t c;
		utf8proc_ssize_t len = utf8proc_iterate(p, -1, &c);
		if (len <= 0)
			break;
		p += len;
		if (c == 0x0111) /* đ has no decomposition: it is its own letter */
			c = 'd';
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (gap && o > 0)
				out[o++] = '_';
			gap = false;
			out[o++] = (char)c;
		} else if (c < 0x80) {
			gap = true;
		} else {
			/* Another letter (a foreign script): keep it as it is. */
			if (gap && o > 0)
				out[o++] = '_';
			gap = false;
			utf8proc_uint8_t buf[4];
			utf8proc_ssize_t k = utf8proc_encode_char(c, buf);
			memcpy(out + o, buf, (size_t)k);
			o += (size_t)k;
		}
	}
	out[o] = '\0';
	free(folded);
	return out;
}

char *text_upper(const char *s)
{
	size_t len = strlen(s);
	/* An upper-case letter never takes more than 4 bytes; keep room for all. */
	char *buf = malloc(len * 4 + 1);
	if (!buf)
		return NULL;
	size_t o = 0;
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t left = (utf8proc_ssize_t)len;
	while (left > 0) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate(p, left, &c);
		if (n < 0) {
			free(buf);
			return NULL;
		}
		p += n;
		left -= n;
		o += (size_t)utf8proc_encode_char(utf8proc_toupper(c), (utf8proc_uint8_t *)buf + o);
	}
	buf[o] = '\0';
	char *nfc = text_nfc(buf);
	free(buf);
	return nfc;
}

char *text_trim(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return strndup(s, n);
}

/* The look-alikes and the letters meant (UTF-8). */
static const struct {
	const char *from, *to, *from_name, *to_name;
} LOOKALIKES[] = {
    {"\xC3\x90", "\xC4\x90", "Ð (U+00D0)", "Đ (U+0110)"},
    {"\xC3\xB0", "\xC4\x91", "ð (U+00F0)", "đ (U+0111)"},
    {"\xD0\x90", "A", "А (U+0410)", "A"},
    {"\xD0\x92", "B", "В (U+0412)", "B"},
    {"\xD0\x95", "E", "Е (U+0415)", "E"},
    {"\xD0\x9A", "K", "К (U+041A)", "K"},
    {"\xD0\x9C", "M", "М (U+041C)", "M"},
    {"\xD0\x9D", "H", "Н (U+041D)", "H"},
    {"\xD0\x9E", "O", "О (U+041E)", "O"},
    {"\xD0\xA0", "P", "Р (U+0420)", "P"},
    {"\xD0\xA1", "C", "С (U+0421)", "C"},
    {"\xD0\xA2", "T", "Т (U+0422)", "T"},
    {"\xD0\xA5", "X", "Х (U+0425)", "X"},
    {"\xD0\xB0", "a", "а (U+0430)", "a"},
    {"\xD0\xB5", "e", "е (U+0435)", "e"},
    {"\xD0\xBE", "o", "о (U+043E)", "o"},
    {"\xD1\x80", "p", "р (U+0440)", "p"},
    {"\xD1\x81", "c", "с (U+0441)", "c"},
    {"\xD1\x83", "y", "у (U+0443)", "y"},
    {"\xD1\x85", "x", "х (U+0445)", "x"},
    {"\xD1\x96", "i", "і (U+0456)", "i"},
};

char *text_lookalikes(const char *s, const char **found, const char **meant, bool *oom)
{
	*found = *meant = NULL;
	size_t n = sizeof LOOKALIKES / sizeof *LOOKALIKES, len = strlen(s);
	char *out = NULL;
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		/* Every look-alike starts with a byte past ASCII: ASCII bytes need no comparing. */
		size_t k = is_ascii(s[i]) ? n : 0;
		while (k < n && strncmp(s + i, LOOKALIKES[k].from, strlen(LOOKALIKES[k].from)) != 0)
			k++;
		if (k < n && !out) {
			out = malloc(len + 1); /* every look-alike is 2 bytes, its letter 1 or 2 */
			if (!out) {
				*oom = true;
				return NULL;
			}
			memcpy(out, s, i);
			o = i;
			*found = LOOKALIKES[k].from_name;
			*meant = LOOKALIKES[k].to_name;
		}
		if (k < n) {
			size_t t = strlen(LOOKALIKES[k].to);
			memcpy(out + o, LOOKALIKES[k].to, t);
			o += t;
			i += strlen(LOOKALIKES[k].from);
		} else {
			if (out)
				out[o++] = s[i];
			i++;
		}
	}
	if (out)
		out[o] = '\0';
	return out;
}
