/*
 * template.c — reading templates/<name>.yaml with libyaml's document API
 * (see template.h). Unknown keys are errors, so a typo in a template is
 * caught instead of silently ignored. A leaf's gia_tri is looked up in the
 * figure table (figures.h); the wording a template may omit gets its
 * default here.
 */
#include "layout/template.h"

#include "base/messages.h"
#include "base/text.h"
#include "base/vec.h"
#include "input/decode.h"
#include "input/path.h"
#include "model/model.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

/* A template is a page of YAML: these bounds are far above any real one. */
#define TEMPLATE_MAX_BYTES (1u << 20)
#define TEMPLATE_MAX_NODES 100000

struct reader {
	yaml_document_t *doc;
	const char *path;
	struct error *err;
};

static int fail_at(struct reader *rd, const yaml_node_t *node, const char *what)
{
	return error_set(rd->err, ERR_USAGE, "%s:%zu:%zu: %s", rd->path, node->start_mark.line + 1,
			 node->start_mark.column + 1, _(what));
}

static const char *scalar(const yaml_node_t *node)
{
	return node && node->type == YAML_SCALAR_NODE ? (const char *)node->data.scalar.value : NULL;
}

/* Checks that every key of a mapping is one of `allowed`. */
static int check_keys(struct reader *rd, yaml_node_t *map, const char *const *allowed)
{
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(rd->doc, p->key);
		const char *key = scalar(k);
		bool ok = false;
		for (int i = 0; key && allowed[i]; i++)
			ok = ok || strcmp(key, allowed[i]) == 0;
		if (!ok) {
			char msg[160];
			snprintf(msg, sizeof msg, "unknown key \"%s\"", key ? key : "?");
			return fail_at(rd, k, msg);
		}
	}
	return 0;
}

static yaml_node_t *get(struct reader *rd, yaml_node_t *map, const char *key)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		const char *k = scalar(yaml_document_get_node(rd->doc, p->key));
		if (k && strcmp(k, key) == 0)
			return yaml_document_get_node(rd->doc, p->value);
	}
	return NULL;
}

static int get_bool(struct reader *rd, yaml_node_t *map, const char *key, bool *out)
{
	yaml_node_t *n = get(rd, map, key);
	if (!n)
		return 0;
	const char *s = scalar(n);
	if (s && (strcmp(s, "true") == 0 || strcmp(s, "co") == 0 || strcmp(s, "có") == 0))
		*out = true;
	else if (s && (strcmp(s, "false") == 0 || strcmp(s, "khong") == 0 || strcmp(s, "không") == 0))
		*out = false;
	else
		return fail_at(rd, n, "expected true or false");
	return 0;
}

static int get_number(struct reader *rd, yaml_node_t *map, const char *key, double lo, double hi, double *out)
{
	yaml_node_t *n = get(rd, map, key);
	if (!n)
		return 0;
	const char *s = scalar(n);
	char *end = NULL;
	double v = s ? strtod(s, &end) : 0;
	/* Written so that NaN ("nan", ".nan" to strtod) is out of range too. */
	if (!s || end == s || *end || !(v >= lo && v <= hi)) {
		char msg[96];
		snprintf(msg, sizeof msg, "expected a number from %g to %g", lo, hi);
		return fail_at(rd, n, msg);
	}
	*out = v;
	return 0;
}

static int get_string(struct reader *rd, yaml_node_t *map, const char *key, char **out)
{
	yaml_node_t *n = get(rd, map, key);
	if (!n)
		return 0;
	const char *s = scalar(n);
	if (!s)
		return fail_at(rd, n, "expected text");
	free(*out);
	*out = text_nfc(s);
	if (!*out)
		return error_set(rd->err, ERR_IO, "out of memory");
	return 0;
}

enum { WORD_ABSENT = -1, WORD_WRONG = -2 };

/*
 * Map's `key`, one of words (NULL-terminated): its index, WORD_ABSENT, or
 * WORD_WRONG after failing with `expected` (a msgid: N_).
 */
static int get_word(struct reader *rd, yaml_node_t *map, const char *key, const char *const *words,
		    const char *expected)
{
	yaml_node_t *n = get(rd, map, key);
	if (!n)
		return WORD_ABSENT;
	const char *s = scalar(n);
	for (int i = 0; s && words[i]; i++)
		if (strcmp(s, words[i]) == 0)
			return i;
	fail_at(rd, n, expected);
	return WORD_WRONG;
}

