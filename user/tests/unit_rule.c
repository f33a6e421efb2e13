// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the rule model: the token parser (accepted and refused
 * input, with the exact messages), the printer and the parse/format round
 * trip, the netlink encoder and decoder (round trip and the exact wire
 * form of the uapi), chain specs and priorities, JSON, the COMMIT error
 * reports and the listing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/nfgate.h>

#include "nl.h"
#include "rule.h"
#include "ruleset.h"
#include "text.h"
#include "unit.h"

static union {
	char buf[NFG_REQ_SIZE];
	uint64_t align;
} msg_mem;

/* Tokenize line and parse it as a rule: 0, -1 (parse error), -2 (tokens). */
static int parse_line(const char *line, struct nfg_rule *r, struct nfg_perr *err)
{
	struct nfg_tokens t;
	int rc;

	if (nfg_tokenize(line, &t, err->msg, sizeof(err->msg)) < 0)
		return -2;
	rc = nfg_rule_parse_tokens(t.argc, t.argv, r, err);
	nfg_tokens_free(&t);
	return rc;
}

static const char *fmt(const struct nfg_rule *r)
{
	static char buf[NFG_RULE_TEXT_MAX];

	nfg_rule_format(r, buf, sizeof(buf));
	return buf;
}

static struct nlmsghdr *new_msg(uint8_t cmd)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *genl;

	memset(&msg_mem, 0, sizeof(msg_mem));
	nlh = mnl_nlmsg_put_header(msg_mem.buf);
	nlh->nlmsg_type = FAMILY_ID;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = NFGATE_GENL_VERSION;
	return nlh;
}

static const struct nlattr *first_attr(const struct nlmsghdr *nlh)
{
	return mnl_nlmsg_get_payload_offset(nlh, GENL_HDRLEN);
}

/* ---- parser: accepted input and its canonical form -------------------- */

static const struct {
	const char *in;
	const char *canonical;	/* NULL: the same as in */
} good_rules[] = {
	{ "", "continue" },
	{ "accept", NULL },
	{ "drop", NULL },
	{ "continue", NULL },
	{ "l4proto tcp continue", "l4proto tcp" },
	{ "nfproto ip", NULL },
	{ "nfproto != ip6", NULL },
	{ "l4proto tcp dport 22 accept", NULL },
	{ "l4proto 47", NULL },
	{ "l4proto != udp", NULL },
	{ "l4proto sctp sport 1-2 dport 3", NULL },
	{ "l4proto udplite", NULL },
	{ "recent ssh set", NULL },
	{ "l4proto tcp dport 22 recent ssh update seconds 60 hitcount 4 drop", NULL },
	{ "recent != ssh check seconds 5 rdest", NULL },
	{ "recent ssh check hitcount 3 seconds 9", "recent ssh check seconds 9 hitcount 3" },
	{ "recent r remove", NULL },
	{ "rate web drop", NULL },
	{ "rate != web rdest accept", NULL },
	{ "rate b recent a check drop", "recent a check rate b drop" },
	{ "iifname eth0 oifname != br-*", NULL },
	{ "iifname \"we#rd\"", NULL },
	{ "saddr 10.0.0.0/8 daddr != 192.168.1.1/32", "saddr 10.0.0.0/8 daddr != 192.168.1.1" },
	{ "saddr 0.0.0.0/0", NULL },
	{ "saddr 2001:db8::/32 daddr ::1", NULL },
	{ "daddr != 2001:DB8:0:0::1/128", "daddr != 2001:db8::1" },
	{ "l4proto udp sport 1024-65535 dport != 53", NULL },
	{ "dport 80", NULL },
	{ "sport 0-65535", NULL },
	{ "dport 443-443", "dport 443" },
	{ "l4proto icmp icmp-type echo-request", NULL },
	{ "l4proto icmp icmp-type 8", "l4proto icmp icmp-type echo-request" },
	{ "l4proto icmpv6 icmp-type != 135 icmp-code 0",
	  "l4proto icmpv6 icmp-type != nd-neighbor-solicit icmp-code 0" },
	{ "l4proto icmp icmp-type 42 icmp-code 7", NULL },
	{ "l4proto tcp tcp-flags syn/syn,ack", NULL },
	{ "l4proto tcp tcp-flags ack,syn", "l4proto tcp tcp-flags syn,ack" },
	{ "l4proto tcp tcp-flags none/fin,syn,rst", NULL },
	{ "l4proto tcp tcp-flags != fin,syn,rst,psh,ack,urg,ece,cwr", NULL },
	{ "ct-state established,related", NULL },
	{ "ct-state != untracked,new,invalid", "ct-state != new,invalid,untracked" },
	{ "ct-status snat,dnat,confirmed", NULL },
	{ "ct-direction reply", NULL },
	{ "ct-direction != original", NULL },
	{ "mark 42", "mark 0x2a" },
	{ "mark != 0x10/0xf0", NULL },
	{ "mark 0xffffffff/0xffffffff", "mark 0xffffffff" },
	{ "log", NULL },
	{ "log level warn", "log" },
	{ "log prefix \"ssh in: \" level info rate 10/second burst 20 accept", NULL },
	{ "log burst 7 group 5 prefix x", "log prefix x group 5 burst 7" },
	{ "log rate 0/second level 0", "log level emerg rate 0/second" },
	{ "log prefix \"\"", "log" },
	{ "mark-set 0x1/0xff", NULL },
	{ "mark-set 7 log", "log mark-set 0x7" },
	{ "reject", NULL },
	{ "reject with port-unreachable", "reject" },
	{ "l4proto tcp reject with tcp-reset", NULL },
	{ "reject with icmp host-prohibited", NULL },
	{ "reject with icmp 5", NULL },
	{ "reject with icmpv6 no-route", NULL },
	{ "reject with icmpv6 15", NULL },
	{ "reject with admin-prohibited", NULL },
	{ "reject with host-unreachable", NULL },
	{ "reject with no-route", NULL },
	{ "accept comment \"hello world\"", NULL },
	{ "comment x", "continue comment x" },
	{ "drop comment \"\"", "drop" },
	{ "drop comment \"say \\\"hi\\\" \\\\ # \\t\\n\\x01\"", NULL },
	{ "saddr 10.1.0.0/16 l4proto icmp icmp-type echo-reply reject with icmp 0",
	  "l4proto icmp saddr 10.1.0.0/16 icmp-type echo-reply reject with icmp net-unreachable" },
	{ "nfproto ip l4proto tcp iifname eth* oifname lo saddr 10.0.0.0/8 daddr 10.0.0.1 "
	  "sport 1000-2000 dport != 22 tcp-flags syn/syn,ack ct-state new ct-status dnat "
	  "ct-direction original mark 0x1/0x1 log prefix ssh group 3 rate 1/second "
	  "burst 2 mark-set 0x2/0x2 accept comment ssh", NULL },
	{ "log level debug prefix p", "log prefix p level debug" },
};

static int test_rule_parse_accepts(void)
{
	struct nfg_rule r, again;
	struct nfg_perr err;
	const char *want;
	size_t i;

	for (i = 0; i < NFG_ARRAY_SIZE(good_rules); i++) {
		want = good_rules[i].canonical ? good_rules[i].canonical : good_rules[i].in;
		if (parse_line(good_rules[i].in, &r, &err)) {
			fprintf(stderr, "refused '%s': %s\n", good_rules[i].in, err.msg);
			return 1;
		}
		CHECK_STR(fmt(&r), want);
		/* round trip: parse(format(r)) == r, and the text is stable */
		CHECK(parse_line(fmt(&r), &again, &err) == 0);
		CHECK(nfg_rule_same(&r, &again));
		CHECK_STR(fmt(&again), want);
	}
	return 0;
}

