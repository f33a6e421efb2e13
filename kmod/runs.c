// SPDX-License-Identifier: GPL-2.0
/*
 * nfgate: compiled runs of source-prefix rules.
 *
 * A long list of "saddr PREFIX VERDICT" rules is what users migrating from
 * per-address iptables rules bring along. Walking it costs every packet
 * the whole list. When a chain is built, each run of at least
 * NFGATE_RUN_MIN consecutive rules that match only a source prefix of one
 * family (nothing else, not negated) is compiled into sorted arrays, one
 * per prefix length. The packet path then finds the first rule of the run
 * that matches with one binary search per prefix length, instead of
 * testing every rule.
 *
 * First-match order is kept: the lookup returns the lowest rule index
 * whose prefix covers the address, and a matching rule that continues
 * (no verdict) hands on to a plain walk of the rest of the run. Counters,
 * logging and every action are the rule's own, so nothing but the cost is
 * visible. A run's memory is bounded by its rules.
 */
#include <linux/bitmap.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "nfgate.h"

/* Below this, testing each rule is as cheap as a lookup. */
#define NFGATE_RUN_MIN	8

static bool nfgate_run_eligible(const struct nfgate_rule *r)
{
	u32 m = r->present & ~BIT(NFGATE_RULE_A_NFPROTO);

	return m == BIT(NFGATE_RULE_A_SADDR) && !r->invert &&
	       !r->recent_set && !r->rate_set &&
	       (!(r->present & BIT(NFGATE_RULE_A_NFPROTO)) ||
		r->nfproto == r->family);
}

static int nfgate_key_cmp(const struct in6_addr *a, const struct in6_addr *b,
			  u8 family)
{
	if (family == NFPROTO_IPV4) {
		/* the order of memcmp(), which sorted them */
		u32 x = be32_to_cpu(a->s6_addr32[0]);
		u32 y = be32_to_cpu(b->s6_addr32[0]);

		return x < y ? -1 : x > y;
	}
	return memcmp(a, b, sizeof(*a));
}

/*
 * sort() has no context: both families sort as IPv6 keys (memcmp()), an
 * order IPv4 lookups keep since the rest of an IPv4 key is zero.
 */
