// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "err.h"
#include "info.h"
#include "ruleset.h"

/* ---- snapshots -------------------------------------------------------- */

struct dump_ctx {
	struct nfg_ruleset *rs;
	bool adopt;		/* take the generation from the first message */
	bool changed;		/* a message of another generation */
};

static int oom(void)
{
	nfg_err("out of memory");
	errno = ENOMEM;
	return MNL_CB_ERROR;
}

/* The top-level attributes of a dump message; false if it is malformed
 * (reported) or of another generation (ctx->changed). */
static bool dump_message(const struct nlmsghdr *nlh, struct dump_ctx *ctx,
			 uint16_t type, const struct nlattr **tb, int *ret)
{
	*ret = MNL_CB_OK;
	if (nfg_attr_parse(nlh, &nfg_top_attrs, tb) < 0) {
		*ret = MNL_CB_ERROR;
		return false;
	}
	if (!tb[NFGATE_A_GENERATION] || !tb[type]) {
		nfg_err("malformed dump message from the kernel: %s or NFGATE_A_GENERATION missing",
			nfg_attr_name(&nfg_top_attrs, type));
		errno = EBADMSG;
		*ret = MNL_CB_ERROR;
		return false;
	}
	if (ctx->adopt)
		ctx->rs->generation = mnl_attr_get_u32(tb[NFGATE_A_GENERATION]);
	ctx->adopt = false;
	if (mnl_attr_get_u32(tb[NFGATE_A_GENERATION]) != ctx->rs->generation)
		ctx->changed = true;
	return !ctx->changed;
}

static int chain_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[NFGATE_A_MAX + 1];
	struct dump_ctx *ctx = data;
	struct nfg_ruleset *rs = ctx->rs;
	struct nfg_chain *chains;
	int ret;

	if (!dump_message(nlh, ctx, NFGATE_A_CHAIN, tb, &ret))
		return ret;
	chains = realloc(rs->chains, (rs->nchains + 1) * sizeof(*chains));
	if (!chains)
		return oom();
	rs->chains = chains;
	if (nfg_chain_decode(tb[NFGATE_A_CHAIN], &chains[rs->nchains]) < 0)
		return MNL_CB_ERROR;
	rs->nchains++;
	return MNL_CB_OK;
}

static int rule_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[NFGATE_A_MAX + 1];
	char name[NFGATE_NAME_MAX] = "";
	struct dump_ctx *ctx = data;
	struct nfg_chain *c;
	struct nfg_rule r;
	int ret;

	if (!dump_message(nlh, ctx, NFGATE_A_RULE, tb, &ret))
		return ret;
	if (nfg_rule_decode(tb[NFGATE_A_RULE], &r, name, sizeof(name)) < 0)
		return MNL_CB_ERROR;
	c = nfg_ruleset_find(ctx->rs, name);
	if (!c || r.position != c->nrules) {
		ctx->changed = true;	/* not the chains we read */
		return MNL_CB_OK;
	}
	return nfg_chain_insert(c, c->nrules, &r) < 0 ? oom() : MNL_CB_OK;
}

/* A GET_RULES dump with NFGATE_DUMP_F_CHAINS: chain and rule messages. */
static int chain_rule_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*g)) {
		nfg_err("malformed dump message from the kernel: no generic netlink header");
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	return g->cmd == NFGATE_CMD_GET_CHAINS ? chain_cb(nlh, data) : rule_cb(nlh, data);
}

/*
 * One dump into rs; NFG_EXIT_OK, NFG_AGAIN or an exit code (reported).
 * flags: NFGATE_A_DUMP_FLAGS of the request, 0 for none. A snapshot dump (a
 * module with NFGATE_FEATURE_SNAPSHOT_DUMPS) sets rs's generation from
 * its messages.
 */
static int dump(struct nfg_nl *nl, struct nfg_req *req, uint8_t cmd,
		uint32_t flags, const char *chain, struct nfg_ruleset *rs,
		const char *what)
{
	struct dump_ctx ctx = {
		.rs = rs,
		.adopt = rs->features & NFGATE_FEATURE_SNAPSHOT_DUMPS,
	};
	mnl_cb_t cb = cmd == NFGATE_CMD_GET_CHAINS ? chain_cb :
		      flags & NFGATE_DUMP_F_CHAINS ? chain_rule_cb : rule_cb;
	struct nfg_ack ack;
	int err;

	nfg_req_init(req, nl, cmd, NLM_F_DUMP, &nfg_top_attrs);
	if (chain)
		mnl_attr_put_strz(req->nlh, NFGATE_A_CHAIN_NAME, chain);
	if (flags)
		mnl_attr_put_u32(req->nlh, NFGATE_A_DUMP_FLAGS, flags);
	err = nfg_nl_transact(nl, req, cb, &ctx, &ack);
	if (err == -EINTR || (err == -ENOENT && ack.error && !ack.family_gone) ||
	    (!err && ctx.changed))
		return NFG_AGAIN;	/* ENOENT: the chain went away */
	if (err)
		return nfg_report_failure(what, err, &ack, req);
	return NFG_EXIT_OK;
}

