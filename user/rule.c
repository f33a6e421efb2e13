// SPDX-License-Identifier: GPL-2.0
/* The rule model: names, the match table, comparison, chain rule arrays. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netinet/in.h>

#include "rule.h"

/* ---- names ------------------------------------------------------------ */

const struct nfg_sym nfg_hook_syms[] = {
	{ "prerouting", NFGATE_HOOK_PREROUTING },
	{ "input", NFGATE_HOOK_INPUT },
	{ "forward", NFGATE_HOOK_FORWARD },
	{ "output", NFGATE_HOOK_OUTPUT },
	{ "postrouting", NFGATE_HOOK_POSTROUTING },
	{ NULL, 0 },
};

const struct nfg_sym nfg_family_syms[] = {
	{ "ip", NFGATE_FAMILY_IP },
	{ "ip6", NFGATE_FAMILY_IP6 },
	{ "inet", NFGATE_FAMILY_INET },
	{ NULL, 0 },
};

const struct nfg_sym nfg_policy_syms[] = {
	{ "accept", NFGATE_VERDICT_ACCEPT },
	{ "drop", NFGATE_VERDICT_DROP },
	{ NULL, 0 },
};

const struct nfg_sym nfg_verdict_syms[] = {
	{ "accept", NFGATE_VERDICT_ACCEPT },
	{ "drop", NFGATE_VERDICT_DROP },
	{ "reject", NFGATE_VERDICT_REJECT },
	{ "continue", NFGATE_VERDICT_CONTINUE },
	{ NULL, 0 },
};

/* int32_t values stored as uint32_t; nfg_prio_format() picks the nearest */
const struct nfg_sym nfg_prio_syms[] = {
	{ "raw", (uint32_t)NFGATE_PRIO_RAW },
	{ "mangle", (uint32_t)NFGATE_PRIO_MANGLE },
	{ "filter", (uint32_t)NFGATE_PRIO_FILTER },
	{ "before-firewalld", (uint32_t)NFGATE_PRIO_BEFORE_FIREWALLD },
	{ "firewalld", (uint32_t)NFGATE_PRIO_FIREWALLD },
	{ "after-firewalld", (uint32_t)NFGATE_PRIO_AFTER_FIREWALLD },
	{ NULL, 0 },
};

const struct nfg_sym nfg_level_syms[] = {
	{ "emerg", 0 }, { "alert", 1 }, { "crit", 2 }, { "err", 3 },
	{ "warn", 4 }, { "notice", 5 }, { "info", 6 }, { "debug", 7 },
	{ NULL, 0 },
};

const struct nfg_sym nfg_icmp_type_syms[] = {
	{ "echo-reply", 0 }, { "destination-unreachable", 3 },
	{ "source-quench", 4 }, { "redirect", 5 }, { "echo-request", 8 },
	{ "router-advertisement", 9 }, { "router-solicitation", 10 },
	{ "time-exceeded", 11 }, { "parameter-problem", 12 },
	{ "timestamp-request", 13 }, { "timestamp-reply", 14 },
	{ "info-request", 15 }, { "info-reply", 16 },
	{ "address-mask-request", 17 }, { "address-mask-reply", 18 },
	{ NULL, 0 },
};

const struct nfg_sym nfg_icmpv6_type_syms[] = {
	{ "destination-unreachable", 1 }, { "packet-too-big", 2 },
	{ "time-exceeded", 3 }, { "parameter-problem", 4 },
	{ "echo-request", 128 }, { "echo-reply", 129 },
	{ "mld-listener-query", 130 }, { "mld-listener-report", 131 },
	{ "mld-listener-done", 132 }, { "nd-router-solicit", 133 },
	{ "nd-router-advert", 134 }, { "nd-neighbor-solicit", 135 },
	{ "nd-neighbor-advert", 136 }, { "nd-redirect", 137 },
	{ "router-renumbering", 138 }, { "mld2-listener-report", 143 },
	{ NULL, 0 },
};

/* destination unreachable codes for "reject with icmp CODE" */
const struct nfg_sym nfg_icmp_code_syms[] = {
	{ "net-unreachable", 0 }, { "host-unreachable", 1 },
	{ "prot-unreachable", 2 }, { "port-unreachable", 3 },
	{ "frag-needed", 4 }, { "net-prohibited", 9 },
	{ "host-prohibited", 10 }, { "admin-prohibited", 13 },
	{ NULL, 0 },
};