/* ---- parser: refused input, with the message and the token ------------ */

static const struct {
	const char *in;
	int index;
	const char *msg;
} bad_rules[] = {
	{ "dport 70000", 1, "dport: \"70000\" is not a port (0-65535) or a range of ports (PORT-PORT)" },
	{ "dport 00000000080", 1, "dport: \"00000000080\" is not a port (0-65535) or a range of ports (PORT-PORT)" },
	{ "dport 90-80", 1, "dport: range \"90-80\" ends before it starts" },
	{ "dport -1", 1, "dport: \"-1\" is not a port (0-65535) or a range of ports (PORT-PORT)" },
	{ "dport", 1, "dport: missing value" },
	{ "dport !=", 2, "dport: missing value" },
	{ "saddr 10.0.0.1/8", 1, "saddr: \"10.0.0.1/8\" has bits set past the prefix length; the network is 10.0.0.0/8" },
	{ "daddr 2001:db8::1/32", 1, "daddr: \"2001:db8::1/32\" has bits set past the prefix length; the network is 2001:db8::/32" },
	{ "saddr 10.0.0.0/33", 1, "saddr: prefix length \"33\" is not a number 0-32" },
	{ "saddr ::/129", 1, "saddr: prefix length \"129\" is not a number 0-128" },
	{ "saddr 10.0.0.300", 1, "saddr: \"10.0.0.300\" is not an IPv4 or IPv6 address" },
	{ "saddr 10.0.0.1 daddr ::1", 2, "daddr: the rule mixes IPv4 and IPv6 (saddr is IPv4, daddr is IPv6)" },
	{ "saddr ::1 reject with icmp 1", 4, "reject with: the rule mixes IPv4 and IPv6 (saddr is IPv6, reject with is IPv4)" },
	{ "l4proto icmpv6 daddr 10.0.0.1 icmp-type 1", 4, "icmp-type: the rule mixes IPv4 and IPv6 (daddr is IPv4, icmp-type is IPv6)" },
	{ "icmp-type echo-request", 1, "icmp-type: needs \"l4proto icmp\" or \"l4proto icmpv6\" before it" },
	{ "l4proto tcp icmp-type echo-request", 3, "icmp-type: needs \"l4proto icmp\" or \"l4proto icmpv6\" before it" },
	{ "l4proto != icmp icmp-type 8", 4, "icmp-type: needs \"l4proto icmp\" or \"l4proto icmpv6\" before it" },
	{ "l4proto icmp icmp-type nd-neighbor-solicit", 3, "icmp-type: \"nd-neighbor-solicit\" is not an ICMP type name or a number 0-255" },
	{ "l4proto icmp icmp-type 8 icmp-code 256", 5, "icmp-code: \"256\" is not a number 0-255" },
	{ "l4proto icmp icmp-type 8 icmp-code", 5, "icmp-code: missing value" },
	{ "icmp-code 3", 0, "icmp-code: goes right after icmp-type and its value" },
	{ "l4proto udp tcp-flags syn", 2, "tcp-flags: needs \"l4proto tcp\"" },
	{ "tcp-flags syn", 0, "tcp-flags: needs \"l4proto tcp\"" },
	{ "l4proto tcp tcp-flags syn/ack", 3, "tcp-flags: \"syn/ack\": the value has bits outside the mask" },
	{ "l4proto tcp tcp-flags sin", 3, "tcp-flags: \"sin\" is not fin, syn, rst, psh, ack, urg, ece or cwr (or none)" },
	{ "l4proto icmp dport 22", 2, "dport: needs l4proto tcp, udp, sctp or udplite (or no l4proto: any of them)" },
	{ "l4proto != tcp sport 22", 3, "sport: needs l4proto tcp, udp, sctp or udplite (or no l4proto: any of them)" },
	{ "dport 22 dport 23", 2, "dport: given twice; a rule has each match at most once" },
	{ "accept dport 22", 1, "dport: matches go before actions, the verdict and the comment" },
	{ "log dport 22", 1, "dport: matches go before actions, the verdict and the comment" },
	{ "accept drop", 1, "drop: the rule already has a verdict" },
	{ "accept log", 1, "log: actions go before the verdict and the comment" },
	{ "log log", 1, "log: given twice" },
	{ "comment a b", 2, "\"b\" after the comment: the comment comes last (quote a comment of several words)" },
	{ "log level info group 3", 1, "log level: a level is for syslog; logging to an NFLOG group has none" },
	{ "log level loud", 2, "log level: \"loud\" is not emerg, alert, crit, err, warn, notice, info or debug, or 0-7" },
	{ "log level 8", 2, "log level: \"8\" is not emerg, alert, crit, err, warn, notice, info or debug, or 0-7" },
	{ "log rate 5/minute", 2, "log rate: \"5/minute\" is not NUM/second with NUM 0-10000 (0: no limit)" },
	{ "log rate 10001/second", 2, "log rate: \"10001/second\" is not NUM/second with NUM 0-10000 (0: no limit)" },
	{ "log burst 0", 2, "log burst: \"0\" is not a number 1-10000" },
	{ "log group 65536", 2, "log group: \"65536\" is not a number 0-65535" },
	{ "log prefix 0123456789012345678901234567890123456789012345678901234567890123", 2,
	  "log prefix: longer than 63 bytes" },
	{ "log rate 1/second rate 2/second", 3, "log rate: given twice" },
	{ "mark 0x100000000", 1, "mark: \"0x100000000\" is not VALUE or VALUE/MASK (numbers, decimal or 0x hex, up to 0xffffffff)" },
	{ "mark 0x", 1, "mark: \"0x\" is not VALUE or VALUE/MASK (numbers, decimal or 0x hex, up to 0xffffffff)" },
	{ "mark 0x0x1", 1, "mark: \"0x0x1\" is not VALUE or VALUE/MASK (numbers, decimal or 0x hex, up to 0xffffffff)" },
	{ "mark 1/", 1, "mark: \"1/\" is not VALUE or VALUE/MASK (numbers, decimal or 0x hex, up to 0xffffffff)" },
	{ "mark-set 3/1", 1, "mark-set: \"3/1\": the value has bits outside the mask" },
	{ "reject with tcp-reset", 2, "reject with tcp-reset: needs \"l4proto tcp\"" },
	{ "reject with icmp 16", 3, "reject with icmp: \"16\" is not net-unreachable, host-unreachable, prot-unreachable, port-unreachable, frag-needed, net-prohibited, host-prohibited or admin-prohibited, or a code 0-15" },
	{ "reject with icmp", 3, "reject with: missing value" },
	{ "reject with bounce", 2, "reject with: \"bounce\" is not port-unreachable, admin-prohibited, host-unreachable, no-route, tcp-reset, icmp or icmpv6" },
	{ "foo", 0, "unknown keyword \"foo\": expected a match (nfproto, l4proto, iifname, oifname, saddr, daddr, sport, dport, icmp-type, tcp-flags, ct-state, ct-status, ct-direction, mark, recent, rate), an action (log, mark-set, add-to-set), a verdict (accept, drop, reject, continue) or comment" },
	{ "!= 3", 0, "\"!=\" goes right after a match keyword" },
	{ "recent", 1, "recent: missing value" },
	{ "recent ssh", 2, "recent NAME: missing value" },
	{ "recent a/b set", 1, "recent: \"a/b\" is not a set name" },
	{ "recent ssh maybe", 2, "recent ssh: \"maybe\" is not a mode: check, update, set or remove" },
	{ "recent ssh set seconds 5", 0, "recent ssh: seconds and hitcount go with modes check and update only" },
	{ "recent ssh check hitcount 256", 4, "recent hitcount: \"256\" is not a number 1-255" },
	{ "recent ssh check seconds 0", 4, "recent seconds: \"0\" is not a number 1-2000000" },
	{ "recent a check recent b check", 3, "recent: given twice; a rule has each match at most once" },
	{ "accept rate x", 1, "rate: matches go before actions, the verdict and the comment" },
	{ "rate x seconds 5", 2, "unknown keyword \"seconds\": expected a match (nfproto, l4proto, iifname, oifname, saddr, daddr, sport, dport, icmp-type, tcp-flags, ct-state, ct-status, ct-direction, mark, recent, rate), an action (log, mark-set, add-to-set), a verdict (accept, drop, reject, continue) or comment" },
	{ "iifname 0123456789abcdef", 1, "iifname: \"0123456789abcdef\" is longer than 15 characters" },
	{ "oifname a/b", 1, "oifname: \"a/b\": interface names contain no '/', ':' or spaces" },
	{ "iifname \"\"", 1, "iifname: empty interface name" },
	{ "ct-state new,,related", 1, "ct-state: \"new,,related\" is not a comma-separated list of names" },
	{ "ct-state new,", 1, "ct-state: \"new,\" is not a comma-separated list of names" },
	{ "ct-state new,new", 1, "ct-state: \"new\" is listed twice" },
	{ "ct-state none", 1, "ct-state: \"none\" is not new, established, related, invalid or untracked" },
	{ "ct-direction both", 1, "ct-direction: \"both\" is not original or reply" },
	{ "nfproto ipv4", 1, "nfproto: \"ipv4\" is not ip or ip6" },
	{ "nfproto 2", 1, "nfproto: \"2\" is not ip or ip6" },
	{ "l4proto 256", 1, "l4proto: \"256\" is not tcp, udp, icmp, icmpv6, sctp or udplite, or a number 0-255" },
	{ "comment", 1, "comment: missing value" },
	{ "comment a comment b", 2, "\"comment\" after the comment: the comment comes last (quote a comment of several words)" },
	{ "comment 01234567890123456789012345678901234567890123456789012345678901234567890123456789"
	  "012345678901234567890123456789012345678901234567", 1, "comment: longer than 127 bytes" },
};

