/*
 * pipeline.c — runs one job through every stage (see pipeline.h). This is
 * the one place that knows the order of the stages; main.c and batch.c only
 * decide where the findings and errors are printed.
 */
#include "run/pipeline.h"

#include "check/checks.h"
#include "input/job.h"
#include "layout/annex.h"
#include "layout/document.h"
#include "layout/metrics.h"
#include "layout/template.h"
#include "model/job_data.h"
#include "model/model.h"
#include "render/render.h"
#include "run/output.h"
#include "run/resources.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SYSTEM_FONT_DIR "/usr/share/fonts/truetype/liberation2"

const char *pipeline_font_dir(const char *given, char *storage)
{
	if (given)
		return given;
	const char *env = getenv("PHULUC_FONT_DIR");
	if (env && env[0])
		return env;
	char regular[RESOURCE_PATH_MAX + 32];
	if (resource_dir(RESOURCE_FONTS, storage) == 0 &&
	    snprintf(regular, sizeof regular, "%s/LiberationSerif-Regular.ttf", storage) <
		(int)sizeof regular &&
	    access(regular, R_OK) == 0)
		return storage;
	return SYSTEM_FONT_DIR;
}

struct font_files font_paths_in(const char *dir, struct font_paths *storage)
{
	snprintf(storage->regular, sizeof storage->regular, "%s/LiberationSerif-Regular.ttf", dir);
	snprintf(storage->bold, sizeof storage->bold, "%s/LiberationSerif-Bold.ttf", dir);
	snprintf(storage->italic, sizeof storage->italic, "%s/LiberationSerif-Italic.ttf", dir);
	return (struct font_files){
	    .regular = storage->regular, .bold = storage->bold, .italic = storage->italic};
}

int64_t pipeline_source_date(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	if (!s || !s[0])
		return 0;
	char *end;
	long long v = strtoll(s, &end, 10);
	return *end || v < 0 ? 0 : (int64_t)v;
}

/* The summary of a progress report (document.h: doc->summary) as a UTF-8 text file. */
static int write_summary(const char *text, const char *path, struct error *err)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return error_set(err, ERR_IO, "cannot write %s", path);
	bool ok = fputs(text, f) >= 0;
	if (fclose(f) != 0 || !ok)
		return error_set(err, ERR_IO, "cannot write %s", path);
	return 0;
}

/* Renders both outputs (and a progress report's tom_tat.txt) into temporaries, then renames them into place.
 */
static int write_outputs(const struct document *doc, const struct pipeline_options *o, const char *name,
			 struct pipeline_result *r)
{
	struct error *err = &r->err;
	if (make_dirs(o->out_dir, err))
		return -1;
	if (!name)
		return error_set(err, ERR_IO, "out of memory");
	struct font_paths paths;
	char font_dir[RESOURCE_PATH_MAX];
	struct font_files fonts = font_paths_in(pipeline_font_dir(o->font_dir, font_dir), &paths);
	fonts.metrics = o->metrics;
	/* Both renders measure text with the same fonts: open them once. */
	struct metrics *own = o->metrics ? NULL : metrics_open(&fonts, err);
	if (!o->metrics && !own)
		return -1;
	if (own)
		fonts.metrics = own;

