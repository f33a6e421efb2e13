/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic netlink plumbing for nfgatectl, on top of libmnl.
 *
 * How a subcommand talks to nfgate:
 *
 *	struct nfg_nl nl;
 *	struct nfg_req req;
 *	int rc = nfg_connect(&nl);		// reports, returns NFG_EXIT_*
 *	if (rc)
 *		return rc;
 *	nfg_req_init(&req, &nl, NFGATE_CMD_FOO, 0, &foo_attrs);
 *	mnl_attr_put_u32(req.nlh, NFGATE_FOO_A_BAR, 42);
 *	rc = nfg_nl_talk(&nl, &req, foo_reply_cb, &state, "add foo");
 *	nfg_nl_close(&nl);
 *	return rc;				// NFG_EXIT_*
 *
 * nfg_nl_talk() sends with NLM_F_REQUEST|NLM_F_ACK, feeds every reply
 * message of the family (seq and portid checked) to the callback, stops at
 * the ACK or NLMSG_DONE, and on failure prints what failed, strerror, the
 * kernel's extended ACK message and the offending attribute, named through
 * the request's attribute set (the last argument of nfg_req_init()).
 * Callbacks parse replies with nfg_attr_parse(); on error they return
 * MNL_CB_ERROR with errno set (nfg_attr_parse() already did).
 * Subcommands that need custom handling of some errors use
 * nfg_nl_transact() and then nfg_report_failure() for the rest.
 *
 * Dumps: pass NLM_F_DUMP to nfg_req_init(); the callback sees each
 * NLM_F_MULTI message until NLMSG_DONE. When the kernel flags a message
 * NLM_F_DUMP_INTR (the state changed during the dump), the rest of the
 * dump is read and discarded and the transaction fails with -EINTR: dump
 * again.
 *
 * Attribute sets describe nests too (nfg_attr_spec.nested), so an
 * offending attribute deep inside a request is named with its whole path
 * ("... inside NFGATE_A_CHAINS > NFGATE_A_CHAIN[0] > ..."), and a request
 * can add its own words for it with nfg_req.describe.
 */
#ifndef NFGATECTL_NL_H
#define NFGATECTL_NL_H

#include <stdbool.h>
#include <stdint.h>

#include <libmnl/libmnl.h>

#define NFG_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct nfg_attr_set;

/* What nfgatectl knows about one attribute type of an attribute space. */
struct nfg_attr_spec {
	const char *name;		/* NULL: unknown, ignored in replies */
	enum mnl_attr_data_type type;	/* checked with mnl_attr_validate() */
	const struct nfg_attr_set *nested;	/* of a nest, or NULL */
};

/* An attribute space: spec[] is indexed by type, 0..max. The attributes
 * of an array set are the elements of a nested array (NLA_NESTED_ARRAY):
 * reports number them. */
struct nfg_attr_set {
	const struct nfg_attr_spec *spec;
	unsigned int max;
	bool array;
};

#define NFG_ATTR_SET(array) { (array), NFG_ARRAY_SIZE(array) - 1, false }
#define NFG_ATTR_ARRAY(array) { (array), NFG_ARRAY_SIZE(array) - 1, true }

struct nfg_nl {
	struct mnl_socket *sock;
	uint32_t portid;
	uint32_t seq;
	uint16_t family_id;
	uint32_t version;	/* the family's (the module's) protocol version */
	uint32_t mcgrp_events;	/* NFGATE_MCGRP_EVENTS group id, 0 if absent */
	bool debug;		/* NFGATECTL_DEBUG: dump messages to stderr */
};

/* Any valid request fits: nested attributes cannot exceed 64 KiB. */
#define NFG_REQ_SIZE (68 * 1024)

struct nfg_attr_loc;

struct nfg_req {
	union {
		char buf[NFG_REQ_SIZE];
		uint64_t align;
	};
	struct nlmsghdr *nlh;
	const struct nfg_attr_set *attrs;	/* names for extack, or NULL */
	/* Optional: what the attribute at loc is in the user's terms
	 * ("chain \"in\", rule #2: ..."); writes "" when it cannot say. */
	void (*describe)(const struct nfg_req *req,
			 const struct nfg_attr_loc *loc, char *buf, size_t len);
	const void *describe_ctx;
};

/* A decoded NLMSG_ERROR, or NLMSG_DONE, with its extended ACK. */
struct nfg_ack {
	int error;		/* 0 or a negative errno, as the kernel sent it */
	bool has_msg, has_offs, has_miss_type, has_miss_nest;
	char msg[256];		/* NLMSGERR_ATTR_MSG */
	uint32_t offs;		/* NLMSGERR_ATTR_OFFS */
	uint32_t miss_type;	/* NLMSGERR_ATTR_MISS_TYPE */
	uint32_t miss_nest;	/* NLMSGERR_ATTR_MISS_NEST */
	bool family_gone;	/* ENOENT: the module went away mid-request */
};

