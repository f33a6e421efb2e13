// SPDX-License-Identifier: GPL-2.0
/*
 * nfgate: the packet path. Runs under RCU in the netfilter hook, takes no
 * lock and allocates nothing: it reads the slot's immutable program,
 * parses the headers the program needs once, and walks the chains.
 *
 * Verdicts follow netfilter: accept ends this chain only (the next chain
 * at this hook, and later hooks such as firewalld's, still run); drop and
 * reject are final.
 */
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/netfilter/ipv4/nf_reject.h>
#include <net/netfilter/ipv6/nf_reject.h>
#include <net/netfilter/nf_conntrack.h>

#include "nfgate.h"

/* What the rules look at, parsed once per hook invocation. */
struct nfgate_pkt {
	struct sk_buff *skb;
	const struct nf_hook_state *state;
	u8 family;		/* NFPROTO_IPV4 or NFPROTO_IPV6 */
	u8 l4proto;
	bool l4;		/* the L4 fields below are valid */
	u8 tcp_flags;
	u8 icmp_type;
	u8 icmp_code;
	u16 sport, dport;	/* host order; valid when ports is set */
	bool ports;
	const void *saddr, *daddr;
	struct nf_conn *ct;
	enum ip_conntrack_info ctinfo;
};

/* Both return the transport header offset, or -1 when there is none. */
static int nfgate_parse_ipv4(struct nfgate_pkt *p)
{
	const struct iphdr *iph = ip_hdr(p->skb);

	p->saddr = &iph->saddr;
	p->daddr = &iph->daddr;
	p->l4proto = iph->protocol;
	/* Only the first fragment carries the transport header. */
	if (ntohs(iph->frag_off) & IP_OFFSET)
		return -1;
	return skb_network_offset(p->skb) + ip_hdrlen(p->skb);
}

static int nfgate_parse_ipv6(struct nfgate_pkt *p)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(p->skb);
	unsigned short fragoff = 0;
	unsigned int thoff = 0;
	int proto;

	p->saddr = &ip6h->saddr;
	p->daddr = &ip6h->daddr;
	/*
	 * A broken extension header chain leaves no L4 protocol (l4proto 0);
	 * such packets still meet the rules that do not need one, and the
	 * chain policy.
	 */
	proto = ipv6_find_hdr(p->skb, &thoff, -1, &fragoff, NULL);
	if (proto < 0)
		return -1;
	p->l4proto = proto;
	return fragoff ? -1 : thoff;
}

static void nfgate_parse_l4(struct nfgate_pkt *p, unsigned int thoff)
{
	u8 buf[14];
	const u8 *h;

	switch (p->l4proto) {
	case IPPROTO_TCP:
		h = skb_header_pointer(p->skb, thoff, 14, buf);
		if (!h)
			return;
		p->tcp_flags = h[13];
		fallthrough;
	case IPPROTO_UDP:
	case IPPROTO_UDPLITE:
	case IPPROTO_SCTP:
		h = skb_header_pointer(p->skb, thoff, 4, buf);
		if (!h)
			return;
		p->sport = get_unaligned_be16(h);
		p->dport = get_unaligned_be16(h + 2);
		p->ports = true;
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		h = skb_header_pointer(p->skb, thoff, 2, buf);
		if (!h)
			return;
		p->icmp_type = h[0];
		p->icmp_code = h[1];
		break;
	default:
		return;
	}
	p->l4 = true;
}

static void nfgate_pkt_init(struct nfgate_pkt *p, struct sk_buff *skb,
			    const struct nf_hook_state *state, u32 needs)
{
	int thoff;

	memset(p, 0, sizeof(*p));
	p->skb = skb;
	p->state = state;
	p->family = state->pf;
	thoff = p->family == NFPROTO_IPV4 ? nfgate_parse_ipv4(p) :
					     nfgate_parse_ipv6(p);
	if ((needs & NFGATE_NEED_L4) && thoff >= 0)
		nfgate_parse_l4(p, thoff);
	if (needs & NFGATE_NEED_CT)
		p->ct = nf_ct_get(skb, &p->ctinfo);
}

