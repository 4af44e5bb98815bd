/* Unit tests: findings bounded per file and rule and in all (finding.c), counted in full. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/finding.h"

#include <string.h>

static void bounded_per_file_and_rule(void **state)
{
	(void)state;
	struct findings fs = {.lang = LANG_EN};
	for (int i = 0; i < 250; i++) {
		finding_add(&fs, RULE_NOT_A_NUMBER, "a.csv", i + 2, "x", "en %d", i);
		finding_add(&fs, RULE_TREND, "a.csv", i + 2, "y", "en");
	}
	finding_add(&fs, RULE_NOT_A_NUMBER, "b.csv", 2, "x", "en");
	/* 100 + 1 summary per (file, rule), and the one in b.csv. */
	assert_int_equal(fs.n, 2 * (FINDINGS_PER_RULE + 1) + 1);
	assert_int_equal(findings_count(&fs, SEV_ERROR), 251);
	assert_int_equal(findings_count(&fs, SEV_WARNING), 250);
	findings_sort(&fs);
	int summaries = 0;
	for (int i = 0; i < fs.n; i++)
		if (fs.v[i].more) {
			summaries++;
			assert_int_equal(fs.v[i].more, 150);
			assert_string_equal(fs.v[i].message, "150 more like this in this file, not shown");
			/* After the last one shown (line 101), before the lines after it. */
			assert_int_equal(fs.v[i].line, FINDINGS_PER_RULE + 1);
			assert_int_equal(fs.v[i - 1].line, FINDINGS_PER_RULE + 1);
		}
	assert_int_equal(summaries, 2);
	findings_free(&fs);
	assert_int_equal(fs.n, 0);
	assert_null(fs.tally);
}

static void bounded_in_all(void **state)
{
	(void)state;
	struct findings fs = {.lang = LANG_VI};
	char file[32];
	for (int i = 0; i < FINDINGS_MAX + 500; i++) {
		snprintf(file, sizeof file, "f%d.csv", i / 50);
		finding_add(&fs, RULE_MISSING_VALUE, file, i, NULL, "missing");
	}
	assert_true(fs.n <= FINDINGS_MAX + 10);
	assert_int_equal(findings_count(&fs, SEV_ERROR), FINDINGS_MAX + 500);
	assert_false(fs.oom);
	findings_free(&fs);
}

/* A finding against a registered sheet names its cell from the line and the column's header. */
static void placed_in_sheet_cell(void **state)
{
	(void)state;
	char *header[] = {"ma", "ten", "so"};
	struct findings fs = {.lang = LANG_EN};
	findings_add_sheet(&fs, "b.xlsx#S", "b.xlsx", "S", 3, header);
	finding_add(&fs, RULE_NOT_A_NUMBER, "b.xlsx#S", 7, "so", "en");
	finding_add(&fs, RULE_NOT_A_NUMBER, "b.xlsx#S", 8, "nothing", "en");
	assert_int_equal(fs.oom, 0);
	assert_int_equal(fs.n, 2);
	assert_string_equal(fs.v[0].file, "b.xlsx");
	assert_string_equal(fs.v[0].sheet, "S");
	assert_string_equal(fs.v[0].cell, "C7");
	assert_null(fs.v[1].cell); /* no such header: the line and column stay */
	findings_free(&fs);
	char ref[CELL_REF_MAX];
	const struct {
		int row, col;
		const char *want;
	} cases[] = {{0, 0, "A1"},     {4, 25, "Z5"},	 {0, 26, "AA1"},
		     {9, 701, "ZZ10"}, {0, 702, "AAA1"}, {1048575, 16383, "XFD1048576"}};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		cell_ref(cases[k].row, cases[k].col, ref);
		assert_string_equal(ref, cases[k].want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(bounded_per_file_and_rule),
	    cmocka_unit_test(bounded_in_all),
	    cmocka_unit_test(placed_in_sheet_cell),
	};
	return cmocka_run_group_tests_name("finding", tests, NULL, NULL);
}
