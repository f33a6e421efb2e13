/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nfgate: internal declarations shared by the module's source files.
 *
 * Object model. A netns owns one immutable struct nfgate_ruleset, published
 * through an RCU pointer. A ruleset holds refcounted chains; a chain holds
 * its compiled rules inline. Every change builds a new ruleset (reusing the
 * chains it does not touch), publishes it, and frees the old one after a
 * grace period. Counters live in refcounted struct nfgate_stats objects that
 * a rule or chain policy hands on to its successor, so they survive commits.
 * Netfilter hooks are "slots", one per (family, hook, priority) in use; a
 * slot's RCU pointer names the chains to run there.
 */
#ifndef _NFGATE_H
#define _NFGATE_H

#include <linux/if.h>
#include <linux/in6.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netfilter.h>
#include <linux/refcount.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/netfilter/nf_log.h>
#include <linux/nfgate.h>

extern unsigned int nfgate_max_chains;
extern unsigned int nfgate_max_rules;
extern unsigned int nfgate_max_sets;
extern unsigned int nfgate_max_set_elems;

/* Per-CPU packet and byte counters. */
struct nfgate_pcpu_stats {
	u64_stats_t packets;
	u64_stats_t bytes;
	struct u64_stats_sync syncp;
};

/**
 * struct nfgate_stats - counters with an identity that outlives commits
 * @ref: one per chain or ruleset generation holding it
 * @handle: the rule handle, unique per netns; 0 for chain policies
 * @pcpu: the counters
 */
struct nfgate_stats {
	refcount_t ref;
	u64 handle;
	struct nfgate_pcpu_stats __percpu *pcpu;
};

/* A GCRA rate limiter: lock-free, one cmpxchg per admitted event. */
struct nfgate_ratelimit {
	atomic64_t tat;		/* theoretical arrival time, ns */
	u64 interval;		/* ns per event; 0: unlimited */
	u64 tolerance;		/* burst, in ns */
};

/* The cold part of a rule: what only matched rules and dumps touch. */
struct nfgate_rule_extra {
	/* compared by nfgate_rule_same(), zero-filled: */
	char comment[NFGATE_COMMENT_MAX];
	char log_prefix[NFGATE_LOG_PREFIX_MAX];
	u8 log_level;
	bool log_nflog;		/* NFLOG group rather than syslog */
	u16 log_group;
	u32 log_rate;
	u32 log_burst;
	char set_names[4][NFGATE_NAME_MAX];	/* by NFGATE_RULE_A_*_SET */
	char add_set_name[NFGATE_NAME_MAX];	/* add-to-set action */
	char recent_name[NFGATE_NAME_MAX];	/* recent match */
	char rate_name[NFGATE_NAME_MAX];	/* rate match */
	u8 add_field;		/* enum nfgate_add_set_field */
	bool add_refresh;
	bool add_has_timeout;
	u32 add_timeout;
	/* state: */
	u8 log_pf;		/* the family nf_logger_find_get() took */
	struct nf_loginfo log_info;
	struct nfgate_ratelimit log_limit;
};

#define NFGATE_EXTRA_KEY_SIZE offsetof(struct nfgate_rule_extra, log_info)

struct nfgate_addr {
	union {
		__be32 in;
		struct in6_addr in6;
	} addr, mask;
	u8 plen;
};

/* A recent or rate match (NFGATE_RULE_A_RECENT, _RATE); zero: none. */
struct nfgate_meter_match {
	bool on;
	u8 mode;		/* enum nfgate_recent_mode */
	bool rdest;		/* key on the destination address */
	bool invert;
	u32 seconds;
	u32 hitcount;
};

struct nfgate_ifname {
	char name[IFNAMSIZ];
	u8 len;			/* bytes compared: with the NUL unless a prefix */
};

/*
 * A compiled rule, kept small and hot: the chain stores rules inline and
 * the packet path walks them in order. Everything before @stats is
 * compared with memcmp() to find the old rule a new one continues, so the
 * rule is zeroed before it is filled in and that part holds no pointers.
 */
