// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of doctor's hook order: the legacy tables' hooks and
 * priorities, the ordered lists, and the warning when an nfgate chain
 * meant to run before firewalld does not.
 */
#include <stdlib.h>
#include <string.h>

#include <linux/netfilter.h>

#include "hookorder.h"
#include "nl.h"
#include "unit.h"

static void add(struct nfg_hooks *h, enum nfg_hook_src src, uint8_t family,
		uint8_t hook, int32_t prio, const char *table, const char *chain)
{
	struct nfg_hook_entry e = { .family = family, .hook = hook, .prio = prio, .src = src };

	snprintf(e.table, sizeof(e.table), "%s", table);
	snprintf(e.chain, sizeof(e.chain), "%s", chain);
	if (nfg_hooks_add(h, &e) < 0)
		abort();
}

/* evaluate h into f and free h */
static void evaluate(struct nfg_hooks *h, struct nfg_finding *f)
{
	memset(f, 0, sizeof(*f));
	nfg_hooks_evaluate(h, f);
	nfg_hooks_free(h);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle))) {
		n++;
		hay++;
	}
	return n;
}

static int test_hooks_legacy_tables(void)
{
	struct nfg_hooks h = { 0 };
	struct nfg_finding f;

	CHECK(nfg_hooks_add_legacy(&h, NFPROTO_IPV4, "filter\nnat\nbogus\n") == 0);
	CHECK(h.n == 7);
	evaluate(&h, &f);
	CHECK(f.level == NFG_OK);
	CHECK(strstr(f.evidence, "ip prerouting: -100 iptables-legacy nat\n"));
	CHECK(strstr(f.evidence, "ip input: 0 iptables-legacy filter, 100 iptables-legacy nat\n"));
	CHECK(strstr(f.evidence, "ip postrouting: 100 iptables-legacy nat"));
	CHECK(!strstr(f.evidence, "ip6 "));
	return 0;
}

static int test_hooks_before_firewalld(void)
{
	struct nfg_hooks h = { 0 };
	struct nfg_finding f;

	add(&h, NFG_SRC_NFT, NFPROTO_INET, NF_INET_LOCAL_IN, 10, "firewalld", "filter_INPUT");
	add(&h, NFG_SRC_NFGATE, NFPROTO_INET, NF_INET_LOCAL_IN, 5, "", "in");
	add(&h, NFG_SRC_NFT, NFPROTO_IPV4, NF_INET_LOCAL_IN, 0, "filter", "INPUT");
	add(&h, NFG_SRC_NFGATE, NFPROTO_IPV4, NF_INET_LOCAL_IN, 15, "", "late");
	evaluate(&h, &f);
	CHECK(f.level == NFG_OK);
	CHECK_STR(f.evidence,
		  "ip input: 0 nft ip filter INPUT, 5 nfgate in, 10 nft inet firewalld filter_INPUT, 15 nfgate late\n"
		  "ip6 input: 5 nfgate in, 10 nft inet firewalld filter_INPUT");
	return 0;
}

static int test_hooks_not_before_firewalld(void)
{
	struct nfg_hooks h = { 0 };
	struct nfg_finding f;

	add(&h, NFG_SRC_NFT, NFPROTO_INET, NF_INET_FORWARD, 0, "firewalld", "filter_FORWARD");
	add(&h, NFG_SRC_NFGATE, NFPROTO_INET, NF_INET_FORWARD, 5, "", "fwd");
	evaluate(&h, &f);
	CHECK(f.level == NFG_WARN);
	CHECK_STR(f.summary, "an nfgate chain meant to run before firewalld does not");
	/* inet against inet is reported once, under ip */
	CHECK(count(f.evidence, "nfgate chain fwd (priority 5) is after firewalld's inet filter_FORWARD (priority 0)") == 1);
	CHECK(strstr(f.fix, "give chain fwd a priority below 0"));
	return 0;
}

static int test_hooks_same_priority(void)
{
	struct nfg_hooks h = { 0 };
	struct nfg_finding f;

	add(&h, NFG_SRC_NFT, NFPROTO_INET, NF_INET_LOCAL_IN, 5, "firewalld", "filter_INPUT");
	add(&h, NFG_SRC_NFGATE, NFPROTO_IPV6, NF_INET_LOCAL_IN, 5, "", "in6");
	/* another table at the same priority is no concern */
	add(&h, NFG_SRC_NFT, NFPROTO_IPV6, NF_INET_LOCAL_IN, -5, "mine", "input");
	evaluate(&h, &f);
	CHECK(f.level == NFG_WARN);
	CHECK(strstr(f.evidence, "ip6 input: nfgate chain in6 (priority 5) is at the same priority as, so in undefined order with, firewalld's inet filter_INPUT (priority 5)"));
	CHECK(!strstr(f.evidence, "ip input: nfgate"));
	return 0;
}

static int test_hooks_empty(void)
{
	struct nfg_hooks h = { 0 };
	struct nfg_finding f;

	evaluate(&h, &f);
	CHECK(f.level == NFG_OK);
	CHECK_STR(f.evidence, "nothing found at the ip and ip6 hooks");
	return 0;
}

const struct unit_test unit_doctor_tests[] = {
	{ "hooks_legacy_tables", test_hooks_legacy_tables },
	{ "hooks_before_firewalld", test_hooks_before_firewalld },
	{ "hooks_not_before_firewalld", test_hooks_not_before_firewalld },
	{ "hooks_same_priority", test_hooks_same_priority },
	{ "hooks_empty", test_hooks_empty },
};
const size_t unit_doctor_ntests = NFG_ARRAY_SIZE(unit_doctor_tests);
