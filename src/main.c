/*
 * main.c — the command line (SPEC §4): parses arguments, runs a job through
 * the pipeline (job → model → checks → document → PDF + XLSX) and is the one
 * place that prints errors and picks the exit status:
 *   0 done (warnings allowed), 1 data errors, 2 bad usage, 3 I/O or internal.
 */
#include "annex.h"
#include "checks.h"
#include "decode.h"
#include "document.h"
#include "error.h"
#include "finding.h"
#include "job.h"
#include "model.h"
#include "output.h"
#include "render.h"
#include "template.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef PHULUC_VERSION
#define PHULUC_VERSION "dev"
#endif
#ifndef PHULUC_FONT_DIR
#define PHULUC_FONT_DIR "fonts"
#endif
#define SYSTEM_FONT_DIR "/usr/share/fonts/truetype/liberation2"

struct options {
	const char *command;
	const char *job_dir;
	const char *out_dir;
	const char *font_dir;
	bool draft;
	bool json;
	enum lang lang;
	enum encoding encoding; /* of the job's CSV files; ENC_AUTO: detected per file */
};

static void usage(FILE *f)
{
	fputs("Usage:\n"
	      "  phuluc build JOB_DIR [-o OUT_DIR] [--draft] [--json]\n"
	      "  phuluc check JOB_DIR [--json]\n"
	      "  phuluc --help | --version\n"
	      "\n"
	      "build  checks the job's data, then writes OUT_DIR/<job>.pdf and OUT_DIR/<job>.xlsx\n"
	      "       (OUT_DIR defaults to the current directory); nothing is written if the\n"
	      "       data has errors, unless --draft (outputs marked DỰ THẢO).\n"
	      "check  checks the job's data only.\n"
	      "\n"
	      "Options:\n"
	      "  -o, --out DIR      output directory (created if needed)\n"
	      "      --draft        write outputs even with errors, marked DỰ THẢO\n"
	      "      --json         findings as one JSON array on stdout\n"
	      "      --lang vi|en   language of findings (default vi; en when LANG=C)\n"
	      "      --encoding NAME  encoding of every CSV of the job: utf-8, utf-16,\n"
	      "                     cp1258 (windows-1258), tcvn3 (tcvn); default: detected\n"
	      "                     per file (phuluc.ini is always UTF-8)\n"
	      "      --font-dir DIR directory with LiberationSerif-{Regular,Bold,Italic}.ttf\n"
	      "                     (default $PHULUC_FONT_DIR, then the build's fonts/, then\n"
	      "                     " SYSTEM_FONT_DIR ")\n"
	      "  -h, --help         this help\n"
	      "      --version      the version\n"
	      "\n"
	      "Exit status: 0 done (warnings allowed), 1 errors in the data, 2 bad usage,\n"
	      "3 I/O or internal failure.\n",
	      f);
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

/*
 * Parses argv into o. Options may come before or after the command and the
 * job directory (GNU getopt permutes them). Returns 0, or 2 after printing
 * what is wrong.
 */
static int parse_command_line(int argc, char **argv, struct options *o)
{
	enum { OPT_DRAFT = 256, OPT_JSON, OPT_LANG, OPT_FONT_DIR, OPT_VERSION, OPT_ENCODING };
	static const struct option longs[] = {{"out", required_argument, NULL, 'o'},
					      {"draft", no_argument, NULL, OPT_DRAFT},
					      {"json", no_argument, NULL, OPT_JSON},
					      {"lang", required_argument, NULL, OPT_LANG},
					      {"font-dir", required_argument, NULL, OPT_FONT_DIR},
					      {"encoding", required_argument, NULL, OPT_ENCODING},
					      {"help", no_argument, NULL, 'h'},
					      {"version", no_argument, NULL, OPT_VERSION},
					      {NULL, 0, NULL, 0}};
	*o = (struct options){.out_dir = ".", .lang = default_lang()};
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "o:h", longs, NULL)) != -1) {
		switch (c) {
		case 'o':
			o->out_dir = optarg;
			break;
		case OPT_DRAFT:
			o->draft = true;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_LANG:
			if (strcmp(optarg, "vi") != 0 && strcmp(optarg, "en") != 0) {
				fprintf(stderr, "phuluc: --lang takes vi or en, not \"%s\"\n", optarg);
				return 2;
			}
			o->lang = optarg[0] == 'e' ? LANG_EN : LANG_VI;
			break;
		case OPT_FONT_DIR:
			o->font_dir = optarg;
			break;
		case OPT_ENCODING:
			if (encoding_parse(optarg, &o->encoding)) {
				fprintf(
				    stderr,
				    "phuluc: --encoding takes utf-8, utf-16, cp1258 or tcvn3, not \"%s\"\n",
				    optarg);
				return 2;
			}
			break;
		case 'h':
			o->command = "help";
			return 0;
		case OPT_VERSION:
			o->command = "version";
			return 0;
		default:
			fprintf(stderr, "phuluc: unknown option or missing value: %s\n", argv[optind - 1]);
			usage(stderr);
			return 2;
		}
	}
	if (optind == argc) {
		usage(stderr);
		return 2;
	}
	o->command = argv[optind++];
	if (strcmp(o->command, "build") != 0 && strcmp(o->command, "check") != 0) {
		fprintf(stderr, "phuluc: unknown command \"%s\" (build, check)\n", o->command);
		return 2;
	}
	if (optind == argc) {
		fprintf(stderr, "phuluc: %s needs a job directory\n", o->command);
		return 2;
	}
	o->job_dir = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "phuluc: unexpected argument \"%s\"\n", argv[optind]);
		return 2;
	}
	return 0;
}

