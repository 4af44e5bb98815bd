/*
 * batch.c — many jobs at once (see batch.h).
 *
 * Why processes and not threads: a job that hits a bug dies alone, its
 * worker is replaced and the batch goes on; the libraries keep per-process
 * state (libxlsxwriter's temporary files, libharu's error handler) that we
 * need not reason about; and a worker's memory is returned to the system
 * when it exits, so the batch's memory does not grow with the number of
 * jobs. Workers are forked once and fed job after job over a pipe, so the
 * cost of starting a process is paid N times, not once per job.
 *
 * The protocol: the parent writes a job index (int32) to a worker's command
 * pipe; the worker answers with one record on its result pipe: a uint32
 * length, then the record (see put_record). A worker exits when its command
 * pipe is closed, and gets SIGTERM if the parent dies (PR_SET_PDEATHSIG), so
 * its output.c handler removes any temporary file it was writing.
 */
#include "run/batch.h"

#include "base/text.h"
#include "base/vec.h"
#include "input/decode.h"
#include "input/job.h"
#include "layout/metrics.h"
#include "layout/template.h"
#include "run/output.h"
#include "run/pipeline.h"
#include "run/resources.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <nettle/sha2.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef PHULUC_VERSION
#define PHULUC_VERSION "dev"
#endif

#define STAMP_NAME   ".phuluc-stamp"
#define STAMP_MAGIC  "phuluc-stamp 3\n"
#define MAX_DEPTH    32
#define MAX_RECORD   (256u << 20) /* a record (findings included) larger than this is refused */
#define HASH_HEX_LEN (2 * SHA256_DIGEST_SIZE)
#define LOCK_NAME    ".phuluc-lock"
/*
 * Findings a job's record carries back to the parent (printed and in the
 * manifest); past it one note says how many more. The parent holds every
 * job's record until the manifest is written, so each must be bounded: a
 * job with 200,000 bad rows would otherwise send hundreds of megabytes.
 */
#define RECORD_MAX_FINDINGS 1000

/* ---- small helpers ------------------------------------------------------ */

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* "a" + "/" + "b", or a copy of a when b is "." (the root job). Caller frees; NULL on OOM. */
static char *join(const char *a, const char *b)
{
	char *s;
	if (strcmp(b, ".") == 0)
		return strdup(a);
	return asprintf(&s, "%s/%s", a, b) < 0 ? NULL : s;
}

static int write_full(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w, n -= (size_t)w;
	}
	return 0;
}

/* Reads exactly n bytes. Returns 0, 1 at end of file before any byte, -1 otherwise. */
static int read_full(int fd, void *buf, size_t n)
{
	char *p = buf;
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, p + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r == 0 && got == 0 ? 1 : -1;
		got += (size_t)r;
	}
	return 0;
}

