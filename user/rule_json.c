// SPDX-License-Identifier: GPL-2.0
/*
 * JSON of rules and chains; the schema is in nfgatectl(8), JSON OUTPUT.
 * Every match is an object with "key", "negated" and "value" (the text
 * that follows the keyword in the token form), plus typed members.
 */
#include <arpa/inet.h>
#include <string.h>

#include "rule.h"
#include "text.h"

static void json_names(struct json_writer *w, const char *key,
		       const struct nfg_sym *syms, uint32_t v)
{
	json_key(w, key);
	json_array_begin(w);
	for (; syms->name; syms++)
		if (v & syms->value)
			json_string(w, syms->name);
	json_array_end(w);
}

static void json_masked(struct json_writer *w, const struct nfg_masked *m,
			const struct nfg_sym *syms)
{
	if (syms) {
		json_names(w, "names", syms, m->value);
		json_names(w, "mask_names", syms, m->mask);
	}
	json_member_u64(w, "number", m->value);
	json_member_u64(w, "mask", m->mask);
}

static void json_addr(struct json_writer *w, const struct nfg_addr *a)
{
	char text[INET6_ADDRSTRLEN];
	bool v4 = a->family == NFGATE_FAMILY_IP;

	inet_ntop(v4 ? AF_INET : AF_INET6, a->addr, text, sizeof(text));
	json_member_string(w, "family", v4 ? "ip" : "ip6");
	json_member_string(w, "address", text);
	json_member_u64(w, "prefix_len", a->plen);
}

static void json_match_typed(struct json_writer *w, const struct nfg_rule *r,
			     const struct nfg_match_desc *d)
{
	const char *field = (const char *)r + d->off;
	const struct nfg_range *range = (const struct nfg_range *)field;
	size_t len;

	switch (d->kind) {
	case NFG_MK_SYM8:
		json_member_u64(w, "number", *(const uint8_t *)field);
		break;
	case NFG_MK_BITS32:
		json_names(w, "names", d->syms, *(const uint32_t *)field);
		json_member_u64(w, "number", *(const uint32_t *)field);
		break;
	case NFG_MK_IFNAME:
		len = strlen(field);
		json_member_bool(w, "prefix_match", len && field[len - 1] == '*');
		break;
	case NFG_MK_ADDR:
		json_addr(w, (const struct nfg_addr *)field);
		break;
	case NFG_MK_PORTS:
		json_member_u64(w, "min", range->min);
		json_member_u64(w, "max", range->max);
		break;
	case NFG_MK_ICMP:
		json_member_u64(w, "type", r->icmp_type);
		if (!r->icmp_any_code)
			json_member_u64(w, "code", r->icmp_code);
		break;
	case NFG_MK_FLAGS:
	case NFG_MK_MARK:
		json_masked(w, (const struct nfg_masked *)field,
			    d->kind == NFG_MK_FLAGS ? d->syms : NULL);
		break;
	case NFG_MK_SET:
		json_member_string(w, "set", field);
		break;
	}
}

static void json_matches(struct json_writer *w, const struct nfg_rule *r)
{
	const struct nfg_match_desc *d;
	char value[256];
	struct nfg_sb sb;
	size_t i;

	json_key(w, "matches");
	json_array_begin(w);
	for (i = 0; i < nfg_nmatches; i++) {
		d = &nfg_matches[i];
		if (!(r->present & NFG_BIT(d->attr)))
			continue;
		nfg_sb_init(&sb, value, sizeof(value));
		nfg_match_format_value(r, d, &sb);
		json_object_begin(w);
		json_member_string(w, "key", d->key);
		json_member_bool(w, "negated", r->invert & NFG_BIT(d->attr));
		json_member_string(w, "value", value);
		json_match_typed(w, r, d);
		json_object_end(w);
	}
	json_array_end(w);
}

static void json_log(struct json_writer *w, const struct nfg_log *l)
{
	const char *level = nfg_sym_name(nfg_level_syms, l->level);

	json_key(w, "log");
	json_object_begin(w);
	if (l->prefix[0])
		json_member_string(w, "prefix", l->prefix);
	if (l->nflog) {
		json_member_u64(w, "group", l->group);
	} else {
		json_member_u64(w, "level", l->level);
		json_member_string(w, "level_name", level ? level : "");
	}
	json_member_u64(w, "rate", l->rate);
	json_member_u64(w, "burst", l->burst);
	json_object_end(w);
}

static void json_sym(struct json_writer *w, const char *key,
		     const struct nfg_sym *syms, uint32_t v)
{
	const char *name = nfg_sym_name(syms, v);

	if (name)
		json_member_string(w, key, name);
	else
		json_member_u64(w, key, v);
}

