/*
 * input_form.c — `phuluc mau-nhap`: the workbook a clerk fills for a job
 * (see input_form.h). First a plan (which sheets, which columns, in the
 * words the loaders accept), then the workbook written from it with
 * libxlsxwriter into a temporary file that output.h renames into place.
 */
#include "run/input_form.h"

#include "base/text.h"
#include "input/job.h"
#include "layout/annex.h"
#include "layout/figures.h"
#include "layout/template.h"
#include "model/indicator.h"
#include "model/model.h"
#include "run/output.h"
#include "run/resources.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* What a column holds: its number format, width and drop-down follow. */
enum form_kind {
	FK_TEXT,      /* a name: General */
	FK_CODE,      /* a locality's code: text, so leading zeros stay */
	FK_YEAR,      /* a year: 0 */
	FK_RATE,      /* a rate: 0.00% */
	FK_COUNT,     /* people: #,##0 */
	FK_LEVEL,     /* dia_ban.cap: text, drop-down */
	FK_INDICATOR, /* chi_tieu_tinh.chi_so: text, drop-down */
	FK_PERIOD,    /* thuc_hien.ky: text (Excel would turn 2025-07 into a date) */
	FK_SHARE,     /* sap_nhap.ty_le: General (0,35 or 35%) */
	FK_FIGURE,    /* chi_tieu_tinh.gia_tri of a job with rates and counts: General */
	FK_COUNT_KINDS
};

/* Which rows are listed in advance, from dia_ban (or sap_nhap's former units). */
enum form_rows { ROWS_NONE, ROWS_PER_LOCALITY, ROWS_PER_LOCALITY_YEAR, ROWS_PER_LOCALITY_PERIOD };

#define FORM_MAX_COLS	(3 + 2 * JOB_MAX_YEARS * IND_COUNT) /* a rate and a count per indicator and year */
#define FORM_MAX_SHEETS 6

struct form_column {
	char header[96];
	enum form_kind kind;
};

struct form_sheet {
	const char *name; /* FORM_SHEET_… */
	const char *key;  /* du_lieu.<key> */
	enum form_rows rows;
	bool former; /* its rows are the former units (a job with sap_nhap), not dia_ban's */
	int n_cols;
	struct form_column col[FORM_MAX_COLS];
};

/* A locality as dia_ban (or sap_nhap) gives it; strings point into that file. */
struct form_locality {
	const char *code, *name, *level, *group;
};

struct locality_list;

struct form {
	const struct job *job;
	const char *template_name;
	const char *file_name; /* the workbook's name, for the phuluc.ini lines */
	int64_t created;
	struct form_sheet sheet[FORM_MAX_SHEETS];
	int n_sheets;
	const struct locality_list *localities; /* dia_ban */
	const struct locality_list *former; /* sap_nhap's former units: the rows of lao_dong and chi_tieu */
	bool indicator[IND_COUNT];	    /* the chi_tieu columns, for every year */
	bool count[IND_COUNT];		    /* the chi_tieu columns of numbers of participants, every year */
	bool counted[IND_COUNT];	    /* the thuc_hien columns */
	/* What the job's own chi_tieu file gives already, when it is there: [count?][indicator]. */
	bool given[2][IND_COUNT];
};

static const char *const LEVELS[] = {"tinh", "thanh_pho", "thi_xa", "huyen", "xa", "phuong", "dac_khu", NULL};

/* ---- the plan ------------------------------------------------------------- */

static struct form_sheet *add_sheet(struct form *f, const char *name, const char *key, enum form_rows rows)
{
	struct form_sheet *s = &f->sheet[f->n_sheets++];
	*s = (struct form_sheet){.name = name, .key = key, .rows = rows};
	return s;
}

static void add_column(struct form_sheet *s, enum form_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void add_column(struct form_sheet *s, enum form_kind kind, const char *fmt, ...)
{
	if (s->n_cols == FORM_MAX_COLS)
		return;
	struct form_column *c = &s->col[s->n_cols++];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->header, sizeof c->header, fmt, ap);
	va_end(ap);
	c->kind = kind;
}

/*
 * Whether indicator ind appears in a column of c that is not optional
 * (tuy_chon); with `count`, in one showing its number of participants.
 */
static bool required_somewhere(const struct tpl_column *c, int n, int ind, bool count)
{
	for (int i = 0; i < n; i++)
		if ((!c[i].optional && c[i].n_children == 0 && c[i].indicator == ind &&
		     (!count || figure_of(c[i].figure)->shows_count)) ||
		    (!c[i].optional && required_somewhere(c[i].children, c[i].n_children, ind, count)))
			return true;
	return false;
}

/*
 * A progress report compares with the targets the job gives: when the job's
 * chi_tieu gives numbers of participants, an indicator whose rate it does not
 * give is asked for as those numbers (the 2026–2030 plans; BHXH's parts as
 * the job gives them), not as a rate.
 */
