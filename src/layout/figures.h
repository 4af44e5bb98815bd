/*
 * figures.h — the one table of what a template cell can hold.
 *
 * A template's leaf column names a figure (`gia_tri: chi_tieu`); this table
 * says, for each name, how the figure is computed from the model (and, for
 * a progress report, from the reported period), its default number format
 * and alignment, and how the total row and a group's subtotal aggregate it
 * (sum, weighted mean over the weight column, ratio of sums, difference of
 * two columns, or nothing). A new figure is one entry in figures.c; annex.c
 * lays the figures out as cells and knows none of them by their meaning
 * beyond the row structure (STT numbers rows, the name column carries the
 * labels, rates are marked against targets).
 *
 *   const struct figure *f = figure_by_name("chi_tieu");
 *   struct figure_source src = {.m = m, .report = -1};
 *   struct figure_value v = f->of_locality(&src, loc, year, IND_BHXH);
 *   if (v.known) ... v.units (hundredths of a percent) ...
 *
 * Nothing here is owned: the table is static, values point into the model.
 */
#ifndef PHULUC_FIGURES_H
#define PHULUC_FIGURES_H

#include "layout/document.h"
#include "model/model.h"
#include "model/progress.h"

#include <stdbool.h>
#include <stdint.h>

enum figure_id {
	FIG_NONE,	  /* an inner node of the header tree */
	FIG_SEQ,	  /* stt: 1, 2, 3 … */
	FIG_NAME,	  /* ten: the locality's name */
	FIG_CODE,	  /* ma: its code */
	FIG_TARGET,	  /* chi_tieu: the target rate of the indicator for the year */
	FIG_LABOUR,	  /* luc_luong_lao_dong: labour force of the year (people) */
	FIG_POPULATION,	  /* dan_so: population of the year (people) */
	FIG_TARGET_COUNT, /* so_nguoi: the target number of participants of the indicator for the year */
	FIG_COUNT_RATE,	  /* ty_le_so_nguoi: that number ÷ labour force (BHYT: population), a rate */
	/* Progress reports (progress.h), for the reported period: */
	FIG_PARTICIPANTS, /* thuc_hien: participants (people) */
	FIG_ACTUAL_RATE,  /* ty_le_thuc_hien: participants ÷ labour force (BHYT: population) */
	FIG_GAP,	  /* chenh_lech: actual rate − target rate */
	FIG_SHORTFALL,	  /* con_thieu: people still needed to reach the target */
	FIG_CHANGE,	  /* thay_doi: participants − those of the previous period */
	FIG_COUNT
};

/* What the figures are computed from. */
struct figure_source {
	const struct model *m;
	const struct progress *progress; /* the job's progress data (job_data.h), NULL if none */
	int report; /* the reported period (index into the progress periods), -1 if none */
};

struct figure_value {
	bool known;	  /* false: the cell stays blank */
	int64_t units;	  /* a number in the figure's format (hundredths for rates) */
	const char *text; /* a text figure's value (points into the model), else NULL */
	bool below;	  /* the locality is below its target (progress figures) */
};

struct figure {
	const char *name; /* as written in templates (gia_tri) */
	enum figure_id id;
	bool needs_indicator; /* takes chi_so (required); the others refuse it */
	bool yearly;	      /* of a year: under theo_nam (or the reported period's year) */
	bool progress;	      /* a figure of the reported period: the template is a progress report */
	bool needs_previous;  /* left out when there is no previous period */
	bool shows_target;    /* shows the year's target rate: the checks require it */
	bool shows_count;     /* shows the year's target number of participants: the checks require it */
	bool needs_target;    /* needs the reported period's target (any year's, as that is known late) */
	bool marked;	      /* marked when the locality is below its target */
	struct number_format format; /* unless the template gives dinh_dang */
	struct text_style style;     /* of a body cell; total and subtotal cells are bold */
	/*
	 * How the total row and a group's subtotal aggregate the column, as the
	 * XLSX writes it (document.h): AGG_WEIGHTED_MEAN and AGG_RATIO use the
	 * weight column (labour force, BHYT population); AGG_RATIO divides the
	 * sum of column `operand_a` by it; AGG_DIFF is operand_a − operand_b in
	 * the row itself. AGG_NONE: the cell stays blank.
	 */
	enum aggregate_op total, subtotal;
	enum figure_id operand_a, operand_b;
	/*
	 * How a body cell is written in the XLSX: AGG_NONE a fixed value; else
	 * a formula over other cells of its row (document.h: AGG_RATIO with
	 * operand_a and the weight column, AGG_DIFF operand_a − operand_b,
	 * AGG_SHORTFALL target operand_b against participants operand_a), so
	 * that a corrected count changes it. The cached value is the exact one.
	 */
	enum aggregate_op body;
	/* The value for locality loc (year: index into the job's years, or -1). */
	struct figure_value (*of_locality)(const struct figure_source *src, int loc, int year, int indicator);
	/*
	 * The aggregate's exact value over the localities [from, to); NULL:
	 * the sum of of_locality (known when every term is).
	 */
	struct figure_value (*of_range)(const struct figure_source *src, int from, int to, int year,
					int indicator);
};

/* The entry of a name as written in templates, or NULL. */
const struct figure *figure_by_name(const char *name);

/* The entry of an id (FIG_NONE has one too: an inner node). */
const struct figure *figure_of(enum figure_id id);

/* "stt, ten, …, con_thieu or thay_doi": every name, for messages. Caller frees; NULL on out of memory. */
char *figure_names(void);

/* The aggregate of figure f over the localities [from, to) (see of_range). */
struct figure_value figure_aggregate(const struct figure *f, const struct figure_source *src, int from,
				     int to, int year, int indicator);

/* Whether the aggregates or body formulas of f need the weight column (labour force, BHYT population). */
bool figure_weighted(const struct figure *f);

#endif
