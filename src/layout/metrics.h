/*
 * metrics.h — how wide text is, and where it breaks into lines.
 *
 * Widths come from the TrueType files' advance widths, read through
 * libharu's font loader so that they are exactly the integer widths libharu
 * writes into the PDF (/W array): what we measure is what gets drawn. The
 * XLSX renderer uses the same numbers to size columns and wrapped rows
 * (Liberation Serif is metric-compatible with Times New Roman).
 *
 *   struct metrics *m = metrics_open(&fonts, &err);
 *   double w = metrics_width(m, FACE_BOLD, 12, "Toàn tỉnh");
 *   metrics_close(m);
 */
#ifndef PHULUC_METRICS_H
#define PHULUC_METRICS_H

#include "base/error.h"

#include <stdbool.h>

#include <stdint.h>

enum face { FACE_REGULAR, FACE_BOLD, FACE_ITALIC, FACE_COUNT };

struct metrics;

/* TrueType files for the three faces the annex uses. */
struct font_files {
	const char *regular;
	const char *bold;
	const char *italic;
	/*
	 * Optional: these files already opened with metrics_open (metrics.h),
	 * shared by several renders (both outputs of a job, all the jobs of a
	 * batch worker). The renderers use it and leave it open; NULL: each
	 * opens its own.
	 */
	struct metrics *metrics;
};

/* Loads the three faces. Returns NULL with err filled (ERR_IO) on failure. */
struct metrics *metrics_open(const struct font_files *fonts, struct error *err);
void metrics_close(struct metrics *m); /* accepts NULL */

/* Width in points of UTF-8 text at size_pt. Invalid bytes count as U+FFFD. */
double metrics_width(const struct metrics *m, enum face face, double size_pt, const char *text);

/*
 * The same in font units (thousandths of the size): metrics_width(m, f, s,
 * t) is exactly metrics_units(m, f, t) * s / 1000.0, so a text measured
 * once serves every size.
 */
double metrics_units(const struct metrics *m, enum face face, const char *text);

/*
 * The first code point of text that the face has no glyph for, or 0 if it
 * can draw them all (control characters excepted).
 */
uint32_t metrics_missing_glyph(const struct metrics *m, enum face face, const char *text);

/*
 * Breaks text into lines no wider than max_pt at spaces (spaces at a
 * break are dropped, runs of spaces inside a line kept), keeping explicit '\n' breaks. A word wider than
 * max_pt on its own is cut between characters, so no line is ever wider than max_pt (unless one character
 * is). Returns the number of lines, and if `lines` is not NULL stores a malloc'd array of malloc'd strings
 * there (free with wrap_free). Returns -1 on out of memory.
 */
int wrap_text(const struct metrics *m, enum face face, double size_pt, const char *text, double max_pt,
	      char ***lines);
void wrap_free(char **lines, int n);

/* Width of the widest word (unbreakable run) of text: the narrowest a column can get. */
double metrics_longest_word(const struct metrics *m, enum face face, double size_pt, const char *text);
/* The same in font units: metrics_longest_word(m, f, s, t) == metrics_longest_word_units(m, f, t) * s /
 * 1000.0. */
double metrics_longest_word_units(const struct metrics *m, enum face face, const char *text);

/* Decodes one UTF-8 code point at *s, advancing *s; invalid bytes give U+FFFD. */
uint32_t utf8_next(const char **s);

#endif