static void progress_targets(struct form *f)
{
	bool counts = false;
	for (int i = 0; i < IND_COUNT; i++)
		counts = counts || f->given[1][i];
	for (int i = 0; i < IND_COUNT && counts; i++)
		if (f->indicator[i] && !f->given[0][i]) {
			f->indicator[i] = false;
			f->count[i] = f->given[1][i];
		}
}

/*
 * Which indicators the form asks for: those whose targets the template
 * shows in any year (BHXH brings its two parts, which the checks add up),
 * and those whose participants a progress report counts (BHXH counted as
 * its two parts, as thuc_hien gives them). Returns whether it is a progress report.
 */
static bool plan_indicators(struct form *f, const struct template *t)
{
	bool needs[JOB_MAX_YEARS][IND_COUNT] = {{false}}, counts[JOB_MAX_YEARS][IND_COUNT] = {{false}},
	     shows[IND_COUNT] = {false};
	annex_needs(t, f->job, needs);
	annex_count_needs(t, f->job, counts);
	bool progress = annex_progress_needs(t, shows);
	/*
	 * An optional column (tuy_chon: BHYT in ke-hoach-chi-tieu) is printed only
	 * when the job gives its figures; an empty column of the form would be read
	 * as given and every cell missing, so the form leaves it out, unless the
	 * job's own chi_tieu file already gives that figure.
	 */
	for (int y = 0; y < JOB_MAX_YEARS; y++)
		for (int i = 0; i < IND_COUNT; i++) {
			bool rate = required_somewhere(t->columns, t->n_columns, i, false) || f->given[0][i],
			     count = required_somewhere(t->columns, t->n_columns, i, true) || f->given[1][i];
			f->indicator[i] = f->indicator[i] || (needs[y][i] && rate);
			f->count[i] = f->count[i] || (counts[y][i] && count);
		}
	if (f->indicator[IND_BHXH])
		f->indicator[IND_BHXH_BB] = f->indicator[IND_BHXH_TN] = true;
	if (progress)
		progress_targets(f);
	for (int i = 0; i < IND_COUNT; i++)
		f->counted[i] = shows[i] && i != IND_BHXH;
	if (shows[IND_BHXH])
		f->counted[IND_BHXH_BB] = f->counted[IND_BHXH_TN] = true;
	return progress;
}

static bool any_count(const struct form *f)
{
	for (int i = 0; i < IND_COUNT; i++)
		if (f->count[i])
			return true;
	return false;
}

static bool any_rate(const struct form *f)
{
	for (int i = 0; i < IND_COUNT; i++)
		if (f->indicator[i])
			return true;
	return false;
}

/* The sheets and their columns, in the clerk's words that the loaders read back. */
static void plan_sheets(struct form *f, const struct template *t)
{
	bool progress = plan_indicators(f, t);
	struct form_sheet *s = add_sheet(f, FORM_SHEET_LOCALITIES, "dia_ban", ROWS_PER_LOCALITY);
	add_column(s, FK_CODE, "Mã");
	add_column(s, FK_TEXT, "Tên địa bàn");
	add_column(s, FK_LEVEL, "Cấp");
	add_column(s, FK_TEXT, "Nhóm");

	s = add_sheet(f, FORM_SHEET_LABOUR, "lao_dong", ROWS_PER_LOCALITY_YEAR);
	s->former = f->job->file_merge != NULL;
	add_column(s, FK_CODE, "Mã");
	add_column(s, FK_TEXT, "Tên địa bàn");
	add_column(s, FK_YEAR, "Năm");
	add_column(s, FK_COUNT, "Lực lượng lao động trong độ tuổi");
	if (f->indicator[IND_BHYT] || f->counted[IND_BHYT] || f->count[IND_BHYT])
		add_column(s, FK_COUNT, "Dân số");

	s = add_sheet(f, FORM_SHEET_TARGETS, "chi_tieu", ROWS_PER_LOCALITY);
	s->former = f->job->file_merge != NULL;
	add_column(s, FK_CODE, "Mã");
	add_column(s, FK_TEXT, "Tên địa bàn");
	for (int y = 0; y < f->job->n_years; y++)
		for (int i = 0; i < IND_COUNT; i++) {
			if (f->indicator[i])
				add_column(s, FK_RATE, "%s năm %d", indicator_label(i), f->job->years[y]);
			if (f->count[i])
				add_column(s, FK_COUNT, "Số người tham gia %s năm %d", indicator_label(i),
					   f->job->years[y]);
		}

	s = add_sheet(f, FORM_SHEET_PROVINCE, "chi_tieu_tinh", ROWS_NONE);
	add_column(s, FK_YEAR, "Năm");
	add_column(s, FK_INDICATOR, "Chỉ số");
	/* The assigned figures: rates, numbers of participants, or either (a General column). */
	add_column(s, !any_count(f) ? FK_RATE : any_rate(f) ? FK_FIGURE : FK_COUNT, "Giá trị");

	if (progress) {
		s = add_sheet(f, FORM_SHEET_PROGRESS, "thuc_hien", ROWS_PER_LOCALITY_PERIOD);
		add_column(s, FK_CODE, "Mã");
		add_column(s, FK_TEXT, "Tên địa bàn");
		add_column(s, FK_PERIOD, "Kỳ");
		for (int i = 0; i < IND_COUNT; i++)
			if (f->counted[i])
				add_column(s, FK_COUNT, "Số người tham gia %s", indicator_label(i));
	}
	if (f->job->file_merge) {
		s = add_sheet(f, FORM_SHEET_MERGE, "sap_nhap", ROWS_NONE);
		add_column(s, FK_CODE, "Mã cũ");
		add_column(s, FK_TEXT, "Tên cũ");
		add_column(s, FK_CODE, "Mã mới");
		add_column(s, FK_TEXT, "Tên mới");
		add_column(s, FK_SHARE, "Tỷ lệ");
	}
}

