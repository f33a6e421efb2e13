/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Set elements in nfgatectl: their text form (an address, a CIDR prefix,
 * a port or a port range), files of them, and their netlink encoding
 * (NFGATE_SET_A_ELEM nests, as include/uapi/linux/nfgate.h documents).
 */
#ifndef NFGATECTL_SETELEM_H
#define NFGATECTL_SETELEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/nfgate.h>

#include "rule.h"

struct nfg_elem {
	struct nfg_addr addr;		/* address sets */
	struct nfg_range ports;		/* port sets */
	/* its own options (configuration files, dumps): */
	bool has_timeout;
	uint32_t timeout;
	char *comment;			/* owned by its nfg_elems; NULL: none */
};

/* A growing array of elements. */
struct nfg_elems {
	struct nfg_elem *v;
	size_t n, cap;
};

/* "ipv4", "ipv6", "port" <-> enum nfgate_set_type; 0 / NULL if unknown. */
int nfg_set_type_parse(const char *s);
const char *nfg_set_type_name(int type);
/* Recent and rate tables: "type recent|rate family ipv4|ipv6". */
bool nfg_set_is_meter(int type);
const char *nfg_set_family_name(int type);
/* "ipv4, ipv6 or port", for messages. */
const char *nfg_set_type_names(void);

/* Parse one element of a set of this type: 0, or -1 with err->msg. */
int nfg_elem_parse(const char *s, int type, struct nfg_elem *e,
		   struct nfg_perr *err);

/* Append (es then owns e->comment); -1 on allocation failure (reported). */
int nfg_elems_push(struct nfg_elems *es, const struct nfg_elem *e);
void nfg_elems_free(struct nfg_elems *es);
/* Drop the elements from index n on. */
void nfg_elems_truncate(struct nfg_elems *es, size_t n);
/* Order of elements: by address and prefix, or by port range. */
int nfg_elem_cmp(const struct nfg_elem *a, const struct nfg_elem *b);
/* Sort and make unique (the last of equal ones wins); port ranges are
 * merged into maximal ones, as the kernel holds and dumps them. */
void nfg_elems_normalize(struct nfg_elems *es, int type);
/* Same elements with the same options (es normalized)? */
bool nfg_elems_same(const struct nfg_elems *a, const struct nfg_elems *b);

/*
 * Read one element per line from f ("#" starts a comment, blank lines are
 * skipped) into es. 0, or -1 with err->msg "NAME:LINE: ..." (es is then
 * left as it was before the call).
 */
int nfg_elems_read(FILE *f, const char *name, int type, struct nfg_elems *es,
		   struct nfg_perr *err);

/* Print the element ("10.0.0.0/8", "2001:db8::1", "1000-2000"). */
size_t nfg_elem_format(const struct nfg_elem *e, int type, char *buf,
		       size_t len);

/* Options that go with added elements. */
struct nfg_elem_opts {
	bool has_timeout;
	uint32_t timeout;
	const char *comment;	/* NULL: none */
};

/*
 * The words of a set (setspec.c), shared by "nfgatectl set create|add" and
 * the set blocks of nfgate.conf(5). Errors fill err->msg and set
 * err->index to the word at fault (argc: after the last).
 */

/* The spec of a set: the words after "set create NAME". */
struct nfg_set_spec {
	uint8_t type;		/* enum nfgate_set_type */
	uint32_t flags;		/* enum nfgate_set_flags */
	uint32_t maxelem, timeout;
	uint32_t has;		/* NFG_SPEC_HAS_*: the options given */
	/* recent and rate tables */
	uint8_t family;		/* NFGATE_FAMILY_IP or _IP6 (parsed; in type) */
	uint32_t mask, hits, rate, period, burst;
};

#define NFG_SPEC_HAS_MAXELEM	(1U << 0)
#define NFG_SPEC_HAS_TIMEOUT	(1U << 1)
#define NFG_SPEC_HAS_MASK	(1U << 2)
#define NFG_SPEC_HAS_HITS	(1U << 3)
#define NFG_SPEC_HAS_RATE	(1U << 4)
#define NFG_SPEC_HAS_BURST	(1U << 5)

/* Is word a keyword of the spec (a spec line starts with one)? */
bool nfg_set_spec_keyword(const char *word);
/* Fill s from what GET_SETS says; options at their default are left out,
 * as nfg_set_spec_normalize() does. */
void nfg_set_spec_from_info(struct nfg_set_spec *s, uint8_t type,
			    uint32_t maxelem, uint32_t timeout, uint32_t flags);
/* Leave out the options given at their default (maxelem 65536,
 * timeout 0), so that equal specs compare and print alike. */
