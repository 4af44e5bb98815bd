/*
 * csvfile.h — a CSV file read into rows, each knowing its line.
 *
 * Bytes go through decode.h first, then libcsv parses them (strict quoting,
 * no trimming). libcsv does not count lines, so this module does: a row's
 * line is the physical line it starts on (header = 1), quoted newlines
 * counted. Blank rows are skipped (their lines still counted). The delimiter
 * is detected from the header line (',', ';' or tab).
 *
 *   struct csv_file csv;
 *   if (csv_file_read("job/dia_ban.csv", "job/dia_ban.csv", ENC_AUTO, &csv, &fs, &err)) ...
 *   int col = csv_file_column(&csv, "ma");
 *   csv_file_free(&csv);
 */
#ifndef PHULUC_CSVFILE_H
#define PHULUC_CSVFILE_H

#include "base/error.h"
#include "base/finding.h"
#include "input/decode.h"

#include <stdbool.h>
#include <stdio.h>

/*
 * Limits that keep a hostile or broken file from exhausting memory (its size
 * is bounded by DECODE_MAX_FILE, but a cell costs far more than its bytes).
 * Reaching one is a csv-syntax finding at the row where it happened; the
 * rest of the file is not read and the file is `broken`. Sized well above
 * the largest real job, every commune of the country in long format:
 * ~10,600 communes x 3 years x 5 indicators ≈ 160,000 rows of 4 cells.
 */
#define CSV_MAX_COLUMNS 1000L	 /* fields in one row */
#define CSV_MAX_ROWS	200000L	 /* data rows, header not counted */
#define CSV_MAX_CELLS	4000000L /* cells kept in all, header included */

struct csv_row {
	int line;
	int n;	  /* fields (== the file's n_cols once read) */
	char **f; /* owned, NFC */
};

struct xlsx_kind; /* input/xlsx.h */

struct csv_file {
	char *name; /* as shown in findings; owned */
	char delimiter;
	int n_cols;
	char **header; /* as typed, trimmed; owned */
	char **key;    /* folded header (text_fold); owned */
	int n_rows;
	struct csv_row *rows;
	bool broken;	 /* a syntax error made the rows unreliable */
	int header_line; /* the header's line: 1, unless title lines above it were skipped */
	/* A workbook sheet read as a file (input/xlsx.h): what each cell is; NULL for a CSV. */
	struct xlsx_kind **kind; /* kind[r][c] of rows[r].f[c]; owned */
};

/*
 * Reads path, decoded from enc (ENC_AUTO: detected, see decode.h); name is
 * what findings call the file. Syntax problems become
 * findings (and set `broken`); returns -1 with err only for I/O failure or
 * out of memory.
 */
int csv_file_read(const char *path, const char *name, enum encoding enc, struct csv_file *out,
		  struct findings *fs, struct error *err);

/* Parses text that is already decoded (UTF-8, '\n' line ends). */
int csv_file_parse(const char *text, const char *name, struct csv_file *out, struct findings *fs,
		   struct error *err);

/* Index of the column whose folded header equals key, or -1. */
int csv_file_column(const struct csv_file *csv, const char *key);

/* Index of the column of the first of keys (NULL-terminated: a column's other names) that csv has, or -1. */
int csv_file_column_any(const struct csv_file *csv, const char *const *keys);

void csv_file_free(struct csv_file *csv); /* accepts a zeroed struct */

/* Writes s to f as one CSV field in double quotes, its quotes doubled. */
void csv_put_quoted(FILE *f, const char *s);

#endif
