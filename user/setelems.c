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

/* Take "--file FILE" out of argv; the rest are the element words,
 * checked now, parsed once the set's type is known. */
static int parse_args(const struct nfg_cmd *cmd, int argc, char *argv[],
		      struct elems_args *a)
{
	struct nfg_perr err;
	int i, n;

	a->tokens = argv;
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--file")) {
			argv[a->ntokens++] = argv[i];
			continue;
		}
		if (i + 1 >= argc)
			return nfg_usage_err(cmd->name, "%s: --file: missing value",
					     a->what);
		a->file = argv[++i];
	}
	n = nfg_elem_words_parse(a->ntokens, a->tokens, 0, a->add, NULL,
				 &a->opts, &err);
	if (n < 0)
		return nfg_usage_err(cmd->name, "%s: %s", a->what, err.msg);
	if (a->file && n)
		return nfg_usage_err(cmd->name, "%s: give elements or --file, not both",
				     a->what);
	if (!a->file && !n)
		return nfg_usage_err(cmd->name, "%s: no elements given", a->what);
	return NFG_CMD_CONTINUE;
}

static int load(const struct nfg_cmd *cmd, const struct elems_args *a,
		int type, struct nfg_elems *es)
{
	struct nfg_elem_opts opts;
	struct nfg_perr err;
	FILE *f;
	int rc;

	if (nfg_elem_words_parse(a->ntokens, a->tokens, type, a->add, es,
				 &opts, &err) < 0)
		return nfg_usage_err(cmd->name, "%s: %s", a->what, err.msg);
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

int nfg_set_send_elems(struct nfg_nl *nl, const char *name, bool add,
		       int type, const struct nfg_elems *es,
		       const struct nfg_elem_opts *o, const char *what)
{
	struct nfg_req *req = malloc(sizeof(*req));
	struct chunk c = { .type = type };
	struct nlattr *nest;
	size_t done = 0, limit;
	int rc = NFG_EXIT_OK;

	if (!req) {
		nfg_err("out of memory");
		return NFG_EXIT_FAIL;
	}
	while (!rc && done < es->n) {
		nfg_set_req(req, nl, add ? NFGATE_CMD_SET_ADD : NFGATE_CMD_SET_DEL,
			    0, name);
		nest = mnl_attr_nest_start(req->nlh, NFGATE_SET_A_ELEMS);
		limit = req->nlh->nlmsg_len + ELEMS_NEST_MAX;
		c.v = &es->v[done];
		for (c.n = 0; done + c.n < es->n; c.n++)
			if (nfg_elem_encode(req->nlh, limit, type, &es->v[done + c.n],
					    o) < 0)
				break;
		mnl_attr_nest_end(req->nlh, nest);
		req->describe = describe_elem;
		req->describe_ctx = &c;
		rc = nfg_nl_talk(nl, req, NULL, NULL, what);
		done += c.n;
	}
	free(req);
	return rc;
}

static int run(struct elems_args *a, const struct nfg_cmd *cmd, const char *name)
{
	struct nfg_elems es = { 0 };
	struct nfg_set_info info;
	struct nfg_nl nl;
	int rc;

	rc = nfg_connect(&nl);
	if (rc)
		return rc;
	rc = nfg_set_info_get(&nl, name, &info, a->what);
	if (!rc)
		rc = load(cmd, a, info.type, &es);
	if (rc == NFG_CMD_CONTINUE)
		rc = nfg_set_send_elems(&nl, name, a->add, info.type, &es,
					a->add ? &a->opts : NULL, a->what);
	nfg_elems_free(&es);
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
