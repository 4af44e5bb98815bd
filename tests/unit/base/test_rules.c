/*
 * Unit tests: the rule table (rules.c) — every enum value has an entry, ids
 * are unique (a variant shares its id with exactly one rule and differs in
 * severity), severities and titles are set, and finding_add takes the id and
 * severity from the table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/finding.h"
#include "base/messages.h"
#include "base/rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void every_value_has_an_entry(void **state)
{
	(void)state;
	for (int r = 0; r < RULE_COUNT; r++) {
		const struct rule_info *ri = rule_info(r);
		assert_non_null(ri->id);
		assert_non_null(ri->title);
		assert_non_null(ri->section);
		assert_true(ri->id[0] >= 'a' && ri->id[0] <= 'z');
		assert_int_equal(strspn(ri->id, "abcdefghijklmnopqrstuvwxyz-"), strlen(ri->id));
		assert_true(ri->title[0] && ri->section[0]);
		assert_true(ri->severity == SEV_ERROR || ri->severity == SEV_WARNING ||
			    ri->severity == SEV_NOTE);
	}
}

static void ids_unique(void **state)
{
	(void)state;
	int rules = 0;
	for (int r = 0; r < RULE_COUNT; r++) {
		const struct rule_info *ri = rule_info(r);
		int same_rule = -1;
		for (int o = 0; o < RULE_COUNT; o++)
			if (o != r && !rule_info(o)->variant && strcmp(rule_info(o)->id, ri->id) == 0)
				same_rule = o;
		if (!ri->variant) {
			rules++;
			/* No two rules share an id; only variants may. */
			for (int o = 0; o < RULE_COUNT; o++)
				if (o != r && !rule_info(o)->variant)
					assert_string_not_equal(rule_info(o)->id, ri->id);
		} else {
			/* A variant: after its rule, with the same id and another severity. */
			assert_true(same_rule >= 0 && same_rule < r);
			assert_int_not_equal(rule_info(same_rule)->severity, ri->severity);
		}
	}
	assert_int_equal(rules, 33); /* 28 + too-many-decimals, lookalike-letter, rate-count-mismatch,
				       missing-weight, merged-allocation */
}

static void severities(void **state)
{
	(void)state;
	assert_int_equal(rule_info(RULE_ENCODING)->severity, SEV_ERROR);
	assert_int_equal(rule_info(RULE_UNKNOWN_COLUMN)->severity, SEV_WARNING);
	assert_int_equal(rule_info(RULE_NAME_MISMATCH)->severity, SEV_WARNING);
	assert_int_equal(rule_info(RULE_TREND)->severity, SEV_WARNING);
	assert_int_equal(rule_info(RULE_BHTN_EXCEEDS_COMPULSORY)->severity, SEV_WARNING);
	assert_int_equal(rule_info(RULE_SUDDEN_DROP)->severity, SEV_WARNING);
	assert_int_equal(rule_info(RULE_PROVINCE_TARGET)->severity, SEV_ERROR);
	assert_int_equal(rule_info(RULE_PROVINCE_TARGET_ABOVE)->severity, SEV_NOTE);
	assert_string_equal(rule_info(RULE_PROVINCE_TARGET_ABOVE)->id, "province-target");
	assert_int_equal(rule_info(RULE_JOB_FILE)->severity, SEV_ERROR);
	assert_int_equal(rule_info(RULE_JOB_FILE_IGNORED)->severity, SEV_WARNING);
	assert_string_equal(rule_info(RULE_JOB_FILE_IGNORED)->id, "job-file");
	int errors = 0;
	for (int r = 0; r < RULE_COUNT; r++)
		errors += rule_info(r)->severity == SEV_ERROR;
	assert_int_equal(errors, 26);
	assert_string_equal(severity_name(SEV_NOTE, LANG_VI), "ghi chú");
	assert_string_equal(severity_name(SEV_WARNING, LANG_EN), "warning");
}

static void finding_takes_the_table(void **state)
{
	(void)state;
	struct findings fs = {.lang = LANG_EN};
	finding_add(&fs, RULE_PROVINCE_TARGET_ABOVE, "t.csv", 7, "gia_tri", "above %d", 3);
	finding_add(&fs, RULE_NOT_A_NUMBER, "t.csv", 2, NULL, "y");
	assert_int_equal(fs.n, 2);
	assert_string_equal(fs.v[0].rule, "province-target");
	assert_int_equal(fs.v[0].severity, SEV_NOTE);
	assert_string_equal(fs.v[0].message, "above 3");
	assert_string_equal(fs.v[1].rule, "not-a-number");
	assert_int_equal(fs.v[1].severity, SEV_ERROR);
	assert_int_equal(findings_count(&fs, SEV_NOTE), 1);
	findings_free(&fs);
}

/* Reads what f printed into a string (caller frees). */
static char *slurp(FILE *f)
{
	long n = ftell(f);
	rewind(f);
	char *s = calloc(1, (size_t)n + 1);
	assert_non_null(s);
	assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
	return s;
}

static void listing(void **state)
{
	(void)state;
	FILE *f = tmpfile();
	assert_non_null(f);
	assert_int_equal(rules_print(f, LANG_VI), 0);
	char *text = slurp(f);
	fclose(f);
	int lines = 0;
	for (char *p = text; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 33); /* variants folded into their rule */
	assert_non_null(strstr(text, "province-target          lỗi/ghi chú   "));
	assert_non_null(strstr(text, "job-file                 lỗi/cảnh báo  Lỗi trong tệp phuluc.ini"));
	assert_true(strncmp(text, "encoding ", 9) == 0);
	free(text);

	f = tmpfile();
	assert_int_equal(rules_print_json(f, LANG_EN), 0);
	text = slurp(f);
	fclose(f);
	assert_non_null(
	    strstr(text, "\"rule\": \"province-target\",\n    \"severity\": \"error\",\n    \"also\": [\n"
			 "      \"note\"\n    ],\n    \"title\": \"Province below the assigned target\""));
	assert_non_null(
	    strstr(text, "\"rule\": \"trend\",\n    \"severity\": \"warning\",\n    \"also\": [],"));
	free(text);
}

int main(void)
{
	/* Vietnamese messages from the catalog the build made (tests run from the checkout). */
	messages_use(LANG_VI, "build/locale");
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_value_has_an_entry),
	    cmocka_unit_test(ids_unique),
	    cmocka_unit_test(severities),
	    cmocka_unit_test(finding_takes_the_table),
	    cmocka_unit_test(listing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
