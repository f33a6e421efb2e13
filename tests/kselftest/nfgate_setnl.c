// SPDX-License-Identifier: GPL-2.0
/*
 * nfgate set commands over raw generic netlink: malformed requests are
 * refused with an extended ACK that names the problem and points at the
 * offending attribute, and change nothing. Runs as root in the test VM
 * with nfgate loaded, in a fresh network namespace.
 */

#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "kselftest_harness.h"
#include "nfgate_nl.h"

static struct nlmsghdr *set_msg(struct genl *g, uint8_t cmd, const char *name)
{
	struct nlmsghdr *nlh = genl_msg(g, g->family, cmd, NFGATE_GENL_VERSION);

	if (name)
		mnl_attr_put_strz(nlh, NFGATE_SET_A_NAME, name);
	return nlh;
}

static int set_create(struct genl *g, const char *name, uint8_t type)
{
	struct nlmsghdr *nlh = set_msg(g, NFGATE_CMD_SET_CREATE, name);

	mnl_attr_put_u8(nlh, NFGATE_SET_A_TYPE, type);
	return genl_talk(g, nlh, reply_cb);
}

/* The element count of set @name, or -errno. */
static int set_count(struct genl *g, const char *name)
{
	struct nlmsghdr *nlh = set_msg(g, NFGATE_CMD_GET_SETS, name);
	int err;

	nlh->nlmsg_flags |= NLM_F_DUMP;
	memset(g->tb, 0, sizeof(g->tb));
	err = genl_talk(g, nlh, reply_cb);
	if (err)
		return err;
	if (!g->tb[NFGATE_SET_A_COUNT])
		return -ENODATA;
	return (int)mnl_attr_get_u32(g->tb[NFGATE_SET_A_COUNT]);
}

static void put_elem4(struct nlmsghdr *nlh, uint32_t addr_be, int plen)
{
	struct nlattr *e = mnl_attr_nest_start(nlh, NFGATE_SET_A_ELEM);

	mnl_attr_put(nlh, NFGATE_ELEM_A_ADDR, 4, &addr_be);
	if (plen >= 0)
		mnl_attr_put_u8(nlh, NFGATE_ELEM_A_PREFIX, (uint8_t)plen);
	mnl_attr_nest_end(nlh, e);
}

FIXTURE(setnl) {
	struct genl g;
};

FIXTURE_SETUP(setnl)
{
	int err;

	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	err = genl_open(&self->g);
	if (err == -ENOENT)
		SKIP(return, "nfgate family not registered (module not loaded)");
	ASSERT_EQ(0, err);
	ASSERT_EQ(0, set_create(&self->g, "v4", NFGATE_SET_IPV4));
	ASSERT_EQ(0, set_create(&self->g, "pt", NFGATE_SET_PORT));
}

FIXTURE_TEARDOWN(setnl)
{
	genl_close(&self->g);
}

TEST_F(setnl, read_only_attribute_refused)
{
	struct nlmsghdr *nlh = set_msg(&self->g, NFGATE_CMD_SET_CREATE, "x");

	mnl_attr_put_u8(nlh, NFGATE_SET_A_TYPE, NFGATE_SET_IPV4);
	mnl_attr_put_u32(nlh, NFGATE_SET_A_COUNT, 5);
	EXPECT_EQ(-EINVAL, genl_talk(&self->g, nlh, reply_cb));
	EXPECT_STREQ("COUNT is read-only", self->g.ext_msg);
	EXPECT_LT(0, self->g.ext_offs);
	EXPECT_EQ(-ENOENT, set_count(&self->g, "x"));
}

TEST_F(setnl, missing_type_refused)
{
	struct nlmsghdr *nlh = set_msg(&self->g, NFGATE_CMD_SET_CREATE, "x");

	EXPECT_EQ(-EINVAL, genl_talk(&self->g, nlh, reply_cb));
	EXPECT_STREQ("a required attribute is missing", self->g.ext_msg);
	EXPECT_EQ(-ENOENT, set_count(&self->g, "x"));
}

TEST_F(setnl, bad_type_and_name_refused)
{
	struct nlmsghdr *nlh = set_msg(&self->g, NFGATE_CMD_SET_CREATE, "x");

	mnl_attr_put_u8(nlh, NFGATE_SET_A_TYPE, 9);
	EXPECT_EQ(-ERANGE, genl_talk(&self->g, nlh, reply_cb));
	EXPECT_LT(0, self->g.ext_offs);
	EXPECT_EQ(-EINVAL, set_create(&self->g, "a b", NFGATE_SET_IPV4));
	EXPECT_NE(NULL, strstr(self->g.ext_msg, "set names use"));
	/* the fuzzer's find: a Latin-1 letter is not a name character */
	EXPECT_EQ(-EINVAL, set_create(&self->g, "\xe7" "4", NFGATE_SET_IPV4));
	EXPECT_NE(NULL, strstr(self->g.ext_msg, "set names use"));
}