/* A list of localities read from one of the job's files; strings point into csv. */
struct locality_list {
	struct csv_file csv;
	struct form_locality *loc;
	int n;
};

/* Whether the file a du_lieu entry names exists (a workbook's "#Sheet" dropped); -1 out of memory. */
static int entry_exists(const struct job *job, const char *relative)
{
	char *path = job_path(job, relative);
	if (!path)
		return -1;
	char *hash = strchr(path, '#');
	if (hash)
		*hash = '\0';
	int there = access(path, F_OK) == 0;
	free(path);
	return there;
}

/*
 * The localities a job's file lists, when the job names it and it is there
 * (a job being set up may name the workbook this command is about to write):
 * dia_ban's (ma, ten, cap, nhom), or for sap_nhap its former units (ma_cu,
 * ten_cu), each once, in the order they first appear. Returns 0 (list->n
 * may stay 0), or -1 with err.
 */
static int read_list(const struct job *job, const char *relative, bool former, struct locality_list *list,
		     struct findings *fs, struct error *err)
{
	static const char *const code[] = {"ma", NULL}, *const name[] = {"ten", NULL};
	static const char *const old_code[] = {"ma_cu", "ma_don_vi_cu", "ma_dia_ban_cu", "ma_dvhc_cu", NULL};
	static const char *const old_name[] = {"ten_cu", "ten_don_vi_cu", "ten_dia_ban_cu", "don_vi_cu",
					       NULL};
	static const char *const level[] = {"cap", NULL}, *const group[] = {"nhom", NULL};
	static const char *const none[] = {NULL};
	int there = relative ? entry_exists(job, relative) : 0;
	if (there <= 0)
		return there < 0 ? error_set(err, ERR_IO, "out of memory") : 0;
	struct csv_file *csv = &list->csv;
	int rc = model_open_csv(job, relative, former ? "du_lieu.sap_nhap" : "du_lieu.dia_ban", csv, fs, err);
	if (rc)
		return rc < 0 ? -1 : 0;
	int c_code = csv_file_column_any(csv, former ? old_code : code),
	    c_name = csv_file_column_any(csv, former ? old_name : name);
	int c_level = csv_file_column_any(csv, former ? none : level),
	    c_group = csv_file_column_any(csv, former ? none : group);
	if (c_code < 0)
		return 0;
	list->loc = calloc((size_t)csv->n_rows + 1, sizeof *list->loc);
	if (!list->loc)
		return error_set(err, ERR_IO, "out of memory");
	for (int r = 0; r < csv->n_rows; r++) {
		const char *const *v = (const char *const *)csv->rows[r].f;
		bool seen = !v[c_code][0];
		for (int k = 0; former && !seen && k < list->n; k++)
			seen = strcmp(list->loc[k].code, v[c_code]) == 0;
		if (seen)
			continue;
		list->loc[list->n++] = (struct form_locality){
		    .code = v[c_code],
		    .name = c_name >= 0 ? v[c_name] : "",
		    .level = c_level >= 0 ? v[c_level] : "",
		    .group = c_group >= 0 ? v[c_group] : "",
		};
	}
	return 0;
}

/* Marks in given[count?] the indicator a figure key names ("so_nguoi_bhyt", "bhxh_bb"). */
static void mark_given(const char *key, bool given[2][IND_COUNT])
{
	bool count;
	int ind = indicator_from_figure_key(key, &count);
	if (ind >= 0)
		given[count][ind] = true;
}

/*
 * What the job's chi_tieu file gives already, when the job names one that
 * is there: the indicators of its wide columns ("so_nguoi_bhyt_2026") or of
 * its long form's chi_so values, rates and counts apart. Its findings are
 * build's to report, not the form's: they are dropped. Returns 0 (nothing
 * marked when there is no such file), or -1 with err.
 */