static int read_align(struct reader *rd, yaml_node_t *map, enum text_align *align)
{
	static const char *const words[] = {"trai", "giua", "phai", NULL};
	static const enum text_align aligns[] = {ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT};
	int i = get_word(rd, map, "can_le", words, N_("can_le: expected trai, giua or phai"));
	if (i >= 0)
		*align = aligns[i];
	return i == WORD_WRONG ? -1 : 0;
}

static int read_paragraphs(struct reader *rd, yaml_node_t *seq, struct tpl_paragraph **out, int *n)
{
	if (!seq)
		return 0;
	if (seq->type != YAML_SEQUENCE_NODE)
		return fail_at(rd, seq, "expected a list of paragraphs");
	int count = (int)(seq->data.sequence.items.top - seq->data.sequence.items.start);
	*out = calloc((size_t)count + 1, sizeof **out);
	if (!*out)
		return error_set(rd->err, ERR_IO, "out of memory");
	static const char *const keys[] = {"noi_dung",	"dam",	  "nghieng", "in_hoa", "co_chu",
					   "gach_duoi", "can_le", "neu_co",  NULL};
	for (int i = 0; i < count; i++) {
		yaml_node_t *item = yaml_document_get_node(rd->doc, seq->data.sequence.items.start[i]);
		struct tpl_paragraph *p = &(*out)[i];
		*n = i + 1;
		p->style = (struct text_style){.align = ALIGN_CENTER, .wrap = true};
		p->size_pt = 14;
		if (!item || item->type != YAML_MAPPING_NODE)
			return fail_at(rd, item ? item : seq, "expected a paragraph (noi_dung: …)");
		if (check_keys(rd, item, keys) || get_string(rd, item, "noi_dung", &p->text) ||
		    get_bool(rd, item, "dam", &p->style.bold) ||
		    get_bool(rd, item, "nghieng", &p->style.italic) ||
		    get_bool(rd, item, "in_hoa", &p->upper) ||
		    get_number(rd, item, "co_chu", 6, 30, &p->size_pt) ||
		    get_bool(rd, item, "gach_duoi", &p->rule_after) ||
		    read_align(rd, item, &p->style.align) || get_string(rd, item, "neu_co", &p->only_if))
			return -1;
		if (!p->text)
			return fail_at(rd, item, "a paragraph needs noi_dung");
	}
	return 0;
}

static int read_format(struct reader *rd, yaml_node_t *map, struct tpl_column *col)
{
	static const char *const words[] = {"ty_le", "so_nguoi", NULL};
	static const struct number_format formats[] = {{.decimals = 2, .percent = true},
						       {.decimals = 0, .thousands = true}};
	int i = get_word(rd, map, "dinh_dang", words, N_("dinh_dang: expected ty_le or so_nguoi"));
	col->has_format = i != WORD_ABSENT;
	if (i >= 0)
		col->format = formats[i];
	return i == WORD_WRONG ? -1 : 0;
}

/* gia_tri (a name of the figure table) and, for the figures that take one, chi_so. */
static int read_figure(struct reader *rd, yaml_node_t *item, yaml_node_t *value, struct tpl_column *col)
{
	const struct figure *f = figure_by_name(scalar(value));
	if (!f) {
		char *names = figure_names(), msg[400];
		snprintf(msg, sizeof msg, "gia_tri: expected %s", names ? names : "a figure");
		free(names);
		return fail_at(rd, value ? value : item, msg);
	}
	col->figure = f->id;
	yaml_node_t *ind = get(rd, item, "chi_so");
	if (f->needs_indicator) {
		col->indicator = scalar(ind) ? indicator_from_key(scalar(ind)) : -1;
		if (col->indicator < 0)
			return fail_at(rd, ind ? ind : item,
				       "chi_so: expected bhxh, bhxh_bb, bhxh_tn, bhtn or bhyt");
	} else if (ind) {
		return fail_at(rd, ind, "chi_so only goes with gia_tri: chi_tieu or a progress value");
	}
	return 0;
}

