// SPDX-License-Identifier: GPL-2.0
/*
 * nfgate_stress: load generators for nfgate_stress.sh. Prints TAP.
 *
 *   nfgate_stress -N COUNT   COUNT network namespaces, one after the other,
 *                            each created (unshare in a child), filled with
 *                            two chains whose rules use a set, an address
 *                            set with elements and a port set, and dropped
 *                            with its state (the child exits)
 *   nfgate_stress -H COUNT   hash flooding: COUNT IPv4 addresses that all
 *                            fall in bucket 0 of a set of maxelem 4096
 *                            under an unseeded jhash (seed 0, nfgate's
 *                            bucket function), added to and deleted from a
 *                            set, timed against COUNT random addresses. The
 *                            per-set random seed must keep the colliding
 *                            load within 3 times the random one.
 */

#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>

#include "nfgate_nl.h"

#define FLOOD_MAXELEM	4096
#define FLOOD_BATCH	1000

static struct nlmsghdr *set_msg(struct genl *g, uint8_t cmd, const char *name)
{
	struct nlmsghdr *nlh = genl_msg(g, g->family, cmd, NFGATE_GENL_VERSION);

	mnl_attr_put_strz(nlh, NFGATE_SET_A_NAME, name);
	return nlh;
}

static int set_create(struct genl *g, const char *name, uint8_t type,
		      uint32_t maxelem)
{
	struct nlmsghdr *nlh = set_msg(g, NFGATE_CMD_SET_CREATE, name);

	mnl_attr_put_u8(nlh, NFGATE_SET_A_TYPE, type);
	if (maxelem)
		mnl_attr_put_u32(nlh, NFGATE_SET_A_MAXELEM, maxelem);
	return genl_talk(g, nlh, reply_cb);
}

/* Add or delete @n IPv4 addresses (network order) in one message. */
static int set_v4(struct genl *g, uint8_t cmd, const char *name,
		  const uint32_t *addr, unsigned int n)
{
	struct nlmsghdr *nlh = set_msg(g, cmd, name);
	struct nlattr *list = mnl_attr_nest_start(nlh, NFGATE_SET_A_ELEMS), *e;
	unsigned int i;

	for (i = 0; i < n; i++) {
		e = mnl_attr_nest_start(nlh, NFGATE_SET_A_ELEM);
		mnl_attr_put(nlh, NFGATE_ELEM_A_ADDR, 4, &addr[i]);
		mnl_attr_nest_end(nlh, e);
	}
	mnl_attr_nest_end(nlh, list);
	return genl_talk(g, nlh, reply_cb);
}

/* One netns's worth of state: sets first, then rules that use them. */
static int fill_netns(struct genl *g, unsigned int i)
{
	uint32_t addr[16];
	struct nlmsghdr *nlh;
	struct nlattr *cs, *c, *rs, *r;
	unsigned int k;
	int err;

	for (k = 0; k < 16; k++)
		addr[k] = htonl(0x0a000000u | (i << 8) | k);
	err = set_create(g, "a4", NFGATE_SET_IPV4, 64);
	err = err ?: set_v4(g, NFGATE_CMD_SET_ADD, "a4", addr, 16);
	err = err ?: set_create(g, "pt", NFGATE_SET_PORT, 0);
	if (err)
		return err;
	nlh = commit_msg(g);
	cs = mnl_attr_nest_start(nlh, NFGATE_A_CHAINS);
	for (k = 0; k < 2; k++) {
		c = chain_begin(nlh, k ? "out" : "in", k ? NFGATE_HOOK_OUTPUT : NFGATE_HOOK_INPUT,
				NFGATE_FAMILY_INET, 0, NFGATE_VERDICT_ACCEPT);
		rs = mnl_attr_nest_start(nlh, NFGATE_CHAIN_A_RULES);
		put_port_rule(nlh, 22, NFGATE_VERDICT_ACCEPT, 0);
		r = mnl_attr_nest_start(nlh, NFGATE_A_RULE);
		mnl_attr_put_strz(nlh, NFGATE_RULE_A_SADDR_SET, "a4");
		mnl_attr_put_u32(nlh, NFGATE_RULE_A_VERDICT, NFGATE_VERDICT_DROP);
		mnl_attr_nest_end(nlh, r);
		mnl_attr_nest_end(nlh, rs);
		mnl_attr_nest_end(nlh, c);
	}
	mnl_attr_nest_end(nlh, cs);
	return genl_talk(g, nlh, reply_cb);
}

static int netns_child(unsigned int i)
{
	struct genl g;
	int err;

	if (unshare(CLONE_NEWNET))
		return 10;
	err = genl_open(&g);
	err = err ?: fill_netns(&g, i);
	if (err)
		fprintf(stderr, "# netns %u: %s %s\n", i, strerror(-err), g.ext_msg);
	genl_close(&g);
	return err ? 1 : 0;
}

static int netns_cycles(unsigned int count)
{
	unsigned int i, bad = 0;
	int status;
	pid_t pid;

	printf("TAP version 13\n1..1\n");
	for (i = 0; i < count; i++) {
		fflush(stdout);
		pid = fork();
		if (pid < 0)
			return 1;
		if (!pid)
			_exit(netns_child(i));
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status)) {
			if (bad++ < 5)
				printf("# cycle %u failed (status 0x%x)\n", i, status);
		}
	}
	printf("%sok 1 %u netns created, filled and destroyed (%u failed)\n",
	       bad ? "not " : "", count, bad);
	return bad ? 1 : 0;
}

