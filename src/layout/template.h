/*
 * template.h — an annex layout as data (templates/<name>.yaml, read with
 * libyaml). Adding a layout is adding a file, not C code.
 *
 * A template gives the paragraphs above and under the table (with
 * placeholders {so} {tieu_de} {kem_theo} {dong_tong} {ghi_chu} {nam_dau}
 * {nam_cuoi} filled from the job), the page setup, and the header tree of
 * the table: each node has a title; a node with `theo_nam: true` is repeated
 * once per year of the job ({nam} in its title and below it is that year);
 * a leaf names the figure its cells hold (`gia_tri`, one of the figure
 * table's names, figures.h: stt, ten, ma, chi_tieu, luc_luong_lao_dong,
 * dan_so; for progress reports thuc_hien, ty_le_thuc_hien, chenh_lech,
 * con_thieu, thay_doi) and, for the figures that take one, which indicator
 * (`chi_so`). `bieu_do` lists bar charts (tieu_de, chi_so; truc,
 * chu_giai_thuc_hien, chu_giai_chi_tieu); `nhan` the program's own wording
 * (du_thao, cot_luc_luong_lao_dong, cot_dan_so, trang_bieu_do, tiep_theo).
 * See templates/ke-hoach-chi-tieu.yaml and
 * templates/bao-cao-thuc-hien.yaml for documented examples.
 */
#ifndef PHULUC_TEMPLATE_H
#define PHULUC_TEMPLATE_H

#include "base/error.h"
#include "layout/document.h"
#include "layout/figures.h"

#include <stdbool.h>

/* A bar chart of a progress report: actual vs target rate of one indicator per locality. */
struct tpl_chart {
	char *title; /* with placeholders; owned */
	int indicator;
	/* Wording, with placeholders; owned; defaults in template.c: */
	char *value_axis;   /* truc: the value axis, "Tỷ lệ (%)" */
	char *actual_label; /* chu_giai_thuc_hien: the actual rates' legend entry */
	char *target_label; /* chu_giai_chi_tieu: the targets' legend entry */
};

/*
 * nhan: the wording the program adds besides the template's own text, each
 * with a default (template.c) that the shipped templates spell out.
 */
struct tpl_labels {
	char *draft_mark;	 /* du_thao: on every page of a draft */
	char *labour_column;	 /* cot_luc_luong_lao_dong: the hidden weight column, with {nam} */
	char *population_column; /* cot_dan_so: the same for BHYT */
	char *chart_sheet;	 /* trang_bieu_do: the XLSX sheet of the charts */
	char *continued;	 /* tiep_theo: after a chart's title on its further pages */
};

struct tpl_column {
	char *title;	       /* may hold {nam}; owned */
	bool per_year;	       /* repeated for every year of the job */
	enum figure_id figure; /* a leaf's figure (figures.h); FIG_NONE on an inner node */
	int indicator;	       /* enum indicator, for figures that take chi_so; -1 otherwise */
	bool optional;	       /* tuy_chon: left out without a note when the job lacks its indicator */
	bool has_format;       /* `dinh_dang` given */
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
	struct tpl_labels labels; /* nhan */
};

/*
 * Finds <name>.yaml in job_dir/templates, $PHULUC_TEMPLATE_DIR, then
 * installed_dir (phuluc's own templates; NULL or "": none), and reads it.
 * Returns 0, or -1 with err (ERR_USAGE for a missing or malformed template,
 * naming file:line:column).
 */
int template_load(const char *name, const char *job_dir, const char *installed_dir, struct template *t,
		  struct error *err);

/*
 * Drops the leaves for which keep(leaf, ctx) is false, and the inner
 * columns left without children (their titles freed). A template whose
 * columns are all dropped keeps none (n_columns 0).
 */
void template_drop_columns(struct template *t, bool (*keep)(const struct tpl_column *leaf, void *ctx),
			   void *ctx);

void template_free(struct template *t); /* accepts a zeroed struct */

#endif
