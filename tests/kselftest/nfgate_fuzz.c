// SPDX-License-Identifier: GPL-2.0
/*
 * nfgate_fuzz: a bounded generic netlink fuzzer for the nfgate family.
 *
 * It builds valid request skeletons (commits with chains and rules, set
 * create/add/del/flush/swap/destroy, info, and the four dumps), then
 * mutates most of them: flipped bytes, attribute types changed, lengths
 * changed, messages truncated (nlmsg_len kept true), unknown attributes
 * inserted, nests made deep, unknown commands and versions, a non-zero
 * reserved field, element batches past NFGATE_SET_BATCH_MAX, and dumps
 * left half read while commits land on another socket.
 *
 * Checks, per request: the kernel answers (an ACK, or a dump that ends);
 * every refusal carries an extended ACK message (NLMSGERR_ATTR_MSG), except
 * -EOPNOTSUPP for a command the family does not have, which genetlink's
 * core refuses before nfgate sees it. At the end it prints the totals and
 * the rate; the kernel-side checks (no splat, kmemleak) are vm-run's, the
 * state check (`nfgatectl show | nfgatectl apply --check`) the wrapper's.
 *
 * Usage: nfgate_fuzz [-s SEED] [-n COUNT] [-t SECONDS] [-v]
 *        nfgate_fuzz -P
 * -P: the permission probe instead (nfgate_perm.sh runs it without
 * CAP_NET_ADMIN): every command of the family, as a request and as a dump,
 * must be refused with -EPERM (-EOPNOTSUPP for a command with no such
 * operation, which genetlink checks first), and so must joining the
 * events group.
 * Runs in the caller's netns; prints TAP. Deterministic for one SEED (the
 * kernel's answers aside): the seed is printed, rerun with -s to reproduce.
 */

#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "nfgate_nl.h"

#define BIG_BUF		(2u << 20)	/* the largest request: 2 MiB */
#define MAX_ATTRS	4096		/* attribute offsets a mutation picks from */
#define MAX_REPORTS	20		/* refusals without extack shown in full */

static uint64_t rng_state;

/* xorshift64*: small, fast and the same everywhere. */
static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static uint32_t rn(uint32_t n)
{
	return n ? (uint32_t)(rnd() % n) : 0;
}

struct stats {
	unsigned long sent, accepted, refused, no_extack, opnotsupp;
	unsigned long dumps, dump_intr, interleaved, huge;
	unsigned long by_errno[160];
};

static struct stats st;
static int verbose;
static char *big;

static const char *const set_names[] = { "f4", "f6", "fp", "g4", "zz" };
static const char *const chain_names[] = { "fa", "fb", "fc" };

static const char *pick_set(void)
{
	return set_names[rn(sizeof(set_names) / sizeof(set_names[0]))];
}

static struct nlmsghdr *msg_start(struct genl *g, uint8_t cmd)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(big);
	struct genlmsghdr *gh;

	nlh->nlmsg_type = g->family;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	gh = mnl_nlmsg_put_extra_header(nlh, sizeof(*gh));
	gh->cmd = cmd;
	gh->version = NFGATE_GENL_VERSION;
	return nlh;
}

static void put_addr_nest(struct nlmsghdr *nlh, uint16_t type)
{
	struct nlattr *n = mnl_attr_nest_start(nlh, type);
	uint8_t a[16];
	int i;

	for (i = 0; i < 16; i++)
		a[i] = (uint8_t)rnd();
	if (rn(2)) {
		a[3] = 0;
		mnl_attr_put(nlh, NFGATE_ADDR_A_IN, 4, a);
		mnl_attr_put_u8(nlh, NFGATE_ADDR_A_PREFIX, 24);
	} else {
		memset(a + 8, 0, 8);
		mnl_attr_put(nlh, NFGATE_ADDR_A_IN6, 16, a);
		mnl_attr_put_u8(nlh, NFGATE_ADDR_A_PREFIX, 64);
	}
	mnl_attr_nest_end(nlh, n);
}

