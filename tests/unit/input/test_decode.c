/*
 * Unit tests: bytes → UTF-8 NFC (decode.c). Each encoding a clerk's file may
 * be in is detected and decoded to the exact text; bad bytes are findings at
 * their line. The legacy byte strings were made with glibc's iconv (and, for
 * Excel's Windows-1258 with every tone as a combining mark, with Python's
 * cp1258 codec on the text with its tones split off) from the UTF-8 below.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "input/decode.h"

/* The text every legacy sample encodes, as decode_text must return it. */
#define NAMES "Huyện Đak Đoa;Thị xã An Khê;Chư Păh;Krông Pa;Phú Thiện\n"
#define ALPHABET                                                                                                                                                                                 \
	"à á ả ã ạ ằ ắ ẳ ẵ ặ ầ ấ ẩ ẫ ậ è é ẻ ẽ ẹ ề ế ể ễ ệ ì í ỉ ĩ ị ò ó ỏ õ ọ ồ ố ổ ỗ ộ ờ ớ ở ỡ ợ ù ú ủ ũ " \
	"ụ ừ ứ ử ữ ự ỳ ý ỷ ỹ ỵ ă â ê ô ơ ư đ Đ\n"
#define UPPER "HUYỆN ĐẮK ĐOA, THỊ XÃ AN KHÊ, Ủy ban nhân dân tỉnh\n"

/* Excel's "CSV" on Vietnamese Windows: every tone a combining mark after its letter, CRLF. */
static const char CP1258_EXCEL[] =
    "Huy\xEA\xF2n \xD0"
    "ak \xD0oa;Thi\xF2 xa\xDE An Kh\xEA;Ch\xFD P\xE3h;Kr\xF4ng Pa;Phu\xEC Thi\xEA\xF2n\x0D\x0A"
    "a\xCC a\xEC a\xD2 a\xDE a\xF2 \xE3\xCC \xE3\xEC \xE3\xD2 \xE3\xDE \xE3\xF2 \xE2\xCC \xE2\xEC \xE2\xD2 "
    "\xE2\xDE \xE2\xF2 e\xCC e\xEC e\xD2 e\xDE e\xF2 \xEA\xCC \xEA\xEC \xEA\xD2 \xEA\xDE \xEA\xF2 i\xCC "
    "i\xEC i\xD2 i\xDE i\xF2 o\xCC o\xEC o\xD2 o\xDE o\xF2 \xF4\xCC \xF4\xEC \xF4\xD2 \xF4\xDE \xF4\xF2 "
    "\xF5\xCC \xF5\xEC \xF5\xD2 \xF5\xDE \xF5\xF2 u\xCC u\xEC u\xD2 u\xDE u\xF2 \xFD\xCC \xFD\xEC \xFD\xD2 "
    "\xFD\xDE \xFD\xF2 y\xCC y\xEC y\xD2 y\xDE y\xF2 \xE3 \xE2 \xEA \xF4 \xF5 \xFD \xF0 \xD0\x0D\x0A"
    "HUY\xCA\xF2N \xD0\xC3\xECK \xD0OA, THI\xF2 XA\xDE AN KH\xCA, U\xD2y ban nh\xE2n d\xE2n ti\xD2nh\x0D\x0A";

