// SPDX-License-Identifier: GPL-2.0
/* The root nfgatectl inspects, and atomic writes of its files. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "err.h"
#include "sysroot.h"

int nfg_root_init(struct nfg_root *root, const char *dir, const char *what)
{
	char real[PATH_MAX];
	struct stat st;

	memset(root, 0, sizeof(*root));
	if (!dir) {
		root->live = true;
		return 0;
	}
	if (!realpath(dir, real) || stat(real, &st) < 0) {
		int err = errno;

		nfg_err("%s: --root %s: %s", what, dir, strerror(err));
		return -err;
	}
	if (!S_ISDIR(st.st_mode)) {
		nfg_err("%s: --root %s: not a directory", what, dir);
		return -ENOTDIR;
	}
	if (!strcmp(real, "/")) {
		root->live = true;
		return 0;
	}
	snprintf(root->dir, sizeof(root->dir), "%s", real);
	return 0;
}

const char *nfg_root_path(const struct nfg_root *root, const char *path,
			  char *buf)
{
	snprintf(buf, NFG_PATH_MAX, "%s%s", root->dir, path);
	return buf;
}

char *nfg_read_file(const char *path, size_t max)
{
	size_t len;

	return nfg_read_file_len(path, max, &len);
}

char *nfg_read_file_len(const char *path, size_t max, size_t *lenp)
{
	size_t len = 0;
	ssize_t n;
	char *buf;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	buf = malloc(max + 1);
	if (!buf) {
		close(fd);
		errno = ENOMEM;
		return NULL;
	}
	while ((n = read(fd, buf + len, max + 1 - len)) > 0) {
		len += n;
		if (len > max)
			break;
	}
	err = n < 0 ? errno : len > max ? EFBIG : 0;
	close(fd);
	if (err) {
		free(buf);
		errno = err;
		return NULL;
	}
	buf[len] = '\0';
	*lenp = len;
	return buf;
}

char *nfg_root_read(const struct nfg_root *root, const char *path, size_t max)
{
	size_t len;

	return nfg_root_read_len(root, path, max, &len);
}

char *nfg_root_read_len(const struct nfg_root *root, const char *path,
			size_t max, size_t *len)
{
	char p[NFG_PATH_MAX];

	return nfg_read_file_len(nfg_root_path(root, path, p), max, len);
}

int nfg_root_kernel(const struct nfg_root *root, char *buf, size_t len)
{
	char *s = nfg_root_read(root, "/proc/sys/kernel/osrelease", 256);
	struct utsname u;

	if (s) {
		snprintf(buf, len, "%s", nfg_strip(s));
		free(s);
		return buf[0] ? 0 : -ENOENT;
	}
	if (!root->live || uname(&u) < 0)
		return -ENOENT;
	snprintf(buf, len, "%s", u.release);
	return 0;
}

char *nfg_strip(char *s)
{
	size_t n;

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

static int fsync_dir(const char *path)
{
	char copy[NFG_PATH_MAX];
	int fd, rc = 0;

	snprintf(copy, sizeof(copy), "%s", path);
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fsync(fd) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

static int write_all(int fd, const char *data, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		data += n;
		len -= n;
	}
	return 0;
}

static int make_parent(const char *path)
{
	char copy[NFG_PATH_MAX];

	snprintf(copy, sizeof(copy), "%s", path);
	if (mkdir(dirname(copy), 0755) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

int nfg_write_atomic(const char *path, const char *data, size_t len,
		     mode_t mode)
{
	char tmp[NFG_PATH_MAX + 16];
	int fd, rc;

	rc = make_parent(path);
	if (rc)
		return rc;
	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = write_all(fd, data, len);
	if (!rc && fchmod(fd, mode) < 0)
		rc = -errno;
	if (!rc && fsync(fd) < 0)
		rc = -errno;
	if (close(fd) < 0 && !rc)
		rc = -errno;
	if (!rc && rename(tmp, path) < 0)
		rc = -errno;
	if (rc) {
		unlink(tmp);
		return rc;
	}
	return fsync_dir(path);
}

int nfg_remove_durable(const char *path)
{
	if (unlink(path) < 0)
		return -errno;
	return fsync_dir(path);
}