static int test_rule_parse_refuses(void)
{
	struct nfg_perr err;
	struct nfg_rule r;
	size_t i;

	for (i = 0; i < NFG_ARRAY_SIZE(bad_rules); i++) {
		if (parse_line(bad_rules[i].in, &r, &err) != -1) {
			fprintf(stderr, "accepted '%s'\n", bad_rules[i].in);
			return 1;
		}
		CHECK_STR(err.msg, bad_rules[i].msg);
		if (err.index != bad_rules[i].index) {
			fprintf(stderr, "'%s': error at token %d, want %d\n",
				bad_rules[i].in, err.index, bad_rules[i].index);
			return 1;
		}
	}
	return 0;
}

/* Every match attribute has a descriptor, in attribute order. */
static int test_rule_match_table(void)
{
	unsigned int t;
	size_t i = 0;

	for (t = NFGATE_RULE_MATCH_FIRST; t <= NFGATE_RULE_MATCH_LAST; t++, i++) {
		CHECK(i < nfg_nmatches);
		CHECK(nfg_matches[i].attr == t);
		CHECK(nfg_match_by_attr((uint16_t)t) == &nfg_matches[i]);
		CHECK(nfg_match_by_key(nfg_matches[i].key) == &nfg_matches[i]);
	}
	/* set matches share the keyword of their plain match */
	for (t = NFGATE_RULE_SET_MATCH_FIRST; t <= NFGATE_RULE_SET_MATCH_LAST; t++, i++) {
		CHECK(i < nfg_nmatches);
		CHECK(nfg_matches[i].attr == t && nfg_matches[i].kind == NFG_MK_SET);
		CHECK(nfg_match_by_attr((uint16_t)t) == &nfg_matches[i]);
		CHECK(nfg_set_match_by_key(nfg_matches[i].key) == &nfg_matches[i]);
	}
	CHECK(i == nfg_nmatches);
	return 0;
}

/* ---- tokens and quoting ----------------------------------------------- */

static int test_tokenize_and_quote(void)
{
	static const char *const words[] = {
		"plain", "", "two words", "q\"uote", "back\\slash", "#hash",
		"tab\tnl\n", "\x01\x1f\x7f", "h\xc3\xa9", "a,b/c:d@e%f+g*h=i!j-k",
	};
	char line[512], err[128];
	struct nfg_tokens t;
	struct nfg_sb sb;
	size_t i;

	nfg_sb_init(&sb, line, sizeof(line));
	for (i = 0; i < NFG_ARRAY_SIZE(words); i++)
		nfg_sb_quoted(&sb, words[i]);
	CHECK(nfg_sb_ok(&sb));
	CHECK_STR(line, "plain \"\" \"two words\" \"q\\\"uote\" \"back\\\\slash\" \"#hash\" "
		  "\"tab\\tnl\\n\" \"\\x01\\x1f\\x7f\" \"h\xc3\xa9\" a,b/c:d@e%f+g*h=i!j-k");
	CHECK(nfg_tokenize(line, &t, err, sizeof(err)) == 0);
	CHECK(t.argc == (int)NFG_ARRAY_SIZE(words) && !t.argv[t.argc]);
	for (i = 0; i < NFG_ARRAY_SIZE(words); i++)
		CHECK_STR(t.argv[i], words[i]);
	nfg_tokens_free(&t);
	CHECK(nfg_tokenize("  a   \"b c\"\td  ", &t, err, sizeof(err)) == 0);
	CHECK(t.argc == 3);
	CHECK_STR(t.argv[1], "b c");
	nfg_tokens_free(&t);
	CHECK(nfg_tokenize("\"open", &t, err, sizeof(err)) == -1);
	CHECK_STR(err, "unterminated quoted string");
	CHECK(nfg_tokenize("\"a\"b", &t, err, sizeof(err)) == -1);
	CHECK(nfg_tokenize("a\"b\"", &t, err, sizeof(err)) == -1);
	CHECK(nfg_tokenize("\"\\q\"", &t, err, sizeof(err)) == -1);
	CHECK(nfg_tokenize("\"\\x00\"", &t, err, sizeof(err)) == -1);
	CHECK(nfg_tokenize("", &t, err, sizeof(err)) == 0 && t.argc == 0);
	nfg_tokens_free(&t);
	return 0;
}

static int test_string_builder_bounds(void)
{
	char buf[8];
	struct nfg_sb sb;

	nfg_sb_init(&sb, buf, sizeof(buf));
	nfg_sb_word(&sb, "abc");
	nfg_sb_word(&sb, "def");
	CHECK(nfg_sb_ok(&sb));
	CHECK_STR(buf, "abc def");
	nfg_sb_word(&sb, "ghi");
	CHECK(!nfg_sb_ok(&sb) && sb.len == 11);
	CHECK_STR(buf, "abc def");
	return 0;
}

/* ---- chain specs and priorities --------------------------------------- */

