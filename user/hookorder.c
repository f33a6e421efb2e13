// SPDX-License-Identifier: GPL-2.0
/* What runs at each hook, in order: nft, legacy iptables, nfgate, and
 * where nfnetlink_hook exists every other module's hook. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_hook.h>
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

/* Send the request in buf on a new NETLINK_NETFILTER socket and run cb
 * over the dump it answers: 0 or -errno. */
static int nfnl_dump(char *buf, size_t size, mnl_cb_t cb, void *data)
{
	const struct nlmsghdr *req = (const struct nlmsghdr *)buf;
	uint32_t seq = req->nlmsg_seq, portid;
	struct mnl_socket *nl;
	ssize_t n;
	int rc;

	nl = mnl_socket_open(NETLINK_NETFILTER);
	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    mnl_socket_sendto(nl, req, req->nlmsg_len) < 0) {
		rc = -errno;
		goto out;
	}
	portid = mnl_socket_get_portid(nl);
	do {
		n = mnl_socket_recvfrom(nl, buf, size);
		rc = n < 0 ? -1 : mnl_cb_run(buf, n, seq, portid, cb, data);
	} while (rc > 0);
	rc = rc < 0 ? -(errno ? errno : EIO) : 0;
out:
	mnl_socket_close(nl);
	return rc;
}

static union {
	char b[32768];		/* MNL_SOCKET_DUMP_SIZE */
	uint32_t align;
} dump_buf;

int nfg_hooks_add_nft(struct nfg_hooks *h)
{
	nftnl_nlmsg_build_hdr(dump_buf.b, NFT_MSG_GETCHAIN, NFPROTO_UNSPEC,
			      NLM_F_DUMP, time(NULL));
	return nfnl_dump(dump_buf.b, sizeof(dump_buf.b), chain_cb, h);
}

/* ---- every hook through nfnetlink_hook -------------------------------- */

struct hook_dump {
	struct nfg_hooks *h;
	uint8_t family, hook;
};

static int hook_attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);

	if (type > NFNLA_HOOK_MAX)
		return MNL_CB_OK;
	if ((type == NFNLA_HOOK_PRIORITY && mnl_attr_validate(a, MNL_TYPE_U32) < 0) ||
	    ((type == NFNLA_HOOK_FUNCTION_NAME || type == NFNLA_HOOK_MODULE_NAME) &&
	     mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0))
		return MNL_CB_ERROR;
	tb[type] = a;
	return MNL_CB_OK;
}

/* nft chains come from libnftnl, legacy tables (ipt_do_table of module
 * ip_tables) and nfgate's chains by name: keep the other modules' hooks. */
static bool hook_is_listed(const struct nlattr **tb)
{
	const char *mod = tb[NFNLA_HOOK_MODULE_NAME] ?
			  mnl_attr_get_str(tb[NFNLA_HOOK_MODULE_NAME]) : "";

	return tb[NFNLA_HOOK_CHAIN_INFO] || !strcmp(mod, "nfgate") ||
	       !strcmp(mod, "ip_tables") || !strcmp(mod, "ip6_tables");
}

static int hook_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[NFNLA_HOOK_MAX + 1] = { NULL };
	struct hook_dump *hd = data;
	struct nfg_hook_entry e = {
		.src = NFG_SRC_KERNEL, .family = hd->family, .hook = hd->hook,
	};

	if (mnl_attr_parse(nlh, sizeof(struct nfgenmsg), hook_attr_cb, tb) < 0)
		return MNL_CB_ERROR;
	if (!tb[NFNLA_HOOK_PRIORITY] || hook_is_listed(tb))
		return MNL_CB_OK;
	e.prio = (int32_t)ntohl(mnl_attr_get_u32(tb[NFNLA_HOOK_PRIORITY]));
	snprintf(e.table, sizeof(e.table), "%s", tb[NFNLA_HOOK_MODULE_NAME] ?
		 mnl_attr_get_str(tb[NFNLA_HOOK_MODULE_NAME]) : "built-in");
	snprintf(e.chain, sizeof(e.chain), "%s", tb[NFNLA_HOOK_FUNCTION_NAME] ?
		 mnl_attr_get_str(tb[NFNLA_HOOK_FUNCTION_NAME]) : "?");
	return nfg_hooks_add(hd->h, &e) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

int nfg_hooks_add_kernel(struct nfg_hooks *h)
{
	static const uint8_t families[] = { NFPROTO_IPV4, NFPROTO_IPV6 };
	struct hook_dump hd = { .h = h };
	struct nlmsghdr *nlh;
	struct nfgenmsg *nfg;
	size_t i, before = h->n;
	int rc = 0;

	for (i = 0; !rc && i < NFG_ARRAY_SIZE(families); i++) {
		for (hd.hook = 0; !rc && hd.hook < NF_INET_NUMHOOKS; hd.hook++) {
			hd.family = families[i];
			nlh = mnl_nlmsg_put_header(dump_buf.b);
			nlh->nlmsg_type = NFNL_SUBSYS_HOOK << 8 | NFNL_MSG_HOOK_GET;
			nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
			nlh->nlmsg_seq = time(NULL) + hd.hook;
			nfg = mnl_nlmsg_put_extra_header(nlh, sizeof(*nfg));
			nfg->nfgen_family = hd.family;
			nfg->version = NFNETLINK_V0;
			mnl_attr_put_u32(nlh, NFNLA_HOOK_HOOKNUM, htonl(hd.hook));
			rc = nfnl_dump(dump_buf.b, sizeof(dump_buf.b), hook_cb, &hd);
		}
	}
	if (rc)
		h->n = before;	/* all or nothing */
	/* nfnetlink answers EINVAL for a subsystem it does not have */
	return rc == -EINVAL ? -EOPNOTSUPP : rc;
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
	else if (e->src == NFG_SRC_KERNEL)
		snprintf(buf, len, "%d hook %s %s", e->prio, e->table, e->chain);
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