static int read_given(const struct job *job, bool given[2][IND_COUNT], struct error *err)
{
	int there = job->file_targets ? entry_exists(job, job->file_targets) : 0;
	if (there <= 0)
		return there < 0 ? error_set(err, ERR_IO, "out of memory") : 0;
	struct findings dropped = {0};
	struct csv_file csv = {0};
	int rc = model_open_csv(job, job->file_targets, "du_lieu.chi_tieu", &csv, &dropped, err);
	int c_ind = rc == 0 ? csv_file_column(&csv, "chi_so") : -1;
	for (int c = 0; rc == 0 && c_ind < 0 && c < csv.n_cols; c++) {
		bool count;
		int year, ind = indicator_from_column_key(csv.key[c], &count, &year);
		if (ind >= 0)
			given[count][ind] = true;
	}
	for (int r = 0; rc == 0 && c_ind >= 0 && r < csv.n_rows; r++) {
		char *key = text_fold(csv.rows[r].f[c_ind]);
		if (!key) {
			rc = error_set(err, ERR_IO, "out of memory");
			break;
		}
		mark_given(key, given);
		free(key);
	}
	if (rc >= 0 && dropped.oom) /* a file not read for want of memory is not a file without figures */
		rc = error_set(err, ERR_IO, "out of memory");
	csv_file_free(&csv);
	findings_free(&dropped);
	return rc < 0 ? -1 : 0;
}

/* ---- the workbook ---------------------------------------------------------- */

struct writer {
	lxw_workbook *wb;
	const struct form *f;
	lxw_format *header, *kind[FK_COUNT_KINDS];
	lxw_format *title, *heading, *para, *code_line;
	lxw_error lxerr; /* the first error libxlsxwriter returned */
	/* chi_so's drop-down (NULL-ended): the rates' keys, the numbers' keys, or both; kept until the
	 * workbook is closed. */
	const char *indicator_keys[2 * IND_COUNT + 1];
};

static void note(struct writer *w, lxw_error e)
{
	if (e != LXW_NO_ERROR && w->lxerr == LXW_NO_ERROR)
		w->lxerr = e;
}

static lxw_format *new_format(struct writer *w, const char *num_format)
{
	lxw_format *fm = workbook_add_format(w->wb);
	if (fm && num_format)
		format_set_num_format(fm, num_format);
	return fm;
}

/* The formats every sheet shares; false when out of memory. */
static bool make_formats(struct writer *w)
{
	static const char *const num[FK_COUNT_KINDS] = {
	    [FK_CODE] = "@",  [FK_YEAR] = "0",	    [FK_RATE] = "0.00%", [FK_COUNT] = "#,##0",
	    [FK_LEVEL] = "@", [FK_INDICATOR] = "@", [FK_PERIOD] = "@",
	};
	for (int k = 0; k < FK_COUNT_KINDS; k++)
		if (!(w->kind[k] = new_format(w, num[k])))
			return false;
	w->header = new_format(w, "@");
	w->title = new_format(w, NULL);
	w->heading = new_format(w, NULL);
	w->para = new_format(w, NULL);
	w->code_line = new_format(w, "@");
	if (!w->header || !w->title || !w->heading || !w->para || !w->code_line)
		return false;
	format_set_bold(w->header);
	format_set_text_wrap(w->header);
	format_set_align(w->header, LXW_ALIGN_CENTER);
	format_set_align(w->header, LXW_ALIGN_VERTICAL_CENTER);
	format_set_border(w->header, LXW_BORDER_THIN);
	format_set_bg_color(w->header, 0xDDEBF7);
	format_set_bold(w->title);
	format_set_font_size(w->title, 14);
	format_set_bold(w->heading);
	format_set_text_wrap(w->para);
	format_set_align(w->para, LXW_ALIGN_VERTICAL_TOP);
	format_set_font_name(w->code_line, "Courier New");
	return true;
}

static double column_width(const struct form_column *c)
{
	switch (c->kind) {
	case FK_CODE:
	case FK_YEAR:
	case FK_PERIOD:
		return 10;
	case FK_TEXT:
		return 28;
	case FK_LEVEL:
	case FK_INDICATOR:
		return 12;
	default:
		return 16;
	}
}

/* A drop-down list on rows 2… of column c. */
static void add_list(struct writer *w, lxw_worksheet *ws, int c, const char *const *values, const char *title,
		     const char *message)
{
	lxw_data_validation dv = {
	    .validate = LXW_VALIDATION_TYPE_LIST,
	    .value_list = (char **)values,
	    .input_title = (char *)title,
	    .input_message = (char *)message,
	    .error_title = (char *)title,
	    .error_message = (char *)message,
	};
	note(w, worksheet_data_validation_range(ws, 1, (lxw_col_t)c, LXW_ROW_MAX - 1, (lxw_col_t)c, &dv));
}

