/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Raw generic netlink helpers for nfgate's C selftests: a libmnl socket
 * bound to the nfgate family, requests with extended ACK capture, and
 * replies parsed into a top-level attribute table. Talking raw netlink
 * checks the kernel, not nfgatectl.
 */
#ifndef NFGATE_NL_H
#define NFGATE_NL_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/nfgate.h>

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

#define NFGATE_TB_MAX 32

struct genl {
	struct mnl_socket *nl;
	uint16_t family;
	uint32_t mcgrp;
	uint32_t seq;
	int err;		/* -errno of the last request, 0 on success */
	char ext_msg[256];	/* extack message of the last error */
	int ext_offs;		/* extack offset, -1 when absent */
	struct nlattr *tb[NFGATE_TB_MAX];	/* top-level attrs of the last reply */
	void *priv;		/* for reply callbacks: they get the genl */
	char buf[32768];
};

static inline int tb_attr_cb(const struct nlattr *attr, void *data)
{
	struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (type < NFGATE_TB_MAX)
		tb[type] = (struct nlattr *)attr;
	return MNL_CB_OK;
}

static inline int reply_cb(const struct nlmsghdr *nlh, void *data)
{
	struct genl *g = data;

	memset(g->tb, 0, sizeof(g->tb));
	mnl_attr_parse(nlh, GENL_HDRLEN, tb_attr_cb, g->tb);
	return MNL_CB_OK;
}

static inline int ext_attr_cb(const struct nlattr *attr, void *data)
{
	struct genl *g = data;

	if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG)
		snprintf(g->ext_msg, sizeof(g->ext_msg), "%s",
			 mnl_attr_get_str(attr));
	if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_OFFS)
		g->ext_offs = (int)mnl_attr_get_u32(attr);
	return MNL_CB_OK;
}

static inline int error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	struct genl *g = data;
	unsigned int off = sizeof(*nlh) + sizeof(*e);

	g->err = e->error;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
		mnl_attr_parse(nlh, off - sizeof(*nlh), ext_attr_cb, g);
	return e->error ? MNL_CB_ERROR : MNL_CB_STOP;
}

/* A dump ends with NLMSG_DONE: an int error, then the extack attributes. */
static inline int done_cb(const struct nlmsghdr *nlh, void *data)
{
	struct genl *g = data;
	int err = 0;

	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(int))
		memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
	if (err >= 0)
		return MNL_CB_STOP;
	g->err = err;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
		mnl_attr_parse(nlh, sizeof(int), ext_attr_cb, g);
	return MNL_CB_ERROR;
}

/* With a control array, libmnl ignores the types it leaves NULL. */
static mnl_cb_t ctl_cbs[NLMSG_MIN_TYPE] = {
	[NLMSG_ERROR] = error_cb,
	[NLMSG_DONE] = done_cb,
};

/* Send @nlh and read replies until the ack; returns g->err. */
static inline int genl_talk(struct genl *g, struct nlmsghdr *nlh, mnl_cb_t cb)
{
	unsigned int portid = mnl_socket_get_portid(g->nl);
	ssize_t n;
	int ret;

	g->err = 0;
	g->ext_msg[0] = '\0';
	g->ext_offs = -1;
	/* Dumps end with NLMSG_DONE; other requests with an ACK. */
	if ((nlh->nlmsg_flags & NLM_F_DUMP) != NLM_F_DUMP)
		nlh->nlmsg_flags |= NLM_F_ACK;
	nlh->nlmsg_seq = ++g->seq;
	if (mnl_socket_sendto(g->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		n = mnl_socket_recvfrom(g->nl, g->buf, sizeof(g->buf));
		if (n < 0)
			return -errno;
		ret = mnl_cb_run2(g->buf, n, g->seq, portid, cb, g,
				  ctl_cbs, NLMSG_MIN_TYPE);
	} while (ret > 0);
	return g->err;
}

static inline struct nlmsghdr *genl_msg(struct genl *g, uint16_t type,
					uint8_t cmd,
					uint8_t version)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(g->buf);
	struct genlmsghdr *gh;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	gh = mnl_nlmsg_put_extra_header(nlh, sizeof(*gh));
	gh->cmd = cmd;
	gh->version = version;
	return nlh;
}

static inline int family_attr_cb(const struct nlattr *attr, void *data)
{
	struct genl *g = data;
	struct nlattr *grp, *a;

	if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID)
		g->family = mnl_attr_get_u16(attr);
	if (mnl_attr_get_type(attr) != CTRL_ATTR_MCAST_GROUPS)
		return MNL_CB_OK;
	mnl_attr_for_each_nested(grp, attr) {
		uint32_t id = 0;
		const char *name = NULL;

		mnl_attr_for_each_nested(a, grp) {
			if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_ID)
				id = mnl_attr_get_u32(a);
			if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_NAME)
				name = mnl_attr_get_str(a);
		}
		if (name && !strcmp(name, NFGATE_MCGRP_EVENTS))
			g->mcgrp = id;
	}
	return MNL_CB_OK;
}

