// SPDX-License-Identifier: GPL-2.0
/* nfgatectl chain add|del|list */
#include <errno.h>
#include <string.h>

#include "err.h"
#include "ruleset.h"
#include "subcommands.h"

const char nfg_chain_usage[] =
	"Usage: nfgatectl chain add NAME hook HOOK family FAMILY priority PRIO [policy accept|drop]\n"
	"       nfgatectl chain del NAME\n"
	"       nfgatectl chain list [-j]\n"
	"\n"
	"Create a chain (an error if it exists), delete a chain with its rules, or\n"
	"list the chains with their policy counters and numbers of rules.\n"
	"\n"
	"  NAME    letters, digits, '_', '-' and '.', at most 31 characters\n"
	"  HOOK    prerouting, input, forward, output or postrouting\n"
	"  FAMILY  ip, ip6 or inet (both)\n"
	"  PRIO    an integer, or raw (-300), mangle (-150), filter (0),\n"
	"          before-firewalld (5), firewalld (10) or after-firewalld (15),\n"
	"          optionally followed by +N or -N: filter+10, raw-5\n"
	"  policy  what happens to packets no rule accepted or dropped (default accept)\n"
	"\n"
	"Options:\n"
	"  -j, --json  print one JSON object (schema in nfgatectl(8))\n"
	"  -h, --help  show this help\n";

int nfg_check_chain_name(const struct nfg_cmd *cmd, const char *what,
			 const char *name)
{
	if (nfg_chain_name_valid(name))
		return NFG_CMD_CONTINUE;
	return nfg_usage_err(cmd->name, "%s: \"%s\" is not a chain name: use 1 to %d letters, digits, '_', '-' and '.'",
			     what, name, NFGATE_NAME_MAX - 1);
}

static int build_add(struct nfg_edit *e, const struct nfg_chain *cur,
		     struct nfg_chain *next)
{
	const struct nfg_chain *want = e->arg;

	if (cur) {
		nfg_err("%s: chain \"%s\" already exists (delete it first, or add rules to it)",
			e->what, cur->name);
		return NFG_EXIT_FAIL;
	}
	*next = *want;
	return NFG_EXIT_OK;
}

static int chain_add(int argc, char *argv[], const struct nfg_cmd *cmd,
		     const struct nfg_opts *global)
{
	struct nfg_edit edit = { .what = "chain add", .build = build_add };
	struct nfg_chain chain;
	struct nfg_opts opts;
	struct nfg_perr perr;
	struct nfg_nl nl;
	int rc, i;

	rc = nfg_cmd_parse_args(argc, argv, cmd, global, &opts, 0, &i);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	if (i >= argc)
		return nfg_usage_err(cmd->name, "chain add: missing chain name");
	rc = nfg_check_chain_name(cmd, "chain add", argv[i]);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	nfg_chain_init(&chain);
	strcpy(chain.name, argv[i]);
	if (nfg_chain_parse_spec(argc - i - 1, argv + i + 1, &chain, &perr) < 0)
		return nfg_usage_err(cmd->name, "chain add: %s", perr.msg);
	rc = nfg_connect(&nl);
	if (rc)
		return rc;
	edit.chain = chain.name;
	edit.arg = &chain;
	rc = nfg_edit_run(&nl, &edit);
	nfg_nl_close(&nl);
	return rc;
}

static int chain_del(int argc, char *argv[], const struct nfg_cmd *cmd,
		     const struct nfg_opts *global)
{
	struct nfg_commit commit = { 0 };
	struct nfg_opts opts;
	struct nfg_nl nl;
	int rc, i;

	rc = nfg_cmd_parse_args(argc, argv, cmd, global, &opts, NFG_ARGS_ANYWHERE, &i);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	if (argc - i != 1)
		return nfg_usage_err(cmd->name, "chain del: expected one chain name");
	rc = nfg_check_chain_name(cmd, "chain del", argv[i]);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	rc = nfg_connect(&nl);
	if (rc)
		return rc;
	commit.scope = argv[i];		/* and no chain: delete it */
	rc = nfg_commit_send(&nl, &commit, "chain del");
	nfg_nl_close(&nl);
	return rc;
}

static void print_chains(const struct nfg_ruleset *rs, bool json)
{
	char spec[256];
	struct json_writer w;
	size_t i;

	if (!json) {
		for (i = 0; i < rs->nchains; i++) {
			nfg_chain_format_spec(&rs->chains[i], spec, sizeof(spec));
			printf("chain %s %s  # rules %u packets %llu bytes %llu\n",
			       rs->chains[i].name, spec, rs->chains[i].rule_count,
			       (unsigned long long)rs->chains[i].packets,
			       (unsigned long long)rs->chains[i].bytes);
		}
		return;
	}
	json_init(&w, stdout);
	json_object_begin(&w);
	json_member_u64(&w, "generation", rs->generation);
	json_key(&w, "chains");
	json_array_begin(&w);
	for (i = 0; i < rs->nchains; i++)
		nfg_chain_json(&w, &rs->chains[i], false);
	json_array_end(&w);
	json_object_end(&w);
	json_finish(&w);
}

static int chain_list(int argc, char *argv[], const struct nfg_cmd *cmd,
		      const struct nfg_opts *global)
{
	struct nfg_ruleset rs;
	struct nfg_opts opts;
	int rc, i;

	rc = nfg_cmd_parse_args(argc, argv, cmd, global, &opts,
				NFG_ARGS_JSON | NFG_ARGS_ANYWHERE, &i);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	if (i < argc)
		return nfg_usage_err(cmd->name, "chain list: unexpected argument '%s'",
				     argv[i]);
	rc = nfg_ruleset_fetch(&rs, "", "chain list");
	if (!rc)
		print_chains(&rs, opts.json);
	nfg_ruleset_free(&rs);
	return rc;
}

int chain_main(int argc, char *argv[], const struct nfg_cmd *cmd,
	       const struct nfg_opts *global)
{
	static const struct nfg_verb verbs[] = {
		{ "add", chain_add },
		{ "del", chain_del },
		{ "list", chain_list },
	};

	return nfg_cmd_dispatch(argc, argv, cmd, global, verbs,
				NFG_ARRAY_SIZE(verbs));
}
