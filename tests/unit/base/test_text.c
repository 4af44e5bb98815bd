/* Unit tests: Unicode folding of headers, Vietnamese upper case, NFC (base/text.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/text.h"

#include <utf8proc.h>

static void check_fold(const char *in, const char *want)
{
	char *got = text_fold(in);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void folding_headers(void **state)
{
	(void)state;
	check_fold("Mã", "ma");
	check_fold("Tên địa bàn", "ten_dia_ban");
	check_fold("BHXH bắt buộc 2023", "bhxh_bat_buoc_2023");
	check_fold("  Lực lượng lao động (người) ", "luc_luong_lao_dong_nguoi");
	check_fold("ĐỊA BÀN", "dia_ban");
	check_fold("bhxh_bb_2023", "bhxh_bb_2023");
	/* Decomposed (NFD) input folds the same as precomposed. */
	check_fold("Te\xCC\x82n", "ten");
}

static void upper_case_vietnamese(void **state)
{
	(void)state;
	char *u =
	    text_upper("Chỉ tiêu phát triển đối tượng tham gia bảo hiểm xã hội trên địa bàn tỉnh Gia Lai");
	assert_string_equal(
	    u, "CHỈ TIÊU PHÁT TRIỂN ĐỐI TƯỢNG THAM GIA BẢO HIỂM XÃ HỘI TRÊN ĐỊA BÀN TỈNH GIA LAI");
	free(u);
}

static void nfc_composes(void **state)
{
	(void)state;
	/* "Việt" with the dot below and circumflex as combining marks. */
	char *n = text_nfc("Vie\xCC\xA3\xCC\x82t");
	assert_string_equal(n, "Việt");
	free(n);
	assert_true(text_valid_utf8("Việt", strlen("Việt")));
	assert_false(text_valid_utf8("Vi\xE1t", 4));
}

/* A text longer than one NFC block: the same result as utf8proc on the whole. */
static void nfc_long_text_in_blocks(void **state)
{
	(void)state;
	/* Decomposed Vietnamese ("Thành phố", "Đắk Đoa"), and runs of "á" decomposed:
	 * every other byte ASCII, so blocks are cut between a letter and its mark unless
	 * the cut is placed right. */
	const char *parts[] = {"Tha\xCC\x80nh pho\xCC\x82\xCC\x81 Pleiku,\"41,51\"\n",
			       "\xC4\x90"
			       "a\xCC\x86\xCC\x81k \xC4\x90"
			       "oa;x\r\n",
			       "a\xCC\x81"};
	size_t cap = 400000, n = 0;
	char *s = malloc(cap + 1);
	assert_non_null(s);
	for (int i = 0; n + 64 < cap; i++) {
		const char *part = parts[i % 2];
		if (i % 5000 == 4999) /* 4000 bytes with no ASCII pair */
			for (int k = 0; k < 1000; k++, n += 3)
				memcpy(s + n, parts[2], 3);
		memcpy(s + n, part, strlen(part));
		n += strlen(part);
	}
	s[n] = '\0';
	char *want = (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);
	char *got = text_nfc(s);
	assert_non_null(want);
	assert_non_null(got);
	assert_true(strlen(got) < n);
	assert_string_equal(got, want);
	free(got);
	free(want);
	free(s);
}

/*
 * Short texts of ASCII, combining marks and precomposed letters drawn at
 * random, with ASCII gaps around the length at which text_nfc stops taking
 * stretches together: the same as utf8proc on the whole.
 */
static void nfc_mixed_texts(void **state)
{
	(void)state;
	const char *pieces[] = {"a",
				"e",
				"o",
				" ",
				",",
				"1",
				"\r",
				"\n",
				"\xCC\x80",
				"\xCC\x81",
				"\xCC\xA3",
				"\xCC\x82",
				"\xCC\x86",
				"\xE1\xBB\x87",
				"\xC4\x90",
				"\xC6\xA1",
				"\xE1\xBA\xA5",
				"u\xCC\x9B",
				"                              ",
				"                                 "};
	uint32_t seed = 1;
	for (int t = 0; t < 500; t++) {
		char s[2048];
		size_t n = 0;
		int len = 1 + t % 60;
		for (int i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			const char *piece = pieces[(seed >> 16) % (sizeof pieces / sizeof *pieces)];
			memcpy(s + n, piece, strlen(piece));
			n += strlen(piece);
		}
		s[n] = '\0';
		char *want = (char *)utf8proc_NFC((const utf8proc_uint8_t *)s), *got = text_nfc(s);
		assert_non_null(want);
		assert_non_null(got);
		assert_string_equal(got, want);
		free(got);
		free(want);
	}
	/* A mark right after an ASCII letter composes with it, wherever the letter is;
	 * one after CR, LF or at the start has nothing to compose with. */
	const char *cases[][2] = {
	    {"a\xCC\x81", "\xC3\xA1"},
	    {"x\r\na\xCC\x81\r\n", "x\r\n\xC3\xA1\r\n"},
	    {"\xCC\x81"
	     "abc",
	     "\xCC\x81"
	     "abc"},
	    {"\r\xCC\x81\n\xCC\x80", "\r\xCC\x81\n\xCC\x80"},
	    {"ab\xC4\x90"
	     "e\xCC\x82\xCC\x81",
	     "ab\xC4\x90\xE1\xBA\xBF"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *got = text_nfc(cases[i][0]);
		assert_non_null(got);
		assert_string_equal(got, cases[i][1]);
		free(got);
	}
	/* Invalid UTF-8 is refused, as by utf8proc. */
	assert_null(text_nfc("abc \xE1\xBB def"));
	char *ascii = text_nfc("only ASCII, 41,51%");
	assert_string_equal(ascii, "only ASCII, 41,51%");
	free(ascii);
	char *empty = text_nfc("");
	assert_string_equal(empty, "");
	free(empty);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(folding_headers), cmocka_unit_test(upper_case_vietnamese),
	    cmocka_unit_test(nfc_composes),    cmocka_unit_test(nfc_long_text_in_blocks),
	    cmocka_unit_test(nfc_mixed_texts),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
