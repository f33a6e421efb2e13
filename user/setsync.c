// SPDX-License-Identifier: GPL-2.0
/*
 * Sets of the whole state, for apply and show: reading the live sets into
 * a snapshot, and staging the contents a commit with sets needs (see
 * "Sets in a commit" in include/uapi/linux/nfgate.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "setsync.h"

/* ---- reading ---------------------------------------------------------- */

struct read_ctx {
	struct nfg_setdef *set;
};

static int read_elem(const struct nlattr *nest, void *data)
{
	const struct nlattr *tb[NFGATE_ELEM_A_MAX + 1];
	struct read_ctx *r = data;
	struct nfg_elem e;

	if (nfg_elem_decode(nest, r->set->spec.type, &e) < 0 ||
	    nfg_attr_parse_nested(nest, &nfg_elem_attrs, tb) < 0)
		return -1;
	e.has_timeout = true;
	e.timeout = tb[NFGATE_ELEM_A_TIMEOUT] ?
		    mnl_attr_get_u32(tb[NFGATE_ELEM_A_TIMEOUT]) : 0;
	if (tb[NFGATE_ELEM_A_COMMENT] &&
	    !(e.comment = strdup(mnl_attr_get_str(tb[NFGATE_ELEM_A_COMMENT]))))
		return -1;
	if (nfg_elems_push(&r->set->elems, &e) < 0) {
		free(e.comment);
		return -1;
	}
	return 0;
}

static void read_reset(void *data)
{
	struct read_ctx *r = data;

	nfg_elems_truncate(&r->set->elems, 0);
}

static int read_set(struct nfg_nl *nl, const struct nfg_set_info *i,
		    struct nfg_setdef *set, const char *what)
{
	struct read_ctx r = { .set = set };
	int rc;

	memset(set, 0, sizeof(*set));
	snprintf(set->name, sizeof(set->name), "%s", i->name);
	nfg_set_spec_from_info(&set->spec, i->type, i->maxelem, i->timeout,
			       i->flags);
	nfg_set_spec_meter_from_info(&set->spec, i);
	set->count = i->count;
	set->refs = i->refs;
	set->full = i->full;
	if (set->spec.flags & NFGATE_SET_F_DYNAMIC)
		return NFG_EXIT_OK;
	rc = nfg_set_elems_dump(nl, set->name, read_elem, read_reset, &r, what);
	nfg_elems_inherit(&set->elems, &set->spec);
	nfg_elems_normalize(&set->elems, set->spec.type);
	return rc;
}

int nfg_sets_read(struct nfg_nl *nl, struct nfg_ruleset *rs, const char *what)
{
	struct nfg_set_info *v;
	struct nfg_setdef set;
	size_t n, i;
	int rc;

	rc = nfg_set_infos_get(nl, NULL, &v, &n, what);
	for (i = 0; !rc && i < n; i++) {
		rc = read_set(nl, &v[i], &set, what);
		if (!rc && nfg_ruleset_add_set(rs, &set) < 0) {
			nfg_err("%s: out of memory", what);
			rc = NFG_EXIT_FAIL;
		}
		if (rc)
			nfg_setdef_free(&set);
	}
	rs->has_sets = true;
	free(v);
	return rc;
}

int nfg_state_fetch(struct nfg_ruleset *rs, const char *what)
{
	struct nfg_nl nl;
	int rc;

	memset(rs, 0, sizeof(*rs));
	rc = nfg_connect(&nl);
	if (rc)
		return rc;
	rc = nfg_ruleset_read_retry(&nl, rs, NULL, what);
	if (!rc && (rs->features & NFGATE_FEATURE_SETS))
		rc = nfg_sets_read(&nl, rs, what);
	nfg_nl_close(&nl);
	return rc;
}

/* ---- staging ---------------------------------------------------------- */

/* Does next's set need staged contents, given the live state? */
static bool needs_staging(const struct nfg_setdef *set,
			  const struct nfg_ruleset *live)
{
	const struct nfg_setdef *l = nfg_ruleset_find_set(live, set->name);

	if (set->spec.flags & NFGATE_SET_F_DYNAMIC)
		return false;
	if (l && nfg_set_spec_same(&l->spec, &set->spec))
		return !nfg_elems_same(&l->elems, &set->elems);
	return set->elems.n > 0;	/* a new set starts empty */
}

static int stage_create(struct nfg_nl *nl, const char *name,
			const struct nfg_set_spec *spec, const char *what)
{
	struct nfg_req *req = malloc(sizeof(*req));
	struct nfg_set_spec s = *spec;
	int rc;

	if (!req) {
		nfg_err("out of memory");
		return NFG_EXIT_FAIL;
	}
	s.flags |= NFGATE_SET_F_STAGING;
	nfg_set_req(req, nl, NFGATE_CMD_SET_CREATE, 0, name);
	nfg_set_spec_encode(req->nlh, &s);
	rc = nfg_nl_talk(nl, req, NULL, NULL, what);
	free(req);
	return rc;
}

int nfg_stage_set(struct nfg_nl *nl, const struct nfg_set_spec *spec,
		  const struct nfg_elems *es, char *name, size_t len,
		  const char *what)
{
	static unsigned int seq;
	int rc;

	snprintf(name, len, ".stage.%d.%u", (int)getpid(), seq++);
	rc = stage_create(nl, name, spec, what);
	if (!rc)
		rc = nfg_set_send_elems(nl, name, true, spec->type, es, NULL, what);
	return rc;
}

