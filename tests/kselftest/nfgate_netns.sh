#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfgate's state is per network namespace: each netns gets its own, and
# creating and destroying namespaces while loaded is clean.
. "$(dirname "$0")/lib.sh"
require_vm

cleanup() {
	ip netns del nfg_a 2>/dev/null
	ip netns del nfg_b 2>/dev/null
	unload
}
trap cleanup EXIT
load || skip_all "cannot load $NFGATE_KO"
plan 4

# The netns cookie a plain socket sees, to compare with nfgate's reply.
sock_cookie() {
	ip netns exec "$1" python3 -c '
import socket, struct
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
print(struct.unpack("Q", s.getsockopt(socket.SOL_SOCKET, 71, 8))[0])'
}
info_cookie() {
	ip netns exec "$1" "$NFGATECTL" info --json | jq -r .netns_cookie
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

cycles() {
	local i
	for i in $(seq 1 50); do
		ip netns add nfg_tmp && ip netns exec nfg_tmp "$NFGATECTL" info >/dev/null &&
			ip netns del nfg_tmp || return 1
	done
}
check "50 netns create/query/destroy cycles" cycles
ip netns del nfg_a
ip netns del nfg_b
check "unload after namespaces came and went" unload
finish
