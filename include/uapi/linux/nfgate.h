/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * nfgate: a netfilter fast path configured over generic netlink.
 *
 * This header is the whole ABI between nfgate.ko and userspace. Both sides
 * include it through their include paths; it is never copied.
 * Documentation/netlink/specs/nfgate.yaml describes the same ABI as a YNL
 * spec (the kernel's tools/net/ynl drives the module with it); when this
 * header changes, scripts/check-spec names what the spec lacks.
 *
 * Documentation
 * =============
 *
 * The generic netlink family is NFGATE_GENL_NAME ("nfgate"), version
 * NFGATE_GENL_VERSION. Resolve it with CTRL_CMD_GETFAMILY; when nfgate.ko is
 * installed but not loaded, that lookup loads it (the module carries
 * MODULE_ALIAS_GENL_FAMILY("nfgate")).
 *
 * All state is per network namespace: a request acts on the netns of the
 * netlink socket it arrives on, and sees nothing of any other netns.
 *
 * Permissions: every command, reads included, and subscribing to the
 * NFGATE_MCGRP_EVENTS multicast group require CAP_NET_ADMIN in the user
 * namespace that owns the socket's network namespace (GENL_UNS_ADMIN_PERM,
 * GENL_MCAST_CAP_NET_ADMIN), as nf_tables does. Root in an unprivileged user
 * namespace therefore manages the netns it created, and only that one.
 * Without the capability a request fails with -EPERM. Reads are protected
 * too because a firewall's rules and counters tell an attacker what it
 * lets through.
 *
 * Requests are validated strictly: an unknown attribute, a wrong type or
 * length, or trailing data is refused with -EINVAL (or -ERANGE, -E2BIG, ...)
 * and an extended ACK whose message names the problem and whose offset
 * points at the offending attribute (NLMSGERR_ATTR_MSG / NLMSGERR_ATTR_OFFS,
 * with NETLINK_EXT_ACK set on the socket). The reserved field of the
 * generic netlink header must be zero. A refused request changes nothing.
 * A dump refused for its request (a named chain or set that does not
 * exist) answers with NLMSG_ERROR, or, on kernels such as 6.1 whose netlink
 * gives a dump's start no extack, with the error in NLMSG_DONE; the
 * extended ACK message comes with it either way.
 *
 * Commands
 * --------
 *
 * NFGATE_CMD_GET_INFO: describe the module and this netns's state. Must be
 * called without NLM_F_DUMP. The request carries no attributes. The reply
 * has the form:
 *
 *    NFGATE_INFO_A_VERSION: NLA_NUL_STRING, module version (git describe)
 *    NFGATE_INFO_A_FEATURES: NLA_U64, bitmap of enum nfgate_feature
 *    NFGATE_INFO_A_NETNS_COOKIE: NLA_U64, the netns cookie, equal to what
 *                                getsockopt(SO_NETNS_COOKIE) returns for a
 *                                socket in the same netns
 *    NFGATE_INFO_A_GENERATION: NLA_U32, this netns's commit generation; it
 *                              changes with every committed change
 *    NFGATE_INFO_A_CHAINS: NLA_U32, chains in this netns
 *    NFGATE_INFO_A_RULES: NLA_U32, rules in this netns
 *    NFGATE_INFO_A_SETS: NLA_U32, sets in this netns
 *    NFGATE_INFO_A_HOOKS: NLA_U32, netfilter hooks nfgate has registered
 *                         in this netns (zero: nfgate costs nothing here)
 *
 * U64 attributes are 64-bit aligned with NFGATE_INFO_A_PAD.
 *
 * NFGATE_CMD_COMMIT: replace this netns's whole ruleset, or one chain of it,
 * in one atomic step. Without NLM_F_DUMP. The request has the form:
 *
 *    NFGATE_A_FLAGS: NLA_U32, optional, enum nfgate_commit_flags;
 *                    NFGATE_COMMIT_F_CHECK validates and builds everything
 *                    (loading logger backends if needed) and then discards
 *                    it, so nothing changes
 *    NFGATE_A_GENERATION: NLA_U32, optional; if given, the commit fails
 *                         with -ERESTART unless the netns is still at this
 *                         generation (read-modify-write without races)
 *    NFGATE_A_CHAIN_NAME: NLA_NUL_STRING, optional; scopes the commit to
 *                         this one chain: NFGATE_A_CHAINS then carries zero
 *                         chains (delete it; -ENOENT if it does not exist)
 *                         or one chain of that name (create or replace it);
 *                         all other chains stay as they are. Without it, the
 *                         chains given are the whole new ruleset (none:
 *                         flush everything).
 *    NFGATE_A_CHAINS: NLA_NESTED
 *        NFGATE_A_CHAIN: NLA_NESTED, one per chain
 *            NFGATE_CHAIN_A_NAME: NLA_NUL_STRING, [A-Za-z0-9_.-]+, unique,
 *                                 < NFGATE_NAME_MAX bytes
 *            NFGATE_CHAIN_A_HOOK: NLA_U32, enum nfgate_hook
 *            NFGATE_CHAIN_A_FAMILY: NLA_U8, enum nfgate_family
 *            NFGATE_CHAIN_A_PRIORITY: NLA_S32, any but INT_MIN and INT_MAX
 *            NFGATE_CHAIN_A_POLICY: NLA_U32, optional, NFGATE_VERDICT_ACCEPT
 *                                   (default) or NFGATE_VERDICT_DROP
 *            NFGATE_CHAIN_A_RULES: NLA_NESTED, optional
 *                NFGATE_A_RULE: NLA_NESTED, one per rule, in order
 *                    NFGATE_RULE_A_HANDLE: NLA_U64, optional: continue the
 *                                          existing rule with this handle
 *                    NFGATE_RULE_A_COMMENT: NLA_NUL_STRING, optional
 *                    NFGATE_RULE_A_INVERT: NLA_U32, optional, negations
 *                    matches (all optional, each at most once):
 *                    NFGATE_RULE_A_NFPROTO: NLA_U8, NFPROTO_IPV4 or _IPV6
 *                    NFGATE_RULE_A_L4PROTO: NLA_U8, IPPROTO_*
 *                    NFGATE_RULE_A_IIFNAME, _OIFNAME: NLA_NUL_STRING; a
 *                                   trailing '*' matches any suffix
 *                    NFGATE_RULE_A_SADDR, _DADDR: NLA_NESTED, nfgate_addr_attr
 *                    NFGATE_RULE_A_SPORT, _DPORT: NLA_NESTED, nfgate_port_attr
 *                    NFGATE_RULE_A_ICMP: NLA_NESTED, nfgate_icmp_attr
 *                    NFGATE_RULE_A_TCP_FLAGS: NLA_NESTED, nfgate_mask_attr
 *                    NFGATE_RULE_A_CT_STATE: NLA_U32, NFGATE_CT_STATE_*
 *                    NFGATE_RULE_A_CT_STATUS: NLA_U32, NFGATE_CT_STATUS_*
 *                    NFGATE_RULE_A_CT_DIRECTION: NLA_U8, enum nfgate_ct_dir
 *                    NFGATE_RULE_A_MARK: NLA_NESTED, nfgate_mask_attr
 *                    NFGATE_RULE_A_SADDR_SET, _DADDR_SET: NLA_NUL_STRING,
 *                                   the name of an ipv4 or ipv6 set
 *                    NFGATE_RULE_A_SPORT_SET, _DPORT_SET: NLA_NUL_STRING,
 *                                   the name of a port set
 *                    NFGATE_RULE_A_RECENT: NLA_NESTED, nfgate_meter_attr:
 *                                   NAME (a recent table), MODE (default
 *                                   check), SECONDS, HITCOUNT, RDEST, INVERT
 *                    NFGATE_RULE_A_RATE: NLA_NESTED, nfgate_meter_attr:
 *                                   NAME (a rate table), RDEST, INVERT
 *                    actions (all optional):
 *                    NFGATE_RULE_A_LOG: NLA_NESTED, nfgate_log_attr
 *                    NFGATE_RULE_A_MARK_SET: NLA_NESTED, nfgate_mask_attr:
 *                                   mark = (mark & ~MASK) | VALUE
 *                    NFGATE_RULE_A_VERDICT: NLA_U32, enum nfgate_verdict,
 *                                   default NFGATE_VERDICT_CONTINUE
 *                    NFGATE_RULE_A_REJECT: NLA_NESTED, nfgate_reject_attr,
 *                                   only with NFGATE_VERDICT_REJECT; the
 *                                   default is NFGATE_REJECT_ICMPX_PORT
 *                    NFGATE_RULE_A_ADD_SET: NLA_NESTED, nfgate_add_set_attr:
 *                                   add the packet's source or destination
 *                                   address to an ipv4/ipv6 set
 *    NFGATE_A_SETS: NLA_NESTED, optional (NFGATE_FEATURE_COMMIT_SETS); not
 *                   with NFGATE_A_CHAIN_NAME. The sets of the new state,
 *                   see "Sets in a commit" below. Without it the commit
 *                   leaves the sets alone.
 *        NFGATE_A_SET: NLA_NESTED, one per set
 *            NFGATE_SET_A_NAME, _TYPE, _MAXELEM, _TIMEOUT, _FLAGS: as
 *                   SET_CREATE takes them (FLAGS without STAGING)
 *            NFGATE_SET_A_NAME2: NLA_NUL_STRING, optional: a staging set
 *                   of this socket whose contents the set takes; its type
 *                   and options must be the set's
 *
 * Replies carry no attributes. Every successful commit that is not a check
 * bumps the generation and sends an event (below).
 *
 * Rule semantics: all present matches must hold; bit N of INVERT negates
 * the match in attribute type N (matches: NFGATE_RULE_MATCH_FIRST to
 * _LAST and NFGATE_RULE_SET_MATCH_FIRST to _LAST). Addresses, ICMP and
 * ICMPv6 matches restrict a rule to their family. Port matches need
 * l4proto tcp, udp, sctp or udplite, or no l4proto (then any of those). A match that cannot
 * be evaluated on a packet (ports of a non-first fragment, conntrack status
 * of an untracked packet) fails the rule, negated or not. Conntrack matches
 * (CT_STATE, CT_STATUS, CT_DIRECTION) make nfgate enable conntrack in the
 * netns, and are refused in prerouting and output chains whose priority is
 * not above NFGATE_PRIO_CONNTRACK. A matching rule counts the packet, logs
 * it (rate-limited, through nf_log: the syslog backend, or NFLOG with a
 * group), sets the mark, then applies its verdict: accept ends this chain
 * only (later chains and hooks, firewalld's among them, still run), drop
 * and reject are final, continue goes on with the next rule. Chains at the
 * same hook and priority run in name order; a chain's policy applies when
 * no rule ended it.
 *
 * Recent and rate matches (see "Recent and rate tables" below) are
 * evaluated after all other matches of the rule, since they change state;
 * NFGATE_METER_A_INVERT negates them (NFGATE_RULE_A_INVERT has no bit for
 * them). They key on the source address, or the destination with RDEST,
 * and restrict the rule to their table's family. A recent match:
 *  - MODE set records a hit for the address (making its entry) and holds;
 *  - MODE remove drops the address's entry and holds if there was one;
 *  - MODE check holds if the address has an entry with at least HITCOUNT
 *    (default 1) hits within the last SECONDS (default: any time);
 *  - MODE update is check, and records a hit when the match (after
 *    negation) holds, as xt_recent's --update.
 * SECONDS and HITCOUNT go with check and update only; HITCOUNT is at most
 * the table's HITS. A rate match spends a token of the address's bucket
 * and holds when there was none: the address is over its rate.
 *
 * Set matches name sets (see Sets below), resolved when the commit is
 * built: a missing set, or one of the wrong type, fails the commit. An
 * address set match restricts the rule to the set's family; a port set
 * match needs ports as a port match does. While a rule uses a set, the set
 * cannot be destroyed; a swap changes what the rule sees at once.
 *
 * The add-to-set action runs on the packet path, allocates with
 * GFP_ATOMIC and never waits: when the set is full (maxelem, or the
 * module's max_set_elems) nothing is added and the set's FULL counter
 * grows. An address already in the set keeps its element; with
 * NFGATE_ADD_SET_A_REFRESH its timeout starts again. Each element added
 * sends an NFGATE_CMD_SET_ELEM_EVENT. Into a NFGATE_SET_F_COMPACT set the
 * action takes no TIMEOUT (other than 0) and no REFRESH: -EINVAL.
 *
 * Rule identity: a rule keeps its handle and its counters across a commit
 * when the new rule names its handle, or else when the new rule is
 * identical to it (same chain, matches, actions and comment; the n-th of
 * several identical rules continues the n-th). Other rules get a new
 * handle; handles are never reused within a netns. A chain's policy
 * counters follow the chain's name.
 *
 * Limits: module parameters max_chains and max_rules cap each netns;
 * exceeding one fails with -ENOSPC.
 *
 * NFGATE_CMD_GET_CHAINS: dump (NLM_F_DUMP) the chains, in name order, one
 * message per chain, with no request attributes:
 *
 *    NFGATE_A_GENERATION: NLA_U32, the generation dumped
 *    NFGATE_A_CHAIN: NLA_NESTED
 *        NFGATE_CHAIN_A_NAME, _HOOK, _FAMILY, _PRIORITY, _POLICY: as above
 *        NFGATE_CHAIN_A_RULE_COUNT: NLA_U32
 *        NFGATE_CHAIN_A_PACKETS, NFGATE_CHAIN_A_BYTES: NLA_U64, packets
 *                                that met the policy
 *
 * NFGATE_CMD_GET_RULES: dump the rules, chain by chain in name order, each
 * chain's in order, one message per rule. The request may carry
 *
 *    NFGATE_A_CHAIN_NAME: NLA_NUL_STRING, optional: dump this chain's rules
 *                         only (-ENOENT if there is no such chain)
 *    NFGATE_A_DUMP_FLAGS: NLA_U32, optional
 *                         (NFGATE_FEATURE_SNAPSHOT_DUMPS), enum
 *                         nfgate_dump_flags; NFGATE_DUMP_F_CHAINS sends
 *                         every chain's NFGATE_CMD_GET_CHAINS message (as
 *                         that dump has it) just before the chain's rules,
 *                         so one dump reads the whole ruleset;
 *                         NFGATE_A_CHAIN_NAME then limits only the rules
 *                         and need not name an existing chain
 *
 * and its messages have the form:
 *
 *    NFGATE_A_GENERATION: NLA_U32
 *    NFGATE_A_RULE: NLA_NESTED
 *        NFGATE_RULE_A_CHAIN: NLA_NUL_STRING, the chain
 *        NFGATE_RULE_A_POSITION: NLA_U32, index in the chain, from 0
 *        NFGATE_RULE_A_HANDLE: NLA_U64
 *        the rule's matches and actions, as a commit carries them
 *        NFGATE_RULE_A_PACKETS, NFGATE_RULE_A_BYTES: NLA_U64
 *
 * Chain and rule dumps are snapshots (NFGATE_FEATURE_SNAPSHOT_DUMPS): a
 * dump reads the ruleset that was live when it started, which the module
 * keeps until the dump ends or its socket closes, however many commits land
 * meanwhile. Every message of one dump carries the same generation and
 * none is flagged NLM_F_DUMP_INTR. Separate dumps may see different
 * generations; use one GET_RULES dump with NFGATE_DUMP_F_CHAINS to read
 * chains and rules together. (Modules without the feature flag messages
 * NLM_F_DUMP_INTR when a commit lands during the dump; dump again.)
 *
 * Sets
 * ----
 *
 * Named sets, per netns, that rules match against. A set has a type:
 * NFGATE_SET_IPV4 and NFGATE_SET_IPV6 hold addresses and CIDR prefixes
 * (an address is "in" the set when some element covers it; the element
 * counted is the longest covering prefix), NFGATE_SET_PORT holds ports
 * and port ranges. Set commands are separate from NFGATE_CMD_COMMIT: they
 * take effect at once and do not bump the generation. All are without
 * NLM_F_DUMP except GET_SETS and GET_ELEMS.
 *
 * NFGATE_CMD_SET_CREATE: create an empty set (-EEXIST if the name is taken)
 *
 *    NFGATE_SET_A_NAME: NLA_NUL_STRING, [A-Za-z0-9_.-]+, < NFGATE_NAME_MAX
 *    NFGATE_SET_A_TYPE: NLA_U8, enum nfgate_set_type
 *    NFGATE_SET_A_MAXELEM: NLA_U32, optional, 1..module's max_set_elems;
 *                          default NFGATE_SET_MAXELEM_DEFAULT (address
 *                          sets only: a port set is a fixed 8 KiB bitmap)
 *    NFGATE_SET_A_TIMEOUT: NLA_U32, optional, seconds, default element
 *                          timeout (0 or absent: elements never expire)
 *    NFGATE_SET_A_FLAGS: NLA_U32, optional, enum nfgate_set_flags; a
 *                        port set takes only NFGATE_SET_F_STAGING, a
 *                        recent or rate table no NFGATE_SET_F_COUNTERS
 *                        nor _COMPACT; _COMPACT (ipv4 and ipv6 sets,
 *                        NFGATE_FEATURE_COMPACT_SETS) goes without
 *                        _COUNTERS and without a TIMEOUT other than 0
 *    recent and rate tables only (NFGATE_FEATURE_METERS):
 *    NFGATE_SET_A_MASK: NLA_U8, optional, prefix length the entries are
 *                       keyed on (default: the whole address)
 *    NFGATE_SET_A_HITS: NLA_U8, 1..NFGATE_RECENT_HITS_MAX, optional, recent
 *                       tables: hit times an entry remembers (default
 *                       NFGATE_RECENT_HITS_DEFAULT)
 *    NFGATE_SET_A_RATE: NLA_U32, >= 1, rate tables (required): tokens per
 *                       PERIOD
 *    NFGATE_SET_A_PERIOD: NLA_U32, 1..NFGATE_RATE_PERIOD_MAX seconds,
 *                         optional, default 1
 *    NFGATE_SET_A_BURST: NLA_U32, 1..NFGATE_RATE_BURST_MAX, optional:
 *                        tokens a bucket holds (default
 *                        NFGATE_RATE_BURST_DEFAULT)
 *
 * NFGATE_CMD_SET_DESTROY: NFGATE_SET_A_NAME. -EBUSY, with an extack naming
 * the chain and rule position, while a rule of the live ruleset uses it.
 *
 * NFGATE_CMD_SET_FLUSH: NFGATE_SET_A_NAME; removes every element.
 *
 * NFGATE_CMD_SET_SWAP: NFGATE_SET_A_NAME, NFGATE_SET_A_NAME2. The two sets
 * exchange their contents and options (maxelem, timeout, flags) in one
 * step each, as `ipset swap`; the names, and the rules using them, stay.
 * Both sets must have the same type, and both or neither be
 * NFGATE_SET_F_COMPACT.
 *
 * NFGATE_CMD_SET_ADD, NFGATE_CMD_SET_DEL: add or delete elements
 *
 *    NFGATE_SET_A_NAME: NLA_NUL_STRING
 *    NFGATE_SET_A_ELEMS: NLA_NESTED
 *        NFGATE_SET_A_ELEM: NLA_NESTED, one per element
 *            NFGATE_ELEM_A_ADDR: binary, 4 or 16 bytes by the set's type
 *            NFGATE_ELEM_A_PREFIX: NLA_U8, optional, default full length;
 *                                  address bits past it must be zero
 *            NFGATE_ELEM_A_PORT_MIN: NLA_U16, a port set's element
 *            NFGATE_ELEM_A_PORT_MAX: NLA_U16, optional, default PORT_MIN
 *            NFGATE_ELEM_A_TIMEOUT: NLA_U32, optional, seconds (ADD only;
 *                                   0: never expires; default: the set's)
 *            NFGATE_ELEM_A_COMMENT: NLA_NUL_STRING, optional (ADD only),
 *                                   < NFGATE_COMMENT_MAX
 *
 * A batch is all or nothing: if any element is malformed, of the wrong
 * family, absent (DEL), or the additions would take the set over maxelem
 * (-ENOSPC, the message names the set) or the module over max_set_elems,
 * the whole request is refused, nothing changes, and the extack offset
 * points at the offending element. Adding an element that is already
 * there refreshes its timeout and comment. At most NFGATE_SET_BATCH_MAX
 * elements per message; larger loads take several messages.
 * Port sets take no timeouts, counters nor comments; nor do the elements
 * of a NFGATE_SET_F_COMPACT set (an element's TIMEOUT or COMMENT there is
 * -EINVAL, and the extack points at it).
 *
 * NFGATE_CMD_GET_SETS: dump the sets, in creation order, one per message;
 * the request may carry NFGATE_SET_A_NAME to dump one (-ENOENT if none):
 *
 *    NFGATE_SET_A_NAME, _TYPE, _MAXELEM, _TIMEOUT, _FLAGS: as above
 *    NFGATE_SET_A_COUNT: NLA_U32, elements in the set (ports for a port set)
 *    NFGATE_SET_A_REFS: NLA_U32, rules of the live ruleset using it
 *    NFGATE_SET_A_FULL: NLA_U64, packet-path insertions refused because
 *                       the set was full (recent and rate tables: entries
 *                       not made for want of memory)
 *    NFGATE_SET_A_MASK, _HITS, _RATE, _PERIOD, _BURST: as created (recent
 *                       and rate tables)
 *    NFGATE_SET_A_EVICTED: NLA_U64, entries evicted to make room (recent
 *                          and rate tables)
 *
 * NFGATE_CMD_GET_ELEMS: dump one set's elements (NFGATE_SET_A_NAME is
 * required), many per message:
 *
 *    NFGATE_SET_A_NAME: NLA_NUL_STRING
 *    NFGATE_SET_A_ELEMS: NLA_NESTED
 *        NFGATE_SET_A_ELEM: NLA_NESTED
 *            NFGATE_ELEM_A_ADDR, _PREFIX or _PORT_MIN, _PORT_MAX
 *            NFGATE_ELEM_A_TIMEOUT: NLA_U32, the element's timeout, seconds
 *            NFGATE_ELEM_A_EXPIRES: NLA_U32, ms until it expires
 *            NFGATE_ELEM_A_PACKETS, _BYTES: NLA_U64, with NFGATE_SET_F_COUNTERS
 *            NFGATE_ELEM_A_COMMENT: NLA_NUL_STRING
 *            recent and rate tables (ADDR is the masked address, PREFIX
 *            the table's MASK; TIMEOUT and EXPIRES count from the last
 *            hit):
 *            NFGATE_ELEM_A_LAST_SEEN: NLA_U32, ms since the last hit
 *            NFGATE_ELEM_A_HITS: NLA_U32, hit times remembered (recent)
 *            NFGATE_ELEM_A_TOKENS: NLA_U32, tokens left, 0..BURST (rate)
 *
 * A port set dumps its maximal port ranges. If the set changes during the
 * dump (any add, delete, expiry or swap), the messages are flagged
 * NLM_F_DUMP_INTR; dump again.
 *
 * Staging sets: SET_CREATE with NFGATE_SET_F_STAGING creates a hidden set
 * owned by the creating netlink socket (its portid): GET_SETS lists it
 * only when asked for by name (with FLAGS STAGING), no rule can use it,
 * SET_ADD, SET_DEL, SET_FLUSH, SET_SWAP and SET_DESTROY work on it as on
 * any set, and it is destroyed when that socket closes (a NETLINK_URELEASE
 * notifier), so a tool that dies leaves nothing behind. Userspace fills
 * one in as many SET_ADD messages as it takes, then either SET_SWAPs it
 * with a live set (which then goes from its old contents to the new in
 * one step) and destroys it, or names it in a commit (below). Staging sets
 * count against max_sets.
 *
 * Sets in a commit: with NFGATE_A_SETS the listed sets are exactly the
 * sets of the new state, and the commit publishes them with the new rules
 * in one step, under the commit mutex:
 *
 *  - a listed set that exists with the same type and options (MAXELEM
 *    absent means NFGATE_SET_MAXELEM_DEFAULT, TIMEOUT and FLAGS absent 0)
 *    and names no staging set is kept as it is, contents and counters;
 *  - one that names a staging set (NAME2) becomes that staging set: its
 *    contents, with fresh element counters;
 *  - any other is a new, empty set. So a change of type or options
 *    replaces a set by a new one: its contents start empty unless staged;
 *  - sets not listed are destroyed (other sockets' staging sets stay).
 *
 * Rules of the commit resolve set names against the listed sets. Packets
 * see either the old rules with the old sets or the new rules with the
 * new ones: a replaced set lives on, unlisted, until the old ruleset is
 * freed. Whatever the outcome (success, error, or NFGATE_COMMIT_F_CHECK),
 * a commit with NFGATE_A_SETS destroys every staging set of its socket;
 * a failed or checked one changes nothing else.
 *
 * NFGATE_SET_F_DYNAMIC is stored and dumped but changes nothing in the
 * kernel: it tells userspace (nfgatectl apply) that the contents are
 * runtime state, added by rules, to keep rather than declare.
 *
 * Cost and memory: an address element takes one NFGATE_SET_ELEM_SIZE-byte
 * slab object (kmem cache "nfgate_set_elem") plus its comment; a set takes
 * one pointer per hash bucket (maxelem / 2 buckets, power of two): about
 * 95 bytes per IPv4 element all told. A NFGATE_SET_F_COMPACT set keeps no
 * element objects: each of its buckets (also maxelem / 2) is one kmalloc'ed
 * array of bare keys, 8 bytes per IPv4 key and 20 per IPv6 key, behind a
 * 24-byte header, rounded up to a kmalloc size class (measured: 23 to 33
 * bytes per IPv4 element at 1M elements, 26 to 50 at 100k, where ipset
 * hash:ip takes 35 and 44; see docs/benchmarks.md). Exact lookup is one
 * hash probe (IPv4: multiply-shift with a per-set random odd multiplier;
 * IPv6: jhash with a per-set random seed); a prefix lookup probes only the
 * prefix lengths present in the set, longest first, so at most 33 (IPv4)
 * or 129 (IPv6) probes whatever the size. A port lookup is one bit test.
 * Expired elements stop matching at once and are freed by a background
 * collector about once a second.
 *
 * Choosing: a set whose elements need counters, timeouts or comments (a
 * fail2ban-style ban list) keeps element objects; a large static block
 * list loaded in bulk is what NFGATE_SET_F_COMPACT is for, at under a
 * third of the memory. A compact probe scans a short key array where an
 * element probe follows a chain: some 10 to 20 instructions more.
 * Additions to a compact set allocate under the set's lock, as ipset's
 * hash types do: a bucket that fills is copied into a larger one, with
 * GFP_NOWAIT for a batch (charged to the sender's memory cgroup) and
 * GFP_ATOMIC for add-to-set. When that fails, the whole batch is refused
 * with -ENOMEM and nothing changes. A key that a batch names more than
 * once counts once, against maxelem and max_set_elems, in sets of both
 * layouts.
 *
 * Recent and rate tables
 * ----------------------
 *
 * NFGATE_SET_RECENT_IPV4/_IPV6 (what xt_recent does) and
 * NFGATE_SET_RATE_IPV4/_IPV6 (what xt_hashlimit, or an nft meter with a
 * limit, does) are set types whose entries packets make, one per address
 * masked to the table's MASK, through NFGATE_RULE_A_RECENT and _RATE
 * matches. They take the set commands: SET_CREATE (with the options
 * above), SET_DESTROY (-EBUSY while a rule uses them), SET_FLUSH,
 * SET_SWAP (same type), GET_SETS, GET_ELEMS, and SET_DEL, whose elements
 * are addresses: each drops the entry covering it (-ENOENT, all or
 * nothing, if one has none). SET_ADD is refused (-EOPNOTSUPP): entries
 * are made by packets. In a commit's NFGATE_A_SETS the options are part
 * of a set's spec. The contents are runtime state, never declared.
 *
 * Bounds: a table holds at most MAXELEM entries (and all sets of the
 * module at most max_set_elems). When full, a new address evicts the
 * least recently seen entry (EVICTED counts them): a table never refuses
 * and never grows past its cap, so a flood of spoofed sources only
 * churns it. With TIMEOUT, entries idle that long stop counting at once
 * and the collector frees them; no events are sent for entries.
 *
 * Rate: a GCRA token bucket per entry: a new entry starts with BURST
 * tokens, one comes back every PERIOD / RATE, a bucket holds at most
 * BURST. So BURST packets pass back to back, then RATE per PERIOD.
 *
 * Cost and memory: an entry is one kmalloc object of
 * NFGATE_METER_ENTRY_SIZE bytes plus 4 per remembered hit (a rate entry
 * 96 bytes, a recent entry with 20 hits 192 bytes, as kmalloc rounds up);
 * a table takes one pointer per hash bucket (maxelem / 2 buckets, power
 * of two). A lookup is one jhash probe with a per-table random seed; a
 * check scans at most HITS hit times.
 *
 * Locking: the packet path looks entries up under RCU without a lock.
 * Using an existing entry takes no lock either: a recent hit is one
 * atomic increment and one store, a rate packet one cmpxchg, and both
 * store the last-seen time. Only membership changes take the table's
 * spinlock (with BHs off): making an entry (with any eviction), the
 * remove mode, SET_DEL, flush and the collector. Evicted and removed
 * entries are freed after an RCU grace period. The LRU order is kept
 * without locking hits: eviction looks at the oldest-queued entries and
 * sends those seen since they were queued back to the tail (at most 16),
 * so the entry evicted is the least recently seen.
 *
 * Multicast group
 * ---------------
 *
 * NFGATE_MCGRP_EVENTS ("events") carries change notifications for the
 * netns the listening socket lives in; listeners must ignore commands and
 * attributes they do not know:
 *
 *    NFGATE_CMD_COMMIT: a commit landed
 *        NFGATE_A_GENERATION: NLA_U32, the new generation
 *        NFGATE_A_CHAIN_NAME: NLA_NUL_STRING, present for a one-chain commit
 *
 *    NFGATE_CMD_SET_ELEM_EVENT: an element was added from the packet path
 *                               or expired
 *        NFGATE_SET_A_NAME: NLA_NUL_STRING
 *        NFGATE_SET_A_EVENT: NLA_U8, enum nfgate_set_event
 *        NFGATE_SET_A_ELEM: NLA_NESTED, NFGATE_ELEM_A_ADDR and _PREFIX
 *
 * Events are best effort: under memory pressure, or beyond
 * NFGATE_SET_EVENTS_MAX expiries per collector run, some are not sent.
 *
 * Compatibility
 * -------------
 *
 * Attribute and command numbers are never reused or renumbered; new ones
 * are appended before the __*_MAX sentinels. Userspace must check
 * NFGATE_INFO_A_FEATURES before using an optional feature.
 */

#ifndef _UAPI_LINUX_NFGATE_H
#define _UAPI_LINUX_NFGATE_H

#define NFGATE_GENL_NAME	"nfgate"
#define NFGATE_GENL_VERSION	1
#define NFGATE_MCGRP_EVENTS	"events"

enum nfgate_cmd {
	NFGATE_CMD_UNSPEC,
	NFGATE_CMD_GET_INFO,
	NFGATE_CMD_COMMIT,
	NFGATE_CMD_GET_CHAINS,
	NFGATE_CMD_GET_RULES,
	NFGATE_CMD_SET_CREATE,
	NFGATE_CMD_SET_DESTROY,
	NFGATE_CMD_SET_FLUSH,
	NFGATE_CMD_SET_SWAP,
	NFGATE_CMD_SET_ADD,
	NFGATE_CMD_SET_DEL,
	NFGATE_CMD_GET_SETS,
	NFGATE_CMD_GET_ELEMS,
	NFGATE_CMD_SET_ELEM_EVENT,
	__NFGATE_CMD_MAX
};

#define NFGATE_CMD_MAX (__NFGATE_CMD_MAX - 1)

enum nfgate_feature {
	/* the NFGATE_MCGRP_EVENTS multicast group exists */
	NFGATE_FEATURE_EVENTS = 1ULL << 0,
	/* chains, rules and NFGATE_CMD_COMMIT */
	NFGATE_FEATURE_RULES = 1ULL << 1,
	/* sets and the NFGATE_CMD_SET_* commands */
	NFGATE_FEATURE_SETS = 1ULL << 2,
	/* NFGATE_A_SETS in NFGATE_CMD_COMMIT, staging sets, SET_F_DYNAMIC */
	NFGATE_FEATURE_COMMIT_SETS = 1ULL << 3,
	/* recent and rate tables, NFGATE_RULE_A_RECENT and _RATE */
	NFGATE_FEATURE_METERS = 1ULL << 4,
	/* chain and rule dumps are snapshots; NFGATE_DUMP_F_CHAINS */
	NFGATE_FEATURE_SNAPSHOT_DUMPS = 1ULL << 5,
	/* NFGATE_SET_F_COMPACT */
	NFGATE_FEATURE_COMPACT_SETS = 1ULL << 6,
};

enum nfgate_info_attr {
	NFGATE_INFO_A_UNSPEC,
	NFGATE_INFO_A_PAD,
	NFGATE_INFO_A_VERSION,
	NFGATE_INFO_A_FEATURES,
	NFGATE_INFO_A_NETNS_COOKIE,
	NFGATE_INFO_A_GENERATION,
	NFGATE_INFO_A_CHAINS,
	NFGATE_INFO_A_RULES,
	NFGATE_INFO_A_SETS,
	NFGATE_INFO_A_HOOKS,
	__NFGATE_INFO_A_MAX
};

#define NFGATE_INFO_A_MAX (__NFGATE_INFO_A_MAX - 1)

/* Top-level attributes of COMMIT, GET_CHAINS, GET_RULES and events. */
enum nfgate_attr {
	NFGATE_A_UNSPEC,
	NFGATE_A_PAD,
	NFGATE_A_FLAGS,
	NFGATE_A_GENERATION,
	NFGATE_A_CHAIN_NAME,
	NFGATE_A_CHAINS,
	NFGATE_A_CHAIN,
	NFGATE_A_RULE,
	NFGATE_A_SETS,
	NFGATE_A_SET,
	NFGATE_A_DUMP_FLAGS,
	__NFGATE_A_MAX
};

#define NFGATE_A_MAX (__NFGATE_A_MAX - 1)

/* NFGATE_A_FLAGS of NFGATE_CMD_COMMIT */
enum nfgate_commit_flags {
	/* validate and build everything, then discard it: commit nothing */
	NFGATE_COMMIT_F_CHECK = 1U << 0,
};

/* NFGATE_A_DUMP_FLAGS of an NFGATE_CMD_GET_RULES dump */
enum nfgate_dump_flags {
	/* each chain's GET_CHAINS message before its rules */
	NFGATE_DUMP_F_CHAINS = 1U << 0,
};

#define NFGATE_NAME_MAX		32	/* chain names, with the NUL */
#define NFGATE_COMMENT_MAX	128	/* rule comments, with the NUL */
#define NFGATE_LOG_PREFIX_MAX	64	/* log prefixes, with the NUL */

/* Hooks: the values of enum nf_inet_hooks. */
enum nfgate_hook {
	NFGATE_HOOK_PREROUTING,
	NFGATE_HOOK_INPUT,
	NFGATE_HOOK_FORWARD,
	NFGATE_HOOK_OUTPUT,
	NFGATE_HOOK_POSTROUTING,
	__NFGATE_HOOK_MAX
};

/* Families: the values of NFPROTO_INET, NFPROTO_IPV4 and NFPROTO_IPV6. */
enum nfgate_family {
	NFGATE_FAMILY_INET = 1,
	NFGATE_FAMILY_IP = 2,
	NFGATE_FAMILY_IP6 = 10,
};

/*
 * Symbolic priorities. firewalld's base chains in "table inet firewalld"
 * hook at NFGATE_PRIO_FILTER + 10; iptables' filter tables at
 * NFGATE_PRIO_FILTER. NFGATE_PRIO_BEFORE_FIREWALLD runs after the
 * iptables filter tables and before firewalld, NFGATE_PRIO_AFTER_FIREWALLD
 * after firewalld's filter chains. Userspace sends plain numbers.
 */
#define NFGATE_PRIO_RAW			(-300)
#define NFGATE_PRIO_MANGLE		(-150)
#define NFGATE_PRIO_FILTER		0
#define NFGATE_PRIO_FIREWALLD		10
#define NFGATE_PRIO_BEFORE_FIREWALLD	5
#define NFGATE_PRIO_AFTER_FIREWALLD	15
/* conntrack runs at -200: ct matches need a priority above it */
#define NFGATE_PRIO_CONNTRACK		(-200)

enum nfgate_chain_attr {
	NFGATE_CHAIN_A_UNSPEC,
	NFGATE_CHAIN_A_PAD,
	NFGATE_CHAIN_A_NAME,
	NFGATE_CHAIN_A_HOOK,
	NFGATE_CHAIN_A_FAMILY,
	NFGATE_CHAIN_A_PRIORITY,
	NFGATE_CHAIN_A_POLICY,
	NFGATE_CHAIN_A_RULES,
	NFGATE_CHAIN_A_RULE_COUNT,
	NFGATE_CHAIN_A_PACKETS,
	NFGATE_CHAIN_A_BYTES,
	__NFGATE_CHAIN_A_MAX
};

#define NFGATE_CHAIN_A_MAX (__NFGATE_CHAIN_A_MAX - 1)

/* Chain policies and rule verdicts. */
enum nfgate_verdict {
	NFGATE_VERDICT_DROP,
	NFGATE_VERDICT_ACCEPT,
	NFGATE_VERDICT_REJECT,
	NFGATE_VERDICT_CONTINUE,
	__NFGATE_VERDICT_MAX
};

/*
 * Rule attributes. Matches are the attributes from NFGATE_RULE_A_NFPROTO
 * to NFGATE_RULE_A_MARK; all present matches must hold. Bit N of
 * NFGATE_RULE_A_INVERT negates the match carried in attribute type N.
 */
enum nfgate_rule_attr {
	NFGATE_RULE_A_UNSPEC,
	NFGATE_RULE_A_PAD,
	NFGATE_RULE_A_HANDLE,
	NFGATE_RULE_A_CHAIN,
	NFGATE_RULE_A_POSITION,
	NFGATE_RULE_A_COMMENT,
	NFGATE_RULE_A_INVERT,
	NFGATE_RULE_A_NFPROTO,
	NFGATE_RULE_A_L4PROTO,
	NFGATE_RULE_A_IIFNAME,
	NFGATE_RULE_A_OIFNAME,
	NFGATE_RULE_A_SADDR,
	NFGATE_RULE_A_DADDR,
	NFGATE_RULE_A_SPORT,
	NFGATE_RULE_A_DPORT,
	NFGATE_RULE_A_ICMP,
	NFGATE_RULE_A_TCP_FLAGS,
	NFGATE_RULE_A_CT_STATE,
	NFGATE_RULE_A_CT_STATUS,
	NFGATE_RULE_A_CT_DIRECTION,
	NFGATE_RULE_A_MARK,
	NFGATE_RULE_A_LOG,
	NFGATE_RULE_A_MARK_SET,
	NFGATE_RULE_A_VERDICT,
	NFGATE_RULE_A_REJECT,
	NFGATE_RULE_A_PACKETS,
	NFGATE_RULE_A_BYTES,
	NFGATE_RULE_A_SADDR_SET,
	NFGATE_RULE_A_DADDR_SET,
	NFGATE_RULE_A_SPORT_SET,
	NFGATE_RULE_A_DPORT_SET,
	NFGATE_RULE_A_ADD_SET,
	NFGATE_RULE_A_RECENT,
	NFGATE_RULE_A_RATE,
	__NFGATE_RULE_A_MAX
};

#define NFGATE_RULE_A_MAX (__NFGATE_RULE_A_MAX - 1)
#define NFGATE_RULE_MATCH_FIRST NFGATE_RULE_A_NFPROTO
#define NFGATE_RULE_MATCH_LAST NFGATE_RULE_A_MARK
/* set matches, appended later: also matches, also negatable by INVERT */
#define NFGATE_RULE_SET_MATCH_FIRST NFGATE_RULE_A_SADDR_SET
#define NFGATE_RULE_SET_MATCH_LAST NFGATE_RULE_A_DPORT_SET

/* NFGATE_RULE_A_ADD_SET */
enum nfgate_add_set_attr {
	NFGATE_ADD_SET_A_UNSPEC,
	NFGATE_ADD_SET_A_NAME,		/* string: an ipv4 or ipv6 set */
	NFGATE_ADD_SET_A_FIELD,		/* u8, enum nfgate_add_set_field */
	NFGATE_ADD_SET_A_TIMEOUT,	/* u32, seconds, optional: the set's */
	NFGATE_ADD_SET_A_REFRESH,	/* u8, 0 or 1: restart the timeout on a hit */
	__NFGATE_ADD_SET_A_MAX
};

#define NFGATE_ADD_SET_A_MAX (__NFGATE_ADD_SET_A_MAX - 1)

enum nfgate_add_set_field {
	NFGATE_ADD_SET_SADDR,
	NFGATE_ADD_SET_DADDR,
};

/*
 * NFGATE_RULE_A_RECENT and NFGATE_RULE_A_RATE. These matches are negated
 * by NFGATE_METER_A_INVERT, not by NFGATE_RULE_A_INVERT (whose u32 has no
 * bit for attribute types past 31).
 */
enum nfgate_meter_attr {
	NFGATE_METER_A_UNSPEC,
	NFGATE_METER_A_NAME,	 /* string: a recent table (RECENT), a rate table (RATE) */
	NFGATE_METER_A_MODE,	 /* u8, enum nfgate_recent_mode (RECENT only) */
	NFGATE_METER_A_SECONDS,	 /* u32, 1..NFGATE_SET_TIMEOUT_MAX, optional (RECENT) */
	NFGATE_METER_A_HITCOUNT, /* u32, 1..the table's HITS, optional (RECENT) */
	NFGATE_METER_A_RDEST,	 /* u8, 0 or 1: key on daddr rather than saddr */
	NFGATE_METER_A_INVERT,	 /* u8, 0 or 1: negate the match */
	__NFGATE_METER_A_MAX
};

#define NFGATE_METER_A_MAX (__NFGATE_METER_A_MAX - 1)

/* NFGATE_METER_A_MODE: what xt_recent's --rcheck, --update, --set, --remove do */
enum nfgate_recent_mode {
	NFGATE_RECENT_CHECK,
	NFGATE_RECENT_UPDATE,
	NFGATE_RECENT_SET,
	NFGATE_RECENT_REMOVE,
	__NFGATE_RECENT_MODE_MAX
};

/* NFGATE_RULE_A_SADDR, NFGATE_RULE_A_DADDR */
enum nfgate_addr_attr {
	NFGATE_ADDR_A_UNSPEC,
	NFGATE_ADDR_A_IN,	/* binary, 4 bytes: an IPv4 address */
	NFGATE_ADDR_A_IN6,	/* binary, 16 bytes: an IPv6 address */
	NFGATE_ADDR_A_PREFIX,	/* u8, prefix length; default: full length */
	__NFGATE_ADDR_A_MAX
};

#define NFGATE_ADDR_A_MAX (__NFGATE_ADDR_A_MAX - 1)

/* NFGATE_RULE_A_SPORT, NFGATE_RULE_A_DPORT: host byte order */
enum nfgate_port_attr {
	NFGATE_PORT_A_UNSPEC,
	NFGATE_PORT_A_MIN,	/* u16 */
	NFGATE_PORT_A_MAX,	/* u16, default: MIN */
	__NFGATE_PORT_A_MAX
};

#define NFGATE_PORT_A_MAXATTR (__NFGATE_PORT_A_MAX - 1)

/* NFGATE_RULE_A_ICMP: ICMP type (and code) for IPv4, ICMPv6 for IPv6 */
enum nfgate_icmp_attr {
	NFGATE_ICMP_A_UNSPEC,
	NFGATE_ICMP_A_TYPE,	/* u8 */
	NFGATE_ICMP_A_CODE,	/* u8, optional: any code when absent */
	__NFGATE_ICMP_A_MAX
};

#define NFGATE_ICMP_A_MAX (__NFGATE_ICMP_A_MAX - 1)

/* NFGATE_RULE_A_TCP_FLAGS, NFGATE_RULE_A_MARK, NFGATE_RULE_A_MARK_SET */
enum nfgate_mask_attr {
	NFGATE_MASK_A_UNSPEC,
	NFGATE_MASK_A_VALUE,	/* u32 (u8 range for TCP flags) */
	NFGATE_MASK_A_MASK,	/* u32, default: all ones */
	__NFGATE_MASK_A_MAX
};

#define NFGATE_MASK_A_MAX (__NFGATE_MASK_A_MAX - 1)

/* TCP flag bits, as in the TCP header */
#define NFGATE_TCP_FIN	0x01
#define NFGATE_TCP_SYN	0x02
#define NFGATE_TCP_RST	0x04
#define NFGATE_TCP_PSH	0x08
#define NFGATE_TCP_ACK	0x10
#define NFGATE_TCP_URG	0x20
#define NFGATE_TCP_ECE	0x40
#define NFGATE_TCP_CWR	0x80

/* NFGATE_RULE_A_CT_STATE: u32, matches when the packet has any of these */
#define NFGATE_CT_STATE_INVALID		(1U << 0)
#define NFGATE_CT_STATE_ESTABLISHED	(1U << 1)
#define NFGATE_CT_STATE_RELATED		(1U << 2)
#define NFGATE_CT_STATE_NEW		(1U << 3)
#define NFGATE_CT_STATE_UNTRACKED	(1U << 4)
#define NFGATE_CT_STATE_ALL		0x1f

/* NFGATE_RULE_A_CT_STATUS: u32, matches when the flow has any of these */
#define NFGATE_CT_STATUS_SNAT		(1U << 0)
#define NFGATE_CT_STATUS_DNAT		(1U << 1)
#define NFGATE_CT_STATUS_CONFIRMED	(1U << 2)
#define NFGATE_CT_STATUS_ALL		0x7

/* NFGATE_RULE_A_CT_DIRECTION: u8 */
enum nfgate_ct_dir {
	NFGATE_CT_DIR_ORIGINAL,
	NFGATE_CT_DIR_REPLY,
};

/* NFGATE_RULE_A_LOG */
enum nfgate_log_attr {
	NFGATE_LOG_A_UNSPEC,
	NFGATE_LOG_A_PREFIX,	/* string, < NFGATE_LOG_PREFIX_MAX */
	NFGATE_LOG_A_LEVEL,	/* u8, syslog level 0..7, default 4 (warning) */
	NFGATE_LOG_A_GROUP,	/* u16: log to NFLOG group instead of syslog */
	NFGATE_LOG_A_RATE,	/* u32, lines per second (max 10000), default 5; 0: no limit */
	NFGATE_LOG_A_BURST,	/* u32, 1..10000, default 5 */
	__NFGATE_LOG_A_MAX
};

#define NFGATE_LOG_A_MAX (__NFGATE_LOG_A_MAX - 1)

/* NFGATE_RULE_A_REJECT: how a NFGATE_VERDICT_REJECT answers */
enum nfgate_reject_attr {
	NFGATE_REJECT_A_UNSPEC,
	NFGATE_REJECT_A_TYPE,	/* u8, enum nfgate_reject_type */
	NFGATE_REJECT_A_CODE,	/* u8, ICMP or ICMPv6 destination unreachable code */
	__NFGATE_REJECT_A_MAX
};

#define NFGATE_REJECT_A_MAX (__NFGATE_REJECT_A_MAX - 1)

enum nfgate_reject_type {
	/* ICMP port unreachable for IPv4, ICMPv6 port unreachable for IPv6 */
	NFGATE_REJECT_ICMPX_PORT,
	/* ICMP/ICMPv6 administratively prohibited */
	NFGATE_REJECT_ICMPX_ADMIN,
	/* ICMP host unreachable, ICMPv6 address unreachable */
	NFGATE_REJECT_ICMPX_HOST,
	/* ICMP net unreachable, ICMPv6 no route */
	NFGATE_REJECT_ICMPX_NOROUTE,
	/* a TCP reset; only valid in a rule that matches l4proto tcp */
	NFGATE_REJECT_TCP_RESET,
	/* ICMP destination unreachable with NFGATE_REJECT_A_CODE (IPv4) */
	NFGATE_REJECT_ICMP,
	/* ICMPv6 destination unreachable with NFGATE_REJECT_A_CODE (IPv6) */
	NFGATE_REJECT_ICMPV6,
	__NFGATE_REJECT_MAX
};

/* Sets */
enum nfgate_set_type {
	NFGATE_SET_IPV4 = 1,
	NFGATE_SET_IPV6,
	NFGATE_SET_PORT,
	NFGATE_SET_RECENT_IPV4,	/* recent tables: last hit times per address */
	NFGATE_SET_RECENT_IPV6,
	NFGATE_SET_RATE_IPV4,	/* rate tables: a token bucket per address */
	NFGATE_SET_RATE_IPV6,
	__NFGATE_SET_TYPE_MAX
};

enum nfgate_set_flags {
	/* count packets and bytes per element */
	NFGATE_SET_F_COUNTERS = 1U << 0,
	/* a hint for userspace: the contents are runtime state (add-to-set) */
	NFGATE_SET_F_DYNAMIC = 1U << 1,
	/* SET_CREATE only: a hidden staging set (see Sets in a commit) */
	NFGATE_SET_F_STAGING = 1U << 2,
	/* elements are bare addresses and prefixes: no counters, timeouts
	 * or comments, under a third of the memory (see Cost and memory)
	 */
	NFGATE_SET_F_COMPACT = 1U << 3,
};

#define NFGATE_SET_MAXELEM_DEFAULT	65536
#define NFGATE_SET_TIMEOUT_MAX		2000000	/* seconds */
#define NFGATE_SET_BATCH_MAX		65536	/* elements per message */
#define NFGATE_SET_EVENTS_MAX		256	/* expiry events per GC run */
#define NFGATE_SET_ELEM_SIZE		88	/* bytes per address element */
#define NFGATE_RECENT_HITS_DEFAULT	20	/* hit times per recent entry */
#define NFGATE_RECENT_HITS_MAX		255
#define NFGATE_RATE_BURST_DEFAULT	5
#define NFGATE_RATE_BURST_MAX		1000000
#define NFGATE_RATE_PERIOD_MAX		86400	/* seconds */
#define NFGATE_METER_ENTRY_SIZE		96	/* bytes per entry, + 4 per hit */

enum nfgate_set_event {
	NFGATE_SET_EVENT_ADDED = 1,	/* by a rule's add-to-set action */
	NFGATE_SET_EVENT_EXPIRED,
};

enum nfgate_set_attr {
	NFGATE_SET_A_UNSPEC,
	NFGATE_SET_A_PAD,
	NFGATE_SET_A_NAME,
	NFGATE_SET_A_TYPE,
	NFGATE_SET_A_MAXELEM,
	NFGATE_SET_A_TIMEOUT,
	NFGATE_SET_A_FLAGS,
	NFGATE_SET_A_NAME2,
	NFGATE_SET_A_ELEMS,
	NFGATE_SET_A_ELEM,
	NFGATE_SET_A_COUNT,
	NFGATE_SET_A_REFS,
	NFGATE_SET_A_FULL,
	NFGATE_SET_A_EVENT,
	NFGATE_SET_A_MASK,
	NFGATE_SET_A_HITS,
	NFGATE_SET_A_RATE,
	NFGATE_SET_A_PERIOD,
	NFGATE_SET_A_BURST,
	NFGATE_SET_A_EVICTED,
	__NFGATE_SET_A_MAX
};

#define NFGATE_SET_A_MAX (__NFGATE_SET_A_MAX - 1)

enum nfgate_elem_attr {
	NFGATE_ELEM_A_UNSPEC,
	NFGATE_ELEM_A_PAD,
	NFGATE_ELEM_A_ADDR,
	NFGATE_ELEM_A_PREFIX,
	NFGATE_ELEM_A_PORT_MIN,
	NFGATE_ELEM_A_PORT_MAX,
	NFGATE_ELEM_A_TIMEOUT,
	NFGATE_ELEM_A_EXPIRES,
	NFGATE_ELEM_A_PACKETS,
	NFGATE_ELEM_A_BYTES,
	NFGATE_ELEM_A_COMMENT,
	NFGATE_ELEM_A_HITS,
	NFGATE_ELEM_A_LAST_SEEN,
	NFGATE_ELEM_A_TOKENS,
	__NFGATE_ELEM_A_MAX
};

#define NFGATE_ELEM_A_MAX (__NFGATE_ELEM_A_MAX - 1)

#endif /* _UAPI_LINUX_NFGATE_H */
