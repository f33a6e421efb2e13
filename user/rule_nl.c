// SPDX-License-Identifier: GPL-2.0
/*
 * Rules and chains on the wire: the NFGATE_A_RULE and NFGATE_A_CHAIN nests
 * of include/uapi/linux/nfgate.h, and the attribute sets that name every
 * attribute of a COMMIT request in error reports.
 *
 * The encoder leaves out what the kernel defaults to (an absent PORT MAX,
 * MASK, log level, rate and burst, reject type, verdict continue), so
 * requests stay small; the decoder fills the defaults back in.
 */
#include <errno.h>
#include <string.h>

#include <linux/netlink.h>

#include "err.h"
#include "rule.h"
#include "setelem.h"

/* ---- attribute sets --------------------------------------------------- */

#define SPEC(prefix, name, type) [prefix##name] = { #prefix #name, MNL_TYPE_##type, NULL }
#define NEST(prefix, name, set) [prefix##name] = { #prefix #name, MNL_TYPE_NESTED, &(set) }

static const struct nfg_attr_spec addr_spec[NFGATE_ADDR_A_MAX + 1] = {
	SPEC(NFGATE_ADDR_A_, IN, BINARY),
	SPEC(NFGATE_ADDR_A_, IN6, BINARY),
	SPEC(NFGATE_ADDR_A_, PREFIX, U8),
};
static const struct nfg_attr_set addr_attrs = NFG_ATTR_SET(addr_spec);

static const struct nfg_attr_spec port_spec[NFGATE_PORT_A_MAXATTR + 1] = {
	SPEC(NFGATE_PORT_A_, MIN, U16),
	SPEC(NFGATE_PORT_A_, MAX, U16),
};
static const struct nfg_attr_set port_attrs = NFG_ATTR_SET(port_spec);

static const struct nfg_attr_spec icmp_spec[NFGATE_ICMP_A_MAX + 1] = {
	SPEC(NFGATE_ICMP_A_, TYPE, U8),
	SPEC(NFGATE_ICMP_A_, CODE, U8),
};
static const struct nfg_attr_set icmp_attrs = NFG_ATTR_SET(icmp_spec);

static const struct nfg_attr_spec mask_spec[NFGATE_MASK_A_MAX + 1] = {
	SPEC(NFGATE_MASK_A_, VALUE, U32),
	SPEC(NFGATE_MASK_A_, MASK, U32),
};
static const struct nfg_attr_set mask_attrs = NFG_ATTR_SET(mask_spec);

static const struct nfg_attr_spec log_spec[NFGATE_LOG_A_MAX + 1] = {
	SPEC(NFGATE_LOG_A_, PREFIX, NUL_STRING),
	SPEC(NFGATE_LOG_A_, LEVEL, U8),
	SPEC(NFGATE_LOG_A_, GROUP, U16),
	SPEC(NFGATE_LOG_A_, RATE, U32),
	SPEC(NFGATE_LOG_A_, BURST, U32),
};
static const struct nfg_attr_set log_attrs = NFG_ATTR_SET(log_spec);

static const struct nfg_attr_spec reject_spec[NFGATE_REJECT_A_MAX + 1] = {
	SPEC(NFGATE_REJECT_A_, TYPE, U8),
	SPEC(NFGATE_REJECT_A_, CODE, U8),
};
static const struct nfg_attr_set reject_attrs = NFG_ATTR_SET(reject_spec);

static const struct nfg_attr_spec add_set_spec[NFGATE_ADD_SET_A_MAX + 1] = {
	SPEC(NFGATE_ADD_SET_A_, NAME, NUL_STRING),
	SPEC(NFGATE_ADD_SET_A_, FIELD, U8),
	SPEC(NFGATE_ADD_SET_A_, TIMEOUT, U32),
	SPEC(NFGATE_ADD_SET_A_, REFRESH, U8),
};
static const struct nfg_attr_set add_set_attrs = NFG_ATTR_SET(add_set_spec);

static const struct nfg_attr_spec meter_spec[NFGATE_METER_A_MAX + 1] = {
	SPEC(NFGATE_METER_A_, NAME, NUL_STRING),
	SPEC(NFGATE_METER_A_, MODE, U8),
	SPEC(NFGATE_METER_A_, SECONDS, U32),
	SPEC(NFGATE_METER_A_, HITCOUNT, U32),
	SPEC(NFGATE_METER_A_, RDEST, U8),
	SPEC(NFGATE_METER_A_, INVERT, U8),
};
static const struct nfg_attr_set meter_attrs = NFG_ATTR_SET(meter_spec);

