// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of nfgatectl's in-memory logic. tests/run.sh runs
 * "unit --list" and then "unit <name>" for each test, and prints TAP.
 * A test returns 0 on success; CHECK() reports the failing line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/nfgate.h>

#include "err.h"
#include "feature.h"
#include "info.h"
#include "json.h"
#include "nl.h"
#include "unit.h"

static union {
	char buf[8192];
	uint64_t align;
} req_mem, reply_mem;

/* ---- JSON ------------------------------------------------------------- */

static char *escape(const char *s, size_t len)
{
	static char out[1024];
	FILE *f = fmemopen(out, sizeof(out), "w");

	if (!f)
		abort();
	json_write_string(f, s, len);
	fclose(f);
	return out;
}

static int test_json_quotes_backslashes(void)
{
	CHECK_STR(escape("a\"b\\c/", 6), "\"a\\\"b\\\\c/\"");
	CHECK_STR(escape("", 0), "\"\"");
	return 0;
}

static int test_json_control_chars(void)
{
	static const char in[] = "\b\f\n\r\t\x01\x1f\x7f";

	CHECK_STR(escape(in, sizeof(in) - 1),
		  "\"\\b\\f\\n\\r\\t\\u0001\\u001f\x7f\"");
	CHECK_STR(escape("a\0b", 3), "\"a\\u0000b\"");
	return 0;
}

static int test_json_utf8_passthrough(void)
{
	static const char in[] = "h\xc3\xa9llo \xe2\x82\xac \xf0\x9d\x84\x9e";

	CHECK_STR(escape(in, sizeof(in) - 1), "\"h\xc3\xa9llo \xe2\x82\xac \xf0\x9d\x84\x9e\"");
	return 0;
}

static int test_json_invalid_utf8(void)
{
	CHECK_STR(escape("\xff", 1), "\"\\ufffd\"");
	CHECK_STR(escape("\xc0\xaf", 2), "\"\\ufffd\\ufffd\"");	/* overlong */
	CHECK_STR(escape("\xed\xa0\x80", 3), "\"\\ufffd\\ufffd\\ufffd\"");	/* surrogate */
	CHECK_STR(escape("x\xe2\x82", 3), "\"x\\ufffd\\ufffd\"");	/* truncated */
	CHECK_STR(escape("\xf4\x90\x80\x80", 4),
		  "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");		/* > U+10FFFF */
	return 0;
}

static int test_json_writer_structure(void)
{
	struct json_writer w;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	CHECK(f);
	json_init(&w, f);
	json_object_begin(&w);
	json_member_string(&w, "a", "x");
	json_key(&w, "b");
	json_array_begin(&w);
	json_u64(&w, 1);
	json_u64(&w, UINT64_MAX);
	json_array_end(&w);
	json_key(&w, "c");
	json_object_begin(&w);
	json_object_end(&w);
	json_key(&w, "d");
	json_bool(&w, false);
	json_object_end(&w);
	CHECK(json_finish(&w) == 0);
	fclose(f);
	CHECK_STR(out, "{\"a\":\"x\",\"b\":[1,18446744073709551615],\"c\":{},\"d\":false}\n");
	free(out);
	return 0;
}

/* ---- feature bits ----------------------------------------------------- */

static int test_features_decoding(void)
{
	char buf[256];

	nfg_features_format(0, buf, sizeof(buf));
	CHECK_STR(buf, "none");
	nfg_features_format(NFGATE_FEATURE_EVENTS, buf, sizeof(buf));
	CHECK_STR(buf, "events");
	nfg_features_format(NFGATE_FEATURE_EVENTS | 1ULL << 40 | 1ULL << 63,
			    buf, sizeof(buf));
	CHECK_STR(buf, "events, bit40, bit63");
	nfg_feature_label(0, buf, sizeof(buf));
	CHECK_STR(buf, "events");
	nfg_feature_label(9, buf, sizeof(buf));
	CHECK_STR(buf, "bit9");
	return 0;
}

/* ---- extended ACKs ---------------------------------------------------- */

static struct nlmsghdr *put_genl(void *buf, uint16_t type, uint8_t cmd)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = 1234;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = NFGATE_GENL_VERSION;
	return nlh;
}

