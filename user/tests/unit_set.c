// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of sets in nfgatectl: element parsing (accepted and refused,
 * with the exact messages), element files (comments, FILE:LINE errors that
 * leave the list as it was), the netlink encoding of elements and its
 * decoding, and set matches and add-to-set in the rule grammar.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/nfgate.h>

#include "nl.h"
#include "rule.h"
#include "conf.h"
#include "setelem.h"
#include "setsync.h"
#include "text.h"
#include "unit.h"

static const char *elem_text(const char *in, int type)
{
	static char buf[512];
	struct nfg_perr err;
	struct nfg_elem e;

	if (nfg_elem_parse(in, type, &e, &err) < 0)
		snprintf(buf, sizeof(buf), "error: %s", err.msg);
	else
		nfg_elem_format(&e, type, buf, sizeof(buf));
	return buf;
}

static int test_set_elem_parse(void)
{
	CHECK_STR(elem_text("192.0.2.1", NFGATE_SET_IPV4), "192.0.2.1");
	CHECK_STR(elem_text("10.0.0.0/8", NFGATE_SET_IPV4), "10.0.0.0/8");
	CHECK_STR(elem_text("10.0.0.0/32", NFGATE_SET_IPV4), "10.0.0.0");
	CHECK_STR(elem_text("2001:db8::/32", NFGATE_SET_IPV6), "2001:db8::/32");
	CHECK_STR(elem_text("22", NFGATE_SET_PORT), "22");
	CHECK_STR(elem_text("6000-6063", NFGATE_SET_PORT), "6000-6063");
	CHECK_STR(elem_text("0-65535", NFGATE_SET_PORT), "0-65535");
	return 0;
}

static int test_set_elem_refuses(void)
{
	CHECK_STR(elem_text("10.0.0.1/8", NFGATE_SET_IPV4),
		  "error: element: \"10.0.0.1/8\" has bits set past the prefix length; the network is 10.0.0.0/8");
	CHECK_STR(elem_text("10.0.0.1", NFGATE_SET_IPV6),
		  "error: element: \"10.0.0.1\" is not an ipv6 address");
	CHECK_STR(elem_text("::1", NFGATE_SET_IPV4),
		  "error: element: \"::1\" is not an ipv4 address");
	CHECK_STR(elem_text("10.0.0.0/33", NFGATE_SET_IPV4),
		  "error: element: prefix length \"33\" is not a number 0-32");
	CHECK_STR(elem_text("300.1.1.1", NFGATE_SET_IPV4),
		  "error: element: \"300.1.1.1\" is not an IPv4 or IPv6 address");
	CHECK_STR(elem_text("70000", NFGATE_SET_PORT),
		  "error: element: \"70000\" is not a port (0-65535) or a range of ports (PORT-PORT)");
	CHECK_STR(elem_text("90-80", NFGATE_SET_PORT),
		  "error: element: range \"90-80\" ends before it starts");
	CHECK_STR(elem_text("", NFGATE_SET_PORT),
		  "error: element: \"\" is not a port (0-65535) or a range of ports (PORT-PORT)");
	return 0;
}

static int test_set_type_names(void)
{
	CHECK(nfg_set_type_parse("ipv4") == NFGATE_SET_IPV4);
	CHECK(nfg_set_type_parse("ipv6") == NFGATE_SET_IPV6);
	CHECK(nfg_set_type_parse("port") == NFGATE_SET_PORT);
	CHECK(nfg_set_type_parse("mac") == 0);
	CHECK(nfg_set_type_name(0) == NULL);
	CHECK_STR(nfg_set_type_name(NFGATE_SET_PORT), "port");
	return 0;
}

/* Read text as an element file of type into es: the return value. */
static int read_text(const char *text, int type, struct nfg_elems *es,
		     struct nfg_perr *err)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int rc;

	if (!f)
		abort();
	rc = nfg_elems_read(f, "f.txt", type, es, err);
	fclose(f);
	return rc;
}

