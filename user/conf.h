/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The configuration language of nfgate.conf(5): chains and their rules,
 * with comments, defines and includes. The grammar is written down once,
 * in man/nfgate.conf.5; this is its parser and printer.
 *
 *   define NAME = WORD...        $NAME stands for the words, in any later
 *                                statement (defines are not recursive)
 *   include "PATTERN"            the files the glob matches, in name order;
 *                                relative to the including file's directory
 *   chain NAME {
 *           SPEC                 hook HOOK family FAMILY priority PRIO
 *                                [policy accept|drop]
 *           RULE                 one per line, as "nfgatectl rule add"
 *   }
 *
 * Statements end at a newline or ';'. '#' starts a comment that runs to
 * the end of the line, outside quoted strings. A config describes the
 * whole state: what it does not declare does not exist after apply.
 */
#ifndef NFGATECTL_CONF_H
#define NFGATECTL_CONF_H

#include <stdio.h>

#include "ruleset.h"

/* Nesting of include before it is refused (include loops end there). */
#define NFG_CONF_INCLUDE_DEPTH	16
/* Bytes of one configuration file. */
#define NFG_CONF_FILE_MAX	(16 << 20)

/*
 * Parse the configuration file path ("-": standard input) into rs (chains
 * in name order, no handles). Returns 0, or -1 after printing
 * "FILE:LINE:COL: what is wrong" with the line and a caret under the
 * column to stderr, prefixed by what ("apply").
 */
int nfg_conf_parse(const char *path, struct nfg_ruleset *rs, const char *what);
/* The same for len bytes of text, named name in messages; include is
 * refused there (the fuzz target uses it). */
int nfg_conf_parse_text(const char *name, const char *text, size_t len,
			struct nfg_ruleset *rs, const char *what);

/* Print rs in the configuration language, which nfg_conf_parse() reads
 * back to the same state. */
void nfg_conf_print(FILE *out, const struct nfg_ruleset *rs);

/* Print what turns from into to, in the configuration language: chains
 * only in one of them whole, with "-" or "+" before each line; changed
 * chains with " " before what stays, "-" before what goes and "+" before
 * what comes (a longest common subsequence of the rules). Nothing when
 * they are the same. */
void nfg_conf_diff(FILE *out, const struct nfg_ruleset *from,
		   const struct nfg_ruleset *to);

#endif
