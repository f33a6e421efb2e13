// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/nfgate.h>

#include "err.h"
#include "info.h"
#include "json.h"
#include "subcommands.h"

#ifndef NFGATECTL_VERSION
#define NFGATECTL_VERSION "0.1.0"
#endif

const char *nfg_tool_version(void)
{
	return NFGATECTL_VERSION;
}

/* What the module told us; version[0] == 0 when it could not be read. */
struct module_state {
	const char *state;	/* "loaded", "not-loaded" or "incompatible" */
	unsigned int protocol;
	char version[sizeof(((struct nfg_info *)0)->version)];
};

/* Describe the module: absent or unreadable without privileges is fine. */
static int query_module(struct module_state *m)
{
	struct nfg_info info;
	struct nfg_req req;
	struct nfg_ack ack;
	struct nfg_nl nl;
	int err;

	memset(m, 0, sizeof(*m));
	m->state = "not-loaded";
	err = nfg_nl_open(&nl);
	if (err == -ENOENT)
		return NFG_EXIT_OK;
	if (err) {
		nfg_err("cannot look up the nfgate generic netlink family: %s",
			strerror(-err));
		return NFG_EXIT_FAIL;
	}
	m->state = "loaded";
	m->protocol = nl.version;
	if (nl.version != NFGATE_GENL_VERSION) {
		m->state = "incompatible";
		nfg_nl_close(&nl);
		return NFG_EXIT_OK;
	}
	err = nfg_info_query(&nl, &info, &req, &ack);
	nfg_nl_close(&nl);
	if (!err)
		snprintf(m->version, sizeof(m->version), "%s", info.version);
	else if (err != -EPERM && err != -EACCES)
		return nfg_report_failure("get module info", err, &ack, &req);
	return NFG_EXIT_OK;
}

static void print_text(const struct module_state *m)
{
	printf("nfgatectl %s (protocol %d)\n", nfg_tool_version(),
	       NFGATE_GENL_VERSION);
	if (!strcmp(m->state, "not-loaded"))
		printf("module: not loaded\n");
	else if (!strcmp(m->state, "incompatible"))
		printf("module: loaded, protocol %u (incompatible)\n", m->protocol);
	else if (m->version[0])
		printf("module: %s (protocol %u)\n", m->version, m->protocol);
	else
		printf("module: loaded, protocol %u (its version can be read only with CAP_NET_ADMIN)\n",
		       m->protocol);
}

static void print_json(const struct module_state *m)
{
	struct json_writer w;

	json_init(&w, stdout);
	json_object_begin(&w);
	json_member_string(&w, "nfgatectl", nfg_tool_version());
	json_member_u64(&w, "protocol", NFGATE_GENL_VERSION);
	json_key(&w, "module");
	json_object_begin(&w);
	json_member_string(&w, "state", m->state);
	if (m->protocol)
		json_member_u64(&w, "protocol", m->protocol);
	if (m->version[0])
		json_member_string(&w, "version", m->version);
	json_object_end(&w);
	json_object_end(&w);
	json_finish(&w);
}

int version_main(int argc, char *argv[], const struct nfg_cmd *cmd,
		 const struct nfg_opts *global)
{
	struct module_state m;
	struct nfg_opts opts;
	int rc;

	rc = nfg_cmd_parse(argc, argv, cmd, global, &opts);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	rc = query_module(&m);
	if (rc)
		return rc;
	if (opts.json)
		print_json(&m);
	else
		print_text(&m);
	if (!strcmp(m.state, "incompatible")) {
		struct nfg_nl nl = { .version = m.protocol };

		return nfg_check_protocol(&nl);
	}
	return NFG_EXIT_OK;
}
