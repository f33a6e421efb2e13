// SPDX-License-Identifier: GPL-2.0
/* nfgatectl doctor [--json] [--root DIR] [--kernel KVER] [--explain TEXT] */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "doctor.h"
#include "subcommands.h"

const char nfg_doctor_usage[] =
	"Usage: nfgatectl doctor [--root DIR] [--kernel KVER] [-j]\n"
	"       nfgatectl doctor --explain TEXT [--root DIR] [--kernel KVER] [-j]\n"
	"\n"
	"Check, in order, what nfgate and firewalld depend on, and print OK, WARN or\n"
	"FAIL for each with the evidence and the fix: the nfgate module (loaded,\n"
	"installed for the kernel with a matching vermagic, built by DKMS for every\n"
	"installed kernel), the modules it needs, autoload at boot, firewalld and its\n"
	"FirewallBackend, the iptables variant, legacy tables next to nftables, the\n"
	"xtables lock, and the order of every hook's chains.\n"
	"With --explain, decode a pasted error message of firewalld, iptables or nft\n"
	"(COMMAND_FAILED, Couldn't load match, No chain/target/match by that name,\n"
	"the xtables lock, ...) into its cause and fix, checked against this system.\n"
	"\n"
	"Options:\n"
	"  --root DIR      inspect the system under DIR (an image, a fixture): every\n"
	"                  path, /proc and /run too, is read under it, and live\n"
	"                  kernel state (nftables, nfgate's chains) is not read\n"
	"  --kernel KVER   the kernel to check (default: the running one)\n"
	"  --explain TEXT  explain this error message instead\n"
	"  -j, --json      print one JSON object (schema in nfgatectl(8))\n"
	"  -h, --help      show this help\n"
	"\n"
	"Exit status: 0 no FAIL (WARNs allowed), 1 at least one FAIL, 2 usage error.\n"
	"With --explain: 0 the text was recognised, 1 it was not.\n";

struct doctor_opts {
	struct nfg_opts o;
	const char *root, *kernel, *explain;
};

static int parse_opts(int argc, char *argv[], const struct nfg_cmd *cmd,
		      const struct nfg_opts *global, struct doctor_opts *dop)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "root", required_argument, NULL, 'r' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "explain", required_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(dop, 0, sizeof(*dop));
	dop->o = *global;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "hj", longopts, NULL)) != -1) {
		if (c == 'h') {
			nfg_cmd_usage(stdout, cmd);
			return NFG_EXIT_OK;
		} else if (c == 'j') {
			dop->o.json = true;
		} else if (c == 'r') {
			dop->root = optarg;
		} else if (c == 'k') {
			dop->kernel = optarg;
		} else if (c == 'e') {
			dop->explain = optarg;
		} else {
			return nfg_usage_err(cmd->name, "doctor: unknown option '%s' (or its value is missing)",
					     nfg_bad_option(argv));
		}
	}
	if (optind < argc)
		return nfg_usage_err(cmd->name, "doctor: unexpected argument '%s'%s",
				     argv[optind],
				     dop->explain ? "" : " (quote the text of --explain)");
	if (dop->explain && !*nfg_strip((char *)dop->explain))
		return nfg_usage_err(cmd->name, "doctor: --explain needs the error text");
	return NFG_CMD_CONTINUE;
}

/* Root, kernel and its module index (a missing index is a finding). */
static int doctor_init(struct nfg_doctor *d, const struct doctor_opts *dop)
{
	int rc;

	memset(d, 0, sizeof(*d));
	if (nfg_root_init(&d->root, dop->root, "doctor") < 0)
		return NFG_EXIT_USAGE;
	if (dop->kernel)
		snprintf(d->kver, sizeof(d->kver), "%s", dop->kernel);
	else if (nfg_root_kernel(&d->root, d->kver, sizeof(d->kver)) < 0) {
		nfg_err("doctor: cannot tell the running kernel's release (no %s/proc/sys/kernel/osrelease): pass --kernel KVER",
			d->root.dir);
		return NFG_EXIT_USAGE;
	}
	rc = nfg_kmods_open(&d->k, &d->root, d->kver);
	d->have_index = rc == 0;
	nfg_needs_get(&d->root, &d->needs);
	return NFG_CMD_CONTINUE;
}

static void run_checks(struct nfg_doctor *d)
{
	nfg_check_module(d);
	nfg_check_installed(d);
	nfg_check_dkms(d);
	nfg_check_needed(d);
	if (d->have_index)
		nfg_autoload_inspect(&d->root, &d->k, &d->needs, &d->rep);
	nfg_check_firewalld(d);
	nfg_check_iptables(d);
	nfg_check_xtables_lock(d);
	nfg_check_hook_order(d);
}

int doctor_main(int argc, char *argv[], const struct nfg_cmd *cmd,
		const struct nfg_opts *global)
{
	struct doctor_opts dop;
	struct nfg_doctor d;
	bool known = true;
	int rc;

	rc = parse_opts(argc, argv, cmd, global, &dop);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	rc = doctor_init(&d, &dop);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	if (dop.explain)
		known = nfg_explain(&d, dop.explain);
	else
		run_checks(&d);
	if (d.have_index)
		nfg_kmods_close(&d.k);
	nfg_hooks_free(&d.hooks);
	if (d.rep.oom) {
		nfg_err("doctor: out of memory");
		nfg_report_free(&d.rep);
		return NFG_EXIT_FAIL;
	}
	nfg_report_print(stdout, &d.rep, dop.o.json);
	if (dop.explain)
		rc = known ? NFG_EXIT_OK : NFG_EXIT_FAIL;
	else
		rc = nfg_report_count(&d.rep, NFG_FAIL) ? NFG_EXIT_FAIL : NFG_EXIT_OK;
	nfg_report_free(&d.rep);
	return rc;
}
