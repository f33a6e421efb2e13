/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The system nfgatectl looks at: "/" (the running system), or with
 * --root DIR a tree that looks like one (an appliance image being built,
 * a test fixture). Every path, /proc and /run included, is read under the
 * root, so a fixture can fake them. With a root other than "/", live
 * kernel state (netlink) is never queried: it would not belong to it.
 *
 * Files nfgatectl owns are written atomically (temporary file in the same
 * directory, fsync, rename, fsync of the directory).
 */
#ifndef NFGATECTL_SYSROOT_H
#define NFGATECTL_SYSROOT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct nfg_root {
	char dir[PATH_MAX];	/* "" for "/", else without trailing '/' */
	bool live;		/* the running system: netlink may be used */
};

/* Set up root from --root DIR (NULL: "/"): 0, or -errno (reported). */
int nfg_root_init(struct nfg_root *root, const char *dir, const char *what);

/* path (absolute) under root into buf; always fits (PATH_MAX * 2). */
#define NFG_PATH_MAX (PATH_MAX * 2)
const char *nfg_root_path(const struct nfg_root *root, const char *path,
			  char *buf);

/* Read a whole file (at most max bytes, NUL-terminated): malloc'd, or
 * NULL with errno set (EFBIG if longer). */
char *nfg_read_file(const char *path, size_t max);
/* Same, and *len gets the length (the file may hold NUL bytes). */
char *nfg_read_file_len(const char *path, size_t max, size_t *len);
/* Same, of a path under root. */
char *nfg_root_read(const struct nfg_root *root, const char *path, size_t max);
char *nfg_root_read_len(const struct nfg_root *root, const char *path,
			size_t max, size_t *len);

/* The running kernel's release: <root>/proc/sys/kernel/osrelease, else
 * uname(2) for the live root. 0, or -ENOENT. */
int nfg_root_kernel(const struct nfg_root *root, char *buf, size_t len);

/* Write data to path atomically with mode: 0 or -errno. Creates the
 * parent directory (mode 0755) if missing. */
int nfg_write_atomic(const char *path, const char *data, size_t len,
		     mode_t mode);
/* unlink path and fsync its directory: 0 or -errno. */
int nfg_remove_durable(const char *path);

/* Strip leading and trailing blanks in place; returns s. */
char *nfg_strip(char *s);

#endif
