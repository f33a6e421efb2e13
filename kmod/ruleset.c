// SPDX-License-Identifier: GPL-2.0
/*
 * nfgate: chains, rulesets and the atomic commit.
 *
 * A commit compiles the request into a new ruleset while the old one keeps
 * running, registers any netfilter hooks the new one needs (passing
 * everything until it is published), publishes it with one pointer store
 * per hook, unregisters hooks nothing uses any more and frees the old
 * ruleset after an RCU grace period. Any error before publishing leaves
 * the netns exactly as it was.
 */
#include <linux/jhash.h>
#include <linux/netfilter.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netlink.h>

#include "nfgate.h"

const struct nla_policy nfgate_chain_policy[NFGATE_CHAIN_A_MAX + 1] = {
	[NFGATE_CHAIN_A_NAME]	  = { .type = NLA_NUL_STRING,
				      .len = NFGATE_NAME_MAX - 1 },
	[NFGATE_CHAIN_A_HOOK]	  = NLA_POLICY_MAX(NLA_U32, NFGATE_HOOK_POSTROUTING),
	[NFGATE_CHAIN_A_FAMILY]	  = { .type = NLA_U8 },
	[NFGATE_CHAIN_A_PRIORITY] = { .type = NLA_S32 },
	[NFGATE_CHAIN_A_POLICY]	  = NLA_POLICY_MAX(NLA_U32, NFGATE_VERDICT_ACCEPT),
	/* entries are checked as they are parsed, to name the bad one */
	[NFGATE_CHAIN_A_RULES]	  = { .type = NLA_NESTED },
	[NFGATE_CHAIN_A_RULE_COUNT] = { .type = NLA_REJECT,
					.reject_message = "rule count is read-only" },
	[NFGATE_CHAIN_A_PACKETS]  = { .type = NLA_REJECT,
				      .reject_message = "counters are read-only" },
	[NFGATE_CHAIN_A_BYTES]	  = { .type = NLA_REJECT,
				      .reject_message = "counters are read-only" },
};

/* Scratch state of one commit. */
struct nfgate_build {
	struct nfgate_net *nn;
	const struct nfgate_ruleset *old;
	struct nfgate_chain **chains;
	u32 nchains;
	u32 nrules;
	struct netlink_ext_ack *extack;
};

static void nfgate_chain_put(struct nfgate_chain *c)
{
	u32 i;

	if (!c || !refcount_dec_and_test(&c->ref))
		return;
	nfgate_chain_release_runs(c);
	for (i = 0; i < c->nrules; i++)
		nfgate_rule_release(&c->rules[i]);
	nfgate_stats_put(c->policy_stats);
	kvfree(c);
}

void nfgate_ruleset_free(struct nfgate_ruleset *rs)
{
	u32 i;

	if (!rs)
		return;
	for (i = 0; i < rs->nchains; i++)
		nfgate_chain_put(rs->chains[i]);
	for (i = 0; i < rs->nprogs; i++)
		kfree(rs->progs[i]);
	kfree(rs->progs);
	kvfree(rs);
}

static void nfgate_ruleset_put(struct nfgate_ruleset *rs)
{
	if (refcount_dec_and_test(&rs->ref))
		nfgate_ruleset_free(rs);
}

/* A grace period after it was replaced: no packet sees it any more. */
static void nfgate_ruleset_free_rcu(struct rcu_head *head)
{
	nfgate_ruleset_put(container_of(head, struct nfgate_ruleset, rcu));
}

/*
 * Dumps: the live ruleset, kept (immutable) until nfgate_ruleset_unpin(),
 * so that a dump spanning many messages reads one generation however many
 * commits land meanwhile. The published reference is dropped only by
 * nfgate_ruleset_free_rcu(), so under rcu_read_lock() it is still held.
 */
const struct nfgate_ruleset *nfgate_ruleset_pin(struct nfgate_net *nn)
{
	struct nfgate_ruleset *rs;

	rcu_read_lock();
	rs = rcu_dereference(nn->ruleset);
	refcount_inc(&rs->ref);
	rcu_read_unlock();
	return rs;
}

void nfgate_ruleset_unpin(const struct nfgate_ruleset *rs)
{
	if (rs)
		nfgate_ruleset_put((struct nfgate_ruleset *)rs);
}

static struct nfgate_ruleset *nfgate_ruleset_alloc(u32 nchains)
{
	struct nfgate_ruleset *rs;

