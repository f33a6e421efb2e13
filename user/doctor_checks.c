// SPDX-License-Identifier: GPL-2.0
/* The checks of nfgatectl doctor that read files under the root. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "doctor.h"
#include "modtab.h"
#include "nl.h"

/* ---- nfgate itself ---------------------------------------------------- */

void nfg_check_module(struct nfg_doctor *d)
{
	struct nfg_finding *f = nfg_finding(&d->rep, NFG_OK, "nfgate-loaded");
	int loaded = nfg_mod_loaded(&d->root, "nfgate");
	char *version;

	if (loaded < 0) {
		nfg_raise(f, NFG_FAIL);
		nfg_summary(f, "cannot tell which modules are loaded: %s/proc/modules: %s",
			    d->root.dir, strerror(-loaded));
		nfg_evidence(f, "without /proc/modules the kernel has no loadable module support");
		nfg_fix(f, "boot a kernel built with CONFIG_MODULES=y (any distribution kernel)");
		return;
	}
	d->nfgate_loaded = loaded;
	if (!loaded) {
		nfg_raise(f, NFG_FAIL);
		nfg_summary(f, "nfgate is not loaded");
		nfg_evidence(f, "/proc/modules has no \"nfgate\" line");
		nfg_fix(f, "modprobe nfgate (see the nfgate-installed check if that fails)");
		return;
	}
	version = nfg_root_read(&d->root, "/sys/module/nfgate/version", 64);
	nfg_summary(f, "nfgate %s is loaded", version ? nfg_strip(version) : "(version unknown)");
	nfg_evidence(f, "/proc/modules has an \"nfgate\" line");
	free(version);
}

/* vermagic of an in-tree module of the same kernel, to compare with */
static int reference_vermagic(struct nfg_doctor *d, char *buf, size_t len,
			      const char **which)
{
	static const char *const refs[] = { "nf_conntrack", "nf_tables", "x_tables" };
	struct nfg_mod m;
	size_t i;

	for (i = 0; i < NFG_ARRAY_SIZE(refs); i++) {
		nfg_kmods_find(&d->k, refs[i], &m);
		if (m.state == NFG_MOD_FILE && !nfg_kmods_vermagic(&d->k, &m, buf, len)) {
			*which = refs[i];
			return 0;
		}
	}
	return -ENOENT;
}

static void vermagic_match(struct nfg_doctor *d, const char *vm,
			   struct nfg_finding *f)
{
	char ref[256];
	const char *which;
	size_t n = strlen(d->kver);

	if (strncmp(vm, d->kver, n) || (vm[n] != ' ' && vm[n])) {
		nfg_raise(f, NFG_FAIL);
		nfg_summary(f, "nfgate.ko was built for another kernel than %s", d->kver);
		nfg_fix(f, "rebuild and install it for %s: 'make install KDIR=/lib/modules/%s/build', or 'dkms install nfgate -k %s'",
			d->kver, d->kver, d->kver);
		return;
	}
	if (reference_vermagic(d, ref, sizeof(ref), &which) < 0) {
		nfg_summary(f, "nfgate.ko is installed for %s (no in-tree module to compare its vermagic with)",
			    d->kver);
		return;
	}
	nfg_evidence(f, "vermagic of %s: %s", which, ref);
	if (strcmp(ref, vm)) {
		nfg_raise(f, NFG_FAIL);
		nfg_summary(f, "nfgate.ko's vermagic differs from kernel %s's: the kernel refuses to load it",
			    d->kver);
		nfg_fix(f, "rebuild it against this kernel's own headers (linux-headers-%s)", d->kver);
		return;
	}
	nfg_summary(f, "nfgate.ko is installed for %s with a matching vermagic", d->kver);
}

void nfg_check_installed(struct nfg_doctor *d)
{
	struct nfg_finding *f = nfg_finding(&d->rep, NFG_OK, "nfgate-installed");
	char vm[256];
	struct nfg_mod m;

	if (!d->have_index) {
		nfg_raise(f, NFG_FAIL);
		nfg_summary(f, "kernel %s has no module index", d->kver);
		nfg_evidence(f, "%s/modules.dep.bin: %s", d->k.dir, strerror(ENOENT));
		nfg_fix(f, "install the modules of kernel %s, or run 'depmod %s'", d->kver, d->kver);
		return;
	}
	nfg_kmods_find(&d->k, "nfgate", &m);
	if (m.state != NFG_MOD_FILE) {
		nfg_raise(f, NFG_FAIL);
		nfg_summary(f, "nfgate is not installed for the running kernel %s", d->kver);
		nfg_evidence(f, "neither modules.dep nor modules.alias of %s knows nfgate", d->k.dir);
		nfg_fix(f, "'make install' in the nfgate sources (for this kernel), or 'dkms install nfgate -k %s'",
			d->kver);
		return;
	}
	nfg_evidence(f, "%s", m.path + strlen(d->root.dir));
	if (nfg_kmods_vermagic(&d->k, &m, vm, sizeof(vm)) < 0) {
		nfg_raise(f, NFG_FAIL);
		nfg_summary(f, "nfgate.ko has no vermagic: it is not a kernel module");
		nfg_fix(f, "reinstall nfgate for %s", d->kver);
		return;
	}
	nfg_evidence(f, "vermagic of nfgate: %s", vm);
	vermagic_match(d, vm, f);
}

