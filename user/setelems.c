// SPDX-License-Identifier: GPL-2.0
/* nfgatectl set add|del NAME ELEM... | --file FILE */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "setelem.h"
#include "subcommands.h"

/* Room for the elements nest: a nested attribute stays under 64 KiB. */
#define ELEMS_NEST_MAX (60 * 1024)

struct elems_args {
	bool add;
	const char *what;
	const char *file;
	struct nfg_elem_opts opts;
	char **tokens;		/* element tokens, parsed once the type is known */
	int ntokens;
};

static int parse_opt(const struct nfg_cmd *cmd, struct elems_args *a,
		     const char *key, const char *val)
{
	unsigned long long n;
	char *end;

	if (!val)
		return nfg_usage_err(cmd->name, "%s: %s: missing value", a->what, key);
	if (!strcmp(key, "--file")) {
		a->file = val;
		return NFG_CMD_CONTINUE;
	}
	if (!strcmp(key, "comment")) {
		if (strlen(val) >= NFGATE_COMMENT_MAX)
			return nfg_usage_err(cmd->name, "%s: comment: longer than %d characters",
					     a->what, NFGATE_COMMENT_MAX - 1);
		a->opts.comment = val;
		return NFG_CMD_CONTINUE;
	}
	errno = 0;
	n = strtoull(val, &end, 10);
	if (errno || !*val || *end || val[0] == '-' || n > NFGATE_SET_TIMEOUT_MAX)
		return nfg_usage_err(cmd->name, "%s: timeout: \"%s\" is not a number of seconds 0-%u",
				     a->what, val, NFGATE_SET_TIMEOUT_MAX);
	a->opts.has_timeout = true;
	a->opts.timeout = (uint32_t)n;
	return NFG_CMD_CONTINUE;
}

static bool is_opt(const struct elems_args *a, const char *tok)
{
	return !strcmp(tok, "--file") ||
	       (a->add && (!strcmp(tok, "timeout") || !strcmp(tok, "comment")));
}

static int parse_args(const struct nfg_cmd *cmd, int argc, char *argv[],
		      struct elems_args *a)
{
	int i, rc;

	a->tokens = argv;
	for (i = 0; i < argc; i++) {
		if (!is_opt(a, argv[i])) {
			argv[a->ntokens++] = argv[i];
			continue;
		}
		rc = parse_opt(cmd, a, argv[i], i + 1 < argc ? argv[i + 1] : NULL);
		if (rc != NFG_CMD_CONTINUE)
			return rc;
		i++;
	}
	if (a->file && a->ntokens)
		return nfg_usage_err(cmd->name, "%s: give elements or --file, not both",
				     a->what);
	if (!a->file && !a->ntokens)
		return nfg_usage_err(cmd->name, "%s: no elements given", a->what);
	return NFG_CMD_CONTINUE;
}

static int load(const struct nfg_cmd *cmd, const struct elems_args *a,
		int type, struct nfg_elems *es)
{
	struct nfg_perr err;
	struct nfg_elem e;
	FILE *f;
	int i, rc;

	for (i = 0; i < a->ntokens; i++) {
		if (nfg_elem_parse(a->tokens[i], type, &e, &err) < 0)
			return nfg_usage_err(cmd->name, "%s: %s", a->what, err.msg);
		if (nfg_elems_push(es, &e) < 0)
			return NFG_EXIT_FAIL;
	}
	if (!a->file)
		return NFG_CMD_CONTINUE;
	f = strcmp(a->file, "-") ? fopen(a->file, "r") : stdin;
	if (!f) {
		nfg_err("%s: cannot open %s: %s", a->what, a->file, strerror(errno));
		return NFG_EXIT_USAGE;
	}
	rc = nfg_elems_read(f, strcmp(a->file, "-") ? a->file : "<stdin>", type,
			    es, &err);
	if (f != stdin)
		fclose(f);
	if (rc < 0)
		return nfg_usage_err(cmd->name, "%s: %s", a->what, err.msg);
	if (!es->n)
		return nfg_usage_err(cmd->name, "%s: %s holds no elements", a->what,
				     a->file);
	return NFG_CMD_CONTINUE;
}