/* The same through iconv -t CP1258: precomposed where Windows-1258 has the letter. */
static const char CP1258_ICONV[] =
    "Huy\xEA\xF2n \xD0"
    "ak \xD0oa;Thi\xF2 xa\xDE An Kh\xEA;Ch\xFD P\xE3h;Kr\xF4ng Pa;Ph\xFA Thi\xEA\xF2n\x0D\x0A"
    "\xE0 \xE1 a\xD2 a\xDE a\xF2 \xE3\xCC \xE3\xEC \xE3\xD2 \xE3\xDE \xE3\xF2 \xE2\xCC \xE2\xEC \xE2\xD2 "
    "\xE2\xDE \xE2\xF2 \xE8 \xE9 e\xD2 e\xDE e\xF2 \xEA\xCC \xEA\xEC \xEA\xD2 \xEA\xDE \xEA\xF2 i\xCC \xED "
    "i\xD2 i\xDE i\xF2 o\xCC \xF3 o\xD2 o\xDE o\xF2 \xF4\xCC \xF4\xEC \xF4\xD2 \xF4\xDE \xF4\xF2 \xF5\xCC "
    "\xF5\xEC \xF5\xD2 \xF5\xDE \xF5\xF2 \xF9 \xFA u\xD2 u\xDE u\xF2 \xFD\xCC \xFD\xEC \xFD\xD2 \xFD\xDE "
    "\xFD\xF2 y\xCC y\xEC y\xD2 y\xDE y\xF2 \xE3 \xE2 \xEA \xF4 \xF5 \xFD \xF0 \xD0\x0D\x0A"
    "HUY\xCA\xF2N \xD0\xC3\xECK \xD0OA, THI\xF2 XA\xDE AN KH\xCA, U\xD2y ban nh\xE2n d\xE2n ti\xD2nh\x0D\x0A";

/* TCVN3 (ABC): small letters precomposed in 0xA1–0xFF; its capitals are Ă Â Ê Ô Ơ Ư Đ only. */
static const char TCVN3[] =
    "Huy\xD6n \xA7"
    "ak \xA7oa;Th\xDE x\xB7 An Kh\xAA;Ch\xAD P\xA8h;Kr\xABng Pa;Ph\xF3 Thi\xD6n\x0D\x0A"
    "\xB5 \xB8 \xB6 \xB7 \xB9 \xBB \xBE \xBC \xBD \xC6 \xC7 \xCA \xC8 \xC9 \xCB \xCC \xD0 \xCE \xCF \xD1 "
    "\xD2 "
    "\xD5 \xD3 \xD4 \xD6 \xD7 \xDD \xD8 \xDC \xDE \xDF \xE3 \xE1 \xE2 \xE4 \xE5 \xE8 \xE6 \xE7 \xE9 \xEA "
    "\xED "
    "\xEB \xEC \xEE \xEF \xF3 \xF1 \xF2 \xF4 \xF5 \xF8 \xF6 \xF7 \xF9 \xFA \xFD \xFB \xFC \xFE \xA8 \xA9 "
    "\xAA "
    "\xAB \xAC \xAD \xAE \xA7\x0D\x0A";

/* TCVN 5712 VN1's capitals with tones (0x80–0x9F), as glibc writes them. */
static const char TCVN_UPPER[] =
    "HUY\x8CN \xA7\xC0K \xA7OA, TH\x91 X\x82 AN KH\xA3, \x9Ey ban nh\xA9n d\xA9n t\xD8nh\x0D\x0A";

/* Decodes, expecting success; returns the text (caller frees). */
static char *decode(const char *bytes, size_t len, enum encoding enc, struct findings *fs)
{
	char *text = NULL;
	struct error err = {0};
	assert_int_equal(decode_text(bytes, len, enc, "t.csv", fs, &text, &err), 0);
	assert_non_null(text);
	return text;
}

/* Decodes expecting exactly `want` and no finding. */
static void check_clean(const char *bytes, size_t len, enum encoding enc, const char *want)
{
	struct findings fs = {.lang = LANG_EN};
	char *text = decode(bytes, len, enc, &fs);
	for (int i = 0; i < fs.n; i++)
		print_message("unexpected finding: line %d [%s] %s\n", fs.v[i].line, fs.v[i].rule,
			      fs.v[i].message);
	assert_int_equal(fs.n, 0);
	assert_string_equal(text, want);
	free(text);
	findings_free(&fs);
}

static enum encoding detect(const char *bytes, size_t len)
{
	enum encoding enc = ENC_AUTO;
	assert_int_equal(decode_detect(bytes, len, &enc, NULL), 0);
	return enc;
}

