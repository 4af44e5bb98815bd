/*
 * template.h — an annex layout as data (templates/<name>.yaml, read with
 * libyaml). Adding a layout is adding a file, not C code.
 *
 * A template gives the paragraphs above and under the table (with
 * placeholders {so} {tieu_de} {kem_theo} {dong_tong} {ghi_chu} {nam_dau}
 * {nam_cuoi} filled from the job), the page setup, and the header tree of
 * the table: each node has a title; a node with `theo_nam: true` is repeated
 * once per year of the job ({nam} in its title and below it is that year);
 * a leaf says what its cells hold (`gia_tri`: stt, ten, ma, chi_tieu,
 * luc_luong_lao_dong, dan_so; for progress reports thuc_hien,
 * ty_le_thuc_hien, chenh_lech, con_thieu, thay_doi) and, for chi_tieu and
 * the progress kinds, which indicator (`chi_so`). `bieu_do` lists bar charts
 * (tieu_de, chi_so). See templates/ke-hoach-chi-tieu.yaml and
 * templates/bao-cao-thuc-hien.yaml for documented examples.
 */
#ifndef PHULUC_TEMPLATE_H
#define PHULUC_TEMPLATE_H

#include "base/error.h"
#include "layout/document.h"

#include <stdbool.h>

enum value_kind {
	VAL_NONE,	/* an inner node */
	VAL_SEQ,	/* STT: 1, 2, 3 … */
	VAL_NAME,	/* the locality's name */
	VAL_CODE,	/* its code */
	VAL_TARGET,	/* the target rate of `indicator` for the year */
	VAL_LABOUR,	/* labour force of the year (people) */
	VAL_POPULATION, /* population of the year (people) */
	/* Progress reports (progress.h), for the reported period: */
	VAL_PARTICIPANTS, /* thuc_hien: participants (people) */
	VAL_ACTUAL_RATE,  /* ty_le_thuc_hien: participants ÷ labour force (BHYT: population) */
	VAL_GAP,	  /* chenh_lech: actual rate − target rate */
	VAL_SHORTFALL,	  /* con_thieu: people still needed to reach the target */
	VAL_CHANGE	  /* thay_doi: participants − those of the previous period (dropped if none) */
};

/* A bar chart of a progress report: actual vs target rate of one indicator per locality. */
struct tpl_chart {
	char *title; /* with placeholders; owned */
	int indicator;
};

struct tpl_column {
	char *title;   /* may hold {nam}; owned */
	bool per_year; /* repeated for every year of the job */
	enum value_kind value;
	int indicator;	 /* enum indicator, for VAL_TARGET and the progress kinds; -1 otherwise */
	bool has_format; /* `dinh_dang` given */
	struct number_format format;
	struct tpl_column *children;
	int n_children;
};

struct tpl_paragraph {
	char *text; /* with placeholders; owned */
	struct text_style style;
	double size_pt;
	bool upper; /* printed in upper case (the title) */
	bool rule_after;
	char *only_if; /* printed only when this placeholder is not empty; owned or NULL */
};

struct template
{
	char *path;
	char *sheet_name;
	char *subject; /* metadata subject, with placeholders */
	struct page_setup page;
	struct tpl_paragraph *before, *after;
	int n_before, n_after;
	struct tpl_column *columns;
	int n_columns;
	bool total_row;	   /* a computed total row */
	bool total_first;  /* right under the header instead of at the bottom */
	char *total_label; /* with placeholders, default "{dong_tong}" */
	/*
	 * dong_tong.nhan_nhom: label of a group's subtotal row, with placeholders
	 * and {nhom} (the group), default "Cộng". Groups come from dia_ban.nhom:
	 * a heading row (I, II … and the group) before each group's rows and a
	 * subtotal row after them; jobs without nhom have neither.
	 */
	char *group_total_label;
	struct tpl_chart *charts; /* bieu_do */
	int n_charts;
};

/*
 * Finds <name>.yaml in job_dir/templates, $PHULUC_TEMPLATE_DIR, then
 * installed_dir (phuluc's own templates; NULL or "": none), and reads it.
 * Returns 0, or -1 with err (ERR_USAGE for a missing or malformed template,
 * naming file:line:column).
 */
int template_load(const char *name, const char *job_dir, const char *installed_dir, struct template *t,
		  struct error *err);

void template_free(struct template *t); /* accepts a zeroed struct */

#endif