static bool nfgate_addr_match(const struct nfgate_addr *a, const void *addr,
			      u8 family)
{
	if (family == NFPROTO_IPV4)
		return !((*(const __be32 *)addr ^ a->addr.in) & a->mask.in);
	return !ipv6_masked_addr_cmp(addr, &a->mask.in6, &a->addr.in6);
}

static bool nfgate_ifname_match(const struct nfgate_ifname *ifn,
				const struct net_device *dev)
{
	return dev && !memcmp(dev->name, ifn->name, ifn->len);
}

static u32 nfgate_ct_state_bit(const struct nfgate_pkt *p)
{
	if (p->ct)
		return BIT(p->ctinfo % IP_CT_IS_REPLY + 1);
	if (p->ctinfo == IP_CT_UNTRACKED)
		return NFGATE_CT_STATE_UNTRACKED;
	return NFGATE_CT_STATE_INVALID;
}

static u32 nfgate_ct_status_bits(const struct nf_conn *ct)
{
	unsigned long st = READ_ONCE(ct->status);

	return (st & IPS_SRC_NAT ? NFGATE_CT_STATUS_SNAT : 0) |
	       (st & IPS_DST_NAT ? NFGATE_CT_STATUS_DNAT : 0) |
	       (st & IPS_CONFIRMED ? NFGATE_CT_STATUS_CONFIRMED : 0);
}

/* Whether a present match holds, honouring its negation. */
static bool nfgate_holds(const struct nfgate_rule *r, int attr, bool cond)
{
	return cond != !!(r->invert & BIT(attr));
}

/*
 * Each test reads: the match is absent, or it can be evaluated on this
 * packet and holds. A match that cannot be evaluated (ports of a non-first
 * fragment, conntrack status of an untracked packet) fails the rule
 * whether or not it is negated, as in nftables.
 */
static bool nfgate_l3_match(const struct nfgate_rule *r,
			    const struct nfgate_pkt *p)
{
	u32 m = r->present;

	return (!(m & BIT(NFGATE_RULE_A_NFPROTO)) ||
		nfgate_holds(r, NFGATE_RULE_A_NFPROTO, p->family == r->nfproto)) &&
	       (!(m & BIT(NFGATE_RULE_A_L4PROTO)) ||
		nfgate_holds(r, NFGATE_RULE_A_L4PROTO, p->l4proto == r->l4proto)) &&
	       (!(m & BIT(NFGATE_RULE_A_SADDR)) ||
		nfgate_holds(r, NFGATE_RULE_A_SADDR,
			     nfgate_addr_match(&r->saddr, p->saddr, p->family))) &&
	       (!(m & BIT(NFGATE_RULE_A_DADDR)) ||
		nfgate_holds(r, NFGATE_RULE_A_DADDR,
			     nfgate_addr_match(&r->daddr, p->daddr, p->family)));
}

static bool nfgate_l4_match(const struct nfgate_rule *r,
			    const struct nfgate_pkt *p)
{
	u32 m = r->present;

	return (!(m & BIT(NFGATE_RULE_A_SPORT)) ||
		(p->ports && nfgate_holds(r, NFGATE_RULE_A_SPORT,
					  p->sport >= r->sport_min &&
					  p->sport <= r->sport_max))) &&
	       (!(m & BIT(NFGATE_RULE_A_DPORT)) ||
		(p->ports && nfgate_holds(r, NFGATE_RULE_A_DPORT,
					  p->dport >= r->dport_min &&
					  p->dport <= r->dport_max))) &&
	       (!(m & BIT(NFGATE_RULE_A_ICMP)) ||
		(p->l4 && p->l4proto == r->l4proto &&
		 nfgate_holds(r, NFGATE_RULE_A_ICMP,
			      p->icmp_type == r->icmp_type &&
			      (r->icmp_any_code || p->icmp_code == r->icmp_code)))) &&
	       (!(m & BIT(NFGATE_RULE_A_TCP_FLAGS)) ||
		(p->l4 && p->l4proto == IPPROTO_TCP &&
		 nfgate_holds(r, NFGATE_RULE_A_TCP_FLAGS,
			      (p->tcp_flags & r->tcp_mask) == r->tcp_flags)));
}

