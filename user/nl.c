// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/nfgate.h>

#include "err.h"
#include "nl.h"

/* Large enough for any message the kernel sends (dumps use up to 32 KiB). */
#define NFG_RECV_SIZE 32768

static const char *const mnl_type_desc[MNL_TYPE_MAX] = {
	[MNL_TYPE_U8] = "u8",
	[MNL_TYPE_U16] = "u16",
	[MNL_TYPE_U32] = "u32",
	[MNL_TYPE_U64] = "u64",
	[MNL_TYPE_STRING] = "string",
	[MNL_TYPE_FLAG] = "flag",
	[MNL_TYPE_MSECS] = "msecs",
	[MNL_TYPE_NESTED] = "nest",
	[MNL_TYPE_NUL_STRING] = "NUL-terminated string",
	[MNL_TYPE_BINARY] = "binary",
};

static const struct nfg_attr_spec ctrl_spec[CTRL_ATTR_MCAST_GROUPS + 1] = {
	[CTRL_ATTR_FAMILY_ID] = { "CTRL_ATTR_FAMILY_ID", MNL_TYPE_U16 },
	[CTRL_ATTR_FAMILY_NAME] = { "CTRL_ATTR_FAMILY_NAME", MNL_TYPE_NUL_STRING },
	[CTRL_ATTR_VERSION] = { "CTRL_ATTR_VERSION", MNL_TYPE_U32 },
	[CTRL_ATTR_MCAST_GROUPS] = { "CTRL_ATTR_MCAST_GROUPS", MNL_TYPE_NESTED },
};
static const struct nfg_attr_set ctrl_attrs = NFG_ATTR_SET(ctrl_spec);

static const struct nfg_attr_spec mcgrp_spec[CTRL_ATTR_MCAST_GRP_MAX + 1] = {
	[CTRL_ATTR_MCAST_GRP_NAME] = { "CTRL_ATTR_MCAST_GRP_NAME", MNL_TYPE_NUL_STRING },
	[CTRL_ATTR_MCAST_GRP_ID] = { "CTRL_ATTR_MCAST_GRP_ID", MNL_TYPE_U32 },
};
static const struct nfg_attr_set mcgrp_attrs = NFG_ATTR_SET(mcgrp_spec);

static const struct nfg_attr_spec extack_spec[NLMSGERR_ATTR_MISS_NEST + 1] = {
	[NLMSGERR_ATTR_MSG] = { "NLMSGERR_ATTR_MSG", MNL_TYPE_NUL_STRING },
	[NLMSGERR_ATTR_OFFS] = { "NLMSGERR_ATTR_OFFS", MNL_TYPE_U32 },
	[NLMSGERR_ATTR_MISS_TYPE] = { "NLMSGERR_ATTR_MISS_TYPE", MNL_TYPE_U32 },
	[NLMSGERR_ATTR_MISS_NEST] = { "NLMSGERR_ATTR_MISS_NEST", MNL_TYPE_U32 },
};
static const struct nfg_attr_set extack_attrs = NFG_ATTR_SET(extack_spec);

const char *nfg_attr_name(const struct nfg_attr_set *set, uint16_t type)
{
	if (!set || type > set->max)
		return NULL;
	return set->spec[type].name;
}

/* ---- attribute parsing ------------------------------------------------ */

static int check_attr(const struct nlattr *attr, const struct nfg_attr_set *set,
		      const struct nlattr **tb)
{
	uint16_t type = mnl_attr_get_type(attr);
	const struct nfg_attr_spec *spec;

	if (!nfg_attr_name(set, type))
		return 0;	/* unknown: newer module, ignore */
	spec = &set->spec[type];
	if (mnl_attr_validate(attr, spec->type) < 0) {
		nfg_err("malformed attribute %s (type %u) from the kernel: a %u-byte payload is not a valid %s",
			spec->name, type, mnl_attr_get_payload_len(attr),
			mnl_type_desc[spec->type] ? mnl_type_desc[spec->type] : "value");
		errno = EBADMSG;
		return -EBADMSG;
	}
	tb[type] = attr;
	return 0;
}

