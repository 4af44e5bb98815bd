/*
 * header.h — which row of a table is its header, and what its columns are.
 *
 * Clerks' sheets have title lines above the header, headers on two rows (a
 * merged "BHXH" over "2026" / "bắt buộc 2026") and headers in their own
 * words ("Mã", "Tên địa bàn", "BHXH bắt buộc 2023"). A header is folded
 * (case and diacritics dropped) and mapped to one canonical key ("ma",
 * "ten", "bhxh_bb_2023"); the header row is the first row that names known
 * columns (SPEC §1).
 *
 *   char *key = header_canonical_key("bhxh_bat_buoc_2023");  // "bhxh_bb_2023", caller frees
 *   if (header_choose(&csv, &err)) ...   // csv.header is now the row that names columns
 *
 * Nothing is kept here: keys are the caller's to free; header_choose works on
 * the caller's file.
 */
#ifndef PHULUC_HEADER_H
#define PHULUC_HEADER_H

#include "base/error.h"
#include "input/csvfile.h"

#include <stdbool.h>

/* The canonical key of a folded header, malloc'd (the folded text itself when nothing matches); NULL OOM. */
char *header_canonical_key(const char *folded);

/* Whether a canonical key names a column some table reads ("ma", "nam", "bhxh_2026"…). */
bool header_key_known(const char *key);

/*
 * Makes the first row that names known columns csv's header: a CSV's line 1
 * when it names one, else the first of the next rows (at most 10) that names
 * two (title lines above it dropped); when the row below it completes its
 * cells into known names ("BHXH" + "bắt buộc 2026", the empty cells of a
 * merged range taking the text on their left), both rows are the header.
 * A workbook sheet (no header yet) is searched the same way from its first
 * row. Nothing found: the first row stays the header (missing-column then
 * says what is missing). csv.key is the folded header (not yet canonical);
 * header_line its line. Returns 0, or -1 with err (out of memory).
 */
int header_choose(struct csv_file *csv, struct error *err);

#endif
