// SPDX-License-Identifier: GPL-2.0
/* nfgatectl apply [FILE] and nfgatectl show: the configuration file */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "setsync.h"
#include "err.h"
#include "subcommands.h"

#define NFG_CONF_DEFAULT "/etc/nfgate/nfgate.conf"

const char nfg_apply_usage[] =
	"Usage: nfgatectl apply [--check | --diff | --print] [FILE]\n"
	"\n"
	"Replace this network namespace's whole nfgate state with the one FILE\n"
	"declares (default " NFG_CONF_DEFAULT ", - for standard input), in one\n"
	"kernel commit: chains it does not declare are deleted. Rules that stay\n"
	"the same keep their handles and counters. A file with any error changes\n"
	"nothing; errors are shown as FILE:LINE:COL with the line. The language\n"
	"is described in nfgate.conf(5).\n"
	"\n"
	"Options:\n"
	"  -c, --check  have the kernel validate and build it all, commit nothing\n"
	"  -d, --diff   print what apply would change (- removed, + added), and\n"
	"               change nothing\n"
	"  -p, --print  print FILE as apply reads it (includes and variables\n"
	"               resolved, canonical form) without contacting the kernel\n"
	"  -h, --help   show this help\n";

const char nfg_show_usage[] =
	"Usage: nfgatectl show [-j]\n"
	"\n"
	"Print this network namespace's nfgate state in the language of\n"
	"nfgate.conf(5): 'nfgatectl show > FILE; nfgatectl apply FILE' changes\n"
	"nothing. With --json, the same object as 'nfgatectl list --json'.\n"
	"\n"
	"Options:\n"
	"  -j, --json  print one JSON object (schema in nfgatectl(8))\n"
	"  -h, --help  show this help\n";

/* Give the rules of next that the live chain has too its handles, so that
 * they keep their counters; each live rule lends its handle once. */
static void carry_handles(struct nfg_ruleset *next, const struct nfg_ruleset *live)
{
	const struct nfg_chain *old;
	struct nfg_chain *c;
	size_t i, j, k;
	bool *used;

	for (i = 0; i < next->nchains; i++) {
		c = &next->chains[i];
		old = nfg_ruleset_find(live, c->name);
		if (!old || !old->nrules)
			continue;
		used = calloc(old->nrules, sizeof(*used));
		for (j = 0; used && j < c->nrules; j++) {
			for (k = 0; k < old->nrules; k++) {
				if (used[k] || !nfg_rule_same(&c->rules[j], &old->rules[k]))
					continue;
				used[k] = true;
				c->rules[j].handle = old->rules[k].handle;
				break;
			}
		}
		free(used);
	}
}

/* Can this module take the sets of next? NFG_EXIT_OK or reported. */
static int sets_supported(const struct nfg_ruleset *live,
			  const struct nfg_ruleset *next, const char *what)
{
	if ((live->features & NFGATE_FEATURE_COMMIT_SETS) || !next->nsets)
		return NFG_EXIT_OK;
	nfg_err("%s: the loaded nfgate module cannot commit sets (feature \"commit-sets\" missing): install and load a newer module",
		what);
	return NFG_EXIT_FAIL;
}

/* Read the live state (with sets when the module commits them). */
static int read_live(struct nfg_nl *nl, const struct nfg_ruleset *next,
		     struct nfg_ruleset *live, const char *what)
{
	int rc = nfg_ruleset_read(nl, live, NULL, what);

	if (!rc)
		rc = sets_supported(live, next, what);
	if (!rc && (live->features & NFGATE_FEATURE_COMMIT_SETS))
		rc = nfg_sets_read(nl, live, what);
	return rc;
}

