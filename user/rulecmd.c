// SPDX-License-Identifier: GPL-2.0
/*
 * nfgatectl rule add|insert|del, and flush. Every edit rewrites one chain
 * in a scoped COMMIT based on a snapshot of it (nfg_edit_run()): the rules
 * kept carry their handles, so they keep their counters.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "ruleset.h"
#include "subcommands.h"

const char nfg_rule_usage[] =
	"Usage: nfgatectl rule add CHAIN RULE...\n"
	"       nfgatectl rule insert CHAIN [at INDEX | before HANDLE] RULE...\n"
	"       nfgatectl rule del CHAIN HANDLE\n"
	"       nfgatectl rule list [CHAIN] [-j]\n"
	"\n"
	"Append a rule to a chain, insert one (at INDEX, counted from 0, or before\n"
	"the rule with HANDLE; by default at 0), or delete the rule with HANDLE.\n"
	"add and insert print the handle of the new rule (\"handle N\"). The other\n"
	"rules keep their handles and counters. list prints every rule (or CHAIN's),\n"
	"one line each: chain, handle, rule, counters; -j one JSON object.\n"
	"\n"
	"RULE     { MATCH } { ACTION } [VERDICT] [comment STRING]\n"
	"MATCH    KEY [!=] VALUE, each KEY at most once:\n"
	"         nfproto ip|ip6   l4proto tcp|udp|icmp|icmpv6|sctp|udplite|NUM\n"
	"         iifname NAME   oifname NAME   (NAME* matches names starting with NAME)\n"
	"         saddr ADDR[/LEN]   daddr ADDR[/LEN]   (IPv4 or IPv6)\n"
	"         sport PORT[-PORT]   dport PORT[-PORT]\n"
	"         icmp-type TYPE [icmp-code NUM]   (after l4proto icmp or icmpv6)\n"
	"         tcp-flags FLAGS[/MASK]   (fin,syn,rst,psh,ack,urg,ece,cwr or none)\n"
	"         ct-state new,established,related,invalid,untracked\n"
	"         ct-status snat,dnat,confirmed   ct-direction original|reply\n"
	"         mark VALUE[/MASK]\n"
	"ACTION   log [prefix STRING] [level LEVEL] [group NUM] [rate NUM/second] [burst NUM]\n"
	"         mark-set VALUE[/MASK]\n"
	"VERDICT  accept | drop | continue | reject [with tcp-reset | icmp CODE |\n"
	"         icmpv6 CODE | port-unreachable | admin-prohibited | host-unreachable |\n"
	"         no-route]\n"
	"\n"
	"Example: nfgatectl rule add in l4proto tcp dport 22 ct-state new accept\n"
	"The whole syntax is in nfgatectl(8), RULE SYNTAX.\n"
	"\n"
	"Options:\n"
	"  -h, --help  show this help\n";

const char nfg_flush_usage[] =
	"Usage: nfgatectl flush [CHAIN]\n"
	"\n"
	"Delete every rule of CHAIN and keep the chain, or without CHAIN delete\n"
	"every chain and rule of this network namespace.\n"
	"\n"
	"Options:\n"
	"  -h, --help  show this help\n";

enum rule_op { OP_ADD, OP_INSERT_AT, OP_INSERT_BEFORE, OP_DEL, OP_FLUSH };

struct rule_edit {
	enum rule_op op;
	uint64_t arg;		/* the index or the handle */
	struct nfg_rule rule;	/* to add */
	uint64_t *old;		/* the handles in the chain before */
	size_t nold;
};

static bool parse_u64(const char *s, uint64_t min, uint64_t *v)
{
	unsigned long long n;
	char *end;

	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno || *end || n < min)
		return false;
	*v = n;
	return true;
}

static int remember_handles(struct rule_edit *re, const struct nfg_chain *cur)
{
	size_t i;

	free(re->old);
	re->nold = 0;
	re->old = malloc((cur->nrules + 1) * sizeof(*re->old));
	if (!re->old)
		return -ENOMEM;
	for (i = 0; i < cur->nrules; i++)
		re->old[re->nold++] = cur->rules[i].handle;
	return 0;
}

