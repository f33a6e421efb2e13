// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <linux/nfgate.h>

#include "err.h"

static void NFG_PRINTF(1, 0) vreport(const char *fmt, va_list ap)
{
	fputs("nfgatectl: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void nfg_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap);
	va_end(ap);
}

int nfg_usage_err(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap);
	va_end(ap);
	if (cmd)
		nfg_err("run 'nfgatectl %s --help' for usage", cmd);
	else
		nfg_err("run 'nfgatectl help' for usage");
	return NFG_EXIT_USAGE;
}

int nfg_exit_for_errno(int err)
{
	if (err == EPERM || err == EACCES)
		return NFG_EXIT_PERM;
	return NFG_EXIT_FAIL;
}

int nfg_report_no_module(void)
{
	nfg_err("the nfgate kernel module is not loaded and could not be autoloaded (generic netlink family \"%s\" not found)",
		NFGATE_GENL_NAME);
	nfg_err("load it with 'modprobe nfgate'; if it is not installed, build and install it first ('make install' in the nfgate source tree, or through DKMS)");
	if (access("/proc/modules", F_OK) != 0)
		nfg_err("note: this kernel has no loadable module support (/proc/modules is missing), so nfgate can only be used on a kernel that can load modules");
	nfg_err("'nfgatectl doctor' checks what nfgate needs and says what to fix");
	return NFG_EXIT_NOMODULE;
}

int nfg_report_perm(const char *what, int err)
{
	nfg_err("%s: %s", what, strerror(err));
	nfg_err("nfgate needs CAP_NET_ADMIN in the user namespace that owns this network namespace: run nfgatectl as root, or inside that user namespace (e.g. under 'unshare -r -n' or 'nsenter')");
	return NFG_EXIT_PERM;
}
