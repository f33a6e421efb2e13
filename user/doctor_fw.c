// SPDX-License-Identifier: GPL-2.0
/* doctor: firewalld, iptables, the xtables lock and the hook order. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <linux/netfilter.h>

#include "doctor.h"
#include "ruleset.h"

/* ---- processes -------------------------------------------------------- */

const char *nfg_proc_name(const struct nfg_root *root, long pid, char *buf,
			  size_t len)
{
	char path[64], *s;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%ld/comm", pid);
	s = nfg_root_read(root, path, 256);
	if (!s) {
		snprintf(path, sizeof(path), "/proc/%ld/cmdline", pid);
		s = nfg_root_read(root, path, 4096);
	}
	if (s)
		snprintf(buf, len, "%s", nfg_strip(s));
	free(s);
	return buf;
}

/* comm is "firewalld", or an argument of cmdline is ".../firewalld" */
static bool is_firewalld(const struct nfg_root *root, long pid)
{
	char path[64], name[64], *s, *p, *base;
	size_t len = 0;
	bool yes;

	yes = !strcmp(nfg_proc_name(root, pid, name, sizeof(name)), "firewalld");
	snprintf(path, sizeof(path), "/proc/%ld/cmdline", pid);
	s = nfg_root_read_len(root, path, 4096, &len);
	/* the arguments are NUL-terminated strings, s[len] is a NUL too */
	for (p = s; !yes && p && p < s + len; p += strlen(p) + 1) {
		base = strrchr(p, '/');
		yes = !strcmp(base ? base + 1 : p, "firewalld");
	}
	free(s);
	return yes;
}

static long find_firewalld(const struct nfg_root *root, const char **how)
{
	char dir[NFG_PATH_MAX], *s;
	struct dirent *de;
	long pid = 0;
	DIR *dh;

	s = nfg_root_read(root, "/run/firewalld.pid", 64);
	if (s && (pid = strtol(s, NULL, 10)) > 0 && is_firewalld(root, pid)) {
		free(s);
		*how = "/run/firewalld.pid";
		return pid;
	}
	free(s);
	dh = opendir(nfg_root_path(root, "/proc", dir));
	pid = 0;
	while (dh && !pid && (de = readdir(dh))) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		pid = strtol(de->d_name, NULL, 10);
		if (!is_firewalld(root, pid))
			pid = 0;
	}
	if (dh)
		closedir(dh);
	*how = "a scan of /proc";
	return pid;
}

