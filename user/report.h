/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Findings of "nfgatectl doctor" and "nfgatectl autoload status": each
 * says OK, WARN or FAIL about one check, with a one-line summary, the
 * evidence it is based on (lines) and, unless OK, the fix.
 *
 *	struct nfg_finding *f = nfg_finding(rep, NFG_WARN, "firewalld");
 *	nfg_summary(f, "firewalld is not running");
 *	nfg_evidence(f, "no process named firewalld in %s", "/proc");
 *	nfg_fix(f, "systemctl start firewalld");
 */
#ifndef NFGATECTL_REPORT_H
#define NFGATECTL_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "err.h"

enum nfg_level { NFG_OK, NFG_WARN, NFG_FAIL };

#define NFG_FINDING_TEXT 4096

struct nfg_finding {
	enum nfg_level level;
	char check[32];			/* stable id, e.g. "module-loaded" */
	char summary[256];
	char evidence[NFG_FINDING_TEXT];	/* lines, '\n'-separated */
	char fix[1024];			/* lines, '\n'-separated */
};

struct nfg_report {
	struct nfg_finding *f;
	size_t n, cap;
	bool oom;
};

/* A new finding at the end of rep (a static scratch one when out of
 * memory: rep->oom tells). */
struct nfg_finding *nfg_finding(struct nfg_report *rep, enum nfg_level level,
				const char *check);
void nfg_summary(struct nfg_finding *f, const char *fmt, ...) NFG_PRINTF(2, 3);
/* Append a line. */
void nfg_evidence(struct nfg_finding *f, const char *fmt, ...) NFG_PRINTF(2, 3);
void nfg_fix(struct nfg_finding *f, const char *fmt, ...) NFG_PRINTF(2, 3);
/* Raise f's level to at least level. */
void nfg_raise(struct nfg_finding *f, enum nfg_level level);

/* Print as text, or as {"checks":[...],"ok":N,"warn":N,"fail":N}. */
void nfg_report_print(FILE *out, const struct nfg_report *rep, bool json);
size_t nfg_report_count(const struct nfg_report *rep, enum nfg_level level);
void nfg_report_free(struct nfg_report *rep);

const char *nfg_level_name(enum nfg_level level);

#endif
