#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every match and verdict of nfgate rules on real IPv4 and IPv6 traffic:
# client netns C pings and connects to server netns S, whose nfgate chains
# count, pass and drop it. Counts are exact (the link is silent, see
# topo_add), except for dropped TCP connections, whose SYNs are resent.
. "$(dirname "$0")/lib.sh"
traffic_setup r jq ping python3 ss
l4_server "$S" 7001 7002 || skip_all "echo server did not start"
# Keep the client's ephemeral ports out of the 40000s the rules match.
ip netns exec "$C" sysctl -qw net.ipv4.ip_local_port_range="50000 60999"
plan 149

# Start over in S: no chains. chain NAME HOOK PRIO [policy P]: add one.
reset_s() {
	nfg "$S" flush
}
chain() {
	local name=$1 hook=$2 prio=$3
	shift 3
	nfg "$S" chain add "$name" hook "$hook" family inet priority "$prio" "$@"
}
# rule CHAIN RULE...: append, print the handle (-1 if refused, so that
# every later counter check on it fails).
rule() {
	nfg_handle "$S" rule add "$@" || echo -1
}
pkts_at_least() {
	local got
	got=$(rule_pkts "$S" "$1")
	[ "$got" != none ] && [ "$got" -ge "$2" ] && return 0
	echo "# rule $1 counted $got packets, expected at least $2"
	return 1
}

# matrix CHAIN 'RULE|N'...: append each RULE with "continue" (so that all
# of them see every packet), remembering its handle and expected count;
# check_matrix checks each counter after the traffic.
matrix() {
	local chain=$1 e toks
	shift
	m_rules=() m_handles=() m_wants=()
	for e in "$@"; do
		read -ra toks <<<"${e%|*}"
		m_rules+=("${e%|*}")
		m_wants+=("${e##*|}")
		m_handles+=("$(rule "$chain" "${toks[@]}" continue)")
	done
}
check_matrix() {
	local i json
	json=$(nfg "$S" list --json)
	for i in "${!m_rules[@]}"; do
		check "$1: '${m_rules[i]}' counts ${m_wants[i]}" \
			pkts_in "$json" "${m_handles[i]}=${m_wants[i]}"
	done
}

# --- Address, protocol, interface and ICMP matches: 3 IPv4 and 2 IPv6
# echo requests, all passing; echo replies leave through an output chain.
reset_s
chain in input filter
chain out output filter
matrix in \
	"saddr 10.0.1.1|3" "saddr 10.0.1.3|0" "saddr 10.0.0.0/16|3" \
	"saddr 10.0.2.0/24|0" "saddr != 10.0.1.3|3" "saddr != 10.0.1.1|0" \
	"daddr 10.0.1.2|3" "daddr 10.0.1.128/25|0" \
	"saddr dead:1::1|2" "saddr dead:1::/64|2" "saddr dead:2::/64|0" \
	"saddr != dead:1::1|0" "daddr dead:1::2|2" "daddr != dead:1::1|2" \
	"nfproto ip|3" "nfproto ip6|2" "nfproto != ip|2" \
	"l4proto icmp|3" "l4proto icmpv6|2" "l4proto tcp|0" "l4proto != tcp|5" \
	"l4proto != icmp|2" \
	"iifname veth0|5" "iifname vet*|5" "iifname veth1|0" "iifname lo*|0" \
	"iifname != veth0|0" \
	"l4proto icmp icmp-type echo-request|3" "l4proto icmp icmp-type echo-reply|0" \
	"l4proto icmp icmp-type 8 icmp-code 0|3" "l4proto icmp icmp-type 8 icmp-code 1|0" \
	"l4proto icmp icmp-type != echo-request|0" \
	"l4proto icmpv6 icmp-type echo-request|2" \
	"l4proto icmpv6 icmp-type echo-reply|0" "l4proto icmpv6 icmp-type != 129|2" \
	"mark 0|5" \
	"dport 1-65535|0" "dport != 80|0"
in_matrix=("${m_rules[@]}") in_handles=("${m_handles[@]}") in_wants=("${m_wants[@]}")
matrix out \
	"oifname veth0|5" "oifname ve*|5" "oifname veth1|0" "oifname != veth0|0" \
	"iifname veth0|0" "saddr 10.0.1.2|3" "daddr dead:1::1|2" \
	"l4proto icmp icmp-type echo-reply|3" "l4proto icmpv6 icmp-type echo-reply|2"
check "IPv4 pings pass a chain of counting rules" ping_ok "$C" 10.0.1.2 3
check "IPv6 pings pass a chain of counting rules" ping_ok "$C" dead:1::2 2
check_matrix output
m_rules=("${in_matrix[@]}") m_handles=("${in_handles[@]}") m_wants=("${in_wants[@]}")
check_matrix input
check "continue: every packet reached the input policy" pkts_are "$S" POLICY:in=5