/* Whole numbers of people, none negative, on rows 2… of column c. */
static void add_whole_people(struct writer *w, lxw_worksheet *ws, int c)
{
	lxw_data_validation dv = {
	    .validate = LXW_VALIDATION_TYPE_INTEGER,
	    .criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO,
	    .value_number = 0,
	    .input_title = (char *)"Số người",
	    .input_message = (char *)"Số nguyên, không âm, không gõ dấu chấm ngăn cách hàng nghìn",
	    .error_title = (char *)"Số người",
	    .error_message = (char *)"Số người là số nguyên không âm, ví dụ 264650",
	};
	note(w, worksheet_data_validation_range(ws, 1, (lxw_col_t)c, LXW_ROW_MAX - 1, (lxw_col_t)c, &dv));
}

/* chi_so's values, from the indicator table: the rates' keys ("bhxh"…), then the numbers' ("so_nguoi_bhxh"…).
 */
static const char *const *indicator_keys(struct writer *w, bool rates, bool counts)
{
	int n = 0;
	for (int i = 0; rates && i < IND_COUNT; i++)
		w->indicator_keys[n++] = indicator_key(i);
	for (int i = 0; counts && i < IND_COUNT; i++)
		w->indicator_keys[n++] = indicator_count_key(i);
	w->indicator_keys[n] = NULL;
	return w->indicator_keys;
}

/* The header row, the columns' formats and widths, the drop-downs. */
static void write_header(struct writer *w, lxw_worksheet *ws, const struct form_sheet *s)
{
	for (int c = 0; c < s->n_cols; c++) {
		const struct form_column *col = &s->col[c];
		note(w, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, column_width(col),
					     w->kind[col->kind]));
		note(w, worksheet_write_string(ws, 0, (lxw_col_t)c, col->header, w->header));
		if (col->kind == FK_LEVEL)
			add_list(w, ws, c, LEVELS, "Cấp",
				 "tinh, thanh_pho, thi_xa, huyen, xa, phuong hoặc dac_khu");
		else if (col->kind == FK_INDICATOR && !any_count(w->f))
			add_list(w, ws, c, indicator_keys(w, true, false), "Chỉ số",
				 "bhxh, bhxh_bb (bắt buộc), bhxh_tn (tự nguyện), bhtn hoặc bhyt");
		else if (col->kind == FK_INDICATOR)
			add_list(w, ws, c, indicator_keys(w, any_rate(w->f), true), "Chỉ số",
				 any_rate(w->f)
				     ? "tỷ lệ: bhxh, bhxh_bb, bhxh_tn, bhtn, bhyt; số người: so_nguoi_bhxh, "
				       "so_nguoi_bhxh_bb, so_nguoi_bhxh_tn, so_nguoi_bhtn, so_nguoi_bhyt"
				     : "so_nguoi_bhxh, so_nguoi_bhxh_bb (bắt buộc), so_nguoi_bhxh_tn (tự "
				       "nguyện), so_nguoi_bhtn hoặc so_nguoi_bhyt");
		else if (col->kind == FK_COUNT)
			add_whole_people(w, ws, c);
	}
	note(w, worksheet_set_row(ws, 0, 45, NULL));
	worksheet_freeze_panes(ws, 1, 0);
}

/* The cells of one listed row: the locality's code and name, and the column's other known values. */
static void write_row(struct writer *w, lxw_worksheet *ws, const struct form_sheet *s, lxw_row_t row,
		      const struct form_locality *l, int year)
{
	for (int c = 0; c < s->n_cols; c++) {
		const struct form_column *col = &s->col[c];
		lxw_format *fm = w->kind[col->kind];
		const char *text = NULL;
		if (c == 0)
			text = l->code;
		else if (col->kind == FK_TEXT && strcmp(col->header, "Tên địa bàn") == 0)
			text = l->name;
		else if (col->kind == FK_LEVEL)
			text = l->level;
		else if (col->kind == FK_TEXT && strcmp(col->header, "Nhóm") == 0)
			text = l->group;
		else if (col->kind == FK_PERIOD)
			text = w->f->job->period;
		else if (col->kind == FK_YEAR && year)
			note(w, worksheet_write_number(ws, row, (lxw_col_t)c, year, fm));
		if (text && text[0])
			note(w, worksheet_write_string(ws, row, (lxw_col_t)c, text, fm));
	}
}