/* The directory holding the three Liberation Serif faces. */
static const char *font_dir(const struct options *o)
{
	if (o->font_dir)
		return o->font_dir;
	const char *env = getenv("PHULUC_FONT_DIR");
	if (env && env[0])
		return env;
	if (access(PHULUC_FONT_DIR "/LiberationSerif-Regular.ttf", R_OK) == 0)
		return PHULUC_FONT_DIR;
	return SYSTEM_FONT_DIR;
}

static int64_t source_date(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	if (!s || !s[0])
		return 0;
	char *end;
	long long v = strtoll(s, &end, 10);
	return *end || v < 0 ? 0 : (int64_t)v;
}

/* Renders both outputs into temporaries, then renames both into place. */
static int write_outputs(const struct document *doc, const struct options *o, const char *name,
			 struct error *err)
{
	if (make_dirs(o->out_dir, err))
		return -1;
	const char *dir = font_dir(o);
	char regular[4096], bold[4096], italic[4096];
	snprintf(regular, sizeof regular, "%s/LiberationSerif-Regular.ttf", dir);
	snprintf(bold, sizeof bold, "%s/LiberationSerif-Bold.ttf", dir);
	snprintf(italic, sizeof italic, "%s/LiberationSerif-Italic.ttf", dir);
	struct font_files fonts = {regular, bold, italic};

	char *pdf_path = NULL, *xlsx_path = NULL;
	if (asprintf(&pdf_path, "%s/%s.pdf", o->out_dir, name) < 0 ||
	    asprintf(&xlsx_path, "%s/%s.xlsx", o->out_dir, name) < 0)
		return error_set(err, ERR_IO, "out of memory");
	struct output pdf = {0}, xlsx = {0};
	struct output *const both[] = {&pdf, &xlsx};
	int rc = -1;
	/* Neither file replaces its previous version unless both rendered (SPEC §3). */
	if (output_begin(&pdf, pdf_path, err) == 0 && output_begin(&xlsx, xlsx_path, err) == 0) {
		if (render_pdf(doc, &fonts, pdf.tmp_path, err))
			output_error_names_final(&pdf, err);
		else if (render_xlsx_fonts(doc, &fonts, xlsx.tmp_path, err))
			output_error_names_final(&xlsx, err);
		else
			rc = output_commit(both, 2, err);
	}
	output_abort(&pdf);
	output_abort(&xlsx);
	if (rc == 0 && isatty(STDERR_FILENO))
		fprintf(stderr, "%s\n%s\n", pdf_path, xlsx_path);
	free(pdf_path);
	free(xlsx_path);
	return rc;
}

/* Runs one job; returns the exit status. */
static int run_job(const struct options *o)
{
	struct findings fs = {.lang = o->lang};
	struct job job;
	struct template tpl = {0};
	struct model model = {0};
	struct document doc = {0};
	struct error err = {0};
	int status = 0;

	if (job_read(o->job_dir, &job, &fs, &err))
		goto fail;
	job.encoding = o->encoding;
	if (job.template_name && template_load(job.template_name, job.dir, &tpl, &err))
		goto fail;
	if (model_load(&model, &job, &fs, &err))
		goto fail;
	if (tpl.path) {
		bool needs[JOB_MAX_YEARS][IND_COUNT];
		annex_needs(&tpl, &job, needs);
		checks_run(&model, needs, &fs);
	}
	if (fs.oom) {
		error_set(&err, ERR_IO, "out of memory");
		goto fail;
	}
	findings_sort(&fs);
	if (o->json)
		findings_print_json(&fs, stdout);
	else
		findings_print(&fs, stderr);
	int errors = findings_count(&fs, SEV_ERROR);
	status = errors ? 1 : 0;
	if (strcmp(o->command, "build") == 0 && (errors == 0 || o->draft)) {
		if (!tpl.path || annex_build(&tpl, &job, &model, o->draft, source_date(), &doc, &err) ||
		    write_outputs(&doc, o, job.name, &err)) {
			if (!err.kind)
				error_set(&err, ERR_USAGE, "%s: no template (phu_luc.mau)", job.ini_path);
			goto fail;
		}
	}
	goto done;
fail:
	if (fs.n) {
		findings_sort(&fs);
		if (o->json)
			findings_print_json(&fs, stdout);
		else
			findings_print(&fs, stderr);
	}
	fprintf(stderr, "phuluc: %s\n", err.text);
	status = err.kind ? (int)err.kind : 3;
done:
	document_free(&doc);
	model_free(&model);
	template_free(&tpl);
	job_free(&job);
	findings_free(&fs);
	return status;
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
	if (strcmp(o.command, "version") == 0) {
		printf("phuluc %s\n", PHULUC_VERSION);
		return 0;
	}
	return run_job(&o);
}
