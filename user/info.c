// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include <linux/nfgate.h>

#include "err.h"
#include "feature.h"
#include "info.h"
#include "json.h"
#include "subcommands.h"

static const struct nfg_attr_spec info_spec[NFGATE_INFO_A_MAX + 1] = {
	[NFGATE_INFO_A_PAD] = { "NFGATE_INFO_A_PAD", MNL_TYPE_UNSPEC },
	[NFGATE_INFO_A_VERSION] = { "NFGATE_INFO_A_VERSION", MNL_TYPE_NUL_STRING },
	[NFGATE_INFO_A_FEATURES] = { "NFGATE_INFO_A_FEATURES", MNL_TYPE_U64 },
	[NFGATE_INFO_A_NETNS_COOKIE] = { "NFGATE_INFO_A_NETNS_COOKIE", MNL_TYPE_U64 },
	[NFGATE_INFO_A_GENERATION] = { "NFGATE_INFO_A_GENERATION", MNL_TYPE_U32 },
	[NFGATE_INFO_A_CHAINS] = { "NFGATE_INFO_A_CHAINS", MNL_TYPE_U32 },
	[NFGATE_INFO_A_RULES] = { "NFGATE_INFO_A_RULES", MNL_TYPE_U32 },
	[NFGATE_INFO_A_SETS] = { "NFGATE_INFO_A_SETS", MNL_TYPE_U32 },
	[NFGATE_INFO_A_HOOKS] = { "NFGATE_INFO_A_HOOKS", MNL_TYPE_U32 },
};
const struct nfg_attr_set nfg_info_attrs = NFG_ATTR_SET(info_spec);

/* Protocol version 1 sends every attribute after NFGATE_INFO_A_PAD. */
static int check_required(const struct nlattr **tb)
{
	unsigned int type;

	for (type = NFGATE_INFO_A_VERSION; type <= NFGATE_INFO_A_HOOKS; type++) {
		if (!tb[type]) {
			nfg_err("malformed reply from the nfgate module: attribute %s (type %u) is missing",
				info_spec[type].name, type);
			errno = EBADMSG;
			return -EBADMSG;
		}
	}
	return 0;
}

int nfg_info_parse(const struct nlmsghdr *nlh, struct nfg_info *info)
{
	const struct nlattr *tb[NFGATE_INFO_A_MAX + 1];

	memset(info, 0, sizeof(*info));
	if (nfg_attr_parse(nlh, &nfg_info_attrs, tb) < 0 || check_required(tb) < 0)
		return -EBADMSG;
	snprintf(info->version, sizeof(info->version), "%s",
		 mnl_attr_get_str(tb[NFGATE_INFO_A_VERSION]));
	info->features = mnl_attr_get_u64(tb[NFGATE_INFO_A_FEATURES]);
	info->netns_cookie = mnl_attr_get_u64(tb[NFGATE_INFO_A_NETNS_COOKIE]);
	info->generation = mnl_attr_get_u32(tb[NFGATE_INFO_A_GENERATION]);
	info->chains = mnl_attr_get_u32(tb[NFGATE_INFO_A_CHAINS]);
	info->rules = mnl_attr_get_u32(tb[NFGATE_INFO_A_RULES]);
	info->sets = mnl_attr_get_u32(tb[NFGATE_INFO_A_SETS]);
	info->hooks = mnl_attr_get_u32(tb[NFGATE_INFO_A_HOOKS]);
	info->valid = true;
	return 0;
}

static int info_cb(const struct nlmsghdr *nlh, void *data)
{
	return nfg_info_parse(nlh, data) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

int nfg_info_query(struct nfg_nl *nl, struct nfg_info *info,
		   struct nfg_req *req, struct nfg_ack *ack)
{
	int err;

	memset(info, 0, sizeof(*info));
	nfg_req_init(req, nl, NFGATE_CMD_GET_INFO, 0, &nfg_info_attrs);
	err = nfg_nl_transact(nl, req, info_cb, info, ack);
	if (!err && !info->valid) {
		nfg_err("the nfgate module acknowledged NFGATE_CMD_GET_INFO without sending a reply");
		err = -EBADMSG;
	}
	return err;
}

/* the longest key plus one space */
#define KEY_WIDTH ((int)sizeof("netns cookie:"))

static void NFG_PRINTF(3, 4) kv(FILE *out, const char *key, const char *fmt, ...)
{
	va_list ap;

	fprintf(out, "%-*s", KEY_WIDTH, key);
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
}

void nfg_info_print_text(FILE *out, const struct nfg_info *info)
{
	char features[512];

	nfg_features_format(info->features, features, sizeof(features));
	kv(out, "version:", "%s", info->version);
	kv(out, "features:", "%s (0x%llx)", features,
	   (unsigned long long)info->features);
	kv(out, "netns cookie:", "%llu", (unsigned long long)info->netns_cookie);
	kv(out, "generation:", "%u", info->generation);
	kv(out, "chains:", "%u", info->chains);
	kv(out, "rules:", "%u", info->rules);
	kv(out, "sets:", "%u", info->sets);
	kv(out, "hooks:", "%u", info->hooks);
}

static void json_features(struct json_writer *w, uint64_t mask)
{
	char label[32];
	unsigned int bit;

	json_key(w, "features");
	json_array_begin(w);
	for (bit = 0; bit < 64; bit++) {
		if (mask & (1ULL << bit)) {
			nfg_feature_label(bit, label, sizeof(label));
			json_string(w, label);
		}
	}
	json_array_end(w);
	json_member_u64(w, "features_mask", mask);
}

int nfg_info_print_json(FILE *out, const struct nfg_info *info)
{
	struct json_writer w;

	json_init(&w, out);
	json_object_begin(&w);
	json_member_string(&w, "version", info->version);
	json_features(&w, info->features);
	json_member_u64(&w, "netns_cookie", info->netns_cookie);
	json_member_u64(&w, "generation", info->generation);
	json_member_u64(&w, "chains", info->chains);
	json_member_u64(&w, "rules", info->rules);
	json_member_u64(&w, "sets", info->sets);
	json_member_u64(&w, "hooks", info->hooks);
	json_object_end(&w);
	return json_finish(&w);
}

int info_main(int argc, char *argv[], const struct nfg_cmd *cmd,
	      const struct nfg_opts *global)
{
	struct nfg_opts opts;
	struct nfg_info info;
	struct nfg_req req;
	struct nfg_ack ack;
	struct nfg_nl nl;
	int rc, err;

	rc = nfg_cmd_parse(argc, argv, cmd, global, &opts);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	rc = nfg_connect(&nl);
	if (rc)
		return rc;
	err = nfg_info_query(&nl, &info, &req, &ack);
	nfg_nl_close(&nl);
	if (err)
		return nfg_report_failure("get module info", err, &ack, &req);
	if (opts.json)
		nfg_info_print_json(stdout, &info);
	else
		nfg_info_print_text(stdout, &info);
	return NFG_EXIT_OK;
}
