/*
 * main.c — the command line (SPEC §4): parses arguments, runs a job through
 * the pipeline (job → model → checks → document → PDF + XLSX) and is the one
 * place that prints errors and picks the exit status:
 *   0 done (warnings allowed), 1 data errors, 2 bad usage, 3 I/O or internal.
 */
#include "base/finding.h"
#include "base/messages.h"
#include "input/decode.h"
#include "run/allocate.h"
#include "run/batch.h"
#include "run/input_form.h"
#include "run/pipeline.h"
#include "run/resources.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef PHULUC_VERSION
#define PHULUC_VERSION "dev"
#endif
#define SYSTEM_FONT_DIR "/usr/share/fonts/truetype/liberation2"

struct options {
	const char *command;
	const char *job_dir;
	const char *out_dir;
	const char *font_dir;
	bool draft;
	bool json;
	bool out_given;	    /* -o was given */
	int workers;	    /* batch -j; 0: the number of cores */
	bool force;	    /* batch --force: no reuse of unchanged jobs */
	const char *method; /* phan-bo --cach */
	bool from_progress; /* phan-bo --tu-thuc-hien */
	bool rules;	    /* --rules: list the rule table */
	enum lang lang;
	enum encoding encoding; /* of the job's CSV files; ENC_AUTO: detected per file */
};

static void usage(FILE *f)
{
	/* TRANSLATORS: keep the commands, options and their values (deu, ty-le, vi, en…) as they are. */
	fprintf(f,
		_("Usage:\n"
		  "  phuluc build JOB_DIR [-o OUT_DIR] [--draft] [--json]\n"
		  "  phuluc check JOB_DIR [--json]\n"
		  "  phuluc batch ROOT_DIR -o OUT_DIR [-j N] [--force]\n"
		  "  phuluc phan-bo JOB_DIR -o FILE [--cach deu|ty-le] [--tu-thuc-hien]\n"
		  "  phuluc mau-nhap JOB_DIR -o FILE.xlsx\n"
		  "  phuluc --rules [--json] [--lang vi|en]\n"
		  "  phuluc --help | --version\n"
		  "\n"
		  "build  checks the job's data, then writes OUT_DIR/<job>.pdf and OUT_DIR/<job>.xlsx\n"
		  "       (OUT_DIR defaults to the current directory); nothing is written if the\n"
		  "       data has errors, unless --draft (outputs marked DỰ THẢO).\n"
		  "check  checks the job's data only.\n"
		  "batch  builds every job under ROOT_DIR (each directory with a phuluc.ini, at any\n"
		  "       depth) into OUT_DIR/<job path>/, N at a time, going on past failing jobs;\n"
		  "       then writes OUT_DIR/manifest.csv and manifest.json (status, outputs with\n"
		  "       SHA-256, counts). Jobs unchanged since the last batch are reused.\n"
		  "phan-bo  proposes a target for every commune, for each year of chi_tieu_tinh after\n"
		  "       the baseline (the last year chi_tieu gives), so that the province reaches the\n"
		  "       assigned figure exactly; writes FILE, a chi_tieu CSV to edit and build. A\n"
		  "       rate assigned gives rates; a number (so_nguoi_*) gives numbers that add up\n"
		  "       to it exactly, the voluntary minimum (so_nguoi_bhxh_tn) met. With sap_nhap,\n"
		  "       the new units' labour force is written beside FILE (FILE.lao_dong.csv).\n"
		  "mau-nhap  writes FILE.xlsx, the input form (mẫu nhập) for the job: a sheet per\n"
		  "       table its template needs (Địa bàn, Lao động, Chỉ tiêu, Chỉ tiêu tỉnh; Thực\n"
		  "       hiện, Sáp nhập), header rows the loaders read, the localities of dia_ban\n"
		  "       already listed, and a sheet of instructions (Hướng dẫn) in Vietnamese. Fill\n"
		  "       it in Excel, point phuluc.ini at it (du_lieu.chi_tieu = FILE.xlsx#Chỉ tiêu)\n"
		  "       and build.\n"
		  "\n"
		  "Options:\n"
		  "  -o, --out DIR      output directory (created if needed)\n"
		  "      --draft        write outputs even with errors, marked DỰ THẢO\n"
		  "  -j, --jobs N       batch: jobs run in parallel (default: the number of cores)\n"
		  "      --force        batch: build every job again, even unchanged ones\n"
		  "      --cach deu|ty-le  phan-bo: the same increase for every commune (deu, the\n"
		  "                     default: the same points of rate; in numbers, the same\n"
		  "                     share of each labour force) or every baseline times the\n"
		  "                     same factor (ty-le)\n"
		  "      --tu-thuc-hien phan-bo: start from the actual rates (numbers) of the latest\n"
		  "                     thuc_hien period\n"
		  "      --json         findings as one JSON array on stdout\n"
		  "      --lang vi|en   language of findings (default vi; en when LANG=C)\n"
		  "      --encoding NAME  encoding of every CSV of the job: utf-8, utf-16,\n"
		  "                     cp1258 (windows-1258), tcvn3 (tcvn); default: detected\n"
		  "                     per file (phuluc.ini is always UTF-8)\n"
		  "      --rules        list every rule the checks apply: id, severity, title,\n"
		  "                     section of the guide (docs/huong-dan.md); with --json as\n"
		  "                     one JSON array\n"
		  "      --font-dir DIR directory with LiberationSerif-{Regular,Bold,Italic}.ttf\n"
		  "                     (default $PHULUC_FONT_DIR, then the build's fonts/, then\n"
		  "                     %s)\n"
		  "  -h, --help         this help\n"
		  "      --version      the version\n"
		  "\n"
		  "Exit status: 0 done (warnings allowed), 1 errors in the data, 2 bad usage,\n"
		  "3 I/O or internal failure.\n"),
		SYSTEM_FONT_DIR);
}

