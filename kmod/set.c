// SPDX-License-Identifier: GPL-2.0
/*
 * nfgate: named sets of addresses, prefixes and ports, per netns.
 *
 * A set's contents and options live in a struct nfgate_set_data that the
 * set publishes through an RCU pointer, so that a swap exchanges two
 * pointers. Address elements sit in a fixed-size hash table keyed by
 * (masked address, prefix length) with per-set random hash keys; a lookup
 * probes only the prefix lengths in use, longest first. A bucket is a
 * list of element objects (counters, timeout, comment), or in a compact
 * set an array of bare keys (cbucket.c). Port sets are a 65536-bit
 * bitmap. Readers (the packet path, dumps) take no lock; writers take the
 * data's spinlock, netlink writers the netns mutex first.
 */
#include <linux/bitmap.h>
#include <linux/inetdevice.h>
#include <linux/jhash.h>
#include <linux/jiffies.h>
#include <linux/log2.h>
#include <linux/random.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "nfgate.h"

#define NFGATE_NPORTS 65536

struct nfgate_set_comment {
	struct rcu_head rcu;
	char s[];
};

/**
 * struct nfgate_set_data - what a set holds, and its options
 * @lock: serialises writers; readers use RCU
 * @type: enum nfgate_set_type
 * @width: address bits (32, 128); 0 for port sets
 * @flags: enum nfgate_set_flags
 * @maxelem: cap on @count
 * @timeout: default element timeout, seconds; 0: none
 * @seed: random hash seed (IPv6 keys, jhash)
 * @hmul: random odd multiplier (IPv4 keys, multiply-shift)
 * @hshift: 64 - log2(buckets)
 * @hmask: buckets - 1
 * @count: elements (address sets)
 * @gen: changes with every change, from nfgate_set_seq (dump consistency)
 * @may_expire: some element was given a timeout; until then, the
 *	collector skips the set rather than walk every bucket each second
 * @full: packet-path insertions refused because the set was full
 * @ports: the port bitmap (port sets)
 * @meter: a recent or rate table's contents (meter.c)
 * @plen_count: elements per prefix length
 * @plens: bit (width - plen) set when plen is in use: longest first
 * @buckets: the hash table (address sets)
 * @cb: the hash table (compact address sets)
 */
struct nfgate_set_data {
	spinlock_t lock;	/* see above */
	u8 type;
	u8 width;
	u32 flags;
	u32 maxelem;
	u32 timeout;
	u32 seed;
	u64 hmul;
	u8 hshift;
	u32 hmask;
	u32 count;
	u32 gen;
	bool may_expire;
	atomic64_t full;
	unsigned long *ports;
	struct nfgate_meter *meter;
	u32 plen_count[129];
	DECLARE_BITMAP(plens, 129);
	union {
		DECLARE_FLEX_ARRAY(struct hlist_head, buckets);
		DECLARE_FLEX_ARRAY(struct nfgate_cbkt __rcu *, cb);
	};
};

static struct kmem_cache *nfgate_elem_cache __read_mostly;
atomic_t nfgate_set_nelems = ATOMIC_INIT(0);
static atomic_t nfgate_set_seq = ATOMIC_INIT(0);

struct netlink_range_validation nfgate_timeout_range = {
	.max = NFGATE_SET_TIMEOUT_MAX,
};

static const struct nla_policy nfgate_elem_policy[NFGATE_ELEM_A_MAX + 1] = {
	[NFGATE_ELEM_A_ADDR]	 = { .type = NLA_BINARY, .len = 16 },
	[NFGATE_ELEM_A_PREFIX]	 = NLA_POLICY_MAX(NLA_U8, 128),
	[NFGATE_ELEM_A_PORT_MIN] = { .type = NLA_U16 },
	[NFGATE_ELEM_A_PORT_MAX] = { .type = NLA_U16 },
	[NFGATE_ELEM_A_TIMEOUT]	 = NLA_POLICY_FULL_RANGE(NLA_U32, &nfgate_timeout_range),
	[NFGATE_ELEM_A_EXPIRES]	 = { .type = NLA_REJECT,
				     .reject_message = "EXPIRES is read-only" },
	[NFGATE_ELEM_A_PACKETS]	 = { .type = NLA_REJECT,
				     .reject_message = "counters are read-only" },
	[NFGATE_ELEM_A_BYTES]	 = { .type = NLA_REJECT,
				     .reject_message = "counters are read-only" },
	[NFGATE_ELEM_A_COMMENT]	 = { .type = NLA_NUL_STRING,
				     .len = NFGATE_COMMENT_MAX - 1 },
	[NFGATE_ELEM_A_HITS]	 = { .type = NLA_REJECT,
				     .reject_message = "HITS is read-only" },
	[NFGATE_ELEM_A_LAST_SEEN] = { .type = NLA_REJECT,
				      .reject_message = "LAST_SEEN is read-only" },
	[NFGATE_ELEM_A_TOKENS]	 = { .type = NLA_REJECT,
				     .reject_message = "TOKENS is read-only" },
};

const struct nla_policy nfgate_set_policy[NFGATE_SET_A_MAX + 1] = {
	[NFGATE_SET_A_NAME]	= { .type = NLA_NUL_STRING,
				    .len = NFGATE_NAME_MAX - 1 },
	[NFGATE_SET_A_TYPE]	= NLA_POLICY_RANGE(NLA_U8, NFGATE_SET_IPV4,
						   NFGATE_SET_RATE_IPV6),
	[NFGATE_SET_A_MAXELEM]	= NLA_POLICY_MIN(NLA_U32, 1),
	[NFGATE_SET_A_TIMEOUT]	= NLA_POLICY_FULL_RANGE(NLA_U32, &nfgate_timeout_range),
	[NFGATE_SET_A_FLAGS]	= NLA_POLICY_MASK(NLA_U32, NFGATE_SET_F_COUNTERS |
						  NFGATE_SET_F_DYNAMIC |
						  NFGATE_SET_F_STAGING |
						  NFGATE_SET_F_COMPACT),
	[NFGATE_SET_A_NAME2]	= { .type = NLA_NUL_STRING,
				    .len = NFGATE_NAME_MAX - 1 },
	/* entries are checked as they are parsed, to name the bad one */
	[NFGATE_SET_A_ELEMS]	= { .type = NLA_NESTED },
	[NFGATE_SET_A_ELEM]	= { .type = NLA_REJECT,
				    .reject_message = "ELEM goes inside ELEMS" },
	[NFGATE_SET_A_COUNT]	= { .type = NLA_REJECT,
				    .reject_message = "COUNT is read-only" },
	[NFGATE_SET_A_REFS]	= { .type = NLA_REJECT,
				    .reject_message = "REFS is read-only" },
	[NFGATE_SET_A_FULL]	= { .type = NLA_REJECT,
				    .reject_message = "FULL is read-only" },
	[NFGATE_SET_A_EVENT]	= { .type = NLA_REJECT,
				    .reject_message = "EVENT is read-only" },
	[NFGATE_SET_A_MASK]	= NLA_POLICY_MAX(NLA_U8, 128),
	[NFGATE_SET_A_HITS]	= NLA_POLICY_RANGE(NLA_U8, 1, NFGATE_RECENT_HITS_MAX),
	[NFGATE_SET_A_RATE]	= NLA_POLICY_MIN(NLA_U32, 1),
	[NFGATE_SET_A_PERIOD]	= NLA_POLICY_FULL_RANGE(NLA_U32, &nfgate_period_range),
	[NFGATE_SET_A_BURST]	= NLA_POLICY_FULL_RANGE(NLA_U32, &nfgate_burst_range),
	[NFGATE_SET_A_EVICTED]	= { .type = NLA_REJECT,
				    .reject_message = "EVICTED is read-only" },
};

static struct nfgate_set_data *nfgate_set_data(const struct nfgate_set *set)
{
	return rcu_dereference_check(set->data, 1);
}

static bool nfgate_compact(const struct nfgate_set_data *d)
{
	return d->flags & NFGATE_SET_F_COMPACT;
}

static bool nfgate_elem_expired(const struct nfgate_set_elem *e)
{
	unsigned long exp = READ_ONCE(e->expires);

	return exp && time_after_eq(jiffies, exp);
}

static unsigned long nfgate_expiry(u32 seconds)
{
	return seconds ? (jiffies + (unsigned long)seconds * HZ) | 1 : 0;
}

void nfgate_key_mask(union nfgate_inaddr *k, const union nfgate_inaddr *a,
		     u8 plen)
{
	int i, bits;

	for (i = 0; i < 4; i++) {
		bits = clamp_t(int, plen - 32 * i, 0, 32);
		k->w[i] = a->w[i] & (__force u32)inet_make_mask(bits);
	}
}

/*
 * IPv4 keys (address and prefix length, 38 bits) hash by multiply-shift
 * with a random odd 64-bit multiplier per set: a universal family
 * (Dietzfelbinger et al.), and a multiply and a shift per probe where
 * jhash takes some twenty operations.
 */
static u32 nfgate_hash4(const struct nfgate_set_data *d, u64 x)
{
	return (x * d->hmul) >> d->hshift;
}

static u32 nfgate_hash(const struct nfgate_set_data *d,
		       const union nfgate_inaddr *k, u8 plen)
{
	if (d->width == 32)
		return nfgate_hash4(d, nfgate_cb_key4(k->in, plen));
	return jhash2(k->w, 4, d->seed ^ plen) & d->hmask;
}

static struct hlist_head *nfgate_bucket(struct nfgate_set_data *d,
					const union nfgate_inaddr *k, u8 plen)
{
	return &d->buckets[nfgate_hash(d, k, plen)];
}

/* A compact set's bucket pointer for key (@k, @plen). */
static struct nfgate_cbkt __rcu **nfgate_cbp(struct nfgate_set_data *d,
					     const union nfgate_inaddr *k,
					     u8 plen)
{
	return &d->cb[nfgate_hash(d, k, plen)];
}

/* The element with exactly this key, expired or not. RCU or d->lock. */
static struct nfgate_set_elem *nfgate_elem_find(struct nfgate_set_data *d,
						const union nfgate_inaddr *k,
						u8 plen)
{
	struct nfgate_set_elem *e;

	hlist_for_each_entry_rcu(e, nfgate_bucket(d, k, plen), node,
				 lockdep_is_held(&d->lock))
		if (e->plen == plen && !memcmp(&e->key, k, sizeof(*k)))
			return e;
	return NULL;
}

