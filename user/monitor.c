// SPDX-License-Identifier: GPL-2.0
/*
 * nfgatectl monitor [-j]: print nfgate's multicast events as they come,
 * one line each; with -j one JSON object per line (schema in nfgatectl(8)).
 */
#include <errno.h>
#include <string.h>

#include <linux/genetlink.h>

#include "err.h"
#include "json.h"
#include "setelem.h"
#include "subcommands.h"

static const struct nfg_attr_spec commit_spec[NFGATE_A_MAX + 1] = {
	[NFGATE_A_GENERATION] = { "NFGATE_A_GENERATION", MNL_TYPE_U32, NULL },
	[NFGATE_A_CHAIN_NAME] = { "NFGATE_A_CHAIN_NAME", MNL_TYPE_NUL_STRING, NULL },
};

static const struct nfg_attr_set commit_attrs = NFG_ATTR_SET(commit_spec);

/* One JSON line: {"event": EVENT, ...}; begin with ev_json_begin(). */
static void ev_json_begin(struct json_writer *w, const char *event)
{
	json_init(w, stdout);
	json_object_begin(w);
	json_member_string(w, "event", event);
}

static void ev_json_end(struct json_writer *w)
{
	json_object_end(w);
	json_finish(w);
}

static void print_commit(const struct nlmsghdr *nlh, bool json)
{
	const struct nlattr *tb[NFGATE_A_MAX + 1];
	const char *chain = NULL;
	struct json_writer w;
	uint32_t gen;

	if (nfg_attr_parse(nlh, &commit_attrs, tb) < 0 || !tb[NFGATE_A_GENERATION])
		return;
	gen = mnl_attr_get_u32(tb[NFGATE_A_GENERATION]);
	if (tb[NFGATE_A_CHAIN_NAME])
		chain = mnl_attr_get_str(tb[NFGATE_A_CHAIN_NAME]);
	if (json) {
		ev_json_begin(&w, "commit");
		json_member_u64(&w, "generation", gen);
		if (chain)
			json_member_string(&w, "chain", chain);
		ev_json_end(&w);
		return;
	}
	printf("commit generation %u", gen);
	if (chain)
		printf(" chain %s", chain);
	printf("\n");
}

static void print_elem_event(const struct nlmsghdr *nlh, bool json)
{
	const struct nlattr *tb[NFGATE_SET_A_MAX + 1];
	const struct nlattr *addr;
	struct json_writer w;
	const char *action;
	struct nfg_elem e;
	char text[64];
	uint8_t what;
	int type;

	if (nfg_attr_parse(nlh, &nfg_set_attrs, tb) < 0 || !tb[NFGATE_SET_A_NAME] ||
	    !tb[NFGATE_SET_A_EVENT] || !tb[NFGATE_SET_A_ELEM])
		return;
	what = mnl_attr_get_u8(tb[NFGATE_SET_A_EVENT]);
	addr = mnl_attr_get_payload(tb[NFGATE_SET_A_ELEM]);
	type = mnl_attr_get_payload_len(addr) == 4 ? NFGATE_SET_IPV4 : NFGATE_SET_IPV6;
	if (nfg_elem_decode(tb[NFGATE_SET_A_ELEM], type, &e) < 0)
		return;
	nfg_elem_format(&e, type, text, sizeof(text));
	action = what == NFGATE_SET_EVENT_ADDED ? "added" :
		 what == NFGATE_SET_EVENT_EXPIRED ? "expired" : "changed";
	if (json) {
		ev_json_begin(&w, "set-elem");
		json_member_string(&w, "set", mnl_attr_get_str(tb[NFGATE_SET_A_NAME]));
		json_member_string(&w, "action", action);
		json_member_string(&w, "elem", text);
		ev_json_end(&w);
		return;
	}
	printf("set %s %s %s\n", mnl_attr_get_str(tb[NFGATE_SET_A_NAME]),
	       action, text);
}

struct monitor {
	const struct nfg_nl *nl;
	bool json;
};

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	const struct monitor *m = data;

	if (nlh->nlmsg_type != m->nl->family_id ||
	    mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return MNL_CB_OK;
	if (genl->cmd == NFGATE_CMD_COMMIT)
		print_commit(nlh, m->json);
	else if (genl->cmd == NFGATE_CMD_SET_ELEM_EVENT)
		print_elem_event(nlh, m->json);
	fflush(stdout);
	return MNL_CB_OK;
}

/* The first line, and the line for lost events. */
static void say(bool json, const char *event, const char *text)
{
	struct json_writer w;

	if (json) {
		ev_json_begin(&w, event);
		ev_json_end(&w);
	} else {
		printf("%s\n", text);
	}
	fflush(stdout);
}

int monitor_main(int argc, char *argv[], const struct nfg_cmd *cmd,
		 const struct nfg_opts *global)
{
	static char buf[65536];
	struct nfg_opts opts;
	struct monitor m;
	struct nfg_nl nl;
	ssize_t n;
	int rc;

	rc = nfg_cmd_parse(argc, argv, cmd, global, &opts);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	rc = nfg_connect(&nl);
	if (rc)
		return rc;
	if (!nl.mcgrp_events ||
	    mnl_socket_setsockopt(nl.sock, NETLINK_ADD_MEMBERSHIP,
				  &nl.mcgrp_events, sizeof(nl.mcgrp_events)) < 0) {
		int err = nl.mcgrp_events ? errno : ENOENT;

		if (err == EPERM || err == EACCES) {
			rc = nfg_report_perm("monitor: cannot join the events group", err);
		} else {
			rc = nfg_exit_for_errno(err);
			nfg_err("monitor: cannot join the events group: %s", strerror(err));
		}
		nfg_nl_close(&nl);
		return rc;
	}
	m.nl = &nl;
	m.json = opts.json;
	say(m.json, "monitoring", "monitoring");
	for (;;) {
		n = mnl_socket_recvfrom(nl.sock, buf, sizeof(buf));
		if (n < 0 && errno == ENOBUFS) {
			say(m.json, "lost", "events lost (receive buffer overrun)");
			continue;
		}
		if (n <= 0)
			break;
		mnl_cb_run(buf, (size_t)n, 0, 0, event_cb, &m);
	}
	nfg_err("monitor: receive failed: %s", strerror(errno));
	nfg_nl_close(&nl);
	return NFG_EXIT_FAIL;
}