int nfg_sets_stage(struct nfg_nl *nl, const struct nfg_ruleset *next,
		   const struct nfg_ruleset *live, char (*staged)[NFGATE_NAME_MAX],
		   const char *what)
{
	char msg[NFGATE_NAME_MAX + 64];
	size_t i;
	int rc = NFG_EXIT_OK;

	for (i = 0; !rc && i < next->nsets; i++) {
		staged[i][0] = '\0';
		if (!needs_staging(&next->sets[i], live))
			continue;
		snprintf(msg, sizeof(msg), "%s: set %s", what, next->sets[i].name);
		rc = nfg_stage_set(nl, &next->sets[i].spec, &next->sets[i].elems,
				   staged[i], NFGATE_NAME_MAX, msg);
	}
	return rc;
}

/* ---- diff ------------------------------------------------------------- */

/* Element lines of a diff beyond which only their number is printed. */
#define DIFF_ELEMS_MAX 100

static void diff_elem(FILE *out, char mark, const struct nfg_setdef *set,
		      const struct nfg_elem *e, size_t *shown)
{
	char text[NFG_RULE_TEXT_MAX];

	if ((*shown)++ >= DIFF_ELEMS_MAX)
		return;
	nfg_elem_line_format(e, set->spec.type, text, sizeof(text));
	fprintf(out, "%c\t%s\n", mark, text);
}

static bool elem_same(const struct nfg_elem *x, const struct nfg_elem *y)
{
	struct nfg_elems a = { .v = (struct nfg_elem *)x, .n = 1 };
	struct nfg_elems b = { .v = (struct nfg_elem *)y, .n = 1 };

	return nfg_elems_same(&a, &b);
}

/* The elements of a and b (both sorted) as - and + lines. */
static void diff_elems(FILE *out, const struct nfg_setdef *a,
		       const struct nfg_setdef *b)
{
	size_t i = 0, j = 0, shown = 0, gone = 0, come = 0;
	int cmp;

	while (i < a->elems.n || j < b->elems.n) {
		if (i == a->elems.n)
			cmp = 1;
		else if (j == b->elems.n)
			cmp = -1;
		else
			cmp = nfg_elem_cmp(&a->elems.v[i], &b->elems.v[j]);
		if (!cmp && elem_same(&a->elems.v[i], &b->elems.v[j])) {
			i++;
			j++;
			continue;
		}
		if (cmp <= 0) {
			diff_elem(out, '-', a, &a->elems.v[i++], &shown);
			gone++;
		}
		if (cmp >= 0) {
			diff_elem(out, '+', b, &b->elems.v[j++], &shown);
			come++;
		}
	}
	if (shown > DIFF_ELEMS_MAX)
		fprintf(out, " \t# %zu elements removed, %zu added (%zu lines not shown)\n",
			gone, come, shown - DIFF_ELEMS_MAX);
}

static void diff_whole_set(FILE *out, char mark, const struct nfg_setdef *set)
{
	char text[NFG_RULE_TEXT_MAX];
	size_t i, shown = 0;

	nfg_set_spec_format(&set->spec, text, sizeof(text));
	fprintf(out, "%cset %s {\n%c\t%s\n", mark, set->name, mark, text);
	for (i = 0; i < set->elems.n; i++)
		diff_elem(out, mark, set, &set->elems.v[i], &shown);
	if (shown > DIFF_ELEMS_MAX)
		fprintf(out, "%c\t# %zu elements (%zu not shown)\n", mark,
			set->elems.n, shown - DIFF_ELEMS_MAX);
	fprintf(out, "%c}\n", mark);
}

static void diff_set(FILE *out, const struct nfg_setdef *a,
		     const struct nfg_setdef *b)
{
	char sa[NFG_RULE_TEXT_MAX], sb[NFG_RULE_TEXT_MAX];
	bool dynamic = b->spec.flags & NFGATE_SET_F_DYNAMIC;
	bool spec = nfg_set_spec_same(&a->spec, &b->spec);

	if (spec && (dynamic || nfg_elems_same(&a->elems, &b->elems)))
		return;
	nfg_set_spec_format(&a->spec, sa, sizeof(sa));
	nfg_set_spec_format(&b->spec, sb, sizeof(sb));
	fprintf(out, " set %s {\n", a->name);
	if (!spec) {
		fprintf(out, "-\t%s\n+\t%s\n", sa, sb);
		if (dynamic)
			fprintf(out, " \t# dynamic: replaced by a new, empty set\n");
	} else {
		fprintf(out, " \t%s\n", sa);
	}
	if (!dynamic)
		diff_elems(out, a, b);
	fputs(" }\n", out);
}

void nfg_sets_diff(FILE *out, const struct nfg_ruleset *from,
		   const struct nfg_ruleset *to)
{
	size_t i = 0, j = 0;
	int cmp;

	while (i < from->nsets || j < to->nsets) {
		if (i == from->nsets)
			cmp = 1;
		else if (j == to->nsets)
			cmp = -1;
		else
			cmp = strcmp(from->sets[i].name, to->sets[j].name);
		if (cmp < 0)
			diff_whole_set(out, '-', &from->sets[i++]);
		else if (cmp > 0)
			diff_whole_set(out, '+', &to->sets[j++]);
		else
			diff_set(out, &from->sets[i++], &to->sets[j++]);
	}
}