/*
 * nfgate_elem_cover4 - the longest live element covering IPv4 address @a.
 * Packet path: RCU, no lock. The prefix lengths in use are bits 0 (/32)
 * to 32 (/0) of the first word of d->plens, so the longest comes first
 * and each probe is a mask, a one-word hash and a short chain walk.
 */
static struct nfgate_set_elem *nfgate_elem_cover4(struct nfgate_set_data *d,
						  __be32 a)
{
	unsigned long m = READ_ONCE(d->plens[0]);
	struct nfgate_set_elem *e;
	__be32 k;
	u32 h;
	u8 plen;

	while (m) {
		plen = 32 - __ffs(m);
		m &= m - 1;
		k = a & inet_make_mask(plen);
		h = nfgate_hash4(d, nfgate_cb_key4(k, plen));
		hlist_for_each_entry_rcu(e, &d->buckets[h], node)
			if (e->key.in == k && e->plen == plen)
				break;
		/* an expired element hides nothing: go on to shorter ones */
		if (e && !nfgate_elem_expired(e))
			return e;
	}
	return NULL;
}

/* The longest live element covering @addr. Packet path: RCU, no lock. */
static struct nfgate_set_elem *nfgate_elem_cover(struct nfgate_set_data *d,
						 const union nfgate_inaddr *a)
{
	struct nfgate_set_elem *e;
	union nfgate_inaddr k;
	unsigned int bit;

	if (d->width == 32)
		return nfgate_elem_cover4(d, a->in);
	for_each_set_bit(bit, d->plens, d->width + 1) {
		u8 plen = d->width - bit;

		nfgate_key_mask(&k, a, plen);
		e = nfgate_elem_find(d, &k, plen);
		if (e && !nfgate_elem_expired(e))
			return e;
	}
	return NULL;
}

/* Does a compact IPv4 set cover @a? Packet path: RCU, no lock. */
static bool nfgate_cb_cover4(struct nfgate_set_data *d, __be32 a)
{
	unsigned long m = READ_ONCE(d->plens[0]);
	u64 x;
	u8 plen;

	while (m) {
		plen = 32 - __ffs(m);
		m &= m - 1;
		x = nfgate_cb_key4(a & inet_make_mask(plen), plen);
		if (nfgate_cb_has4(rcu_dereference(d->cb[nfgate_hash4(d, x)]), x))
			return true;
	}
	return false;
}

/* Does a compact set cover @a? Packet path: RCU, no lock. */
static bool nfgate_cb_cover(struct nfgate_set_data *d,
			    const union nfgate_inaddr *a)
{
	union nfgate_inaddr k;
	unsigned int bit;
	u8 plen;

	if (d->width == 32)
		return nfgate_cb_cover4(d, a->in);
	for_each_set_bit(bit, d->plens, d->width + 1) {
		plen = d->width - bit;
		nfgate_key_mask(&k, a, plen);
		if (nfgate_cb_find(rcu_dereference(*nfgate_cbp(d, &k, plen)),
				   d->width, &k, plen) >= 0)
			return true;
	}
	return false;
}

/* Is key (@k, @plen) in the set, expired or not? Under d->lock. */
static bool nfgate_data_has(struct nfgate_set_data *d,
			    const union nfgate_inaddr *k, u8 plen)
{
	if (!nfgate_compact(d))
		return !!nfgate_elem_find(d, k, plen);
	return nfgate_cb_find(rcu_dereference_protected(*nfgate_cbp(d, k, plen),
							lockdep_is_held(&d->lock)),
			      d->width, k, plen) >= 0;
}

/**
 * nfgate_set_match - is @addr in the set? Packet path, under RCU.
 * @set: an IPv4 or IPv6 set
 * @addr: the address, network order
 * @len: its length, 4 or 16; a set of the other family never matches
 * @pktlen: the packet's length, for the element's byte counter
 */
bool nfgate_set_match(struct nfgate_set *set, const void *addr,
		      unsigned int len, unsigned int pktlen)
{
	struct nfgate_set_data *d = rcu_dereference(set->data);
	union nfgate_inaddr a = {};
	struct nfgate_set_elem *e;

	if (d->width != len * 8)
		return false;
	memcpy(&a, addr, len);
	if (nfgate_compact(d))
		return nfgate_cb_cover(d, &a);
	e = nfgate_elem_cover(d, &a);
	if (!e)
		return false;
	if (d->flags & NFGATE_SET_F_COUNTERS) {
		atomic64_inc(&e->packets);
		atomic64_add(pktlen, &e->bytes);
	}
	return true;
}

/* Does @set keep bare keys (NFGATE_SET_F_COMPACT)? Under the netns lock. */
bool nfgate_set_compact(const struct nfgate_set *set)
{
	return nfgate_compact(nfgate_set_data(set));
}

struct nfgate_meter *nfgate_set_meter(struct nfgate_set *set)
{
	return rcu_dereference(set->data)->meter;
}

bool nfgate_set_match_port(struct nfgate_set *set, u16 port)
{
	struct nfgate_set_data *d = rcu_dereference(set->data);

	return d->ports && test_bit(port, d->ports);
}

static void nfgate_elem_free(struct nfgate_set_elem *e)
{
	kfree(rcu_dereference_protected(e->comment, 1));
	kmem_cache_free(nfgate_elem_cache, e);
}

static void nfgate_elem_free_rcu(struct rcu_head *head)
{
	nfgate_elem_free(container_of(head, struct nfgate_set_elem, rcu));
}

/* Under d->lock. */
static void nfgate_elem_set_timeout(struct nfgate_set_data *d,
				    struct nfgate_set_elem *e, u32 timeout)
{
	e->timeout = timeout;
	WRITE_ONCE(e->expires, nfgate_expiry(timeout));
	if (timeout && !d->may_expire)
		WRITE_ONCE(d->may_expire, true);
}

/* An element of prefix length @plen came in; under d->lock. */
static void nfgate_data_counted(struct nfgate_set_data *d, u8 plen)
{
	if (!d->plen_count[plen]++)
		set_bit(d->width - plen, d->plens);
	d->count++;
}

/* One went; under d->lock. */
static void nfgate_data_uncounted(struct nfgate_set_data *d, u8 plen)
{
	if (!--d->plen_count[plen])
		clear_bit(d->width - plen, d->plens);
	d->count--;
	atomic_dec(&nfgate_set_nelems);
}

static void nfgate_elem_link(struct nfgate_set_data *d, struct nfgate_set_elem *e)
{
	hlist_add_head_rcu(&e->node, nfgate_bucket(d, &e->key, e->plen));
	nfgate_data_counted(d, e->plen);
}

/* Unlink under d->lock; the caller frees after a grace period. */
static void nfgate_elem_unlink(struct nfgate_set_data *d,
			       struct nfgate_set_elem *e)
{
	hlist_del_rcu(&e->node);
	nfgate_data_uncounted(d, e->plen);
}

/* Delete key (@k, @plen): false if it is not there. Under d->lock. */
static bool nfgate_data_del(struct nfgate_set_data *d,
			    const union nfgate_inaddr *k, u8 plen)
{
	struct nfgate_set_elem *e;

	if (nfgate_compact(d)) {
		if (!nfgate_cb_del(nfgate_cbp(d, k, plen), d->width, k, plen,
				   GFP_ATOMIC | __GFP_NOWARN))
			return false;
		nfgate_data_uncounted(d, plen);
		return true;
	}
	e = nfgate_elem_find(d, k, plen);
	if (!e)
		return false;
	nfgate_elem_unlink(d, e);
	call_rcu(&e->rcu, nfgate_elem_free_rcu);
	return true;
}

/*
 * maxelem / 2 buckets, power of two: at most about 2 elements a bucket.
 * A compact set's one-key arrays fit kmalloc-32, and up to 5 IPv4 keys
 * kmalloc-64.
 */
static struct nfgate_set_data *nfgate_set_data_new(u8 type, u32 maxelem,
						   u32 flags)
{
	u32 nb = type != NFGATE_SET_IPV4 && type != NFGATE_SET_IPV6 ? 0 :
		 roundup_pow_of_two(clamp_t(u32, maxelem / 2, 16, 1U << 20));
	struct nfgate_set_data *d;

	d = kvzalloc(struct_size(d, buckets, nb), GFP_KERNEL_ACCOUNT);
	if (!d)
		return NULL;
	spin_lock_init(&d->lock);
	d->type = type;
	d->flags = flags;
	d->maxelem = maxelem;
	d->seed = get_random_u32();
	d->hmul = get_random_u64() | 1;
	d->hshift = 64 - (nb ? ilog2(nb) : 0);	/* port sets hash nothing */
	d->hmask = nb ? nb - 1 : 0;
	d->gen = atomic_inc_return(&nfgate_set_seq);
	if (type == NFGATE_SET_PORT) {
		d->ports = bitmap_zalloc(NFGATE_NPORTS, GFP_KERNEL_ACCOUNT);
		if (!d->ports) {
			kvfree(d);
			return NULL;
		}
	} else {
		d->width = nfgate_type_width(type);
	}
	return d;
}

/* The elements of a compact set's freed buckets are gone. */
static void nfgate_data_forget(struct nfgate_set_data *d)
{
	atomic_sub(d->count, &nfgate_set_nelems);
	d->count = 0;
	memset(d->plen_count, 0, sizeof(d->plen_count));
	bitmap_zero(d->plens, 129);
}

/*
 * Free a compact set's buckets, stopping at the last one that holds a key:
 * at once (@now: no reader is left, and it may sleep) or after a grace
 * period (under d->lock).
 */
static void nfgate_cb_release_all(struct nfgate_set_data *d, bool now)
{
	u32 i, left = d->count;

	if (!nfgate_compact(d))
		return;
	for (i = 0; left && i <= d->hmask; i++) {
		left -= nfgate_cb_release(&d->cb[i], now);
		if (now && !(i & 1023))
			cond_resched();
	}
	nfgate_data_forget(d);
}