/* A request: VERSION "x", CHAINS 1, a nest 77 { 3: u32 }; *chains_off and
 * *inner_off get the offsets of CHAINS and of the nested attribute. */
static struct nlmsghdr *build_request(uint32_t *chains_off, uint32_t *inner_off)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	memset(&req_mem, 0, sizeof(req_mem));
	nlh = put_genl(req_mem.buf, FAMILY_ID, NFGATE_CMD_GET_INFO);
	mnl_attr_put_strz(nlh, NFGATE_INFO_A_VERSION, "x");
	*chains_off = nlh->nlmsg_len;
	mnl_attr_put_u32(nlh, NFGATE_INFO_A_CHAINS, 1);
	nest = mnl_attr_nest_start(nlh, 77);
	*inner_off = nlh->nlmsg_len;
	mnl_attr_put_u32(nlh, 3, 7);
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

/* NLMSG_ERROR for req; capped or with req echoed; extack when msg||offs */
static struct nlmsghdr *build_error(const struct nlmsghdr *req, int error,
				    bool capped, const char *msg,
				    const uint32_t *offs)
{
	struct nlmsghdr *nlh;
	struct nlmsgerr *err;
	size_t echo = capped ? 0 : req->nlmsg_len - NLMSG_HDRLEN;

	memset(&reply_mem, 0, sizeof(reply_mem));
	nlh = mnl_nlmsg_put_header(reply_mem.buf);
	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_seq = req->nlmsg_seq;
	nlh->nlmsg_flags = capped ? NLM_F_CAPPED : 0;
	err = mnl_nlmsg_put_extra_header(nlh, sizeof(*err) + NLMSG_ALIGN(echo));
	err->error = error;
	memcpy(&err->msg, req, sizeof(*req) + echo);
	if (msg || offs)
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	if (msg)
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	if (offs)
		mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, *offs);
	return nlh;
}

static int check_extack_names_attr(bool capped)
{
	uint32_t chains_off, inner_off;
	const struct nlmsghdr *req = build_request(&chains_off, &inner_off);
	const struct nlmsghdr *nlh;
	struct nfg_attr_loc loc;
	struct nfg_ack ack;
	char where[192];

	nlh = build_error(req, -EINVAL, capped, "chains is read-only", &chains_off);
	CHECK(nfg_ack_parse(nlh, &ack) == 0);
	CHECK(ack.error == -EINVAL);
	CHECK(ack.has_msg && ack.has_offs && !ack.has_miss_type);
	CHECK_STR(ack.msg, "chains is read-only");
	CHECK(ack.offs == chains_off);
	nfg_attr_locate(req, ack.offs, &nfg_info_attrs, &loc);
	CHECK(loc.kind == NFG_LOC_ATTR);
	CHECK(loc.type == NFGATE_INFO_A_CHAINS);
	CHECK_STR(loc.name, "NFGATE_INFO_A_CHAINS");
	nfg_attr_loc_format(&loc, where, sizeof(where));
	CHECK_STR(where, "NFGATE_INFO_A_CHAINS (type 6) at offset 28");
	return 0;
}

static int test_extack_capped_names_attr(void)
{
	return check_extack_names_attr(true);
}

static int test_extack_uncapped_names_attr(void)
{
	return check_extack_names_attr(false);
}

static int test_extack_nested_and_bad_offsets(void)
{
	uint32_t chains_off, inner_off;
	const struct nlmsghdr *req = build_request(&chains_off, &inner_off);
	struct nfg_attr_loc loc;
	char where[192];

	nfg_attr_locate(req, inner_off, &nfg_info_attrs, &loc);
	CHECK(loc.kind == NFG_LOC_NESTED);
	CHECK(loc.type == 3 && loc.top_type == 77 && !loc.name);
	nfg_attr_loc_format(&loc, where, sizeof(where));
	CHECK_STR(where, "nested attribute type 3 at offset 40, inside unnamed attribute (type 77)");
	nfg_attr_locate(req, 4, &nfg_info_attrs, &loc);
	CHECK(loc.kind == NFG_LOC_HEADER);
	nfg_attr_locate(req, chains_off + 2, &nfg_info_attrs, &loc);
	CHECK(loc.kind == NFG_LOC_INVALID);
	nfg_attr_locate(req, req->nlmsg_len, &nfg_info_attrs, &loc);
	CHECK(loc.kind == NFG_LOC_INVALID);
	nfg_attr_loc_format(&loc, where, sizeof(where));
	CHECK_STR(where, "offset 48 does not point at an attribute of the 48-byte request");
	return 0;
}

