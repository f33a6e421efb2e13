// SPDX-License-Identifier: GPL-2.0
/* Option parsing and usage shared by the subcommands. */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "subcommands.h"

void nfg_cmd_usage(FILE *out, const struct nfg_cmd *cmd)
{
	if (cmd->usage) {
		fputs(cmd->usage, out);
		return;
	}
	fprintf(out, "Usage: nfgatectl %s [-h]%s\n\n%c%s.\n\nOptions:\n",
		cmd->name, cmd->json ? " [-j]" : "",
		toupper((unsigned char)cmd->summary[0]), cmd->summary + 1);
	if (cmd->json)
		fprintf(out, "  -j, --json  print one JSON object (schema in nfgatectl(8))\n");
	fprintf(out, "  -h, --help  show this help\n");
}

/* The option getopt_long() could not handle, as the user typed it. */
const char *nfg_bad_option(char *argv[])
{
	static char buf[3];

	if (optopt) {
		snprintf(buf, sizeof(buf), "-%c", optopt);
		return buf;
	}
	return argv[optind - 1];
}

int nfg_cmd_parse_list(int argc, char *argv[], const struct nfg_cmd *cmd,
		       const struct nfg_opts *global, const char *what,
		       struct nfg_opts *opts, const char **name)
{
	int rc, i;

	rc = nfg_cmd_parse_args(argc, argv, cmd, global, opts,
				NFG_ARGS_JSON | NFG_ARGS_ANYWHERE, &i);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	if (argc - i > 1)
		return nfg_usage_err(cmd->name, "%s: unexpected argument '%s'",
				     what, argv[i + 1]);
	*name = i < argc ? argv[i] : NULL;
	return NFG_CMD_CONTINUE;
}

int nfg_cmd_parse(int argc, char *argv[], const struct nfg_cmd *cmd,
		  const struct nfg_opts *global, struct nfg_opts *opts)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*opts = *global;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+hj", longopts, NULL)) != -1) {
		if (c == 'h') {
			nfg_cmd_usage(stdout, cmd);
			return NFG_EXIT_OK;
		} else if (c == 'j') {
			opts->json = true;
		} else {
			return nfg_usage_err(cmd->name, "%s: unknown option '%s'",
					     cmd->name, nfg_bad_option(argv));
		}
	}
	if (optind < argc)
		return nfg_usage_err(cmd->name, "%s: unexpected argument '%s'",
				     cmd->name, argv[optind]);
	if (opts->json && !cmd->json)
		return nfg_usage_err(cmd->name, "%s: has no JSON output",
				     cmd->name);
	return NFG_CMD_CONTINUE;
}

int nfg_cmd_parse_args(int argc, char *argv[], const struct nfg_cmd *cmd,
		       const struct nfg_opts *global, struct nfg_opts *opts,
		       unsigned int flags, int *first)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*opts = *global;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, flags & NFG_ARGS_ANYWHERE ? "hj" : "+hj",
				longopts, NULL)) != -1) {
		if (c == 'h') {
			nfg_cmd_usage(stdout, cmd);
			return NFG_EXIT_OK;
		} else if (c == 'j') {
			opts->json = true;
		} else {
			return nfg_usage_err(cmd->name, "%s %s: unknown option '%s'",
					     cmd->name, argv[0], nfg_bad_option(argv));
		}
	}
	if (opts->json && !(flags & NFG_ARGS_JSON))
		return nfg_usage_err(cmd->name, "%s %s: has no JSON output",
				     cmd->name, argv[0]);
	*first = optind;
	return NFG_CMD_CONTINUE;
}

int nfg_cmd_dispatch(int argc, char *argv[], const struct nfg_cmd *cmd,
		     const struct nfg_opts *global, const struct nfg_verb *verbs,
		     size_t nverbs)
{
	char names[64] = "";
	size_t i;

	for (i = 0; i < nverbs; i++)
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
			 i ? ", " : "", verbs[i].name);
	if (argc < 2)
		return nfg_usage_err(cmd->name, "%s: missing subcommand (%s)", cmd->name,
				     names);
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		nfg_cmd_usage(stdout, cmd);
		return NFG_EXIT_OK;
	}
	for (i = 0; i < nverbs; i++)
		if (!strcmp(argv[1], verbs[i].name))
			return verbs[i].fn(argc - 1, argv + 1, cmd, global);
	return nfg_usage_err(cmd->name, "%s: unknown subcommand '%s' (%s)", cmd->name,
			     argv[1], names);
}
