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

enum number_status number_parse(const char *text, enum number_kind kind, int64_t *out)
{
	const char *p = text, *end = text + strlen(text);
	size_t n;
	while ((n = space_len(p)) > 0)
		p += n;
	while (end > p) {
		const char *q = end - 1;
		while (q > p && ((unsigned char)*q & 0xC0) == 0x80)
			q--;
		if (space_len(q) != (size_t)(end - q))
			break;
		end = q;
	}
	if (p == end)
		return NUMBER_EMPTY;

	bool negative = false;
	if (*p == '-' || *p == '+') {
		negative = *p == '-';
		p++;
	} else if (end - p >= 3 && memcmp(p, "\xE2\x88\x92", 3) == 0) { /* U+2212 minus */
		negative = true;
		p += 3;
	}
	if (end > p && end[-1] == '%') {
		if (kind != NUMBER_RATE)
			return NUMBER_NOT_A_NUMBER;
		end--;
		while (end > p && end[-1] == ' ')
			end--;
	}
	if (p == end)
		return NUMBER_NOT_A_NUMBER;

	/* Split into digit groups and the marks between them (' ' for any space). */
	const char *group[MAX_GROUPS];
	size_t glen[MAX_GROUPS];
	char mark[MAX_GROUPS];
	int ng = 0;
	while (p < end) {
		if (ng == MAX_GROUPS)
			return NUMBER_TOO_LARGE;
		group[ng] = p;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
		glen[ng] = (size_t)(p - group[ng]);
		mark[ng] = 0;
		if (p < end) {
			if (*p == '.' || *p == ',') {
				mark[ng] = *p++;
			} else if ((n = space_len(p)) > 0) {
				mark[ng] = ' ';
				p += n;
			} else {
				return NUMBER_NOT_A_NUMBER;
			}
			if (p == end)
				return NUMBER_NOT_A_NUMBER; /* "12," */
		}
		ng++;
	}
	/* An empty group is only allowed first, before a decimal mark (".5"). */
	for (int i = 0; i < ng; i++)
		if (glen[i] == 0 && !(i == 0 && ng == 2 && mark[0] != ' '))
			return NUMBER_NOT_A_NUMBER;

	/* Decide which mark (if any) is the decimal mark: index of the group it ends. */
	int decimal_at = -1;
	if (ng > 1) {
		char last = mark[ng - 2];
		int count_last = 0;
		bool other_marks = false;
		for (int i = 0; i < ng - 1; i++) {
			if (mark[i] == last)
				count_last++;
			else
				other_marks = true;
		}
		if (last != ' ' && count_last == 1) {
			if (other_marks) {
				decimal_at = ng - 2;
			} else {
				/* The single mark "a.bcd": decimal, thousands, or both? */
				bool could_be_thousands =
				    glen[1] == 3 && glen[0] >= 1 && glen[0] <= 3 && group[0][0] != '0';
				if (!could_be_thousands)
					decimal_at = 0;
				else if (kind != NUMBER_COUNT)
					return NUMBER_AMBIGUOUS;
			}
		}
	}

	/* Thousands groups: all the same mark, first 1–3 digits, the rest exactly 3. */
	int int_groups = decimal_at >= 0 ? decimal_at + 1 : ng;
	if (int_groups > 1) {
		char sep = mark[0];
		if (glen[0] > 3)
			return NUMBER_NOT_A_NUMBER;
		for (int i = 1; i < int_groups; i++)
			if (glen[i] != 3 || mark[i - 1] != sep)
				return NUMBER_NOT_A_NUMBER;
		if (decimal_at >= 0 && mark[decimal_at] == sep)
			return NUMBER_NOT_A_NUMBER;
	}

	/* Accumulate the digits exactly. */
	int64_t whole = 0;
	int digits = 0;
	for (int i = 0; i < int_groups; i++)
		for (size_t k = 0; k < glen[i]; k++) {
			if (++digits > MAX_DIGITS)
				return NUMBER_TOO_LARGE;
			whole = whole * 10 + (group[i][k] - '0');
		}
	int64_t frac = 0, frac_scale = 1;
	if (decimal_at >= 0) {
		const char *f = group[ng - 1];
		for (size_t k = 0; k < glen[ng - 1]; k++) {
			if (++digits > MAX_DIGITS)
				return NUMBER_TOO_LARGE;
			frac = frac * 10 + (f[k] - '0');
			frac_scale *= 10;
		}
	}

	int64_t value;
	if (kind == NUMBER_COUNT) {
		if (frac != 0)
			return NUMBER_NOT_WHOLE;
		value = whole;
	} else {
		value = whole * 100 + div_round_half_away(frac * 100, frac_scale);
	}
	*out = negative ? -value : value;
	return NUMBER_OK;
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