static const struct nfg_attr_spec rule_spec[NFGATE_RULE_A_MAX + 1] = {
	SPEC(NFGATE_RULE_A_, PAD, UNSPEC),
	SPEC(NFGATE_RULE_A_, HANDLE, U64),
	SPEC(NFGATE_RULE_A_, CHAIN, NUL_STRING),
	SPEC(NFGATE_RULE_A_, POSITION, U32),
	SPEC(NFGATE_RULE_A_, COMMENT, NUL_STRING),
	SPEC(NFGATE_RULE_A_, INVERT, U32),
	SPEC(NFGATE_RULE_A_, NFPROTO, U8),
	SPEC(NFGATE_RULE_A_, L4PROTO, U8),
	SPEC(NFGATE_RULE_A_, IIFNAME, NUL_STRING),
	SPEC(NFGATE_RULE_A_, OIFNAME, NUL_STRING),
	NEST(NFGATE_RULE_A_, SADDR, addr_attrs),
	NEST(NFGATE_RULE_A_, DADDR, addr_attrs),
	NEST(NFGATE_RULE_A_, SPORT, port_attrs),
	NEST(NFGATE_RULE_A_, DPORT, port_attrs),
	NEST(NFGATE_RULE_A_, ICMP, icmp_attrs),
	NEST(NFGATE_RULE_A_, TCP_FLAGS, mask_attrs),
	SPEC(NFGATE_RULE_A_, CT_STATE, U32),
	SPEC(NFGATE_RULE_A_, CT_STATUS, U32),
	SPEC(NFGATE_RULE_A_, CT_DIRECTION, U8),
	NEST(NFGATE_RULE_A_, MARK, mask_attrs),
	NEST(NFGATE_RULE_A_, LOG, log_attrs),
	NEST(NFGATE_RULE_A_, MARK_SET, mask_attrs),
	SPEC(NFGATE_RULE_A_, VERDICT, U32),
	NEST(NFGATE_RULE_A_, REJECT, reject_attrs),
	SPEC(NFGATE_RULE_A_, PACKETS, U64),
	SPEC(NFGATE_RULE_A_, BYTES, U64),
	SPEC(NFGATE_RULE_A_, SADDR_SET, NUL_STRING),
	SPEC(NFGATE_RULE_A_, DADDR_SET, NUL_STRING),
	SPEC(NFGATE_RULE_A_, SPORT_SET, NUL_STRING),
	SPEC(NFGATE_RULE_A_, DPORT_SET, NUL_STRING),
	NEST(NFGATE_RULE_A_, ADD_SET, add_set_attrs),
	NEST(NFGATE_RULE_A_, RECENT, meter_attrs),
	NEST(NFGATE_RULE_A_, RATE, meter_attrs),
};
const struct nfg_attr_set nfg_rule_attrs = NFG_ATTR_SET(rule_spec);

/* NFGATE_CHAIN_A_RULES: an array of NFGATE_A_RULE */
static const struct nfg_attr_spec rules_spec[NFGATE_A_RULE + 1] = {
	NEST(NFGATE_A_, RULE, nfg_rule_attrs),
};
static const struct nfg_attr_set rules_attrs = NFG_ATTR_ARRAY(rules_spec);

static const struct nfg_attr_spec chain_spec[NFGATE_CHAIN_A_MAX + 1] = {
	SPEC(NFGATE_CHAIN_A_, PAD, UNSPEC),
	SPEC(NFGATE_CHAIN_A_, NAME, NUL_STRING),
	SPEC(NFGATE_CHAIN_A_, HOOK, U32),
	SPEC(NFGATE_CHAIN_A_, FAMILY, U8),
	SPEC(NFGATE_CHAIN_A_, PRIORITY, U32),
	SPEC(NFGATE_CHAIN_A_, POLICY, U32),
	NEST(NFGATE_CHAIN_A_, RULES, rules_attrs),
	SPEC(NFGATE_CHAIN_A_, RULE_COUNT, U32),
	SPEC(NFGATE_CHAIN_A_, PACKETS, U64),
	SPEC(NFGATE_CHAIN_A_, BYTES, U64),
};
const struct nfg_attr_set nfg_chain_attrs = NFG_ATTR_SET(chain_spec);

/* NFGATE_A_CHAINS: an array of NFGATE_A_CHAIN */
static const struct nfg_attr_spec chains_spec[NFGATE_A_CHAIN + 1] = {
	NEST(NFGATE_A_, CHAIN, nfg_chain_attrs),
};
static const struct nfg_attr_set chains_attrs = NFG_ATTR_ARRAY(chains_spec);

/* NFGATE_A_SETS: an array of NFGATE_A_SET (set attributes) */
static const struct nfg_attr_spec sets_spec[NFGATE_A_SET + 1] = {
	NEST(NFGATE_A_, SET, nfg_set_attrs),
};
static const struct nfg_attr_set sets_attrs = NFG_ATTR_ARRAY(sets_spec);