static bool nfgate_meta_match(const struct nfgate_rule *r,
			      const struct nfgate_pkt *p)
{
	u32 m = r->present;

	return (!(m & BIT(NFGATE_RULE_A_IIFNAME)) ||
		nfgate_holds(r, NFGATE_RULE_A_IIFNAME,
			     nfgate_ifname_match(&r->iif, p->state->in))) &&
	       (!(m & BIT(NFGATE_RULE_A_OIFNAME)) ||
		nfgate_holds(r, NFGATE_RULE_A_OIFNAME,
			     nfgate_ifname_match(&r->oif, p->state->out))) &&
	       (!(m & BIT(NFGATE_RULE_A_MARK)) ||
		nfgate_holds(r, NFGATE_RULE_A_MARK,
			     (p->skb->mark & r->mark_mask) == r->mark)) &&
	       (!(m & BIT(NFGATE_RULE_A_CT_STATE)) ||
		nfgate_holds(r, NFGATE_RULE_A_CT_STATE,
			     nfgate_ct_state_bit(p) & r->ct_state)) &&
	       (!(m & BIT(NFGATE_RULE_A_CT_STATUS)) ||
		(p->ct && nfgate_holds(r, NFGATE_RULE_A_CT_STATUS,
				       nfgate_ct_status_bits(p->ct) & r->ct_status))) &&
	       (!(m & BIT(NFGATE_RULE_A_CT_DIRECTION)) ||
		(p->ct && nfgate_holds(r, NFGATE_RULE_A_CT_DIRECTION,
				       CTINFO2DIR(p->ctinfo) == r->ct_dir)));
}

#define NFGATE_SET_MATCHES GENMASK(NFGATE_RULE_SET_MATCH_LAST, \
				   NFGATE_RULE_SET_MATCH_FIRST)

static unsigned int nfgate_addr_len(const struct nfgate_pkt *p)
{
	return p->family == NFPROTO_IPV4 ? 4 : 16;
}

static bool nfgate_set_matches(const struct nfgate_rule *r,
			       const struct nfgate_pkt *p)
{
	unsigned int alen = nfgate_addr_len(p), len = p->skb->len;
	u32 m = r->present;

	return (!(m & BIT(NFGATE_RULE_A_SADDR_SET)) ||
		nfgate_holds(r, NFGATE_RULE_A_SADDR_SET,
			     nfgate_set_match(r->sets[0], p->saddr, alen, len))) &&
	       (!(m & BIT(NFGATE_RULE_A_DADDR_SET)) ||
		nfgate_holds(r, NFGATE_RULE_A_DADDR_SET,
			     nfgate_set_match(r->sets[1], p->daddr, alen, len))) &&
	       (!(m & BIT(NFGATE_RULE_A_SPORT_SET)) ||
		(p->ports && nfgate_holds(r, NFGATE_RULE_A_SPORT_SET,
					  nfgate_set_match_port(r->sets[2], p->sport)))) &&
	       (!(m & BIT(NFGATE_RULE_A_DPORT_SET)) ||
		(p->ports && nfgate_holds(r, NFGATE_RULE_A_DPORT_SET,
					  nfgate_set_match_port(r->sets[3], p->dport))));
}

/* The matches each group tests: a rule skips the groups it has none of. */
#define NFGATE_L3_MATCHES (BIT(NFGATE_RULE_A_NFPROTO) | \
			   BIT(NFGATE_RULE_A_L4PROTO) | \
			   BIT(NFGATE_RULE_A_SADDR) | BIT(NFGATE_RULE_A_DADDR))
#define NFGATE_L4_MATCHES (BIT(NFGATE_RULE_A_SPORT) | \
			   BIT(NFGATE_RULE_A_DPORT) | \
			   BIT(NFGATE_RULE_A_ICMP) | BIT(NFGATE_RULE_A_TCP_FLAGS))