static void write_table_sheet(struct writer *w, const struct form_sheet *s)
{
	lxw_worksheet *ws = workbook_add_worksheet(w->wb, s->name);
	if (!ws) {
		note(w, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	write_header(w, ws, s);
	const struct form *f = w->f;
	const struct locality_list *list = s->former ? f->former : f->localities;
	lxw_row_t row = 1;
	for (int l = 0; l < list->n && s->rows != ROWS_NONE; l++) {
		if (s->rows == ROWS_PER_LOCALITY_YEAR) {
			for (int y = 0; y < f->job->n_years; y++)
				write_row(w, ws, s, row++, &list->loc[l], f->job->years[y]);
		} else {
			write_row(w, ws, s, row++, &list->loc[l], 0);
		}
	}
}

/* ---- the instructions ------------------------------------------------------ */

struct guide {
	struct writer *w;
	lxw_worksheet *ws;
	lxw_row_t row;
};

static void line(struct guide *g, lxw_format *fm, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* One paragraph of the instructions in column A; rows grow to show wrapped text. */
static void line(struct guide *g, lxw_format *fm, const char *fmt, ...)
{
	char text[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	if (text[0])
		note(g->w, worksheet_write_string(g->ws, g->row, 0, text, fm));
	/* Excel does not grow a row for wrapped text written by a program: about 95 characters a line. */
	size_t chars = 0;
	for (const char *p = text; *p; p++)
		chars += ((unsigned char)*p & 0xC0) != 0x80;
	if (fm == g->w->para && chars > 95)
		note(g->w, worksheet_set_row(g->ws, g->row, 15.0 * (double)((chars + 94) / 95), NULL));
	g->row++;
}

/* What each sheet is for. */
static void guide_sheets(struct guide *g, const struct form *f)
{
	lxw_format *p = g->w->para;
	line(g, g->w->heading, "1. Các trang tính cần điền");
	line(g, p,
	     "• %s: danh sách địa bàn, theo đúng thứ tự in trong phụ lục. Mã là mã đơn vị hành chính; "
	     "Cấp chọn trong danh sách thả xuống (tinh, thanh_pho, thi_xa, huyen, xa, phuong, dac_khu); "
	     "Nhóm chỉ điền khi phụ lục chia nhóm (ví dụ tỉnh cũ trước hợp nhất), không thì để trống.",
	     FORM_SHEET_LOCALITIES);
	line(g, p,
	     "• %s: mỗi dòng là một địa bàn trong một năm; điền lực lượng lao động trong độ tuổi "
	     "(người)%s.",
	     FORM_SHEET_LABOUR,
	     f->indicator[IND_BHYT] || f->count[IND_BHYT] ? " và dân số (người, để tính tỷ lệ BHYT)" : "");
	if (any_rate(f))
		line(g, p,
		     "• %s: mỗi dòng là một địa bàn; mỗi cột là chỉ tiêu của một loại bảo hiểm trong một "
		     "năm, tính bằng tỷ lệ %% trên lực lượng lao động trong độ tuổi (BHYT: trên dân số). "
		     "BHXH bằng BHXH bắt buộc cộng BHXH tự nguyện.",
		     FORM_SHEET_TARGETS);
	if (any_count(f))
		line(g, p,
		     "• %s: các cột \"Số người tham gia … năm …\" là chỉ tiêu tính bằng số người (số nguyên) "
		     "của từng địa bàn trong từng năm; tỷ lệ trên lực lượng lao động (BHYT: trên dân số) "
		     "phuluc tự tính. Số người tham gia BHXH tự nguyện là một phần của số người tham gia "
		     "BHXH.",
		     FORM_SHEET_TARGETS);
	if (!any_count(f))
		line(g, p,
		     "• %s: chỉ tiêu cấp trên giao cho tỉnh, mỗi dòng một năm và một chỉ số (chọn bhxh, "
		     "bhxh_bb, bhxh_tn, bhtn hoặc bhyt), giá trị là tỷ lệ %%. Chỉ điền những chỉ tiêu được "
		     "giao.",
		     FORM_SHEET_PROVINCE);
	else
		line(g, p,
		     "• %s: chỉ tiêu cấp trên giao cho tỉnh, mỗi dòng một năm và một chỉ số (chọn trong danh "
		     "sách), %s. Chỉ điền những chỉ tiêu được giao.",
		     FORM_SHEET_PROVINCE,
		     any_rate(f) ? "giá trị là tỷ lệ % (bhxh, bhtn…) hoặc số người (so_nguoi_bhxh…)"
				 : "giá trị là số người (so_nguoi_bhxh…; số của so_nguoi_bhxh_tn là mức tối "
				   "thiểu)");
	for (int i = 0; i < f->n_sheets; i++) {
		if (strcmp(f->sheet[i].key, "thuc_hien") == 0)
			line(
			    g, p,
			    "• %s: số người tham gia đến cuối kỳ báo cáo, mỗi dòng một địa bàn trong một kỳ. "
			    "Kỳ ghi dạng năm-tháng, ví dụ 2025-07; thêm dòng cho các kỳ trước để so sánh.",
			    FORM_SHEET_PROGRESS);
		if (strcmp(f->sheet[i].key, "sap_nhap") == 0)
			line(g, p,
			     "• %s: đơn vị cũ sáp nhập vào đơn vị mới nào. Lao động và Chỉ tiêu ghi theo mã "
			     "cũ; "
			     "Địa bàn liệt kê đơn vị mới. Tỷ lệ là phần lực lượng lao động của đơn vị cũ "
			     "chuyển sang (0,35 hoặc 35%%); để trống nếu chuyển hết.",
			     FORM_SHEET_MERGE);
	}
	g->row++; /* a blank line */
}

/* The parts of the instructions that are fixed text: a heading, then paragraphs. */
enum guide_text { GUIDE_TYPING, GUIDE_CHECKS };
static const struct {
	const char *heading;
	const char *paras[5]; /* the first ones; the rest NULL */
} GUIDE_TEXT[] = {
    [GUIDE_TYPING] =
	{"2. Cách gõ số liệu", /* how to type the figures */
	 {
	     "• Tỷ lệ: các cột tỷ lệ đã định dạng phần trăm. Gõ 41,51 thì ô hiện 41,51% — đúng. "
	     "Tỷ lệ dưới 1% phải gõ kèm dấu %, ví dụ 0,85% (gõ 0,85 Excel sẽ hiểu là 85%). "
	     "Tối đa 2 chữ số thập phân; đừng gõ dạng phân số như 0,4151.",
	     "• Số người: gõ số nguyên, không gõ dấu chấm hay dấu cách ngăn cách hàng nghìn "
	     "(Excel tự hiện 143.953).",
	     "• Mã: cột mã để dạng văn bản nên 00004 vẫn giữ các số 0 đầu. Nếu Excel đã đổi mã "
	     "thành số (4), phuluc vẫn nhận ra địa bàn.",
	     "• Dòng tổng (Toàn tỉnh) không cần gõ: phuluc tự tính. Nếu có gõ, phuluc so sánh với số "
	     "tự tính và báo khi lệch.",
	     "• Không đổi tên các trang tính và dòng tiêu đề cột. Có thể chèn dòng tên bảng phía trên "
	     "dòng tiêu đề cột, thêm cột ghi chú (phuluc cảnh báo cột không dùng đến).",
	 }},
    [GUIDE_CHECKS] =
	{"4. Kết quả kiểm tra", /* what the checks will say */
	 {
	     "phuluc kiểm tra mọi số liệu trước khi in. Mỗi thông báo chỉ rõ trang tính và ô, ví dụ: "
	     "so_lieu.xlsx:Chỉ tiêu!D5: lỗi: … [mã quy tắc]. Còn lỗi thì chưa có phụ lục: sửa ô "
	     "được chỉ ra rồi chạy lại. Cảnh báo thì phụ lục vẫn được in, nhưng nên xem lại.",
	     "Chỉ kiểm tra, không in: phuluc check <thư mục>. Danh sách quy tắc: phuluc --rules; "
	     "giải thích từng quy tắc và cách sửa: hướng dẫn sử dụng (docs/huong-dan.md), mục 5.",
	 }},
};

/* One numbered part of the instructions that is fixed text: its heading, then its paragraphs. */
static void guide_part(struct guide *g, enum guide_text part)
{
	line(g, g->w->heading, "%s", GUIDE_TEXT[part].heading);
	size_t most = sizeof GUIDE_TEXT[part].paras / sizeof *GUIDE_TEXT[part].paras;
	for (size_t i = 0; i < most && GUIDE_TEXT[part].paras[i]; i++)
		line(g, g->w->para, "%s", GUIDE_TEXT[part].paras[i]);
}

/* The lines for phuluc.ini. */
static void guide_ini(struct guide *g, const struct form *f)
{
	lxw_format *p = g->w->para;
	line(g, g->w->heading, "3. Khai báo trong phuluc.ini");
	line(g, p,
	     "Lưu tệp này trong thư mục của việc (cạnh phuluc.ini), rồi ghi phần [du_lieu] của phuluc.ini "
	     "như sau (tên tệp, dấu #, tên trang tính):");
	line(g, g->w->code_line, "[du_lieu]");
	for (int i = 0; i < f->n_sheets; i++)
		line(g, g->w->code_line, "%s = %s#%s", f->sheet[i].key, f->file_name, f->sheet[i].name);
	line(g, p, "Sau đó chạy: phuluc build <thư mục của việc> -o <thư mục kết quả>");
	g->row++; /* a blank line */
}

static void write_guide(struct writer *w)
{
	const struct form *f = w->f;
	struct guide g = {w, workbook_add_worksheet(w->wb, FORM_SHEET_GUIDE), 0};
	if (!g.ws) {
		note(w, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	note(w, worksheet_set_column(g.ws, 0, 0, 100, NULL));
	line(&g, w->title, "MẪU NHẬP SỐ LIỆU CHO PHỤ LỤC");
	char years[JOB_MAX_YEARS * 6 + 1] = "";
	for (int y = 0; y < f->job->n_years; y++)
		snprintf(years + strlen(years), sizeof years - strlen(years), "%s%d", y ? ", " : "",
			 f->job->years[y]);
	line(&g, w->para, "Việc: %s — mẫu phụ lục %s; năm %s.", f->job->name, f->template_name, years);
	line(&g, w->para,
	     "Điền các trang tính sau, lưu lại (dạng .xlsx), rồi chạy phuluc build: phuluc kiểm tra số "
	     "liệu rồi in phụ lục (PDF và XLSX).");
	g.row++;
	guide_sheets(&g, f);
	guide_part(&g, GUIDE_TYPING);
	g.row++; /* a blank line */
	guide_ini(&g, f);
	guide_part(&g, GUIDE_CHECKS);
	worksheet_activate(g.ws);
}

/*
 * Writes the form to path (a temporary: the caller renames it). Returns 0,
 * or -1 with err naming path.
 */
static int write_form(const struct form *f, const char *path, struct error *err)
{
	struct writer w = {.f = f};
	lxw_workbook_options wo = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
	w.wb = workbook_new_opt(path, &wo);
	if (!w.wb)
		return error_set(err, ERR_IO, "cannot write %s: out of memory", path);
	/* created fixes docProps/core.xml; 0 would mean "now" to libxlsxwriter. */
	lxw_doc_properties props = {
	    .title = (char *)"Mẫu nhập số liệu",
	    .author = (char *)"phuluc",
	    .created = f->created > 0 ? (time_t)f->created : 1,
	};
	note(&w, workbook_set_properties(w.wb, &props));
	if (!make_formats(&w))
		note(&w, LXW_ERROR_MEMORY_MALLOC_FAILED);
	if (w.lxerr == LXW_NO_ERROR) {
		write_guide(&w);
		for (int i = 0; i < f->n_sheets && w.lxerr == LXW_NO_ERROR; i++)
			write_table_sheet(&w, &f->sheet[i]);
	}
	if (w.lxerr != LXW_NO_ERROR) {
		lxw_workbook_free(w.wb);
		return error_set(err, ERR_IO, "cannot write %s: %s", path, lxw_strerror(w.lxerr));
	}
	lxw_error e = workbook_close(w.wb);
	if (e != LXW_NO_ERROR)
		return error_set(err, ERR_IO, "cannot write %s: %s", path, lxw_strerror(e));
	return 0;
}

/* Writes the form to o->out_file atomically; returns 0 or -1 with err. */
static int write_form_file(const struct form *f, const char *out_file, struct error *err)
{
	struct output out = {0};
	int rc = -1;
	if (output_begin(&out, out_file, err) == 0) {
		if (write_form(f, out.tmp_path, err))
			output_error_names_final(&out, err);
		else {
			struct output *one[] = {&out};
			rc = output_commit(one, 1, err);
		}
	}
	output_abort(&out);
	return rc;
}

int input_form_run(const char *job_dir, const struct input_form_options *o, struct pipeline_result *r)
{
	*r = (struct pipeline_result){.findings = {.lang = o->lang}};
	struct findings *fs = &r->findings;
	struct job job = {0};
	struct template tpl = {0};
	struct locality_list localities = {0}, former = {0};
	struct form f = {.job = &job, .created = o->created, .localities = &localities, .former = &former};
	if (job_read(job_dir, &job, fs, &r->err))
		goto fail;
	job.encoding = o->encoding;
	if (!job.template_name) {
		error_set(&r->err, ERR_USAGE, "%s: no template (phu_luc.mau)", job.ini_path);
		goto fail;
	}
	char templates[RESOURCE_PATH_MAX];
	resource_dir(RESOURCE_TEMPLATES, templates);
	if (template_load(job.template_name, job.dir, templates, &tpl, &r->err))
		goto fail;
	if (read_list(&job, job.file_localities, false, &localities, fs, &r->err) ||
	    read_list(&job, job.file_merge, true, &former, fs, &r->err) || read_given(&job, f.given, &r->err))
		goto fail;
	if (pipeline_result_checked(r))
		goto fail;
	if (r->status == 0) {
		const char *slash = strrchr(o->out_file, '/');
		f.file_name = slash ? slash + 1 : o->out_file;
		f.template_name = job.template_name;
		plan_sheets(&f, &tpl);
		if (write_form_file(&f, o->out_file, &r->err))
			goto fail;
		if ((r->outputs[0] = strdup(o->out_file)))
			r->n_outputs = 1;
	}
	goto done;
fail:
	r->status = r->err.kind ? (int)r->err.kind : 3;
	if (!r->err.kind)
		error_set(&r->err, ERR_IO, "internal error");
done:
	findings_sort(fs);
	free(localities.loc);
	csv_file_free(&localities.csv);
	free(former.loc);
	csv_file_free(&former.csv);
	template_free(&tpl);
	job_free(&job);
	return r->status;
}
