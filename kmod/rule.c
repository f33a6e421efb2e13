// SPDX-License-Identifier: GPL-2.0
/*
 * nfgate: rules between netlink and their compiled form.
 */
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/in.h>
#include <linux/kmod.h>
#include <linux/netfilter.h>
#include <linux/slab.h>
#include <net/netlink.h>

#include "nfgate.h"

#define NFGATE_MATCH_MASK (GENMASK(NFGATE_RULE_MATCH_LAST, NFGATE_RULE_MATCH_FIRST) | \
			   GENMASK(NFGATE_RULE_SET_MATCH_LAST, \
				   NFGATE_RULE_SET_MATCH_FIRST))
#define NFGATE_SET_NAME_POLICY { .type = NLA_NUL_STRING, .len = NFGATE_NAME_MAX - 1 }

static const struct nla_policy nfgate_addr_policy[NFGATE_ADDR_A_MAX + 1] = {
	[NFGATE_ADDR_A_IN]	= NLA_POLICY_EXACT_LEN(4),
	[NFGATE_ADDR_A_IN6]	= NLA_POLICY_EXACT_LEN(16),
	[NFGATE_ADDR_A_PREFIX]	= NLA_POLICY_MAX(NLA_U8, 128),
};

static const struct nla_policy nfgate_port_policy[NFGATE_PORT_A_MAXATTR + 1] = {
	[NFGATE_PORT_A_MIN]	= { .type = NLA_U16 },
	[NFGATE_PORT_A_MAX]	= { .type = NLA_U16 },
};

static const struct nla_policy nfgate_icmp_policy[NFGATE_ICMP_A_MAX + 1] = {
	[NFGATE_ICMP_A_TYPE]	= { .type = NLA_U8 },
	[NFGATE_ICMP_A_CODE]	= { .type = NLA_U8 },
};

static const struct nla_policy nfgate_mask_policy[NFGATE_MASK_A_MAX + 1] = {
	[NFGATE_MASK_A_VALUE]	= { .type = NLA_U32 },
	[NFGATE_MASK_A_MASK]	= { .type = NLA_U32 },
};

static const struct nla_policy nfgate_log_policy[NFGATE_LOG_A_MAX + 1] = {
	[NFGATE_LOG_A_PREFIX]	= { .type = NLA_NUL_STRING,
				    .len = NFGATE_LOG_PREFIX_MAX - 1 },
	[NFGATE_LOG_A_LEVEL]	= NLA_POLICY_MAX(NLA_U8, 7),
	[NFGATE_LOG_A_GROUP]	= { .type = NLA_U16 },
	[NFGATE_LOG_A_RATE]	= NLA_POLICY_MAX(NLA_U32, 10000),
	[NFGATE_LOG_A_BURST]	= NLA_POLICY_RANGE(NLA_U32, 1, 10000),
};

static const struct nla_policy nfgate_reject_policy[NFGATE_REJECT_A_MAX + 1] = {
	[NFGATE_REJECT_A_TYPE]	= NLA_POLICY_MAX(NLA_U8, __NFGATE_REJECT_MAX - 1),
	[NFGATE_REJECT_A_CODE]	= NLA_POLICY_MAX(NLA_U8, 15),
};

static const struct nla_policy nfgate_add_set_policy[NFGATE_ADD_SET_A_MAX + 1] = {
	[NFGATE_ADD_SET_A_NAME]	   = NFGATE_SET_NAME_POLICY,
	[NFGATE_ADD_SET_A_FIELD]   = NLA_POLICY_MAX(NLA_U8, NFGATE_ADD_SET_DADDR),
	[NFGATE_ADD_SET_A_TIMEOUT] = NLA_POLICY_FULL_RANGE(NLA_U32,
							   &nfgate_timeout_range),
	[NFGATE_ADD_SET_A_REFRESH] = NLA_POLICY_MAX(NLA_U8, 1),
};

const struct nla_policy nfgate_rule_policy[NFGATE_RULE_A_MAX + 1] = {
	[NFGATE_RULE_A_HANDLE]	= NLA_POLICY_MIN(NLA_U64, 1),
	[NFGATE_RULE_A_CHAIN]	= { .type = NLA_REJECT,
				    .reject_message = "rule chain is read-only" },
	[NFGATE_RULE_A_POSITION] = { .type = NLA_REJECT,
				    .reject_message = "rule position is read-only" },
	[NFGATE_RULE_A_COMMENT]	= { .type = NLA_NUL_STRING,
				    .len = NFGATE_COMMENT_MAX - 1 },
	[NFGATE_RULE_A_INVERT]	= NLA_POLICY_MASK(NLA_U32, NFGATE_MATCH_MASK),
	[NFGATE_RULE_A_NFPROTO]	= { .type = NLA_U8 },
	[NFGATE_RULE_A_L4PROTO]	= { .type = NLA_U8 },
	[NFGATE_RULE_A_IIFNAME]	= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[NFGATE_RULE_A_OIFNAME]	= { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[NFGATE_RULE_A_SADDR]	= NLA_POLICY_NESTED(nfgate_addr_policy),
	[NFGATE_RULE_A_DADDR]	= NLA_POLICY_NESTED(nfgate_addr_policy),
	[NFGATE_RULE_A_SPORT]	= NLA_POLICY_NESTED(nfgate_port_policy),
	[NFGATE_RULE_A_DPORT]	= NLA_POLICY_NESTED(nfgate_port_policy),
	[NFGATE_RULE_A_ICMP]	= NLA_POLICY_NESTED(nfgate_icmp_policy),
	[NFGATE_RULE_A_TCP_FLAGS] = NLA_POLICY_NESTED(nfgate_mask_policy),
	[NFGATE_RULE_A_CT_STATE] = NLA_POLICY_MASK(NLA_U32, NFGATE_CT_STATE_ALL),
	[NFGATE_RULE_A_CT_STATUS] = NLA_POLICY_MASK(NLA_U32, NFGATE_CT_STATUS_ALL),
	[NFGATE_RULE_A_CT_DIRECTION] = NLA_POLICY_MAX(NLA_U8, NFGATE_CT_DIR_REPLY),
	[NFGATE_RULE_A_MARK]	= NLA_POLICY_NESTED(nfgate_mask_policy),
	[NFGATE_RULE_A_LOG]	= NLA_POLICY_NESTED(nfgate_log_policy),
	[NFGATE_RULE_A_MARK_SET] = NLA_POLICY_NESTED(nfgate_mask_policy),
	[NFGATE_RULE_A_VERDICT]	= NLA_POLICY_MAX(NLA_U32, __NFGATE_VERDICT_MAX - 1),
	[NFGATE_RULE_A_REJECT]	= NLA_POLICY_NESTED(nfgate_reject_policy),
	[NFGATE_RULE_A_PACKETS]	= { .type = NLA_REJECT,
				    .reject_message = "counters are read-only" },
	[NFGATE_RULE_A_BYTES]	= { .type = NLA_REJECT,
				    .reject_message = "counters are read-only" },
	[NFGATE_RULE_A_SADDR_SET] = NFGATE_SET_NAME_POLICY,
	[NFGATE_RULE_A_DADDR_SET] = NFGATE_SET_NAME_POLICY,
	[NFGATE_RULE_A_SPORT_SET] = NFGATE_SET_NAME_POLICY,
	[NFGATE_RULE_A_DPORT_SET] = NFGATE_SET_NAME_POLICY,
	[NFGATE_RULE_A_ADD_SET]	= NLA_POLICY_NESTED(nfgate_add_set_policy),
	[NFGATE_RULE_A_RECENT]	= NLA_POLICY_NESTED(nfgate_meter_policy),
	[NFGATE_RULE_A_RATE]	= NLA_POLICY_NESTED(nfgate_meter_policy),
};

/*
 * nla_parse_nested() keeps the last of repeated attributes; a repeated
 * match would be silently dropped, so refuse it.
 */
int nfgate_parse_nested(struct nlattr **tb, int maxtype,
			const struct nlattr *nest,
			const struct nla_policy *policy,
			struct netlink_ext_ack *extack)
{
	DECLARE_BITMAP(seen, 64) = {};
	const struct nlattr *a;
	int rem, err;

	err = nla_parse_nested(tb, maxtype, nest, policy, extack);
	if (err)
		return err;
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) >= 64)
			continue;
		if (__test_and_set_bit(nla_type(a), seen)) {
			NL_SET_ERR_MSG_ATTR(extack, a, "attribute repeated");
			return -EINVAL;
		}
	}
	return 0;
}

