/*
 * xlsx.h — an Excel workbook (.xlsx) read into rows, each cell knowing its
 * sheet, its reference ("D5"), what Excel stored (text, number, boolean,
 * error) and how it is formatted (percent, date…).
 *
 * A workbook is a ZIP of XML parts (ECMA-376): libzip opens the container,
 * expat parses each part as a stream while it is inflated, so memory stays
 * bounded by what is kept, not by the size of the XML. The sheet model is
 * ours: xl/workbook.xml lists the sheets in order and names each one's part
 * through xl/_rels/workbook.xml.rels (targets relative to xl/ or absolute);
 * xl/sharedStrings.xml holds the shared strings (rich text runs joined,
 * phonetic runs left out, Excel's _xHHHH_ escapes decoded); xl/styles.xml maps a cell's style (cellXfs) to
 * its number format, which says whether a number is a percent or a date.
 *
 * Hostile or broken workbooks are a `struct error` (ERR_DATA) naming the
 * file and the part — "so_lieu.xlsx: xl/worksheets/sheet1.xml: …" — never a
 * crash or an unbounded allocation (limits below): ZIP bombs (bytes counted
 * as they are inflated, the declared size is not trusted), huge shared-string
 * tables, deep XML, any DOCTYPE (so no entity can be declared or expanded),
 * missing parts, a file that is not a ZIP, an encrypted workbook or an old
 * .xls (both Compound File containers: said so), duplicate or out-of-order
 * cells, references beyond XFD1048576. Out of memory is ERR_IO.
 *
 *   struct xlsx_book book;
 *   if (xlsx_open("job/so_lieu.xlsx", "so_lieu.xlsx", NULL, &book, &err)) ... print err ...
 *   int sheet;
 *   if (xlsx_sheet_find(&book, "Chỉ tiêu", &sheet, &err)) ... unknown: err names the sheets ...
 *   struct xlsx_table t;
 *   if (xlsx_table_read(&book, sheet, &t, &err)) ...
 *   // t.csv.rows[r].f[c] is the text of sheet cell (t.csv.rows[r].line - 1, c);
 *   // t.kind[r][c] says what it is: XLSX_NUMBER + XLSX_FMT_PERCENT, "0.41510000000000002"
 *   int64_t h;
 *   if (xlsx_number_exact(t.csv.rows[r].f[c], 4, &h) == XLSX_EXACT_OK) ... h == 4151 (41,51 %) ...
 *   if (xlsx_table_take_header(&t, 1, &err)) ...   // second row kept is the header
 *   xlsx_table_free(&t);
 *   xlsx_book_free(&book);
 *
 * Ownership: a book owns its sheet list, shared strings and styles, and the
 * file's bytes (xlsx_open) or borrows them (xlsx_open_bytes: they must
 * outlive the book). A table owns all its strings; it does not point into
 * the book, which may be freed first. Every _free accepts a zeroed struct.
 *
 * Plan for the job's data loading (model.c), once it reads rows through one
 * function: a `du_lieu.*` entry "so_lieu.xlsx#Chỉ tiêu" is split at '#';
 * a .xlsx path goes to xlsx_open + xlsx_sheet_find + xlsx_table_read, a CSV
 * to csv_file_read. Both give a struct csv_file (t.csv) whose rows carry
 * their place in `line` — the sheet row number here, so a finding names
 * "so_lieu.xlsx:Chỉ tiêu!" + xlsx_ref(line - 1, c) instead of "file:line".
 * The header is chosen by the caller (the first row that names known
 * columns, SPEC §1) with xlsx_table_take_header, which gives csv.header and
 * csv.key exactly as csv_file_read does, and header_line for the findings
 * about the header that a CSV places on line 1 (missing-column,
 * unknown-column; columns with an empty header and no value, as a blank
 * column A, are to be skipped there); a two-row header can be joined with
 * xlsx_merge_at. model.c keeps its files as struct csv_file: t.csv moves
 * into m->files (a struct copy, then t.csv zeroed) and t.kind beside it (one
 * `struct xlsx_kind **` per file, NULL for a CSV), which is all the cell
 * readers need. Reading a cell then asks the kind first: a
 * percent-formatted number is xlsx_number_exact(text, 4) hundredths of a
 * percent, a General number where a rate belongs is (text, 2), a count is
 * (text, 0), a number in a code column is matched as a code without its
 * leading zeros, a date or an error cell is reported as such; text cells go
 * through number_parse as CSV fields do.
 */
#ifndef PHULUC_XLSX_H
#define PHULUC_XLSX_H

#include "base/error.h"
#include "input/csvfile.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Excel's own limits: XFD is column 16,384. */
#define XLSX_MAX_SHEET_ROWS 1048576
#define XLSX_MAX_SHEET_COLS 16384