/* What the describe callback needs: the elements of this message. */
struct chunk {
	const struct nfg_elem *v;
	size_t n;
	int type;
};

static void describe_elem(const struct nfg_req *req,
			  const struct nfg_attr_loc *loc, char *buf, size_t len)
{
	const struct chunk *c = req->describe_ctx;
	char text[64];

	if (loc->depth < 2 || loc->path[0].type != NFGATE_SET_A_ELEMS ||
	    loc->path[1].index >= c->n)
		return;
	nfg_elem_format(&c->v[loc->path[1].index], c->type, text, sizeof(text));
	snprintf(buf, len, "element %s", text);
}

/* Send es in messages of up to ELEMS_NEST_MAX bytes of elements. */
static int send_elems(struct nfg_nl *nl, struct nfg_req *req, const char *name,
		      const struct elems_args *a, int type,
		      const struct nfg_elems *es)
{
	struct chunk c = { .type = type };
	struct nlattr *nest;
	size_t done = 0, limit;
	int rc = NFG_EXIT_OK;

	while (!rc && done < es->n) {
		nfg_set_req(req, nl, a->add ? NFGATE_CMD_SET_ADD : NFGATE_CMD_SET_DEL,
			    0, name);
		nest = mnl_attr_nest_start(req->nlh, NFGATE_SET_A_ELEMS);
		limit = req->nlh->nlmsg_len + ELEMS_NEST_MAX;
		c.v = &es->v[done];
		for (c.n = 0; done + c.n < es->n; c.n++)
			if (nfg_elem_encode(req->nlh, limit, type, &es->v[done + c.n],
					    a->add ? &a->opts : NULL) < 0)
				break;
		mnl_attr_nest_end(req->nlh, nest);
		req->describe = describe_elem;
		req->describe_ctx = &c;
		rc = nfg_nl_talk(nl, req, NULL, NULL, a->what);
		done += c.n;
	}
	return rc;
}

static int run(struct elems_args *a, const struct nfg_cmd *cmd, const char *name)
{
	struct nfg_elems es = { 0 };
	struct nfg_set_info info;
	struct nfg_req *req;
	struct nfg_nl nl;
	int rc;

	rc = nfg_connect(&nl);
	if (rc)
		return rc;
	req = malloc(sizeof(*req));
	rc = req ? nfg_set_info_get(&nl, name, &info, a->what) : NFG_EXIT_FAIL;
	if (!rc)
		rc = load(cmd, a, info.type, &es);
	if (rc == NFG_CMD_CONTINUE)
		rc = send_elems(&nl, req, name, a, info.type, &es);
	nfg_elems_free(&es);
	free(req);
	nfg_nl_close(&nl);
	return rc;
}

static int elems_verb(int argc, char *argv[], const struct nfg_cmd *cmd,
		      const struct nfg_opts *global, bool add)
{
	struct elems_args a = { .add = add, .what = add ? "set add" : "set del" };
	struct nfg_opts opts;
	int rc, i;

	rc = nfg_cmd_parse_args(argc, argv, cmd, global, &opts, 0, &i);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	if (i >= argc)
		return nfg_usage_err(cmd->name, "%s: missing set name", a.what);
	rc = nfg_set_check_name(cmd, a.what, argv[i]);
	if (rc == NFG_CMD_CONTINUE)
		rc = parse_args(cmd, argc - i - 1, argv + i + 1, &a);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	return run(&a, cmd, argv[i]);
}

int nfg_set_add(int argc, char *argv[], const struct nfg_cmd *cmd,
		const struct nfg_opts *global)
{
	return elems_verb(argc, argv, cmd, global, true);
}

int nfg_set_del(int argc, char *argv[], const struct nfg_cmd *cmd,
		const struct nfg_opts *global)
{
	return elems_verb(argc, argv, cmd, global, false);
}
