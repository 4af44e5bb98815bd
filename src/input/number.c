/*
 * number.c — parsing Vietnamese/English numbers exactly (see number.h).
 *
 * The rules, in the order they are applied to "±digits[seps]digits[%]":
 *  - spaces (also no-break and thin spaces) may only group thousands;
 *  - with both '.' and ',' present, the last one is the decimal mark and the
 *    other must group thousands (groups of exactly three digits);
 *  - one kind of mark appearing several times groups thousands;
 *  - one mark appearing once is a decimal mark, unless exactly three digits
 *    follow it and the part before it could be a thousands group (1–3
 *    digits, not starting with 0): then a count reads it as thousands
 *    (264.650 people) and a rate cannot tell (1.234%? 1234%?): ambiguous.
 */
#include "input/number.h"

#include <stdbool.h>
#include <string.h>

int64_t div_round_half_away(int64_t num, int64_t den)
{
	int64_t q = num / den, r = num % den;
	if (r < 0)
		r = -r;
	if (2 * r >= den)
		q += num < 0 ? -1 : 1;
	return q;
}

int64_t div_ceil(int64_t num, int64_t den)
{
	int64_t q = num / den;
	if (num % den > 0)
		q++;
	return q;
}

/* Length of a space-like character at s (ASCII space/tab, U+00A0, U+2009, U+202F), or 0. */
static size_t space_len(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	if (u[0] == ' ' || u[0] == '\t')
		return 1;
	if (u[0] == 0xC2 && u[1] == 0xA0)
		return 2;
	if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x89 || u[2] == 0xAF))
		return 3;
	return 0;
}

#define MAX_GROUPS 16
#define MAX_DIGITS 15 /* stays exact in int64 even after ×100 */

/* The text as digit groups and the marks after them: "264.650,5" → 264 '.' 650 ',' 5. */
struct groups {
	const char *start[MAX_GROUPS];
	size_t len[MAX_GROUPS];
	char mark[MAX_GROUPS]; /* '.', ',', ' ' for any space, 0 after the last group */
	int n;
};

/* Moves *p past leading and *end before trailing spaces. */
static void trim_spaces(const char **p, const char **end)
{
	size_t n;
	while ((n = space_len(*p)) > 0)
		*p += n;
	while (*end > *p) {
		const char *q = *end - 1;
		while (q > *p && ((unsigned char)*q & 0xC0) == 0x80)
			q--;
		if (space_len(q) != (size_t)(*end - q))
			break;
		*end = q;
	}
}

/* Reads a leading '-', '+' or U+2212 minus; true when negative. */
static bool read_sign(const char **p, const char *end)
{
	if (**p == '-' || **p == '+')
		return *(*p)++ == '-';
	if (end - *p >= 3 && memcmp(*p, "\xE2\x88\x92", 3) == 0) {
		*p += 3;
		return true;
	}
	return false;
}

/* Drops a trailing '%' (and the spaces before it), which only a rate may have. */
static enum number_status strip_percent(const char *p, const char **end, enum number_kind kind)
{
	if (*end > p && (*end)[-1] == '%') {
		if (kind != NUMBER_RATE)
			return NUMBER_NOT_A_NUMBER;
		(*end)--;
		while (*end > p && (*end)[-1] == ' ')
			(*end)--;
	}
	return p == *end ? NUMBER_NOT_A_NUMBER : NUMBER_OK;
}

/* Splits [p, end) into g: digits, then one mark, then digits… */
static enum number_status split_groups(const char *p, const char *end, struct groups *g)
{
	size_t n;
	g->n = 0;
	while (p < end) {
		if (g->n == MAX_GROUPS)
			return NUMBER_TOO_LARGE;
		int i = g->n;
		g->start[i] = p;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
		g->len[i] = (size_t)(p - g->start[i]);
		g->mark[i] = 0;
		if (p < end) {
			if (*p == '.' || *p == ',') {
				g->mark[i] = *p++;
			} else if ((n = space_len(p)) > 0) {
				g->mark[i] = ' ';
				p += n;
			} else {
				return NUMBER_NOT_A_NUMBER;
			}
			if (p == end)
				return NUMBER_NOT_A_NUMBER; /* "12," */
		}
		g->n++;
	}
	/* An empty group is only allowed first, before a decimal mark (".5"). */
	for (int i = 0; i < g->n; i++)
		if (g->len[i] == 0 && !(i == 0 && g->n == 2 && g->mark[0] != ' '))
			return NUMBER_NOT_A_NUMBER;
	return NUMBER_OK;
}

