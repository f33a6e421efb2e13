#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel's own ynl CLI (tools/net/ynl/cli.py of linux-source-6.12,
# unpacked by scripts/linux-src) drives the live module with nfgate's YNL
# spec (Documentation/netlink/specs/nfgate.yaml): get-info against the
# module and SO_NETNS_COOKIE, get-chains and get-rules dumps against
# "nfgatectl list --json" after nfgatectl applied a configuration,
# set-create and set-add against "nfgatectl set list --json", malformed
# requests whose extack names the attribute and which change nothing, and
# the commit and set element events decoded from the events group.
. "$(dirname "$0")/lib.sh"
require_vm
command -v jq >/dev/null || skip_all "jq not installed"
command -v python3 >/dev/null || skip_all "python3 not installed"
python3 -c 'import yaml, jsonschema' 2>/dev/null ||
	skip_all "python3-yaml or python3-jsonschema not installed (scripts/install-deps)"
LSRC=$("$ROOT/scripts/linux-src" 6.12) ||
	skip_all "linux-source-6.12 not unpacked (scripts/install-deps, scripts/linux-src 6.12)"
YNL=$LSRC/tools/net/ynl
SCHEMA=$LSRC/Documentation/netlink/genetlink.yaml
SPEC=$ROOT/Documentation/netlink/specs/nfgate.yaml
[ -f "$YNL/cli.py" ] || skip_all "$YNL/cli.py missing"
# The host's root is read-only in the VM: no .pyc files.
export PYTHONDONTWRITEBYTECODE=1

N=nfg_ynl_$$
T=$(mktemp -d)
cleanup() {
	topo_del "$N"
	rm -rf "$T"
	unload
}
trap cleanup EXIT
load || skip_all "cannot load $NFGATE_KO"
ip netns add "$N" || skip_all "cannot create a netns"
plan 12

# ynl ARGS...: the kernel's cli.py in netns N, JSON output. Debian 12's
# python3.11 runs 6.12's ynl as it is; a shim would go here.
ynl() {
	nsx "$N" python3 "$YNL/cli.py" --spec "$SPEC" --schema "$SCHEMA" \
		--output-json "$@"
}
# jq_eq NAME JSON1 FILTER1 JSON2 FILTER2: both filters give the same JSON.
jq_eq() {
	local a b
	a=$(echo "$2" | jq -cS "$3") && b=$(echo "$4" | jq -cS "$5") || {
		echo "# $1: jq failed on: $2 / $4"
		return 1
	}
	is_eq "$1" "$a" "$b"
}

# ---- get-info ----------------------------------------------------------
info=$(ynl --do get-info)
cookie=$(nsx "$N" python3 -c 'import socket, struct
s = socket.socket()
print(struct.unpack("Q", s.getsockopt(socket.SOL_SOCKET, 71, 8))[0])')
check "get-info: version and features of the module" jq_eq "get-info" \
	"$info" '{version, f: (.features | sort)}' \
	"{\"v\": \"$(cat /sys/module/nfgate/version)\"}" \
	'{version: .v, f: ["commit-sets", "compact-sets", "events", "meters", "rules", "sets", "snapshot-dumps"]}'
check "get-info: netns-cookie is SO_NETNS_COOKIE of that netns" \
	is_eq netns-cookie "$(echo "$info" | jq '.["netns-cookie"]')" "$cookie"

# ---- dumps against nfgatectl list --json --------------------------------
cat >"$T/a.conf" <<'CONF'
chain mgmt {
	hook input family inet priority before-firewalld policy drop
	ct-state established,related accept
	l4proto tcp dport 22 saddr 192.0.2.0/24 accept comment "ssh from mgmt"
	l4proto icmp icmp-type echo-request accept
}
chain raw {
	hook prerouting family ip6 priority raw policy accept
	saddr 3fff::/20 drop
}
CONF
nfg "$N" apply "$T/a.conf" || echo "# nfgatectl apply failed"
list=$(nfg "$N" list --json)
chains=$(ynl --dump get-chains)
check "get-chains dump = nfgatectl list --json" jq_eq chains \
	"$chains" '[.[] | .generation as $g | .chain[0] | {$g, name, hook,
		family, priority, policy, n: .["rule-count"], packets}]' \
	"$list" '[.generation as $g | .chains[] | {$g, name, hook, family,
		priority, policy, n: .rule_count, packets}]'
rules=$(ynl --dump get-rules)
check "get-rules dump = nfgatectl list --json" jq_eq rules \
	"$rules" '[.[] | .rule[0] | {chain, position, handle, packets}]' \
	"$list" '[.chains[] | .name as $c | .rules[] |
		{chain: $c, position, handle, packets}]'
check "get-rules decodes nests, enums and flags" jq_eq "mgmt rules" \
	"$(ynl --dump get-rules --json '{"chain-name": "mgmt"}')" \
	'[.[] | .rule[0] | del(.handle, .packets, .bytes) |
		if .["ct-state"] then .["ct-state"] |= sort else . end]' '[]' \
	'[{chain: "mgmt", position: 0, "ct-state": ["established", "related"],
	   verdict: "accept"},
	  {chain: "mgmt", position: 1, comment: "ssh from mgmt", l4proto: 6,
	   saddr: {in: "192.0.2.0", prefix: 24}, dport: {min: 22, max: 22},
	   verdict: "accept"},
	  {chain: "mgmt", position: 2, l4proto: 1, icmp: {type: 8},
	   verdict: "accept"}]'

