#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Module and netns lifecycle under traffic: rmmod with chains (and
# conntrack use) in two netns while pings flood through them, deleting
# netns that have chains, and an empty state after reloading. Kernel
# splats are caught by vm-run (exit 126).
. "$(dirname "$0")/lib.sh"
flood_pids=()
test_cleanup() {
	local p
	for p in "${flood_pids[@]}"; do
		kill "$p" 2>/dev/null
	done
}
traffic_setup lc jq ping
EXTRA_NS=("$C-x" "$S-x")
plan 16

# stateful NS: chains with conntrack matches in both netns of a pair,
# counting the IPv4 flood and dropping IPv6 echo requests at the server.
stateful() {
	local c=$1 s=$2
	nfg "$s" chain add in hook input family inet priority filter &&
	nfg "$s" rule add in l4proto icmpv6 icmp-type echo-request drop >/dev/null &&
	nfg "$s" rule add in ct-state new,established continue >/dev/null &&
	nfg "$s" chain add pre hook prerouting family ip priority mangle &&
	nfg "$s" rule add pre ct-direction original mark-set 1 >/dev/null &&
	nfg "$c" chain add cin hook input family inet priority filter policy drop &&
	nfg "$c" rule add cin ct-state established,related accept >/dev/null
}
# total NS: packets counted by all rules and policies of NS.
total() {
	nfg "$1" list --json | jq '[.chains[] | .packets, (.rules[] | .packets)] | add'
}
more_than() {
	local got
	got=$(total "$1")
	[ "$got" -gt "$2" ] 2>/dev/null && return 0
	echo "# $1 counted $got packets, expected more than $2"
	return 1
}
# empty NS: no chains, rules or hooks.
empty() {
	is_eq "chains, rules, hooks in $1" \
		"$(nfg "$1" info --json | jq -r '"\(.chains) \(.rules) \(.hooks)"')" "0 0 0"
}

check "chains with ct matches in both netns" stateful "$C" "$S"
nsx_bg "$C" ping -q -n -f -w 60 10.0.1.2 >/dev/null 2>&1
flood_pids+=("$nsx_bg_pid")
nsx_bg "$C" ping -q -n -i 0.01 -w 60 dead:1::2 >/dev/null 2>&1
flood_pids+=("$nsx_bg_pid")
check "the flood goes through the server's chains" wait_for 300 more_than "$S" 200
check "... and the client's" wait_for 300 more_than "$C" 200
check "conntrack is in use in the server's netns" \
	test "$(nsx "$S" cat /proc/sys/net/netfilter/nf_conntrack_count)" -gt 0
check "IPv6 is dropped while loaded" ping_lost "$C" dead:1::2 2
check "rmmod during the flood" unload
# Stop the floods before checking that traffic passes: on Linux 6.12 a
# "ping -c 2" next to a "ping -f" to the same address gets only one reply
# back, with no netfilter at all (Debian's 6.12.118; the check passed
# next to the flood on 6.1 and 6.12-rt).
for p in "${flood_pids[@]}"; do
	kill "$p" 2>/dev/null
	wait "$p" 2>/dev/null
done
flood_pids=()
check "after rmmod, IPv6 passes (no hook left)" ping_ok "$C" dead:1::2 2
check "after rmmod, the client's policy drop is gone too" ping_ok "$C" 10.0.1.2 2

check "reload" load
check "server netns: empty after reload" empty "$S"
check "client netns: empty after reload" empty "$C"
check "init netns: empty after reload" is_eq "init netns chains" \
	"$("$NFGATECTL" info --json | jq -r '"\(.chains) \(.rules) \(.hooks)"')" "0 0 0"

# Deleting namespaces that have chains, conntrack use and traffic.
cycles() {
	local _
	for _ in 1 2 3 4 5; do
		topo_add "$C-x" "$S-x" && stateful "$C-x" "$S-x" &&
			ping_ok "$C-x" 10.0.1.2 3 && ping_lost "$C-x" dead:1::2 1 ||
			return 1
		topo_del "$C-x" "$S-x"
	done
}
check "5 cycles: netns pair with chains, traffic, deleted" cycles
check "chains again in the first pair" stateful "$C" "$S"
topo_del "$C" "$S"
check "rmmod after deleting netns that had chains" unload
check "load again, a new netns is empty" eval \
	'load && ip netns add "$S" && empty "$S"'
finish
