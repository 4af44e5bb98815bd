/*
 * cells.c — one reader per kind of cell value (see cells.h). The numbers
 * themselves are parsed by input/number.c; what is added here is the
 * range of each kind and the wording of its findings.
 */
#include "model/cells.h"

#include "base/text.h"
#include "input/number.h"

#include <stdlib.h>

int64_t cell_count(const struct csv_file *csv, const struct csv_row *row, int col, enum count_of what,
		   struct findings *fs)
{
	int64_t v;
	const char *text = row->f[col];
	switch (number_parse(text, NUMBER_COUNT, &v)) {
	case NUMBER_OK:
		if (v < 0 || v > MAX_PEOPLE) {
			char max[32];
			finding_add(fs, RULE_OUT_OF_RANGE, csv->name, row->line, csv->header[col],
				    "count \"%s\" is outside 0–%s", text,
				    number_format_vi(MAX_PEOPLE, (struct number_format){.thousands = true},
						     max, sizeof max));
			return COUNT_NONE;
		}
		return v;
	case NUMBER_EMPTY:
		if (what == COUNT_OF_PARTICIPANTS)
			finding_add(fs, RULE_MISSING_VALUE, csv->name, row->line, csv->header[col],
				    "empty cell: a count of participants is needed");
		else
			finding_add(fs, RULE_MISSING_VALUE, csv->name, row->line, csv->header[col],
				    "empty cell: a count of people is needed");
		return COUNT_NONE;
	default:
		finding_add(fs, RULE_NOT_A_NUMBER, csv->name, row->line, csv->header[col],
			    "\"%s\" is not a count of people (example: 264.650)", text);
		return COUNT_NONE;
	}
}

int32_t cell_rate(const struct csv_file *csv, const struct csv_row *row, int col, struct findings *fs)
{
	int64_t v;
	const char *text = row->f[col];
	switch (number_parse(text, NUMBER_RATE, &v)) {
	case NUMBER_OK:
		if (v < 0 || v > 10000) {
			char shown[32];
			finding_add(
			    fs, RULE_OUT_OF_RANGE, csv->name, row->line, csv->header[col],
			    "rate %s is outside 0%%–100%%",
			    number_format_vi(v, (struct number_format){2, true, false}, shown, sizeof shown));
			return RATE_NONE;
		}
		return (int32_t)v;
	case NUMBER_EMPTY:
		return RATE_NONE;
	case NUMBER_AMBIGUOUS:
		finding_add(fs, RULE_AMBIGUOUS_NUMBER, csv->name, row->line, csv->header[col],
			    "\"%s\" can be read two ways (thousands or decimals?); write e.g. 1,23", text);
		return RATE_NONE;
	default:
		finding_add(fs, RULE_NOT_A_NUMBER, csv->name, row->line, csv->header[col],
			    "\"%s\" is not a rate (example: 41,51)", text);
		return RATE_NONE;
	}
}

int cell_year(const struct csv_file *csv, const struct csv_row *row, int col, struct findings *fs)
{
	char *end;
	long y = strtol(row->f[col], &end, 10);
	if (end == row->f[col] || *end || y < 1900 || y > 2200) {
		finding_add(fs, RULE_NOT_A_NUMBER, csv->name, row->line, csv->header[col],
			    "\"%s\" is not a year", row->f[col]);
		return -1;
	}
	return (int)y;
}

int cell_indicator(const struct csv_file *csv, const struct csv_row *row, int col, struct findings *fs)
{
	char *key = text_fold(row->f[col]);
	if (!key) {
		fs->oom = 1; /* not an unknown indicator: the pipeline reports out of memory */
		return -1;
	}
	int ind = indicator_from_key(key);
	free(key);
	if (ind < 0)
		finding_add(fs, RULE_UNKNOWN_INDICATOR, csv->name, row->line, csv->header[col],
			    "indicator \"%s\" is unknown (bhxh, bhxh_bb, bhxh_tn, bhtn, bhyt)", row->f[col]);
	return ind;
}

int cell_figure_indicator(const struct csv_file *csv, const struct csv_row *row, int col, bool *count,
			  struct findings *fs)
{
	*count = false;
	char *key = text_fold(row->f[col]);
	if (!key) {
		fs->oom = 1;
		return -1;
	}
	int ind = indicator_from_figure_key(key, count);
	free(key);
	if (ind >= 0 && *count)
		return ind;
	*count = false;
	return cell_indicator(csv, row, col, fs);
}

void column_unused(const struct csv_file *csv, int col, struct findings *fs)
{
	finding_add(fs, RULE_UNKNOWN_COLUMN, csv->name, 1, csv->header[col], "column \"%s\" is not used",
		    csv->header[col]);
}
