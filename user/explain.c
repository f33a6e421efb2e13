// SPDX-License-Identifier: GPL-2.0
/*
 * nfgatectl doctor --explain TEXT: recognise error messages of firewalld,
 * iptables(-restore) and nft in pasted text, and check their usual causes
 * on this system (modules through libkmod under the root, the xtables
 * lock, firewalld's backend).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "doctor.h"
#include "modtab.h"
#include "nl.h"

/* nfgate's own word for what an xtables extension does, if it has one */
static const struct {
	const char *ext, *nfgate;
} equivalents[] = {
	{ "conntrack", "ct-state, ct-status, ct-direction" },
	{ "state", "ct-state" },
	{ "tcp", "l4proto tcp sport/dport/tcp-flags" },
	{ "udp", "l4proto udp sport/dport" },
	{ "multiport", "port ranges (dport 80-89)" },
	{ "icmp", "icmp-type" },
	{ "icmp6", "icmp-type" },
	{ "mark", "mark" },
	{ "comment", "comment" },
	{ "LOG", "log" },
	{ "NFLOG", "log group N" },
	{ "REJECT", "reject" },
};

static const char *equivalent(const char *ext)
{
	size_t i;

	for (i = 0; i < NFG_ARRAY_SIZE(equivalents); i++)
		if (!strcmp(equivalents[i].ext, ext))
			return equivalents[i].nfgate;
	return NULL;
}

/* The module providing xtables extension ext: looked up as xt_EXT, then
 * ipt_EXT (ip_tables-only ones); the state found goes to m. */
static void find_extension(struct nfg_doctor *d, const char *ext, struct nfg_mod *m)
{
	char name[80];

	memset(m, 0, sizeof(*m));
	snprintf(m->name, sizeof(m->name), "xt_%s", ext);
	if (!d->have_index)
		return;
	snprintf(name, sizeof(name), "xt_%s", ext);
	nfg_kmods_find(&d->k, name, m);
	if (m->state == NFG_MOD_MISSING) {
		snprintf(name, sizeof(name), "ipt_%s", ext);
		nfg_kmods_find(&d->k, name, m);
		if (m->state == NFG_MOD_MISSING)
			snprintf(m->name, sizeof(m->name), "xt_%s", ext);
	}
}

/* Explain a needed xtables extension ext ("match" or "target"). */
static void explain_extension(struct nfg_doctor *d, const char *kind, const char *ext)
{
	struct nfg_finding *f = nfg_finding(&d->rep, NFG_OK, "explain-extension");
	char buf[96];
	const char *config, *eq = equivalent(ext);
	struct nfg_mod m;

	find_extension(d, ext, &m);
	config = nfg_mod_config(m.name, buf, sizeof(buf));
	nfg_evidence(f, "the %s '%s' is provided by module %s (%s)", kind, ext, m.name,
		     config ? config : "Kconfig option unknown");
	if (!d->have_index) {
		nfg_raise(f, NFG_WARN);
		nfg_summary(f, "iptables could not use the %s '%s'; kernel %s has no module index to check it",
			    kind, ext, d->kver);
		nfg_fix(f, "install the modules of kernel %s", d->kver);
	} else if (nfg_mod_loaded(&d->root, m.name) == 1) {
		nfg_summary(f, "the %s '%s' needs %s, which is loaded now: the error came from before it was loaded, or from a container that cannot load modules",
			    kind, ext, m.name);
	} else if (m.state == NFG_MOD_BUILTIN) {
		nfg_summary(f, "%s is built into kernel %s: check the spelling of '%s' and the iptables version",
			    m.name, d->kver, ext);
	} else if (m.state == NFG_MOD_FILE) {
		nfg_raise(f, NFG_WARN);
		nfg_summary(f, "%s exists for kernel %s but is not loaded, and loading it on demand failed or was not allowed",
			    m.name, d->kver);
		nfg_evidence(f, "%s", m.path + strlen(d->root.dir));
		nfg_fix(f, "modprobe %s, and load it at boot: echo %s > /etc/modules-load.d/%s.conf",
			m.name, m.name, m.name);
	} else {
		nfg_raise(f, NFG_FAIL);
		nfg_summary(f, "kernel %s has no %s: it was built without %s", d->kver, m.name,
			    config ? config : "that extension");
		nfg_fix(f, "boot a kernel that has %s, or drop the rule that uses '%s'",
			config ? config : m.name, ext);
	}
	if (eq)
		nfg_fix(f, "nfgate does this without %s: use its %s match", m.name, eq);
}

