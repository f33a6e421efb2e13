// SPDX-License-Identifier: GPL-2.0
/*
 * nfgate commits over raw generic netlink: atomic replace, dumps, rule
 * identity, optimistic concurrency, hooks registered only while needed,
 * events, and bad commits that must change nothing and name the culprit.
 * Each test runs in its own network namespace.
 */

#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include "kselftest_harness.h"
#include "nfgate_nl.h"

/* Chain NAME at inet input, priority 0, with one port rule per entry. */
static void put_chain(struct nlmsghdr *nlh, const char *name,
		      const uint16_t *ports, int n)
{
	struct nlattr *c = chain_begin(nlh, name, NFGATE_HOOK_INPUT,
				       NFGATE_FAMILY_INET, 0,
				       NFGATE_VERDICT_ACCEPT);
	struct nlattr *rules = mnl_attr_nest_start(nlh, NFGATE_CHAIN_A_RULES);
	int i;

	for (i = 0; i < n; i++)
		put_port_rule(nlh, ports[i], NFGATE_VERDICT_DROP, 0);
	mnl_attr_nest_end(nlh, rules);
	mnl_attr_nest_end(nlh, c);
}

/* ---- reading state back ---- */

struct dump {
	char text[8192];	/* one line per chain and per rule */
	uint32_t generation;
	int intr;
	uint64_t handles[64];
	int nhandles;
};

static const struct nlattr *nested(const struct nlattr *nest, int type)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest)
		if (mnl_attr_get_type(a) == type)
			return a;
	return NULL;
}

static void dump_chain(struct dump *d, const struct nlattr *c)
{
	const struct nlattr *a;
	size_t len = strlen(d->text);

	a = nested(c, NFGATE_CHAIN_A_NAME);
	snprintf(d->text + len, sizeof(d->text) - len,
		 "chain %s hook %u prio %d policy %u rules %u\n",
		 a ? mnl_attr_get_str(a) : "?",
		 mnl_attr_get_u32(nested(c, NFGATE_CHAIN_A_HOOK)),
		 (int32_t)mnl_attr_get_u32(nested(c, NFGATE_CHAIN_A_PRIORITY)),
		 mnl_attr_get_u32(nested(c, NFGATE_CHAIN_A_POLICY)),
		 mnl_attr_get_u32(nested(c, NFGATE_CHAIN_A_RULE_COUNT)));
}

static void dump_rule(struct dump *d, const struct nlattr *r)
{
	const struct nlattr *port = nested(r, NFGATE_RULE_A_DPORT);
	uint64_t handle = mnl_attr_get_u64(nested(r, NFGATE_RULE_A_HANDLE));
	size_t len = strlen(d->text);

	snprintf(d->text + len, sizeof(d->text) - len,
		 "rule %s #%u handle %llu dport %u\n",
		 mnl_attr_get_str(nested(r, NFGATE_RULE_A_CHAIN)),
		 mnl_attr_get_u32(nested(r, NFGATE_RULE_A_POSITION)),
		 (unsigned long long)handle,
		 port ? mnl_attr_get_u16(nested(port, NFGATE_PORT_A_MIN)) : 0);
	if (d->nhandles < 64)
		d->handles[d->nhandles++] = handle;
}

static int dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct genl *g = data;
	struct dump *d = g->priv;
	struct nlattr **tb = g->tb;

	reply_cb(nlh, g);
	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		d->intr = 1;
	if (tb[NFGATE_A_GENERATION])
		d->generation = mnl_attr_get_u32(tb[NFGATE_A_GENERATION]);
	if (tb[NFGATE_A_CHAIN])
		dump_chain(d, tb[NFGATE_A_CHAIN]);
	if (tb[NFGATE_A_RULE])
		dump_rule(d, tb[NFGATE_A_RULE]);
	return MNL_CB_OK;
}