	rs = kvzalloc(struct_size_t(struct nfgate_ruleset, chains, nchains),
		      GFP_KERNEL_ACCOUNT);
	if (rs)
		refcount_set(&rs->ref, 1);
	return rs;
}

struct nfgate_ruleset *nfgate_ruleset_empty(void)
{
	return nfgate_ruleset_alloc(0);
}

static const struct nfgate_chain *
nfgate_ruleset_find(const struct nfgate_ruleset *rs, const char *name)
{
	u32 lo = 0, hi = rs->nchains;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		int cmp = strcmp(name, rs->chains[mid]->name);

		if (!cmp)
			return rs->chains[mid];
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/*
 * [A-Za-z0-9_.-]+, as the uapi header says. isascii() first: the kernel's
 * isalnum() also takes the Latin-1 letters (0xc0-0xff), which userspace
 * then cannot print back as a name (the netlink fuzzer found a set "\xe74").
 */
bool nfgate_name_valid(const char *name)
{
	if (!*name)
		return false;
	for (; *name; name++)
		if (!isascii(*name) ||
		    (!isalnum(*name) && !strchr("_-.", *name)))
			return false;
	return true;
}

static int nfgate_chain_parse_head(struct nfgate_chain *c, struct nlattr **tb,
				   const struct nlattr *nest,
				   struct netlink_ext_ack *extack)
{
	static const int required[] = { NFGATE_CHAIN_A_NAME, NFGATE_CHAIN_A_HOOK,
					NFGATE_CHAIN_A_FAMILY,
					NFGATE_CHAIN_A_PRIORITY };
	int i;

	for (i = 0; i < ARRAY_SIZE(required); i++) {
		if (!tb[required[i]]) {
			NL_SET_ERR_ATTR_MISS(extack, nest, required[i]);
			NL_SET_ERR_MSG_ATTR(extack, nest,
					    "chain needs name, hook, family and priority");
			return -EINVAL;
		}
	}
	nla_strscpy(c->name, tb[NFGATE_CHAIN_A_NAME], sizeof(c->name));
	if (!nfgate_name_valid(c->name)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFGATE_CHAIN_A_NAME],
				    "chain names use letters, digits, '_', '-' and '.'");
		return -EINVAL;
	}
	c->p.hook = nla_get_u32(tb[NFGATE_CHAIN_A_HOOK]);
	c->p.family = nla_get_u8(tb[NFGATE_CHAIN_A_FAMILY]);
	if (c->p.family != NFPROTO_INET && c->p.family != NFPROTO_IPV4 &&
	    c->p.family != NFPROTO_IPV6) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFGATE_CHAIN_A_FAMILY],
				    "family must be inet (1), ip (2) or ip6 (10)");
		return -EINVAL;
	}
	c->p.priority = nla_get_s32(tb[NFGATE_CHAIN_A_PRIORITY]);
	if (c->p.priority == NF_IP_PRI_FIRST || c->p.priority == NF_IP_PRI_LAST) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFGATE_CHAIN_A_PRIORITY],
				    "priorities INT_MIN and INT_MAX are reserved");
		return -ERANGE;
	}
	c->policy = tb[NFGATE_CHAIN_A_POLICY] ?
		    nla_get_u32(tb[NFGATE_CHAIN_A_POLICY]) : NFGATE_VERDICT_ACCEPT;
	return 0;
}

/* Conntrack attaches its state at NF_IP_PRI_CONNTRACK in these hooks. */
static int nfgate_chain_check_ct(const struct nfgate_chain *c,
				 struct nlattr **tb,
				 struct netlink_ext_ack *extack)
{
	if (!c->uses_ct || c->p.priority > NF_IP_PRI_CONNTRACK ||
	    (c->p.hook != NF_INET_PRE_ROUTING && c->p.hook != NF_INET_LOCAL_OUT))
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, tb[NFGATE_CHAIN_A_PRIORITY],
			    "conntrack matches need a priority above conntrack's (-200) in prerouting and output");
	return -EINVAL;
}

