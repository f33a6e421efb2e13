// SPDX-License-Identifier: GPL-2.0
/*
 * nfgatectl autoload enable|disable|status: load nfgate and the modules
 * its configuration needs at boot (systemd-modules-load), with its module
 * parameters in modprobe.d.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "autoload.h"
#include "modtab.h"
#include "ruleset.h"
#include "subcommands.h"

const char nfg_autoload_header[] =
	"# Written by 'nfgatectl autoload enable'; 'nfgatectl autoload disable' removes it.\n";

const char nfg_autoload_usage[] =
	"Usage: nfgatectl autoload enable [--root DIR] [--kernel KVER]\n"
	"                          [--max-chains N] [--max-rules N]\n"
	"       nfgatectl autoload disable [--root DIR]\n"
	"       nfgatectl autoload status [--root DIR] [--kernel KVER] [-j]\n"
	"\n"
	"Load nfgate and the modules its configuration needs at boot:\n"
	"enable writes " NFG_LOAD_CONF " (for systemd-modules-load)\n"
	"and " NFG_PROBE_CONF " (module parameters), atomically and only\n"
	"when they change. Every module is checked against the kernel's modules.dep,\n"
	"modules.builtin and modules.alias; built-in modules are not listed, missing\n"
	"ones are an error (exit 3) and nothing is written. disable removes only the\n"
	"files nfgatectl wrote. status checks them, and reports lines of other\n"
	"modules-load.d files that name modules the kernel does not have.\n"
	"\n"
	"Options:\n"
	"  --root DIR       act on the system under DIR (an image, a fixture), not /\n"
	"  --kernel KVER    check modules against this kernel (default: running one)\n"
	"  --max-chains N   module parameter max_chains (default: the loaded module's,\n"
	"  --max-rules N    then the file's, then 256 and 16384)\n"
	"  -j, --json       status only: print one JSON object (see nfgatectl(8))\n"
	"  -h, --help       show this help\n";

#define DEFAULT_MAX_CHAINS 256
#define DEFAULT_MAX_RULES 16384

struct autoload_opts {
	struct nfg_opts o;
	const char *root, *kernel;
	long max_chains, max_rules;	/* -1: not given */
};

/* ---- what the configuration needs ------------------------------------- */

static void need(struct nfg_needs *needs, const char *name)
{
	size_t i;

	for (i = 0; i < needs->n; i++)
		if (!strcmp(needs->names[i], name))
			return;
	if (needs->n < NFG_NEEDS_MAX)
		needs->names[needs->n++] = name;
}

static void needs_of_rule(struct nfg_needs *needs, const struct nfg_chain *c,
			  const struct nfg_rule *r)
{
	const uint32_t ct = NFG_BIT(NFGATE_RULE_A_CT_STATE) |
		NFG_BIT(NFGATE_RULE_A_CT_STATUS) | NFG_BIT(NFGATE_RULE_A_CT_DIRECTION);

	if (r->present & ct)
		need(needs, "nf_conntrack");
	if (r->present & NFG_BIT(NFGATE_RULE_A_LOG))
		need(needs, r->log.nflog ? "nfnetlink_log" : "nf_log_syslog");
	if (r->verdict != NFGATE_VERDICT_REJECT)
		return;
	if (c->family != NFGATE_FAMILY_IP6)
		need(needs, "nf_reject_ipv4");
	if (c->family != NFGATE_FAMILY_IP)
		need(needs, "nf_reject_ipv6");
}

static int needs_live(struct nfg_needs *needs)
{
	struct nfg_ruleset rs;
	struct nfg_nl nl;
	size_t i, j;
	int rc;

	if (nfg_nl_open(&nl) < 0)
		return -1;
	rc = nfg_ruleset_read_retry(&nl, &rs, NULL, "autoload");
	nfg_nl_close(&nl);
	for (i = 0; !rc && i < rs.nchains; i++)
		for (j = 0; j < rs.chains[i].nrules; j++)
			needs_of_rule(needs, &rs.chains[i], &rs.chains[i].rules[j]);
	nfg_ruleset_free(&rs);
	return rc ? -1 : 0;
}

void nfg_needs_get(const struct nfg_root *root, struct nfg_needs *needs)
{
	static const char *const defaults[] = {
		"nf_conntrack", "nf_reject_ipv4", "nf_reject_ipv6", "nf_log_syslog",
	};
	size_t i;

	memset(needs, 0, sizeof(*needs));
	need(needs, "nfgate");
	if (root->live && nfg_mod_loaded(root, "nfgate") == 1 && !needs_live(needs)) {
		needs->source = "the live ruleset";
		return;
	}
	needs->n = 1;
	for (i = 0; i < NFG_ARRAY_SIZE(defaults); i++)
		need(needs, defaults[i]);
	needs->source = "the default set";
}