/* Remove every element; under d->lock. */
static void nfgate_set_data_clear(struct nfgate_set_data *d)
{
	struct nfgate_set_elem *e;
	struct hlist_node *tmp;
	u32 i;

	if (d->ports)
		bitmap_zero(d->ports, NFGATE_NPORTS);
	if (d->meter)
		nfgate_meter_flush(d->meter);
	nfgate_cb_release_all(d, false);
	for (i = 0; d->count && i <= d->hmask; i++) {
		hlist_for_each_entry_safe(e, tmp, &d->buckets[i], node) {
			nfgate_elem_unlink(d, e);
			call_rcu(&e->rcu, nfgate_elem_free_rcu);
		}
	}
	d->gen = atomic_inc_return(&nfgate_set_seq);
}

/*
 * Sets are freed on nfgate_free_wq: the last reference may go in an RCU
 * callback (an old ruleset's rules), and a set may hold a million
 * elements, which must not be freed in softirq context or without
 * rescheduling. nfgate_set_module_exit() drains the queue.
 */
static struct workqueue_struct *nfgate_free_wq;

/* No reader is left: no rule holds the set and it is off the list. */
static void nfgate_set_data_free(struct nfgate_set_data *d)
{
	struct nfgate_set_elem *e;
	struct hlist_node *tmp;
	u32 i;

	nfgate_cb_release_all(d, true);
	for (i = 0; d->count && i <= d->hmask; i++) {
		hlist_for_each_entry_safe(e, tmp, &d->buckets[i], node) {
			hlist_del(&e->node);
			d->count--;
			atomic_dec(&nfgate_set_nelems);
			nfgate_elem_free(e);
		}
		cond_resched();
	}
	bitmap_free(d->ports);
	nfgate_meter_free(d->meter);
	kvfree(d);
}

static void nfgate_set_free_work(struct work_struct *work)
{
	struct nfgate_set *set = container_of(work, struct nfgate_set,
					      free_work);

	nfgate_set_data_free(rcu_dereference_protected(set->data, 1));
	kfree(set);
}

void nfgate_set_put(struct nfgate_set *set)
{
	if (!set || !refcount_dec_and_test(&set->ref))
		return;
	INIT_WORK(&set->free_work, nfgate_set_free_work);
	queue_work(nfgate_free_wq, &set->free_work);
}

struct nfgate_set *nfgate_set_find(struct nfgate_net *nn, const char *name)
{
	struct nfgate_set *set;

	lockdep_assert_held(&nn->lock);
	list_for_each_entry(set, &nn->sets, list)
		if (!strcmp(set->name, name))
			return set;
	return NULL;
}

/* Take @set off the netns's list and drop the list's reference. */
static void nfgate_set_unlist(struct nfgate_net *nn, struct nfgate_set *set)
{
	list_del(&set->list);
	WRITE_ONCE(nn->n_sets, nn->n_sets - 1);
	if (set->staging)
		WRITE_ONCE(nn->n_staging, nn->n_staging - 1);
	nfgate_set_put(set);
}

/* Refuse attributes the command does not take; require those it needs. */
static int nfgate_set_attrs(struct genl_info *info, u32 allowed, u32 required)
{
	int i;

	for (i = 1; i <= NFGATE_SET_A_MAX; i++) {
		if (info->attrs[i] && !(allowed & BIT(i))) {
			NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[i],
					    "attribute not valid for this command");
			return -EINVAL;
		}
		if (!info->attrs[i] && (required & BIT(i))) {
			NL_SET_ERR_ATTR_MISS(info->extack, NULL, i);
			NL_SET_ERR_MSG(info->extack,
				       "a required attribute is missing");
			return -EINVAL;
		}
	}
	return 0;
}

/* Look up the set named by @type; the caller holds nn->lock. */
static struct nfgate_set *nfgate_set_get_attr(struct nfgate_net *nn,
					      struct genl_info *info, int type)
{
	struct nfgate_set *set = nfgate_set_find(nn, nla_data(info->attrs[type]));

	if (!set)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[type],
				    "no such set");
	return set;
}

/*
 * Check a command's attributes (all of @attrs, NAME among them, and no
 * other), take nn->lock and find the set NAME: 0 with the lock held, or
 * an error without it.
 */
static int nfgate_set_begin(struct genl_info *info, struct nfgate_net *nn,
			    u32 attrs, struct nfgate_set **set)
{
	int err = nfgate_set_attrs(info, attrs, attrs);

	if (err)
		return err;
	mutex_lock(&nn->lock);
	*set = nfgate_set_get_attr(nn, info, NFGATE_SET_A_NAME);
	if (*set)
		return 0;
	mutex_unlock(&nn->lock);
	return -ENOENT;
}

static u32 nfgate_set_flags_attr(struct nlattr **tb)
{
	return tb[NFGATE_SET_A_FLAGS] ? nla_get_u32(tb[NFGATE_SET_A_FLAGS]) : 0;
}

/* A compact set's elements are bare addresses and prefixes. */
static int nfgate_set_check_compact(struct nlattr **tb,
				    struct netlink_ext_ack *extack)
{
	u8 type = nla_get_u8(tb[NFGATE_SET_A_TYPE]);
	u32 flags = nfgate_set_flags_attr(tb);

	if (!(flags & NFGATE_SET_F_COMPACT))
		return 0;
	if (type != NFGATE_SET_IPV4 && type != NFGATE_SET_IPV6) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFGATE_SET_A_FLAGS],
				    "only ipv4 and ipv6 sets can be COMPACT");
		return -EINVAL;
	}
	if (flags & NFGATE_SET_F_COUNTERS) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFGATE_SET_A_FLAGS],
				    "COMPACT sets have no COUNTERS");
		return -EINVAL;
	}
	if (tb[NFGATE_SET_A_TIMEOUT] && nla_get_u32(tb[NFGATE_SET_A_TIMEOUT])) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFGATE_SET_A_TIMEOUT],
				    "COMPACT sets take no TIMEOUT");
		return -EINVAL;
	}
	return 0;
}

/* The options of a new set (SET_CREATE, or a set of a commit). */
static int nfgate_set_check_spec(struct nlattr **tb, const struct nlattr *at,
				 struct netlink_ext_ack *extack)
{
	u8 type = nla_get_u8(tb[NFGATE_SET_A_TYPE]);

	if (!nfgate_name_valid(nla_data(tb[NFGATE_SET_A_NAME]))) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFGATE_SET_A_NAME],
				    "set names use letters, digits, '_', '-' and '.'");
		return -EINVAL;
	}
	if (tb[NFGATE_SET_A_MAXELEM] &&
	    nla_get_u32(tb[NFGATE_SET_A_MAXELEM]) > READ_ONCE(nfgate_max_set_elems)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFGATE_SET_A_MAXELEM],
				    "maxelem over the module's max_set_elems");
		return -ERANGE;
	}
	if (type == NFGATE_SET_PORT &&
	    (tb[NFGATE_SET_A_MAXELEM] || tb[NFGATE_SET_A_TIMEOUT] ||
	     (nfgate_set_flags_attr(tb) & ~NFGATE_SET_F_STAGING))) {
		NL_SET_ERR_MSG_ATTR(extack, at,
				    "port sets take no maxelem, timeout or flags");
		return -EINVAL;
	}
	return nfgate_set_check_compact(tb, extack) ?:
	       nfgate_meter_check(type, tb, extack);
}

static int nfgate_set_check_create(struct nfgate_net *nn,
				   struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	int err = nfgate_set_check_spec(tb, NULL, info->extack);

	if (err)
		return err;
	if (nfgate_set_find(nn, nla_data(tb[NFGATE_SET_A_NAME]))) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[NFGATE_SET_A_NAME],
				    "a set of that name exists");
		return -EEXIST;
	}
	if (nn->n_sets >= READ_ONCE(nfgate_max_sets)) {
		NL_SET_ERR_MSG(info->extack, "too many sets: over the module's max_sets");
		return -ENOSPC;
	}
	return 0;
}

static void nfgate_set_enlist(struct nfgate_net *nn, struct nfgate_set *set)
{
	list_add_tail(&set->list, &nn->sets);
	WRITE_ONCE(nn->n_sets, nn->n_sets + 1);
	mod_delayed_work(system_power_efficient_wq, &nn->set_gc, HZ);
}

static struct nfgate_set *nfgate_set_new(struct net *net, struct nlattr **tb)
{
	u8 type = nla_get_u8(tb[NFGATE_SET_A_TYPE]);
	struct nfgate_set_data *d;
	struct nfgate_set *set;

	set = kzalloc(sizeof(*set), GFP_KERNEL_ACCOUNT);
	if (!set)
		return NULL;
	d = nfgate_set_data_new(type, tb[NFGATE_SET_A_MAXELEM] ?
				nla_get_u32(tb[NFGATE_SET_A_MAXELEM]) :
				NFGATE_SET_MAXELEM_DEFAULT,
				nfgate_set_flags_attr(tb) & ~NFGATE_SET_F_STAGING);
	if (!d)
		goto err_set;
	if (tb[NFGATE_SET_A_TIMEOUT])
		d->timeout = nla_get_u32(tb[NFGATE_SET_A_TIMEOUT]);
	if (nfgate_type_is_meter(type)) {
		d->meter = nfgate_meter_new(type, tb, d->maxelem, d->timeout);
		if (!d->meter)
			goto err_data;
	}
	nla_strscpy(set->name, tb[NFGATE_SET_A_NAME], sizeof(set->name));
	set->type = type;
	set->net = net;
	refcount_set(&set->ref, 1);
	RCU_INIT_POINTER(set->data, d);
	return set;
err_data:
	kvfree(d);
err_set:
	kfree(set);
	return NULL;
}

int nfgate_set_create_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct nfgate_net *nn = nfgate_pernet(net);
	struct nfgate_set *set;
	int err;

	err = nfgate_set_attrs(info, BIT(NFGATE_SET_A_NAME) |
			       BIT(NFGATE_SET_A_TYPE) | BIT(NFGATE_SET_A_MAXELEM) |
			       BIT(NFGATE_SET_A_TIMEOUT) | BIT(NFGATE_SET_A_FLAGS) |
			       NFGATE_METER_ATTRS,
			       BIT(NFGATE_SET_A_NAME) | BIT(NFGATE_SET_A_TYPE));
	if (err)
		return err;
	mutex_lock(&nn->lock);
	err = nfgate_set_check_create(nn, info);
	if (err)
		goto out;
	set = nfgate_set_new(net, info->attrs);
	if (!set) {
		err = -ENOMEM;
		goto out;
	}
	if (nfgate_set_flags_attr(info->attrs) & NFGATE_SET_F_STAGING) {
		set->staging = true;
		set->owner = info->snd_portid;
		WRITE_ONCE(nn->n_staging, nn->n_staging + 1);
	}
	nfgate_set_enlist(nn, set);