static void hex(const uint8_t *d, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

/* Hashes a length, then the bytes, so that two fields cannot run into each other. */
static void hash_field(struct sha256_ctx *c, const void *p, size_t n)
{
	uint64_t len = n;
	sha256_update(c, sizeof len, (const uint8_t *)&len);
	sha256_update(c, n, p);
}

/* SHA-256 of one file's bytes as hex (what sha256sum shows); returns -1 if it cannot be read. */
static int file_sha256(const char *path, char out[HASH_HEX_LEN + 1], int64_t *bytes)
{
	struct sha256_ctx c;
	sha256_init(&c);
	int64_t n = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	uint8_t buf[65536];
	ssize_t r;
	while ((r = read(fd, buf, sizeof buf)) > 0 || (r < 0 && errno == EINTR))
		if (r > 0)
			sha256_update(&c, (size_t)r, buf), n += r;
	close(fd);
	if (r < 0)
		return -1;
	uint8_t d[SHA256_DIGEST_SIZE];
	sha256_digest(&c, sizeof d, d);
	hex(d, sizeof d, out);
	*bytes = n;
	return 0;
}

/* Hashes the file's SHA-256 into c as one field; a file that cannot be read hashes as a marker. */
static void hash_file(struct sha256_ctx *c, const char *path)
{
	char sha[HASH_HEX_LEN + 1];
	int64_t bytes;
	if (file_sha256(path, sha, &bytes))
		hash_field(c, "(unreadable)", 12);
	else
		hash_field(c, sha, HASH_HEX_LEN);
}

/* ---- records: what a worker tells the parent about a job -------------- */

struct job_output {
	char *path; /* relative to OUT */
	int64_t bytes;
	char sha256[HASH_HEX_LEN + 1];
};

struct job_result {
	int status; /* the pipeline's exit status */
	bool crashed;
	bool reused; /* unchanged since the last batch: not rendered again */
	int errors, warnings;
	int64_t ms;
	char *message;	     /* the first error, or the I/O problem; NULL when none */
	char *findings_text; /* as printed on stderr */
	char *findings_json; /* a JSON array */
	int n_outputs;
	struct job_output out[PIPELINE_MAX_OUTPUTS];
};

static void result_free(struct job_result *r)
{
	free(r->message);
	free(r->findings_text);
	free(r->findings_json);
	for (int i = 0; i < r->n_outputs; i++)
		free(r->out[i].path);
	memset(r, 0, sizeof *r);
}

static void put_i64(FILE *f, int64_t v)
{
	fwrite(&v, sizeof v, 1, f);
}

static void put_str(FILE *f, const char *s)
{
	uint32_t n = s ? (uint32_t)strlen(s) : UINT32_MAX;
	fwrite(&n, sizeof n, 1, f);
	if (s)
		fwrite(s, 1, n, f);
}

/* The part of a record that a stamp keeps: everything but timing and reuse. */
static void put_body(FILE *f, const struct job_result *r)
{
	put_i64(f, r->status);
	put_i64(f, r->errors);
	put_i64(f, r->warnings);
	put_str(f, r->message);
	put_str(f, r->findings_text);
	put_str(f, r->findings_json);
	put_i64(f, r->n_outputs);
	for (int i = 0; i < r->n_outputs; i++) {
		put_str(f, r->out[i].path);
		put_i64(f, r->out[i].bytes);
		put_str(f, r->out[i].sha256);
	}
}

struct reader {
	const char *p;
	size_t n, off;
	bool bad;
};

static int64_t get_i64(struct reader *rd)
{
	int64_t v = 0;
	if (rd->n - rd->off < sizeof v) {
		rd->bad = true;
		return 0;
	}
	memcpy(&v, rd->p + rd->off, sizeof v);
	rd->off += sizeof v;
	return v;
}

static char *get_str(struct reader *rd)
{
	uint32_t n;
	if (rd->bad || rd->n - rd->off < sizeof n) {
		rd->bad = true;
		return NULL;
	}
	memcpy(&n, rd->p + rd->off, sizeof n);
	rd->off += sizeof n;
	if (n == UINT32_MAX)
		return NULL;
	if (rd->n - rd->off < n) {
		rd->bad = true;
		return NULL;
	}
	char *s = strndup(rd->p + rd->off, n);
	if (!s)
		rd->bad = true;
	rd->off += n;
	return s;
}

/* Reads a body written by put_body. Returns 0, or -1 (r freed) if it is malformed. */
static int get_body(struct reader *rd, struct job_result *r)
{
	r->status = (int)get_i64(rd);
	r->errors = (int)get_i64(rd);
	r->warnings = (int)get_i64(rd);
	r->message = get_str(rd);
	r->findings_text = get_str(rd);
	r->findings_json = get_str(rd);
	int64_t n = get_i64(rd);
	if (n < 0 || n > PIPELINE_MAX_OUTPUTS)
		rd->bad = true;
	for (int i = 0; !rd->bad && i < n; i++) {
		r->out[i].path = get_str(rd);
		r->n_outputs = i + 1;
		r->out[i].bytes = get_i64(rd);
		char *sha = get_str(rd);
		if (!r->out[i].path || !sha || strlen(sha) != HASH_HEX_LEN)
			rd->bad = true;
		else
			memcpy(r->out[i].sha256, sha, HASH_HEX_LEN + 1);
		free(sha);
	}
	if (rd->bad) {
		result_free(r);
		return -1;
	}
	return 0;
}

/* ---- the batch: what the parent knows, and workers inherit ---------------- */

struct batch {
	const struct batch_options *o;
	char **jobs; /* relative to root, "." for the root itself; sorted */
	int n_jobs, cap_jobs;
	uint8_t fonts_digest[SHA256_DIGEST_SIZE];
	pid_t parent;
	struct metrics *metrics; /* in a worker: the fonts, opened once for all its jobs */
	/* The parent's pool, kept here so that a forked worker can free its copy before it exits. */
	struct job_result *results;
	struct pollfd *pfd;
	int *which;
};

/* In a worker about to exit: frees the copy of the parent's memory it was forked with. */
static void free_parent_copy(struct batch *b)
{
	for (int i = 0; b->results && i < b->n_jobs; i++)
		result_free(&b->results[i]);
	free(b->results);
	free(b->pfd);
	free(b->which);
	for (int i = 0; i < b->n_jobs; i++)
		free(b->jobs[i]);
	free(b->jobs);
}

/* ---- finding the jobs --------------------------------------------------- */

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_job(struct batch *b, const char *rel)
{
	if (b->n_jobs == b->cap_jobs) {
		int cap = b->cap_jobs ? 2 * b->cap_jobs : 64;
		char **v = realloc(b->jobs, (size_t)cap * sizeof *v);
		if (!v)
			return -1;
		b->jobs = v, b->cap_jobs = cap;
	}
	if (!(b->jobs[b->n_jobs] = strdup(rel)))
		return -1;
	b->n_jobs++;
	return 0;
}

/*
 * Adds dir (shown as rel) if it holds phuluc.ini, then its subdirectories in
 * byte order, depth first. Hidden directories, symbolic links and the output
 * directory (when it lies inside the tree) are not entered.
 */
static int find_jobs(struct batch *b, const char *dir, const char *rel, int depth, const struct stat *out_st,
		     struct error *err)
{
	char *ini = join(dir, "phuluc.ini");
	struct stat st;
	if (!ini)
		return error_set(err, ERR_IO, "out of memory");
	bool is_job = stat(ini, &st) == 0 && S_ISREG(st.st_mode);
	free(ini);
	if (is_job && add_job(b, rel))
		return error_set(err, ERR_IO, "out of memory");
	if (depth >= MAX_DEPTH)
		return 0;
	DIR *d = opendir(dir);
	if (!d)
		return error_set(err, depth ? ERR_IO : ERR_USAGE, "cannot read %s: %s", dir, strerror(errno));
	char **names = NULL;
	int n = 0, cap = 0, rc = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *path = join(dir, e->d_name);
		if (!path) {
			rc = error_set(err, ERR_IO, "out of memory");
			break;
		}
		bool sub = lstat(path, &st) == 0 && S_ISDIR(st.st_mode) &&
			   !(st.st_dev == out_st->st_dev && st.st_ino == out_st->st_ino);
		free(path);
		if (!sub)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			char **v = realloc(names, (size_t)cap * sizeof *v);
			if (!v) {
				rc = error_set(err, ERR_IO, "out of memory");
				break;
			}
			names = v;
		}
		if (!(names[n] = strdup(e->d_name))) {
			rc = error_set(err, ERR_IO, "out of memory");
			break;
		}
		n++;
	}
	closedir(d);
	if (names)
		qsort(names, (size_t)n, sizeof *names, cmp_names);
	for (int i = 0; i < n && rc == 0; i++) {
		char *sub_dir = join(dir, names[i]);
		char *sub_rel = strcmp(rel, ".") == 0 ? strdup(names[i]) : join(rel, names[i]);
		if (!sub_dir || !sub_rel)
			rc = error_set(err, ERR_IO, "out of memory");
		else
			rc = find_jobs(b, sub_dir, sub_rel, depth + 1, out_st, err);
		free(sub_dir);
		free(sub_rel);
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

/* ---- one job, in a worker ----------------------------------------------- */

/*
 * The digest of everything the job's outputs depend on: program version,
 * options, fonts, the job file, the data files it names and its template.
 */
static void job_digest(const struct batch *b, const char *job_dir, char out[HASH_HEX_LEN + 1])
{
	const struct batch_options *o = b->o;
	struct sha256_ctx c;
	sha256_init(&c);
	char opts[256];
	int n = snprintf(opts, sizeof opts, "%s|%d|%d|%lld", PHULUC_VERSION, (int)o->lang, (int)o->encoding,
			 (long long)o->created);
	hash_field(&c, opts, (size_t)n);
	hash_field(&c, b->fonts_digest, sizeof b->fonts_digest);
	char *ini = join(job_dir, "phuluc.ini");
	if (ini)
		hash_file(&c, ini);
	free(ini);

	struct job job;
	struct findings fs = {0};
	struct error err = {0};
	if (job_read(job_dir, &job, &fs, &err) == 0) {
		const char *names[16];
		int k = job_data_files(&job, names, 16);
		for (int i = 0; i < k; i++) {
			char *path = job_path(&job, names[i]);
			hash_field(&c, names[i], strlen(names[i]));
			if (path)
				hash_file(&c, path);
			free(path);
		}
		struct template t = {0};
		char templates[RESOURCE_PATH_MAX];
		resource_dir(RESOURCE_TEMPLATES, templates);
		if (job.template_name &&
		    template_load(job.template_name, job.dir, templates, &t, &err) == 0 && t.path) {
			hash_field(&c, t.path, strlen(t.path));
			hash_file(&c, t.path);
		}
		template_free(&t);
	}
	findings_free(&fs);
	job_free(&job);
	uint8_t d[SHA256_DIGEST_SIZE];
	sha256_digest(&c, sizeof d, d);
	hex(d, sizeof d, out);
}

/*
 * Reuses the stamp in out_dir if it was made from the same inputs and the
 * outputs it lists are still there, unchanged. Returns 0 with r filled.
 */
static int reuse_stamp(const struct batch *b, const char *out_dir, const char *digest, struct job_result *r)
{
	char *path = join(out_dir, STAMP_NAME);
	size_t len = 0;
	char *text = NULL;
	struct error ignored;
	if (path && read_file(path, &text, &len, &ignored))
		text = NULL;
	free(path);
	size_t head = strlen(STAMP_MAGIC);
	int rc = -1;
	if (text && len > head + HASH_HEX_LEN + 1 && memcmp(text, STAMP_MAGIC, head) == 0 &&
	    memcmp(text + head, digest, HASH_HEX_LEN) == 0 && text[head + HASH_HEX_LEN] == '\n') {
		struct reader rd = {text, len, head + HASH_HEX_LEN + 1, false};
		if (get_body(&rd, r) == 0) {
			rc = r->status == 0 && r->n_outputs > 0 ? 0 : -1;
			for (int i = 0; rc == 0 && i < r->n_outputs; i++) {
				char *file = join(b->o->out_dir, r->out[i].path);
				char sha[HASH_HEX_LEN + 1];
				int64_t bytes;
				if (!file || file_sha256(file, sha, &bytes) || bytes != r->out[i].bytes ||
				    strcmp(sha, r->out[i].sha256) != 0)
					rc = -1;
				free(file);
			}
			if (rc)
				result_free(r);
		}
	}
	free(text);
	return rc;
}

/* Writes (atomically) or removes the stamp. A stamp that cannot be written only costs a re-run. */
static void write_stamp(const char *out_dir, const char *digest, const struct job_result *r)
{
	char *path = join(out_dir, STAMP_NAME);
	if (!path)
		return;
	if (r->status != 0 || r->n_outputs == 0) {
		unlink(path);
		free(path);
		return;
	}
	struct output st = {0};
	struct error err = {0};
	if (output_begin(&st, path, &err) == 0) {
		FILE *f = fopen(st.tmp_path, "we");
		if (f) {
			fputs(STAMP_MAGIC, f);
			fprintf(f, "%s\n", digest);
			put_body(f, r);
			struct output *one[] = {&st};
			if (fclose(f) == 0)
				output_commit_unsynced(one, 1, &err);
		}
	}
	output_abort(&st);
	free(path);
}

/* The outputs' paths relative to OUT, with size and SHA-256. */
static int describe_outputs(const struct batch *b, const struct pipeline_result *pr, struct job_result *r)
{
	size_t skip = strlen(b->o->out_dir);
	for (int i = 0; i < pr->n_outputs; i++) {
		const char *p = pr->outputs[i];
		const char *rel = strncmp(p, b->o->out_dir, skip) == 0 && p[skip] == '/' ? p + skip + 1 : p;
		struct job_output *out = &r->out[r->n_outputs];
		if (!(out->path = strdup(rel)))
			return -1;
		r->n_outputs++;
		if (file_sha256(p, out->sha256, &out->bytes))
			return -1;
	}
	return 0;
}

/* Text of the findings, by one of finding.c's printers. Caller frees. */
static char *print_findings(const struct findings *fs, bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	if (json)
		findings_print_json(fs, f);
	else
		findings_print(fs, f);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/*
 * Keeps the first RECORD_MAX_FINDINGS findings (sorted: by file and line)
 * and adds one note saying how many more there were, of which how many
 * errors. The counts in the record stay those of all the findings.
 */
static void cap_findings(struct findings *fs, const char *job_dir)
{
	if (fs->n <= RECORD_MAX_FINDINGS)
		return;
	int more = fs->n - RECORD_MAX_FINDINGS, errors = 0;
	for (int i = RECORD_MAX_FINDINGS; i < fs->n; i++) {
		struct finding *f = &fs->v[i];
		errors += f->severity == SEV_ERROR;
		free(f->file);
		free(f->column);
		free(f->message);
		free(f->sheet);
		free(f->cell);
	}
	fs->n = RECORD_MAX_FINDINGS;
	finding_add(
	    fs, RULE_FINDINGS_CAP, job_dir, 0, NULL,
	    "còn %d phát hiện nữa (%d lỗi) không được hiện; chạy `phuluc check` trên việc này để xem hết",
	    "%d more findings (%d errors) not shown; run `phuluc check` on this job to see them all", more,
	    errors);
}

static void run_job(const struct batch *b, int idx, struct job_result *r)
{
	const struct batch_options *o = b->o;
	int64_t start = now_ms();
	memset(r, 0, sizeof *r);
	char *job_dir = join(o->root, b->jobs[idx]);
	char *out_dir = join(o->out_dir, b->jobs[idx]);
	if (!job_dir || !out_dir) {
		r->status = 3;
		r->message = strdup("out of memory");
		goto done;
	}
	/* OUT/manifest.csv and OUT/manifest.json are the batch's: a job there would stop the manifest. */
	if (strcmp(b->jobs[idx], "manifest.csv") == 0 || strcmp(b->jobs[idx], "manifest.json") == 0) {
		r->status = 2;
		if (asprintf(&r->message,
			     o->lang == LANG_VI
				 ? "%s: tên thư mục này dành cho bảng kê của batch; hãy đổi tên"
				 : "%s: this directory name is the batch manifest's; rename the directory",
			     job_dir) < 0)
			r->message = NULL;
		goto done;
	}
	char digest[HASH_HEX_LEN + 1];
	job_digest(b, job_dir, digest);
	if (!o->rerun_all && reuse_stamp(b, out_dir, digest, r) == 0) {
		r->reused = true;
		goto done;
	}
	struct pipeline_options po = {.build = true,
				      .lang = o->lang,
				      .encoding = o->encoding,
				      .out_dir = out_dir,
				      .font_dir = o->font_dir,
				      .created = o->created,
				      .defer_sync = true,
				      .metrics = b->metrics};
	struct pipeline_result pr;
	r->status = pipeline_run(job_dir, &po, &pr);
	r->errors = findings_count(&pr.findings, SEV_ERROR);
	r->warnings = findings_count(&pr.findings, SEV_WARNING);
	cap_findings(&pr.findings, job_dir);
	r->findings_text = print_findings(&pr.findings, false);
	r->findings_json = print_findings(&pr.findings, true);
	if (pr.err.kind) {
		r->message = strdup(pr.err.text);
	} else {
		for (int i = 0; i < pr.findings.n; i++) {
			const struct finding *f = &pr.findings.v[i];
			if (f->severity != SEV_ERROR)
				continue;
			if (asprintf(&r->message, "%s:%d: %s [%s]", f->file, f->line, f->message, f->rule) <
			    0)
				r->message = NULL;
			break;
		}
	}
	if (describe_outputs(b, &pr, r)) {
		r->status = 3;
		free(r->message);
		r->message = strdup("cannot read back an output to hash it");
	}
	pipeline_result_free(&pr);
	write_stamp(out_dir, digest, r);
done:
	free(job_dir);
	free(out_dir);
	r->ms = now_ms() - start;
}

/* ---- workers ------------------------------------------------------------- */

struct worker {
	pid_t pid;
	int cmd; /* parent → worker: job indices */
	int res; /* worker → parent: records */
	int job; /* the job it is running, -1 when idle */
};

static void worker_loop(struct batch *b, int cmd, int res)
{
	/* Text is measured with the same fonts in every job: open them once per worker. */
	struct font_paths paths;
	struct font_files fonts = font_paths_in(b->o->font_dir, &paths);
	struct error err = {0};
	b->metrics = metrics_open(&fonts, &err); /* NULL: each job opens (and reports) them itself */
	int32_t idx;
	while (read_full(cmd, &idx, sizeof idx) == 0) {
		if (idx < 0 || idx >= b->n_jobs)
			break;
		struct job_result r;
		run_job(b, idx, &r);
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		if (!f)
			break;
		put_i64(f, r.ms);
		put_i64(f, r.reused);
		put_body(f, &r);
		result_free(&r);
		if (fclose(f) != 0) {
			free(buf);
			break;
		}
		uint32_t n = (uint32_t)len;
		int rc = len > MAX_RECORD ? -1 : write_full(res, &n, sizeof n) || write_full(res, buf, len);
		free(buf);
		if (rc)
			break;
	}
	metrics_close(b->metrics);
	b->metrics = NULL;
}

static int spawn(struct batch *b, struct worker *all, int n_all, struct worker *w)
{
	int cmd[2], res[2];
	if (pipe2(cmd, O_CLOEXEC))
		return -1;
	if (pipe2(res, O_CLOEXEC)) {
		close(cmd[0]), close(cmd[1]);
		return -1;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		close(cmd[0]), close(cmd[1]), close(res[0]), close(res[1]);
		return -1;
	}
	if (pid == 0) {
		/* The other workers' pipe ends must not stay open here, or they would never see end of file.
		 */
		for (int i = 0; i < n_all; i++)
			if (all[i].pid > 0 && &all[i] != w)
				close(all[i].cmd), close(all[i].res);
		close(cmd[1]), close(res[0]);
		signal(SIGPIPE, SIG_DFL);
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != b->parent)
			_exit(1);
		worker_loop(b, cmd[0], res[1]);
		free(all);
		free_parent_copy(b);
		_exit(0);
	}
	close(cmd[0]), close(res[1]);
	*w = (struct worker){.pid = pid, .cmd = cmd[1], .res = res[0], .job = -1};
	return 0;
}

/* Reads one record from w into r. Returns 0, or -1 if the worker died or sent garbage. */
static int receive(struct worker *w, struct job_result *r)
{
	uint32_t n;
	if (read_full(w->res, &n, sizeof n) != 0 || n > MAX_RECORD)
		return -1;
	char *buf = malloc(n ? n : 1);
	if (!buf || read_full(w->res, buf, n) != 0) {
		free(buf);
		return -1;
	}
	struct reader rd = {buf, n, 0, false};
	memset(r, 0, sizeof *r);
	r->ms = get_i64(&rd);
	r->reused = get_i64(&rd) != 0;
	int rc = rd.bad ? -1 : get_body(&rd, r);
	free(buf);
	return rc;
}

static void stop_worker(struct worker *w)
{
	if (w->pid <= 0)
		return;
	if (w->cmd >= 0)
		close(w->cmd);
	close(w->res);
	int st;
	while (waitpid(w->pid, &st, 0) < 0 && errno == EINTR)
		;
	w->pid = 0, w->cmd = w->res = -1;
}

/* ---- reporting ------------------------------------------------------------ */

static const char *status_word(const struct job_result *r)
{
	if (r->crashed)
		return "crashed";
	switch (r->status) {
	case 0:
		return "ok";
	case 1:
	case 2:
		return "failed";
	default:
		return "io-error";
	}
}

static void report(const struct batch *b, int idx, const struct job_result *r, int done)
{
	const struct batch_options *o = b->o;
	if (o->progress)
		fputs("\r\033[K", stderr);
	if (r->findings_text)
		fputs(r->findings_text, stderr);
	if (r->status >= 2 && r->message)
		fprintf(stderr, "phuluc: %s: %s\n", b->jobs[idx], r->message);
	if (o->progress)
		fprintf(stderr, "[%d/%d] %s", done, b->n_jobs, b->jobs[idx]);
}

static void csv_field(FILE *f, const char *s, bool last)
{
	if (s && strpbrk(s, ",\"\r\n")) {
		fputc('"', f);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else if (s) {
		fputs(s, f);
	}
	fputc(last ? '\n' : ',', f);
}

static int write_manifest_csv(const struct batch *b, const struct job_result *res, FILE *f)
{
	fputs("job,status,exit,errors,warnings,output,bytes,sha256,message,ms\n", f);
	for (int i = 0; i < b->n_jobs; i++) {
		const struct job_result *r = &res[i];
		int rows = r->n_outputs ? r->n_outputs : 1;
		for (int k = 0; k < rows; k++) {
			char num[3][32];
			snprintf(num[0], sizeof num[0], "%d", r->status);
			snprintf(num[1], sizeof num[1], "%d", r->errors);
			snprintf(num[2], sizeof num[2], "%d", r->warnings);
			csv_field(f, b->jobs[i], false);
			csv_field(f, status_word(r), false);
			for (int j = 0; j < 3; j++)
				csv_field(f, num[j], false);
			char bytes[32] = "";
			if (r->n_outputs)
				snprintf(bytes, sizeof bytes, "%lld", (long long)r->out[k].bytes);
			csv_field(f, r->n_outputs ? r->out[k].path : "", false);
			csv_field(f, bytes, false);
			csv_field(f, r->n_outputs ? r->out[k].sha256 : "", false);
			csv_field(f, r->message ? r->message : "", false);
			char ms[32];
			snprintf(ms, sizeof ms, "%lld", (long long)r->ms);
			csv_field(f, ms, true);
		}
	}
	return ferror(f) ? -1 : 0;
}

/*
 * A JSON string for bytes that may not be UTF-8 (a job directory's name is
 * any bytes): valid UTF-8 as it is; otherwise each byte that is not part of
 * a valid sequence as the four characters \xHH, and each backslash doubled,
 * so that the bytes can be recovered (docs/guide.md, "manifest").
 */
static json_t *json_bytes(const char *s)
{
	json_t *j = json_string(s);
	if (j)
		return j;
	struct buf out = {0};
	for (const char *p = s, *end = s + strlen(s); *p;) {
		size_t k = 1, most = end - p < 4 ? (size_t)(end - p) : 4;
		while (k <= most && !text_valid_utf8(p, k))
			k++;
		if (k > most) {
			buf_printf(&out, "\\x%02X", (unsigned char)*p);
			p++;
		} else if (*p == '\\') {
			buf_printf(&out, "\\\\");
			p++;
		} else {
			buf_printf(&out, "%.*s", (int)k, p);
			p += k;
		}
	}
	j = json_string(out.s ? out.s : "");
	buf_free(&out);
	return j;
}

static int write_manifest_json(const struct batch *b, const struct job_result *res, FILE *f)
{
	json_t *root = json_object(), *jobs = json_array();
	int n_ok = 0, n_failed = 0, n_files = 0;
	long long bytes = 0;
	for (int i = 0; i < b->n_jobs; i++) {
		const struct job_result *r = &res[i];
		json_t *j = json_object(), *outs = json_array();
		for (int k = 0; k < r->n_outputs; k++) {
			json_array_append_new(
			    outs, json_pack("{s:o, s:I, s:s}", "file", json_bytes(r->out[k].path), "bytes",
					    (json_int_t)r->out[k].bytes, "sha256", r->out[k].sha256));
			n_files++, bytes += r->out[k].bytes;
		}
		json_t *findings = r->findings_json ? json_loads(r->findings_json, 0, NULL) : NULL;
		json_object_set_new(j, "job", json_bytes(b->jobs[i]));
		json_object_set_new(j, "status", json_string(status_word(r)));
		json_object_set_new(j, "exit", json_integer(r->status));
		json_object_set_new(j, "errors", json_integer(r->errors));
		json_object_set_new(j, "warnings", json_integer(r->warnings));
		json_object_set_new(j, "outputs", outs);
		json_object_set_new(j, "message", r->message ? json_bytes(r->message) : json_null());
		json_object_set_new(j, "findings", findings ? findings : json_array());
		json_object_set_new(j, "ms", json_integer(r->ms));
		json_array_append_new(jobs, j);
		if (r->status == 0 && !r->crashed)
			n_ok++;
		else
			n_failed++;
	}
	json_object_set_new(root, "phuluc", json_string(PHULUC_VERSION));
	json_object_set_new(root, "jobs", jobs);
	json_object_set_new(root, "summary",
			    json_pack("{s:i, s:i, s:i, s:i, s:I}", "jobs", b->n_jobs, "ok", n_ok, "failed",
				      n_failed, "files", n_files, "bytes", (json_int_t)bytes));
	int rc = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	fputc('\n', f);
	return rc || ferror(f) ? -1 : 0;
}

/* Writes OUT/manifest.csv and OUT/manifest.json together (both or neither). */
static int write_manifest(const struct batch *b, const struct job_result *res, struct error *err)
{
	char *paths[2] = {join(b->o->out_dir, "manifest.csv"), join(b->o->out_dir, "manifest.json")};
	struct output out[2] = {{0}, {0}};
	struct output *const both[] = {&out[0], &out[1]};
	int rc = -1;
	if (!paths[0] || !paths[1]) {
		error_set(err, ERR_IO, "out of memory");
	} else if (output_begin(&out[0], paths[0], err) == 0 && output_begin(&out[1], paths[1], err) == 0) {
		rc = 0;
		for (int k = 0; k < 2 && rc == 0; k++) {
			FILE *f = fopen(out[k].tmp_path, "we");
			int w = !f	 ? -1
				: k == 0 ? write_manifest_csv(b, res, f)
					 : write_manifest_json(b, res, f);
			if (!f || fclose(f) != 0 || w)
				rc = error_set(err, ERR_IO, "cannot write %s: %s", paths[k], strerror(errno));
		}
		if (rc == 0)
			rc = output_commit(both, 2, err);
	}
	output_abort(&out[0]);
	output_abort(&out[1]);
	free(paths[0]);
	free(paths[1]);
	return rc;
}

static void summary(const struct batch *b, const struct job_result *res, int64_t ms, const char *manifest_err)
{
	int ok = 0, failed = 0, warned = 0, reused = 0, files = 0;
	long long bytes = 0;
	for (int i = 0; i < b->n_jobs; i++) {
		const struct job_result *r = &res[i];
		if (r->status == 0 && !r->crashed)
			ok++;
		else
			failed++;
		warned += r->warnings > 0;
		reused += r->reused;
		files += r->n_outputs;
		for (int k = 0; k < r->n_outputs; k++)
			bytes += r->out[k].bytes;
	}
	bool vi = b->o->lang == LANG_VI;
	fprintf(stderr,
		vi ? "phuluc batch: %d việc: %d xong, %d lỗi, %d có cảnh báo, %d không đổi (dùng lại); "
		     "%d tệp, %.1f MB; %.2f giây\n"
		   : "phuluc batch: %d jobs: %d done, %d failed, %d with warnings, %d unchanged (reused); "
		     "%d files, %.1f MB; %.2f s\n",
		b->n_jobs, ok, failed, warned, reused, files, (double)bytes / 1e6, (double)ms / 1000);
	if (manifest_err)
		fprintf(stderr, "phuluc: %s\n", manifest_err);
	else
		fprintf(stderr,
			vi ? "bảng kê: %s/manifest.csv, %s/manifest.json\n"
			   : "manifest: %s/manifest.csv, %s/manifest.json\n",
			b->o->out_dir, b->o->out_dir);
}

/* ---- the batch ------------------------------------------------------------ */

static void hash_fonts(struct batch *b)
{
	struct font_paths paths;
	struct font_files fonts = font_paths_in(b->o->font_dir, &paths);
	struct sha256_ctx c;
	sha256_init(&c);
	hash_file(&c, fonts.regular);
	hash_file(&c, fonts.bold);
	hash_file(&c, fonts.italic);
	sha256_digest(&c, sizeof b->fonts_digest, b->fonts_digest);
}

/* Gives out jobs until every one has a result. */
static void run_pool(struct batch *b, struct worker *w, int n_w, struct job_result *res)
{
	int next = 0, done = 0;
	for (int i = 0; i < n_w; i++)
		w[i] = (struct worker){.pid = 0, .cmd = -1, .res = -1, .job = -1};
	struct pollfd *pfd = b->pfd = calloc((size_t)n_w, sizeof *pfd);
	int *which = b->which = calloc((size_t)n_w, sizeof *which);
	while (done < b->n_jobs) {
		/* Keep every worker busy: spawn where needed, hand out the next job. */
		for (int i = 0; i < n_w && next < b->n_jobs; i++) {
			if (w[i].pid <= 0 && spawn(b, w, n_w, &w[i]))
				continue;
			if (w[i].job < 0) {
				int32_t idx = next;
				if (write_full(w[i].cmd, &idx, sizeof idx) == 0) {
					w[i].job = next++;
				} else {
					stop_worker(&w[i]);
				}
			}
		}
		int n = 0;
		for (int i = 0; i < n_w; i++)
			if (w[i].pid > 0 && w[i].job >= 0)
				pfd[n] = (struct pollfd){.fd = w[i].res, .events = POLLIN}, which[n++] = i;
		if (n == 0) {
			/* No worker could be started: the remaining jobs cannot run. */
			for (; next < b->n_jobs; next++, done++) {
				res[next].status = 3;
				res[next].message = strdup("cannot start a worker process");
				report(b, next, &res[next], done + 1);
			}
			break;
		}
		if (!pfd || !which || poll(pfd, (nfds_t)n, -1) < 0)
			continue;
		for (int k = 0; k < n; k++) {
			if (!(pfd[k].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			struct worker *x = &w[which[k]];
			int idx = x->job;
			if (receive(x, &res[idx])) {
				/* The worker died in this job: record it, start another for the rest. */
				int st = 0;
				close(x->cmd), close(x->res);
				while (waitpid(x->pid, &st, 0) < 0 && errno == EINTR)
					;
				*x = (struct worker){.pid = 0, .cmd = -1, .res = -1, .job = -1};
				res[idx] = (struct job_result){.status = 3, .crashed = true};
				if (asprintf(&res[idx].message, "the worker running this job died (%s)",
					     WIFSIGNALED(st) ? strsignal(WTERMSIG(st)) : "exit") < 0)
					res[idx].message = NULL;
			} else {
				x->job = -1;
			}
			done++;
			report(b, idx, &res[idx], done);
			/* The findings have been printed; the manifest keeps only the JSON. */
			free(res[idx].findings_text);
			res[idx].findings_text = NULL;
		}
	}
	free(pfd);
	free(which);
	b->pfd = NULL, b->which = NULL;
	if (b->o->progress)
		fputs("\r\033[K", stderr);
	for (int i = 0; i < n_w; i++)
		stop_worker(&w[i]);
}

/*
 * Takes OUT's lock (flock on OUT/.phuluc-lock, held until the batch ends,
 * released by the kernel if it dies): two batches into one OUT would mix
 * their outputs and write manifests that disagree with the files. A second
 * batch stops at once rather than waiting: a wait could be hours, and
 * the first batch will have rendered the same jobs anyway. Returns the
 * lock's descriptor, or -1 with err.
 */
static int lock_out(const struct batch_options *o, struct error *err)
{
	char *path = join(o->out_dir, LOCK_NAME);
	if (!path)
		return error_set(err, ERR_IO, "out of memory");
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
	int e = errno;
	if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) != 0) {
		e = errno;
		close(fd);
		fd = -1;
		if (e == EWOULDBLOCK)
			error_set(
			    err, ERR_IO,
			    o->lang == LANG_VI
				? "%s đang được một phuluc batch khác ghi vào (khóa %s); hãy chờ nó xong"
				: "%s is in use by another phuluc batch (lock %s); wait for it to finish",
			    o->out_dir, path);
	}
	if (fd < 0 && e != EWOULDBLOCK)
		error_set(err, ERR_IO, "cannot lock %s: %s", path, strerror(e));
	free(path);
	return fd;
}

int batch_run(const struct batch_options *o)
{
	struct batch b = {.o = o, .parent = getpid()};
	struct error err = {0};
	struct stat root_st, out_st;
	int status = 0;
	int64_t start = now_ms();

	if (stat(o->root, &root_st) != 0 || !S_ISDIR(root_st.st_mode)) {
		fprintf(stderr, "phuluc: %s is not a directory\n", o->root);
		return 2;
	}
	if (make_dirs(o->out_dir, &err) || stat(o->out_dir, &out_st) != 0) {
		fprintf(stderr, "phuluc: %s\n", err.kind ? err.text : strerror(errno));
		return err.kind == ERR_USAGE ? 2 : 3;
	}
	int lock = lock_out(o, &err);
	if (lock < 0) {
		fprintf(stderr, "phuluc: %s\n", err.text);
		return 3;
	}
	if (find_jobs(&b, o->root, ".", 0, &out_st, &err)) {
		fprintf(stderr, "phuluc: %s\n", err.text);
		status = err.kind;
		goto done;
	}
	if (b.n_jobs == 0) {
		fprintf(stderr,
			o->lang == LANG_VI ? "phuluc: không có việc nào (thư mục có phuluc.ini) trong %s\n"
					   : "phuluc: no job (a directory with phuluc.ini) under %s\n",
			o->root);
		status = 2;
		goto done;
	}
	hash_fonts(&b);

	int n_w = o->workers > 0 ? o->workers : (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (n_w < 1)
		n_w = 1;
	if (n_w > b.n_jobs)
		n_w = b.n_jobs;
	struct job_result *res = b.results = calloc((size_t)b.n_jobs, sizeof *res);
	struct worker *w = calloc((size_t)n_w, sizeof *w);
	if (!res || !w) {
		free(res);
		free(w);
		fprintf(stderr, "phuluc: out of memory\n");
		status = 3;
		goto done;
	}
	/* A worker that dies must not take the parent with it through a write to its pipe. */
	struct sigaction ign = {.sa_handler = SIG_IGN}, old;
	sigaction(SIGPIPE, &ign, &old);
	run_pool(&b, w, n_w, res);
	sigaction(SIGPIPE, &old, NULL);

	for (int i = 0; i < b.n_jobs; i++) {
		int s = res[i].crashed || res[i].status >= 3 ? 3 : res[i].status ? 1 : 0;
		if (s > status)
			status = s;
	}
	/*
	 * Workers do not fsync each file (with thousands of small files that is
	 * most of the wall time); the whole output tree is made durable here,
	 * once, before the manifest — which is synced — says what it holds.
	 */
	int out_fd = open(o->out_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (out_fd >= 0) {
		syncfs(out_fd);
		close(out_fd);
	}
	bool manifest_ok = write_manifest(&b, res, &err) == 0;
	if (!manifest_ok)
		status = 3;
	summary(&b, res, now_ms() - start, manifest_ok ? NULL : err.text);
	for (int i = 0; i < b.n_jobs; i++)
		result_free(&res[i]);
	free(res);
	free(w);
done:
	for (int i = 0; i < b.n_jobs; i++)
		free(b.jobs[i]);
	free(b.jobs);
	close(lock);
	return status;
}