/*
 * Which mark (if any) is the decimal mark: *decimal_at is the index of the
 * group it ends, -1 for none. NUMBER_AMBIGUOUS for "a.bcd" that is not a count.
 */
static enum number_status find_decimal_mark(const struct groups *g, enum number_kind kind, int *decimal_at)
{
	*decimal_at = -1;
	if (g->n <= 1)
		return NUMBER_OK;
	char last = g->mark[g->n - 2];
	int count_last = 0;
	bool other_marks = false;
	for (int i = 0; i < g->n - 1; i++) {
		if (g->mark[i] == last)
			count_last++;
		else
			other_marks = true;
	}
	if (last == ' ' || count_last != 1)
		return NUMBER_OK;
	if (other_marks) {
		*decimal_at = g->n - 2;
		return NUMBER_OK;
	}
	/* The single mark "a.bcd": decimal, thousands, or both? */
	bool could_be_thousands = g->len[1] == 3 && g->len[0] >= 1 && g->len[0] <= 3 && g->start[0][0] != '0';
	if (!could_be_thousands)
		*decimal_at = 0;
	else if (kind != NUMBER_COUNT)
		return NUMBER_AMBIGUOUS;
	return NUMBER_OK;
}

/* Thousands groups: all the same mark, first 1–3 digits, the rest exactly 3. */
static enum number_status check_thousands(const struct groups *g, int int_groups, int decimal_at)
{
	if (int_groups <= 1)
		return NUMBER_OK;
	char sep = g->mark[0];
	if (g->len[0] > 3)
		return NUMBER_NOT_A_NUMBER;
	for (int i = 1; i < int_groups; i++)
		if (g->len[i] != 3 || g->mark[i - 1] != sep)
			return NUMBER_NOT_A_NUMBER;
	if (decimal_at >= 0 && g->mark[decimal_at] == sep)
		return NUMBER_NOT_A_NUMBER;
	return NUMBER_OK;
}

/* Appends the digits of group i to *value; *digits counts them against MAX_DIGITS. */
static enum number_status add_digits(const struct groups *g, int i, int *digits, int64_t *value,
				     int64_t *scale)
{
	for (size_t k = 0; k < g->len[i]; k++) {
		if (++*digits > MAX_DIGITS)
			return NUMBER_TOO_LARGE;
		*value = *value * 10 + (g->start[i][k] - '0');
		*scale *= 10;
	}
	return NUMBER_OK;
}

/* The value of the groups, exactly: whole units for a count, hundredths otherwise. */
static enum number_status group_value(const struct groups *g, int int_groups, int decimal_at,
				      enum number_kind kind, int64_t *out)
{
	int64_t whole = 0, whole_scale = 1, frac = 0, frac_scale = 1;
	int digits = 0;
	enum number_status st = NUMBER_OK;
	for (int i = 0; i < int_groups && st == NUMBER_OK; i++)
		st = add_digits(g, i, &digits, &whole, &whole_scale);
	if (st == NUMBER_OK && decimal_at >= 0)
		st = add_digits(g, g->n - 1, &digits, &frac, &frac_scale);
	if (st != NUMBER_OK)
		return st;
	if (kind == NUMBER_COUNT) {
		if (frac != 0)
			return NUMBER_NOT_WHOLE;
		*out = whole;
	} else {
		*out = whole * 100 + div_round_half_away(frac * 100, frac_scale);
	}
	return NUMBER_OK;
}

/*
 * The groups of text, checked (number_parse's steps up to the value): its
 * sign, the groups before the decimal mark and the mark's group (-1: none).
 */