/* ---- modules-load.d files --------------------------------------------- */

/* systemd-modules-load's directories, in precedence order */
static const char *const load_dirs[] = {
	"/etc/modules-load.d", "/run/modules-load.d", "/usr/local/lib/modules-load.d",
	"/usr/lib/modules-load.d", "/lib/modules-load.d",
};

#define CONF_MAX (256 * 1024)

/* Next module name of a modules-load.d file (comments are '#' or ';'
 * lines), NULL at the end; *lineno counts lines. */
static char *next_module(char **cursor, unsigned int *lineno)
{
	char *line, *name;

	while (**cursor) {
		line = *cursor;
		*cursor += strcspn(line, "\n");
		if (**cursor)
			*(*cursor)++ = '\0';
		(*lineno)++;
		name = nfg_strip(line);
		if (*name && *name != '#' && *name != ';')
			return name;
	}
	return NULL;
}

static bool is_ours(const char *text)
{
	return !strncmp(text, nfg_autoload_header, strlen(nfg_autoload_header));
}

/* Stale lines of one file into f: their count. */
static unsigned int scan_file(struct nfg_kmods *k, const char *shown,
			      const char *path, struct nfg_finding *f)
{
	char *text = nfg_read_file(path, CONF_MAX), *cur, *name;
	unsigned int lineno = 0, stale = 0;
	struct nfg_mod m;

	if (!text)
		return 0;
	cur = text;
	while ((name = next_module(&cur, &lineno))) {
		nfg_kmods_find(k, name, &m);
		if (m.state != NFG_MOD_MISSING)
			continue;
		nfg_evidence(f, "%s:%u: \"%s\": no such module or alias for kernel %s",
			     shown, lineno, name, k->kver);
		stale++;
	}
	free(text);
	return stale;
}

static bool seen_name(char (*seen)[256], size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(seen[i], name))
			return true;
	return false;
}

#define SCAN_MAX 256

static void scan_dir(const struct nfg_root *root, struct nfg_kmods *k,
		     const char *dir, char (*seen)[256], size_t *nseen,
		     struct nfg_finding *f, unsigned int *stale)
{
	char path[NFG_PATH_MAX], file[NFG_PATH_MAX + 256], shown[PATH_MAX + 256];
	struct dirent **list;
	int i, n;

	n = scandir(nfg_root_path(root, dir, path), &list, NULL, alphasort);
	for (i = 0; i < n; i++) {
		const char *name = list[i]->d_name;
		size_t len = strlen(name);

		if (len > 5 && !strcmp(name + len - 5, ".conf") &&
		    !seen_name(seen, *nseen, name) && *nseen < SCAN_MAX) {
			snprintf(seen[(*nseen)++], 256, "%s", name);
			snprintf(file, sizeof(file), "%s/%s", path, name);
			snprintf(shown, sizeof(shown), "%s/%s", dir, name);
			*stale += scan_file(k, shown, file, f);
		}
		free(list[i]);
	}
	if (n >= 0)
		free(list);
}

static void check_stale(const struct nfg_root *root, struct nfg_kmods *k,
			struct nfg_report *rep)
{
	struct nfg_finding *f = nfg_finding(rep, NFG_OK, "autoload-stale");
	char (*seen)[256] = calloc(SCAN_MAX, 256);
	unsigned int stale = 0;
	size_t i, nseen = 0;

	if (!seen) {
		nfg_summary(f, "out of memory");
		return;
	}
	for (i = 0; i < NFG_ARRAY_SIZE(load_dirs); i++)
		scan_dir(root, k, load_dirs[i], seen, &nseen, f, &stale);
	free(seen);
	if (!stale) {
		nfg_summary(f, "every module named in %zu modules-load.d file(s) exists for kernel %s",
			    nseen, k->kver);
		return;
	}
	nfg_raise(f, NFG_WARN);
	nfg_summary(f, "%u line(s) in modules-load.d name modules kernel %s does not have; systemd-modules-load.service fails on them",
		    stale, k->kver);
	nfg_fix(f, "delete those lines (nf_conntrack_ipv4 and nf_conntrack_ipv6 were merged into nf_conntrack in Linux 4.19; nf_log_ipv4 and nf_log_ipv6 into nf_log_syslog in 5.12)");
}

