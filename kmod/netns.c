// SPDX-License-Identifier: GPL-2.0
/*
 * nfgate: per network namespace state.
 */
#include <linux/rcupdate.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "nfgate.h"

unsigned int nfgate_net_id __read_mostly;

static int __net_init nfgate_net_init(struct net *net)
{
	nfgate_sets_init(nfgate_pernet(net), net);
	return nfgate_ruleset_init(nfgate_pernet(net));
}

/*
 * The set collector takes nn->lock, which nfgate_ruleset_teardown()
 * destroys: stop it first (found by the debug kernel's mutex checks).
 */
static void __net_exit nfgate_net_exit(struct net *net)
{
	nfgate_sets_stop_gc(nfgate_pernet(net));
	nfgate_ruleset_teardown(net);
	nfgate_sets_teardown(nfgate_pernet(net));
}

static struct pernet_operations nfgate_net_ops = {
	.init = nfgate_net_init,
	.exit = nfgate_net_exit,
	.id   = &nfgate_net_id,
	.size = sizeof(struct nfgate_net),
};

int nfgate_netns_init(void)
{
	return register_pernet_subsys(&nfgate_net_ops);
}

void nfgate_netns_exit(void)
{
	unregister_pernet_subsys(&nfgate_net_ops);
	/* Wait for the RCU callbacks that free rulesets and slots. */
	rcu_barrier();
}
