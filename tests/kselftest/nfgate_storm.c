// SPDX-License-Identifier: GPL-2.0
/*
 * nfgate_storm COUNT PORT: commit COUNT rulesets as fast as the kernel
 * takes them, in the caller's netns. Every ruleset has a chain "storm" at
 * inet input, priority 0, policy drop, whose first rules change with every
 * commit (tcp dports that no test traffic uses, dropped) and whose last
 * rules accept tcp dport PORT, ICMP and ICMPv6. Even commits replace the
 * whole ruleset (with a second chain "other" at output that they also
 * rewrite), odd ones only "storm". Traffic to PORT and pings that run
 * meanwhile must never meet the policy: a reader that saw a half-built
 * or missing chain would drop them. Exits 0 when every commit succeeded.
 */

#include <stdlib.h>
#include <time.h>

#include "nfgate_nl.h"

#define CHURN 8		/* rules that change in every commit */

static void put_storm(struct nlmsghdr *nlh, unsigned int i, uint16_t port)
{
	struct nlattr *c = chain_begin(nlh, "storm", NFGATE_HOOK_INPUT,
				       NFGATE_FAMILY_INET, 0,
				       NFGATE_VERDICT_DROP);
	struct nlattr *rules = mnl_attr_nest_start(nlh, NFGATE_CHAIN_A_RULES);
	unsigned int j;

	for (j = 0; j < CHURN; j++)
		put_port_rule(nlh, 20000 + (i * CHURN + j) % 40000,
			      NFGATE_VERDICT_DROP, 0);
	put_port_rule(nlh, port, NFGATE_VERDICT_ACCEPT, 0);
	put_proto_rule(nlh, IPPROTO_ICMP, NFGATE_VERDICT_ACCEPT);
	put_proto_rule(nlh, IPPROTO_ICMPV6, NFGATE_VERDICT_ACCEPT);
	mnl_attr_nest_end(nlh, rules);
	mnl_attr_nest_end(nlh, c);
}

static void put_other(struct nlmsghdr *nlh, unsigned int i)
{
	struct nlattr *c = chain_begin(nlh, "other", NFGATE_HOOK_OUTPUT,
				       NFGATE_FAMILY_INET, 0,
				       NFGATE_VERDICT_ACCEPT);
	struct nlattr *rules = mnl_attr_nest_start(nlh, NFGATE_CHAIN_A_RULES);

	put_port_rule(nlh, 20000 + i % 40000, NFGATE_VERDICT_DROP, 0);
	mnl_attr_nest_end(nlh, rules);
	mnl_attr_nest_end(nlh, c);
}

static int storm_commit(struct genl *g, unsigned int i, uint16_t port)
{
	struct nlmsghdr *nlh = commit_msg(g);
	struct nlattr *chains;

	if (i % 2)
		mnl_attr_put_strz(nlh, NFGATE_A_CHAIN_NAME, "storm");
	chains = mnl_attr_nest_start(nlh, NFGATE_A_CHAINS);
	put_storm(nlh, i, port);
	if (!(i % 2))
		put_other(nlh, i);
	mnl_attr_nest_end(nlh, chains);
	return genl_talk(g, nlh, NULL);
}

int main(int argc, char **argv)
{
	struct timespec t0, t1;
	unsigned int i, count;
	struct genl g;
	int port, err;

	if (argc != 3) {
		fprintf(stderr, "usage: nfgate_storm COUNT PORT\n");
		return 2;
	}
	count = strtoul(argv[1], NULL, 10);
	port = atoi(argv[2]);
	err = genl_open(&g);
	if (err) {
		fprintf(stderr, "nfgate_storm: resolving the family: %s\n",
			strerror(-err));
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < count; i++) {
		err = storm_commit(&g, i, (uint16_t)port);
		if (err) {
			fprintf(stderr, "nfgate_storm: commit %u: %s (%s)\n",
				i, strerror(-err), g.ext_msg);
			genl_close(&g);
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("# %u commits in %.2f s\n", count,
	       (double)(t1.tv_sec - t0.tv_sec) +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	genl_close(&g);
	return 0;
}
