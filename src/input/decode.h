/*
 * decode.h — the one place file bytes pass through before anything parses
 * them: whatever the encoding, out comes UTF-8 in NFC with '\n' line ends.
 *
 * Encodings a clerk's file may be in (SPEC §1): UTF-8 with or without BOM
 * (Excel's "CSV UTF-8"), UTF-16 with BOM (Excel's "Unicode Text"),
 * Windows-1258 (Excel's plain "CSV" on Vietnamese Windows, tones as
 * combining marks) and TCVN3/ABC (TCVN 5712, older systems). Unless one is
 * named (`--encoding`), it is detected:
 *
 *   1. a BOM names UTF-8 or UTF-16 LE/BE;
 *   2. bytes that are valid UTF-8 are UTF-8 (plain ASCII included);
 *   3. bytes that are mostly UTF-8 — at least as many valid multi-byte
 *      sequences as invalid bytes — are UTF-8 with errors: legacy Vietnamese
 *      text almost never forms a valid multi-byte sequence, so a clerk's
 *      UTF-8 file with one bad byte is reported, not re-read as a code page;
 *   4. otherwise the file is decoded both as Windows-1258 and as TCVN3 and
 *      each reading is scored for plausible Vietnamese (decode_score); the
 *      better one wins if it reads as Vietnamese at all, else the file is
 *      treated as UTF-8 so that its bad bytes are reported.
 *
 * Bytes that are not valid in the encoding become U+FFFD and an `encoding`
 * finding at their line (the first per line; after 20 lines, one summary
 * finding); a NUL byte is a `csv-syntax` finding. A forced encoding that the
 * bytes plainly contradict (a UTF-8 file read as Windows-1258, a TCVN3 file
 * read as Windows-1258…) is an `encoding` finding too, so a wrong
 * `--encoding` never prints mojibake silently.
 *
 *   enum encoding enc;
 *   if (encoding_parse("cp1258", &enc)) ... unknown name ...
 *   char *text;
 *   if (decode_text(bytes, len, enc, "job/dia_ban.csv", &fs, &text, &err)) ...
 *   free(text);
 */
#ifndef PHULUC_DECODE_H
#define PHULUC_DECODE_H

#include "base/error.h"
#include "base/finding.h"

#include <stddef.h>

/* Largest input file read, in bytes: a bigger file is an error, not an OOM. */
#define DECODE_MAX_FILE (256u << 20)

enum encoding {
	ENC_AUTO = 0, /* detect (see above) */
	ENC_UTF8,     /* a UTF-8 BOM is skipped */
	ENC_UTF16,    /* LE or BE by its BOM; little-endian without one (Windows) */
	ENC_CP1258,   /* Windows-1258 */
	ENC_TCVN3,    /* TCVN3 / ABC (TCVN 5712), read with glibc's TCVN5712-1 */
};

/*
 * The encoding a command-line name means, case-insensitively: "auto",
 * "utf-8"/"utf8", "utf-16"/"utf16", "cp1258"/"windows-1258",
 * "tcvn3"/"tcvn"/"tcvn5712"/"abc". Returns 0, or -1 for an unknown name.
 */
int encoding_parse(const char *name, enum encoding *enc);

/* How findings name an encoding: "UTF-8", "UTF-16", "Windows-1258", "TCVN3". */
const char *encoding_name(enum encoding enc);

/* What detection saw in a file, for tests and diagnostics. */
struct encoding_evidence {
	enum encoding bom;    /* ENC_UTF8 / ENC_UTF16 if the file starts with a BOM, else ENC_AUTO */
	size_t utf8_multi;    /* valid multi-byte UTF-8 sequences */
	size_t utf8_bad;      /* bytes that are not valid UTF-8 */
	long score_cp1258;    /* decode_score of the Windows-1258 reading (when computed) */
	long score_tcvn3;     /* decode_score of the TCVN3 reading (when computed) */
	int first_bad_cp1258; /* line of the first implausible word in that reading, 0 if none */
	int first_bad_tcvn3;
	int scored; /* the two legacy readings were scored */
};

/*
 * Detects the encoding of len bytes as described above; never returns
 * ENC_AUTO. ev may be NULL. Returns -1 only when out of memory.
 */
int decode_detect(const char *bytes, size_t len, enum encoding *enc, struct encoding_evidence *ev);

/*
 * How much UTF-8 text reads as Vietnamese: +1 per word with a non-ASCII
 * letter that is a plausible Vietnamese syllable, -1 per implausible such
 * word and per stray non-ASCII sign (U+FFFD, C1 controls, Latin-1 symbols).
 * Plausible: only Vietnamese letters, one vowel cluster Vietnamese has, at
 * most one tone and on the letter spelling puts it on, đ first (except in
 * abbreviations like NĐ), no capital after a small letter. ASCII-only words
 * count 0. *first_bad (may be NULL) gets the line of the first implausible
 * word or sign, 0 if none.
 *
 * Why it separates the two code pages: TCVN3 letters read as Windows-1258
 * are Latin-1 signs (ệ → Ö, đ → ®); Windows-1258 read as TCVN3 gives real
 * letters but impossible syllables (Excel's "Huy\xEA\xF2n" → "Huyờũn",
 * two tones; "Thi\xF2" → "Thiũ", the tone off its place).
 */
long decode_score(const char *utf8, size_t len, int *first_bad);

/*
 * Decodes len bytes read from `file` (named in findings) from enc (ENC_AUTO:
 * detected). On success returns 0 and a malloc'd, NUL-terminated text in
 * *out (caller frees); returns -1 with err filled when out of memory, when
 * len exceeds DECODE_MAX_FILE, or when iconv lacks the code page.
 */
int decode_text(const char *bytes, size_t len, enum encoding enc, const char *file, struct findings *fs,
		char **out, struct error *err);

/*
 * Reads a whole regular file (up to DECODE_MAX_FILE) into a malloc'd,
 * NUL-terminated buffer (caller frees). Returns 0, or -1 with err: ERR_DATA
 * if it is too big, ERR_IO otherwise (also for a directory, FIFO or device,
 * which are never read: opening a FIFO does not wait).
 */
int read_file(const char *path, char **bytes, size_t *len, struct error *err);

/* read_file with a smaller limit of max bytes (a multiple of 1 MiB, named in the error). */
int read_file_max(const char *path, size_t max, char **bytes, size_t *len, struct error *err);

#endif