static const struct nfg_attr_spec top_spec[NFGATE_A_MAX + 1] = {
	SPEC(NFGATE_A_, PAD, UNSPEC),
	SPEC(NFGATE_A_, FLAGS, U32),
	SPEC(NFGATE_A_, GENERATION, U32),
	SPEC(NFGATE_A_, CHAIN_NAME, NUL_STRING),
	NEST(NFGATE_A_, CHAINS, chains_attrs),
	NEST(NFGATE_A_, CHAIN, nfg_chain_attrs),
	NEST(NFGATE_A_, RULE, nfg_rule_attrs),
	NEST(NFGATE_A_, SETS, sets_attrs),
	NEST(NFGATE_A_, SET, nfg_set_attrs),
};
const struct nfg_attr_set nfg_top_attrs = NFG_ATTR_SET(top_spec);

/* ---- encoding --------------------------------------------------------- */

#define PUT(call) do { if (!(call)) return -EMSGSIZE; } while (0)

int nfg_nest_end(struct nlmsghdr *nlh, struct nlattr *nest)
{
	size_t len = (size_t)((char *)mnl_nlmsg_get_payload_tail(nlh) - (char *)nest);

	if (len > UINT16_MAX)
		return -E2BIG;
	nest->nla_len = (uint16_t)len;
	return 0;
}

static struct nlattr *nest_start(struct nlmsghdr *nlh, size_t buflen,
				 uint16_t type)
{
	struct nlattr *nest = mnl_attr_nest_start_check(nlh, buflen, type);

	if (nest)
		nest->nla_type |= NLA_F_NESTED;
	return nest;
}

static bool put_scalar(struct nlmsghdr *nlh, size_t buflen, uint16_t type,
		       uint32_t v, size_t size)
{
	uint8_t v8 = (uint8_t)v;
	uint16_t v16 = (uint16_t)v;
	const void *p = size == 1 ? (const void *)&v8 :
			size == 2 ? (const void *)&v16 : (const void *)&v;

	return mnl_attr_put_check(nlh, buflen, type, size, p);
}

/* A nest of one or two scalars of size bytes; the second one is left out
 * when it is the kernel's default. */
static int put_pair(struct nlmsghdr *nlh, size_t buflen, uint16_t type,
		    uint16_t a1, uint32_t v1, uint16_t a2, uint32_t v2,
		    bool put2, size_t size)
{
	struct nlattr *nest = nest_start(nlh, buflen, type);

	PUT(nest);
	PUT(put_scalar(nlh, buflen, a1, v1, size));
	if (put2)
		PUT(put_scalar(nlh, buflen, a2, v2, size));
	return nfg_nest_end(nlh, nest);
}

static int put_masked(struct nlmsghdr *nlh, size_t buflen, uint16_t type,
		      const struct nfg_masked *m, uint32_t all)
{
	return put_pair(nlh, buflen, type, NFGATE_MASK_A_VALUE, m->value,
			NFGATE_MASK_A_MASK, m->mask, m->mask != all, 4);
}

static int put_addr(struct nlmsghdr *nlh, size_t buflen, uint16_t type,
		    const struct nfg_addr *a)
{
	struct nlattr *nest = nest_start(nlh, buflen, type);
	bool v4 = a->family == NFGATE_FAMILY_IP;

	PUT(nest);
	PUT(mnl_attr_put_check(nlh, buflen, v4 ? NFGATE_ADDR_A_IN : NFGATE_ADDR_A_IN6,
			       v4 ? 4 : 16, a->addr));
	if (a->plen != (v4 ? 32 : 128))
		PUT(mnl_attr_put_u8_check(nlh, buflen, NFGATE_ADDR_A_PREFIX, a->plen));
	return nfg_nest_end(nlh, nest);
}

static int put_match(struct nlmsghdr *nlh, size_t buflen,
		     const struct nfg_rule *r, const struct nfg_match_desc *d)
{
	const char *field = (const char *)r + d->off;
	const struct nfg_range *range = (const struct nfg_range *)field;

	switch (d->kind) {
	case NFG_MK_SYM8:
		PUT(mnl_attr_put_u8_check(nlh, buflen, d->attr, *(const uint8_t *)field));
		return 0;
	case NFG_MK_BITS32:
		PUT(mnl_attr_put_u32_check(nlh, buflen, d->attr, *(const uint32_t *)field));
		return 0;
	case NFG_MK_IFNAME:
	case NFG_MK_SET:
		PUT(mnl_attr_put_strz_check(nlh, buflen, d->attr, field));
		return 0;
	case NFG_MK_ADDR:
		return put_addr(nlh, buflen, d->attr, (const struct nfg_addr *)field);
	case NFG_MK_PORTS:
		return put_pair(nlh, buflen, d->attr, NFGATE_PORT_A_MIN, range->min,
				NFGATE_PORT_A_MAX, range->max,
				range->max != range->min, 2);
	case NFG_MK_ICMP:
		return put_pair(nlh, buflen, d->attr, NFGATE_ICMP_A_TYPE, r->icmp_type,
				NFGATE_ICMP_A_CODE, r->icmp_code, !r->icmp_any_code, 1);
	case NFG_MK_FLAGS:
	case NFG_MK_MARK:
		return put_masked(nlh, buflen, d->attr,
				  (const struct nfg_masked *)field, d->max);
	}
	return -EINVAL;
}