out:
	mutex_unlock(&nn->lock);
	return err;
}

int nfgate_set_destroy_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nfgate_net *nn = nfgate_pernet(genl_info_net(info));
	const struct nfgate_ruleset *rs;
	struct nfgate_set *set;
	const char *chain;
	u32 pos;
	int err;

	err = nfgate_set_begin(info, nn, BIT(NFGATE_SET_A_NAME), &set);
	if (err)
		return err;
	rs = rcu_dereference_protected(nn->ruleset, lockdep_is_held(&nn->lock));
	if (nfgate_ruleset_set_user(rs, set, &chain, &pos)) {
		NL_SET_ERR_MSG_ATTR_FMT(info->extack,
					info->attrs[NFGATE_SET_A_NAME],
					"set %s is in use by chain %s rule %u",
					set->name, chain, pos);
		err = -EBUSY;
	} else {
		nfgate_set_unlist(nn, set);
	}
	mutex_unlock(&nn->lock);
	return err;
}

int nfgate_set_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nfgate_net *nn = nfgate_pernet(genl_info_net(info));
	struct nfgate_set_data *d;
	struct nfgate_set *set;
	int err;

	err = nfgate_set_begin(info, nn, BIT(NFGATE_SET_A_NAME), &set);
	if (err)
		return err;
	d = nfgate_set_data(set);
	spin_lock_bh(&d->lock);
	nfgate_set_data_clear(d);
	spin_unlock_bh(&d->lock);
	mutex_unlock(&nn->lock);
	return 0;
}

static void nfgate_data_bump(struct nfgate_set_data *d)
{
	spin_lock_bh(&d->lock);
	d->gen = atomic_inc_return(&nfgate_set_seq);
	spin_unlock_bh(&d->lock);
}

int nfgate_set_swap_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nfgate_net *nn = nfgate_pernet(genl_info_net(info));
	struct nfgate_set_data *da, *db;
	struct nfgate_set *a, *b;
	int err;

	err = nfgate_set_begin(info, nn, BIT(NFGATE_SET_A_NAME) |
			       BIT(NFGATE_SET_A_NAME2), &a);
	if (err)
		return err;
	b = nfgate_set_get_attr(nn, info, NFGATE_SET_A_NAME2);
	err = b ? 0 : -ENOENT;
	if (b && a->type != b->type) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[NFGATE_SET_A_NAME2],
				    "sets of different types cannot swap");
		err = -EINVAL;
	} else if (b && nfgate_set_compact(a) != nfgate_set_compact(b)) {
		/* a rule adding with a timeout relies on the layout */
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[NFGATE_SET_A_NAME2],
				    "a COMPACT set swaps only with a COMPACT set");
		err = -EINVAL;
	}
	if (!err) {
		da = rcu_dereference_protected(a->data, lockdep_is_held(&nn->lock));
		db = rcu_dereference_protected(b->data, lockdep_is_held(&nn->lock));
		rcu_assign_pointer(a->data, db);
		rcu_assign_pointer(b->data, da);
		nfgate_data_bump(da);
		nfgate_data_bump(db);
	}
	mutex_unlock(&nn->lock);
	return err;
}

/* One parsed element of an ADD or DEL request. */
struct nfgate_elem_req {
	const struct nlattr *attr;	/* the NFGATE_SET_A_ELEM, for extack */
	union nfgate_inaddr key;
	u8 plen;
	bool has_timeout;
	u32 timeout;
	u16 port_min, port_max;
	struct nfgate_set_comment *comment;
	struct nfgate_set_elem *e;	/* preallocated for ADD */
	bool fresh;			/* counted as new by nfgate_batch_room() */
	bool dup;			/* an earlier request names this key */
};

static int nfgate_elem_parse_addr(const struct nfgate_set_data *d,
				  struct nfgate_elem_req *r, struct nlattr **tb,
				  struct netlink_ext_ack *extack)
{
	union nfgate_inaddr a = {};

	if (!tb[NFGATE_ELEM_A_ADDR] || nla_len(tb[NFGATE_ELEM_A_ADDR]) != d->width / 8) {
		if (d->width == 32)
			NL_SET_ERR_MSG_ATTR(extack, r->attr,
					    "element needs a 4-byte ADDR (IPv4 set)");
		else
			NL_SET_ERR_MSG_ATTR(extack, r->attr,
					    "element needs a 16-byte ADDR (IPv6 set)");
		return -EINVAL;
	}
	if (tb[NFGATE_ELEM_A_PORT_MIN] || tb[NFGATE_ELEM_A_PORT_MAX]) {
		NL_SET_ERR_MSG_ATTR(extack, r->attr, "ports in an address set");
		return -EINVAL;
	}
	r->plen = tb[NFGATE_ELEM_A_PREFIX] ?
		  nla_get_u8(tb[NFGATE_ELEM_A_PREFIX]) : d->width;
	if (r->plen > d->width) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFGATE_ELEM_A_PREFIX],
				    "prefix longer than the address");
		return -EINVAL;
	}
	nla_memcpy(&a, tb[NFGATE_ELEM_A_ADDR], sizeof(a));
	nfgate_key_mask(&r->key, &a, r->plen);
	if (memcmp(&r->key, &a, sizeof(a))) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFGATE_ELEM_A_ADDR],
				    "address has bits set past its prefix length");
		return -EINVAL;
	}
	return 0;
}

static int nfgate_elem_parse_port(struct nfgate_elem_req *r, struct nlattr **tb,
				  struct netlink_ext_ack *extack)
{
	if (!tb[NFGATE_ELEM_A_PORT_MIN] || tb[NFGATE_ELEM_A_ADDR] ||
	    tb[NFGATE_ELEM_A_PREFIX]) {
		NL_SET_ERR_MSG_ATTR(extack, r->attr,
				    "a port set's element is PORT_MIN [PORT_MAX]");
		return -EINVAL;
	}
	if (tb[NFGATE_ELEM_A_TIMEOUT] || tb[NFGATE_ELEM_A_COMMENT]) {
		NL_SET_ERR_MSG_ATTR(extack, r->attr,
				    "port sets take no timeouts or comments");
		return -EINVAL;
	}
	r->port_min = nla_get_u16(tb[NFGATE_ELEM_A_PORT_MIN]);
	r->port_max = tb[NFGATE_ELEM_A_PORT_MAX] ?
		      nla_get_u16(tb[NFGATE_ELEM_A_PORT_MAX]) : r->port_min;
	if (r->port_max < r->port_min) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFGATE_ELEM_A_PORT_MAX],
				    "port range ends before it starts");
		return -EINVAL;
	}
	return 0;
}

static int nfgate_elem_parse(const struct nfgate_set_data *d,
			     struct nfgate_elem_req *r, bool add,
			     struct netlink_ext_ack *extack)
{
	struct nlattr *tb[NFGATE_ELEM_A_MAX + 1];
	int err;

	err = nfgate_list_entry(r->attr, NFGATE_SET_A_ELEM, extack);
	if (!err)
		err = nfgate_parse_nested(tb, NFGATE_ELEM_A_MAX, r->attr,
					  nfgate_elem_policy, extack);
	if (!err)
		err = d->ports ? nfgate_elem_parse_port(r, tb, extack) :
				 nfgate_elem_parse_addr(d, r, tb, extack);
	if (err)
		return err;
	if (!add && (tb[NFGATE_ELEM_A_TIMEOUT] || tb[NFGATE_ELEM_A_COMMENT])) {
		NL_SET_ERR_MSG_ATTR(extack, r->attr,
				    "delete takes no timeout or comment");
		return -EINVAL;
	}
	if (nfgate_compact(d) && tb[NFGATE_ELEM_A_TIMEOUT]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFGATE_ELEM_A_TIMEOUT],
				    "a COMPACT set's elements take no TIMEOUT");
		return -EINVAL;
	}
	if (nfgate_compact(d) && tb[NFGATE_ELEM_A_COMMENT]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFGATE_ELEM_A_COMMENT],
				    "a COMPACT set's elements take no COMMENT");
		return -EINVAL;
	}
	r->has_timeout = !!tb[NFGATE_ELEM_A_TIMEOUT];
	r->timeout = r->has_timeout ? nla_get_u32(tb[NFGATE_ELEM_A_TIMEOUT]) : 0;
	if (tb[NFGATE_ELEM_A_COMMENT]) {
		size_t len = nla_len(tb[NFGATE_ELEM_A_COMMENT]);

		r->comment = kmalloc(sizeof(*r->comment) + len, GFP_KERNEL_ACCOUNT);
		if (!r->comment)
			return -ENOMEM;
		nla_strscpy(r->comment->s, tb[NFGATE_ELEM_A_COMMENT], len);
	}
	return 0;
}

/* A parsed batch. */
struct nfgate_batch {
	struct nfgate_elem_req *req;
	u32 n;
	bool add;
	struct nfgate_set *set;
	struct netlink_ext_ack *extack;
};

static void nfgate_batch_release(struct nfgate_batch *b)
{
	u32 i;

	for (i = 0; b->req && i < b->n; i++) {
		kfree(b->req[i].comment);
		if (b->req[i].e)
			kmem_cache_free(nfgate_elem_cache, b->req[i].e);
	}
	kvfree(b->req);
}

static bool nfgate_req_same(const struct nfgate_elem_req *a,
			    const struct nfgate_elem_req *b)
{
	return a->plen == b->plen && !memcmp(&a->key, &b->key, sizeof(a->key));
}

/*
 * Mark every request whose key an earlier request of the batch names
 * (r->dup), so that a key is counted against maxelem and max_set_elems,
 * and given a slot, once however often the batch names it. One pass over
 * an open-addressed table of request numbers, at most half full.
 */
