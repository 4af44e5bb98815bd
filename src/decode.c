/*
 * decode.c — file bytes to UTF-8 NFC text (see decode.h). Legacy encodings
 * are converted with glibc's iconv; Unicode normalisation is utf8proc's.
 */
#include "decode.h"

#include "text.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int read_file(const char *path, char **bytes, size_t *len, struct error *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return error_set(err, ERR_IO, "%s: %s", path, strerror(errno));
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap + 1);
	while (buf) {
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (n < cap)
			break;
		if (cap >= DECODE_MAX_FILE) {
			free(buf);
			fclose(f);
			return error_set(err, ERR_DATA, "%s: file larger than %u MiB", path,
					 DECODE_MAX_FILE >> 20);
		}
		cap *= 2;
		char *grown = realloc(buf, cap + 1);
		if (!grown) {
			free(buf);
			buf = NULL;
		}
		buf = grown;
	}
	if (!buf) {
		fclose(f);
		return error_set(err, ERR_IO, "%s: out of memory", path);
	}
	if (ferror(f)) {
		int e = errno;
		free(buf);
		fclose(f);
		return error_set(err, ERR_IO, "%s: %s", path, strerror(e));
	}
	fclose(f);
	buf[n] = '\0';
	*bytes = buf;
	*len = n;
	return 0;
}

/* UTF-16 (with BOM) to UTF-8 through iconv. Returns malloc'd text or NULL; *bad set on invalid input. */
static char *from_utf16(const char *bytes, size_t len, const char *charset, size_t *out_len, int *bad)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1)
		return NULL;
	size_t cap = len * 2 + 4, left_out = cap;
	char *out = malloc(cap + 1), *o = out;
	char *in = (char *)bytes;
	size_t left_in = len;
	*bad = 0;
	while (out && left_in > 0) {
		if (iconv(cd, &in, &left_in, &o, &left_out) != (size_t)-1)
			break;
		if (errno == EILSEQ || errno == EINVAL) {
			/* Skip the two bad bytes, mark them. */
			*bad = 1;
			size_t skip = left_in < 2 ? left_in : 2;
			in += skip;
			left_in -= skip;
			if (left_out >= 3) {
				memcpy(o, "\xEF\xBF\xBD", 3);
				o += 3;
				left_out -= 3;
			}
		} else {
			free(out);
			out = NULL;
		}
	}
	iconv_close(cd);
	if (!out)
		return NULL;
	*out_len = (size_t)(o - out);
	out[*out_len] = '\0';
	return out;
}

int decode_text(const char *bytes, size_t len, const char *file, struct findings *fs, char **out,
		struct error *err)
{
	char *utf8 = NULL;
	size_t n = 0;
	const unsigned char *u = (const unsigned char *)bytes;
	if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
		int bad = 0;
		utf8 = from_utf16(bytes + 2, len - 2, u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE", &n, &bad);
		if (!utf8)
			return error_set(err, ERR_IO, "%s: cannot convert from UTF-16", file);
		if (bad)
			finding_add(fs, SEV_ERROR, "encoding", file, 0, NULL,
				    "tệp UTF-16 có byte không hợp lệ (đã thay bằng \xEF\xBF\xBD)",
				    "the UTF-16 file has invalid bytes (replaced by \xEF\xBF\xBD)");
	} else {
		size_t skip = (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) ? 3 : 0;
		n = len - skip;
		utf8 = malloc(n * 3 + 1); /* room to replace every byte by U+FFFD */
		if (!utf8)
			return error_set(err, ERR_IO, "%s: out of memory", file);
		/* Copy, replacing invalid UTF-8 byte by byte; report the first per line. */
		const char *p = bytes + skip, *end = bytes + len;
		size_t o = 0;
		int line = 1, reported_line = 0;
		while (p < end) {
			unsigned char c = (unsigned char)*p;
			size_t k = c < 0x80		? 1
				   : (c & 0xE0) == 0xC0 ? 2
				   : (c & 0xF0) == 0xE0 ? 3
				   : (c & 0xF8) == 0xF0 ? 4
							: 0;
			if (k > 0 && (size_t)(end - p) >= k && text_valid_utf8(p, k)) {
				memcpy(utf8 + o, p, k);
				o += k;
				p += k;
				if (c == '\n')
					line++;
				continue;
			}
			if (reported_line != line)
				finding_add(
				    fs, SEV_ERROR, "encoding", file, line, NULL,
				    "byte 0x%02X không hợp lệ trong UTF-8 (tệp cần lưu dạng CSV UTF-8)",
				    "byte 0x%02X is not valid UTF-8 (save the file as CSV UTF-8)", c);
			reported_line = line;
			memcpy(utf8 + o, "\xEF\xBF\xBD", 3);
			o += 3;
			p++;
		}
		n = o;
		utf8[n] = '\0';
	}

	/* Line ends to '\n'; a NUL byte is reported and dropped. */
	size_t o = 0;
	int line = 1;
	for (size_t i = 0; i < n; i++) {
		char c = utf8[i];
		if (c == '\r') {
			if (i + 1 < n && utf8[i + 1] == '\n')
				continue;
			c = '\n';
		}
		if (c == '\0') {
			finding_add(fs, SEV_ERROR, "csv-syntax", file, line, NULL, "tệp chứa byte NUL",
				    "the file contains a NUL byte");
			continue;
		}
		if (c == '\n')
			line++;
		utf8[o++] = c;
	}
	utf8[o] = '\0';

	char *nfc = text_nfc(utf8);
	free(utf8);
	if (!nfc)
		return error_set(err, ERR_IO, "%s: out of memory", file);
	*out = nfc;
	return 0;
}