static int read_info(struct nfg_nl *nl, struct nfg_req *req,
		     struct nfg_ruleset *rs, const char *what)
{
	struct nfg_info info;
	struct nfg_ack ack;
	int err;

	err = nfg_info_query(nl, &info, req, &ack);
	if (err)
		return nfg_report_failure(what, err, &ack, req);
	if (!(info.features & NFGATE_FEATURE_RULES)) {
		nfg_err("%s: the loaded nfgate module (%s) has no chains and rules (feature \"rules\" missing): install and load a newer module",
			what, info.version);
		return NFG_EXIT_FAIL;
	}
	rs->generation = info.generation;
	rs->features = info.features;
	return NFG_EXIT_OK;
}

static int read_two_dumps(struct nfg_nl *nl, struct nfg_req *req,
			  struct nfg_ruleset *rs, const char *rules_of,
			  const char *what)
{
	int rc = dump(nl, req, NFGATE_CMD_GET_CHAINS, 0, NULL, rs, what);

	if (!rc && rs->nchains && (!rules_of || nfg_ruleset_find(rs, rules_of)))
		rc = dump(nl, req, NFGATE_CMD_GET_RULES, 0, rules_of, rs, what);
	return rc;
}

int nfg_ruleset_read(struct nfg_nl *nl, struct nfg_ruleset *rs,
		     const char *rules_of, const char *what)
{
	struct nfg_req *req = malloc(sizeof(*req));
	int rc;

	memset(rs, 0, sizeof(*rs));
	if (!req) {
		nfg_err("out of memory");
		return NFG_EXIT_FAIL;
	}
	/*
	 * GET_INFO first: dumps of nothing carry no generation. A snapshot
	 * module reads chains and rules in one dump; an older one in two,
	 * which must agree on the generation.
	 */
	rc = read_info(nl, req, rs, what);
	if (!rc && rules_of && !*rules_of)
		rc = dump(nl, req, NFGATE_CMD_GET_CHAINS, 0, NULL, rs, what);
	else if (!rc && (rs->features & NFGATE_FEATURE_SNAPSHOT_DUMPS))
		rc = dump(nl, req, NFGATE_CMD_GET_RULES, NFGATE_DUMP_F_CHAINS,
			  rules_of, rs, what);
	else if (!rc)
		rc = read_two_dumps(nl, req, rs, rules_of, what);
	free(req);
	return rc;
}

int nfg_ruleset_read_retry(struct nfg_nl *nl, struct nfg_ruleset *rs,
			   const char *rules_of, const char *what)
{
	int rc = NFG_AGAIN, i;

	memset(rs, 0, sizeof(*rs));
	for (i = 0; i < NFG_READ_RETRIES && rc == NFG_AGAIN; i++) {
		nfg_ruleset_free(rs);	/* what the last attempt read */
		rc = nfg_ruleset_read(nl, rs, rules_of, what);
	}
	if (rc != NFG_AGAIN)
		return rc;
	nfg_err("%s: the ruleset kept changing while it was being read (%d attempts); run the command again",
		what, NFG_READ_RETRIES);
	return NFG_EXIT_FAIL;
}

void nfg_ruleset_free(struct nfg_ruleset *rs)
{
	size_t i;

	for (i = 0; i < rs->nchains; i++)
		nfg_chain_free(&rs->chains[i]);
	free(rs->chains);
	for (i = 0; i < rs->nsets; i++)
		nfg_setdef_free(&rs->sets[i]);
	free(rs->sets);
	memset(rs, 0, sizeof(*rs));
}

void nfg_setdef_free(struct nfg_setdef *set)
{
	nfg_elems_free(&set->elems);
}

struct nfg_setdef *nfg_ruleset_find_set(const struct nfg_ruleset *rs,
					const char *name)
{
	size_t i;

	for (i = 0; i < rs->nsets; i++)
		if (!strcmp(rs->sets[i].name, name))
			return &rs->sets[i];
	return NULL;
}

