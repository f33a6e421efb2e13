#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Compact sets (bare keys in per-bucket arrays, no element objects) on real
# IPv4 and IPv6 traffic, client netns C to server netns S: nested prefixes,
# buckets that grow past their size class and shrink again (a small
# maxelem packs 64 keys into 16 buckets), exact listings after each step,
# refused options and batches that change nothing, duplicates counted
# once against max_set_elems, swap, add-to-set, flush, apply and
# set load --replace.
. "$(dirname "$0")/lib.sh"
traffic_setup compact jq ping python3
plan 44

T=$(mktemp -d) || exit 1
test_cleanup() {
	rm -rf "$T"
}

set_json() {
	nfg "$S" set list "$1" -j
}
set_is() { nfg_set_is "$S" "$@"; }
count_is() { nfg_set_is "$S" "$1" .count "$2"; }
# elems_are SET FILE: the set lists exactly FILE's elements (any order)
elems_are() {
	set_json "$1" | jq -r '.sets[0].elements[].elem' | sort >"$T/got"
	sort "$2" >"$T/want"
	if ! cmp -s "$T/got" "$T/want"; then
		echo "# $1 lists $(wc -l <"$T/got") elements, want $(wc -l <"$T/want"):"
		diff "$T/want" "$T/got" | head -5 | sed 's/^/#   /'
		return 1
	fi
}
refused() { nfg_refused "$S" "$@"; }
# gen FAMILY N: N distinct addresses, one per line
gen() {
	python3 -c '
import ipaddress, sys
fam, n = sys.argv[1], int(sys.argv[2])
base = ipaddress.ip_address("10.40.0.0" if fam == "4" else "fd00::1")
for i in range(n):
    print(base + i * 257)
' "$1" "$2"
}

# --- Options and elements a compact set refuses ---
nfg_reset "$S"
nfg_chain_in "$S"
check "compact with counters refused" \
	refused 2 "takes no counters and no timeout" set create x type ipv4 compact counters
check "compact with a default timeout refused" \
	refused 2 "takes no counters and no timeout" set create x type ipv4 compact timeout 5
check "compact port set refused" \
	refused 2 "port sets take no .*compact" set create x type port compact
nfg "$S" set create c4 type ipv4 compact
nfg "$S" set add c4 10.9.0.1
check "an element's timeout refused by the kernel, naming it" \
	refused 1 "a COMPACT set's elements take no TIMEOUT" set add c4 10.9.0.2 timeout 5
check "an element's comment refused by the kernel, naming it" \
	refused 1 "a COMPACT set's elements take no COMMENT" set add c4 10.9.0.2 comment x
check "add-to-set with a timeout into it refused" \
	refused 1 "a COMPACT set's elements take no timeout" \
	rule add in add-to-set c4 saddr timeout 10
echo 10.9.0.1 >"$T/one"
check "the refused requests changed nothing" elems_are c4 "$T/one"
check "set list says compact" \
	eval 'set_is c4 .compact true &&
	      nfg "$S" set list c4 | grep -q "^set c4 type ipv4 maxelem 65536 timeout 0 compact "'

# --- Nested prefixes: the longest covering key matches, IPv4 and IPv6 ---
nfg "$S" set create b4 type ipv4 compact
nfg "$S" set create b6 type ipv6 compact
nfg "$S" set add b4 10.0.0.0/8 10.0.1.0/24 10.0.1.1 10.0.2.0/24
nfg "$S" set add b6 dead::/16 dead:1::/64 dead:1::1 dead:2::/64
nfg "$S" rule add in saddr @b4 drop >/dev/null
nfg "$S" rule add in saddr @b6 drop >/dev/null
check "IPv4 dropped by the exact address" ping_lost "$C" 10.0.1.2 2
check "IPv6 dropped by the exact address" ping_lost "$C" dead:1::2 2
nfg "$S" set del b4 10.0.1.1 10.0.1.0/24
nfg "$S" set del b6 dead:1::1 dead:1::/64
check "IPv4 still dropped by the /8" ping_lost "$C" 10.0.1.2 2
check "IPv6 still dropped by the /16" ping_lost "$C" dead:1::2 2
printf '10.0.0.0/8\n10.0.2.0/24\n' >"$T/b4"
check "IPv4 lists what is left" elems_are b4 "$T/b4"
nfg "$S" set del b4 10.0.0.0/8
nfg "$S" set del b6 dead::/16
check "IPv4 passes: only a non-covering prefix is left" ping_ok "$C" 10.0.1.2 2
check "IPv6 passes: only a non-covering prefix is left" ping_ok "$C" dead:1::2 2

# --- Buckets grow and shrink: 64 keys in 16 buckets ---
for f in 4 6; do
	gen $f 64 >"$T/all$f"
	nfg "$S" set create g$f type ipv$f compact maxelem 64
	nfg "$S" set add g$f --file "$T/all$f"
done
check "IPv4: 64 keys in 16 buckets all listed" elems_are g4 "$T/all4"
check "IPv6: 64 keys in 16 buckets all listed" elems_are g6 "$T/all6"
check "a batch over maxelem refused, naming the set" \
	refused 1 "set g4 is full \(maxelem 64\)" set add g4 10.99.0.1
for f in 4 6; do
	sed -n '1~4p' "$T/all$f" >"$T/keep$f"
	sed '1~4d' "$T/all$f" >"$T/drop$f"
	nfg "$S" set del g$f --file "$T/drop$f"
done
check "IPv4: 48 deleted, the other 16 listed" elems_are g4 "$T/keep4"
check "IPv6: 48 deleted, the other 16 listed" elems_are g6 "$T/keep6"
check "the count follows" eval 'count_is g4 16 && count_is g6 16'
check "deleting an absent key refused, changing nothing" \
	eval 'refused 1 "element is not in the set" set del g6 "$(head -1 "$T/drop6")" &&
	      elems_are g6 "$T/keep6"'
