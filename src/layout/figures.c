/*
 * figures.c — the figure table (see figures.h): one entry per figure a
 * template can name, with the functions that compute it from the model.
 * The progress figures read the job's progress data through one call,
 * reported_figures(), so that where progress lives can change in one place.
 */
#include "layout/figures.h"

#include "base/vec.h"
#include "model/progress.h"

#include <stddef.h>
#include <string.h>

static const struct figure_value UNKNOWN = {0};

static struct figure_value number(int64_t units)
{
	return (struct figure_value){.known = true, .units = units};
}

/* ---- the job's data (model.h) ------------------------------------------- */

static struct figure_value seq_of(const struct figure_source *src, int loc, int year, int indicator)
{
	(void)src, (void)year, (void)indicator;
	return number(loc + 1);
}

static struct figure_value name_of(const struct figure_source *src, int loc, int year, int indicator)
{
	(void)year, (void)indicator;
	return (struct figure_value){.known = true, .text = src->m->loc[loc].name};
}

static struct figure_value code_of(const struct figure_source *src, int loc, int year, int indicator)
{
	(void)year, (void)indicator;
	return (struct figure_value){.known = true, .text = src->m->loc[loc].code};
}

static struct figure_value target_of(const struct figure_source *src, int loc, int year, int indicator)
{
	if (year < 0)
		return UNKNOWN; /* a progress report without its data (a draft) */
	int32_t r = model_target(src->m, loc, year, indicator);
	return r == RATE_NONE ? UNKNOWN : number(r);
}

/* The weighted mean of the localities' targets (labour force, BHYT population, as weights). */
static struct figure_value target_mean(const struct figure_source *src, int from, int to, int year,
				       int indicator)
{
	int32_t rate = 0;
	if (year < 0 || !model_weighted_rate_range(src->m, year, indicator, from, to, &rate, NULL, NULL))
		return UNKNOWN;
	return number(rate);
}

static struct figure_value people(const int64_t *per_loc_year, const struct model *m, int loc, int year)
{
	if (year < 0)
		return UNKNOWN;
	int64_t v = per_loc_year[(size_t)loc * (size_t)m->n_years + (size_t)year];
	return v == COUNT_NONE ? UNKNOWN : number(v);
}

static struct figure_value labour_of(const struct figure_source *src, int loc, int year, int indicator)
{
	(void)indicator;
	return people(src->m->labour, src->m, loc, year);
}

static struct figure_value population_of(const struct figure_source *src, int loc, int year, int indicator)
{
	(void)indicator;
	return people(src->m->population, src->m, loc, year);
}

static struct figure_value count_of(const struct figure_source *src, int loc, int year, int indicator)
{
	if (year < 0)
		return UNKNOWN;
	int64_t n = model_target_count(src->m, loc, year, indicator);
	return n == COUNT_NONE ? UNKNOWN : number(n);
}

static struct figure_value count_sum(const struct figure_source *src, int from, int to, int year,
				     int indicator)
{
	int64_t sum;
	if (year < 0 || !model_count_sum_range(src->m, year, indicator, from, to, &sum))
		return UNKNOWN;
	return number(sum);
}

/* The rate of counts over weights: Σ count ÷ Σ weight (one locality: its own). */
static struct figure_value count_rate_range(const struct figure_source *src, int from, int to, int year,
					    int indicator)
{
	int64_t sum, w = 0;
	int32_t rate;
	if (year < 0 || !model_count_sum_range(src->m, year, indicator, from, to, &sum))
		return UNKNOWN;
	for (int l = from; l < to; l++) {
		int64_t wl = model_weight(src->m, l, year, indicator);
		if (wl < 0)
			return UNKNOWN;
		w += wl;
	}
	return count_rate(sum, w, &rate) ? number(rate) : UNKNOWN;
}

static struct figure_value count_rate_of(const struct figure_source *src, int loc, int year, int indicator)
{
	return count_rate_range(src, loc, loc + 1, year, indicator);
}

/* ---- the reported period (progress.h) --------------------------------------- */

/* The one place the figures read progress data: of locality loc, or of the province when loc is -1. */
static bool reported_figures(const struct figure_source *src, int loc, int indicator,
			     struct progress_figures *f)
{
	return progress_figures_of(src->m, src->progress, loc, src->report, indicator, f);
}

/* The part a progress figure shows of its locality's reported figures (progress_figures_of). */
typedef struct figure_value (*progress_part_fn)(const struct progress_figures *f);

