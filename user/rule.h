/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rule model of nfgatectl: chains and rules in memory, their token
 * grammar (parser and printer, see RULE SYNTAX in nfgatectl(8)), their
 * netlink encoding (NFGATE_A_CHAIN and NFGATE_A_RULE nests, as
 * include/uapi/linux/nfgate.h documents them) and their JSON form.
 *
 * The model is canonical: two rules that the kernel compiles the same way
 * have equal models, whether they were parsed or decoded from a dump
 * (defaults are filled in, "sport 80" is the range 80-80, ...). So
 * parse(format(r)) equals r, and so does decode(encode(r)).
 *
 *	struct nfg_rule r;
 *	struct nfg_perr err;
 *
 *	if (nfg_rule_parse_tokens(argc, argv, &r, &err) < 0)
 *		nfg_err("%s", err.msg);
 *	nfg_rule_encode(nlh, buflen, &r);	// inside CHAIN_A_RULES
 *	nfg_rule_format(&r, buf, sizeof(buf));	// "l4proto tcp dport 22 accept"
 */
#ifndef NFGATECTL_RULE_H
#define NFGATECTL_RULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <net/if.h>
#include <linux/nfgate.h>

#include "err.h"
#include "json.h"
#include "nl.h"

/* ---- the model -------------------------------------------------------- */

struct nfg_addr {
	uint8_t family;		/* NFGATE_FAMILY_IP or _IP6 (= NFPROTO_*) */
	uint8_t plen;		/* prefix length */
	uint8_t addr[16];	/* network order; IPv4 uses the first 4 bytes */
};

struct nfg_range {
	uint16_t min, max;	/* a single port: min == max */
};

struct nfg_masked {
	uint32_t value, mask;	/* matches when (x & mask) == value */
};

struct nfg_log {
	char prefix[NFGATE_LOG_PREFIX_MAX];	/* "": none */
	bool nflog;		/* log to NFLOG group, not syslog */
	uint16_t group;
	uint8_t level;		/* syslog level; 0 with nflog */
	uint32_t rate;		/* lines per second, 0: no limit */
	uint32_t burst;
};

#define NFG_LOG_DEFAULT_LEVEL	4
#define NFG_LOG_DEFAULT_RATE	5
#define NFG_LOG_DEFAULT_BURST	5

/* add-to-set NAME saddr|daddr [timeout S] [refresh] */
struct nfg_add_set {
	char name[NFGATE_NAME_MAX];
	uint8_t field;		/* enum nfgate_add_set_field */
	bool has_timeout;
	uint32_t timeout;
	bool refresh;
};

/*
 * recent [!=] NAME check|update|set|remove [seconds S] [hitcount N] [rdest]
 * rate [!=] NAME [rdest]
 * (NFGATE_RULE_A_RECENT, NFGATE_RULE_A_RATE: attribute types past 31, so
 * not in present/invert; on says the match is there.)
 */
struct nfg_meter {
	bool on;
	char name[NFGATE_NAME_MAX];
	uint8_t mode;		/* enum nfgate_recent_mode */
	uint32_t seconds;	/* 0: any time */
	uint32_t hitcount;	/* 0: one hit */
	bool rdest;
	bool invert;
};

/* The bit of attribute type t in nfg_rule.present and .invert. */
#define NFG_BIT(t) (1U << (t))

struct nfg_rule {
	/* From a dump; not part of the definition. */
	uint64_t handle;	/* 0: none (a rule that does not exist yet) */
	uint32_t position;
	uint64_t packets, bytes;
	bool unknown;		/* the kernel sent attributes we do not know */

	/* Definition. Matches and actions are set when their NFGATE_RULE_A_*
	 * bit is in present; invert holds NFGATE_RULE_A_INVERT. */
	uint32_t present;
	uint32_t invert;
	uint8_t nfproto;
	uint8_t l4proto;
	char iifname[IFNAMSIZ];	/* a trailing '*' matches any suffix */
	char oifname[IFNAMSIZ];
	struct nfg_addr saddr, daddr;
	struct nfg_range sport, dport;
	uint8_t icmp_type;
	uint8_t icmp_code;
	bool icmp_any_code;
	struct nfg_masked tcp_flags;
	uint32_t ct_state;	/* NFGATE_CT_STATE_* */
	uint32_t ct_status;	/* NFGATE_CT_STATUS_* */
	uint8_t ct_dir;		/* enum nfgate_ct_dir */
	struct nfg_masked mark;
	struct nfg_log log;		/* NFGATE_RULE_A_LOG */
	struct nfg_masked mark_set;	/* NFGATE_RULE_A_MARK_SET */
	uint32_t verdict;	/* enum nfgate_verdict, always set */
	uint8_t reject_type;	/* enum nfgate_reject_type, with REJECT */
	uint8_t reject_code;	/* with NFGATE_REJECT_ICMP and _ICMPV6 */
	char comment[NFGATE_COMMENT_MAX];	/* NFGATE_RULE_A_COMMENT */
	/* set matches: "saddr @NAME" (NFGATE_RULE_A_*_SET) */
	char saddr_set[NFGATE_NAME_MAX], daddr_set[NFGATE_NAME_MAX];
	char sport_set[NFGATE_NAME_MAX], dport_set[NFGATE_NAME_MAX];
	struct nfg_add_set add_set;	/* NFGATE_RULE_A_ADD_SET */
	struct nfg_meter recent;	/* NFGATE_RULE_A_RECENT */
	struct nfg_meter rate;		/* NFGATE_RULE_A_RATE */
};