/* Where the edit applies in cur: an index, or -1 (reported). */
static long edit_position(const struct nfg_edit *e, const struct rule_edit *re,
			  const struct nfg_chain *cur)
{
	long pos;

	if (re->op == OP_ADD)
		return (long)cur->nrules;
	if (re->op == OP_INSERT_AT) {
		if (re->arg <= cur->nrules)
			return (long)re->arg;
		nfg_err("%s: index %llu is past the end of chain \"%s\", which has %zu rules",
			e->what, (unsigned long long)re->arg, cur->name, cur->nrules);
		return -1;
	}
	pos = nfg_chain_find_handle(cur, re->arg);
	if (pos < 0)
		nfg_err("%s: chain \"%s\" has no rule with handle %llu", e->what,
			cur->name, (unsigned long long)re->arg);
	return pos;
}

static int build_rule_edit(struct nfg_edit *e, const struct nfg_chain *cur,
			   struct nfg_chain *next)
{
	struct rule_edit *re = e->arg;
	long pos;

	if (!cur) {
		nfg_err("%s: no chain \"%s\" (create it with 'nfgatectl chain add')",
			e->what, e->chain);
		return NFG_EXIT_FAIL;
	}
	pos = re->op == OP_FLUSH ? 0 : edit_position(e, re, cur);
	if (pos < 0)
		return NFG_EXIT_FAIL;
	if (nfg_chain_copy(next, cur) < 0 || remember_handles(re, cur) < 0) {
		nfg_err("out of memory");
		return NFG_EXIT_FAIL;
	}
	if (re->op == OP_FLUSH)
		next->nrules = 0;
	else if (re->op == OP_DEL)
		nfg_chain_remove(next, (size_t)pos);
	else if (nfg_chain_insert(next, (size_t)pos, &re->rule) < 0) {
		nfg_err("out of memory");
		return NFG_EXIT_FAIL;
	}
	return NFG_EXIT_OK;
}

static bool was_there(const struct rule_edit *re, uint64_t handle)
{
	size_t i;

	for (i = 0; i < re->nold; i++)
		if (re->old[i] == handle)
			return true;
	return false;
}

/* After add or insert: print "handle N" of the new rule. */
static int print_new_handle(struct nfg_nl *nl, const struct nfg_edit *e,
			    const struct rule_edit *re)
{
	const struct nfg_chain *c;
	struct nfg_ruleset rs;
	size_t i;
	int rc;

	rc = nfg_ruleset_read_retry(nl, &rs, e->chain, e->what);
	c = rc ? NULL : nfg_ruleset_find(&rs, e->chain);
	for (i = 0; c && i < c->nrules; i++) {
		if (!was_there(re, c->rules[i].handle) &&
		    nfg_rule_same(&c->rules[i], &re->rule)) {
			printf("handle %llu\n", (unsigned long long)c->rules[i].handle);
			break;
		}
	}
	if (!c || i == c->nrules)
		nfg_err("%s: the rule was added, but chain \"%s\" changed again since; see 'nfgatectl list %s'",
			e->what, e->chain, e->chain);
	nfg_ruleset_free(&rs);
	return NFG_EXIT_OK;	/* the rule is in: do not make scripts add it again */
}

static int run_edit(struct nfg_edit *e, struct rule_edit *re)
{
	struct nfg_nl nl;
	int rc;

	rc = nfg_connect(&nl);
	if (rc)
		return rc;
	e->arg = re;
	e->build = build_rule_edit;
	e->read_rules = re->op != OP_FLUSH;
	rc = nfg_edit_run(&nl, e);
	if (!rc && (re->op == OP_ADD || re->op == OP_INSERT_AT ||
		    re->op == OP_INSERT_BEFORE))
		rc = print_new_handle(&nl, e, re);
	nfg_nl_close(&nl);
	free(re->old);
	return rc;
}

