// SPDX-License-Identifier: GPL-2.0
/*
 * nfgatectl: control tool of the nfgate netfilter module.
 *
 * Usage: nfgatectl [-h] [-V] [-j] <command> [<args>]
 *
 * Exit status (named in err.h, documented in nfgatectl(8)):
 *   0  success
 *   1  the kernel refused the request or the operation failed
 *   2  usage error or bad input (unknown command, bad option)
 *   3  the nfgate module is not available: no generic netlink family
 *      "nfgate", and looking it up did not autoload the module
 *   4  permission denied (EPERM/EACCES): CAP_NET_ADMIN is needed in the
 *      user namespace that owns the network namespace
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "nl.h"
#include "subcommands.h"

static int help_main(int argc, char *argv[], const struct nfg_cmd *cmd,
		     const struct nfg_opts *global);

static const struct nfg_cmd commands[] = {
	{ "info", info_main,
	  "show the module's version, features and this netns's state", true, NULL },
	{ "list", list_main,
	  "list the chains and rules, with handles and counters", true,
	  nfg_list_usage },
	{ "chain", chain_main,
	  "add, delete or list chains (chain add|del|list)", true, nfg_chain_usage },
	{ "rule", rule_main,
	  "add, insert, delete or list rules (rule add|insert|del|list)", true,
	  nfg_rule_usage },
	{ "set", set_main,
	  "named sets (set create|destroy|add|del|flush|swap|list|load)", true,
	  nfg_set_usage },
	{ "stats", stats_main,
	  "rule and set counters, once or every few seconds (--watch)", true,
	  nfg_stats_usage },
	{ "monitor", monitor_main,
	  "stream nfgate's events: commits, set elements added and expired",
	  true, NULL },
	{ "flush", flush_main,
	  "delete the rules of a chain, or everything", false, nfg_flush_usage },
	{ "apply", apply_main,
	  "replace the whole state with a configuration file", false,
	  nfg_apply_usage },
	{ "show", show_main,
	  "print the state in the configuration language", true, nfg_show_usage },
	{ "autoload", autoload_main,
	  "load nfgate at boot (autoload enable|disable|status)", true,
	  nfg_autoload_usage },
	{ "doctor", doctor_main,
	  "check the system for what breaks nfgate or firewalld; explain errors",
	  true, nfg_doctor_usage },
	{ "version", version_main,
	  "show the nfgatectl and nfgate module versions", true, NULL },
	{ "help", help_main,
	  "show this help, or with a command name that command's help", false, NULL },
};

static void usage(FILE *out)
{
	size_t i;

	fprintf(out,
		"Usage: nfgatectl [-h] [-V] [-j] [-n NETNS] <command> [<args>]\n\n"
		"Control the nfgate netfilter module of the current network namespace.\n\n"
		"Commands:\n");
	for (i = 0; i < NFG_ARRAY_SIZE(commands); i++)
		fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fprintf(out,
		"\nOptions:\n"
		"  -j, --json     JSON output, for the commands that have it\n"
		"  -n, --netns NETNS\n"
		"                 act in the named network namespace (/run/netns/NETNS,\n"
		"                 as 'ip -n' and 'ip netns add' name them)\n"
		"  -h, --help     show this help and exit\n"
		"  -V, --version  print the nfgatectl version and exit\n\n"
		"Run 'nfgatectl <command> --help' for a command's options; see nfgatectl(8).\n");
}

static const struct nfg_cmd *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NFG_ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static int help_main(int argc, char *argv[], const struct nfg_cmd *cmd,
		     const struct nfg_opts *global)
{
	const struct nfg_cmd *target;

	(void)global;
	if (argc > 2)
		return nfg_usage_err(cmd->name, "help: too many arguments");
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return NFG_EXIT_OK;
	}
	target = find_command(argv[1]);
	if (!target)
		return nfg_usage_err(NULL, "help: unknown command '%s'", argv[1]);
	nfg_cmd_usage(stdout, target);
	return NFG_EXIT_OK;
}

/* Enter the named netns (ip netns): NFG_CMD_CONTINUE or an exit code. */
static int enter_netns(const char *name)
{
	char path[PATH_MAX];
	int fd, err;

	if (!*name || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, ".."))
		return nfg_usage_err(NULL, "-n: \"%s\" is not a network namespace name", name);
	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		nfg_err("-n %s: cannot open %s: %s%s", name, path, strerror(err),
			err == ENOENT ? " (list them with 'ip netns list')" : "");
		return err == EACCES || err == EPERM ? NFG_EXIT_PERM : NFG_EXIT_FAIL;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		err = errno;
		close(fd);
		nfg_err("-n %s: cannot enter the network namespace: %s", name, strerror(err));
		return err == EPERM ? NFG_EXIT_PERM : NFG_EXIT_FAIL;
	}
	close(fd);
	return NFG_CMD_CONTINUE;
}

static int parse_global(int argc, char *argv[], struct nfg_opts *global)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "netns", required_argument, NULL, 'n' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c, rc;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+hjn:V", longopts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return NFG_EXIT_OK;
		} else if (c == 'V') {
			printf("nfgatectl %s\n", nfg_tool_version());
			return NFG_EXIT_OK;
		} else if (c == 'j') {
			global->json = true;
		} else if (c == 'n') {
			rc = enter_netns(optarg);
			if (rc != NFG_CMD_CONTINUE)
				return rc;
		} else if (optopt == 'n') {
			return nfg_usage_err(NULL, "-n needs the name of a network namespace");
		} else {
			return nfg_usage_err(NULL, "unknown option '%s'",
					     nfg_bad_option(argv));
		}
	}
	return NFG_CMD_CONTINUE;
}

static int run(int argc, char *argv[])
{
	struct nfg_opts global = { 0 };
	const struct nfg_cmd *cmd;
	int rc;

	rc = parse_global(argc, argv, &global);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	if (optind >= argc) {
		usage(stderr);
		return NFG_EXIT_USAGE;
	}
	cmd = find_command(argv[optind]);
	if (!cmd)
		return nfg_usage_err(NULL, "unknown command '%s'", argv[optind]);
	return cmd->fn(argc - optind, argv + optind, cmd, &global);
}

int main(int argc, char *argv[])
{
	int rc = run(argc, argv);

	if (fflush(stdout) || ferror(stdout)) {
		nfg_err("cannot write the output: %s", strerror(errno));
		return rc ? rc : NFG_EXIT_FAIL;
	}
	return rc;
}