static const struct {
	const char *in;
	int32_t value;
	const char *printed;
} prios[] = {
	{ "filter", 0, "filter" },
	{ "0", 0, "filter" },
	{ "filter+10", 10, "firewalld" },
	{ "firewalld", 10, "firewalld" },
	{ "before-firewalld", 5, "before-firewalld" },
	{ "after-firewalld", 15, "after-firewalld" },
	{ "before-firewalld-5", 0, "filter" },
	{ "raw-5", -305, "raw-5" },
	{ "raw", -300, "raw" },
	{ "mangle", -150, "mangle" },
	{ "mangle+50", -100, "mangle+50" },
	{ "mangle+51", -99, "-99" },
	{ "-200", -200, "mangle-50" },
	{ "-225", -225, "-225" },
	{ "7", 7, "before-firewalld+2" },
	{ "12", 12, "firewalld+2" },
	{ "13", 13, "after-firewalld-2" },
	{ "+65", 65, "after-firewalld+50" },
	{ "66", 66, "66" },
	{ "-350", -350, "raw-50" },
	{ "-351", -351, "-351" },
	{ "-2147483647", -2147483647, "-2147483647" },
	{ "2147483646", 2147483646, "2147483646" },
	{ "raw-2147483347", -2147483647, "-2147483647" },
};

static const struct {
	const char *in;
	const char *msg;
} bad_prios[] = {
	{ "2147483647", "priority: 2147483647 is out of range (-2147483647 to 2147483646)" },
	{ "-2147483648", "priority: -2147483648 is out of range (-2147483647 to 2147483646)" },
	{ "filter+2147483647", "priority: filter+2147483647 is out of range (-2147483647 to 2147483646)" },
	{ "raw+", "priority: \"raw+\" is not a number or raw, mangle, filter, before-firewalld, firewalld or after-firewalld, optionally followed by +N or -N" },
	{ "bogus", "priority: \"bogus\" is not a number or raw, mangle, filter, before-firewalld, firewalld or after-firewalld, optionally followed by +N or -N" },
	{ "filter+0x1", "priority: \"filter+0x1\" is not a number or raw, mangle, filter, before-firewalld, firewalld or after-firewalld, optionally followed by +N or -N" },
	{ "filter10", "priority: \"filter10\" is not a number or raw, mangle, filter, before-firewalld, firewalld or after-firewalld, optionally followed by +N or -N" },
	{ "", "priority: \"\" is not a number or raw, mangle, filter, before-firewalld, firewalld or after-firewalld, optionally followed by +N or -N" },
};

static int test_chain_priorities(void)
{
	char text[NFG_PRIO_TEXT_MAX];
	struct nfg_perr err = { 0 };
	int32_t v, back;
	size_t i;

	for (i = 0; i < NFG_ARRAY_SIZE(prios); i++) {
		CHECK(nfg_prio_parse(prios[i].in, &v, &err) == 0);
		CHECK(v == prios[i].value);
		nfg_prio_format(v, text, sizeof(text));
		CHECK_STR(text, prios[i].printed);
	}
	for (i = 0; i < NFG_ARRAY_SIZE(bad_prios); i++) {
		CHECK(nfg_prio_parse(bad_prios[i].in, &v, &err) == -1);
		CHECK_STR(err.msg, bad_prios[i].msg);
	}
	/* round trip of every priority near the symbols */
	for (v = -500; v <= 500; v++) {
		nfg_prio_format(v, text, sizeof(text));
		CHECK(nfg_prio_parse(text, &back, &err) == 0 && back == v);
	}
	return 0;
}

static int parse_spec(const char *line, struct nfg_chain *c, struct nfg_perr *err)
{
	struct nfg_tokens t;
	int rc;

	if (nfg_tokenize(line, &t, err->msg, sizeof(err->msg)) < 0)
		return -2;
	nfg_chain_init(c);
	rc = nfg_chain_parse_spec(t.argc, t.argv, c, err);
	nfg_tokens_free(&t);
	return rc;
}

static int test_chain_spec(void)
{
	static const struct { const char *in, *msg; int index; } bad[] = {
		{ "family inet priority 0", "missing \"hook\": a chain needs hook, family and priority", 4 },
		{ "hook input priority 0", "missing \"family\": a chain needs hook, family and priority", 4 },
		{ "hook input family ip", "missing \"priority\": a chain needs hook, family and priority", 4 },
		{ "hook inbound family ip priority 0", "hook: \"inbound\" is not prerouting, input, forward, output or postrouting", 1 },
		{ "hook input family ipv4 priority 0", "family: \"ipv4\" is not ip, ip6 or inet", 3 },
		{ "hook input family ip priority 0 policy reject", "policy: \"reject\" is not accept or drop", 7 },
		{ "hook input family ip priority x", "priority: \"x\" is not a number or raw, mangle, filter, before-firewalld, firewalld or after-firewalld, optionally followed by +N or -N", 5 },
		{ "hook input hook output family ip priority 0", "hook: given twice", 2 },
		{ "hook input family ip priority", "priority: missing value", 5 },
		{ "hook input family ip priority 0 rules 3", "unknown keyword \"rules\": a chain spec has hook, family, priority and policy", 6 },
	};
	char text[256];
	struct nfg_chain c;
	struct nfg_perr err;
	size_t i;

	CHECK(parse_spec("priority filter+10 policy drop family ip6 hook forward", &c, &err) == 0);
	CHECK(c.hook == NFGATE_HOOK_FORWARD && c.family == NFGATE_FAMILY_IP6 &&
	      c.priority == 10 && c.policy == NFGATE_VERDICT_DROP);
	nfg_chain_format_spec(&c, text, sizeof(text));
	CHECK_STR(text, "hook forward family ip6 priority firewalld policy drop");
	CHECK(parse_spec(text, &c, &err) == 0 && c.priority == 10);
	CHECK(parse_spec("hook prerouting family inet priority -5", &c, &err) == 0);
	nfg_chain_format_spec(&c, text, sizeof(text));
	CHECK_STR(text, "hook prerouting family inet priority filter-5 policy accept");
	for (i = 0; i < NFG_ARRAY_SIZE(bad); i++) {
		CHECK(parse_spec(bad[i].in, &c, &err) == -1);
		CHECK_STR(err.msg, bad[i].msg);
		CHECK(err.index == bad[i].index);
	}
	CHECK(nfg_chain_name_valid("in-1.x_y"));
	CHECK(!nfg_chain_name_valid("") && !nfg_chain_name_valid("a b") &&
	      !nfg_chain_name_valid("0123456789012345678901234567890123"));
	CHECK(nfg_chain_name_valid("0123456789012345678901234567890"));
	CHECK(!nfg_chain_name_valid("01234567890123456789012345678901"));
	return 0;
}

/* ---- netlink encoding ------------------------------------------------- */

/* Encode r as the only attribute of a message and decode it again. */
static int encode_decode(const struct nfg_rule *r, struct nfg_rule *out)
{
	struct nlmsghdr *nlh = new_msg(NFGATE_CMD_COMMIT);

	if (nfg_rule_encode(nlh, sizeof(msg_mem.buf), r))
		return -1;
	if (nlh->nlmsg_len != NLMSG_HDRLEN + GENL_HDRLEN + first_attr(nlh)->nla_len)
		return -1;
	return nfg_rule_decode(first_attr(nlh), out, NULL, 0);
}

static int test_rule_encode_decode_roundtrip(void)
{
	struct nfg_rule r, back;
	struct nfg_perr err;
	size_t i;

	for (i = 0; i < NFG_ARRAY_SIZE(good_rules); i++) {
		CHECK(parse_line(good_rules[i].in, &r, &err) == 0);
		r.handle = i + 1;
		CHECK(encode_decode(&r, &back) == 0);
		if (!nfg_rule_same(&r, &back)) {
			fprintf(stderr, "'%s' came back as '%s'\n", good_rules[i].in, fmt(&back));
			return 1;
		}
		CHECK(back.handle == i + 1 && !back.unknown);
	}
	return 0;
}

/* The payload of the nested attribute type in nest, or NULL. */
static const struct nlattr *find(const struct nlattr *nest, uint16_t type)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest)
		if (mnl_attr_get_type(a) == type)
			return a;
	return NULL;
}

