// SPDX-License-Identifier: GPL-2.0
/*
 * nfgate: recent and rate tables, the dynamic state that packets create.
 *
 * A table is a set of type NFGATE_SET_RECENT_* or NFGATE_SET_RATE_*; set.c
 * owns its name, references and commands and hands the contents to the
 * struct nfgate_meter here. Entries are keyed by the packet's address
 * masked to the table's prefix length, in a fixed-size hash with a random
 * seed, and on an LRU list.
 *
 * Locks. The packet path looks entries up under RCU and takes no lock to
 * use one: a recent entry records a hit time with one atomic increment and
 * one store, a rate entry spends a token with one cmpxchg (GCRA), and both
 * store their last-seen time. Only a change of the table's membership
 * takes m->lock, a spinlock with BHs off: inserting a new entry (recent
 * "set" of an unknown address, a rate packet from an unknown address),
 * evicting, removing (recent "remove", SET_DEL), flush and the collector.
 *
 * LRU. Moving an entry on every hit would take the lock on every packet.
 * Instead an entry remembers in @queued its last-seen time when it went to
 * the list's tail. To evict, the head is examined: an entry seen since it
 * was queued goes back to the tail (at most NFGATE_LRU_SCAN times), the
 * first one not seen since is evicted. The list is ordered by @queued and
 * last >= queued, so that entry is the least recently seen one.
 */
#include <linux/jhash.h>
#include <linux/jiffies.h>
#include <linux/log2.h>
#include <linux/random.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "nfgate.h"

#define NFGATE_LRU_SCAN 16

struct netlink_range_validation nfgate_period_range = {
	.min = 1,
	.max = NFGATE_RATE_PERIOD_MAX,
};

struct netlink_range_validation nfgate_burst_range = {
	.min = 1,
	.max = NFGATE_RATE_BURST_MAX,
};

static struct netlink_range_validation nfgate_seconds_range = {
	.min = 1,
	.max = NFGATE_SET_TIMEOUT_MAX,
};

const struct nla_policy nfgate_meter_policy[NFGATE_METER_A_MAX + 1] = {
	[NFGATE_METER_A_NAME]	  = { .type = NLA_NUL_STRING,
				      .len = NFGATE_NAME_MAX - 1 },
	[NFGATE_METER_A_MODE]	  = NLA_POLICY_MAX(NLA_U8, NFGATE_RECENT_REMOVE),
	[NFGATE_METER_A_SECONDS]  = NLA_POLICY_FULL_RANGE(NLA_U32,
							  &nfgate_seconds_range),
	[NFGATE_METER_A_HITCOUNT] = NLA_POLICY_RANGE(NLA_U32, 1,
						     NFGATE_RECENT_HITS_MAX),
	[NFGATE_METER_A_RDEST]	  = NLA_POLICY_MAX(NLA_U8, 1),
	[NFGATE_METER_A_INVERT]	  = NLA_POLICY_MAX(NLA_U8, 1),
};

/**
 * struct nfgate_meter_ent - one address of a recent or rate table
 * @node: in a bucket, RCU
 * @lru: in nfgate_meter.lru, under its lock
 * @rcu: frees it after readers are gone
 * @key: the masked address, IPv4 in the first word
 * @last: jiffies of the last hit, written without the lock
 * @queued: @last when it went to the LRU tail, under the lock
 * @dead: unlinked, under the lock
 * @tat: rate tables: GCRA theoretical arrival time, ns
 * @seq: recent tables: hits recorded; hit i is in @stamps[i % hits]
 * @stamps: recent tables: hit times, low 32 bits of jiffies
 */
struct nfgate_meter_ent {
	struct hlist_node node;
	struct list_head lru;
	struct rcu_head rcu;
	union nfgate_inaddr key;
	unsigned long last;
	unsigned long queued;
	bool dead;
	union {
		atomic64_t tat;
		atomic_t seq;
	};
	u32 stamps[];
};

/**
 * struct nfgate_meter - a recent or rate table's contents and options
 * @lock: serialises membership changes, see the top of the file
 * @lru: entries, least recently queued first
 * @recent: a recent table (else a rate table)
 * @width: address bits, 32 or 128
 * @mask: prefix length the key keeps
 * @hits: recent: hit times remembered per entry
 * @maxelem: cap on @count; then the LRU entry makes room
 * @timeout: seconds idle after which an entry goes; 0: never
 * @count: entries, under @lock
 * @rate: rate tables: tokens per @period
 * @period: seconds
 * @burst: tokens a bucket holds
 * @interval: ns per token
 * @tolerance: ns of burst beyond one token
 * @seed: hash seed
 * @hmask: buckets - 1
 * @kmask: @mask as words, for the packet path
 * @evicted: entries evicted to make room
 * @full: entries not made: no memory, or nothing to evict
 * @buckets: the hash
 */
