#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Stress and integrity:
#  - NFGATE_STRESS_NETNS (default 1000) network namespaces created, filled
#    with chains whose rules use sets, and destroyed (nfgate_stress -N);
#    then the unreclaimable slab memory is back near its baseline and
#    nfgate's element cache holds what it held before (kmemleak, on the
#    debug kernel, judges the rest: make check-debug);
#  - hash flooding: addresses that share one bucket under an unseeded jhash
#    cost no more than random ones (nfgate_stress -H: per-set random seed);
#  - nfgatectl killed (SIGKILL) in the middle of an apply leaves the old or
#    the new ruleset, never a mix; killed in the middle of a big
#    `set add --file` into a staging set, the live set is untouched and a
#    `set swap` later publishes the whole load at once;
#  - rmmod while a ping flood crosses a chain, a dump is in progress and a
#    monitor listens: the module goes, the monitor ends, the kernel stays
#    clean (vm-run's checks).
. "$(dirname "$0")/lib.sh"
STRESS=$(dirname "$0")/nfgate_stress
[ -x "$STRESS" ] || skip_all "nfgate_stress not built: make -C tests/kselftest"
bg_pids=()
test_cleanup() {
	local p
	for p in "${bg_pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	[ -n "${dir:-}" ] && rm -rf "$dir"
}
traffic_setup sx jq ping python3
N=$K-n
EXTRA_NS=("$N")
ip netns add "$N" || skip_all "cannot create a netns"
dir=$(mktemp -d)
plan 9

sunreclaim() {
	awk '/^SUnreclaim:/ { print $2 }' /proc/meminfo
}
# near_baseline KB: SUnreclaim at most KB above the baseline (netns
# cleanup runs in a workqueue: poll).
near_baseline() {
	[ "$(sunreclaim)" -le $((base_slab + $1)) ]
}

cycles=${NFGATE_STRESS_NETNS:-1000}
# One-time allocations (per-CPU caches, the first netns's modules) first.
nsx "$N" "$STRESS" -N 20 >/dev/null
base_slab=$(sunreclaim)
start=$SECONDS
check "$cycles netns cycles with chains and sets" \
	eval '"$STRESS" -N "$cycles" | sed "s/^/# /"; [ "${PIPESTATUS[0]}" -eq 0 ]'
echo "# $cycles netns cycles in $((SECONDS - start)) s"
check "unreclaimable slab back within 2 MiB of its baseline (was $base_slab KiB)" \
	eval 'wait_for 600 near_baseline 2048 || { echo "# SUnreclaim $(sunreclaim) KiB"; false; }'
echo "# SUnreclaim: baseline $base_slab KiB, now $(sunreclaim) KiB"
# Every element and set of those netns is gone: nfgate's element cache
# is destroyed at rmmod, and a cache that still has objects is a splat.
check "rmmod after the cycles: no object left in nfgate's caches" \
	eval 'unload && ! dmesg | grep -q "nfgate.*still has objects" && load'

check "hash flooding: colliding addresses cost no more than random ones" \
	eval 'nsx "$N" "$STRESS" -H 4000 | sed "s/^/# /"; [ "${PIPESTATUS[0]}" -eq 0 ]'

# ---- SIGKILL mid-apply ----
# Two rulesets of 40 chains with 20 rules each: one commit message each.
gen_conf() { # gen_conf PORTBASE
	local c r
	for c in $(seq 1 40); do
		echo "chain c$c {"
		echo "	hook input family inet priority $c policy accept"
		for r in $(seq 1 20); do
			echo "	l4proto tcp dport $(($1 + c * 20 + r)) drop"
		done
		echo "}"
	done
}
gen_conf 1000 >"$dir/a.conf"
gen_conf 3000 >"$dir/b.conf"
nfg "$N" apply "$dir/a.conf" && nfg "$N" show >"$dir/a.show" &&
	nfg "$N" apply "$dir/b.conf" && nfg "$N" show >"$dir/b.show" ||
	skip_all "cannot apply the test rulesets"