/* The catalogs for lang, before any message is printed (base/messages.h). */
static void use_lang(enum lang lang)
{
	char dir[RESOURCE_PATH_MAX];
	messages_use(lang, resource_dir(RESOURCE_LOCALE, dir) == 0 ? dir : NULL);
}

static enum lang default_lang(void)
{
	const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (int i = 0; i < 3; i++) {
		const char *v = getenv(vars[i]);
		if (v && v[0])
			return (strcmp(v, "C") == 0 || strcmp(v, "POSIX") == 0 || strncmp(v, "C.", 2) == 0 ||
				strncmp(v, "en", 2) == 0)
				   ? LANG_EN
				   : LANG_VI;
	}
	return LANG_VI;
}

enum {
	OPT_DRAFT = 256,
	OPT_JSON,
	OPT_LANG,
	OPT_FONT_DIR,
	OPT_VERSION,
	OPT_ENCODING,
	OPT_FORCE,
	OPT_METHOD,
	OPT_FROM_PROGRESS,
	OPT_RULES
};

/* Option c (getopt_long's return) with its optarg into o: -1 to go on, 0 done (--help, --version), 2 wrong.
 */
static int parse_option(int c, char **argv, struct options *o)
{
	/* The options that only switch something on. */
	const struct {
		int opt;
		bool *on;
	} switches[] = {{OPT_FORCE, &o->force},
			{OPT_FROM_PROGRESS, &o->from_progress},
			{OPT_DRAFT, &o->draft},
			{OPT_JSON, &o->json},
			{OPT_RULES, &o->rules}};
	for (size_t i = 0; i < sizeof switches / sizeof *switches; i++)
		if (c == switches[i].opt) {
			*switches[i].on = true;
			return -1;
		}
	switch (c) {
	case 'o':
		o->out_dir = optarg;
		o->out_given = true;
		return -1;
	case 'j': {
		char *end;
		long n = strtol(optarg, &end, 10);
		if (*end || end == optarg || n < 1 || n > BATCH_MAX_WORKERS) {
			fprintf(stderr, _("phuluc: -j takes a number from 1 to %d, not \"%s\"\n"),
				BATCH_MAX_WORKERS, optarg);
			return 2;
		}
		o->workers = (int)n;
		return -1;
	}
	case OPT_METHOD: {
		enum allocate_method method;
		if (allocate_method_parse(optarg, &method)) {
			fprintf(stderr, _("phuluc: --cach takes deu or ty-le, not \"%s\"\n"), optarg);
			return 2;
		}
		o->method = optarg;
		return -1;
	}
	case OPT_LANG:
		if (strcmp(optarg, "vi") != 0 && strcmp(optarg, "en") != 0) {
			fprintf(stderr, _("phuluc: --lang takes vi or en, not \"%s\"\n"), optarg);
			return 2;
		}
		o->lang = optarg[0] == 'e' ? LANG_EN : LANG_VI;
		use_lang(o->lang);
		return -1;
	case OPT_FONT_DIR:
		o->font_dir = optarg;
		return -1;
	case OPT_ENCODING:
		if (encoding_parse(optarg, &o->encoding)) {
			fprintf(stderr,
				_("phuluc: --encoding takes utf-8, utf-16, cp1258 or tcvn3, not \"%s\"\n"),
				optarg);
			return 2;
		}
		return -1;
	case 'h':
		o->command = "help";
		return 0;
	case OPT_VERSION:
		o->command = "version";
		return 0;
	default:
		fprintf(stderr, _("phuluc: unknown option or missing value: %s\n"), argv[optind - 1]);
		usage(stderr);
		return 2;
	}
}

