// SPDX-License-Identifier: GPL-2.0
/* nfgatectl set create|destroy|add|del|list|flush|swap */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "setelem.h"
#include "subcommands.h"

const char nfg_set_usage[] =
	"Usage: nfgatectl set create NAME type ipv4|ipv6|port [maxelem N] [timeout S] [counters] [dynamic]\n"
	"                 [compact]\n"
	"       nfgatectl set create NAME type recent family ipv4|ipv6 [mask N] [hits N]\n"
	"                 [maxelem N] [timeout S]\n"
	"       nfgatectl set create NAME type rate family ipv4|ipv6 rate N/second|minute|hour|day\n"
	"                 [burst N] [mask N] [maxelem N] [timeout S]\n"
	"       nfgatectl set destroy NAME\n"
	"       nfgatectl set add NAME ELEM... [timeout S] [comment TEXT]\n"
	"       nfgatectl set add NAME --file FILE [timeout S] [comment TEXT]\n"
	"       nfgatectl set del NAME ELEM...      (recent, rate: ADDR drops its entry)\n"
	"       nfgatectl set del NAME --file FILE\n"
	"       nfgatectl set load NAME FILE [--replace]\n"
	"       nfgatectl set flush NAME\n"
	"       nfgatectl set swap NAME NAME2\n"
	"       nfgatectl set list [NAME] [-j]\n"
	"\n"
	"Named sets that rules match with saddr @NAME, daddr != @NAME, dport @NAME...\n"
	"\n"
	"  ELEM     an address or CIDR prefix (ipv4, ipv6 sets): 192.0.2.1, 10.0.0.0/8,\n"
	"           2001:db8::/32; a port or range (port sets): 22, 6000-6063\n"
	"  FILE     one ELEM per line, '#' starts a comment; '-' reads stdin. A bad\n"
	"           line is reported as FILE:LINE and nothing is sent\n"
	"  maxelem  elements the set may hold (default 65536)\n"
	"  timeout  seconds until elements expire (0: never); on create, the default\n"
	"  counters count packets per element\n"
	"  dynamic  rules fill the set (add-to-set): nfgatectl apply keeps its\n"
	"           contents, show prints none\n"
	"  compact  elements are bare addresses and prefixes, a quarter of the\n"
	"           memory: no counters, timeouts or comments (large block lists)\n"
	"  recent   a recent table: the last hit times of each address (rule word\n"
	"           \"recent NAME check|update|set|remove [seconds S] [hitcount N]\")\n"
	"  rate     a rate table: a token bucket per address, \"rate NAME\" matches\n"
	"           when the address is over its rate\n"
	"  mask     prefix length the tables key on (default: the whole address)\n"
	"  hits     hit times a recent entry remembers, 1-255 (default 20)\n"
	"  burst    tokens of a new or idle bucket (default 5)\n"
	"  maxelem  for recent and rate tables: when full, the least recently seen\n"
	"           entry makes room; timeout: seconds idle before an entry goes\n"
	"\n"
	"An add or delete is all or nothing per message of up to 3000 elements;\n"
	"larger loads take several messages. swap exchanges two sets' contents.\n"
	"load reads FILE whole (a bad line changes nothing) and adds it; with\n"
	"--replace it fills a hidden staging set and swaps it in: packets see\n"
	"the old contents, then the new, never a mix.\n"
	"\n"
	"Options:\n"
	"  -j, --json  print one JSON object (schema in nfgatectl(8))\n"
	"  -h, --help  show this help\n";

int nfg_set_check_name(const struct nfg_cmd *cmd, const char *what,
		      const char *name)
{
	if (nfg_chain_name_valid(name))
		return NFG_CMD_CONTINUE;
	return nfg_usage_err(cmd->name, "%s: \"%s\" is not a set name: use 1 to %d letters, digits, '_', '-' and '.'",
			     what, name, NFGATE_NAME_MAX - 1);
}

struct nlmsghdr *nfg_set_req(struct nfg_req *req, const struct nfg_nl *nl,
				uint8_t cmd, uint16_t flags, const char *name)
{
	struct nlmsghdr *nlh = nfg_req_init(req, nl, cmd, flags, &nfg_set_attrs);

	if (name)
		mnl_attr_put_strz(nlh, NFGATE_SET_A_NAME, name);
	return nlh;
}