static void put_rule(struct nlmsghdr *nlh)
{
	struct nlattr *r = mnl_attr_nest_start(nlh, NFGATE_A_RULE);
	struct nlattr *n;

	if (rn(2)) {
		mnl_attr_put_u8(nlh, NFGATE_RULE_A_L4PROTO, rn(2) ? IPPROTO_TCP : IPPROTO_UDP);
		n = mnl_attr_nest_start(nlh, rn(2) ? NFGATE_RULE_A_DPORT : NFGATE_RULE_A_SPORT);
		mnl_attr_put_u16(nlh, NFGATE_PORT_A_MIN, (uint16_t)rn(1000));
		mnl_attr_put_u16(nlh, NFGATE_PORT_A_MAX, (uint16_t)(1000 + rn(1000)));
		mnl_attr_nest_end(nlh, n);
	}
	if (!rn(3))
		put_addr_nest(nlh, rn(2) ? NFGATE_RULE_A_SADDR : NFGATE_RULE_A_DADDR);
	if (!rn(4)) {
		n = mnl_attr_nest_start(nlh, NFGATE_RULE_A_MARK);
		mnl_attr_put_u32(nlh, NFGATE_MASK_A_VALUE, rn(256));
		mnl_attr_put_u32(nlh, NFGATE_MASK_A_MASK, 0xff);
		mnl_attr_nest_end(nlh, n);
	}
	if (!rn(4))
		mnl_attr_put_strz(nlh, NFGATE_RULE_A_IIFNAME, "veth*");
	if (!rn(4))
		mnl_attr_put_u32(nlh, NFGATE_RULE_A_CT_STATE, NFGATE_CT_STATE_NEW);
	if (!rn(5)) {
		n = mnl_attr_nest_start(nlh, NFGATE_RULE_A_LOG);
		mnl_attr_put_strz(nlh, NFGATE_LOG_A_PREFIX, "fz ");
		mnl_attr_put_u8(nlh, NFGATE_LOG_A_LEVEL, 4);
		mnl_attr_nest_end(nlh, n);
	}
	if (!rn(5))
		mnl_attr_put_strz(nlh, NFGATE_RULE_A_SADDR_SET, "f4");
	if (!rn(6)) {
		n = mnl_attr_nest_start(nlh, NFGATE_RULE_A_ADD_SET);
		mnl_attr_put_strz(nlh, NFGATE_ADD_SET_A_NAME, "g4");
		mnl_attr_put_u8(nlh, NFGATE_ADD_SET_A_FIELD, NFGATE_ADD_SET_SADDR);
		mnl_attr_nest_end(nlh, n);
	}
	if (!rn(6))
		mnl_attr_put_strz(nlh, NFGATE_RULE_A_COMMENT, "fuzz");
	if (!rn(6))
		mnl_attr_put_u32(nlh, NFGATE_RULE_A_INVERT, 1u << NFGATE_RULE_A_L4PROTO);
	mnl_attr_put_u32(nlh, NFGATE_RULE_A_VERDICT, rn(__NFGATE_VERDICT_MAX));
	mnl_attr_nest_end(nlh, r);
}

static void build_commit(struct genl *g, struct nlmsghdr **out)
{
	struct nlmsghdr *nlh = msg_start(g, NFGATE_CMD_COMMIT);
	unsigned int nchains = rn(4), i, j, nrules;
	struct nlattr *cs, *c, *rs;
	bool scoped = !rn(3);

	if (!rn(4))
		mnl_attr_put_u32(nlh, NFGATE_A_FLAGS, NFGATE_COMMIT_F_CHECK);
	if (scoped) {
		mnl_attr_put_strz(nlh, NFGATE_A_CHAIN_NAME, chain_names[0]);
		nchains = rn(2);
	}
	cs = mnl_attr_nest_start(nlh, NFGATE_A_CHAINS);
	for (i = 0; i < nchains; i++) {
		c = mnl_attr_nest_start(nlh, NFGATE_A_CHAIN);
		mnl_attr_put_strz(nlh, NFGATE_CHAIN_A_NAME, chain_names[scoped ? 0 : i % 3]);
		mnl_attr_put_u32(nlh, NFGATE_CHAIN_A_HOOK, rn(__NFGATE_HOOK_MAX));
		mnl_attr_put_u8(nlh, NFGATE_CHAIN_A_FAMILY, rn(2) ? NFGATE_FAMILY_INET : NFGATE_FAMILY_IP);
		mnl_attr_put_u32(nlh, NFGATE_CHAIN_A_PRIORITY, rn(200));
		mnl_attr_put_u32(nlh, NFGATE_CHAIN_A_POLICY, NFGATE_VERDICT_ACCEPT);
		rs = mnl_attr_nest_start(nlh, NFGATE_CHAIN_A_RULES);
		nrules = rn(6);
		for (j = 0; j < nrules; j++)
			put_rule(nlh);
		mnl_attr_nest_end(nlh, rs);
		mnl_attr_nest_end(nlh, c);
	}
	mnl_attr_nest_end(nlh, cs);
	*out = nlh;
}

