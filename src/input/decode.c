/*
 * decode.c — file bytes to UTF-8 NFC text (see decode.h for the detection
 * rules). UTF-16 and the legacy code pages are converted with glibc's iconv:
 * its "CP1258" composes Excel's combining tone marks back onto their letters
 * and its "TCVN5712-1" (VN1) is a superset of TCVN3, with the same bytes for
 * every letter TCVN3 has. Unicode normalisation and character properties are
 * utf8proc's. Nothing here keeps state between calls.
 */
#include "input/decode.h"

#include "base/text.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

/* Lines reported one by one per file and kind of problem; the rest get one summary finding. */
#define MAX_REPORTED_LINES 20
/* Bytes of a legacy file read both ways to score the two readings: plenty for a CSV's names. */
#define SCORE_SAMPLE (1u << 20)

static const char REPLACEMENT[] = "\xEF\xBF\xBD"; /* U+FFFD */

int read_file_max(const char *path, size_t max, char **bytes, size_t *len, struct error *err)
{
	/*
	 * O_NONBLOCK: opening a FIFO must not wait for a writer. Only regular
	 * files are read, so nothing can block afterwards either; one too big is
	 * refused before reading it.
	 */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return error_set(err, ERR_IO, "%s: %s", path, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return error_set(err, ERR_IO, "%s: not a regular file", path);
	}
	if ((uint64_t)st.st_size > max) {
		close(fd);
		return error_set(err, ERR_DATA, "%s: file larger than %zu MiB", path, max >> 20);
	}
	/* One byte more than the size: a file that grows while read is still capped. */
	size_t cap = (size_t)st.st_size + 1, n = 0;
	char *buf = malloc(cap + 1);
	ssize_t got = 1;
	while (buf && n < cap && got != 0) {
		got = read(fd, buf + n, cap - n);
		if (got < 0 && errno != EINTR)
			break;
		n += got > 0 ? (size_t)got : 0;
	}
	int e = errno;
	close(fd);
	if (!buf)
		return error_set(err, ERR_IO, "%s: out of memory", path);
	if (got < 0 && e != EINTR) {
		free(buf);
		return error_set(err, ERR_IO, "%s: %s", path, strerror(e));
	}
	if (n > max || n == cap) {
		free(buf);
		return error_set(err, ERR_IO, "%s: changed while being read", path);
	}
	buf[n] = '\0';
	*bytes = buf;
	*len = n;
	return 0;
}

int read_file(const char *path, char **bytes, size_t *len, struct error *err)
{
	return read_file_max(path, DECODE_MAX_FILE, bytes, len, err);
}

/* ---- names ---- */

static const struct {
	const char *name;
	enum encoding enc;
} encoding_names[] = {
    {"auto", ENC_AUTO},	  {"utf-8", ENC_UTF8},	   {"utf8", ENC_UTF8},		 {"utf-16", ENC_UTF16},
    {"utf16", ENC_UTF16}, {"cp1258", ENC_CP1258},  {"windows-1258", ENC_CP1258}, {"tcvn3", ENC_TCVN3},
    {"tcvn", ENC_TCVN3},  {"tcvn5712", ENC_TCVN3}, {"abc", ENC_TCVN3},
};

int encoding_parse(const char *name, enum encoding *enc)
{
	for (size_t i = 0; i < sizeof encoding_names / sizeof encoding_names[0]; i++)
		if (strcasecmp(name, encoding_names[i].name) == 0) {
			*enc = encoding_names[i].enc;
			return 0;
		}
	return -1;
}

const char *encoding_name(enum encoding enc)
{
	switch (enc) {
	case ENC_UTF8:
		return "UTF-8";
	case ENC_UTF16:
		return "UTF-16";
	case ENC_CP1258:
		return "Windows-1258";
	case ENC_TCVN3:
		return "TCVN3";
	case ENC_AUTO:
		break;
	}
	return "auto";
}

/* ---- reporting bad bytes, with line numbers ---- */