# --- Port and TCP flag matches: one UDP datagram and one TCP connection
# (one SYN) per family, from fixed source ports.
reset_s
chain in input filter
matrix in \
	"l4proto udp dport 7001|1" "l4proto udp dport 7002|1" \
	"l4proto udp dport 7000-7002|2" "l4proto udp dport 7003-7010|0" \
	"l4proto udp dport != 7001|1" "l4proto udp sport 40001|1" \
	"l4proto udp sport 40001-40002|2" "l4proto udp sport != 40001|1" \
	"sport 40001|1" "l4proto 17 dport 7001|1" "l4proto sctp dport 7001|0" \
	"l4proto udp saddr 10.0.1.1 sport 40001 dport 7001|1" \
	"l4proto udp saddr 10.0.1.1 sport 40001 dport 7002|0" \
	"l4proto tcp tcp-flags syn/syn,ack|2" "l4proto tcp tcp-flags syn,ack/syn,ack|0" \
	"l4proto tcp tcp-flags syn/syn,ack dport 7001|1" \
	"l4proto tcp tcp-flags syn/syn,ack dport 7001-7002|2" \
	"l4proto tcp tcp-flags syn/syn,ack sport 40003|1" \
	"l4proto tcp tcp-flags syn/syn,ack sport 40003-40004|2" \
	"l4proto tcp tcp-flags syn/syn,ack sport != 40003|1" \
	"l4proto tcp tcp-flags != syn/syn,ack dport 9|0"
check "UDP IPv4 to port 7001 from 40001" l4_is ok "$C" udp 10.0.1.2 7001 40001
check "UDP IPv6 to port 7002 from 40002" l4_is ok "$C" udp dead:1::2 7002 40002
check "TCP IPv4 to port 7001 from 40003" l4_is ok "$C" tcp 10.0.1.2 7001 40003
check "TCP IPv6 to port 7002 from 40004" l4_is ok "$C" tcp dead:1::2 7002 40004
check_matrix ports

# --- Drops by port, both families; the other port still works.
reset_s
chain in input filter
h_udp=$(rule in l4proto udp dport 7001 drop)
h_tcp=$(rule in l4proto tcp dport 7002 drop)
h_sp=$(rule in sport 40010-40019 drop)
check "dport drop: UDP IPv4 to 7001 dropped" l4_dropped "$C" udp 10.0.1.2 7001
check "dport drop: UDP IPv6 to 7001 dropped" l4_dropped "$C" udp dead:1::2 7001
check "dport drop: UDP IPv4 to 7002 passes" l4_is ok "$C" udp 10.0.1.2 7002
check "dport drop: TCP IPv4 to 7002 dropped" l4_dropped "$C" tcp 10.0.1.2 7002
check "dport drop: TCP IPv6 to 7002 dropped" l4_dropped "$C" tcp dead:1::2 7002
check "dport drop: TCP IPv6 to 7001 passes" l4_is ok "$C" tcp dead:1::2 7001
check "sport range drop: UDP from 40015 dropped" l4_dropped "$C" udp 10.0.1.2 7002 40015
check "sport range drop: TCP from 40019 dropped" l4_dropped "$C" tcp dead:1::2 7001 40019
check "sport range drop: UDP from 40020 passes" l4_is ok "$C" udp 10.0.1.2 7002 40020
check "UDP drop rule counted its 2 datagrams" pkts_are "$S" "$h_udp=2"
check "TCP drop rule counted the SYNs" pkts_at_least "$h_tcp" 2
check "sport drop rule counted" pkts_at_least "$h_sp" 2

# --- Drops by address (with negation), nfproto, interface and ICMP type.
reset_s
chain in input filter
h1=$(rule in saddr != 10.0.1.1 drop)
h2=$(rule in daddr dead:1::/64 drop)
check "saddr != own address: IPv4 passes" ping_ok "$C" 10.0.1.2 3
check "daddr prefix drop: IPv6 dropped" ping_lost "$C" dead:1::2 2
h3=$(rule in saddr 10.0.1.0/28 drop)
check "saddr prefix drop: IPv4 dropped" ping_lost "$C" 10.0.1.2 3
check "address drop counters" pkts_are "$S" "$h1=0" "$h2=2" "$h3=3"

reset_s
chain in input filter
h1=$(rule in nfproto ip6 drop)
check "nfproto ip6 drop: IPv4 passes" ping_ok "$C" 10.0.1.2 3
check "nfproto ip6 drop: IPv6 dropped" ping_lost "$C" dead:1::2 2
check "nfproto drop counter" pkts_are "$S" "$h1=2" POLICY:in=3

