// SPDX-License-Identifier: GPL-2.0
/* nfgatectl set list [NAME]: sets, elements and counters. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "json.h"
#include "setelem.h"
#include "subcommands.h"

#define DUMP_RETRIES 5

/* ---- set descriptions ------------------------------------------------- */

struct info_list {
	struct nfg_set_info *v;
	size_t n;
};

static uint32_t get_u32(const struct nlattr *a)
{
	return a ? mnl_attr_get_u32(a) : 0;
}

static int info_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[NFGATE_SET_A_MAX + 1];
	struct info_list *l = data;
	struct nfg_set_info *i, *v;

	if (nfg_attr_parse(nlh, &nfg_set_attrs, tb) < 0)
		return MNL_CB_ERROR;
	if (!tb[NFGATE_SET_A_NAME] || !tb[NFGATE_SET_A_TYPE]) {
		nfg_err("malformed set description from the kernel");
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	v = realloc(l->v, (l->n + 1) * sizeof(*v));
	if (!v) {
		errno = ENOMEM;
		return MNL_CB_ERROR;
	}
	l->v = v;
	i = &v[l->n++];
	memset(i, 0, sizeof(*i));
	snprintf(i->name, sizeof(i->name), "%s", mnl_attr_get_str(tb[NFGATE_SET_A_NAME]));
	i->type = mnl_attr_get_u8(tb[NFGATE_SET_A_TYPE]);
	i->maxelem = get_u32(tb[NFGATE_SET_A_MAXELEM]);
	i->timeout = get_u32(tb[NFGATE_SET_A_TIMEOUT]);
	i->flags = get_u32(tb[NFGATE_SET_A_FLAGS]);
	i->count = get_u32(tb[NFGATE_SET_A_COUNT]);
	i->refs = get_u32(tb[NFGATE_SET_A_REFS]);
	i->full = tb[NFGATE_SET_A_FULL] ? mnl_attr_get_u64(tb[NFGATE_SET_A_FULL]) : 0;
	i->mask = tb[NFGATE_SET_A_MASK] ? mnl_attr_get_u8(tb[NFGATE_SET_A_MASK]) : 0;
	i->hits = tb[NFGATE_SET_A_HITS] ? mnl_attr_get_u8(tb[NFGATE_SET_A_HITS]) : 0;
	i->rate = get_u32(tb[NFGATE_SET_A_RATE]);
	i->period = get_u32(tb[NFGATE_SET_A_PERIOD]);
	i->burst = get_u32(tb[NFGATE_SET_A_BURST]);
	i->evicted = tb[NFGATE_SET_A_EVICTED] ?
		     mnl_attr_get_u64(tb[NFGATE_SET_A_EVICTED]) : 0;
	return MNL_CB_OK;
}

static int infos_get(struct nfg_nl *nl, const char *name, struct info_list *l,
		     const char *what)
{
	struct nfg_req *req = malloc(sizeof(*req));
	int rc;

	if (!req) {
		nfg_err("out of memory");
		return NFG_EXIT_FAIL;
	}
	nfg_set_req(req, nl, NFGATE_CMD_GET_SETS, NLM_F_DUMP, name);
	rc = nfg_nl_talk(nl, req, info_cb, l, what);
	free(req);
	return rc;
}

int nfg_set_infos_get(struct nfg_nl *nl, const char *name,
		      struct nfg_set_info **v, size_t *n, const char *what)
{
	struct info_list l = { 0 };
	int rc = infos_get(nl, name, &l, what);

	if (rc) {
		free(l.v);
		l.v = NULL;
		l.n = 0;
	}
	*v = l.v;
	*n = l.n;
	return rc;
}

int nfg_set_info_get(struct nfg_nl *nl, const char *name,
		     struct nfg_set_info *info, const char *what)
{
	struct info_list l = { 0 };
	int rc = infos_get(nl, name, &l, what);