struct nfgate_meter {
	spinlock_t lock;	/* see above */
	struct list_head lru;
	bool recent;
	u8 width;
	u8 mask;
	u8 hits;
	u32 maxelem;
	u32 timeout;
	u32 count;
	u32 rate;
	u32 period;
	u32 burst;
	u64 interval;
	u64 tolerance;
	u32 seed;
	u32 hmask;
	union nfgate_inaddr kmask;
	atomic64_t evicted;
	atomic64_t full;
	struct hlist_head buckets[];
};

/* Options a set of this type takes, as BIT(NFGATE_SET_A_x). */
static u32 nfgate_meter_opts(u8 type)
{
	if (nfgate_type_is_recent(type))
		return BIT(NFGATE_SET_A_MASK) | BIT(NFGATE_SET_A_HITS);
	if (nfgate_type_is_meter(type))
		return BIT(NFGATE_SET_A_MASK) | BIT(NFGATE_SET_A_RATE) |
		       BIT(NFGATE_SET_A_PERIOD) | BIT(NFGATE_SET_A_BURST);
	return 0;
}

/* SET_CREATE: are the meter options right for @type? */
int nfgate_meter_check(u8 type, struct nlattr **tb,
		       struct netlink_ext_ack *extack)
{
	static const u8 opts[] = { NFGATE_SET_A_MASK, NFGATE_SET_A_HITS,
				   NFGATE_SET_A_RATE, NFGATE_SET_A_PERIOD,
				   NFGATE_SET_A_BURST };
	u32 ok = nfgate_meter_opts(type);
	int i;

	for (i = 0; i < ARRAY_SIZE(opts); i++) {
		if (tb[opts[i]] && !(ok & BIT(opts[i]))) {
			NL_SET_ERR_MSG_ATTR(extack, tb[opts[i]],
					    "option not valid for this set type");
			return -EINVAL;
		}
	}
	if (!nfgate_type_is_meter(type))
		return 0;
	if (tb[NFGATE_SET_A_FLAGS] &&
	    (nla_get_u32(tb[NFGATE_SET_A_FLAGS]) & NFGATE_SET_F_COUNTERS)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFGATE_SET_A_FLAGS],
				    "recent and rate tables take no COUNTERS flag");
		return -EINVAL;
	}
	if (tb[NFGATE_SET_A_MASK] &&
	    nla_get_u8(tb[NFGATE_SET_A_MASK]) > nfgate_type_width(type)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFGATE_SET_A_MASK],
				    "MASK longer than the address");
		return -EINVAL;
	}
	if ((ok & BIT(NFGATE_SET_A_RATE)) && !tb[NFGATE_SET_A_RATE]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[NFGATE_SET_A_TYPE],
				    "a rate table needs RATE");
		return -EINVAL;
	}
	return 0;
}

static u8 nfgate_get_u8(const struct nlattr *a, u8 dflt)
{
	return a ? nla_get_u8(a) : dflt;
}

static u32 nfgate_get_u32(const struct nlattr *a, u32 dflt)
{
	return a ? nla_get_u32(a) : dflt;
}

