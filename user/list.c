// SPDX-License-Identifier: GPL-2.0
/*
 * nfgatectl list [CHAIN]: the chains and their rules, with counters;
 * nfgatectl rule list [CHAIN]: the rules alone, one line each.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "json.h"
#include "ruleset.h"
#include "subcommands.h"

const char nfg_list_usage[] =
	"Usage: nfgatectl list [CHAIN] [-j]\n"
	"\n"
	"List the chains (or CHAIN) with their spec and policy counters, and their\n"
	"rules with handles and counters:\n"
	"\n"
	"  chain in {\n"
	"  \thook input family inet priority filter policy drop  # packets 3 bytes 180\n"
	"  \tl4proto tcp dport 22 accept  # handle 1 packets 10 bytes 600\n"
	"  }\n"
	"\n"
	"Options:\n"
	"  -j, --json  print one JSON object (schema in nfgatectl(8))\n"
	"  -h, --help  show this help\n";

/* Columns up to which the "# ..." comments are aligned on a terminal. */
#define ALIGN_MAX 72

static void line(FILE *out, const char *text, int width, const char *comment)
{
	fprintf(out, "\t%-*s  # %s\n", width, text, comment);
}

static int text_width(const struct nfg_chain *c, bool align)
{
	char text[NFG_RULE_TEXT_MAX];
	size_t w, max;
	size_t i;

	if (!align)
		return 0;
	max = nfg_chain_format_spec(c, text, sizeof(text));
	for (i = 0; i < c->nrules; i++) {
		w = nfg_rule_format(&c->rules[i], text, sizeof(text));
		if (w > max && w <= ALIGN_MAX)
			max = w;
	}
	return (int)(max > ALIGN_MAX ? ALIGN_MAX : max);
}

static void print_chain(FILE *out, const struct nfg_chain *c, bool align)
{
	int width = text_width(c, align);
	char text[NFG_RULE_TEXT_MAX], comment[160];
	const struct nfg_rule *r;
	size_t i;

	fprintf(out, "chain %s {\n", c->name);
	nfg_chain_format_spec(c, text, sizeof(text));
	snprintf(comment, sizeof(comment), "packets %llu bytes %llu%s",
		 (unsigned long long)c->packets, (unsigned long long)c->bytes,
		 c->unknown ? " (has settings this nfgatectl does not know)" : "");
	line(out, text, width, comment);
	for (i = 0; i < c->nrules; i++) {
		r = &c->rules[i];
		nfg_rule_format(r, text, sizeof(text));
		snprintf(comment, sizeof(comment), "handle %llu packets %llu bytes %llu%s",
			 (unsigned long long)r->handle, (unsigned long long)r->packets,
			 (unsigned long long)r->bytes,
			 r->unknown ? " (has settings this nfgatectl does not know)" : "");
		line(out, text, width, comment);
	}
	fprintf(out, "}\n");
}

/* "sets": [{"name", "spec", "elements": ["ELEM [timeout S] [comment ...]"]}]
 * (show --json; list reads no sets). */
static void sets_json(struct json_writer *w, const struct nfg_ruleset *rs)
{
	char text[NFG_RULE_TEXT_MAX];
	const struct nfg_setdef *s;
	size_t i, j;

	json_key(w, "sets");
	json_array_begin(w);
	for (i = 0; i < rs->nsets; i++) {
		s = &rs->sets[i];
		json_object_begin(w);
		json_member_string(w, "name", s->name);
		nfg_set_spec_format(&s->spec, text, sizeof(text));
		json_member_string(w, "spec", text);
		json_member_bool(w, "dynamic", s->spec.flags & NFGATE_SET_F_DYNAMIC);
		json_member_u64(w, "count", s->count);
		json_key(w, "elements");
		json_array_begin(w);
		for (j = 0; j < s->elems.n; j++) {
			nfg_elem_line_format(&s->elems.v[j], s->spec.type, text,
					     sizeof(text));
			json_string(w, text);
		}
		json_array_end(w);
		json_object_end(w);
	}
	json_array_end(w);
}

void nfg_ruleset_print(FILE *out, const struct nfg_ruleset *rs, bool json,
		       bool align)
{
	struct json_writer w;
	size_t i;

	if (!json) {
		for (i = 0; i < rs->nchains; i++) {
			if (i)
				fputc('\n', out);
			print_chain(out, &rs->chains[i], align);
		}
		return;
	}
	json_init(&w, out);
	json_object_begin(&w);
	json_member_u64(&w, "generation", rs->generation);
	json_key(&w, "chains");
	json_array_begin(&w);
	for (i = 0; i < rs->nchains; i++)
		nfg_chain_json(&w, &rs->chains[i], true);
	json_array_end(&w);
	if (rs->has_sets)
		sets_json(&w, rs);
	json_object_end(&w);
	json_finish(&w);
}