static struct figure_value progress_part(const struct figure_source *src, int loc, int indicator,
					 progress_part_fn part)
{
	struct progress_figures f;
	return reported_figures(src, loc, indicator, &f) ? part(&f) : UNKNOWN;
}

/*
 * A progress figure of a locality, and of the whole province for the total
 * row (progress.c computes the province's own: rates of the sums, the sum
 * of the localities' shortfalls). Groups get no progress subtotals. known
 * and units say which part of struct progress_figures *f it shows; every
 * part marks a locality below its target.
 */
#define PROGRESS_FIGURE(fn, known_, units_)                                                                  \
	static struct figure_value fn##_part(const struct progress_figures *f)                               \
	{                                                                                                    \
		return (struct figure_value){.known = (known_), .units = (units_), .below = f->below};       \
	}                                                                                                    \
	static struct figure_value fn##_of(const struct figure_source *src, int loc, int year,               \
					   int indicator)                                                    \
	{                                                                                                    \
		(void)year;                                                                                  \
		return progress_part(src, loc, indicator, fn##_part);                                        \
	}                                                                                                    \
	static struct figure_value fn##_total(const struct figure_source *src, int from, int to, int year,   \
					      int indicator)                                                 \
	{                                                                                                    \
		(void)from, (void)to, (void)year;                                                            \
		return progress_part(src, -1, indicator, fn##_part);                                         \
	}

PROGRESS_FIGURE(participants, f->participants != COUNT_NONE, f->participants)
PROGRESS_FIGURE(actual_rate, f->has_rate, f->rate)
PROGRESS_FIGURE(gap, f->has_gap, f->gap)
PROGRESS_FIGURE(shortfall, f->has_shortfall, f->shortfall)
PROGRESS_FIGURE(change, f->has_change, f->change)

/* ---- the table ------------------------------------------------------------ */

#define RATE_FORMAT                                                                                          \
	{                                                                                                    \
		.decimals = 2, .percent = true                                                               \
	}
#define PEOPLE_FORMAT                                                                                        \
	{                                                                                                    \
		.thousands = true                                                                            \
	}
#define CENTER                                                                                               \
	{                                                                                                    \
		.align = ALIGN_CENTER                                                                        \
	}
#define RIGHT                                                                                                \
	{                                                                                                    \
		.align = ALIGN_RIGHT                                                                         \
	}

static const struct figure FIGURES[FIG_COUNT] = {
    [FIG_NONE] = {.name = NULL, .id = FIG_NONE},
    [FIG_SEQ] = {.name = "stt", .id = FIG_SEQ, .style = CENTER, .of_locality = seq_of},
    [FIG_NAME] = {.name = "ten",
		  .id = FIG_NAME,
		  .style = {.align = ALIGN_LEFT, .wrap = true},
		  .of_locality = name_of},
    [FIG_CODE] = {.name = "ma", .id = FIG_CODE, .style = CENTER, .of_locality = code_of},
    [FIG_TARGET] = {.name = "chi_tieu",
		    .id = FIG_TARGET,
		    .needs_indicator = true,
		    .yearly = true,
		    .shows_target = true,
		    .needs_target = true,
		    .format = RATE_FORMAT,
		    .style = CENTER,
		    .total = AGG_WEIGHTED_MEAN,
		    .subtotal = AGG_WEIGHTED_MEAN,
		    .of_locality = target_of,
		    .of_range = target_mean},
    [FIG_LABOUR] = {.name = "luc_luong_lao_dong",
		    .id = FIG_LABOUR,
		    .yearly = true,
		    .format = PEOPLE_FORMAT,
		    .style = RIGHT,
		    .total = AGG_SUM,
		    .subtotal = AGG_SUM,
		    .of_locality = labour_of},
    [FIG_POPULATION] = {.name = "dan_so",
			.id = FIG_POPULATION,
			.yearly = true,
			.format = PEOPLE_FORMAT,
			.style = RIGHT,
			.total = AGG_SUM,
			.subtotal = AGG_SUM,
			.of_locality = population_of},
    [FIG_TARGET_COUNT] = {.name = "so_nguoi",
			  .id = FIG_TARGET_COUNT,
			  .needs_indicator = true,
			  .yearly = true,
			  .shows_count = true,
			  .format = PEOPLE_FORMAT,
			  .style = RIGHT,
			  .total = AGG_SUM,
			  .subtotal = AGG_SUM,
			  .of_locality = count_of,
			  .of_range = count_sum},
    [FIG_COUNT_RATE] = {.name = "ty_le_so_nguoi",
			.id = FIG_COUNT_RATE,
			.needs_indicator = true,
			.yearly = true,
			.shows_count = true,
			.format = RATE_FORMAT,
			.style = CENTER,
			.total = AGG_RATIO,
			.subtotal = AGG_RATIO,
			.operand_a = FIG_TARGET_COUNT,
			.body = AGG_RATIO,
			.of_locality = count_rate_of,
			.of_range = count_rate_range},
    [FIG_PARTICIPANTS] = {.name = "thuc_hien",
			  .id = FIG_PARTICIPANTS,
			  .needs_indicator = true,
			  .progress = true,
			  .format = PEOPLE_FORMAT,
			  .style = RIGHT,
			  .total = AGG_SUM,
			  .of_locality = participants_of,
			  .of_range = participants_total},
    [FIG_ACTUAL_RATE] = {.name = "ty_le_thuc_hien",
			 .id = FIG_ACTUAL_RATE,
			 .needs_indicator = true,
			 .progress = true,
			 .marked = true,
			 .format = RATE_FORMAT,
			 .style = CENTER,
			 .total = AGG_RATIO,
			 .operand_a = FIG_PARTICIPANTS,
			 .body = AGG_RATIO,
			 .of_locality = actual_rate_of,
			 .of_range = actual_rate_total},
    [FIG_GAP] = {.name = "chenh_lech",
		 .id = FIG_GAP,
		 .needs_indicator = true,
		 .progress = true,
		 .needs_target = true,
		 .marked = true,
		 .format = RATE_FORMAT,
		 .style = CENTER,
		 .total = AGG_DIFF,
		 .operand_a = FIG_ACTUAL_RATE,
		 .operand_b = FIG_TARGET,
		 .body = AGG_DIFF,
		 .of_locality = gap_of,
		 .of_range = gap_total},
    [FIG_SHORTFALL] = {.name = "con_thieu",
		       .id = FIG_SHORTFALL,
		       .needs_indicator = true,
		       .progress = true,
		       .needs_target = true,
		       .marked = true,
		       .format = PEOPLE_FORMAT,
		       .style = RIGHT,
		       .total = AGG_SUM,
		       .operand_a = FIG_PARTICIPANTS,
		       .operand_b = FIG_TARGET,
		       .body = AGG_SHORTFALL,
		       .of_locality = shortfall_of,
		       .of_range = shortfall_total},
    [FIG_CHANGE] = {.name = "thay_doi",
		    .id = FIG_CHANGE,
		    .needs_indicator = true,
		    .progress = true,
		    .needs_previous = true,
		    .format = PEOPLE_FORMAT,
		    .style = RIGHT,
		    .total = AGG_SUM,
		    .of_locality = change_of,
		    .of_range = change_total},
};

const struct figure *figure_by_name(const char *name)
{
	for (int i = 1; name && i < FIG_COUNT; i++)
		if (strcmp(FIGURES[i].name, name) == 0)
			return &FIGURES[i];
	return NULL;
}

const struct figure *figure_of(enum figure_id id)
{
	return &FIGURES[id >= 0 && id < FIG_COUNT ? id : FIG_NONE];
}

char *figure_names(void)
{
	struct buf b = {0};
	for (int i = 1; i < FIG_COUNT; i++)
		if (buf_printf(&b, "%s%s",
			       i == 1		    ? ""
			       : i == FIG_COUNT - 1 ? " or "
						    : ", ",
			       FIGURES[i].name)) {
			buf_free(&b);
			return NULL;
		}
	return buf_detach(&b);
}

struct figure_value figure_aggregate(const struct figure *f, const struct figure_source *src, int from,
				     int to, int year, int indicator)
{
	if (f->of_range)
		return f->of_range(src, from, to, year, indicator);
	struct figure_value sum = {.known = true};
	for (int loc = from; loc < to; loc++) {
		struct figure_value v = f->of_locality(src, loc, year, indicator);
		sum.known = sum.known && v.known;
		sum.units += v.units;
	}
	return sum;
}

bool figure_weighted(const struct figure *f)
{
	return f->total == AGG_WEIGHTED_MEAN || f->total == AGG_RATIO || f->body == AGG_RATIO ||
	       f->body == AGG_SHORTFALL;
}