/* The word between ` and ' (or ' and ') after needle in text. */
static bool quoted_after(const char *text, const char *needle, char *out, size_t len)
{
	const char *p = strcasestr(text, needle), *end;

	if (!p)
		return false;
	p += strlen(needle);
	p += strspn(p, " ");
	if (*p != '`' && *p != '\'' && *p != '"')
		return false;
	end = strpbrk(++p, "'\"`");
	if (!end || end == p || (size_t)(end - p) >= len)
		return false;
	memcpy(out, p, end - p);
	out[end - p] = '\0';
	return true;
}

static bool explain_couldnt_load(struct nfg_doctor *d, const char *text)
{
	char ext[64];

	if (quoted_after(text, "Couldn't load match", ext, sizeof(ext)))
		explain_extension(d, "match", ext);
	else if (quoted_after(text, "Couldn't load target", ext, sizeof(ext)))
		explain_extension(d, "target", ext);
	else
		return false;
	return true;
}

/* -m NAME and -j NAME of a pasted iptables command */
static bool explain_no_chain(struct nfg_doctor *d, const char *text)
{
	struct nfg_finding *f;
	const char *p = text;
	char word[64];
	int n = 0;

	if (!strcasestr(text, "No chain/target/match by that name"))
		return false;
	f = nfg_finding(&d->rep, NFG_WARN, "explain-no-chain");
	nfg_summary(f, "iptables named a chain, target or match the kernel does not know");
	nfg_evidence(f, "the kernel answered ENOENT: a chain that does not exist (-A/-I/-j CHAIN in a table where it was not created), or a target or match whose module is missing");
	nfg_fix(f, "check that every chain the rule names exists: iptables -t TABLE -S");
	while ((p = strstr(p, " -"))) {
		p += 2;
		if ((*p == 'm' || *p == 'j') && p[1] == ' ' &&
		    sscanf(p + 2, "%63[A-Za-z0-9_]", word) == 1 &&
		    (*p == 'm' || isupper((unsigned char)word[0]))) {
			explain_extension(d, *p == 'm' ? "match" : "target", word);
			n++;
		}
	}
	if (!n)
		nfg_fix(f, "paste the whole iptables command with the error, and doctor checks the modules of its -m and -j options");
	return true;
}

static bool explain_lock(struct nfg_doctor *d, const char *text)
{
	struct nfg_finding *f;

	if (!strcasestr(text, "holding the xtables lock"))
		return false;
	f = nfg_finding(&d->rep, NFG_WARN, "explain-xtables-lock");
	nfg_summary(f, "another program held /run/xtables.lock while iptables wanted it");
	nfg_evidence(f, "iptables, ip6tables and their -restore take this lock for every change; without -w they fail at once, with -w [SECONDS] they wait");
	nfg_fix(f, "find the holder (see the xtables-lock check below), run your iptables calls with -w, and keep tools like fail2ban or dockerd from rewriting rules at the same time as firewalld");
	nfg_check_xtables_lock(d);
	return true;
}

static bool explain_firewalld(struct nfg_doctor *d, const char *text)
{
	struct nfg_finding *f;
	char elem[64];

	if (strcasestr(text, "INVALID_RULE")) {
		f = nfg_finding(&d->rep, NFG_WARN, "explain-invalid-rule");
		nfg_summary(f, "firewalld refused a rule's syntax before anything reached the kernel");
		if (quoted_after(text, "unknown element", elem, sizeof(elem)))
			nfg_evidence(f, "firewalld does not know the element '%s' in that rule", elem);
		nfg_fix(f, "correct the rich or direct rule (see firewalld.richlanguage(5), firewalld.direct(5)); remove a bad permanent rule with --remove-rule before 'firewall-cmd --reload'");
		return true;
	}
	if (!strcasestr(text, "COMMAND_FAILED"))
		return false;
	f = nfg_finding(&d->rep, NFG_WARN, "explain-command-failed");
	nfg_summary(f, "firewalld's backend command failed, so the change was not applied");
	nfg_evidence(f, "COMMAND_FAILED wraps the error of iptables-restore, ip6tables-restore or nft; the text after \"failed:\" is the real error");
	nfg_fix(f, "the wrapped error is explained below if the text has it; else read it with 'journalctl -u firewalld | grep -A3 COMMAND_FAILED' and paste it to 'nfgatectl doctor --explain'");
	nfg_check_firewalld(d);
	return false;	/* also look for the wrapped error */
}

