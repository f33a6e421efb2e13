/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Boot-time module loading of nfgate: the files "nfgatectl autoload"
 * writes, the modules the configuration needs, and the checks of
 * "autoload status" that "doctor" runs too.
 */
#ifndef NFGATECTL_AUTOLOAD_H
#define NFGATECTL_AUTOLOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "kmods.h"
#include "report.h"
#include "sysroot.h"

#define NFG_LOAD_CONF	"/etc/modules-load.d/nfgate.conf"
#define NFG_PROBE_CONF	"/etc/modprobe.d/nfgate.conf"
/* The first line of every file nfgatectl writes; disable removes a file
 * only if it starts with it. */
extern const char nfg_autoload_header[];

#define NFG_NEEDS_MAX 8

/* The modules the configuration needs, nfgate first. */
struct nfg_needs {
	const char *names[NFG_NEEDS_MAX];
	size_t n;
	const char *source;	/* "the live ruleset" or "the default set" */
};

/*
 * From the live ruleset when root is live and nfgate is loaded there
 * (conntrack matches, reject and log verdicts of its chains), else the
 * default set: nfgate nf_conntrack nf_reject_ipv4 nf_reject_ipv6
 * nf_log_syslog.
 */
void nfg_needs_get(const struct nfg_root *root, struct nfg_needs *needs);

/* The autoload checks: nfgate's two files, and stale lines in every
 * modules-load.d file (modules kernel k does not have). */
void nfg_autoload_inspect(const struct nfg_root *root, struct nfg_kmods *k,
			  const struct nfg_needs *needs, struct nfg_report *rep);

#endif