static void put_elems(struct nlmsghdr *nlh, uint8_t type, unsigned int n)
{
	struct nlattr *es = mnl_attr_nest_start(nlh, NFGATE_SET_A_ELEMS), *e;
	unsigned int i;

	for (i = 0; i < n; i++) {
		e = mnl_attr_nest_start(nlh, NFGATE_SET_A_ELEM);
		if (type == NFGATE_SET_PORT) {
			uint16_t p = (uint16_t)rnd();

			mnl_attr_put_u16(nlh, NFGATE_ELEM_A_PORT_MIN, p);
			if (rn(2))
				mnl_attr_put_u16(nlh, NFGATE_ELEM_A_PORT_MAX, p + rn(100));
		} else {
			uint8_t a[16];
			int k;

			for (k = 0; k < 16; k++)
				a[k] = (uint8_t)rnd();
			mnl_attr_put(nlh, NFGATE_ELEM_A_ADDR,
				     type == NFGATE_SET_IPV4 ? 4 : 16, a);
			if (!rn(4))
				mnl_attr_put_u32(nlh, NFGATE_ELEM_A_TIMEOUT, rn(100));
			if (!rn(8))
				mnl_attr_put_strz(nlh, NFGATE_ELEM_A_COMMENT, "c");
		}
		mnl_attr_nest_end(nlh, e);
	}
	mnl_attr_nest_end(nlh, es);
}

static uint8_t set_type_of(const char *name)
{
	return name[1] == '6' ? NFGATE_SET_IPV6 :
	       name[1] == 'p' ? NFGATE_SET_PORT : NFGATE_SET_IPV4;
}

/* A valid set request (valid for the set's type when it exists). */
static void build_set(struct genl *g, struct nlmsghdr **out, unsigned int *huge)
{
	static const uint8_t cmds[] = {
		NFGATE_CMD_SET_CREATE, NFGATE_CMD_SET_ADD, NFGATE_CMD_SET_ADD,
		NFGATE_CMD_SET_DEL, NFGATE_CMD_SET_FLUSH, NFGATE_CMD_SET_SWAP,
		NFGATE_CMD_SET_DESTROY,
	};
	uint8_t cmd = cmds[rn(sizeof(cmds))];
	const char *name = pick_set();
	struct nlmsghdr *nlh = msg_start(g, cmd);
	unsigned int n;

	mnl_attr_put_strz(nlh, NFGATE_SET_A_NAME, name);
	switch (cmd) {
	case NFGATE_CMD_SET_CREATE:
		mnl_attr_put_u8(nlh, NFGATE_SET_A_TYPE, set_type_of(name));
		if (set_type_of(name) != NFGATE_SET_PORT) {
			/* zz takes the huge batches */
			mnl_attr_put_u32(nlh, NFGATE_SET_A_MAXELEM,
					 name[0] == 'z' ? 65536 : 1 + rn(4096));
			if (rn(2))
				mnl_attr_put_u32(nlh, NFGATE_SET_A_TIMEOUT, rn(600));
			if (rn(2))	/* COMPACT with a TIMEOUT is refused */
				mnl_attr_put_u32(nlh, NFGATE_SET_A_FLAGS,
						 rn(2) ? NFGATE_SET_F_COUNTERS :
							 NFGATE_SET_F_COMPACT);
		}
		break;
	case NFGATE_CMD_SET_ADD:
	case NFGATE_CMD_SET_DEL:
		n = 1 + rn(16);
		if (name[0] == 'z' && !rn(8)) {	/* huge: past the batch limit, or below */
			n = rn(2) ? NFGATE_SET_BATCH_MAX + 1 : 20000 + rn(20000);
			*huge = 1;
		}
		put_elems(nlh, set_type_of(name), n);
		break;
	case NFGATE_CMD_SET_SWAP:
		mnl_attr_put_strz(nlh, NFGATE_SET_A_NAME2, pick_set());
		break;
	}
	*out = nlh;
}

