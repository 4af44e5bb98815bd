/*
 * summary.c — the dispatch paragraph of a progress report (see summary.h).
 * Every figure comes from progress_figures_of / progress_province_shortfall;
 * this file only words them.
 */
#include "layout/summary.h"

#include "base/ranking.h"
#include "input/number.h"
#include "model/progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "lực lượng lao động trong độ tuổi" or, for BHYT, "dân số". */
static const char *base_of(enum indicator ind)
{
	return indicator_over_population(ind) ? "dân số" : "lực lượng lao động trong độ tuổi";
}

static int localities_behind(FILE *f, const struct model *m, const struct progress *p, int period,
			     enum indicator ind)
{
	struct ranked *list = calloc((size_t)m->n_loc + 1, sizeof *list);
	if (!list)
		return -1;
	int n = 0, known = 0;
	for (int l = 0; l < m->n_loc; l++) {
		struct progress_figures fig;
		if (!progress_figures_of(m, p, l, period, ind, &fig) || !fig.has_gap)
			continue;
		known++;
		if (fig.below)
			list[n++] = (struct ranked){
			    l, -(int64_t)fig.gap}; /* furthest behind first, ties in the annex's order */
	}
	if (known == 0) {
		free(list);
		return 0;
	}
	if (n == 0) {
		fprintf(f, " Tất cả %d địa bàn đã đạt chỉ tiêu.", known);
		free(list);
		return 0;
	}
	ranked_sort(list, n);
	fprintf(f, " Có %d/%d địa bàn chưa đạt chỉ tiêu", n, known);
	int named = n < SUMMARY_NAMED ? n : SUMMARY_NAMED;
	fprintf(f, "; %s", n == 1 ? "đó là " : "cách xa chỉ tiêu nhất là ");
	for (int i = 0; i < named; i++) {
		struct progress_figures fig;
		progress_figures_of(m, p, list[i].index, period, ind, &fig);
		char a[32], b[32];
		fprintf(f, "%s%s (%s, chỉ tiêu %s)",
			i == 0		 ? ""
			: i == named - 1 ? " và "
					 : ", ",
			m->loc[list[i].index].name, number_rate_vi(fig.rate, a, sizeof a),
			number_rate_vi(fig.target, b, sizeof b));
	}
	fputc('.', f);
	free(list);
	return 0;
}

/*
 * A period of the job's progress data: the one place this file reads it
 * directly (the figures come through progress_figures_of and
 * progress_province_shortfall).
 */
static const struct period *progress_period(const struct progress *p, int period)
{
	return &p->periods[period];
}

/* One indicator's paragraph. */
static int paragraph(FILE *f, const struct model *m, const struct progress *p, int period, enum indicator ind,
		     bool first, const bool shows[IND_COUNT])
{
	struct progress_figures fig;
	if (!progress_figures_of(m, p, -1, period, ind, &fig) || fig.participants == COUNT_NONE)
		return 0;
	const struct period *per = progress_period(p, period);
	char a[32], b[32];
	if (first)
		fprintf(f, "Tính đến ngày %d/%d/%d, số người tham gia %s là %s người", period_last_day(per),
			per->month, per->year, indicator_label(ind),
			number_people_vi(fig.participants, a, sizeof a));
	else
		fprintf(f, "Số người tham gia %s là %s người", indicator_label(ind),
			number_people_vi(fig.participants, a, sizeof a));
	if (ind == IND_BHXH && !shows[IND_BHXH_BB] && !shows[IND_BHXH_TN]) {
		struct progress_figures bb, tn;
		if (progress_figures_of(m, p, -1, period, IND_BHXH_BB, &bb) &&
		    progress_figures_of(m, p, -1, period, IND_BHXH_TN, &tn) &&
		    bb.participants != COUNT_NONE && tn.participants != COUNT_NONE)
			fprintf(f, " (bắt buộc %s người, tự nguyện %s người)",
				number_people_vi(bb.participants, a, sizeof a),
				number_people_vi(tn.participants, b, sizeof b));
	}
	if (fig.has_rate)
		fprintf(f, ", tỷ lệ %s tham gia %s là %s", base_of(ind), indicator_label(ind),
			number_rate_vi(fig.rate, a, sizeof a));
	if (fig.has_change && period > 0) {
		char prev[16];
		period_format(progress_period(p, period - 1), prev, sizeof prev);
		if (fig.change == 0)
			fprintf(f, ", không thay đổi so với tháng %s", prev);
		else
			fprintf(f, ", %s %s người so với tháng %s", fig.change > 0 ? "tăng" : "giảm",
				number_people_vi(fig.change > 0 ? fig.change : -fig.change, a, sizeof a),
				prev);
	}
	if (fig.has_gap) {
		int64_t short_people = 0;
		/* The plan as the job gives it: a number of participants (people), or a rate. */
		char plan[48];
		if (fig.target_count != COUNT_NONE)
			snprintf(plan, sizeof plan, "%s người",
				 number_people_vi(fig.target_count, a, sizeof a));
		else
			number_rate_vi(fig.target, plan, sizeof plan);
		bool above =
		    fig.target_count != COUNT_NONE ? fig.participants > fig.target_count : fig.gap > 0;
		if (fig.below && progress_province_shortfall(m, p, period, ind, &short_people) &&
		    short_people > 0)
			fprintf(f, "; chưa đạt kế hoạch UBND tỉnh giao (%s), còn thiếu %s người", plan,
				number_people_vi(short_people, b, sizeof b));
		else if (fig.below)
			fprintf(f, "; chưa đạt kế hoạch UBND tỉnh giao (%s)", plan);
		else
			fprintf(f, "; %s kế hoạch UBND tỉnh giao (%s)", above ? "vượt" : "đạt", plan);
	}
	fputc('.', f);
	if (localities_behind(f, m, p, period, ind))
		return -1;
	fputc('\n', f);
	return 0;
}

char *summary_text(const struct model *m, const struct progress *p, int period, const bool shows[IND_COUNT])
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return NULL;
	static const enum indicator order[] = {IND_BHXH, IND_BHXH_BB, IND_BHXH_TN, IND_BHTN, IND_BHYT};
	bool first = true;
	int rc = 0;
	for (size_t i = 0; i < sizeof order / sizeof *order && rc == 0; i++) {
		enum indicator ind = order[i];
		if (!shows[ind])
			continue;
		long before = ftell(f);
		rc = paragraph(f, m, p, period, ind, first, shows);
		if (ftell(f) != before)
			first = false;
	}
	if (fclose(f) != 0 || rc) {
		free(text);
		return NULL;
	}
	return text;
}