static int nfgate_chain_parse_rules(struct nfgate_build *b,
				    struct nfgate_chain *c,
				    const struct nlattr *rules)
{
	const struct nlattr *a;
	int rem, err;
	u32 n = 0;

	if (!rules)
		return 0;
	nla_for_each_nested(a, rules, rem) {
		struct nfgate_rule *r = &c->rules[n++];

		c->nrules = n;	/* so that a failure releases this rule too */
		err = nfgate_list_entry(a, NFGATE_A_RULE, b->extack);
		if (!err)
			err = nfgate_rule_parse(r, a, &c->p, b->nn, b->extack);
		if (err)
			return err;
		if (nfgate_rule_uses_ct(r)) {
			c->uses_ct = true;
			c->needs |= NFGATE_NEED_CT;
		}
		if (nfgate_rule_uses_l4(r))
			c->needs |= NFGATE_NEED_L4;
	}
	return 0;
}

/* A list holds nested entries of one type. */
int nfgate_list_entry(const struct nlattr *a, int type,
		      struct netlink_ext_ack *extack)
{
	if (nla_type(a) != type) {
		NL_SET_ERR_MSG_ATTR(extack, a, "unexpected attribute type in a list");
		return -EINVAL;
	}
	if (!(a->nla_type & NLA_F_NESTED)) {
		NL_SET_ERR_MSG_ATTR(extack, a, "list entry is not a nest (NLA_F_NESTED)");
		return -EINVAL;
	}
	return 0;
}

u32 nfgate_count_nested(const struct nlattr *nest)
{
	const struct nlattr *a;
	u32 n = 0;
	int rem;

	if (nest)
		nla_for_each_nested(a, nest, rem)
			n++;
	return n;
}

/* Reserve room for @n more rules against the netns's cap. */
static int nfgate_reserve_rules(struct nfgate_build *b, u32 n,
				const struct nlattr *attr)
{
	if (n > READ_ONCE(nfgate_max_rules) - min(b->nrules, READ_ONCE(nfgate_max_rules))) {
		NL_SET_ERR_MSG_ATTR(b->extack, attr,
				    "too many rules: over the module's max_rules");
		return -ENOSPC;
	}
	b->nrules += n;
	return 0;
}

/*
 * Rule identity. A new rule continues an old rule of the same chain, taking
 * over its handle and counters, when it names that handle, or else when
 * its definition is identical to an old rule not yet taken (the n-th of
 * several identical rules continues the n-th). Other rules get a new
 * handle. Lookups go through a sorted index, so a commit of a large chain
 * stays O(n log n).
 */
struct nfgate_ident {
	u64 key;
	u32 idx;
};