static int parse_range(const void *start, size_t len,
		       const struct nfg_attr_set *set, const struct nlattr **tb)
{
	const struct nlattr *attr = start;
	size_t step;

	memset(tb, 0, (set->max + 1) * sizeof(*tb));
	while (mnl_attr_ok(attr, (int)len)) {
		if (check_attr(attr, set, tb) < 0)
			return -EBADMSG;
		step = MNL_ALIGN(attr->nla_len);
		len = step < len ? len - step : 0;
		attr = mnl_attr_next(attr);
	}
	if (len) {
		nfg_err("malformed message from the kernel: %zu bytes after the last attribute do not form an attribute",
			len);
		errno = EBADMSG;
		return -EBADMSG;
	}
	return 0;
}

int nfg_attr_parse(const struct nlmsghdr *nlh, const struct nfg_attr_set *set,
		   const struct nlattr **tb)
{
	size_t len = mnl_nlmsg_get_payload_len(nlh);

	if (len < GENL_HDRLEN) {
		nfg_err("malformed message from the kernel: no generic netlink header");
		errno = EBADMSG;
		return -EBADMSG;
	}
	return parse_range(mnl_nlmsg_get_payload_offset(nlh, GENL_HDRLEN),
			   len - GENL_HDRLEN, set, tb);
}

int nfg_attr_parse_nested(const struct nlattr *nest,
			  const struct nfg_attr_set *set,
			  const struct nlattr **tb)
{
	return parse_range(mnl_attr_get_payload(nest),
			   mnl_attr_get_payload_len(nest), set, tb);
}

/* ---- extended ACKs ---------------------------------------------------- */

static int parse_extack(const struct nlmsghdr *nlh, size_t off,
			struct nfg_ack *ack)
{
	const struct nlattr *tb[NLMSGERR_ATTR_MISS_NEST + 1];
	size_t len = mnl_nlmsg_get_payload_len(nlh);

	if (off > len || parse_range((const char *)mnl_nlmsg_get_payload(nlh) + off,
				     len - off, &extack_attrs, tb) < 0)
		return -EBADMSG;
	if (tb[NLMSGERR_ATTR_MSG]) {
		ack->has_msg = true;
		snprintf(ack->msg, sizeof(ack->msg), "%s",
			 mnl_attr_get_str(tb[NLMSGERR_ATTR_MSG]));
	}
	if (tb[NLMSGERR_ATTR_OFFS]) {
		ack->has_offs = true;
		ack->offs = mnl_attr_get_u32(tb[NLMSGERR_ATTR_OFFS]);
	}
	if (tb[NLMSGERR_ATTR_MISS_TYPE]) {
		ack->has_miss_type = true;
		ack->miss_type = mnl_attr_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]);
	}
	if (tb[NLMSGERR_ATTR_MISS_NEST]) {
		ack->has_miss_nest = true;
		ack->miss_nest = mnl_attr_get_u32(tb[NLMSGERR_ATTR_MISS_NEST]);
	}
	return 0;
}

/*
 * NLMSG_ERROR: struct nlmsgerr, then (unless NLM_F_CAPPED) the payload of
 * the request padded to 4 bytes, then (with NLM_F_ACK_TLVS) the extack
 * attributes. NLMSG_DONE: an int error, then the extack attributes.
 */
int nfg_ack_parse(const struct nlmsghdr *nlh, struct nfg_ack *ack)
{
	size_t len = mnl_nlmsg_get_payload_len(nlh), off;
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);

	memset(ack, 0, sizeof(*ack));
	if (nlh->nlmsg_type == NLMSG_DONE) {
		if (len < sizeof(int))
			return 0;
		memcpy(&ack->error, err, sizeof(int));
		off = sizeof(int);
	} else {
		if (len < sizeof(*err))
			return -EBADMSG;
		ack->error = err->error;
		off = sizeof(*err);
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
			if (err->msg.nlmsg_len < NLMSG_HDRLEN)
				return -EBADMSG;
			off += NLMSG_ALIGN(err->msg.nlmsg_len - NLMSG_HDRLEN);
		}
	}
	if (ack->error > 0)
		return -EBADMSG;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;
	return parse_extack(nlh, off, ack);
}