# kill_apply: 20 applies, alternating, each killed after a random delay
# (up to ~what one takes); the state is always exactly a or b.
kill_apply() {
	local i next=a pid state mixed=0
	for i in $(seq 1 20); do
		nsx_bg "$N" "$NFGATECTL" apply "$dir/$next.conf" >/dev/null 2>&1
		pid=$nsx_bg_pid
		sleep "0.$((RANDOM % 10))"
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		nfg "$N" show >"$dir/now.show"
		if cmp -s "$dir/now.show" "$dir/a.show"; then
			state=a
		elif cmp -s "$dir/now.show" "$dir/b.show"; then
			state=b
		else
			echo "# after kill $i: neither the old nor the new ruleset"
			mixed=1
		fi
		[ "$state" = a ] && next=b || next=a
	done
	return $mixed
}
check "SIGKILL mid-apply leaves the old or the new ruleset (20 kills)" kill_apply

# ---- SIGKILL mid set load ----
python3 -c '
for i in range(200000):
    print("10.%d.%d.%d" % (i >> 16, (i >> 8) & 255, i & 255))' >"$dir/big.txt"
nfg "$N" set create live type ipv4 maxelem 262144 >/dev/null &&
	nfg "$N" set add live 192.0.2.1 192.0.2.2 >/dev/null &&
	nfg "$N" set create staging type ipv4 maxelem 262144 >/dev/null ||
	skip_all "cannot create the sets"
count_of() {
	nfg "$N" set list "$1" -j | jq -r '.sets[0].count // .count'
}
# kill_load: five loads into the staging set, each killed after a random
# delay; the live set never changes.
kill_load() {
	local i pid bad=0
	for i in 1 2 3 4 5; do
		nfg "$N" set flush staging || return 1
		nsx_bg "$N" "$NFGATECTL" set add staging --file "$dir/big.txt"
		pid=$nsx_bg_pid
		sleep "0.$((RANDOM % 10))"
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		echo "# kill $i: $(count_of staging) of 200000 elements staged"
		is_eq "live set's count" "$(count_of live)" 2 || bad=1
	done
	return $bad
}
check "SIGKILL mid set add --file into a staging set: the live set untouched" kill_load
check "reload, then set swap publishes all 200000 elements at once" \
	eval 'nfg "$N" set flush staging && nfg "$N" set add staging --file "$dir/big.txt" &&
	nfg "$N" set swap live staging && is_eq count "$(count_of live)" 200000'

# ---- rmmod under load ----
nfg "$S" chain add in hook input family inet priority filter >/dev/null &&
	nfg "$S" rule add in l4proto icmp accept >/dev/null &&
	nfg "$S" set create big type ipv4 maxelem 262144 >/dev/null &&
	nfg "$S" set add big --file "$dir/big.txt" >/dev/null ||
	skip_all "cannot set up the rmmod scenario"
nsx_bg "$C" ping -q -f -W 1 10.0.1.2 >/dev/null 2>&1
bg_pids+=("$nsx_bg_pid")
nsx_bg "$S" "$NFGATECTL" monitor >"$dir/monitor.out" 2>&1
mon_pid=$nsx_bg_pid
bg_pids+=("$mon_pid")
(while [ ! -e "$dir/stop" ]; do nfg "$S" set list big >/dev/null 2>&1; done) &
bg_pids+=("$!")
mib_in_echos() {
	[ "$(nsx "$S" nstat -az IcmpInEchos | awk '$1 == "IcmpInEchos" { print $2 }')" -gt 100 ]
}
rmmod_under_load() {
	wait_for 100 mib_in_echos || { echo "# no flood reached S"; return 1; }
	wait_for 300 unload || { echo "# rmmod failed: $(lsmod | grep nfgate)"; return 1; }
}
check "rmmod while a flood, a dump and a monitor run" rmmod_under_load
touch "$dir/stop"
kill "$mon_pid" 2>/dev/null
check "reloaded: an empty state, and a new monitor sees a commit" \
	eval 'load && is_eq chains "$(nfg "$S" info --json | jq .chains)" 0 &&
	{ nsx_bg "$S" "$NFGATECTL" monitor >"$dir/mon2.out" 2>&1; bg_pids+=("$nsx_bg_pid");
	  wait_for 100 grep -q monitoring "$dir/mon2.out"; } &&
	nfg "$S" chain add x hook input family inet priority 0 &&
	wait_for 100 grep -q -i commit "$dir/mon2.out" ||
	{ echo "# monitor printed: $(cat "$dir/mon2.out")"; false; }'
finish
