#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Atomic replace under traffic: a TCP stream and IPv4/IPv6 pings run from
# client netns C to server netns S while nfgate_storm makes commits in
# batches of 1,000 in S that rewrite rules the traffic does not match. S's chain has policy
# drop and accepts the traffic only by its last rules, so any reader that
# saw a half-built, empty or missing chain would drop a packet. Asserts:
# every commit succeeded, the policy met no packet, no ping was lost, every
# byte of the stream arrived, and the stream never hit a retransmission
# timeout (a stall). Set add/delete storms and dumps (list, set list) run
# in S meanwhile and never fail; batches go on until each storm has done
# ROUNDS rounds during the commits (at most MAX_BATCHES batches), so the
# overlap does not depend on how fast this machine spawns processes.
# nfgate_storm prints the commit rate.
. "$(dirname "$0")/lib.sh"
STORM=$(dirname "$0")/nfgate_storm
[ -x "$STORM" ] || skip_all "nfgate_storm not built: make -C tests/kselftest"
PORT=5201
COMMITS=1000
ROUNDS=10
MAX_BATCHES=50
test_cleanup() {
	[ -n "${dir:-}" ] && rm -rf "$dir"
}
traffic_setup st jq ping python3 nstat
dir=$(mktemp -d)
plan 11

# mib NS COUNTER: the netns's SNMP counter; mib_above NS COUNTER N.
mib() {
	nsx "$1" nstat -az "$2" | awk -v c="$2" '$1 == c { print $2 }'
}
mib_above() {
	[ "$(mib "$1" "$2")" -gt "$3" ]
}

# The receiver counts bytes until EOF and writes the total; the sender
# sends until $dir/stop exists, then closes and writes what it sent.
RECV='
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.0.1.2", int(sys.argv[1])))
s.listen(1)
c, _ = s.accept()
n = 0
while True:
    d = c.recv(1 << 16)
    if not d:
        break
    n += len(d)
open(sys.argv[2], "w").write("%d\n" % n)
'
SEND='
import os, socket, sys
s = socket.create_connection(("10.0.1.2", int(sys.argv[1])))
buf = b"x" * 16384
n = 0
open(sys.argv[3], "w").close()
while not os.path.exists(sys.argv[2]):
    s.sendall(buf)
    n += len(buf)
s.shutdown(socket.SHUT_WR)
s.recv(1)
open(sys.argv[4], "w").write("%d\n" % n)
'

# The first commit installs the ruleset the storm keeps rewriting.
check "the first commit" nsx "$S" "$STORM" 1 $PORT
nsx_bg "$S" python3 -I -S -c "$RECV" $PORT "$dir/received"
wait_for 100 eval "nsx $S ss -Htln 'sport = :$PORT' | grep -q ."
nsx_bg "$C" python3 -I -S -c "$SEND" $PORT "$dir/stop" "$dir/started" "$dir/sent"
wait_for 100 test -e "$dir/started"

# ping_rounds ADDR: adaptive pings (each request as soon as the last reply
# came) in rounds of 50 until the storm ends; writes "SENT ANSWERED".
ping_rounds() {
	local sent=0 got=0 out
	while [ ! -e "$dir/stop" ]; do
		out=$(nsx "$C" ping -q -n -A -c 50 -W 1 "$1" 2>&1)
		got=$((got + $(echo "$out" | sed -n 's/.* \([0-9]\+\) received.*/\1/p')))
		sent=$((sent + 50))
	done
	echo "$sent $got" >"$dir/pings-$1"
}
ping_rounds 10.0.1.2 &
ping4_pid=$!
ping_rounds dead:1::2 &
ping6_pid=$!
# Both kinds of echo requests reach S before the storm starts.
wait_for 100 mib_above "$S" IcmpInEchos 0
wait_for 100 mib_above "$S" Icmp6InEchos 0

