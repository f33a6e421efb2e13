/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exit codes and error reporting for nfgatectl.
 *
 * Every diagnostic goes to stderr, one line each, prefixed "nfgatectl: ".
 * The exit codes are part of the interface (see nfgatectl(8), EXIT STATUS).
 */
#ifndef NFGATECTL_ERR_H
#define NFGATECTL_ERR_H

enum nfg_exit {
	NFG_EXIT_OK = 0,	/* success */
	NFG_EXIT_FAIL = 1,	/* the kernel refused or the operation failed */
	NFG_EXIT_USAGE = 2,	/* usage error or bad input */
	NFG_EXIT_NOMODULE = 3,	/* generic netlink family "nfgate" absent */
	NFG_EXIT_PERM = 4,	/* EPERM/EACCES: CAP_NET_ADMIN needed */
};

#define NFG_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))

/* "nfgatectl: <message>\n" on stderr */
void nfg_err(const char *fmt, ...) NFG_PRINTF(1, 2);

/* Usage error: report, point at "<cmd> --help"; returns NFG_EXIT_USAGE. */
int nfg_usage_err(const char *cmd, const char *fmt, ...) NFG_PRINTF(2, 3);

/* Exit code for a failure with this (positive) errno value. */
int nfg_exit_for_errno(int err);

/* Explain why nfgate is unreachable; returns NFG_EXIT_NOMODULE. */
int nfg_report_no_module(void);

/* Explain a missing capability; returns NFG_EXIT_PERM. */
int nfg_report_perm(const char *what, int err);

#endif