static int nfgate_ent_cmp(const void *a, const void *b)
{
	const struct nfgate_run_ent *x = a, *y = b;
	int d;

	if (x->plen != y->plen)
		return x->plen < y->plen ? -1 : 1;
	d = nfgate_key_cmp(&x->key, &y->key, NFPROTO_IPV6);
	if (d)
		return d;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int nfgate_group_cmp(const void *a, const void *b)
{
	const struct nfgate_run_group *x = a, *y = b;

	return x->min_idx < y->min_idx ? -1 : x->min_idx > y->min_idx;
}

/* Sort the entries, keep the first rule of each prefix, and group them. */
static void nfgate_run_index(const struct nfgate_chain *c,
			     struct nfgate_run *run, u32 n)
{
	struct nfgate_run_ent *e = run->ents;
	struct nfgate_run_group *g = NULL;
	u32 i, kept = 0;

	sort(e, n, sizeof(*e), nfgate_ent_cmp, NULL);
	for (i = 0; i < n; i++) {
		if (kept && e[kept - 1].plen == e[i].plen &&
		    !nfgate_key_cmp(&e[kept - 1].key, &e[i].key, NFPROTO_IPV6))
			continue;	/* a later rule with the same prefix */
		e[kept] = e[i];
		if (!g || e[kept].plen != e[g->start].plen) {
			g = &run->groups[run->ngroups++];
			/* the rule's own mask, made when it was parsed */
			g->mask = c->rules[e[kept].idx].saddr.mask.in6;
			g->start = kept;
			g->min_idx = U32_MAX;
		}
		g->n++;
		g->min_idx = min(g->min_idx, e[kept].idx);
		kept++;
	}
	sort(run->groups, run->ngroups, sizeof(*g), nfgate_group_cmp, NULL);
}

static struct nfgate_run *nfgate_run_build(const struct nfgate_chain *c,
					   u32 first, u32 end)
{
	DECLARE_BITMAP(lens, 129) = {};
	struct nfgate_run *run;
	u32 i, ngroups;
	size_t sz;

	for (i = first; i < end; i++)
		__set_bit(c->rules[i].saddr.plen, lens);
	ngroups = bitmap_weight(lens, 129);
	sz = size_add(struct_size(run, groups, ngroups),
		      array_size(end - first, sizeof(*run->ents)));
	run = kvzalloc(sz, GFP_KERNEL_ACCOUNT);
	if (!run)
		return NULL;
	run->first = first;
	run->end = end;
	run->family = c->rules[first].family;
	run->ents = (struct nfgate_run_ent *)&run->groups[ngroups];
	for (i = first; i < end; i++) {
		struct nfgate_run_ent *e = &run->ents[i - first];

		e->key = c->rules[i].saddr.addr.in6;
		if (run->family == NFPROTO_IPV4)
			memset(&e->key.s6_addr32[1], 0, 12);
		e->idx = i;
		e->plen = c->rules[i].saddr.plen;
	}
	nfgate_run_index(c, run, end - first);
	return run;
}

/* The end of the run of eligible rules of one family starting at @i. */
static u32 nfgate_run_end(const struct nfgate_chain *c, u32 i)
{
	u32 j = i;

	while (j < c->nrules && nfgate_run_eligible(&c->rules[j]) &&
	       c->rules[j].family == c->rules[i].family)
		j++;
	return j;
}

/* Count the runs (@runs NULL) or build them; false: out of memory. */
static bool nfgate_runs_scan(struct nfgate_chain *c, struct nfgate_run **runs,
			     u32 *n)
{
	u32 i = 0, end;

	*n = 0;
	while (i < c->nrules) {
		end = nfgate_run_end(c, i);
		if (end - i >= NFGATE_RUN_MIN) {
			if (runs) {
				runs[*n] = nfgate_run_build(c, i, end);
				if (!runs[*n])
					return false;
			}
			(*n)++;
		}
		i = max(end, i + 1);
	}
	return true;
}

int nfgate_chain_compile(struct nfgate_chain *c)
{
	u32 n;

	nfgate_runs_scan(c, NULL, &n);
	if (!n)
		return 0;
	c->runs = kcalloc(n, sizeof(*c->runs), GFP_KERNEL_ACCOUNT);
	if (!c->runs)
		return -ENOMEM;
	/* on failure, the runs built so far are counted for the release */
	if (!nfgate_runs_scan(c, c->runs, &c->nruns))
		return -ENOMEM;
	return 0;
}

/* May run in an RCU callback. */
void nfgate_chain_release_runs(struct nfgate_chain *c)
{
	u32 i;

	for (i = 0; i < c->nruns; i++)
		kvfree(c->runs[i]);
	kfree(c->runs);
}

/* The lowest rule index in @g whose key is @key, or U32_MAX. */
static u32 nfgate_group_find(const struct nfgate_run *run,
			     const struct nfgate_run_group *g,
			     const struct in6_addr *key)
{
	u32 lo = g->start, hi = g->start + g->n;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		int d = nfgate_key_cmp(key, &run->ents[mid].key, run->family);

		if (!d)
			return run->ents[mid].idx;
		if (d < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return U32_MAX;
}

/*
 * The index of the first rule of @run that matches a packet of @family
 * from @saddr, or U32_MAX. A group whose lowest index is above the best
 * found so far cannot improve on it, and neither can the groups after it.
 */
u32 nfgate_run_lookup(const struct nfgate_run *run, const void *saddr,
		      u8 family)
{
	struct in6_addr key;
	u32 i, best = U32_MAX;

	if (family != run->family)
		return U32_MAX;
	for (i = 0; i < run->ngroups; i++) {
		const struct nfgate_run_group *g = &run->groups[i];

		if (g->min_idx >= best)
			break;
		nfgate_addr_and(&key, saddr, &g->mask,
				family == NFPROTO_IPV4 ? 32 : 128);
		best = min(best, nfgate_group_find(run, g, &key));
	}
	return best;
}