/* The netns's chains and rules as text, plus its generation. */
static int snapshot(struct genl *g, struct dump *d)
{
	struct nlmsghdr *nlh;
	int err;

	memset(d, 0, sizeof(*d));
	g->priv = d;
	nlh = genl_msg(g, g->family, NFGATE_CMD_GET_CHAINS, 1);
	nlh->nlmsg_flags |= NLM_F_DUMP;
	err = genl_talk(g, nlh, dump_cb);
	if (err)
		return err;
	nlh = genl_msg(g, g->family, NFGATE_CMD_GET_RULES, 1);
	nlh->nlmsg_flags |= NLM_F_DUMP;
	return genl_talk(g, nlh, dump_cb);
}

static uint32_t info_u32(struct genl *g, int type)
{
	if (get_info(g) || !g->tb[type])
		return UINT32_MAX;
	return mnl_attr_get_u32(g->tb[type]);
}

FIXTURE(commit) {
	struct genl g;
	struct dump before, after;
};

FIXTURE_SETUP(commit)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, genl_open(&self->g));
}

FIXTURE_TEARDOWN(commit)
{
	genl_close(&self->g);
}

static const uint16_t ports3[] = { 1001, 1002, 1003 };

TEST_F(commit, replace_and_dump)
{
	struct nlmsghdr *nlh = commit_msg(&self->g);
	struct nlattr *chains = mnl_attr_nest_start(nlh, NFGATE_A_CHAINS);

	put_chain(nlh, "zeta", ports3, 1);
	put_chain(nlh, "alpha", ports3, 3);
	mnl_attr_nest_end(nlh, chains);
	ASSERT_EQ(0, genl_talk(&self->g, nlh, reply_cb));
	ASSERT_EQ(0, snapshot(&self->g, &self->after));
	TH_LOG("\n%s", self->after.text);
	/* Chains come back in name order, rules in chain order. */
	EXPECT_NE(NULL, strstr(self->after.text,
			       "chain alpha hook 1 prio 0 policy 1 rules 3\n"
			       "chain zeta hook 1 prio 0 policy 1 rules 1\n"));
	EXPECT_NE(NULL, strstr(self->after.text, "rule alpha #0 handle "));
	EXPECT_NE(NULL, strstr(self->after.text, "rule alpha #2 handle "));
	EXPECT_NE(NULL, strstr(self->after.text, "dport 1003\nrule zeta #0"));
	EXPECT_EQ(2, self->after.generation);
	EXPECT_EQ(0, self->after.intr);
	EXPECT_EQ(2, info_u32(&self->g, NFGATE_INFO_A_CHAINS));
	EXPECT_EQ(4, info_u32(&self->g, NFGATE_INFO_A_RULES));
}

static int commit_chain(struct genl *g, const char *name, const uint16_t *ports,
			int n, const char *scope)
{
	struct nlmsghdr *nlh = commit_msg(g);
	struct nlattr *chains;

	if (scope)
		mnl_attr_put_strz(nlh, NFGATE_A_CHAIN_NAME, scope);
	chains = mnl_attr_nest_start(nlh, NFGATE_A_CHAINS);
	if (name)
		put_chain(nlh, name, ports, n);
	mnl_attr_nest_end(nlh, chains);
	return genl_talk(g, nlh, reply_cb);
}

TEST_F(commit, identity_survives_commits)
{
	static const uint16_t changed[] = { 1001, 1999, 1003 };
	uint64_t h[3];

	ASSERT_EQ(0, commit_chain(&self->g, "in", ports3, 3, NULL));
	ASSERT_EQ(0, snapshot(&self->g, &self->before));
	ASSERT_EQ(3, self->before.nhandles);
	memcpy(h, self->before.handles, sizeof(h));
	EXPECT_NE(h[0], h[1]);

	/* The same rules again keep their handles. */
	ASSERT_EQ(0, commit_chain(&self->g, "in", ports3, 3, NULL));
	ASSERT_EQ(0, snapshot(&self->g, &self->after));
	EXPECT_EQ(0, memcmp(h, self->after.handles, sizeof(h)));

	/* Change the middle rule: only it gets a new handle. */
	ASSERT_EQ(0, commit_chain(&self->g, "in", changed, 3, NULL));
	ASSERT_EQ(0, snapshot(&self->g, &self->after));
	EXPECT_EQ(h[0], self->after.handles[0]);
	EXPECT_GT(self->after.handles[1], h[2]);
	EXPECT_EQ(h[2], self->after.handles[2]);
}