static int nfgate_batch_dedup(struct nfgate_batch *b)
{
	u32 i, h, mask, seed, *tab;
	struct nfgate_elem_req *r;

	if (b->n < 2)
		return 0;
	seed = get_random_u32();	/* no batch of chosen keys collides */
	mask = roundup_pow_of_two(2 * b->n) - 1;
	tab = kvcalloc(mask + 1, sizeof(*tab), GFP_KERNEL_ACCOUNT);
	if (!tab)
		return -ENOMEM;
	for (i = 0; i < b->n; i++) {
		r = &b->req[i];
		h = jhash2(r->key.w, 4, seed ^ r->plen) & mask;
		/* slots hold request number + 1; 0 is free */
		while (tab[h] && !nfgate_req_same(&b->req[tab[h] - 1], r))
			h = (h + 1) & mask;
		if (tab[h])
			r->dup = true;
		else
			tab[h] = i + 1;
	}
	kvfree(tab);
	return 0;
}

static int nfgate_batch_parse(struct nfgate_batch *b,
			      const struct nfgate_set_data *d,
			      const struct nlattr *list)
{
	const struct nlattr *a;
	int rem, err;
	u32 n = 0;

	nla_for_each_nested(a, list, rem)
		n++;
	if (n > NFGATE_SET_BATCH_MAX) {
		NL_SET_ERR_MSG_ATTR(b->extack, list,
				    "too many elements in one message");
		return -E2BIG;
	}
	b->req = kvcalloc(n, sizeof(*b->req), GFP_KERNEL_ACCOUNT);
	if (!b->req)
		return -ENOMEM;
	nla_for_each_nested(a, list, rem) {
		struct nfgate_elem_req *r = &b->req[b->n++];

		r->attr = a;
		err = nfgate_elem_parse(d, r, b->add, b->extack);
		if (err)
			return err;
		if (b->add && !d->ports && !d->meter && !nfgate_compact(d)) {
			r->e = kmem_cache_zalloc(nfgate_elem_cache,
						 GFP_KERNEL_ACCOUNT);
			if (!r->e)
				return -ENOMEM;
		}
	}
	return b->add && !d->ports && !d->meter ? nfgate_batch_dedup(b) : 0;
}

/* Would the new elements fit? Under d->lock. */
static int nfgate_batch_room(struct nfgate_batch *b, struct nfgate_set_data *d)
{
	u32 i, fresh = 0;

	for (i = 0; i < b->n; i++) {
		if (b->req[i].dup ||
		    nfgate_data_has(d, &b->req[i].key, b->req[i].plen))
			continue;
		b->req[i].fresh = true;
		if (d->count + ++fresh > d->maxelem) {
			NL_SET_ERR_MSG_ATTR_FMT(b->extack, b->req[i].attr,
						"set %s is full (maxelem %u)",
						b->set->name, d->maxelem);
			return -ENOSPC;
		}
	}
	if (atomic_add_return(fresh, &nfgate_set_nelems) >
	    READ_ONCE(nfgate_max_set_elems)) {
		atomic_sub(fresh, &nfgate_set_nelems);
		NL_SET_ERR_MSG_ATTR_FMT(b->extack, b->req[0].attr,
					"set %s: module's max_set_elems reached",
					b->set->name);
		return -ENOSPC;
	}
	return 0;
}

static void nfgate_elem_set_comment(struct nfgate_set_elem *e,
				    struct nfgate_set_comment *c)
{
	struct nfgate_set_comment *old;

	old = rcu_replace_pointer(e->comment, c, 1);
	if (old)
		kfree_rcu(old, rcu);
}

/* Apply a checked ADD to an address set, under d->lock. */
static void nfgate_batch_add(struct nfgate_batch *b, struct nfgate_set_data *d)
{
	struct nfgate_set_elem *e;
	u32 i;

	for (i = 0; i < b->n; i++) {
		struct nfgate_elem_req *r = &b->req[i];
		u32 timeout = r->has_timeout ? r->timeout : d->timeout;

		e = nfgate_elem_find(d, &r->key, r->plen);
		if (!e) {
			e = r->e;
			r->e = NULL;
			e->key = r->key;
			e->plen = r->plen;
			nfgate_elem_link(d, e);
		}
		nfgate_elem_set_timeout(d, e, timeout);
		if (r->comment) {
			nfgate_elem_set_comment(e, r->comment);
			r->comment = NULL;
		}
	}
}

/* Take back a failed compact ADD: its count, and @upto reservations. */
static void nfgate_batch_unreserve(struct nfgate_batch *b,
				   struct nfgate_set_data *d, u32 upto)
{
	struct nfgate_elem_req *r;
	u32 i;

	for (i = 0; i < b->n; i++) {
		r = &b->req[i];
		if (!r->fresh)
			continue;
		atomic_dec(&nfgate_set_nelems);
		if (i < upto)
			nfgate_cb_unreserve(nfgate_cbp(d, &r->key, r->plen));
	}
}

/*
 * Apply a checked ADD to a compact set, under d->lock: reserve a slot for
 * every new key (which may grow buckets, and fail), then append (which
 * cannot fail). A failure takes the reservations back: nothing changes.
 */
static int nfgate_batch_add_compact(struct nfgate_batch *b,
				    struct nfgate_set_data *d)
{
	/* under a spinlock, as ipset's hash types grow their buckets; no
	 * __GFP_HIGH: a batch takes neither the atomic reserves packets
	 * need nor memory past its cgroup's limit
	 */
	const gfp_t gfp = GFP_NOWAIT | __GFP_NOWARN | __GFP_ACCOUNT;
	struct nfgate_cbkt __rcu **pp;
	struct nfgate_elem_req *r;
	int err;
	u32 i;

	for (i = 0; i < b->n; i++) {
		r = &b->req[i];
		if (!r->fresh)
			continue;
		err = nfgate_cb_reserve(nfgate_cbp(d, &r->key, r->plen),
					d->width, gfp);
		if (err == -ENOMEM)
			NL_SET_ERR_MSG_ATTR_FMT(b->extack, r->attr,
						"set %s: no memory for its hash bucket",
						b->set->name);
		else if (err)
			NL_SET_ERR_MSG_ATTR_FMT(b->extack, r->attr,
						"set %s: its hash bucket is full",
						b->set->name);
		if (err) {
			nfgate_batch_unreserve(b, d, i);
			return err;
		}
	}
	for (i = 0; i < b->n; i++) {
		r = &b->req[i];
		if (!r->fresh)
			continue;
		pp = nfgate_cbp(d, &r->key, r->plen);
		nfgate_cb_append(pp, d->width, &r->key, r->plen);
		nfgate_data_counted(d, r->plen);
	}
	return 0;
}

static int nfgate_batch_del(struct nfgate_batch *b, struct nfgate_set_data *d)
{
	u32 i;

	for (i = 0; i < b->n; i++) {
		if (!nfgate_data_has(d, &b->req[i].key, b->req[i].plen)) {
			NL_SET_ERR_MSG_ATTR(b->extack, b->req[i].attr,
					    "element is not in the set");
			return -ENOENT;
		}
	}
	/* found above unless the batch names it twice */
	for (i = 0; i < b->n; i++)
		nfgate_data_del(d, &b->req[i].key, b->req[i].plen);
	return 0;
}

static int nfgate_batch_ports(struct nfgate_batch *b, struct nfgate_set_data *d)
{
	u32 i;

	for (i = 0; !b->add && i < b->n; i++) {
		struct nfgate_elem_req *r = &b->req[i];
		u32 end = r->port_max + 1;

		if (find_next_zero_bit(d->ports, end, r->port_min) < end) {
			NL_SET_ERR_MSG_ATTR(b->extack, r->attr,
					    "port range is not wholly in the set");
			return -ENOENT;
		}
	}
	for (i = 0; i < b->n; i++) {
		struct nfgate_elem_req *r = &b->req[i];
		u32 len = r->port_max - r->port_min + 1;

		if (b->add)
			bitmap_set(d->ports, r->port_min, len);
		else
			bitmap_clear(d->ports, r->port_min, len);
	}
	return 0;
}

/* SET_DEL of a recent or rate table: each address drops its entry. */
static int nfgate_batch_meter(struct nfgate_batch *b, struct nfgate_meter *m)
{
	u32 i;

	if (b->add && b->n) {
		NL_SET_ERR_MSG_ATTR(b->extack, b->req[0].attr,
				    "recent and rate entries are made by packets");
		return -EOPNOTSUPP;
	}
	for (i = 0; i < b->n; i++) {
		if (!nfgate_meter_has(m, &b->req[i].key)) {
			NL_SET_ERR_MSG_ATTR(b->extack, b->req[i].attr,
					    "no entry for this address");
			return -ENOENT;
		}
	}
	for (i = 0; i < b->n; i++)
		nfgate_meter_del(m, &b->req[i].key);
	return 0;
}

static int nfgate_batch_apply(struct nfgate_batch *b, struct nfgate_set_data *d)
{
	int err = 0;

	spin_lock_bh(&d->lock);
	if (d->meter) {
		err = nfgate_batch_meter(b, d->meter);
	} else if (d->ports) {
		err = nfgate_batch_ports(b, d);
	} else if (b->add) {
		err = nfgate_batch_room(b, d);
		if (!err && nfgate_compact(d))
			err = nfgate_batch_add_compact(b, d);
		else if (!err)
			nfgate_batch_add(b, d);
	} else {
		err = nfgate_batch_del(b, d);
	}
	/* even a failed compact ADD may have repacked buckets under a dump */
	d->gen = atomic_inc_return(&nfgate_set_seq);
	spin_unlock_bh(&d->lock);
	return err;
}

static int nfgate_set_elems_doit(struct genl_info *info, bool add)
{
	struct nfgate_net *nn = nfgate_pernet(genl_info_net(info));
	struct nfgate_batch b = { .add = add, .extack = info->extack };
	int err;

	err = nfgate_set_begin(info, nn, BIT(NFGATE_SET_A_NAME) |
			       BIT(NFGATE_SET_A_ELEMS), &b.set);
	if (err)
		return err;
	err = nfgate_batch_parse(&b, nfgate_set_data(b.set),
				 info->attrs[NFGATE_SET_A_ELEMS]);
	if (!err)
		err = nfgate_batch_apply(&b, nfgate_set_data(b.set));
	mutex_unlock(&nn->lock);
	nfgate_batch_release(&b);
	return err;
}