	char *pdf_path = NULL, *xlsx_path = NULL;
	if (asprintf(&pdf_path, "%s/%s.pdf", o->out_dir, name) < 0)
		pdf_path = NULL;
	if (!pdf_path || asprintf(&xlsx_path, "%s/%s.xlsx", o->out_dir, name) < 0) {
		free(pdf_path);
		metrics_close(own);
		return error_set(err, ERR_IO, "out of memory");
	}
	char *summary_path = NULL;
	if (doc->summary && doc->summary[0] &&
	    asprintf(&summary_path, "%s/%s.tom_tat.txt", o->out_dir, name) < 0) {
		free(pdf_path);
		free(xlsx_path);
		metrics_close(own);
		return error_set(err, ERR_IO, "out of memory");
	}
	struct output pdf = {0}, xlsx = {0}, summary = {0};
	struct output *const all[] = {&pdf, &xlsx, &summary};
	struct pdf_plan plan = {0}; /* the PDF's layout, for the XLSX print setup: worked out once */
	int rc = -1;
	/* No file replaces its previous version unless all rendered (SPEC §3). */
	if (output_begin(&pdf, pdf_path, err) == 0 && output_begin(&xlsx, xlsx_path, err) == 0 &&
	    (!summary_path || output_begin(&summary, summary_path, err) == 0)) {
		if (render_pdf_planned(doc, &fonts, pdf.tmp_path, &plan, err))
			output_error_names_final(&pdf, err);
		else if (render_xlsx_planned(doc, &fonts, &plan, xlsx.tmp_path, err))
			output_error_names_final(&xlsx, err);
		else if (summary_path && write_summary(doc->summary, summary.tmp_path, err))
			output_error_names_final(&summary, err);
		else
			rc = (o->defer_sync ? output_commit_unsynced
					    : output_commit)(all, summary_path ? 3 : 2, err);
	}
	output_abort(&pdf);
	output_abort(&xlsx);
	output_abort(&summary);
	pdf_plan_free(&plan);
	metrics_close(own);
	if (rc == 0) {
		r->outputs[r->n_outputs++] = pdf_path;
		r->outputs[r->n_outputs++] = xlsx_path;
		if (summary_path)
			r->outputs[r->n_outputs++] = summary_path;
	} else {
		free(pdf_path);
		free(xlsx_path);
		free(summary_path);
	}
	return rc;
}

int pipeline_run(const char *job_dir, const struct pipeline_options *o, struct pipeline_result *r)
{
	*r = (struct pipeline_result){.findings = {.lang = o->lang}};
	struct findings *fs = &r->findings;
	struct job job;
	struct template tpl = {0};
	struct job_data data = {0}; /* the model, with thuc_hien and sap_nhap beside it */
	struct document doc = {0};

	if (job_read(job_dir, &job, fs, &r->err))
		goto fail;
	job.encoding = o->encoding;
	char templates[RESOURCE_PATH_MAX];
	resource_dir(RESOURCE_TEMPLATES, templates);
	if (job.template_name && template_load(job.template_name, job.dir, templates, &tpl, &r->err))
		goto fail;
	if (job_data_load(&data, &job, fs, &r->err))
		goto fail;
	if (tpl.path) {
		struct check_needs needs = {0};
		annex_keep_given(&tpl, &data.model, fs);
		annex_needs(&tpl, &job, needs.targets);
		annex_count_needs(&tpl, &job, needs.counts);
		annex_progress_counts(&tpl, &data.model, needs.targets, needs.counts);
		needs.progress = annex_progress_needs(&tpl, needs.shows);
		checks_run(&data, &needs, fs);
	}
	if (pipeline_result_checked(r))
		goto fail;
	if (o->build && (r->status == 0 || o->draft)) {
		if (!tpl.path)
			error_set(&r->err, ERR_USAGE, "%s: no template (phu_luc.mau)", job.ini_path);
		if (!tpl.path || annex_build(&tpl, &job, &data, o->draft, o->created, &doc, &r->err))
			goto fail;
		char *name = output_base_name(job.dir, job.name);
		int rc = write_outputs(&doc, o, name, r);
		free(name);
		if (rc)
			goto fail;
	}
	goto done;
fail:
	pipeline_result_fail(r);
done:
	findings_sort(fs);
	document_free(&doc);
	job_data_free(&data);
	template_free(&tpl);
	job_free(&job);
	return r->status;
}

int pipeline_result_checked(struct pipeline_result *r)
{
	if (r->findings.oom)
		return error_set(&r->err, ERR_IO, "out of memory");
	r->status = findings_count(&r->findings, SEV_ERROR) ? 1 : 0;
	return 0;
}

int pipeline_result_fail(struct pipeline_result *r)
{
	r->status = r->err.kind ? (int)r->err.kind : 3;
	if (!r->err.kind)
		error_set(&r->err, ERR_IO, "internal error");
	return r->status;
}

void pipeline_result_free(struct pipeline_result *r)
{
	if (!r)
		return;
	findings_free(&r->findings);
	for (int i = 0; i < r->n_outputs; i++)
		free(r->outputs[i]);
	r->n_outputs = 0;
}
