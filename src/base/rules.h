/*
 * rules.h — the one table of the rules phuluc checks (SPEC §2).
 *
 * Every finding names a rule from `enum rule`; its stable id (the text in
 * brackets at the end of a message) and its severity come from the table in
 * rules.c, with a short title (in English, translated through the catalogs:
 * messages.h) and the section of
 * docs/huong-dan.md that explains it. A new rule is one enum value and one
 * table entry (tests/unit/base/test_rules.c checks that every value has one,
 * tests/e2e/rules.sh that the guide documents it).
 *
 * A rule reported at another severity in one case is a *variant*: its own
 * enum value and entry, with the same id as the rule it varies and
 * `variant` set (province-target is an error when the province falls short
 * and a note when it is above the assigned figure). `phuluc --rules` lists
 * the rules once each, with the variants' severities beside the rule's own.
 *
 *   const struct rule_info *r = rule_info(RULE_NOT_A_NUMBER);
 *   printf("%s [%s]\n", r->title, r->id);   // "Not a number [not-a-number]"
 *
 * Everything here is static, read-only data; nothing is allocated.
 */
#ifndef PHULUC_RULES_H
#define PHULUC_RULES_H

#include "base/messages.h"

#include <stdbool.h>
#include <stdio.h>

enum severity { SEV_ERROR, SEV_WARNING, SEV_NOTE };

enum rule {
	RULE_ENCODING,
	RULE_CSV_SYNTAX,
	RULE_MISSING_COLUMN,
	RULE_DUPLICATE_COLUMN,
	RULE_UNKNOWN_COLUMN,
	RULE_NOT_A_NUMBER,
	RULE_AMBIGUOUS_NUMBER,
	RULE_OUT_OF_RANGE,
	RULE_MISSING_VALUE,
	RULE_UNKNOWN_LOCALITY,
	RULE_MISSING_LOCALITY,
	RULE_DUPLICATE_LOCALITY,
	RULE_NAME_MISMATCH,
	RULE_COMPONENT_SUM,
	RULE_TOTAL_ROW,
	RULE_PROVINCE_TARGET,
	RULE_TREND,
	RULE_BHTN_EXCEEDS_COMPULSORY,
	RULE_UNKNOWN_INDICATOR,
	RULE_JOB_FILE,
	RULE_EXCEEDS_LABOUR_FORCE,
	RULE_BAD_PERIOD,
	RULE_PERIOD_OUTSIDE_PLAN,
	RULE_SUDDEN_DROP,
	RULE_MERGE_SHARE,
	RULE_UNMAPPED_LOCALITY,
	RULE_CONSERVATION,
	RULE_UNREACHABLE_TARGET,
	RULE_TOO_MANY_DECIMALS, /* a rate with more than 2 decimals, often a fraction (0,4151) */
	RULE_LOOKALIKE_LETTER,	/* a letter that looks like another (Ð U+00D0 for Đ), folded */
	RULE_RATE_COUNT_MISMATCH,
	RULE_MISSING_WEIGHT,
	RULE_MERGED_ALLOCATION,
	/* Variants (same id, another severity). */
	RULE_JOB_FILE_IGNORED,		/* job-file as a warning: a key not used, a value cut at " ;" */
	RULE_PROVINCE_TARGET_ABOVE,	/* province-target as a note: above the assigned figure */
	RULE_PROVINCE_TARGET_UNCHECKED, /* province-target as a note: a weight unreadable, not checked */
	RULE_COLUMN_LEFT_OUT,		/* missing-column as a note: an indicator the job gives for no year */
	RULE_COUNT
};

struct rule_info {
	const char *id; /* stable, in every finding: "not-a-number" */
	enum severity severity;
	const char *title;   /* English, the msgid of its translations (message_in) */
	const char *section; /* of docs/huong-dan.md: "5" */
	bool variant;	     /* the same id as an earlier entry, another severity */
};

/* The entry of r (r < RULE_COUNT). */
const struct rule_info *rule_info(enum rule r);

/* "lỗi" / "error", "cảnh báo" / "warning", "ghi chú" / "note". */
const char *severity_name(enum severity sev, enum lang lang);

/*
 * For a clerk: one line per rule (variants folded into their rule): id,
 * severity, title in lang, guide section, in columns. Returns 0 or -1 on a
 * write error.
 */
int rules_print(FILE *out, enum lang lang);

/*
 * One JSON array of {rule, severity, also, title, section} (severity and
 * also, the variants' severities, in English as in findings' JSON; title in
 * lang). Returns 0 or -1.
 */
int rules_print_json(FILE *out, enum lang lang);

/*
 * Writes a jansson array to out, indented, keys in order, and a newline;
 * takes array over and frees it. Returns json_dumpf's 0 or -1. (Here
 * because the findings' JSON and the rules' JSON are written alike.)
 */
struct json_t;
int json_print_array(struct json_t *array, FILE *out);

#endif
