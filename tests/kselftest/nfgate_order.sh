#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfgate's place among real nftables chains at the same hook: an nfgate
# chain at before-firewalld (5) runs after a filter-10 nft chain and before
# a filter+10 one (firewalld's). drop there is final; accept ends only the
# nfgate chain. nft flush ruleset does not touch nfgate.
. "$(dirname "$0")/lib.sh"
traffic_setup or jq ping nft
nsx "$S" nft -f - <<EOF || skip_all "nft cannot create base chains"
table inet t {
	chain before { type filter hook input priority filter - 10; counter; }
	chain after { type filter hook input priority filter + 10; counter; }
}
EOF
plan 15

# nft_pkts CHAIN: the packets of the counter in nft chain CHAIN.
nft_pkts() {
	nsx "$S" nft -j list ruleset | jq -r --arg c "$1" '[.nftables[] | .rule? |
		select(. != null and .chain == $c) | .expr[] | .counter? |
		select(. != null) | .packets] | add // "none"'
}
# counts_are BEFORE NFGATE_RULE=N AFTER: nft's two counters and nfgate's.
counts_are() {
	local rc=0
	is_eq "nft chain before (filter-10)" "$(nft_pkts before)" "$1" || rc=1
	pkts_are "$S" "$2" || rc=1
	is_eq "nft chain after (filter+10)" "$(nft_pkts after)" "$3" || rc=1
	return $rc
}

nfg "$S" chain add fw hook input family inet priority before-firewalld
h1=$(nfg_handle "$S" rule add fw l4proto icmp drop)
check "nfgate drop at before-firewalld: pings dropped" ping_lost "$C" 10.0.1.2 3
check "drop: counted by nft filter-10 and nfgate, not by nft filter+10" \
	counts_are 3 "$h1=3" 0

nfg "$S" rule del fw "$h1"
h2=$(nfg_handle "$S" rule add fw l4proto icmp accept)
check "nfgate accept at before-firewalld: pings pass" ping_ok "$C" 10.0.1.2 3
check "accept: all three counted (accept does not stop later chains)" \
	counts_are 6 "$h2=3" 3

nfg "$S" chain add fw2 hook input family inet priority after-firewalld
h3=$(nfg_handle "$S" rule add fw2 l4proto icmpv6 drop)
check "nfgate drop at after-firewalld: IPv6 pings dropped" ping_lost "$C" dead:1::2 2
check "after-firewalld: counted by both nft chains first" counts_are 8 "$h3=2" 5

ruleset() {
	nsx "$S" nft list ruleset
}
check "nfgate adds nothing to nft's ruleset" \
	is_eq "nft tables" "$(nsx "$S" nft list tables)" "table inet t"
check "nft flush ruleset" nsx "$S" nft flush ruleset
check "nft's ruleset is empty" is_eq "nft ruleset" "$(ruleset)" ""
check "nfgate's chains survive it" is_eq "nfgate chains" \
	"$(nfg "$S" list --json | jq -r '[.chains[].name] | join(" ")')" "fw fw2"
check "nfgate's counters survive it" pkts_are "$S" "$h2=3" "$h3=2"
check "after the flush, IPv4 still accepted" ping_ok "$C" 10.0.1.2 3
check "after the flush, IPv6 still dropped" ping_lost "$C" dead:1::2 2
check "and counted" pkts_are "$S" "$h2=6" "$h3=4"
check "nfgate still has its hooks" is_eq hooks \
	"$(nfg "$S" info --json | jq .hooks)" 4
nfg "$S" flush
finish