static int read_columns(struct reader *rd, yaml_node_t *seq, struct tpl_column **out, int *n, int depth)
{
	if (!seq || seq->type != YAML_SEQUENCE_NODE ||
	    seq->data.sequence.items.top == seq->data.sequence.items.start)
		return fail_at(rd, seq, "expected a non-empty list of columns");
	if (depth > 6)
		return fail_at(rd, seq, "columns nested deeper than 6 levels");
	int count = (int)(seq->data.sequence.items.top - seq->data.sequence.items.start);
	*out = calloc((size_t)count, sizeof **out);
	if (!*out)
		return error_set(rd->err, ERR_IO, "out of memory");
	static const char *const keys[] = {"tieu_de",	"theo_nam", "gia_tri",	"chi_so",
					   "dinh_dang", "con",	    "tuy_chon", NULL};
	for (int i = 0; i < count; i++) {
		yaml_node_t *item = yaml_document_get_node(rd->doc, seq->data.sequence.items.start[i]);
		struct tpl_column *col = &(*out)[i];
		*n = i + 1;
		col->indicator = -1;
		if (!item || item->type != YAML_MAPPING_NODE)
			return fail_at(rd, item ? item : seq, "expected a column (tieu_de: …)");
		if (check_keys(rd, item, keys) || get_string(rd, item, "tieu_de", &col->title) ||
		    get_bool(rd, item, "theo_nam", &col->per_year) ||
		    get_bool(rd, item, "tuy_chon", &col->optional) || read_format(rd, item, col))
			return -1;
		if (!col->title)
			return fail_at(rd, item, "a column needs tieu_de");
		yaml_node_t *children = get(rd, item, "con"), *value = get(rd, item, "gia_tri");
		if (children && value)
			return fail_at(rd, item,
				       "a column has either con (sub-columns) or gia_tri, not both");
		if (children) {
			if (read_columns(rd, children, &col->children, &col->n_children, depth + 1))
				return -1;
			continue;
		}
		if (read_figure(rd, item, value, col))
			return -1;
	}
	return 0;
}

/* Gives *out its default when the template did not. */
static int default_string(struct reader *rd, char **out, const char *text)
{
	if (!*out && !(*out = strdup(text)))
		return error_set(rd->err, ERR_IO, "out of memory");
	return 0;
}

/* nhan: the program's own wording (struct tpl_labels), each with its default. */
static int read_labels(struct reader *rd, yaml_node_t *root, struct tpl_labels *l)
{
	yaml_node_t *n = get(rd, root, "nhan");
	static const char *const keys[] = {
	    "du_thao", "cot_luc_luong_lao_dong", "cot_dan_so", "trang_bieu_do", "tiep_theo", NULL};
	if (n && n->type != YAML_MAPPING_NODE)
		return fail_at(rd, n,
			       "nhan: expected du_thao / cot_luc_luong_lao_dong / cot_dan_so / "
			       "trang_bieu_do / tiep_theo");
	if (n && (check_keys(rd, n, keys) || get_string(rd, n, "du_thao", &l->draft_mark) ||
		  get_string(rd, n, "cot_luc_luong_lao_dong", &l->labour_column) ||
		  get_string(rd, n, "cot_dan_so", &l->population_column) ||
		  get_string(rd, n, "trang_bieu_do", &l->chart_sheet) ||
		  get_string(rd, n, "tiep_theo", &l->continued)))
		return -1;
	return default_string(rd, &l->draft_mark, "DỰ THẢO") ||
	       default_string(rd, &l->labour_column, "Lực lượng lao động năm {nam} (người)") ||
	       default_string(rd, &l->population_column, "Dân số năm {nam} (người)") ||
	       default_string(rd, &l->chart_sheet, "Biểu đồ") ||
	       default_string(rd, &l->continued, "(tiếp theo)");
}