/*
 * Counts the line ends in the first n bytes of the text produced so far, as
 * the final '\n' normalisation will (CRLF, CR, LF each end one line), picking
 * up where the last call stopped. Only called where a bad byte comes next, so
 * a CR at the very end is a line end of its own (no LF follows it).
 */
struct line_counter {
	size_t pos;
	int line;
};

static int line_at(struct line_counter *lc, const char *s, size_t n)
{
	for (; lc->pos < n; lc->pos++)
		if (s[lc->pos] == '\n' ||
		    (s[lc->pos] == '\r' && (lc->pos + 1 == n || s[lc->pos + 1] != '\n')))
			lc->line++;
	return lc->line;
}

enum problem { BAD_BYTES, NUL_BYTES };

/* One finding per line with the problem, MAX_REPORTED_LINES at most, then a summary. */
struct reporter {
	struct findings *fs; /* NULL: count only (scoring) */
	const char *file;
	enum encoding enc;
	enum problem what;
	int last_line, lines, first_unlisted, unlisted;
};

static void report(struct reporter *r, int line, unsigned char byte)
{
	if (!r->fs || line == r->last_line)
		return;
	r->last_line = line;
	if (r->lines == MAX_REPORTED_LINES) {
		if (r->unlisted++ == 0)
			r->first_unlisted = line;
		return;
	}
	r->lines++;
	if (r->what == NUL_BYTES)
		finding_add(r->fs, RULE_CSV_SYNTAX, r->file, line, NULL, "the file contains a NUL byte");
	else if (r->enc == ENC_UTF8)
		finding_add(r->fs, RULE_ENCODING, r->file, line, NULL,
			    "byte 0x%02X is not valid UTF-8 (save the file as CSV UTF-8)", byte);
	else if (r->enc == ENC_UTF16)
		finding_add(
		    r->fs, RULE_ENCODING, r->file, line, NULL,
		    "byte 0x%02X is not valid UTF-16 (a truncated character or an unpaired surrogate)", byte);
	else
		finding_add(r->fs, RULE_ENCODING, r->file, line, NULL, "byte 0x%02X is not a character in %s",
			    byte, encoding_name(r->enc));
}

static void report_done(struct reporter *r)
{
	if (!r->fs || !r->unlisted)
		return;
	if (r->what == NUL_BYTES)
		finding_add(r->fs, RULE_CSV_SYNTAX, r->file, r->first_unlisted, NULL,
			    "%d lines from this one on also have NUL bytes (not listed one by one)",
			    r->unlisted);
	else
		finding_add(
		    r->fs, RULE_ENCODING, r->file, r->first_unlisted, NULL,
		    "%d lines from this one on also have bytes not valid in %s (not listed one by one)",
		    r->unlisted, encoding_name(r->enc));
}

/* ---- UTF-8 ---- */

/* Length of the valid UTF-8 sequence at p, 0 if invalid (strict: no overlong form, surrogate or > U+10FFFF).
 */
static size_t utf8_sequence(const unsigned char *p, const unsigned char *end)
{
	unsigned c = p[0], lo = 0x80, hi = 0xBF;
	size_t n;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
	else
		return 0;
	if ((size_t)(end - p) < n || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	return n;
}

/* Counts valid multi-byte sequences and invalid bytes. */
static void utf8_scan(const char *bytes, size_t len, size_t *multi, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)bytes, *end = p + len;
	*multi = *bad = 0;
	while (p < end) {
		size_t k = utf8_sequence(p, end);
		if (k == 0) {
			++*bad;
			k = 1;
		} else if (k > 1) {
			++*multi;
		}
		p += k;
	}
}

/*
 * Copies UTF-8, each invalid byte replaced by U+FFFD and reported. bad is
 * the count from utf8_scan, so the buffer is sized exactly. Returns a
 * malloc'd text (caller frees) or NULL when out of memory.
 */