/* ---- nfgate's own files ----------------------------------------------- */

static bool listed(const char *text, const char *module)
{
	char *copy = strdup(text), *cur, *name;
	unsigned int lineno = 0;
	bool found = false;

	if (!copy)
		return false;
	cur = copy;
	while (!found && (name = next_module(&cur, &lineno)))
		found = !strcmp(name, module);
	free(copy);
	return found;
}

/* Each module the file lists must exist; each needed loadable one must
 * be listed. */
static void check_listed(struct nfg_kmods *k, const struct nfg_needs *needs,
			 char *text, struct nfg_finding *f)
{
	unsigned int lineno = 0;
	char *cur, *name;
	struct nfg_mod m;
	size_t i;

	for (i = 0; i < needs->n; i++) {
		nfg_kmods_find(k, needs->names[i], &m);
		if (m.state == NFG_MOD_FILE && !listed(text, needs->names[i])) {
			nfg_raise(f, i ? NFG_WARN : NFG_FAIL);
			nfg_evidence(f, "%s is needed (%s) but not listed", needs->names[i],
				     needs->source);
		}
	}
	cur = text;
	while ((name = next_module(&cur, &lineno))) {
		nfg_kmods_find(k, name, &m);
		if (m.state == NFG_MOD_MISSING) {
			nfg_raise(f, NFG_FAIL);
			nfg_evidence(f, "line %u: %s: not found for kernel %s", lineno, name,
				     k->kver);
		} else if (m.state == NFG_MOD_BUILTIN) {
			nfg_evidence(f, "line %u: %s: built into kernel %s (harmless)",
				     lineno, name, k->kver);
		} else {
			nfg_evidence(f, "line %u: %s: %s", lineno, name, m.path + strlen(k->dir) + 1);
		}
	}
}

static void check_load_conf(const struct nfg_root *root, struct nfg_kmods *k,
			    const struct nfg_needs *needs, struct nfg_report *rep)
{
	struct nfg_finding *f = nfg_finding(rep, NFG_OK, "autoload-modules");
	char *text = nfg_root_read(root, NFG_LOAD_CONF, CONF_MAX);

	if (!text) {
		nfg_raise(f, NFG_WARN);
		nfg_summary(f, "nfgate is not loaded at boot: %s: %s", NFG_LOAD_CONF,
			    strerror(errno));
		nfg_fix(f, "nfgatectl autoload enable");
		return;
	}
	if (!is_ours(text))
		nfg_evidence(f, "%s was not written by nfgatectl", NFG_LOAD_CONF);
	check_listed(k, needs, text, f);
	free(text);
	if (f->level == NFG_OK) {
		nfg_summary(f, "%s loads nfgate and what it needs at boot", NFG_LOAD_CONF);
		return;
	}
	nfg_summary(f, "%s does not load what nfgate needs on kernel %s",
		    NFG_LOAD_CONF, k->kver);
	nfg_fix(f, "nfgatectl autoload enable (it rewrites the file for kernel %s)", k->kver);
}

/* "options nfgate max_chains=N max_rules=N": known keys, numbers. */
static bool check_options(char *line, unsigned int lineno, struct nfg_finding *f)
{
	char *save = NULL, *tok, *end;
	bool ok = true;

	strtok_r(line, " \t", &save);	/* "options" */
	tok = strtok_r(NULL, " \t", &save);
	if (!tok || strcmp(tok, "nfgate"))
		return true;
	while ((tok = strtok_r(NULL, " \t", &save))) {
		char *eq = strchr(tok, '=');

		if (eq && (!strncmp(tok, "max_chains=", 11) || !strncmp(tok, "max_rules=", 10)) &&
		    eq[1] && (strtoul(eq + 1, &end, 10), !*end))
			continue;
		nfg_evidence(f, "line %u: \"%s\": nfgate has parameters max_chains=N and max_rules=N only",
			     lineno, tok);
		ok = false;
	}
	return ok;
}

