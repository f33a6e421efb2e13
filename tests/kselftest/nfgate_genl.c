// SPDX-License-Identifier: GPL-2.0
/*
 * nfgate generic netlink conformance: replies, strict validation with
 * extended ACKs, permissions and network namespace scoping. Runs as root
 * in the test VM with nfgate loaded; talks raw netlink through libmnl so it
 * checks the kernel and not nfgatectl.
 */

#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/capability.h>

#include "kselftest_harness.h"
#include "nfgate_nl.h"

FIXTURE(nfgate) {
	struct genl g;
};

FIXTURE_SETUP(nfgate)
{
	int err = genl_open(&self->g);

	if (err == -ENOENT)
		SKIP(return, "nfgate family not registered (module not loaded)");
	ASSERT_EQ(0, err);
	ASSERT_NE(0, self->g.family);
	ASSERT_NE(0, self->g.mcgrp);
}

FIXTURE_TEARDOWN(nfgate)
{
	genl_close(&self->g);
}

TEST_F(nfgate, get_info_reply)
{
	struct nlattr **tb = self->g.tb;

	ASSERT_EQ(0, get_info(&self->g));
	ASSERT_NE(NULL, tb[NFGATE_INFO_A_VERSION]);
	EXPECT_LT(0, strlen(mnl_attr_get_str(tb[NFGATE_INFO_A_VERSION])));
	ASSERT_NE(NULL, tb[NFGATE_INFO_A_FEATURES]);
	EXPECT_TRUE(mnl_attr_get_u64(tb[NFGATE_INFO_A_FEATURES]) &
		    NFGATE_FEATURE_EVENTS);
	ASSERT_NE(NULL, tb[NFGATE_INFO_A_NETNS_COOKIE]);
	EXPECT_EQ(sock_netns_cookie(&self->g),
		  mnl_attr_get_u64(tb[NFGATE_INFO_A_NETNS_COOKIE]));
	ASSERT_NE(NULL, tb[NFGATE_INFO_A_GENERATION]);
	ASSERT_NE(NULL, tb[NFGATE_INFO_A_CHAINS]);
	ASSERT_NE(NULL, tb[NFGATE_INFO_A_RULES]);
	ASSERT_NE(NULL, tb[NFGATE_INFO_A_SETS]);
	ASSERT_NE(NULL, tb[NFGATE_INFO_A_HOOKS]);
}

TEST_F(nfgate, unknown_attribute_rejected_with_extack)
{
	struct nlmsghdr *nlh;

	nlh = genl_msg(&self->g, self->g.family, NFGATE_CMD_GET_INFO,
		       NFGATE_GENL_VERSION);
	mnl_attr_put_u32(nlh, NFGATE_INFO_A_CHAINS, 1);
	EXPECT_EQ(-EINVAL, genl_talk(&self->g, nlh, reply_cb));
	EXPECT_LT(0, strlen(self->g.ext_msg));
	/* The offset points at the attribute, right after the headers. */
	EXPECT_EQ(NLMSG_HDRLEN + GENL_HDRLEN, self->g.ext_offs);
	TH_LOG("extack: \"%s\" at offset %d", self->g.ext_msg,
	       self->g.ext_offs);
}

TEST_F(nfgate, reserved_header_field_rejected)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *gh;

	nlh = genl_msg(&self->g, self->g.family, NFGATE_CMD_GET_INFO,
		       NFGATE_GENL_VERSION);
	gh = mnl_nlmsg_get_payload(nlh);
	gh->reserved = 1;
	EXPECT_EQ(-EINVAL, genl_talk(&self->g, nlh, reply_cb));
	EXPECT_LT(0, strlen(self->g.ext_msg));
}

TEST_F(nfgate, unknown_command_rejected)
{
	EXPECT_EQ(-EOPNOTSUPP,
		  genl_talk(&self->g, genl_msg(&self->g, self->g.family,
					       NFGATE_CMD_MAX + 1, 1),
			    reply_cb));
}

TEST_F(nfgate, dump_of_get_info_rejected)
{
	struct nlmsghdr *nlh;

	nlh = genl_msg(&self->g, self->g.family, NFGATE_CMD_GET_INFO,
		       NFGATE_GENL_VERSION);
	nlh->nlmsg_flags |= NLM_F_DUMP;
	EXPECT_EQ(-EOPNOTSUPP, genl_talk(&self->g, nlh, reply_cb));
}

TEST_F(nfgate, events_group_join)
{
	EXPECT_EQ(0, join_events(&self->g));
}

static int drop_cap_net_admin(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data))
		return -errno;
	data[CAP_TO_INDEX(CAP_NET_ADMIN)].effective &=
		~CAP_TO_MASK(CAP_NET_ADMIN);
	if (syscall(SYS_capset, &hdr, data))
		return -errno;
	return 0;
}

/* Run @fn in a child process; its exit status is the number of failures. */
static int in_child(int (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn());
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

#define CHILD_CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "# %s:%d: check failed: %s\n",		\
			__FILE__, __LINE__, #cond);			\
		return 1;						\
	}								\
} while (0)

static int child_without_cap(void)
{
	struct genl g;

	/* Positive control first: the same process may read with the cap. */
	CHILD_CHECK(genl_open(&g) == 0);
	CHILD_CHECK(get_info(&g) == 0);
	CHILD_CHECK(drop_cap_net_admin() == 0);
	CHILD_CHECK(get_info(&g) == -EPERM);
	CHILD_CHECK(join_events(&g) == -EPERM);
	genl_close(&g);
	return 0;
}

TEST(no_cap_net_admin_is_eperm)
{
	EXPECT_EQ(0, in_child(child_without_cap));
}

static uint64_t init_cookie;

static int child_userns_own_netns(void)
{
	struct genl g;

	CHILD_CHECK(unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0);
	CHILD_CHECK(genl_open(&g) == 0);
	CHILD_CHECK(get_info(&g) == 0);
	CHILD_CHECK(g.tb[NFGATE_INFO_A_NETNS_COOKIE]);
	CHILD_CHECK(mnl_attr_get_u64(g.tb[NFGATE_INFO_A_NETNS_COOKIE]) ==
		    sock_netns_cookie(&g));
	CHILD_CHECK(sock_netns_cookie(&g) != init_cookie);
	CHILD_CHECK(join_events(&g) == 0);
	genl_close(&g);
	return 0;
}

static int child_userns_foreign_netns(void)
{
	struct genl g;

	/* A new user namespace owns no network namespace yet. */
	CHILD_CHECK(unshare(CLONE_NEWUSER) == 0);
	CHILD_CHECK(genl_open(&g) == 0);
	CHILD_CHECK(get_info(&g) == -EPERM);
	CHILD_CHECK(join_events(&g) == -EPERM);
	genl_close(&g);
	return 0;
}

TEST_F(nfgate, userns_root_manages_only_its_own_netns)
{
	init_cookie = sock_netns_cookie(&self->g);
	ASSERT_NE(0, init_cookie);
	EXPECT_EQ(0, in_child(child_userns_own_netns));
	EXPECT_EQ(0, in_child(child_userns_foreign_netns));
}

TEST_HARNESS_MAIN