/* Rule context the checks need: the chain's family, hook and priority. */
struct nfgate_rule_ctx {
	u8 family;		/* NFPROTO_* the rule is restricted to, or 0 */
	const struct nfgate_chain_params *chain;
	struct nfgate_net *nn;	/* its sets, under nn->lock */
	struct netlink_ext_ack *extack;
};

static int nfgate_set_family(struct nfgate_rule_ctx *ctx, u8 family,
			     const struct nlattr *attr)
{
	if (ctx->chain->family != NFPROTO_INET &&
	    ctx->chain->family != family) {
		NL_SET_ERR_MSG_ATTR(ctx->extack, attr,
				    "address family does not match the chain's");
		return -EINVAL;
	}
	if (ctx->family && ctx->family != family) {
		NL_SET_ERR_MSG_ATTR(ctx->extack, attr,
				    "rule mixes IPv4 and IPv6 matches");
		return -EINVAL;
	}
	ctx->family = family;
	return 0;
}

static int nfgate_parse_addr(struct nfgate_rule_ctx *ctx, struct nfgate_addr *a,
			     const struct nlattr *nest)
{
	struct nlattr *tb[NFGATE_ADDR_A_MAX + 1];
	unsigned int i, bits;
	int err;

	err = nfgate_parse_nested(tb, NFGATE_ADDR_A_MAX, nest,
				  nfgate_addr_policy, ctx->extack);
	if (err)
		return err;
	if (!!tb[NFGATE_ADDR_A_IN] == !!tb[NFGATE_ADDR_A_IN6]) {
		NL_SET_ERR_MSG_ATTR(ctx->extack, nest,
				    "address needs exactly one of IN and IN6");
		return -EINVAL;
	}
	bits = tb[NFGATE_ADDR_A_IN] ? 32 : 128;
	a->plen = tb[NFGATE_ADDR_A_PREFIX] ?
		  nla_get_u8(tb[NFGATE_ADDR_A_PREFIX]) : bits;
	if (a->plen > bits) {
		NL_SET_ERR_MSG_ATTR(ctx->extack, tb[NFGATE_ADDR_A_PREFIX],
				    "prefix longer than the address");
		return -EINVAL;
	}
	if (bits == 32)
		nla_memcpy(&a->addr.in, tb[NFGATE_ADDR_A_IN], 4);
	else
		nla_memcpy(&a->addr.in6, tb[NFGATE_ADDR_A_IN6], 16);
	for (i = 0; i < a->plen; i++)
		a->mask.in6.s6_addr[i / 8] |= 0x80 >> (i % 8);
	for (i = 0; i < bits / 8; i++) {
		if (a->addr.in6.s6_addr[i] & ~a->mask.in6.s6_addr[i]) {
			NL_SET_ERR_MSG_ATTR(ctx->extack, nest,
					    "address has bits set past its prefix length");
			return -EINVAL;
		}
	}
	return nfgate_set_family(ctx, bits == 32 ? NFPROTO_IPV4 : NFPROTO_IPV6,
				 nest);
}

static int nfgate_parse_ports(struct nfgate_rule_ctx *ctx, u16 *min, u16 *max,
			      const struct nlattr *nest)
{
	struct nlattr *tb[NFGATE_PORT_A_MAXATTR + 1];
	int err;

	err = nfgate_parse_nested(tb, NFGATE_PORT_A_MAXATTR, nest,
				  nfgate_port_policy, ctx->extack);
	if (err)
		return err;
	if (!tb[NFGATE_PORT_A_MIN]) {
		NL_SET_ERR_MSG_ATTR(ctx->extack, nest, "port range needs MIN");
		return -EINVAL;
	}
	*min = nla_get_u16(tb[NFGATE_PORT_A_MIN]);
	*max = tb[NFGATE_PORT_A_MAX] ? nla_get_u16(tb[NFGATE_PORT_A_MAX]) : *min;
	if (*max < *min) {
		NL_SET_ERR_MSG_ATTR(ctx->extack, tb[NFGATE_PORT_A_MAX],
				    "port range ends before it starts");
		return -EINVAL;
	}
	return 0;
}

static int nfgate_parse_mask(struct nfgate_rule_ctx *ctx, u32 *value, u32 *mask,
			     u32 limit, const struct nlattr *nest)
{
	struct nlattr *tb[NFGATE_MASK_A_MAX + 1];
	int err;

	err = nfgate_parse_nested(tb, NFGATE_MASK_A_MAX, nest,
				  nfgate_mask_policy, ctx->extack);
	if (err)
		return err;
	if (!tb[NFGATE_MASK_A_VALUE]) {
		NL_SET_ERR_MSG_ATTR(ctx->extack, nest, "VALUE is missing");
		return -EINVAL;
	}
	*value = nla_get_u32(tb[NFGATE_MASK_A_VALUE]);
	*mask = tb[NFGATE_MASK_A_MASK] ? nla_get_u32(tb[NFGATE_MASK_A_MASK]) : limit;
	if ((*value | *mask) & ~limit) {
		NL_SET_ERR_MSG_ATTR(ctx->extack, nest, "value or mask out of range");
		return -ERANGE;
	}
	if (*value & ~*mask) {
		NL_SET_ERR_MSG_ATTR(ctx->extack, nest, "value has bits outside the mask");
		return -EINVAL;
	}
	return 0;
}