/* Asserts finding i has rule and line. */
static void check_finding(const struct findings *fs, int i, const char *rule, int line)
{
	assert_true(i < fs->n);
	assert_string_equal(fs->v[i].rule, rule);
	assert_int_equal(fs->v[i].line, line);
	assert_string_equal(fs->v[i].file, "t.csv");
}

static void utf8_with_and_without_bom(void **state)
{
	(void)state;
	static const char plain[] = "ma,ten\r\n626,Huyện Đak Đoa\r\n";
	static const char bom[] = "\xEF\xBB\xBFma,ten\r\n626,Huyện Đak Đoa\r\n";
	assert_int_equal(detect(plain, sizeof plain - 1), ENC_UTF8);
	assert_int_equal(detect(bom, sizeof bom - 1), ENC_UTF8);
	check_clean(plain, sizeof plain - 1, ENC_AUTO, "ma,ten\n626,Huyện Đak Đoa\n");
	check_clean(bom, sizeof bom - 1, ENC_AUTO, "ma,ten\n626,Huyện Đak Đoa\n");
	check_clean(bom, sizeof bom - 1, ENC_UTF8, "ma,ten\n626,Huyện Đak Đoa\n");
	/* ASCII only is UTF-8; an empty file too. */
	assert_int_equal(detect("ma,nam\n622,2023\n", 16), ENC_UTF8);
	check_clean("", 0, ENC_AUTO, "");
}

static void line_ends(void **state)
{
	(void)state;
	check_clean("a\r\nb\rc\nd\r", 9, ENC_AUTO, "a\nb\nc\nd\n");
	check_clean("x\r\r\ny", 5, ENC_CP1258, "x\n\ny");
}

static void nfd_becomes_nfc(void **state)
{
	(void)state;
	static const char nfd[] =
	    "Huye\xCC\xA3\xCC\x82n \xC4\x90"
	    "ak \xC4\x90oa;Thi\xCC\xA3 xa\xCC\x83 An Khe\xCC\x82;Chu\xCC\x9B Pa\xCC\x86h;"
	    "Kro\xCC\x82ng Pa;Phu\xCC\x81 Thie\xCC\xA3\xCC\x82n\x0D\x0A"
	    "HUYE\xCC\xA3\xCC\x82N \xC4\x90"
	    "A\xCC\x86\xCC\x81K \xC4\x90OA, THI\xCC\xA3 XA\xCC\x83 AN KHE\xCC\x82, "
	    "U\xCC\x89y ban nha\xCC\x82n da\xCC\x82n ti\xCC\x89nh\x0D\x0A";
	assert_int_equal(detect(nfd, sizeof nfd - 1), ENC_UTF8);
	check_clean(nfd, sizeof nfd - 1, ENC_AUTO, NAMES UPPER);
}

static void windows_1258_excel(void **state)
{
	(void)state;
	struct encoding_evidence ev;
	enum encoding enc;
	assert_int_equal(decode_detect(CP1258_EXCEL, sizeof CP1258_EXCEL - 1, &enc, &ev), 0);
	assert_int_equal(enc, ENC_CP1258);
	assert_int_equal(ev.utf8_multi, 0);
	assert_true(ev.score_cp1258 > 0);
	assert_true(ev.score_tcvn3 < 0);
	check_clean(CP1258_EXCEL, sizeof CP1258_EXCEL - 1, ENC_AUTO, NAMES ALPHABET UPPER);
	check_clean(CP1258_EXCEL, sizeof CP1258_EXCEL - 1, ENC_CP1258, NAMES ALPHABET UPPER);
}

static void windows_1258_precomposed(void **state)
{
	(void)state;
	assert_int_equal(detect(CP1258_ICONV, sizeof CP1258_ICONV - 1), ENC_CP1258);
	check_clean(CP1258_ICONV, sizeof CP1258_ICONV - 1, ENC_AUTO, NAMES ALPHABET UPPER);
}