static int read_charts(struct reader *rd, yaml_node_t *seq, struct template *t)
{
	if (!seq)
		return 0;
	if (seq->type != YAML_SEQUENCE_NODE)
		return fail_at(rd, seq, "bieu_do: expected a list of charts (tieu_de, chi_so)");
	int count = (int)(seq->data.sequence.items.top - seq->data.sequence.items.start);
	t->charts = calloc((size_t)count + 1, sizeof *t->charts);
	if (!t->charts)
		return error_set(rd->err, ERR_IO, "out of memory");
	static const char *const keys[] = {"tieu_de",		"chi_so", "truc", "chu_giai_thuc_hien",
					   "chu_giai_chi_tieu", NULL};
	for (int i = 0; i < count; i++) {
		yaml_node_t *item = yaml_document_get_node(rd->doc, seq->data.sequence.items.start[i]);
		struct tpl_chart *c = &t->charts[i];
		t->n_charts = i + 1;
		if (!item || item->type != YAML_MAPPING_NODE)
			return fail_at(rd, item ? item : seq, "expected a chart (tieu_de, chi_so)");
		if (check_keys(rd, item, keys) || get_string(rd, item, "tieu_de", &c->title) ||
		    get_string(rd, item, "truc", &c->value_axis) ||
		    get_string(rd, item, "chu_giai_thuc_hien", &c->actual_label) ||
		    get_string(rd, item, "chu_giai_chi_tieu", &c->target_label) ||
		    default_string(rd, &c->value_axis, "Tỷ lệ (%)") ||
		    default_string(rd, &c->actual_label, "Thực hiện đến {ngay_cuoi_ky}") ||
		    default_string(rd, &c->target_label, "Chỉ tiêu năm {nam_ky}"))
			return -1;
		yaml_node_t *ind = get(rd, item, "chi_so");
		c->indicator = scalar(ind) ? indicator_from_key(scalar(ind)) : -1;
		if (!c->title || c->indicator < 0)
			return fail_at(
			    rd, ind ? ind : item,
			    "a chart needs tieu_de and chi_so (bhxh, bhxh_bb, bhxh_tn, bhtn or bhyt)");
	}
	return 0;
}

static int read_page(struct reader *rd, yaml_node_t *root, struct template *t)
{
	t->page = (struct page_setup){.orientation = ORIENT_LANDSCAPE,
				      .margin_top_mm = 20,
				      .margin_bottom_mm = 20,
				      .margin_left_mm = 30,
				      .margin_right_mm = 15,
				      .body_size_pt = 12,
				      .header_size_pt = 12};
	yaml_node_t *n = get(rd, root, "kho_giay");
	if (n) {
		const char *s = scalar(n);
		if (s && strcmp(s, "ngang") == 0)
			t->page.orientation = ORIENT_LANDSCAPE;
		else if (s && strcmp(s, "doc") == 0)
			t->page.orientation = ORIENT_PORTRAIT;
		else
			return fail_at(rd, n, "kho_giay: expected ngang (landscape) or doc (portrait)");
	}
	if (get_bool(rd, root, "cho_phep_a3", &t->page.allow_a3))
		return -1;
	yaml_node_t *m = get(rd, root, "le_mm");
	static const char *const margin_keys[] = {"tren", "duoi", "trai", "phai", NULL};
	if (m && (m->type != YAML_MAPPING_NODE || check_keys(rd, m, margin_keys)))
		return m->type != YAML_MAPPING_NODE ? fail_at(rd, m, "expected tren/duoi/trai/phai") : -1;
	/* Decree 30/2020: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm. */
	if (get_number(rd, m, "tren", 20, 25, &t->page.margin_top_mm) ||
	    get_number(rd, m, "duoi", 20, 25, &t->page.margin_bottom_mm) ||
	    get_number(rd, m, "trai", 30, 35, &t->page.margin_left_mm) ||
	    get_number(rd, m, "phai", 15, 20, &t->page.margin_right_mm))
		return -1;
	yaml_node_t *s = get(rd, root, "co_chu");
	static const char *const size_keys[] = {"tieu_de_bang", "than_bang", NULL};
	if (s && (s->type != YAML_MAPPING_NODE || check_keys(rd, s, size_keys)))
		return s->type != YAML_MAPPING_NODE ? fail_at(rd, s, "expected tieu_de_bang/than_bang") : -1;
	if (get_number(rd, s, "tieu_de_bang", 7, 16, &t->page.header_size_pt) ||
	    get_number(rd, s, "than_bang", 7, 16, &t->page.body_size_pt))
		return -1;
	return 0;
}