void nfg_set_spec_normalize(struct nfg_set_spec *s);
struct nfg_set_info;
/* Recent and rate tables: the options GET_SETS reported, normalized. */
void nfg_set_spec_meter_from_info(struct nfg_set_spec *s,
				  const struct nfg_set_info *i);
bool nfg_set_spec_same(const struct nfg_set_spec *a,
		       const struct nfg_set_spec *b);

/* "type TYPE [maxelem N] [timeout S] [counters]": 0, or -1. */
int nfg_set_spec_parse(int argc, char *const argv[], struct nfg_set_spec *s,
		       struct nfg_perr *err);
/* Print the spec in the words nfg_set_spec_parse() reads. */
size_t nfg_set_spec_format(const struct nfg_set_spec *s, char *buf,
			   size_t len);
/* Put NFGATE_SET_A_TYPE, _MAXELEM, _TIMEOUT, _FLAGS as given. */
void nfg_set_spec_encode(struct nlmsghdr *nlh, const struct nfg_set_spec *s);

/*
 * "ELEM... [timeout S] [comment TEXT]" (options anywhere; none unless
 * opts): the elements are appended to es, the options set in o (which
 * point into argv). With type 0 the elements are only counted, not
 * parsed (es may be NULL): the syntax check before the type is known.
 * Returns the number of elements (maybe 0), or -1 (es then as before).
 */
int nfg_elem_words_parse(int argc, char *const argv[], int type, bool opts,
			 struct nfg_elems *es, struct nfg_elem_opts *o,
			 struct nfg_perr *err);

/* "ELEM [timeout S] [comment TEXT]", as nfg_elem_words_parse() reads it. */
size_t nfg_elem_line_format(const struct nfg_elem *e, int type, char *buf,
			    size_t len);
/* Elements whose timeout is the set's have none of their own. */
void nfg_elems_inherit(struct nfg_elems *es, const struct nfg_set_spec *s);

/* Put one NFGATE_SET_A_ELEM nest: 0, or -1 when buflen is exhausted.
 * The options are o's, or else the element's own. */
int nfg_elem_encode(struct nlmsghdr *nlh, size_t buflen, int type,
		    const struct nfg_elem *e, const struct nfg_elem_opts *o);

/* Decode an NFGATE_SET_A_ELEM nest (ADDR/PREFIX or PORT_MIN/MAX). */
int nfg_elem_decode(const struct nlattr *nest, int type, struct nfg_elem *e);

extern const struct nfg_attr_set nfg_set_attrs;

/* ---- shared by the set verbs ------------------------------------------ */

struct nfg_cmd;

/* A set as GET_SETS describes it. */
struct nfg_set_info {
	char name[NFGATE_NAME_MAX];
	uint8_t type;
	uint32_t maxelem, timeout, flags, count, refs;
	uint64_t full;
	/* recent and rate tables */
	uint8_t mask, hits;
	uint32_t rate, period, burst;
	uint64_t evicted;
};

/* NFG_CMD_CONTINUE if name is a valid set name, else a usage error. */
int nfg_set_check_name(const struct nfg_cmd *cmd, const char *what,
		       const char *name);
/* Start a set request, naming the set unless name is NULL. */
struct nlmsghdr *nfg_set_req(struct nfg_req *req, const struct nfg_nl *nl,
			     uint8_t cmd, uint16_t flags, const char *name);
/* Read the set's description: NFG_EXIT_*, reported. */
int nfg_set_info_get(struct nfg_nl *nl, const char *name,
		     struct nfg_set_info *info, const char *what);
extern const struct nfg_attr_set nfg_elem_attrs;
/* All sets (name NULL; staging sets are hidden) or one: NFG_EXIT_*,
 * reported; free *v. */
int nfg_set_infos_get(struct nfg_nl *nl, const char *name,
		      struct nfg_set_info **v, size_t *n, const char *what);
/* Dump a set's elements, calling cb for each NFGATE_SET_A_ELEM nest (a
 * negative return stops it); reset(data) before each attempt (a dump
 * interrupted by a change is retried). NFG_EXIT_*, reported. */
typedef int (*nfg_elem_cb)(const struct nlattr *elem, void *data);
int nfg_set_elems_dump(struct nfg_nl *nl, const char *name, nfg_elem_cb cb,
		       void (*reset)(void *data), void *data, const char *what);
/* Send es to set name in SET_ADD (add) or SET_DEL messages of as many
 * elements as fit; options o for all, or (NULL) each element's own.
 * NFG_EXIT_*, reported with the element at fault. */
int nfg_set_send_elems(struct nfg_nl *nl, const char *name, bool add,
		       int type, const struct nfg_elems *es,
		       const struct nfg_elem_opts *o, const char *what);

#endif
