#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Sets in nfgatectl apply and show: a config with sets applies and shows
# back as it reads, show | apply changes nothing; the sets act on traffic;
# changed contents and specs go in with the rules in one commit; the
# contents of a dynamic set survive an apply; a commit that fails, and
# --check, change nothing (show, generation, and no staging set left).
. "$(dirname "$0")/lib.sh"
traffic_setup as jq ping
EX=$ROOT/examples
T=$(mktemp -d)
test_cleanup() { rm -rf "$T"; }
plan 22

gen() { nfg "$S" info --json | jq .generation; }
nsets() { nfg "$S" info --json | jq .sets; }
show() { nfg "$S" show; }
record() { show >"$T/show" && gen >"$T/gen" && nsets >"$T/nsets"; }
# Nothing changed since record: show, generation, and the number of sets
# (a staging set left behind would count).
same_state() {
	is_eq "show" "$(show)" "$(cat "$T/show")" &&
		is_eq generation "$(gen)" "$(cat "$T/gen")" &&
		is_eq sets "$(nsets)" "$(cat "$T/nsets")"
}
elems() { nfg "$S" set list "$1" --json | jq -r '[.sets[0].elements[].elem] | sort | join(" ")'; }

check "the example with sets applies and shows back as written" eval \
	'nfg "$S" apply "$EX/prefix-blocklist.conf" &&
	 is_eq show "$(show)" "$("$NFGATECTL" apply --print "$EX/prefix-blocklist.conf")"'

mkdir -p "$T/lists"
printf '# test list\n10.0.1.1\n10.9.0.0/16\n' >"$T/lists/a.txt"
cat >"$T/a.conf" <<'CONF'
set block {
	type ipv4 counters
	198.51.100.0/24 comment "doc"
	elements "lists/*.txt"
}
set ban { type ipv4 timeout 600 dynamic; }
set ports { type port; 7 9-11; }
chain in {
	hook input family ip priority filter policy accept
	l4proto icmp icmp-type echo-request add-to-set ban saddr
	l4proto icmp saddr @block drop
}
CONF
check "apply a config with a static, a dynamic and a port set" \
	nfg "$S" apply "$T/a.conf"
check "show prints it back" is_eq show "$(show)" "$("$NFGATECTL" apply --print "$T/a.conf")"
check "the client, in the element file, is dropped" ping_lost "$C" 10.0.1.2 3
check "and the set's element counted it" is_eq packets \
	"$(nfg "$S" set list block --json | jq '.sets[0].elements[] | select(.elem == "10.0.1.1") | .packets')" 3
check "add-to-set filled the dynamic set" is_eq ban "$(elems ban)" 10.0.1.1
check "show prints no element of the dynamic set" eval \
	'show | grep -A2 "^set ban {" | grep -qx "}"'

record
check "show | apply changes nothing but the generation" eval \
	'show | nfg "$S" apply - && is_eq show "$(show)" "$(cat "$T/show")"'
check "the dynamic set kept its contents" is_eq ban "$(elems ban)" 10.0.1.1
check "the unchanged static set kept its element counters" is_eq packets \
	"$(nfg "$S" set list block --json | jq '.sets[0].elements[] | select(.elem == "10.0.1.1") | .packets')" 3
record

# Change the contents: the client leaves the list, and another set comes.
printf '10.9.0.0/16\n' >"$T/lists/a.txt"
nfg "$S" apply --diff "$T/a.conf" >"$T/diff"
check "apply --diff shows the element going, and changes nothing" eval \
	'grep -qx -- "-	10.0.1.1" "$T/diff" && same_state'
check "apply --check of it changes nothing either" eval \
	'nfg "$S" apply --check "$T/a.conf" && same_state'
check "apply of it: the client passes" eval \
	'nfg "$S" apply "$T/a.conf" && ping_ok "$C" 10.0.1.2 2 &&
	 is_eq block "$(elems block)" "10.9.0.0/16 198.51.100.0/24"'
check "and the dynamic set still holds its ban" is_eq ban "$(elems ban)" 10.0.1.1
record

# Failing commits change nothing: a rule naming an undeclared set (the
# kernel refuses it after the sets were staged), and an element list
# over the set's maxelem (refused while staging).
sed -e 's/saddr @block drop/saddr @nosuch drop/' -e 's/10.9.0.0/10.8.0.0/' "$T/a.conf" >"$T/bad.conf"
printf '10.0.1.1\n' >>"$T/lists/a.txt"
check "a commit the kernel refuses fails with exit 1" expect_rc 1 nfg "$S" apply "$T/bad.conf"
check "and changes nothing, no staging set left" same_state
sed 's/type ipv4 counters/type ipv4 maxelem 2 counters/' "$T/a.conf" >"$T/full.conf"
check "contents over maxelem fail with exit 1" expect_rc 1 nfg "$S" apply "$T/full.conf"
check "and change nothing, no staging set left" same_state
check "--check of the refused commit fails and changes nothing" eval \
	'expect_rc 1 nfg "$S" apply --check "$T/bad.conf" && same_state'

# A spec change replaces a set: a dynamic set starts empty.
sed 's/timeout 600 dynamic/timeout 900 dynamic/' "$T/a.conf" >"$T/b.conf"
check "a changed dynamic set starts empty" eval \
	'nfg "$S" apply "$T/b.conf" && is_eq ban "$(elems ban)" ""'
check "set changes and rule changes land in one commit" eval \
	'g=$(gen) && nfg "$S" apply "$T/a.conf" && is_eq generation "$(gen)" $((g + 1))'
check "an empty file destroys the sets too" eval \
	': >"$T/empty.conf" && nfg "$S" apply "$T/empty.conf" && is_eq show "$(show)" "" &&
	 is_eq sets "$(nsets)" 0'
finish