static void build_dump(struct genl *g, struct nlmsghdr **out)
{
	static const uint8_t cmds[] = {
		NFGATE_CMD_GET_CHAINS, NFGATE_CMD_GET_RULES,
		NFGATE_CMD_GET_SETS, NFGATE_CMD_GET_ELEMS,
	};
	uint8_t cmd = cmds[rn(sizeof(cmds))];
	struct nlmsghdr *nlh = msg_start(g, cmd);

	nlh->nlmsg_flags |= NLM_F_DUMP;
	if (cmd == NFGATE_CMD_GET_ELEMS || (cmd == NFGATE_CMD_GET_SETS && rn(2)))
		mnl_attr_put_strz(nlh, NFGATE_SET_A_NAME, pick_set());
	if (cmd == NFGATE_CMD_GET_RULES && rn(2))
		mnl_attr_put_strz(nlh, NFGATE_A_CHAIN_NAME, chain_names[rn(3)]);
	*out = nlh;
}

/* ---- mutations ---- */

struct attrs {
	unsigned int n;
	uint32_t off[MAX_ATTRS];	/* from the start of the message */
	uint32_t end[MAX_ATTRS];	/* end of the enclosing attribute area */
};

/* Does [p, p+len) parse exactly as a sequence of attributes? */
static bool looks_nested(const uint8_t *p, uint32_t len)
{
	uint32_t o = 0;

	if (len < NLA_HDRLEN)
		return false;
	while (o + NLA_HDRLEN <= len) {
		const struct nlattr *a = (const void *)(p + o);

		if (a->nla_len < NLA_HDRLEN || o + a->nla_len > len)
			return false;
		o += NLA_ALIGN(a->nla_len);
	}
	return o == len || o == NLA_ALIGN(len);
}

static void collect(uint8_t *base, uint32_t start, uint32_t len,
		    struct attrs *at, int depth)
{
	uint32_t o = start;

	while (o + NLA_HDRLEN <= start + len && at->n < MAX_ATTRS) {
		struct nlattr *a = (void *)(base + o);

		if (a->nla_len < NLA_HDRLEN || o + a->nla_len > start + len)
			return;
		at->off[at->n] = o;
		at->end[at->n++] = start + len;
		if (depth < 8 && looks_nested(base + o + NLA_HDRLEN,
					      a->nla_len - NLA_HDRLEN))
			collect(base, o + NLA_HDRLEN, a->nla_len - NLA_HDRLEN,
				at, depth + 1);
		o += NLA_ALIGN(a->nla_len);
	}
}

/* Insert @n bytes at @at, growing every enclosing attribute. */
static bool grow(struct nlmsghdr *nlh, struct attrs *at, uint32_t pos,
		 const void *data, uint32_t n)
{
	uint8_t *b = (uint8_t *)nlh;
	unsigned int i;

	if (nlh->nlmsg_len + n > BIG_BUF)
		return false;
	memmove(b + pos + n, b + pos, nlh->nlmsg_len - pos);
	memcpy(b + pos, data, n);
	for (i = 0; i < at->n; i++) {
		struct nlattr *a = (void *)(b + at->off[i] + (at->off[i] >= pos ? n : 0));

		if (at->off[i] < pos && at->off[i] + a->nla_len > pos &&
		    a->nla_len + n < 0xffff)
			a->nla_len += n;
	}
	nlh->nlmsg_len += n;
	return true;
}