static int nfgate_ident_cmp(const void *a, const void *b)
{
	const struct nfgate_ident *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static struct nfgate_ident *nfgate_ident_build(const struct nfgate_chain *old,
					       bool by_handle)
{
	struct nfgate_ident *ix;
	u32 i;

	ix = kvmalloc_array(old->nrules, sizeof(*ix), GFP_KERNEL_ACCOUNT);
	if (!ix)
		return NULL;
	for (i = 0; i < old->nrules; i++) {
		ix[i].key = by_handle ? old->rules[i].stats->handle :
				nfgate_rule_hash(&old->rules[i]);
		ix[i].idx = i;
	}
	sort(ix, old->nrules, sizeof(*ix), nfgate_ident_cmp, NULL);
	return ix;
}

/* The first entry with @key, or @n. */
static u32 nfgate_ident_find(const struct nfgate_ident *ix, u32 n, u64 key)
{
	u32 lo = 0, hi = n;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (ix[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct nfgate_inherit {
	const struct nfgate_chain *old;
	unsigned long *taken;
	struct nfgate_ident *by_handle;
	struct nfgate_ident *by_hash;
};

static void nfgate_take(struct nfgate_inherit *in, struct nfgate_rule *r,
			u32 idx)
{
	__set_bit(idx, in->taken);
	r->stats = in->old->rules[idx].stats;
	refcount_inc(&r->stats->ref);
}

static int nfgate_inherit_handle(struct nfgate_inherit *in,
				 struct nfgate_rule *r,
				 struct netlink_ext_ack *extack)
{
	u32 n = in->old ? in->old->nrules : 0;
	u32 pos = n ? nfgate_ident_find(in->by_handle, n, r->want_handle) : 0;

	if (pos == n || in->by_handle[pos].key != r->want_handle) {
		NL_SET_ERR_MSG(extack, "no rule with that handle in the chain");
		return -ENOENT;
	}
	if (test_bit(in->by_handle[pos].idx, in->taken)) {
		NL_SET_ERR_MSG(extack, "rule handle given twice");
		return -EINVAL;
	}
	nfgate_take(in, r, in->by_handle[pos].idx);
	return 0;
}

static void nfgate_inherit_same(struct nfgate_inherit *in,
				struct nfgate_rule *r)
{
	u32 n = in->old->nrules, h = nfgate_rule_hash(r);
	u32 pos = nfgate_ident_find(in->by_hash, n, h);

	for (; pos < n && in->by_hash[pos].key == h; pos++) {
		u32 idx = in->by_hash[pos].idx;

		if (!test_bit(idx, in->taken) &&
		    nfgate_rule_same(r, &in->old->rules[idx])) {
			nfgate_take(in, r, idx);
			return;
		}
	}
}

static int nfgate_inherit_index(struct nfgate_inherit *in)
{
	if (!in->old || !in->old->nrules)
		return 0;
	in->taken = bitmap_zalloc(in->old->nrules, GFP_KERNEL_ACCOUNT);
	in->by_handle = nfgate_ident_build(in->old, true);
	in->by_hash = nfgate_ident_build(in->old, false);
	if (!in->taken || !in->by_handle || !in->by_hash)
		return -ENOMEM;
	return 0;
}

static int nfgate_chain_inherit(struct nfgate_build *b, struct nfgate_chain *c,
				const struct nfgate_chain *old)
{
	struct nfgate_inherit in = { .old = old };
	int err;
	u32 i;

	err = nfgate_inherit_index(&in);
	/* Explicit handles first, so that content matching cannot take them. */
	for (i = 0; !err && i < c->nrules; i++)
		if (c->rules[i].want_handle)
			err = nfgate_inherit_handle(&in, &c->rules[i], b->extack);
	for (i = 0; !err && in.by_hash && i < c->nrules; i++)
		if (!c->rules[i].stats)
			nfgate_inherit_same(&in, &c->rules[i]);
	for (i = 0; !err && i < c->nrules; i++) {
		if (c->rules[i].stats)
			continue;
		c->rules[i].stats = nfgate_stats_new(++b->nn->next_handle);
		if (!c->rules[i].stats)
			err = -ENOMEM;
	}
	if (!err && old) {
		c->policy_stats = old->policy_stats;
		refcount_inc(&c->policy_stats->ref);
	} else if (!err) {
		c->policy_stats = nfgate_stats_new(0);
		err = c->policy_stats ? 0 : -ENOMEM;
	}
	kvfree(in.by_hash);
	kvfree(in.by_handle);
	bitmap_free(in.taken);
	return err;
}

static int nfgate_chain_parse(struct nfgate_build *b, const struct nlattr *nest,
			      struct nfgate_chain **out)
{
	struct nlattr *tb[NFGATE_CHAIN_A_MAX + 1];
	struct nfgate_chain *c;
	u32 n;
	int err;

	err = nfgate_parse_nested(tb, NFGATE_CHAIN_A_MAX, nest,
				  nfgate_chain_policy, b->extack);
	if (err)
		return err;
	n = nfgate_count_nested(tb[NFGATE_CHAIN_A_RULES]);
	err = nfgate_reserve_rules(b, n, nest);
	if (err)
		return err;
	c = kvzalloc(struct_size(c, rules, n), GFP_KERNEL_ACCOUNT);
	if (!c)
		return -ENOMEM;
	refcount_set(&c->ref, 1);
	*out = c;	/* the caller releases it, also on error */
	err = nfgate_chain_parse_head(c, tb, nest, b->extack);
	if (!err)
		err = nfgate_chain_parse_rules(b, c, tb[NFGATE_CHAIN_A_RULES]);
	if (!err)
		err = nfgate_chain_check_ct(c, tb, b->extack);
	if (!err)
		err = nfgate_chain_inherit(b, c, nfgate_ruleset_find(b->old, c->name));
	if (!err)
		err = nfgate_chain_compile(c);
	return err;
}

/* Does a chain parsed before the last one have the last one's name? */
static bool nfgate_build_has_dup(const struct nfgate_build *b,
				 const struct nfgate_chain *c)
{
	u32 i;

	for (i = 0; i + 1 < b->nchains; i++)
		if (!strcmp(b->chains[i]->name, c->name))
			return true;
	return false;
}

static int nfgate_check_chain_name(const struct nfgate_build *b,
				   const struct nfgate_chain *c,
				   const struct nlattr *attr, const char *scope)
{
	if (scope && strcmp(c->name, scope)) {
		NL_SET_ERR_MSG_ATTR(b->extack, attr,
				    "chain name differs from the commit's CHAIN_NAME");
		return -EINVAL;
	}
	if (!scope && nfgate_build_has_dup(b, c)) {
		NL_SET_ERR_MSG_ATTR(b->extack, attr, "chain name given twice");
		return -EEXIST;
	}
	return 0;
}

/*
 * Parse NFGATE_A_CHAINS. With @scope, the request replaces that one chain
 * (or deletes it when it carries none) and every other chain is kept.
 */
static int nfgate_build_chains(struct nfgate_build *b, const struct nlattr *list,
			       const char *scope)
{
	u32 i, n = nfgate_count_nested(list);
	const struct nlattr *a;
	int rem, err;

	if (scope && n > 1) {
		NL_SET_ERR_MSG_ATTR(b->extack, list,
				    "a single-chain commit carries at most one chain");
		return -EINVAL;
	}
	if (n > READ_ONCE(nfgate_max_chains)) {
		NL_SET_ERR_MSG_ATTR(b->extack, list,
				    "too many chains: over the module's max_chains");
		return -ENOSPC;
	}
	b->chains = kvcalloc(n + b->old->nchains, sizeof(*b->chains),
			     GFP_KERNEL_ACCOUNT);
	if (!b->chains)
		return -ENOMEM;
	if (list) {
		nla_for_each_nested(a, list, rem) {
			struct nfgate_chain *c = NULL;

			err = nfgate_list_entry(a, NFGATE_A_CHAIN, b->extack);
			if (err)
				return err;
			err = nfgate_chain_parse(b, a, &c);
			if (c)
				b->chains[b->nchains++] = c;
			if (err)
				return err;
			err = nfgate_check_chain_name(b, c, a, scope);
			if (err)
				return err;
		}
	}
	for (i = 0; scope && i < b->old->nchains; i++) {
		struct nfgate_chain *c = b->old->chains[i];

		if (!strcmp(c->name, scope))
			continue;
		err = nfgate_reserve_rules(b, c->nrules, list);
		if (err)
			return err;
		refcount_inc(&c->ref);
		b->chains[b->nchains++] = c;
	}
	if (b->nchains > READ_ONCE(nfgate_max_chains)) {
		NL_SET_ERR_MSG_ATTR(b->extack, list,
				    "too many chains: over the module's max_chains");
		return -ENOSPC;
	}
	return 0;
}

static int nfgate_chain_cmp(const void *a, const void *b)
{
	const struct nfgate_chain *x = *(const struct nfgate_chain **)a;
	const struct nfgate_chain *y = *(const struct nfgate_chain **)b;

	return strcmp(x->name, y->name);
}

/* One (pf, hook, priority, chain) entry; sorting them groups the slots. */
struct nfgate_slot_use {
	u8 pf;
	u8 hook;
	s32 priority;
	u32 chain;		/* index in the name-sorted chain array */
};

static int nfgate_slot_use_cmp(const void *a, const void *b)
{
	const struct nfgate_slot_use *x = a, *y = b;

	if (x->pf != y->pf)
		return x->pf - y->pf;
	if (x->hook != y->hook)
		return x->hook - y->hook;
	if (x->priority != y->priority)
		return x->priority < y->priority ? -1 : 1;
	return x->chain < y->chain ? -1 : x->chain > y->chain;
}

static bool nfgate_same_slot(const struct nfgate_slot_use *x,
			     const struct nfgate_slot_use *y)
{
	return x->pf == y->pf && x->hook == y->hook && x->priority == y->priority;
}

static u32 nfgate_slot_uses(const struct nfgate_ruleset *rs,
			    struct nfgate_slot_use *use)
{
	static const u8 pfs[] = { NFPROTO_IPV4, NFPROTO_IPV6 };
	u32 i, j, n = 0;

	for (i = 0; i < rs->nchains; i++) {
		const struct nfgate_chain *c = rs->chains[i];

		for (j = 0; j < ARRAY_SIZE(pfs); j++) {
			if (c->p.family != NFPROTO_INET && c->p.family != pfs[j])
				continue;
			use[n].pf = pfs[j];
			use[n].hook = c->p.hook;
			use[n].priority = c->p.priority;
			use[n++].chain = i;
		}
	}
	sort(use, n, sizeof(*use), nfgate_slot_use_cmp, NULL);
	return n;
}

static struct nfgate_prog *nfgate_prog_new(const struct nfgate_ruleset *rs,
					   const struct nfgate_slot_use *use,
					   u32 n)
{
	struct nfgate_prog *p;
	u32 i;

	p = kzalloc(struct_size(p, chains, n), GFP_KERNEL_ACCOUNT);
	if (!p)
		return NULL;
	p->pf = use->pf;
	p->hook = use->hook;
	p->priority = use->priority;
	p->nchains = n;
	for (i = 0; i < n; i++) {
		p->chains[i] = rs->chains[use[i].chain];
		p->needs |= p->chains[i]->needs;
	}
	return p;
}

/* Group the chains into what each (pf, hook, priority) slot runs. */
static int nfgate_ruleset_progs(struct nfgate_ruleset *rs)
{
	struct nfgate_slot_use *use;
	u32 i, start, n;
	int err = 0;

	use = kvmalloc_array(2 * rs->nchains + 1, sizeof(*use), GFP_KERNEL_ACCOUNT);
	rs->progs = kcalloc(2 * rs->nchains + 1, sizeof(*rs->progs),
			    GFP_KERNEL_ACCOUNT);
	if (!use || !rs->progs) {
		err = -ENOMEM;
		goto out;
	}
	n = nfgate_slot_uses(rs, use);
	for (start = 0, i = 1; i <= n; i++) {
		if (i < n && nfgate_same_slot(&use[start], &use[i]))
			continue;
		rs->progs[rs->nprogs] = nfgate_prog_new(rs, &use[start], i - start);
		if (!rs->progs[rs->nprogs]) {
			err = -ENOMEM;
			goto out;
		}
		rs->nprogs++;
		start = i;
	}
out:
	kvfree(use);
	return err;
}

/* Move the built chains into a new, sorted ruleset. */
static int nfgate_ruleset_assemble(struct nfgate_build *b,
				   struct nfgate_ruleset **out)
{
	struct nfgate_ruleset *rs;
	u32 i;

	rs = nfgate_ruleset_alloc(b->nchains);
	if (!rs)
		return -ENOMEM;
	for (i = 0; i < b->nchains; i++) {
		rs->chains[i] = b->chains[i];
		rs->nrules += b->chains[i]->nrules;
		rs->uses_ct |= b->chains[i]->uses_ct;
	}
	rs->nchains = b->nchains;
	b->nchains = 0;
	sort(rs->chains, rs->nchains, sizeof(rs->chains[0]), nfgate_chain_cmp,
	     NULL);
	*out = rs;
	return nfgate_ruleset_progs(rs);
}

static bool nfgate_slot_runs(const struct nfgate_slot *slot,
			     const struct nfgate_prog *p)
{
	return slot->ops.pf == p->pf && slot->ops.hooknum == p->hook &&
	       slot->ops.priority == p->priority;
}

static struct nfgate_slot *nfgate_slot_find(struct nfgate_net *nn,
					    const struct nfgate_prog *p)
{
	struct nfgate_slot *slot;

	list_for_each_entry(slot, &nn->slots, list)
		if (nfgate_slot_runs(slot, p))
			return slot;
	return NULL;
}

static void nfgate_slot_del(struct nfgate_net *nn, struct nfgate_slot *slot)
{
	nf_unregister_net_hook(slot->net, &slot->ops);
	list_del(&slot->list);
	nn->n_hooks--;
	/* Packets may still be in nfgate_hook() with this slot. */
	kfree_rcu(slot, rcu);
}

/*
 * Register a hook for every slot @rs needs and nobody has yet. New slots
 * run nothing until nfgate_publish() gives them a program, which is right
 * for the old ruleset: it had no chain there.
 */
static int nfgate_slots_add(struct net *net, struct nfgate_net *nn,
			    const struct nfgate_ruleset *rs,
			    struct netlink_ext_ack *extack)
{
	struct nfgate_slot *slot;
	u32 i;
	int err;

	for (i = 0; i < rs->nprogs; i++) {
		if (nfgate_slot_find(nn, rs->progs[i]))
			continue;
		slot = kzalloc(sizeof(*slot), GFP_KERNEL_ACCOUNT);
		if (!slot)
			return -ENOMEM;
		slot->net = net;
		slot->ops.hook = nfgate_hook;
		slot->ops.pf = rs->progs[i]->pf;
		slot->ops.hooknum = rs->progs[i]->hook;
		slot->ops.priority = rs->progs[i]->priority;
		slot->ops.priv = slot;
		err = nf_register_net_hook(net, &slot->ops);
		if (err) {
			kfree(slot);
			NL_SET_ERR_MSG(extack, "cannot register a netfilter hook");
			return err;
		}
		list_add_tail(&slot->list, &nn->slots);
		nn->n_hooks++;
	}
	return 0;
}

/* Drop the slots that run nothing. */
static void nfgate_slots_prune(struct nfgate_net *nn)
{
	struct nfgate_slot *slot, *tmp;

	list_for_each_entry_safe(slot, tmp, &nn->slots, list)
		if (!rcu_access_pointer(slot->prog))
			nfgate_slot_del(nn, slot);
}

static void nfgate_publish(struct nfgate_net *nn, struct nfgate_ruleset *rs)
{
	struct nfgate_ruleset *old;
	struct nfgate_slot *slot;
	u32 i;

	list_for_each_entry(slot, &nn->slots, list) {
		struct nfgate_prog *p = NULL;

		for (i = 0; i < rs->nprogs && !p; i++)
			if (nfgate_slot_runs(slot, rs->progs[i]))
				p = rs->progs[i];
		rcu_assign_pointer(slot->prog, p);
	}
	old = rcu_replace_pointer(nn->ruleset, rs, lockdep_is_held(&nn->lock));
	call_rcu(&old->rcu, nfgate_ruleset_free_rcu);
}

static void nfgate_build_release(struct nfgate_build *b)
{
	u32 i;

	for (i = 0; i < b->nchains; i++)
		nfgate_chain_put(b->chains[i]);
	kvfree(b->chains);
}

static int nfgate_check_generation(struct nfgate_net *nn, struct nlattr **attrs,
				   struct netlink_ext_ack *extack)
{
	const struct nlattr *gen = attrs[NFGATE_A_GENERATION];

	if (!gen || nla_get_u32(gen) == nn->generation)
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, gen,
			    "the ruleset changed since this generation; read it again");
	return -ERESTART;
}

static int nfgate_check_scope(const struct nfgate_ruleset *old,
			      struct nlattr **attrs,
			      struct netlink_ext_ack *extack)
{
	const struct nlattr *name = attrs[NFGATE_A_CHAIN_NAME];

	if (name && attrs[NFGATE_A_SETS]) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[NFGATE_A_SETS],
				    "a single-chain commit cannot carry SETS");
		return -EINVAL;
	}
	if (!name || nfgate_count_nested(attrs[NFGATE_A_CHAINS]) ||
	    nfgate_ruleset_find(old, nla_data(name)))
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, name, "no such chain");
	return -ENOENT;
}