reset_s
chain in input filter
chain out output filter
h1=$(rule in iifname 'vet*' l4proto icmpv6 drop)
h2=$(rule out oifname 'veth*' l4proto icmp drop)
check "iifname wildcard drop: IPv6 requests dropped" ping_lost "$C" dead:1::2 2
check "oifname wildcard drop: IPv4 replies dropped" ping_lost "$C" 10.0.1.2 3
check "interface drop counters" pkts_are "$S" "$h1=2" "$h2=3" POLICY:in=3

reset_s
chain in input filter
h1=$(rule in l4proto icmp icmp-type echo-request drop)
h2=$(rule in l4proto icmpv6 icmp-type echo-request drop)
check "icmp-type drop: IPv4 echo dropped" ping_lost "$C" 10.0.1.2 3
check "icmpv6 type drop: IPv6 echo dropped" ping_lost "$C" dead:1::2 2
check "icmp-type drop: TCP still passes" l4_is ok "$C" tcp 10.0.1.2 7001
check "icmp-type drop counters" pkts_are "$S" "$h1=3" "$h2=2"

# --- SYN without ACK dropped: no new connections, ping still works.
reset_s
chain in input filter
h1=$(rule in l4proto tcp tcp-flags syn/syn,ack drop)
check "tcp-flags syn drop: TCP IPv4 connect fails" l4_dropped "$C" tcp 10.0.1.2 7001
check "tcp-flags syn drop: TCP IPv6 connect fails" l4_dropped "$C" tcp dead:1::2 7002
check "tcp-flags syn drop: IPv4 ping works" ping_ok "$C" 10.0.1.2 3
check "tcp-flags syn drop: IPv6 ping works" ping_ok "$C" dead:1::2 2
check "tcp-flags syn drop: UDP works" l4_is ok "$C" udp 10.0.1.2 7001
check "tcp-flags drop counted the SYNs" pkts_at_least "$h1" 2

# --- mark-set in prerouting, mark in input. The IPv6 mark is built in
# two steps: 0xff, then 0x1200 under mask 0xff00: 0x12ff.
reset_s
chain pre prerouting mangle
chain in input filter
p1=$(rule pre saddr 10.0.1.1 mark-set 0x2a)
p2=$(rule pre saddr dead:1::1 mark-set 0xff)
p3=$(rule pre saddr dead:1::1 mark-set 0x1200/0xff00)
matrix in "mark 0x2a|3" "mark 0x2b|0" "mark != 0x2a|2" "mark 0x12ff|2" \
	"mark 0x1200/0xff00|2" "mark 0x1200|0" "mark 0/0xffffff00|3"
h1=$(rule in mark 0x2a drop)
check "mark drop: marked IPv4 dropped" ping_lost "$C" 10.0.1.2 3
check "mark drop: IPv6 with another mark passes" ping_ok "$C" dead:1::2 2
check "mark-set rules counted" pkts_are "$S" "$p1=3" "$p2=2" "$p3=2" "$h1=3"
check_matrix mark

# --- continue counts and goes on to the next rule.
reset_s
chain in input filter
h1=$(rule in saddr 10.0.1.1 continue)
h2=$(rule in saddr 10.0.1.1 drop)
check "continue then drop: IPv4 dropped" ping_lost "$C" 10.0.1.2 3
check "continue then drop: both counted" pkts_are "$S" "$h1=3" "$h2=3" POLICY:in=0

# --- Policy drop with an accept rule.
reset_s
chain in input filter policy drop
h1=$(rule in saddr 10.0.1.1 l4proto icmp accept)
check "policy drop: accepted IPv4 ping passes" ping_ok "$C" 10.0.1.2 3
check "policy drop: IPv6 ping dropped" ping_lost "$C" dead:1::2 2
check "policy drop: UDP IPv4 dropped" l4_dropped "$C" udp 10.0.1.2 7001
check "policy drop: counters" pkts_are "$S" "$h1=3" POLICY:in=3

# --- accept ends only its own chain; chains run by priority, then name.
reset_s
chain a1 input filter-10
chain a2 input filter+10
h1=$(rule a1 l4proto icmp accept)
h2=$(rule a2 l4proto icmp drop)
check "accept in an earlier chain, drop in a later one: dropped" \
	ping_lost "$C" 10.0.1.2 3
check "both chains counted" pkts_are "$S" "$h1=3" "$h2=3"
# The same at one priority, where the chains share one netfilter hook.
chain b1 input filter
chain b2 input filter
h3=$(rule b1 l4proto icmpv6 accept)
h4=$(rule b2 l4proto icmpv6 drop)
check "same priority: accept in b1, drop in b2: dropped" ping_lost "$C" dead:1::2 2
check "both chains at one priority counted" pkts_are "$S" "$h3=2" "$h4=2"