int nfgate_set_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nfgate_set_elems_doit(info, true);
}

int nfgate_set_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return nfgate_set_elems_doit(info, false);
}

static u32 nfgate_data_count(const struct nfgate_set_data *d)
{
	if (d->meter)
		return nfgate_meter_count(d->meter);
	return d->ports ? bitmap_weight(d->ports, NFGATE_NPORTS) : d->count;
}

static int nfgate_set_fill(struct sk_buff *msg, const struct nfgate_set *set,
			   const struct nfgate_ruleset *rs)
{
	const struct nfgate_set_data *d = nfgate_set_data(set);
	u64 full = d->meter ? nfgate_meter_full(d->meter) : atomic64_read(&d->full);
	u32 flags = d->flags | (set->staging ? NFGATE_SET_F_STAGING : 0);

	if (nla_put_string(msg, NFGATE_SET_A_NAME, set->name) ||
	    nla_put_u8(msg, NFGATE_SET_A_TYPE, set->type) ||
	    (!d->ports &&
	     (nla_put_u32(msg, NFGATE_SET_A_MAXELEM, d->maxelem) ||
	      nla_put_u32(msg, NFGATE_SET_A_TIMEOUT, d->timeout))) ||
	    ((!d->ports || flags) &&
	     nla_put_u32(msg, NFGATE_SET_A_FLAGS, flags)) ||
	    nla_put_u32(msg, NFGATE_SET_A_COUNT, nfgate_data_count(d)) ||
	    nla_put_u32(msg, NFGATE_SET_A_REFS, nfgate_ruleset_set_refs(rs, set)) ||
	    nla_put_u64_64bit(msg, NFGATE_SET_A_FULL, full, NFGATE_SET_A_PAD) ||
	    (d->meter && nfgate_meter_fill(msg, d->meter)))
		return -EMSGSIZE;
	return 0;
}

static const char *nfgate_dump_set_name(struct netlink_callback *cb)
{
	const struct nlattr *a = genl_dumpit_info(cb)->attrs[NFGATE_SET_A_NAME];

	return a ? nla_data(a) : NULL;
}

int nfgate_get_sets_start(struct netlink_callback *cb)
{
	struct nfgate_net *nn = nfgate_pernet(sock_net(cb->skb->sk));
	const char *name = nfgate_dump_set_name(cb);
	bool found;

	if (!name)
		return 0;
	mutex_lock(&nn->lock);
	found = nfgate_set_find(nn, name);
	mutex_unlock(&nn->lock);
	if (found)
		return 0;
	NL_SET_ERR_MSG_ATTR(cb->extack,
			    genl_dumpit_info(cb)->attrs[NFGATE_SET_A_NAME],
			    "no such set");
	return -ENOENT;
}

int nfgate_get_sets_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nfgate_net *nn = nfgate_pernet(sock_net(skb->sk));
	const char *name = nfgate_dump_set_name(cb);
	const struct nfgate_ruleset *rs;
	struct nfgate_set *set;
	long idx = 0;
	void *hdr;

	mutex_lock(&nn->lock);
	rs = rcu_dereference_protected(nn->ruleset, lockdep_is_held(&nn->lock));
	list_for_each_entry(set, &nn->sets, list) {
		if (idx++ < cb->args[0] || (name && strcmp(name, set->name)) ||
		    (!name && set->staging))
			continue;
		hdr = nfgate_genl_put(skb, NETLINK_CB(cb->skb).portid,
				      cb->nlh->nlmsg_seq, NLM_F_MULTI,
				      NFGATE_CMD_GET_SETS);
		if (!hdr)
			break;
		if (nfgate_set_fill(skb, set, rs)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[0] = idx;
	}
	mutex_unlock(&nn->lock);
	return skb->len;
}

int nfgate_get_elems_start(struct netlink_callback *cb)
{
	if (nfgate_dump_set_name(cb))
		return nfgate_get_sets_start(cb);
	NL_SET_ERR_MSG(cb->extack, "GET_ELEMS needs the set's NAME");
	return -EINVAL;
}

static int nfgate_elem_fill_key(struct sk_buff *msg, u8 width,
				const union nfgate_inaddr *key, u8 plen)
{
	return nla_put(msg, NFGATE_ELEM_A_ADDR, width / 8, key) ||
	       nla_put_u8(msg, NFGATE_ELEM_A_PREFIX, plen) ? -EMSGSIZE : 0;
}

static int nfgate_elem_fill(struct sk_buff *msg, const struct nfgate_set_data *d,
			    const struct nfgate_set_elem *e)
{
	const struct nfgate_set_comment *c = rcu_dereference(e->comment);
	unsigned long exp = READ_ONCE(e->expires);
	struct nlattr *nest = nla_nest_start(msg, NFGATE_SET_A_ELEM);
	u32 left = exp ? jiffies_to_msecs(max_t(long, exp - jiffies, 0)) : 0;

	if (!nest || nfgate_elem_fill_key(msg, d->width, &e->key, e->plen) ||
	    (e->timeout && (nla_put_u32(msg, NFGATE_ELEM_A_TIMEOUT, e->timeout) ||
			    nla_put_u32(msg, NFGATE_ELEM_A_EXPIRES, left))) ||
	    ((d->flags & NFGATE_SET_F_COUNTERS) &&
	     (nla_put_u64_64bit(msg, NFGATE_ELEM_A_PACKETS,
				atomic64_read(&e->packets), NFGATE_ELEM_A_PAD) ||
	      nla_put_u64_64bit(msg, NFGATE_ELEM_A_BYTES,
				atomic64_read(&e->bytes), NFGATE_ELEM_A_PAD))) ||
	    (c && nla_put_string(msg, NFGATE_ELEM_A_COMMENT, c->s))) {
		if (nest)
			nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* Fill a compact set's keys from bucket args[0], slot args[1]. */
static int nfgate_elems_fill_compact(struct sk_buff *skb,
				     struct netlink_callback *cb,
				     struct nfgate_set_data *d)
{
	const struct nfgate_cbkt *b;
	union nfgate_inaddr k;
	struct nlattr *nest;
	int n = 0;
	u16 i;
	u8 plen;

	for (; cb->args[0] <= d->hmask; cb->args[0]++, cb->args[1] = 0) {
		b = rcu_dereference(d->cb[cb->args[0]]);
		/* acquire: pairs with nfgate_cb_append()'s release */
		for (i = cb->args[1]; b && i < smp_load_acquire(&b->pos); i++) {
			if (!nfgate_cb_get(b, d->width, i, &k, &plen))
				continue;
			nest = nla_nest_start(skb, NFGATE_SET_A_ELEM);
			if (!nest || nfgate_elem_fill_key(skb, d->width, &k, plen)) {
				if (nest)
					nla_nest_cancel(skb, nest);
				cb->args[1] = i;
				return n;
			}
			nla_nest_end(skb, nest);
			n++;
		}
	}
	return n;
}

/* Fill address elements from bucket args[0], position args[1]. */
static int nfgate_elems_fill_addr(struct sk_buff *skb, struct netlink_callback *cb,
				  struct nfgate_set_data *d)
{
	struct nfgate_set_elem *e;
	int n = 0;
	long pos;

	for (; cb->args[0] <= d->hmask; cb->args[0]++, cb->args[1] = 0) {
		pos = 0;
		hlist_for_each_entry_rcu(e, &d->buckets[cb->args[0]], node) {
			if (pos++ < cb->args[1] || nfgate_elem_expired(e))
				continue;
			if (nfgate_elem_fill(skb, d, e))
				return n;
			cb->args[1] = pos;
			n++;
		}
	}
	return n;
}

/* Fill maximal port ranges from port args[0]. */
static int nfgate_elems_fill_ports(struct sk_buff *skb,
				   struct netlink_callback *cb,
				   const struct nfgate_set_data *d)
{
	unsigned long lo, hi;
	struct nlattr *nest;
	int n = 0;

	for (;;) {
		lo = find_next_bit(d->ports, NFGATE_NPORTS, cb->args[0]);
		if (lo >= NFGATE_NPORTS)
			break;
		hi = find_next_zero_bit(d->ports, NFGATE_NPORTS, lo) - 1;
		nest = nla_nest_start(skb, NFGATE_SET_A_ELEM);
		if (!nest || nla_put_u16(skb, NFGATE_ELEM_A_PORT_MIN, lo) ||
		    nla_put_u16(skb, NFGATE_ELEM_A_PORT_MAX, hi)) {
			if (nest)
				nla_nest_cancel(skb, nest);
			break;
		}
		nla_nest_end(skb, nest);
		cb->args[0] = hi + 1;
		n++;
	}
	if (n == 0 && lo >= NFGATE_NPORTS)
		cb->args[0] = NFGATE_NPORTS;
	return n;
}

int nfgate_get_elems_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nfgate_net *nn = nfgate_pernet(sock_net(skb->sk));
	struct nfgate_set_data *d;
	struct nfgate_set *set;
	struct nlattr *nest;
	void *hdr;
	int n = 0;

	mutex_lock(&nn->lock);
	set = nfgate_set_find(nn, nfgate_dump_set_name(cb));
	if (!set)
		goto out;	/* destroyed during the dump: stop */
	rcu_read_lock();
	d = rcu_dereference(set->data);
	cb->seq = d->gen;
	hdr = nfgate_genl_put(skb, NETLINK_CB(cb->skb).portid,
			      cb->nlh->nlmsg_seq, NLM_F_MULTI,
			      NFGATE_CMD_GET_ELEMS);
	if (hdr) {
		genl_dump_check_consistent(cb, hdr);
		/* NAME beside ELEMS, not inside it, as the uapi says */
		nest = nla_put_string(skb, NFGATE_SET_A_NAME, set->name) ?
		       NULL : nla_nest_start(skb, NFGATE_SET_A_ELEMS);
		if (nest)
			n = d->ports ? nfgate_elems_fill_ports(skb, cb, d) :
			    d->meter ? nfgate_meter_dump(skb, cb, d->meter) :
			    nfgate_compact(d) ? nfgate_elems_fill_compact(skb, cb, d) :
				       nfgate_elems_fill_addr(skb, cb, d);
		if (n) {
			nla_nest_end(skb, nest);
			genlmsg_end(skb, hdr);
		} else {
			genlmsg_cancel(skb, hdr);
		}
	}
	rcu_read_unlock();
out:
	mutex_unlock(&nn->lock);
	return n ? skb->len : 0;
}

/* An expired element to report after the collector drops its locks. */
struct nfgate_set_ev {
	char set[NFGATE_NAME_MAX];
	union nfgate_inaddr key;
	u8 width;
	u8 plen;
};

static void nfgate_set_notify(struct net *net, const struct nfgate_set_ev *ev,
			      u8 what, gfp_t gfp)
{
	struct sk_buff *msg;
	struct nlattr *nest;
	void *hdr;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, gfp);
	if (!msg)
		return;
	hdr = nfgate_genl_put(msg, 0, 0, 0, NFGATE_CMD_SET_ELEM_EVENT);
	if (!hdr || nla_put_string(msg, NFGATE_SET_A_NAME, ev->set) ||
	    nla_put_u8(msg, NFGATE_SET_A_EVENT, what))
		goto err_free;
	nest = nla_nest_start(msg, NFGATE_SET_A_ELEM);
	if (!nest || nfgate_elem_fill_key(msg, ev->width, &ev->key, ev->plen))
		goto err_free;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	nfgate_multicast(net, msg, gfp);
	return;
err_free:
	nlmsg_free(msg);
}