/*
 * Limits that keep a hostile workbook from exhausting memory or time. The
 * defaults (xlsx_default_limits) reuse the CSV ones: the file, each part
 * inflated and all parts inflated together at most DECODE_MAX_FILE bytes; a
 * part that inflates to more than ratio times its compressed size (checked
 * once it passed 1 MiB: real sheets compress 5-30 times, a bomb 1000 times)
 * is refused; shared strings at most CSV_MAX_CELLS of them and
 * DECODE_MAX_FILE bytes; a table at most CSV_MAX_ROWS + 1 rows,
 * CSV_MAX_COLUMNS columns and CSV_MAX_CELLS cells (empty ones included,
 * since a table is dense); XML at most 64 elements deep; at most 10,000
 * parts in the ZIP.
 */
struct xlsx_limits {
	size_t part_bytes;   /* inflated bytes of one part */
	size_t total_bytes;  /* inflated bytes of all parts read */
	long ratio;	     /* inflated / compressed, past 1 MiB */
	long strings;	     /* shared strings */
	size_t string_bytes; /* bytes of all shared strings */
	int depth;	     /* XML element nesting */
	long parts;	     /* entries of the ZIP */
	long rows, cols, cells;
};
struct xlsx_limits xlsx_default_limits(void);

struct xlsx_sheet_ref {
	char *name;  /* NFC, as the tab shows it */
	char *part;  /* ZIP entry name, e.g. "xl/worksheets/sheet1.xml" */
	bool hidden; /* state="hidden" or "veryHidden": the clerk does not see its tab */
};

struct xlsx_book {
	char *file; /* as messages name it; owned */
	int n_sheets;
	struct xlsx_sheet_ref *sheets; /* in workbook order */
	bool date1904;		       /* dates count from 1904 (old Mac workbooks) */
	/* private to xlsx.c */
	struct xlsx_limits lim;
	void *zip;	   /* zip_t */
	char *bytes;	   /* owned by xlsx_open, NULL for xlsx_open_bytes */
	size_t inflated;   /* bytes inflated so far, all parts */
	long n_strings;	   /* shared strings */
	char **strings;	   /* owned, NFC */
	int n_xf;	   /* cellXfs */
	unsigned char *xf; /* enum xlsx_format of each cellXfs entry */
};

/* What a cell holds, as Excel stored it. */
enum xlsx_type {
	XLSX_EMPTY = 0,
	XLSX_TEXT,   /* shared or inline string, formula string result, ISO date (t="d") */
	XLSX_NUMBER, /* text is Excel's own decimal text, e.g. "0.41510000000000002", "4" */
	XLSX_BOOL,   /* text "TRUE" or "FALSE" */
	XLSX_ERROR,  /* text is the error, e.g. "#N/A", "#DIV/0!" */
};

/* How a cell is formatted, from its number format. */
enum xlsx_format {
	XLSX_FMT_GENERAL = 0, /* General (id 0) */
	XLSX_FMT_NUMBER,      /* any other number format: 0.00, #,##0 … */
	XLSX_FMT_PERCENT,     /* ids 9, 10, or a custom code with '%' */
	XLSX_FMT_DATE,	      /* ids 14-22, 45-47, or a custom code with d, m, y, h or s */
	XLSX_FMT_TEXT,	      /* "@" (id 49) */
};

struct xlsx_kind {
	unsigned char type;   /* enum xlsx_type */
	unsigned char format; /* enum xlsx_format */
	bool formula;	      /* the text is the formula's cached value */
};

/* A merged range, 0-based, inclusive; its value is in the top-left cell. */
struct xlsx_range {
	int row0, col0, row1, col1;
};

/*
 * A sheet as rows, the way csvfile.h gives a CSV file. csv.name is
 * "file:sheet". csv.rows holds every row of the sheet that has a value, in
 * order; line is its sheet row number (1-based); f[c] is column c of the
 * sheet (A = 0) for c < csv.n_cols (the last column with a value + 1), ""
 * when empty; an empty string (a formula's "") is an empty cell, so a row
 * of them is no row, as a blank CSV line. csv.header and csv.key are NULL
 * until xlsx_table_take_header.
 */
struct xlsx_table {
	struct csv_file csv;
	char *sheet;		       /* NFC; owned */
	struct xlsx_kind **kind;       /* kind[r][c] for csv.rows[r].f[c]; owned */
	struct xlsx_kind *header_kind; /* of csv.header, once taken; owned */
	int header_line;	       /* the header's sheet row, once taken (a CSV's is 1) */
	int n_merges;
	struct xlsx_range *merges; /* owned */
};

/*
 * Opens the workbook at path (at most DECODE_MAX_FILE bytes), named `name`
 * in messages; reads its sheet list, shared strings and styles. lim NULL
 * means xlsx_default_limits(). Returns 0, or -1 with err (book zeroed).
 */
int xlsx_open(const char *path, const char *name, const struct xlsx_limits *lim, struct xlsx_book *book,
	      struct error *err);

