/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Force-included into every nfgate source file (see Kbuild). All kernel
 * version differences live here and nowhere else.
 *
 * Supported floor: Linux 6.1 (Debian 12). Verified: Debian's 6.1 kernel.
 */
#ifndef _NFGATE_COMPAT_H
#define _NFGATE_COMPAT_H

#include <linux/version.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0)
#error "nfgate requires Linux 6.1 or newer"
#endif

#include <net/genetlink.h>

/*
 * Multicast groups that require CAP_NET_ADMIN arrived in 6.6 and were
 * backported to the 6.1 stable series (Debian 12 has them). Without them
 * any user could listen to nfgate's events.
 */
#ifndef GENL_MCAST_CAP_NET_ADMIN
/* Linux 6.6, or a 6.1 stable kernel with its backport */
#error "nfgate requires GENL_MCAST_CAP_NET_ADMIN"
#endif

/*
 * Linux 6.2 moved a dump's parsed attributes into a struct genl_info
 * embedded in struct genl_dumpit_info (genl_info_dump()). nfgate reads
 * them as genl_dumpit_info(cb)->attrs, the 6.1 layout; on newer kernels
 * the macro yields the embedded genl_info, which has the same member.
 * (A function-like macro does not expand inside its own body, so this
 * calls the kernel's inline genl_dumpit_info().)
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#define genl_dumpit_info(cb) (&genl_dumpit_info(cb)->info)
#endif

/*
 * Formatted extack messages (NL_SET_ERR_MSG_ATTR_FMT) arrived in 6.2 with
 * a buffer inside struct netlink_ext_ack. On 6.1 the message points into
 * a small static ring that nfgate_msgbuf() formats into (netlink.c); the
 * ack copies it before dozens of other errors could recycle the slot.
 */
const char *nfgate_msgbuf(const char *fmt, ...) __printf(1, 2);
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)
#define NL_SET_ERR_MSG_ATTR_FMT(extack, attr, fmt, args...) do {	\
	struct netlink_ext_ack *__extack = (extack);			\
									\
	if (__extack) {							\
		__extack->_msg = nfgate_msgbuf(fmt, ##args);		\
		__extack->bad_attr = (attr);				\
	}								\
} while (0)
#endif

#endif /* _NFGATE_COMPAT_H */