/* The command and its directory, after the options: argv[optind…]. Returns 0 or 2. */
static int parse_command(int argc, char **argv, struct options *o)
{
	if (optind == argc) {
		usage(stderr);
		return 2;
	}
	o->command = argv[optind++];
	if (strcmp(o->command, "build") != 0 && strcmp(o->command, "check") != 0 &&
	    strcmp(o->command, "batch") != 0 && strcmp(o->command, "phan-bo") != 0 &&
	    strcmp(o->command, "mau-nhap") != 0) {
		fprintf(stderr,
			_("phuluc: unknown command \"%s\" (build, check, batch, phan-bo, mau-nhap)\n"),
			o->command);
		return 2;
	}
	if (strcmp(o->command, "mau-nhap") == 0 && !o->out_given) {
		fprintf(stderr, _("phuluc: mau-nhap needs -o FILE.xlsx (the workbook to write)\n"));
		return 2;
	}
	if (strcmp(o->command, "phan-bo") == 0) {
		if (!o->out_given) {
			fprintf(stderr, _("phuluc: phan-bo needs -o FILE (the chi_tieu CSV to write)\n"));
			return 2;
		}
	} else if (o->method || o->from_progress) {
		fprintf(stderr, _("phuluc: --cach and --tu-thuc-hien are for phan-bo only\n"));
		return 2;
	}
	if (strcmp(o->command, "batch") == 0) {
		if (optind == argc || !o->out_given) {
			fprintf(stderr, _("phuluc: batch needs a directory of jobs and -o OUT_DIR\n"));
			return 2;
		}
	} else if (o->workers || o->force) {
		fprintf(stderr, _("phuluc: -j and --force are for batch only\n"));
		return 2;
	}
	if (optind == argc) {
		fprintf(stderr, _("phuluc: %s needs a job directory\n"), o->command);
		return 2;
	}
	o->job_dir = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, _("phuluc: unexpected argument \"%s\"\n"), argv[optind]);
		return 2;
	}
	return 0;
}

/*
 * Parses argv into o. Options may come before or after the command and the
 * job directory (GNU getopt permutes them). Returns 0, or 2 after printing
 * what is wrong.
 */