static void check_probe_conf(const struct nfg_root *root, struct nfg_report *rep)
{
	struct nfg_finding *f = nfg_finding(rep, NFG_OK, "autoload-options");
	char *text = nfg_root_read(root, NFG_PROBE_CONF, CONF_MAX), *cur, *line;
	unsigned int lineno = 0;
	bool ok = true;

	if (!text) {
		nfg_summary(f, "no module parameters are set (%s: %s): defaults apply",
			    NFG_PROBE_CONF, strerror(errno));
		return;
	}
	cur = text;
	while (*cur) {
		line = cur;
		cur += strcspn(cur, "\n");
		if (*cur)
			*cur++ = '\0';
		lineno++;
		if (!strncmp(nfg_strip(line), "options", 7)) {
			nfg_evidence(f, "line %u: %s", lineno, line);
			ok &= check_options(line, lineno, f);
		}
	}
	free(text);
	if (ok) {
		nfg_summary(f, "%s sets valid module parameters", NFG_PROBE_CONF);
		return;
	}
	nfg_raise(f, NFG_WARN);
	nfg_summary(f, "%s has parameters nfgate does not know; the kernel ignores them",
		    NFG_PROBE_CONF);
	nfg_fix(f, "nfgatectl autoload enable --max-chains N --max-rules N (rewrites it), or edit the file");
}

void nfg_autoload_inspect(const struct nfg_root *root, struct nfg_kmods *k,
			  const struct nfg_needs *needs, struct nfg_report *rep)
{
	check_load_conf(root, k, needs, rep);
	check_probe_conf(root, rep);
	check_stale(root, k, rep);
}

/* ---- the command ------------------------------------------------------ */

static int parse_number(const char *opt, const char *arg, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(arg, &end, 10);
	if (errno || *end || !*arg || *out < 1 || *out > 0x7fffffff)
		return nfg_usage_err("autoload", "autoload: %s: \"%s\" is not a number from 1 to 2147483647",
				     opt, arg);
	return NFG_CMD_CONTINUE;
}

static int parse_opts(int argc, char *argv[], const struct nfg_cmd *cmd,
		      const struct nfg_opts *global, struct autoload_opts *ao)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "root", required_argument, NULL, 'r' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "max-chains", required_argument, NULL, 'c' },
		{ "max-rules", required_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 },
	};
	int c, rc = NFG_CMD_CONTINUE;

	memset(ao, 0, sizeof(*ao));
	ao->o = *global;
	ao->max_chains = ao->max_rules = -1;
	optind = 0;
	opterr = 0;
	while (rc == NFG_CMD_CONTINUE &&
	       (c = getopt_long(argc, argv, "hj", longopts, NULL)) != -1) {
		if (c == 'h') {
			nfg_cmd_usage(stdout, cmd);
			return NFG_EXIT_OK;
		} else if (c == 'j') {
			ao->o.json = true;
		} else if (c == 'r') {
			ao->root = optarg;
		} else if (c == 'k') {
			ao->kernel = optarg;
		} else if (c == 'c') {
			rc = parse_number("--max-chains", optarg, &ao->max_chains);
		} else if (c == 'R') {
			rc = parse_number("--max-rules", optarg, &ao->max_rules);
		} else {
			return nfg_usage_err(cmd->name, "autoload %s: unknown option '%s' (or its value is missing)",
					     argv[0], nfg_bad_option(argv));
		}
	}
	if (rc == NFG_CMD_CONTINUE && optind < argc)
		rc = nfg_usage_err(cmd->name, "autoload %s: unexpected argument '%s'",
				   argv[0], argv[optind]);
	return rc;
}

/* Root, kernel release and its module index: NFG_CMD_CONTINUE or exit. */
static int open_target(const struct autoload_opts *ao, const char *what,
		       struct nfg_root *root, struct nfg_kmods *k)
{
	char kver[128];
	int rc;

	if (nfg_root_init(root, ao->root, what) < 0)
		return NFG_EXIT_USAGE;
	if (ao->kernel)
		snprintf(kver, sizeof(kver), "%s", ao->kernel);
	else if (nfg_root_kernel(root, kver, sizeof(kver)) < 0) {
		nfg_err("%s: cannot tell the running kernel's release (no %s/proc/sys/kernel/osrelease): pass --kernel KVER",
			what, root->dir);
		return NFG_EXIT_USAGE;
	}
	rc = nfg_kmods_open(k, root, kver);
	if (rc < 0) {
		nfg_err("%s: no module index for kernel %s: %s/modules.dep.bin: %s", what,
			kver, k->dir, strerror(-rc));
		nfg_err("%s: install that kernel's modules, run 'depmod %s', or name another kernel with --kernel",
			what, kver);
		return NFG_EXIT_NOMODULE;
	}
	return NFG_CMD_CONTINUE;
}