static int nfgate_parse_ifname(struct nfgate_rule_ctx *ctx,
			       struct nfgate_ifname *ifn,
			       const struct nlattr *attr)
{
	size_t len = strnlen(nla_data(attr), nla_len(attr));

	if (!len) {
		NL_SET_ERR_MSG_ATTR(ctx->extack, attr, "empty interface name");
		return -EINVAL;
	}
	nla_strscpy(ifn->name, attr, IFNAMSIZ);
	if (ifn->name[len - 1] == '*') {
		ifn->name[len - 1] = '\0';
		ifn->len = len - 1;	/* a prefix: compare without the NUL */
	} else {
		ifn->len = len + 1;
	}
	return 0;
}

static int nfgate_parse_icmp(struct nfgate_rule_ctx *ctx, struct nfgate_rule *r,
			     const struct nlattr *nest)
{
	struct nlattr *tb[NFGATE_ICMP_A_MAX + 1];
	int err;

	err = nfgate_parse_nested(tb, NFGATE_ICMP_A_MAX, nest,
				  nfgate_icmp_policy, ctx->extack);
	if (err)
		return err;
	if (!tb[NFGATE_ICMP_A_TYPE]) {
		NL_SET_ERR_MSG_ATTR(ctx->extack, nest, "ICMP match needs TYPE");
		return -EINVAL;
	}
	if (!(r->present & BIT(NFGATE_RULE_A_L4PROTO)) ||
	    (r->invert & BIT(NFGATE_RULE_A_L4PROTO)) ||
	    (r->l4proto != IPPROTO_ICMP && r->l4proto != IPPROTO_ICMPV6)) {
		NL_SET_ERR_MSG_ATTR(ctx->extack, nest,
				    "ICMP match needs l4proto icmp or icmpv6");
		return -EINVAL;
	}
	r->icmp_type = nla_get_u8(tb[NFGATE_ICMP_A_TYPE]);
	r->icmp_any_code = !tb[NFGATE_ICMP_A_CODE];
	if (tb[NFGATE_ICMP_A_CODE])
		r->icmp_code = nla_get_u8(tb[NFGATE_ICMP_A_CODE]);
	return nfgate_set_family(ctx, r->l4proto == IPPROTO_ICMP ?
				 NFPROTO_IPV4 : NFPROTO_IPV6, nest);
}

static bool nfgate_l4_is(const struct nfgate_rule *r, u8 proto)
{
	return (r->present & BIT(NFGATE_RULE_A_L4PROTO)) &&
	       !(r->invert & BIT(NFGATE_RULE_A_L4PROTO)) && r->l4proto == proto;
}

static bool nfgate_l4_has_ports(const struct nfgate_rule *r)
{
	if (!(r->present & BIT(NFGATE_RULE_A_L4PROTO)))
		return true;	/* any of the protocols with ports */
	if (r->invert & BIT(NFGATE_RULE_A_L4PROTO))
		return false;
	return r->l4proto == IPPROTO_TCP || r->l4proto == IPPROTO_UDP ||
	       r->l4proto == IPPROTO_SCTP || r->l4proto == IPPROTO_UDPLITE;
}

static int nfgate_parse_l3l4(struct nfgate_rule_ctx *ctx, struct nfgate_rule *r,
			     struct nlattr **tb)
{
	int err = 0;

	if (tb[NFGATE_RULE_A_NFPROTO]) {
		r->nfproto = nla_get_u8(tb[NFGATE_RULE_A_NFPROTO]);
		if (r->nfproto != NFPROTO_IPV4 && r->nfproto != NFPROTO_IPV6) {
			NL_SET_ERR_MSG_ATTR(ctx->extack, tb[NFGATE_RULE_A_NFPROTO],
					    "nfproto must be ip (2) or ip6 (10)");
			return -EINVAL;
		}
	}
	if (tb[NFGATE_RULE_A_L4PROTO])
		r->l4proto = nla_get_u8(tb[NFGATE_RULE_A_L4PROTO]);
	if (tb[NFGATE_RULE_A_SADDR])
		err = nfgate_parse_addr(ctx, &r->saddr, tb[NFGATE_RULE_A_SADDR]);
	if (!err && tb[NFGATE_RULE_A_DADDR])
		err = nfgate_parse_addr(ctx, &r->daddr, tb[NFGATE_RULE_A_DADDR]);
	if (!err && tb[NFGATE_RULE_A_ICMP])
		err = nfgate_parse_icmp(ctx, r, tb[NFGATE_RULE_A_ICMP]);
	if (err)
		return err;
	if ((tb[NFGATE_RULE_A_SPORT] || tb[NFGATE_RULE_A_DPORT]) &&
	    !nfgate_l4_has_ports(r)) {
		NL_SET_ERR_MSG_ATTR(ctx->extack, tb[NFGATE_RULE_A_L4PROTO],
				    "port match needs tcp, udp, sctp or udplite");
		return -EINVAL;
	}
	if (tb[NFGATE_RULE_A_SPORT])
		err = nfgate_parse_ports(ctx, &r->sport_min, &r->sport_max,
					 tb[NFGATE_RULE_A_SPORT]);
	if (!err && tb[NFGATE_RULE_A_DPORT])
		err = nfgate_parse_ports(ctx, &r->dport_min, &r->dport_max,
					 tb[NFGATE_RULE_A_DPORT]);
	return err;
}

static int nfgate_parse_meta(struct nfgate_rule_ctx *ctx, struct nfgate_rule *r,
			     struct nlattr **tb)
{
	u32 flags, mask;
	int err = 0;

	if (tb[NFGATE_RULE_A_IIFNAME])
		err = nfgate_parse_ifname(ctx, &r->iif, tb[NFGATE_RULE_A_IIFNAME]);
	if (!err && tb[NFGATE_RULE_A_OIFNAME])
		err = nfgate_parse_ifname(ctx, &r->oif, tb[NFGATE_RULE_A_OIFNAME]);
	if (!err && tb[NFGATE_RULE_A_MARK])
		err = nfgate_parse_mask(ctx, &r->mark, &r->mark_mask, U32_MAX,
					tb[NFGATE_RULE_A_MARK]);
	if (err || !tb[NFGATE_RULE_A_TCP_FLAGS])
		return err;
	if (!nfgate_l4_is(r, IPPROTO_TCP)) {
		NL_SET_ERR_MSG_ATTR(ctx->extack, tb[NFGATE_RULE_A_TCP_FLAGS],
				    "TCP flags match needs l4proto tcp");
		return -EINVAL;
	}
	err = nfgate_parse_mask(ctx, &flags, &mask, 0xff,
				tb[NFGATE_RULE_A_TCP_FLAGS]);
	r->tcp_flags = flags;
	r->tcp_mask = mask;
	return err;
}