static int put_log(struct nlmsghdr *nlh, size_t buflen, const struct nfg_log *l)
{
	struct nlattr *nest = nest_start(nlh, buflen, NFGATE_RULE_A_LOG);

	PUT(nest);
	if (l->prefix[0])
		PUT(mnl_attr_put_strz_check(nlh, buflen, NFGATE_LOG_A_PREFIX, l->prefix));
	if (l->nflog)
		PUT(mnl_attr_put_u16_check(nlh, buflen, NFGATE_LOG_A_GROUP, l->group));
	else if (l->level != NFG_LOG_DEFAULT_LEVEL)
		PUT(mnl_attr_put_u8_check(nlh, buflen, NFGATE_LOG_A_LEVEL, l->level));
	if (l->rate != NFG_LOG_DEFAULT_RATE)
		PUT(mnl_attr_put_u32_check(nlh, buflen, NFGATE_LOG_A_RATE, l->rate));
	if (l->burst != NFG_LOG_DEFAULT_BURST)
		PUT(mnl_attr_put_u32_check(nlh, buflen, NFGATE_LOG_A_BURST, l->burst));
	return nfg_nest_end(nlh, nest);
}

static int put_add_set(struct nlmsghdr *nlh, size_t buflen,
		       const struct nfg_add_set *a)
{
	struct nlattr *nest = nest_start(nlh, buflen, NFGATE_RULE_A_ADD_SET);

	PUT(nest);
	PUT(mnl_attr_put_strz_check(nlh, buflen, NFGATE_ADD_SET_A_NAME, a->name));
	PUT(mnl_attr_put_u8_check(nlh, buflen, NFGATE_ADD_SET_A_FIELD, a->field));
	if (a->has_timeout)
		PUT(mnl_attr_put_u32_check(nlh, buflen, NFGATE_ADD_SET_A_TIMEOUT,
					   a->timeout));
	if (a->refresh)
		PUT(mnl_attr_put_u8_check(nlh, buflen, NFGATE_ADD_SET_A_REFRESH, 1));
	return nfg_nest_end(nlh, nest);
}

static int put_meter(struct nlmsghdr *nlh, size_t buflen, uint16_t type,
		     const struct nfg_meter *m)
{
	struct nlattr *nest;

	if (!m->on)
		return 0;
	nest = nest_start(nlh, buflen, type);
	PUT(nest);
	PUT(mnl_attr_put_strz_check(nlh, buflen, NFGATE_METER_A_NAME, m->name));
	if (type == NFGATE_RULE_A_RECENT)
		PUT(mnl_attr_put_u8_check(nlh, buflen, NFGATE_METER_A_MODE, m->mode));
	if (m->seconds)
		PUT(mnl_attr_put_u32_check(nlh, buflen, NFGATE_METER_A_SECONDS, m->seconds));
	if (m->hitcount)
		PUT(mnl_attr_put_u32_check(nlh, buflen, NFGATE_METER_A_HITCOUNT, m->hitcount));
	if (m->rdest)
		PUT(mnl_attr_put_u8_check(nlh, buflen, NFGATE_METER_A_RDEST, 1));
	if (m->invert)
		PUT(mnl_attr_put_u8_check(nlh, buflen, NFGATE_METER_A_INVERT, 1));
	return nfg_nest_end(nlh, nest);
}

static int put_actions(struct nlmsghdr *nlh, size_t buflen,
		       const struct nfg_rule *r)
{
	bool code = r->reject_type == NFGATE_REJECT_ICMP ||
		    r->reject_type == NFGATE_REJECT_ICMPV6;
	int err = 0;

	if (r->present & NFG_BIT(NFGATE_RULE_A_LOG))
		err = put_log(nlh, buflen, &r->log);
	if (!err && (r->present & NFG_BIT(NFGATE_RULE_A_MARK_SET)))
		err = put_masked(nlh, buflen, NFGATE_RULE_A_MARK_SET, &r->mark_set,
				 UINT32_MAX);
	if (!err && (r->present & NFG_BIT(NFGATE_RULE_A_ADD_SET)))
		err = put_add_set(nlh, buflen, &r->add_set);
	if (err || r->verdict == NFGATE_VERDICT_CONTINUE)
		return err;
	PUT(mnl_attr_put_u32_check(nlh, buflen, NFGATE_RULE_A_VERDICT, r->verdict));
	if (r->verdict != NFGATE_VERDICT_REJECT ||
	    r->reject_type == NFGATE_REJECT_ICMPX_PORT)
		return 0;
	return put_pair(nlh, buflen, NFGATE_RULE_A_REJECT, NFGATE_REJECT_A_TYPE,
			r->reject_type, NFGATE_REJECT_A_CODE, r->reject_code, code, 1);
}