int nfg_ruleset_add_set(struct nfg_ruleset *rs, const struct nfg_setdef *set)
{
	struct nfg_setdef *v = realloc(rs->sets, (rs->nsets + 1) * sizeof(*v));
	size_t at;

	if (!v)
		return -1;
	rs->sets = v;
	for (at = 0; at < rs->nsets && strcmp(v[at].name, set->name) < 0; at++)
		;
	memmove(&v[at + 1], &v[at], (rs->nsets - at) * sizeof(*v));
	v[at] = *set;
	rs->nsets++;
	rs->has_sets = true;
	return 0;
}

struct nfg_chain *nfg_ruleset_find(const struct nfg_ruleset *rs,
				   const char *name)
{
	size_t i;

	for (i = 0; i < rs->nchains; i++)
		if (!strcmp(rs->chains[i].name, name))
			return &rs->chains[i];
	return NULL;
}

/* ---- commits ---------------------------------------------------------- */

/* Room a set takes in a commit, at most. */
#define SET_ENTRY_MAX (4 * 8 + 3 * NFGATE_NAME_MAX)

static int commit_sets(struct nlmsghdr *nlh, size_t len,
		       const struct nfg_commit *c)
{
	struct nlattr *sets, *set;
	size_t i;

	sets = mnl_attr_nest_start_check(nlh, len, NFGATE_A_SETS);
	if (!sets)
		return -EMSGSIZE;
	sets->nla_type |= NLA_F_NESTED;
	for (i = 0; i < c->nsets; i++) {
		if (nlh->nlmsg_len + SET_ENTRY_MAX > len)
			return -EMSGSIZE;
		set = mnl_attr_nest_start(nlh, NFGATE_A_SET);
		set->nla_type |= NLA_F_NESTED;
		mnl_attr_put_strz(nlh, NFGATE_SET_A_NAME, c->sets[i].name);
		nfg_set_spec_encode(nlh, &c->sets[i].spec);
		if (c->staged && c->staged[i][0])
			mnl_attr_put_strz(nlh, NFGATE_SET_A_NAME2, c->staged[i]);
		mnl_attr_nest_end(nlh, set);
	}
	return nfg_nest_end(nlh, sets);
}

int nfg_commit_build(struct nfg_req *req, const struct nfg_nl *nl,
		     const struct nfg_commit *c)
{
	struct nlmsghdr *nlh = nfg_req_init(req, nl, NFGATE_CMD_COMMIT, 0,
					    &nfg_top_attrs);
	size_t len = sizeof(req->buf), i;
	struct nlattr *chains;
	int err;

	req->describe = nfg_commit_describe;
	req->describe_ctx = c;
	if ((c->flags && !mnl_attr_put_u32_check(nlh, len, NFGATE_A_FLAGS, c->flags)) ||
	    (c->has_generation &&
	     !mnl_attr_put_u32_check(nlh, len, NFGATE_A_GENERATION, c->generation)) ||
	    (c->scope && !mnl_attr_put_strz_check(nlh, len, NFGATE_A_CHAIN_NAME, c->scope)))
		return -EMSGSIZE;
	chains = mnl_attr_nest_start_check(nlh, len, NFGATE_A_CHAINS);
	if (!chains)
		return -EMSGSIZE;
	chains->nla_type |= NLA_F_NESTED;
	for (i = 0; i < c->nchains; i++) {
		err = nfg_chain_encode(nlh, len, &c->chains[i]);
		if (err)
			return err;
	}
	err = nfg_nest_end(nlh, chains);
	if (!err && c->with_sets)
		err = commit_sets(nlh, len, c);
	return err;
}

static void describe_rule(const struct nfg_chain *chain, uint32_t i,
			  char *buf, size_t len)
{
	char text[NFG_RULE_TEXT_MAX], id[40];
	const struct nfg_rule *r = &chain->rules[i];

	nfg_rule_format(r, text, sizeof(text));
	if (r->handle)
		snprintf(id, sizeof(id), "handle %llu", (unsigned long long)r->handle);
	else
		snprintf(id, sizeof(id), "the new rule");
	snprintf(buf, len, "chain \"%s\", rule #%u (%s): %s", chain->name, i, id, text);
}