static int test_set_file_reads(void)
{
	struct nfg_elems es = { 0 };
	struct nfg_perr err;
	char buf[64];

	CHECK(read_text("# blocklist\n10.0.0.0/8  # private\n\n  192.0.2.1\t\r\n2001:db8::1\n",
			NFGATE_SET_IPV4, &es, &err) == -1);
	CHECK_STR(err.msg, "f.txt:5: element: \"2001:db8::1\" is not an ipv4 address");
	CHECK(es.n == 0);
	CHECK(read_text("# blocklist\n10.0.0.0/8  # private\n\n  192.0.2.1\t\r\n",
			NFGATE_SET_IPV4, &es, &err) == 0);
	CHECK(es.n == 2);
	nfg_elem_format(&es.v[1], NFGATE_SET_IPV4, buf, sizeof(buf));
	CHECK_STR(buf, "192.0.2.1");
	/* a failed read leaves what an earlier one added */
	CHECK(read_text("1.2.3.4\n1.2.3.4 5.6.7.8\n", NFGATE_SET_IPV4, &es, &err) == -1);
	CHECK_STR(err.msg, "f.txt:2: one element per line, not \"1.2.3.4 5.6.7.8\"");
	CHECK(es.n == 2);
	nfg_elems_free(&es);
	return 0;
}

static int test_set_file_many(void)
{
	struct nfg_elems es = { 0 };
	struct nfg_perr err;
	size_t len = 0, i;
	char *text = malloc(20 * 5000 + 1);

	CHECK(text);
	for (i = 0; i < 5000; i++)
		len += (size_t)sprintf(text + len, "10.%zu.%zu.0/24\n", i / 256, i % 256);
	CHECK(read_text(text, NFGATE_SET_IPV4, &es, &err) == 0);
	CHECK(es.n == 5000);
	free(text);
	nfg_elems_free(&es);
	return 0;
}

static union {
	char buf[NFG_REQ_SIZE];
	uint64_t align;
} msg_mem;

static int test_set_elem_wire(void)
{
	struct nfg_elem_opts o = { .has_timeout = true, .timeout = 60,
				   .comment = "x" };
	struct nlattr *nest;
	struct nfg_elem e, back;
	struct nfg_perr err;
	struct nlmsghdr *nlh;
	uint8_t want[4] = { 10, 1, 0, 0 };

	memset(&msg_mem, 0, sizeof(msg_mem));
	nlh = mnl_nlmsg_put_header(msg_mem.buf);
	nest = (struct nlattr *)mnl_nlmsg_get_payload_tail(nlh);
	CHECK(nfg_elem_parse("10.1.0.0/16", NFGATE_SET_IPV4, &e, &err) == 0);
	CHECK(nfg_elem_encode(nlh, sizeof(msg_mem.buf), NFGATE_SET_IPV4, &e, &o) == 0);
	CHECK(mnl_attr_get_type(nest) == NFGATE_SET_A_ELEM);
	CHECK(nfg_elem_decode(nest, NFGATE_SET_IPV4, &back) == 0);
	CHECK(back.addr.plen == 16 && !memcmp(back.addr.addr, want, 4));
	/* no room: nothing is left behind */
	CHECK(nfg_elem_encode(nlh, nlh->nlmsg_len + 10, NFGATE_SET_IPV4, &e, &o) == -1);
	CHECK(nfg_elem_parse("80-90", NFGATE_SET_PORT, &e, &err) == 0);
	nest = (struct nlattr *)mnl_nlmsg_get_payload_tail(nlh);
	CHECK(nfg_elem_encode(nlh, sizeof(msg_mem.buf), NFGATE_SET_PORT, &e, NULL) == 0);
	CHECK(nfg_elem_decode(nest, NFGATE_SET_PORT, &back) == 0);
	CHECK(back.ports.min == 80 && back.ports.max == 90);
	return 0;
}