TEST_F(commit, explicit_handle_keeps_identity)
{
	struct nlmsghdr *nlh;
	struct nlattr *chains, *c, *rules;
	uint64_t h;

	ASSERT_EQ(0, commit_chain(&self->g, "in", ports3, 1, NULL));
	ASSERT_EQ(0, snapshot(&self->g, &self->before));
	h = self->before.handles[0];

	nlh = commit_msg(&self->g);
	chains = mnl_attr_nest_start(nlh, NFGATE_A_CHAINS);
	c = chain_begin(nlh, "in", NFGATE_HOOK_INPUT, NFGATE_FAMILY_INET, 0,
			NFGATE_VERDICT_ACCEPT);
	rules = mnl_attr_nest_start(nlh, NFGATE_CHAIN_A_RULES);
	put_port_rule(nlh, 2222, NFGATE_VERDICT_ACCEPT, 0);
	put_port_rule(nlh, 4444, NFGATE_VERDICT_DROP, h);
	mnl_attr_nest_end(nlh, rules);
	mnl_attr_nest_end(nlh, c);
	mnl_attr_nest_end(nlh, chains);
	ASSERT_EQ(0, genl_talk(&self->g, nlh, reply_cb));
	ASSERT_EQ(0, snapshot(&self->g, &self->after));
	EXPECT_EQ(h, self->after.handles[1]);
	EXPECT_NE(h, self->after.handles[0]);
}

TEST_F(commit, single_chain_commit_keeps_the_others)
{
	ASSERT_EQ(0, commit_chain(&self->g, "a", ports3, 2, NULL));
	ASSERT_EQ(0, commit_chain(&self->g, "b", ports3, 1, "b"));
	ASSERT_EQ(0, snapshot(&self->g, &self->after));
	EXPECT_NE(NULL, strstr(self->after.text, "chain a "));
	EXPECT_NE(NULL, strstr(self->after.text, "chain b "));
	/* An empty single-chain commit deletes just that chain. */
	ASSERT_EQ(0, commit_chain(&self->g, NULL, NULL, 0, "a"));
	ASSERT_EQ(0, snapshot(&self->g, &self->after));
	EXPECT_EQ(NULL, strstr(self->after.text, "chain a "));
	EXPECT_NE(NULL, strstr(self->after.text, "chain b "));
}

TEST_F(commit, hooks_exist_only_while_chains_need_them)
{
	EXPECT_EQ(0, info_u32(&self->g, NFGATE_INFO_A_HOOKS));
	ASSERT_EQ(0, commit_chain(&self->g, "in", ports3, 1, NULL));
	/* An inet chain hooks IPv4 and IPv6. */
	EXPECT_EQ(2, info_u32(&self->g, NFGATE_INFO_A_HOOKS));
	ASSERT_EQ(0, commit_chain(&self->g, NULL, NULL, 0, NULL));
	EXPECT_EQ(0, info_u32(&self->g, NFGATE_INFO_A_HOOKS));
	EXPECT_EQ(0, info_u32(&self->g, NFGATE_INFO_A_CHAINS));
}

TEST_F(commit, check_flag_commits_nothing)
{
	struct nlmsghdr *nlh;
	struct nlattr *chains;

	ASSERT_EQ(0, snapshot(&self->g, &self->before));
	nlh = commit_msg(&self->g);
	mnl_attr_put_u32(nlh, NFGATE_A_FLAGS, NFGATE_COMMIT_F_CHECK);
	chains = mnl_attr_nest_start(nlh, NFGATE_A_CHAINS);
	put_chain(nlh, "in", ports3, 3);
	mnl_attr_nest_end(nlh, chains);
	ASSERT_EQ(0, genl_talk(&self->g, nlh, reply_cb));
	ASSERT_EQ(0, snapshot(&self->g, &self->after));
	EXPECT_STREQ(self->before.text, self->after.text);
	EXPECT_EQ(self->before.generation, self->after.generation);
}

