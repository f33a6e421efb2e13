// SPDX-License-Identifier: GPL-2.0
/*
 * nfgate: the generic netlink family. The protocol is documented in
 * include/uapi/linux/nfgate.h.
 */
#include <linux/nfgate.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "nfgate.h"

#define NFGATE_FEATURES (NFGATE_FEATURE_EVENTS | NFGATE_FEATURE_RULES | \
			 NFGATE_FEATURE_SETS | NFGATE_FEATURE_COMMIT_SETS | \
			 NFGATE_FEATURE_METERS | NFGATE_FEATURE_SNAPSHOT_DUMPS | \
			 NFGATE_FEATURE_COMPACT_SETS)

static const struct genl_multicast_group nfgate_mcgrps[] = {
	{ .name = NFGATE_MCGRP_EVENTS, .flags = GENL_MCAST_CAP_NET_ADMIN },
};

static struct genl_family nfgate_genl_family;

/* See compat.h: formatted extack messages on kernels without them. */
const char *nfgate_msgbuf(const char *fmt, ...)
{
	static char ring[64][80];
	static atomic_t next = ATOMIC_INIT(0);
	char *buf = ring[(unsigned int)atomic_inc_return(&next) % ARRAY_SIZE(ring)];
	va_list args;

	va_start(args, fmt);
	vsnprintf(buf, sizeof(ring[0]), fmt, args);
	va_end(args);
	return buf;
}

void *nfgate_genl_put(struct sk_buff *skb, u32 portid, u32 seq, int flags,
		      u8 cmd)
{
	return genlmsg_put(skb, portid, seq, &nfgate_genl_family, flags, cmd);
}

bool nfgate_has_listeners(struct net *net)
{
	return genl_has_listeners(&nfgate_genl_family, net, 0);
}

void nfgate_multicast(struct net *net, struct sk_buff *msg, gfp_t gfp)
{
	genlmsg_multicast_netns(&nfgate_genl_family, net, msg, 0, 0, gfp);
}

static int nfgate_info_fill(struct sk_buff *msg, struct net *net)
{
	struct nfgate_net *nn = nfgate_pernet(net);

	if (nla_put_string(msg, NFGATE_INFO_A_VERSION, NFGATE_VERSION) ||
	    nla_put_u64_64bit(msg, NFGATE_INFO_A_FEATURES, NFGATE_FEATURES,
			      NFGATE_INFO_A_PAD) ||
	    nla_put_u64_64bit(msg, NFGATE_INFO_A_NETNS_COOKIE, net->net_cookie,
			      NFGATE_INFO_A_PAD) ||
	    nla_put_u32(msg, NFGATE_INFO_A_GENERATION, nn->generation) ||
	    nla_put_u32(msg, NFGATE_INFO_A_CHAINS, nn->n_chains) ||
	    nla_put_u32(msg, NFGATE_INFO_A_RULES, nn->n_rules) ||
	    nla_put_u32(msg, NFGATE_INFO_A_SETS, nn->n_sets) ||
	    nla_put_u32(msg, NFGATE_INFO_A_HOOKS, nn->n_hooks))
		return -EMSGSIZE;
	return 0;
}

static int nfgate_get_info_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct nfgate_net *nn = nfgate_pernet(net);
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	hdr = genlmsg_put_reply(msg, info, &nfgate_genl_family, 0,
				NFGATE_CMD_GET_INFO);
	if (!hdr) {
		err = -EMSGSIZE;
		goto err_free;
	}

	mutex_lock(&nn->lock);
	err = nfgate_info_fill(msg, net);
	mutex_unlock(&nn->lock);
	if (err)
		goto err_free;

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return err;
}

static int nfgate_commit_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nfgate_commit(genl_info_net(info), info->attrs, info->snd_portid,
			     info->extack);
}

void nfgate_notify_commit(struct net *net, u32 generation, const char *chain)
{
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&nfgate_genl_family, net, 0))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &nfgate_genl_family, 0, NFGATE_CMD_COMMIT);
	if (!hdr || nla_put_u32(msg, NFGATE_A_GENERATION, generation) ||
	    (chain && nla_put_string(msg, NFGATE_A_CHAIN_NAME, chain))) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&nfgate_genl_family, net, msg, 0, 0, GFP_KERNEL);
}