#define NFGATE_META_MATCHES (BIT(NFGATE_RULE_A_IIFNAME) | \
			     BIT(NFGATE_RULE_A_OIFNAME) | \
			     BIT(NFGATE_RULE_A_MARK) | \
			     BIT(NFGATE_RULE_A_CT_STATE) | \
			     BIT(NFGATE_RULE_A_CT_STATUS) | \
			     BIT(NFGATE_RULE_A_CT_DIRECTION))

/* Recent and rate matches come last: they change state. */
static bool nfgate_meter_matches(const struct nfgate_rule *r,
				 const struct nfgate_pkt *p)
{
	unsigned int alen = nfgate_addr_len(p);

	return (!r->recent_set ||
		nfgate_meter_recent(r->recent_set, &r->recent,
				    r->recent.rdest ? p->daddr : p->saddr, alen)) &&
	       (!r->rate_set ||
		nfgate_meter_rate(r->rate_set, &r->rate,
				  r->rate.rdest ? p->daddr : p->saddr, alen));
}

static bool nfgate_rule_match(const struct nfgate_rule *r,
			      const struct nfgate_pkt *p)
{
	u32 m = r->present;

	if (r->family && r->family != p->family)
		return false;
	if (m && !((!(m & NFGATE_L3_MATCHES) || nfgate_l3_match(r, p)) &&
		   (!(m & NFGATE_L4_MATCHES) || nfgate_l4_match(r, p)) &&
		   (!(m & NFGATE_META_MATCHES) || nfgate_meta_match(r, p)) &&
		   (!(m & NFGATE_SET_MATCHES) || nfgate_set_matches(r, p))))
		return false;
	return likely(!r->recent_set && !r->rate_set) ||
	       nfgate_meter_matches(r, p);
}

static void nfgate_add_to_set(const struct nfgate_rule *r,
			      const struct nfgate_pkt *p)
{
	const struct nfgate_rule_extra *x = r->extra;

	nfgate_set_add_pkt(r->add_set,
			   x->add_field == NFGATE_ADD_SET_SADDR ? p->saddr : p->daddr,
			   nfgate_addr_len(p), x);
}

static const u8 nfgate_icmpx_v4[] = {
	[NFGATE_REJECT_ICMPX_PORT]	= ICMP_PORT_UNREACH,
	[NFGATE_REJECT_ICMPX_ADMIN]	= ICMP_PKT_FILTERED,
	[NFGATE_REJECT_ICMPX_HOST]	= ICMP_HOST_UNREACH,
	[NFGATE_REJECT_ICMPX_NOROUTE]	= ICMP_NET_UNREACH,
};

static const u8 nfgate_icmpx_v6[] = {
	[NFGATE_REJECT_ICMPX_PORT]	= ICMPV6_PORT_UNREACH,
	[NFGATE_REJECT_ICMPX_ADMIN]	= ICMPV6_ADM_PROHIBITED,
	[NFGATE_REJECT_ICMPX_HOST]	= ICMPV6_ADDR_UNREACH,
	[NFGATE_REJECT_ICMPX_NOROUTE]	= ICMPV6_NOROUTE,
};

static void nfgate_reject(const struct nfgate_rule *r,
			  const struct nfgate_pkt *p)
{
	const struct nf_hook_state *st = p->state;
	u8 type = r->reject_type;
	u8 code = r->reject_code;

	if (type == NFGATE_REJECT_TCP_RESET) {
		if (p->family == NFPROTO_IPV4)
			nf_send_reset(st->net, st->sk, p->skb, st->hook);
		else
			nf_send_reset6(st->net, st->sk, p->skb, st->hook);
		return;
	}
	if (p->family == NFPROTO_IPV4) {
		if (type != NFGATE_REJECT_ICMP)
			code = nfgate_icmpx_v4[type];
		nf_send_unreach(p->skb, code, st->hook);
	} else {
		if (type != NFGATE_REJECT_ICMPV6)
			code = nfgate_icmpx_v6[type];
		nf_send_unreach6(st->net, p->skb, code, st->hook);
	}
}