TEST_F(commit, stale_generation_is_refused)
{
	struct nlmsghdr *nlh;
	uint32_t gen = info_u32(&self->g, NFGATE_INFO_A_GENERATION);

	ASSERT_EQ(0, commit_chain(&self->g, "in", ports3, 1, NULL));
	ASSERT_EQ(0, snapshot(&self->g, &self->before));
	nlh = commit_msg(&self->g);
	mnl_attr_put_u32(nlh, NFGATE_A_GENERATION, gen);
	EXPECT_EQ(-ERESTART, genl_talk(&self->g, nlh, reply_cb));
	EXPECT_LT(0, strlen(self->g.ext_msg));
	ASSERT_EQ(0, snapshot(&self->g, &self->after));
	EXPECT_STREQ(self->before.text, self->after.text);
}

TEST_F(commit, commit_sends_an_event)
{
	struct genl listener;
	int grp = 0;
	ssize_t n;

	ASSERT_EQ(0, genl_open(&listener));
	grp = (int)listener.mcgrp;
	ASSERT_EQ(0, mnl_socket_setsockopt(listener.nl, NETLINK_ADD_MEMBERSHIP,
					   &grp, sizeof(grp)));
	ASSERT_EQ(0, commit_chain(&self->g, "in", ports3, 1, NULL));
	n = mnl_socket_recvfrom(listener.nl, listener.buf, sizeof(listener.buf));
	ASSERT_LT(0, n);
	reply_cb((struct nlmsghdr *)listener.buf, &listener);
	EXPECT_EQ(NFGATE_CMD_COMMIT,
		  ((struct genlmsghdr *)mnl_nlmsg_get_payload(
			  (struct nlmsghdr *)listener.buf))->cmd);
	ASSERT_NE(NULL, listener.tb[NFGATE_A_GENERATION]);
	EXPECT_EQ(info_u32(&self->g, NFGATE_INFO_A_GENERATION),
		  mnl_attr_get_u32(listener.tb[NFGATE_A_GENERATION]));
	genl_close(&listener);
}

/* ---- snapshot dumps: a dump reads one ruleset, whatever commits land ---- */

#define SNAP_RULES 200

struct snap {
	struct mnl_socket *nl;	/* reads in 4 KiB parts: many dump rounds */
	uint32_t seq;
	uint32_t gen_lo, gen_hi;
	int chains, rules, intr, parts;
	uint16_t last_port;	/* the dport of the last rule, 0 if none */
	int out_of_order;
};

static int snap_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[NFGATE_TB_MAX] = { NULL };
	const struct nlattr *port;
	struct snap *s = data;
	uint32_t gen;

	mnl_attr_parse(nlh, GENL_HDRLEN, tb_attr_cb, tb);
	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		s->intr++;
	gen = tb[NFGATE_A_GENERATION] ?
	      mnl_attr_get_u32(tb[NFGATE_A_GENERATION]) : 0;
	if (!s->chains && !s->rules)
		s->gen_lo = s->gen_hi = gen;
	s->gen_lo = gen < s->gen_lo ? gen : s->gen_lo;
	s->gen_hi = gen > s->gen_hi ? gen : s->gen_hi;
	s->chains += !!tb[NFGATE_A_CHAIN];
	if (!tb[NFGATE_A_RULE])
		return MNL_CB_OK;
	s->rules++;
	port = nested(tb[NFGATE_A_RULE], NFGATE_RULE_A_DPORT);
	port = port ? nested(port, NFGATE_PORT_A_MIN) : NULL;
	if (!port || mnl_attr_get_u16(port) != s->last_port + 1)
		s->out_of_order++;
	s->last_port = port ? mnl_attr_get_u16(port) : 0;
	return MNL_CB_OK;
}

