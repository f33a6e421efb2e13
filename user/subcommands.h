/* SPDX-License-Identifier: GPL-2.0 */
#ifndef NFGATECTL_SUBCOMMANDS_H
#define NFGATECTL_SUBCOMMANDS_H

#include <stdbool.h>
#include <stdio.h>

/* Options given before the subcommand, and the ones every command has. */
struct nfg_opts {
	bool json;
};

struct nfg_cmd {
	const char *name;
	int (*fn)(int argc, char *argv[], const struct nfg_cmd *cmd,
		  const struct nfg_opts *global);
	const char *summary;
	bool json;		/* has JSON output (-j/--json) */
	const char *usage;	/* full help text, or NULL: no arguments */
};

/* A verb of a command group ("chain add"): argv[0] is the verb. */
struct nfg_verb {
	const char *name;
	int (*fn)(int argc, char *argv[], const struct nfg_cmd *cmd,
		  const struct nfg_opts *global);
};

#define NFG_CMD_CONTINUE (-1)

/*
 * Parse -h/--help (and -j/--json if cmd->json) of a subcommand without
 * positional arguments. Returns NFG_CMD_CONTINUE, or an exit code when the
 * command is done (help printed, or a usage error reported).
 */
int nfg_cmd_parse(int argc, char *argv[], const struct nfg_cmd *cmd,
		  const struct nfg_opts *global, struct nfg_opts *opts);

/* flags of nfg_cmd_parse_args() */
#define NFG_ARGS_JSON		(1U << 0)	/* -j/--json is allowed */
#define NFG_ARGS_ANYWHERE	(1U << 1)	/* options after arguments too */

/*
 * Parse -h/--help (and -j/--json with NFG_ARGS_JSON) of a verb with
 * positional arguments (argv[0] is the verb). Options come before the
 * positional arguments, and with NFG_ARGS_ANYWHERE after them too (not
 * for rule and chain-spec tokens, where "-5" is a value). *first gets the
 * index of the first positional argument.
 */
int nfg_cmd_parse_args(int argc, char *argv[], const struct nfg_cmd *cmd,
		       const struct nfg_opts *global, struct nfg_opts *opts,
		       unsigned int flags, int *first);

/*
 * Parse the arguments of a read command "WHAT [NAME] [-j]": options
 * anywhere, at most one NAME (*name gets it, or NULL).
 */
int nfg_cmd_parse_list(int argc, char *argv[], const struct nfg_cmd *cmd,
		       const struct nfg_opts *global, const char *what,
		       struct nfg_opts *opts, const char **name);

/* Run the verb argv[1] of a command group; -h/--help prints its usage. */
int nfg_cmd_dispatch(int argc, char *argv[], const struct nfg_cmd *cmd,
		     const struct nfg_opts *global, const struct nfg_verb *verbs,
		     size_t nverbs);

/* "Usage: nfgatectl <cmd> ..." and the command's options. */
void nfg_cmd_usage(FILE *out, const struct nfg_cmd *cmd);

/* After getopt_long() returned '?': the option as the user typed it. */
const char *nfg_bad_option(char *argv[]);

const char *nfg_tool_version(void);

int info_main(int argc, char *argv[], const struct nfg_cmd *cmd,
	      const struct nfg_opts *global);
int version_main(int argc, char *argv[], const struct nfg_cmd *cmd,
		 const struct nfg_opts *global);
int chain_main(int argc, char *argv[], const struct nfg_cmd *cmd,
	       const struct nfg_opts *global);
int rule_main(int argc, char *argv[], const struct nfg_cmd *cmd,
	      const struct nfg_opts *global);
int flush_main(int argc, char *argv[], const struct nfg_cmd *cmd,
	       const struct nfg_opts *global);
int list_main(int argc, char *argv[], const struct nfg_cmd *cmd,
	      const struct nfg_opts *global);
int apply_main(int argc, char *argv[], const struct nfg_cmd *cmd,
	       const struct nfg_opts *global);
int show_main(int argc, char *argv[], const struct nfg_cmd *cmd,
	      const struct nfg_opts *global);
int autoload_main(int argc, char *argv[], const struct nfg_cmd *cmd,
		  const struct nfg_opts *global);
int doctor_main(int argc, char *argv[], const struct nfg_cmd *cmd,
		const struct nfg_opts *global);

int set_main(int argc, char *argv[], const struct nfg_cmd *cmd,
	     const struct nfg_opts *global);
int nfg_set_add(int argc, char *argv[], const struct nfg_cmd *cmd,
		const struct nfg_opts *global);
int nfg_set_del(int argc, char *argv[], const struct nfg_cmd *cmd,
		const struct nfg_opts *global);
int nfg_set_list(int argc, char *argv[], const struct nfg_cmd *cmd,
		 const struct nfg_opts *global);
int nfg_set_load(int argc, char *argv[], const struct nfg_cmd *cmd,
		 const struct nfg_opts *global);
int stats_main(int argc, char *argv[], const struct nfg_cmd *cmd,
	       const struct nfg_opts *global);
int monitor_main(int argc, char *argv[], const struct nfg_cmd *cmd,
		 const struct nfg_opts *global);
int nfg_rule_list(int argc, char *argv[], const struct nfg_cmd *cmd,
		  const struct nfg_opts *global);

/* NFG_CMD_CONTINUE if name is a valid chain name, else a usage error. */
int nfg_check_chain_name(const struct nfg_cmd *cmd, const char *what,
			 const char *name);

extern const char nfg_chain_usage[], nfg_rule_usage[], nfg_flush_usage[],
	nfg_list_usage[], nfg_autoload_usage[], nfg_doctor_usage[],
	nfg_apply_usage[], nfg_show_usage[], nfg_set_usage[];
extern const char nfg_stats_usage[];

#endif