static int test_error_without_extack(void)
{
	uint32_t chains_off, inner_off;
	const struct nlmsghdr *req = build_request(&chains_off, &inner_off);
	struct nfg_ack ack;

	CHECK(nfg_ack_parse(build_error(req, -EPERM, false, NULL, NULL), &ack) == 0);
	CHECK(ack.error == -EPERM);
	CHECK(!ack.has_msg && !ack.has_offs && !ack.has_miss_type);
	CHECK(nfg_ack_parse(build_error(req, 0, true, NULL, NULL), &ack) == 0);
	CHECK(ack.error == 0 && !ack.has_msg);
	return 0;
}

static int test_extack_report_exit_codes(void)
{
	uint32_t chains_off, inner_off;
	struct nfg_req req = { .attrs = &nfg_info_attrs };
	struct nfg_ack ack;

	req.nlh = build_request(&chains_off, &inner_off);
	CHECK(nfg_ack_parse(build_error(req.nlh, -EPERM, true, NULL, NULL), &ack) == 0);
	CHECK(nfg_report_failure("test", -EPERM, &ack, &req) == NFG_EXIT_PERM);
	CHECK(nfg_ack_parse(build_error(req.nlh, -EINVAL, true, "bad", &chains_off), &ack) == 0);
	CHECK(nfg_report_failure("test", -EINVAL, &ack, &req) == NFG_EXIT_FAIL);
	return 0;
}

static int test_extack_malformed(void)
{
	uint32_t chains_off, inner_off;
	const struct nlmsghdr *req = build_request(&chains_off, &inner_off);
	struct nlmsghdr *nlh;
	struct nfg_ack ack;

	nlh = build_error(req, -EINVAL, true, NULL, NULL);
	nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	mnl_attr_put_u16(nlh, NLMSGERR_ATTR_OFFS, 20);	/* must be u32 */
	CHECK(nfg_ack_parse(nlh, &ack) == -EBADMSG);
	nlh = build_error(req, -EINVAL, true, NULL, NULL);
	nlh->nlmsg_len = NLMSG_HDRLEN + 4;		/* truncated nlmsgerr */
	CHECK(nfg_ack_parse(nlh, &ack) == -EBADMSG);
	return 0;
}

/* ---- GET_INFO replies ------------------------------------------------- */

static struct nlmsghdr *build_info(const char *version)
{
	struct nlmsghdr *nlh;

	memset(&reply_mem, 0, sizeof(reply_mem));
	nlh = put_genl(reply_mem.buf, FAMILY_ID, NFGATE_CMD_GET_INFO);
	mnl_attr_put_strz(nlh, NFGATE_INFO_A_VERSION, version);
	mnl_attr_put(nlh, NFGATE_INFO_A_PAD, 0, NULL);
	mnl_attr_put_u64(nlh, NFGATE_INFO_A_FEATURES, NFGATE_FEATURE_EVENTS);
	mnl_attr_put_u64(nlh, NFGATE_INFO_A_NETNS_COOKIE, 4096);
	mnl_attr_put_u32(nlh, NFGATE_INFO_A_GENERATION, 7);
	mnl_attr_put_u32(nlh, NFGATE_INFO_A_CHAINS, 1);
	mnl_attr_put_u32(nlh, NFGATE_INFO_A_RULES, 2);
	mnl_attr_put_u32(nlh, NFGATE_INFO_A_SETS, 3);
	mnl_attr_put_u32(nlh, 200, 0xdead);	/* from a newer module */
	mnl_attr_put_u32(nlh, NFGATE_INFO_A_HOOKS, 4);
	return nlh;
}

static char *print_info(const struct nfg_info *info, bool json)
{
	static char out[2048];
	FILE *f = fmemopen(out, sizeof(out), "w");

	if (!f)
		abort();
	if (json)
		nfg_info_print_json(f, info);
	else
		nfg_info_print_text(f, info);
	fclose(f);
	return out;
}