int nfg_rule_encode(struct nlmsghdr *nlh, size_t buflen,
		    const struct nfg_rule *r)
{
	struct nlattr *nest = nest_start(nlh, buflen, NFGATE_A_RULE);
	size_t i;
	int err;

	PUT(nest);
	if (r->handle)
		PUT(mnl_attr_put_u64_check(nlh, buflen, NFGATE_RULE_A_HANDLE, r->handle));
	if (r->present & NFG_BIT(NFGATE_RULE_A_COMMENT))
		PUT(mnl_attr_put_strz_check(nlh, buflen, NFGATE_RULE_A_COMMENT, r->comment));
	if (r->invert)
		PUT(mnl_attr_put_u32_check(nlh, buflen, NFGATE_RULE_A_INVERT, r->invert));
	for (i = 0; i < nfg_nmatches; i++) {
		if (!(r->present & NFG_BIT(nfg_matches[i].attr)))
			continue;
		err = put_match(nlh, buflen, r, &nfg_matches[i]);
		if (err)
			return err;
	}
	err = put_meter(nlh, buflen, NFGATE_RULE_A_RECENT, &r->recent);
	if (!err)
		err = put_meter(nlh, buflen, NFGATE_RULE_A_RATE, &r->rate);
	if (!err)
		err = put_actions(nlh, buflen, r);
	return err ? err : nfg_nest_end(nlh, nest);
}

int nfg_chain_encode(struct nlmsghdr *nlh, size_t buflen,
		     const struct nfg_chain *c)
{
	struct nlattr *nest = nest_start(nlh, buflen, NFGATE_A_CHAIN), *rules;
	size_t i;
	int err;

	PUT(nest);
	PUT(mnl_attr_put_strz_check(nlh, buflen, NFGATE_CHAIN_A_NAME, c->name));
	PUT(mnl_attr_put_u32_check(nlh, buflen, NFGATE_CHAIN_A_HOOK, c->hook));
	PUT(mnl_attr_put_u8_check(nlh, buflen, NFGATE_CHAIN_A_FAMILY, c->family));
	PUT(mnl_attr_put_check(nlh, buflen, NFGATE_CHAIN_A_PRIORITY,
			       sizeof(c->priority), &c->priority));
	PUT(mnl_attr_put_u32_check(nlh, buflen, NFGATE_CHAIN_A_POLICY, c->policy));
	if (c->nrules) {
		rules = nest_start(nlh, buflen, NFGATE_CHAIN_A_RULES);
		PUT(rules);
		for (i = 0; i < c->nrules; i++) {
			err = nfg_rule_encode(nlh, buflen, &c->rules[i]);
			if (err)
				return err;
		}
		err = nfg_nest_end(nlh, rules);
		if (err)
			return err;
	}
	return nfg_nest_end(nlh, nest);
}

/* ---- decoding --------------------------------------------------------- */

static int malformed(const char *what, const char *why)
{
	nfg_err("malformed %s from the kernel: %s", what, why);
	errno = EBADMSG;
	return -EBADMSG;
}

/* Parse a nest with set; note attributes set does not know. */
static int parse_nest(const struct nlattr *nest, const struct nfg_attr_set *set,
		      const struct nlattr **tb, bool *unknown)
{
	const struct nlattr *a;

	if (nfg_attr_parse_nested(nest, set, tb) < 0)
		return -EBADMSG;
	mnl_attr_for_each_nested(a, nest)
		if (!nfg_attr_name(set, mnl_attr_get_type(a)))
			*unknown = true;
	return 0;
}

static int get_addr(const struct nlattr *nest, struct nfg_addr *a, bool *unknown)
{
	const struct nlattr *tb[NFGATE_ADDR_A_MAX + 1];
	const struct nlattr *in;
	unsigned int bits;

	if (parse_nest(nest, &addr_attrs, tb, unknown) < 0)
		return -EBADMSG;
	if (!tb[NFGATE_ADDR_A_IN] == !tb[NFGATE_ADDR_A_IN6])
		return malformed("address", "not exactly one of IN and IN6");
	in = tb[NFGATE_ADDR_A_IN] ? tb[NFGATE_ADDR_A_IN] : tb[NFGATE_ADDR_A_IN6];
	a->family = tb[NFGATE_ADDR_A_IN] ? NFGATE_FAMILY_IP : NFGATE_FAMILY_IP6;
	bits = tb[NFGATE_ADDR_A_IN] ? 32 : 128;
	if (mnl_attr_get_payload_len(in) != bits / 8)
		return malformed("address", "wrong length");
	memcpy(a->addr, mnl_attr_get_payload(in), bits / 8);
	a->plen = tb[NFGATE_ADDR_A_PREFIX] ?
		  mnl_attr_get_u8(tb[NFGATE_ADDR_A_PREFIX]) : (uint8_t)bits;
	if (a->plen > bits)
		return malformed("address", "prefix longer than the address");
	return 0;
}

