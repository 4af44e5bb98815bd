/*
 * allocate.c — commune targets that add up to the province's (see
 * allocate.h).
 *
 * All arithmetic is on exact integers. With weights wᵢ (W = Σ wᵢ) and rates
 * rᵢ in hundredths, the provincial figure is round(S / W) with S = Σ rᵢ·wᵢ,
 * and it equals the assigned A exactly when S lies in the window
 *   [S_lo, S_lo + W)   with S_lo = ⌈(2A − 1)·W / 2⌉   (half away from zero).
 * A method is a family of quotas qᵢ(K) = numᵢ(K) / D that grows with K:
 *   deu:   qᵢ = bᵢ + K/D       (K/D hundredths more for everyone)
 *   ty-le: qᵢ = bᵢ · K/D       (every baseline times K/D)
 * Rates are ⌊qᵢ⌋ held between the commune's lower bound and its cap, so
 * S(K) does not decrease with K; bisection finds the largest K with
 * S(K) ≤ A·W. Raising K by one moves any ⌊qᵢ⌋ by at most one hundredth, so
 * the communes that would move, taken one by one by largest remainder
 * (numᵢ mod D), carry S into the window; each adds wᵢ ≤ W, so it cannot
 * jump over it.
 */
#include "run/allocate.h"

#include "base/ranking.h"
#include "base/vec.h"
#include "input/csvfile.h"
#include "input/job.h"
#include "input/number.h"
#include "model/cells.h"
#include "model/job_data.h"
#include "model/progress.h"
#include "run/output.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FULL 10000 /* 100% in hundredths */
/* Resolution of the share: 2^20 steps per hundredth (deu) or per unit of factor (ty-le). */
#define SHARE_DEN ((int64_t)1 << 20)

int allocate_method_parse(const char *name, enum allocate_method *out)
{
	if (strcmp(name, "deu") == 0 || strcmp(name, "đều") == 0)
		*out = ALLOC_UNIFORM;
	else if (strcmp(name, "ty-le") == 0 || strcmp(name, "ty_le") == 0 || strcmp(name, "tỷ-lệ") == 0)
		*out = ALLOC_PROPORTIONAL;
	else
		return -1;
	return 0;
}

struct bounds {
	const struct allocation_problem *p;
	int32_t *lo, *cap;
};

/* The quota's numerator over SHARE_DEN for commune i at K. */
static int64_t quota_num(const struct allocation_problem *p, int i, int64_t K)
{
	if (p->method == ALLOC_UNIFORM)
		return (int64_t)p->baseline[i] * SHARE_DEN + K;
	return (int64_t)p->baseline[i] * K;
}

static int32_t rate_at(const struct bounds *b, int i, int64_t K)
{
	int64_t q = quota_num(b->p, i, K) / SHARE_DEN;
	if (q < b->lo[i])
		return b->lo[i];
	if (q > b->cap[i])
		return b->cap[i];
	return (int32_t)q;
}

static int64_t sum_at(const struct bounds *b, int64_t K)
{
	int64_t s = 0;
	for (int i = 0; i < b->p->n; i++)
		s += (int64_t)rate_at(b, i, K) * b->p->weight[i];
	return s;
}

static int64_t sum_at_of(const void *b, int64_t K)
{
	return sum_at(b, K);
}

