// SPDX-License-Identifier: GPL-2.0
/* What runs at each hook, in order: nft, legacy iptables, nfgate. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/nfgate.h>

#include "hookorder.h"
#include "nl.h"

int nfg_hooks_add(struct nfg_hooks *h, const struct nfg_hook_entry *e)
{
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 32;
		struct nfg_hook_entry *n = realloc(h->e, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		h->e = n;
		h->cap = cap;
	}
	h->e[h->n++] = *e;
	return 0;
}

void nfg_hooks_free(struct nfg_hooks *h)
{
	free(h->e);
	memset(h, 0, sizeof(*h));
}

/* The hooks of the x_tables tables (net/ipv4/netfilter/iptable_*.c) */
static const struct {
	const char *table;
	uint8_t hook;
	int32_t prio;
} legacy[] = {
	{ "raw", NF_INET_PRE_ROUTING, -300 }, { "raw", NF_INET_LOCAL_OUT, -300 },
	{ "mangle", NF_INET_PRE_ROUTING, -150 }, { "mangle", NF_INET_LOCAL_IN, -150 },
	{ "mangle", NF_INET_FORWARD, -150 }, { "mangle", NF_INET_LOCAL_OUT, -150 },
	{ "mangle", NF_INET_POST_ROUTING, -150 },
	{ "nat", NF_INET_PRE_ROUTING, -100 }, { "nat", NF_INET_LOCAL_OUT, -100 },
	{ "nat", NF_INET_LOCAL_IN, 100 }, { "nat", NF_INET_POST_ROUTING, 100 },
	{ "filter", NF_INET_LOCAL_IN, 0 }, { "filter", NF_INET_FORWARD, 0 },
	{ "filter", NF_INET_LOCAL_OUT, 0 },
	{ "security", NF_INET_LOCAL_IN, 50 }, { "security", NF_INET_FORWARD, 50 },
	{ "security", NF_INET_LOCAL_OUT, 50 },
};

int nfg_hooks_add_legacy(struct nfg_hooks *h, uint8_t family, const char *names)
{
	struct nfg_hook_entry e = { .family = family, .src = NFG_SRC_LEGACY };
	const char *p = names;
	size_t i, len;

	while (*p) {
		p += strspn(p, " \t\n");
		len = strcspn(p, " \t\n");
		for (i = 0; len && i < NFG_ARRAY_SIZE(legacy); i++) {
			if (strlen(legacy[i].table) != len || strncmp(p, legacy[i].table, len))
				continue;
			e.hook = legacy[i].hook;
			e.prio = legacy[i].prio;
			snprintf(e.table, sizeof(e.table), "%s", legacy[i].table);
			if (nfg_hooks_add(h, &e) < 0)
				return -ENOMEM;
		}
		p += len;
	}
	return 0;
}

/* ---- nft base chains through libnftnl --------------------------------- */

static int chain_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nfg_hook_entry e = { .src = NFG_SRC_NFT };
	struct nftnl_chain *c = nftnl_chain_alloc();
	int rc = MNL_CB_OK;

	if (!c)
		return MNL_CB_ERROR;
	if (nftnl_chain_nlmsg_parse(nlh, c) < 0) {
		rc = MNL_CB_ERROR;
	} else if (nftnl_chain_is_set(c, NFTNL_CHAIN_HOOKNUM) &&
		   nftnl_chain_is_set(c, NFTNL_CHAIN_PRIO)) {
		e.family = nftnl_chain_get_u32(c, NFTNL_CHAIN_FAMILY);
		e.hook = nftnl_chain_get_u32(c, NFTNL_CHAIN_HOOKNUM);
		e.prio = nftnl_chain_get_s32(c, NFTNL_CHAIN_PRIO);
		snprintf(e.table, sizeof(e.table), "%s", nftnl_chain_get_str(c, NFTNL_CHAIN_TABLE));
		snprintf(e.chain, sizeof(e.chain), "%s", nftnl_chain_get_str(c, NFTNL_CHAIN_NAME));
		if (nfg_hooks_add(data, &e) < 0)
			rc = MNL_CB_ERROR;
	}
	nftnl_chain_free(c);
	return rc;
}

int nfg_hooks_add_nft(struct nfg_hooks *h)
{
	static union {
		char b[32768];		/* MNL_SOCKET_DUMP_SIZE */
		uint32_t align;
	} mem;
	char *buf = mem.b;
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	uint32_t seq = time(NULL), portid;
	ssize_t n;
	int rc;

	nl = mnl_socket_open(NETLINK_NETFILTER);
	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		rc = -errno;
		goto out;
	}
	portid = mnl_socket_get_portid(nl);
	nlh = nftnl_nlmsg_build_hdr(buf, NFT_MSG_GETCHAIN, NFPROTO_UNSPEC,
				    NLM_F_DUMP, seq);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		rc = -errno;
		goto out;
	}
	do {
		n = mnl_socket_recvfrom(nl, buf, sizeof(mem.b));
		rc = n < 0 ? -1 : mnl_cb_run(buf, n, seq, portid, chain_cb, h);
	} while (rc > 0);
	rc = rc < 0 ? -(errno ? errno : EIO) : 0;
