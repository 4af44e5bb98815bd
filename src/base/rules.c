/*
 * rules.c — the rule table (rules.h) and its listing for `phuluc --rules`.
 * The table is indexed by enum rule with designated initializers, so an
 * entry cannot drift to another value's place; tools/rule_call_sites.py
 * reads it to map a call site's old (severity, "id") pair to its enum value.
 */
#include "base/rules.h"

#include <jansson.h>
#include <string.h>

static const struct rule_info rules[RULE_COUNT] = {
    [RULE_ENCODING] = {"encoding", SEV_ERROR, N_("Bytes not valid in the file's encoding"), "5", false},
    [RULE_CSV_SYNTAX] = {"csv-syntax", SEV_ERROR, N_("CSV syntax"), "5", false},
    [RULE_MISSING_COLUMN] = {"missing-column", SEV_ERROR, N_("Missing column"), "5", false},
    [RULE_DUPLICATE_COLUMN] = {"duplicate-column", SEV_ERROR, N_("Duplicate column"), "5", false},
    [RULE_UNKNOWN_COLUMN] = {"unknown-column", SEV_WARNING, N_("Column not used"), "5", false},
    [RULE_NOT_A_NUMBER] = {"not-a-number", SEV_ERROR, N_("Not a number"), "5", false},
    [RULE_AMBIGUOUS_NUMBER] = {"ambiguous-number", SEV_ERROR, N_("Number readable two ways"), "5", false},
    [RULE_OUT_OF_RANGE] = {"out-of-range", SEV_ERROR, N_("Value out of range"), "5", false},
    [RULE_MISSING_VALUE] = {"missing-value", SEV_ERROR, N_("Missing value"), "5", false},
    [RULE_UNKNOWN_LOCALITY] = {"unknown-locality", SEV_ERROR, N_("Locality not in the list"), "5", false},
    [RULE_MISSING_LOCALITY] = {"missing-locality", SEV_ERROR, N_("Missing locality"), "5", false},
    [RULE_DUPLICATE_LOCALITY] = {"duplicate-locality", SEV_ERROR, N_("Duplicate locality"), "5", false},
    [RULE_NAME_MISMATCH] = {"name-mismatch", SEV_WARNING, N_("Locality name differs from the list"), "5",
			    false},
    [RULE_COMPONENT_SUM] = {"component-sum", SEV_ERROR, N_("BHXH differs from compulsory + voluntary"), "5",
			    false},
    [RULE_TOTAL_ROW] = {"total-row", SEV_ERROR, N_("Total row differs from the computed one"), "5", false},
    [RULE_PROVINCE_TARGET] = {"province-target", SEV_ERROR, N_("Province below the assigned target"), "5",
			      false},
    [RULE_TREND] = {"trend", SEV_WARNING, N_("Target lower than the year before"), "5", false},
    [RULE_BHTN_EXCEEDS_COMPULSORY] = {"bhtn-exceeds-compulsory", SEV_WARNING,
				      N_("BHTN above compulsory BHXH"), "5", false},
    [RULE_UNKNOWN_INDICATOR] = {"unknown-indicator", SEV_ERROR, N_("Unknown indicator"), "5", false},
    [RULE_JOB_FILE] = {"job-file", SEV_ERROR, N_("Error in phuluc.ini"), "5", false},
    [RULE_EXCEEDS_LABOUR_FORCE] = {"exceeds-labour-force", SEV_ERROR,
				   N_("Participants above the labour force"), "5", false},
    [RULE_BAD_PERIOD] = {"bad-period", SEV_ERROR, N_("Invalid reporting period"), "5", false},
    [RULE_PERIOD_OUTSIDE_PLAN] = {"period-outside-plan", SEV_ERROR, N_("Period outside the plan's years"),
				  "5", false},
    [RULE_SUDDEN_DROP] = {"sudden-drop", SEV_WARNING, N_("Sudden drop in participants"), "5", false},
    [RULE_MERGE_SHARE] = {"merge-share", SEV_ERROR, N_("Merge shares do not add up to 1"), "5", false},
    [RULE_UNMAPPED_LOCALITY] = {"unmapped-locality", SEV_ERROR, N_("Old unit missing from sap_nhap.csv"), "5",
				false},
    [RULE_CONSERVATION] = {"conservation", SEV_ERROR, N_("Totals differ before and after the merge"), "5",
			   false},
    [RULE_UNREACHABLE_TARGET] = {"unreachable-target", SEV_ERROR, N_("Assigned target cannot be allocated"),
				 "5", false},
    [RULE_TOO_MANY_DECIMALS] = {"too-many-decimals", SEV_ERROR, N_("Rate with more than 2 decimals"), "5",
				false},
    [RULE_LOOKALIKE_LETTER] = {"lookalike-letter", SEV_WARNING, N_("Letter that looks like another"), "5",
			       false},
    [RULE_RATE_COUNT_MISMATCH] = {"rate-count-mismatch", SEV_ERROR,
				  N_("Rate and number of participants disagree"), "5", false},
    [RULE_MISSING_WEIGHT] = {"missing-weight", SEV_ERROR,
			     N_("Weight missing for a total (BHYT without dan_so)"), "5", false},
    [RULE_MERGED_ALLOCATION] = {"merged-allocation", SEV_NOTE, N_("How to build a proposal for merged units"),
				"5", false},
    [RULE_JOB_FILE_IGNORED] = {"job-file", SEV_WARNING, N_("Text of phuluc.ini not used"), "5", true},
    [RULE_COLUMN_LEFT_OUT] = {"missing-column", SEV_NOTE, N_("Column left out: the job has no such figures"),
			      "5", true},
    [RULE_PROVINCE_TARGET_ABOVE] = {"province-target", SEV_NOTE, N_("Province above the assigned target"),
				    "5", true},
    [RULE_PROVINCE_TARGET_UNCHECKED] = {"province-target", SEV_NOTE, N_("Province target not checked"), "5",
					true},
};