static char *utf8_copy(const char *bytes, size_t len, size_t bad, struct reporter *r, size_t *n_out)
{
	char *out = malloc(len + 2 * bad + 1);
	if (!out)
		return NULL;
	const unsigned char *p = (const unsigned char *)bytes, *end = p + len;
	struct line_counter lc = {0, 1};
	size_t o = 0;
	while (p < end) {
		size_t k = utf8_sequence(p, end);
		if (k) {
			memcpy(out + o, p, k);
			o += k;
			p += k;
			continue;
		}
		report(r, line_at(&lc, out, o), *p);
		memcpy(out + o, REPLACEMENT, 3);
		o += 3;
		p++;
	}
	out[o] = '\0';
	*n_out = o;
	return out;
}

/* ---- iconv ---- */

/* Makes room for need more bytes after o; false when out of memory (then *buf is freed). */
static bool reserve(char **buf, size_t *cap, size_t o, size_t need)
{
	if (*cap - o >= need)
		return true;
	size_t grown = *cap * 2 + need;
	char *b = realloc(*buf, grown + 1);
	if (!b) {
		free(*buf);
		*buf = NULL;
		return false;
	}
	*buf = b;
	*cap = grown;
	return true;
}

/*
 * Converts len bytes from charset to UTF-8 with iconv. What iconv cannot
 * read becomes U+FFFD — unit bytes at a time (1 for a code page, 2 for
 * UTF-16), a truncated tail at once — is counted in *n_bad and reported
 * through r. Returns a malloc'd, NUL-terminated text the caller frees and its
 * length in *n_out; NULL with err when out of memory or iconv lacks charset.
 */
static char *iconv_to_utf8(const char *charset, const char *bytes, size_t len, size_t unit,
			   struct reporter *r, size_t *n_out, size_t *n_bad, struct error *err)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1) {
		error_set(err, ERR_IO, "iconv cannot convert from %s", charset);
		return NULL;
	}
	size_t cap = len + len / 2 + 64, o = 0, left = len;
	char *out = malloc(cap + 1), *in = (char *)bytes;
	struct line_counter lc = {0, 1};
	bool flushing = false;
	*n_bad = 0;
	while (out && reserve(&out, &cap, o, 64)) {
		char *op = out + o;
		size_t room = cap - o;
		size_t rc = flushing ? iconv(cd, NULL, NULL, &op, &room) : iconv(cd, &in, &left, &op, &room);
		int e = errno;
		o = (size_t)(op - out);
		if (rc != (size_t)-1) {
			if (flushing)
				break;
			/* All read: the converter may still hold a letter back, waiting for a tone mark. */
			flushing = true;
			continue;
		}
		if (e == E2BIG)
			continue;
		if (e != EILSEQ && e != EINVAL) {
			free(out);
			out = NULL;
			break;
		}
		/*
		 * Let the held-back letter out first, so that U+FFFD lands after it.
		 * The conversion above may have filled the buffer: make room for the
		 * letter (a few bytes) and for U+FFFD before writing either.
		 */
		if (!reserve(&out, &cap, o, 64))
			break;
		op = out + o;
		room = cap - o;
		iconv(cd, NULL, NULL, &op, &room);
		o = (size_t)(op - out);
		if (!reserve(&out, &cap, o, 3))
			break;
		++*n_bad;
		report(r, line_at(&lc, out, o), (unsigned char)*in);
		memcpy(out + o, REPLACEMENT, 3);
		o += 3;
		size_t skip = e == EINVAL || left < unit ? left : unit;
		in += skip;
		left -= skip;
	}
	iconv_close(cd);
	if (!out) {
		error_set(err, ERR_IO, "out of memory converting from %s", charset);
		return NULL;
	}
	out[o] = '\0';
	*n_out = o;
	return out;
}

static const char *iconv_charset(enum encoding enc)
{
	return enc == ENC_TCVN3 ? "TCVN5712-1" : "CP1258";
}

/* ---- how Vietnamese a text reads ---- */