static void json_meter(struct json_writer *w, const char *key,
		       const struct nfg_meter *m)
{
	bool recent = !strcmp(key, "recent");

	if (!m->on)
		return;
	json_key(w, key);
	json_object_begin(w);
	json_member_string(w, "set", m->name);
	if (recent) {
		json_sym(w, "mode", nfg_recent_mode_syms, m->mode);
		if (m->seconds)
			json_member_u64(w, "seconds", m->seconds);
		if (m->hitcount)
			json_member_u64(w, "hitcount", m->hitcount);
	}
	json_member_bool(w, "rdest", m->rdest);
	json_member_bool(w, "invert", m->invert);
	json_object_end(w);
}

static void json_actions(struct json_writer *w, const struct nfg_rule *r)
{
	if (r->present & NFG_BIT(NFGATE_RULE_A_LOG))
		json_log(w, &r->log);
	if (r->present & NFG_BIT(NFGATE_RULE_A_MARK_SET)) {
		json_key(w, "mark_set");
		json_object_begin(w);
		json_masked(w, &r->mark_set, NULL);
		json_object_end(w);
	}
	if (r->present & NFG_BIT(NFGATE_RULE_A_ADD_SET)) {
		json_key(w, "add_to_set");
		json_object_begin(w);
		json_member_string(w, "set", r->add_set.name);
		json_member_string(w, "field", r->add_set.field == NFGATE_ADD_SET_SADDR ?
				   "saddr" : "daddr");
		if (r->add_set.has_timeout)
			json_member_u64(w, "timeout", r->add_set.timeout);
		json_member_bool(w, "refresh", r->add_set.refresh);
		json_object_end(w);
	}
	json_sym(w, "verdict", nfg_verdict_syms, r->verdict);
	if (r->verdict != NFGATE_VERDICT_REJECT)
		return;
	json_key(w, "reject");
	json_object_begin(w);
	json_sym(w, "with", nfg_reject_syms, r->reject_type);
	if (r->reject_type == NFGATE_REJECT_ICMP || r->reject_type == NFGATE_REJECT_ICMPV6)
		json_member_u64(w, "code", r->reject_code);
	json_object_end(w);
}

void nfg_rule_json_members(struct json_writer *w, const struct nfg_rule *r)
{
	char text[NFG_RULE_TEXT_MAX];

	nfg_rule_format(r, text, sizeof(text));
	if (r->handle) {
		json_member_u64(w, "handle", r->handle);
		json_member_u64(w, "position", r->position);
		json_member_u64(w, "packets", r->packets);
		json_member_u64(w, "bytes", r->bytes);
	}
	json_member_string(w, "rule", text);
	json_matches(w, r);
	json_meter(w, "recent", &r->recent);
	json_meter(w, "rate", &r->rate);
	json_actions(w, r);
	if (r->present & NFG_BIT(NFGATE_RULE_A_COMMENT))
		json_member_string(w, "comment", r->comment);
	if (r->unknown)
		json_member_bool(w, "unknown_attributes", true);
}

void nfg_rule_json(struct json_writer *w, const struct nfg_rule *r)
{
	json_object_begin(w);
	nfg_rule_json_members(w, r);
	json_object_end(w);
}

void nfg_chain_json(struct json_writer *w, const struct nfg_chain *c,
		    bool with_rules)
{
	char spec[256], prio[NFG_PRIO_TEXT_MAX];
	size_t i;

	nfg_chain_format_spec(c, spec, sizeof(spec));
	nfg_prio_format(c->priority, prio, sizeof(prio));
	json_object_begin(w);
	json_member_string(w, "name", c->name);
	json_sym(w, "hook", nfg_hook_syms, c->hook);
	json_sym(w, "family", nfg_family_syms, c->family);
	json_member_s64(w, "priority", c->priority);
	json_member_string(w, "priority_name", prio);
	json_sym(w, "policy", nfg_policy_syms, c->policy);
	json_member_string(w, "spec", spec);
	json_member_u64(w, "packets", c->packets);
	json_member_u64(w, "bytes", c->bytes);
	json_member_u64(w, "rule_count", with_rules ? c->nrules : c->rule_count);
	if (c->unknown)
		json_member_bool(w, "unknown_attributes", true);
	if (with_rules) {
		json_key(w, "rules");
		json_array_begin(w);
		for (i = 0; i < c->nrules; i++)
			nfg_rule_json(w, &c->rules[i]);
		json_array_end(w);
	}
	json_object_end(w);
}