static const struct nlattr *find_top(const struct nlmsghdr *nlh, uint16_t type)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(a) == type)
			return a;
	return NULL;
}

static int count_attrs(const struct nlattr *nest)
{
	const struct nlattr *a;
	int n = 0;

	mnl_attr_for_each_nested(a, nest)
		n++;
	return n;
}

/* The exact wire form: nests flagged, network-order addresses, host-order
 * ports, defaults left out, INVERT only when something is negated. */
static int test_rule_encode_wire_format(void)
{
	static const uint8_t net10[4] = { 10, 0, 0, 0 };
	const struct nlattr *rule, *a, *in;
	struct nlmsghdr *nlh;
	struct nfg_perr err;
	struct nfg_rule r;

	CHECK(parse_line("l4proto tcp saddr 10.0.0.0/8 dport != 8080 accept", &r, &err) == 0);
	nlh = new_msg(NFGATE_CMD_COMMIT);
	CHECK(nfg_rule_encode(nlh, sizeof(msg_mem.buf), &r) == 0);
	rule = first_attr(nlh);
	CHECK(rule->nla_type == (NLA_F_NESTED | NFGATE_A_RULE));
	CHECK(count_attrs(rule) == 5);	/* INVERT L4PROTO SADDR DPORT VERDICT */
	CHECK(!find(rule, NFGATE_RULE_A_HANDLE) && !find(rule, NFGATE_RULE_A_COMMENT));
	CHECK(mnl_attr_get_u32(find(rule, NFGATE_RULE_A_INVERT)) == 1U << NFGATE_RULE_A_DPORT);
	CHECK(mnl_attr_get_u8(find(rule, NFGATE_RULE_A_L4PROTO)) == IPPROTO_TCP);
	a = find(rule, NFGATE_RULE_A_SADDR);
	CHECK(a && (a->nla_type & NLA_F_NESTED));
	in = find(a, NFGATE_ADDR_A_IN);
	CHECK(in && mnl_attr_get_payload_len(in) == 4 && !memcmp(mnl_attr_get_payload(in), net10, 4));
	CHECK(mnl_attr_get_u8(find(a, NFGATE_ADDR_A_PREFIX)) == 8 && !find(a, NFGATE_ADDR_A_IN6));
	a = find(rule, NFGATE_RULE_A_DPORT);
	CHECK(a && (a->nla_type & NLA_F_NESTED) && count_attrs(a) == 1);
	CHECK(mnl_attr_get_payload_len(find(a, NFGATE_PORT_A_MIN)) == 2);
	CHECK(mnl_attr_get_u16(find(a, NFGATE_PORT_A_MIN)) == 8080);
	CHECK(mnl_attr_get_u32(find(rule, NFGATE_RULE_A_VERDICT)) == NFGATE_VERDICT_ACCEPT);

	CHECK(parse_line("daddr ::1 sport 1-2 log mark-set 1 comment c", &r, &err) == 0);
	r.handle = 77;
	nlh = new_msg(NFGATE_CMD_COMMIT);
	CHECK(nfg_rule_encode(nlh, sizeof(msg_mem.buf), &r) == 0);
	rule = first_attr(nlh);
	CHECK(!find(rule, NFGATE_RULE_A_INVERT) && !find(rule, NFGATE_RULE_A_VERDICT));
	CHECK(mnl_attr_get_u64(find(rule, NFGATE_RULE_A_HANDLE)) == 77);
	CHECK_STR(mnl_attr_get_str(find(rule, NFGATE_RULE_A_COMMENT)), "c");
	a = find(rule, NFGATE_RULE_A_DADDR);
	in = find(a, NFGATE_ADDR_A_IN6);
	CHECK(in && mnl_attr_get_payload_len(in) == 16 && ((const uint8_t *)mnl_attr_get_payload(in))[15] == 1);
	CHECK(!find(a, NFGATE_ADDR_A_PREFIX));
	a = find(rule, NFGATE_RULE_A_SPORT);
	CHECK(mnl_attr_get_u16(find(a, NFGATE_PORT_A_MAX)) == 2);
	CHECK(count_attrs(find(rule, NFGATE_RULE_A_LOG)) == 0);	/* all defaults */
	a = find(rule, NFGATE_RULE_A_MARK_SET);
	CHECK(count_attrs(a) == 1 && mnl_attr_get_u32(find(a, NFGATE_MASK_A_VALUE)) == 1);
	return 0;
}

/* What the module sends in a dump: every default spelled out. */
static const struct nlattr *kernel_style_rule(struct nlmsghdr *nlh)
{
	struct nlattr *rule = mnl_attr_nest_start(nlh, NFGATE_A_RULE), *n;

	mnl_attr_put_strz(nlh, NFGATE_RULE_A_CHAIN, "in");
	mnl_attr_put_u32(nlh, NFGATE_RULE_A_POSITION, 3);
	mnl_attr_put(nlh, NFGATE_RULE_A_PAD, 0, NULL);
	mnl_attr_put_u64(nlh, NFGATE_RULE_A_HANDLE, 12);
	mnl_attr_put_u8(nlh, NFGATE_RULE_A_L4PROTO, IPPROTO_TCP);
	n = mnl_attr_nest_start(nlh, NFGATE_RULE_A_DPORT);
	mnl_attr_put_u16(nlh, NFGATE_PORT_A_MIN, 22);
	mnl_attr_put_u16(nlh, NFGATE_PORT_A_MAX, 22);
	mnl_attr_nest_end(nlh, n);
	n = mnl_attr_nest_start(nlh, NFGATE_RULE_A_TCP_FLAGS);
	mnl_attr_put_u32(nlh, NFGATE_MASK_A_VALUE, NFGATE_TCP_SYN);
	mnl_attr_put_u32(nlh, NFGATE_MASK_A_MASK, 0xff);
	mnl_attr_nest_end(nlh, n);
	mnl_attr_put_u32(nlh, NFGATE_RULE_A_VERDICT, NFGATE_VERDICT_REJECT);
	n = mnl_attr_nest_start(nlh, NFGATE_RULE_A_LOG);
	mnl_attr_put_u8(nlh, NFGATE_LOG_A_LEVEL, 4);
	mnl_attr_put_u32(nlh, NFGATE_LOG_A_RATE, 5);
	mnl_attr_put_u32(nlh, NFGATE_LOG_A_BURST, 5);
	mnl_attr_nest_end(nlh, n);
	n = mnl_attr_nest_start(nlh, NFGATE_RULE_A_REJECT);
	mnl_attr_put_u8(nlh, NFGATE_REJECT_A_TYPE, NFGATE_REJECT_ICMPX_PORT);
	mnl_attr_nest_end(nlh, n);
	mnl_attr_put(nlh, NFGATE_RULE_A_PAD, 0, NULL);
	mnl_attr_put_u64(nlh, NFGATE_RULE_A_PACKETS, 1000);
	mnl_attr_put_u64(nlh, NFGATE_RULE_A_BYTES, 64000);
	mnl_attr_nest_end(nlh, rule);
	return rule;
}

static int test_rule_decode_dump(void)
{
	struct nlmsghdr *nlh = new_msg(NFGATE_CMD_GET_RULES);
	const struct nlattr *nest = kernel_style_rule(nlh);
	char chain[NFGATE_NAME_MAX] = "";
	struct nfg_rule r, want;
	struct nfg_perr err;

	CHECK(nfg_rule_decode(nest, &r, chain, sizeof(chain)) == 0);
	CHECK_STR(chain, "in");
	CHECK(r.handle == 12 && r.position == 3 && r.packets == 1000 && r.bytes == 64000);
	CHECK(!r.unknown);
	CHECK_STR(fmt(&r), "l4proto tcp dport 22 tcp-flags syn/fin,syn,rst,psh,ack,urg,ece,cwr log reject");
	CHECK(parse_line(fmt(&r), &want, &err) == 0 && nfg_rule_same(&r, &want));
	return 0;
}