/* Keep only chain name in rs; false if there is none. */
static bool keep_only(struct nfg_ruleset *rs, const char *name)
{
	struct nfg_chain *c = nfg_ruleset_find(rs, name), keep;
	size_t i;

	if (!c)
		return false;
	keep = *c;
	for (i = 0; i < rs->nchains; i++)
		if (&rs->chains[i] != c)
			nfg_chain_free(&rs->chains[i]);
	rs->chains[0] = keep;
	rs->nchains = 1;
	return true;
}

typedef void (*list_printer)(FILE *out, const struct nfg_ruleset *rs,
			     bool json, bool align);

/* WHAT [CHAIN] [-j]: fetch the rules (of CHAIN) and print them. */
static int list_rules(int argc, char *argv[], const struct nfg_cmd *cmd,
		      const struct nfg_opts *global, const char *what,
		      list_printer print)
{
	struct nfg_ruleset rs;
	struct nfg_opts opts;
	const char *chain;
	int rc;

	rc = nfg_cmd_parse_list(argc, argv, cmd, global, what, &opts, &chain);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	if (chain && nfg_check_chain_name(cmd, what, chain) != NFG_CMD_CONTINUE)
		return NFG_EXIT_USAGE;
	rc = nfg_ruleset_fetch(&rs, chain, what);
	if (!rc && chain && !keep_only(&rs, chain)) {
		nfg_err("%s: no chain \"%s\"", what, chain);
		rc = NFG_EXIT_FAIL;
	}
	if (!rc)
		print(stdout, &rs, opts.json, isatty(STDOUT_FILENO));
	nfg_ruleset_free(&rs);
	return rc;
}

int list_main(int argc, char *argv[], const struct nfg_cmd *cmd,
	      const struct nfg_opts *global)
{
	return list_rules(argc, argv, cmd, global, "list", nfg_ruleset_print);
}

/* ---- rule list ---------------------------------------------------------- */

struct rule_cols {
	int chain, handle, rule;
};

/* Column widths on a terminal; all 0 (single spaces) when piped. */
static struct rule_cols rule_cols(const struct nfg_ruleset *rs, bool align)
{
	char text[NFG_RULE_TEXT_MAX];
	struct rule_cols w = { 0 };
	const struct nfg_chain *c;
	size_t i, j;
	int n;

	for (i = 0; align && i < rs->nchains; i++) {
		c = &rs->chains[i];
		for (j = 0; j < c->nrules; j++) {
			n = (int)strlen(c->name);
			w.chain = n > w.chain ? n : w.chain;
			n = snprintf(text, sizeof(text), "%llu",
				     (unsigned long long)c->rules[j].handle);
			w.handle = n > w.handle ? n : w.handle;
			n = (int)nfg_rule_format(&c->rules[j], text, sizeof(text));
			if (n > w.rule && n <= ALIGN_MAX)
				w.rule = n;
		}
	}
	return w;
}

static void rule_list_text(FILE *out, const struct nfg_ruleset *rs, bool align)
{
	struct rule_cols w = rule_cols(rs, align);
	char text[NFG_RULE_TEXT_MAX];
	const struct nfg_rule *r;
	size_t i, j;

	for (i = 0; i < rs->nchains; i++) {
		for (j = 0; j < rs->chains[i].nrules; j++) {
			r = &rs->chains[i].rules[j];
			nfg_rule_format(r, text, sizeof(text));
			fprintf(out, "%-*s %*llu %-*s  # packets %llu bytes %llu%s\n",
				w.chain, rs->chains[i].name, w.handle,
				(unsigned long long)r->handle, w.rule, text,
				(unsigned long long)r->packets,
				(unsigned long long)r->bytes,
				r->unknown ? " (has settings this nfgatectl does not know)" : "");
		}
	}
}

static void rule_list_json(FILE *out, const struct nfg_ruleset *rs)
{
	struct json_writer w;
	size_t i, j;

	json_init(&w, out);
	json_object_begin(&w);
	json_member_u64(&w, "generation", rs->generation);
	json_key(&w, "rules");
	json_array_begin(&w);
	for (i = 0; i < rs->nchains; i++) {
		for (j = 0; j < rs->chains[i].nrules; j++) {
			json_object_begin(&w);
			json_member_string(&w, "chain", rs->chains[i].name);
			nfg_rule_json_members(&w, &rs->chains[i].rules[j]);
			json_object_end(&w);
		}
	}
	json_array_end(&w);
	json_object_end(&w);
	json_finish(&w);
}

void nfg_rule_list_print(FILE *out, const struct nfg_ruleset *rs, bool json,
			 bool align)
{
	if (json)
		rule_list_json(out, rs);
	else
		rule_list_text(out, rs, align);
}

int nfg_rule_list(int argc, char *argv[], const struct nfg_cmd *cmd,
		  const struct nfg_opts *global)
{
	return list_rules(argc, argv, cmd, global, "rule list",
			  nfg_rule_list_print);
}