static const char *rule_roundtrip(const char *line)
{
	static char buf[NFG_RULE_TEXT_MAX];
	struct nfg_rule r, again;
	struct nfg_tokens t;
	struct nfg_perr err;
	int rc;

	if (nfg_tokenize(line, &t, err.msg, sizeof(err.msg)) < 0)
		return "tokenize error";
	rc = nfg_rule_parse_tokens(t.argc, t.argv, &r, &err);
	nfg_tokens_free(&t);
	if (rc < 0) {
		snprintf(buf, sizeof(buf), "error: %s", err.msg);
		return buf;
	}
	nfg_rule_format(&r, buf, sizeof(buf));
	if (nfg_tokenize(buf, &t, err.msg, sizeof(err.msg)) < 0 ||
	    nfg_rule_parse_tokens(t.argc, t.argv, &again, &err) < 0 ||
	    !nfg_rule_same(&r, &again))
		snprintf(buf, sizeof(buf), "round trip failed");
	nfg_tokens_free(&t);
	return buf;
}

static int test_set_rule_syntax(void)
{
	CHECK_STR(rule_roundtrip("saddr @blocked drop"), "saddr @blocked drop");
	CHECK_STR(rule_roundtrip("daddr != @ok saddr 10.0.0.0/8 drop"),
		  "saddr 10.0.0.0/8 daddr != @ok drop");
	CHECK_STR(rule_roundtrip("l4proto tcp dport @web sport != @hi accept"),
		  "l4proto tcp sport != @hi dport @web accept");
	CHECK_STR(rule_roundtrip("l4proto tcp ct-state new add-to-set ban saddr timeout 60 refresh drop"),
		  "l4proto tcp ct-state new add-to-set ban saddr timeout 60 refresh drop");
	CHECK_STR(rule_roundtrip("add-to-set c1 daddr"), "add-to-set c1 daddr");
	CHECK_STR(rule_roundtrip("saddr @a saddr @b"),
		  "error: saddr: given twice; a rule has each match at most once");
	CHECK_STR(rule_roundtrip("saddr @a/b drop"),
		  "error: saddr: \"@a/b\" is not a set name: use 1 to 31 letters, digits, '_', '-' and '.'");
	CHECK_STR(rule_roundtrip("add-to-set ban src"),
		  "error: add-to-set ban: \"src\" is not saddr or daddr");
	CHECK_STR(rule_roundtrip("add-to-set ban saddr timeout x"),
		  "error: add-to-set timeout: \"x\" is not a number of seconds 0-2000000");
	CHECK_STR(rule_roundtrip("add-to-set"), "error: add-to-set: missing value");
	return 0;
}

static int test_set_rule_wire(void)
{
	struct nfg_rule r, back;
	struct nfg_tokens t;
	struct nfg_perr err;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct genlmsghdr *genl;

	CHECK(nfg_tokenize("l4proto udp saddr != @a dport @p add-to-set b saddr refresh accept",
			   &t, err.msg, sizeof(err.msg)) == 0);
	CHECK(nfg_rule_parse_tokens(t.argc, t.argv, &r, &err) == 0);
	nfg_tokens_free(&t);
	memset(&msg_mem, 0, sizeof(msg_mem));
	nlh = mnl_nlmsg_put_header(msg_mem.buf);
	nlh->nlmsg_type = FAMILY_ID;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = NFGATE_CMD_GET_RULES;
	nest = (struct nlattr *)mnl_nlmsg_get_payload_tail(nlh);
	CHECK(nfg_rule_encode(nlh, sizeof(msg_mem.buf), &r) == 0);
	CHECK(nfg_rule_decode(nest, &back, NULL, 0) == 0);
	CHECK(!back.unknown && nfg_rule_same(&r, &back));
	CHECK_STR(back.saddr_set, "a");
	CHECK(back.invert == NFG_BIT(NFGATE_RULE_A_SADDR_SET));
	CHECK_STR(back.add_set.name, "b");
	CHECK(back.add_set.refresh && !back.add_set.has_timeout);
	return 0;
}

/* Parse line as a set spec and print it back, or "error@INDEX: msg". */
static const char *spec_text(const char *line)
{
	static char buf[512];
	struct nfg_set_spec spec;
	struct nfg_tokens t;
	struct nfg_perr err;

	if (nfg_tokenize(line, &t, err.msg, sizeof(err.msg)) < 0)
		return "tokenize error";
	if (nfg_set_spec_parse(t.argc, t.argv, &spec, &err) < 0)
		snprintf(buf, sizeof(buf), "error@%d: %s", err.index, err.msg);
	else
		nfg_set_spec_format(&spec, buf, sizeof(buf));
	nfg_tokens_free(&t);
	return buf;
}

