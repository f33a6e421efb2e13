#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Named sets on real IPv4 and IPv6 traffic: client netns C talks to server
# netns S, whose chains match sets. Covers exact and nested prefixes
# (longest-prefix counting), allow and block lists, port sets, timeouts,
# maxelem, bulk loads, swap under traffic, the fail2ban-style ban with
# add-to-set and events, and refused requests that change nothing.
. "$(dirname "$0")/lib.sh"
traffic_setup sets jq ping python3 ss
l4_server "$S" 7001 7002 7003 || skip_all "echo server did not start"
plan 68

T=$(mktemp -d) || exit 1
test_cleanup() {
	[ -z "${mon_pid:-}" ] || kill "$mon_pid" 2>/dev/null
	rm -rf "$T"
}

reset_s() { nfg_reset "$S"; }
chain_in() { nfg_chain_in "$S"; }
set_json() {
	nfg "$S" set list "$1" -j
}
set_is() { nfg_set_is "$S" "$@"; }
# elem_pkts SET ELEM: packets counted by the element
elem_pkts() {
	set_json "$1" | jq -r --arg e "$2" \
		'[.sets[0].elements[] | select(.elem == $e) | .packets] | .[0] // "none"'
}
elem_pkts_are() {
	is_eq "packets of $2 in $1" "$(elem_pkts "$1" "$2")" "$3"
}
count_is() { nfg_set_is "$S" "$1" .count "$2"; }
count_zero() {
	[ "$(set_json "$1" | jq -r '.sets[0].count')" = 0 ]
}
# refused WANT_RC PATTERN ARGS...: nfgatectl in S exits WANT_RC saying PATTERN
refused() { nfg_refused "$S" "$@"; }

# --- Refused requests change nothing ---------------------------------------
reset_s
chain_in
nfg "$S" set create a4 type ipv4 counters
nfg "$S" set create a6 type ipv6 counters
nfg "$S" set create p type port
check "unknown set type refused" refused 2 'type: "mac" is not' set create x type mac
check "duplicate set name refused by the kernel" \
	refused 1 'a set of that name exists' set create a4 type ipv4
check "host bits past the prefix refused" \
	refused 2 'has bits set past the prefix length' set add a4 10.0.0.1/8
check "IPv4 element in an IPv6 set refused" \
	refused 2 'is not an ipv6 address' set add a6 10.0.0.1
check "port set refuses a timeout (kernel extack)" \
	refused 1 'port sets take no timeouts' set add p 22 timeout 5
printf '10.1.0.0/16\n# comment\n\n10.2.0.300\n' >"$T/bad.txt"
check "bad file line reported as FILE:LINE" \
	refused 2 "bad.txt:4: .*10.2.0.300" set add a4 --file "$T/bad.txt"
check "bad file changed nothing" count_is a4 0
nfg "$S" set create small type ipv4 maxelem 3
check "maxelem: batch over it refused with ENOSPC naming the set and element" \
	refused 1 'set small is full \(maxelem 3\).*|element 10.9.0.4' \
	set add small 10.9.0.1 10.9.0.2 10.9.0.3 10.9.0.4
check "maxelem: the refused batch added nothing" count_is small 0
check "maxelem: extack points at the element that did not fit" \
	refused 1 'element 10.9.0.4' set add small 10.9.0.1 10.9.0.2 10.9.0.3 10.9.0.4
nfg "$S" set add small 10.9.0.1 10.9.0.2 10.9.0.3
check "maxelem: a batch that fits is added" count_is small 3
check "delete of an absent element refused" \
	refused 1 'element is not in the set.*|element 10.9.0.9' set del small 10.9.0.1 10.9.0.9
check "the refused delete removed nothing" count_is small 3
check "rule naming a missing set refused" refused 1 'no such set' rule add in saddr @nope drop
check "port match on an address set refused" \
	refused 1 'port match on a set that is not a port set' rule add in l4proto tcp dport @a4 drop
