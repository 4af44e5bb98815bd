/*
 * summary.h — the paragraph a clerk pastes into the body of the monthly
 * dispatch (tom_tat.txt), written from a progress report's figures in the
 * style such dispatches use:
 *
 *   Tính đến ngày 31/7/2025, số người tham gia BHXH là 264.650 người, tỷ lệ
 *   lực lượng lao động trong độ tuổi tham gia BHXH là 18,73%, tăng 1.234
 *   người so với tháng 6/2025; chưa đạt kế hoạch UBND tỉnh giao (22,76%),
 *   còn thiếu 56.789 người. Có 12/17 địa bàn chưa đạt chỉ tiêu; cách xa
 *   chỉ tiêu nhất là Huyện Phú Thiện (6,10%, chỉ tiêu 8,10%), …
 *
 * Figures the Vietnamese way (264.650 người, 18,73%), all from
 * progress_figures_of, so the text cannot disagree with the table.
 */
#ifndef PHULUC_SUMMARY_H
#define PHULUC_SUMMARY_H

#include "model/model.h"
#include "model/progress.h"

#include <stdbool.h>

/* How many localities furthest behind a paragraph names. */
#define SUMMARY_NAMED 3

/*
 * The summary of period `period` of p (read against m) for the indicators in
 * `shows` (bhxh_bb and bhxh_tn go inside the BHXH sentence when bhxh is
 * shown too). One paragraph per indicator, each ending in '\n'. Returns a
 * malloc'd string (caller frees), or NULL when out of memory.
 */
char *summary_text(const struct model *m, const struct progress *p, int period, const bool shows[IND_COUNT]);

#endif