static int parse(struct reader *rd, yaml_node_t *root, struct template *t)
{
	if (!root || root->type != YAML_MAPPING_NODE)
		return error_set(rd->err, ERR_USAGE, "%s: a template is a YAML mapping", rd->path);
	static const char *const keys[] = {
	    "ten", "ten_trang_tinh", "chu_de",	"kho_giay", "le_mm",	   "co_chu", "dong_dau", "dong_cuoi",
	    "cot", "dong_tong",	     "bieu_do", "nhan",	    "cho_phep_a3", NULL};
	if (check_keys(rd, root, keys) || read_page(rd, root, t) ||
	    get_string(rd, root, "ten_trang_tinh", &t->sheet_name) ||
	    get_string(rd, root, "chu_de", &t->subject) ||
	    read_paragraphs(rd, get(rd, root, "dong_dau"), &t->before, &t->n_before) ||
	    read_paragraphs(rd, get(rd, root, "dong_cuoi"), &t->after, &t->n_after) ||
	    read_columns(rd, get(rd, root, "cot") ? get(rd, root, "cot") : root, &t->columns, &t->n_columns,
			 0) ||
	    read_charts(rd, get(rd, root, "bieu_do"), t) || read_labels(rd, root, &t->labels))
		return -1;
	t->total_row = true;
	yaml_node_t *total = get(rd, root, "dong_tong");
	if (total) {
		static const char *const total_keys[] = {"co", "nhan", "vi_tri", "nhan_nhom", NULL};
		if (total->type != YAML_MAPPING_NODE)
			return fail_at(rd, total, "dong_tong: expected co / nhan / vi_tri / nhan_nhom");
		if (check_keys(rd, total, total_keys) || get_bool(rd, total, "co", &t->total_row) ||
		    get_string(rd, total, "nhan", &t->total_label) ||
		    get_string(rd, total, "nhan_nhom", &t->group_total_label))
			return -1;
		yaml_node_t *pos = get(rd, total, "vi_tri");
		const char *s = scalar(pos);
		if (pos && !(s && (strcmp(s, "dau") == 0 || strcmp(s, "cuoi") == 0)))
			return fail_at(rd, pos, "vi_tri: expected dau (first) or cuoi (last)");
		t->total_first = s && strcmp(s, "dau") == 0;
	}
	return default_string(rd, &t->total_label, "{dong_tong}") ||
	       default_string(rd, &t->group_total_label, "Cộng") ||
	       default_string(rd, &t->sheet_name, "Phụ lục") || default_string(rd, &t->subject, "{tieu_de}");
}

/*
 * The template file for name: JOB/templates first, then $PHULUC_TEMPLATE_DIR,
 * then installed_dir (resources.h: share/phuluc/templates, or the checkout's). A job's own template must lie
 * inside JOB/templates and be a regular file (path.h): *refused says why not. Caller frees.
 * NULL with errno ENOMEM when out of memory (never "not found" then: a job
 * template would be passed over for an installed one of the same name).
 */
static char *find_template(const char *name, const char *job_dir, const char *installed_dir,
			   enum path_check *refused)
{
	const char *env = getenv("PHULUC_TEMPLATE_DIR");
	const char *dirs[3] = {NULL, env, installed_dir};
	char *job_templates = NULL;
	if (job_dir && asprintf(&job_templates, "%s/templates", job_dir) < 0) {
		errno = ENOMEM;
		return NULL;
	}
	dirs[0] = job_templates;
	size_t len = strlen(name);
	bool has_ext = len > 5 && strcmp(name + len - 5, ".yaml") == 0;
	char *found = NULL;
	*refused = PATH_INSIDE;
	for (int i = 0; i < 3 && !found && *refused == PATH_INSIDE; i++) {
		if (!dirs[i] || !dirs[i][0])
			continue;
		char *path = NULL;
		if (asprintf(&path, "%s/%s%s", dirs[i], name, has_ext ? "" : ".yaml") < 0) {
			free(job_templates);
			errno = ENOMEM;
			return NULL;
		}
		bool readable = access(path, R_OK) == 0;
		if (readable && i == 0)
			*refused = path_check_inside(dirs[0], path + strlen(dirs[0]) + 1);
		if (readable && *refused == PATH_INSIDE)
			found = path;
		else
			free(path);
	}
	free(job_templates);
	return found;
}

/*
 * libyaml expands nothing, but the reader below walks aliases as if they
 * were copies: 1.5 KB of nested aliases would be millions of columns. A
 * template needs none, so they are refused, and the events are counted.
 */
static int check_events(const char *path, const char *text, size_t len, struct error *err)
{
	yaml_parser_t parser;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	int rc = 0;
	for (long n = 0; rc == 0; n++) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev))
			break; /* the loader reports the syntax error with its place */
		yaml_event_type_t type = ev.type;
		if (type == YAML_ALIAS_EVENT)
			rc = error_set(err, ERR_USAGE,
				       "%s:%zu:%zu: YAML aliases (*%s) are not allowed in a template", path,
				       ev.start_mark.line + 1, ev.start_mark.column + 1,
				       (const char *)ev.data.alias.anchor);
		else if (n >= TEMPLATE_MAX_NODES)
			rc = error_set(err, ERR_USAGE, "%s:%zu:%zu: more than %d YAML nodes in a template",
				       path, ev.start_mark.line + 1, ev.start_mark.column + 1,
				       TEMPLATE_MAX_NODES);
		yaml_event_delete(&ev);
		if (type == YAML_STREAM_END_EVENT)
			break;
	}
	yaml_parser_delete(&parser);
	return rc;
}

