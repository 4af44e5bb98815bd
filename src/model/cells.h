/*
 * cells.h — reading one cell of the job's CSV data: one reader per kind of
 * value (a count of people, a rate, a year, an indicator's name), each
 * turning what cannot be read into its finding at the cell. model.c,
 * progress.c and merge.c read through these, so a value is read, and
 * reported, the same way in every file.
 *
 *   int64_t n = cell_count(csv, row, col, COUNT_OF_PEOPLE, fs);   // COUNT_NONE if unreadable
 *
 * Nothing here is owned: the results are plain numbers.
 */
#ifndef PHULUC_CELLS_H
#define PHULUC_CELLS_H

#include "base/finding.h"
#include "input/csvfile.h"
#include "model/indicator.h"

#include <stdbool.h>
#include <stdint.h>

/* Largest count accepted: more people than Viet Nam has is a typo. */
#define MAX_PEOPLE 200000000

/* What a count cell holds, for the empty cell's message. */
enum count_of { COUNT_OF_PEOPLE, COUNT_OF_PARTICIPANTS };

/* A count of people, 0..MAX_PEOPLE; COUNT_NONE (with a finding) when empty or unreadable. */
int64_t cell_count(const struct csv_file *csv, const struct csv_row *row, int col, enum count_of what,
		   struct findings *fs);

/* A rate, hundredths 0..10000; RATE_NONE when empty (no finding) or unreadable (a finding). */
int32_t cell_rate(const struct csv_file *csv, const struct csv_row *row, int col, struct findings *fs);

/* A year, 1900..2200; -1 (with a finding) otherwise. */
int cell_year(const struct csv_file *csv, const struct csv_row *row, int col, struct findings *fs);

/* The indicator a cell names ("bhxh_bb", "BHXH bắt buộc"…); -1 (with a finding) if none. */
int cell_indicator(const struct csv_file *csv, const struct csv_row *row, int col, struct findings *fs);

/*
 * The figure a cell names: an indicator's rate ("bhxh_tn") or its count
 * ("so_nguoi_bhxh_tn", "Số người tham gia BHXH tự nguyện"), *count says
 * which; -1 (with the finding of cell_indicator) if none.
 */
int cell_figure_indicator(const struct csv_file *csv, const struct csv_row *row, int col, bool *count,
			  struct findings *fs);

/* The warning for a column the file gives but nothing reads. */
void column_unused(const struct csv_file *csv, int col, struct findings *fs);

#endif