static void fix_for_missing(const char *what, const char *name, const char *kver)
{
	char buf[96];
	const char *config = nfg_mod_config(name, buf, sizeof(buf));

	if (!strcmp(name, "nfgate"))
		nfg_err("%s: install nfgate for %s: 'make install KDIR=/lib/modules/%s/build' in the nfgate sources, or 'dkms install nfgate -k %s'",
			what, kver, kver, kver);
	else if (config)
		nfg_err("%s: %s needs %s=m or =y in kernel %s; install a kernel that has it",
			what, name, config, kver);
}

/* The modules-load.d text; NFG_EXIT_NOMODULE if a module is missing. */
static int build_load_conf(struct nfg_kmods *k, const struct nfg_needs *needs,
			   char *buf, size_t len)
{
	size_t i, n;
	struct nfg_mod m;
	int rc = NFG_EXIT_OK;

	n = snprintf(buf, len, "%s# Modules nfgate needs (%s), checked against kernel %s.\n",
		     nfg_autoload_header, needs->source, k->kver);
	for (i = 0; i < needs->n && n < len; i++) {
		nfg_kmods_find(k, needs->names[i], &m);
		if (m.state == NFG_MOD_MISSING) {
			nfg_err("autoload enable: module %s is not available for kernel %s: it is in neither modules.dep, modules.builtin nor modules.alias of %s",
				needs->names[i], k->kver, k->dir);
			fix_for_missing("autoload enable", needs->names[i], k->kver);
			rc = NFG_EXIT_NOMODULE;
		} else if (m.state == NFG_MOD_BUILTIN) {
			printf("%s: built into kernel %s, not listed (a built-in module is always there)\n",
			       needs->names[i], k->kver);
			n += snprintf(buf + n, len - n, "# %s: built into %s\n",
				      needs->names[i], k->kver);
		} else {
			n += snprintf(buf + n, len - n, "%s\n", needs->names[i]);
		}
	}
	return rc;
}

/* A module parameter: the option, the loaded module's, our file's, or
 * the default. */
static long param_value(const struct nfg_root *root, long given,
			const char *name, long fallback)
{
	char path[128], key[32], *s, *p;
	long v = fallback;

	if (given > 0)
		return given;
	snprintf(path, sizeof(path), "/sys/module/nfgate/parameters/%s", name);
	s = nfg_root_read(root, path, 64);
	if (s) {
		v = strtol(s, NULL, 10);
		free(s);
		return v > 0 ? v : fallback;
	}
	s = nfg_root_read(root, NFG_PROBE_CONF, CONF_MAX);
	snprintf(key, sizeof(key), " %s=", name);
	if (s && is_ours(s) && (p = strstr(s, key)))
		v = strtol(p + strlen(key), NULL, 10);
	free(s);
	return v > 0 ? v : fallback;
}

/* Write path under root unless it holds text already: NFG_EXIT_*. */
static int put_file(const struct nfg_root *root, const char *path, const char *text)
{
	char full[NFG_PATH_MAX];
	char *old;
	int rc;

	nfg_root_path(root, path, full);
	old = nfg_read_file(full, CONF_MAX);
	if (old && !strcmp(old, text)) {
		printf("%s: unchanged\n", path);
		free(old);
		return NFG_EXIT_OK;
	}
	if (old && !is_ours(old)) {
		nfg_err("autoload enable: %s exists and was not written by nfgatectl; move it away (or merge it by hand) and run this again",
			full);
		free(old);
		return NFG_EXIT_FAIL;
	}
	free(old);
	rc = nfg_write_atomic(full, text, strlen(text), 0644);
	if (rc < 0) {
		nfg_err("autoload enable: cannot write %s: %s", full, strerror(-rc));
		return nfg_exit_for_errno(-rc);
	}
	printf("%s: written\n", path);
	return NFG_EXIT_OK;
}

static int autoload_enable(const struct autoload_opts *ao)
{
	char load[2048], probe[512];
	struct nfg_needs needs;
	struct nfg_report rep = { 0 };
	struct nfg_root root;
	struct nfg_kmods k;
	int rc;

	rc = open_target(ao, "autoload enable", &root, &k);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	nfg_needs_get(&root, &needs);
	rc = build_load_conf(&k, &needs, load, sizeof(load));
	if (rc) {
		nfg_err("autoload enable: nothing was written");
		goto out;
	}
	snprintf(probe, sizeof(probe), "%soptions nfgate max_chains=%ld max_rules=%ld\n",
		 nfg_autoload_header,
		 param_value(&root, ao->max_chains, "max_chains", DEFAULT_MAX_CHAINS),
		 param_value(&root, ao->max_rules, "max_rules", DEFAULT_MAX_RULES));
	rc = put_file(&root, NFG_LOAD_CONF, load);
	if (!rc)
		rc = put_file(&root, NFG_PROBE_CONF, probe);
	check_stale(&root, &k, &rep);
	if (rep.n && rep.f[0].level != NFG_OK)
		nfg_report_print(stdout, &rep, false);
	nfg_report_free(&rep);
out:
	nfg_kmods_close(&k);
	return rc;
}