reset_s
chain aa input filter
chain zz input filter
chain ab input filter+10
chain zy input filter-10
h1=$(rule aa l4proto icmpv6 drop)
h2=$(rule zz l4proto icmpv6 continue)
h3=$(rule ab l4proto icmp continue)
h4=$(rule zy l4proto icmp drop)
check "same priority, aa before zz: dropped" ping_lost "$C" dead:1::2 2
check "priority before name: zy (-10) before ab (+10): dropped" \
	ping_lost "$C" 10.0.1.2 3
check "only the first chains counted" pkts_are "$S" "$h1=2" "$h2=0" "$h3=0" "$h4=3"

# --- rule insert ordering, rule del, counters across unrelated edits.
positions() {
	nfg "$S" list in --json |
		jq -r '[.chains[0].rules[] | .handle] | map(tostring) | join(" ")'
}
reset_s
chain in input filter
d=$(rule in saddr 10.0.1.1 l4proto icmp drop)
a=$(nfg_handle "$S" rule insert in at 0 saddr 10.0.1.1 l4proto icmp accept)
check "insert at 0: the new accept runs first" ping_ok "$C" 10.0.1.2 3
k=$(nfg_handle "$S" rule insert in before "$d" saddr 10.0.1.1 continue)
check "insert before: order accept, continue, drop" is_eq order "$(positions)" "$a $k $d"
check "counters after inserts" pkts_are "$S" "$a=3" "$k=0" "$d=0"
check "rule del of the accept" nfg "$S" rule del in "$a"
check "after del: order continue, drop" is_eq order "$(positions)" "$k $d"
check "after del: IPv4 dropped" ping_lost "$C" 10.0.1.2 3
check "after del: counters" pkts_are "$S" "$k=3" "$d=3"
x=$(rule in daddr 10.0.9.9 drop)
check "unrelated rule added" test "$x" -gt "$d"
check "counters kept across the unrelated add" pkts_are "$S" "$k=3" "$d=3" "$x=0"
check "unrelated rule added: still drops" ping_lost "$C" 10.0.1.2 2
check "counters went on from there" pkts_are "$S" "$k=5" "$d=5" "$x=0"
check "deleted handle is gone" is_eq "rule $a" "$(rule_pkts "$S" "$a")" none
check "rule del of a missing handle fails" expect_rc 1 nfg "$S" rule del in "$a"

# --- Compiled runs (kmod/runs.c): 8 or more consecutive rules that match
# only a source prefix are looked up, one binary search per prefix length,
# instead of walked. Verdicts and counters must be the walk's: the first
# matching rule wins whatever its prefix length, a "continue" goes on with
# the rest of the run, and a run of the other family is skipped.
reset_s
chain in input filter
# IPv6 run first: IPv4 packets cross it.
r6=()
r6+=("$(rule in saddr dead:1::/64 continue)")
for i in 1 2 3 4 5; do
	r6+=("$(rule in saddr "dead:9::$i" drop)")
done
r6+=("$(rule in saddr dead:1::1 drop)" "$(rule in saddr dead::/16 accept)")
b=$(rule in l4proto icmp continue)
r4=()
for i in 0 1 2 3; do
	r4+=("$(rule in saddr "10.2.$i.0/24" drop)")
done
# /24 (lowest index 0) is probed first and finds rule 6; /16 (index 4)
# still beats it; /32 (index 5) cannot, and is not probed.
r4+=("$(rule in saddr 10.0.0.0/16 accept)" "$(rule in saddr 10.0.1.1 drop)")
r4+=("$(rule in saddr 10.0.1.0/24 drop)" "$(rule in saddr 10.0.1.0/24 drop)")
r4+=("$(rule in saddr 192.0.2.1 drop)" "$(rule in saddr 192.0.2.2 drop)")
check "runs: IPv4 passes at the /16 accept" ping_ok "$C" 10.0.1.2 3
check "runs: IPv6 dropped after the continue" ping_lost "$C" dead:1::2 2
check "runs: first matches counted, nothing else" pkts_are "$S" \
	"${r6[0]}=2" "${r6[1]}=0" "${r6[5]}=0" "${r6[6]}=2" "${r6[7]}=0" \
	"$b=3" "${r4[0]}=0" "${r4[3]}=0" "${r4[4]}=3" "${r4[5]}=0" \
	"${r4[6]}=0" "${r4[7]}=0" "${r4[9]}=0" "POLICY:in=0"
check "runs: rule del of the /16 accept" nfg "$S" rule del in "${r4[4]}"
check "runs: now the /32 drop (index 5) beats the /24 (index 6)" \
	ping_lost "$C" 10.0.1.2 3
check "runs: counted on the /32 drop" pkts_are "$S" "$b=6" \
	"${r4[5]}=3" "${r4[6]}=0" "${r4[7]}=0" "POLICY:in=0"

reset_s
finish
