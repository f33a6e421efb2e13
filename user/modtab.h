/* SPDX-License-Identifier: GPL-2.0 */
/* What nfgatectl knows about the netfilter modules it talks about. */
#ifndef NFGATECTL_MODTAB_H
#define NFGATECTL_MODTAB_H

struct nfg_modinfo {
	const char *module;
	const char *config;	/* the Kconfig option that builds it */
	const char *what;	/* what it provides */
};

/* The entry of module, or NULL. */
const struct nfg_modinfo *nfg_modinfo_find(const char *module);

/* Kconfig option of module into buf (from the table, else the xtables
 * naming rule for xt_*): buf, or NULL if unknown. */
const char *nfg_mod_config(const char *module, char *buf, unsigned long len);

#endif