static int nfgate_chain_fill(struct sk_buff *msg, const struct nfgate_chain *c)
{
	struct nlattr *nest = nla_nest_start(msg, NFGATE_A_CHAIN);
	u64 packets, bytes;

	if (!nest)
		return -EMSGSIZE;
	nfgate_stats_read(c->policy_stats, &packets, &bytes);
	if (nla_put_string(msg, NFGATE_CHAIN_A_NAME, c->name) ||
	    nla_put_u32(msg, NFGATE_CHAIN_A_HOOK, c->p.hook) ||
	    nla_put_u8(msg, NFGATE_CHAIN_A_FAMILY, c->p.family) ||
	    nla_put_s32(msg, NFGATE_CHAIN_A_PRIORITY, c->p.priority) ||
	    nla_put_u32(msg, NFGATE_CHAIN_A_POLICY, c->policy) ||
	    nla_put_u32(msg, NFGATE_CHAIN_A_RULE_COUNT, c->nrules) ||
	    nla_put_u64_64bit(msg, NFGATE_CHAIN_A_PACKETS, packets,
			      NFGATE_CHAIN_A_PAD) ||
	    nla_put_u64_64bit(msg, NFGATE_CHAIN_A_BYTES, bytes,
			      NFGATE_CHAIN_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int nfgate_rule_fill_nest(struct sk_buff *msg,
				 const struct nfgate_chain *c, u32 pos)
{
	struct nlattr *nest = nla_nest_start(msg, NFGATE_A_RULE);

	if (!nest || nla_put_string(msg, NFGATE_RULE_A_CHAIN, c->name) ||
	    nla_put_u32(msg, NFGATE_RULE_A_POSITION, pos) ||
	    nfgate_rule_fill(msg, &c->rules[pos]))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/* The dump's command, from its request (genetlink checked the header). */
static u8 nfgate_dump_cmd(const struct netlink_callback *cb)
{
	const struct genlmsghdr *hdr = nlmsg_data(cb->nlh);

	return hdr->cmd;
}

/*
 * Chain and rule dumps read the ruleset pinned by their start()
 * (cb->args[2]), not the live one, so every message carries one generation
 * and no commit interrupts them (they never set NLM_F_DUMP_INTR).
 * cb->args[0] is the chain, cb->args[1] the item in it: with the chain's
 * own message first (NFGATE_DUMP_F_CHAINS, or GET_CHAINS) item 0 is that
 * message and item k + 1 is rule k.
 */
static const struct nfgate_ruleset *nfgate_dump_rs(struct netlink_callback *cb)
{
	return (const struct nfgate_ruleset *)cb->args[2];
}

static int nfgate_ruleset_dump_done(struct netlink_callback *cb)
{
	nfgate_ruleset_unpin(nfgate_dump_rs(cb));
	cb->args[2] = 0;
	return 0;
}

/* One dump message from fill(); false when the skb is full. */
static bool nfgate_dump_one(struct sk_buff *skb, struct netlink_callback *cb,
			    u8 cmd, const struct nfgate_chain *c, u32 pos)
{
	const struct nfgate_ruleset *rs = nfgate_dump_rs(cb);
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &nfgate_genl_family, NLM_F_MULTI, cmd);
	if (!hdr)
		return false;
	genl_dump_check_consistent(cb, hdr);
	if (nla_put_u32(skb, NFGATE_A_GENERATION, rs->generation) ||
	    (cmd == NFGATE_CMD_GET_CHAINS ? nfgate_chain_fill(skb, c) :
	     nfgate_rule_fill_nest(skb, c, pos))) {
		genlmsg_cancel(skb, hdr);
		return false;
	}
	genlmsg_end(skb, hdr);
	return true;
}

/* Dump chain c from item cb->args[1]; false when the skb is full. */
static bool nfgate_dump_chain(struct sk_buff *skb, struct netlink_callback *cb,
			      const struct nfgate_chain *c, bool head,
			      bool rules)
{
	u32 first = head ? 1 : 0;

	if (head && !cb->args[1]) {
		if (!nfgate_dump_one(skb, cb, NFGATE_CMD_GET_CHAINS, c, 0))
			return false;
		cb->args[1]++;
	}
	for (; rules && cb->args[1] < c->nrules + first; cb->args[1]++)
		if (!nfgate_dump_one(skb, cb, NFGATE_CMD_GET_RULES, c,
				     cb->args[1] - first))
			return false;
	return true;
}

static const char *nfgate_dump_chain_filter(struct netlink_callback *cb)
{
	const struct nlattr *a = genl_dumpit_info(cb)->attrs[NFGATE_A_CHAIN_NAME];

	return a ? nla_data(a) : NULL;
}

static u32 nfgate_dump_flags(struct netlink_callback *cb)
{
	const struct nlattr *a = genl_dumpit_info(cb)->attrs[NFGATE_A_DUMP_FLAGS];

	return a ? nla_get_u32(a) : 0;
}

static int nfgate_ruleset_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	const struct nfgate_ruleset *rs = nfgate_dump_rs(cb);
	bool chains = nfgate_dump_cmd(cb) == NFGATE_CMD_GET_CHAINS;
	bool head = chains || (nfgate_dump_flags(cb) & NFGATE_DUMP_F_CHAINS);
	const char *name = chains ? NULL : nfgate_dump_chain_filter(cb);

	cb->seq = rs->generation;
	for (; cb->args[0] < rs->nchains; cb->args[0]++, cb->args[1] = 0) {
		const struct nfgate_chain *c = rs->chains[cb->args[0]];
		bool rules = !chains && (!name || !strcmp(c->name, name));

		if ((head || rules) &&
		    !nfgate_dump_chain(skb, cb, c, head, rules))
			break;
	}
	return skb->len;
}

static int nfgate_get_chains_start(struct netlink_callback *cb)
{
	cb->args[2] = (long)nfgate_ruleset_pin(nfgate_pernet(sock_net(cb->skb->sk)));
	return 0;
}

/* A named chain must exist, unless every chain is dumped anyway. */
static int nfgate_get_rules_start(struct netlink_callback *cb)
{
	struct nfgate_net *nn = nfgate_pernet(sock_net(cb->skb->sk));
	const char *name = nfgate_dump_chain_filter(cb);
	const struct nfgate_ruleset *rs = nfgate_ruleset_pin(nn);
	bool found = !name || (nfgate_dump_flags(cb) & NFGATE_DUMP_F_CHAINS);
	u32 i;

	for (i = 0; !found && i < rs->nchains; i++)
		found = !strcmp(rs->chains[i]->name, name);
	if (found) {
		cb->args[2] = (long)rs;
		return 0;
	}
	nfgate_ruleset_unpin(rs);
	NL_SET_ERR_MSG_ATTR(cb->extack,
			    genl_dumpit_info(cb)->attrs[NFGATE_A_CHAIN_NAME],
			    "no such chain");
	return -ENOENT;
}

static const struct nla_policy nfgate_commit_policy[NFGATE_A_MAX + 1] = {
	[NFGATE_A_FLAGS]	= NLA_POLICY_MASK(NLA_U32, NFGATE_COMMIT_F_CHECK),
	[NFGATE_A_GENERATION]	= { .type = NLA_U32 },
	[NFGATE_A_CHAIN_NAME]	= { .type = NLA_NUL_STRING,
				    .len = NFGATE_NAME_MAX - 1 },
	/* entries are checked as they are parsed, to name the bad one */
	[NFGATE_A_CHAINS]	= { .type = NLA_NESTED },
	[NFGATE_A_SETS]		= { .type = NLA_NESTED },
};

static const struct nla_policy nfgate_get_rules_policy[NFGATE_A_MAX + 1] = {
	[NFGATE_A_DUMP_FLAGS]	= NLA_POLICY_MASK(NLA_U32, NFGATE_DUMP_F_CHAINS),
	[NFGATE_A_CHAIN_NAME]	= { .type = NLA_NUL_STRING,
				    .len = NFGATE_NAME_MAX - 1 },
};

/* Set commands share one policy; set.c refuses what a command does not take. */
#define NFGATE_SET_DOIT(c, fn) {					\
	.cmd = (c), .doit = (fn), .policy = nfgate_set_policy,		\
	.maxattr = NFGATE_SET_A_MAX, .flags = GENL_UNS_ADMIN_PERM,	\
}

#define NFGATE_SET_DUMP(c) {						\
	.cmd = (c), .start = nfgate_dump_start,				\
	.dumpit = nfgate_dump_dumpit,					\
	.policy = nfgate_set_policy, .maxattr = NFGATE_SET_A_MAX,	\
	.flags = GENL_UNS_ADMIN_PERM,					\
}