/* ---- naming the offending attribute ------------------------------------ */

static const struct nfg_attr_set *nested_set(const struct nfg_attr_set *set,
					     uint16_t type)
{
	return nfg_attr_name(set, type) ? set->spec[type].nested : NULL;
}

/* Should locate_in() look inside this attribute? Not into known scalars. */
static bool may_descend(const struct nfg_attr_set *set, uint16_t type)
{
	return !nfg_attr_name(set, type) || set->spec[type].type == MNL_TYPE_NESTED;
}

static void push_step(struct nfg_attr_loc *loc, const struct nlattr *attr,
		      uint32_t offs, uint32_t index,
		      const struct nfg_attr_set *set)
{
	struct nfg_attr_step *step = &loc->path[loc->depth++];

	step->type = mnl_attr_get_type(attr);
	step->offs = offs;
	step->index = index;
	step->name = nfg_attr_name(set, step->type);
	step->element = set && set->array;
}

/*
 * Find loc->offs among the attributes in [start, start + len) of req, the
 * payload of a nest described by set (NULL: unknown). True if it is the
 * offset of an attribute header; loc->path gets the way there.
 */
static bool locate_in(const struct nlmsghdr *req, const struct nlattr *start,
		      size_t len, const struct nfg_attr_set *set,
		      struct nfg_attr_loc *loc)
{
	const struct nlattr *attr = start;
	uint32_t offs, index = 0;
	uint16_t type;
	size_t step;

	for (; mnl_attr_ok(attr, (int)len) && loc->depth < NFG_LOC_DEPTH;
	     attr = mnl_attr_next(attr), index++) {
		offs = (uint32_t)((const char *)attr - (const char *)req);
		step = MNL_ALIGN((size_t)attr->nla_len);
		len -= step < len ? step : len;
		if (loc->offs < offs || loc->offs >= offs + attr->nla_len)
			continue;
		push_step(loc, attr, offs, index, set);
		type = mnl_attr_get_type(attr);
		if (loc->offs == offs) {
			loc->nested = nested_set(set, type);
			return true;
		}
		return may_descend(set, type) &&
		       locate_in(req, mnl_attr_get_payload(attr),
				 mnl_attr_get_payload_len(attr),
				 nested_set(set, type), loc);
	}
	return false;
}

void nfg_attr_locate(const struct nlmsghdr *req, uint32_t offs,
		     const struct nfg_attr_set *set, struct nfg_attr_loc *loc)
{
	size_t hdr = NLMSG_HDRLEN + GENL_HDRLEN;

	memset(loc, 0, sizeof(*loc));
	loc->offs = offs;
	loc->req_len = req->nlmsg_len;
	if (offs < hdr) {
		loc->kind = NFG_LOC_HEADER;
		return;
	}
	if (req->nlmsg_len < hdr ||
	    !locate_in(req, (const struct nlattr *)((const char *)req + hdr),
		       req->nlmsg_len - hdr, set, loc)) {
		loc->kind = NFG_LOC_INVALID;
		return;
	}
	loc->type = loc->path[loc->depth - 1].type;
	loc->top_type = loc->path[0].type;
	loc->name = loc->path[0].name;
	loc->kind = loc->depth == 1 ? NFG_LOC_ATTR : NFG_LOC_NESTED;
}

/* "NAME", "NAME[2]" or "unnamed attribute (type N)" */
static void step_format(const struct nfg_attr_step *step, char *buf, size_t len)
{
	if (!step->name)
		snprintf(buf, len, "unnamed attribute (type %u)", step->type);
	else if (step->element)
		snprintf(buf, len, "%s[%u]", step->name, step->index);
	else
		snprintf(buf, len, "%s", step->name);
}