/* Make @rs live: hooks first, then conntrack, then one pointer per slot. */
static int nfgate_install(struct net *net, struct nfgate_net *nn,
			  struct nfgate_ruleset *rs,
			  struct netlink_ext_ack *extack)
{
	int err;

	err = nfgate_slots_add(net, nn, rs, extack);
	if (!err && rs->uses_ct && !nn->ct_held) {
		err = nf_ct_netns_get(net, NFPROTO_INET);
		if (err)
			NL_SET_ERR_MSG(extack, "cannot enable conntrack in this netns");
		else
			nn->ct_held = true;
	}
	if (err) {
		/* The new slots ran nothing: drop them, nothing changed. */
		nfgate_slots_prune(nn);
		return err;
	}
	rs->generation = nn->generation + 1;
	nfgate_publish(nn, rs);
	nfgate_slots_prune(nn);
	if (nn->ct_held && !rs->uses_ct) {
		nf_ct_netns_put(net, NFPROTO_INET);
		nn->ct_held = false;
	}
	WRITE_ONCE(nn->generation, rs->generation);
	WRITE_ONCE(nn->n_chains, rs->nchains);
	WRITE_ONCE(nn->n_rules, rs->nrules);
	return 0;
}

/**
 * nfgate_commit - replace the netns's ruleset, or one chain of it
 * @net: the netns
 * @attrs: the NFGATE_CMD_COMMIT request, validated against its policy
 * @portid: the requesting socket's, which owns the staging sets it names
 * @extack: names the offending attribute on error
 *
 * Return: 0 and the new ruleset is live (or, with NFGATE_COMMIT_F_CHECK,
 * it was fully built and then discarded), or an error and nothing changed.
 */
