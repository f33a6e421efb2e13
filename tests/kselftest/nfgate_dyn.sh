#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Dynamic state on real IPv4 and IPv6 traffic: recent tables (modes check,
# update, set, remove, the /64 mask, rdest, deleting one entry), the SSH
# brute-force ban (recent + add-to-set, the ban expiring, monitor events),
# rate tables (exactly the burst passes, then drops), refused requests,
# and a flood of 100,000 spoofed sources (pktgen) that keeps a recent
# table, a rate table and an add-to-set set at their caps, with the slab
# memory reported before and after and asserted bounded.
. "$(dirname "$0")/lib.sh"
traffic_setup dyn jq ping python3 ss
l4_server "$S" 7001 || skip_all "echo server did not start"
plan 89

T=$(mktemp -d) || exit 1
test_cleanup() {
	[ -z "${mon_pid:-}" ] || kill "$mon_pid" 2>/dev/null
	rm -rf "$T"
}

reset_s() { nfg_reset "$S"; }
chain_in() { nfg_chain_in "$S"; }
rule() {
	nfg_handle "$S" rule add in "$@"
}
set_json() {
	nfg "$S" set list "$1" -j
}
set_is() { nfg_set_is "$S" "$@"; }
count_is() { nfg_set_is "$S" "$1" .count "$2"; }
# entry_is SET ELEM FIELD WANT: a field of one entry
entry_is() {
	is_eq "$3 of $2 in $1" "$(set_json "$1" | jq -r --arg e "$2" \
		"[.sets[0].elements[] | select(.elem == \$e) | .$3] | .[0] // \"none\"")" "$4"
}
# refused WANT_RC PATTERN ARGS...: nfgatectl in S exits WANT_RC saying PATTERN
refused() { nfg_refused "$S" "$@"; }

# --- Creation, listing and refused requests --------------------------------
reset_s
chain_in
nfg "$S" set create r4 type recent family ipv4
nfg "$S" set create r6 type recent family ipv6 mask 64 hits 5 timeout 30
nfg "$S" set create rl type rate family ipv4 rate 1/minute burst 5
nfg "$S" set create a4 type ipv4
check "recent table listed with its options" \
	is_eq r6 "$(set_json r6 | jq -c '.sets[0] | [.type, .family, .mask, .hits, .timeout, .maxelem]')" \
	'["recent","ipv6",64,5,30,65536]'
check "rate table listed with its options" \
	is_eq rl "$(set_json rl | jq -c '.sets[0] | [.type, .family, .mask, .rate, .period, .burst]')" \
	'["rate","ipv4",32,1,60,5]'
check "text listing re-creates the options" \
	expect_out '^set rl type rate family ipv4 mask 32 rate 1/minute burst 5 maxelem 65536' \
	nfg "$S" set list rl
check "recent without a family refused" refused 2 'type recent needs family' \
	set create x type recent
check "hits on a rate table refused" refused 2 'hits with recent' \
	set create x type rate family ipv4 rate 1/second hits 3
check "mask longer than the address refused" refused 2 'mask 33 is longer than an IPv4' \
	set create x type recent family ipv4 mask 33
check "recent match on an address set refused" \
	refused 1 'recent match on a set that is not a recent table' rule add in recent a4 check
check "address match on a recent table refused" \
	refused 1 'used by recent and rate matches only' rule add in saddr @r4 drop
check "hitcount over the table's hits refused" \
	refused 1 "HITCOUNT over the table's 5 remembered hits" rule add in recent r6 check hitcount 6
check "rate match on a recent table refused" \
	refused 1 'rate match on a set that is not a rate table' rule add in rate r4 drop
check "adding entries by hand refused" refused 1 'made by packets' set add r4 10.0.0.1
check "refused requests changed nothing" \
	is_eq sets "$(nfg "$S" set list -j | jq -c '[.sets[].name]')" '["r4","r6","rl","a4"]'

# --- Recent modes on IPv4 ----------------------------------------------------
# check: drops the 4th ping, as 3 hits are then within the window
reset_s
chain_in
nfg "$S" set create r4 type recent family ipv4
hc=$(rule l4proto icmp recent r4 check seconds 30 hitcount 3 drop)
hs=$(rule l4proto icmp recent r4 set)
check "check: pings 1-3 pass" ping_ok "$C" 10.0.1.2 3
check "check: ping 4 is dropped" ping_lost "$C" 10.0.1.2 1
check "check: set recorded 3 hits, check none" entry_is r4 10.0.1.1 hits 3
check "rule counters: check 1, set 3" pkts_are "$S" "$hc=1" "$hs=3"
check "a recent table in use cannot be destroyed" \
	refused 1 'set r4 is in use by chain in rule 0' set destroy r4
