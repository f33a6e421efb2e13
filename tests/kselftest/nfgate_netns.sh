#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfgate's state is per network namespace: each netns gets its own, sees
# and changes only its own chains, and creating and destroying namespaces
# that hold chains while loaded is clean.
. "$(dirname "$0")/lib.sh"
require_vm

cleanup() {
	ip netns del nfg_a 2>/dev/null
	ip netns del nfg_b 2>/dev/null
	unload
}
trap cleanup EXIT
load || skip_all "cannot load $NFGATE_KO"
plan 10

# The netns cookie a plain socket sees, to compare with nfgate's reply.
sock_cookie() {
	nsx "$1" python3 -c '
import socket, struct
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
print(struct.unpack("Q", s.getsockopt(socket.SOL_SOCKET, 71, 8))[0])'
}
info_cookie() {
	nsx "$1" "$NFGATECTL" info --json | jq -r .netns_cookie
}
same_cookie() {
	local a b
	a=$(info_cookie "$1") && b=$(sock_cookie "$1") || return 1
	[ "$a" = "$b" ] && return 0
	echo "# netns $1: nfgate says $a, SO_NETNS_COOKIE says $b"
	return 1
}

ip netns add nfg_a
ip netns add nfg_b
check "netns a: reply comes from netns a's state" same_cookie nfg_a
check "netns b: reply comes from netns b's state" same_cookie nfg_b

# chains NS: the chain count nfgate reports in NS ("-" for the caller's).
chains() {
	if [ "$1" = - ]; then
		"$NFGATECTL" info --json | jq -r .chains
	else
		nsx "$1" "$NFGATECTL" info --json | jq -r .chains
	fi
}
names() {
	nsx "$1" "$NFGATECTL" list --json | jq -r '[.chains[].name] | join(",")'
}
nsx nfg_a "$NFGATECTL" chain add only_a hook input family inet priority filter
nsx nfg_b "$NFGATECTL" chain add only_b hook output family ip priority raw
check "a chain added in netns a is counted there" is_eq "chains in a" "$(chains nfg_a)" 1
check "netns a lists only its own chain" is_eq "chains in a" "$(names nfg_a)" only_a
check "netns b lists only its own chain" is_eq "chains in b" "$(names nfg_b)" only_b
check "the initial netns sees neither" is_eq "chains in init" "$(chains -)" 0
nsx nfg_b "$NFGATECTL" flush
check "a flush in netns b leaves netns a alone" is_eq "chains in a" "$(names nfg_a)" only_a
check "and empties netns b" is_eq "chains in b" "$(chains nfg_b)" 0

cycles() {
	for _ in $(seq 1 50); do
		ip netns add nfg_tmp &&
			nsx nfg_tmp "$NFGATECTL" chain add c hook input \
				family inet priority filter &&
			ip netns del nfg_tmp || return 1
	done
}
check "50 netns create/commit/destroy cycles" cycles
ip netns del nfg_a
ip netns del nfg_b
check "unload after namespaces came and went" unload
finish
