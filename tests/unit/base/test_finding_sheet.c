/*
 * test_finding_sheet.c — findings placed in a workbook's sheet and cell
 * (findings_add_sheet): printed as "file:Sheet!D5", JSON with "sheet" and
 * "cell", sorted by file, sheet, then row.
 */
#include "base/finding.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static char *printed(const struct findings *fs, bool json)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	if (json)
		assert_int_equal(findings_print_json(fs, f), 0);
	else
		findings_print(fs, f);
	fclose(f);
	return text;
}

static void placed_in_sheet_and_cell(void **state)
{
	(void)state;
	struct findings fs = {.lang = LANG_VI};
	char *header[] = {"Mã", "Tên", "BHXH 2026", "", "BHTN 2026"};
	findings_add_sheet(&fs, "j/so_lieu.xlsx#Chỉ tiêu", "j/so_lieu.xlsx", "Chỉ tiêu", 5, header);
	finding_add(&fs, RULE_NOT_A_NUMBER, "j/so_lieu.xlsx#Chỉ tiêu", 5, "BHTN 2026", "x %d", "x %d", 1);
	finding_add(&fs, RULE_MISSING_COLUMN, "j/so_lieu.xlsx#Chỉ tiêu", 3, "ma", "thiếu", "missing");
	finding_add(&fs, RULE_NOT_A_NUMBER, "j/a.csv", 2, "ma", "y", "y");
	findings_sort(&fs);
	char *text = printed(&fs, false);
	assert_string_equal(text, "j/a.csv:2:ma: lỗi: y [not-a-number]\n"
				  "j/so_lieu.xlsx:Chỉ tiêu:3:ma: lỗi: thiếu [missing-column]\n"
				  "j/so_lieu.xlsx:Chỉ tiêu!E5: lỗi: x 1 [not-a-number]\n");
	free(text);
	text = printed(&fs, true);
	assert_non_null(
	    strstr(text, "\"file\": \"j/so_lieu.xlsx\",\n    \"line\": 5,\n    \"column\": \"BHTN 2026\""));
	assert_non_null(strstr(text, "\"sheet\": \"Chỉ tiêu\",\n    \"cell\": \"E5\""));
	assert_null(strstr(text + strlen(text) / 3, "\"cell\": \"A3\""));
	free(text);
	findings_free(&fs);
}

static void column_letters(void **state)
{
	(void)state;
	struct findings fs = {.lang = LANG_EN};
	char *header[28];
	char names[28][16];
	for (int c = 0; c < 28; c++) {
		snprintf(names[c], sizeof names[c], "c%d", c);
		header[c] = names[c];
	}
	findings_add_sheet(&fs, "b#S", "b", "S", 28, header);
	finding_add(&fs, RULE_NOT_A_NUMBER, "b#S", 7, "c25", "z", "z");
	finding_add(&fs, RULE_NOT_A_NUMBER, "b#S", 8, "c27", "z", "z");
	assert_string_equal(fs.v[0].cell, "Z7");
	assert_string_equal(fs.v[1].cell, "AB8");
	assert_string_equal(fs.v[1].file, "b");
	findings_free(&fs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(placed_in_sheet_and_cell),
	    cmocka_unit_test(column_letters),
	};
	return cmocka_run_group_tests_name("finding_sheet", tests, NULL, NULL);
}