check "address match on a port set refused" \
	refused 1 'address match on a port set' rule add in saddr @p drop
nfg "$S" rule add in saddr @small drop >/dev/null
check "a set in use cannot be destroyed; the error names chain and rule" \
	refused 1 'set small is in use by chain in rule 0' set destroy small
check "the set is still there" count_is small 3
check "set list shows the reference" set_is small .refs 1

# --- Block list, nested prefixes: the longest covering element counts ---
reset_s
chain_in
nfg "$S" set create blk4 type ipv4 counters
nfg "$S" set create blk6 type ipv6 counters
nfg "$S" set add blk4 10.0.0.0/8 10.0.1.0/24 10.0.1.1 10.0.2.0/24
nfg "$S" set add blk6 dead::/16 dead:1::/64 dead:1::1 dead:2::/64
nfg "$S" rule add in saddr @blk4 drop >/dev/null
nfg "$S" rule add in saddr @blk6 drop >/dev/null
check "IPv4 blocked by exact address" ping_lost "$C" 10.0.1.2 2
check "IPv6 blocked by exact address" ping_lost "$C" dead:1::2 2
check "IPv4 /32 counted, not its covering /24 and /8" \
	eval 'elem_pkts_are blk4 10.0.1.1 2 && elem_pkts_are blk4 10.0.1.0/24 0 &&
	      elem_pkts_are blk4 10.0.0.0/8 0 && elem_pkts_are blk4 10.0.2.0/24 0'
check "IPv6 /128 counted, not its covering /64 and /16" \
	eval 'elem_pkts_are blk6 dead:1::1 2 && elem_pkts_are blk6 dead:1::/64 0 &&
	      elem_pkts_are blk6 dead::/16 0'
nfg "$S" set del blk4 10.0.1.1
nfg "$S" set del blk6 dead:1::1
check "IPv4 still blocked by the /24" ping_lost "$C" 10.0.1.2 2
check "IPv6 still blocked by the /64" ping_lost "$C" dead:1::2 2
check "IPv4 /24 now counts" elem_pkts_are blk4 10.0.1.0/24 2
check "IPv6 /64 now counts" elem_pkts_are blk6 dead:1::/64 2
nfg "$S" set del blk4 10.0.1.0/24
nfg "$S" set del blk6 dead:1::/64
check "IPv4 blocked by the /8" ping_lost "$C" 10.0.1.2 1
check "IPv6 blocked by the /16" ping_lost "$C" dead:1::2 1
check "the /8 and /16 count" \
	eval 'elem_pkts_are blk4 10.0.0.0/8 1 && elem_pkts_are blk6 dead::/16 1'
nfg "$S" set del blk4 10.0.0.0/8
nfg "$S" set del blk6 dead::/16
check "IPv4 passes: only a non-covering prefix is left" ping_ok "$C" 10.0.1.2 2
check "IPv6 passes: only a non-covering prefix is left" ping_ok "$C" dead:1::2 2

# --- Allow list: drop what is not in the set ---
reset_s
chain_in
nfg "$S" set create ok4 type ipv4
nfg "$S" set create ok6 type ipv6
nfg "$S" set add ok4 10.0.1.0/30
nfg "$S" set add ok6 dead:1::/126
nfg "$S" rule add in nfproto ip saddr != @ok4 drop >/dev/null
nfg "$S" rule add in nfproto ip6 saddr != @ok6 drop >/dev/null
check "IPv4 allowed by prefix" ping_ok "$C" 10.0.1.2 2
check "IPv6 allowed by prefix" ping_ok "$C" dead:1::2 2
nfg "$S" set flush ok4
nfg "$S" set flush ok6
check "IPv4 dropped once the allow list is flushed" ping_lost "$C" 10.0.1.2 2
check "IPv6 dropped once the allow list is flushed" ping_lost "$C" dead:1::2 2