static const char *mutate(struct nlmsghdr *nlh)
{
	static struct attrs at;
	uint8_t *b = (uint8_t *)nlh;
	struct genlmsghdr *gh = (void *)(b + NLMSG_HDRLEN);
	uint32_t start = NLMSG_HDRLEN + GENL_HDRLEN, len = nlh->nlmsg_len - start;
	struct nlattr *a;
	uint32_t i;

	at.n = 0;
	collect(b, start, len, &at, 0);
	switch (rn(12)) {
	case 0:	/* flip bytes in the attribute area */
		if (!len)
			return "none";
		for (i = 1 + rn(4); i; i--)
			b[start + rn(len)] ^= (uint8_t)(1u << rn(8));
		return "flip";
	case 1:	/* an attribute of another type */
		if (!at.n)
			return "none";
		a = (void *)(b + at.off[rn(at.n)]);
		a->nla_type = (uint16_t)(rn(4) ? rn(40) : rnd());
		return "type";
	case 2:	/* an attribute of a wrong length (payload kept in bounds) */
		if (!at.n)
			return "none";
		i = rn(at.n);
		a = (void *)(b + at.off[i]);
		a->nla_len = (uint16_t)(rn(3) ? a->nla_len + rn(9) - 4 : rn(at.end[i] - at.off[i] + 1));
		return "length";
	case 3:	/* truncated: nlmsg_len says the truth, the attributes do not */
		if (len < 2)
			return "none";
		nlh->nlmsg_len = start + rn(len);
		return "truncate";
	case 4: {	/* an unknown attribute somewhere */
		struct { struct nlattr h; uint32_t v; } u = {
			{ 8, (uint16_t)(30 + rn(0x7fff - 30)) }, (uint32_t)rnd() };
		uint32_t pos = at.n ? at.off[rn(at.n)] : start;

		if (at.n && rn(2)) {	/* inside the nest, as its first child */
			a = (void *)(b + pos);
			if (looks_nested(b + pos + NLA_HDRLEN, a->nla_len - NLA_HDRLEN))
				pos += NLA_HDRLEN;
		}
		grow(nlh, &at, pos, &u, sizeof(u));
		return "unknown-attr";
	}
	case 5: {	/* deep nests: NLA_F_NESTED or not, 10 to 600 levels */
		uint32_t depth = 10 + rn(590), pos = at.n ? at.off[rn(at.n)] : start;
		static struct nlattr hdr[600];
		uint16_t type = (uint16_t)(1 + rn(12)) | (rn(2) ? NLA_F_NESTED : 0);

		for (i = 0; i < depth; i++) {
			hdr[i].nla_len = (uint16_t)((depth - i) * NLA_HDRLEN);
			hdr[i].nla_type = type;
		}
		grow(nlh, &at, pos, hdr, depth * NLA_HDRLEN);
		return "deep";
	}
	case 6:	/* an unknown or out-of-range command */
		gh->cmd = (uint8_t)(rn(2) ? __NFGATE_CMD_MAX + rn(20) : rnd());
		return "cmd";
	case 7:	/* version and reserved */
		if (rn(2))
			gh->version = (uint8_t)rnd();
		else
			gh->reserved = (uint16_t)(1 + rn(0xfffe));
		return "genlhdr";
	case 8:	/* the dump flag toggled */
		nlh->nlmsg_flags ^= NLM_F_DUMP;
		return "dumpflag";
	case 9:	/* strings without their NUL, or empty */
		for (i = 0; i < at.n; i++) {
			a = (void *)(b + at.off[i]);
			if (a->nla_len > NLA_HDRLEN + 1 &&
			    b[at.off[i] + a->nla_len - 1] == 0 && rn(2)) {
				b[at.off[i] + a->nla_len - 1] = rn(2) ? 'x' : 0xff;
				return "string";
			}
		}
		return "none";
	default:	/* sent as built: the valid baseline */
		return "none";
	}
}

/* ---- sending ---- */

static int ignore_cb(const struct nlmsghdr *nlh, void *data)
{
	struct genl *g = data;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		g->priv = (void *)1;
	return MNL_CB_OK;
}

static void hexdump(const struct nlmsghdr *nlh)
{
	const uint8_t *b = (const void *)nlh;
	uint32_t i, n = nlh->nlmsg_len < 256 ? nlh->nlmsg_len : 256;

	printf("#   ");
	for (i = 0; i < n; i++)
		printf("%02x%s", b[i], (i % 32 == 31) ? "\n#   " : "");
	printf("\n");
}

