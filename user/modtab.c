// SPDX-License-Identifier: GPL-2.0
/* Netfilter modules: their Kconfig option and what they provide. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "modtab.h"
#include "nl.h"

static const struct nfg_modinfo mods[] = {
	{ "nfgate", NULL, "nfgate itself" },
	{ "nf_conntrack", "CONFIG_NF_CONNTRACK", "connection tracking (ct-state, ct-status matches)" },
	{ "nf_reject_ipv4", "CONFIG_NF_REJECT_IPV4", "IPv4 reject (TCP reset, ICMP unreachable)" },
	{ "nf_reject_ipv6", "CONFIG_NF_REJECT_IPV6", "IPv6 reject (TCP reset, ICMPv6 unreachable)" },
	{ "nf_log_syslog", "CONFIG_NF_LOG_SYSLOG", "the syslog logger (log level ...)" },
	{ "nfnetlink_log", "CONFIG_NETFILTER_NETLINK_LOG", "the NFLOG logger (log group ...)" },
	{ "nf_tables", "CONFIG_NF_TABLES", "nftables (nft, iptables-nft, firewalld's nftables backend)" },
	{ "nft_compat", "CONFIG_NFT_COMPAT", "xtables matches and targets inside nftables (iptables-nft)" },
	{ "nft_ct", "CONFIG_NFT_CT", "the nft ct expression" },
	{ "nft_reject_inet", "CONFIG_NFT_REJECT_INET", "nft reject in inet tables" },
	{ "nft_fib_inet", "CONFIG_NFT_FIB_INET", "nft fib (firewalld's reverse path filter)" },
	{ "nfnetlink_hook", "CONFIG_NETFILTER_NETLINK_HOOK", "the hook list of 'nft list hooks'" },
	{ "ip_tables", "CONFIG_IP_NF_IPTABLES", "legacy iptables (iptables-legacy)" },
	{ "ip6_tables", "CONFIG_IP6_NF_IPTABLES", "legacy ip6tables (ip6tables-legacy)" },
	{ "ipt_REJECT", "CONFIG_IP_NF_TARGET_REJECT", "the iptables REJECT target" },
	{ "ip6t_REJECT", "CONFIG_IP6_NF_TARGET_REJECT", "the ip6tables REJECT target" },
	{ "xt_conntrack", "CONFIG_NETFILTER_XT_MATCH_CONNTRACK", "the iptables conntrack match (-m conntrack)" },
	{ "xt_state", "CONFIG_NETFILTER_XT_MATCH_STATE", "the iptables state match (-m state)" },
	{ "xt_recent", "CONFIG_NETFILTER_XT_MATCH_RECENT", "the iptables recent match (-m recent)" },
	{ "xt_set", "CONFIG_NETFILTER_XT_SET", "the iptables set match and SET target (ipset)" },
	{ "xt_LOG", "CONFIG_NETFILTER_XT_TARGET_LOG", "the iptables LOG target" },
	{ "xt_NFLOG", "CONFIG_NETFILTER_XT_TARGET_NFLOG", "the iptables NFLOG target" },
	{ "xt_CT", "CONFIG_NETFILTER_XT_TARGET_CT", "the iptables CT target" },
	{ "xt_REDIRECT", "CONFIG_NETFILTER_XT_TARGET_REDIRECT", "the iptables REDIRECT target" },
	{ "xt_MASQUERADE", "CONFIG_NETFILTER_XT_TARGET_MASQUERADE", "the iptables MASQUERADE target" },
	{ "xt_nat", "CONFIG_NETFILTER_XT_NAT", "the iptables SNAT and DNAT targets" },
	{ "xt_tcpudp", "CONFIG_NETFILTER_XTABLES", "the iptables tcp and udp matches" },
};

const struct nfg_modinfo *nfg_modinfo_find(const char *module)
{
	size_t i;

	for (i = 0; i < NFG_ARRAY_SIZE(mods); i++)
		if (!strcmp(mods[i].module, module))
			return &mods[i];
	return NULL;
}

/* xt_foo is CONFIG_NETFILTER_XT_MATCH_FOO, xt_FOO CONFIG_NETFILTER_XT_TARGET_FOO */
const char *nfg_mod_config(const char *module, char *buf, unsigned long len)
{
	const struct nfg_modinfo *m = nfg_modinfo_find(module);
	const char *p;
	size_t n;

	if (m)
		return m->config;
	if (strncmp(module, "xt_", 3) || !module[3])
		return NULL;
	n = snprintf(buf, len, "CONFIG_NETFILTER_XT_%s_",
		     isupper((unsigned char)module[3]) ? "TARGET" : "MATCH");
	for (p = module + 3; *p && n + 1 < len; p++)
		buf[n++] = toupper((unsigned char)*p);
	buf[n < len ? n : len - 1] = '\0';
	return buf;
}