const struct nfg_sym nfg_icmpv6_code_syms[] = {
	{ "no-route", 0 }, { "admin-prohibited", 1 },
	{ "addr-unreachable", 3 }, { "port-unreachable", 4 },
	{ "policy-fail", 5 }, { "reject-route", 6 },
	{ NULL, 0 },
};

/* the words after "reject with" */
const struct nfg_sym nfg_reject_syms[] = {
	{ "port-unreachable", NFGATE_REJECT_ICMPX_PORT },
	{ "admin-prohibited", NFGATE_REJECT_ICMPX_ADMIN },
	{ "host-unreachable", NFGATE_REJECT_ICMPX_HOST },
	{ "no-route", NFGATE_REJECT_ICMPX_NOROUTE },
	{ "tcp-reset", NFGATE_REJECT_TCP_RESET },
	{ "icmp", NFGATE_REJECT_ICMP },
	{ "icmpv6", NFGATE_REJECT_ICMPV6 },
	{ NULL, 0 },
};

static const struct nfg_sym nfproto_syms[] = {
	{ "ip", NFGATE_FAMILY_IP }, { "ip6", NFGATE_FAMILY_IP6 }, { NULL, 0 },
};

static const struct nfg_sym l4proto_syms[] = {
	{ "tcp", IPPROTO_TCP }, { "udp", IPPROTO_UDP },
	{ "icmp", IPPROTO_ICMP }, { "icmpv6", IPPROTO_ICMPV6 },
	{ "sctp", IPPROTO_SCTP }, { "udplite", IPPROTO_UDPLITE },
	{ NULL, 0 },
};

static const struct nfg_sym ct_dir_syms[] = {
	{ "original", NFGATE_CT_DIR_ORIGINAL }, { "reply", NFGATE_CT_DIR_REPLY },
	{ NULL, 0 },
};

static const struct nfg_sym ct_state_syms[] = {
	{ "new", NFGATE_CT_STATE_NEW },
	{ "established", NFGATE_CT_STATE_ESTABLISHED },
	{ "related", NFGATE_CT_STATE_RELATED },
	{ "invalid", NFGATE_CT_STATE_INVALID },
	{ "untracked", NFGATE_CT_STATE_UNTRACKED },
	{ NULL, 0 },
};

static const struct nfg_sym ct_status_syms[] = {
	{ "snat", NFGATE_CT_STATUS_SNAT },
	{ "dnat", NFGATE_CT_STATUS_DNAT },
	{ "confirmed", NFGATE_CT_STATUS_CONFIRMED },
	{ NULL, 0 },
};

static const struct nfg_sym tcp_flag_syms[] = {
	{ "fin", NFGATE_TCP_FIN }, { "syn", NFGATE_TCP_SYN },
	{ "rst", NFGATE_TCP_RST }, { "psh", NFGATE_TCP_PSH },
	{ "ack", NFGATE_TCP_ACK }, { "urg", NFGATE_TCP_URG },
	{ "ece", NFGATE_TCP_ECE }, { "cwr", NFGATE_TCP_CWR },
	{ NULL, 0 },
};

const char *nfg_sym_name(const struct nfg_sym *syms, uint32_t value)
{
	for (; syms->name; syms++)
		if (syms->value == value)
			return syms->name;
	return NULL;
}

bool nfg_sym_value(const struct nfg_sym *syms, const char *name,
		   uint32_t *value)
{
	for (; syms->name; syms++) {
		if (!strcmp(syms->name, name)) {
			*value = syms->value;
			return true;
		}
	}
	return false;
}

/* ---- matches ---------------------------------------------------------- */

#define MATCH(k, a, kind, field, syms, max) \
	{ k, NFGATE_RULE_A_##a, NFG_MK_##kind, \
	  offsetof(struct nfg_rule, field), syms, max }