static void account(struct genl *g, struct nlmsghdr *nlh, const char *what,
		    int err)
{
	struct genlmsghdr *gh = (void *)((uint8_t *)nlh + NLMSG_HDRLEN);

	st.sent++;
	if (!err) {
		st.accepted++;
		return;
	}
	st.refused++;
	if (-err > 0 && -err < 160)
		st.by_errno[-err]++;
	if (err == -EOPNOTSUPP) {
		st.opnotsupp++;
		return;
	}
	if (g->ext_msg[0])
		return;
	st.no_extack++;
	if (st.no_extack <= MAX_REPORTS) {
		printf("# no extack: cmd %u mutation %s: %s (len %u)\n", gh->cmd,
		       what, strerror(-err), nlh->nlmsg_len);
		hexdump(nlh);
	}
}

/* A dump on @d left half read while @g commits, then read to its end. */
static int interleave(struct genl *g, struct genl *d)
{
	struct nlmsghdr *nlh;
	int err;

	nlh = genl_msg(d, d->family, rn(2) ? NFGATE_CMD_GET_RULES : NFGATE_CMD_GET_SETS,
		       NFGATE_GENL_VERSION);
	nlh->nlmsg_flags |= NLM_F_DUMP;
	nlh->nlmsg_seq = ++d->seq;
	if (mnl_socket_sendto(d->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	build_commit(g, &nlh);
	err = genl_talk(g, nlh, ignore_cb);
	account(g, nlh, "interleave", err);
	d->priv = NULL;
	/* Drain the dump: genl_talk reads until NLMSG_DONE of seq. */
	{
		unsigned int portid = mnl_socket_get_portid(d->nl);
		ssize_t n;
		int ret;

		do {
			n = mnl_socket_recvfrom(d->nl, d->buf, sizeof(d->buf));
			if (n < 0)
				return -errno;
			ret = mnl_cb_run2(d->buf, n, d->seq, portid, ignore_cb, d,
					  ctl_cbs, NLMSG_MIN_TYPE);
		} while (ret > 0);
	}
	st.interleaved++;
	if (d->priv)
		st.dump_intr++;
	return 0;
}

static int one(struct genl *g, struct genl *d)
{
	struct nlmsghdr *nlh = NULL;
	unsigned int huge = 0;
	const char *what = "none";
	int err, kind = rn(10);

	if (kind == 0)
		return interleave(g, d);
	if (kind <= 3)
		build_commit(g, &nlh);
	else if (kind <= 7)
		build_set(g, &nlh, &huge);
	else if (kind == 8)
		build_dump(g, &nlh);
	else
		nlh = msg_start(g, NFGATE_CMD_GET_INFO);
	if (!huge && rn(10) < 7)
		what = mutate(nlh);
	st.huge += huge;
	if (nlh->nlmsg_flags & NLM_F_DUMP)
		st.dumps++;
	g->priv = NULL;
	err = genl_talk(g, nlh, ignore_cb);
	if (err == -ENOBUFS || err == -EMSGSIZE)
		return err;	/* our socket, not the kernel's verdict */
	if (verbose)
		printf("# %s cmd %u len %u: %d %s\n", what,
		       ((struct genlmsghdr *)((uint8_t *)nlh + NLMSG_HDRLEN))->cmd,
		       nlh->nlmsg_len, err, g->ext_msg);
	account(g, nlh, what, err);
	return 0;
}

/* -P: without CAP_NET_ADMIN everything is -EPERM. */
static int perm_probe(struct genl *g)
{
	int cmd, dump, err, bad = 0, n = 0;

	printf("TAP version 13\n1..2\n");
	for (cmd = 1; cmd <= NFGATE_CMD_MAX; cmd++) {
		for (dump = 0; dump < 2; dump++) {
			struct nlmsghdr *nlh = msg_start(g, (uint8_t)cmd);

			if (dump)
				nlh->nlmsg_flags |= NLM_F_DUMP;
			err = genl_talk(g, nlh, ignore_cb);
			n++;
			if (err == -EPERM || err == -EOPNOTSUPP)
				continue;
			printf("# cmd %d%s: %s, expected EPERM\n", cmd,
			       dump ? " (dump)" : "", strerror(-err));
			bad++;
		}
	}
	printf("%sok 1 all %d requests refused with EPERM\n", bad ? "not " : "", n);
	err = join_events(g);
	printf("%sok 2 joining the events group refused with EPERM (%s)\n",
	       err == -EPERM ? "" : "not ", strerror(-err));
	return bad || err != -EPERM;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int open_big(struct genl *g)
{
	int sz = BIG_BUF * 2, err = genl_open(g);

	if (err)
		return err;
	/* root: past net.core.wmem_max for the huge batches */
	setsockopt(mnl_socket_get_fd(g->nl), SOL_SOCKET, SO_SNDBUFFORCE, &sz, sizeof(sz));
	setsockopt(mnl_socket_get_fd(g->nl), SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz));
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long count = 20000, i;
	double limit = 300, t0, dt;
	uint64_t seed = 0;
	struct genl *g, *d;
	int opt, err, fails = 0, perm = 0;

	while ((opt = getopt(argc, argv, "s:n:t:vP")) != -1) {
		switch (opt) {
		case 'P': perm = 1; break;
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'n': count = strtoul(optarg, NULL, 0); break;
		case 't': limit = strtod(optarg, NULL); break;
		case 'v': verbose = 1; break;
		default:
			fprintf(stderr, "usage: %s [-s SEED] [-n COUNT] [-t SECONDS] [-v]\n", argv[0]);
			return 2;
		}
	}
	if (!seed)
		seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	rng_state = seed;
	g = calloc(1, sizeof(*g));
	d = calloc(1, sizeof(*d));
	big = malloc(BIG_BUF + 65536);
	if (!g || !d || !big)
		return 1;
	if (perm) {
		/* genl_open needs no capability: CTRL_CMD_GETFAMILY is open */
		err = genl_open(g);
		if (err) {
			printf("1..0 # SKIP cannot resolve the nfgate family: %s\n",
			       strerror(-err));
			return 4;
		}
		return perm_probe(g);
	}
	printf("TAP version 13\n1..3\n# seed %llu (rerun: %s -s %llu -n %lu)\n",
	       (unsigned long long)seed, argv[0], (unsigned long long)seed, count);
	err = open_big(g);
	if (!err)
		err = open_big(d);
	if (err) {
		printf("1..0 # SKIP cannot open the nfgate family: %s\n", strerror(-err));
		return 4;
	}
	t0 = now();
	for (i = 0; i < count && now() - t0 < limit; i++) {
		memset(big, 0, NLMSG_HDRLEN + GENL_HDRLEN);
		err = one(g, d);
		if (err) {
			printf("# request %lu: socket error %s\n", i, strerror(-err));
			fails++;
			break;
		}
	}
	dt = now() - t0;
	printf("# %lu messages in %.1f s: %.0f messages/s; accepted %lu, refused %lu (EOPNOTSUPP %lu)\n",
	       st.sent, dt, dt > 0 ? st.sent / dt : 0.0, st.accepted, st.refused, st.opnotsupp);
	printf("# dumps %lu, dumps interleaved with a commit %lu (%lu interrupted), huge batches %lu\n",
	       st.dumps, st.interleaved, st.dump_intr, st.huge);
	printf("# refusals by errno:");
	for (i = 1; i < 160; i++)
		if (st.by_errno[i])
			printf(" %s=%lu", strerrorname_np((int)i) ?: "?", st.by_errno[i]);
	printf("\n");
	printf("%sok 1 every request answered (%lu sent)\n", fails ? "not " : "", st.sent);
	printf("%sok 2 every refusal carries an extack message (%lu without)\n",
	       st.no_extack ? "not " : "", st.no_extack);
	/* Some requests of every kind got through: the skeletons are valid. */
	printf("%sok 3 valid skeletons accepted (%lu)\n",
	       st.accepted ? "" : "not ", st.accepted);
	genl_close(g);
	genl_close(d);
	return (fails || st.no_extack || !st.accepted) ? 1 : 0;
}