/* One character of a word, as the plausibility rules see it. */
struct letter {
	bool foreign;  /* a letter or mark that Vietnamese does not use */
	char base;     /* a–z, lower case; 'd' for đ */
	bool upper;    /* capital */
	bool toned;    /* carries one of the five tone marks */
	bool modified; /* â ă ê ô ơ ư */
	bool d_stroke; /* đ or Đ */
	bool digit;    /* 0–9: part of the word, so that "4\xC40169" is not a word "Ấ" */
};

static bool is_vowel(char b)
{
	return b && strchr("aeiouy", b) != NULL;
}

/* Classifies c; false if c is not part of a word (not a letter or mark). */
static bool classify(utf8proc_int32_t c, struct letter *l)
{
	memset(l, 0, sizeof *l);
	if (c < 0x80) {
		if (isdigit(c)) {
			l->digit = true;
			return true;
		}
		if (!isalpha(c))
			return false;
		l->base = (char)tolower(c);
		l->upper = isupper(c);
		return true;
	}
	if (c == 0x0110 || c == 0x0111) {
		l->base = 'd';
		l->upper = c == 0x0110;
		l->d_stroke = true;
		return true;
	}
	utf8proc_category_t cat = utf8proc_category(c);
	if (cat < UTF8PROC_CATEGORY_LU || cat > UTF8PROC_CATEGORY_ME)
		return false;
	l->foreign = true;
	utf8proc_int32_t d[4];
	int boundclass = 0;
	utf8proc_ssize_t n = utf8proc_decompose_char(c, d, 4, UTF8PROC_DECOMPOSE, &boundclass);
	if (n < 2 || n > 3 || d[0] >= 0x80 || !is_vowel((char)tolower(d[0])))
		return true;
	char b = (char)tolower(d[0]);
	int tones = 0, mods = 0;
	for (utf8proc_ssize_t i = 1; i < n; i++) {
		switch (d[i]) {
		case 0x0300: /* huyền */
		case 0x0301: /* sắc */
		case 0x0303: /* ngã */
		case 0x0309: /* hỏi */
		case 0x0323: /* nặng */
			tones++;
			break;
		case 0x0302: /* â ê ô */
			if (b != 'a' && b != 'e' && b != 'o')
				return true;
			mods++;
			break;
		case 0x0306: /* ă */
			if (b != 'a')
				return true;
			mods++;
			break;
		case 0x031B: /* ơ ư */
			if (b != 'o' && b != 'u')
				return true;
			mods++;
			break;
		default:
			return true;
		}
	}
	if (tones > 1 || mods > 1)
		return true;
	*l = (struct letter){.base = b, .upper = isupper(d[0]), .toned = tones, .modified = mods};
	return true;
}

/* Vowel clusters of Vietnamese syllables, by base letter (ươ = "uo", uyê = "uye"…). */
static bool vowel_cluster_ok(const char *v)
{
	static const char *const ok[] = {"a",	"e",   "i",   "o",   "u",   "y",   "ai",  "ao",	 "au",	"ay",
					 "eo",	"eu",  "ia",  "ie",  "iu",  "oa",  "oe",  "oi",	 "oo",	"ua",
					 "ue",	"ui",  "uo",  "uu",  "uy",  "ye",  "ieu", "oai", "oao", "oay",
					 "oeo", "uay", "uoi", "uou", "uya", "uye", "uyu", "yeu"};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (strcmp(v, ok[i]) == 0)
			return true;
	return false;
}

/* The word being read by decode_score. */
struct word {
	int len, non_ascii, toned, modified, vowel_groups;
	bool foreign, bad_d, bad_case, digit;
	char prev_base; /* base of the previous letter, 0 at the start */
	bool prev_lower;
	char before_cluster; /* letter before the (first) vowel cluster */
	char cluster[8];     /* its base letters */
	bool cluster_mod[8]; /* which of them carry â ă ê ô ơ ư */
	int cluster_len;
	int tone_at;	/* index in the cluster of the toned letter, -1 if none or outside */
	bool has_final; /* letters follow the cluster (a final consonant) */
};