static int load_text(const char *text, size_t len, struct template *t, struct error *err)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	int rc;
	if (!yaml_parser_load(&parser, &doc)) {
		rc =
		    error_set(err, ERR_USAGE, "%s:%zu:%zu: %s", t->path, parser.problem_mark.line + 1,
			      parser.problem_mark.column + 1, parser.problem ? parser.problem : "YAML error");
	} else {
		struct reader rd = {&doc, t->path, err};
		rc = parse(&rd, yaml_document_get_root_node(&doc), t);
		yaml_document_delete(&doc);
	}
	yaml_parser_delete(&parser);
	return rc;
}

int template_load(const char *name, const char *job_dir, const char *installed_dir, struct template *t,
		  struct error *err)
{
	memset(t, 0, sizeof *t);
	if (strchr(name, '/'))
		return error_set(err, ERR_USAGE, "phu_luc.mau = %s: a template name, not a path", name);
	enum path_check refused;
	errno = 0;
	t->path = find_template(name, job_dir, installed_dir, &refused);
	if (!t->path && errno == ENOMEM)
		return error_set(err, ERR_IO, "out of memory");
	if (refused == PATH_OUTSIDE || refused == PATH_NOT_REGULAR)
		return error_set(
		    err, ERR_USAGE, "phu_luc.mau = %s: the template in %s/templates %s", name, job_dir,
		    refused == PATH_OUTSIDE ? _("leads outside that folder") : _("is not a regular file"));
	if (!t->path)
		return error_set(err, ERR_USAGE,
				 "template \"%s\" not found (in %s/templates, $PHULUC_TEMPLATE_DIR, %s)",
				 name, job_dir ? job_dir : ".", installed_dir ? installed_dir : "");
	char *text = NULL;
	size_t len = 0;
	if (read_file_max(t->path, TEMPLATE_MAX_BYTES, &text, &len, err)) {
		err->kind = err->kind == ERR_DATA ? ERR_USAGE : err->kind;
		return -1;
	}
	int rc = check_events(t->path, text, len, err) || load_text(text, len, t, err) ? -1 : 0;
	free(text);
	return rc;
}

static void columns_free(struct tpl_column *cols, int n)
{
	for (int i = 0; i < n; i++) {
		free(cols[i].title);
		columns_free(cols[i].children, cols[i].n_children);
	}
	free(cols);
}

static void paragraphs_free(struct tpl_paragraph *p, int n)
{
	for (int i = 0; i < n; i++) {
		free(p[i].text);
		free(p[i].only_if);
	}
	free(p);
}

/* Keeps the columns of cols[0..*n) that keep() keeps, compacting the array. */
static void drop_columns(struct tpl_column *cols, int *n, bool (*keep)(const struct tpl_column *, void *),
			 void *ctx)
{
	int kept = 0;
	for (int i = 0; i < *n; i++) {
		struct tpl_column *c = &cols[i];
		bool inner = c->n_children > 0;
		if (inner)
			drop_columns(c->children, &c->n_children, keep, ctx);
		if (inner ? c->n_children > 0 : keep(c, ctx)) {
			cols[kept++] = *c;
			continue;
		}
		columns_free(c->children, c->n_children);
		free(c->title);
	}
	*n = kept;
}

void template_drop_columns(struct template *t, bool (*keep)(const struct tpl_column *leaf, void *ctx),
			   void *ctx)
{
	drop_columns(t->columns, &t->n_columns, keep, ctx);
}

void template_free(struct template *t)
{
	if (!t)
		return;
	free_all(t->path, t->sheet_name, t->subject, t->total_label, t->group_total_label);
	paragraphs_free(t->before, t->n_before);
	paragraphs_free(t->after, t->n_after);
	columns_free(t->columns, t->n_columns);
	for (int i = 0; i < t->n_charts; i++) {
		struct tpl_chart *c = &t->charts[i];
		free_all(c->title, c->value_axis, c->actual_label, c->target_label);
	}
	const struct tpl_labels *l = &t->labels;
	free_all(l->draft_mark, l->labour_column, l->population_column, l->chart_sheet, l->continued,
		 t->charts);
	memset(t, 0, sizeof *t);
}