out:
	mnl_socket_close(nl);
	return rc;
}

/* ---- ordering --------------------------------------------------------- */

static const char *const hook_names[] = {
	"prerouting", "input", "forward", "output", "postrouting",
};

static const char *family_name(uint8_t family)
{
	return family == NFPROTO_IPV4 ? "ip" : family == NFPROTO_IPV6 ? "ip6" :
	       family == NFPROTO_INET ? "inet" : "?";
}

static const struct nfg_hook_entry *sort_base;

/* by priority, then in the order found */
static int by_prio(const void *a, const void *b)
{
	const struct nfg_hook_entry *x = &sort_base[*(const size_t *)a];
	const struct nfg_hook_entry *y = &sort_base[*(const size_t *)b];

	if (x->prio != y->prio)
		return x->prio < y->prio ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

static void describe(const struct nfg_hook_entry *e, char *buf, size_t len)
{
	if (e->src == NFG_SRC_NFGATE)
		snprintf(buf, len, "%d nfgate %s", e->prio, e->chain);
	else if (e->src == NFG_SRC_LEGACY)
		snprintf(buf, len, "%d %stables-legacy %s", e->prio,
			 e->family == NFPROTO_IPV6 ? "ip6" : "ip", e->table);
	else
		snprintf(buf, len, "%d nft %s %s %s", e->prio, family_name(e->family),
			 e->table, e->chain);
}

static bool is_firewalld(const struct nfg_hook_entry *e)
{
	return e->src == NFG_SRC_NFT && !strcmp(e->table, "firewalld");
}

/* Warn about nfgate chains of idx[0..n) meant to be before firewalld. */
static void check_before(const struct nfg_hook_entry *e, const size_t *idx,
			 size_t n, uint8_t family, struct nfg_finding *f)
{
	const struct nfg_hook_entry *a, *b;
	size_t i, j;

	for (i = 0; i < n; i++) {
		a = &e[idx[i]];
		if (a->src != NFG_SRC_NFGATE || a->prio >= NFGATE_PRIO_FIREWALLD)
			continue;
		for (j = 0; j < n; j++) {
			b = &e[idx[j]];
			if (!is_firewalld(b) || b->prio > a->prio ||
			    (family == NFPROTO_IPV6 && a->family == NFPROTO_INET &&
			     b->family == NFPROTO_INET))
				continue;
			nfg_raise(f, NFG_WARN);
			nfg_summary(f, "an nfgate chain meant to run before firewalld does not");
			nfg_evidence(f, "%s %s: nfgate chain %s (priority %d) is %s firewalld's %s %s (priority %d)",
				     family_name(family), hook_names[a->hook], a->chain, a->prio,
				     b->prio == a->prio ? "at the same priority as, so in undefined order with," :
				     "after", family_name(b->family), b->chain, b->prio);
			nfg_fix(f, "give chain %s a priority below %d (e.g. 'priority before-firewalld'), or check firewalld's configuration of its priorities",
				a->chain, b->prio);
		}
	}
}

static void evaluate_hook(const struct nfg_hooks *h, uint8_t family, uint8_t hook,
			  size_t *idx, struct nfg_finding *f)
{
	char line[1024], item[192];
	size_t i, n = 0, len;

	for (i = 0; i < h->n; i++)
		if (h->e[i].hook == hook &&
		    (h->e[i].family == family || h->e[i].family == NFPROTO_INET))
			idx[n++] = i;
	if (!n)
		return;
	sort_base = h->e;
	qsort(idx, n, sizeof(*idx), by_prio);
	len = snprintf(line, sizeof(line), "%s %s:", family_name(family), hook_names[hook]);
	for (i = 0; i < n && len < sizeof(line); i++) {
		describe(&h->e[idx[i]], item, sizeof(item));
		len += snprintf(line + len, sizeof(line) - len, "%s %s", i ? "," : "", item);
	}
	nfg_evidence(f, "%s", line);
	check_before(h->e, idx, n, family, f);
}

void nfg_hooks_evaluate(const struct nfg_hooks *h, struct nfg_finding *f)
{
	static const uint8_t families[] = { NFPROTO_IPV4, NFPROTO_IPV6 };
	size_t *idx = calloc(h->n + 1, sizeof(*idx));
	size_t i;
	uint8_t hook;

	if (!idx) {
		nfg_evidence(f, "out of memory");
		return;
	}
	if (!h->n)
		nfg_evidence(f, "nothing found at the ip and ip6 hooks");
	for (i = 0; i < NFG_ARRAY_SIZE(families); i++)
		for (hook = 0; hook < NF_INET_NUMHOOKS; hook++)
			evaluate_hook(h, families[i], hook, idx, f);
	free(idx);
}