struct nfgate_rule {
	u32 present;		/* BIT(NFGATE_RULE_A_x) for each match */
	u8 family;		/* NFPROTO_* the matches imply, or 0: any */
	u32 invert;		/* BIT(NFGATE_RULE_A_x) for each negated one */
	u8 nfproto;		/* 0, or the family the rule's matches imply */
	u8 l4proto;
	u8 icmp_type;
	u8 icmp_code;
	bool icmp_any_code;
	u8 tcp_flags;
	u8 tcp_mask;
	u8 ct_dir;
	u32 ct_state;
	u32 ct_status;
	u32 mark;
	u32 mark_mask;
	u16 sport_min, sport_max;
	u16 dport_min, dport_max;
	struct nfgate_addr saddr, daddr;
	struct nfgate_ifname iif, oif;
	u8 verdict;		/* enum nfgate_verdict */
	u8 reject_type;
	u8 reject_code;
	bool mark_set;
	bool log;
	u32 set_mark;
	u32 set_mark_mask;
	struct nfgate_meter_match recent, rate;
	/* not compared: */
	struct nfgate_stats *stats;
	struct nfgate_rule_extra *extra;	/* NULL: no comment, no log */
	u64 want_handle;	/* while compiling: the handle asked for */
	struct nfgate_set *sets[4];	/* set matches, by attribute */
	struct nfgate_set *add_set;	/* add-to-set action, or NULL */
	struct nfgate_set *recent_set;	/* recent match, or NULL */
	struct nfgate_set *rate_set;	/* rate match, or NULL */
};

#define NFGATE_NSETMATCH 4

/* What a rule needs to know of the chain it goes into. */
struct nfgate_chain_params {
	u8 family;
	u8 hook;
	s32 priority;
};

#define NFGATE_RULE_KEY_SIZE offsetof(struct nfgate_rule, stats)

struct nfgate_run_ent {
	struct in6_addr key;	/* IPv4: the first word, the rest zero */
	u32 idx;		/* rule index in the chain */
	u8 plen;
};

/*
 * Entries of one prefix length, sorted by key; min_idx is the lowest rule
 * index among them, and groups are sorted by it.
 */
struct nfgate_run_group {
	struct in6_addr mask;
	u32 start;
	u32 n;
	u32 min_idx;
};

/* A compiled run of source-prefix rules: rules [first, end) (runs.c). */
struct nfgate_run {
	u32 first;
	u32 end;
	u8 family;
	u32 ngroups;
	struct nfgate_run_ent *ents;
	struct nfgate_run_group groups[];
};

/**
 * struct nfgate_chain - an immutable, refcounted chain
 * @ref: one per ruleset holding it
 * @name: unique in the netns
 * @p: family (NFPROTO_INET, _IPV4 or _IPV6), hook (NF_INET_*), priority
 * @policy: NFGATE_VERDICT_ACCEPT or NFGATE_VERDICT_DROP
 * @uses_ct: some rule matches on conntrack
 * @needs: what the rules need parsed from the packet (NFGATE_NEED_*)
 * @policy_stats: counts packets that reach the policy
 * @nruns: number of @runs
 * @runs: compiled runs of source-prefix rules, in rule order (runs.c)
 * @nrules: number of @rules
 * @rules: the rules, in order
 */
struct nfgate_chain {
	refcount_t ref;
	char name[NFGATE_NAME_MAX];
	struct nfgate_chain_params p;
	u8 policy;
	bool uses_ct;
	u32 needs;
	struct nfgate_stats *policy_stats;
	u32 nruns;
	struct nfgate_run **runs;
	u32 nrules;
	struct nfgate_rule rules[];
};

#define NFGATE_NEED_L4		BIT(0)
#define NFGATE_NEED_CT		BIT(1)

/* What one slot runs: the chains at its (family, hook, priority). */
struct nfgate_prog {
	u8 pf;			/* NFPROTO_IPV4 or NFPROTO_IPV6 */
	u8 hook;
	s32 priority;
	u32 needs;
	u32 nchains;
	struct nfgate_chain *chains[];
};

/**
 * struct nfgate_slot - one registered netfilter hook
 * @list: in nfgate_net.slots, writers only
 * @ops: the registration; ops.priv points back here
 * @prog: what runs here, owned by the current ruleset; NULL: nothing
 * @net: the netns
 * @rcu: frees the slot after unregistration
 */
struct nfgate_slot {
	struct list_head list;
	struct nf_hook_ops ops;
	struct nfgate_prog __rcu *prog;
	struct net *net;
	struct rcu_head rcu;
};