/* A nest of a required first scalar and an optional second one. */
static int get_pair(const struct nlattr *nest, const struct nfg_attr_set *set,
		    uint32_t *v1, uint32_t *v2, bool *has2, bool *unknown)
{
	const struct nlattr *tb[3];
	const struct nlattr *a;
	unsigned int i;

	if (parse_nest(nest, set, tb, unknown) < 0)
		return -EBADMSG;
	if (!tb[1])
		return malformed(set->spec[1].name, "the attribute is missing");
	for (i = 1; i <= 2; i++) {
		a = tb[i];
		if (!a)
			continue;
		*(i == 1 ? v1 : v2) = set->spec[i].type == MNL_TYPE_U8 ? mnl_attr_get_u8(a) :
				      set->spec[i].type == MNL_TYPE_U16 ? mnl_attr_get_u16(a) :
				      mnl_attr_get_u32(a);
	}
	*has2 = tb[2] != NULL;
	return 0;
}

static int get_match(const struct nlattr *a, struct nfg_rule *r,
		     const struct nfg_match_desc *d)
{
	char *field = (char *)r + d->off;
	struct nfg_masked *m = (struct nfg_masked *)field;
	uint32_t v1 = 0, v2 = 0;
	bool has2 = false;
	int err = 0;

	switch (d->kind) {
	case NFG_MK_SYM8:
		*(uint8_t *)field = mnl_attr_get_u8(a);
		return 0;
	case NFG_MK_BITS32:
		*(uint32_t *)field = mnl_attr_get_u32(a);
		r->unknown |= (*(uint32_t *)field & ~d->max) != 0;
		return 0;
	case NFG_MK_IFNAME:
		if (strlen(mnl_attr_get_str(a)) >= IFNAMSIZ)
			return malformed("rule", "interface name too long");
		strcpy(field, mnl_attr_get_str(a));
		return 0;
	case NFG_MK_SET:
		if (strlen(mnl_attr_get_str(a)) >= NFGATE_NAME_MAX)
			return malformed("rule", "set name too long");
		strcpy(field, mnl_attr_get_str(a));
		return 0;
	case NFG_MK_ADDR:
		return get_addr(a, (struct nfg_addr *)field, &r->unknown);
	case NFG_MK_PORTS:
		err = get_pair(a, &port_attrs, &v1, &v2, &has2, &r->unknown);
		((struct nfg_range *)field)->min = (uint16_t)v1;
		((struct nfg_range *)field)->max = (uint16_t)(has2 ? v2 : v1);
		return err;
	case NFG_MK_ICMP:
		err = get_pair(a, &icmp_attrs, &v1, &v2, &has2, &r->unknown);
		r->icmp_type = (uint8_t)v1;
		r->icmp_code = (uint8_t)v2;
		r->icmp_any_code = !has2;
		return err;
	case NFG_MK_FLAGS:
	case NFG_MK_MARK:
		err = get_pair(a, &mask_attrs, &m->value, &m->mask, &has2, &r->unknown);
		if (!has2)
			m->mask = d->max;
		return err;
	}
	return 0;
}

static int get_log(const struct nlattr *nest, struct nfg_rule *r)
{
	const struct nlattr *tb[NFGATE_LOG_A_MAX + 1];
	struct nfg_log *l = &r->log;

	if (parse_nest(nest, &log_attrs, tb, &r->unknown) < 0)
		return -EBADMSG;
	if (tb[NFGATE_LOG_A_PREFIX]) {
		if (strlen(mnl_attr_get_str(tb[NFGATE_LOG_A_PREFIX])) >= sizeof(l->prefix))
			return malformed("rule", "log prefix too long");
		strcpy(l->prefix, mnl_attr_get_str(tb[NFGATE_LOG_A_PREFIX]));
	}
	l->nflog = tb[NFGATE_LOG_A_GROUP] != NULL;
	l->group = l->nflog ? mnl_attr_get_u16(tb[NFGATE_LOG_A_GROUP]) : 0;
	l->level = tb[NFGATE_LOG_A_LEVEL] ? mnl_attr_get_u8(tb[NFGATE_LOG_A_LEVEL]) :
		   l->nflog ? 0 : NFG_LOG_DEFAULT_LEVEL;
	l->rate = tb[NFGATE_LOG_A_RATE] ? mnl_attr_get_u32(tb[NFGATE_LOG_A_RATE]) :
		  NFG_LOG_DEFAULT_RATE;
	l->burst = tb[NFGATE_LOG_A_BURST] ? mnl_attr_get_u32(tb[NFGATE_LOG_A_BURST]) :
		   NFG_LOG_DEFAULT_BURST;
	r->present |= NFG_BIT(NFGATE_RULE_A_LOG);
	return 0;
}