# Meanwhile set add/delete storms and dumps (rules, sets, elements) in S.
nfg "$S" set create churn type ipv4 >/dev/null
set_storm() {
	local i=0 n=0
	while [ ! -e "$dir/stop" ]; do
		i=$(((i + 1) % 250))
		nfg "$S" set add churn "198.51.100.$i" "203.0.113.$i" >/dev/null &&
			nfg "$S" set del churn "198.51.100.$i" "203.0.113.$i" >/dev/null ||
			{ echo fail >"$dir/set-storm"; return; }
		n=$((n + 1))
		echo "$n" >"$dir/set-rounds"
	done
}
dump_storm() {
	local n=0
	while [ ! -e "$dir/stop" ]; do
		nfg "$S" list >/dev/null && nfg "$S" set list churn >/dev/null ||
			{ echo fail >"$dir/dump-storm"; return; }
		n=$((n + 1))
		echo "$n" >"$dir/dumps"
	done
}
set_storm &
set_pid=$!
dump_storm &
dump_pid=$!
# rounds FILE: what a storm wrote there, 0 before its first round.
rounds() {
	cat "$dir/$1" 2>/dev/null || echo 0
}
# storm_batches: commit batches until both storms did $ROUNDS rounds
# meanwhile; sets $batches, fails on the first failed commit.
storm_batches() {
	local start_dumps start_sets
	start_dumps=$(rounds dumps) start_sets=$(rounds set-rounds)
	for ((batches = 1; batches <= MAX_BATCHES; batches++)); do
		nsx "$S" "$STORM" $COMMITS $PORT || return 1
		[ $(($(rounds dumps) - start_dumps)) -ge $ROUNDS ] &&
			[ $(($(rounds set-rounds) - start_sets)) -ge $ROUNDS ] &&
			return 0
	done
	batches=$MAX_BATCHES
}
batches=0
check "commits under traffic, set storms and dumps" storm_batches
touch "$dir/stop"
wait "$ping4_pid" "$ping6_pid" "$set_pid" "$dump_pid"
echo "# $batches batches of $COMMITS commits; meanwhile $(rounds dumps) dump rounds, $(rounds set-rounds) set add/delete rounds"
check "set add/delete storm and dumps never failed" \
	eval '[ ! -e "$dir/set-storm" ] && [ ! -e "$dir/dump-storm" ]'
check "both storms did $ROUNDS rounds while the commits ran" \
	eval '[ "$(rounds dumps)" -ge $ROUNDS ] && [ "$(rounds set-rounds)" -ge $ROUNDS ]'
wait_for 300 test -s "$dir/sent"
wait_for 100 test -s "$dir/received"

read -r sent4 got4 <"$dir/pings-10.0.1.2"
read -r sent6 got6 <"$dir/pings-dead:1::2"
sent_pings=$((sent4 + sent6)) got_pings=$((got4 + got6))
echo "# $sent_pings pings sent, $got_pings answered"
check "pings ran during the storm" test "$sent_pings" -gt 0
check "no ping lost" is_eq "ping replies" "$got_pings" "$sent_pings"
check "every byte of the stream arrived" \
	is_eq "bytes received" "$(cat "$dir/received")" "$(cat "$dir/sent")"
echo "# stream: $(cat "$dir/sent") bytes"
check "the stream never stalled (no retransmission timeout)" \
	is_eq TcpExtTCPTimeouts "$(mib "$C" TcpExtTCPTimeouts)" 0
check "no packet met the drop policy" is_eq "policy packets" "$(policy_pkts "$S" storm)" 0
accepted=$(nfg "$S" list --json |
	jq '[.chains[] | select(.name == "storm") | .rules[].packets] | add')
check "the chain's accept rules saw the traffic" test "$accepted" -gt "$got_pings"
gen=$(nfg "$S" info --json | jq .generation)
check "the generation advanced by every commit" is_eq generation "$gen" $((batches * COMMITS + 2))
finish
