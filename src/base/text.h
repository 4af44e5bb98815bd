/*
 * text.h — Unicode text operations on UTF-8 strings, through utf8proc.
 *
 * Every function returns a new malloc'd string the caller frees, or NULL on
 * out of memory or invalid UTF-8.
 */
#ifndef PHULUC_TEXT_H
#define PHULUC_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Canonical composition (NFC, TCVN 6909:2001 precomposed). */
char *text_nfc(const char *s);

/*
 * A matching key: case and diacritics dropped, 'đ' read as 'd', every run of
 * other characters turned into one '_', trimmed: "Tên địa bàn" → "ten_dia_ban",
 * "BHXH bắt buộc 2023" → "bhxh_bat_buoc_2023".
 */
char *text_fold(const char *s);

/* Upper case, NFC: "Chỉ tiêu … tỉnh Gia Lai" → "CHỈ TIÊU … TỈNH GIA LAI". */
char *text_upper(const char *s);

/* true if s is valid UTF-8. */
bool text_valid_utf8(const char *s, size_t len);

/*
 * Letters that look like the Vietnamese letter meant but are another code
 * point — Ð (U+00D0, Icelandic eth) for Đ (U+0110), Cyrillic А, Е, О, Р, С,
 * Х… for Latin — replaced by the letter meant. Returns the copy, or NULL
 * (with *oom set on out of memory) when s has none; *found and *meant say
 * the first one replaced, as "Ð (U+00D0)" and "Đ (U+0110)".
 */
char *text_lookalikes(const char *s, const char **found, const char **meant, bool *oom);

/* A copy of s with leading and trailing ASCII spaces/tabs removed. */
char *text_trim(const char *s);

#endif