struct nfg_chain {
	char name[NFGATE_NAME_MAX];
	uint32_t hook;		/* enum nfgate_hook */
	uint8_t family;		/* enum nfgate_family */
	int32_t priority;
	uint32_t policy;	/* NFGATE_VERDICT_ACCEPT or _DROP */
	/* From GET_CHAINS; not part of the definition. */
	bool unknown;		/* the kernel sent attributes we do not know */
	uint32_t rule_count;
	uint64_t packets, bytes;
	/* The rules, in order; nfg_chain_free() frees them. */
	struct nfg_rule *rules;
	size_t nrules, cap;
};

/* An empty rule: no matches, verdict continue. */
void nfg_rule_init(struct nfg_rule *r);
/* Same definition (handle, position and counters are not compared). */
bool nfg_rule_same(const struct nfg_rule *a, const struct nfg_rule *b);

/* A chain without rules: hook input, family inet, priority 0, accept. */
void nfg_chain_init(struct nfg_chain *c);
void nfg_chain_free(struct nfg_chain *c);
/* Insert a copy of r at index at (<= nrules): 0, or -ENOMEM. */
int nfg_chain_insert(struct nfg_chain *c, size_t at, const struct nfg_rule *r);
void nfg_chain_remove(struct nfg_chain *c, size_t at);
/* Index of the rule with this handle, or -1. */
long nfg_chain_find_handle(const struct nfg_chain *c, uint64_t handle);
/* Same definition: spec and rules. */
bool nfg_chain_same(const struct nfg_chain *a, const struct nfg_chain *b);
/* [A-Za-z0-9_.-]+, shorter than NFGATE_NAME_MAX. */
bool nfg_chain_name_valid(const char *name);

/* ---- names ------------------------------------------------------------ */

struct nfg_sym {
	const char *name;
	uint32_t value;
};

/* Tables end with { NULL, 0 }. */
/* "check", "update", "set", "remove" <-> enum nfgate_recent_mode */
extern const struct nfg_sym nfg_recent_mode_syms[];
extern const struct nfg_sym nfg_hook_syms[], nfg_family_syms[],
	nfg_policy_syms[], nfg_verdict_syms[], nfg_prio_syms[],
	nfg_level_syms[], nfg_icmp_type_syms[], nfg_icmpv6_type_syms[],
	nfg_icmp_code_syms[], nfg_icmpv6_code_syms[], nfg_reject_syms[];

const char *nfg_sym_name(const struct nfg_sym *syms, uint32_t value);
bool nfg_sym_value(const struct nfg_sym *syms, const char *name,
		   uint32_t *value);

/* The kinds of matches; each kind has one parser, printer and encoder. */
enum nfg_match_kind {
	NFG_MK_SYM8,	/* u8: a name of syms, or a number up to max if != 0 */
	NFG_MK_BITS32,	/* u32: a comma list of names of syms */
	NFG_MK_IFNAME,	/* string */
	NFG_MK_ADDR,	/* struct nfg_addr */
	NFG_MK_PORTS,	/* struct nfg_range */
	NFG_MK_ICMP,	/* icmp_type, icmp_code, icmp_any_code */
	NFG_MK_FLAGS,	/* struct nfg_masked of bits named by syms */
	NFG_MK_MARK,	/* struct nfg_masked of numbers */
	NFG_MK_SET,	/* a set name, written @NAME, for the key's values */
};

struct nfg_match_desc {
	const char *key;		/* the keyword, e.g. "dport" */
	uint16_t attr;			/* NFGATE_RULE_A_* */
	enum nfg_match_kind kind;
	size_t off;			/* of the value in struct nfg_rule */
	const struct nfg_sym *syms;
	uint32_t max;
};

/* One per match attribute, in attribute (and printing) order. */
extern const struct nfg_match_desc nfg_matches[];
extern const size_t nfg_nmatches;