static enum number_status read_groups(const char *text, enum number_kind kind, struct groups *g,
				      bool *negative, int *int_groups, int *decimal_at)
{
	const char *p = text, *end = text + strlen(text);
	trim_spaces(&p, &end);
	if (p == end)
		return NUMBER_EMPTY;
	*negative = read_sign(&p, end);
	enum number_status st = strip_percent(p, &end, kind);
	g->n = 0;
	if (st == NUMBER_OK)
		st = split_groups(p, end, g);
	*decimal_at = -1;
	if (st == NUMBER_OK)
		st = find_decimal_mark(g, kind, decimal_at);
	*int_groups = *decimal_at >= 0 ? *decimal_at + 1 : g->n;
	if (st == NUMBER_OK)
		st = check_thousands(g, *int_groups, *decimal_at);
	return st;
}

enum number_status number_parse(const char *text, enum number_kind kind, int64_t *out)
{
	struct groups g;
	bool negative;
	int int_groups, decimal_at;
	enum number_status st = read_groups(text, kind, &g, &negative, &int_groups, &decimal_at);
	int64_t value = 0;
	if (st == NUMBER_OK)
		st = group_value(&g, int_groups, decimal_at, kind, &value);
	if (st == NUMBER_OK)
		*out = negative ? -value : value;
	return st;
}

int number_decimals(const char *text, enum number_kind kind, int64_t *scaled)
{
	struct groups g;
	bool negative;
	int int_groups, decimal_at;
	if (read_groups(text, kind, &g, &negative, &int_groups, &decimal_at) != NUMBER_OK)
		return -1;
	size_t decimals = decimal_at >= 0 ? g.len[g.n - 1] : 0;
	while (decimals > 0 && g.start[g.n - 1][decimals - 1] == '0')
		decimals--;
	int64_t value = 0, scale = 1;
	int digits = 0;
	for (int i = 0; i < int_groups; i++)
		if (add_digits(&g, i, &digits, &value, &scale) != NUMBER_OK)
			return -1;
	for (size_t k = 0; k < decimals; k++) {
		if (++digits > MAX_DIGITS)
			return -1;
		value = value * 10 + (g.start[g.n - 1][k] - '0');
	}
	*scaled = negative ? -value : value;
	return (int)decimals;
}

char *number_format_vi(int64_t units, struct number_format fmt, char *buf, size_t size)
{
	/* Work on the magnitude as unsigned so INT64_MIN cannot overflow. */
	uint64_t mag = units < 0 ? (uint64_t)0 - (uint64_t)units : (uint64_t)units;
	/* At most 9 decimals: the bound also keeps the text in its buffer. */
	unsigned decimals = fmt.decimals < 0 ? 0u : fmt.decimals > 9 ? 9u : (unsigned)fmt.decimals;
	/*
	 * Written from the right end of a local buffer, digit by digit: layout
	 * formats every cell several times, and three snprintf calls a number
	 * were a few per cent of a whole small annex.
	 */
	char tmp[64];
	char *p = tmp + sizeof tmp;
	*--p = '\0';
	if (fmt.percent)
		*--p = '%';
	if (decimals > 0) {
		for (unsigned i = 0; i < decimals; i++, mag /= 10)
			*--p = (char)('0' + mag % 10);
		*--p = ',';
	}
	int n = 0;
	do {
		if (fmt.thousands && n > 0 && n % 3 == 0)
			*--p = '.';
		*--p = (char)('0' + mag % 10);
		mag /= 10;
		n++;
	} while (mag);
	if (units < 0)
		*--p = '-';
	if (size > 0) {
		size_t len = (size_t)(tmp + sizeof tmp - 1 - p);
		if (len >= size)
			len = size - 1;
		memcpy(buf, p, len);
		buf[len] = '\0';
	}
	return buf;
}

char *number_rate_vi(int64_t hundredths, char *buf, size_t size)
{
	return number_format_vi(hundredths, (struct number_format){.decimals = 2, .percent = true}, buf,
				size);
}

char *number_people_vi(int64_t people, char *buf, size_t size)
{
	return number_format_vi(people, (struct number_format){.thousands = true}, buf, size);
}
