/*
 * finding.h — what the checks found, where, and how it is printed.
 *
 * A finding names the file, the CSV line (1-based, header = 1, quoted
 * newlines counted; 0 when it is about the file as a whole), the column as
 * headed in the file and a rule of the rule table (rules.h), which gives it
 * its stable id and its severity (SPEC §2). A message is written once, in
 * English: its format is the gettext msgid, translated when the finding is
 * added into the list's language (messages.h; the Vietnamese is in
 * po/vi.po, and tools/messages_to_po.py moves the Vietnamese of a call
 * written in the older two-text form there).
 *
 *   struct findings fs = {.lang = LANG_VI};
 *   finding_add(&fs, RULE_NOT_A_NUMBER, "chi_tieu.csv", 3, "bhxh_2023",
 *               "value \"%s\" is not a number", text);
 *   // message: giá trị "…" không phải là số (with the catalog bound)
 *   findings_print(&fs, stderr);
 *   findings_free(&fs);
 *
 * A workbook sheet read as a file is registered once (findings_add_sheet):
 * findings made against its name then carry the workbook, the sheet and the
 * cell ("D5", from the line and the column's header) and print as
 * "so_lieu.xlsx:Chỉ tiêu!D5: …" (without a cell: "so_lieu.xlsx:Chỉ tiêu:5:ma: …").
 */
#ifndef PHULUC_FINDING_H
#define PHULUC_FINDING_H

#include "base/rules.h"

#include <stdio.h>

struct finding {
	char *file;		/* owned */
	int line;		/* 0: the file as a whole */
	char *column;		/* owned; NULL when no single column is at fault */
	enum severity severity; /* the rule's, from the table */
	const char *rule;	/* the rule's id, static (the table's) */
	char *message;		/* owned */
	int seq;		/* order of adding, for a stable sort */
	int more;		/* > 0: a summary standing for this many findings not stored */
	char *sheet;		/* owned; NULL unless the file is a workbook */
	char *cell;		/* owned; "D5", NULL when no single cell is at fault */
};

/* A workbook sheet findings are placed in (findings_add_sheet); all strings owned. */
struct finding_sheet {
	char *name;  /* the name findings are made against ("job/so_lieu.xlsx#Chỉ tiêu") */
	char *file;  /* the workbook as printed ("job/so_lieu.xlsx") */
	char *sheet; /* the sheet's name */
	int n_cols;
	char **header; /* the header's text per sheet column (A = 0) */
};

/*
 * Bounds: a file with 200,000 bad rows must not give millions of messages.
 * After FINDINGS_PER_RULE findings of one rule in one file, or once
 * FINDINGS_MAX are stored in all, further ones are only counted: one
 * summary finding per file and rule (line: the last one shown) says how many
 * more there were. findings_count counts them all.
 */
#define FINDINGS_PER_RULE 100
#define FINDINGS_MAX	  5000

struct finding_tally; /* finding.c: findings of one rule in one file */

struct findings {
	enum lang lang;
	int n, cap;
	struct finding *v;
	int oom; /* set if a finding could not be stored */
	struct finding_tally *tally;
	int n_tally, cap_tally;
	int n_sheets, cap_sheets;
	struct finding_sheet *sheets; /* owned */
};

/* Sheet cell (row, col), both 0-based, as spreadsheets name it: "D5"; "XFD1048576" at most. */
#define CELL_REF_MAX 12
void cell_ref(int row, int col, char out[CELL_REF_MAX]);

/*
 * Findings made from now on against `name` are placed in sheet `sheet` of
 * workbook `file`; a finding's column is found in header[0..n_cols) (sheet
 * column A = 0) to name its cell. Copies everything; sets oom on failure.
 */
void findings_add_sheet(struct findings *fs, const char *name, const char *file, const char *sheet,
			int n_cols, char *const *header);

/*
 * Adds a finding of rule (its id and severity from the rule table); fmt is
 * the English printf format and msgid (xgettext: --keyword=finding_add:6),
 * printed in fs->lang through message_in().
 */
void finding_add(struct findings *fs, enum rule rule, const char *file, int line, const char *column,
		 const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* How many findings of sev were added, those beyond the bounds included. */
int findings_count(const struct findings *fs, enum severity sev);

/* Sorts by file, then sheet, then line; findings on the same line keep their order. */
void findings_sort(struct findings *fs);

/* "file:line:column: severity: message [rule]" per finding. */
void findings_print(const struct findings *fs, FILE *out);

/*
 * One JSON array of {file, line, column, severity, rule, message}, with
 * "sheet" and "cell" added for a finding in a workbook. Returns 0 or -1.
 */
int findings_print_json(const struct findings *fs, FILE *out);

void findings_free(struct findings *fs);

#endif