/* Room for one more element from a packet? Under d->lock. */
static bool nfgate_pkt_room(struct nfgate_set_data *d)
{
	if (d->count >= d->maxelem)
		return false;
	if (atomic_inc_return(&nfgate_set_nelems) <= READ_ONCE(nfgate_max_set_elems))
		return true;
	atomic_dec(&nfgate_set_nelems);
	return false;
}

/* Insert under d->lock: the new element, or NULL (full, or no memory). */
static struct nfgate_set_elem *nfgate_pkt_insert(struct nfgate_set_data *d,
						 const union nfgate_inaddr *k)
{
	struct nfgate_set_elem *e;

	if (!nfgate_pkt_room(d))
		return NULL;
	e = kmem_cache_zalloc(nfgate_elem_cache, GFP_ATOMIC | __GFP_NOWARN);
	if (!e) {
		atomic_dec(&nfgate_set_nelems);
		return NULL;
	}
	e->key = *k;
	e->plen = d->width;
	nfgate_elem_link(d, e);
	d->gen = atomic_inc_return(&nfgate_set_seq);
	return e;
}

/* Add address @k to a set of element objects: was it added (or restarted)? */
static bool nfgate_pkt_add_elem(struct nfgate_set_data *d,
				const union nfgate_inaddr *k,
				const struct nfgate_rule_extra *x)
{
	u32 timeout = x->add_has_timeout ? x->add_timeout : d->timeout;
	struct nfgate_set_elem *e;

	e = nfgate_elem_find(d, k, d->width);
	if (e && !nfgate_elem_expired(e)) {
		if (x->add_refresh)
			WRITE_ONCE(e->expires, nfgate_expiry(e->timeout));
		return false;
	}
	spin_lock_bh(&d->lock);
	e = nfgate_elem_find(d, k, d->width);
	if (e) {
		/* expired, not yet collected: it starts again */
		nfgate_elem_set_timeout(d, e, timeout);
	} else {
		e = nfgate_pkt_insert(d, k);
		if (e)
			nfgate_elem_set_timeout(d, e, timeout);
		else
			atomic64_inc(&d->full);
	}
	spin_unlock_bh(&d->lock);
	return !!e;
}

/* Add address @k to a compact set: was it added? */
static bool nfgate_pkt_add_compact(struct nfgate_set_data *d,
				   const union nfgate_inaddr *k)
{
	struct nfgate_cbkt __rcu **pp = nfgate_cbp(d, k, d->width);
	bool added = false;

	if (nfgate_cb_find(rcu_dereference(*pp), d->width, k, d->width) >= 0)
		return false;
	spin_lock_bh(&d->lock);
	if (nfgate_data_has(d, k, d->width)) {
		spin_unlock_bh(&d->lock);
		return false;
	}
	if (nfgate_pkt_room(d)) {
		added = !nfgate_cb_reserve(pp, d->width, GFP_ATOMIC | __GFP_NOWARN);
		if (!added)
			atomic_dec(&nfgate_set_nelems);
	}
	if (added) {
		nfgate_cb_append(pp, d->width, k, d->width);
		nfgate_data_counted(d, d->width);
		d->gen = atomic_inc_return(&nfgate_set_seq);
	} else {
		atomic64_inc(&d->full);
	}
	spin_unlock_bh(&d->lock);
	return added;
}

/**
 * nfgate_set_add_pkt - the add-to-set action, on the packet path
 * @set: an address set
 * @addr: the packet's address
 * @len: 4 or 16; a set of the other family is left alone
 * @x: the rule's timeout and refresh options (never given for a compact
 *	set: rule.c refuses them, and a swap keeps the layout)
 */
void nfgate_set_add_pkt(struct nfgate_set *set, const void *addr,
			unsigned int len, const struct nfgate_rule_extra *x)
{
	struct nfgate_set_data *d = rcu_dereference(set->data);
	struct nfgate_set_ev ev = { .width = d->width, .plen = d->width };
	bool added;

	if (d->width != len * 8)
		return;
	memcpy(&ev.key, addr, len);
	added = nfgate_compact(d) ? nfgate_pkt_add_compact(d, &ev.key) :
				    nfgate_pkt_add_elem(d, &ev.key, x);
	if (!added || !nfgate_has_listeners(set->net))
		return;
	strscpy(ev.set, set->name, sizeof(ev.set));
	nfgate_set_notify(set->net, &ev, NFGATE_SET_EVENT_ADDED, GFP_ATOMIC);
}

struct nfgate_gc {
	struct nfgate_set_ev *ev;
	u32 nev;
};

static void nfgate_gc_bucket(struct nfgate_gc *gc, const struct nfgate_set *set,
			     struct nfgate_set_data *d, u32 b)
{
	struct nfgate_set_elem *e;
	struct hlist_node *tmp;

	hlist_for_each_entry_safe(e, tmp, &d->buckets[b], node) {
		if (!nfgate_elem_expired(e))
			continue;
		if (gc->ev && gc->nev < NFGATE_SET_EVENTS_MAX) {
			struct nfgate_set_ev *ev = &gc->ev[gc->nev++];

			strscpy(ev->set, set->name, sizeof(ev->set));
			ev->key = e->key;
			ev->width = d->width;
			ev->plen = e->plen;
		}
		nfgate_elem_unlink(d, e);
		call_rcu(&e->rcu, nfgate_elem_free_rcu);
		d->gen = atomic_inc_return(&nfgate_set_seq);
	}
}

static void nfgate_gc_set(struct nfgate_gc *gc, const struct nfgate_set *set)
{
	struct nfgate_set_data *d = nfgate_set_data(set);
	u32 b;

	if (d->meter)
		nfgate_meter_gc(d->meter);
	if (!READ_ONCE(d->may_expire))
		return;
	for (b = 0; d->count && b <= d->hmask; b++) {
		if (hlist_empty(&d->buckets[b]))
			continue;
		spin_lock_bh(&d->lock);
		nfgate_gc_bucket(gc, set, d, b);
		spin_unlock_bh(&d->lock);
		if (!(b & 1023))
			cond_resched();
	}
}

static void nfgate_set_gc_work(struct work_struct *work)
{
	struct nfgate_net *nn = container_of(to_delayed_work(work),
					     struct nfgate_net, set_gc);
	struct nfgate_gc gc = {};
	struct nfgate_set *set;
	u32 i;

	if (nfgate_has_listeners(nn->net))
		gc.ev = kmalloc_array(NFGATE_SET_EVENTS_MAX, sizeof(*gc.ev),
				      GFP_KERNEL);
	mutex_lock(&nn->lock);
	list_for_each_entry(set, &nn->sets, list)
		nfgate_gc_set(&gc, set);
	if (!list_empty(&nn->sets))
		queue_delayed_work(system_power_efficient_wq, &nn->set_gc, HZ);
	mutex_unlock(&nn->lock);
	for (i = 0; i < gc.nev; i++)
		nfgate_set_notify(nn->net, &gc.ev[i], NFGATE_SET_EVENT_EXPIRED,
				  GFP_KERNEL);
	kfree(gc.ev);
}

void nfgate_sets_init(struct nfgate_net *nn, struct net *net)
{
	INIT_LIST_HEAD(&nn->sets);
	INIT_DELAYED_WORK(&nn->set_gc, nfgate_set_gc_work);
	nn->net = net;
}

/* Netns exit, after the ruleset teardown: rules drop their references. */
/* Netns exit, first: the collector takes nn->lock, which goes next. */
void nfgate_sets_stop_gc(struct nfgate_net *nn)
{
	cancel_delayed_work_sync(&nn->set_gc);
}

/* Netns exit, after nfgate_sets_stop_gc() and the ruleset's teardown. */
void nfgate_sets_teardown(struct nfgate_net *nn)
{
	struct nfgate_set *set, *tmp;

	list_for_each_entry_safe(set, tmp, &nn->sets, list)
		nfgate_set_unlist(nn, set);
}

/*
 * Sets in a commit (NFGATE_A_SETS). nfgate_sets_plan() turns the list
 * into nn->plan before the chains are built, so that rules resolve their
 * set names against the new state (nfgate_set_resolve()): a listed set
 * whose type and options are unchanged and that names no staging set is
 * the live set object itself, contents and all; any other is a new
 * object: the staging set it names, renamed, or an empty set. Nothing is
 * visible until nfgate_sets_publish(), called under the lock right after
 * the new ruleset is published: packets see the old rules with the old
 * set objects or the new rules with the new ones. nfgate_sets_plan_end()
 * frees the plan and destroys the committing socket's staging sets,
 * whether the commit succeeded, failed or was a check.
 */
struct nfgate_set_plan_entry {
	struct nfgate_set *set;		/* the set the new state has */
	bool fresh;			/* created here: the plan holds its ref */
};

