// SPDX-License-Identifier: GPL-2.0
/* Findings of doctor and autoload status, as text or JSON. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "report.h"

struct nfg_finding *nfg_finding(struct nfg_report *rep, enum nfg_level level,
				const char *check)
{
	static struct nfg_finding scratch;
	struct nfg_finding *f;

	if (rep->n == rep->cap) {
		size_t cap = rep->cap ? rep->cap * 2 : 16;
		struct nfg_finding *n = realloc(rep->f, cap * sizeof(*n));

		if (!n) {
			rep->oom = true;
			memset(&scratch, 0, sizeof(scratch));
			return &scratch;
		}
		rep->f = n;
		rep->cap = cap;
	}
	f = &rep->f[rep->n++];
	memset(f, 0, sizeof(*f));
	f->level = level;
	snprintf(f->check, sizeof(f->check), "%s", check);
	return f;
}

static void NFG_PRINTF(3, 0) append(char *buf, size_t size, const char *fmt,
				    va_list ap)
{
	size_t len = strlen(buf);

	if (len && len + 1 < size)
		buf[len++] = '\n';
	if (len + 1 < size)
		vsnprintf(buf + len, size - len, fmt, ap);
}

void nfg_summary(struct nfg_finding *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->summary, sizeof(f->summary), fmt, ap);
	va_end(ap);
}

void nfg_evidence(struct nfg_finding *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	append(f->evidence, sizeof(f->evidence), fmt, ap);
	va_end(ap);
}

void nfg_fix(struct nfg_finding *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	append(f->fix, sizeof(f->fix), fmt, ap);
	va_end(ap);
}

void nfg_raise(struct nfg_finding *f, enum nfg_level level)
{
	if (level > f->level)
		f->level = level;
}

const char *nfg_level_name(enum nfg_level level)
{
	return level == NFG_OK ? "OK" : level == NFG_WARN ? "WARN" : "FAIL";
}

size_t nfg_report_count(const struct nfg_report *rep, enum nfg_level level)
{
	size_t i, n = 0;

	for (i = 0; i < rep->n; i++)
		n += rep->f[i].level == level;
	return n;
}

static void print_lines(FILE *out, const char *prefix, const char *text)
{
	const char *p = text, *nl;

	while (*p) {
		nl = strchr(p, '\n');
		fprintf(out, "%s%.*s\n", prefix, (int)(nl ? nl - p : (long)strlen(p)), p);
		if (!nl)
			break;
		p = nl + 1;
	}
}

static void json_lines(struct json_writer *w, const char *key, const char *text)
{
	const char *p = text, *nl;

	json_key(w, key);
	json_array_begin(w);
	while (*p) {
		nl = strchr(p, '\n');
		json_string_len(w, p, nl ? (size_t)(nl - p) : strlen(p));
		if (!nl)
			break;
		p = nl + 1;
	}
	json_array_end(w);
}

static void print_json(FILE *out, const struct nfg_report *rep)
{
	const struct nfg_finding *f;
	struct json_writer w;
	size_t i;

	json_init(&w, out);
	json_object_begin(&w);
	json_key(&w, "checks");
	json_array_begin(&w);
	for (i = 0; i < rep->n; i++) {
		f = &rep->f[i];
		json_object_begin(&w);
		json_member_string(&w, "check", f->check);
		json_member_string(&w, "status", nfg_level_name(f->level));
		json_member_string(&w, "summary", f->summary);
		json_lines(&w, "evidence", f->evidence);
		json_lines(&w, "fix", f->fix);
		json_object_end(&w);
	}
	json_array_end(&w);
	json_member_u64(&w, "ok", nfg_report_count(rep, NFG_OK));
	json_member_u64(&w, "warn", nfg_report_count(rep, NFG_WARN));
	json_member_u64(&w, "fail", nfg_report_count(rep, NFG_FAIL));
	json_object_end(&w);
	json_finish(&w);
}

void nfg_report_print(FILE *out, const struct nfg_report *rep, bool json)
{
	const struct nfg_finding *f;
	size_t i;

	if (json) {
		print_json(out, rep);
		return;
	}
	for (i = 0; i < rep->n; i++) {
		f = &rep->f[i];
		fprintf(out, "%-4s  %s: %s\n", nfg_level_name(f->level), f->check,
			f->summary);
		print_lines(out, "      ", f->evidence);
		if (f->level != NFG_OK)
			print_lines(out, "      fix: ", f->fix);
	}
	fprintf(out, "%zu ok, %zu warn, %zu fail\n", nfg_report_count(rep, NFG_OK),
		nfg_report_count(rep, NFG_WARN), nfg_report_count(rep, NFG_FAIL));
}

void nfg_report_free(struct nfg_report *rep)
{
	free(rep->f);
	memset(rep, 0, sizeof(*rep));
}