/* FirewallBackend= of firewalld.conf, "nftables" when unset */
static void firewalld_backend(const struct nfg_root *root, char *buf, size_t len,
			      bool *set)
{
	char *s = nfg_root_read(root, "/etc/firewalld/firewalld.conf", 1 << 20);
	char *line, *save = NULL;

	*set = false;
	snprintf(buf, len, "nftables");
	for (line = s ? strtok_r(s, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		line = nfg_strip(line);
		if (!strncmp(line, "FirewallBackend=", 16)) {
			snprintf(buf, len, "%s", nfg_strip(line + 16));
			*set = true;
		}
	}
	free(s);
}

/* lstat: a symlink under the root may point outside it */
static bool exists(const struct nfg_root *root, const char *path)
{
	char p[NFG_PATH_MAX];
	struct stat st;

	return lstat(nfg_root_path(root, path, p), &st) == 0;
}

/* Is module name usable on the checked kernel (loaded, built in, file)? */
static bool module_usable(struct nfg_doctor *d, const char *name)
{
	struct nfg_mod m;

	if (nfg_mod_loaded(&d->root, name) == 1)
		return true;
	if (!d->have_index)
		return false;
	nfg_kmods_find(&d->k, name, &m);
	return m.state != NFG_MOD_MISSING;
}

static void check_running(struct nfg_doctor *d)
{
	struct nfg_finding *f = nfg_finding(&d->rep, NFG_OK, "firewalld");
	const char *how;
	char name[64];
	long pid;

	pid = find_firewalld(&d->root, &how);
	d->firewalld_running = pid > 0;
	if (pid > 0) {
		nfg_summary(f, "firewalld is running (pid %ld)", pid);
		nfg_evidence(f, "found by %s: pid %ld is %s", how, pid,
			     nfg_proc_name(&d->root, pid, name, sizeof(name)));
	} else if (exists(&d->root, "/usr/sbin/firewalld")) {
		nfg_summary(f, "firewalld is installed but not running");
		nfg_evidence(f, "no firewalld process in /run/firewalld.pid or /proc");
	} else {
		nfg_summary(f, "firewalld is not installed");
		nfg_evidence(f, "/usr/sbin/firewalld: %s", strerror(ENOENT));
	}
}

static void check_backend(struct nfg_doctor *d)
{
	struct nfg_finding *f;
	char backend[32];
	bool set;

	if (!exists(&d->root, "/usr/sbin/firewalld") &&
	    !exists(&d->root, "/etc/firewalld/firewalld.conf"))
		return;
	f = nfg_finding(&d->rep, NFG_OK, "firewalld-backend");
	firewalld_backend(&d->root, backend, sizeof(backend), &set);
	nfg_evidence(f, "/etc/firewalld/firewalld.conf: %s%s", set ? "FirewallBackend=" : "",
		     set ? backend : "no FirewallBackend= line (default nftables)");
	if (!strcmp(backend, "nftables")) {
		nfg_summary(f, "firewalld uses nftables (table inet firewalld, priority filter + 10)");
		if (!module_usable(d, "nf_tables")) {
			nfg_raise(f, NFG_FAIL);
			nfg_summary(f, "FirewallBackend=nftables, but kernel %s has no nf_tables", d->kver);
			nfg_fix(f, "boot a kernel with CONFIG_NF_TABLES, or set FirewallBackend=iptables");
		}
	} else if (!strcmp(backend, "iptables")) {
		nfg_summary(f, "firewalld uses iptables (its chains are in the filter tables, priority 0)");
		if (!exists(&d->root, "/usr/sbin/iptables-restore") ||
		    !exists(&d->root, "/usr/sbin/ip6tables-restore")) {
			nfg_raise(f, NFG_FAIL);
			nfg_summary(f, "FirewallBackend=iptables, but iptables-restore or ip6tables-restore is not installed");
			nfg_fix(f, "apt install iptables, or set FirewallBackend=nftables (the default) and restart firewalld");
		}
	} else {
		nfg_raise(f, NFG_FAIL);
		nfg_summary(f, "FirewallBackend=%s is neither nftables nor iptables: firewalld will not start",
			    backend);
		nfg_fix(f, "set FirewallBackend=nftables in /etc/firewalld/firewalld.conf and restart firewalld");
	}
}

void nfg_check_firewalld(struct nfg_doctor *d)
{
	check_running(d);
	check_backend(d);
}

/* ---- iptables --------------------------------------------------------- */

/* "legacy" or "nft" from a link target, else "" */
static const char *variant_of(const char *target)
{
	if (strstr(target, "legacy"))
		return "legacy";
	if (strstr(target, "nft"))
		return "nft";
	return "";
}

static void check_variant(struct nfg_doctor *d)
{
	struct nfg_finding *f = nfg_finding(&d->rep, NFG_OK, "iptables-variant");
	static const char *const links[] = { "/etc/alternatives/iptables",
					     "/usr/sbin/iptables" };
	char path[NFG_PATH_MAX], target[PATH_MAX];
	const char *v = "";
	ssize_t n = -1;
	size_t i;

	for (i = 0; i < NFG_ARRAY_SIZE(links) && !*v; i++) {
		n = readlink(nfg_root_path(&d->root, links[i], path), target, sizeof(target) - 1);
		if (n < 0)
			continue;
		target[n] = '\0';
		v = variant_of(target);
		nfg_evidence(f, "%s -> %s", links[i], target);
	}
	snprintf(d->iptables_variant, sizeof(d->iptables_variant), "%s", v);
	if (!strcmp(v, "nft"))
		nfg_summary(f, "iptables is iptables-nft: its rules are nft base chains (tables ip filter, ...)");
	else if (!strcmp(v, "legacy"))
		nfg_summary(f, "iptables is iptables-legacy: its rules are x_tables tables, invisible to nft");
	else if (exists(&d->root, "/usr/sbin/iptables"))
		nfg_summary(f, "iptables is installed; its variant is unknown");
	else
		nfg_summary(f, "iptables is not installed");
}

static void legacy_names(struct nfg_doctor *d, const char *file, uint8_t family,
			 struct nfg_finding *f, bool *in_use)
{
	char *s = nfg_root_read(&d->root, file, 4096), *p;

	if (!s)
		return;
	for (p = s; *p; p++)
		if (*p == '\n' && p[1])
			*p = ' ';
	if (*nfg_strip(s)) {
		*in_use = true;
		nfg_evidence(f, "%s: %s", file, nfg_strip(s));
		if (nfg_hooks_add_legacy(&d->hooks, family, s) < 0)
			d->rep.oom = true;
	}
	free(s);
}

static void check_legacy(struct nfg_doctor *d)
{
	struct nfg_finding *f = nfg_finding(&d->rep, NFG_OK, "iptables-legacy-tables");
	bool in_use = false, nft;

	nfg_doctor_read_hooks(d);
	legacy_names(d, "/proc/net/ip_tables_names", NFPROTO_IPV4, f, &in_use);
	legacy_names(d, "/proc/net/ip6_tables_names", NFPROTO_IPV6, f, &in_use);
	nft = d->nft_chains > 0 || !strcmp(d->iptables_variant, "nft");
	if (d->nft_chains)
		nfg_evidence(f, "%zu nft base chains exist", d->nft_chains);
	else if (d->nft_err)
		nfg_evidence(f, "nft base chains not read: %s", d->root.live ?
			     strerror(-d->nft_err) : "--root is not the running system");
	if (!in_use) {
		nfg_summary(f, "no legacy iptables tables are in use");
		return;
	}
	if (!nft) {
		nfg_summary(f, "legacy iptables tables are in use, and nothing of nftables is");
		return;
	}
	nfg_raise(f, NFG_WARN);
	nfg_summary(f, "legacy iptables tables are in use next to nftables%s: both run on every packet, and each tool sees only its own rules",
		    !strcmp(d->iptables_variant, "nft") ? " (iptables-nft is the selected iptables)" : "");
	nfg_fix(f, "move the legacy rules over: iptables-legacy-save | iptables-nft-restore (and ip6tables likewise), then flush the legacy tables and stop the tool that writes them");
}

void nfg_check_iptables(struct nfg_doctor *d)
{
	check_variant(d);
	check_legacy(d);
}

/* ---- the xtables lock ------------------------------------------------- */

/* The /proc/locks line for the file with this device and inode: its pid
 * (0: none), and the line in line. */
static long lock_holder(const struct nfg_root *root, const struct stat *st,
			char *line, size_t len)
{
	char *s = nfg_root_read(root, "/proc/locks", 1 << 22), *l, *save = NULL;
	unsigned int maj, min;
	unsigned long ino;
	long pid, found = 0;

	for (l = s ? strtok_r(s, "\n", &save) : NULL; l && !found;
	     l = strtok_r(NULL, "\n", &save)) {
		/* "1: FLOCK  ADVISORY  WRITE 1234 00:1a:5678 0 EOF" */
		if (strstr(l, "->"))
			continue;	/* a waiter, not the holder */
		if (sscanf(l, "%*d: %*s %*s %*s %ld %x:%x:%lu", &pid, &maj, &min, &ino) != 4)
			continue;
		if (maj == major(st->st_dev) && min == minor(st->st_dev) && ino == st->st_ino) {
			found = pid;
			snprintf(line, len, "%s", l);
		}
	}
	free(s);
	return found;
}

void nfg_check_xtables_lock(struct nfg_doctor *d)
{
	struct nfg_finding *f = nfg_finding(&d->rep, NFG_OK, "xtables-lock");
	char path[NFG_PATH_MAX], line[256], name[64];
	struct stat st;
	long pid;

	if (stat(nfg_root_path(&d->root, "/run/xtables.lock", path), &st) < 0) {
		nfg_summary(f, "the xtables lock is free (/run/xtables.lock does not exist)");
		return;
	}
	pid = lock_holder(&d->root, &st, line, sizeof(line));
	if (!pid) {
		nfg_summary(f, "the xtables lock is free");
		nfg_evidence(f, "/proc/locks has no lock on /run/xtables.lock (inode %lu)",
			     (unsigned long)st.st_ino);
		return;
	}
	nfg_raise(f, NFG_WARN);
	nfg_proc_name(&d->root, pid, name, sizeof(name));
	nfg_summary(f, "the xtables lock is held by pid %ld (%s): iptables, ip6tables and firewalld's iptables calls wait for it or fail",
		    pid, *name ? name : "process not visible here");
	nfg_evidence(f, "/proc/locks: %s", line);
	nfg_fix(f, "let pid %ld (%s) finish, or stop it; tools that hold the lock for long (fail2ban, dockerd, scripts) should not run iptables concurrently with firewalld",
		pid, *name ? name : "?");
	nfg_fix(f, "nfgate itself never takes this lock");
}

/* ---- the hook order --------------------------------------------------- */

static int add_nfgate(struct nfg_doctor *d)
{
	struct nfg_hook_entry e = { .src = NFG_SRC_NFGATE };
	struct nfg_ruleset rs;
	struct nfg_nl nl;
	size_t i;
	int rc;

	rc = nfg_nl_open(&nl);
	if (rc < 0)
		return rc;
	rc = nfg_ruleset_read_retry(&nl, &rs, "", "doctor");
	nfg_nl_close(&nl);
	for (i = 0; !rc && i < rs.nchains; i++) {
		e.family = rs.chains[i].family;
		e.hook = rs.chains[i].hook;
		e.prio = rs.chains[i].priority;
		snprintf(e.chain, sizeof(e.chain), "%s", rs.chains[i].name);
		rc = nfg_hooks_add(&d->hooks, &e);
	}
	nfg_ruleset_free(&rs);
	return rc > 0 ? -EIO : rc;
}

void nfg_doctor_read_hooks(struct nfg_doctor *d)
{
	size_t before;

	if (d->hooks_read)
		return;
	d->hooks_read = true;
	d->nft_err = d->nfgate_err = d->kernel_err = -EOPNOTSUPP;
	if (!d->root.live)
		return;
	before = d->hooks.n;
	d->nft_err = nfg_hooks_add_nft(&d->hooks);
	d->nft_chains = d->hooks.n - before;
	d->nfgate_err = d->nfgate_loaded ? add_nfgate(d) : -ENOENT;
	d->kernel_err = nfg_hooks_add_kernel(&d->hooks);
}

/* Say what the view leaves out: nothing when nfnetlink_hook answered. */
static void hook_view_scope(struct nfg_doctor *d, struct nfg_finding *f)
{
	struct nfg_mod m = { 0 };

	if (d->root.live && !d->kernel_err) {
		nfg_evidence(f, "other modules' hooks (conntrack, defrag, NAT, ...) from nfnetlink_hook: the view is complete");
		return;
	}
	if (d->have_index)
		nfg_kmods_find(&d->k, "nfnetlink_hook", &m);
	nfg_evidence(f, "this view may be incomplete: it shows nft base chains, legacy iptables tables and nfgate's chains, not the hooks of other modules (conntrack at -200, defrag at -400, ...)%s",
		     !d->have_index ? "; 'nft list hooks' lists them all where the kernel has nfnetlink_hook" :
		     m.state == NFG_MOD_MISSING ?
		     "; this kernel has no nfnetlink_hook (CONFIG_NETFILTER_NETLINK_HOOK), which would list them" :
		     "; 'nft list hooks' lists them all");
	if (d->root.live && d->kernel_err != -EOPNOTSUPP)
		nfg_evidence(f, "nfnetlink_hook not read: %s", strerror(-d->kernel_err));
}

void nfg_check_hook_order(struct nfg_doctor *d)
{
	struct nfg_finding *f = nfg_finding(&d->rep, NFG_OK, "hook-order");

	nfg_doctor_read_hooks(d);
	nfg_hooks_evaluate(&d->hooks, f);
	if (f->level == NFG_OK)
		nfg_summary(f, "every nfgate chain below firewalld's priority runs before firewalld's chains");
	if (!d->root.live) {
		nfg_raise(f, NFG_WARN);
		nfg_summary(f, "nft base chains and nfgate's chains not read: --root is not the running system");
		nfg_fix(f, "run doctor without --root on the system itself for the full hook order");
	} else {
		if (d->nft_err)
			nfg_evidence(f, "nft base chains not read: %s", strerror(-d->nft_err));
		if (d->nfgate_err)
			nfg_evidence(f, "nfgate's chains not read: %s", d->nfgate_err == -ENOENT ?
				     "nfgate is not loaded" : strerror(-d->nfgate_err));
	}
	hook_view_scope(d, f);
}
