/*
 * input_form.h — the workbook a clerk fills for a job (`phuluc mau-nhap JOB
 * -o so_lieu.xlsx`, "mẫu nhập": the input form).
 *
 * One sheet per table the job's template needs, each with its header row in
 * the clerk's words — the Vietnamese headers the loaders accept, so that
 * `build` reads the filled workbook back unchanged:
 *
 *   Địa bàn        Mã | Tên địa bàn | Cấp (drop-down) | Nhóm
 *   Lao động       Mã | Tên địa bàn | Năm | Lực lượng lao động trong độ tuổi [| Dân số]
 *   Chỉ tiêu       Mã | Tên địa bàn | BHXH năm 2023 | BHXH bắt buộc năm 2023 | …
 *                  (plans in numbers: Số người tham gia BHXH năm 2026 | Số người
 *                  tham gia BHXH tự nguyện năm 2026 | …)
 *   Chỉ tiêu tỉnh  Năm | Chỉ số (drop-down) | Giá trị
 *   Thực hiện      Mã | Tên địa bàn | Kỳ | Số người tham gia BHXH bắt buộc | …   (progress reports)
 *   Sáp nhập       Mã cũ | Tên cũ | Mã mới | Tên mới | Tỷ lệ               (jobs with sap_nhap)
 *
 * and a first sheet, "Hướng dẫn", saying in Vietnamese what each sheet is,
 * how to type rates and counts, the [du_lieu] lines for phuluc.ini and what
 * the checks will say. Rate columns are formatted 0.00% (a clerk typing
 * 41,51 there gets 41,51 %, stored 0.4151, which the reader takes as its
 * percent), counts #,##0 taking whole numbers ≥ 0 only, codes and periods
 * as text (so 00004 and 2025-07 stay as typed). The chi_tieu columns are the
 * rates the template shows (BHXH with its two parts) and the numbers of
 * participants it shows (so_nguoi, ty_le_so_nguoi), for every year of
 * phu_luc.nam; an optional column (tuy_chon) only when the job's own
 * chi_tieu file already gives that figure; a progress report whose job
 * gives its targets as numbers asks for numbers, not rates. Giá trị of Chỉ tiêu tỉnh is a
 * percent, a count or, when the job has both, General. When the job's
 * dia_ban can be read, its localities are already listed in every sheet that
 * has one row per locality (lao_dong: one per locality and year; thuc_hien:
 * one per locality for phu_luc.ky).
 *
 * The workbook is written atomically (output.h) and is byte-identical for
 * identical input (its metadata date is SOURCE_DATE_EPOCH, or fixed).
 *
 *   struct input_form_options o = {.lang = LANG_VI, .out_file = "job/so_lieu.xlsx"};
 *   struct pipeline_result r;
 *   int status = input_form_run("job", &o, &r);   // 0, 1, 2 or 3 as pipeline_run
 *   ... print r.findings, r.err ...
 *   pipeline_result_free(&r);
 */
#ifndef PHULUC_INPUT_FORM_H
#define PHULUC_INPUT_FORM_H

#include "base/finding.h"
#include "input/decode.h"
#include "run/pipeline.h"

#include <stdint.h>

/* The sheets' names, as phuluc.ini names them after '#'. */
#define FORM_SHEET_GUIDE      "Hướng dẫn"
#define FORM_SHEET_LOCALITIES "Địa bàn"
#define FORM_SHEET_LABOUR     "Lao động"
#define FORM_SHEET_TARGETS    "Chỉ tiêu"
#define FORM_SHEET_PROVINCE   "Chỉ tiêu tỉnh"
#define FORM_SHEET_PROGRESS   "Thực hiện"
#define FORM_SHEET_MERGE      "Sáp nhập"

struct input_form_options {
	enum lang lang;		/* of the findings */
	enum encoding encoding; /* of the job's dia_ban when it is a CSV */
	const char *out_file;	/* the workbook to write */
	int64_t created;	/* metadata date (SOURCE_DATE_EPOCH), 0: a fixed date */
};

/*
 * `phuluc mau-nhap JOB -o FILE`: reads the job's phuluc.ini, its template
 * and, when dia_ban is given and there, its localities; writes FILE. Fills r
 * like pipeline_run (findings of dia_ban, err, the file written) and returns
 * its status: 0 written, 1 errors in phuluc.ini or dia_ban (nothing
 * written), 2 usage (no phuluc.ini, no template), 3 I/O.
 */
int input_form_run(const char *job_dir, const struct input_form_options *o, struct pipeline_result *r);

#endif