# --- Port sets with ranges ---
reset_s
chain_in
nfg "$S" set create pp type port
nfg "$S" set add pp 7000-7001 7003
nfg "$S" rule add in l4proto tcp dport @pp drop >/dev/null
check "TCP to 7001 (in a range) dropped" l4_dropped "$C" tcp 10.0.1.2 7001
check "TCP to 7002 (not in the set) passes" l4_is ok "$C" tcp 10.0.1.2 7002
check "TCP IPv6 to 7003 (single port) dropped" l4_dropped "$C" tcp dead:1::2 7003
check "port set lists its ranges" \
	is_eq ranges "$(set_json pp | jq -c '[.sets[0].elements[].elem]')" '["7000-7001","7003"]'
nfg "$S" set del pp 7001
check "TCP to 7001 passes after its port is deleted" l4_is ok "$C" tcp 10.0.1.2 7001

# --- Timeouts expire without traffic ---
reset_s
nfg "$S" set create t4 type ipv4 timeout 2
nfg "$S" set add t4 10.7.0.1
nfg "$S" set add t4 10.7.0.2 timeout 0
nfg "$S" set add t4 10.7.0.3 timeout 4 comment "short one"
check "elements with timeouts listed with a comment" \
	eval '[ "$(set_json t4 | jq -r ".sets[0].elements[] | select(.elem == \"10.7.0.3\") | .comment")" = "short one" ]'
check "timed elements expire without traffic" \
	wait_for 100 eval '[ "$(set_json t4 | jq -r ".sets[0].count")" = 1 ]'
check "the element without timeout stays" \
	is_eq left "$(set_json t4 | jq -r '.sets[0].elements[0].elem')" 10.7.0.2
# A set without a default timeout is not collected until an element gets
# one; then it is.
nfg "$S" set create t5 type ipv4
nfg "$S" set add t5 10.7.0.5
nfg "$S" set add t5 10.7.0.6 timeout 1
check "an element timed in an untimed set expires" \
	wait_for 100 eval '[ "$(set_json t5 | jq -r ".sets[0].count")" = 1 ]'
check "and the untimed one stays" \
	is_eq left "$(set_json t5 | jq -r '.sets[0].elements[0].elem')" 10.7.0.5