/* What an extack offset points at inside the request. */
enum nfg_loc_kind {
	NFG_LOC_INVALID,	/* past the end, or not at an attribute */
	NFG_LOC_HEADER,		/* nlmsghdr or genlmsghdr */
	NFG_LOC_ATTR,		/* a top-level attribute: type, name */
	NFG_LOC_NESTED,		/* inside top-level attribute top_type */
};

/* One attribute on the way from the top level to the located one. */
struct nfg_attr_step {
	uint16_t type;
	uint32_t offs;		/* of its header in the request */
	uint32_t index;		/* among the attributes of its nest, from 0 */
	const char *name;	/* NULL if unknown */
	bool element;		/* an element of a nested array */
};

#define NFG_LOC_DEPTH 8

struct nfg_attr_loc {
	enum nfg_loc_kind kind;
	uint32_t offs;
	uint32_t req_len;
	uint16_t type;		/* of the attribute at offs */
	uint16_t top_type;	/* of the top-level attribute holding it */
	const char *name;	/* of type (ATTR) or of top_type (NESTED) */
	unsigned int depth;	/* path[0] is top-level, path[depth - 1] at offs */
	struct nfg_attr_step path[NFG_LOC_DEPTH];
	const struct nfg_attr_set *nested;	/* set inside the located nest */
};

/* Open, set NETLINK_EXT_ACK/CAP_ACK, resolve the family: 0 or -errno
 * (-ENOENT: the family does not exist). Prints nothing. */
int nfg_nl_open(struct nfg_nl *nl);
void nfg_nl_close(struct nfg_nl *nl);

/* nfg_nl_open() plus nfg_check_protocol(), reporting: NFG_EXIT_*. */
int nfg_connect(struct nfg_nl *nl);

/* NFG_EXIT_OK if the module speaks our protocol, else reports. */
int nfg_check_protocol(const struct nfg_nl *nl);

/* Start a request to the nfgate family; add attributes to req->nlh. */
struct nlmsghdr *nfg_req_init(struct nfg_req *req, const struct nfg_nl *nl,
			      uint8_t cmd, uint16_t flags,
			      const struct nfg_attr_set *attrs);

/* Send req, run cb on each reply: 0 or -errno; ack holds the kernel's
 * answer (ack->error != 0 when the kernel refused). Prints nothing but
 * what cb prints. */
int nfg_nl_transact(struct nfg_nl *nl, struct nfg_req *req, mnl_cb_t cb,
		    void *data, struct nfg_ack *ack);

/* Report a failed nfg_nl_transact(): NFG_EXIT_*. */
int nfg_report_failure(const char *what, int err, const struct nfg_ack *ack,
		       const struct nfg_req *req);

/* nfg_nl_transact() + nfg_report_failure(): NFG_EXIT_*. */
int nfg_nl_talk(struct nfg_nl *nl, struct nfg_req *req, mnl_cb_t cb,
		void *data, const char *what);

/* Decode an NLMSG_ERROR or NLMSG_DONE message: 0 or -EBADMSG. */
int nfg_ack_parse(const struct nlmsghdr *nlh, struct nfg_ack *ack);

/* Find what byte offset offs of request req points at. */
void nfg_attr_locate(const struct nlmsghdr *req, uint32_t offs,
		     const struct nfg_attr_set *set, struct nfg_attr_loc *loc);
void nfg_attr_loc_format(const struct nfg_attr_loc *loc, char *buf,
			 size_t len);

/* Print the extack of ack ("<what>: kernel message: ...", ...), naming
 * attributes with req->attrs and req->describe. */
void nfg_report_extack(const char *what, const struct nfg_ack *ack,
		       const struct nfg_req *req);

/* Fill tb[0..set->max] from the attributes after the genl header of nlh
 * (or inside nest): unknown types are ignored, a malformed known one is
 * reported and fails with -EBADMSG (errno set too). */
int nfg_attr_parse(const struct nlmsghdr *nlh, const struct nfg_attr_set *set,
		   const struct nlattr **tb);
int nfg_attr_parse_nested(const struct nlattr *nest,
			  const struct nfg_attr_set *set,
			  const struct nlattr **tb);

/* Name of type in set, or NULL. */
const char *nfg_attr_name(const struct nfg_attr_set *set, uint16_t type);

#endif