const struct nfg_match_desc *nfg_match_by_key(const char *key);
const struct nfg_match_desc *nfg_match_by_attr(uint16_t attr);
/* The set match of key ("saddr" -> saddr @NAME), or NULL. */
const struct nfg_match_desc *nfg_set_match_by_key(const char *key);

/* ---- tokens ----------------------------------------------------------- */

/* A parse error: the index of the bad token (argc: one is missing). */
struct nfg_perr {
	int index;
	char msg[384];
};

/* Fill @err (the bad token's @index, the message); returns -1. */
int nfg_perr_fail(struct nfg_perr *err, int index, const char *fmt, ...)
	NFG_PRINTF(3, 4);

/* Parse a rule; 0, or -1 with err filled ("dport: \"70000\" is not ..."). */
int nfg_rule_parse_tokens(int argc, char *const argv[], struct nfg_rule *r,
			  struct nfg_perr *err);
/* Parse a chain spec (hook ... family ... priority ... [policy ...]) into
 * c, which keeps its name and rules. */
int nfg_chain_parse_spec(int argc, char *const argv[], struct nfg_chain *c,
			 struct nfg_perr *err);
/* An address or prefix ("10.0.0.0/8", "2001:db8::1"), host bits clear,
 * or a port or range ("80", "1000-2000"); errors start with key. */
int nfg_addr_parse(const char *key, const char *val, struct nfg_addr *a,
		   struct nfg_perr *err);
int nfg_range_parse(const char *key, const char *val, struct nfg_range *r,
		    struct nfg_perr *err);
/* A priority: integer, or symbol with an optional +N / -N. */
int nfg_prio_parse(const char *s, int32_t *prio, struct nfg_perr *err);

/* Print in canonical token form; returns the length (as snprintf). */
#define NFG_RULE_TEXT_MAX 2048
size_t nfg_rule_format(const struct nfg_rule *r, char *buf, size_t len);
void nfg_rule_print(FILE *out, const struct nfg_rule *r);
/* "hook input family inet priority filter+10 policy drop" */
size_t nfg_chain_format_spec(const struct nfg_chain *c, char *buf, size_t len);
/* "filter+10", "-175"; buf of at least NFG_PRIO_TEXT_MAX bytes. */
#define NFG_PRIO_TEXT_MAX 32
void nfg_prio_format(int32_t prio, char *buf, size_t len);
/* The value text of a match (what follows "KEY [!=] "). */
struct nfg_sb;
void nfg_match_format_value(const struct nfg_rule *r,
			    const struct nfg_match_desc *d, struct nfg_sb *sb);

/* ---- netlink ---------------------------------------------------------- */

/* Attribute sets (with nested sets) of the COMMIT request and the dumps;
 * they name attributes in extended ACK reports. */
extern const struct nfg_attr_set nfg_top_attrs;	/* NFGATE_A_* */
extern const struct nfg_attr_set nfg_chain_attrs;	/* NFGATE_CHAIN_A_* */
extern const struct nfg_attr_set nfg_rule_attrs;	/* NFGATE_RULE_A_* */

/* Append an NFGATE_A_RULE nest to nlh, whose buffer has buflen bytes:
 * 0, -EMSGSIZE (buffer full) or -E2BIG (nest over 64 KiB). */
int nfg_rule_encode(struct nlmsghdr *nlh, size_t buflen,
		    const struct nfg_rule *r);
/* Append an NFGATE_A_CHAIN nest with the chain's rules. */
int nfg_chain_encode(struct nlmsghdr *nlh, size_t buflen,
		     const struct nfg_chain *c);
/* End a nest; -E2BIG if it is too long for the 16-bit nla_len. */
int nfg_nest_end(struct nlmsghdr *nlh, struct nlattr *nest);

/* Decode a dumped NFGATE_A_RULE / NFGATE_A_CHAIN nest: 0 or -EBADMSG
 * (reported). Unknown attributes are skipped and set r->unknown. If chain
 * is not NULL, the rule's NFGATE_RULE_A_CHAIN is copied there. */
int nfg_rule_decode(const struct nlattr *nest, struct nfg_rule *r,
		    char *chain, size_t chain_len);
int nfg_chain_decode(const struct nlattr *nest, struct nfg_chain *c);

/* ---- JSON ------------------------------------------------------------- */

/* The rule object (schema in nfgatectl(8), JSON OUTPUT). */
void nfg_rule_json(struct json_writer *w, const struct nfg_rule *r);
/* Its members only, inside an object the caller opened. */
void nfg_rule_json_members(struct json_writer *w, const struct nfg_rule *r);
/* The chain object; with_rules adds "rules": [...] */
void nfg_chain_json(struct json_writer *w, const struct nfg_chain *c,
		    bool with_rules);

#endif
