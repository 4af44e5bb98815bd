/* Unit tests: the summary's wording (summary.c) from the progress figures of a hand-made model
 * (tests/unit/model/progress_fixture.h; the figures themselves are tested in model/test_progress.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../model/progress_fixture.h"
#include "layout/summary.h"

static void summary_wording(void **state)
{
	(void)state;
	struct small s;
	small_init(&s);
	set_bhxh(&s, 0, 1, 1, 0);
	set_bhxh(&s, 0, 0, 1, 0);
	set_bhxh(&s, 1, 1, 1500, 1);
	set_bhxh(&s, 1, 0, 1000, 1);
	bool shows[IND_COUNT] = {[IND_BHXH] = true};
	char *text = summary_text(&s.m, &s.p, 1, shows);
	assert_non_null(text);
	/* 1502 of 20003 = 7,51%; target (5000·3 + 1001·20000) / 20003 = 10,016% → 10,02%; ⌈2003,5⌉ − 1502 =
	 * 502 short. */
	assert_string_equal(text,
			    "Tính đến ngày 31/7/2025, số người tham gia BHXH là 1.502 người (bắt buộc 1.501 "
			    "người, tự nguyện 1 người), tỷ lệ lực lượng lao động trong độ tuổi tham gia "
			    "BHXH là 7,51%, tăng 500 người so với tháng 6/2025; chưa đạt kế hoạch UBND tỉnh "
			    "giao (10,02%), còn thiếu 502 người. Có 2/2 địa bàn chưa đạt chỉ tiêu; cách xa "
			    "chỉ tiêu nhất là Xã A (33,33%, chỉ tiêu 50,00%) và Xã B (7,51%, chỉ tiêu "
			    "10,01%).\n");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(summary_wording),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