static void tcvn3(void **state)
{
	(void)state;
	struct encoding_evidence ev;
	enum encoding enc;
	assert_int_equal(decode_detect(TCVN3, sizeof TCVN3 - 1, &enc, &ev), 0);
	assert_int_equal(enc, ENC_TCVN3);
	assert_true(ev.score_tcvn3 > 0);
	assert_true(ev.score_cp1258 < 0);
	check_clean(TCVN3, sizeof TCVN3 - 1, ENC_AUTO, NAMES ALPHABET);
	check_clean(TCVN3, sizeof TCVN3 - 1, ENC_TCVN3, NAMES ALPHABET);
	/* Capitals with tones (VN1) read too, and are still told from Windows-1258. */
	assert_int_equal(detect(TCVN_UPPER, sizeof TCVN_UPPER - 1), ENC_TCVN3);
	check_clean(TCVN_UPPER, sizeof TCVN_UPPER - 1, ENC_AUTO, UPPER);
}

/* One name alone, the shortest file that still has to be read right. */
static void short_files(void **state)
{
	(void)state;
	static const struct {
		const char *cp1258, *tcvn3, *utf8;
	} one[] = {
	    {"Huy\xEA\xF2n \xD0"
	     "ak \xD0oa",
	     "Huy\xD6n \xA7"
	     "ak \xA7oa",
	     "Huyện Đak Đoa"},
	    {"Thi\xF2 xa\xDE An Kh\xEA", "Th\xDE x\xB7 An Kh\xAA", "Thị xã An Khê"},
	    {"Ch\xFD P\xE3h", "Ch\xAD P\xA8h", "Chư Păh"},
	    {"Kr\xF4ng Pa", "Kr\xABng Pa", "Krông Pa"},
	    {"Phu\xEC Thi\xEA\xF2n", "Ph\xF3 Thi\xD6n", "Phú Thiện"},
	    {"Tha\xCCnh ph\xF4\xEC Pleiku", "Th\xB5nh ph\xE8 Pleiku", "Thành phố Pleiku"},
	};
	for (size_t i = 0; i < sizeof one / sizeof one[0]; i++) {
		assert_int_equal(detect(one[i].cp1258, strlen(one[i].cp1258)), ENC_CP1258);
		assert_int_equal(detect(one[i].tcvn3, strlen(one[i].tcvn3)), ENC_TCVN3);
		check_clean(one[i].cp1258, strlen(one[i].cp1258), ENC_AUTO, one[i].utf8);
		check_clean(one[i].tcvn3, strlen(one[i].tcvn3), ENC_AUTO, one[i].utf8);
	}
}

static void utf16_with_bom(void **state)
{
	(void)state;
	static const char le[] = "\xFF\xFEM\x00\xE3\x00\x09\x00T\x00\xEA\x00n\x00 \x00\x11\x01\xCB\x1E"
				 "a\x00 \x00"
				 "b\x00\xE0\x00n\x00\x0D\x00\x0A\x00"
				 "6\x00"
				 "2\x00"
				 "6\x00\x09\x00H\x00u\x00y\x00\xC7\x1En\x00 \x00\x10\x01"
				 "a\x00k\x00 \x00\x10\x01o\x00"
				 "a\x00\x0D\x00\x0A\x00";
	static const char be[] = "\xFE\xFF\x00M\x00\xE3\x00\x09\x00T\x00\xEA\x00n\x00\x0D\x00\x0A\x00"
				 "6\x00"
				 "2\x00"
				 "6\x00\x09\x00"
				 "C\x00h\x01\xB0\x00 \x00P\x01\x03\x00h\x00\x0D\x00\x0A";
	assert_int_equal(detect(le, sizeof le - 1), ENC_UTF16);
	assert_int_equal(detect(be, sizeof be - 1), ENC_UTF16);
	check_clean(le, sizeof le - 1, ENC_AUTO, "Mã\tTên địa bàn\n626\tHuyện Đak Đoa\n");
	check_clean(be, sizeof be - 1, ENC_AUTO, "Mã\tTên\n626\tChư Păh\n");
	check_clean(le, sizeof le - 1, ENC_UTF16, "Mã\tTên địa bàn\n626\tHuyện Đak Đoa\n");
	/* Forced, without a BOM: little-endian, as Windows writes it. */
	check_clean(le + 2, sizeof le - 3, ENC_UTF16, "Mã\tTên địa bàn\n626\tHuyện Đak Đoa\n");
}