static void nfgate_parse_ct(struct nfgate_rule *r, struct nlattr **tb)
{
	if (tb[NFGATE_RULE_A_CT_STATE])
		r->ct_state = nla_get_u32(tb[NFGATE_RULE_A_CT_STATE]);
	if (tb[NFGATE_RULE_A_CT_STATUS])
		r->ct_status = nla_get_u32(tb[NFGATE_RULE_A_CT_STATUS]);
	if (tb[NFGATE_RULE_A_CT_DIRECTION])
		r->ct_dir = nla_get_u8(tb[NFGATE_RULE_A_CT_DIRECTION]);
}

static struct nfgate_rule_extra *nfgate_rule_extra(struct nfgate_rule *r)
{
	if (!r->extra)
		r->extra = kzalloc(sizeof(*r->extra), GFP_KERNEL_ACCOUNT);
	return r->extra;
}

static int nfgate_parse_log(struct nfgate_rule_ctx *ctx, struct nfgate_rule *r,
			    const struct nlattr *nest)
{
	struct nlattr *tb[NFGATE_LOG_A_MAX + 1];
	struct nfgate_rule_extra *x;
	int err;

	err = nfgate_parse_nested(tb, NFGATE_LOG_A_MAX, nest,
				  nfgate_log_policy, ctx->extack);
	if (err)
		return err;
	if (tb[NFGATE_LOG_A_GROUP] && tb[NFGATE_LOG_A_LEVEL]) {
		NL_SET_ERR_MSG_ATTR(ctx->extack, tb[NFGATE_LOG_A_LEVEL],
				    "log level is for syslog, not an NFLOG group");
		return -EINVAL;
	}
	x = nfgate_rule_extra(r);
	if (!x)
		return -ENOMEM;
	if (tb[NFGATE_LOG_A_PREFIX])
		nla_strscpy(x->log_prefix, tb[NFGATE_LOG_A_PREFIX],
			    sizeof(x->log_prefix));
	x->log_nflog = !!tb[NFGATE_LOG_A_GROUP];
	x->log_group = x->log_nflog ? nla_get_u16(tb[NFGATE_LOG_A_GROUP]) : 0;
	x->log_level = tb[NFGATE_LOG_A_LEVEL] ?
		       nla_get_u8(tb[NFGATE_LOG_A_LEVEL]) : (x->log_nflog ? 0 : 4);
	x->log_rate = tb[NFGATE_LOG_A_RATE] ? nla_get_u32(tb[NFGATE_LOG_A_RATE]) : 5;
	x->log_burst = tb[NFGATE_LOG_A_BURST] ? nla_get_u32(tb[NFGATE_LOG_A_BURST]) : 5;
	return 0;
}

/*
 * A reference on the logger backend of pf (both families for inet). As
 * nft_log does, load the backend when none is registered, and look again:
 * only nn->lock is held here, which module init never takes.
 */
static int nfgate_logger_get(u8 pf, enum nf_log_type type)
{
	int err = nf_logger_find_get(pf, type);

	if (err != -ENOENT)
		return err;
	request_module("%s", type == NF_LOG_TYPE_LOG ? "nf_log_syslog" :
					       "nfnetlink_log");
	return nf_logger_find_get(pf, type);
}

/* Take a reference on the logger backend, loading it if needed. */
static int nfgate_log_bind(struct nfgate_rule_ctx *ctx, struct nfgate_rule *r,
			   const struct nlattr *attr)
{
	struct nfgate_rule_extra *x = r->extra;
	u8 pf = ctx->family ? ctx->family : ctx->chain->family;
	int err;

	if (x->log_nflog) {
		x->log_info.type = NF_LOG_TYPE_ULOG;
		x->log_info.u.ulog.group = x->log_group;
		x->log_info.u.ulog.qthreshold = 1;
	} else {
		x->log_info.type = NF_LOG_TYPE_LOG;
		x->log_info.u.log.level = x->log_level;
	}
	err = nfgate_logger_get(pf, x->log_info.type);
	if (err) {
		NL_SET_ERR_MSG_ATTR(ctx->extack, attr,
				    "no logger backend (nf_log_syslog or nfnetlink_log) available");
		return err;
	}
	x->log_pf = pf;
	r->log = true;
	nfgate_ratelimit_init(&x->log_limit, x->log_rate, x->log_burst);
	return 0;
}

static int nfgate_parse_reject(struct nfgate_rule_ctx *ctx,
			       struct nfgate_rule *r, const struct nlattr *nest)
{
	struct nlattr *tb[NFGATE_REJECT_A_MAX + 1];
	u8 need = 0;
	int err;

	err = nfgate_parse_nested(tb, NFGATE_REJECT_A_MAX, nest,
				  nfgate_reject_policy, ctx->extack);
	if (err)
		return err;
	if (tb[NFGATE_REJECT_A_TYPE])
		r->reject_type = nla_get_u8(tb[NFGATE_REJECT_A_TYPE]);
	if (r->reject_type == NFGATE_REJECT_TCP_RESET &&
	    !nfgate_l4_is(r, IPPROTO_TCP)) {
		NL_SET_ERR_MSG_ATTR(ctx->extack, nest,
				    "reject with tcp reset needs l4proto tcp");
		return -EINVAL;
	}
	if (r->reject_type == NFGATE_REJECT_ICMP)
		need = NFPROTO_IPV4;
	if (r->reject_type == NFGATE_REJECT_ICMPV6)
		need = NFPROTO_IPV6;
	if (!need != !tb[NFGATE_REJECT_A_CODE]) {
		NL_SET_ERR_MSG_ATTR(ctx->extack, nest,
				    "a CODE goes with reject types icmp and icmpv6, and only there");
		return -EINVAL;
	}
	if (!need)
		return 0;
	r->reject_code = nla_get_u8(tb[NFGATE_REJECT_A_CODE]);
	return nfgate_set_family(ctx, need, nest);
}

static int nfgate_parse_actions(struct nfgate_rule_ctx *ctx,
				struct nfgate_rule *r, struct nlattr **tb)
{
	const struct nfgate_chain_params *c = ctx->chain;
	u32 mask;
	int err;