/*
 * The dumps whose start() can refuse a request (a named chain or set that
 * does not exist, GET_ELEMS without a name). Kernels before netlink passed
 * its extack to start() (6.1 among them) run start() with cb->extack NULL,
 * so such a refusal reached userspace without its message.
 * nfgate_dump_start() gives start() an extack of its own; when the kernel
 * has none to copy it into, the refusal is deferred to the first dumpit()
 * call, whose error and extack netlink sends in NLMSG_DONE.
 * cb->args[3..5] hold the deferred bad attribute, message and error (the
 * dumps use args[0..2]).
 */
static const struct nfgate_dump_op {
	u8 cmd;
	int (*start)(struct netlink_callback *cb);
	int (*dumpit)(struct sk_buff *skb, struct netlink_callback *cb);
} nfgate_dump_ops[] = {
	{ NFGATE_CMD_GET_CHAINS, nfgate_get_chains_start, nfgate_ruleset_dumpit },
	{ NFGATE_CMD_GET_RULES, nfgate_get_rules_start, nfgate_ruleset_dumpit },
	{ NFGATE_CMD_GET_SETS, nfgate_get_sets_start, nfgate_get_sets_dumpit },
	{ NFGATE_CMD_GET_ELEMS, nfgate_get_elems_start, nfgate_get_elems_dumpit },
};

