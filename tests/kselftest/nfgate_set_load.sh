#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfgatectl set load and stats: a million IPv4 elements load (the time is
# printed), a bad line anywhere changes nothing, load --replace swaps a
# new million in under traffic without letting one packet through (the
# sender's address is in the old contents and the new: a set seen half
# loaded would let its pings through), and stats reports the rule and set
# counters, as a table when piped and as JSON, once and with --watch.
. "$(dirname "$0")/lib.sh"
traffic_setup sl jq ping awk
T=$(mktemp -d)
test_cleanup() { [ -n "${pinger:-}" ] && kill "$pinger" 2>/dev/null; rm -rf "$T"; }
plan 14
N=${NFGATE_LOAD_N:-1000000}

# gen FIRST_OCTET COVER: N distinct /32s in FIRST_OCTET.0.0.0/8, plus COVER.
gen() {
	awk -v n="$N" -v o="$1" -v c="$2" 'BEGIN {
		print "# generated"; print c
		for (i = 0; i < n; i++)
			printf "%d.%d.%d.%d\n", o, int(i / 65536), int(i / 256) % 256, i % 256
	}'
}
gen 11 10.0.1.1 >"$T/a.txt"
gen 12 10.0.1.0/24 >"$T/b.txt"
stat_set() { nfg "$S" stats --json | jq ".sets[] | select(.name == \"big\") | .$1"; }

nfg "$S" set create big type ipv4 maxelem $((N + 16)) &&
	nfg "$S" chain add in hook input family ip priority filter &&
	h=$(nfg_handle "$S" rule add in l4proto icmp saddr @big drop) ||
	skip_all "cannot set up the set and the rule"

t0=$(date +%s.%N)
check "set load of $((N + 1)) elements" nfg "$S" set load big "$T/a.txt"
echo "# set load: $((N + 1)) elements in $(echo "$(date +%s.%N) - $t0" | bc) s"
check "stats counts them" is_eq elements "$(stat_set elements)" $((N + 1))
check "the client, in them, is dropped" ping_lost "$C" 10.0.1.2 2

awk -v n=$((N / 2)) 'NR == n { print "10.0.0.300"; next } { print }' "$T/b.txt" >"$T/bad.txt"
check "a bad line fails with FILE:LINE (exit 2)" eval \
	'nfg "$S" set load big "$T/bad.txt" --replace 2>"$T/err"; [ $? = 2 ] &&
	 grep -q "bad.txt:$((N / 2)): element" "$T/err"'
check "and changes nothing, no staging set left" eval \
	'is_eq elements "$(stat_set elements)" $((N + 1)) &&
	 is_eq sets "$(nfg "$S" info --json | jq .sets)" 1'

# A load killed half-way leaves nothing: its staging set goes with its
# netlink socket (NETLINK_URELEASE).
nsx_bg "$S" "$NFGATECTL" set load big "$T/b.txt" --replace
lpid=$nsx_bg_pid
nsets() { nfg "$S" info --json | jq .sets; }
check "a killed set load --replace leaves no staging set behind" eval \
	'wait_for 600 eval "[ \"\$(nsets)\" = 2 ]" && kill -9 "$lpid" &&
	 { wait "$lpid"; true; } && wait_for 100 eval "[ \"\$(nsets)\" = 1 ]" &&
	 is_eq elements "$(stat_set elements)" $((N + 1))'

# Under traffic: the client pings all along the replacement.
before=$(rule_pkts "$S" "$h")
nsx_bg "$C" ping -q -n -i 0.02 10.0.1.2 >"$T/ping" 2>&1
pinger=$nsx_bg_pid
wait_for 100 eval '[ "$(rule_pkts "$S" "$h")" -gt "$before" ]'
t0=$(date +%s.%N)
check "set load --replace of $((N + 1)) other elements under traffic" \
	nfg "$S" set load big "$T/b.txt" --replace
echo "# set load --replace: $((N + 1)) elements in $(echo "$(date +%s.%N) - $t0" | bc) s"
mid=$(rule_pkts "$S" "$h")
wait_for 100 eval '[ "$(rule_pkts "$S" "$h")" -gt "$mid" ]'
kill -INT "$pinger"
wait "$pinger" 2>/dev/null
pinger=
sent=$(sed -n 's/^\([0-9]\+\) packets transmitted.*/\1/p' "$T/ping")
check "no ping got through while it was swapped in ($sent sent)" eval \
	'grep -q " 0 received" "$T/ping" && [ "${sent:-0}" -gt 2 ]'
drops() { echo $(($(rule_pkts "$S" "$h") - before)); }
wait_for 50 eval '[ "$(drops)" = "$sent" ]'
check "every one met the drop" is_eq drops "$(drops)" "$sent"
check "the set holds the new contents, no staging set left" eval \
	'is_eq elements "$(stat_set elements)" $((N + 1)) &&
	 is_eq sets "$(nfg "$S" info --json | jq .sets)" 1'

# stats: the rule's counters in the piped table and in JSON.
pk=$(rule_pkts "$S" "$h")
check "stats, piped: tab-separated, the rule's packets" is_eq table \
	"$(nfg "$S" stats | awk -F '\t' -v h="$h" '$1 == "in" && $3 == h { print $4 }')" "$pk"
check "stats --json: the rule's packets" is_eq json \
	"$(nfg "$S" stats --json | jq --arg h "$h" '.rules[] | select((.handle | tostring) == $h) | .packets')" "$pk"
nsx_bg "$S" "$NFGATECTL" stats --watch 1 --json >"$T/watch"
wpid=$nsx_bg_pid
wait_for 100 eval '[ "$(wc -l <"$T/watch")" -ge 2 ]'
kill -INT "$wpid"
wait "$wpid"
wrc=$?
check "stats --watch --json: a JSON object per second, with rates; exit 0 on SIGINT" eval \
	'[ "$wrc" = 0 ] && [ "$(jq -s "length" "$T/watch")" -ge 2 ] &&
	 jq -e -s ".[1].interval_ms > 0 and (.[1].rules[0] | has(\"packets_per_s\"))" "$T/watch" >/dev/null'
check "set load of a missing set fails (exit 1)" expect_rc 1 nfg "$S" set load nosuch "$T/a.txt"
finish