	r->verdict = tb[NFGATE_RULE_A_VERDICT] ?
		     nla_get_u32(tb[NFGATE_RULE_A_VERDICT]) :
		     NFGATE_VERDICT_CONTINUE;
	if (tb[NFGATE_RULE_A_REJECT] && r->verdict != NFGATE_VERDICT_REJECT) {
		NL_SET_ERR_MSG_ATTR(ctx->extack, tb[NFGATE_RULE_A_REJECT],
				    "REJECT options need verdict reject");
		return -EINVAL;
	}
	if (r->verdict == NFGATE_VERDICT_REJECT) {
		if (c->hook == NF_INET_POST_ROUTING) {
			NL_SET_ERR_MSG_ATTR(ctx->extack, tb[NFGATE_RULE_A_VERDICT],
					    "reject is not possible in postrouting");
			return -EOPNOTSUPP;
		}
		if (tb[NFGATE_RULE_A_REJECT]) {
			err = nfgate_parse_reject(ctx, r, tb[NFGATE_RULE_A_REJECT]);
			if (err)
				return err;
		}
	}
	if (tb[NFGATE_RULE_A_MARK_SET]) {
		err = nfgate_parse_mask(ctx, &r->set_mark, &mask, U32_MAX,
					tb[NFGATE_RULE_A_MARK_SET]);
		if (err)
			return err;
		r->set_mark_mask = mask;
		r->mark_set = true;
	}
	if (tb[NFGATE_RULE_A_LOG])
		return nfgate_parse_log(ctx, r, tb[NFGATE_RULE_A_LOG]);
	return 0;
}

static int nfgate_parse_comment(struct nfgate_rule *r, const struct nlattr *attr)
{
	struct nfgate_rule_extra *x = nfgate_rule_extra(r);

	if (!x)
		return -ENOMEM;
	nla_strscpy(x->comment, attr, sizeof(x->comment));
	return 0;
}

/* Take a reference on the set named by @attr, of an address or port type. */
static struct nfgate_set *nfgate_rule_set(struct nfgate_rule_ctx *ctx,
					  const struct nlattr *attr, bool ports)
{
	struct nfgate_set *set = nfgate_set_resolve(ctx->nn, nla_data(attr));
	bool is_port = set && set->type == NFGATE_SET_PORT;

	if (!set) {
		NL_SET_ERR_MSG_ATTR(ctx->extack, attr, "no such set");
		return ERR_PTR(-ENOENT);
	}
	if (nfgate_type_is_meter(set->type)) {
		NL_SET_ERR_MSG_ATTR(ctx->extack, attr,
				    "a recent or rate table is used by recent and rate matches only");
		return ERR_PTR(-EINVAL);
	}
	if (ports != is_port) {
		if (ports)
			NL_SET_ERR_MSG_ATTR(ctx->extack, attr,
					    "port match on a set that is not a port set");
		else
			NL_SET_ERR_MSG_ATTR(ctx->extack, attr,
					    "address match on a port set");
		return ERR_PTR(-EINVAL);
	}
	if (!ports && nfgate_set_family(ctx, set->type == NFGATE_SET_IPV4 ?
					NFPROTO_IPV4 : NFPROTO_IPV6, attr))
		return ERR_PTR(-EINVAL);
	refcount_inc(&set->ref);
	return set;
}

static int nfgate_parse_sets(struct nfgate_rule_ctx *ctx, struct nfgate_rule *r,
			     struct nlattr **tb)
{
	struct nfgate_rule_extra *x;
	struct nfgate_set *set;
	int i, type;

	for (i = 0; i < NFGATE_NSETMATCH; i++) {
		type = NFGATE_RULE_SET_MATCH_FIRST + i;
		if (!tb[type])
			continue;
		if (type >= NFGATE_RULE_A_SPORT_SET && !nfgate_l4_has_ports(r)) {
			NL_SET_ERR_MSG_ATTR(ctx->extack, tb[type],
					    "port match needs tcp, udp, sctp or udplite");
			return -EINVAL;
		}
		set = nfgate_rule_set(ctx, tb[type], type >= NFGATE_RULE_A_SPORT_SET);
		if (IS_ERR(set))
			return PTR_ERR(set);
		r->sets[i] = set;
		x = nfgate_rule_extra(r);
		if (!x)
			return -ENOMEM;
		strscpy(x->set_names[i], set->name, sizeof(x->set_names[i]));
	}
	return 0;
}

static int nfgate_parse_add_set(struct nfgate_rule_ctx *ctx,
				struct nfgate_rule *r, const struct nlattr *nest)
{
	struct nlattr *tb[NFGATE_ADD_SET_A_MAX + 1];
	struct nfgate_rule_extra *x;
	struct nfgate_set *set;
	int err;

	err = nfgate_parse_nested(tb, NFGATE_ADD_SET_A_MAX, nest,
				  nfgate_add_set_policy, ctx->extack);
	if (err)
		return err;
	if (!tb[NFGATE_ADD_SET_A_NAME] || !tb[NFGATE_ADD_SET_A_FIELD]) {
		NL_SET_ERR_MSG_ATTR(ctx->extack, nest, "add-to-set needs NAME and FIELD");
		return -EINVAL;
	}
	set = nfgate_rule_set(ctx, tb[NFGATE_ADD_SET_A_NAME], false);
	if (IS_ERR(set))
		return PTR_ERR(set);
	r->add_set = set;
	x = nfgate_rule_extra(r);
	if (!x)
		return -ENOMEM;
	strscpy(x->add_set_name, set->name, sizeof(x->add_set_name));
	x->add_field = nla_get_u8(tb[NFGATE_ADD_SET_A_FIELD]);
	x->add_has_timeout = !!tb[NFGATE_ADD_SET_A_TIMEOUT];
	if (x->add_has_timeout)
		x->add_timeout = nla_get_u32(tb[NFGATE_ADD_SET_A_TIMEOUT]);
	x->add_refresh = tb[NFGATE_ADD_SET_A_REFRESH] &&
			 nla_get_u8(tb[NFGATE_ADD_SET_A_REFRESH]);
	if ((x->add_timeout || x->add_refresh) && nfgate_set_compact(set)) {
		NL_SET_ERR_MSG_ATTR(ctx->extack, x->add_timeout ?
				    tb[NFGATE_ADD_SET_A_TIMEOUT] :
				    tb[NFGATE_ADD_SET_A_REFRESH],
				    "a COMPACT set's elements take no timeout");
		return -EINVAL;
	}
	return 0;
}