static void nested_format(const struct nfg_attr_loc *loc, char *buf, size_t len)
{
	const struct nfg_attr_step *last = &loc->path[loc->depth - 1];
	char step[96];
	size_t used;
	unsigned int i;

	if (last->name) {
		step_format(last, step, sizeof(step));
		used = (size_t)snprintf(buf, len, "%s (type %u) at offset %u, inside ",
					step, last->type, loc->offs);
	} else {
		used = (size_t)snprintf(buf, len, "nested attribute type %u at offset %u, inside ",
					last->type, loc->offs);
	}
	for (i = 0; i + 1 < loc->depth && used < len; i++) {
		step_format(&loc->path[i], step, sizeof(step));
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 i ? " > " : "", step);
	}
}

void nfg_attr_loc_format(const struct nfg_attr_loc *loc, char *buf, size_t len)
{
	switch (loc->kind) {
	case NFG_LOC_HEADER:
		snprintf(buf, len, "offset %u is in the message header, not at an attribute",
			 loc->offs);
		break;
	case NFG_LOC_ATTR:
		snprintf(buf, len, "%s (type %u) at offset %u",
			 loc->name ? loc->name : "unnamed attribute",
			 loc->type, loc->offs);
		break;
	case NFG_LOC_NESTED:
		nested_format(loc, buf, len);
		break;
	case NFG_LOC_INVALID:
	default:
		snprintf(buf, len, "offset %u does not point at an attribute of the %u-byte request",
			 loc->offs, loc->req_len);
		break;
	}
}

/* "<what>: ... is in chain ..." when the request can say more */
static void describe(const char *what, const struct nfg_req *req,
		     const struct nfg_attr_loc *loc, const char *prefix)
{
	char buf[512];

	if (!req->describe || loc->kind == NFG_LOC_INVALID ||
	    loc->kind == NFG_LOC_HEADER)
		return;
	buf[0] = '\0';
	req->describe(req, loc, buf, sizeof(buf));
	if (buf[0])
		nfg_err("%s: %s %s", what, prefix, buf);
}

static void report_missing(const char *what, const struct nfg_ack *ack,
			   const struct nfg_req *req)
{
	const char *name = nfg_attr_name(req->attrs, (uint16_t)ack->miss_type);
	struct nfg_attr_loc loc;
	char where[512];

	if (ack->has_miss_nest) {
		nfg_attr_locate(req->nlh, ack->miss_nest, req->attrs, &loc);
		nfg_attr_loc_format(&loc, where, sizeof(where));
		name = nfg_attr_name(loc.nested, (uint16_t)ack->miss_type);
		nfg_err("%s: missing attribute: %s (type %u), in the nest %s",
			what, name ? name : "unnamed attribute", ack->miss_type,
			where);
		describe(what, req, &loc, "the nest is in");
		return;
	}
	nfg_err("%s: missing attribute: %s (type %u)", what,
		name ? name : "unnamed attribute", ack->miss_type);
}

void nfg_report_extack(const char *what, const struct nfg_ack *ack,
		       const struct nfg_req *req)
{
	struct nfg_attr_loc loc;
	char where[512];

	if (ack->has_msg)
		nfg_err("%s: kernel message: %s", what, ack->msg);
	if (ack->has_offs) {
		nfg_attr_locate(req->nlh, ack->offs, req->attrs, &loc);
		nfg_attr_loc_format(&loc, where, sizeof(where));
		nfg_err("%s: offending attribute: %s", what, where);
		describe(what, req, &loc, "the offending attribute is in");
	}
	if (ack->has_miss_type)
		report_missing(what, ack, req);
}

/* ---- request/response ------------------------------------------------- */

struct talk_ctx {
	mnl_cb_t cb;
	void *data;
	uint16_t type;		/* nlmsg_type of the replies we expect */
	struct nfg_ack *ack;
};

static int data_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct talk_ctx *ctx = arg;
	int ret;

	if (nlh->nlmsg_type != ctx->type ||
	    mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN) {
		nfg_err("unexpected netlink message from the kernel (type %u, %u bytes)",
			nlh->nlmsg_type, nlh->nlmsg_len);
		errno = EPROTO;
		return MNL_CB_ERROR;
	}
	if (!ctx->cb)
		return MNL_CB_OK;
	errno = 0;
	ret = ctx->cb(nlh, ctx->data);
	if (ret == MNL_CB_ERROR && !errno)
		errno = EBADMSG;
	return ret;
}

