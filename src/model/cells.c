/*
 * cells.c — one reader per kind of cell value (see cells.h). The numbers
 * themselves are parsed by input/number.c; what is added here is the
 * range of each kind and the wording of its findings.
 */
#include "model/cells.h"

#include "base/messages.h"
#include "base/text.h"
#include "input/number.h"
#include "input/xlsx.h"

#include <stdlib.h>
#include <string.h>

/* What a workbook cell holds (input/xlsx.h); NULL for a CSV's cell or a text cell. */
static const struct xlsx_kind *stored_kind(const struct csv_file *csv, const struct csv_row *row, int col)
{
	if (!csv->kind || row < csv->rows || row >= csv->rows + csv->n_rows)
		return NULL;
	const struct xlsx_kind *k = &csv->kind[row - csv->rows][col];
	return k->type == XLSX_NUMBER || k->type == XLSX_BOOL || k->type == XLSX_ERROR ? k : NULL;
}

/*
 * A workbook cell that is not a number of what the column holds (`what`, a
 * msgid): an error cell (#N/A), a date, TRUE/FALSE. True when it was one (and
 * is reported).
 */
static bool stored_not_number(const struct csv_file *csv, const struct csv_row *row, int col,
			      const struct xlsx_kind *k, const char *what, struct findings *fs)
{
	const char *text = row->f[col];
	const char *shown = message_in(fs->lang, what);
	char date[11];
	if (k->type == XLSX_ERROR)
		finding_add(fs, RULE_NOT_A_NUMBER, csv->name, row->line, csv->header[col],
			    "the cell shows Excel's error %s, not %s", text, shown);
	else if (k->type == XLSX_BOOL)
		finding_add(fs, RULE_NOT_A_NUMBER, csv->name, row->line, csv->header[col],
			    "the cell holds %s, not %s", text, shown);
	else if (k->format == XLSX_FMT_DATE && xlsx_date_text(text, false, date) == 0)
		finding_add(fs, RULE_NOT_A_NUMBER, csv->name, row->line, csv->header[col],
			    "the cell is the date %s, not %s (the cell is formatted as a date)", date, shown);
	else
		return false;
	return true;
}

/* A rate with more than 2 decimals: said so, with the percent a fraction would be. */
static void too_many_decimals(const struct csv_file *csv, const struct csv_row *row, int col,
			      const char *shown, bool fraction, int64_t hundredths, struct findings *fs)
{
	char pct[32];
	if (fraction)
		finding_add(fs, RULE_TOO_MANY_DECIMALS, csv->name, row->line, csv->header[col],
			    "rate \"%s\" has more than 2 decimals — is it %s?", shown,
			    number_rate_vi(hundredths, pct, sizeof pct));
	else
		finding_add(
		    fs, RULE_TOO_MANY_DECIMALS, csv->name, row->line, csv->header[col],
		    "rate \"%s\" has more than 2 decimals: write at most 2, nothing is rounded silently",
		    shown);
}

/* A number cell as the clerk sees it: "0,4151", a percent cell "16,155%". */
static const char *shown_number(const char *text, bool percent, char *buf, size_t size)
{
	int64_t v;
	for (int d = 0; d <= 9; d++)
		if (xlsx_number_exact(text, d + (percent ? 2 : 0), &v) == XLSX_EXACT_OK)
			return number_format_vi(v, (struct number_format){d, percent, false}, buf, size);
	return text;
}

/*
 * Parses the cell as a count or a rate into *v and reports a cell that is
 * not a number (ambiguous-number for one that reads two ways, else
 * not-a-number). An empty cell, or one out of range, is the caller's to report.
 */
static enum number_status parse_cell(const struct csv_file *csv, const struct csv_row *row, int col,
				     enum number_kind kind, int64_t *v, struct findings *fs)
{
	const char *text = row->f[col];
	const struct xlsx_kind *k = kind == NUMBER_COUNT ? stored_kind(csv, row, col) : NULL;
	if (k && stored_not_number(csv, row, col, k, N_("a count of people"), fs))
		return NUMBER_NOT_A_NUMBER;
	enum number_status st = NUMBER_NOT_A_NUMBER;
	if (!k)
		st = number_parse(text, kind, v);
	else if (xlsx_number_exact(text, 0, v) == XLSX_EXACT_OK)
		st = NUMBER_OK;
	if (st == NUMBER_OK || st == NUMBER_EMPTY)
		return st;
	if (st == NUMBER_AMBIGUOUS)
		finding_add(fs, RULE_AMBIGUOUS_NUMBER, csv->name, row->line, csv->header[col],
			    "\"%s\" can be read two ways (thousands or decimals?); write e.g. 1,23", text);
	else if (kind == NUMBER_COUNT)
		finding_add(fs, RULE_NOT_A_NUMBER, csv->name, row->line, csv->header[col],
			    "\"%s\" is not a count of people (example: 264.650)", text);
	else
		finding_add(fs, RULE_NOT_A_NUMBER, csv->name, row->line, csv->header[col],
			    "\"%s\" is not a rate (example: 41,51)", text);
	return st;
}

