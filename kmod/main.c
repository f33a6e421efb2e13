// SPDX-License-Identifier: GPL-2.0
/*
 * nfgate: module entry points.
 */
#include <linux/genetlink.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/netlink.h>
#include <linux/nfgate.h>

#include "nfgate.h"

unsigned int nfgate_max_chains __read_mostly = 256;
module_param_named(max_chains, nfgate_max_chains, uint, 0644);
MODULE_PARM_DESC(max_chains, "chains per network namespace (default 256)");

unsigned int nfgate_max_rules __read_mostly = 16384;
module_param_named(max_rules, nfgate_max_rules, uint, 0644);
MODULE_PARM_DESC(max_rules, "rules per network namespace (default 16384)");

unsigned int nfgate_max_sets __read_mostly = 256;
module_param_named(max_sets, nfgate_max_sets, uint, 0644);
MODULE_PARM_DESC(max_sets, "sets per network namespace (default 256)");

unsigned int nfgate_max_set_elems __read_mostly = 1U << 21;
module_param_named(max_set_elems, nfgate_max_set_elems, uint, 0644);
MODULE_PARM_DESC(max_set_elems,
		 "address set elements in all network namespaces (default 2097152)");

static int __init nfgate_init(void)
{
	int err;

	err = nfgate_set_module_init();
	if (err)
		goto err_set;

	err = nfgate_netns_init();
	if (err)
		goto err_netns;

	err = netlink_register_notifier(&nfgate_set_nl_notifier);
	if (err)
		goto err_notifier;

	err = nfgate_genl_init();
	if (err)
		goto err_genl;

	pr_info("version %s loaded\n", NFGATE_VERSION);
	return 0;

err_genl:
	netlink_unregister_notifier(&nfgate_set_nl_notifier);
err_notifier:
	nfgate_netns_exit();
err_netns:
	nfgate_set_module_exit();
err_set:
	return err;
}

static void __exit nfgate_exit(void)
{
	nfgate_genl_exit();
	netlink_unregister_notifier(&nfgate_set_nl_notifier);
	nfgate_netns_exit();
	nfgate_set_module_exit();
	pr_info("unloaded\n");
}

module_init(nfgate_init);
module_exit(nfgate_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("nfgate: netfilter fast path with firewalld-relative hooks");
MODULE_VERSION(NFGATE_VERSION);
MODULE_ALIAS_GENL_FAMILY(NFGATE_GENL_NAME);