/* ---- hash flooding ---- */

static uint32_t rol32(uint32_t w, unsigned int s)
{
	return (w << s) | (w >> (32 - s));
}

/* The kernel's jhash2() (lookup3 hashword). */
static uint32_t jhash2(const uint32_t *k, uint32_t length, uint32_t initval)
{
	uint32_t a, b, c;

	a = b = c = 0xdeadbeef + (length << 2) + initval;
	while (length > 3) {
		a += k[0]; b += k[1]; c += k[2];
		a -= c; a ^= rol32(c, 4); c += b;
		b -= a; b ^= rol32(a, 6); a += c;
		c -= b; c ^= rol32(b, 8); b += a;
		a -= c; a ^= rol32(c, 16); c += b;
		b -= a; b ^= rol32(a, 19); a += c;
		c -= b; c ^= rol32(b, 4); b += a;
		length -= 3;
		k += 3;
	}
	switch (length) {
	case 3: c += k[2]; /* fallthrough */
	case 2: b += k[1]; /* fallthrough */
	case 1: a += k[0];
		c ^= b; c -= rol32(b, 14);
		a ^= c; a -= rol32(c, 11);
		b ^= a; b -= rol32(a, 25);
		c ^= b; c -= rol32(b, 16);
		a ^= c; a -= rol32(c, 4);
		b ^= a; b -= rol32(a, 14);
		c ^= b; c -= rol32(b, 24);
	}
	return c;
}

/* nfgate's bucket of an IPv4 /32 in a set of @nb buckets, with seed 0. */
static uint32_t bucket0(uint32_t addr_be, uint32_t nb)
{
	uint32_t w[4] = { addr_be, 0, 0, 0 };

	return jhash2(w, 4, 0 ^ 32) & (nb - 1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Seconds to add then delete @n addresses in batches; <0 on error. */
static double add_del(struct genl *g, const char *name, const uint32_t *a,
		      unsigned int n)
{
	double t0 = now();
	unsigned int i, b;
	int err = 0;

	for (i = 0; !err && i < n; i += b) {
		b = n - i < FLOOD_BATCH ? n - i : FLOOD_BATCH;
		err = set_v4(g, NFGATE_CMD_SET_ADD, name, a + i, b);
	}
	for (i = 0; !err && i < n; i += b) {
		b = n - i < FLOOD_BATCH ? n - i : FLOOD_BATCH;
		err = set_v4(g, NFGATE_CMD_SET_DEL, name, a + i, b);
	}
	if (err) {
		printf("# %s: %s %s\n", name, strerror(-err), g->ext_msg);
		return -1;
	}
	return now() - t0;
}

static int hash_flood(unsigned int n)
{
	uint32_t nb = FLOOD_MAXELEM / 2, x = 0x01000000u, *coll, *rnd;
	double tc = 0, tr = 0, dc, dr;
	unsigned int i, round;
	struct genl g;
	int err;

	printf("TAP version 13\n1..1\n");
	coll = calloc(n, sizeof(*coll));
	rnd = calloc(n, sizeof(*rnd));
	if (!coll || !rnd || n > FLOOD_MAXELEM)
		return 1;
	for (i = 0; i < n; x++)
		if (bucket0(htonl(x), nb) == 0)
			coll[i++] = htonl(x);
	/* distinct: an odd multiplier is a bijection modulo 2^24 */
	for (i = 0; i < n; i++)
		rnd[i] = htonl(0x0b000000u | ((i * 2654435761u) & 0xffffff));
	err = genl_open(&g);
	err = err ?: set_create(&g, "coll", NFGATE_SET_IPV4, FLOOD_MAXELEM);
	err = err ?: set_create(&g, "rand", NFGATE_SET_IPV4, FLOOD_MAXELEM);
	if (err) {
		printf("1..0 # SKIP cannot create the sets: %s\n", strerror(-err));
		return 4;
	}
	/* Alternate, so that a slower phase of the machine hits both. */
	for (round = 0; round < 3; round++) {
		dc = add_del(&g, "coll", coll, n);
		dr = add_del(&g, "rand", rnd, n);
		if (dc < 0 || dr < 0)
			return 1;
		tc += dc;
		tr += dr;
	}
	printf("# %u addresses in one bucket of %u under seed 0: add+delete x3 %.3f s; %u random addresses: %.3f s (ratio %.2f)\n",
	       n, nb, tc, n, tr, tc / tr);
	printf("%sok 1 colliding addresses cost no more than 3x random ones\n",
	       tc < 3 * tr ? "" : "not ");
	genl_close(&g);
	return tc < 3 * tr ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "-N"))
		return netns_cycles((unsigned int)strtoul(argv[2], NULL, 0));
	if (argc == 3 && !strcmp(argv[1], "-H"))
		return hash_flood((unsigned int)strtoul(argv[2], NULL, 0));
	fprintf(stderr, "usage: %s -N COUNT | -H COUNT\n", argv[0]);
	return 2;
}