static void word_add(struct word *w, utf8proc_int32_t c, const struct letter *l)
{
	if (w->len == 0)
		w->tone_at = -1;
	w->non_ascii += c >= 0x80;
	w->foreign |= l->foreign;
	w->digit |= l->digit;
	w->bad_d |= l->d_stroke && w->len > 0;
	w->bad_case |= l->upper && w->prev_lower;
	w->toned += l->toned;
	w->modified += l->modified;
	bool vowel = is_vowel(l->base);
	if (vowel && !is_vowel(w->prev_base) && ++w->vowel_groups == 1)
		w->before_cluster = w->prev_base;
	if (vowel && w->vowel_groups == 1 && w->cluster_len < 7) {
		if (l->toned)
			w->tone_at = w->cluster_len;
		w->cluster_mod[w->cluster_len] = l->modified;
		w->cluster[w->cluster_len++] = l->base;
	}
	w->has_final |= !vowel && w->vowel_groups > 0;
	w->prev_base = l->foreign || l->digit ? '?' : l->base;
	w->prev_lower = !l->upper && !l->foreign;
	w->len++;
}

/*
 * Whether the tone sits where Vietnamese spelling puts it, given the vowel
 * cluster v (gi/qu already dropped, `mod` its â ă ê ô ơ ư flags, tone at
 * index t): on the vowel with a modifier (on ơ in ươ); else, before a final
 * consonant, on the last vowel; else on the first of two vowels (on either
 * in oa, oe, uy: both styles are in use) and the middle of three.
 */
static bool tone_in_place(const char *v, const bool *mod, int t, bool has_final)
{
	int n = (int)strlen(v), mods = 0;
	for (int i = 0; i < n; i++)
		mods += mod[i];
	if (mods == 2) /* ươ */
		return v[t] == 'o';
	if (mods == 1)
		return mod[t];
	if (n == 1 || has_final)
		return t == n - 1;
	if (n == 2)
		return t == 0 || strcmp(v, "oa") == 0 || strcmp(v, "oe") == 0 || strcmp(v, "uy") == 0;
	return t == 1;
}

/* +1 plausible, -1 implausible, 0 not scored (ASCII only). */
static int word_verdict(struct word *w)
{
	if (w->non_ascii == 0)
		return 0;
	char *v = w->cluster;
	const bool *mod = w->cluster_mod;
	int t = w->tone_at;
	v[w->cluster_len] = '\0';
	/* In "gi…" and "qu…" the i/u belong to the consonant (giường, quyết), unless nothing else follows
	 * (gì). */
	if (w->cluster_len > 1 &&
	    ((w->before_cluster == 'g' && v[0] == 'i') || (w->before_cluster == 'q' && v[0] == 'u')))
		v++, mod++, t--;
	/* đ starts a syllable; only in abbreviations (NĐ-CP, QĐ) does it come later. */
	if (w->bad_d && w->vowel_groups > 0)
		return -1;
	/* Vietnamese letters do not touch digits; a stray byte inside a number does. */
	if (w->foreign || w->digit || w->bad_case || w->toned > 1 || w->vowel_groups > 1)
		return -1;
	if (w->vowel_groups == 0)
		return 1; /* đ alone */
	if (!vowel_cluster_ok(v) || (w->modified == 2 && !strstr(v, "uo")) || w->modified > 2)
		return -1;
	if (w->toned && (t < 0 || !tone_in_place(v, mod, t, w->has_final)))
		return -1;
	return 1;
}

/* Non-ASCII signs that ordinary text has outside words: no-break space, typographic punctuation, ₫, €. */
static bool neutral_sign(utf8proc_int32_t c)
{
	return c == 0xA0 || (c >= 0x2000 && c <= 0x206F) || c == 0x20AB || c == 0x20AC;
}