/* DKMS builds of nfgate: <root>/var/lib/dkms/nfgate/VERSION/KVER/... */
static bool dkms_built(const struct nfg_root *root, const char *kver, char *ver,
		       size_t len)
{
	char dir[NFG_PATH_MAX], sub[NFG_PATH_MAX + 512];
	struct dirent *de;
	bool found = false;
	DIR *dh;

	dh = opendir(nfg_root_path(root, "/var/lib/dkms/nfgate", dir));
	if (!dh)
		return false;
	while (!found && (de = readdir(dh))) {
		/* VERSION dirs; skip "source" and the kernel-KVER-ARCH links */
		if (de->d_name[0] == '.' || !strcmp(de->d_name, "source") ||
		    !strncmp(de->d_name, "kernel-", 7))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s/%s", dir, de->d_name, kver);
		if (access(sub, F_OK) == 0) {
			snprintf(ver, len, "%s", de->d_name);
			found = true;
		}
	}
	closedir(dh);
	return found;
}

#define KERNELS_MAX 32

static void dkms_kernel(struct nfg_doctor *d, const char *kver, bool dkms,
			struct nfg_finding *f)
{
	struct nfg_kmods k;
	struct nfg_mod m = { 0 };
	char ver[256];
	bool built = dkms_built(&d->root, kver, ver, sizeof(ver));

	if (!nfg_kmods_open(&k, &d->root, kver)) {
		nfg_kmods_find(&k, "nfgate", &m);
		nfg_kmods_close(&k);
	}
	if (m.state == NFG_MOD_FILE && built)
		nfg_evidence(f, "%s: %s, built by DKMS (nfgate/%s)", kver,
			     m.path + strlen(k.dir) + 1, ver);
	else if (m.state == NFG_MOD_FILE)
		nfg_evidence(f, "%s: %s, not built by DKMS", kver, m.path + strlen(k.dir) + 1);
	else if (built)
		nfg_evidence(f, "%s: built by DKMS (nfgate/%s) but not installed", kver, ver);
	else
		nfg_evidence(f, "%s: no nfgate", kver);
	if (m.state == NFG_MOD_FILE)
		return;
	nfg_raise(f, NFG_WARN);
	if (dkms)
		nfg_fix(f, "dkms autoinstall -k %s (needs linux-headers-%s)", kver, kver);
	else
		nfg_fix(f, "install nfgate for %s: 'make install KDIR=/lib/modules/%s/build'",
			kver, kver);
}

void nfg_check_dkms(struct nfg_doctor *d)
{
	struct nfg_finding *f = nfg_finding(&d->rep, NFG_OK, "nfgate-dkms");
	char (*kvers)[128] = calloc(KERNELS_MAX, 128);
	char dir[NFG_PATH_MAX];
	struct stat st;
	size_t i, n;
	bool dkms;

	if (!kvers) {
		nfg_summary(f, "out of memory");
		return;
	}
	dkms = stat(nfg_root_path(&d->root, "/var/lib/dkms/nfgate", dir), &st) == 0;
	n = nfg_kernels(&d->root, kvers, KERNELS_MAX);
	for (i = 0; i < n; i++)
		dkms_kernel(d, kvers[i], dkms, f);
	free(kvers);
	if (!dkms) {
		nfg_raise(f, NFG_WARN);
		nfg_evidence(f, "/var/lib/dkms/nfgate: %s", strerror(ENOENT));
		nfg_fix(f, "register nfgate with DKMS so that kernel updates rebuild it: 'dkms add' and 'dkms install' in the nfgate sources");
	}
	if (f->level == NFG_OK)
		nfg_summary(f, "nfgate is installed for all %zu installed kernel(s)", n);
	else if (!dkms)
		nfg_summary(f, "nfgate is not registered with DKMS: a kernel update leaves it behind");
	else
		nfg_summary(f, "some of the %zu installed kernels have no nfgate", n);
}

/* ---- the modules nfgate needs ----------------------------------------- */

static void needed_one(struct nfg_doctor *d, const char *name, struct nfg_finding *f)
{
	char buf[96];
	const char *config;
	struct nfg_mod m;

	if (nfg_mod_loaded(&d->root, name) == 1) {
		nfg_evidence(f, "%s: loaded", name);
		return;
	}
	nfg_kmods_find(&d->k, name, &m);
	if (m.state == NFG_MOD_BUILTIN) {
		nfg_evidence(f, "%s: built into %s", name, d->kver);
	} else if (m.state == NFG_MOD_FILE) {
		nfg_evidence(f, "%s: not loaded, loadable (%s)", name, m.path + strlen(d->k.dir) + 1);
	} else {
		config = nfg_mod_config(name, buf, sizeof(buf));
		nfg_raise(f, NFG_FAIL);
		nfg_evidence(f, "%s: missing: neither loaded, built in nor in modules.dep of %s",
			     name, d->kver);
		nfg_fix(f, "%s needs %s in the kernel; boot a kernel built with it", name,
			config ? config : "its Kconfig option");
	}
}

void nfg_check_needed(struct nfg_doctor *d)
{
	struct nfg_finding *f = nfg_finding(&d->rep, NFG_OK, "needed-modules");
	size_t i;

	if (!d->have_index) {
		nfg_raise(f, NFG_WARN);
		nfg_summary(f, "not checked: kernel %s has no module index", d->kver);
		nfg_fix(f, "see the nfgate-installed check");
		return;
	}
	for (i = 1; i < d->needs.n; i++)
		needed_one(d, d->needs.names[i], f);
	if (f->level == NFG_OK)
		nfg_summary(f, "the modules nfgate needs (%s) are loaded, loadable or built in",
			    d->needs.source);
	else
		nfg_summary(f, "modules nfgate needs (%s) are missing for kernel %s",
			    d->needs.source, d->kver);
}
