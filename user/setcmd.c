// SPDX-License-Identifier: GPL-2.0
/* nfgatectl set create|destroy|add|del|list|flush|swap */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "setelem.h"
#include "subcommands.h"

const char nfg_set_usage[] =
	"Usage: nfgatectl set create NAME type ipv4|ipv6|port [maxelem N] [timeout S] [counters]\n"
	"       nfgatectl set create NAME type recent family ipv4|ipv6 [mask N] [hits N]\n"
	"                 [maxelem N] [timeout S]\n"
	"       nfgatectl set create NAME type rate family ipv4|ipv6 rate N/second|minute|hour|day\n"
	"                 [burst N] [mask N] [maxelem N] [timeout S]\n"
	"       nfgatectl set destroy NAME\n"
	"       nfgatectl set add NAME ELEM... [timeout S] [comment TEXT]\n"
	"       nfgatectl set add NAME --file FILE [timeout S] [comment TEXT]\n"
	"       nfgatectl set del NAME ELEM...      (recent, rate: ADDR drops its entry)\n"
	"       nfgatectl set del NAME --file FILE\n"
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
	"An add or delete is all or nothing per message of up to 1500 elements;\n"
	"larger loads take several messages. swap exchanges two sets' contents.\n"
	"\n"
	"Options:\n"
	"  -j, --json  print one JSON object (schema in nfgatectl(8))\n"
	"  -h, --help  show this help\n";

#define ELEMS_PER_MSG 1500

int nfg_set_check_name(const struct nfg_cmd *cmd, const char *what,
		      const char *name)
{
	if (nfg_chain_name_valid(name))
		return NFG_CMD_CONTINUE;
	return nfg_usage_err(cmd->name, "%s: \"%s\" is not a set name: use 1 to %d letters, digits, '_', '-' and '.'",
			     what, name, NFGATE_NAME_MAX - 1);
}