long decode_score(const char *utf8, size_t len, int *first_bad)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)utf8, *end = p + len;
	long score = 0;
	int line = 1, bad_line = 0;
	struct word w = {0};
	while (p <= end) {
		utf8proc_int32_t c = 0;
		utf8proc_ssize_t k = 1;
		if (p < end) {
			k = utf8proc_iterate(p, end - p, &c);
			if (k < 1)
				k = 1, c = 0xFFFD;
		}
		struct letter l;
		if (p < end && classify(c, &l)) {
			word_add(&w, c, &l);
		} else {
			int v = word_verdict(&w);
			score += v;
			if (v < 0 && !bad_line)
				bad_line = line;
			memset(&w, 0, sizeof w);
			if (p < end && c >= 0x80 && !neutral_sign(c)) {
				score--;
				if (!bad_line)
					bad_line = line;
			}
		}
		line += c == '\n';
		p += k;
	}
	if (first_bad)
		*first_bad = bad_line;
	return score;
}

/* Scores the start of a legacy file read as enc. Returns 0, or -1 when out of memory. */
static int score_reading(const char *bytes, size_t len, enum encoding enc, long *score, int *first_bad)
{
	size_t n = len < SCORE_SAMPLE ? len : SCORE_SAMPLE;
	if (n < len) { /* whole lines only: a tone mark is never cut from its letter */
		const char *nl = memrchr(bytes, '\n', n);
		if (nl)
			n = (size_t)(nl - bytes) + 1;
	}
	struct reporter quiet = {0};
	struct error err = {0};
	size_t n_out, n_bad;
	char *text = iconv_to_utf8(iconv_charset(enc), bytes, n, 1, &quiet, &n_out, &n_bad, &err);
	if (!text)
		return -1;
	char *nfc = text_nfc(text);
	free(text);
	if (!nfc)
		return -1;
	*score = decode_score(nfc, strlen(nfc), first_bad);
	free(nfc);
	return 0;
}

/* ---- detection ---- */

static enum encoding bom_of(const char *bytes, size_t len)
{
	const unsigned char *u = (const unsigned char *)bytes;
	if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
		return ENC_UTF8;
	if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
		return ENC_UTF16;
	return ENC_AUTO;
}

int decode_detect(const char *bytes, size_t len, enum encoding *enc, struct encoding_evidence *ev)
{
	struct encoding_evidence local;
	if (!ev)
		ev = &local;
	memset(ev, 0, sizeof *ev);
	ev->bom = bom_of(bytes, len);
	if (ev->bom != ENC_AUTO) {
		*enc = ev->bom;
		return 0;
	}
	utf8_scan(bytes, len, &ev->utf8_multi, &ev->utf8_bad);
	/* Valid, or mostly valid: legacy Vietnamese text hardly ever forms a multi-byte sequence. */
	if (ev->utf8_bad == 0 || ev->utf8_multi >= ev->utf8_bad) {
		*enc = ENC_UTF8;
		return 0;
	}
	if (score_reading(bytes, len, ENC_CP1258, &ev->score_cp1258, &ev->first_bad_cp1258) ||
	    score_reading(bytes, len, ENC_TCVN3, &ev->score_tcvn3, &ev->first_bad_tcvn3))
		return -1;
	ev->scored = 1;
	long best = ev->score_cp1258 >= ev->score_tcvn3 ? ev->score_cp1258 : ev->score_tcvn3;
	if (best <= 0) /* reads as Vietnamese neither way: report the bytes rather than guess */
		*enc = ENC_UTF8;
	else /* ties go to Windows-1258, what Excel writes today */
		*enc = ev->score_cp1258 >= ev->score_tcvn3 ? ENC_CP1258 : ENC_TCVN3;
	return 0;
}

/*
 * A forced encoding the bytes plainly contradict is an `encoding` finding:
 * a BOM or valid multi-byte UTF-8 read as a code page, a code page whose
 * reading is not Vietnamese while the other one's is, UTF-16 without a BOM
 * or a single NUL byte. Returns 0, or -1 when out of memory.
 */