check "set del drops the entry" nfg "$S" set del r4 10.0.1.1
check "after set del, the source pings again" ping_ok "$C" 10.0.1.2 1
check "del of an absent entry refused" refused 1 'no entry for this address' set del r4 10.9.9.9

# update: the match records a hit; check would not
reset_s
chain_in
nfg "$S" set create u type recent family ipv4
hu=$(rule l4proto icmp recent u update seconds 30 hitcount 2 drop)
rule l4proto icmp recent u set >/dev/null
check "update: pings 1-2 pass" ping_ok "$C" 10.0.1.2 2
check "update: ping 3 is dropped" ping_lost "$C" 10.0.1.2 1
check "update recorded its hit (3 hits)" entry_is u 10.0.1.1 hits 3
check "update matched once" pkts_are "$S" "$hu=1"

# remove: matches (and removes) when the entry exists
reset_s
chain_in
nfg "$S" set create rx type recent family ipv4
hr=$(rule l4proto icmp recent rx remove)
rule l4proto icmp recent rx set >/dev/null
check "remove: pings pass" ping_ok "$C" 10.0.1.2 4
check "remove matched pings 2-4 (not 1: no entry yet)" pkts_are "$S" "$hr=3"
check "remove left the entry set re-made (1 hit)" entry_is rx 10.0.1.1 hits 1

# rdest keys on the destination address
rule l4proto icmp recent rx set rdest >/dev/null
ping_ok "$C" 10.0.1.2 1 >/dev/null
check "rdest: the entry is the destination" entry_is rx 10.0.1.2 hits 1

# --- Recent on IPv6 with a /64 mask ----------------------------------------
reset_s
chain_in
nfg "$S" set create r6 type recent family ipv6 mask 64
rule l4proto icmpv6 recent r6 set >/dev/null
ip -n "$C" addr add dead:1::99/64 dev veth0 nodad
ip -n "$S" neigh replace dead:1::99 lladdr 02:00:0a:00:01:01 dev veth0 nud permanent
check "IPv6 pings pass" ping_ok "$C" dead:1::2 2
check "IPv6 pings from a second address pass" ping_ok "$C" dead:1::2 2 -I dead:1::99
check "both addresses share the /64 entry" \
	is_eq r6 "$(set_json r6 | jq -c '[.sets[0].elements[] | [.elem, .hits]]')" \
	'[["dead:1::/64",4]]'
check "set del of any address of the /64 drops it" nfg "$S" set del r6 dead:1::5
check "the /64 entry is gone" count_is r6 0
ip -n "$C" addr del dead:1::99/64 dev veth0

# --- The SSH brute-force scenario, IPv4 and IPv6 ---------------------------
# recent ssh: each new connection records a hit; the 4th within 10 s
# bans the source for 3 s (add-to-set) and is dropped.
nsx_bg "$S" "$NFGATECTL" monitor >"$T/mon" 2>&1
mon_pid=$nsx_bg_pid
wait_for 100 grep -q monitoring "$T/mon"
bruteforce() {
	local fam=$1 src=$2 dst=$3
	reset_s
	chain_in
	nfg "$S" set create ssh type recent family "$fam"
	nfg "$S" set create ban type "$fam" timeout 3
	rule l4proto tcp dport 7001 ct-state new saddr @ban drop >/dev/null
	rule l4proto tcp dport 7001 ct-state new recent ssh set >/dev/null
	rule l4proto tcp dport 7001 ct-state new recent ssh check seconds 10 hitcount 4 \
		add-to-set ban saddr drop >/dev/null
	check "$fam: connections 1-3 pass" \
		eval 'l4_is ok "$C" tcp $dst 7001 && l4_is ok "$C" tcp $dst 7001 &&
		      l4_is ok "$C" tcp $dst 7001'
	check "$fam: connection 4 is dropped and bans the source" l4_dropped "$C" tcp "$dst" 7001
	check "$fam: the ban is in the set" \
		is_eq ban "$(set_json ban | jq -r '.sets[0].elements[0].elem')" "$src"
	check "$fam: monitor saw the ban" wait_for 50 grep -q "set ban added $src\$" "$T/mon"
	check "$fam: the ban expires without traffic" wait_for 100 count_is ban 0
	check "$fam: monitor saw the unban" wait_for 50 grep -q "set ban expired $src\$" "$T/mon"
	nfg "$S" set flush ssh
	check "$fam: after the ban and a flush, the source connects" l4_is ok "$C" tcp "$dst" 7001
}
bruteforce ipv4 10.0.1.1 10.0.1.2
bruteforce ipv6 dead:1::1 dead:1::2

