// SPDX-License-Identifier: GPL-2.0
/*
 * nfgate: module entry points.
 */
#include <linux/genetlink.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/nfgate.h>

#include "nfgate.h"

unsigned int nfgate_max_chains __read_mostly = 256;
module_param_named(max_chains, nfgate_max_chains, uint, 0644);
MODULE_PARM_DESC(max_chains, "chains per network namespace (default 256)");

unsigned int nfgate_max_rules __read_mostly = 16384;
module_param_named(max_rules, nfgate_max_rules, uint, 0644);
MODULE_PARM_DESC(max_rules, "rules per network namespace (default 16384)");

static int __init nfgate_init(void)
{
	int err;

	err = nfgate_netns_init();
	if (err)
		goto err_netns;

	err = nfgate_genl_init();
	if (err)
		goto err_genl;

	pr_info("version %s loaded\n", NFGATE_VERSION);
	return 0;

err_genl:
	nfgate_netns_exit();
err_netns:
	return err;
}

static void __exit nfgate_exit(void)
{
	nfgate_genl_exit();
	nfgate_netns_exit();
	pr_info("unloaded\n");
}

module_init(nfgate_init);
module_exit(nfgate_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("nfgate: netfilter fast path with firewalld-relative hooks");
MODULE_VERSION(NFGATE_VERSION);
MODULE_ALIAS_GENL_FAMILY(NFGATE_GENL_NAME);
