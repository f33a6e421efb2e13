#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Conntrack matches on real traffic: a stateful server-side policy
# (established/related accepted, new only to one port), invalid packets
# (a stray TCP ACK with nf_conntrack_tcp_loose=0), a related ICMP error
# let through a client-side policy, and the refusal of ct matches that
# would run before conntrack.
. "$(dirname "$0")/lib.sh"
traffic_setup ct jq ping python3 ss
l4_server "$S" 7001 7002 || skip_all "echo server did not start"
plan 27

chain() {
	local ns=$1 name=$2 hook=$3 prio=$4
	shift 4
	nfg "$ns" chain add "$name" hook "$hook" family inet priority "$prio" "$@"
}
rule() {
	nfg_handle "$1" rule add "${@:2}" || echo -1
}
pkts_at_least() {
	local got
	got=$(rule_pkts "$1" "$2")
	[ "$got" != none ] && [ "$got" -ge "$3" ] && return 0
	echo "# rule $2 counted $got packets, expected at least $3"
	return 1
}

# stray_ack SRC DST PORT: one TCP ACK, outside any connection, from a raw
# socket (with a correct checksum, so that only its state is wrong).
NFG_PY_STRAY='
import socket, struct, sys
src, dst, dport = sys.argv[1], sys.argv[2], int(sys.argv[3])
fam = socket.AF_INET6 if ":" in dst else socket.AF_INET
def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
tcp = struct.pack("!HHIIBBHHH", 40500, dport, 1000, 2000, 5 << 4, 0x10, 65535, 0, 0)
a, b = socket.inet_pton(fam, src), socket.inet_pton(fam, dst)
pseudo = a + b + (struct.pack("!BBH", 0, 6, len(tcp)) if fam == socket.AF_INET
                  else struct.pack("!I3xB", len(tcp), 6))
tcp = tcp[:16] + struct.pack("!H", csum(pseudo + tcp)) + tcp[18:]
s = socket.socket(fam, socket.SOCK_RAW, socket.IPPROTO_TCP)
s.sendto(tcp, (dst, 0))
'
stray_ack() {
	nsx "$C" python3 -I -S -c "$NFG_PY_STRAY" "$@"
}
# counter_is NS HANDLE N: wait (bounded) for a counter that a packet
# handled asynchronously will bump, then check it exactly.
counter_is() {
	wait_for 30 test "$(rule_pkts "$1" "$2")" = "$3"
	pkts_are "$1" "$2=$3"
}

# --- Server side: policy drop, established/related accepted, new
# connections only to port 7001.
chain "$S" in input filter policy drop
h_est=$(rule "$S" in ct-state established,related accept)
h_port=$(rule "$S" in l4proto tcp dport 7001 accept)
check "port 7001, IPv4: connection works both ways" l4_is ok "$C" tcp 10.0.1.2 7001
check "port 7001, IPv6: connection works both ways" l4_is ok "$C" tcp dead:1::2 7001
check "port 7002, IPv4: new connection dropped" l4_dropped "$C" tcp 10.0.1.2 7002
check "port 7002, IPv6: new connection dropped" l4_dropped "$C" tcp dead:1::2 7002
check "ping dropped by the policy" ping_lost "$C" 10.0.1.2 2
check "only the two SYNs met the dport rule" pkts_are "$S" "$h_port=2"
check "the rest of the two connections was established" pkts_at_least "$S" "$h_est" 4
check "dropped SYNs and pings met the policy" test "$(policy_pkts "$S" in)" -ge 4

# --- Invalid: without loose pickup, an ACK outside any connection.
nfg "$S" flush
nsx "$S" sysctl -qw net.netfilter.nf_conntrack_tcp_loose=0
chain "$S" in input filter
h_inv=$(rule "$S" in ct-state invalid drop)
h_new=$(rule "$S" in ct-state new continue)
h_unt=$(rule "$S" in ct-state untracked continue)
check "stray ACK, IPv4, sent" stray_ack 10.0.1.1 10.0.1.2 7001
check "stray ACK, IPv4: ct-state invalid" counter_is "$S" "$h_inv" 1
check "stray ACK, IPv6, sent" stray_ack dead:1::1 dead:1::2 7001
check "stray ACK, IPv6: ct-state invalid" counter_is "$S" "$h_inv" 2
check "a real connection is not invalid" l4_is ok "$C" tcp 10.0.1.2 7001
check "counters: 2 invalid, 1 new, 0 untracked" pkts_are "$S" \
	"$h_inv=2" "$h_new=1" "$h_unt=0"
# The control: with loose pickup the same ACK starts a new flow.
nsx "$S" sysctl -qw net.netfilter.nf_conntrack_tcp_loose=1
check "stray ACK with loose pickup, sent" stray_ack 10.0.1.1 10.0.1.2 7002
check "stray ACK with loose pickup: ct-state new" counter_is "$S" "$h_new" 2
check "stray ACK with loose pickup: not invalid" pkts_are "$S" "$h_inv=2"

# --- Client side: policy drop with established and related accepted;
# the ICMP port unreachable for a UDP datagram to a closed port is related.
nfg "$S" flush
chain "$C" cin input filter policy drop
h_rel=$(rule "$C" cin ct-state related accept)
h_est=$(rule "$C" cin ct-state established accept)
check "UDP to a closed port, IPv4: ECONNREFUSED" l4_is ECONNREFUSED "$C" udp 10.0.1.2 7009
check "UDP to a closed port, IPv6: ECONNREFUSED" l4_is ECONNREFUSED "$C" udp dead:1::2 7009
check "ping replies are established" ping_ok "$C" 10.0.1.2 2
check "client counters: 2 related, 2 established" pkts_are "$C" \
	"$h_rel=2" "$h_est=2" POLICY:cin=0
nfg "$C" rule del cin "$h_rel"
check "without the related rule the error is dropped" \
	l4_dropped "$C" udp 10.0.1.2 7009
check "... by the policy" pkts_are "$C" POLICY:cin=1
nfg "$C" flush

# --- Conntrack matches before conntrack (-200) are refused, changing nothing.
chain "$S" craw prerouting raw
chain "$S" c200 prerouting -200
chain "$S" cout output raw
chain "$S" cman prerouting mangle
chain "$S" cin input raw
before=$(nfg "$S" list --json)
check "prerouting at raw: ct match refused with exit 1" expect_out conntrack \
	expect_rc 1 nfg "$S" rule add craw ct-state new accept
check "prerouting at -200: ct match refused" \
	expect_rc 1 nfg "$S" rule add c200 ct-direction original accept
check "output at raw: ct match refused" \
	expect_rc 1 nfg "$S" rule add cout ct-status confirmed accept
check "refused rules changed nothing" is_eq "list --json" "$(nfg "$S" list --json)" "$before"
check "prerouting at mangle (-150): ct match accepted" \
	nfg "$S" rule add cman ct-state new continue
check "input at raw: ct match accepted" nfg "$S" rule add cin ct-state new continue
nfg "$S" flush
finish