static int remove_ours(const struct nfg_root *root, const char *path)
{
	char full[NFG_PATH_MAX];
	char *text;
	int rc;

	text = nfg_read_file(nfg_root_path(root, path, full), CONF_MAX);
	if (!text && errno == ENOENT) {
		printf("%s: absent\n", path);
		return NFG_EXIT_OK;
	}
	if (!text) {
		nfg_err("autoload disable: cannot read %s: %s", full, strerror(errno));
		return nfg_exit_for_errno(errno);
	}
	if (!is_ours(text)) {
		nfg_err("autoload disable: %s was not written by nfgatectl (its first line is not nfgatectl's header): left alone",
			full);
		free(text);
		return NFG_EXIT_FAIL;
	}
	free(text);
	rc = nfg_remove_durable(full);
	if (rc < 0) {
		nfg_err("autoload disable: cannot remove %s: %s", full, strerror(-rc));
		return nfg_exit_for_errno(-rc);
	}
	printf("%s: removed\n", path);
	return NFG_EXIT_OK;
}

static int autoload_disable(const struct autoload_opts *ao)
{
	struct nfg_root root;
	int rc, rc2;

	if (ao->kernel || ao->max_chains > 0 || ao->max_rules > 0)
		return nfg_usage_err("autoload", "autoload disable: takes --root only");
	if (nfg_root_init(&root, ao->root, "autoload disable") < 0)
		return NFG_EXIT_USAGE;
	rc = remove_ours(&root, NFG_LOAD_CONF);
	rc2 = remove_ours(&root, NFG_PROBE_CONF);
	return rc ? rc : rc2;
}

static int autoload_status(const struct autoload_opts *ao)
{
	struct nfg_report rep = { 0 };
	struct nfg_needs needs;
	struct nfg_root root;
	struct nfg_kmods k;
	int rc;

	if (ao->max_chains > 0 || ao->max_rules > 0)
		return nfg_usage_err("autoload", "autoload status: --max-chains and --max-rules are for enable");
	rc = open_target(ao, "autoload status", &root, &k);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	nfg_needs_get(&root, &needs);
	nfg_autoload_inspect(&root, &k, &needs, &rep);
	nfg_kmods_close(&k);
	nfg_report_print(stdout, &rep, ao->o.json);
	rc = nfg_report_count(&rep, NFG_OK) == rep.n ? NFG_EXIT_OK : NFG_EXIT_FAIL;
	nfg_report_free(&rep);
	return rc;
}

static int run_verb(int argc, char *argv[], const struct nfg_cmd *cmd,
		    const struct nfg_opts *global, bool json,
		    int (*fn)(const struct autoload_opts *ao))
{
	struct autoload_opts ao;
	int rc;

	rc = parse_opts(argc, argv, cmd, global, &ao);
	if (rc != NFG_CMD_CONTINUE)
		return rc;
	if (ao.o.json && !json)
		return nfg_usage_err(cmd->name, "autoload %s: has no JSON output", argv[0]);
	return fn(&ao);
}

static int enable_verb(int argc, char *argv[], const struct nfg_cmd *cmd,
		       const struct nfg_opts *global)
{
	return run_verb(argc, argv, cmd, global, false, autoload_enable);
}

static int disable_verb(int argc, char *argv[], const struct nfg_cmd *cmd,
			const struct nfg_opts *global)
{
	return run_verb(argc, argv, cmd, global, false, autoload_disable);
}

static int status_verb(int argc, char *argv[], const struct nfg_cmd *cmd,
		       const struct nfg_opts *global)
{
	return run_verb(argc, argv, cmd, global, true, autoload_status);
}

int autoload_main(int argc, char *argv[], const struct nfg_cmd *cmd,
		  const struct nfg_opts *global)
{
	static const struct nfg_verb verbs[] = {
		{ "enable", enable_verb },
		{ "disable", disable_verb },
		{ "status", status_verb },
	};

	return nfg_cmd_dispatch(argc, argv, cmd, global, verbs, NFG_ARRAY_SIZE(verbs));
}