/**
 * struct nfgate_ruleset - one generation of a netns's chains
 * @rcu: drops the published reference after packet readers are gone
 * @ref: one while published (until a grace period after it is replaced),
 *	one per dump in progress that pinned it (nfgate_ruleset_pin())
 * @nchains: number of @chains
 * @nrules: rules in all chains
 * @generation: the netns generation this ruleset was committed as
 * @uses_ct: some chain needs conntrack
 * @nprogs: number of @progs
 * @progs: what each slot runs, in the order of @slot_keys
 * @chains: sorted by name
 */
struct nfgate_ruleset {
	struct rcu_head rcu;
	refcount_t ref;
	u32 nchains;
	u32 nrules;
	u32 generation;
	bool uses_ct;
	u32 nprogs;
	struct nfgate_prog **progs;
	struct nfgate_chain *chains[];
};

/**
 * struct nfgate_net - nfgate's state in one network namespace
 * @lock: serialises writers; never taken on the packet path
 * @ruleset: the live ruleset; never NULL after init
 * @slots: registered hooks
 * @ct_held: we hold nf_ct_netns_get() for this netns
 * @next_handle: the next rule handle to hand out
 * @generation: bumped by every committed change, reported to userspace
 * @n_chains: chains in this netns
 * @n_rules: rules in this netns
 * @n_sets: sets in this netns
 * @n_hooks: netfilter hooks registered for this netns
 * @sets: the named sets, in creation order, under @lock
 * @n_staging: staging sets among @n_sets
 * @plan: the sets of the commit being built (NFGATE_A_SETS), under @lock;
 *	NULL outside such a commit
 * @set_gc: expires timed-out set elements, about once a second
 * @net: the netns, for the collector's events
 *
 * The n_* counts and @generation are written under @lock and read with
 * READ_ONCE() by readers that do not take it.
 */
struct nfgate_net {
	struct mutex lock;	/* serialises writers, see above */
	struct nfgate_ruleset __rcu *ruleset;
	struct list_head slots;
	bool ct_held;
	u64 next_handle;
	u32 generation;
	u32 n_chains;
	u32 n_rules;
	u32 n_sets;
	u32 n_hooks;
	u32 n_staging;
	struct nfgate_set_plan *plan;
	struct list_head sets;
	struct delayed_work set_gc;
	struct net *net;
};

extern unsigned int nfgate_net_id;

static inline struct nfgate_net *nfgate_pernet(const struct net *net)
{
	return net_generic(net, nfgate_net_id);
}

/* netns.c */
int nfgate_netns_init(void);
void nfgate_netns_exit(void);

/* netlink.c */
int nfgate_genl_init(void);
void nfgate_genl_exit(void);
void nfgate_notify_commit(struct net *net, u32 generation, const char *chain);

/* stats.c */
struct nfgate_stats *nfgate_stats_new(u64 handle);
void nfgate_stats_put(struct nfgate_stats *st);
void nfgate_stats_read(const struct nfgate_stats *st, u64 *packets, u64 *bytes);
void nfgate_ratelimit_init(struct nfgate_ratelimit *rl, u32 rate, u32 burst);
bool nfgate_ratelimit_pass(struct nfgate_ratelimit *rl);
bool nfgate_gcra_pass(atomic64_t *tat, u64 interval, u64 tolerance);

static inline void nfgate_stats_count(struct nfgate_stats *st, unsigned int len)
{
	struct nfgate_pcpu_stats *c = get_cpu_ptr(st->pcpu);

	u64_stats_update_begin(&c->syncp);
	u64_stats_inc(&c->packets);
	u64_stats_add(&c->bytes, len);
	u64_stats_update_end(&c->syncp);
	put_cpu_ptr(st->pcpu);
}

/* rule.c */
extern const struct nla_policy nfgate_rule_policy[NFGATE_RULE_A_MAX + 1];
int nfgate_parse_nested(struct nlattr **tb, int maxtype,
			const struct nlattr *nest,
			const struct nla_policy *policy,
			struct netlink_ext_ack *extack);
struct nfgate_net;
int nfgate_rule_parse(struct nfgate_rule *r, const struct nlattr *nest,
		      const struct nfgate_chain_params *chain,
		      struct nfgate_net *nn, struct netlink_ext_ack *extack);
void nfgate_rule_release(struct nfgate_rule *r);
int nfgate_rule_fill(struct sk_buff *msg, const struct nfgate_rule *r);
bool nfgate_rule_same(const struct nfgate_rule *a, const struct nfgate_rule *b);
u32 nfgate_rule_hash(const struct nfgate_rule *r);
bool nfgate_rule_uses_ct(const struct nfgate_rule *r);

