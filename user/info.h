/* SPDX-License-Identifier: GPL-2.0 */
#ifndef NFGATECTL_INFO_H
#define NFGATECTL_INFO_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "nl.h"

/* The NFGATE_CMD_GET_INFO reply. */
struct nfg_info {
	bool valid;		/* a reply was parsed */
	char version[256];
	uint64_t features;
	uint64_t netns_cookie;
	uint32_t generation;
	uint32_t chains;
	uint32_t rules;
	uint32_t sets;
	uint32_t hooks;
};

extern const struct nfg_attr_set nfg_info_attrs;

/* Parse a GET_INFO reply message: 0 or -EBADMSG (reported). */
int nfg_info_parse(const struct nlmsghdr *nlh, struct nfg_info *info);

/* Send GET_INFO and parse the reply: 0 or -errno, like nfg_nl_transact(). */
int nfg_info_query(struct nfg_nl *nl, struct nfg_info *info,
		   struct nfg_req *req, struct nfg_ack *ack);

void nfg_info_print_text(FILE *out, const struct nfg_info *info);
int nfg_info_print_json(FILE *out, const struct nfg_info *info);

#endif