static int parse_command_line(int argc, char **argv, struct options *o)
{
	static const struct option longs[] = {{"out", required_argument, NULL, 'o'},
					      {"draft", no_argument, NULL, OPT_DRAFT},
					      {"jobs", required_argument, NULL, 'j'},
					      {"force", no_argument, NULL, OPT_FORCE},
					      {"cach", required_argument, NULL, OPT_METHOD},
					      {"tu-thuc-hien", no_argument, NULL, OPT_FROM_PROGRESS},
					      {"json", no_argument, NULL, OPT_JSON},
					      {"lang", required_argument, NULL, OPT_LANG},
					      {"font-dir", required_argument, NULL, OPT_FONT_DIR},
					      {"encoding", required_argument, NULL, OPT_ENCODING},
					      {"rules", no_argument, NULL, OPT_RULES},
					      {"help", no_argument, NULL, 'h'},
					      {"version", no_argument, NULL, OPT_VERSION},
					      {NULL, 0, NULL, 0}};
	*o = (struct options){.out_dir = ".", .lang = default_lang()};
	use_lang(o->lang);
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "o:j:h", longs, NULL)) != -1) {
		int rc = parse_option(c, argv, o);
		if (rc >= 0)
			return rc;
	}
	if (o->rules) {
		/* --rules takes no command: with --json and --lang only. */
		o->command = "rules";
		if (optind < argc) {
			fprintf(stderr, _("phuluc: unexpected argument \"%s\"\n"), argv[optind]);
			return 2;
		}
		return 0;
	}
	return parse_command(argc, argv, o);
}

/* Prints a run's findings (JSON on stdout with --json), its error, and on a terminal the files written; frees
 * r. */
static void print_result(const struct options *o, struct pipeline_result *r)
{
	if (o->json)
		findings_print_json(&r->findings, stdout);
	else
		findings_print(&r->findings, stderr);
	if (r->err.kind)
		fprintf(stderr, "phuluc: %s\n", r->err.text);
	if (isatty(STDERR_FILENO))
		for (int i = 0; i < r->n_outputs; i++)
			fprintf(stderr, "%s\n", r->outputs[i]);
	pipeline_result_free(r);
}

/*
 * Runs a command on one job — phan-bo (commune targets), mau-nhap (the
 * input form), build or check — each from its own options; returns the exit
 * status, r filled.
 */
static int run_on_job(const struct options *o, struct pipeline_result *r)
{
	if (strcmp(o->command, "phan-bo") == 0) {
		struct allocate_options ao = {.lang = o->lang,
					      .encoding = o->encoding,
					      .out_file = o->out_dir,
					      .from_progress = o->from_progress};
		if (o->method)
			allocate_method_parse(o->method, &ao.method);
		return allocate_run(o->job_dir, &ao, r);
	}
	if (strcmp(o->command, "mau-nhap") == 0) {
		struct input_form_options fo = {.lang = o->lang,
						.encoding = o->encoding,
						.out_file = o->out_dir,
						.created = pipeline_source_date()};
		return input_form_run(o->job_dir, &fo, r);
	}
	struct pipeline_options po = {.build = strcmp(o->command, "build") == 0,
				      .draft = o->draft,
				      .lang = o->lang,
				      .encoding = o->encoding,
				      .out_dir = o->out_dir,
				      .font_dir = o->font_dir,
				      .created = pipeline_source_date()};
	return pipeline_run(o->job_dir, &po, r);
}

int main(int argc, char **argv)
{
	struct options o;
	int rc = parse_command_line(argc, argv, &o);
	if (rc)
		return rc;
	if (strcmp(o.command, "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(o.command, "rules") == 0) {
		int failed = o.json ? rules_print_json(stdout, o.lang) : rules_print(stdout, o.lang);
		return failed || fflush(stdout) ? 3 : 0;
	}
	if (strcmp(o.command, "version") == 0) {
		printf("phuluc %s\n", PHULUC_VERSION);
		return 0;
	}
	if (strcmp(o.command, "batch") == 0) {
		char font_dir[RESOURCE_PATH_MAX];
		struct batch_options bo = {.root = o.job_dir,
					   .out_dir = o.out_dir,
					   .workers = o.workers,
					   .rerun_all = o.force,
					   .progress = isatty(STDERR_FILENO),
					   .lang = o.lang,
					   .encoding = o.encoding,
					   .font_dir = pipeline_font_dir(o.font_dir, font_dir),
					   .created = pipeline_source_date()};
		return batch_run(&bo);
	}
	struct pipeline_result r;
	int status = run_on_job(&o, &r);
	print_result(&o, &r);
	return status;
}