int nfgate_chain_compile(struct nfgate_chain *c);
void nfgate_chain_release_runs(struct nfgate_chain *c);
u32 nfgate_run_lookup(const struct nfgate_run *run, const void *saddr,
		      u8 family);
bool nfgate_rule_uses_l4(const struct nfgate_rule *r);
struct nfgate_set;
bool nfgate_rule_uses_set(const struct nfgate_rule *r,
			  const struct nfgate_set *set);

/* ruleset.c */
extern const struct nla_policy nfgate_chain_policy[NFGATE_CHAIN_A_MAX + 1];
struct nfgate_ruleset *nfgate_ruleset_empty(void);
void nfgate_ruleset_free(struct nfgate_ruleset *rs);
const struct nfgate_ruleset *nfgate_ruleset_pin(struct nfgate_net *nn);
void nfgate_ruleset_unpin(const struct nfgate_ruleset *rs);
int nfgate_ruleset_init(struct nfgate_net *nn);
int nfgate_list_entry(const struct nlattr *a, int type,
		      struct netlink_ext_ack *extack);
u32 nfgate_count_nested(const struct nlattr *nest);
int nfgate_commit(struct net *net, struct nlattr **attrs, u32 portid,
		  struct netlink_ext_ack *extack);
void nfgate_ruleset_teardown(struct net *net);
bool nfgate_name_valid(const char *name);

/* set.c: see the Sets section of include/uapi/linux/nfgate.h */
union nfgate_inaddr {
	__be32 in;
	struct in6_addr in6;
	u32 w[4];
};

/*
 * nfgate_addr_and - @key = @addr & @mask, for an address of @width bits
 * (32 or 128); an IPv4 key's last three words are zero. Packet path: no
 * loop and no call, the mask precomputed.
 */
static inline void nfgate_addr_and(struct in6_addr *key, const void *addr,
				   const struct in6_addr *mask, u8 width)
{
	const __be32 *a = addr;

	key->s6_addr32[0] = a[0] & mask->s6_addr32[0];
	if (width == 32) {
		key->s6_addr32[1] = 0;
		key->s6_addr32[2] = 0;
		key->s6_addr32[3] = 0;
		return;
	}
	key->s6_addr32[1] = a[1] & mask->s6_addr32[1];
	key->s6_addr32[2] = a[2] & mask->s6_addr32[2];
	key->s6_addr32[3] = a[3] & mask->s6_addr32[3];
}

/*
 * Compact sets (NFGATE_SET_F_COMPACT) keep no element objects: a bucket of
 * the hash is one array of keys. An IPv4 key is one word, the address (low
 * 32 bits, network order) and the prefix length (bits 32-39); an IPv6 key
 * is struct nfgate_cslot6. Slots are written once, before @pos publishes
 * them, and never rewritten: a delete marks its slot dead, and a bucket
 * that must grow, or is half dead, is copied and the copy published, so a
 * reader never sees a half-written key. Writers hold the set's lock.
 */
#define NFGATE_CB_DEAD4 U64_MAX
#define NFGATE_CB_DEAD6 U32_MAX

struct nfgate_cslot6 {
	struct in6_addr a;
	u32 plen;		/* NFGATE_CB_DEAD6 when deleted */
};

/**
 * struct nfgate_cbkt - one bucket of a compact set
 * @rcu: frees it after readers are gone
 * @size: slots allocated
 * @pos: slots filled, live or dead; readers scan these (acquire)
 * @live: live slots
 * @resv: slots promised to the appends of a batch being applied
 * @k4: IPv4 keys, NFGATE_CB_DEAD4 when deleted
 * @k6: IPv6 keys
 */
struct nfgate_cbkt {
	struct rcu_head rcu;
	u16 size;
	u16 pos;
	u16 live;
	u16 resv;
	union {
		DECLARE_FLEX_ARRAY(u64, k4);
		DECLARE_FLEX_ARRAY(struct nfgate_cslot6, k6);
	};
};

static inline u64 nfgate_cb_key4(__be32 a, u8 plen)
{
	return (u64)(__force u32)a | (u64)plen << 32;
}

/* Is IPv4 key @x (nfgate_cb_key4) in bucket @b? RCU, no lock. */
static inline bool nfgate_cb_has4(const struct nfgate_cbkt *b, u64 x)
{
	const u64 *p, *end;

	if (!b)
		return false;
	p = b->k4;
	/* acquire: the keys below pos were written before it was stored */
	end = p + smp_load_acquire(&b->pos);
	for (; p < end; p++)
		if (READ_ONCE(*p) == x)
			return true;
	return false;
}