	if (!rc && l.n != 1) {
		nfg_err("%s: the kernel described %zu sets for \"%s\"", what, l.n, name);
		rc = NFG_EXIT_FAIL;
	}
	if (!rc)
		*info = l.v[0];
	free(l.v);
	return rc;
}

/* ---- elements --------------------------------------------------------- */

struct list_elem {
	struct nfg_elem e;
	uint32_t timeout, expires;
	bool has_counters;
	uint64_t packets, bytes;
	char comment[NFGATE_COMMENT_MAX];
	/* recent and rate entries */
	bool has_hits, has_tokens;
	uint32_t hits, tokens, last_seen;
};

struct elem_list {
	int type;
	struct list_elem *v;
	size_t n, cap;
};

static int elem_add(struct elem_list *l, const struct nlattr *nest)
{
	const struct nlattr *tb[NFGATE_ELEM_A_MAX + 1];
	struct list_elem *x;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 256;

		x = realloc(l->v, cap * sizeof(*x));
		if (!x) {
			errno = ENOMEM;
			return -1;
		}
		l->v = x;
		l->cap = cap;
	}
	x = &l->v[l->n];
	memset(x, 0, sizeof(*x));
	if (nfg_elem_decode(nest, l->type, &x->e) < 0 ||
	    nfg_attr_parse_nested(nest, &nfg_elem_attrs, tb) < 0)
		return -1;
	x->timeout = get_u32(tb[NFGATE_ELEM_A_TIMEOUT]);
	x->expires = get_u32(tb[NFGATE_ELEM_A_EXPIRES]);
	x->has_counters = tb[NFGATE_ELEM_A_PACKETS] != NULL;
	if (x->has_counters)
		x->packets = mnl_attr_get_u64(tb[NFGATE_ELEM_A_PACKETS]);
	if (tb[NFGATE_ELEM_A_BYTES])
		x->bytes = mnl_attr_get_u64(tb[NFGATE_ELEM_A_BYTES]);
	x->has_hits = tb[NFGATE_ELEM_A_HITS] != NULL;
	x->hits = get_u32(tb[NFGATE_ELEM_A_HITS]);
	x->has_tokens = tb[NFGATE_ELEM_A_TOKENS] != NULL;
	x->tokens = get_u32(tb[NFGATE_ELEM_A_TOKENS]);
	x->last_seen = get_u32(tb[NFGATE_ELEM_A_LAST_SEEN]);
	if (tb[NFGATE_ELEM_A_COMMENT])
		snprintf(x->comment, sizeof(x->comment), "%s",
			 mnl_attr_get_str(tb[NFGATE_ELEM_A_COMMENT]));
	l->n++;
	return 0;
}

struct elems_dump {
	nfg_elem_cb cb;
	void *data;
};

static int elems_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[NFGATE_SET_A_MAX + 1], *a;
	struct elems_dump *d = data;

	if (nfg_attr_parse(nlh, &nfg_set_attrs, tb) < 0)
		return MNL_CB_ERROR;
	if (!tb[NFGATE_SET_A_ELEMS])
		return MNL_CB_OK;
	mnl_attr_for_each_nested(a, tb[NFGATE_SET_A_ELEMS])
		if (mnl_attr_get_type(a) == NFGATE_SET_A_ELEM && d->cb(a, d->data) < 0)
			return MNL_CB_ERROR;
	return MNL_CB_OK;
}

int nfg_set_elems_dump(struct nfg_nl *nl, const char *name, nfg_elem_cb cb,
		       void (*reset)(void *data), void *data, const char *what)
{
	struct nfg_req *req = malloc(sizeof(*req));
	struct elems_dump d = { .cb = cb, .data = data };
	struct nfg_ack ack;
	int err = -EINTR, i;

	if (!req) {
		nfg_err("out of memory");
		return NFG_EXIT_FAIL;
	}
	for (i = 0; i < DUMP_RETRIES && err == -EINTR; i++) {
		reset(data);
		nfg_set_req(req, nl, NFGATE_CMD_GET_ELEMS, NLM_F_DUMP, name);
		err = nfg_nl_transact(nl, req, elems_cb, &d, &ack);
	}
	if (err)
		err = nfg_report_failure(what, err, &ack, req);
	free(req);
	return err;
}