struct nfgate_meter *nfgate_meter_new(u8 type, struct nlattr **tb,
				      u32 maxelem, u32 timeout)
{
	u32 nb = roundup_pow_of_two(clamp_t(u32, maxelem / 2, 16, 1U << 20));
	struct nfgate_meter *m;

	BUILD_BUG_ON(offsetof(struct nfgate_meter_ent, stamps) !=
		     NFGATE_METER_ENTRY_SIZE);
	m = kvzalloc(struct_size(m, buckets, nb), GFP_KERNEL_ACCOUNT);
	if (!m)
		return NULL;
	spin_lock_init(&m->lock);
	INIT_LIST_HEAD(&m->lru);
	m->recent = nfgate_type_is_recent(type);
	m->width = nfgate_type_width(type);
	m->mask = nfgate_get_u8(tb[NFGATE_SET_A_MASK], m->width);
	memset(&m->kmask, 0xff, sizeof(m->kmask));
	nfgate_key_mask(&m->kmask, &m->kmask, m->mask);
	m->maxelem = maxelem;
	m->timeout = timeout;
	m->seed = get_random_u32();
	m->hmask = nb - 1;
	if (m->recent) {
		m->hits = nfgate_get_u8(tb[NFGATE_SET_A_HITS],
					NFGATE_RECENT_HITS_DEFAULT);
		return m;
	}
	m->rate = nla_get_u32(tb[NFGATE_SET_A_RATE]);
	m->period = nfgate_get_u32(tb[NFGATE_SET_A_PERIOD], 1);
	m->burst = nfgate_get_u32(tb[NFGATE_SET_A_BURST],
				  NFGATE_RATE_BURST_DEFAULT);
	m->interval = max_t(u64, div_u64((u64)m->period * NSEC_PER_SEC, m->rate), 1);
	m->tolerance = m->interval * (m->burst - 1);
	return m;
}

/* A commit's set: does @m have the options @tb asks for (defaults filled)? */
bool nfgate_meter_same(const struct nfgate_meter *m, struct nlattr **tb)
{
	if (m->mask != nfgate_get_u8(tb[NFGATE_SET_A_MASK], m->width))
		return false;
	if (m->recent)
		return m->hits == nfgate_get_u8(tb[NFGATE_SET_A_HITS],
						NFGATE_RECENT_HITS_DEFAULT);
	return tb[NFGATE_SET_A_RATE] &&
	       m->rate == nla_get_u32(tb[NFGATE_SET_A_RATE]) &&
	       m->period == nfgate_get_u32(tb[NFGATE_SET_A_PERIOD], 1) &&
	       m->burst == nfgate_get_u32(tb[NFGATE_SET_A_BURST],
					  NFGATE_RATE_BURST_DEFAULT);
}

u32 nfgate_meter_count(const struct nfgate_meter *m)
{
	return READ_ONCE(m->count);
}

u8 nfgate_meter_hits(const struct nfgate_meter *m)
{
	return m->hits;
}

u64 nfgate_meter_full(const struct nfgate_meter *m)
{
	return atomic64_read(&m->full);
}

/* GET_SETS: the table's own options and counters. */
int nfgate_meter_fill(struct sk_buff *msg, const struct nfgate_meter *m)
{
	if (nla_put_u8(msg, NFGATE_SET_A_MASK, m->mask) ||
	    (m->recent && nla_put_u8(msg, NFGATE_SET_A_HITS, m->hits)) ||
	    (!m->recent &&
	     (nla_put_u32(msg, NFGATE_SET_A_RATE, m->rate) ||
	      nla_put_u32(msg, NFGATE_SET_A_PERIOD, m->period) ||
	      nla_put_u32(msg, NFGATE_SET_A_BURST, m->burst))) ||
	    nla_put_u64_64bit(msg, NFGATE_SET_A_EVICTED,
			      atomic64_read(&m->evicted), NFGATE_SET_A_PAD))
		return -EMSGSIZE;
	return 0;
}

static struct hlist_head *nfgate_meter_bucket(struct nfgate_meter *m,
					      const union nfgate_inaddr *k)
{
	/* the rest of an IPv4 key is zero: hash one word, as sets do */
	u32 h = m->width == 32 ? jhash_1word(k->w[0], m->seed) :
				 jhash2(k->w, 4, m->seed);

	return &m->buckets[h & m->hmask];
}

static bool nfgate_ent_live(const struct nfgate_meter *m,
			    const struct nfgate_meter_ent *e, unsigned long now)
{
	return !m->timeout ||
	       time_before(now, READ_ONCE(e->last) + (unsigned long)m->timeout * HZ);
}

/* The entry for masked key @k, idle too long or not. RCU or m->lock. */
static struct nfgate_meter_ent *nfgate_ent_find(struct nfgate_meter *m,
						const union nfgate_inaddr *k)
{
	struct nfgate_meter_ent *e;

	hlist_for_each_entry_rcu(e, nfgate_meter_bucket(m, k), node,
				 lockdep_is_held(&m->lock))
		if (!((e->key.w[0] ^ k->w[0]) | (e->key.w[1] ^ k->w[1]) |
		      (e->key.w[2] ^ k->w[2]) | (e->key.w[3] ^ k->w[3])))
			return e;
	return NULL;
}