static int get_add_set(const struct nlattr *nest, struct nfg_rule *r)
{
	const struct nlattr *tb[NFGATE_ADD_SET_A_MAX + 1];
	struct nfg_add_set *a = &r->add_set;

	if (parse_nest(nest, &add_set_attrs, tb, &r->unknown) < 0)
		return -EBADMSG;
	if (!tb[NFGATE_ADD_SET_A_NAME] || !tb[NFGATE_ADD_SET_A_FIELD] ||
	    strlen(mnl_attr_get_str(tb[NFGATE_ADD_SET_A_NAME])) >= sizeof(a->name))
		return malformed("rule", "bad add-to-set action");
	strcpy(a->name, mnl_attr_get_str(tb[NFGATE_ADD_SET_A_NAME]));
	a->field = mnl_attr_get_u8(tb[NFGATE_ADD_SET_A_FIELD]);
	a->has_timeout = tb[NFGATE_ADD_SET_A_TIMEOUT] != NULL;
	a->timeout = a->has_timeout ? mnl_attr_get_u32(tb[NFGATE_ADD_SET_A_TIMEOUT]) : 0;
	a->refresh = tb[NFGATE_ADD_SET_A_REFRESH] &&
		     mnl_attr_get_u8(tb[NFGATE_ADD_SET_A_REFRESH]);
	r->present |= NFG_BIT(NFGATE_RULE_A_ADD_SET);
	return 0;
}

static uint8_t get_u8_or0(const struct nlattr *a)
{
	return a ? mnl_attr_get_u8(a) : 0;
}

static uint32_t get_u32_or0(const struct nlattr *a)
{
	return a ? mnl_attr_get_u32(a) : 0;
}

static int get_meter(const struct nlattr *nest, struct nfg_meter *m,
		     bool *unknown)
{
	const struct nlattr *tb[NFGATE_METER_A_MAX + 1];

	if (!nest)
		return 0;
	if (parse_nest(nest, &meter_attrs, tb, unknown) < 0)
		return -EBADMSG;
	if (!tb[NFGATE_METER_A_NAME] ||
	    strlen(mnl_attr_get_str(tb[NFGATE_METER_A_NAME])) >= sizeof(m->name))
		return malformed("rule", "recent or rate match without a valid NAME");
	m->on = true;
	strcpy(m->name, mnl_attr_get_str(tb[NFGATE_METER_A_NAME]));
	m->mode = get_u8_or0(tb[NFGATE_METER_A_MODE]);
	m->seconds = get_u32_or0(tb[NFGATE_METER_A_SECONDS]);
	m->hitcount = get_u32_or0(tb[NFGATE_METER_A_HITCOUNT]);
	m->rdest = get_u8_or0(tb[NFGATE_METER_A_RDEST]);
	m->invert = get_u8_or0(tb[NFGATE_METER_A_INVERT]);
	*unknown |= m->mode >= __NFGATE_RECENT_MODE_MAX;
	return 0;
}

static int get_actions(const struct nlattr **tb, struct nfg_rule *r)
{
	uint32_t type = NFGATE_REJECT_ICMPX_PORT, code = 0;
	bool has_code;
	int err;

	if (tb[NFGATE_RULE_A_LOG] && get_log(tb[NFGATE_RULE_A_LOG], r) < 0)
		return -EBADMSG;
	if (tb[NFGATE_RULE_A_MARK_SET]) {
		err = get_pair(tb[NFGATE_RULE_A_MARK_SET], &mask_attrs, &r->mark_set.value,
			       &r->mark_set.mask, &has_code, &r->unknown);
		if (err)
			return err;
		if (!has_code)
			r->mark_set.mask = UINT32_MAX;
		r->present |= NFG_BIT(NFGATE_RULE_A_MARK_SET);
	}
	if (tb[NFGATE_RULE_A_ADD_SET] && get_add_set(tb[NFGATE_RULE_A_ADD_SET], r) < 0)
		return -EBADMSG;
	if (tb[NFGATE_RULE_A_VERDICT])
		r->verdict = mnl_attr_get_u32(tb[NFGATE_RULE_A_VERDICT]);
	if (r->verdict >= __NFGATE_VERDICT_MAX)
		r->unknown = true;
	if (tb[NFGATE_RULE_A_REJECT] &&
	    get_pair(tb[NFGATE_RULE_A_REJECT], &reject_attrs, &type, &code,
		     &has_code, &r->unknown) < 0)
		return -EBADMSG;
	r->reject_type = (uint8_t)type;
	r->reject_code = (uint8_t)code;
	r->unknown |= type >= __NFGATE_REJECT_MAX;
	return 0;
}

