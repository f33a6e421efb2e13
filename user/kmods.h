/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel modules of one kernel release under a root, through libkmod:
 * <root>/lib/modules/KVER (modules.dep.bin, modules.builtin.bin,
 * modules.alias.bin) and the modprobe configuration under the root.
 * Loaded modules are read from <root>/proc/modules, never from the
 * host's /sys, so fixtures can fake them.
 */
#ifndef NFGATECTL_KMODS_H
#define NFGATECTL_KMODS_H

#include <stdbool.h>
#include <stddef.h>

#include "sysroot.h"

struct kmod_ctx;

struct nfg_kmods {
	struct kmod_ctx *ctx;
	char kver[128];
	char dir[NFG_PATH_MAX];	/* <root>/lib/modules/KVER */
};

enum nfg_mod_state {
	NFG_MOD_MISSING,	/* no module, built-in module or alias */
	NFG_MOD_FILE,		/* a module file (maybe through an alias) */
	NFG_MOD_BUILTIN,	/* built into the kernel image */
};

struct nfg_mod {
	enum nfg_mod_state state;
	char name[64];		/* the module the name resolved to */
	char path[NFG_PATH_MAX];	/* with NFG_MOD_FILE */
};

/* 0, or -ENOENT when <root>/lib/modules/KVER has no modules.dep.bin
 * (-errno otherwise). Prints nothing. */
int nfg_kmods_open(struct nfg_kmods *k, const struct nfg_root *root,
		   const char *kver);
void nfg_kmods_close(struct nfg_kmods *k);

/* Resolve a module name or alias. */
void nfg_kmods_find(struct nfg_kmods *k, const char *name, struct nfg_mod *m);

/* The modinfo "vermagic" of module file m: 0 or -errno. */
int nfg_kmods_vermagic(struct nfg_kmods *k, const struct nfg_mod *m,
		       char *buf, size_t len);

/* Is module name (underscores; dashes are folded) in <root>/proc/modules?
 * 1 yes, 0 no, -errno if /proc/modules cannot be read. */
int nfg_mod_loaded(const struct nfg_root *root, const char *name);

/* The kernel releases with a module index under <root>/lib/modules, sorted,
 * at most max of them: their count. */
size_t nfg_kernels(const struct nfg_root *root, char (*kvers)[128], size_t max);

#endif