/* Under m->lock; the caller frees @e after a grace period. */
static void nfgate_ent_unlink(struct nfgate_meter *m, struct nfgate_meter_ent *e)
{
	hlist_del_rcu(&e->node);
	list_del(&e->lru);
	e->dead = true;
	m->count--;
	atomic_dec(&nfgate_set_nelems);
}

static void nfgate_ent_free_rcu(struct rcu_head *head)
{
	kfree(container_of(head, struct nfgate_meter_ent, rcu));
}

static void nfgate_ent_drop(struct nfgate_meter *m, struct nfgate_meter_ent *e)
{
	nfgate_ent_unlink(m, e);
	call_rcu(&e->rcu, nfgate_ent_free_rcu);
}

/* Evict the least recently seen entry, under m->lock; false if none. */
static bool nfgate_meter_evict(struct nfgate_meter *m)
{
	struct nfgate_meter_ent *e;
	unsigned long last;
	int i;

	for (i = 0; i < NFGATE_LRU_SCAN && !list_empty(&m->lru); i++) {
		e = list_first_entry(&m->lru, struct nfgate_meter_ent, lru);
		last = READ_ONCE(e->last);
		if (last == e->queued)
			break;
		e->queued = last;
		list_move_tail(&e->lru, &m->lru);
	}
	if (list_empty(&m->lru))
		return false;
	nfgate_ent_drop(m, list_first_entry(&m->lru, struct nfgate_meter_ent, lru));
	atomic64_inc(&m->evicted);
	return true;
}

/* Room for one more entry, in the table and the module; under m->lock. */
static bool nfgate_meter_room(struct nfgate_meter *m)
{
	while (m->count >= m->maxelem)
		if (!nfgate_meter_evict(m))
			return false;
	while (atomic_inc_return(&nfgate_set_nelems) >
	       READ_ONCE(nfgate_max_set_elems)) {
		atomic_dec(&nfgate_set_nelems);
		if (!nfgate_meter_evict(m))
			return false;
	}
	return true;
}

static void nfgate_ent_reset(struct nfgate_meter *m, struct nfgate_meter_ent *e,
			     unsigned long now)
{
	if (m->recent)
		atomic_set(&e->seq, 0);
	else
		atomic64_set(&e->tat, 0);
	WRITE_ONCE(e->last, now);
}

/* Find or make the entry for @k: packet path, RCU; NULL if out of memory. */
static struct nfgate_meter_ent *nfgate_ent_get(struct nfgate_meter *m,
					       const union nfgate_inaddr *k,
					       unsigned long now)
{
	struct nfgate_meter_ent *e = nfgate_ent_find(m, k);

	if (e && nfgate_ent_live(m, e, now))
		return e;
	spin_lock_bh(&m->lock);
	e = nfgate_ent_find(m, k);
	if (e) {
		/* idle too long, not yet collected: it starts again */
		if (!nfgate_ent_live(m, e, now))
			nfgate_ent_reset(m, e, now);
		goto out;
	}
	if (!nfgate_meter_room(m))
		goto out;
	e = kzalloc(struct_size(e, stamps, m->hits), GFP_ATOMIC | __GFP_NOWARN);
	if (!e) {
		atomic_dec(&nfgate_set_nelems);
		goto out;
	}
	e->key = *k;
	e->last = now;
	e->queued = now;
	list_add_tail(&e->lru, &m->lru);
	hlist_add_head_rcu(&e->node, nfgate_meter_bucket(m, k));
	m->count++;
out:
	spin_unlock_bh(&m->lock);
	if (!e)
		atomic64_inc(&m->full);
	return e;
}

static void nfgate_recent_stamp(struct nfgate_meter *m,
				struct nfgate_meter_ent *e, unsigned long now)
{
	u32 i = (u32)atomic_inc_return(&e->seq) - 1;

	WRITE_ONCE(e->stamps[i % m->hits], (u32)now);
	WRITE_ONCE(e->last, now);
}

static u32 nfgate_recent_nstamps(const struct nfgate_meter *m,
				 const struct nfgate_meter_ent *e)
{
	return min_t(u32, (u32)atomic_read(&e->seq), m->hits);
}