static void nfgate_log(const struct nfgate_rule *r, const struct nfgate_pkt *p)
{
	struct nfgate_rule_extra *x = r->extra;

	if (!nfgate_ratelimit_pass(&x->log_limit))
		return;
	nf_log_packet(p->state->net, p->family, p->state->hook, p->skb,
		      p->state->in, p->state->out, &x->log_info, "%s",
		      x->log_prefix);
}

/* Run the rule's actions; NF_REPEAT stands for "continue". */
static unsigned int nfgate_rule_act(const struct nfgate_rule *r,
				    const struct nfgate_pkt *p)
{
	nfgate_stats_count(r->stats, p->skb->len);
	if (unlikely(r->log))
		nfgate_log(r, p);
	if (unlikely(r->add_set))
		nfgate_add_to_set(r, p);
	if (r->mark_set)
		p->skb->mark = (p->skb->mark & ~r->set_mark_mask) | r->set_mark;
	switch (r->verdict) {
	case NFGATE_VERDICT_ACCEPT:
		return NF_ACCEPT;
	case NFGATE_VERDICT_DROP:
		return NF_DROP;
	case NFGATE_VERDICT_REJECT:
		nfgate_reject(r, p);
		return NF_DROP;
	default:
		return NF_REPEAT;
	}
}

/* Rules [from, to) in order: the first verdict, or NF_REPEAT. */
static unsigned int nfgate_rules_run(const struct nfgate_chain *c,
				     const struct nfgate_pkt *p, u32 from, u32 to)
{
	unsigned int v;
	u32 i;

	for (i = from; i < to; i++) {
		if (!nfgate_rule_match(&c->rules[i], p))
			continue;
		v = nfgate_rule_act(&c->rules[i], p);
		if (v != NF_REPEAT)
			return v;
	}
	return NF_REPEAT;
}

/* A compiled run: its first matching rule, then the walk goes on. */
static unsigned int nfgate_run_run(const struct nfgate_chain *c,
				   const struct nfgate_run *run,
				   const struct nfgate_pkt *p)
{
	unsigned int v;
	u32 i;

	i = nfgate_run_lookup(run, p->saddr, p->family);
	if (i == U32_MAX)
		return NF_REPEAT;
	v = nfgate_rule_act(&c->rules[i], p);
	if (v != NF_REPEAT)
		return v;
	return nfgate_rules_run(c, p, i + 1, run->end);
}

static unsigned int nfgate_chain_run(const struct nfgate_chain *c,
				     const struct nfgate_pkt *p)
{
	unsigned int v;
	u32 i = 0, k;

	for (k = 0; k < c->nruns; k++) {
		v = nfgate_rules_run(c, p, i, c->runs[k]->first);
		if (v == NF_REPEAT)
			v = nfgate_run_run(c, c->runs[k], p);
		if (v != NF_REPEAT)
			return v;
		i = c->runs[k]->end;
	}
	v = nfgate_rules_run(c, p, i, c->nrules);
	if (v != NF_REPEAT)
		return v;
	nfgate_stats_count(c->policy_stats, p->skb->len);
	return c->policy == NFGATE_VERDICT_DROP ? NF_DROP : NF_ACCEPT;
}

unsigned int nfgate_hook(void *priv, struct sk_buff *skb,
			 const struct nf_hook_state *state)
{
	const struct nfgate_slot *slot = priv;
	const struct nfgate_prog *prog = rcu_dereference(slot->prog);
	struct nfgate_pkt p;
	unsigned int v;
	u32 i;

	if (!prog)
		return NF_ACCEPT;
	nfgate_pkt_init(&p, skb, state, prog->needs);
	for (i = 0; i < prog->nchains; i++) {
		v = nfgate_chain_run(prog->chains[i], &p);
		if (v != NF_ACCEPT)
			return v;
	}
	return NF_ACCEPT;
}