static int test_set_spec_words(void)
{
	CHECK_STR(spec_text("type ipv4"), "type ipv4");
	CHECK_STR(spec_text("dynamic counters timeout 60 maxelem 10 type ipv6"),
		  "type ipv6 maxelem 10 timeout 60 counters dynamic");
	CHECK_STR(spec_text("type port counters"),
		  "error@2: port sets take no maxelem, timeout, counters, dynamic or compact");
	CHECK_STR(spec_text("compact type ipv4 maxelem 1000000"),
		  "type ipv4 maxelem 1000000 compact");
	CHECK_STR(spec_text("type port compact"),
		  "error@2: port sets take no maxelem, timeout, counters, dynamic or compact");
	CHECK_STR(spec_text("type ipv4 compact counters"),
		  "error@2: a compact set's elements are bare addresses: it takes no counters and no timeout");
	CHECK_STR(spec_text("type ipv6 timeout 60 compact"),
		  "error@2: a compact set's elements are bare addresses: it takes no counters and no timeout");
	CHECK_STR(spec_text("type ipv4 timeout 0 compact"), "type ipv4 timeout 0 compact");
	CHECK_STR(spec_text("type ipv4 timeout 0"), "type ipv4 timeout 0");
	CHECK_STR(spec_text("type mac"),
		  "error@1: type: \"mac\" is not ipv4, ipv6, port, recent or rate");
	CHECK_STR(spec_text("maxelem 5"),
		  "error@2: type is required (ipv4, ipv6, port, recent or rate)");
	CHECK_STR(spec_text("type ipv4 maxelem -1"),
		  "error@3: maxelem: \"-1\" is not a number 0-4294967295");
	CHECK_STR(spec_text("type ipv4 timeout 2000001"),
		  "error@3: timeout: \"2000001\" is not a number of seconds 0-2000000");
	CHECK_STR(spec_text("type ipv4 timeout"), "error@2: timeout: missing value");
	CHECK_STR(spec_text("type ipv4 size 5"),
		  "error@2: unknown keyword \"size\": expected type, maxelem, timeout, counters, dynamic, compact, family, mask, hits, rate or burst");
	return 0;
}

static int test_set_spec_meters(void)
{
	CHECK_STR(spec_text("type recent family ipv4"), "type recent family ipv4");
	CHECK_STR(spec_text("hits 5 mask 64 type recent timeout 30 family ipv6"),
		  "type recent timeout 30 family ipv6 mask 64 hits 5");
	CHECK_STR(spec_text("type rate family ipv4 rate 10/second burst 20"),
		  "type rate family ipv4 rate 10/second burst 20");
	CHECK_STR(spec_text("type rate family ipv6 rate 3/hour maxelem 100"),
		  "type rate maxelem 100 family ipv6 rate 3/hour");
	CHECK_STR(spec_text("type recent"), "error@2: type recent needs family ipv4|ipv6");
	CHECK_STR(spec_text("type ipv4 family ipv4"),
		  "error@4: family goes with types recent and rate only, not ipv4");
	CHECK_STR(spec_text("type rate family ipv4"),
		  "error@4: type rate needs rate N/second|minute|hour|day");
	CHECK_STR(spec_text("type rate family ipv4 rate 0/second"),
		  "error@5: rate: \"0/second\" is not N/second, N/minute, N/hour or N/day with N 1-4294967295");
	CHECK_STR(spec_text("type rate family ipv4 rate 5/week"),
		  "error@5: rate: \"5/week\" is not N/second, N/minute, N/hour or N/day with N 1-4294967295");
	CHECK_STR(spec_text("type recent family ipv4 mask 33"),
		  "error@6: mask 33 is longer than an IPv4 address");
	CHECK_STR(spec_text("type recent family ipv4 hits 256"),
		  "error@5: hits: \"256\" is not a number of hits 0-255");
	CHECK_STR(spec_text("type recent family ipv4 hits 0"),
		  "error@6: hits and burst are at least 1");
	CHECK_STR(spec_text("type rate family ipv4 rate 1/second hits 3"),
		  "error@8: mask goes with recent and rate, hits with recent, rate and burst with rate, counters and compact with ipv4 and ipv6");
	CHECK_STR(spec_text("type recent family ipv6 counters"),
		  "error@5: mask goes with recent and rate, hits with recent, rate and burst with rate, counters and compact with ipv4 and ipv6");
	CHECK_STR(spec_text("type recent family ipv4 compact"),
		  "error@5: mask goes with recent and rate, hits with recent, rate and burst with rate, counters and compact with ipv4 and ipv6");
	CHECK_STR(spec_text("type ipv4 mask 8"),
		  "error@4: mask goes with recent and rate, hits with recent, rate and burst with rate, counters and compact with ipv4 and ipv6");
	return 0;
}