static int test_rule_decode_unknown_and_malformed(void)
{
	struct nlmsghdr *nlh = new_msg(NFGATE_CMD_GET_RULES);
	struct nlattr *rule, *n;
	struct nfg_rule r;

	/* an attribute from a newer module, and a negated one we lack */
	rule = mnl_attr_nest_start(nlh, NFGATE_A_RULE);
	mnl_attr_put_u8(nlh, NFGATE_RULE_A_L4PROTO, IPPROTO_UDP);
	mnl_attr_put_u32(nlh, 40, 7);
	mnl_attr_put_u32(nlh, NFGATE_RULE_A_INVERT, 1U << 31);
	mnl_attr_nest_end(nlh, rule);
	CHECK(nfg_rule_decode(rule, &r, NULL, 0) == 0);
	CHECK(r.unknown && r.l4proto == IPPROTO_UDP);
	/* unknown inside a nest */
	nlh = new_msg(NFGATE_CMD_GET_RULES);
	rule = mnl_attr_nest_start(nlh, NFGATE_A_RULE);
	n = mnl_attr_nest_start(nlh, NFGATE_RULE_A_LOG);
	mnl_attr_put_u32(nlh, 9, 1);
	mnl_attr_nest_end(nlh, n);
	mnl_attr_nest_end(nlh, rule);
	CHECK(nfg_rule_decode(rule, &r, NULL, 0) == 0 && r.unknown);
	/* a u32 match carried in 2 bytes */
	nlh = new_msg(NFGATE_CMD_GET_RULES);
	rule = mnl_attr_nest_start(nlh, NFGATE_A_RULE);
	mnl_attr_put_u16(nlh, NFGATE_RULE_A_CT_STATE, 2);
	mnl_attr_nest_end(nlh, rule);
	CHECK(nfg_rule_decode(rule, &r, NULL, 0) == -EBADMSG);
	/* an address of 5 bytes */
	nlh = new_msg(NFGATE_CMD_GET_RULES);
	rule = mnl_attr_nest_start(nlh, NFGATE_A_RULE);
	n = mnl_attr_nest_start(nlh, NFGATE_RULE_A_SADDR);
	mnl_attr_put(nlh, NFGATE_ADDR_A_IN, 5, "abcde");
	mnl_attr_nest_end(nlh, n);
	mnl_attr_nest_end(nlh, rule);
	CHECK(nfg_rule_decode(rule, &r, NULL, 0) == -EBADMSG);
	/* a port range without MIN */
	nlh = new_msg(NFGATE_CMD_GET_RULES);
	rule = mnl_attr_nest_start(nlh, NFGATE_A_RULE);
	n = mnl_attr_nest_start(nlh, NFGATE_RULE_A_DPORT);
	mnl_attr_put_u16(nlh, NFGATE_PORT_A_MAX, 2);
	mnl_attr_nest_end(nlh, n);
	mnl_attr_nest_end(nlh, rule);
	CHECK(nfg_rule_decode(rule, &r, NULL, 0) == -EBADMSG);
	/* INVERT of a match the rule does not have */
	nlh = new_msg(NFGATE_CMD_GET_RULES);
	rule = mnl_attr_nest_start(nlh, NFGATE_A_RULE);
	mnl_attr_put_u32(nlh, NFGATE_RULE_A_INVERT, 1U << NFGATE_RULE_A_MARK);
	mnl_attr_nest_end(nlh, rule);
	CHECK(nfg_rule_decode(rule, &r, NULL, 0) == -EBADMSG);
	return 0;
}

static int add_rule(struct nfg_chain *c, const char *line, uint64_t handle)
{
	struct nfg_perr err;
	struct nfg_rule r;

	if (parse_line(line, &r, &err))
		return -1;
	r.handle = handle;
	return nfg_chain_insert(c, c->nrules, &r);
}

static int test_chain_encode_decode(void)
{
	struct nlmsghdr *nlh = new_msg(NFGATE_CMD_COMMIT);
	const struct nlattr *nest, *a;
	struct nfg_chain c, back;
	struct nfg_perr err;
	size_t i;

	CHECK(parse_spec("hook output family ip priority raw-5 policy drop", &c, &err) == 0);
	strcpy(c.name, "out");
	CHECK(add_rule(&c, "l4proto udp dport 53 accept", 5) == 0);
	CHECK(add_rule(&c, "oifname lo accept", 0) == 0);
	CHECK(add_rule(&c, "log prefix \"out: \" drop", 9) == 0);
	CHECK(nfg_chain_encode(nlh, sizeof(msg_mem.buf), &c) == 0);
	nest = first_attr(nlh);
	CHECK(nest->nla_type == (NLA_F_NESTED | NFGATE_A_CHAIN));
	a = find(nest, NFGATE_CHAIN_A_PRIORITY);
	CHECK(mnl_attr_get_payload_len(a) == 4 && (int32_t)mnl_attr_get_u32(a) == -305);
	CHECK(count_attrs(find(nest, NFGATE_CHAIN_A_RULES)) == 3);
	CHECK(nfg_chain_decode(nest, &back) == 0);
	CHECK(nfg_chain_same(&c, &back) && !back.unknown);
	for (i = 0; i < c.nrules; i++)
		CHECK(back.rules[i].handle == c.rules[i].handle);
	nfg_chain_free(&back);
	/* a chain without rules has no RULES nest */
	c.nrules = 0;
	nlh = new_msg(NFGATE_CMD_COMMIT);
	CHECK(nfg_chain_encode(nlh, sizeof(msg_mem.buf), &c) == 0);
	CHECK(!find(first_attr(nlh), NFGATE_CHAIN_A_RULES));
	c.nrules = 3;
	nfg_chain_free(&c);
	return 0;
}

/* A chain too large for the 16-bit nla_len, or for the buffer. */
static int test_encode_limits(void)
{
	const size_t big = 256 * 1024;
	struct nlmsghdr *nlh;
	struct nfg_chain c;
	struct nfg_perr err;
	char line[200];
	void *buf;
	int i;

	CHECK(parse_spec("hook input family ip priority 0", &c, &err) == 0);
	strcpy(c.name, "big");
	for (i = 0; i < 600; i++) {
		snprintf(line, sizeof(line), "l4proto tcp dport %d log prefix \"%060d\" accept comment \"%060d\"",
			 i, i, i);
		CHECK(add_rule(&c, line, 0) == 0);
	}
	buf = calloc(1, big);
	CHECK(buf);
	nlh = mnl_nlmsg_put_header(buf);
	mnl_nlmsg_put_extra_header(nlh, GENL_HDRLEN);
	CHECK(nfg_chain_encode(nlh, big, &c) == -E2BIG);	/* over 64 KiB */
	free(buf);
	nlh = new_msg(NFGATE_CMD_COMMIT);
	CHECK(nfg_chain_encode(nlh, 4096, &c) == -EMSGSIZE);
	CHECK(nlh->nlmsg_len <= 4096);
	nfg_chain_free(&c);
	return 0;
}