int64_t allocate_largest_at_most(int64_t lo, int64_t hi, int64_t (*sum)(const void *ctx, int64_t k),
				 const void *ctx, int64_t target)
{
	while (hi - lo > 1) {
		int64_t mid = lo + (hi - lo) / 2;
		if (sum(ctx, mid) <= target)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

enum allocate_status allocate_rates(const struct allocation_problem *p, int32_t *out, int32_t *reached)
{
	int64_t W = 0, s_min = 0, s_max = 0;
	int32_t *lo = malloc(((size_t)p->n + 1) * sizeof *lo),
		*cap = malloc(((size_t)p->n + 1) * sizeof *cap);
	struct ranked *cand = malloc(((size_t)p->n + 1) * sizeof *cand);
	enum allocate_status st = ALLOC_OK;
	if (!lo || !cap || !cand) {
		free(lo);
		free(cap);
		free(cand);
		return ALLOC_NO_MEMORY;
	}
	for (int i = 0; i < p->n; i++) {
		int32_t b = p->baseline[i] < 0 ? 0 : p->baseline[i] > FULL ? FULL : p->baseline[i];
		lo[i] = p->floor && p->floor[i] > b ? p->floor[i] : b;
		if (lo[i] > FULL)
			lo[i] = FULL;
		/* A zero baseline times any factor stays zero. */
		cap[i] = p->ceiling && p->ceiling[i] < FULL ? p->ceiling[i] : FULL;
		if (cap[i] < lo[i] || (p->method == ALLOC_PROPORTIONAL && p->baseline[i] <= 0))
			cap[i] = lo[i];
		W += p->weight[i];
		s_min += (int64_t)lo[i] * p->weight[i];
		s_max += (int64_t)cap[i] * p->weight[i];
	}
	struct bounds b = {p, lo, cap};
	int64_t A = p->assigned;
	/* ⌈(2A − 1)·W / 2⌉, for any sign of 2A − 1. */
	int64_t twice = (2 * A - 1) * W;
	int64_t s_lo = twice >= 0 ? (twice + 1) / 2 : -((-twice) / 2);
	int64_t s_hi = s_lo + W, target = A * W;
	if (W <= 0) {
		st = ALLOC_NO_WEIGHT;
		memcpy(out, lo, (size_t)p->n * sizeof *out);
		*reached = RATE_NONE;
	} else if (s_min >= s_lo) {
		memcpy(out, lo, (size_t)p->n * sizeof *out);
		*reached = (int32_t)div_round_half_away(s_min, W);
		st = *reached == A ? ALLOC_OK : ALLOC_ABOVE;
	} else if (s_max < s_lo) {
		memcpy(out, cap, (size_t)p->n * sizeof *out);
		*reached = (int32_t)div_round_half_away(s_max, W);
		st = ALLOC_UNREACHABLE;
	} else {
		/* Largest K with S(K) ≤ A·W; S(0) = s_min < s_lo ≤ A·W. At K_MAX everyone is at the cap. */
		int64_t k_lo =
		    allocate_largest_at_most(0, (int64_t)FULL * SHARE_DEN + 1, sum_at_of, &b, target);
		int64_t s = 0;
		int n_cand = 0;
		for (int i = 0; i < p->n; i++) {
			out[i] = rate_at(&b, i, k_lo);
			s += (int64_t)out[i] * p->weight[i];
			int64_t num = quota_num(p, i, k_lo);
			/* Those that K + 1 could move: at or above their bound, under the cap. */
			if (num / SHARE_DEN >= lo[i] && out[i] < cap[i])
				cand[n_cand++] = (struct ranked){i, num % SHARE_DEN};
		}
		ranked_sort(cand, n_cand);
		/* One hundredth each, while short of A·W and still inside the window. */
		for (int k = 0; k < n_cand && s < target; k++) {
			int64_t w = p->weight[cand[k].index];
			if (s + w >= s_hi)
				break;
			out[cand[k].index]++;
			s += w;
		}
		*reached = (int32_t)div_round_half_away(s, W);
		st = *reached == A ? ALLOC_OK : ALLOC_UNREACHABLE; /* cannot be: see the top of the file */
	}
	free(lo);
	free(cap);
	free(cand);
	return st;
}

void allocate_split(int32_t rate, int32_t bb0, int32_t tn0, int64_t fb_bb, int64_t fb_tn, int32_t *bb,
		    int32_t *tn)
{
	int64_t num = bb0, den = (int64_t)bb0 + tn0;
	if (den <= 0) {
		num = fb_bb;
		den = fb_bb + fb_tn;
	}
	*bb = den > 0 ? (int32_t)div_round_half_away((int64_t)rate * num, den) : rate;
	*tn = rate - *bb;
}

/* ---- a whole job ------------------------------------------------------ */

static size_t at(const struct model *m, int l, int y, int ind)
{
	return ((size_t)l * (size_t)m->n_years + (size_t)y) * IND_COUNT + (size_t)ind;
}

/* The last year (by value) for which chi_tieu gives any target; -1 if none. */
static int last_target_year(const struct model *m)
{
	int best = -1;
	for (int y = 0; y < m->n_years; y++) {
		bool any = false;
		for (int l = 0; l < m->n_loc && !any; l++)
			for (int ind = 0; ind < IND_COUNT && !any; ind++)
				any = m->target[at(m, l, y, ind)] != RATE_NONE ||
				      m->target_count[at(m, l, y, ind)] != COUNT_NONE;
		if (any && (best < 0 || m->years[y] > m->years[best]))
			best = y;
	}
	return best;
}

/* Allocates indicator ind for year y; writes a->rate. Returns false if it reported an error. */
static bool allocate_one(const struct model *m, enum allocate_method method, const int32_t *base,
			 const int32_t *lower, const int32_t *ceiling, int y, int ind, struct allocation *a,
			 int32_t *tmp, int64_t *w, struct findings *fs)
{
	for (int l = 0; l < m->n_loc; l++)
		w[l] = model_weight(m, l, y, ind);
	const struct source *s = &m->assigned_src[y][ind];
	struct allocation_problem p = {m->n_loc, base, lower, w, ceiling, m->assigned[y][ind], method};
	int32_t reached;
	enum allocate_status st = allocate_rates(&p, tmp, &reached);
	char a1[32], a2[32];
	switch (st) {
	case ALLOC_NO_MEMORY:
		fs->oom = 1;
		return false;
	case ALLOC_NO_WEIGHT:
		finding_add(fs, RULE_MISSING_VALUE, s->file, s->line, s->column,
			    "cannot allocate %s for %d: the localities' total %s is 0", indicator_label(ind),
			    m->years[y], indicator_over_population(ind) ? "dân số" : "lực lượng lao động");
		return false;
	case ALLOC_UNREACHABLE:
		/* The same figures, worded by what kept the target out of reach. */
		number_rate_vi(m->assigned[y][ind], a1, sizeof a1);
		number_rate_vi(reached, a2, sizeof a2);
		if (ceiling)
			finding_add(
			    fs, RULE_UNREACHABLE_TARGET, s->file, s->line, s->column,
			    "cannot allocate %s for %d = %s: with no commune's BHTN above its compulsory "
			    "BHXH the province reaches at most %s; raise BHXH or lower BHTN",
			    indicator_label(ind), m->years[y], a1, a2);
		else if (method == ALLOC_PROPORTIONAL)
			finding_add(
			    fs, RULE_UNREACHABLE_TARGET, s->file, s->line, s->column,
			    "cannot allocate %s for %d = %s proportionally: with no commune above 100%% "
			    "(those at 0%% stay at 0%%) the province reaches at most %s; try --cach deu",
			    indicator_label(ind), m->years[y], a1, a2);
		else
			finding_add(
			    fs, RULE_UNREACHABLE_TARGET, s->file, s->line, s->column,
			    "cannot allocate %s for %d = %s: with no commune above 100%% the province "
			    "reaches at most %s",
			    indicator_label(ind), m->years[y], a1, a2);
		return false;
	case ALLOC_ABOVE:
		finding_add(fs, RULE_PROVINCE_TARGET_ABOVE, s->file, s->line, s->column,
			    "%s for %d: kept at the baseline / the year before, the province already reaches "
			    "%s, above the assigned %s",
			    indicator_label(ind), m->years[y], number_rate_vi(reached, a1, sizeof a1),
			    number_rate_vi(m->assigned[y][ind], a2, sizeof a2));
		break;
	case ALLOC_OK:
		break;
	}
	for (int l = 0; l < m->n_loc; l++)
		a->rate[at(m, l, y, ind)] = tmp[l];
	a->column[y][ind] = true;
	return true;
}

/* What allocate_job works on, from the baseline year to the last allocated year. */
struct allocator {
	const struct model *m;
	enum allocate_method method;
	struct allocation *a;
	struct findings *fs;
	const int32_t *src;		       /* the baseline rates: given, or chi_tieu's */
	int yb;				       /* the baseline year's index */
	int order[JOB_MAX_YEARS], n_order;     /* the years to allocate, in increasing order */
	bool wanted[IND_COUNT];		       /* the indicators to allocate */
	bool split;			       /* BHXH allocated with its two parts */
	int64_t prov_bb, prov_tn;	       /* the province's baseline split, for communes at zero */
	int32_t *base, *lower, *tmp, *ceiling; /* n_loc + 1 each */
	int64_t *w;
	/* Numbers of participants (allocate_counts), beside the rates: */
	const int64_t *src_count;			/* the baseline counts given, or NULL: the model's */
	bool wanted_count[IND_COUNT];			/* the indicators whose numbers are assigned */
	bool split_count;				/* BHXH's number allocated with its two parts */
	int64_t *base_c, *lower_c, *ceiling_c, *part_c; /* n_loc + 1 each */
};

/* The years to allocate: after the baseline, in increasing order, with an assigned figure. */
static void allocation_years(struct allocator *al)
{
	const struct model *m = al->m;
	al->n_order = 0;
	for (int y = 0; y < m->n_years; y++) {
		bool assigned = false;
		for (int ind = 0; ind < IND_COUNT; ind++)
			assigned = assigned || m->assigned[y][ind] != RATE_NONE ||
				   m->assigned_count[y][ind] != COUNT_NONE;
		if (m->years[y] > m->years[al->yb] && assigned) {
			int k = al->n_order++;
			while (k > 0 && m->years[al->order[k - 1]] > m->years[y]) {
				al->order[k] = al->order[k - 1];
				k--;
			}
			al->order[k] = y;
		}
	}
}

/*
 * Baselines into a->rate: present for every commune (BHXH may come as its
 * two parts). False, with a finding per missing one, when one lacks.
 */
static bool read_baselines(struct allocator *al, bool given, const char *base_file)
{
	const struct model *m = al->m;
	int yb = al->yb;
	bool ok = true;
	for (int ind = 0; ind < IND_COUNT; ind++) {
		bool need = al->wanted[ind] || (al->split && (ind == IND_BHXH_BB || ind == IND_BHXH_TN));
		for (int l = 0; need && l < m->n_loc; l++) {
			int32_t v = al->src[at(m, l, yb, ind)];
			if (v == RATE_NONE && ind == IND_BHXH) {
				int32_t bb = al->src[at(m, l, yb, IND_BHXH_BB)],
					tn = al->src[at(m, l, yb, IND_BHXH_TN)];
				if (bb != RATE_NONE && tn != RATE_NONE)
					v = bb + tn;
			}
			if (v == RATE_NONE) {
				const struct source *s = given ? NULL : &m->target_src[at(m, l, yb, ind)];
				if (!s || !s->reported)
					finding_add(al->fs, RULE_MISSING_VALUE,
						    s && s->line ? s->file : base_file, s ? s->line : 0,
						    s && s->line ? s->column : NULL,
						    "no baseline %s rate for %d of %s", indicator_label(ind),
						    m->years[yb], m->loc[l].name);
				ok = false;
			}
			al->a->rate[at(m, l, yb, ind)] = v;
		}
		al->a->column[yb][ind] = need;
	}
	return ok;
}

/* The province's baseline BHXH split (Σ part × weight), for communes at zero. */
static void province_split(struct allocator *al)
{
	const struct model *m = al->m;
	al->prov_bb = al->prov_tn = 0;
	for (int l = 0; al->split && l < m->n_loc; l++) {
		int64_t wl = model_weight(m, l, al->yb, IND_BHXH);
		wl = wl < 0 ? 1 : wl;
		al->prov_bb += (int64_t)al->a->rate[at(m, l, al->yb, IND_BHXH_BB)] * wl;
		al->prov_tn += (int64_t)al->a->rate[at(m, l, al->yb, IND_BHXH_TN)] * wl;
	}
}

/* The province's figure of ind for year y from a->rate (false when Σ weight is 0). */
static bool proposed_rate(const struct allocator *al, int y, int ind, int32_t *rate)
{
	const struct model *m = al->m;
	int64_t sum_rw = 0, sum_w = 0;
	for (int l = 0; l < m->n_loc; l++) {
		int64_t w = model_weight(m, l, y, ind);
		sum_rw += (int64_t)al->a->rate[at(m, l, y, ind)] * w;
		sum_w += w;
	}
	return weighted_rate(sum_rw, sum_w, rate);
}

/*
 * Part ind (compulsory or voluntary) of BHXH's rates for year y raised by the
 * method, from the split, until the province's figure is the one assigned
 * (a minimum), the other part lowered as much but not below its rate of year
 * prev. False, with a finding (or fs->oom), when it cannot.
 */
static bool raise_part(struct allocator *al, int y, int prev, int ind)
{
	const struct model *m = al->m;
	struct allocation *a = al->a;
	int other = ind == IND_BHXH_BB ? IND_BHXH_TN : IND_BHXH_BB;
	int32_t want = m->assigned[y][ind], got, reached;
	if (want == RATE_NONE || !proposed_rate(al, y, ind, &got) || got >= want)
		return true;
	int32_t *base = malloc(2 * ((size_t)m->n_loc + 1) * sizeof *base), *cap = base + m->n_loc + 1;
	if (!base) {
		al->fs->oom = 1;
		return false;
	}
	for (int l = 0; l < m->n_loc; l++) {
		base[l] = a->rate[at(m, l, y, ind)];
		cap[l] = a->rate[at(m, l, y, IND_BHXH)] - a->rate[at(m, l, prev, other)];
		cap[l] = cap[l] < base[l] ? base[l] : cap[l];
		al->w[l] = model_weight(m, l, y, ind);
	}
	struct allocation_problem p = {m->n_loc, base, NULL, al->w, cap, want, al->method};
	enum allocate_status st = allocate_rates(&p, al->tmp, &reached);
	bool ok = st == ALLOC_OK || st == ALLOC_ABOVE;
	const struct source *s = &m->assigned_src[y][ind];
	char a1[32], a2[32];
	if (st == ALLOC_NO_MEMORY)
		al->fs->oom = 1;
	else if (!ok)
		finding_add(
		    al->fs, RULE_UNREACHABLE_TARGET, s->file, s->line, s->column,
		    "cannot allocate %s for %d = %s: within each commune's BHXH, with its %s not below "
		    "the year before, the province reaches at most %s; raise BHXH",
		    indicator_label(ind), m->years[y], number_rate_vi(want, a1, sizeof a1),
		    indicator_label(other), number_rate_vi(reached, a2, sizeof a2));
	for (int l = 0; ok && l < m->n_loc; l++) {
		a->rate[at(m, l, y, ind)] = al->tmp[l];
		a->rate[at(m, l, y, other)] = a->rate[at(m, l, y, IND_BHXH)] - al->tmp[l];
	}
	free(base);
	return ok;
}

/*
 * The compulsory and voluntary rates assigned beside BHXH's for year y (each
 * a minimum): the split raised to meet the voluntary one, then the
 * compulsory one (raise_part), and the voluntary one checked again, which
 * the second may have taken from. Without the two parts in the baseline
 * there is nothing to split BHXH by: said.
 */
static void rate_part_minima(struct allocator *al, int y, int prev)
{
	const struct model *m = al->m;
	char a1[32], a2[32], a3[32], a4[32];
	for (int ind = IND_BHXH_BB; ind <= IND_BHXH_TN && !al->split; ind++) {
		const struct source *s = &m->assigned_src[y][ind];
		if (m->assigned[y][ind] != RATE_NONE)
			finding_add(al->fs, RULE_UNREACHABLE_TARGET, s->file, s->line, s->column,
				    "cannot allocate %s for %d = %s: the baseline gives no compulsory and "
				    "voluntary rates to split BHXH by",
				    indicator_label(ind), m->years[y],
				    number_rate_vi(m->assigned[y][ind], a1, sizeof a1));
	}
	if (!al->split)
		return;
	/* Neither part below its rate of the year before (the split of a higher BHXH keeps them, unless a
	 * part was raised then). */
	struct allocation *a = al->a;
	for (int l = 0; l < m->n_loc; l++) {
		int32_t n = a->rate[at(m, l, y, IND_BHXH)], lo_tn = a->rate[at(m, l, prev, IND_BHXH_TN)],
			hi_tn = n - a->rate[at(m, l, prev, IND_BHXH_BB)],
			t = a->rate[at(m, l, y, IND_BHXH_TN)];
		t = t < lo_tn ? lo_tn : t > hi_tn ? hi_tn : t;
		a->rate[at(m, l, y, IND_BHXH_TN)] = t;
		a->rate[at(m, l, y, IND_BHXH_BB)] = n - t;
	}
	if (!raise_part(al, y, prev, IND_BHXH_TN) || !raise_part(al, y, prev, IND_BHXH_BB))
		return;
	int32_t all, tn, want = m->assigned[y][IND_BHXH_TN];
	const struct source *s = &m->assigned_src[y][IND_BHXH_BB];
	if (want != RATE_NONE && proposed_rate(al, y, IND_BHXH, &all) &&
	    proposed_rate(al, y, IND_BHXH_TN, &tn) && tn < want)
		finding_add(
		    al->fs, RULE_UNREACHABLE_TARGET, s->file, s->line, s->column,
		    "cannot allocate %s for %d = %s: with the province's BHXH at %s it leaves %s to the "
		    "voluntary part, below its minimum %s",
		    indicator_label(IND_BHXH_BB), m->years[y],
		    number_rate_vi(m->assigned[y][IND_BHXH_BB], a1, sizeof a1),
		    number_rate_vi(all, a2, sizeof a2), number_rate_vi(tn, a3, sizeof a3),
		    number_rate_vi(want, a4, sizeof a4));
}

/* Indicator ind for year y, starting from al->lower; then y's rates are the next year's lower bounds. */
static void allocate_year(struct allocator *al, int ind, int y)
{
	const struct model *m = al->m;
	struct allocation *a = al->a;
	bool weights = true;
	for (int l = 0; l < m->n_loc; l++)
		weights = weights && model_weight(m, l, y, ind) >= 0;
	if (!weights)
		return; /* already a missing-locality finding from lao_dong */
	/* BHTN stays within compulsory BHXH, where that was allocated for the year. */
	bool capped = ind == IND_BHTN && a->column[y][IND_BHXH_BB] && y != al->yb;
	for (int l = 0; capped && l < m->n_loc; l++)
		al->ceiling[l] = a->rate[at(m, l, y, IND_BHXH_BB)];
	if (!allocate_one(m, al->method, al->base, al->lower, capped ? al->ceiling : NULL, y, ind, a, al->tmp,
			  al->w, al->fs))
		return;
	for (int l = 0; l < m->n_loc; l++) {
		al->lower[l] = a->rate[at(m, l, y, ind)];
		if (ind == IND_BHXH && al->split) {
			int32_t bb, tn;
			allocate_split(al->lower[l], a->rate[at(m, l, al->yb, IND_BHXH_BB)],
				       a->rate[at(m, l, al->yb, IND_BHXH_TN)], al->prov_bb, al->prov_tn, &bb,
				       &tn);
			a->rate[at(m, l, y, IND_BHXH_BB)] = bb;
			a->rate[at(m, l, y, IND_BHXH_TN)] = tn;
		}
	}
	if (ind == IND_BHXH && al->split)
		a->column[y][IND_BHXH_BB] = a->column[y][IND_BHXH_TN] = true;
}

/*
 * One year's rate of ind; true when it is a year BHXH was split into its
 * parts in (the year the next one's part minima start from).
 */
static bool allocate_rate_of_year(struct allocator *al, int ind, int y, int prev)
{
	if (al->m->assigned[y][ind] == RATE_NONE)
		return false;
	allocate_year(al, ind, y);
	if (ind != IND_BHXH || !al->a->column[y][IND_BHXH])
		return false;
	rate_part_minima(al, y, prev);
	return true;
}

/* ---- numbers of participants ------------------------------------------------ */

/*
 * A commune's baseline number: given (--tu-thuc-hien), or chi_tieu's count of
 * the baseline year, or its rate × weight rounded half away from zero;
 * BHXH from its two parts when it lacks its own. COUNT_NONE if none.
 */
static int64_t baseline_count_of(const struct allocator *al, int l, int ind)
{
	const struct model *m = al->m;
	int yb = al->yb;
	int64_t v = al->src_count ? al->src_count[at(m, l, yb, ind)] : model_target_count(m, l, yb, ind);
	if (v == COUNT_NONE && !al->src_count) {
		int32_t r = model_target(m, l, yb, ind);
		int64_t w = model_weight(m, l, yb, ind);
		if (r != RATE_NONE && w >= 0)
			v = div_round_half_away((int64_t)r * w, 10000);
	}
	if (v == COUNT_NONE && ind == IND_BHXH) {
		int64_t bb = baseline_count_of(al, l, IND_BHXH_BB),
			tn = baseline_count_of(al, l, IND_BHXH_TN);
		if (bb != COUNT_NONE && tn != COUNT_NONE)
			v = bb + tn;
	}
	return v;
}

/* Whether the province is assigned indicator ind, as a rate or (count) a number, in an allocated year. */
static bool assigned_in_some_year(const struct allocator *al, int ind, bool count)
{
	const struct model *m = al->m;
	for (int k = 0; k < al->n_order; k++) {
		int y = al->order[k];
		if (count ? m->assigned_count[y][ind] != COUNT_NONE : m->assigned[y][ind] != RATE_NONE)
			return true;
	}
	return false;
}

/*
 * Whether commune l's baseline gives BHXH's two parts: as rates, one of
 * them is enough (read_baselines then asks for both); as numbers, both
 * (baseline_count_of: given, or from the rates).
 */
static bool baseline_has_parts(const struct allocator *al, int l, bool count)
{
	const struct model *m = al->m;
	if (count)
		return baseline_count_of(al, l, IND_BHXH_BB) != COUNT_NONE &&
		       baseline_count_of(al, l, IND_BHXH_TN) != COUNT_NONE;
	return al->src[at(m, l, al->yb, IND_BHXH_BB)] != RATE_NONE ||
	       al->src[at(m, l, al->yb, IND_BHXH_TN)] != RATE_NONE;
}

/*
 * Which indicators, as rates or (count) numbers: those assigned in some
 * allocated year. BHXH is split when the baseline gives its parts (for any
 * commune: then for all). Its parts follow it: as rates always (split from
 * it, or not allocated), as numbers when it is split, so_nguoi_bhxh_tn then
 * being the voluntary minimum of the split.
 */
static void choose_indicators(struct allocator *al, bool count)
{
	bool *wanted = count ? al->wanted_count : al->wanted, *split = count ? &al->split_count : &al->split;
	for (int ind = 0; ind < IND_COUNT; ind++)
		wanted[ind] = assigned_in_some_year(al, ind, count);
	*split = false;
	for (int l = 0; wanted[IND_BHXH] && l < al->m->n_loc; l++)
		*split = *split || baseline_has_parts(al, l, count);
	if (count ? *split : wanted[IND_BHXH])
		wanted[IND_BHXH_BB] = wanted[IND_BHXH_TN] = false;
}

/* Baseline numbers into a->count; false, with a finding per missing one, when one lacks. */
static bool read_count_baselines(struct allocator *al, bool given, const char *base_file)
{
	const struct model *m = al->m;
	int yb = al->yb;
	bool ok = true;
	for (int ind = 0; ind < IND_COUNT; ind++) {
		bool need =
		    al->wanted_count[ind] || (al->split_count && (ind == IND_BHXH_BB || ind == IND_BHXH_TN));
		for (int l = 0; need && l < m->n_loc; l++) {
			int64_t v = baseline_count_of(al, l, ind);
			if (v == COUNT_NONE) {
				const struct source *s = given ? NULL : model_target_count_src(m, l, yb, ind);
				if (!s || !s->reported)
					finding_add(al->fs, RULE_MISSING_VALUE,
						    s && s->line ? s->file : base_file, s ? s->line : 0,
						    s && s->line ? s->column : NULL,
						    "no baseline number of %s participants for %d of %s",
						    indicator_label(ind), m->years[yb], m->loc[l].name);
				ok = false;
			}
			al->a->count[at(m, l, yb, ind)] = v;
		}
		al->a->count_column[yb][ind] = need;
	}
	return ok;
}

/*
 * The findings of a count allocation; false when it gave no proposal.
 * `within`: the indicator that capped each commune (IND_BHXH_BB for BHTN,
 * IND_BHXH for a part of it or the voluntary minimum: BHXH less last year's
 * compulsory part, IND_BHXH_TN for the compulsory number: BHXH less last
 * year's voluntary part), or -1.
 */
static bool count_outcome(const struct allocator *al, enum allocate_status st, int ind, int y, int within,
			  int64_t assigned, int64_t reached, const struct source *s)
{
	const struct model *m = al->m;
	char a1[32], a2[32];
	number_people_vi(assigned, a1, sizeof a1);
	number_people_vi(reached, a2, sizeof a2);
	switch (st) {
	case ALLOC_NO_MEMORY:
		al->fs->oom = 1;
		return false;
	case ALLOC_NO_WEIGHT:
		finding_add(al->fs, RULE_OUT_OF_RANGE, s->file, s->line, s->column,
			    "cannot allocate %s participants for %d: a figure is beyond 268.435.455 people",
			    indicator_label(ind), m->years[y]);
		return false;
	case ALLOC_UNREACHABLE:
		if (within == IND_BHXH_BB)
			finding_add(
			    al->fs, RULE_UNREACHABLE_TARGET, s->file, s->line, s->column,
			    "cannot allocate %s participants for %d = %s: with no commune's BHTN above its "
			    "compulsory BHXH the province reaches at most %s; raise BHXH or lower BHTN",
			    indicator_label(ind), m->years[y], a1, a2);
		else if (within == IND_BHXH || within == IND_BHXH_TN)
			finding_add(
			    al->fs, RULE_UNREACHABLE_TARGET, s->file, s->line, s->column,
			    "cannot allocate %s participants for %d = %s: within each commune's BHXH, with "
			    "its %s not below the year before, the province reaches at most %s; raise BHXH",
			    indicator_label(ind), m->years[y], a1,
			    indicator_label(within == IND_BHXH ? IND_BHXH_BB : IND_BHXH_TN), a2);
		else if (al->method == ALLOC_PROPORTIONAL)
			finding_add(
			    al->fs, RULE_UNREACHABLE_TARGET, s->file, s->line, s->column,
			    "cannot allocate %s participants for %d = %s proportionally: with no commune "
			    "above "
			    "its labour force (BHYT: population; those at 0 stay at 0) the province reaches "
			    "at most %s; try --cach deu",
			    indicator_label(ind), m->years[y], a1, a2);
		else
			finding_add(al->fs, RULE_UNREACHABLE_TARGET, s->file, s->line, s->column,
				    "cannot allocate %s participants for %d = %s: with no commune above its "
				    "labour force "
				    "(BHYT: population) the province reaches at most %s",
				    indicator_label(ind), m->years[y], a1, a2);
		return false;
	case ALLOC_ABOVE:
		finding_add(al->fs, RULE_PROVINCE_TARGET_ABOVE, s->file, s->line, s->column,
			    "%s participants for %d: kept at the baseline / the year before, the province "
			    "already has %s, above the assigned %s",
			    indicator_label(ind), m->years[y], a2, a1);
		return true;
	case ALLOC_OK:
		return true;
	}
	return true;
}

/*
 * When so_nguoi_bhxh_bb is assigned and BHXH less the voluntary parts
 * (al->part_c) leaves fewer compulsory participants, the compulsory parts
 * raised by the method (the voluntary ones lowered, none below last year's)
 * until Σ compulsory reaches it exactly; unless the voluntary minimum leaves
 * no room for it. False, with an unreachable-target finding, when it cannot.
 */
static bool compulsory_minimum(struct allocator *al, int y, int prev)
{
	const struct model *m = al->m;
	struct allocation *a = al->a;
	int64_t want = m->assigned_count[y][IND_BHXH_BB], minimum = m->assigned_count[y][IND_BHXH_TN];
	int64_t total = 0, bb = 0, reached;
	for (int l = 0; l < m->n_loc; l++) {
		int64_t n = a->count[at(m, l, y, IND_BHXH)];
		total += n;
		bb += n - al->part_c[l];
		al->base_c[l] = n - al->part_c[l];			      /* the compulsory parts now */
		al->ceiling_c[l] = n - a->count[at(m, l, prev, IND_BHXH_TN)]; /* voluntary kept */
	}
	if (want == COUNT_NONE || bb >= want)
		return true;
	const struct source *s = &m->assigned_count_src[y][IND_BHXH_BB];
	if (minimum != COUNT_NONE && total - minimum < want) {
		char a1[32], a2[32], a3[32], a4[32];
		finding_add(
		    al->fs, RULE_UNREACHABLE_TARGET, s->file, s->line, s->column,
		    "cannot allocate %s participants for %d = %s: of the province's %s BHXH participants, "
		    "the voluntary minimum %s leaves at most %s",
		    indicator_label(IND_BHXH_BB), m->years[y], number_people_vi(want, a1, sizeof a1),
		    number_people_vi(total, a2, sizeof a2), number_people_vi(minimum, a3, sizeof a3),
		    number_people_vi(total - minimum, a4, sizeof a4));
		return false;
	}
	/* The compulsory parts into part_c (base_c is the scratch baseline, lower_c next year's bounds). */
	struct count_problem p = {m->n_loc, al->base_c, NULL, al->w, al->ceiling_c, want, al->method};
	enum allocate_status st = allocate_counts(&p, al->part_c, &reached);
	if (!count_outcome(al, st, IND_BHXH_BB, y, IND_BHXH_TN, want, reached, s))
		return false;
	for (int l = 0; l < m->n_loc; l++)
		al->part_c[l] = a->count[at(m, l, y, IND_BHXH)] - al->part_c[l];
	return true;
}

/*
 * BHXH's number of year y split into its two parts in the baseline's
 * proportions, neither below its value of the year before (prev); then, when
 * so_nguoi_bhxh_tn is assigned and Σ voluntary falls short of it, the
 * voluntary parts raised by the method (within each commune's BHXH, its
 * compulsory part kept at least at last year's) until they reach it exactly;
 * then the compulsory number likewise (compulsory_minimum).
 */
static void split_count_year(struct allocator *al, int y, int prev)
{
	const struct model *m = al->m;
	struct allocation *a = al->a;
	int64_t sum_tn = 0;
	for (int l = 0; l < m->n_loc; l++) {
		int64_t n = a->count[at(m, l, y, IND_BHXH)], bb, tn;
		allocate_split_count(n, a->count[at(m, l, al->yb, IND_BHXH_BB)],
				     a->count[at(m, l, al->yb, IND_BHXH_TN)], &bb, &tn);
		int64_t lo_bb = a->count[at(m, l, prev, IND_BHXH_BB)],
			lo_tn = a->count[at(m, l, prev, IND_BHXH_TN)];
		tn = tn < lo_tn ? lo_tn : tn > n - lo_bb ? n - lo_bb : tn;
		al->part_c[l] = tn;
		al->ceiling_c[l] = n - lo_bb;
		al->w[l] = model_weight(m, l, y, IND_BHXH_TN);
		sum_tn += tn;
	}
	int64_t minimum = m->assigned_count[y][IND_BHXH_TN];
	if (minimum != COUNT_NONE && sum_tn < minimum) {
		int64_t reached;
		struct count_problem p = {m->n_loc,	 al->part_c, NULL,	al->w,
					  al->ceiling_c, minimum,    al->method};
		enum allocate_status st = allocate_counts(&p, al->base_c, &reached);
		if (!count_outcome(al, st, IND_BHXH_TN, y, IND_BHXH, minimum, reached,
				   &m->assigned_count_src[y][IND_BHXH_TN]))
			return;
		memcpy(al->part_c, al->base_c, (size_t)m->n_loc * sizeof *al->part_c);
	}
	if (!compulsory_minimum(al, y, prev))
		return;
	for (int l = 0; l < m->n_loc; l++) {
		a->count[at(m, l, y, IND_BHXH_TN)] = al->part_c[l];
		a->count[at(m, l, y, IND_BHXH_BB)] = a->count[at(m, l, y, IND_BHXH)] - al->part_c[l];
	}
	a->count_column[y][IND_BHXH_BB] = a->count_column[y][IND_BHXH_TN] = true;
}

/* The number of indicator ind for year y, from al->lower_c; then y's numbers are the next year's lower
 * bounds. */
static bool allocate_count_year(struct allocator *al, int ind, int y)
{
	const struct model *m = al->m;
	struct allocation *a = al->a;
	for (int l = 0; l < m->n_loc; l++)
		if ((al->w[l] = model_weight(m, l, y, ind)) < 0)
			return false; /* already a missing-locality finding from lao_dong */
	/* BHTN within compulsory BHXH, a part within BHXH, where those were allocated for the year. */
	int within = ind == IND_BHTN ? IND_BHXH_BB : ind == IND_BHXH_BB || ind == IND_BHXH_TN ? IND_BHXH : -1;
	bool capped = within >= 0 && a->count_column[y][within] && y != al->yb;
	for (int l = 0; capped && l < m->n_loc; l++)
		al->ceiling_c[l] = a->count[at(m, l, y, within)];
	int64_t assigned = m->assigned_count[y][ind], reached;
	struct count_problem p = {m->n_loc, al->base_c, al->lower_c, al->w, capped ? al->ceiling_c : NULL,
				  assigned, al->method};
	enum allocate_status st = allocate_counts(&p, al->part_c, &reached);
	if (!count_outcome(al, st, ind, y, capped ? within : -1, assigned, reached,
			   &m->assigned_count_src[y][ind]))
		return false;
	for (int l = 0; l < m->n_loc; l++)
		a->count[at(m, l, y, ind)] = al->lower_c[l] = al->part_c[l];
	a->count_column[y][ind] = true;
	return true;
}

/*
 * A part of BHXH's number assigned for a year whose BHXH number is not: the
 * parts are BHXH's split, so without it they cannot be allocated (say so,
 * rather than leave the assigned number out of the proposal).
 */
static void parts_without_number(const struct allocator *al, int y)
{
	const struct model *m = al->m;
	for (int ind = IND_BHXH_BB; ind <= IND_BHXH_TN; ind++) {
		const struct source *s = &m->assigned_count_src[y][ind];
		char a1[32];
		if (m->assigned_count[y][ind] != COUNT_NONE)
			finding_add(
			    al->fs, RULE_UNREACHABLE_TARGET, s->file, s->line, s->column,
			    "cannot allocate %s participants for %d = %s: phan-bo splits the BHXH number "
			    "into its two parts, and chi_tieu_tinh assigns no so_nguoi_bhxh for %d",
			    indicator_label(ind), m->years[y],
			    number_people_vi(m->assigned_count[y][ind], a1, sizeof a1), m->years[y]);
	}
}

/* One year's number of ind; true when it was allocated (the year the next one's parts start from). */
static bool allocate_number_of_year(struct allocator *al, int ind, int y, int prev)
{
	const struct model *m = al->m;
	if (ind == IND_BHXH && al->split_count && m->assigned_count[y][ind] == COUNT_NONE)
		parts_without_number(al, y);
	if (m->assigned_count[y][ind] == COUNT_NONE || !allocate_count_year(al, ind, y))
		return false;
	if (ind == IND_BHXH && al->split_count) {
		split_count_year(al, y, prev);
		/* split_count_year used base_c as scratch: the baseline again. */
		for (int l = 0; l < m->n_loc; l++)
			al->base_c[l] = al->a->count[at(m, l, al->yb, ind)];
	}
	return true;
}

/* Every allocated year of indicator ind, as a rate or (count) as a number, from its baseline. */
static void allocate_indicator(struct allocator *al, int ind, bool count)
{
	const struct model *m = al->m;
	for (int l = 0; l < m->n_loc; l++) {
		size_t i = at(m, l, al->yb, ind);
		if (count)
			al->base_c[l] = al->lower_c[l] = al->a->count[i];
		else
			al->base[l] = al->lower[l] = al->a->rate[i];
	}
	int prev = al->yb;
	for (int k = 0; k < al->n_order; k++) {
		int y = al->order[k];
		if (count ? allocate_number_of_year(al, ind, y, prev)
			  : allocate_rate_of_year(al, ind, y, prev))
			prev = y;
	}
}

/* Finds the baseline and the years and indicators to allocate, then allocates them. */
static void allocate_all(struct allocator *al, const int32_t *baseline, int baseline_year,
			 const char *baseline_file)
{
	const struct model *m = al->m;
	al->yb = baseline ? baseline_year : last_target_year(m);
	al->src = baseline ? baseline : m->target;
	if (al->yb < 0) {
		finding_add(al->fs, RULE_MISSING_COLUMN, m->targets_file ? m->targets_file : m->job->ini_path,
			    1, NULL, "no year of phu_luc.nam has targets to start from");
		return;
	}
	al->a->baseline_year = al->yb;
	const char *base_file = baseline_file	  ? baseline_file
				: m->targets_file ? m->targets_file
						  : m->job->ini_path;
	allocation_years(al);
	if (al->n_order == 0) {
		finding_add(al->fs, RULE_MISSING_VALUE, m->job->ini_path, m->job->years_line, "phu_luc.nam",
			    "chi_tieu_tinh assigns no figure for a year after the baseline year %d",
			    m->years[al->yb]);
		return;
	}
	choose_indicators(al, false);
	choose_indicators(al, true);
	bool rates_ok = read_baselines(al, baseline != NULL, base_file);
	if (!read_count_baselines(al, baseline != NULL, base_file) || !rates_ok)
		return;
	province_split(al);
	for (int ind = 0; ind < IND_COUNT; ind++)
		if (al->wanted[ind])
			allocate_indicator(al, ind, false);
	for (int ind = 0; ind < IND_COUNT; ind++)
		if (al->wanted_count[ind])
			allocate_indicator(al, ind, true);
}

int allocate_job(const struct model *m, enum allocate_method method, const int32_t *baseline,
		 const int64_t *baseline_count, int baseline_year, const char *baseline_file,
		 struct allocation *a, struct findings *fs, struct error *err)
{
	memset(a, 0, sizeof *a);
	a->n_years = m->n_years;
	a->n_loc = m->n_loc;
	size_t cells = (size_t)(m->n_loc ? m->n_loc : 1) * (size_t)(m->n_years ? m->n_years : 1) * IND_COUNT;
	size_t per_loc = (size_t)m->n_loc + 1;
	struct allocator al = {.m = m, .method = method, .a = a, .fs = fs, .src_count = baseline_count};
	a->rate = malloc(cells * sizeof *a->rate);
	a->count = malloc(cells * sizeof *a->count);
	al.base_c = malloc(per_loc * sizeof *al.base_c);
	al.lower_c = malloc(per_loc * sizeof *al.lower_c);
	al.ceiling_c = malloc(per_loc * sizeof *al.ceiling_c);
	al.part_c = malloc(per_loc * sizeof *al.part_c);
	al.base = malloc(per_loc * sizeof *al.base);
	al.lower = malloc(per_loc * sizeof *al.lower);
	al.tmp = malloc(per_loc * sizeof *al.tmp);
	al.ceiling = malloc(per_loc * sizeof *al.ceiling);
	al.w = malloc(per_loc * sizeof *al.w);
	int rc = 0;
	if (!a->rate || !al.base || !al.lower || !al.tmp || !al.ceiling || !al.w || !a->count || !al.base_c ||
	    !al.lower_c || !al.ceiling_c || !al.part_c) {
		rc = error_set(err, ERR_IO, "out of memory");
	} else {
		for (size_t i = 0; i < cells; i++) {
			a->rate[i] = RATE_NONE;
			a->count[i] = COUNT_NONE;
		}
		if (m->n_loc > 0)
			allocate_all(&al, baseline, baseline_year, baseline_file);
	}
	if (fs->oom && !rc)
		rc = error_set(err, ERR_IO, "out of memory");
	free(al.base);
	free(al.lower);
	free(al.tmp);
	free(al.ceiling);
	free(al.w);
	free(al.base_c);
	free(al.lower_c);
	free(al.ceiling_c);
	free(al.part_c);
	return rc;
}

/* A CSV field in double quotes, quotes doubled. */
static void put_field(FILE *f, const char *s, bool first)
{
	if (!first)
		fputc(';', f);
	csv_put_quoted(f, s);
}

/* Opens the temporary file of out for path; NULL with err. */
static FILE *csv_begin(struct output *out, const char *path, struct error *err)
{
	if (output_begin(out, path, err))
		return NULL;
	FILE *f = fopen(out->tmp_path, "w");
	if (!f) {
		error_set(err, ERR_IO, "cannot write %s", path);
		output_abort(out);
		return NULL;
	}
	fputs("\xEF\xBB\xBF", f);
	return f;
}

/* Closes f; 0, or -1 with err (and out aborted) when anything failed to be written. */
static int csv_end(FILE *f, struct output *out, const char *path, struct error *err)
{
	int bad = ferror(f);
	if (fclose(f) != 0 || bad) {
		error_set(err, ERR_IO, "cannot write %s", path);
		output_abort(out);
		return -1;
	}
	return 0;
}

/* A count as the CSV holds it: plain digits (no thousands dot to be read two ways); "" when absent. */
static const char *count_text(int64_t v, char *buf, size_t size)
{
	if (v == COUNT_NONE)
		buf[0] = '\0';
	else
		snprintf(buf, size, "%lld", (long long)v);
	return buf;
}

/* The proposal's rows: ma;ten;<chi_so>_<nam>… */
static void write_targets(FILE *f, const struct allocation *a, const struct model *m)
{
	/* Columns: years in increasing order, indicators in their usual order. */
	int order[JOB_MAX_YEARS], n = 0;
	for (int y = 0; y < a->n_years; y++) {
		bool any = false;
		for (int ind = 0; ind < IND_COUNT; ind++)
			any = any || a->column[y][ind] || a->count_column[y][ind];
		if (!any)
			continue;
		int k = n++;
		while (k > 0 && m->years[order[k - 1]] > m->years[y]) {
			order[k] = order[k - 1];
			k--;
		}
		order[k] = y;
	}
	put_field(f, "ma", true);
	put_field(f, "ten", false);
	for (int k = 0; k < n; k++)
		for (int ind = 0; ind < IND_COUNT; ind++)
			if (a->column[order[k]][ind]) {
				char key[48];
				snprintf(key, sizeof key, "%s_%d", indicator_key(ind), m->years[order[k]]);
				put_field(f, key, false);
			}
	for (int k = 0; k < n; k++)
		for (int ind = 0; ind < IND_COUNT; ind++)
			if (a->count_column[order[k]][ind]) {
				char key[48];
				snprintf(key, sizeof key, "%s_%d", indicator_count_key(ind),
					 m->years[order[k]]);
				put_field(f, key, false);
			}
	fputs("\r\n", f);
	for (int l = 0; l < a->n_loc; l++) {
		put_field(f, m->loc[l].code, true);
		put_field(f, m->loc[l].name, false);
		for (int k = 0; k < n; k++)
			for (int ind = 0; ind < IND_COUNT; ind++) {
				if (!a->column[order[k]][ind])
					continue;
				int32_t v = a->rate[at(m, l, order[k], ind)];
				char buf[32] = "";
				if (v != RATE_NONE)
					number_format_vi(v, (struct number_format){.decimals = 2}, buf,
							 sizeof buf);
				put_field(f, buf, false);
			}
		for (int k = 0; k < n; k++)
			for (int ind = 0; ind < IND_COUNT; ind++) {
				char buf[32];
				if (a->count_column[order[k]][ind])
					put_field(
					    f, count_text(a->count[at(m, l, order[k], ind)], buf, sizeof buf),
					    false);
			}
		fputs("\r\n", f);
	}
}

/* The units' labour force (and population, when known) per year: ma;ten;nam;luc_luong_lao_dong[;dan_so]. */
static void write_labour(FILE *f, const struct model *m)
{
	bool population = false;
	for (size_t i = 0; i < (size_t)m->n_loc * (size_t)m->n_years; i++)
		population = population || m->population[i] != COUNT_NONE;
	put_field(f, "ma", true);
	put_field(f, "ten", false);
	put_field(f, "nam", false);
	put_field(f, "luc_luong_lao_dong", false);
	if (population)
		put_field(f, "dan_so", false);
	fputs("\r\n", f);
	for (int l = 0; l < m->n_loc; l++)
		for (int y = 0; y < m->n_years; y++) {
			size_t i = (size_t)l * (size_t)m->n_years + (size_t)y;
			char year[16], buf[32];
			if (m->labour[i] == COUNT_NONE && m->population[i] == COUNT_NONE)
				continue;
			snprintf(year, sizeof year, "%d", m->years[y]);
			put_field(f, m->loc[l].code, true);
			put_field(f, m->loc[l].name, false);
			put_field(f, year, false);
			put_field(f, count_text(m->labour[i], buf, sizeof buf), false);
			if (population)
				put_field(f, count_text(m->population[i], buf, sizeof buf), false);
			fputs("\r\n", f);
		}
}

int allocation_write_csv(const struct allocation *a, const struct model *m, const char *path,
			 const char *labour_path, struct error *err)
{
	struct output out[2] = {{0}, {0}};
	const char *paths[2] = {path, labour_path};
	int n = labour_path ? 2 : 1, rc = 0;
	for (int i = 0; i < n && !rc; i++) {
		FILE *f = csv_begin(&out[i], paths[i], err);
		if (!f) {
			rc = -1;
			break;
		}
		if (i == 0)
			write_targets(f, a, m);
		else
			write_labour(f, m);
		rc = csv_end(f, &out[i], paths[i], err);
	}
	struct output *const both[] = {&out[0], &out[1]};
	if (!rc)
		rc = output_commit(both, n, err);
	output_abort(&out[0]);
	output_abort(&out[1]);
	return rc;
}

void allocation_free(struct allocation *a)
{
	if (!a)
		return;
	free_all(a->rate, a->count);
	memset(a, 0, sizeof *a);
}

/*
 * Baselines from the latest progress report: each commune's actual rate, and
 * its actual number of participants. Returns the year index or -1.
 */
static int progress_baseline(const struct model *m, const struct progress *p, int32_t *base,
			     int64_t *base_count, struct findings *fs)
{
	if (!p || p->report < 0) {
		finding_add(fs, RULE_JOB_FILE, m->job->ini_path, 0, "du_lieu.thuc_hien",
			    "--tu-thuc-hien needs a progress report file (du_lieu.thuc_hien) with a period");
		return -1;
	}
	int y = p->periods[p->report].y;
	for (int l = 0; l < m->n_loc; l++)
		for (int ind = 0; ind < IND_COUNT; ind++) {
			struct progress_figures f;
			base[at(m, l, y, ind)] =
			    progress_figures_of(m, p, l, p->report, ind, &f) && f.has_rate ? f.rate
											   : RATE_NONE;
			base_count[at(m, l, y, ind)] = progress_participants(p, l, p->report, ind);
		}
	return y;
}

/* Inserts year into the job's years, kept in increasing order; false when they are full. */
static bool insert_year(struct job *job, int year)
{
	for (int y = 0; y < job->n_years; y++)
		if (job->years[y] == year)
			return true;
	if (job->n_years == JOB_MAX_YEARS)
		return false;
	int k = job->n_years++;
	for (; k > 0 && job->years[k - 1] > year; k--)
		job->years[k] = job->years[k - 1];
	job->years[k] = year;
	return true;
}

/*
 * The years chi_tieu_tinh assigns after the last year of phu_luc.nam join
 * the job's years, so that the model reads their labour force and they are
 * allocated (the help: every year of chi_tieu_tinh after the baseline)
 * without the clerk listing them in phu_luc.nam. Problems in the file are
 * the model's to report when it reads it. Returns 0, or -1 with err.
 */
static int add_assigned_years(struct job *job, struct findings *fs, struct error *err)
{
	if (!job->file_province)
		return 0;
	int last = INT_MIN;
	for (int y = 0; y < job->n_years; y++)
		last = job->years[y] > last ? job->years[y] : last;
	struct findings scratch = {.lang = fs->lang};
	struct csv_file csv = {0};
	int rc = model_open_csv(job, job->file_province, "du_lieu.chi_tieu_tinh", &csv, &scratch, err);
	int c = rc == 0 ? csv_file_column(&csv, "nam") : -1;
	bool full = false;
	for (int r = 0; c >= 0 && r < csv.n_rows; r++) {
		int year = cell_year(&csv, &csv.rows[r], c, &scratch);
		if (year > last && !insert_year(job, year) && !full) {
			full = true;
			finding_add(fs, RULE_JOB_FILE, csv.name, csv.rows[r].line, csv.header[c],
				    "more than %d years", JOB_MAX_YEARS);
		}
	}
	fs->oom = fs->oom || scratch.oom;
	findings_free(&scratch);
	csv_file_free(&csv);
	return rc < 0 ? -1 : 0;
}

/* The new units' labour file beside FILE (a merged job): de-xuat.csv → de-xuat.lao_dong.csv. NULL on OOM. */
static char *labour_path_of(const char *out_file)
{
	size_t n = strlen(out_file);
	const char *slash = strrchr(out_file, '/');
	const char *base = slash ? slash + 1 : out_file;
	if (n - (size_t)(base - out_file) > 4 && strcasecmp(out_file + n - 4, ".csv") == 0)
		n -= 4;
	char *path = NULL;
	return asprintf(&path, "%.*s.lao_dong.csv", (int)n, out_file) < 0 ? NULL : path;
}

/* The note that says how a merged job builds its proposal: the new units' files, without sap_nhap. */
static void merged_note(const struct job *job, const char *out_file, const char *labour, struct findings *fs)
{
	const char *t = strrchr(out_file, '/'), *l = strrchr(labour, '/');
	finding_add(fs, RULE_MERGED_ALLOCATION, job->ini_path, 0, "du_lieu.sap_nhap",
		    "the proposal is for the new units; %s holds their labour force. To build it, with both "
		    "files in the job's folder: du_lieu.chi_tieu = %s, du_lieu.lao_dong = %s, and no "
		    "du_lieu.sap_nhap",
		    l ? l + 1 : labour, t ? t + 1 : out_file, l ? l + 1 : labour);
}

int allocate_run(const char *job_dir, const struct allocate_options *o, struct pipeline_result *r)
{
	*r = (struct pipeline_result){.findings = {.lang = o->lang}};
	struct findings *fs = &r->findings;
	struct job job;
	struct job_data data = {0};
	struct allocation a = {0};
	int32_t *base = NULL;
	int64_t *base_count = NULL;
	char *labour = NULL, *listed[2] = {NULL, NULL};
	if (job_read(job_dir, &job, fs, &r->err))
		goto fail;
	job.encoding = o->encoding;
	if (add_assigned_years(&job, fs, &r->err) || job_data_load(&data, &job, fs, &r->err))
		goto fail;
	const struct model *m = &data.model;
	int by = -1;
	const char *base_file = NULL;
	if (o->from_progress && findings_count(fs, SEV_ERROR) == 0) {
		size_t cells =
		    (size_t)(m->n_loc ? m->n_loc : 1) * (size_t)(m->n_years ? m->n_years : 1) * IND_COUNT;
		base = malloc(cells * sizeof *base);
		base_count = malloc(cells * sizeof *base_count);
		if (!base || !base_count) {
			error_set(&r->err, ERR_IO, "out of memory");
			goto fail;
		}
		for (size_t i = 0; i < cells; i++) {
			base[i] = RATE_NONE;
			base_count[i] = COUNT_NONE;
		}
		by = progress_baseline(m, data.progress, base, base_count, fs);
		base_file = data.progress ? data.progress->file : NULL;
	}
	if (findings_count(fs, SEV_ERROR) == 0 &&
	    allocate_job(m, o->method, by >= 0 ? base : NULL, by >= 0 ? base_count : NULL, by, base_file, &a,
			 fs, &r->err))
		goto fail;
	if (pipeline_result_checked(r))
		goto fail;
	if (r->status == 0) {
		if (data.merge && !(labour = labour_path_of(o->out_file))) {
			error_set(&r->err, ERR_IO, "out of memory");
			goto fail;
		}
		/* The paths listed as outputs are copied before anything is written,
		 * so that running out of memory leaves no file behind; they are
		 * listed once the files are there. */
		if (!(listed[0] = strdup(o->out_file)) || (labour && !(listed[1] = strdup(labour)))) {
			error_set(&r->err, ERR_IO, "out of memory");
			goto fail;
		}
		if (allocation_write_csv(&a, m, o->out_file, labour, &r->err))
			goto fail;
		for (size_t i = 0; i < 2 && listed[i]; i++) {
			r->outputs[r->n_outputs++] = listed[i];
			listed[i] = NULL;
		}
		if (labour)
			merged_note(&job, o->out_file, labour, fs);
	}
	goto done;
fail:
	pipeline_result_fail(r);
done:
	findings_sort(fs);
	free_all(base, base_count, labour, listed[0], listed[1]);
	allocation_free(&a);
	job_data_free(&data);
	job_free(&job);
	return r->status;
}
