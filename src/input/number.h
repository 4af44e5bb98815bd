/*
 * number.h — reading figures as clerks type them, writing them the Vietnamese
 * way, and the one rounding rule.
 *
 * Rates are kept as integer hundredths of a percent (41,51% → 4151), people
 * as int64. Both Vietnamese (41,51 · 264.650 · 264 650) and English
 * (41.51 · 264,650) styles are read; a value that could be read two ways is
 * NUMBER_AMBIGUOUS, never a guess.
 *
 *   int64_t h;
 *   if (number_parse("41,51%", NUMBER_RATE, &h) == NUMBER_OK) ... h == 4151
 */
#ifndef PHULUC_NUMBER_H
#define PHULUC_NUMBER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum number_kind {
	NUMBER_RATE,  /* a percentage; result in hundredths of a percent */
	NUMBER_COUNT, /* people; a whole number */
	NUMBER_PLAIN  /* a decimal in hundredths, without '%' (tolerances) */
};

enum number_status {
	NUMBER_OK,
	NUMBER_EMPTY,	     /* nothing but spaces */
	NUMBER_NOT_A_NUMBER, /* letters, misplaced separators, '%' on a count */
	NUMBER_NOT_WHOLE,    /* a count with a fraction */
	NUMBER_AMBIGUOUS,    /* "1.234" as a rate: 1,234% or 1234%? */
	NUMBER_TOO_LARGE     /* more digits than can be exact */
};

/*
 * Parses text into *out (hundredths for NUMBER_RATE/NUMBER_PLAIN, whole
 * units for NUMBER_COUNT). Digits beyond hundredths are rounded half away
 * from zero. Negative values parse (the caller range-checks them).
 */
enum number_status number_parse(const char *text, enum number_kind kind, int64_t *out);

/*
 * How many decimals a number typed as text has, trailing zeros not counted
 * ("0,4151" → 4, "41,510" → 2, "264.650" as a count → 0), with its exact
 * value times 10^decimals in *scaled ("0,4151" → 4151). Returns -1 when the
 * text is not a number of that kind or has more than 15 digits.
 */
int number_decimals(const char *text, enum number_kind kind, int64_t *scaled);

/* num / den rounded half away from zero; den > 0. The one rounding function. */
int64_t div_round_half_away(int64_t num, int64_t den);

/* ceil(num / den) for den > 0. */
int64_t div_ceil(int64_t num, int64_t den);

struct number_format {
	int decimals;	/* digits after the decimal comma, 0..6 */
	bool percent;	/* the value is in percent; printed with '%' */
	bool thousands; /* group thousands with '.' (264.650) */
};

/*
 * Formats a number the Vietnamese way: ',' for decimals, '.' for thousands,
 * '%' appended for percent: 4151/2/percent → "41,51%"; 264650/0/thousands →
 * "264.650". Writes at most `size` bytes including the NUL; returns buf.
 */
char *number_format_vi(int64_t units, struct number_format fmt, char *buf, size_t size);

/* The two forms messages name figures in: a rate in hundredths (4151 → "41,51%"), people (264650 →
 * "264.650"). */
char *number_rate_vi(int64_t hundredths, char *buf, size_t size);
char *number_people_vi(int64_t people, char *buf, size_t size);

#endif