/* Hits within the last @mm->seconds, at least @mm->hitcount (xt_recent). */
static bool nfgate_recent_hits(const struct nfgate_meter *m,
			       const struct nfgate_meter_ent *e,
			       const struct nfgate_meter_match *mm,
			       unsigned long now)
{
	u32 since = (u32)now - mm->seconds * HZ;
	u32 i, n = nfgate_recent_nstamps(m, e), hits = 0;

	if (!mm->seconds && !mm->hitcount)
		return true;
	for (i = 0; i < n; i++) {
		if (mm->seconds && (s32)(READ_ONCE(e->stamps[i]) - since) < 0)
			continue;
		if (++hits >= max_t(u32, mm->hitcount, 1))
			return true;
	}
	return false;
}

static void nfgate_ent_remove(struct nfgate_meter *m, struct nfgate_meter_ent *e)
{
	spin_lock_bh(&m->lock);
	if (!e->dead)
		nfgate_ent_drop(m, e);
	spin_unlock_bh(&m->lock);
}

/**
 * nfgate_meter_recent - the recent match, on the packet path under RCU
 * @set: a recent table of the packet's family
 * @mm: the rule's mode, window, hit count, direction and negation
 * @addr: the address the rule keys on (saddr, or daddr with rdest)
 * @len: its length
 *
 * As xt_recent: set records a hit (making the entry) and matches; remove
 * drops the entry and matches if there was one; check matches when the
 * entry has @mm->hitcount hits within @mm->seconds; update is check that
 * also records a hit when the rule's match (after negation) holds.
 * Returns the match's result, negation applied.
 */
bool nfgate_meter_recent(struct nfgate_set *set,
			 const struct nfgate_meter_match *mm, const void *addr,
			 unsigned int len)
{
	struct nfgate_meter *m = nfgate_set_meter(set);
	unsigned long now = jiffies;
	struct nfgate_meter_ent *e;
	union nfgate_inaddr k;
	bool hit;

	nfgate_addr_and(&k.in6, addr, &m->kmask.in6, m->width);
	if (mm->mode == NFGATE_RECENT_SET) {
		e = nfgate_ent_get(m, &k, now);
		if (e)
			nfgate_recent_stamp(m, e, now);
		return !mm->invert;
	}
	e = nfgate_ent_find(m, &k);
	if (!e || !nfgate_ent_live(m, e, now))
		return mm->invert;
	if (mm->mode == NFGATE_RECENT_REMOVE) {
		nfgate_ent_remove(m, e);
		return !mm->invert;
	}
	hit = nfgate_recent_hits(m, e, mm, now) != mm->invert;
	if (hit && mm->mode == NFGATE_RECENT_UPDATE)
		nfgate_recent_stamp(m, e, now);
	return hit;
}

/**
 * nfgate_meter_rate - the rate match, on the packet path under RCU
 * @set: a rate table of the packet's family
 * @mm: the rule's direction and negation
 * @addr: the address the rule keys on
 * @len: its length
 *
 * Spends a token of the address's bucket; matches when there was none,
 * that is when the address is over its rate. An address the table cannot
 * track (no memory) is not over.
 */
bool nfgate_meter_rate(struct nfgate_set *set,
		       const struct nfgate_meter_match *mm, const void *addr,
		       unsigned int len)
{
	struct nfgate_meter *m = nfgate_set_meter(set);
	unsigned long now = jiffies;
	struct nfgate_meter_ent *e;
	union nfgate_inaddr k;
	bool over;

	nfgate_addr_and(&k.in6, addr, &m->kmask.in6, m->width);
	e = nfgate_ent_get(m, &k, now);
	if (!e)
		return mm->invert;
	over = !nfgate_gcra_pass(&e->tat, m->interval, m->tolerance);
	if (READ_ONCE(e->last) != now)
		WRITE_ONCE(e->last, now);
	return over != mm->invert;
}

/* SET_DEL: is there an entry covering @a? Under the netns lock. */
bool nfgate_meter_has(struct nfgate_meter *m, const union nfgate_inaddr *a)
{
	union nfgate_inaddr k;

	nfgate_key_mask(&k, a, m->mask);
	return nfgate_ent_find(m, &k);
}

/* SET_DEL: drop the entry covering @a, if any. */
void nfgate_meter_del(struct nfgate_meter *m, const union nfgate_inaddr *a)
{
	struct nfgate_meter_ent *e;
	union nfgate_inaddr k;

	nfgate_key_mask(&k, a, m->mask);
	spin_lock_bh(&m->lock);
	e = nfgate_ent_find(m, &k);
	if (e)
		nfgate_ent_drop(m, e);
	spin_unlock_bh(&m->lock);
}

