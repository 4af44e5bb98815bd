/*
 * rules.c — the rule table (rules.h) and its listing for `phuluc --rules`.
 * The table is made from rules.def, as enum rule is, and indexed by the enum
 * with designated initializers, so an entry cannot drift to another value's
 * place; tools/rule_call_sites.py reads rules.def to map a call site's old
 * (severity, "id") pair to its enum value.
 */
#include "base/rules.h"

#include <jansson.h>
#include <string.h>

static const struct rule_info rules[RULE_COUNT] = {
#define RULE(name, id, severity, title, section, variant)                                                    \
	[RULE_##name] = {id, severity, title, section, variant},
#include "base/rules.def"
#undef RULE
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