int nfgate_commit(struct net *net, struct nlattr **attrs, u32 portid,
		  struct netlink_ext_ack *extack)
{
	struct nfgate_net *nn = nfgate_pernet(net);
	const char *scope = attrs[NFGATE_A_CHAIN_NAME] ?
			    nla_data(attrs[NFGATE_A_CHAIN_NAME]) : NULL;
	u32 flags = attrs[NFGATE_A_FLAGS] ? nla_get_u32(attrs[NFGATE_A_FLAGS]) : 0;
	struct nfgate_build b = { .nn = nn, .extack = extack };
	struct nfgate_ruleset *rs = NULL;
	u32 gen;
	int err;

	mutex_lock(&nn->lock);
	b.old = rcu_dereference_protected(nn->ruleset, lockdep_is_held(&nn->lock));
	err = nfgate_check_generation(nn, attrs, extack);
	if (!err)
		err = nfgate_check_scope(b.old, attrs, extack);
	if (!err && attrs[NFGATE_A_SETS])
		err = nfgate_sets_plan(nn, attrs[NFGATE_A_SETS], portid, extack);
	if (!err)
		err = nfgate_build_chains(&b, attrs[NFGATE_A_CHAINS], scope);
	if (!err)
		err = nfgate_ruleset_assemble(&b, &rs);
	if (!err && !(flags & NFGATE_COMMIT_F_CHECK)) {
		err = nfgate_install(net, nn, rs, extack);
		if (!err)
			rs = NULL;	/* published: the netns owns it */
		if (!err && nn->plan)
			nfgate_sets_publish(nn);
	}
	nfgate_ruleset_free(rs);	/* never published: no grace period */
	if (attrs[NFGATE_A_SETS])
		nfgate_sets_plan_end(nn, portid);
	gen = nn->generation;
	mutex_unlock(&nn->lock);
	nfgate_build_release(&b);
	if (!err && !(flags & NFGATE_COMMIT_F_CHECK))
		nfgate_notify_commit(net, gen, scope);
	return err;
}

