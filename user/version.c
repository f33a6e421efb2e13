// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/nfgate.h>

#include "err.h"
#include "info.h"
#include "subcommands.h"

#ifndef NFGATECTL_VERSION
#define NFGATECTL_VERSION "0.1.0"
#endif

const char *nfg_tool_version(void)
{
	return NFGATECTL_VERSION;
}

/* Describe the module: absent or unreadable without privileges is fine. */
static int print_module_version(void)
{
	struct nfg_info info;
	struct nfg_req req;
	struct nfg_ack ack;
	struct nfg_nl nl;
	int err;

	err = nfg_nl_open(&nl);
	if (err == -ENOENT) {
		printf("module: not loaded\n");
		return NFG_EXIT_OK;
	}
	if (err) {
		nfg_err("cannot look up the nfgate generic netlink family: %s",
			strerror(-err));
		return NFG_EXIT_FAIL;
	}
	if (nl.version != NFGATE_GENL_VERSION) {
		printf("module: loaded, protocol %u (incompatible)\n", nl.version);
		nfg_nl_close(&nl);
		return nfg_check_protocol(&nl);
	}
	err = nfg_info_query(&nl, &info, &req, &ack);
	nfg_nl_close(&nl);
	if (!err)
		printf("module: %s (protocol %u)\n", info.version, nl.version);
	else if (err == -EPERM || err == -EACCES)
		printf("module: loaded, protocol %u (its version can be read only with CAP_NET_ADMIN)\n",
		       nl.version);
	else
		return nfg_report_failure("get module info", err, &ack, &req);
	return NFG_EXIT_OK;
}

int version_main(int argc, char *argv[], const struct nfg_cmd *cmd,
		 const struct nfg_opts *global)
{
	struct nfg_opts opts;
	int rc;

	rc = nfg_cmd_parse(argc, argv, cmd, global, &opts);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	printf("nfgatectl %s (protocol %d)\n", nfg_tool_version(),
	       NFGATE_GENL_VERSION);
	fflush(stdout);
	return print_module_version();
}