static int test_chain_rule_array(void)
{
	struct nfg_chain c;
	struct nfg_rule r;
	int i;

	nfg_chain_init(&c);
	nfg_rule_init(&r);
	for (i = 1; i <= 20; i++) {
		r.handle = (uint64_t)i;
		CHECK(nfg_chain_insert(&c, 0, &r) == 0);
	}
	CHECK(c.nrules == 20 && c.rules[0].handle == 20 && c.rules[19].handle == 1);
	CHECK(nfg_chain_insert(&c, 21, &r) == -EINVAL);
	CHECK(nfg_chain_find_handle(&c, 5) == 15 && nfg_chain_find_handle(&c, 99) == -1);
	nfg_chain_remove(&c, 15);
	CHECK(c.nrules == 19 && nfg_chain_find_handle(&c, 5) == -1);
	CHECK(c.rules[15].handle == 4);
	nfg_chain_free(&c);
	CHECK(!c.rules && !c.nrules);
	return 0;
}

/* ---- JSON ------------------------------------------------------------- */

static char *json_of(const struct nfg_rule *r, const struct nfg_chain *c)
{
	static char out[8192];
	struct json_writer w;
	FILE *f = fmemopen(out, sizeof(out), "w");

	if (!f)
		abort();
	json_init(&w, f);
	if (r)
		nfg_rule_json(&w, r);
	else
		nfg_chain_json(&w, c, true);
	json_finish(&w);
	fclose(f);
	return out;
}

static int test_rule_json(void)
{
	struct nlmsghdr *nlh = new_msg(NFGATE_CMD_GET_RULES);
	struct nfg_chain c;
	struct nfg_perr err;
	struct nfg_rule r;

	CHECK(nfg_rule_decode(kernel_style_rule(nlh), &r, NULL, 0) == 0);
	CHECK_STR(json_of(&r, NULL),
		  "{\"handle\":12,\"position\":3,\"packets\":1000,\"bytes\":64000,"
		  "\"rule\":\"l4proto tcp dport 22 tcp-flags syn/fin,syn,rst,psh,ack,urg,ece,cwr log reject\","
		  "\"matches\":["
		  "{\"key\":\"l4proto\",\"negated\":false,\"value\":\"tcp\",\"number\":6},"
		  "{\"key\":\"dport\",\"negated\":false,\"value\":\"22\",\"min\":22,\"max\":22},"
		  "{\"key\":\"tcp-flags\",\"negated\":false,\"value\":\"syn/fin,syn,rst,psh,ack,urg,ece,cwr\","
		  "\"names\":[\"syn\"],\"mask_names\":[\"fin\",\"syn\",\"rst\",\"psh\",\"ack\",\"urg\",\"ece\",\"cwr\"],"
		  "\"number\":2,\"mask\":255}],"
		  "\"log\":{\"level\":4,\"level_name\":\"warn\",\"rate\":5,\"burst\":5},"
		  "\"verdict\":\"reject\",\"reject\":{\"with\":\"port-unreachable\"}}\n");
	CHECK(parse_line("saddr != 10.0.0.0/8 iifname eth* ct-state new,related mark 1/3 "
			 "log group 2 mark-set 4 reject with icmp 3 comment \"a\\\"b\"", &r, &err) == 0);
	CHECK_STR(json_of(&r, NULL),
		  "{\"rule\":\"iifname eth* saddr != 10.0.0.0/8 ct-state new,related mark 0x1/0x3 "
		  "log group 2 mark-set 0x4 reject with icmp port-unreachable comment \\\"a\\\\\\\"b\\\"\","
		  "\"matches\":["
		  "{\"key\":\"iifname\",\"negated\":false,\"value\":\"eth*\",\"prefix_match\":true},"
		  "{\"key\":\"saddr\",\"negated\":true,\"value\":\"10.0.0.0/8\",\"family\":\"ip\","
		  "\"address\":\"10.0.0.0\",\"prefix_len\":8},"
		  "{\"key\":\"ct-state\",\"negated\":false,\"value\":\"new,related\","
		  "\"names\":[\"new\",\"related\"],\"number\":12},"
		  "{\"key\":\"mark\",\"negated\":false,\"value\":\"0x1/0x3\",\"number\":1,\"mask\":3}],"
		  "\"log\":{\"group\":2,\"rate\":5,\"burst\":5},"
		  "\"mark_set\":{\"number\":4,\"mask\":4294967295},"
		  "\"verdict\":\"reject\",\"reject\":{\"with\":\"icmp\",\"code\":3},"
		  "\"comment\":\"a\\\"b\"}\n");
	CHECK(parse_spec("hook input family inet priority -5", &c, &err) == 0);
	strcpy(c.name, "in");
	c.packets = 3;
	c.bytes = 180;
	CHECK(add_rule(&c, "accept", 1) == 0);
	CHECK_STR(json_of(NULL, &c),
		  "{\"name\":\"in\",\"hook\":\"input\",\"family\":\"inet\",\"priority\":-5,"
		  "\"priority_name\":\"filter-5\",\"policy\":\"accept\","
		  "\"spec\":\"hook input family inet priority filter-5 policy accept\","
		  "\"packets\":3,\"bytes\":180,\"rule_count\":1,\"rules\":["
		  "{\"handle\":1,\"position\":0,\"packets\":0,\"bytes\":0,\"rule\":\"accept\","
		  "\"matches\":[],\"verdict\":\"accept\"}]}\n");
	nfg_chain_free(&c);
	return 0;
}

/* ---- COMMIT requests and their error reports -------------------------- */

static int test_commit_extack_names_rule(void)
{
	struct nfg_req *req = malloc(sizeof(*req));
	struct nfg_nl nl = { .family_id = FAMILY_ID };
	struct nfg_commit commit = { .has_generation = true, .generation = 7,
				     .scope = "b", .nchains = 2 };
	const struct nlattr *chains, *chain, *rules, *rule, *dport;
	struct nfg_chain c[2];
	struct nfg_attr_loc loc;
	struct nfg_perr err;
	char buf[512];

	CHECK(req);
	CHECK(parse_spec("hook input family ip priority 0", &c[0], &err) == 0);
	CHECK(parse_spec("hook forward family inet priority 0", &c[1], &err) == 0);
	strcpy(c[0].name, "a");
	strcpy(c[1].name, "b");
	CHECK(add_rule(&c[1], "accept", 4) == 0);
	CHECK(add_rule(&c[1], "l4proto tcp dport 80-90 drop", 0) == 0);
	commit.chains = c;
	CHECK(nfg_commit_build(req, &nl, &commit) == 0);
	CHECK(mnl_attr_get_u32(find_top(req->nlh, NFGATE_A_GENERATION)) == 7);
	chains = find_top(req->nlh, NFGATE_A_CHAINS);
	CHECK(chains && count_attrs(chains) == 2);
	chain = (const struct nlattr *)((const char *)mnl_attr_get_payload(chains) +
					MNL_ALIGN(((const struct nlattr *)mnl_attr_get_payload(chains))->nla_len));
	rules = find(chain, NFGATE_CHAIN_A_RULES);
	rule = (const struct nlattr *)((const char *)mnl_attr_get_payload(rules) +
				       MNL_ALIGN(((const struct nlattr *)mnl_attr_get_payload(rules))->nla_len));
	dport = find(find(rule, NFGATE_RULE_A_DPORT), NFGATE_PORT_A_MAX);
	CHECK(dport);
	nfg_attr_locate(req->nlh, (uint32_t)((const char *)dport - (const char *)req->nlh),
			req->attrs, &loc);
	CHECK(loc.kind == NFG_LOC_NESTED && loc.depth == 6);
	nfg_attr_loc_format(&loc, buf, sizeof(buf));
	CHECK(strstr(buf, "NFGATE_PORT_A_MAX (type 2) at offset "));
	CHECK(strstr(buf, ", inside NFGATE_A_CHAINS > NFGATE_A_CHAIN[1] > NFGATE_CHAIN_A_RULES > "
			  "NFGATE_A_RULE[1] > NFGATE_RULE_A_DPORT"));
	req->describe(req, &loc, buf, sizeof(buf));
	CHECK_STR(buf, "chain \"b\", rule #1 (the new rule): l4proto tcp dport 80-90 drop");
	/* the chain itself, and a missing attribute in it */
	nfg_attr_locate(req->nlh, (uint32_t)((const char *)chain - (const char *)req->nlh),
			req->attrs, &loc);
	CHECK(loc.kind == NFG_LOC_NESTED && loc.nested == &nfg_chain_attrs);
	CHECK_STR(nfg_attr_name(loc.nested, NFGATE_CHAIN_A_HOOK), "NFGATE_CHAIN_A_HOOK");
	req->describe(req, &loc, buf, sizeof(buf));
	CHECK_STR(buf, "chain \"b\"");
	/* the generation: nothing to add */
	buf[0] = '\0';
	nfg_attr_locate(req->nlh, (uint32_t)((const char *)find_top(req->nlh, NFGATE_A_GENERATION) -
					     (const char *)req->nlh), req->attrs, &loc);
	CHECK(loc.kind == NFG_LOC_ATTR);
	req->describe(req, &loc, buf, sizeof(buf));
	CHECK_STR(buf, "");
	nfg_chain_free(&c[1]);
	free(req);
	return 0;
}