int nfgate_cb_find(const struct nfgate_cbkt *b, u8 width,
		   const union nfgate_inaddr *k, u8 plen);
int nfgate_cb_reserve(struct nfgate_cbkt __rcu **pp, u8 width, gfp_t gfp);
void nfgate_cb_unreserve(struct nfgate_cbkt __rcu **pp);
void nfgate_cb_append(struct nfgate_cbkt __rcu **pp, u8 width,
		      const union nfgate_inaddr *k, u8 plen);
bool nfgate_cb_del(struct nfgate_cbkt __rcu **pp, u8 width,
		   const union nfgate_inaddr *k, u8 plen, gfp_t gfp);
bool nfgate_cb_get(const struct nfgate_cbkt *b, u8 width, u16 i,
		   union nfgate_inaddr *k, u8 *plen);
u32 nfgate_cb_release(struct nfgate_cbkt __rcu **pp, bool now);

/**
 * struct nfgate_set_elem - one address or prefix of an address set
 * @node: in a bucket of the set's hash, RCU
 * @rcu: frees it after readers are gone
 * @key: the address, bits past @plen zero, IPv4 in the first word
 * @expires: jiffies when it stops matching; 0: never
 * @comment: optional, RCU
 * @timeout: the timeout it was given, seconds; 0: none
 * @plen: prefix length
 * @packets: packets matched, with NFGATE_SET_F_COUNTERS
 * @bytes: bytes matched, with NFGATE_SET_F_COUNTERS
 */
struct nfgate_set_elem {
	struct hlist_node node;
	struct rcu_head rcu;
	union nfgate_inaddr key;
	unsigned long expires;
	struct nfgate_set_comment __rcu *comment;
	u32 timeout;
	u8 plen;
	atomic64_t packets;
	atomic64_t bytes;
};

struct nfgate_set_data;

/**
 * struct nfgate_set - a named set; its contents swap as one pointer
 * @list: in nfgate_net.sets, under its lock
 * @ref: one for the list, one per compiled rule using it
 * @name: unique in the netns
 * @type: enum nfgate_set_type
 * @data: the contents and options, RCU
 * @net: the netns
 * @staging: a hidden staging set (NFGATE_SET_F_STAGING), under the lock
 * @keep: scratch of a commit with sets, under the lock
 * @owner: a staging set's creator's netlink portid
 */
struct nfgate_set {
	struct list_head list;
	refcount_t ref;
	char name[NFGATE_NAME_MAX];
	u8 type;
	struct nfgate_set_data __rcu *data;
	struct net *net;
	bool staging;
	bool keep;
	u32 owner;
	struct work_struct free_work;
};

struct nfgate_set_plan;

int nfgate_set_module_init(void);
void nfgate_set_module_exit(void);
void nfgate_sets_init(struct nfgate_net *nn, struct net *net);
void nfgate_sets_stop_gc(struct nfgate_net *nn);
void nfgate_sets_teardown(struct nfgate_net *nn);
struct nfgate_set *nfgate_set_find(struct nfgate_net *nn, const char *name);
struct nfgate_set *nfgate_set_resolve(struct nfgate_net *nn, const char *name);
int nfgate_sets_plan(struct nfgate_net *nn, const struct nlattr *list,
		     u32 portid, struct netlink_ext_ack *extack);
void nfgate_sets_publish(struct nfgate_net *nn);
void nfgate_sets_plan_end(struct nfgate_net *nn, u32 portid);
void nfgate_sets_release_portid(struct nfgate_net *nn, u32 portid);
extern struct notifier_block nfgate_set_nl_notifier;
void nfgate_set_put(struct nfgate_set *set);
bool nfgate_set_match(struct nfgate_set *set, const void *addr,
		      unsigned int len, unsigned int pktlen);
void nfgate_set_add_pkt(struct nfgate_set *set, const void *addr,
			unsigned int len, const struct nfgate_rule_extra *x);