TEST_F(setnl, attribute_of_another_command_refused)
{
	struct nlmsghdr *nlh = set_msg(&self->g, NFGATE_CMD_SET_FLUSH, "v4");

	mnl_attr_put_strz(nlh, NFGATE_SET_A_NAME2, "pt");
	EXPECT_EQ(-EINVAL, genl_talk(&self->g, nlh, reply_cb));
	EXPECT_STREQ("attribute not valid for this command", self->g.ext_msg);
}

TEST_F(setnl, timeout_over_max_refused)
{
	struct nlmsghdr *nlh = set_msg(&self->g, NFGATE_CMD_SET_CREATE, "x");

	mnl_attr_put_u8(nlh, NFGATE_SET_A_TYPE, NFGATE_SET_IPV4);
	mnl_attr_put_u32(nlh, NFGATE_SET_A_TIMEOUT, NFGATE_SET_TIMEOUT_MAX + 1);
	EXPECT_EQ(-ERANGE, genl_talk(&self->g, nlh, reply_cb));
	EXPECT_EQ(-ENOENT, set_count(&self->g, "x"));
}

/* The second element is bad: the batch is refused, the offset points at it. */
TEST_F(setnl, bad_element_refuses_the_batch)
{
	struct nlmsghdr *nlh = set_msg(&self->g, NFGATE_CMD_SET_ADD, "v4");
	struct nlattr *list, *bad;
	uint8_t three[3] = { 10, 0, 0 };

	list = mnl_attr_nest_start(nlh, NFGATE_SET_A_ELEMS);
	put_elem4(nlh, htonl(0x0a000001), -1);
	bad = mnl_attr_nest_start(nlh, NFGATE_SET_A_ELEM);
	mnl_attr_put(nlh, NFGATE_ELEM_A_ADDR, sizeof(three), three);
	mnl_attr_nest_end(nlh, bad);
	mnl_attr_nest_end(nlh, list);
	EXPECT_EQ(-EINVAL, genl_talk(&self->g, nlh, reply_cb));
	EXPECT_STREQ("element needs a 4-byte ADDR (IPv4 set)", self->g.ext_msg);
	EXPECT_EQ((char *)bad - (char *)nlh, self->g.ext_offs);
	EXPECT_EQ(0, set_count(&self->g, "v4"));
}

TEST_F(setnl, prefix_and_host_bits_refused)
{
	struct nlmsghdr *nlh = set_msg(&self->g, NFGATE_CMD_SET_ADD, "v4");
	struct nlattr *list;

	list = mnl_attr_nest_start(nlh, NFGATE_SET_A_ELEMS);
	put_elem4(nlh, htonl(0x0a000000), 33);
	mnl_attr_nest_end(nlh, list);
	EXPECT_EQ(-EINVAL, genl_talk(&self->g, nlh, reply_cb));
	EXPECT_STREQ("prefix longer than the address", self->g.ext_msg);

	nlh = set_msg(&self->g, NFGATE_CMD_SET_ADD, "v4");
	list = mnl_attr_nest_start(nlh, NFGATE_SET_A_ELEMS);
	put_elem4(nlh, htonl(0x0a000001), 8);
	mnl_attr_nest_end(nlh, list);
	EXPECT_EQ(-EINVAL, genl_talk(&self->g, nlh, reply_cb));
	EXPECT_STREQ("address has bits set past its prefix length",
		     self->g.ext_msg);
	EXPECT_EQ(0, set_count(&self->g, "v4"));
}

TEST_F(setnl, read_only_element_attribute_refused)
{
	struct nlmsghdr *nlh = set_msg(&self->g, NFGATE_CMD_SET_ADD, "v4");
	struct nlattr *list, *e;
	uint32_t a = htonl(0x0a000001);

	list = mnl_attr_nest_start(nlh, NFGATE_SET_A_ELEMS);
	e = mnl_attr_nest_start(nlh, NFGATE_SET_A_ELEM);
	mnl_attr_put(nlh, NFGATE_ELEM_A_ADDR, 4, &a);
	mnl_attr_put_u32(nlh, NFGATE_ELEM_A_EXPIRES, 1);
	mnl_attr_nest_end(nlh, e);
	mnl_attr_nest_end(nlh, list);
	EXPECT_EQ(-EINVAL, genl_talk(&self->g, nlh, reply_cb));
	EXPECT_STREQ("EXPIRES is read-only", self->g.ext_msg);
	EXPECT_EQ(0, set_count(&self->g, "v4"));
}

