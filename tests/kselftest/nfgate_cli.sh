#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfgatectl info and its permission checks, through the CLI.
. "$(dirname "$0")/lib.sh"
require_vm
command -v jq >/dev/null || skip_all "jq not installed"

cleanup() {
	ip netns del nfg_cli 2>/dev/null
	unload
}
trap cleanup EXIT
load || skip_all "cannot load $NFGATE_KO"
plan 9

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
finish