bool nfgate_set_match_port(struct nfgate_set *set, u16 port);
bool nfgate_set_compact(const struct nfgate_set *set);
int nfgate_set_create_doit(struct sk_buff *skb, struct genl_info *info);
int nfgate_set_destroy_doit(struct sk_buff *skb, struct genl_info *info);
int nfgate_set_flush_doit(struct sk_buff *skb, struct genl_info *info);
int nfgate_set_swap_doit(struct sk_buff *skb, struct genl_info *info);
int nfgate_set_add_doit(struct sk_buff *skb, struct genl_info *info);
int nfgate_set_del_doit(struct sk_buff *skb, struct genl_info *info);
int nfgate_get_sets_start(struct netlink_callback *cb);
int nfgate_get_sets_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int nfgate_get_elems_start(struct netlink_callback *cb);
int nfgate_get_elems_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
extern const struct nla_policy nfgate_set_policy[NFGATE_SET_A_MAX + 1];
extern struct netlink_range_validation nfgate_timeout_range;
extern atomic_t nfgate_set_nelems;
void nfgate_key_mask(union nfgate_inaddr *k, const union nfgate_inaddr *a,
		     u8 plen);
struct nfgate_meter *nfgate_set_meter(struct nfgate_set *set);

/* meter.c: recent and rate tables, a set type each (see the uapi header) */
struct nfgate_meter;
extern struct netlink_range_validation nfgate_period_range;
extern struct netlink_range_validation nfgate_burst_range;
extern const struct nla_policy nfgate_meter_policy[NFGATE_METER_A_MAX + 1];

static inline bool nfgate_type_is_meter(u8 type)
{
	return type >= NFGATE_SET_RECENT_IPV4 && type <= NFGATE_SET_RATE_IPV6;
}

static inline bool nfgate_type_is_recent(u8 type)
{
	return type == NFGATE_SET_RECENT_IPV4 || type == NFGATE_SET_RECENT_IPV6;
}

static inline u8 nfgate_type_width(u8 type)
{
	return type == NFGATE_SET_IPV4 || type == NFGATE_SET_RECENT_IPV4 ||
	       type == NFGATE_SET_RATE_IPV4 ? 32 : 128;
}

/* the SET_CREATE (and commit set) attributes of recent and rate tables */
#define NFGATE_METER_ATTRS (BIT(NFGATE_SET_A_MASK) | BIT(NFGATE_SET_A_HITS) | \
			    BIT(NFGATE_SET_A_RATE) | BIT(NFGATE_SET_A_PERIOD) | \
			    BIT(NFGATE_SET_A_BURST))

int nfgate_meter_check(u8 type, struct nlattr **tb,
		       struct netlink_ext_ack *extack);
bool nfgate_meter_same(const struct nfgate_meter *m, struct nlattr **tb);
struct nfgate_meter *nfgate_meter_new(u8 type, struct nlattr **tb,
				      u32 maxelem, u32 timeout);
void nfgate_meter_free(struct nfgate_meter *m);
void nfgate_meter_flush(struct nfgate_meter *m);
u32 nfgate_meter_count(const struct nfgate_meter *m);
u8 nfgate_meter_hits(const struct nfgate_meter *m);
u64 nfgate_meter_full(const struct nfgate_meter *m);
int nfgate_meter_fill(struct sk_buff *msg, const struct nfgate_meter *m);
bool nfgate_meter_has(struct nfgate_meter *m, const union nfgate_inaddr *a);
void nfgate_meter_del(struct nfgate_meter *m, const union nfgate_inaddr *a);
int nfgate_meter_dump(struct sk_buff *skb, struct netlink_callback *cb,
		      struct nfgate_meter *m);
void nfgate_meter_gc(struct nfgate_meter *m);
bool nfgate_meter_recent(struct nfgate_set *set,
			 const struct nfgate_meter_match *mm, const void *addr,
			 unsigned int len);
bool nfgate_meter_rate(struct nfgate_set *set,
		       const struct nfgate_meter_match *mm, const void *addr,
		       unsigned int len);

/* netlink.c, for set.c */
void *nfgate_genl_put(struct sk_buff *skb, u32 portid, u32 seq, int flags,
		      u8 cmd);
void nfgate_multicast(struct net *net, struct sk_buff *msg, gfp_t gfp);
bool nfgate_has_listeners(struct net *net);

/* ruleset.c, for set.c: which live rule uses @set, if any */
bool nfgate_ruleset_set_user(const struct nfgate_ruleset *rs,
			     const struct nfgate_set *set,
			     const char **chain, u32 *pos);
u32 nfgate_ruleset_set_refs(const struct nfgate_ruleset *rs,
			    const struct nfgate_set *set);

/* hook.c */
unsigned int nfgate_hook(void *priv, struct sk_buff *skb,
			 const struct nf_hook_state *state);

#endif /* _NFGATE_H */