const struct nfg_match_desc nfg_matches[] = {
	MATCH("nfproto", NFPROTO, SYM8, nfproto, nfproto_syms, 0),
	MATCH("l4proto", L4PROTO, SYM8, l4proto, l4proto_syms, 255),
	MATCH("iifname", IIFNAME, IFNAME, iifname, NULL, IFNAMSIZ - 1),
	MATCH("oifname", OIFNAME, IFNAME, oifname, NULL, IFNAMSIZ - 1),
	MATCH("saddr", SADDR, ADDR, saddr, NULL, 0),
	MATCH("daddr", DADDR, ADDR, daddr, NULL, 0),
	MATCH("sport", SPORT, PORTS, sport, NULL, 65535),
	MATCH("dport", DPORT, PORTS, dport, NULL, 65535),
	MATCH("icmp-type", ICMP, ICMP, icmp_type, NULL, 255),
	MATCH("tcp-flags", TCP_FLAGS, FLAGS, tcp_flags, tcp_flag_syms, 0xff),
	MATCH("ct-state", CT_STATE, BITS32, ct_state, ct_state_syms,
	      NFGATE_CT_STATE_ALL),
	MATCH("ct-status", CT_STATUS, BITS32, ct_status, ct_status_syms,
	      NFGATE_CT_STATUS_ALL),
	MATCH("ct-direction", CT_DIRECTION, SYM8, ct_dir, ct_dir_syms, 0),
	MATCH("mark", MARK, MARK, mark, NULL, UINT32_MAX),
	MATCH("saddr", SADDR_SET, SET, saddr_set, NULL, 0),
	MATCH("daddr", DADDR_SET, SET, daddr_set, NULL, 0),
	MATCH("sport", SPORT_SET, SET, sport_set, NULL, 0),
	MATCH("dport", DPORT_SET, SET, dport_set, NULL, 0),
};

const size_t nfg_nmatches = NFG_ARRAY_SIZE(nfg_matches);

const struct nfg_match_desc *nfg_match_by_key(const char *key)
{
	size_t i;

	for (i = 0; i < nfg_nmatches; i++)
		if (!strcmp(nfg_matches[i].key, key))
			return &nfg_matches[i];
	return NULL;
}

const struct nfg_match_desc *nfg_set_match_by_key(const char *key)
{
	size_t i;

	for (i = 0; i < nfg_nmatches; i++)
		if (nfg_matches[i].kind == NFG_MK_SET && !strcmp(nfg_matches[i].key, key))
			return &nfg_matches[i];
	return NULL;
}

const struct nfg_match_desc *nfg_match_by_attr(uint16_t attr)
{
	size_t i;

	for (i = 0; i < nfg_nmatches; i++)
		if (nfg_matches[i].attr == attr)
			return &nfg_matches[i];
	return NULL;
}

/* ---- rules ------------------------------------------------------------ */

void nfg_rule_init(struct nfg_rule *r)
{
	memset(r, 0, sizeof(*r));
	r->verdict = NFGATE_VERDICT_CONTINUE;
	r->reject_type = NFGATE_REJECT_ICMPX_PORT;
}

static bool match_same(const struct nfg_rule *a, const struct nfg_rule *b,
		       const struct nfg_match_desc *d)
{
	const char *x = (const char *)a + d->off, *y = (const char *)b + d->off;

	switch (d->kind) {
	case NFG_MK_SYM8:
		return *x == *y;
	case NFG_MK_BITS32:
		return !memcmp(x, y, sizeof(uint32_t));
	case NFG_MK_IFNAME:
	case NFG_MK_SET:
		return !strcmp(x, y);
	case NFG_MK_ADDR:
		return !memcmp(x, y, sizeof(struct nfg_addr));
	case NFG_MK_PORTS:
		return !memcmp(x, y, sizeof(struct nfg_range));
	case NFG_MK_ICMP:
		return a->icmp_type == b->icmp_type &&
		       a->icmp_any_code == b->icmp_any_code &&
		       (a->icmp_any_code || a->icmp_code == b->icmp_code);
	case NFG_MK_FLAGS:
	case NFG_MK_MARK:
		return !memcmp(x, y, sizeof(struct nfg_masked));
	}
	return false;
}

static bool log_same(const struct nfg_log *a, const struct nfg_log *b)
{
	return !strcmp(a->prefix, b->prefix) && a->nflog == b->nflog &&
	       a->group == b->group && a->level == b->level &&
	       a->rate == b->rate && a->burst == b->burst;
}

