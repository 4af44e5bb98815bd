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
/* Short Vietnamese name for messages: "BHXH bắt buộc". */
const char *indicator_label(enum indicator ind);
/* BHYT is a share of the population; the others of the labour force. */
bool indicator_over_population(enum indicator ind);

#define RATE_NONE  INT32_MIN /* no value given */
#define COUNT_NONE (-1)

#endif