static void utf16_truncated_and_unpaired(void **state)
{
	(void)state;
	/* "a\r\nb\n" then one byte of a third character. */
	static const char cut[] = "\xFF\xFE"
				  "a\x00\x0D\x00\x0A\x00"
				  "b\x00\x0A\x00"
				  "c";
	struct findings fs = {.lang = LANG_EN};
	char *text = decode(cut, sizeof cut - 1, ENC_AUTO, &fs);
	assert_string_equal(text, "a\nb\n\xEF\xBF\xBD");
	assert_int_equal(fs.n, 1);
	check_finding(&fs, 0, "encoding", 3);
	free(text);
	findings_free(&fs);

	/* A high surrogate followed by "x" on line 2. */
	static const char lone[] = "\xFF\xFE"
				   "a\x00\x0A\x00\x3D\xD8x\x00\x0A\x00";
	fs = (struct findings){.lang = LANG_EN};
	text = decode(lone, sizeof lone - 1, ENC_AUTO, &fs);
	assert_non_null(strstr(text, "\xEF\xBF\xBD"));
	assert_int_equal(fs.n, 1);
	check_finding(&fs, 0, "encoding", 2);
	free(text);
	findings_free(&fs);
}

/* A clerk's UTF-8 file with one broken character is reported, not re-read as a code page. */
static void mostly_utf8_reported(void **state)
{
	(void)state;
	static const char bad[] = "ma,ten,cap\n"
				  "622,Thành phố Pleiku,thanh_pho\n"
				  "626,Huyện \xC4\x3F"
				  "ak \xC4\x90oa,huyen\n"
				  "627,Huyện Chư Păh,huyen\n";
	struct encoding_evidence ev;
	enum encoding enc;
	assert_int_equal(decode_detect(bad, sizeof bad - 1, &enc, &ev), 0);
	assert_int_equal(enc, ENC_UTF8);
	assert_int_equal(ev.utf8_bad, 1);
	assert_true(ev.utf8_multi >= 5);
	struct findings fs = {.lang = LANG_EN};
	char *text = decode(bad, sizeof bad - 1, ENC_AUTO, &fs);
	assert_int_equal(fs.n, 1);
	check_finding(&fs, 0, "encoding", 3);
	assert_non_null(strstr(fs.v[0].message, "0xC4"));
	assert_non_null(strstr(text, "626,Huyện \xEF\xBF\xBD?ak Đoa,huyen\n627,Huyện Chư Păh"));
	free(text);
	findings_free(&fs);

	/* An ASCII file with one stray byte inside a number: neither code page reads it as Vietnamese. */
	static const char stray[] = "ma,nam,luc_luong_lao_dong\n622,2023,143953\n625,2023,4\xC4"
				    "0169\n";
	assert_int_equal(detect(stray, sizeof stray - 1), ENC_UTF8);
	fs = (struct findings){.lang = LANG_EN};
	text = decode(stray, sizeof stray - 1, ENC_AUTO, &fs);
	assert_int_equal(fs.n, 1);
	check_finding(&fs, 0, "encoding", 3);
	free(text);
	findings_free(&fs);
}