static bool actions_same(const struct nfg_rule *a, const struct nfg_rule *b)
{
	if (a->verdict != b->verdict)
		return false;
	if ((a->present & NFG_BIT(NFGATE_RULE_A_LOG)) && !log_same(&a->log, &b->log))
		return false;
	if ((a->present & NFG_BIT(NFGATE_RULE_A_MARK_SET)) &&
	    memcmp(&a->mark_set, &b->mark_set, sizeof(a->mark_set)))
		return false;
	if ((a->present & NFG_BIT(NFGATE_RULE_A_COMMENT)) &&
	    strcmp(a->comment, b->comment))
		return false;
	if ((a->present & NFG_BIT(NFGATE_RULE_A_ADD_SET)) &&
	    memcmp(&a->add_set, &b->add_set, sizeof(a->add_set)))
		return false;
	if (a->verdict != NFGATE_VERDICT_REJECT)
		return true;
	if (a->reject_type != b->reject_type)
		return false;
	return (a->reject_type != NFGATE_REJECT_ICMP &&
		a->reject_type != NFGATE_REJECT_ICMPV6) ||
	       a->reject_code == b->reject_code;
}

const struct nfg_sym nfg_recent_mode_syms[] = {
	{ "check", NFGATE_RECENT_CHECK },
	{ "update", NFGATE_RECENT_UPDATE },
	{ "set", NFGATE_RECENT_SET },
	{ "remove", NFGATE_RECENT_REMOVE },
	{ NULL, 0 },
};

/* Models are zeroed before they are filled in: compare all of them. */
static bool meter_same(const struct nfg_meter *a, const struct nfg_meter *b)
{
	return a->on == b->on && (!a->on || !memcmp(a, b, sizeof(*a)));
}

bool nfg_rule_same(const struct nfg_rule *a, const struct nfg_rule *b)
{
	size_t i;

	if (a->present != b->present || a->invert != b->invert ||
	    !meter_same(&a->recent, &b->recent) || !meter_same(&a->rate, &b->rate))
		return false;
	for (i = 0; i < nfg_nmatches; i++)
		if ((a->present & NFG_BIT(nfg_matches[i].attr)) &&
		    !match_same(a, b, &nfg_matches[i]))
			return false;
	return actions_same(a, b);
}

/* ---- chains ----------------------------------------------------------- */

void nfg_chain_init(struct nfg_chain *c)
{
	memset(c, 0, sizeof(*c));
	c->hook = NFGATE_HOOK_INPUT;
	c->family = NFGATE_FAMILY_INET;
	c->priority = NFGATE_PRIO_FILTER;
	c->policy = NFGATE_VERDICT_ACCEPT;
}

void nfg_chain_free(struct nfg_chain *c)
{
	free(c->rules);
	c->rules = NULL;
	c->nrules = c->cap = 0;
}

int nfg_chain_insert(struct nfg_chain *c, size_t at, const struct nfg_rule *r)
{
	struct nfg_rule *rules;
	size_t cap;

	if (at > c->nrules)
		return -EINVAL;
	if (c->nrules == c->cap) {
		cap = c->cap ? 2 * c->cap : 8;
		rules = realloc(c->rules, cap * sizeof(*rules));
		if (!rules)
			return -ENOMEM;
		c->rules = rules;
		c->cap = cap;
	}
	memmove(&c->rules[at + 1], &c->rules[at],
		(c->nrules - at) * sizeof(*c->rules));
	c->rules[at] = *r;
	c->nrules++;
	return 0;
}

void nfg_chain_remove(struct nfg_chain *c, size_t at)
{
	if (at >= c->nrules)
		return;
	memmove(&c->rules[at], &c->rules[at + 1],
		(c->nrules - at - 1) * sizeof(*c->rules));
	c->nrules--;
}

long nfg_chain_find_handle(const struct nfg_chain *c, uint64_t handle)
{
	size_t i;

	for (i = 0; i < c->nrules; i++)
		if (c->rules[i].handle == handle)
			return (long)i;
	return -1;
}

bool nfg_chain_same(const struct nfg_chain *a, const struct nfg_chain *b)
{
	size_t i;

	if (strcmp(a->name, b->name) || a->hook != b->hook ||
	    a->family != b->family || a->priority != b->priority ||
	    a->policy != b->policy || a->nrules != b->nrules)
		return false;
	for (i = 0; i < a->nrules; i++)
		if (!nfg_rule_same(&a->rules[i], &b->rules[i]))
			return false;
	return true;
}

bool nfg_chain_name_valid(const char *name)
{
	size_t len = strlen(name);

	if (!len || len >= NFGATE_NAME_MAX)
		return false;
	for (; *name; name++)
		if (!isalnum((unsigned char)*name) && !strchr("_-.", *name))
			return false;
	return true;
}
