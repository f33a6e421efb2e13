// SPDX-License-Identifier: GPL-2.0
/* Module lookups through libkmod, under a root. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libkmod.h>

#include "kmods.h"

int nfg_kmods_open(struct nfg_kmods *k, const struct nfg_root *root,
		   const char *kver)
{
	char etc[NFG_PATH_MAX], run[NFG_PATH_MAX], lib[NFG_PATH_MAX];
	char index[NFG_PATH_MAX + 32];
	const char *config[4];

	memset(k, 0, sizeof(*k));
	snprintf(k->kver, sizeof(k->kver), "%s", kver);
	snprintf(k->dir, sizeof(k->dir), "%s/lib/modules/%s", root->dir, kver);
	snprintf(index, sizeof(index), "%s/modules.dep.bin", k->dir);
	if (access(index, R_OK) < 0)
		return -errno;
	config[0] = nfg_root_path(root, "/etc/modprobe.d", etc);
	config[1] = nfg_root_path(root, "/run/modprobe.d", run);
	config[2] = nfg_root_path(root, "/lib/modprobe.d", lib);
	config[3] = NULL;
	k->ctx = kmod_new(k->dir, config);
	if (!k->ctx)
		return -ENOMEM;
	kmod_set_log_priority(k->ctx, 0);
	return 0;
}

void nfg_kmods_close(struct nfg_kmods *k)
{
	if (k->ctx)
		kmod_unref(k->ctx);
	k->ctx = NULL;
}

/* A module without a file is built in if the builtin index has it;
 * kmod_module_get_initstate() answers that from the index before it
 * would look at /sys. */
static bool is_builtin(struct kmod_module *mod)
{
	return kmod_module_get_initstate(mod) == KMOD_MODULE_BUILTIN;
}

void nfg_kmods_find(struct nfg_kmods *k, const char *name, struct nfg_mod *m)
{
	struct kmod_list *list = NULL, *l;
	struct kmod_module *mod;
	const char *path;

	memset(m, 0, sizeof(*m));
	snprintf(m->name, sizeof(m->name), "%s", name);
	if (kmod_module_new_from_lookup(k->ctx, name, &list) < 0 || !list)
		return;
	kmod_list_foreach(l, list) {
		mod = kmod_module_get_module(l);
		path = kmod_module_get_path(mod);
		if (path && m->state == NFG_MOD_MISSING) {
			m->state = NFG_MOD_FILE;
			snprintf(m->name, sizeof(m->name), "%s", kmod_module_get_name(mod));
			snprintf(m->path, sizeof(m->path), "%s", path);
		} else if (!path && m->state == NFG_MOD_MISSING && is_builtin(mod)) {
			m->state = NFG_MOD_BUILTIN;
			snprintf(m->name, sizeof(m->name), "%s", kmod_module_get_name(mod));
		}
		kmod_module_unref(mod);
	}
	kmod_module_unref_list(list);
}

int nfg_kmods_vermagic(struct nfg_kmods *k, const struct nfg_mod *m,
		       char *buf, size_t len)
{
	struct kmod_list *info = NULL, *l;
	struct kmod_module *mod;
	int rc;

	buf[0] = '\0';
	if (m->state != NFG_MOD_FILE)
		return -ENOENT;
	rc = kmod_module_new_from_path(k->ctx, m->path, &mod);
	if (rc < 0)
		return rc;
	rc = kmod_module_get_info(mod, &info);
	if (rc >= 0) {
		rc = -ENODATA;
		kmod_list_foreach(l, info) {
			if (strcmp(kmod_module_info_get_key(l), "vermagic"))
				continue;
			snprintf(buf, len, "%s", kmod_module_info_get_value(l));
			rc = 0;
		}
		kmod_module_info_free_list(info);
	}
	kmod_module_unref(mod);
	return rc;
}

int nfg_mod_loaded(const struct nfg_root *root, const char *name)
{
	char want[64], *s, *line, *save = NULL;
	size_t i, n;
	int found = 0;

	snprintf(want, sizeof(want), "%s", name);
	for (i = 0; want[i]; i++)
		if (want[i] == '-')
			want[i] = '_';
	s = nfg_root_read(root, "/proc/modules", 1 << 22);
	if (!s)
		return -errno;
	n = strlen(want);
	for (line = strtok_r(s, "\n", &save); line && !found;
	     line = strtok_r(NULL, "\n", &save))
		found = !strncmp(line, want, n) && line[n] == ' ';
	free(s);
	return found;
}

static int cmp_kver(const void *a, const void *b)
{
	return strverscmp(a, b);
}

size_t nfg_kernels(const struct nfg_root *root, char (*kvers)[128], size_t max)
{
	char dir[NFG_PATH_MAX], index[NFG_PATH_MAX + 300];
	struct dirent *de;
	size_t n = 0;
	DIR *d;

	d = opendir(nfg_root_path(root, "/lib/modules", dir));
	if (!d)
		return 0;
	while ((de = readdir(d)) && n < max) {
		if (de->d_name[0] == '.' || strlen(de->d_name) >= sizeof(kvers[0]))
			continue;
		snprintf(index, sizeof(index), "%s/%s/modules.dep.bin", dir, de->d_name);
		if (access(index, R_OK) == 0)
			snprintf(kvers[n++], sizeof(kvers[0]), "%s", de->d_name);
	}
	closedir(d);
	qsort(kvers, n, sizeof(kvers[0]), cmp_kver);
	return n;
}