/* After MAX_REPORTED_LINES lines, one summary finding instead of thousands. */
static void findings_capped(void **state)
{
	(void)state;
	char buf[4096];
	size_t n = 0;
	for (int i = 0; i < 50; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "Huyện %d \xFF\n", i);
	struct findings fs = {.lang = LANG_EN};
	char *text = decode(buf, n, ENC_UTF8, &fs);
	assert_int_equal(fs.n, 21);
	check_finding(&fs, 19, "encoding", 20);
	check_finding(&fs, 20, "encoding", 21);
	assert_non_null(strstr(fs.v[20].message, "30 lines"));
	free(text);
	findings_free(&fs);
}

static void invalid_code_page_bytes(void **state)
{
	(void)state;
	/* 0x81 is not a character in Windows-1258; the letter before it must stay before U+FFFD. */
	static const char bad[] = "ma;ten\r\n1;Tha\xCCnh a\x81 b\r\n";
	struct findings fs = {.lang = LANG_EN};
	char *text = decode(bad, sizeof bad - 1, ENC_CP1258, &fs);
	assert_string_equal(text, "ma;ten\n1;Thành a\xEF\xBF\xBD b\n");
	assert_int_equal(fs.n, 1);
	check_finding(&fs, 0, "encoding", 2);
	assert_non_null(strstr(fs.v[0].message, "0x81"));
	assert_non_null(strstr(fs.v[0].message, "Windows-1258"));
	free(text);
	findings_free(&fs);

	/* glibc's TCVN 5712 gives every byte a character: a wrong TCVN3 reading is caught by its sense. */
	fs = (struct findings){.lang = LANG_EN};
	text = decode(CP1258_EXCEL, sizeof CP1258_EXCEL - 1, ENC_TCVN3, &fs);
	assert_int_equal(fs.n, 1);
	check_finding(&fs, 0, "encoding", 1);
	assert_non_null(strstr(fs.v[0].message, "Windows-1258"));
	free(text);
	findings_free(&fs);
}

static void forced_encoding_contradicted(void **state)
{
	(void)state;
	static const char utf8[] = "ma,ten\n626,Huyện Đak Đoa\n";
	struct findings fs = {.lang = LANG_EN};
	/* UTF-8 read as Windows-1258 (Đ's second byte, 0x90, is not in it either). */
	char *text = decode(utf8, sizeof utf8 - 1, ENC_CP1258, &fs);
	assert_int_equal(fs.n, 2);
	check_finding(&fs, 0, "encoding", 0);
	check_finding(&fs, 1, "encoding", 2);
	assert_non_null(strstr(fs.v[0].message, "UTF-8"));
	free(text);
	findings_free(&fs);
	/* TCVN3 read as Windows-1258. */
	fs = (struct findings){.lang = LANG_EN};
	text = decode(TCVN3, sizeof TCVN3 - 1, ENC_CP1258, &fs);
	assert_true(fs.n >= 1);
	assert_string_equal(fs.v[0].rule, "encoding");
	free(text);
	findings_free(&fs);
	/* Windows-1258 read as UTF-8: its bytes are reported line by line. */
	fs = (struct findings){.lang = LANG_EN};
	text = decode(CP1258_EXCEL, sizeof CP1258_EXCEL - 1, ENC_UTF8, &fs);
	assert_int_equal(fs.n, 3);
	check_finding(&fs, 0, "encoding", 1);
	check_finding(&fs, 1, "encoding", 2);
	check_finding(&fs, 2, "encoding", 3);
	free(text);
	findings_free(&fs);
	/* ASCII is no UTF-16. */
	fs = (struct findings){.lang = LANG_EN};
	text = decode("ma,ten\n", 7, ENC_UTF16, &fs);
	assert_true(fs.n >= 1);
	check_finding(&fs, 0, "encoding", 0);
	free(text);
	findings_free(&fs);
}