static int ack_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct talk_ctx *ctx = arg;

	if (nfg_ack_parse(nlh, ctx->ack) < 0) {
		nfg_err("malformed acknowledgement from the kernel");
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (!ctx->ack->error)
		return MNL_CB_STOP;
	errno = -ctx->ack->error;
	return MNL_CB_ERROR;
}

static int noop_cb(const struct nlmsghdr *nlh, void *arg)
{
	(void)nlh;
	(void)arg;
	return MNL_CB_OK;
}

static int overrun_cb(const struct nlmsghdr *nlh, void *arg)
{
	(void)nlh;
	(void)arg;
	errno = ENOSPC;
	return MNL_CB_ERROR;
}

/* not const: mnl_cb_run2() takes a non-const array */
static mnl_cb_t ctl_cbs[NLMSG_MIN_TYPE] = {
	[NLMSG_NOOP] = noop_cb,
	[NLMSG_ERROR] = ack_cb,
	[NLMSG_DONE] = ack_cb,
	[NLMSG_OVERRUN] = overrun_cb,
};

static void debug_dump(const struct nfg_nl *nl, const char *dir,
		       const void *buf, size_t len)
{
	if (!nl->debug)
		return;
	fprintf(stderr, "nfgatectl: debug: %s %zu bytes\n", dir, len);
	mnl_nlmsg_fprintf(stderr, buf, len, GENL_HDRLEN);
}

static int send_req(struct nfg_nl *nl, struct nfg_req *req)
{
	req->nlh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	req->nlh->nlmsg_seq = ++nl->seq;
	debug_dump(nl, "sending", req->nlh, req->nlh->nlmsg_len);
	if (mnl_socket_sendto(nl->sock, req->nlh, req->nlh->nlmsg_len) < 0)
		return -errno;
	return 0;
}

/* Is the end of the dump of request nl->seq in buf? */
static bool has_dump_end(const struct nfg_nl *nl, const void *buf, ssize_t n)
{
	const struct nlmsghdr *nlh = buf;
	int rem = (int)n;

	for (; mnl_nlmsg_ok(nlh, rem); nlh = mnl_nlmsg_next(nlh, &rem))
		if (nlh->nlmsg_seq == nl->seq &&
		    (nlh->nlmsg_type == NLMSG_DONE || nlh->nlmsg_type == NLMSG_ERROR))
			return true;
	return false;
}

/*
 * A dump message came with NLM_F_DUMP_INTR (libmnl then fails with EINTR):
 * read the rest of the dump so that the next request starts clean, and
 * fail with -EINTR; the caller dumps again.
 */
static int drain_dump(struct nfg_nl *nl, char *buf, ssize_t n)
{
	while (!has_dump_end(nl, buf, n)) {
		n = mnl_socket_recvfrom(nl->sock, buf, NFG_RECV_SIZE);
		if (n < 0)
			return -errno;
		debug_dump(nl, "received (discarded)", buf, (size_t)n);
	}
	return -EINTR;
}