void nfg_commit_describe(const struct nfg_req *req,
			 const struct nfg_attr_loc *loc, char *buf, size_t len)
{
	const struct nfg_commit *c = req->describe_ctx;
	const struct nfg_chain *chain;
	uint32_t i;

	if (loc->depth >= 2 && loc->path[0].type == NFGATE_A_SETS &&
	    loc->path[1].index < c->nsets) {
		snprintf(buf, len, "set \"%s\"", c->sets[loc->path[1].index].name);
		return;
	}
	if (loc->depth < 2 || loc->path[0].type != NFGATE_A_CHAINS ||
	    loc->path[1].index >= c->nchains)
		return;
	chain = &c->chains[loc->path[1].index];
	if (loc->depth >= 4 && loc->path[2].type == NFGATE_CHAIN_A_RULES &&
	    (i = loc->path[3].index) < chain->nrules)
		describe_rule(chain, i, buf, len);
	else
		snprintf(buf, len, "chain \"%s\"", chain->name);
}

int nfg_commit_send(struct nfg_nl *nl, const struct nfg_commit *c,
		    const char *what)
{
	struct nfg_req *req = malloc(sizeof(*req));
	struct nfg_ack ack;
	int err;

	if (!req) {
		nfg_err("out of memory");
		return NFG_EXIT_FAIL;
	}
	err = nfg_commit_build(req, nl, c);
	if (err) {
		nfg_err("%s: the request does not fit in one netlink message (nested attributes are limited to 64 KiB): too many or too large rules",
			what);
		free(req);
		return NFG_EXIT_FAIL;
	}
	err = nfg_nl_transact(nl, req, NULL, NULL, &ack);
	if (err == -ERESTART && c->has_generation)
		err = NFG_AGAIN;
	else if (err)
		err = nfg_report_failure(what, err, &ack, req);
	free(req);
	return err;
}

int nfg_ruleset_fetch(struct nfg_ruleset *rs, const char *rules_of,
		      const char *what)
{
	struct nfg_nl nl;
	int rc;

	memset(rs, 0, sizeof(*rs));
	rc = nfg_connect(&nl);
	if (rc)
		return rc;
	rc = nfg_ruleset_read_retry(&nl, rs, rules_of, what);
	nfg_nl_close(&nl);
	return rc;
}

/* ---- read-modify-write ------------------------------------------------ */

int nfg_chain_copy(struct nfg_chain *dst, const struct nfg_chain *src)
{
	*dst = *src;
	dst->rules = NULL;
	dst->nrules = dst->cap = 0;
	if (!src->nrules)
		return 0;
	dst->rules = malloc(src->nrules * sizeof(*dst->rules));
	if (!dst->rules)
		return -ENOMEM;
	memcpy(dst->rules, src->rules, src->nrules * sizeof(*dst->rules));
	dst->nrules = dst->cap = src->nrules;
	return 0;
}

/* Rewriting a chain with attributes we do not know would drop them. */
static int check_known(const char *what, const struct nfg_chain *c)
{
	size_t i;
	bool unknown = c->unknown;

	for (i = 0; i < c->nrules; i++)
		unknown |= c->rules[i].unknown;
	if (!unknown)
		return NFG_EXIT_OK;
	nfg_err("%s: chain \"%s\" has settings this nfgatectl does not know (from a newer nfgate?); editing it would drop them: use the nfgatectl of the same release as the module",
		what, c->name);
	return NFG_EXIT_FAIL;
}

static int edit_once(struct nfg_nl *nl, struct nfg_edit *e)
{
	struct nfg_commit commit = { .has_generation = true, .scope = e->chain,
				     .nchains = 1 };
	struct nfg_chain next, *cur;
	struct nfg_ruleset rs;
	int rc;

	nfg_chain_init(&next);
	rc = nfg_ruleset_read(nl, &rs, e->read_rules ? e->chain : "", e->what);
	if (rc)
		goto out;
	cur = nfg_ruleset_find(&rs, e->chain);
	rc = cur ? check_known(e->what, cur) : NFG_EXIT_OK;
	if (!rc)
		rc = e->build(e, cur, &next);
	if (rc)
		goto out;
	commit.generation = rs.generation;
	commit.chains = &next;
	rc = nfg_commit_send(nl, &commit, e->what);
out:
	nfg_chain_free(&next);
	nfg_ruleset_free(&rs);
	return rc;
}

int nfg_edit_run(struct nfg_nl *nl, struct nfg_edit *e)
{
	int rc = NFG_AGAIN, i;

	for (i = 0; i < NFG_RETRIES && rc == NFG_AGAIN; i++)
		rc = edit_once(nl, e);
	if (rc != NFG_AGAIN)
		return rc;
	nfg_err("%s: the ruleset kept changing while it was being edited (%d attempts); run the command again",
		e->what, NFG_RETRIES);
	return NFG_EXIT_FAIL;
}