static int nfgate_meter_opts(struct nfgate_rule_ctx *ctx,
			     struct nfgate_meter_match *mm, struct nlattr **tb,
			     const struct nlattr *nest, u8 hits)
{
	mm->on = true;
	mm->mode = tb[NFGATE_METER_A_MODE] ? nla_get_u8(tb[NFGATE_METER_A_MODE]) :
					      NFGATE_RECENT_CHECK;
	if (tb[NFGATE_METER_A_SECONDS])
		mm->seconds = nla_get_u32(tb[NFGATE_METER_A_SECONDS]);
	if (tb[NFGATE_METER_A_HITCOUNT])
		mm->hitcount = nla_get_u32(tb[NFGATE_METER_A_HITCOUNT]);
	mm->rdest = tb[NFGATE_METER_A_RDEST] && nla_get_u8(tb[NFGATE_METER_A_RDEST]);
	mm->invert = tb[NFGATE_METER_A_INVERT] &&
		     nla_get_u8(tb[NFGATE_METER_A_INVERT]);
	if ((mm->seconds || mm->hitcount) &&
	    (mm->mode == NFGATE_RECENT_SET || mm->mode == NFGATE_RECENT_REMOVE)) {
		NL_SET_ERR_MSG_ATTR(ctx->extack, nest,
				    "SECONDS and HITCOUNT go with modes check and update only");
		return -EINVAL;
	}
	if (mm->hitcount > hits) {
		NL_SET_ERR_MSG_ATTR_FMT(ctx->extack, tb[NFGATE_METER_A_HITCOUNT],
					"HITCOUNT over the table's %u remembered hits",
					hits);
		return -EINVAL;
	}
	return 0;
}

/* A recent (NFGATE_RULE_A_RECENT) or rate (NFGATE_RULE_A_RATE) match. */
static int nfgate_parse_meter(struct nfgate_rule_ctx *ctx, struct nfgate_rule *r,
			      const struct nlattr *nest, bool recent)
{
	struct nlattr *tb[NFGATE_METER_A_MAX + 1];
	struct nfgate_rule_extra *x;
	struct nfgate_set *set;
	u8 hits;
	int err;

	err = nfgate_parse_nested(tb, NFGATE_METER_A_MAX, nest,
				  nfgate_meter_policy, ctx->extack);
	if (err)
		return err;
	if (!tb[NFGATE_METER_A_NAME]) {
		NL_SET_ERR_MSG_ATTR(ctx->extack, nest, "recent and rate matches need NAME");
		return -EINVAL;
	}
	if (!recent && (tb[NFGATE_METER_A_MODE] || tb[NFGATE_METER_A_SECONDS] ||
			tb[NFGATE_METER_A_HITCOUNT])) {
		NL_SET_ERR_MSG_ATTR(ctx->extack, nest,
				    "a rate match takes no MODE, SECONDS or HITCOUNT");
		return -EINVAL;
	}
	set = nfgate_set_resolve(ctx->nn, nla_data(tb[NFGATE_METER_A_NAME]));
	if (!set) {
		NL_SET_ERR_MSG_ATTR(ctx->extack, tb[NFGATE_METER_A_NAME], "no such set");
		return -ENOENT;
	}
	if (!nfgate_type_is_meter(set->type) ||
	    nfgate_type_is_recent(set->type) != recent) {
		NL_SET_ERR_MSG_ATTR_FMT(ctx->extack, tb[NFGATE_METER_A_NAME],
					"%s match on a set that is not a %s table",
					recent ? "recent" : "rate",
					recent ? "recent" : "rate");
		return -EINVAL;
	}
	rcu_read_lock();
	hits = recent ? nfgate_meter_hits(nfgate_set_meter(set)) : 0;
	rcu_read_unlock();
	err = nfgate_meter_opts(ctx, recent ? &r->recent : &r->rate, tb, nest, hits);
	if (!err)
		err = nfgate_set_family(ctx, nfgate_type_width(set->type) == 32 ?
					NFPROTO_IPV4 : NFPROTO_IPV6,
					tb[NFGATE_METER_A_NAME]);
	x = err ? NULL : nfgate_rule_extra(r);
	if (!x)
		return err ?: -ENOMEM;
	refcount_inc(&set->ref);
	if (recent) {
		r->recent_set = set;
		strscpy(x->recent_name, set->name, sizeof(x->recent_name));
	} else {
		r->rate_set = set;
		strscpy(x->rate_name, set->name, sizeof(x->rate_name));
	}
	return 0;
}

static int nfgate_rule_check_invert(struct nfgate_rule_ctx *ctx,
				    struct nfgate_rule *r, struct nlattr **tb)
{
	u32 present = 0;
	int i;

	for (i = NFGATE_RULE_MATCH_FIRST; i <= NFGATE_RULE_SET_MATCH_LAST; i++)
		if (tb[i] && (NFGATE_MATCH_MASK & BIT(i)))
			present |= BIT(i);
	r->present = present;
	if (tb[NFGATE_RULE_A_INVERT])
		r->invert = nla_get_u32(tb[NFGATE_RULE_A_INVERT]);
	if (r->invert & ~present) {
		NL_SET_ERR_MSG_ATTR(ctx->extack, tb[NFGATE_RULE_A_INVERT],
				    "INVERT names a match the rule does not have");
		return -EINVAL;
	}
	return 0;
}

/**
 * nfgate_rule_parse - compile one rule
 * @r: zeroed rule to fill in; on error nfgate_rule_release() cleans it up
 * @nest: the NFGATE_A_RULE nest, already validated against the policy
 * @chain: the chain the rule goes into
 * @nn: the netns, whose sets set matches name (its lock is held)
 * @extack: names the offending attribute on error
 */
int nfgate_rule_parse(struct nfgate_rule *r, const struct nlattr *nest,
		      const struct nfgate_chain_params *chain,
		      struct nfgate_net *nn, struct netlink_ext_ack *extack)
{
	struct nfgate_rule_ctx ctx = { .chain = chain, .nn = nn,
				       .extack = extack };
	struct nlattr *tb[NFGATE_RULE_A_MAX + 1];
	int err;

	err = nfgate_parse_nested(tb, NFGATE_RULE_A_MAX, nest,
				  nfgate_rule_policy, extack);
	if (!err)
		err = nfgate_rule_check_invert(&ctx, r, tb);
	if (!err)
		err = nfgate_parse_l3l4(&ctx, r, tb);
	if (!err)
		err = nfgate_parse_meta(&ctx, r, tb);
	if (!err)
		err = nfgate_parse_sets(&ctx, r, tb);
	if (!err && tb[NFGATE_RULE_A_ADD_SET])
		err = nfgate_parse_add_set(&ctx, r, tb[NFGATE_RULE_A_ADD_SET]);
	if (!err && tb[NFGATE_RULE_A_RECENT])
		err = nfgate_parse_meter(&ctx, r, tb[NFGATE_RULE_A_RECENT], true);
	if (!err && tb[NFGATE_RULE_A_RATE])
		err = nfgate_parse_meter(&ctx, r, tb[NFGATE_RULE_A_RATE], false);
	if (err)
		return err;
	nfgate_parse_ct(r, tb);
	err = nfgate_parse_actions(&ctx, r, tb);
	if (!err && tb[NFGATE_RULE_A_COMMENT])
		err = nfgate_parse_comment(r, tb[NFGATE_RULE_A_COMMENT]);
	if (!err && tb[NFGATE_RULE_A_LOG])
		err = nfgate_log_bind(&ctx, r, tb[NFGATE_RULE_A_LOG]);
	if (err)
		return err;
	r->family = ctx.family;
	if (tb[NFGATE_RULE_A_HANDLE])
		r->want_handle = nla_get_u64(tb[NFGATE_RULE_A_HANDLE]);
	return 0;
}