void nfgate_meter_flush(struct nfgate_meter *m)
{
	struct nfgate_meter_ent *e, *tmp;

	spin_lock_bh(&m->lock);
	list_for_each_entry_safe(e, tmp, &m->lru, lru)
		nfgate_ent_drop(m, e);
	spin_unlock_bh(&m->lock);
}

/* No reader is left. */
void nfgate_meter_free(struct nfgate_meter *m)
{
	struct nfgate_meter_ent *e, *tmp;

	if (!m)
		return;
	list_for_each_entry_safe(e, tmp, &m->lru, lru) {
		atomic_dec(&nfgate_set_nelems);
		kfree(e);
	}
	kvfree(m);
}

/* The collector: drop entries idle longer than the table's timeout. */
void nfgate_meter_gc(struct nfgate_meter *m)
{
	unsigned long now = jiffies;
	struct nfgate_meter_ent *e;
	struct hlist_node *tmp;
	u32 b;

	for (b = 0; m->timeout && READ_ONCE(m->count) && b <= m->hmask; b++) {
		if (hlist_empty(&m->buckets[b]))
			continue;
		spin_lock_bh(&m->lock);
		hlist_for_each_entry_safe(e, tmp, &m->buckets[b], node)
			if (!nfgate_ent_live(m, e, now))
				nfgate_ent_drop(m, e);
		spin_unlock_bh(&m->lock);
		if (!(b & 1023))
			cond_resched();
	}
}

/* Tokens left in a rate entry's bucket, 0..burst. */
static u32 nfgate_rate_tokens(const struct nfgate_meter *m,
			      struct nfgate_meter_ent *e)
{
	s64 ahead = atomic64_read(&e->tat) - (s64)ktime_get_mono_fast_ns();

	if (ahead <= 0)
		return m->burst;
	if (ahead > m->tolerance + m->interval)
		return 0;
	return div64_u64(m->tolerance + m->interval - ahead, m->interval);
}

static int nfgate_ent_fill(struct sk_buff *msg, const struct nfgate_meter *m,
			   struct nfgate_meter_ent *e, unsigned long now)
{
	struct nlattr *nest = nla_nest_start(msg, NFGATE_SET_A_ELEM);
	unsigned long last = READ_ONCE(e->last);
	unsigned long exp = last + (unsigned long)m->timeout * HZ;
	u32 left = jiffies_to_msecs(max_t(long, exp - now, 0));

	if (!nest || nla_put(msg, NFGATE_ELEM_A_ADDR, m->width / 8, &e->key) ||
	    nla_put_u8(msg, NFGATE_ELEM_A_PREFIX, m->mask) ||
	    nla_put_u32(msg, NFGATE_ELEM_A_LAST_SEEN,
			jiffies_to_msecs(max_t(long, now - last, 0))) ||
	    (m->timeout && (nla_put_u32(msg, NFGATE_ELEM_A_TIMEOUT, m->timeout) ||
			    nla_put_u32(msg, NFGATE_ELEM_A_EXPIRES, left))) ||
	    (m->recent ?
	     nla_put_u32(msg, NFGATE_ELEM_A_HITS, nfgate_recent_nstamps(m, e)) :
	     nla_put_u32(msg, NFGATE_ELEM_A_TOKENS, nfgate_rate_tokens(m, e)))) {
		if (nest)
			nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/*
 * GET_ELEMS: fill entries from bucket args[0], position args[1], under
 * RCU. Packets add and evict entries during a dump without flagging it,
 * so a dump is a snapshot of each bucket as it is reached.
 */
int nfgate_meter_dump(struct sk_buff *skb, struct netlink_callback *cb,
		      struct nfgate_meter *m)
{
	unsigned long now = jiffies;
	struct nfgate_meter_ent *e;
	int n = 0;
	long pos;

	for (; cb->args[0] <= m->hmask; cb->args[0]++, cb->args[1] = 0) {
		pos = 0;
		hlist_for_each_entry_rcu(e, &m->buckets[cb->args[0]], node) {
			if (pos++ < cb->args[1] || !nfgate_ent_live(m, e, now))
				continue;
			if (nfgate_ent_fill(skb, m, e, now))
				return n;
			cb->args[1] = pos;
			n++;
		}
	}
	return n;
}
