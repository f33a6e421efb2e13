// SPDX-License-Identifier: GPL-2.0
/*
 * nfgatectl set load NAME FILE|- [--replace]: a file of elements, read
 * whole and checked before anything is sent, then streamed to the set in
 * as many messages as it takes. With --replace the file goes into a
 * staging set of the same spec that is then swapped with the set, so that
 * packets see the old contents or the new, never a mix.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "setsync.h"
#include "subcommands.h"

struct load_args {
	const char *name, *file;
	bool replace;
};

static int parse(const struct nfg_cmd *cmd, int argc, char *argv[],
		 struct load_args *a)
{
	const char *words[2] = { NULL, NULL };
	int i, n = 0;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--replace")) {
			a->replace = true;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return nfg_usage_err(cmd->name, "set load: unknown option '%s'",
					     argv[i]);
		} else if (n < 2) {
			words[n++] = argv[i];
		} else {
			return nfg_usage_err(cmd->name, "set load: unexpected argument '%s'",
					     argv[i]);
		}
	}
	if (n < 2)
		return nfg_usage_err(cmd->name, "set load: expected a set name and a file (- for standard input)");
	a->name = words[0];
	a->file = words[1];
	return nfg_set_check_name(cmd, "set load", a->name);
}

static int read_file(const struct load_args *a, int type, struct nfg_elems *es)
{
	bool std = !strcmp(a->file, "-");
	FILE *f = std ? stdin : fopen(a->file, "r");
	struct nfg_perr err;
	int rc;

	if (!f) {
		nfg_err("set load: cannot open %s: %s", a->file, strerror(errno));
		return NFG_EXIT_USAGE;
	}
	rc = nfg_elems_read(f, std ? "<stdin>" : a->file, type, es, &err);
	if (!std)
		fclose(f);
	if (rc < 0) {
		nfg_err("set load: %s (nothing was loaded)", err.msg);
		return NFG_EXIT_USAGE;
	}
	return NFG_EXIT_OK;
}

/* Swap the staging set in, then destroy it (now holding the old
 * contents; it would go with the socket anyway). */
static int swap_in(struct nfg_nl *nl, const char *name, const char *staged)
{
	struct nfg_req *req = malloc(sizeof(*req));
	int rc;

	if (!req) {
		nfg_err("out of memory");
		return NFG_EXIT_FAIL;
	}
	nfg_set_req(req, nl, NFGATE_CMD_SET_SWAP, 0, name);
	mnl_attr_put_strz(req->nlh, NFGATE_SET_A_NAME2, staged);
	rc = nfg_nl_talk(nl, req, NULL, NULL, "set load: swap");
	if (!rc) {
		nfg_set_req(req, nl, NFGATE_CMD_SET_DESTROY, 0, staged);
		rc = nfg_nl_talk(nl, req, NULL, NULL, "set load: destroy the old contents");
	}
	free(req);
	return rc;
}

static int load(struct nfg_nl *nl, const struct load_args *a)
{
	struct nfg_elems es = { 0 };
	struct nfg_set_info info;
	struct nfg_set_spec spec;
	char staged[NFGATE_NAME_MAX];
	int rc;

	rc = nfg_set_info_get(nl, a->name, &info, "set load");
	if (!rc)
		rc = read_file(a, info.type, &es);
	if (!rc && !a->replace)
		rc = nfg_set_send_elems(nl, a->name, true, info.type, &es, NULL,
					"set load");
	if (!rc && a->replace) {
		nfg_set_spec_from_info(&spec, info.type, info.maxelem,
				       info.timeout, info.flags);
		rc = nfg_stage_set(nl, &spec, &es, staged, sizeof(staged),
				   "set load");
		if (!rc)
			rc = swap_in(nl, a->name, staged);
	}
	nfg_elems_free(&es);
	return rc;
}

int nfg_set_load(int argc, char *argv[], const struct nfg_cmd *cmd,
		 const struct nfg_opts *global)
{
	struct load_args a = { 0 };
	struct nfg_opts opts;
	struct nfg_nl nl;
	int rc, i;

	rc = nfg_cmd_parse_args(argc, argv, cmd, global, &opts, 0, &i);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	rc = parse(cmd, argc - i, argv + i, &a);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	rc = nfg_connect(&nl);
	if (rc)
		return rc;
	rc = load(&nl, &a);
	nfg_nl_close(&nl);
	return rc;
}