static int list_elem_cb(const struct nlattr *nest, void *data)
{
	return elem_add(data, nest);
}

static void list_reset(void *data)
{
	((struct elem_list *)data)->n = 0;
}

static int elems_get(struct nfg_nl *nl, const struct nfg_set_info *s,
		     struct elem_list *l, const char *what)
{
	l->type = s->type;
	return nfg_set_elems_dump(nl, s->name, list_elem_cb, list_reset, l, what);
}

/* ---- output ----------------------------------------------------------- */

static const char *period_name(uint32_t seconds)
{
	return seconds == 1 ? "second" : seconds == 60 ? "minute" :
	       seconds == 3600 ? "hour" : seconds == 86400 ? "day" : NULL;
}

/* The words that re-create a recent or rate table's options. */
static void print_meter_opts(const struct nfg_set_info *s)
{
	const char *unit = period_name(s->period);

	printf(" family %s mask %u", nfg_set_family_name(s->type), s->mask);
	if (s->hits)
		printf(" hits %u", s->hits);
	if (s->rate && unit)
		printf(" rate %u/%s burst %u", s->rate, unit, s->burst);
	else if (s->rate)
		printf(" rate %u per %u seconds burst %u", s->rate, s->period, s->burst);
}

static void print_entry_text(const struct list_elem *x)
{
	if (x->has_hits)
		printf(" hits %u", x->hits);
	if (x->has_tokens)
		printf(" tokens %u", x->tokens);
	if (x->has_hits || x->has_tokens)
		printf(" last-seen %u.%03us", x->last_seen / 1000, x->last_seen % 1000);
}

/* Width of the element column on a terminal; 0 (no padding) when piped. */
static int elem_width(const struct nfg_set_info *s, const struct elem_list *l,
		      bool align)
{
	char text[64];
	int w = 0, n;
	size_t i;

	for (i = 0; align && i < l->n; i++) {
		n = (int)nfg_elem_format(&l->v[i].e, s->type, text, sizeof(text));
		w = n > w ? n : w;
	}
	return w;
}

static void print_text(const struct nfg_set_info *s, const struct elem_list *l,
		       bool align)
{
	int width = elem_width(s, l, align);
	char text[64];
	size_t i;

	printf("set %s type %s", s->name, nfg_set_type_name(s->type));
	if (nfg_set_is_meter(s->type))
		print_meter_opts(s);
	if (s->type != NFGATE_SET_PORT)
		printf(" maxelem %u timeout %u%s%s", s->maxelem, s->timeout,
		       s->flags & NFGATE_SET_F_COUNTERS ? " counters" : "",
		       s->flags & NFGATE_SET_F_COMPACT ? " compact" : "");
	printf("  # elements %u refs %u full %llu", s->count, s->refs,
	       (unsigned long long)s->full);
	if (nfg_set_is_meter(s->type))
		printf(" evicted %llu", (unsigned long long)s->evicted);
	printf("\n");
	for (i = 0; i < l->n; i++) {
		const struct list_elem *x = &l->v[i];

		nfg_elem_format(&x->e, s->type, text, sizeof(text));
		/* padded only when something follows */
		printf("\t%-*s", x->timeout || x->has_counters || x->comment[0] ?
		       width : 0, text);
		if (x->timeout)
			printf(" timeout %*u expires %*u.%03us", align ? 7 : 0,
			       x->timeout, align ? 7 : 0, x->expires / 1000,
			       x->expires % 1000);
		print_entry_text(x);
		if (x->has_counters)
			printf(" packets %llu bytes %llu",
			       (unsigned long long)x->packets,
			       (unsigned long long)x->bytes);
		if (x->comment[0])
			printf(" comment \"%s\"", x->comment);
		printf("\n");
	}
}