# --- Rate tables: exactly the burst passes, then the excess drops ----------
ratetest() {
	local fam=$1 src=$2 dst=$3 proto=$4 h
	reset_s
	chain_in
	nfg "$S" set create rl type rate family "$fam" rate 1/minute burst 5 mask "$5"
	h=$(rule l4proto "$proto" rate rl drop)
	check "$fam: 5 of 10 pings pass (the burst)" is_eq replies "$(pings "$C" "$dst" 10)" 5
	check "$fam: the rate rule dropped the other 5" pkts_are "$S" "$h=5"
	check "$fam: the bucket is empty" entry_is rl "$src" tokens 0
	nfg "$S" set del rl "$src"
	check "$fam: after set del, a full burst passes again" is_eq replies "$(pings "$C" "$dst" 6)" 5
}
ratetest ipv4 10.0.1.1 10.0.1.2 icmp 32
ratetest ipv6 dead:1::/64 dead:1::2 icmpv6 64

# --- The configuration language: tables and rule words, state kept --------
reset_s
cat >"$T/m.conf" <<'CONF'
set ssh { type recent family ipv4 mask 24 hits 5; }
set rl6 { type rate family ipv6 rate 2/minute burst 3 mask 64 maxelem 100; }
chain in {
	hook input family inet priority filter policy accept
	l4proto icmp recent ssh set
	l4proto icmp recent ssh check seconds 60 hitcount 3 drop
	l4proto icmpv6 rate rl6 drop
}
CONF
check "apply a config with recent and rate tables" nfg "$S" apply "$T/m.conf"
check "show prints it back" \
	is_eq show "$(nfg "$S" show)" "$("$NFGATECTL" apply --print "$T/m.conf")"
check "config: pings 1-2 pass, 3 is dropped" \
	eval 'ping_ok "$C" 10.0.1.2 2 && ping_lost "$C" 10.0.1.2 1'
check "config: 3 of 5 IPv6 pings pass (the burst)" is_eq replies "$(pings "$C" dead:1::2 5)" 3
check "apply again keeps the tables' state" eval \
	'nfg "$S" apply "$T/m.conf" && entry_is ssh 10.0.1.0/24 hits 3 &&
	 entry_is rl6 dead:1::/64 tokens 0'
sed -i 's/hits 5;/hits 6;/' "$T/m.conf"
check "a changed option replaces the table (empty)" eval \
	'nfg "$S" apply "$T/m.conf" && count_is ssh 0 && set_is ssh .hits 6'

# --- A flood of 100,000 spoofed sources stays within the caps -------------
slab() {
	awk '/^Slab:/ { print $2 }' /proc/meminfo
}
# active objects of the add-to-set elements' own cache
elem_objs() {
	awk '/^nfgate_set_elem / { print $2 }' /proc/slabinfo
}
slab_report() {
	echo "# $1: Slab $(slab) kB;" \
		"$(awk '/^(kmalloc-96|kmalloc-192|nfgate_set_elem) / { printf "%s %s/%s ", $1, $2, $3 }' /proc/slabinfo)"
}
# pktgen in S: inject N UDP packets from 10.100.0.0 on, one source each,
# into veth0's receive path (netif_receive mode), like scripts/bench-guest.
flood_ipv4() {
	local n=$1
	{ [ -d /proc/net/pktgen ] || modprobe pktgen; } || { echo "# no pktgen"; return 1; }
	nsx "$S" bash -c "
		echo rem_device_all >/proc/net/pktgen/kpktgend_0 &&
		echo 'add_device veth0' >/proc/net/pktgen/kpktgend_0 &&
		d=/proc/net/pktgen/veth0 &&
		for c in 'count $n' 'burst 1' 'xmit_mode netif_receive' 'pkt_size 60' \
			'dst 10.0.1.2' 'dst_mac 02:00:0a:00:01:02' \
			'src_min 10.100.0.0' 'src_max 10.101.255.255' \
			'udp_src_min 9' 'udp_src_max 9' 'udp_dst_min 9' 'udp_dst_max 9'; do
			echo \"\$c\" >\$d || exit 1
		done &&
		echo start >/proc/net/pktgen/pgctrl && grep -q 'Result: OK' \$d"
}
# pktgen has no IPv6 source ranges: C sends N raw frames on its veth0 (to
# S's MAC), UDP to port 9 from 2001:db8:H:L::1, a /64 of its own each
# (H:L = the packet's index); veth hands each to S's receive path as the
# send returns.
FLOOD6='
import socket, struct, sys
n = int(sys.argv[1])
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("veth0", 0))
eth = bytes.fromhex("02000a000102" "02000a000101" "86dd")
ip6 = bytearray(struct.pack("!IHBB", 6 << 28, 8, 17, 64))
ip6 += socket.inet_pton(socket.AF_INET6, "2001:db8::1")
ip6 += socket.inet_pton(socket.AF_INET6, "dead:1::2")
frame = bytearray(eth + ip6 + struct.pack("!HHHH", 9, 9, 8, 0xffff))
for i in range(n):
    struct.pack_into("!HH", frame, 14 + 8 + 4, i >> 16, i & 0xffff)
    s.send(frame)