static int get_ids(const struct nlattr **tb, struct nfg_rule *r, char *chain,
		   size_t chain_len)
{
	const struct nlattr *c = tb[NFGATE_RULE_A_COMMENT];

	if (tb[NFGATE_RULE_A_HANDLE])
		r->handle = mnl_attr_get_u64(tb[NFGATE_RULE_A_HANDLE]);
	if (tb[NFGATE_RULE_A_POSITION])
		r->position = mnl_attr_get_u32(tb[NFGATE_RULE_A_POSITION]);
	if (tb[NFGATE_RULE_A_PACKETS])
		r->packets = mnl_attr_get_u64(tb[NFGATE_RULE_A_PACKETS]);
	if (tb[NFGATE_RULE_A_BYTES])
		r->bytes = mnl_attr_get_u64(tb[NFGATE_RULE_A_BYTES]);
	if (chain && tb[NFGATE_RULE_A_CHAIN])
		snprintf(chain, chain_len, "%s", mnl_attr_get_str(tb[NFGATE_RULE_A_CHAIN]));
	if (tb[NFGATE_RULE_A_INVERT])
		r->invert = mnl_attr_get_u32(tb[NFGATE_RULE_A_INVERT]);
	if (!c || !*mnl_attr_get_str(c))
		return 0;
	if (strlen(mnl_attr_get_str(c)) >= sizeof(r->comment))
		return malformed("rule", "comment too long");
	strcpy(r->comment, mnl_attr_get_str(c));
	r->present |= NFG_BIT(NFGATE_RULE_A_COMMENT);
	return 0;
}

int nfg_rule_decode(const struct nlattr *nest, struct nfg_rule *r,
		    char *chain, size_t chain_len)
{
	const struct nlattr *tb[NFGATE_RULE_A_MAX + 1];
	const struct nfg_match_desc *d;
	uint32_t matches = 0;
	size_t i;

	nfg_rule_init(r);
	if (parse_nest(nest, &nfg_rule_attrs, tb, &r->unknown) < 0 ||
	    get_ids(tb, r, chain, chain_len) < 0)
		return -EBADMSG;
	for (i = 0; i < nfg_nmatches; i++) {
		d = &nfg_matches[i];
		matches |= NFG_BIT(d->attr);
		if (!tb[d->attr])
			continue;
		if (get_match(tb[d->attr], r, d) < 0)
			return -EBADMSG;
		r->present |= NFG_BIT(d->attr);
	}
	if (r->invert & ~matches)
		r->unknown = true;	/* negates a match we do not know */
	else if (r->invert & ~r->present)
		return malformed("rule", "INVERT negates a match the rule does not have");
	if (get_meter(tb[NFGATE_RULE_A_RECENT], &r->recent, &r->unknown) < 0 ||
	    get_meter(tb[NFGATE_RULE_A_RATE], &r->rate, &r->unknown) < 0)
		return -EBADMSG;
	return get_actions(tb, r);
}

static int get_chain_rules(const struct nlattr *rules, struct nfg_chain *c)
{
	const struct nlattr *a;
	struct nfg_rule r;

	mnl_attr_for_each_nested(a, rules) {
		if (nfg_rule_decode(a, &r, NULL, 0) < 0)
			return -EBADMSG;
		if (nfg_chain_insert(c, c->nrules, &r) < 0) {
			nfg_err("out of memory");
			return -ENOMEM;
		}
	}
	return 0;
}

int nfg_chain_decode(const struct nlattr *nest, struct nfg_chain *c)
{
	const struct nlattr *tb[NFGATE_CHAIN_A_MAX + 1];
	unsigned int t;

	nfg_chain_init(c);
	if (parse_nest(nest, &nfg_chain_attrs, tb, &c->unknown) < 0)
		return -EBADMSG;
	for (t = NFGATE_CHAIN_A_NAME; t <= NFGATE_CHAIN_A_PRIORITY; t++)
		if (!tb[t])
			return malformed("chain", "name, hook, family or priority missing");
	if (strlen(mnl_attr_get_str(tb[NFGATE_CHAIN_A_NAME])) >= sizeof(c->name))
		return malformed("chain", "name too long");
	strcpy(c->name, mnl_attr_get_str(tb[NFGATE_CHAIN_A_NAME]));
	c->hook = mnl_attr_get_u32(tb[NFGATE_CHAIN_A_HOOK]);
	c->family = mnl_attr_get_u8(tb[NFGATE_CHAIN_A_FAMILY]);
	c->priority = (int32_t)mnl_attr_get_u32(tb[NFGATE_CHAIN_A_PRIORITY]);
	if (tb[NFGATE_CHAIN_A_POLICY])
		c->policy = mnl_attr_get_u32(tb[NFGATE_CHAIN_A_POLICY]);
	c->unknown |= c->hook >= __NFGATE_HOOK_MAX || c->policy > NFGATE_VERDICT_ACCEPT;
	if (tb[NFGATE_CHAIN_A_RULE_COUNT])
		c->rule_count = mnl_attr_get_u32(tb[NFGATE_CHAIN_A_RULE_COUNT]);
	if (tb[NFGATE_CHAIN_A_PACKETS])
		c->packets = mnl_attr_get_u64(tb[NFGATE_CHAIN_A_PACKETS]);
	if (tb[NFGATE_CHAIN_A_BYTES])
		c->bytes = mnl_attr_get_u64(tb[NFGATE_CHAIN_A_BYTES]);
	if (tb[NFGATE_CHAIN_A_RULES] && get_chain_rules(tb[NFGATE_CHAIN_A_RULES], c) < 0) {
		nfg_chain_free(c);
		return -EBADMSG;
	}
	return 0;
}
