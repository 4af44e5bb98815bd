/*
 * fuzz_input.c — libFuzzer harness for everything that reads a clerk's
 * bytes: decoding, CSV parsing, numbers, the job file and the model.
 *
 * Each input is used three ways:
 *  1. as one CSV file: decode_text (detected encoding) → csv_file_parse →
 *     number_parse on every field with every kind; and decoded once more
 *     with each encoding forced, as `--encoding` does;
 *  2. as a job's phuluc.ini: written to a scratch job directory and read
 *     with job_read (job.c reads a directory, not a buffer; one rewrite of a
 *     small file per input is cheap enough and keeps job.c untouched);
 *  3. if it holds an ASCII RS byte (0x1E): split at RS into the four CSV
 *     files of the Gia Lai job (dia_ban, lao_dong, chi_tieu, chi_tieu_tinh),
 *     loaded with job_data_load and checked with checks_run, so the model's
 *     column matching and cell reading see hostile files too.
 *
 * Built and run by `make fuzz` (clang, -fsanitize=fuzzer,address,undefined).
 */
#include "check/checks.h"
#include "input/csvfile.h"
#include "input/decode.h"
#include "base/error.h"
#include "base/finding.h"
#include "input/job.h"
#include "model/job_data.h"
#include "model/model.h"
#include "input/number.h"
#include "scratch.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The model part uses a fixed job file, so only the CSV files vary. */
static const char JOB_INI[] = "[phu_luc]\n"
			      "mau = ke-hoach-chi-tieu\n"
			      "tieu_de = Fuzz\n"
			      "nam = 2023, 2024, 2025\n"
			      "[du_lieu]\n"
			      "dia_ban = dia_ban.csv\n"
			      "lao_dong = lao_dong.csv\n"
			      "chi_tieu = chi_tieu.csv\n"
			      "chi_tieu_tinh = chi_tieu_tinh.csv\n";
static const char *const CSV_NAMES[] = {"dia_ban.csv", "lao_dong.csv", "chi_tieu.csv", "chi_tieu_tinh.csv"};

/* Scratch directories, made once per process (libFuzzer runs many inputs in one process). */
static char ini_dir[64], model_dir[64];

static void remove_scratch(void)
{
	char path[128];
	snprintf(path, sizeof path, "%s/phuluc.ini", ini_dir);
	unlink(path);
	rmdir(ini_dir);
	for (size_t i = 0; i < sizeof CSV_NAMES / sizeof *CSV_NAMES; i++) {
		snprintf(path, sizeof path, "%s/%s", model_dir, CSV_NAMES[i]);
		unlink(path);
	}
	snprintf(path, sizeof path, "%s/phuluc.ini", model_dir);
	unlink(path);
	rmdir(model_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	scratch_make(ini_dir, sizeof ini_dir, "phuluc-fuzz");
	scratch_make(model_dir, sizeof model_dir, "phuluc-fuzz");
	scratch_write(model_dir, "phuluc.ini", (const uint8_t *)JOB_INI, sizeof JOB_INI - 1);
	atexit(remove_scratch);
	return 0;
}

static void fuzz_csv(const uint8_t *data, size_t size)
{
	struct findings fs = {.lang = LANG_EN};
	struct error err = {0};
	char *text = NULL;
	if (decode_text((const char *)data, size, ENC_AUTO, "fuzz.csv", &fs, &text, &err) == 0) {
		struct csv_file csv;
		if (csv_file_parse(text, "fuzz.csv", &csv, &fs, &err) == 0) {
			const enum number_kind kinds[] = {NUMBER_RATE, NUMBER_COUNT, NUMBER_PLAIN};
			for (int r = -1; r < csv.n_rows; r++) {
				char **f = r < 0 ? csv.header : csv.rows[r].f;
				int n = r < 0 ? csv.n_cols : csv.rows[r].n;
				for (int c = 0; f && c < n; c++)
					for (int k = 0; k < 3; k++) {
						int64_t v;
						number_parse(f[c], kinds[k], &v);
					}
			}
			csv_file_column(&csv, "ma");
			csv_file_free(&csv);
		}
		free(text);
	}
	findings_free(&fs);
}

/* Every forced encoding must cope with any bytes too (a wrong --encoding). */
static void fuzz_forced_encodings(const uint8_t *data, size_t size)
{
	const enum encoding forced[] = {ENC_UTF8, ENC_UTF16, ENC_CP1258, ENC_TCVN3};
	for (size_t i = 0; i < sizeof forced / sizeof *forced; i++) {
		struct findings fs = {.lang = LANG_VI};
		struct error err = {0};
		char *text = NULL;
		if (decode_text((const char *)data, size, forced[i], "fuzz.csv", &fs, &text, &err) == 0)
			free(text);
		findings_free(&fs);
	}
}

static void fuzz_job(const uint8_t *data, size_t size)
{
	scratch_write(ini_dir, "phuluc.ini", data, size);
	struct findings fs = {.lang = LANG_VI};
	struct error err = {0};
	struct job job;
	job_read(ini_dir, &job, &fs, &err);
	job_free(&job);
	findings_free(&fs);
}

static void fuzz_model(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	for (size_t i = 0; i < sizeof CSV_NAMES / sizeof *CSV_NAMES; i++) {
		const uint8_t *rs = memchr(p, 0x1E, (size_t)(end - p));
		const uint8_t *stop = rs && i + 1 < sizeof CSV_NAMES / sizeof *CSV_NAMES ? rs : end;
		scratch_write(model_dir, CSV_NAMES[i], p, (size_t)(stop - p));
		p = stop < end ? stop + 1 : end;
	}
	struct findings fs = {.lang = LANG_EN};
	struct error err = {0};
	struct job job;
	struct job_data loaded = {0};
	if (job_read(model_dir, &job, &fs, &err) == 0 && job_data_load(&loaded, &job, &fs, &err) == 0) {
		struct check_needs needs = {0};
		for (int y = 0; y < JOB_MAX_YEARS; y++)
			for (int i = 0; i < IND_COUNT; i++)
				needs.targets[y][i] = y < job.n_years && i != IND_BHYT;
		checks_run(&loaded, &needs, &fs);
		findings_sort(&fs);
	}
	job_data_free(&loaded);
	job_free(&job);
	findings_free(&fs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_csv(data, size);
	fuzz_forced_encodings(data, size);
	fuzz_job(data, size);
	if (memchr(data, 0x1E, size))
		fuzz_model(data, size);
	return 0;
}