nfg "$S" set add g4 --file "$T/drop4"
nfg "$S" set add g6 --file "$T/drop6"
check "IPv4: refilled to 64" elems_are g4 "$T/all4"
check "IPv6: refilled to 64" elems_are g6 "$T/all6"
{ tail -n +2 "$T/keep4"; echo 10.0.1.1; } >"$T/hit4"
nfg "$S" set del g4 --file "$T/keep4"
nfg "$S" set add g4 --file "$T/hit4"
nfg "$S" rule add in saddr @g4 drop >/dev/null
check "a key added after a delete in its bucket matches" ping_lost "$C" 10.0.1.2 2

# --- Readers never miss a key while its bucket is copied ---
# 10.0.1.1 stays in a 16-bucket set while 31 other keys come and go, so
# its bucket grows, shrinks and is freed around it; a flood from it must
# never get an answer.
nfg_reset "$S"
nfg_chain_in "$S"
nfg "$S" set create churn type ipv4 compact maxelem 32
nfg "$S" set add churn 10.0.1.1
nfg "$S" rule add in saddr @churn drop >/dev/null
gen 4 31 >"$T/churn"
nsx_bg "$C" ping -q -n -f 10.0.1.2 >"$T/flood" 2>&1
flood=$nsx_bg_pid
rounds=0
for i in $(seq 1 25); do
	nfg "$S" set add churn --file "$T/churn" &&
		nfg "$S" set del churn --file "$T/churn" || break
	rounds=$i
done
kill -INT "$flood"
wait "$flood"
sent=$(sed -n 's/^\([0-9]\+\) packets transmitted.*/\1/p' "$T/flood")
got=$(sed -n 's/.* \([0-9]\+\) received.*/\1/p' "$T/flood")
check "25 rounds of 31 keys in and out under a flood: none got through" \
	eval 'is_eq rounds "$rounds" 25 && [ "${sent:-0}" -gt 100 ] &&
	      is_eq answered "$got" 0'
echo 10.0.1.1 >"$T/src"
check "and the flooding source is all the set holds" elems_are churn "$T/src"

# --- Duplicates count once, against the module's cap too ---
P=/sys/module/nfgate/parameters/max_set_elems
nfg_reset "$S"
nfg_chain_in "$S"
nfg "$S" set create d type ipv4 compact
nfg "$S" set add d 10.8.0.1 10.8.0.2 10.8.0.1 10.8.0.2
nfg "$S" set add d 10.8.0.1
check "a batch naming keys twice adds them once" count_is d 2
# a key named 3000 times is one element against maxelem, and takes one
# slot: with element objects too
yes 10.9.0.1 | head -n 3000 >"$T/dups"
echo 10.9.0.2 >>"$T/dups"
for spec in compact ""; do
	nfg "$S" set create m2 type ipv4 maxelem 2 $spec
	check "maxelem 2${spec:+, $spec}: a batch of 3000 copies of one key and another fits" \
		eval 'nfg "$S" set add m2 --file "$T/dups" && count_is m2 2'
	nfg "$S" set destroy m2
done
echo 3 >"$P"
check "max_set_elems: one more fits, two do not" \
	eval 'refused 1 "module.s max_set_elems reached" set add d 10.8.0.3 10.8.0.4 &&
	      nfg "$S" set add d 10.8.0.3 && count_is d 3'
echo 2097152 >"$P"

# --- Swap, flush, add-to-set ---
nfg "$S" set create e type ipv4 compact
nfg "$S" set create full type ipv4
check "a compact set does not swap with a set of element objects" \
	refused 1 "a COMPACT set swaps only with a COMPACT set" set swap d full
check "two compact sets swap" \
	eval 'nfg "$S" set swap d e && count_is e 3 && count_is d 0'
nfg "$S" rule add in nfproto ip add-to-set d saddr >/dev/null
nfg "$S" rule add in saddr @e drop >/dev/null
check "add-to-set: traffic passes" ping_ok "$C" 10.0.1.2 2
check "add-to-set: the source is in the compact set, once" elems_are d "$T/src"
nfg "$S" set add e 10.0.1.0/24
check "the swapped-in set drops" ping_lost "$C" 10.0.1.2 2
nfg "$S" set flush e
check "flushed: empty, and traffic passes" \
	eval 'count_is e 0 && ping_ok "$C" 10.0.1.2 2'

# --- Declared in a config file ---
nfg_reset "$S"
cat >"$T/c.conf" <<EOF
set blk {
	type ipv4 maxelem 1024 compact
	10.0.1.0/24 192.0.2.1
}
chain in { hook input family inet priority filter
	saddr @blk drop
}
EOF
check "apply makes the compact set" \
	eval 'nfg "$S" apply "$T/c.conf" && set_is blk .compact true && count_is blk 2'
check "show prints its spec" eval 'nfg "$S" show | grep -q "type ipv4 maxelem 1024 compact"'
check "it drops" ping_lost "$C" 10.0.1.2 2
check "apply --diff of it prints nothing" \
	is_eq diff "$(nfg "$S" apply --diff "$T/c.conf")" ""

# --- set load --replace: a compact staging set, swapped in whole ---
gen 4 1000 >"$T/load"
check "set load --replace fills a compact staging set and swaps it in" \
	eval 'nfg "$S" set load blk "$T/load" --replace && count_is blk 1000 &&
	      set_is blk .compact true'
check "after the swap the old contents are gone: traffic passes" \
	ping_ok "$C" 10.0.1.2 2
check "it lists exactly the file" elems_are blk "$T/load"

finish