struct nfgate_set_plan {
	u32 n;
	struct nfgate_set_plan_entry e[];
};

#define NFGATE_PLAN_ATTRS (BIT(NFGATE_SET_A_NAME) | BIT(NFGATE_SET_A_TYPE) | \
			   BIT(NFGATE_SET_A_MAXELEM) | BIT(NFGATE_SET_A_TIMEOUT) | \
			   BIT(NFGATE_SET_A_FLAGS) | BIT(NFGATE_SET_A_NAME2) | \
			   NFGATE_METER_ATTRS)

static struct nfgate_set *nfgate_plan_find(const struct nfgate_set_plan *p,
					   const char *name)
{
	u32 i;

	for (i = 0; i < p->n; i++)
		if (p->e[i].set && !strcmp(p->e[i].set->name, name))
			return p->e[i].set;
	return NULL;
}

/* A listed set (not staging) by name, or a staging set of @owner. */
static struct nfgate_set *nfgate_set_find_kind(struct nfgate_net *nn,
					       const char *name, bool staging,
					       u32 owner)
{
	struct nfgate_set *set;

	list_for_each_entry(set, &nn->sets, list)
		if (set->staging == staging && !set->keep &&
		    (!staging || set->owner == owner) && !strcmp(set->name, name))
			return set;
	return NULL;
}

struct nfgate_set *nfgate_set_resolve(struct nfgate_net *nn, const char *name)
{
	lockdep_assert_held(&nn->lock);
	if (nn->plan)
		return nfgate_plan_find(nn->plan, name);
	return nfgate_set_find_kind(nn, name, false, 0);
}

/* Does @set have the type and options @tb asks for? */
static bool nfgate_set_same_spec(const struct nfgate_set *set,
				 struct nlattr **tb)
{
	const struct nfgate_set_data *d = nfgate_set_data(set);
	u32 maxelem = tb[NFGATE_SET_A_MAXELEM] ?
		      nla_get_u32(tb[NFGATE_SET_A_MAXELEM]) :
		      NFGATE_SET_MAXELEM_DEFAULT;
	u32 timeout = tb[NFGATE_SET_A_TIMEOUT] ?
		      nla_get_u32(tb[NFGATE_SET_A_TIMEOUT]) : 0;

	if (set->type != nla_get_u8(tb[NFGATE_SET_A_TYPE]))
		return false;
	return d->ports || (d->maxelem == maxelem && d->timeout == timeout &&
			    d->flags == nfgate_set_flags_attr(tb) &&
			    (!d->meter || nfgate_meter_same(d->meter, tb)));
}

static int nfgate_plan_check(struct nfgate_set_plan *p, struct nlattr **tb,
			     const struct nlattr *nest,
			     struct netlink_ext_ack *extack)
{
	int i;

	for (i = 1; i <= NFGATE_SET_A_MAX; i++) {
		if (tb[i] && !(NFGATE_PLAN_ATTRS & BIT(i))) {
			NL_SET_ERR_MSG_ATTR(extack, tb[i],
					    "attribute not valid in a commit's set");
			return -EINVAL;
		}
	}
	if (!tb[NFGATE_SET_A_NAME] || !tb[NFGATE_SET_A_TYPE]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "a commit's set needs NAME and TYPE");
		return -EINVAL;
	}
	if (nfgate_set_flags_attr(tb) & NFGATE_SET_F_STAGING) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFGATE_SET_A_FLAGS],
				    "a commit's set cannot be a staging set");
		return -EINVAL;
	}
	if (nfgate_plan_find(p, nla_data(tb[NFGATE_SET_A_NAME]))) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFGATE_SET_A_NAME],
				    "set name given twice");
		return -EEXIST;
	}
	return nfgate_set_check_spec(tb, nest, extack);
}

/* The staging set NAME2 of this socket becomes the set NAME. */
static int nfgate_plan_staged(struct nfgate_net *nn,
			      struct nfgate_set_plan_entry *e,
			      struct nlattr **tb, u32 portid,
			      struct netlink_ext_ack *extack)
{
	const struct nlattr *a = tb[NFGATE_SET_A_NAME2];
	struct nfgate_set *st = nfgate_set_find_kind(nn, nla_data(a), true,
						     portid);

	if (!st) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "no staging set of that name on this socket");
		return -ENOENT;
	}
	if (!nfgate_set_same_spec(st, tb)) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "the staging set's type or options differ from the set's");
		return -EINVAL;
	}
	nla_strscpy(st->name, tb[NFGATE_SET_A_NAME], sizeof(st->name));
	st->keep = true;
	e->set = st;
	return 0;
}

static int nfgate_plan_entry(struct nfgate_net *nn, struct nfgate_set_plan *p,
			     const struct nlattr *nest, u32 portid,
			     struct netlink_ext_ack *extack)
{
	struct nfgate_set_plan_entry *e = &p->e[p->n];
	struct nlattr *tb[NFGATE_SET_A_MAX + 1];
	struct nfgate_set *old;
	int err;

	err = nfgate_list_entry(nest, NFGATE_A_SET, extack);
	if (!err)
		err = nfgate_parse_nested(tb, NFGATE_SET_A_MAX, nest,
					  nfgate_set_policy, extack);
	if (!err)
		err = nfgate_plan_check(p, tb, nest, extack);
	if (err)
		return err;
	old = nfgate_set_find_kind(nn, nla_data(tb[NFGATE_SET_A_NAME]), false, 0);
	if (tb[NFGATE_SET_A_NAME2]) {
		err = nfgate_plan_staged(nn, e, tb, portid, extack);
	} else if (old && nfgate_set_same_spec(old, tb)) {
		e->set = old;
	} else {
		e->set = nfgate_set_new(nn->net, tb);
		e->fresh = true;
		err = e->set ? 0 : -ENOMEM;
	}
	if (e->set) {
		e->set->keep = true;
		p->n++;
	}
	return err;
}

int nfgate_sets_plan(struct nfgate_net *nn, const struct nlattr *list,
		     u32 portid, struct netlink_ext_ack *extack)
{
	u32 n = nfgate_count_nested(list);
	const struct nlattr *a;
	struct nfgate_set *set;
	int rem, err;

	lockdep_assert_held(&nn->lock);
	if (n > READ_ONCE(nfgate_max_sets)) {
		NL_SET_ERR_MSG_ATTR(extack, list,
				    "too many sets: over the module's max_sets");
		return -ENOSPC;
	}
	nn->plan = kvzalloc(struct_size(nn->plan, e, n), GFP_KERNEL_ACCOUNT);
	if (!nn->plan)
		return -ENOMEM;
	list_for_each_entry(set, &nn->sets, list)
		set->keep = false;
	nla_for_each_nested(a, list, rem) {
		err = nfgate_plan_entry(nn, nn->plan, a, portid, extack);
		if (err)
			return err;
	}
	return 0;
}

void nfgate_sets_publish(struct nfgate_net *nn)
{
	struct nfgate_set_plan *p = nn->plan;
	struct nfgate_set *set, *tmp;
	u32 i;

	for (i = 0; i < p->n; i++) {
		set = p->e[i].set;
		if (p->e[i].fresh) {
			nfgate_set_enlist(nn, set);	/* takes the plan's ref */
			p->e[i].fresh = false;
		} else if (set->staging) {
			set->staging = false;
			set->owner = 0;
			WRITE_ONCE(nn->n_staging, nn->n_staging - 1);
		}
	}
	/* replaced and unlisted sets; other sockets' staging sets stay */
	list_for_each_entry_safe(set, tmp, &nn->sets, list)
		if (!set->keep && !set->staging)
			nfgate_set_unlist(nn, set);
}

void nfgate_sets_release_portid(struct nfgate_net *nn, u32 portid)
{
	struct nfgate_set *set, *tmp;

	lockdep_assert_held(&nn->lock);
	list_for_each_entry_safe(set, tmp, &nn->sets, list)
		if (set->staging && set->owner == portid)
			nfgate_set_unlist(nn, set);
}

void nfgate_sets_plan_end(struct nfgate_net *nn, u32 portid)
{
	struct nfgate_set_plan *p = nn->plan;
	struct nfgate_set *set;
	u32 i;

	for (i = 0; p && i < p->n; i++)
		if (p->e[i].fresh)
			nfgate_set_put(p->e[i].set);
	kvfree(p);
	nn->plan = NULL;
	list_for_each_entry(set, &nn->sets, list)
		set->keep = false;
	nfgate_sets_release_portid(nn, portid);
}

/* A netlink socket closed: destroy its staging sets. */
static int nfgate_set_nl_event(struct notifier_block *nb, unsigned long event,
			       void *ptr)
{
	struct netlink_notify *n = ptr;
	struct nfgate_net *nn;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC ||
	    !n->portid)
		return NOTIFY_DONE;
	nn = nfgate_pernet(n->net);
	if (!READ_ONCE(nn->n_staging))
		return NOTIFY_DONE;
	mutex_lock(&nn->lock);
	nfgate_sets_release_portid(nn, n->portid);
	mutex_unlock(&nn->lock);
	return NOTIFY_DONE;
}

struct notifier_block nfgate_set_nl_notifier = {
	.notifier_call = nfgate_set_nl_event,
};

int nfgate_set_module_init(void)
{
	BUILD_BUG_ON(sizeof(struct nfgate_set_elem) != NFGATE_SET_ELEM_SIZE);
	nfgate_elem_cache = kmem_cache_create("nfgate_set_elem",
					      sizeof(struct nfgate_set_elem), 0,
					      SLAB_ACCOUNT, NULL);
	if (!nfgate_elem_cache)
		goto err_cache;
	nfgate_free_wq = alloc_workqueue("nfgate_free", WQ_UNBOUND, 0);
	if (!nfgate_free_wq)
		goto err_wq;
	return 0;

err_wq:
	kmem_cache_destroy(nfgate_elem_cache);
err_cache:
	return -ENOMEM;
}

/*
 * After nfgate_netns_exit(): its rcu_barrier() ran the last RCU callbacks,
 * which queued the last set frees; destroy_workqueue() runs those.
 */
void nfgate_set_module_exit(void)
{
	destroy_workqueue(nfgate_free_wq);
	kmem_cache_destroy(nfgate_elem_cache);
}