static int recv_replies(struct nfg_nl *nl, struct talk_ctx *ctx)
{
	static char buf[NFG_RECV_SIZE] __attribute__((aligned(8)));
	ssize_t n;
	int ret;

	do {
		n = mnl_socket_recvfrom(nl->sock, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		debug_dump(nl, "received", buf, (size_t)n);
		ret = mnl_cb_run2(buf, (size_t)n, nl->seq, nl->portid, data_cb,
				  ctx, ctl_cbs, NFG_ARRAY_SIZE(ctl_cbs));
	} while (ret > MNL_CB_STOP);
	if (ret < 0 && errno == EINTR)
		return drain_dump(nl, buf, n);
	if (ret < 0)
		return errno ? -errno : -EPROTO;
	return 0;
}

static int resolve_family(struct nfg_nl *nl);

/*
 * A request to a family that went away (the module was unloaded after
 * nfg_nl_open() looked it up) fails with a bare ENOENT from genetlink.
 * Tell that apart from nfgate's own ENOENT by looking the family up again:
 * it is gone, or it has a new id because the module was loaded again.
 */
static bool family_vanished(struct nfg_nl *nl, const struct nfg_req *req,
			    const struct nfg_ack *ack)
{
	struct nfg_nl again = *nl;
	int err;

	if (ack->error != -ENOENT || ack->has_msg ||
	    req->nlh->nlmsg_type != nl->family_id)
		return false;
	again.family_id = 0;
	err = resolve_family(&again);
	nl->seq = again.seq;
	return err == -ENOENT || (!err && again.family_id != nl->family_id);
}

int nfg_nl_transact(struct nfg_nl *nl, struct nfg_req *req, mnl_cb_t cb,
		    void *data, struct nfg_ack *ack)
{
	struct talk_ctx ctx = {
		.cb = cb, .data = data, .type = req->nlh->nlmsg_type, .ack = ack,
	};
	int err;

	memset(ack, 0, sizeof(*ack));
	err = send_req(nl, req);
	if (err)
		return err;
	err = recv_replies(nl, &ctx);
	if (err == -ENOENT && family_vanished(nl, req, ack))
		ack->family_gone = true;
	return err;
}

int nfg_report_failure(const char *what, int err, const struct nfg_ack *ack,
		       const struct nfg_req *req)
{
	int rc = NFG_EXIT_FAIL;

	err = err < 0 ? -err : err;
	if (ack->family_gone) {
		nfg_err("%s: the nfgate module was unloaded while the request was in flight",
			what);
		return nfg_report_no_module();
	}
	if (err == EPERM || err == EACCES)
		rc = nfg_report_perm(what, err);
	else if (ack->error)
		nfg_err("%s: the kernel refused the request: %s", what, strerror(err));
	else if (err == EINTR)
		nfg_err("%s: the state changed while it was being read; run the command again",
			what);
	else if (err == EBADMSG || err == EPROTO)
		nfg_err("%s: invalid reply from the kernel (%s); the nfgate module and nfgatectl may not match, compare them with 'nfgatectl version'",
			what, strerror(err));
	else
		nfg_err("%s: netlink communication failed: %s", what, strerror(err));
	if (ack->error)
		nfg_report_extack(what, ack, req);
	return rc;
}

int nfg_nl_talk(struct nfg_nl *nl, struct nfg_req *req, mnl_cb_t cb,
		void *data, const char *what)
{
	struct nfg_ack ack;
	int err = nfg_nl_transact(nl, req, cb, data, &ack);

	if (err)
		return nfg_report_failure(what, err, &ack, req);
	if (ack.has_msg)
		nfg_err("%s: warning from the kernel: %s", what, ack.msg);
	return NFG_EXIT_OK;
}

/* ---- socket and family ------------------------------------------------ */

static struct nlmsghdr *req_start(struct nfg_req *req, uint16_t type,
				  uint8_t cmd, uint8_t version, uint16_t flags,
				  const struct nfg_attr_set *attrs)
{
	struct genlmsghdr *genl;

	memset(req->buf, 0, sizeof(req->buf));
	req->attrs = attrs;
	req->describe = NULL;
	req->describe_ctx = NULL;
	req->nlh = mnl_nlmsg_put_header(req->buf);
	req->nlh->nlmsg_type = type;
	req->nlh->nlmsg_flags = flags;
	genl = mnl_nlmsg_put_extra_header(req->nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
	return req->nlh;
}

struct nlmsghdr *nfg_req_init(struct nfg_req *req, const struct nfg_nl *nl,
			      uint8_t cmd, uint16_t flags,
			      const struct nfg_attr_set *attrs)
{
	return req_start(req, nl->family_id, cmd, NFGATE_GENL_VERSION, flags,
			 attrs);
}

static int parse_mcgrps(struct nfg_nl *nl, const struct nlattr *groups)
{
	const struct nlattr *tb[CTRL_ATTR_MCAST_GRP_MAX + 1];
	const struct nlattr *grp;

	mnl_attr_for_each_nested(grp, groups) {
		if (nfg_attr_parse_nested(grp, &mcgrp_attrs, tb) < 0)
			return MNL_CB_ERROR;
		if (tb[CTRL_ATTR_MCAST_GRP_NAME] && tb[CTRL_ATTR_MCAST_GRP_ID] &&
		    !strcmp(mnl_attr_get_str(tb[CTRL_ATTR_MCAST_GRP_NAME]),
			    NFGATE_MCGRP_EVENTS))
			nl->mcgrp_events = mnl_attr_get_u32(tb[CTRL_ATTR_MCAST_GRP_ID]);
	}
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CTRL_ATTR_MCAST_GROUPS + 1];
	struct nfg_nl *nl = data;

	if (nfg_attr_parse(nlh, &ctrl_attrs, tb) < 0)
		return MNL_CB_ERROR;
	if (!tb[CTRL_ATTR_FAMILY_ID] || !tb[CTRL_ATTR_VERSION]) {
		nfg_err("malformed reply from the generic netlink controller: no family id or version");
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	nl->family_id = mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	nl->version = mnl_attr_get_u32(tb[CTRL_ATTR_VERSION]);
	if (tb[CTRL_ATTR_MCAST_GROUPS])
		return parse_mcgrps(nl, tb[CTRL_ATTR_MCAST_GROUPS]);
	return MNL_CB_OK;
}

static int resolve_family(struct nfg_nl *nl)
{
	struct nfg_req req;
	struct nfg_ack ack;
	int err;

	req_start(&req, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, 0, &ctrl_attrs);
	mnl_attr_put_strz(req.nlh, CTRL_ATTR_FAMILY_NAME, NFGATE_GENL_NAME);
	err = nfg_nl_transact(nl, &req, family_cb, nl, &ack);
	if (!err && !nl->family_id)
		err = -EBADMSG;		/* acknowledged, but no reply */
	return err;
}

static void set_opt(struct nfg_nl *nl, int opt)
{
	int one = 1;

	/* best effort: old kernels lack them, errors are just less precise */
	mnl_socket_setsockopt(nl->sock, opt, &one, sizeof(one));
}

int nfg_nl_open(struct nfg_nl *nl)
{
	int err;

	memset(nl, 0, sizeof(*nl));
	nl->debug = getenv("NFGATECTL_DEBUG") && *getenv("NFGATECTL_DEBUG");
	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sock)
		return -errno;
	set_opt(nl, NETLINK_EXT_ACK);
	set_opt(nl, NETLINK_CAP_ACK);
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		goto fail;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = (uint32_t)time(NULL);
	err = resolve_family(nl);
	if (!err)
		return 0;
fail:
	nfg_nl_close(nl);
	return err;
}

void nfg_nl_close(struct nfg_nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	nl->sock = NULL;
}

int nfg_check_protocol(const struct nfg_nl *nl)
{
	if (nl->version == NFGATE_GENL_VERSION)
		return NFG_EXIT_OK;
	nfg_err("the loaded nfgate module speaks protocol version %u, but this nfgatectl speaks version %d",
		nl->version, NFGATE_GENL_VERSION);
	if (nl->version < NFGATE_GENL_VERSION)
		nfg_err("the module is older than nfgatectl: install the module from the same nfgate release ('make install' or DKMS) and reload it ('modprobe -r nfgate && modprobe nfgate')");
	else
		nfg_err("the module is newer than nfgatectl: install the nfgatectl from the same nfgate release as the module");
	return NFG_EXIT_FAIL;
}

int nfg_connect(struct nfg_nl *nl)
{
	int err = nfg_nl_open(nl);

	if (err == -ENOENT)
		return nfg_report_no_module();
	if (err == -EPERM || err == -EACCES)
		return nfg_report_perm("cannot look up the nfgate generic netlink family", -err);
	if (err) {
		nfg_err("cannot look up the nfgate generic netlink family: %s",
			strerror(-err));
		return NFG_EXIT_FAIL;
	}
	err = nfg_check_protocol(nl);
	if (err)
		nfg_nl_close(nl);
	return err;
}