/* Parse line as element words of type: "N: e1 e2 [timeout T] [comment C]". */
static const char *words_text(const char *line, int type, bool opts)
{
	static char buf[512];
	struct nfg_elems es = { 0 };
	struct nfg_elem_opts o;
	struct nfg_tokens t;
	struct nfg_perr err;
	struct nfg_sb sb;
	char e[64];
	int n;
	size_t i;

	if (nfg_tokenize(line, &t, err.msg, sizeof(err.msg)) < 0)
		return "tokenize error";
	nfg_sb_init(&sb, buf, sizeof(buf));
	n = nfg_elem_words_parse(t.argc, t.argv, type, opts, &es, &o, &err);
	if (n < 0)
		nfg_sb_printf(&sb, "error@%d: %s", err.index, err.msg);
	else
		nfg_sb_printf(&sb, "%d:", n);
	for (i = 0; n >= 0 && i < es.n; i++) {
		nfg_elem_format(&es.v[i], type, e, sizeof(e));
		nfg_sb_printf(&sb, " %s", e);
	}
	if (n >= 0 && o.has_timeout)
		nfg_sb_printf(&sb, " timeout %u", o.timeout);
	if (n >= 0 && o.comment)
		nfg_sb_printf(&sb, " comment %s", o.comment);
	nfg_tokens_free(&t);
	nfg_elems_free(&es);
	return buf;
}

static int test_set_elem_words(void)
{
	CHECK_STR(words_text("192.0.2.1 10.0.0.0/8", NFGATE_SET_IPV4, true),
		  "2: 192.0.2.1 10.0.0.0/8");
	CHECK_STR(words_text("timeout 60 192.0.2.1 comment \"a b\"", NFGATE_SET_IPV4, true),
		  "1: 192.0.2.1 timeout 60 comment a b");
	CHECK_STR(words_text("timeout 60", NFGATE_SET_IPV4, true), "0: timeout 60");
	CHECK_STR(words_text("x y timeout 1", 0, true), "2: timeout 1");
	CHECK_STR(words_text("192.0.2.1 timeout 60", NFGATE_SET_IPV4, false),
		  "error@1: element: \"timeout\" is not an IPv4 or IPv6 address");
	CHECK_STR(words_text("22 6000-6001 x", NFGATE_SET_PORT, true),
		  "error@2: element: \"x\" is not a port (0-65535) or a range of ports (PORT-PORT)");
	CHECK_STR(words_text("1.2.3.4 timeout x", NFGATE_SET_IPV4, true),
		  "error@2: timeout: \"x\" is not a number of seconds 0-2000000");
	CHECK_STR(words_text("1.2.3.4 comment", NFGATE_SET_IPV4, true),
		  "error@1: comment: missing value");
	return 0;
}

/* The set part of apply --diff between two configurations. */
static const char *sets_diff(const char *from, const char *to)
{
	static char buf[4096];
	struct nfg_ruleset a, b;
	FILE *f;

	buf[0] = '\0';
	if (nfg_conf_parse_text("a", from, strlen(from), &a, "t") < 0)
		return "parse error a";
	if (nfg_conf_parse_text("b", to, strlen(to), &b, "t") < 0) {
		nfg_ruleset_free(&a);
		return "parse error b";
	}
	f = fmemopen(buf, sizeof(buf), "w");
	if (f) {
		nfg_sets_diff(f, &a, &b);
		fclose(f);
	}
	nfg_ruleset_free(&a);
	nfg_ruleset_free(&b);
	return buf;
}

