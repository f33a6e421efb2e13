#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Permissions and isolation (the policy is the uapi header's top comment:
# every command, reads included, and the events group need CAP_NET_ADMIN
# in the user namespace that owns the netns).
#  - Without CAP_NET_ADMIN, as root (capsh --drop) and as an unprivileged
#    uid (setpriv): every command of the family, request and dump, and
#    joining the events group, is EPERM (nfgate_fuzz -P); every nfgatectl
#    command that talks to the module exits 4 and says CAP_NET_ADMIN is
#    needed; and nothing changed.
#  - Root of a user namespace (unshare -Urn, run by the unprivileged uid)
#    manages its own netns's state and sees nothing of the parent's.
. "$(dirname "$0")/lib.sh"
FUZZ=$(dirname "$0")/nfgate_fuzz
[ -x "$FUZZ" ] || skip_all "nfgate_fuzz not built: make -C tests/kselftest"
require_vm
for t in capsh setpriv unshare jq; do
	command -v "$t" >/dev/null || skip_all "$t not installed"
done
N=nfgperm_$$
cleanup() {
	[ -n "${dir:-}" ] && rm -rf "$dir"
	topo_del "$N"
	unload
}
trap cleanup EXIT
load || skip_all "cannot load $NFGATE_KO"
ip netns add "$N" || skip_all "cannot create a netns"
dir=$(mktemp -d)
chmod 755 "$dir"
plan 12

# Some state to protect: a chain with a rule, a set with an element.
nfg "$N" chain add in hook input family inet priority filter >/dev/null &&
	nfg "$N" rule add in l4proto tcp dport 22 accept >/dev/null &&
	nfg "$N" set create blk type ipv4 >/dev/null &&
	nfg "$N" set add blk 192.0.2.1 >/dev/null ||
	skip_all "cannot set up the state to protect"
# snapshot: chains, rules, sets and their elements
snapshot() {
	nfg "$N" show && nfg "$N" set list && nfg "$N" set list blk
}
snapshot >"$dir/before"
cat >"$dir/conf" <<EOF
chain evil {
	hook input family inet priority filter policy drop
}
EOF
chmod 644 "$dir/conf"

# as_nocap / as_nobody CMD...: CMD in netns N without CAP_NET_ADMIN.
as_nocap() {
	nsx "$N" capsh --drop=cap_net_admin -- -c '"$@"' -- "$@"
}
as_nobody() {
	nsx "$N" setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=-all -- "$@"
}

# Every nfgatectl command that talks to the module, reads and writes.
NFG_CMDS=(
	"info" "list" "show" "chain list" "set list" "set list blk"
	"chain add x hook input family inet priority 0" "chain del in"
	"rule add in l4proto udp accept" "rule del in 1" "flush" "flush in"
	"set create s2 type ipv4" "set add blk 192.0.2.2" "set swap blk blk"
	"set del blk 192.0.2.1" "set flush blk" "set destroy blk"
	"apply $dir/conf" "apply --check $dir/conf"
)
# all_refused RUNNER: each command exits 4 (permission) and says why.
all_refused() {
	local runner=$1 c rc out bad=0
	for c in "${NFG_CMDS[@]}"; do
		rc=0
		# shellcheck disable=SC2086 # the command's words
		out=$("$runner" "$NFGATECTL" $c 2>&1) || rc=$?
		if [ "$rc" -ne 4 ] || ! echo "$out" | grep -q 'needs CAP_NET_ADMIN'; then
			echo "# nfgatectl $c ($runner): exit $rc, printed: $out"
			bad=1
		fi
	done
	# monitor: subscribing to events is refused too (it exits at once)
	rc=0
	out=$("$runner" timeout 20 "$NFGATECTL" monitor 2>&1) || rc=$?
	if [ "$rc" -ne 4 ] || ! echo "$out" | grep -q 'needs CAP_NET_ADMIN'; then
		echo "# nfgatectl monitor ($runner): exit $rc, printed: $out"
		bad=1
	fi
	return $bad
}
# probe RUNNER: nfgate_fuzz -P through RUNNER, its TAP indented.
probe() {
	"$1" "$FUZZ" -P | sed 's/^/# /'
	return "${PIPESTATUS[0]}"
}
unchanged() {
	snapshot >"$dir/after" && diff -u "$dir/before" "$dir/after"
}

check "root without CAP_NET_ADMIN: every command and dump is EPERM (raw netlink)" \
	probe as_nocap
check "root without CAP_NET_ADMIN: every nfgatectl command refused, and says why" \
	all_refused as_nocap
check "uid 65534: every command and dump is EPERM (raw netlink)" \
	probe as_nobody
check "uid 65534: every nfgatectl command refused, and says why" \
	all_refused as_nobody
check "nothing changed" unchanged

# Positive control: the same runner with the capability can read.
check "control: capsh keeping CAP_NET_ADMIN can read" \
	eval 'nsx "$N" capsh -- -c "\"\$@\"" -- "$NFGATECTL" info >/dev/null'

# Root of a user namespace, created by the unprivileged uid from netns N.
# userns RUNS...: the nfgatectl commands, ';'-separated, in one fresh
# user+net namespace; prints their output.
userns() {
	as_nobody unshare -Urn sh -c "$1" 2>&1
}
# shellcheck disable=SC2034 # used in the eval'd checks below
NFG=$NFGATECTL
check "userns root: sees an empty state, nothing of the parent's" \
	eval 'out=$(userns "$NFG list; $NFG set list; $NFG info --json") &&
	! echo "$out" | grep -Eq "blk|chain in|192\.0\.2" &&
	echo "$out" | tail -n 1 | jq -e ".chains == 0 and .sets == 0" >/dev/null ||
	{ echo "# $out"; false; }'
check "userns root: manages its own netns's chains and sets" \
	eval 'out=$(userns "$NFG chain add mine hook input family inet priority 0 &&
		$NFG set create own type ipv4 &&
		$NFG set add own 198.51.100.1 && $NFG info --json") &&
	echo "$out" | tail -n 1 | jq -e ".chains == 1 and .sets == 1" >/dev/null ||
	{ echo "# $out"; false; }'
check "parent netns unchanged by the userns root" unchanged
check "userns root: its netns cookie is not the parent's" \
	eval '[ "$(userns "$NFG info --json" | jq -r .netns_cookie)" != \
		"$(nfg "$N" info --json | jq -r .netns_cookie)" ]'
# The parent's netns is out of reach: entering it needs CAP_SYS_ADMIN
# over the user namespace that owns it.
check "userns root cannot enter the parent's netns" \
	eval '! userns "nsenter --net=/run/netns/$N $NFG list" | grep -q "chain in"'
check "root still has the full state" \
	eval 'expect_out "chain in" nfg "$N" show && expect_out 192.0.2.1 nfg "$N" set list blk'
finish