/* Parse a u32 option value: 0, or a usage error. */
static int opt_u32(const struct nfg_cmd *cmd, const char *what, const char *key,
		   const char *val, uint32_t max, uint32_t *out)
{
	unsigned long long n;
	char *end;

	if (!val)
		return nfg_usage_err(cmd->name, "%s: %s: missing value", what, key);
	errno = 0;
	n = strtoull(val, &end, 10);
	if (errno || !*val || *end || val[0] == '-' || n > max)
		return nfg_usage_err(cmd->name, "%s: %s: \"%s\" is not a number 0-%u",
				     what, key, val, max);
	*out = (uint32_t)n;
	return NFG_CMD_CONTINUE;
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

struct create_args {
	uint8_t type;
	uint8_t family;		/* 0, NFGATE_FAMILY_IP or _IP6 */
	bool has_maxelem, has_timeout, counters;
	bool has_mask, has_hits, has_rate, has_burst;
	uint32_t maxelem, timeout, mask, hits, rate, period, burst;
};

static const struct {
	const char *name;
	uint32_t seconds;
} rate_units[] = {
	{ "second", 1 }, { "minute", 60 }, { "hour", 3600 }, { "day", 86400 },
};

/* "N/second|minute|hour|day" */
static int opt_rate(const struct nfg_cmd *cmd, const char *val,
		    struct create_args *a)
{
	const char *slash = val ? strchr(val, '/') : NULL;
	char num[16];
	size_t i;

	if (slash && (size_t)(slash - val) < sizeof(num)) {
		memcpy(num, val, slash - val);
		num[slash - val] = '\0';
		for (i = 0; i < NFG_ARRAY_SIZE(rate_units); i++) {
			if (strcmp(slash + 1, rate_units[i].name))
				continue;
			a->period = rate_units[i].seconds;
			a->has_rate = true;
			if (opt_u32(cmd, "set create", "rate", num, UINT32_MAX,
				    &a->rate) != NFG_CMD_CONTINUE)
				return NFG_EXIT_USAGE;
			if (a->rate)
				return NFG_CMD_CONTINUE;
		}
	}
	return nfg_usage_err(cmd->name, "set create: rate: \"%s\" is not N/second, N/minute, N/hour or N/day with N >= 1",
			     val ? val : "");
}

/* One "KEY VALUE" option of set create; *used: VALUE was consumed. */
static int parse_create_opt(const struct nfg_cmd *cmd, const char *key,
			    const char *val, struct create_args *a)
{
	static const char what[] = "set create";

	if (!strcmp(key, "type")) {
		a->type = val ? (uint8_t)nfg_set_type_parse(val) : 0;
		if (!a->type)
			return nfg_usage_err(cmd->name, "set create: type: \"%s\" is not ipv4, ipv6, port, recent or rate",
					     val ? val : "");
		return NFG_CMD_CONTINUE;
	}
	if (!strcmp(key, "family")) {
		a->family = val && !strcmp(val, "ipv4") ? NFGATE_FAMILY_IP :
			    val && !strcmp(val, "ipv6") ? NFGATE_FAMILY_IP6 : 0;
		if (!a->family)
			return nfg_usage_err(cmd->name, "set create: family: \"%s\" is not ipv4 or ipv6",
					     val ? val : "");
		return NFG_CMD_CONTINUE;
	}
	if (!strcmp(key, "rate"))
		return opt_rate(cmd, val, a);
	if (!strcmp(key, "maxelem"))
		return a->has_maxelem = true,
		       opt_u32(cmd, what, key, val, UINT32_MAX, &a->maxelem);
	if (!strcmp(key, "timeout"))
		return a->has_timeout = true,
		       opt_u32(cmd, what, key, val, NFGATE_SET_TIMEOUT_MAX, &a->timeout);
	if (!strcmp(key, "mask"))
		return a->has_mask = true, opt_u32(cmd, what, key, val, 128, &a->mask);
	if (!strcmp(key, "hits"))
		return a->has_hits = true,
		       opt_u32(cmd, what, key, val, NFGATE_RECENT_HITS_MAX, &a->hits);
	if (!strcmp(key, "burst"))
		return a->has_burst = true,
		       opt_u32(cmd, what, key, val, NFGATE_RATE_BURST_MAX, &a->burst);
	return nfg_usage_err(cmd->name, "set create: unknown keyword \"%s\": expected type, family, maxelem, timeout, counters, mask, hits, rate or burst",
			     key);
}

/* Options that need a type, and the family that recent and rate need. */
static int check_create(const struct nfg_cmd *cmd, struct create_args *a)
{
	bool meter = nfg_set_is_meter(a->type);
	bool recent = a->type == NFGATE_SET_RECENT_IPV4;

	if (!a->type)
		return nfg_usage_err(cmd->name, "set create: type ipv4|ipv6|port|recent|rate is required");
	if (meter != !!a->family)
		return nfg_usage_err(cmd->name, meter ?
				     "set create: type %s needs family ipv4|ipv6" :
				     "set create: family goes with types recent and rate only (type %s)",
				     nfg_set_type_name(a->type));
	if ((a->has_mask && !meter) || (a->has_hits && !recent) ||
	    ((a->has_rate || a->has_burst) && (!meter || recent)) ||
	    (a->counters && meter))
		return nfg_usage_err(cmd->name, "set create: mask goes with recent and rate, hits with recent, rate and burst with rate, counters with ipv4 and ipv6");
	if (meter && !recent && !a->has_rate)
		return nfg_usage_err(cmd->name, "set create: type rate needs rate N/second|minute|hour|day");
	if (a->has_mask && a->mask > (a->family == NFGATE_FAMILY_IP ? 32U : 128U))
		return nfg_usage_err(cmd->name, "set create: mask %u is longer than an %s address",
				     a->mask, a->family == NFGATE_FAMILY_IP ? "IPv4" : "IPv6");
	if ((a->has_hits && !a->hits) || (a->has_burst && !a->burst))
		return nfg_usage_err(cmd->name, "set create: hits and burst are at least 1");
	if (a->family == NFGATE_FAMILY_IP6)
		a->type++;	/* NFGATE_SET_RECENT_IPV6, NFGATE_SET_RATE_IPV6 */
	return NFG_CMD_CONTINUE;
}

static int nfg_set_create_parse(const struct nfg_cmd *cmd, int argc, char *argv[],
			 struct create_args *a)
{
	int i, rc = NFG_CMD_CONTINUE;

	for (i = 0; i < argc && rc == NFG_CMD_CONTINUE; i++) {
		if (!strcmp(argv[i], "counters")) {
			a->counters = true;
			continue;
		}
		rc = parse_create_opt(cmd, argv[i], i + 1 < argc ? argv[i + 1] : NULL, a);
		i++;
	}
	return rc == NFG_CMD_CONTINUE ? check_create(cmd, a) : rc;
}

static void put_create(struct nlmsghdr *nlh, const struct create_args *a)
{
	mnl_attr_put_u8(nlh, NFGATE_SET_A_TYPE, a->type);
	if (a->has_maxelem)
		mnl_attr_put_u32(nlh, NFGATE_SET_A_MAXELEM, a->maxelem);
	if (a->has_timeout)
		mnl_attr_put_u32(nlh, NFGATE_SET_A_TIMEOUT, a->timeout);
	if (a->counters)
		mnl_attr_put_u32(nlh, NFGATE_SET_A_FLAGS, NFGATE_SET_F_COUNTERS);
	if (a->has_mask)
		mnl_attr_put_u8(nlh, NFGATE_SET_A_MASK, (uint8_t)a->mask);
	if (a->has_hits)
		mnl_attr_put_u8(nlh, NFGATE_SET_A_HITS, (uint8_t)a->hits);
	if (a->has_rate) {
		mnl_attr_put_u32(nlh, NFGATE_SET_A_RATE, a->rate);
		mnl_attr_put_u32(nlh, NFGATE_SET_A_PERIOD, a->period);
	}
	if (a->has_burst)
		mnl_attr_put_u32(nlh, NFGATE_SET_A_BURST, a->burst);
}

static int set_create(int argc, char *argv[], const struct nfg_cmd *cmd,
		      const struct nfg_opts *global)
{
	struct create_args a = { 0 };
	struct nfg_opts opts;
	struct nfg_req *req;
	struct nfg_nl nl;
	int rc, i;

	rc = nfg_cmd_parse_args(argc, argv, cmd, global, &opts, 0, &i);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	if (i >= argc)
		return nfg_usage_err(cmd->name, "set create: missing set name");
	rc = nfg_set_check_name(cmd, "set create", argv[i]);
	if (rc == NFG_CMD_CONTINUE)
		rc = nfg_set_create_parse(cmd, argc - i - 1, argv + i + 1, &a);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
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
	put_create(req->nlh, &a);
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
	};

	return nfg_cmd_dispatch(argc, argv, cmd, global, verbs,
				NFG_ARRAY_SIZE(verbs));
}
