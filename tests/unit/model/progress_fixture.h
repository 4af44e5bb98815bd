/*
 * progress_fixture.h — a hand-made model and progress report for the unit
 * tests of the progress figures (model/test_progress.c) and of the summary
 * built from them (layout/test_summary.c): two localities, one year
 * (2025), two periods (6/2025, 7/2025), BHXH given by its two parts. All
 * arrays live in the struct; nothing is allocated.
 */
#ifndef PHULUC_TEST_PROGRESS_FIXTURE_H
#define PHULUC_TEST_PROGRESS_FIXTURE_H

#include "model/model.h"
#include "model/progress.h"

#include <string.h>

/* Two localities, one year, two periods; BHXH from its parts. */
struct small {
	struct model m;
	struct job job;
	struct progress p;
	struct locality loc[2];
	int64_t labour[2], population[2];
	int32_t target[2 * IND_COUNT];
	int64_t target_count[2 * IND_COUNT];
	struct period periods[2];
	int64_t count[2 * 2 * IND_COUNT];
	struct source src[2 * 2 * IND_COUNT];
	int row_line[4];
};

static inline void set_count(struct small *s, int loc, int per, enum indicator ind, int64_t n)
{
	s->count[(loc * 2 + per) * IND_COUNT + ind] = n;
}

/* BHXH of locality LOC in period PER as its two parts: BB compulsory, TN voluntary. */
static inline void set_bhxh(struct small *s, int loc, int per, int64_t bb, int64_t tn)
{
	set_count(s, loc, per, IND_BHXH_BB, bb);
	set_count(s, loc, per, IND_BHXH_TN, tn);
}

static inline void small_init(struct small *s)
{
	memset(s, 0, sizeof *s);
	s->job.years[0] = 2025;
	s->job.n_years = 1;
	s->m.job = &s->job;
	s->m.years = s->job.years;
	s->m.n_years = 1;
	s->m.n_loc = 2;
	s->m.loc = s->loc;
	s->loc[0] = (struct locality){.code = "1", .name = "Xã A"};
	s->loc[1] = (struct locality){.code = "2", .name = "Xã B"};
	s->m.labour = s->labour;
	s->m.population = s->population;
	s->m.target = s->target;
	s->m.target_count = s->target_count;
	for (int i = 0; i < 2 * IND_COUNT; i++) {
		s->target[i] = RATE_NONE;
		s->target_count[i] = COUNT_NONE;
	}
	s->labour[0] = 3;     /* 1/3 = 33,333…% */
	s->labour[1] = 20000; /* 1 person = 0,005% */
	s->population[0] = s->population[1] = COUNT_NONE;
	s->target[0 * IND_COUNT + IND_BHXH] = 5000; /* 50,00% */
	s->target[1 * IND_COUNT + IND_BHXH] = 1001; /* 10,01% */
	s->p = (struct progress){.n_loc = 2,
				 .n_periods = 2,
				 .periods = s->periods,
				 .count = s->count,
				 .src = s->src,
				 .row_line = s->row_line,
				 .report = 1};
	s->p.has_indicator[IND_BHXH_BB] = s->p.has_indicator[IND_BHXH_TN] = true;
	s->periods[0] = (struct period){2025, 6, 2, 0};
	s->periods[1] = (struct period){2025, 7, 3, 0};
	for (int i = 0; i < 2 * 2 * IND_COUNT; i++)
		s->count[i] = COUNT_NONE;
}

#endif
