#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfgatectl apply and show against the module: every example applies and
# shows back as it reads; show | apply changes nothing, counters included;
# apply replaces the whole state in one commit and keeps the counters of
# the rules that stay; --check and --diff change nothing; a bad file, or
# one the kernel refuses, changes nothing; the applied rules act on
# traffic.
. "$(dirname "$0")/lib.sh"
traffic_setup ap jq ping
EX=$ROOT/examples
T=$(mktemp -d)
test_cleanup() { rm -rf "$T"; }
plan 17

gen() { nfg "$S" info --json | jq .generation; }
show() { nfg "$S" show; }
# same_state BEFORE: show and the generation are what BEFORE recorded.
same_state() {
	is_eq "show" "$(show)" "$(cat "$T/show")" &&
		is_eq generation "$(gen)" "$(cat "$T/gen")"
}
record() { show >"$T/show" && gen >"$T/gen"; }

# apply_shows_back FILE: apply it; show equals apply --print of it.
apply_shows_back() {
	local f
	for f in "$@"; do
		nfg "$S" apply "$f" || return 1
		is_eq "show after applying ${f##*/}" "$(show)" \
			"$("$NFGATECTL" apply --print "$f")" || return 1
	done
}
examples=()
for f in "$EX"/*.conf; do
	grep -q '^chain ' "$f" && examples+=("$f")
done
check "each example applies and shows back as written (${#examples[@]})" \
	apply_shows_back "${examples[@]}"

cat >"$T/a.conf" <<'EOF'
define lan = 10.0.1.0/24
chain in {
	hook input family inet priority before-firewalld policy accept
	l4proto icmp saddr $lan drop comment "v4 pings"
	l4proto icmpv6 accept
}
chain out { hook output family ip priority filter; }
EOF
check "apply a.conf" nfg "$S" apply "$T/a.conf"
check "IPv4 pings dropped, IPv6 pass" eval \
	'ping_lost "$C" 10.0.1.2 3 && ping_ok "$C" dead:1::2 2'
h_v4=$(nfg "$S" list --json | jq '.chains[] | select(.name == "in") | .rules[0].handle')
check "and counted" pkts_are "$S" "$h_v4=3"

record
check "show | apply changes nothing but the generation" eval \
	'show | nfg "$S" apply - && is_eq show "$(show)" "$(cat "$T/show")"'
check "the rules kept their handles and counters" pkts_are "$S" "$h_v4=3"
record

check "apply --check of another file changes nothing" eval \
	'nfg "$S" apply --check "$EX/raw-blocklist.conf" && same_state'
nfg "$S" apply --diff "$EX/raw-blocklist.conf" >"$T/diff"
check "apply --diff shows the change and changes nothing" eval \
	'grep -qx -- "-chain in {" "$T/diff" && grep -qx -- "+chain blocklist {" "$T/diff" && same_state'
nfg "$S" apply --diff "$T/a.conf" >"$T/diff"
check "apply --diff of what is there prints nothing" is_eq diff "$(cat "$T/diff")" ""

printf 'chain in {\n\thook input family inet priority filter\n\tsaddr 10.0.0.1/8 drop\n}\n' >"$T/bad.conf"
check "a bad file is refused with exit 2" expect_rc 2 nfg "$S" apply "$T/bad.conf"
check "and changes nothing" same_state
# A file the parser takes but the kernel refuses: more chains than the
# module's max_chains.
for i in $(seq 1 "$(($(cat /sys/module/nfgate/parameters/max_chains) + 1))"); do
	printf 'chain c%d { hook input family ip priority %d; }\n' "$i" "$i"
done >"$T/many.conf"
check "a file the kernel refuses fails (exit 1)" expect_rc 1 nfg "$S" apply "$T/many.conf"
check "and changes nothing" same_state

# Replace: one rule stays (keeps its counter), one goes, one comes.
sed -e 's/l4proto icmpv6 accept/l4proto icmpv6 drop/' -e '/^chain out/d' "$T/a.conf" >"$T/b.conf"
check "apply b.conf (IPv6 now dropped, chain out gone)" eval \
	'nfg "$S" apply "$T/b.conf" && ping_lost "$C" dead:1::2 2 &&
	 is_eq chains "$(nfg "$S" list --json | jq -r "[.chains[].name] | join(\" \")")" in'
check "the rule that stayed kept its counter" pkts_are "$S" "$h_v4=3"
check "nfgatectl -n S acts in netns S, as ip -n does" eval \
	'is_eq "show -n" "$("$NFGATECTL" -n "$S" show)" "$(show)" &&
	 is_eq "show in init_net" "$("$NFGATECTL" show)" ""'
check "an empty file flushes everything" eval \
	': >"$T/empty.conf" && nfg "$S" apply "$T/empty.conf" && is_eq show "$(show)" ""'
finish