/* The same from len bytes in memory, which the book borrows. */
int xlsx_open_bytes(const void *bytes, size_t len, const char *name, const struct xlsx_limits *lim,
		    struct xlsx_book *book, struct error *err);

/*
 * The index of the sheet called `sheet`: NULL or "" is the first sheet whose
 * tab the clerk sees (the first of all if every one is hidden); else
 * the sheet whose name equals it (NFC), else the one sheet whose name folds
 * equal (text_fold: case and diacritics dropped). Unknown or ambiguous is -1
 * with err naming the sheets that exist.
 */
int xlsx_sheet_find(const struct xlsx_book *book, const char *sheet, int *index, struct error *err);

/* Reads sheet `index` of book into t. Returns 0, or -1 with err (t zeroed). */
int xlsx_table_read(struct xlsx_book *book, int index, struct xlsx_table *t, struct error *err);

/*
 * Makes csv.rows[r] the header (csv.header, csv.key folded as csv_file_read
 * does, header_kind) and drops the rows above it (title lines); the rows
 * below stay, kind staying aligned. Returns 0, or -1 with err.
 */
int xlsx_table_take_header(struct xlsx_table *t, int r, struct error *err);

/* The merged range that holds sheet cell (row, col), 0-based, or NULL. */
const struct xlsx_range *xlsx_merge_at(const struct xlsx_table *t, int row, int col);

void xlsx_table_free(struct xlsx_table *t);  /* accepts a zeroed struct */
void xlsx_book_free(struct xlsx_book *book); /* accepts a zeroed struct */

/*
 * The workbooks one job reads, each opened once however many of its sheets
 * the job names. A book handed out again reads its tables as a freshly
 * opened one would: the inflated bytes counted against the limits are
 * those of opening it and of the sheet read. The cache owns its books.
 */
struct xlsx_cache {
	int n, cap;
	struct xlsx_cached {
		struct xlsx_book book;
		size_t opened; /* book.inflated once opened */
	} * books;
};

/*
 * The book at path (xlsx_open(path, path, NULL, ...)), opened the first
 * time it is asked for; NULL with err as xlsx_open (a failure is not kept:
 * the next call tries again). The book stays c's.
 */
struct xlsx_book *xlsx_cache_open(struct xlsx_cache *c, const char *path, struct error *err);

void xlsx_cache_free(struct xlsx_cache *c); /* accepts a zeroed struct; leaves it zeroed, usable */

/* "D5" for (row 4, col 3), 0-based, not negative; "XFD1048576" at most (cell_ref, finding.h). */
#define XLSX_REF_MAX CELL_REF_MAX
void xlsx_ref(int row, int col, char out[XLSX_REF_MAX]);

/* The reference of t's cell csv.rows[r].f[c] ("D5"), for a finding's place "file:sheet!D5". */
void xlsx_table_ref(const struct xlsx_table *t, int r, int c, char out[XLSX_REF_MAX]);

/* Reads "D5" or "$D$5" into 0-based row and col; -1 if malformed or beyond XFD1048576. */
int xlsx_ref_parse(const char *ref, int *row, int *col);

enum xlsx_exact {
	XLSX_EXACT_OK = 0,
	XLSX_EXACT_NOT_NUMBER, /* not a decimal number as Excel writes one */
	XLSX_EXACT_FRACTION,   /* more decimals than the unit holds: 0.41515 as hundredths of a percent */
	XLSX_EXACT_RANGE,      /* beyond 15 significant digits before the unit, or int64 */
};

/*
 * The exact value of Excel's decimal text times 10^shift, as an integer:
 * shift 4 turns a percent cell's fraction into hundredths of a percent
 * ("0.41510000000000002" → 4151, i.e. 41,51 %), 2 a rate typed in percent
 * ("41.51" → 4151), 0 a count ("264650" → 264650).
 *
 * How float noise is told from digits: Excel keeps 15 significant digits
 * (what it shows and what a clerk can type) and writes a double with up to
 * 17, so the digits past the 15th are the binary representation's noise.
 * The decimal text is rounded once, half away from zero, to 15 significant
 * digits, read exactly (no floating point), and then must be a whole number
 * of units: "0.41510000000000002" → 0.415100000000000 → 4151; "0.41515" is
 * XLSX_EXACT_FRACTION, never rounded to 4152; "0.30000000000000004" (=0.1+0.2)
 * is 0.3. A number with more than 15 digits before the unit is
 * XLSX_EXACT_RANGE, as is one beyond int64. *out is set only on XLSX_EXACT_OK.
 */
enum xlsx_exact xlsx_number_exact(const char *text, int shift, int64_t *out);

/*
 * A date cell's serial number as "YYYY-MM-DD" (Excel's 1900 system with its
 * phantom 29 February 1900, or the 1904 system), for messages; the time of
 * day is dropped. Returns 0, or -1 if text is not a serial of 1900-01-01 ..
 * 9999-12-31.
 */
int xlsx_date_text(const char *text, bool date1904, char out[11]);

#endif
