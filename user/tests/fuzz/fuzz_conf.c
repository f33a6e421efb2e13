// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target of the configuration parser: parse the input; when it
 * parses, print it, parse the print again and check that both give the
 * same state and that printing is a fixed point. Built and run by
 * "make fuzz" (clang, ASan and UBSan), with -close_fd_mask=2 so that the
 * parser's error messages do not drown libFuzzer's own output.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../conf.h"

static char *print(const struct nfg_ruleset *rs, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (!f)
		abort();
	nfg_conf_print(f, rs);
	fclose(f);
	return buf;
}

static void same(const struct nfg_ruleset *a, const struct nfg_ruleset *b)
{
	size_t i;

	if (a->nchains != b->nchains)
		abort();
	for (i = 0; i < a->nchains; i++)
		if (strcmp(a->chains[i].name, b->chains[i].name) ||
		    !nfg_chain_same(&a->chains[i], &b->chains[i]))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nfg_ruleset a, b;
	size_t len1, len2;
	char *p1, *p2;

	if (nfg_conf_parse_text("fuzz", (const char *)data, size, &a, "fuzz"))
		return 0;
	p1 = print(&a, &len1);
	if (nfg_conf_parse_text("printed", p1, len1, &b, "fuzz"))
		abort();	/* what the printer writes must read back */
	same(&a, &b);
	p2 = print(&b, &len2);
	if (len1 != len2 || memcmp(p1, p2, len1))
		abort();
	free(p1);
	free(p2);
	nfg_ruleset_free(&a);
	nfg_ruleset_free(&b);
	return 0;
}