/* [at INDEX | before HANDLE] of rule insert at argv[*i]. */
static int parse_insert_position(const struct nfg_cmd *cmd, int argc,
				 char *argv[], int *i, struct rule_edit *re)
{
	bool at;

	re->op = OP_INSERT_AT;
	re->arg = 0;
	if (*i >= argc || (strcmp(argv[*i], "at") && strcmp(argv[*i], "before")))
		return NFG_CMD_CONTINUE;
	at = !strcmp(argv[*i], "at");
	re->op = at ? OP_INSERT_AT : OP_INSERT_BEFORE;
	if (*i + 1 >= argc || !parse_u64(argv[*i + 1], at ? 0 : 1, &re->arg))
		return nfg_usage_err(cmd->name, "rule insert: %s needs %s, got \"%s\"",
				     argv[*i], at ? "an index (0, 1, ...)" : "a rule handle (1, 2, ...)",
				     *i + 1 < argc ? argv[*i + 1] : "nothing");
	*i += 2;
	return NFG_CMD_CONTINUE;
}

static int rule_add_insert(int argc, char *argv[], const struct nfg_cmd *cmd,
			   const struct nfg_opts *global)
{
	bool insert = !strcmp(argv[0], "insert");
	struct nfg_edit e = { .what = insert ? "rule insert" : "rule add" };
	struct rule_edit re = { .op = OP_ADD };
	struct nfg_opts opts;
	struct nfg_perr perr;
	int rc, i;

	rc = nfg_cmd_parse_args(argc, argv, cmd, global, &opts, 0, &i);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	if (i >= argc)
		return nfg_usage_err(cmd->name, "%s: missing chain name", e.what);
	rc = nfg_check_chain_name(cmd, e.what, argv[i]);
	e.chain = argv[i++];
	if (rc == NFG_CMD_CONTINUE && insert)
		rc = parse_insert_position(cmd, argc, argv, &i, &re);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	if (nfg_rule_parse_tokens(argc - i, argv + i, &re.rule, &perr) < 0)
		return nfg_usage_err(cmd->name, "%s: %s", e.what, perr.msg);
	return run_edit(&e, &re);
}

static int rule_del(int argc, char *argv[], const struct nfg_cmd *cmd,
		    const struct nfg_opts *global)
{
	struct nfg_edit e = { .what = "rule del" };
	struct rule_edit re = { .op = OP_DEL };
	struct nfg_opts opts;
	int rc, i;

	rc = nfg_cmd_parse_args(argc, argv, cmd, global, &opts, NFG_ARGS_ANYWHERE, &i);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	if (argc - i != 2)
		return nfg_usage_err(cmd->name, "rule del: expected CHAIN HANDLE");
	rc = nfg_check_chain_name(cmd, e.what, argv[i]);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	if (!parse_u64(argv[i + 1], 1, &re.arg))
		return nfg_usage_err(cmd->name, "rule del: \"%s\" is not a rule handle (1, 2, ...; see 'nfgatectl list')",
				     argv[i + 1]);
	e.chain = argv[i];
	return run_edit(&e, &re);
}

int rule_main(int argc, char *argv[], const struct nfg_cmd *cmd,
	      const struct nfg_opts *global)
{
	static const struct nfg_verb verbs[] = {
		{ "add", rule_add_insert },
		{ "insert", rule_add_insert },
		{ "del", rule_del },
		{ "list", nfg_rule_list },
	};

	return nfg_cmd_dispatch(argc, argv, cmd, global, verbs,
				NFG_ARRAY_SIZE(verbs));
}

static int flush_all(void)
{
	struct nfg_commit commit = { 0 };	/* no chains, no scope */
	struct nfg_nl nl;
	int rc;

	rc = nfg_connect(&nl);
	if (rc)
		return rc;
	rc = nfg_commit_send(&nl, &commit, "flush");
	nfg_nl_close(&nl);
	return rc;
}

int flush_main(int argc, char *argv[], const struct nfg_cmd *cmd,
	       const struct nfg_opts *global)
{
	struct nfg_edit e = { .what = "flush" };
	struct rule_edit re = { .op = OP_FLUSH };
	struct nfg_opts opts;
	int rc, i;

	rc = nfg_cmd_parse_args(argc, argv, cmd, global, &opts, NFG_ARGS_ANYWHERE, &i);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	if (argc - i > 1)
		return nfg_usage_err(cmd->name, "flush: unexpected argument '%s'",
				     argv[i + 1]);
	if (argc - i == 0)
		return flush_all();
	rc = nfg_check_chain_name(cmd, e.what, argv[i]);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	e.chain = argv[i];
	return run_edit(&e, &re);
}