/* Start a GET_RULES dump with NFGATE_DUMP_F_CHAINS on a fresh socket. */
static int snap_start(struct snap *s, uint16_t family)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *gh;

	memset(s, 0, sizeof(*s));
	s->nl = mnl_socket_open(NETLINK_GENERIC);
	if (!s->nl || mnl_socket_bind(s->nl, 0, MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = s->seq = 1;
	gh = mnl_nlmsg_put_extra_header(nlh, sizeof(*gh));
	gh->cmd = NFGATE_CMD_GET_RULES;
	gh->version = NFGATE_GENL_VERSION;
	mnl_attr_put_u32(nlh, NFGATE_A_DUMP_FLAGS, NFGATE_DUMP_F_CHAINS);
	return mnl_socket_sendto(s->nl, nlh, nlh->nlmsg_len) < 0 ? -errno : 0;
}

/* Read one part of the dump: > 0 more to come, 0 done, < 0 error. */
static int snap_part(struct snap *s)
{
	char buf[4096] __attribute__((aligned(8)));
	ssize_t n = mnl_socket_recvfrom(s->nl, buf, sizeof(buf));

	if (n < 0)
		return -errno;
	s->parts++;
	return mnl_cb_run(buf, n, s->seq, mnl_socket_get_portid(s->nl),
			  snap_cb, s);
}

TEST_F(commit, dump_is_a_snapshot_across_commits)
{
	uint16_t ports[SNAP_RULES];
	struct snap s, gone;
	uint32_t gen;
	int i, ret;

	for (i = 0; i < SNAP_RULES; i++)
		ports[i] = (uint16_t)(i + 1);
	ASSERT_EQ(0, commit_chain(&self->g, "big", ports, SNAP_RULES, NULL));
	gen = info_u32(&self->g, NFGATE_INFO_A_GENERATION);
	ASSERT_EQ(0, snap_start(&s, self->g.family));
	ASSERT_LT(0, snap_part(&s));
	/* The dump must span rounds for the commits below to land inside it. */
	ASSERT_LT(0, s.rules);
	ASSERT_GT(SNAP_RULES / 2, s.rules);
	/* Replace the whole ruleset, twice, while the dump is half read. */
	ASSERT_EQ(0, commit_chain(&self->g, "small", ports3, 3, NULL));
	ASSERT_EQ(0, commit_chain(&self->g, "small", ports3, 1, NULL));
	while ((ret = snap_part(&s)) > 0)
		;
	EXPECT_EQ(0, ret);
	TH_LOG("%d parts, %d chains, %d rules, generations %u..%u, %d interrupted",
	       s.parts, s.chains, s.rules, s.gen_lo, s.gen_hi, s.intr);
	EXPECT_LE(3, s.parts);
	EXPECT_EQ(0, s.intr);
	EXPECT_EQ(1, s.chains);
	EXPECT_EQ(SNAP_RULES, s.rules);
	EXPECT_EQ(0, s.out_of_order);
	EXPECT_EQ(gen, s.gen_lo);
	EXPECT_EQ(gen, s.gen_hi);
	mnl_socket_close(s.nl);
	/* A dump started now reads the new ruleset. */
	ASSERT_EQ(0, snapshot(&self->g, &self->after));
	EXPECT_NE(NULL, strstr(self->after.text, "chain small hook 1 prio 0 policy 1 rules 1\n"));
	EXPECT_EQ(NULL, strstr(self->after.text, "chain big"));
	EXPECT_EQ(gen + 2, self->after.generation);
	/* A dump abandoned half read: closing its socket frees what it held. */
	ASSERT_EQ(0, commit_chain(&self->g, "big", ports, SNAP_RULES, NULL));
	ASSERT_EQ(0, snap_start(&gone, self->g.family));
	ASSERT_LT(0, snap_part(&gone));
	ASSERT_EQ(0, commit_chain(&self->g, NULL, NULL, 0, NULL));
	mnl_socket_close(gone.nl);
	EXPECT_EQ(0, info_u32(&self->g, NFGATE_INFO_A_RULES));
}

/* ---- bad commits: each must fail, say why, and change nothing ---- */

struct bad_case {
	const char *name;
	void (*build)(struct nlmsghdr *nlh);
	int err;
	const char *msg;	/* expected in the extack message */
};

static void bad_unknown_chain(struct nlmsghdr *nlh)
{
	mnl_attr_put_strz(nlh, NFGATE_A_CHAIN_NAME, "nosuchchain");
}

static void bad_priority(struct nlmsghdr *nlh)
{
	struct nlattr *chains = mnl_attr_nest_start(nlh, NFGATE_A_CHAINS);
	struct nlattr *c = chain_begin(nlh, "x", NFGATE_HOOK_INPUT,
				       NFGATE_FAMILY_INET, INT_MIN,
				       NFGATE_VERDICT_ACCEPT);

	mnl_attr_nest_end(nlh, c);
	mnl_attr_nest_end(nlh, chains);
}

static void bad_ct_before_conntrack(struct nlmsghdr *nlh)
{
	struct nlattr *chains = mnl_attr_nest_start(nlh, NFGATE_A_CHAINS);
	struct nlattr *c = chain_begin(nlh, "raw", NFGATE_HOOK_PREROUTING,
				       NFGATE_FAMILY_INET, NFGATE_PRIO_RAW,
				       NFGATE_VERDICT_ACCEPT);
	struct nlattr *rules = mnl_attr_nest_start(nlh, NFGATE_CHAIN_A_RULES);
	struct nlattr *r = mnl_attr_nest_start(nlh, NFGATE_A_RULE);

	mnl_attr_put_u32(nlh, NFGATE_RULE_A_CT_STATE, NFGATE_CT_STATE_NEW);
	mnl_attr_nest_end(nlh, r);
	mnl_attr_nest_end(nlh, rules);
	mnl_attr_nest_end(nlh, c);
	mnl_attr_nest_end(nlh, chains);
}

static void bad_over_cap(struct nlmsghdr *nlh)
{
	static const uint16_t many[5] = { 1, 2, 3, 4, 5 };
	struct nlattr *chains = mnl_attr_nest_start(nlh, NFGATE_A_CHAINS);

	put_chain(nlh, "big", many, 5);	/* max_rules is set to 4 */
	mnl_attr_nest_end(nlh, chains);
}

static void bad_nest(struct nlmsghdr *nlh)
{
	struct nlattr *chains = mnl_attr_nest_start(nlh, NFGATE_A_CHAINS);

	mnl_attr_put_u32(nlh, NFGATE_A_CHAIN, 42);	/* not a nest */
	mnl_attr_nest_end(nlh, chains);
}

static void bad_missing_hook(struct nlmsghdr *nlh)
{
	struct nlattr *chains = mnl_attr_nest_start(nlh, NFGATE_A_CHAINS);
	struct nlattr *c = mnl_attr_nest_start(nlh, NFGATE_A_CHAIN);

	mnl_attr_put_strz(nlh, NFGATE_CHAIN_A_NAME, "x");
	mnl_attr_put_u8(nlh, NFGATE_CHAIN_A_FAMILY, NFGATE_FAMILY_INET);
	mnl_attr_put_u32(nlh, NFGATE_CHAIN_A_PRIORITY, 0);
	mnl_attr_nest_end(nlh, c);
	mnl_attr_nest_end(nlh, chains);
}

static void bad_repeated_match(struct nlmsghdr *nlh)
{
	struct nlattr *chains = mnl_attr_nest_start(nlh, NFGATE_A_CHAINS);
	struct nlattr *c = chain_begin(nlh, "x", NFGATE_HOOK_INPUT,
				       NFGATE_FAMILY_INET, 0,
				       NFGATE_VERDICT_ACCEPT);
	struct nlattr *rules = mnl_attr_nest_start(nlh, NFGATE_CHAIN_A_RULES);
	struct nlattr *r = mnl_attr_nest_start(nlh, NFGATE_A_RULE);

	mnl_attr_put_u8(nlh, NFGATE_RULE_A_L4PROTO, IPPROTO_TCP);
	mnl_attr_put_u8(nlh, NFGATE_RULE_A_L4PROTO, IPPROTO_UDP);
	mnl_attr_nest_end(nlh, r);
	mnl_attr_nest_end(nlh, rules);
	mnl_attr_nest_end(nlh, c);
	mnl_attr_nest_end(nlh, chains);
}

static void bad_counters_written(struct nlmsghdr *nlh)
{
	struct nlattr *chains = mnl_attr_nest_start(nlh, NFGATE_A_CHAINS);
	struct nlattr *c = chain_begin(nlh, "x", NFGATE_HOOK_INPUT,
				       NFGATE_FAMILY_INET, 0,
				       NFGATE_VERDICT_ACCEPT);

	mnl_attr_put_u64(nlh, NFGATE_CHAIN_A_PACKETS, 7);
	mnl_attr_nest_end(nlh, c);
	mnl_attr_nest_end(nlh, chains);
}

static void bad_host_bits(struct nlmsghdr *nlh)
{
	struct nlattr *chains = mnl_attr_nest_start(nlh, NFGATE_A_CHAINS);
	struct nlattr *c = chain_begin(nlh, "x", NFGATE_HOOK_INPUT,
				       NFGATE_FAMILY_INET, 0,
				       NFGATE_VERDICT_ACCEPT);
	struct nlattr *rules = mnl_attr_nest_start(nlh, NFGATE_CHAIN_A_RULES);
	struct nlattr *r = mnl_attr_nest_start(nlh, NFGATE_A_RULE);
	struct nlattr *a = mnl_attr_nest_start(nlh, NFGATE_RULE_A_SADDR);
	uint32_t addr = htonl(0x0a000001);	/* 10.0.0.1/8 */

	mnl_attr_put(nlh, NFGATE_ADDR_A_IN, 4, &addr);
	mnl_attr_put_u8(nlh, NFGATE_ADDR_A_PREFIX, 8);
	mnl_attr_nest_end(nlh, a);
	mnl_attr_nest_end(nlh, r);
	mnl_attr_nest_end(nlh, rules);
	mnl_attr_nest_end(nlh, c);
	mnl_attr_nest_end(nlh, chains);
}

static const struct bad_case bad_cases[] = {
	{ "unknown chain", bad_unknown_chain, -ENOENT, "no such chain" },
	{ "reserved priority", bad_priority, -ERANGE, "reserved" },
	{ "ct match before conntrack", bad_ct_before_conntrack, -EINVAL,
	  "conntrack" },
	{ "over max_rules", bad_over_cap, -ENOSPC, "max_rules" },
	{ "malformed nest", bad_nest, -EINVAL, "nest" },
	{ "missing hook", bad_missing_hook, -EINVAL, "hook" },
	{ "repeated match", bad_repeated_match, -EINVAL, "repeated" },
	{ "counters are read-only", bad_counters_written, -EINVAL, "read-only" },
	{ "host bits past the prefix", bad_host_bits, -EINVAL, "prefix" },
};

static int set_max_rules(const char *value)
{
	FILE *f = fopen("/sys/module/nfgate/parameters/max_rules", "w");
	int ok;

	if (!f)
		return -1;
	ok = fputs(value, f) >= 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

TEST_F(commit, bad_commits_change_nothing)
{
	char saved[32] = "";
	FILE *f;
	size_t i;

	f = fopen("/sys/module/nfgate/parameters/max_rules", "r");
	ASSERT_NE(NULL, f);
	ASSERT_NE(NULL, fgets(saved, sizeof(saved), f));
	fclose(f);
	ASSERT_EQ(0, commit_chain(&self->g, "keep", ports3, 3, NULL));
	ASSERT_EQ(0, snapshot(&self->g, &self->before));
	ASSERT_EQ(0, set_max_rules("4"));
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *bc = &bad_cases[i];
		struct nlmsghdr *nlh = commit_msg(&self->g);
		int err;

		bc->build(nlh);
		err = genl_talk(&self->g, nlh, reply_cb);
		TH_LOG("%s: %d \"%s\" at offset %d", bc->name, err,
		       self->g.ext_msg, self->g.ext_offs);
		EXPECT_EQ(bc->err, err);
		EXPECT_NE(NULL, strstr(self->g.ext_msg, bc->msg));
		EXPECT_LT(0, strlen(self->g.ext_msg));
		/* The message points into the request at the culprit. */
		EXPECT_LE((int)(NLMSG_HDRLEN + GENL_HDRLEN), self->g.ext_offs);
		ASSERT_EQ(0, snapshot(&self->g, &self->after));
		EXPECT_STREQ(self->before.text, self->after.text);
		EXPECT_EQ(self->before.generation, self->after.generation);
	}
	set_max_rules(saved);
}

TEST_HARNESS_MAIN