const struct rule_info *rule_info(enum rule r)
{
	return &rules[r];
}

const char *severity_name(enum severity sev, enum lang lang)
{
	/* TRANSLATORS: the severities of a finding, as printed before its message. */
	static const char *const names[] = {N_("error"), N_("warning"), N_("note")};
	return message_in(lang, names[sev]);
}

/* Columns on a terminal: code points, not bytes (the titles are NFC). */
static int display_width(const char *s)
{
	int w = 0;
	for (; *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

/* Whether variant v of rule r adds a severity not listed before it (two notes are listed once). */
static bool new_severity(int r, int v)
{
	if (!rules[v].variant || strcmp(rules[v].id, rules[r].id) != 0)
		return false;
	for (int w = 0; w < v; w++)
		if ((w == r || (rules[w].variant && strcmp(rules[w].id, rules[r].id) == 0)) &&
		    rules[w].severity == rules[v].severity)
			return false;
	return true;
}

/* "lỗi" or, with variants, "lỗi/ghi chú" into out (size n). */
static void severities_text(int r, enum lang lang, char *out, size_t n)
{
	snprintf(out, n, "%s", severity_name(rules[r].severity, lang));
	for (int v = 0; v < RULE_COUNT; v++)
		if (new_severity(r, v)) {
			size_t used = strlen(out);
			snprintf(out + used, n - used, "/%s", severity_name(rules[v].severity, lang));
		}
}

static const char *title(int r, enum lang lang)
{
	return message_in(lang, rules[r].title);
}

static void pad(FILE *out, const char *s, int width)
{
	fputs(s, out);
	for (int k = display_width(s); k < width; k++)
		fputc(' ', out);
}

int rules_print(FILE *out, enum lang lang)
{
	int w_id = 0, w_sev = 0, w_title = 0;
	char sev[64];
	for (int r = 0; r < RULE_COUNT; r++) {
		if (rules[r].variant)
			continue;
		severities_text(r, lang, sev, sizeof sev);
		int a = display_width(rules[r].id), b = display_width(sev), c = display_width(title(r, lang));
		w_id = a > w_id ? a : w_id;
		w_sev = b > w_sev ? b : w_sev;
		w_title = c > w_title ? c : w_title;
	}
	for (int r = 0; r < RULE_COUNT; r++) {
		if (rules[r].variant)
			continue;
		severities_text(r, lang, sev, sizeof sev);
		pad(out, rules[r].id, w_id + 2);
		pad(out, sev, w_sev + 2);
		pad(out, title(r, lang), w_title + 2);
		fprintf(out, "§%s\n", rules[r].section);
	}
	return ferror(out) ? -1 : 0;
}

/* The entry of r as a JSON object, NULL when out of memory. */
static json_t *rule_json(int r, enum lang lang)
{
	static const char *const sev[] = {"error", "warning", "note"};
	json_t *also = json_array();
	for (int v = 0; also && v < RULE_COUNT; v++)
		if (new_severity(r, v) && json_array_append_new(also, json_string(sev[rules[v].severity]))) {
			json_decref(also);
			return NULL;
		}
	if (!also)
		return NULL;
	return json_pack("{s:s, s:s, s:o, s:s, s:s}", "rule", rules[r].id, "severity", sev[rules[r].severity],
			 "also", also, "title", title(r, lang), "section", rules[r].section);
}

int json_print_array(json_t *array, FILE *out)
{
	int rc = json_dumpf(array, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(array);
	return rc;
}

int rules_print_json(FILE *out, enum lang lang)
{
	json_t *array = json_array();
	if (!array)
		return -1;
	for (int r = 0; r < RULE_COUNT; r++) {
		if (rules[r].variant)
			continue;
		json_t *o = rule_json(r, lang);
		if (!o || json_array_append_new(array, o)) {
			json_decref(array);
			return -1;
		}
	}
	int rc = json_print_array(array, out);
	return rc || ferror(out) ? -1 : 0;
}
