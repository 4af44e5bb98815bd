/*
 * indicator.h — the five schemes a figure is about (BHXH, its compulsory
 * and voluntary parts, BHTN, BHYT), their names in files and in messages,
 * and the markers of a rate or count that is absent. Depends on nothing
 * else in the model, so the cell readers (cells.h) can use it too.
 */
#ifndef PHULUC_INDICATOR_H
#define PHULUC_INDICATOR_H

#include <stdbool.h>
#include <stdint.h>

enum indicator { IND_BHXH, IND_BHXH_BB, IND_BHXH_TN, IND_BHTN, IND_BHYT, IND_COUNT };

/* "bhxh", "bhxh_bb", … */
const char *indicator_key(enum indicator ind);
/* The indicator named by a folded key (also "bao_hiem_xa_hoi_bat_buoc"…), or -1. */
int indicator_from_key(const char *key);
/* "so_nguoi_bhxh", …: the key of the indicator's count of participants. */
const char *indicator_count_key(enum indicator ind);
/*
 * The indicator a folded figure key names, as a rate ("bhxh_tn",
 * "bhxh_tu_nguyen") or as a count ("so_nguoi_bhxh_tn",
 * "so_nguoi_tham_gia_bhxh_tu_nguyen"): *count says which. -1 if none.
 */
int indicator_from_figure_key(const char *key, bool *count);
/*
 * The indicator a wide column's folded key names with its year
 * ("bhxh_bb_2025"; a count: "so_nguoi_bhxh_2026"), or -1. *year is the
 * number after the last '_' of a key ending in "_" and four characters, else 0.
 */
int indicator_from_column_key(const char *key, bool *count, int *year);
/* Short Vietnamese name for messages: "BHXH bắt buộc". */
const char *indicator_label(enum indicator ind);
/* BHYT is a share of the population; the others of the labour force. */
bool indicator_over_population(enum indicator ind);

#define RATE_NONE  INT32_MIN /* no value given */
#define COUNT_NONE (-1)

#endif