static int apply_once(struct nfg_nl *nl, struct nfg_ruleset *next, bool check)
{
	const char *what = check ? "apply --check" : "apply";
	struct nfg_commit commit = {
		.flags = check ? NFGATE_COMMIT_F_CHECK : 0,
		.has_generation = true,
		.chains = next->chains,
		.nchains = next->nchains,
		.sets = next->sets,
		.nsets = next->nsets,
	};
	struct nfg_ruleset live;
	size_t i, j;
	int rc;

	commit.staged = calloc(next->nsets + 1, sizeof(*commit.staged));
	if (!commit.staged) {
		nfg_err("%s: out of memory", what);
		return NFG_EXIT_FAIL;
	}
	rc = read_live(nl, next, &live, what);
	commit.with_sets = live.features & NFGATE_FEATURE_COMMIT_SETS;
	if (!rc && commit.with_sets)
		rc = nfg_sets_stage(nl, next, &live, commit.staged, what);
	if (!rc) {
		for (i = 0; i < next->nchains; i++)
			for (j = 0; j < next->chains[i].nrules; j++)
				next->chains[i].rules[j].handle = 0;
		carry_handles(next, &live);
		commit.generation = live.generation;
		rc = nfg_commit_send(nl, &commit, what);
	}
	nfg_ruleset_free(&live);
	free(commit.staged);
	return rc;
}

static int apply_commit(struct nfg_ruleset *next, bool check)
{
	struct nfg_nl nl;
	int rc, i;

	rc = nfg_connect(&nl);
	if (rc)
		return rc;
	rc = NFG_AGAIN;
	for (i = 0; i < NFG_RETRIES && rc == NFG_AGAIN; i++)
		rc = apply_once(&nl, next, check);
	nfg_nl_close(&nl);
	if (rc == NFG_AGAIN) {
		nfg_err("apply: the ruleset kept changing while it was being replaced (%d attempts); run the command again",
			NFG_RETRIES);
		rc = NFG_EXIT_FAIL;
	}
	return rc;
}

static int apply_diff(const struct nfg_ruleset *next)
{
	struct nfg_ruleset live;
	int rc;

	rc = nfg_state_fetch(&live, "apply --diff");
	if (!rc) {
		nfg_sets_diff(stdout, &live, next);
		nfg_conf_diff(stdout, &live, next);
	}
	nfg_ruleset_free(&live);
	return rc;
}

int apply_main(int argc, char *argv[], const struct nfg_cmd *cmd,
	       const struct nfg_opts *global)
{
	static const struct option longopts[] = {
		{ "check", no_argument, NULL, 'c' },
		{ "diff", no_argument, NULL, 'd' },
		{ "print", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool check = false, diff = false, print = false;
	struct nfg_ruleset next;
	const char *path;
	int c, rc;

	if (global->json)
		return nfg_usage_err(cmd->name, "apply: --json is not supported here");
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+cdph", longopts, NULL)) != -1) {
		if (c == 'c') {
			check = true;
		} else if (c == 'd') {
			diff = true;
		} else if (c == 'p') {
			print = true;
		} else if (c == 'h') {
			fputs(nfg_apply_usage, stdout);
			return NFG_EXIT_OK;
		} else {
			return nfg_usage_err(cmd->name, "apply: unknown option '%s'", nfg_bad_option(argv));
		}
	}
	if (check + diff + print > 1)
		return nfg_usage_err(cmd->name, "apply: --check, --diff and --print exclude each other");
	if (argc - optind > 1)
		return nfg_usage_err(cmd->name, "apply: unexpected argument '%s'", argv[optind + 1]);
	path = optind < argc ? argv[optind] : NFG_CONF_DEFAULT;
	if (nfg_conf_parse(path, &next, "apply") < 0)
		return NFG_EXIT_USAGE;
	if (print) {
		nfg_conf_print(stdout, &next);
		rc = NFG_EXIT_OK;
	} else {
		rc = diff ? apply_diff(&next) : apply_commit(&next, check);
	}
	nfg_ruleset_free(&next);
	return rc;
}

int show_main(int argc, char *argv[], const struct nfg_cmd *cmd,
	      const struct nfg_opts *global)
{
	struct nfg_ruleset rs;
	struct nfg_opts opts;
	int rc;

	rc = nfg_cmd_parse(argc, argv, cmd, global, &opts);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	rc = nfg_state_fetch(&rs, "show");
	if (!rc && opts.json)
		nfg_ruleset_print(stdout, &rs, true, false);
	else if (!rc)
		nfg_conf_print(stdout, &rs);
	nfg_ruleset_free(&rs);
	return rc;
}