static void nul_bytes(void **state)
{
	(void)state;
	static const char nul[] = "ma,ten\n1,a\0b\0c\n2,d\0\n";
	struct findings fs = {.lang = LANG_EN};
	char *text = decode(nul, sizeof nul - 1, ENC_AUTO, &fs);
	assert_string_equal(text, "ma,ten\n1,abc\n2,d\n");
	assert_int_equal(fs.n, 2); /* once per line */
	check_finding(&fs, 0, "csv-syntax", 2);
	check_finding(&fs, 1, "csv-syntax", 3);
	free(text);
	findings_free(&fs);
}

static void names(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		enum encoding enc;
	} ok[] = {
	    {"utf-8", ENC_UTF8},	  {"UTF8", ENC_UTF8},	{"utf-16", ENC_UTF16}, {"cp1258", ENC_CP1258},
	    {"Windows-1258", ENC_CP1258}, {"tcvn3", ENC_TCVN3}, {"tcvn", ENC_TCVN3},   {"auto", ENC_AUTO}};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		enum encoding enc = ENC_UTF16;
		assert_int_equal(encoding_parse(ok[i].name, &enc), 0);
		assert_int_equal(enc, ok[i].enc);
	}
	enum encoding enc;
	assert_int_equal(encoding_parse("latin1", &enc), -1);
	assert_int_equal(encoding_parse("", &enc), -1);
	assert_string_equal(encoding_name(ENC_CP1258), "Windows-1258");
	assert_string_equal(encoding_name(ENC_TCVN3), "TCVN3");
}

static void scores(void **state)
{
	(void)state;
	assert_int_equal(decode_score("Huyện Đak Đoa", strlen("Huyện Đak Đoa"), NULL), 3);
	assert_int_equal(decode_score("người giường quyết khuỷu", strlen("người giường quyết khuỷu"), NULL),
			 4);
	assert_int_equal(decode_score("NĐ-CP", 6, NULL), 1);
	int line = 0;
	/* Windows-1258 read as TCVN3: two tones; a tone off its place. */
	assert_int_equal(decode_score("ok\nHuyờũn", strlen("ok\nHuyờũn"), &line), -1);
	assert_int_equal(line, 2);
	assert_int_equal(decode_score("Thiũ", strlen("Thiũ"), NULL), -1);
	/* TCVN3 read as Windows-1258: Latin-1 signs. */
	static const char latin[] = "Huy\xC3\x96n \xC2\xA7"
				    "ak";
	assert_true(decode_score(latin, sizeof latin - 1, NULL) < 0);
	assert_int_equal(decode_score("ma,ten,2023", 11, NULL), 0);
}

static void too_large(void **state)
{
	(void)state;
	struct findings fs = {.lang = LANG_EN};
	struct error err = {0};
	char *text = NULL;
	/* The length is checked before a byte is read. */
	assert_int_equal(decode_text("", (size_t)DECODE_MAX_FILE + 1, ENC_AUTO, "t.csv", &fs, &text, &err),
			 -1);
	assert_int_equal(err.kind, ERR_DATA);
	assert_null(text);
	findings_free(&fs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(utf8_with_and_without_bom),
	    cmocka_unit_test(line_ends),
	    cmocka_unit_test(nfd_becomes_nfc),
	    cmocka_unit_test(windows_1258_excel),
	    cmocka_unit_test(windows_1258_precomposed),
	    cmocka_unit_test(tcvn3),
	    cmocka_unit_test(short_files),
	    cmocka_unit_test(utf16_with_bom),
	    cmocka_unit_test(utf16_truncated_and_unpaired),
	    cmocka_unit_test(mostly_utf8_reported),
	    cmocka_unit_test(findings_capped),
	    cmocka_unit_test(invalid_code_page_bytes),
	    cmocka_unit_test(forced_encoding_contradicted),
	    cmocka_unit_test(nul_bytes),
	    cmocka_unit_test(names),
	    cmocka_unit_test(scores),
	    cmocka_unit_test(too_large),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