static const struct nfgate_dump_op *nfgate_dump_op(struct netlink_callback *cb)
{
	u8 cmd = nfgate_dump_cmd(cb);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(nfgate_dump_ops); i++)
		if (nfgate_dump_ops[i].cmd == cmd)
			return &nfgate_dump_ops[i];
	return NULL;
}

static int nfgate_dump_start(struct netlink_callback *cb)
{
	const struct nfgate_dump_op *op = nfgate_dump_op(cb);
	struct netlink_ext_ack *kext = cb->extack, ext = {};
	int err;

	if (WARN_ON_ONCE(!op))
		return -EOPNOTSUPP;
	cb->extack = &ext;
	err = op->start(cb);
	cb->extack = kext;
	if (!err)
		return 0;
	if (kext) {
		kext->_msg = ext._msg;
		kext->bad_attr = ext.bad_attr;
		return err;
	}
	cb->args[3] = (long)ext.bad_attr;
	cb->args[4] = (long)ext._msg;
	cb->args[5] = err;
	return 0;
}

static int nfgate_dump_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	if (cb->args[5]) {
		cb->extack->_msg = (const char *)cb->args[4];
		cb->extack->bad_attr = (const struct nlattr *)cb->args[3];
		return (int)cb->args[5];
	}
	return nfgate_dump_op(cb)->dumpit(skb, cb);
}

/*
 * Every operation sets its own policy; one without a policy accepts no
 * attributes at all, because resv_start_op covers every command.
 */
static const struct genl_ops nfgate_genl_ops[] = {
	{
		.cmd	= NFGATE_CMD_GET_INFO,
		.doit	= nfgate_get_info_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= NFGATE_CMD_COMMIT,
		.doit	= nfgate_commit_doit,
		.policy	= nfgate_commit_policy,
		.maxattr = NFGATE_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= NFGATE_CMD_GET_CHAINS,
		.start	= nfgate_dump_start,
		.dumpit	= nfgate_dump_dumpit,
		.done	= nfgate_ruleset_dump_done,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= NFGATE_CMD_GET_RULES,
		.start	= nfgate_dump_start,
		.dumpit	= nfgate_dump_dumpit,
		.done	= nfgate_ruleset_dump_done,
		.policy	= nfgate_get_rules_policy,
		.maxattr = NFGATE_A_MAX,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	NFGATE_SET_DOIT(NFGATE_CMD_SET_CREATE, nfgate_set_create_doit),
	NFGATE_SET_DOIT(NFGATE_CMD_SET_DESTROY, nfgate_set_destroy_doit),
	NFGATE_SET_DOIT(NFGATE_CMD_SET_FLUSH, nfgate_set_flush_doit),
	NFGATE_SET_DOIT(NFGATE_CMD_SET_SWAP, nfgate_set_swap_doit),
	NFGATE_SET_DOIT(NFGATE_CMD_SET_ADD, nfgate_set_add_doit),
	NFGATE_SET_DOIT(NFGATE_CMD_SET_DEL, nfgate_set_del_doit),
	NFGATE_SET_DUMP(NFGATE_CMD_GET_SETS),
	NFGATE_SET_DUMP(NFGATE_CMD_GET_ELEMS),
};

static struct genl_family nfgate_genl_family __ro_after_init = {
	.name		= NFGATE_GENL_NAME,
	.version	= NFGATE_GENL_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.resv_start_op	= NFGATE_CMD_UNSPEC + 1,
	.ops		= nfgate_genl_ops,
	.n_ops		= ARRAY_SIZE(nfgate_genl_ops),
	.mcgrps		= nfgate_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(nfgate_mcgrps),
	.module		= THIS_MODULE,
};

int nfgate_genl_init(void)
{
	return genl_register_family(&nfgate_genl_family);
}

void nfgate_genl_exit(void)
{
	genl_unregister_family(&nfgate_genl_family);
}
