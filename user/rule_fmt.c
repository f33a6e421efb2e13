// SPDX-License-Identifier: GPL-2.0
/*
 * The printer of rules and chain specs: the canonical token form, which
 * nfg_rule_parse_tokens() reads back to the same model. Matches come in
 * attribute order, then log, mark-set, the verdict and the comment;
 * defaults are left out.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "rule.h"
#include "text.h"

/* A word from a format: a space first unless sb is empty. */
static void NFG_PRINTF(2, 3) wordf(struct nfg_sb *sb, const char *fmt, ...)
{
	char word[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(word, sizeof(word), fmt, ap);
	va_end(ap);
	nfg_sb_word(sb, word);
}

static void sym_or_number(struct nfg_sb *sb, const struct nfg_sym *syms,
			  uint32_t v)
{
	const char *name = syms ? nfg_sym_name(syms, v) : NULL;

	if (name)
		nfg_sb_word(sb, name);
	else
		wordf(sb, "%u", v);
}

/* "syn,ack", or "none"; lead goes before the first name */
static void bits(struct nfg_sb *sb, const struct nfg_sym *syms, uint32_t v,
		 const char *lead)
{
	const struct nfg_sym *s;

	if (!v) {
		nfg_sb_printf(sb, "%snone", lead);
		return;
	}
	for (s = syms; s->name; s++) {
		if (!(v & s->value))
			continue;
		nfg_sb_printf(sb, "%s%s", lead, s->name);
		lead = ",";
	}
}

static void addr(struct nfg_sb *sb, const struct nfg_addr *a)
{
	char text[INET6_ADDRSTRLEN];
	bool v4 = a->family == NFGATE_FAMILY_IP;

	inet_ntop(v4 ? AF_INET : AF_INET6, a->addr, text, sizeof(text));
	if (a->plen == (v4 ? 32 : 128))
		nfg_sb_word(sb, text);
	else
		wordf(sb, "%s/%u", text, a->plen);
}

static const struct nfg_sym *icmp_type_names(const struct nfg_rule *r)
{
	if (r->l4proto == IPPROTO_ICMP)
		return nfg_icmp_type_syms;
	return r->l4proto == IPPROTO_ICMPV6 ? nfg_icmpv6_type_syms : NULL;
}

void nfg_match_format_value(const struct nfg_rule *r,
			    const struct nfg_match_desc *d, struct nfg_sb *sb)
{
	const char *field = (const char *)r + d->off;
	const struct nfg_range *range = (const struct nfg_range *)field;
	const struct nfg_masked *m = (const struct nfg_masked *)field;

	switch (d->kind) {
	case NFG_MK_SYM8:
		sym_or_number(sb, d->syms, *(const uint8_t *)field);
		break;
	case NFG_MK_BITS32:
		bits(sb, d->syms, *(const uint32_t *)field, sb->len ? " " : "");
		break;
	case NFG_MK_IFNAME:
		nfg_sb_quoted(sb, field);
		break;
	case NFG_MK_ADDR:
		addr(sb, (const struct nfg_addr *)field);
		break;
	case NFG_MK_PORTS:
		if (range->min == range->max)
			wordf(sb, "%u", range->min);
		else
			wordf(sb, "%u-%u", range->min, range->max);
		break;
	case NFG_MK_ICMP:
		sym_or_number(sb, icmp_type_names(r), r->icmp_type);
		break;
	case NFG_MK_FLAGS:
		bits(sb, d->syms, m->value, sb->len ? " " : "");
		if (m->mask != m->value)
			bits(sb, d->syms, m->mask, "/");
		break;
	case NFG_MK_MARK:
		if (m->mask == UINT32_MAX)
			wordf(sb, "0x%x", m->value);
		else
			wordf(sb, "0x%x/0x%x", m->value, m->mask);
		break;
	case NFG_MK_SET:
		wordf(sb, "@%s", field);
		break;
	}
}

static void format_matches(const struct nfg_rule *r, struct nfg_sb *sb)
{
	const struct nfg_match_desc *d;
	size_t i;

	for (i = 0; i < nfg_nmatches; i++) {
		d = &nfg_matches[i];
		if (!(r->present & NFG_BIT(d->attr)))
			continue;
		nfg_sb_word(sb, d->key);
		if (r->invert & NFG_BIT(d->attr))
			nfg_sb_word(sb, "!=");
		nfg_match_format_value(r, d, sb);
		if (d->kind == NFG_MK_ICMP && !r->icmp_any_code)
			wordf(sb, "icmp-code %u", r->icmp_code);
	}
}

static void format_log(const struct nfg_log *l, struct nfg_sb *sb)
{
	nfg_sb_word(sb, "log");
	if (l->prefix[0]) {
		nfg_sb_word(sb, "prefix");
		nfg_sb_quoted(sb, l->prefix);
	}
	if (l->nflog)
		wordf(sb, "group %u", l->group);
	else if (l->level != NFG_LOG_DEFAULT_LEVEL) {
		nfg_sb_word(sb, "level");
		sym_or_number(sb, nfg_level_syms, l->level);
	}
	if (l->rate != NFG_LOG_DEFAULT_RATE)
		wordf(sb, "rate %u/second", l->rate);
	if (l->burst != NFG_LOG_DEFAULT_BURST)
		wordf(sb, "burst %u", l->burst);
}

static void format_add_set(const struct nfg_add_set *a, struct nfg_sb *sb)
{
	wordf(sb, "add-to-set %s %s", a->name,
	      a->field == NFGATE_ADD_SET_SADDR ? "saddr" : "daddr");
	if (a->has_timeout)
		wordf(sb, "timeout %u", a->timeout);
	if (a->refresh)
		nfg_sb_word(sb, "refresh");
}

static void format_meter(const char *key, const struct nfg_meter *m,
			 struct nfg_sb *sb)
{
	if (!m->on)
		return;
	wordf(sb, "%s%s %s", key, m->invert ? " !=" : "", m->name);
	if (!strcmp(key, "recent"))
		sym_or_number(sb, nfg_recent_mode_syms, m->mode);
	if (m->seconds)
		wordf(sb, "seconds %u", m->seconds);
	if (m->hitcount)
		wordf(sb, "hitcount %u", m->hitcount);
	if (m->rdest)
		nfg_sb_word(sb, "rdest");
}

static void format_verdict(const struct nfg_rule *r, struct nfg_sb *sb)
{
	const struct nfg_sym *codes = r->reject_type == NFGATE_REJECT_ICMP ?
				      nfg_icmp_code_syms : nfg_icmpv6_code_syms;

	if (r->verdict == NFGATE_VERDICT_CONTINUE && sb->len)
		return;		/* the default, unless the rule is empty */
	sym_or_number(sb, nfg_verdict_syms, r->verdict);
	if (r->verdict != NFGATE_VERDICT_REJECT ||
	    r->reject_type == NFGATE_REJECT_ICMPX_PORT)
		return;
	nfg_sb_word(sb, "with");
	sym_or_number(sb, nfg_reject_syms, r->reject_type);
	if (r->reject_type == NFGATE_REJECT_ICMP ||
	    r->reject_type == NFGATE_REJECT_ICMPV6)
		sym_or_number(sb, codes, r->reject_code);
}

size_t nfg_rule_format(const struct nfg_rule *r, char *buf, size_t len)
{
	struct nfg_sb sb;

	nfg_sb_init(&sb, buf, len);
	format_matches(r, &sb);
	format_meter("recent", &r->recent, &sb);
	format_meter("rate", &r->rate, &sb);
	if (r->present & NFG_BIT(NFGATE_RULE_A_LOG))
		format_log(&r->log, &sb);
	if (r->present & NFG_BIT(NFGATE_RULE_A_MARK_SET)) {
		nfg_sb_word(&sb, "mark-set");
		if (r->mark_set.mask == UINT32_MAX)
			wordf(&sb, "0x%x", r->mark_set.value);
		else
			wordf(&sb, "0x%x/0x%x", r->mark_set.value, r->mark_set.mask);
	}
	if (r->present & NFG_BIT(NFGATE_RULE_A_ADD_SET))
		format_add_set(&r->add_set, &sb);
	format_verdict(r, &sb);
	if (r->present & NFG_BIT(NFGATE_RULE_A_COMMENT)) {
		nfg_sb_word(&sb, "comment");
		nfg_sb_quoted(&sb, r->comment);
	}
	return sb.len;
}

void nfg_rule_print(FILE *out, const struct nfg_rule *r)
{
	char buf[NFG_RULE_TEXT_MAX];

	nfg_rule_format(r, buf, sizeof(buf));
	fputs(buf, out);
}

/* ---- chains ----------------------------------------------------------- */

void nfg_prio_format(int32_t prio, char *buf, size_t len)
{
	const struct nfg_sym *s, *best = NULL;
	long long d, best_d = 51;

	for (s = nfg_prio_syms; s->name; s++) {
		d = llabs((long long)prio - (int32_t)s->value);
		if (d < best_d) {
			best = s;
			best_d = d;
		}
	}
	if (!best)
		snprintf(buf, len, "%d", prio);
	else if (!best_d)
		snprintf(buf, len, "%s", best->name);
	else
		snprintf(buf, len, "%s%+lld", best->name,
			 (long long)prio - (int32_t)best->value);
}

size_t nfg_chain_format_spec(const struct nfg_chain *c, char *buf, size_t len)
{
	char prio[NFG_PRIO_TEXT_MAX];
	struct nfg_sb sb;

	nfg_sb_init(&sb, buf, len);
	nfg_sb_word(&sb, "hook");
	sym_or_number(&sb, nfg_hook_syms, c->hook);
	nfg_sb_word(&sb, "family");
	sym_or_number(&sb, nfg_family_syms, c->family);
	nfg_prio_format(c->priority, prio, sizeof(prio));
	wordf(&sb, "priority %s", prio);
	nfg_sb_word(&sb, "policy");
	sym_or_number(&sb, nfg_policy_syms, c->policy);
	return sb.len;
}
