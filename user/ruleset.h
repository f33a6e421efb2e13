/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading and committing the ruleset: consistent snapshots (GET_INFO for
 * the generation, then the GET_CHAINS and GET_RULES dumps, all at that
 * generation), COMMIT requests whose errors name the chain and rule at
 * fault, and the read-modify-write loop that edits one chain and retries
 * when another commit got in between.
 */
#ifndef NFGATECTL_RULESET_H
#define NFGATECTL_RULESET_H

#include "nl.h"
#include "rule.h"
#include "setelem.h"

/* The state changed under us (dump interrupted, -ERESTART): try again. */
#define NFG_AGAIN (-2)
/* Attempts of a read-modify-write before giving up. */
#define NFG_RETRIES 5
/* Attempts of a read-only snapshot: it cannot starve anyone, so more. */
#define NFG_READ_RETRIES 20

/* A set of a configuration or a snapshot. */
struct nfg_setdef {
	char name[NFGATE_NAME_MAX];
	struct nfg_set_spec spec;	/* normalized */
	struct nfg_elems elems;		/* normalized; none if dynamic */
	/* snapshots only: */
	uint32_t count, refs;
	uint64_t full;
};

struct nfg_ruleset {
	uint32_t generation;
	uint64_t features;
	struct nfg_chain *chains;	/* in name order */
	size_t nchains;
	struct nfg_setdef *sets;	/* in name order */
	size_t nsets;
	bool has_sets;			/* sets were read or declared */
};

/*
 * Read a snapshot: the chains, and the rules of chain rules_of (NULL: of
 * every chain; "": of none; a chain that does not exist: of none). Returns
 * NFG_EXIT_OK, NFG_AGAIN (nothing reported) or another exit code
 * (reported, prefixed with what). Free rs with nfg_ruleset_free() in all
 * cases.
 */
int nfg_ruleset_read(struct nfg_nl *nl, struct nfg_ruleset *rs,
		     const char *rules_of, const char *what);
/* nfg_ruleset_read(), retried on NFG_AGAIN. */
int nfg_ruleset_read_retry(struct nfg_nl *nl, struct nfg_ruleset *rs,
			   const char *rules_of, const char *what);
/* Connect, nfg_ruleset_read_retry(), close: the snapshot a read-only
 * command prints. NFG_EXIT_* (reported); free rs in all cases. */
int nfg_ruleset_fetch(struct nfg_ruleset *rs, const char *rules_of,
		      const char *what);
void nfg_ruleset_free(struct nfg_ruleset *rs);
struct nfg_setdef *nfg_ruleset_find_set(const struct nfg_ruleset *rs,
					const char *name);
/* Insert a set in name order (rs owns it then): 0, or -1 (no memory). */
int nfg_ruleset_add_set(struct nfg_ruleset *rs, const struct nfg_setdef *set);
void nfg_setdef_free(struct nfg_setdef *set);
struct nfg_chain *nfg_ruleset_find(const struct nfg_ruleset *rs,
				   const char *name);

struct nfg_commit {
	uint32_t flags;			/* NFGATE_A_FLAGS, if not 0 */
	bool has_generation;		/* send NFGATE_A_GENERATION */
	uint32_t generation;
	const char *scope;		/* NFGATE_A_CHAIN_NAME, or NULL */
	const struct nfg_chain *chains;	/* NFGATE_A_CHAINS */
	size_t nchains;
	bool with_sets;			/* send NFGATE_A_SETS: */
	const struct nfg_setdef *sets;
	size_t nsets;
	/* per set: the staging set whose contents it takes, or "" */
	char (*staged)[NFGATE_NAME_MAX];
};

/* Build the COMMIT request in req: 0, or -EMSGSIZE / -E2BIG (too big
 * for one message). Sets req->describe so that errors say which chain
 * and rule the kernel refused. */
int nfg_commit_build(struct nfg_req *req, const struct nfg_nl *nl,
		     const struct nfg_commit *c);
/* Describe an offending attribute of a COMMIT built from c (the
 * req->describe of nfg_commit_build()). */
void nfg_commit_describe(const struct nfg_req *req,
			 const struct nfg_attr_loc *loc, char *buf, size_t len);
/* Build and send: NFG_EXIT_OK, NFG_AGAIN on -ERESTART, or an exit code
 * (reported). */
int nfg_commit_send(struct nfg_nl *nl, const struct nfg_commit *c,
		    const char *what);

/* Print the snapshot as "nfgatectl list" does: text (comments aligned if
 * align) or JSON (schema in nfgatectl(8)). */
void nfg_ruleset_print(FILE *out, const struct nfg_ruleset *rs, bool json,
		       bool align);
/* rule list: one line per rule (aligned when align), or one JSON object. */
void nfg_rule_list_print(FILE *out, const struct nfg_ruleset *rs, bool json,
			 bool align);

/* Copy a chain with its rules: 0 or -ENOMEM. */
int nfg_chain_copy(struct nfg_chain *dst, const struct nfg_chain *src);

/* A read-modify-write of one chain. */
struct nfg_edit {
	const char *what;	/* "rule add": prefix of messages */
	const char *chain;	/* the chain */
	bool read_rules;	/* the build needs the chain's rules */
	/* Make the new chain from the current one (NULL: none). Returns
	 * NFG_EXIT_OK to commit *next, or an exit code (reported). */
	int (*build)(struct nfg_edit *e, const struct nfg_chain *cur,
		     struct nfg_chain *next);
	void *arg;
};

/* Read, build, commit with the generation read; retried when another
 * commit got in between. NFG_EXIT_*. */
int nfg_edit_run(struct nfg_nl *nl, struct nfg_edit *e);

#endif