'
flood_ipv6() {
	nsx "$C" python3 -I -S -c "$FLOOD6" "$1"
}
# flood_test FAMILY OLDEST NEWEST: N spoofed sources of FAMILY against a
# recent table, a rate table and an add-to-set set of 1,000 each; OLDEST
# must have been evicted, NEWEST kept (as the recent table lists them).
flood_test() {
	local fam=$1 proto=$1 mask="" n=100000 before objs got grown
	[ "$fam" = ipv6 ] && mask="mask 64" && proto=ip6
	[ "$fam" = ipv4 ] && proto=ip
	reset_s
	nfg "$S" chain add pre hook prerouting family "$proto" priority raw
	# shellcheck disable=SC2086 # the mask words
	nfg "$S" set create fr type recent family "$fam" $mask maxelem 1000 &&
		nfg "$S" set create fl type rate family "$fam" rate 1/second $mask maxelem 1000 &&
		nfg "$S" set create fb type "$fam" maxelem 1000 || return 1
	for r in "recent fr set" "rate fl" "add-to-set fb saddr" drop; do
		# shellcheck disable=SC2086 # the rule's words
		nfg "$S" rule add pre l4proto udp dport 9 $r >/dev/null || return 1
	done
	sleep 1
	before=$(slab) objs=$(elem_objs)
	slab_report "$fam: before the flood"
	check "$fam: $n packets of distinct sources sent" "flood_$fam" $n
	got=$(nfg "$S" list --json | jq '[.chains[] | select(.name == "pre") | .rules[-1].packets][0]')
	check "$fam: all of them reached the chain" is_eq packets "$got" $n
	slab_report "$fam: after the flood"
	check "$fam: recent table at its cap" count_is fr 1000
	check "$fam: recent table evicted the rest (LRU)" set_is fr .evicted $((got - 1000))
	check "$fam: rate table at its cap" count_is fl 1000
	check "$fam: rate table evicted the rest (LRU)" set_is fl .evicted $((got - 1000))
	check "$fam: add-to-set set at its cap" count_is fb 1000
	check "$fam: add-to-set refused the rest" set_is fb .full $((got - 1000))
	check "$fam: the oldest sources were evicted" entry_is fr "$2" hits none
	check "$fam: the newest sources are kept" entry_is fr "$3" hits 1
	# 3,000 entries take about 0.5 MB; unbounded, 100,000 sources of three
	# tables would take over 35 MB. Freed entries wait a grace period.
	grown=$(( $(slab) - before ))
	echo "# $fam: slab grew by $grown kB with 3 x 1000 entries"
	check "$fam: set element objects bounded (<= 1000 + 64 more)" \
		[ "$(( $(elem_objs) - objs ))" -le 1064 ]
	check "$fam: slab growth bounded (< 8 MB)" [ "$grown" -lt 8192 ]
	reset_s
	sleep 2
	slab_report "$fam: after destroy"
	grown=$(( $(slab) - before ))
	check "$fam: slab back near its start after destroy (< 4 MB above)" [ "$grown" -lt 4096 ]
}
flood_test ipv4 10.100.0.5 10.101.134.159
flood_test ipv6 2001:db8:0:5::/64 2001:db8:1:869f::/64

finish