bool nfgate_rule_uses_ct(const struct nfgate_rule *r)
{
	return r->present & (BIT(NFGATE_RULE_A_CT_STATE) |
			     BIT(NFGATE_RULE_A_CT_STATUS) |
			     BIT(NFGATE_RULE_A_CT_DIRECTION));
}

bool nfgate_rule_uses_l4(const struct nfgate_rule *r)
{
	return r->present & (BIT(NFGATE_RULE_A_SPORT) | BIT(NFGATE_RULE_A_DPORT) |
			     BIT(NFGATE_RULE_A_SPORT_SET) |
			     BIT(NFGATE_RULE_A_DPORT_SET) |
			     BIT(NFGATE_RULE_A_ICMP) |
			     BIT(NFGATE_RULE_A_TCP_FLAGS)) ||
	       r->verdict == NFGATE_VERDICT_REJECT;
}

bool nfgate_rule_uses_set(const struct nfgate_rule *r,
			  const struct nfgate_set *set)
{
	int i;

	for (i = 0; i < NFGATE_NSETMATCH; i++)
		if (r->sets[i] == set)
			return true;
	return r->add_set == set || r->recent_set == set || r->rate_set == set;
}

/* May run in an RCU callback. */
void nfgate_rule_release(struct nfgate_rule *r)
{
	int i;

	if (r->log)
		nf_logger_put(r->extra->log_pf, r->extra->log_info.type);
	for (i = 0; i < NFGATE_NSETMATCH; i++)
		nfgate_set_put(r->sets[i]);
	nfgate_set_put(r->add_set);
	nfgate_set_put(r->recent_set);
	nfgate_set_put(r->rate_set);
	kfree(r->extra);
	nfgate_stats_put(r->stats);
}

u32 nfgate_rule_hash(const struct nfgate_rule *r)
{
	u32 h = jhash(r, NFGATE_RULE_KEY_SIZE, 0);

	if (r->extra)
		h = jhash(r->extra, NFGATE_EXTRA_KEY_SIZE, h);
	return h;
}

/* Same definition: the new rule continues the old one's identity. */
bool nfgate_rule_same(const struct nfgate_rule *a, const struct nfgate_rule *b)
{
	if (memcmp(a, b, NFGATE_RULE_KEY_SIZE))
		return false;
	if (!a->extra || !b->extra)
		return !a->extra && !b->extra;
	return !memcmp(a->extra, b->extra, NFGATE_EXTRA_KEY_SIZE);
}

