/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The order of what runs at each netfilter hook, as far as nfgatectl can
 * see it: nft base chains (NFT_MSG_GETCHAIN dump through libnftnl),
 * legacy iptables tables at their fixed priorities (from
 * /proc/net/ip{,6}_tables_names) and nfgate's chains (GET_CHAINS).
 * Hooks of other modules (conntrack, defrag, NAT helpers, ...) come from
 * nfnetlink_hook ("nft list hooks") where the kernel has it.
 */
#ifndef NFGATECTL_HOOKORDER_H
#define NFGATECTL_HOOKORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report.h"

enum nfg_hook_src {
	NFG_SRC_NFT,		/* nft base chain (nft, iptables-nft, firewalld) */
	NFG_SRC_LEGACY,		/* iptables-legacy / ip6tables-legacy table */
	NFG_SRC_NFGATE,		/* nfgate chain */
	NFG_SRC_KERNEL,		/* another module's hook, from nfnetlink_hook */
};

struct nfg_hook_entry {
	uint8_t family;		/* NFPROTO_IPV4, _IPV6 or _INET */
	uint8_t hook;		/* NF_INET_* */
	int32_t prio;
	enum nfg_hook_src src;
	char table[64];		/* nft table, legacy table, or module name */
	char chain[64];		/* nft or nfgate chain, or hook function */
};

struct nfg_hooks {
	struct nfg_hook_entry *e;
	size_t n, cap;
};

/* 0 or -ENOMEM */
int nfg_hooks_add(struct nfg_hooks *h, const struct nfg_hook_entry *e);
void nfg_hooks_free(struct nfg_hooks *h);

/* The legacy tables named in names (the text of ip_tables_names, family
 * NFPROTO_IPV4, or ip6_tables_names) at their hooks and priorities. */
int nfg_hooks_add_legacy(struct nfg_hooks *h, uint8_t family, const char *names);
/* The live nft base chains: 0 or -errno. */
int nfg_hooks_add_nft(struct nfg_hooks *h);
/* The live hooks of modules other than nf_tables, ip(6)_tables and
 * nfgate at the ip and ip6 hooks, through nfnetlink_hook: 0 (all added),
 * or -errno and none added (-EOPNOTSUPP: the kernel has no nfnetlink_hook,
 * for which nfnetlink answers EINVAL). */
int nfg_hooks_add_kernel(struct nfg_hooks *h);

/* Print each family's and hook's ordered list into f and warn there when
 * an nfgate chain below firewalld's priority does not run before every
 * chain of nft table "firewalld" on its hook. */
void nfg_hooks_evaluate(const struct nfg_hooks *h, struct nfg_finding *f);

#endif