static int test_info_parse_and_print(void)
{
	struct nfg_info info;

	CHECK(nfg_info_parse(build_info("v1.0-\"q\"\n"), &info) == 0);
	CHECK(info.valid && info.hooks == 4 && info.netns_cookie == 4096);
	CHECK_STR(print_info(&info, true),
		  "{\"version\":\"v1.0-\\\"q\\\"\\n\",\"features\":[\"events\"],"
		  "\"features_mask\":1,\"netns_cookie\":4096,\"generation\":7,"
		  "\"chains\":1,\"rules\":2,\"sets\":3,\"hooks\":4}\n");
	strcpy(info.version, "v1.0");
	CHECK_STR(print_info(&info, false),
		  "version:      v1.0\n"
		  "features:     events (0x1)\n"
		  "netns cookie: 4096\n"
		  "generation:   7\n"
		  "chains:       1\n"
		  "rules:        2\n"
		  "sets:         3\n"
		  "hooks:        4\n");
	return 0;
}

static int test_info_rejects_malformed(void)
{
	struct nlmsghdr *nlh;
	struct nfg_info info;
	struct nlattr *attr;

	/* a u32 attribute carrying 2 bytes */
	nlh = build_info("v1");
	mnl_attr_put_u16(nlh, NFGATE_INFO_A_RULES, 2);
	CHECK(nfg_info_parse(nlh, &info) == -EBADMSG && !info.valid);
	/* a version that is not NUL-terminated */
	nlh = build_info("v1");
	attr = mnl_nlmsg_get_payload_offset(nlh, GENL_HDRLEN);
	*((char *)mnl_attr_get_payload(attr) + 2) = 'x';
	CHECK(nfg_info_parse(nlh, &info) == -EBADMSG);
	/* trailing bytes that are not an attribute */
	nlh = build_info("v1");
	nlh->nlmsg_len += 4;
	CHECK(nfg_info_parse(nlh, &info) == -EBADMSG);
	/* a required attribute missing: cut NFGATE_INFO_A_HOOKS off */
	nlh = build_info("v1");
	nlh->nlmsg_len -= MNL_ATTR_HDRLEN + 4;
	CHECK(nfg_info_parse(nlh, &info) == -EBADMSG);
	/* sanity: the unmodified message parses */
	CHECK(nfg_info_parse(build_info("v1"), &info) == 0);
	return 0;
}

/* ---- driver ----------------------------------------------------------- */

static const struct unit_test tests[] = {
	{ "json_quotes_backslashes", test_json_quotes_backslashes },
	{ "json_control_chars", test_json_control_chars },
	{ "json_utf8_passthrough", test_json_utf8_passthrough },
	{ "json_invalid_utf8", test_json_invalid_utf8 },
	{ "json_writer_structure", test_json_writer_structure },
	{ "features_decoding", test_features_decoding },
	{ "extack_capped_names_attr", test_extack_capped_names_attr },
	{ "extack_uncapped_names_attr", test_extack_uncapped_names_attr },
	{ "extack_nested_and_bad_offsets", test_extack_nested_and_bad_offsets },
	{ "error_without_extack", test_error_without_extack },
	{ "extack_report_exit_codes", test_extack_report_exit_codes },
	{ "extack_malformed", test_extack_malformed },
	{ "info_parse_and_print", test_info_parse_and_print },
	{ "info_rejects_malformed", test_info_rejects_malformed },
};

static const struct {
	const struct unit_test *tests;
	const size_t *n;
} suites[] = {
	{ tests, &(const size_t){ NFG_ARRAY_SIZE(tests) } },
	{ unit_rule_tests, &unit_rule_ntests },
	{ unit_set_tests, &unit_set_ntests },
	{ unit_doctor_tests, &unit_doctor_ntests },
};

int main(int argc, char *argv[])
{
	const struct unit_test *t;
	size_t s, i;

	for (s = 0; s < NFG_ARRAY_SIZE(suites); s++) {
		for (i = 0; i < *suites[s].n; i++) {
			t = &suites[s].tests[i];
			if (argc == 2 && !strcmp(argv[1], "--list"))
				printf("%s\n", t->name);
			else if (argc == 2 && !strcmp(argv[1], t->name))
				return t->fn() ? 1 : 0;
		}
	}
	if (argc == 2 && !strcmp(argv[1], "--list"))
		return 0;
	fprintf(stderr, "usage: %s --list | <test>\n", argv[0]);
	return 2;
}