static int test_commit_flush_all(void)
{
	struct nfg_req *req = malloc(sizeof(*req));
	struct nfg_nl nl = { .family_id = FAMILY_ID };
	struct nfg_commit commit = { 0 };
	const struct nlattr *a;

	CHECK(req);
	CHECK(nfg_commit_build(req, &nl, &commit) == 0);
	/* only an empty NFGATE_A_CHAINS */
	a = first_attr(req->nlh);
	CHECK(a->nla_type == (NLA_F_NESTED | NFGATE_A_CHAINS) && a->nla_len == NLA_HDRLEN);
	CHECK(req->nlh->nlmsg_len == NLMSG_HDRLEN + GENL_HDRLEN + NLA_HDRLEN);
	CHECK(((const struct genlmsghdr *)mnl_nlmsg_get_payload(req->nlh))->cmd == NFGATE_CMD_COMMIT);
	free(req);
	return 0;
}

/* ---- listing ---------------------------------------------------------- */

static int test_list_text(void)
{
	struct nfg_ruleset rs = { .generation = 3 };
	struct nfg_chain c;
	struct nfg_perr err;
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	CHECK(parse_spec("hook input family inet priority filter policy drop", &c, &err) == 0);
	strcpy(c.name, "in");
	c.packets = 3;
	c.bytes = 180;
	CHECK(add_rule(&c, "l4proto tcp dport 22 accept", 1) == 0);
	CHECK(add_rule(&c, "accept comment \"x y\"", 2) == 0);
	c.rules[0].packets = 10;
	c.rules[0].bytes = 600;
	c.rules[1].unknown = true;
	rs.chains = &c;
	rs.nchains = 1;
	f = open_memstream(&out, &len);
	CHECK(f);
	nfg_ruleset_print(f, &rs, false, false);
	nfg_ruleset_print(f, &rs, false, true);
	fclose(f);
	CHECK_STR(out,
		  "chain in {\n"
		  "\thook input family inet priority filter policy drop  # packets 3 bytes 180\n"
		  "\tl4proto tcp dport 22 accept  # handle 1 packets 10 bytes 600\n"
		  "\taccept comment \"x y\"  # handle 2 packets 0 bytes 0 (has settings this nfgatectl does not know)\n"
		  "}\n"
		  "chain in {\n"
		  "\thook input family inet priority filter policy drop  # packets 3 bytes 180\n"
		  "\tl4proto tcp dport 22 accept                         # handle 1 packets 10 bytes 600\n"
		  "\taccept comment \"x y\"                                # handle 2 packets 0 bytes 0 (has settings this nfgatectl does not know)\n"
		  "}\n");
	free(out);
	nfg_chain_free(&c);
	return 0;
}

/* rule list: plain when piped, aligned on a terminal, and its JSON. */
static int test_rule_list(void)
{
	struct nfg_ruleset rs = { .generation = 7 };
	struct nfg_chain c[2];
	struct nfg_perr err;
	char *out = NULL;
	size_t len = 0, i;
	FILE *f;

	for (i = 0; i < 2; i++)
		CHECK(parse_spec("hook input family inet priority filter", &c[i], &err) == 0);
	strcpy(c[0].name, "in");
	strcpy(c[1].name, "mgmt");
	CHECK(add_rule(&c[0], "l4proto tcp dport 22 accept", 1) == 0);
	CHECK(add_rule(&c[1], "drop comment \"x y\"", 12) == 0);
	c[0].rules[0].packets = 10;
	c[0].rules[0].bytes = 600;
	c[1].rules[0].position = 0;
	rs.chains = c;
	rs.nchains = 2;
	f = open_memstream(&out, &len);
	CHECK(f);
	nfg_rule_list_print(f, &rs, false, false);
	nfg_rule_list_print(f, &rs, false, true);
	nfg_rule_list_print(f, &rs, true, false);
	fclose(f);
	CHECK_STR(out,
		  "in 1 l4proto tcp dport 22 accept  # packets 10 bytes 600\n"
		  "mgmt 12 drop comment \"x y\"  # packets 0 bytes 0\n"
		  "in    1 l4proto tcp dport 22 accept  # packets 10 bytes 600\n"
		  "mgmt 12 drop comment \"x y\"           # packets 0 bytes 0\n"
		  "{\"generation\":7,\"rules\":["
		  "{\"chain\":\"in\",\"handle\":1,\"position\":0,\"packets\":10,"
		  "\"bytes\":600,\"rule\":\"l4proto tcp dport 22 accept\","
		  "\"matches\":[{\"key\":\"l4proto\",\"negated\":false,\"value\":\"tcp\",\"number\":6},"
		  "{\"key\":\"dport\",\"negated\":false,\"value\":\"22\",\"min\":22,\"max\":22}],"
		  "\"verdict\":\"accept\"},"
		  "{\"chain\":\"mgmt\",\"handle\":12,\"position\":0,\"packets\":0,"
		  "\"bytes\":0,\"rule\":\"drop comment \\\"x y\\\"\","
		  "\"matches\":[],\"verdict\":\"drop\",\"comment\":\"x y\"}]}\n");
	free(out);
	for (i = 0; i < 2; i++)
		nfg_chain_free(&c[i]);
	return 0;
}

const struct unit_test unit_rule_tests[] = {
	{ "rule_parse_accepts", test_rule_parse_accepts },
	{ "rule_parse_refuses", test_rule_parse_refuses },
	{ "rule_match_table", test_rule_match_table },
	{ "tokenize_and_quote", test_tokenize_and_quote },
	{ "string_builder_bounds", test_string_builder_bounds },
	{ "chain_priorities", test_chain_priorities },
	{ "chain_spec", test_chain_spec },
	{ "rule_encode_decode_roundtrip", test_rule_encode_decode_roundtrip },
	{ "rule_encode_wire_format", test_rule_encode_wire_format },
	{ "rule_decode_dump", test_rule_decode_dump },
	{ "rule_decode_unknown_and_malformed", test_rule_decode_unknown_and_malformed },
	{ "chain_encode_decode", test_chain_encode_decode },
	{ "encode_limits", test_encode_limits },
	{ "chain_rule_array", test_chain_rule_array },
	{ "rule_json", test_rule_json },
	{ "commit_extack_names_rule", test_commit_extack_names_rule },
	{ "commit_flush_all", test_commit_flush_all },
	{ "list_text", test_list_text },
	{ "rule_list", test_rule_list },
};

const size_t unit_rule_ntests = NFG_ARRAY_SIZE(unit_rule_tests);