static int test_set_conf_diff(void)
{
	CHECK_STR(sets_diff("set a { type ipv4; 1.1.1.1 2.2.2.2 }",
			    "set a { type ipv4; 2.2.2.2 3.3.3.3 }"),
		  " set a {\n \ttype ipv4\n-\t1.1.1.1\n+\t3.3.3.3\n }\n");
	CHECK_STR(sets_diff("set a { type ipv4; 1.1.1.1 }", "set a { type ipv4; 1.1.1.1 }"), "");
	CHECK_STR(sets_diff("set d { type ipv4 dynamic; }", "set d { type ipv4 timeout 9 dynamic; }"),
		  " set d {\n-\ttype ipv4 dynamic\n+\ttype ipv4 timeout 9 dynamic\n"
		  " \t# dynamic: replaced by a new, empty set\n }\n");
	CHECK_STR(sets_diff("", "set p { type port; 22 }"),
		  "+set p {\n+\ttype port\n+\t22\n+}\n");
	CHECK_STR(sets_diff("set a { type ipv4; 1.1.1.1 comment x }",
			    "set a { type ipv4; 1.1.1.1 comment y }"),
		  " set a {\n \ttype ipv4\n-\t1.1.1.1 comment x\n+\t1.1.1.1 comment y\n }\n");
	return 0;
}

static int test_set_elems_normalize(void)
{
	struct nfg_elems es = { 0 }, other = { 0 };
	struct nfg_elem_opts o;
	struct nfg_perr err;
	char w0[] = "10.0.0.0/8", w1[] = "1.2.3.4", p0[] = "90-95", p1[] = "80",
	     p2[] = "81-89", p3[] = "100", p4[] = "96";
	char *w[] = { w0, w1, w0, w1 };
	char *p[] = { p0, p1, p2, p3, p4 };
	char buf[64];

	CHECK(nfg_elem_words_parse(4, w, NFGATE_SET_IPV4, false, &es, &o, &err) == 4);
	nfg_elems_normalize(&es, NFGATE_SET_IPV4);
	CHECK(es.n == 2);
	nfg_elem_format(&es.v[0], NFGATE_SET_IPV4, buf, sizeof(buf));
	CHECK_STR(buf, "1.2.3.4");
	CHECK(nfg_elem_words_parse(2, w, NFGATE_SET_IPV4, false, &other, &o, &err) == 2);
	nfg_elems_normalize(&other, NFGATE_SET_IPV4);
	CHECK(nfg_elems_same(&es, &other));
	other.v[0].has_timeout = true;
	CHECK(!nfg_elems_same(&es, &other));
	nfg_elems_free(&es);
	nfg_elems_free(&other);
	CHECK(nfg_elem_words_parse(5, p, NFGATE_SET_PORT, false, &es, &o, &err) == 5);
	nfg_elems_normalize(&es, NFGATE_SET_PORT);
	CHECK(es.n == 2);
	nfg_elem_format(&es.v[0], NFGATE_SET_PORT, buf, sizeof(buf));
	CHECK_STR(buf, "80-96");
	nfg_elems_free(&es);
	return 0;
}

const struct unit_test unit_set_tests[] = {
	{ "set_conf_diff", test_set_conf_diff },
	{ "set_elems_normalize", test_set_elems_normalize },
	{ "set_spec_words", test_set_spec_words },
	{ "set_spec_meters", test_set_spec_meters },
	{ "set_elem_words", test_set_elem_words },
	{ "set_elem_parse", test_set_elem_parse },
	{ "set_elem_refuses", test_set_elem_refuses },
	{ "set_type_names", test_set_type_names },
	{ "set_file_reads", test_set_file_reads },
	{ "set_file_many", test_set_file_many },
	{ "set_elem_wire", test_set_elem_wire },
	{ "set_rule_syntax", test_set_rule_syntax },
	{ "set_rule_wire", test_set_rule_wire },
};

const size_t unit_set_ntests = NFG_ARRAY_SIZE(unit_set_tests);