TEST_F(setnl, list_entry_of_wrong_type_refused)
{
	struct nlmsghdr *nlh = set_msg(&self->g, NFGATE_CMD_SET_ADD, "v4");
	struct nlattr *list, *e;

	list = mnl_attr_nest_start(nlh, NFGATE_SET_A_ELEMS);
	e = mnl_attr_nest_start(nlh, NFGATE_SET_A_NAME);
	mnl_attr_nest_end(nlh, e);
	mnl_attr_nest_end(nlh, list);
	EXPECT_EQ(-EINVAL, genl_talk(&self->g, nlh, reply_cb));
	EXPECT_STREQ("unexpected attribute type in a list", self->g.ext_msg);
}

TEST_F(setnl, port_set_refuses_addresses)
{
	struct nlmsghdr *nlh = set_msg(&self->g, NFGATE_CMD_SET_ADD, "pt");
	struct nlattr *list;

	list = mnl_attr_nest_start(nlh, NFGATE_SET_A_ELEMS);
	put_elem4(nlh, htonl(0x0a000001), -1);
	mnl_attr_nest_end(nlh, list);
	EXPECT_EQ(-EINVAL, genl_talk(&self->g, nlh, reply_cb));
	EXPECT_STREQ("a port set's element is PORT_MIN [PORT_MAX]", self->g.ext_msg);
	EXPECT_EQ(0, set_count(&self->g, "pt"));
}

TEST_F(setnl, swap_of_different_types_refused)
{
	struct nlmsghdr *nlh = set_msg(&self->g, NFGATE_CMD_SET_SWAP, "v4");

	mnl_attr_put_strz(nlh, NFGATE_SET_A_NAME2, "pt");
	EXPECT_EQ(-EINVAL, genl_talk(&self->g, nlh, reply_cb));
	EXPECT_STREQ("sets of different types cannot swap", self->g.ext_msg);
}

TEST_F(setnl, unknown_set_refused)
{
	struct nlmsghdr *nlh = set_msg(&self->g, NFGATE_CMD_SET_DESTROY, "nope");

	EXPECT_EQ(-ENOENT, genl_talk(&self->g, nlh, reply_cb));
	EXPECT_STREQ("no such set", self->g.ext_msg);
	nlh = set_msg(&self->g, NFGATE_CMD_GET_ELEMS, "nope");
	nlh->nlmsg_flags |= NLM_F_DUMP;
	EXPECT_EQ(-ENOENT, genl_talk(&self->g, nlh, reply_cb));
	EXPECT_STREQ("no such set", self->g.ext_msg);
}

/*
 * Found by nfgate_fuzz: on 6.1, netlink runs a dump's start() without an
 * extack, so these refusals arrived without their message.
 */
TEST_F(setnl, dump_refusals_explained)
{
	struct nlmsghdr *nlh = set_msg(&self->g, NFGATE_CMD_GET_SETS, "nope");

	nlh->nlmsg_flags |= NLM_F_DUMP;
	EXPECT_EQ(-ENOENT, genl_talk(&self->g, nlh, reply_cb));
	EXPECT_STREQ("no such set", self->g.ext_msg);
	nlh = set_msg(&self->g, NFGATE_CMD_GET_ELEMS, NULL);
	nlh->nlmsg_flags |= NLM_F_DUMP;
	EXPECT_EQ(-EINVAL, genl_talk(&self->g, nlh, reply_cb));
	EXPECT_STREQ("GET_ELEMS needs the set's NAME", self->g.ext_msg);
	nlh = genl_msg(&self->g, self->g.family, NFGATE_CMD_GET_RULES,
		       NFGATE_GENL_VERSION);
	mnl_attr_put_strz(nlh, NFGATE_A_CHAIN_NAME, "nope");
	nlh->nlmsg_flags |= NLM_F_DUMP;
	EXPECT_EQ(-ENOENT, genl_talk(&self->g, nlh, reply_cb));
	EXPECT_STREQ("no such chain", self->g.ext_msg);
	/* a dump that works still ends cleanly */
	nlh = set_msg(&self->g, NFGATE_CMD_GET_SETS, "v4");
	nlh->nlmsg_flags |= NLM_F_DUMP;
	EXPECT_EQ(0, genl_talk(&self->g, nlh, reply_cb));
}

TEST_HARNESS_MAIN