int nfgate_ruleset_init(struct nfgate_net *nn)
{
	struct nfgate_ruleset *rs = nfgate_ruleset_empty();

	if (!rs)
		return -ENOMEM;
	mutex_init(&nn->lock);
	INIT_LIST_HEAD(&nn->slots);
	RCU_INIT_POINTER(nn->ruleset, rs);
	nn->generation = 1;
	rs->generation = 1;
	return 0;
}

/* Netns exit: unhook everything and free the ruleset after readers. */
void nfgate_ruleset_teardown(struct net *net)
{
	struct nfgate_net *nn = nfgate_pernet(net);
	struct nfgate_slot *slot, *tmp;
	struct nfgate_ruleset *rs;

	mutex_lock(&nn->lock);
	list_for_each_entry_safe(slot, tmp, &nn->slots, list)
		nfgate_slot_del(nn, slot);
	rs = rcu_replace_pointer(nn->ruleset, NULL, lockdep_is_held(&nn->lock));
	call_rcu(&rs->rcu, nfgate_ruleset_free_rcu);
	if (nn->ct_held)
		nf_ct_netns_put(net, NFPROTO_INET);
	nn->ct_held = false;
	mutex_unlock(&nn->lock);
	mutex_destroy(&nn->lock);
}

/* The first rule of @rs that uses @set: its chain and position. */
bool nfgate_ruleset_set_user(const struct nfgate_ruleset *rs,
			     const struct nfgate_set *set,
			     const char **chain, u32 *pos)
{
	u32 i, j;

	for (i = 0; i < rs->nchains; i++) {
		for (j = 0; j < rs->chains[i]->nrules; j++) {
			if (!nfgate_rule_uses_set(&rs->chains[i]->rules[j], set))
				continue;
			*chain = rs->chains[i]->name;
			*pos = j;
			return true;
		}
	}
	return false;
}

u32 nfgate_ruleset_set_refs(const struct nfgate_ruleset *rs,
			    const struct nfgate_set *set)
{
	u32 i, j, n = 0;

	for (i = 0; i < rs->nchains; i++)
		for (j = 0; j < rs->chains[i]->nrules; j++)
			n += nfgate_rule_uses_set(&rs->chains[i]->rules[j], set);
	return n;
}
