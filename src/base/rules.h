/*
 * rules.h — the one table of the rules phuluc checks (SPEC §2).
 *
 * Every finding names a rule from `enum rule`; its stable id (the text in
 * brackets at the end of a message) and its severity come from the table in
 * rules.c, with a short title (in English, translated through the catalogs:
 * messages.h) and the section of
 * docs/huong-dan.md that explains it. Both the enum and the table are made
 * from rules.def, so a new rule is one line there (tests/unit/base/test_rules.c
 * checks the table's entries, tests/e2e/rules.sh that the guide documents
 * each rule).
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

/* RULE_ENCODING, RULE_CSV_SYNTAX, …: one value per line of rules.def, in its order. */
enum rule {
#define RULE(name, id, severity, title, section, variant) RULE_##name,
#include "base/rules.def"
#undef RULE
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