static int check_forced(const char *bytes, size_t len, enum encoding forced, const char *file,
			struct findings *fs)
{
	if (forced == ENC_UTF16) {
		if (len > 0 && bom_of(bytes, len) != ENC_UTF16 && !memchr(bytes, '\0', len))
			finding_add(fs, RULE_ENCODING, file, 0, NULL,
				    "the file is not UTF-16 (no BOM, no zero byte) but --encoding says %s",
				    encoding_name(forced));
		return 0;
	}
	if (forced != ENC_CP1258 && forced != ENC_TCVN3)
		return 0;
	struct encoding_evidence ev;
	enum encoding seen;
	if (decode_detect(bytes, len, &seen, &ev))
		return -1;
	if (ev.bom != ENC_AUTO || (seen == ENC_UTF8 && ev.utf8_bad == 0 && ev.utf8_multi > 0)) {
		finding_add(fs, RULE_ENCODING, file, 0, NULL,
			    "the file is %s text, not %s as --encoding says", encoding_name(seen),
			    encoding_name(forced));
		return 0;
	}
	if (!ev.scored || seen == forced)
		return 0;
	long mine = forced == ENC_CP1258 ? ev.score_cp1258 : ev.score_tcvn3;
	long other = forced == ENC_CP1258 ? ev.score_tcvn3 : ev.score_cp1258;
	int line = forced == ENC_CP1258 ? ev.first_bad_cp1258 : ev.first_bad_tcvn3;
	if (mine <= 0 && other > 0)
		finding_add(fs, RULE_ENCODING, file, line, NULL,
			    "read as %s (--encoding) the text is not Vietnamese; the file looks like %s",
			    encoding_name(forced), encoding_name(seen));
	return 0;
}

/* ---- the whole way ---- */

int decode_text(const char *bytes, size_t len, enum encoding enc, const char *file, struct findings *fs,
		char **out, struct error *err)
{
	if (len > DECODE_MAX_FILE)
		return error_set(err, ERR_DATA, "%s: file larger than %u MiB", file, DECODE_MAX_FILE >> 20);
	if (enc == ENC_AUTO ? decode_detect(bytes, len, &enc, NULL) : check_forced(bytes, len, enc, file, fs))
		return error_set(err, ERR_IO, "%s: out of memory", file);

	const unsigned char *u = (const unsigned char *)bytes;
	struct reporter bad = {.fs = fs, .file = file, .enc = enc, .what = BAD_BYTES};
	char *utf8 = NULL;
	size_t n = 0, n_bad = 0;
	if (enc == ENC_UTF16) {
		bool be = len >= 2 && u[0] == 0xFE && u[1] == 0xFF;
		size_t skip = bom_of(bytes, len) == ENC_UTF16 ? 2 : 0;
		utf8 = iconv_to_utf8(be ? "UTF-16BE" : "UTF-16LE", bytes + skip, len - skip, 2, &bad, &n,
				     &n_bad, err);
	} else if (enc == ENC_CP1258 || enc == ENC_TCVN3) {
		utf8 = iconv_to_utf8(iconv_charset(enc), bytes, len, 1, &bad, &n, &n_bad, err);
	} else {
		size_t skip = bom_of(bytes, len) == ENC_UTF8 ? 3 : 0, multi;
		utf8_scan(bytes + skip, len - skip, &multi, &n_bad);
		utf8 = utf8_copy(bytes + skip, len - skip, n_bad, &bad, &n);
		if (!utf8)
			error_set(err, ERR_IO, "%s: out of memory", file);
	}
	if (!utf8)
		return -1;
	report_done(&bad);

	/* Line ends to '\n'; a NUL byte is reported and dropped. */
	struct reporter nul = {.fs = fs, .file = file, .enc = enc, .what = NUL_BYTES};
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
			report(&nul, line, 0);
			continue;
		}
		if (c == '\n')
			line++;
		utf8[o++] = c;
	}
	utf8[o] = '\0';
	report_done(&nul);

	char *nfc = text_nfc(utf8);
	free(utf8);
	if (!nfc)
		return error_set(err, ERR_IO, "%s: out of memory", file);
	*out = nfc;
	return 0;
}
