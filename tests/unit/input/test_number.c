/* Unit tests: reading numbers (number.c), the rounding rule, Vietnamese formatting (document.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "input/number.h"

#define PARSE_OK(text, kind, want)                                                                           \
	do {                                                                                                 \
		int64_t v = -12345;                                                                          \
		assert_int_equal(number_parse(text, kind, &v), NUMBER_OK);                                   \
		assert_int_equal(v, want);                                                                   \
	} while (0)
#define PARSE_BAD(text, kind, status)                                                                        \
	do {                                                                                                 \
		int64_t v;                                                                                   \
		assert_int_equal(number_parse(text, kind, &v), status);                                      \
	} while (0)

static void rates_vietnamese_and_english(void **state)
{
	(void)state;
	PARSE_OK("41,51", NUMBER_RATE, 4151);
	PARSE_OK("41.51", NUMBER_RATE, 4151);
	PARSE_OK("41,51%", NUMBER_RATE, 4151);
	PARSE_OK(" 41,51 % ", NUMBER_RATE, 4151);
	PARSE_OK("2,78", NUMBER_RATE, 278);
	PARSE_OK("100", NUMBER_RATE, 10000);
	PARSE_OK("0", NUMBER_RATE, 0);
	PARSE_OK("9,5", NUMBER_RATE, 950);
	PARSE_OK("0,125", NUMBER_RATE, 13); /* leading 0: not thousands; rounded half away */
	PARSE_OK("-0,125", NUMBER_RATE, -13);
	PARSE_OK("41,5149", NUMBER_RATE, 4151);
	PARSE_OK("41,5150", NUMBER_RATE, 4152); /* half away from zero */
}

static void rates_ambiguous(void **state)
{
	(void)state;
	PARSE_BAD("1.234", NUMBER_RATE, NUMBER_AMBIGUOUS);
	PARSE_BAD("12,345", NUMBER_RATE, NUMBER_AMBIGUOUS);
	PARSE_OK("1.234,5", NUMBER_RATE, 123450); /* both marks: unambiguous (range is checked later) */
}

static void counts(void **state)
{
	(void)state;
	PARSE_OK("264.650", NUMBER_COUNT, 264650);
	PARSE_OK("264 650", NUMBER_COUNT, 264650);
	PARSE_OK("264\xC2\xA0"
		 "650",
		 NUMBER_COUNT, 264650); /* no-break space */
	PARSE_OK("264650", NUMBER_COUNT, 264650);
	PARSE_OK("264,650", NUMBER_COUNT, 264650);
	PARSE_OK("1.234.567", NUMBER_COUNT, 1234567);
	PARSE_OK("1,234,567", NUMBER_COUNT, 1234567);
	PARSE_OK("0", NUMBER_COUNT, 0);
	PARSE_BAD("1,5", NUMBER_COUNT, NUMBER_NOT_WHOLE);
	PARSE_BAD("40.1", NUMBER_COUNT, NUMBER_NOT_WHOLE);
	PARSE_BAD("12%", NUMBER_COUNT, NUMBER_NOT_A_NUMBER);
}

static void not_numbers(void **state)
{
	(void)state;
	PARSE_BAD("", NUMBER_RATE, NUMBER_EMPTY);
	PARSE_BAD("   ", NUMBER_COUNT, NUMBER_EMPTY);
	PARSE_BAD("abc", NUMBER_RATE, NUMBER_NOT_A_NUMBER);
	PARSE_BAD("12,", NUMBER_RATE, NUMBER_NOT_A_NUMBER);
	PARSE_BAD("1..2", NUMBER_RATE, NUMBER_NOT_A_NUMBER);
	PARSE_BAD("12a", NUMBER_COUNT, NUMBER_NOT_A_NUMBER);
	PARSE_BAD("1.23.4", NUMBER_COUNT, NUMBER_NOT_A_NUMBER); /* thousands groups of 3 */
	PARSE_BAD("1234.567.890", NUMBER_COUNT, NUMBER_NOT_A_NUMBER);
	PARSE_BAD("1,234.567,8", NUMBER_COUNT, NUMBER_NOT_A_NUMBER);
	PARSE_BAD("12 34", NUMBER_COUNT, NUMBER_NOT_A_NUMBER);
	PARSE_BAD("%", NUMBER_RATE, NUMBER_NOT_A_NUMBER);
	PARSE_BAD("1234567890123456", NUMBER_COUNT, NUMBER_TOO_LARGE);
}

static void rounding_half_away_from_zero(void **state)
{
	(void)state;
	assert_int_equal(div_round_half_away(5, 2), 3);
	assert_int_equal(div_round_half_away(-5, 2), -3);
	assert_int_equal(div_round_half_away(4, 3), 1);
	assert_int_equal(div_round_half_away(-4, 3), -1);
	assert_int_equal(div_round_half_away(14999, 10000), 1);
	assert_int_equal(div_round_half_away(15000, 10000), 2);
	assert_int_equal(div_round_half_away(0, 7), 0);
	assert_int_equal(div_ceil(10, 5), 2);
	assert_int_equal(div_ceil(11, 5), 3);
	assert_int_equal(div_ceil(0, 5), 0);
}

static void formatting(void **state)
{
	(void)state;
	char buf[48];
	struct number_format pct = {.decimals = 2, .percent = true};
	struct number_format people = {.thousands = true};
	assert_string_equal(number_format_vi(4151, pct, buf, sizeof buf), "41,51%");
	assert_string_equal(number_format_vi(278, pct, buf, sizeof buf), "2,78%");
	assert_string_equal(number_format_vi(5, pct, buf, sizeof buf), "0,05%");
	assert_string_equal(number_format_vi(10000, pct, buf, sizeof buf), "100,00%");
	assert_string_equal(number_format_vi(-1234, pct, buf, sizeof buf), "-12,34%");
	assert_string_equal(number_format_vi(264650, people, buf, sizeof buf), "264.650");
	assert_string_equal(number_format_vi(1234567, people, buf, sizeof buf), "1.234.567");
	assert_string_equal(number_format_vi(999, people, buf, sizeof buf), "999");
	assert_string_equal(number_format_vi(0, people, buf, sizeof buf), "0");
	assert_string_equal(number_format_vi(17, (struct number_format){0}, buf, sizeof buf), "17");
	assert_string_equal(number_format_vi(INT64_MIN, people, buf, sizeof buf),
			    "-9.223.372.036.854.775.808");
	assert_string_equal(number_format_vi(0, pct, buf, sizeof buf), "0,00%");
	struct number_format big = {.decimals = 9, .thousands = true};
	assert_string_equal(number_format_vi(1234567890123, big, buf, sizeof buf), "1.234,567890123");
	assert_string_equal(number_format_vi(INT64_MIN, big, buf, sizeof buf), "-9.223.372.036,854775808");
	/* Like snprintf: cut to the buffer, always terminated. */
	char small[5];
	assert_string_equal(number_format_vi(264650, people, small, sizeof small), "264.");
	assert_string_equal(number_format_vi(7, people, small, 1), "");
	/* The two forms messages use. */
	assert_string_equal(number_rate_vi(4151, buf, sizeof buf), "41,51%");
	assert_string_equal(number_people_vi(264650, buf, sizeof buf), "264.650");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(rates_vietnamese_and_english),
	    cmocka_unit_test(rates_ambiguous),
	    cmocka_unit_test(counts),
	    cmocka_unit_test(not_numbers),
	    cmocka_unit_test(rounding_half_away_from_zero),
	    cmocka_unit_test(formatting),
	};
	return cmocka_run_group_tests_name("number", tests, NULL, NULL);
}