static void print_json(struct json_writer *w, const struct nfg_set_info *s,
		       const struct elem_list *l)
{
	char text[64];
	size_t i;

	json_object_begin(w);
	json_member_string(w, "name", s->name);
	json_member_string(w, "type", nfg_set_type_name(s->type));
	json_member_u64(w, "maxelem", s->maxelem);
	json_member_u64(w, "timeout", s->timeout);
	json_member_bool(w, "counters", s->flags & NFGATE_SET_F_COUNTERS);
	json_member_bool(w, "compact", s->flags & NFGATE_SET_F_COMPACT);
	json_member_u64(w, "count", s->count);
	json_member_u64(w, "refs", s->refs);
	json_member_u64(w, "full", s->full);
	if (nfg_set_is_meter(s->type)) {
		json_member_string(w, "family", nfg_set_family_name(s->type));
		json_member_u64(w, "mask", s->mask);
		if (s->hits)
			json_member_u64(w, "hits", s->hits);
		if (s->rate) {
			json_member_u64(w, "rate", s->rate);
			json_member_u64(w, "period", s->period);
			json_member_u64(w, "burst", s->burst);
		}
		json_member_u64(w, "evicted", s->evicted);
	}
	json_key(w, "elements");
	json_array_begin(w);
	for (i = 0; i < l->n; i++) {
		const struct list_elem *x = &l->v[i];

		nfg_elem_format(&x->e, s->type, text, sizeof(text));
		json_object_begin(w);
		json_member_string(w, "elem", text);
		if (x->timeout) {
			json_member_u64(w, "timeout", x->timeout);
			json_member_u64(w, "expires_ms", x->expires);
		}
		if (x->has_counters) {
			json_member_u64(w, "packets", x->packets);
			json_member_u64(w, "bytes", x->bytes);
		}
		if (x->comment[0])
			json_member_string(w, "comment", x->comment);
		if (x->has_hits)
			json_member_u64(w, "hits", x->hits);
		if (x->has_tokens)
			json_member_u64(w, "tokens", x->tokens);
		if (x->has_hits || x->has_tokens)
			json_member_u64(w, "last_seen_ms", x->last_seen);
		json_object_end(w);
	}
	json_array_end(w);
	json_object_end(w);
}

static int list_all(struct nfg_nl *nl, const struct info_list *sets, bool json)
{
	bool align = !json && isatty(STDOUT_FILENO);
	struct elem_list l = { 0 };
	struct json_writer w;
	size_t i;
	int rc = NFG_EXIT_OK;

	if (json) {
		json_init(&w, stdout);
		json_object_begin(&w);
		json_key(&w, "sets");
		json_array_begin(&w);
	}
	for (i = 0; i < sets->n && !rc; i++) {
		rc = elems_get(nl, &sets->v[i], &l, "set list");
		if (rc)
			break;
		if (json)
			print_json(&w, &sets->v[i], &l);
		else
			print_text(&sets->v[i], &l, align);
	}
	if (json) {
		json_array_end(&w);
		json_object_end(&w);
		json_finish(&w);
	}
	free(l.v);
	return rc;
}

int nfg_set_list(int argc, char *argv[], const struct nfg_cmd *cmd,
		 const struct nfg_opts *global)
{
	struct info_list sets = { 0 };
	struct nfg_opts opts;
	const char *name;
	struct nfg_nl nl;
	int rc;

	rc = nfg_cmd_parse_list(argc, argv, cmd, global, "set list", &opts, &name);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	if (name) {
		rc = nfg_set_check_name(cmd, "set list", name);
		if (rc != NFG_CMD_CONTINUE)
			return rc;
	}
	rc = nfg_connect(&nl);
	if (rc)
		return rc;
	rc = infos_get(&nl, name, &sets, "set list");
	if (!rc)
		rc = list_all(&nl, &sets, opts.json);
	free(sets.v);
	nfg_nl_close(&nl);
	return rc;
}