# --- Bulk load of 100,000 elements, then they match ---
reset_s
chain_in
nfg "$S" set create big type ipv4 maxelem 200000
python3 -c '
print("10.0.1.1")
for i in range(99999):
    print("172.%d.%d.%d" % (16 + i // 65536, (i // 256) % 256, i % 256))
' >"$T/big.txt"
check "100,000 elements load from a file" nfg "$S" set add big --file "$T/big.txt"
check "the set holds 100,000 elements" count_is big 100000
nfg "$S" rule add in saddr @big drop >/dev/null
check "an element of the bulk load matches" ping_lost "$C" 10.0.1.2 2
check "100,000 elements load from stdin into another set" \
	eval 'nfg "$S" set create big2 type ipv4 maxelem 200000 &&
	      nfg "$S" set add big2 --file - <"$T/big.txt" && count_is big2 100000'

# --- Swap under traffic ---
reset_s
chain_in
nfg "$S" set create sa type ipv4
nfg "$S" set create sb type ipv4
nfg "$S" set add sa 10.0.1.1
nfg "$S" rule add in nfproto ip saddr @sa drop >/dev/null
check "before the swap, sa drops" ping_lost "$C" 10.0.1.2 1
nsx_bg "$C" ping -q -i 0.01 -c 400 10.0.1.2 >"$T/flood" 2>&1
flood=$nsx_bg_pid
for i in $(seq 1 21); do nfg "$S" set swap sa sb || break; done
wait "$flood"
flood_rx=$(sed -n 's/.* \([0-9]\+\) received.*/\1/p' "$T/flood")
check "the flood met both contents: some pings dropped, some passed" \
	eval '[ "${flood_rx:-0}" -gt 0 ] && [ "${flood_rx:-0}" -lt 400 ]'
check "21 swaps under traffic: sa now holds sb's (empty) contents" ping_ok "$C" 10.0.1.2 2
check "sb holds the old contents" count_is sb 1
check "swap of sets of different types refused" \
	refused 1 'different types' set swap sa "$(nfg "$S" set create s6 type ipv6 && echo s6)"

# --- The ban: the 4th new connection within the window bans the source ---
reset_s
nfg "$S" chain add in hook input family inet priority filter
for s in c1 c2 c3; do nfg "$S" set create $s type ipv4 timeout 60; done
# The ban lasts 8 s: long enough for the checks that it is there to run
# on a slow (debug) kernel, short enough to wait for its expiry below.
nfg "$S" set create ban type ipv4 timeout 8 counters
nfgm() { nfg "$S" rule add in "$@" >/dev/null; }
nfgm l4proto tcp dport 7001 ct-state new saddr @ban drop
nfgm l4proto tcp dport 7001 ct-state new saddr @c3 add-to-set ban saddr drop
nfgm l4proto tcp dport 7001 ct-state new saddr @c2 add-to-set c3 saddr accept
nfgm l4proto tcp dport 7001 ct-state new saddr @c1 add-to-set c2 saddr accept
nfgm l4proto tcp dport 7001 ct-state new add-to-set c1 saddr accept
nsx_bg "$S" "$NFGATECTL" monitor >"$T/mon" 2>&1
mon_pid=$nsx_bg_pid
wait_for 100 grep -q monitoring "$T/mon"
check "connections 1-3 pass" \
	eval 'l4_is ok "$C" tcp 10.0.1.2 7001 && l4_is ok "$C" tcp 10.0.1.2 7001 &&
	      l4_is ok "$C" tcp 10.0.1.2 7001'
check "connection 4 is dropped and bans the source" l4_dropped "$C" tcp 10.0.1.2 7001
check "the ban is in the set" is_eq ban "$(set_json ban | jq -r '.sets[0].elements[0].elem')" 10.0.1.1
check "monitor saw the ban" wait_for 50 grep -q "set ban added 10.0.1.1" "$T/mon"
check "banned source stays dropped" l4_dropped "$C" tcp 10.0.1.2 7001
check "the ban expires" wait_for 200 count_zero ban
check "monitor saw the expiry" wait_for 50 grep -q "set ban expired 10.0.1.1" "$T/mon"
for s in c1 c2 c3; do nfg "$S" set flush $s; done
check "after the ban, the source connects again" l4_is ok "$C" tcp 10.0.1.2 7001

# --- add-to-set into a full set adds nothing and counts ---
reset_s
chain_in
nfg "$S" set create full type ipv4 maxelem 1
nfg "$S" set add full 10.9.9.9
nfg "$S" rule add in nfproto ip add-to-set full saddr >/dev/null
check "pings pass while the set is full" ping_ok "$C" 10.0.1.2 3
check "full set kept one element" count_is full 1
check "refused packet-path insertions counted" set_is full .full 3

# --- The module-wide cap counts elements exactly (refreshes do not count) ---
reset_s
P=/sys/module/nfgate/parameters/max_set_elems
nfg "$S" set create cap type ipv4
nfg "$S" set add cap 10.8.0.1 10.8.0.2
for i in 1 2 3 4 5; do nfg "$S" set add cap 10.8.0.1 10.8.0.2 10.8.0.1; done
echo 4 >"$P"
check "max_set_elems: an addition over the module's cap is refused" \
	refused 1 "set cap: module's max_set_elems reached" set add cap 10.8.0.3 10.8.0.4 10.8.0.5
check "max_set_elems: up to the cap is accepted" \
	eval 'nfg "$S" set add cap 10.8.0.3 10.8.0.4 && count_is cap 4'
echo 2097152 >"$P"

finish
