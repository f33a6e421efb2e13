/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sets of the whole state (setsync.c): snapshots of the live sets,
 * staging sets for a commit with sets, and their diff.
 */
#ifndef NFGATECTL_SETSYNC_H
#define NFGATECTL_SETSYNC_H

#include <stdio.h>

#include "ruleset.h"

/* Read the live sets into rs (specs, counts, and the elements of all but
 * dynamic sets). NFG_EXIT_*, reported. */
int nfg_sets_read(struct nfg_nl *nl, struct nfg_ruleset *rs, const char *what);
/* Connect and read the chains, rules and sets. NFG_EXIT_*, reported;
 * free rs in all cases. */
int nfg_state_fetch(struct nfg_ruleset *rs, const char *what);

/* Create a staging set of this spec named into name (".stage.PID.N") and
 * fill it with es. NFG_EXIT_*, reported. The kernel destroys it when the
 * socket closes, or at the next commit with sets from this socket. */
int nfg_stage_set(struct nfg_nl *nl, const struct nfg_set_spec *spec,
		  const struct nfg_elems *es, char *name, size_t len,
		  const char *what);
/* Stage the contents of next's static sets that differ from live's
 * (staged[i] names the staging set of next->sets[i], or is ""). */
int nfg_sets_stage(struct nfg_nl *nl, const struct nfg_ruleset *next,
		   const struct nfg_ruleset *live, char (*staged)[NFGATE_NAME_MAX],
		   const char *what);

/* Print what turns from's sets into to's, as nfg_conf_diff() does for
 * chains; the elements of dynamic sets are not compared. */
void nfg_sets_diff(FILE *out, const struct nfg_ruleset *from,
		   const struct nfg_ruleset *to);

#endif
