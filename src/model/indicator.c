/*
 * indicator.c — the indicators' keys, aliases and labels (see indicator.h).
 */
#include "model/indicator.h"

#include <stdlib.h>
#include <string.h>

static const struct {
	const char *key, *label;
	const char *aliases[4];
} INDICATORS[IND_COUNT] = {
    [IND_BHXH] = {"bhxh", "BHXH", {"bao_hiem_xa_hoi"}},
    [IND_BHXH_BB] = {"bhxh_bb", "BHXH bắt buộc", {"bhxh_bat_buoc", "bao_hiem_xa_hoi_bat_buoc", "bb"}},
    [IND_BHXH_TN] = {"bhxh_tn", "BHXH tự nguyện", {"bhxh_tu_nguyen", "bao_hiem_xa_hoi_tu_nguyen", "tn"}},
    [IND_BHTN] = {"bhtn", "BHTN", {"bao_hiem_that_nghiep"}},
    [IND_BHYT] = {"bhyt", "BHYT", {"bao_hiem_y_te"}},
};

const char *indicator_key(enum indicator ind)
{
	return INDICATORS[ind].key;
}

const char *indicator_label(enum indicator ind)
{
	return INDICATORS[ind].label;
}

bool indicator_over_population(enum indicator ind)
{
	return ind == IND_BHYT;
}

int indicator_from_key(const char *key)
{
	for (int i = 0; i < IND_COUNT; i++) {
		if (strcmp(key, INDICATORS[i].key) == 0)
			return i;
		for (int a = 0; a < 4 && INDICATORS[i].aliases[a]; a++)
			if (strcmp(key, INDICATORS[i].aliases[a]) == 0)
				return i;
	}
	return -1;
}

const char *indicator_count_key(enum indicator ind)
{
	static const char *const keys[IND_COUNT] = {
	    [IND_BHXH] = "so_nguoi_bhxh",	[IND_BHXH_BB] = "so_nguoi_bhxh_bb",
	    [IND_BHXH_TN] = "so_nguoi_bhxh_tn", [IND_BHTN] = "so_nguoi_bhtn",
	    [IND_BHYT] = "so_nguoi_bhyt",
	};
	return keys[ind];
}

/* "so_nguoi_", "so_nguoi_tham_gia_", "so_doi_tuong_tham_gia_"…: the words that make a key a count. */
static const char *count_rest(const char *key)
{
	static const char *const prefixes[] = {"so_nguoi_tham_gia_", "so_doi_tuong_tham_gia_", "so_nguoi_",
					       "so_doi_tuong_", "so_luong_"};
	for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
		size_t n = strlen(prefixes[i]);
		if (strncmp(key, prefixes[i], n) == 0)
			return key + n;
	}
	return NULL;
}

int indicator_from_figure_key(const char *key, bool *count)
{
	const char *rest = count_rest(key);
	*count = rest != NULL;
	return indicator_from_key(rest ? rest : key);
}

int indicator_from_column_key(const char *key, bool *count, int *year)
{
	size_t len = strlen(key);
	char head[64]; /* longer than any figure key ("so_doi_tuong_tham_gia_bao_hiem_xa_hoi_tu_nguyen") */
	*count = false;
	*year = 0;
	if (len <= 5 || key[len - 5] != '_')
		return -1;
	*year = atoi(key + len - 4);
	if (len - 5 >= sizeof head)
		return -1;
	memcpy(head, key, len - 5);
	head[len - 5] = '\0';
	return indicator_from_figure_key(head, count);
}