# ---- sets through ynl, read back by nfgatectl --------------------------
ynl --do set-create --json '{"name": "ynlset", "type": "ipv4",
	"timeout": 600, "flags": ["counters"]}' >/dev/null ||
	echo "# set-create failed"
ynl --do set-add --json '{"name": "ynlset", "elems": {"elem": [
	{"addr": "c6336407"},
	{"addr": "cb007100", "prefix": 24, "comment": "via ynl"}]}}' \
	>/dev/null || echo "# set-add failed"
sets=$(nfg "$N" set list ynlset --json)
check "set-create + set-add = nfgatectl set list --json" jq_eq set \
	"$sets" '.sets[0] | {name, type, timeout, counters, count,
		e: [.elements[] | {elem, comment}] | sort_by(.elem)}' '{}' \
	'{name: "ynlset", type: "ipv4", timeout: 600, counters: true, count: 2,
	  e: [{elem: "198.51.100.7", comment: null},
	      {elem: "203.0.113.0/24", comment: "via ynl"}]}'
check "get-elems: the set's name beside its elements, addresses decoded" \
	jq_eq elems "$(ynl --dump get-elems --json '{"name": "ynlset"}')" \
	'[.[] | .name as $n | .elems.elem[] | "\($n) \(.addr)/\(.prefix // 32)"] |
		sort' '{}' '["ynlset 198.51.100.7/32", "ynlset 203.0.113.0/24"]'

# ---- malformed requests: extack, and nothing changes -------------------
# refused NAME PATTERN ARGS...: ynl exits 1 and prints the kernel's extack
# matching PATTERN.
refused() {
	local out rc=0 pat=$2
	shift 2
	out=$(ynl "$@" 2>&1) || rc=$?
	if [ "$rc" -eq 1 ] && echo "$out" | grep -Eq -- "$pat"; then
		echo "$out" | grep -o "extack: .*" | sed 's/^/# /'
		return 0
	fi
	echo "# ynl $* (exit $rc) printed:"
	echo "$out" | sed 's/^/#   /'
	echo "# expected exit 1 and: $pat"
	return 1
}
check "set-create type 9: extack names .type, no set created" eval '
	refused set "integer out of range.*bad-attr.: .\.type" \
		--do set-create --json "{\"name\": \"bad\", \"type\": 9}" &&
	is_eq "sets" "$(ynl --dump get-sets | jq -c "[.[].name]")" "[\"ynlset\"]"'
check "set-add with host bits past the prefix: extack names the address, batch refused" eval '
	refused add "bits set past its prefix length.*bad-attr.: .\.elems\.elem\.addr" \
		--do set-add --json "{\"name\": \"ynlset\", \"elems\": {\"elem\": [
		{\"addr\": \"0a000001\"}, {\"addr\": \"0a000101\", \"prefix\": 24}]}}" &&
	is_eq count "$(nfg "$N" set list ynlset --json | jq .sets[0].count)" 2'
nfg "$N" rule add mgmt saddr @ynlset drop >/dev/null || echo "# rule add failed"
check "set-destroy of a set in use: extack names chain and rule" \
	refused busy "set ynlset is in use by chain mgmt rule 3" \
	--do set-destroy --json '{"name": "ynlset"}'

# ---- events ------------------------------------------------------------
# A small harness on ynl's library: subscribe, say "ready", print each
# notification as one JSON line until COUNT arrived or 20 s passed.
listen() {
	rm -f "$T/ntf"		# no "ready" of the previous listener
	nsx "$N" python3 - "$YNL" "$SPEC" "$SCHEMA" "$1" <<'PY' >"$T/ntf" 2>&1 &
import json, select, sys, time
sys.path.insert(0, sys.argv[1])
from lib import YnlFamily
ynl = YnlFamily(sys.argv[2], sys.argv[3])
ynl.ntf_subscribe("events")
print("ready", flush=True)
want, end = int(sys.argv[4]), time.time() + 20
while len(ynl.async_msg_queue) < want and time.time() < end:
    select.select([ynl.sock], [], [], 0.2)
    ynl.check_ntf()
for m in ynl.async_msg_queue:
    print(json.dumps(m, default=lambda o: sorted(o) if isinstance(o, set) else o.hex()), flush=True)
PY
	listen_pid=$!
	wait_for 200 grep -qx ready "$T/ntf"
}
listen 1 || echo "# the listener never got ready: $(cat "$T/ntf")"
nfg "$N" apply "$T/a.conf" || echo "# apply failed"
gen=$(nfg "$N" info --json | jq .generation)
wait "$listen_pid"
check "a commit arrives as commit-ntf with the new generation" jq_eq ntf \
	"$(grep -v '^ready$' "$T/ntf")" '{name, g: .msg.generation}' '{}' \
	"{name: \"commit-ntf\", g: $gen}"

nfg "$N" set create c1 type ipv4 timeout 1 >/dev/null
listen 1 || echo "# the listener never got ready: $(cat "$T/ntf")"
ynl --do set-add --json '{"name": "c1", "elems": {"elem": [
	{"addr": "c0000201"}]}}' >/dev/null || echo "# set-add c1 failed"
wait "$listen_pid"
check "an element expiring arrives as set-elem-event" jq_eq expiry \
	"$(grep -v '^ready$' "$T/ntf")" \
	'{name, s: .msg.name, e: .msg.event, a: .msg.elem[0].addr}' '{}' \
	'{name: "set-elem-event", s: "c1", e: "expired", a: "192.0.2.1"}'
finish