static void modules_present(struct nfg_doctor *d, struct nfg_finding *f,
			    const char *const *mods, size_t n)
{
	char buf[96];
	const char *config;
	struct nfg_mod m = { 0 };
	size_t i;

	for (i = 0; i < n; i++) {
		if (d->have_index)
			nfg_kmods_find(&d->k, mods[i], &m);
		if (!d->have_index || m.state != NFG_MOD_MISSING ||
		    nfg_mod_loaded(&d->root, mods[i]) == 1) {
			nfg_evidence(f, "%s: %s", mods[i], !d->have_index ? "not checked (no module index)" :
				     "available");
			continue;
		}
		config = nfg_mod_config(mods[i], buf, sizeof(buf));
		nfg_raise(f, NFG_FAIL);
		nfg_evidence(f, "%s: missing in kernel %s (%s)", mods[i], d->kver,
			     config ? config : "?");
		nfg_fix(f, "boot a kernel with %s", config ? config : mods[i]);
	}
}

static bool explain_nft(struct nfg_doctor *d, const char *text)
{
	static const char *const nft_mods[] = { "nf_tables", "nft_compat", "nft_ct",
						"nft_reject_inet", "nft_fib_inet" };
	struct nfg_finding *f;

	if (strcasestr(text, "Could not process rule: No such file or directory")) {
		f = nfg_finding(&d->rep, NFG_WARN, "explain-nft-enoent");
		nfg_summary(f, "nft referred to a table, chain, set or flowtable that does not exist (or an expression the kernel does not have)");
		nfg_evidence(f, "a 'nft flush ruleset' or a firewalld reload deletes and recreates tables; rules added to them before are gone, and references to them fail");
		nfg_fix(f, "list what exists with 'nft list tables' and 'nft list table FAMILY NAME', create the table or chain first, and keep your own rules in your own table (or in nfgate, which neither touches)");
		modules_present(d, f, nft_mods, 1);
		return true;
	}
	if (!strcasestr(text, "Operation not supported"))
		return false;
	f = nfg_finding(&d->rep, NFG_WARN, "explain-eopnotsupp");
	nfg_summary(f, "the kernel does not support something the rule asks for (EOPNOTSUPP)");
	nfg_evidence(f, "typical: an nft expression, chain type or hook the kernel lacks; iptables-nft using an xtables extension without nft_compat; a family (inet, netdev) the kernel was built without");
	nfg_fix(f, "find the expression in the rule and its module (nft_*), and use a kernel that has it");
	modules_present(d, f, nft_mods, NFG_ARRAY_SIZE(nft_mods));
	return true;
}

bool nfg_explain(struct nfg_doctor *d, const char *text)
{
	bool known = false, wrapper;

	wrapper = explain_firewalld(d, text);
	known |= wrapper || d->rep.n > 0;
	known |= explain_couldnt_load(d, text);
	if (!known || !strcasestr(text, "Couldn't load"))
		known |= explain_no_chain(d, text);
	known |= explain_lock(d, text);
	known |= explain_nft(d, text);
	if (!known) {
		nfg_err("doctor --explain: no error message nfgatectl knows is in this text");
		nfg_err("doctor --explain: it knows COMMAND_FAILED, INVALID_RULE, \"Couldn't load match/target\", \"No chain/target/match by that name\", the xtables lock message, \"Could not process rule: No such file or directory\" and \"Operation not supported\"");
	}
	return known;
}