static inline int family_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, GENL_HDRLEN, family_attr_cb, data);
}

/* Open a socket in the caller's netns and resolve the nfgate family. */
static inline int genl_open(struct genl *g)
{
	struct nlmsghdr *nlh;
	int one = 1;

	memset(g, 0, sizeof(*g));
	g->nl = mnl_socket_open(NETLINK_GENERIC);
	if (!g->nl || mnl_socket_bind(g->nl, 0, MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	mnl_socket_setsockopt(g->nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(g->nl, NETLINK_CAP_ACK, &one, sizeof(one));
	nlh = genl_msg(g, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, NFGATE_GENL_NAME);
	return genl_talk(g, nlh, family_cb);
}

static inline void genl_close(struct genl *g)
{
	if (g->nl)
		mnl_socket_close(g->nl);
	g->nl = NULL;
}

static inline int get_info(struct genl *g)
{
	return genl_talk(g, genl_msg(g, g->family, NFGATE_CMD_GET_INFO,
				     NFGATE_GENL_VERSION), reply_cb);
}

static inline uint64_t sock_netns_cookie(struct genl *g)
{
	uint64_t cookie = 0;
	socklen_t len = sizeof(cookie);

	if (getsockopt(mnl_socket_get_fd(g->nl), SOL_SOCKET, SO_NETNS_COOKIE,
		       &cookie, &len))
		return 0;
	return cookie;
}

static inline int join_events(struct genl *g)
{
	int grp = (int)g->mcgrp;

	if (mnl_socket_setsockopt(g->nl, NETLINK_ADD_MEMBERSHIP, &grp,
				  sizeof(grp)))
		return -errno;
	return 0;
}

/* ---- building commits ---- */

static inline struct nlmsghdr *commit_msg(struct genl *g)
{
	return genl_msg(g, g->family, NFGATE_CMD_COMMIT, NFGATE_GENL_VERSION);
}

static inline struct nlattr *chain_begin(struct nlmsghdr *nlh,
					 const char *name, uint32_t hook,
					 uint8_t family, int32_t prio,
					 uint32_t policy)
{
	struct nlattr *c = mnl_attr_nest_start(nlh, NFGATE_A_CHAIN);

	mnl_attr_put_strz(nlh, NFGATE_CHAIN_A_NAME, name);
	mnl_attr_put_u32(nlh, NFGATE_CHAIN_A_HOOK, hook);
	mnl_attr_put_u8(nlh, NFGATE_CHAIN_A_FAMILY, family);
	mnl_attr_put_u32(nlh, NFGATE_CHAIN_A_PRIORITY, (uint32_t)prio);
	mnl_attr_put_u32(nlh, NFGATE_CHAIN_A_POLICY, policy);
	return c;
}

/* A rule "l4proto PROTO VERDICT". */
static inline void put_proto_rule(struct nlmsghdr *nlh, uint8_t proto,
				  uint32_t verdict)
{
	struct nlattr *r = mnl_attr_nest_start(nlh, NFGATE_A_RULE);

	mnl_attr_put_u8(nlh, NFGATE_RULE_A_L4PROTO, proto);
	mnl_attr_put_u32(nlh, NFGATE_RULE_A_VERDICT, verdict);
	mnl_attr_nest_end(nlh, r);
}

/* A rule "l4proto tcp dport PORT VERDICT". */
static inline void put_port_rule(struct nlmsghdr *nlh, uint16_t port,
				 uint32_t verdict, uint64_t handle)
{
	struct nlattr *r = mnl_attr_nest_start(nlh, NFGATE_A_RULE);
	struct nlattr *p;

	if (handle)
		mnl_attr_put_u64(nlh, NFGATE_RULE_A_HANDLE, handle);
	mnl_attr_put_u8(nlh, NFGATE_RULE_A_L4PROTO, IPPROTO_TCP);
	p = mnl_attr_nest_start(nlh, NFGATE_RULE_A_DPORT);
	mnl_attr_put_u16(nlh, NFGATE_PORT_A_MIN, port);
	mnl_attr_nest_end(nlh, p);
	mnl_attr_put_u32(nlh, NFGATE_RULE_A_VERDICT, verdict);
	mnl_attr_nest_end(nlh, r);
}

#endif /* NFGATE_NL_H */
