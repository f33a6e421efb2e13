#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfgatectl info and its permission checks, through the CLI; version,
# rule list, monitor and set list: their JSON parses with jq and agrees
# with the other commands, and their text is plain when piped.
. "$(dirname "$0")/lib.sh"
require_vm
command -v jq >/dev/null || skip_all "jq not installed"

cleanup() {
	ip netns del nfg_cli 2>/dev/null
	unload
}
trap cleanup EXIT
load || skip_all "cannot load $NFGATE_KO"
plan 15

ver=$(cat /sys/module/nfgate/version)
json=$("$NFGATECTL" info --json)
check "info prints every field" expect_out \
	"netns_cookie|netns cookie" "$NFGATECTL" info
jq_is() {
	local got
	got=$(echo "$json" | jq -r "$1") || return 1
	[ "$got" = "$2" ] && return 0
	echo "# jq '$1' gave '$got', expected '$2'"
	return 1
}
check "info --json parses, version matches the module" jq_is .version "$ver"
check "info --json: no chains, rules, sets or hooks yet" \
	jq_is '[.chains, .rules, .sets, .hooks] | map(tostring) | join(",")' "0,0,0,0"
check "info --json: events feature listed" jq_is '.features | index("events") != null' true

ip netns add nfg_cli
other=$(ip netns exec nfg_cli "$NFGATECTL" info --json | jq -r .netns_cookie)
check "another netns reports another cookie" \
	test "$other" != "$(echo "$json" | jq -r .netns_cookie)"

check "unprivileged user gets exit 4" \
	expect_out "CAP_NET_ADMIN" expect_rc 4 \
	setpriv --reuid=65534 --regid=65534 --clear-groups "$NFGATECTL" info
check "root without CAP_NET_ADMIN gets exit 4" \
	expect_rc 4 setpriv --inh-caps=-net_admin --bounding-set=-net_admin \
	"$NFGATECTL" info
check "root of a new user+net namespace may read its own netns" \
	expect_rc 0 unshare -Urn "$NFGATECTL" info
check "root of a new user namespace may not read the init netns" \
	expect_rc 4 unshare -Ur "$NFGATECTL" info

# ---- version, rule list, monitor, set list ------------------------------
T=$(mktemp -d)
cleanup() {
	[ -z "${mon_pid:-}" ] || kill "$mon_pid" 2>/dev/null
	rm -rf "$T"
	ip netns del nfg_cli 2>/dev/null
	unload
}
json=$("$NFGATECTL" version --json)
tool=$("$NFGATECTL" -V)
check "version --json: the tool's and the loaded module's versions" jq_is \
	'"nfgatectl \(.nfgatectl) \(.module.state) \(.module.version) \(.module.protocol)"' \
	"$tool loaded $ver 1"

nfg nfg_cli chain add in hook input family inet priority filter >/dev/null &&
	nfg nfg_cli chain add mgmt hook input family inet priority 5 >/dev/null &&
	nfg nfg_cli rule add mgmt drop comment "x y" >/dev/null &&
	nfg nfg_cli rule add in l4proto tcp dport 22 accept >/dev/null ||
	echo "# setting up chains in nfg_cli failed"
json=$(nfg nfg_cli rule list --json)
check "rule list --json = the rules of list --json" jq_is \
	"[.rules[] | del(.chain)] == $(nfg nfg_cli list --json | jq -c '[.chains[].rules[]]')
	 and ([.rules[].chain] | join(\",\")) == \"in,mgmt\"" true
check "rule list piped: plain, one space between columns" is_eq "rule list" \
	"$(nfg nfg_cli rule list)" \
	"in 2 l4proto tcp dport 22 accept  # packets 0 bytes 0
mgmt 1 drop comment \"x y\"  # packets 0 bytes 0"

# monitor --json: every line one JSON object; a commit arrives.
nsx_bg nfg_cli "$NFGATECTL" monitor --json >"$T/mon"
mon_pid=$nsx_bg_pid
wait_for 100 grep -qx '{"event":"monitoring"}' "$T/mon" ||
	echo "# monitor never said it was ready: $(cat "$T/mon")"
nfg nfg_cli flush mgmt
gen=$(nfg nfg_cli info --json | jq .generation)
check "monitor --json: the commit as one JSON line" wait_for 100 \
	grep -qx "{\"event\":\"commit\",\"generation\":$gen,\"chain\":\"mgmt\"}" "$T/mon"
kill "$mon_pid"
check "monitor --json: every line parses" eval \
	'jq -e -s "length == 2 and all(.[]; .event | type == \"string\")" "$T/mon" >/dev/null'

nfg nfg_cli set create s4 type ipv4 timeout 600 >/dev/null &&
	nfg nfg_cli set add s4 192.0.2.1 198.51.100.0/24 comment c >/dev/null ||
	echo "# set create/add in nfg_cli failed"
# (elements come in hash order: sorted here)
check "set list piped: plain, single spaces" is_eq "set list" \
	"$(nfg nfg_cli set list s4 | sed -E 's/expires [0-9]+\.[0-9]{3}s/expires T/' |
	   { read -r l; echo "$l"; sort; })" \
	"set s4 type ipv4 maxelem 65536 timeout 600  # elements 2 refs 0 full 0
	192.0.2.1 timeout 600 expires T comment \"c\"
	198.51.100.0/24 timeout 600 expires T comment \"c\""
finish