int64_t cell_count(const struct csv_file *csv, const struct csv_row *row, int col, enum count_of what,
		   struct findings *fs)
{
	int64_t v;
	enum number_status st = parse_cell(csv, row, col, NUMBER_COUNT, &v, fs);
	if (st == NUMBER_EMPTY) {
		if (what == COUNT_OF_PARTICIPANTS)
			finding_add(fs, RULE_MISSING_VALUE, csv->name, row->line, csv->header[col],
				    "empty cell: a count of participants is needed");
		else
			finding_add(fs, RULE_MISSING_VALUE, csv->name, row->line, csv->header[col],
				    "empty cell: a count of people is needed");
		return COUNT_NONE;
	}
	if (st != NUMBER_OK)
		return COUNT_NONE;
	if (v < 0 || v > MAX_PEOPLE) {
		char max[32];
		finding_add(fs, RULE_OUT_OF_RANGE, csv->name, row->line, csv->header[col],
			    "count \"%s\" is outside 0–%s", row->f[col],
			    number_people_vi(MAX_PEOPLE, max, sizeof max));
		return COUNT_NONE;
	}
	return v;
}

/* The rate checked against 0..100 %; RATE_NONE (with a finding) outside. */
static int32_t rate_in_range(const struct csv_file *csv, const struct csv_row *row, int col, int64_t v,
			     struct findings *fs)
{
	if (v >= 0 && v <= 10000)
		return (int32_t)v;
	char shown[32];
	finding_add(fs, RULE_OUT_OF_RANGE, csv->name, row->line, csv->header[col],
		    "rate %s is outside 0%%–100%%", number_rate_vi(v, shown, sizeof shown));
	return RATE_NONE;
}

/* A number cell of a workbook where a rate belongs: a percent cell is its percent, else percent points. */
static int32_t stored_rate(const struct csv_file *csv, const struct csv_row *row, int col,
			   const struct xlsx_kind *k, struct findings *fs)
{
	const char *text = row->f[col];
	if (stored_not_number(csv, row, col, k, N_("a rate"), fs))
		return RATE_NONE;
	bool percent = k->format == XLSX_FMT_PERCENT;
	int64_t v, as_percent;
	char shown[48];
	switch (xlsx_number_exact(text, percent ? 4 : 2, &v)) {
	case XLSX_EXACT_OK:
		return rate_in_range(csv, row, col, v, fs);
	case XLSX_EXACT_FRACTION: {
		bool fraction = !percent && xlsx_number_exact(text, 4, &as_percent) == XLSX_EXACT_OK &&
				as_percent >= 0 && as_percent <= 10000;
		too_many_decimals(csv, row, col, shown_number(text, percent, shown, sizeof shown), fraction,
				  fraction ? as_percent : 0, fs);
		return RATE_NONE;
	}
	default:
		finding_add(fs, RULE_OUT_OF_RANGE, csv->name, row->line, csv->header[col],
			    "rate %s is outside 0%%–100%%", text);
		return RATE_NONE;
	}
}

int32_t cell_rate(const struct csv_file *csv, const struct csv_row *row, int col, struct findings *fs)
{
	int64_t v, scaled;
	const char *text = row->f[col];
	const struct xlsx_kind *k = stored_kind(csv, row, col);
	if (k)
		return stored_rate(csv, row, col, k, fs);
	if (parse_cell(csv, row, col, NUMBER_RATE, &v, fs) != NUMBER_OK)
		return RATE_NONE;
	int decimals = number_decimals(text, NUMBER_RATE, &scaled);
	if (decimals > 2) {
		/* Below 1 with at most 4 decimals: a fraction, 0,4151 for 41,51 %. */
		int64_t one = 1;
		for (int d = 0; d < decimals; d++)
			one *= 10;
		bool fraction = decimals <= 4 && scaled >= 0 && scaled < one && !strchr(text, '%');
		for (int d = decimals; fraction && d < 4; d++)
			scaled *= 10;
		too_many_decimals(csv, row, col, text, fraction, scaled, fs);
		return RATE_NONE;
	}
	return rate_in_range(csv, row, col, v, fs);
}

int cell_year(const struct csv_file *csv, const struct csv_row *row, int col, struct findings *fs)
{
	char *end;
	int64_t exact;
	const struct xlsx_kind *k = stored_kind(csv, row, col);
	if (k && k->type == XLSX_NUMBER && k->format != XLSX_FMT_DATE &&
	    xlsx_number_exact(row->f[col], 0, &exact) == XLSX_EXACT_OK && exact >= 1900 && exact <= 2200)
		return (int)exact;
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

bool column_blank(const struct csv_file *csv, int col)
{
	if (!csv->kind || csv->header[col][0])
		return false;
	for (int r = 0; r < csv->n_rows; r++)
		if (csv->rows[r].f[col][0])
			return false;
	return true;
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
	if (column_blank(csv, col))
		return;
	finding_add(fs, RULE_UNKNOWN_COLUMN, csv->name, csv->header_line, csv->header[col],
		    "column \"%s\" is not used", csv->header[col]);
}
