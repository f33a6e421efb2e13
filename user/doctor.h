/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nfgatectl doctor: ordered checks of everything between nfgate and a
 * working firewall (the module, its dependencies and persistence,
 * firewalld, iptables, the xtables lock, the hook order), and --explain
 * of pasted error text. Every check reads files under the root (see
 * sysroot.h); only the hook order reads live kernel state, and only for
 * the running system.
 */
#ifndef NFGATECTL_DOCTOR_H
#define NFGATECTL_DOCTOR_H

#include "autoload.h"
#include "hookorder.h"
#include "kmods.h"
#include "report.h"
#include "sysroot.h"

struct nfg_doctor {
	struct nfg_root root;
	char kver[128];
	struct nfg_kmods k;
	bool have_index;	/* k is open */
	struct nfg_needs needs;
	struct nfg_report rep;
	/* Found by earlier checks, used by later ones. */
	bool nfgate_loaded;
	bool firewalld_running;
	char iptables_variant[16];	/* "legacy", "nft" or "" */
	/* nfg_doctor_read_hooks(): what runs at the hooks */
	bool hooks_read;
	struct nfg_hooks hooks;
	int nft_err;		/* reading nft base chains: 0 or -errno */
	int nfgate_err;		/* reading nfgate's chains: 0, -errno, 1 n/a */
	int kernel_err;		/* reading nfnetlink_hook: 0 or -errno */
	size_t nft_chains;	/* nft base chains found */
};

/* doctor_checks.c, in the order doctor runs them */
void nfg_check_module(struct nfg_doctor *d);
void nfg_check_installed(struct nfg_doctor *d);
void nfg_check_dkms(struct nfg_doctor *d);
void nfg_check_needed(struct nfg_doctor *d);
void nfg_check_firewalld(struct nfg_doctor *d);
void nfg_check_iptables(struct nfg_doctor *d);
void nfg_check_xtables_lock(struct nfg_doctor *d);
/* doctor_fw.c */
void nfg_doctor_read_hooks(struct nfg_doctor *d);
void nfg_check_hook_order(struct nfg_doctor *d);

/* The process name of pid under root ("comm", else the first word of
 * cmdline): buf, or "" if there is no such process. */
const char *nfg_proc_name(const struct nfg_root *root, long pid, char *buf,
			  size_t len);

/* explain.c: decode text into findings; false if nothing was recognised. */
bool nfg_explain(struct nfg_doctor *d, const char *text);

#endif