static int nfgate_fill_addr(struct sk_buff *msg, int type,
			    const struct nfgate_addr *a, u8 family)
{
	struct nlattr *nest = nla_nest_start(msg, type);

	if (!nest)
		return -EMSGSIZE;
	if (family == NFPROTO_IPV4 ?
	    nla_put_in_addr(msg, NFGATE_ADDR_A_IN, a->addr.in) :
	    nla_put_in6_addr(msg, NFGATE_ADDR_A_IN6, &a->addr.in6))
		return -EMSGSIZE;
	if (nla_put_u8(msg, NFGATE_ADDR_A_PREFIX, a->plen))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int nfgate_fill_pair(struct sk_buff *msg, int type, int a1, u32 v1,
			    int a2, u32 v2, int size)
{
	struct nlattr *nest = nla_nest_start(msg, type);

	if (!nest)
		return -EMSGSIZE;
	if (size == 2 ? nla_put_u16(msg, a1, v1) || nla_put_u16(msg, a2, v2) :
	    nla_put_u32(msg, a1, v1) || nla_put_u32(msg, a2, v2))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int nfgate_fill_ifname(struct sk_buff *msg, int type,
			      const struct nfgate_ifname *ifn)
{
	char name[IFNAMSIZ + 1];

	/* A prefix match compares no NUL; it was written with a '*'. */
	if (ifn->len && ifn->name[ifn->len - 1] != '\0')
		snprintf(name, sizeof(name), "%s*", ifn->name);
	else
		strscpy(name, ifn->name, sizeof(name));
	return nla_put_string(msg, type, name);
}

static int nfgate_fill_l3l4(struct sk_buff *msg, const struct nfgate_rule *r)
{
	u32 m = r->present;
	struct nlattr *nest;

	if (((m & BIT(NFGATE_RULE_A_NFPROTO)) &&
	     nla_put_u8(msg, NFGATE_RULE_A_NFPROTO, r->nfproto)) ||
	    ((m & BIT(NFGATE_RULE_A_L4PROTO)) &&
	     nla_put_u8(msg, NFGATE_RULE_A_L4PROTO, r->l4proto)) ||
	    ((m & BIT(NFGATE_RULE_A_SADDR)) &&
	     nfgate_fill_addr(msg, NFGATE_RULE_A_SADDR, &r->saddr, r->family)) ||
	    ((m & BIT(NFGATE_RULE_A_DADDR)) &&
	     nfgate_fill_addr(msg, NFGATE_RULE_A_DADDR, &r->daddr, r->family)) ||
	    ((m & BIT(NFGATE_RULE_A_SPORT)) &&
	     nfgate_fill_pair(msg, NFGATE_RULE_A_SPORT, NFGATE_PORT_A_MIN,
			      r->sport_min, NFGATE_PORT_A_MAX, r->sport_max, 2)) ||
	    ((m & BIT(NFGATE_RULE_A_DPORT)) &&
	     nfgate_fill_pair(msg, NFGATE_RULE_A_DPORT, NFGATE_PORT_A_MIN,
			      r->dport_min, NFGATE_PORT_A_MAX, r->dport_max, 2)))
		return -EMSGSIZE;
	if (!(m & BIT(NFGATE_RULE_A_ICMP)))
		return 0;
	nest = nla_nest_start(msg, NFGATE_RULE_A_ICMP);
	if (!nest || nla_put_u8(msg, NFGATE_ICMP_A_TYPE, r->icmp_type) ||
	    (!r->icmp_any_code &&
	     nla_put_u8(msg, NFGATE_ICMP_A_CODE, r->icmp_code)))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int nfgate_fill_meta(struct sk_buff *msg, const struct nfgate_rule *r)
{
	u32 m = r->present;

	if (((m & BIT(NFGATE_RULE_A_IIFNAME)) &&
	     nfgate_fill_ifname(msg, NFGATE_RULE_A_IIFNAME, &r->iif)) ||
	    ((m & BIT(NFGATE_RULE_A_OIFNAME)) &&
	     nfgate_fill_ifname(msg, NFGATE_RULE_A_OIFNAME, &r->oif)) ||
	    ((m & BIT(NFGATE_RULE_A_TCP_FLAGS)) &&
	     nfgate_fill_pair(msg, NFGATE_RULE_A_TCP_FLAGS, NFGATE_MASK_A_VALUE,
			      r->tcp_flags, NFGATE_MASK_A_MASK, r->tcp_mask, 4)) ||
	    ((m & BIT(NFGATE_RULE_A_CT_STATE)) &&
	     nla_put_u32(msg, NFGATE_RULE_A_CT_STATE, r->ct_state)) ||
	    ((m & BIT(NFGATE_RULE_A_CT_STATUS)) &&
	     nla_put_u32(msg, NFGATE_RULE_A_CT_STATUS, r->ct_status)) ||
	    ((m & BIT(NFGATE_RULE_A_CT_DIRECTION)) &&
	     nla_put_u8(msg, NFGATE_RULE_A_CT_DIRECTION, r->ct_dir)) ||
	    ((m & BIT(NFGATE_RULE_A_MARK)) &&
	     nfgate_fill_pair(msg, NFGATE_RULE_A_MARK, NFGATE_MASK_A_VALUE,
			      r->mark, NFGATE_MASK_A_MASK, r->mark_mask, 4)))
		return -EMSGSIZE;
	return 0;
}

static int nfgate_fill_log(struct sk_buff *msg, const struct nfgate_rule_extra *x)
{
	struct nlattr *nest = nla_nest_start(msg, NFGATE_RULE_A_LOG);

	if (!nest ||
	    (x->log_prefix[0] &&
	     nla_put_string(msg, NFGATE_LOG_A_PREFIX, x->log_prefix)) ||
	    (x->log_nflog ? nla_put_u16(msg, NFGATE_LOG_A_GROUP, x->log_group) :
	     nla_put_u8(msg, NFGATE_LOG_A_LEVEL, x->log_level)) ||
	    nla_put_u32(msg, NFGATE_LOG_A_RATE, x->log_rate) ||
	    nla_put_u32(msg, NFGATE_LOG_A_BURST, x->log_burst))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int nfgate_fill_actions(struct sk_buff *msg, const struct nfgate_rule *r)
{
	struct nlattr *nest;

	if (nla_put_u32(msg, NFGATE_RULE_A_VERDICT, r->verdict) ||
	    (r->mark_set &&
	     nfgate_fill_pair(msg, NFGATE_RULE_A_MARK_SET, NFGATE_MASK_A_VALUE,
			      r->set_mark, NFGATE_MASK_A_MASK,
			      r->set_mark_mask, 4)) ||
	    (r->log && nfgate_fill_log(msg, r->extra)) ||
	    (r->extra && r->extra->comment[0] &&
	     nla_put_string(msg, NFGATE_RULE_A_COMMENT, r->extra->comment)))
		return -EMSGSIZE;
	if (r->verdict != NFGATE_VERDICT_REJECT)
		return 0;
	nest = nla_nest_start(msg, NFGATE_RULE_A_REJECT);
	if (!nest || nla_put_u8(msg, NFGATE_REJECT_A_TYPE, r->reject_type) ||
	    ((r->reject_type == NFGATE_REJECT_ICMP ||
	      r->reject_type == NFGATE_REJECT_ICMPV6) &&
	     nla_put_u8(msg, NFGATE_REJECT_A_CODE, r->reject_code)))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int nfgate_fill_meter(struct sk_buff *msg, int type,
			     const struct nfgate_meter_match *mm,
			     const char *name)
{
	struct nlattr *nest = nla_nest_start(msg, type);

	if (!nest || nla_put_string(msg, NFGATE_METER_A_NAME, name) ||
	    (type == NFGATE_RULE_A_RECENT &&
	     nla_put_u8(msg, NFGATE_METER_A_MODE, mm->mode)) ||
	    (mm->seconds &&
	     nla_put_u32(msg, NFGATE_METER_A_SECONDS, mm->seconds)) ||
	    (mm->hitcount &&
	     nla_put_u32(msg, NFGATE_METER_A_HITCOUNT, mm->hitcount)) ||
	    (mm->rdest && nla_put_u8(msg, NFGATE_METER_A_RDEST, 1)) ||
	    (mm->invert && nla_put_u8(msg, NFGATE_METER_A_INVERT, 1)))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int nfgate_fill_sets(struct sk_buff *msg, const struct nfgate_rule *r)
{
	const struct nfgate_rule_extra *x = r->extra;
	struct nlattr *nest;
	int i;

	for (i = 0; i < NFGATE_NSETMATCH; i++)
		if (r->sets[i] &&
		    nla_put_string(msg, NFGATE_RULE_SET_MATCH_FIRST + i,
				   x->set_names[i]))
			return -EMSGSIZE;
	if ((r->recent_set &&
	     nfgate_fill_meter(msg, NFGATE_RULE_A_RECENT, &r->recent,
			       x->recent_name)) ||
	    (r->rate_set &&
	     nfgate_fill_meter(msg, NFGATE_RULE_A_RATE, &r->rate, x->rate_name)))
		return -EMSGSIZE;
	if (!r->add_set)
		return 0;
	nest = nla_nest_start(msg, NFGATE_RULE_A_ADD_SET);
	if (!nest || nla_put_string(msg, NFGATE_ADD_SET_A_NAME, x->add_set_name) ||
	    nla_put_u8(msg, NFGATE_ADD_SET_A_FIELD, x->add_field) ||
	    (x->add_has_timeout &&
	     nla_put_u32(msg, NFGATE_ADD_SET_A_TIMEOUT, x->add_timeout)) ||
	    (x->add_refresh && nla_put_u8(msg, NFGATE_ADD_SET_A_REFRESH, 1)))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/* The rule's attributes, as a COMMIT would carry them, plus counters. */
int nfgate_rule_fill(struct sk_buff *msg, const struct nfgate_rule *r)
{
	u64 packets, bytes;

	nfgate_stats_read(r->stats, &packets, &bytes);
	if (nla_put_u64_64bit(msg, NFGATE_RULE_A_HANDLE, r->stats->handle,
			      NFGATE_RULE_A_PAD) ||
	    (r->invert && nla_put_u32(msg, NFGATE_RULE_A_INVERT, r->invert)) ||
	    nfgate_fill_l3l4(msg, r) || nfgate_fill_meta(msg, r) ||
	    nfgate_fill_sets(msg, r) ||
	    nfgate_fill_actions(msg, r) ||
	    nla_put_u64_64bit(msg, NFGATE_RULE_A_PACKETS, packets,
			      NFGATE_RULE_A_PAD) ||
	    nla_put_u64_64bit(msg, NFGATE_RULE_A_BYTES, bytes,
			      NFGATE_RULE_A_PAD))
		return -EMSGSIZE;
	return 0;
}