/* Connect, send one simple request, report. */
static int simple(uint8_t cmdno, const char *name, const char *name2,
		  const char *what)
{
	struct nfg_req *req = malloc(sizeof(*req));
	struct nfg_nl nl;
	int rc;

	if (!req) {
		nfg_err("out of memory");
		return NFG_EXIT_FAIL;
	}
	rc = nfg_connect(&nl);
	if (!rc) {
		nfg_set_req(req, &nl, cmdno, 0, name);
		if (name2)
			mnl_attr_put_strz(req->nlh, NFGATE_SET_A_NAME2, name2);
		rc = nfg_nl_talk(&nl, req, NULL, NULL, what);
		nfg_nl_close(&nl);
	}
	free(req);
	return rc;
}

static int set_create(int argc, char *argv[], const struct nfg_cmd *cmd,
		      const struct nfg_opts *global)
{
	struct nfg_set_spec spec;
	struct nfg_opts opts;
	struct nfg_perr err;
	struct nfg_req *req;
	struct nfg_nl nl;
	int rc, i;

	rc = nfg_cmd_parse_args(argc, argv, cmd, global, &opts, 0, &i);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	if (i >= argc)
		return nfg_usage_err(cmd->name, "set create: missing set name");
	rc = nfg_set_check_name(cmd, "set create", argv[i]);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	if (nfg_set_spec_parse(argc - i - 1, argv + i + 1, &spec, &err) < 0)
		return nfg_usage_err(cmd->name, "set create: %s", err.msg);
	req = malloc(sizeof(*req));
	if (!req) {
		nfg_err("out of memory");
		return NFG_EXIT_FAIL;
	}
	rc = nfg_connect(&nl);
	if (rc) {
		free(req);
		return rc;
	}
	nfg_set_req(req, &nl, NFGATE_CMD_SET_CREATE, 0, argv[i]);
	nfg_set_spec_encode(req->nlh, &spec);
	rc = nfg_nl_talk(&nl, req, NULL, NULL, "set create");
	nfg_nl_close(&nl);
	free(req);
	return rc;
}

/* A verb taking exactly n set names. */
static int names_verb(int argc, char *argv[], const struct nfg_cmd *cmd,
		      const struct nfg_opts *global, int n, uint8_t cmdno)
{
	char what[32];
	struct nfg_opts opts;
	int rc, i, k;

	snprintf(what, sizeof(what), "set %s", argv[0]);
	rc = nfg_cmd_parse_args(argc, argv, cmd, global, &opts,
				NFG_ARGS_ANYWHERE, &i);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	if (argc - i != n)
		return nfg_usage_err(cmd->name, "%s: expected %s", what,
				     n == 1 ? "one set name" : "two set names");
	for (k = i; k < argc; k++) {
		rc = nfg_set_check_name(cmd, what, argv[k]);
		if (rc != NFG_CMD_CONTINUE)
			return rc;
	}
	return simple(cmdno, argv[i], n == 2 ? argv[i + 1] : NULL, what);
}

static int set_destroy(int argc, char *argv[], const struct nfg_cmd *cmd,
		       const struct nfg_opts *global)
{
	return names_verb(argc, argv, cmd, global, 1, NFGATE_CMD_SET_DESTROY);
}

static int set_flush(int argc, char *argv[], const struct nfg_cmd *cmd,
		     const struct nfg_opts *global)
{
	return names_verb(argc, argv, cmd, global, 1, NFGATE_CMD_SET_FLUSH);
}

static int set_swap(int argc, char *argv[], const struct nfg_cmd *cmd,
		    const struct nfg_opts *global)
{
	return names_verb(argc, argv, cmd, global, 2, NFGATE_CMD_SET_SWAP);
}

int set_main(int argc, char *argv[], const struct nfg_cmd *cmd,
	     const struct nfg_opts *global)
{
	static const struct nfg_verb verbs[] = {
		{ "create", set_create },
		{ "destroy", set_destroy },
		{ "add", nfg_set_add },
		{ "del", nfg_set_del },
		{ "flush", set_flush },
		{ "swap", set_swap },
		{ "list", nfg_set_list },
		{ "load", nfg_set_load },
	};

	return nfg_cmd_dispatch(argc, argv, cmd, global, verbs,
				NFG_ARRAY_SIZE(verbs));
}
