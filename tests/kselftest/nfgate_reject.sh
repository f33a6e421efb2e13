#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# reject answers, IPv4 and IPv6: a TCP reset, ICMP/ICMPv6 errors of every
# kind, each seen by the client as the matching error (not a timeout),
# and counted. The server listens on every rejected port, so an answer can
# only come from nfgate.
. "$(dirname "$0")/lib.sh"
traffic_setup rj jq ping python3 ss socat
l4_server "$S" 7001 7002 7003 7004 7005 7006 7007 ||
	skip_all "echo server did not start"
plan 31

rule() {
	nfg_handle "$S" rule add in "$@" || echo -1
}
# tcp_connect ADDR PORT: socat's connect from C, with a generous timeout:
# a refusal must come as a refusal, not as a timeout.
tcp_connect() {
	local addr=$1
	case $addr in *:*) addr="[$addr]" ;; esac
	echo ping | nsx "$C" timeout 30 socat -T 20 - "TCP:$addr:$2,connect-timeout=20" 2>&1
}
# ping_says ADDR PATTERN: one ping from C; its output matches PATTERN.
ping_says() {
	local out
	out=$(nsx "$C" ping -n -c 1 -W 5 "$1" 2>&1)
	echo "$out" | grep -Eq "$2" && return 0
	echo "# ping $1 printed:"
	echo "$out" | sed 's/^/#   /'
	return 1
}

nfg "$S" chain add in hook input family inet priority filter
h_rst=$(rule l4proto tcp dport 7001 reject with tcp-reset)
h_udp=$(rule l4proto udp dport 7002 reject)
h_ic4=$(rule l4proto icmp icmp-type echo-request reject with admin-prohibited)
h_ic6=$(rule l4proto icmpv6 icmp-type echo-request reject with admin-prohibited)
h_host=$(rule l4proto udp dport 7003 reject with host-unreachable)
h_nort=$(rule l4proto udp dport 7004 reject with no-route)
h_adm=$(rule l4proto udp dport 7005 reject with admin-prohibited)
h_c4=$(rule saddr 10.0.1.1 l4proto udp dport 7006 reject with icmp 10)
h_c6=$(rule saddr dead:1::1 l4proto udp dport 7006 reject with icmpv6 1)
h_port=$(rule l4proto tcp dport 7007 reject with port-unreachable)

check "tcp-reset, IPv4: connection refused" expect_out "Connection refused" \
	expect_rc 1 tcp_connect 10.0.1.2 7001
check "tcp-reset, IPv6: connection refused" expect_out "Connection refused" \
	expect_rc 1 tcp_connect dead:1::2 7001
check "same server, port 7002 over TCP still answers" expect_out "^ping$" \
	tcp_connect 10.0.1.2 7002
check "reject (default), UDP IPv4: ECONNREFUSED" l4_is ECONNREFUSED "$C" udp 10.0.1.2 7002
check "reject (default), UDP IPv6: ECONNREFUSED" l4_is ECONNREFUSED "$C" udp dead:1::2 7002
check "admin-prohibited, ping IPv4: Packet filtered" \
	ping_says 10.0.1.2 "From 10.0.1.2 .*Packet filtered"
check "admin-prohibited, ping IPv6: Administratively prohibited" \
	ping_says dead:1::2 "From dead:1::2 .*Administratively prohibited"
check "host-unreachable, UDP IPv4: EHOSTUNREACH" l4_is EHOSTUNREACH "$C" udp 10.0.1.2 7003
check "host-unreachable, UDP IPv6: EHOSTUNREACH" l4_is EHOSTUNREACH "$C" udp dead:1::2 7003
check "no-route, UDP IPv4: ENETUNREACH" l4_is ENETUNREACH "$C" udp 10.0.1.2 7004
check "no-route, UDP IPv6: ENETUNREACH" l4_is ENETUNREACH "$C" udp dead:1::2 7004
check "admin-prohibited, UDP IPv4: EHOSTUNREACH" l4_is EHOSTUNREACH "$C" udp 10.0.1.2 7005
check "admin-prohibited, UDP IPv6: EACCES" l4_is EACCES "$C" udp dead:1::2 7005
check "icmp 10 (host prohibited), UDP IPv4: EHOSTUNREACH" \
	l4_is EHOSTUNREACH "$C" udp 10.0.1.2 7006
check "icmpv6 1 (admin prohibited), UDP IPv6: EACCES" \
	l4_is EACCES "$C" udp dead:1::2 7006
check "port-unreachable, TCP IPv4: ECONNREFUSED" l4_is ECONNREFUSED "$C" tcp 10.0.1.2 7007
check "port-unreachable, TCP IPv6: ECONNREFUSED" l4_is ECONNREFUSED "$C" tcp dead:1::2 7007
check "every reject counted its packets" pkts_are "$S" \
	"$h_rst=2" "$h_udp=2" "$h_ic4=1" "$h_ic6=1" "$h_host=2" "$h_nort=2" \
	"$h_adm=2" "$h_c4=1" "$h_c6=1" "$h_port=2"

# What comes back on the wire, as a raw socket in C sees it: "TYPE CODE"
# of the first ICMP (v4: 3) or ICMPv6 (v6: 1) destination unreachable, or
# for tcp "rst" when the first segment from port 7001 is a reset.
NFG_PY_WIRE='
import socket, sys
v6, proto = sys.argv[1] == "6", sys.argv[2]
fam = socket.AF_INET6 if v6 else socket.AF_INET
num = {"tcp": socket.IPPROTO_TCP, "icmp": socket.IPPROTO_ICMPV6 if v6 else socket.IPPROTO_ICMP}
s = socket.socket(fam, socket.SOCK_RAW, num[proto])
s.settimeout(60)   # a bound only: the answer ends the wait
print("ready", flush=True)
while True:
    d = s.recv(2048)
    h = d if v6 else d[(d[0] & 15) * 4:]     # IPv4 raw sockets get the IP header
    if proto == "icmp" and h[0] == (1 if v6 else 3):
        print(h[0], h[1], flush=True)
        break
    if proto == "tcp" and int.from_bytes(h[0:2], "big") == 7001:
        print("rst" if h[13] & 4 else "flags %#x" % h[13], flush=True)
        break
'
# wire_is 4|6 icmp|tcp WANT CMD...: run CMD, the answer seen is WANT.
wire_is() {
	local fam=$1 proto=$2 want=$3 out pid rc=0
	shift 3
	out=$(mktemp)
	nsx_bg "$C" python3 -I -S -c "$NFG_PY_WIRE" "$fam" "$proto" >"$out" 2>&1
	pid=$nsx_bg_pid
	wait_for 100 grep -q ready "$out"
	"$@" >/dev/null 2>&1
	wait "$pid"
	is_eq "answer to '$*'" "$(sed -n 2p "$out")" "$want" || rc=1
	rm -f "$out"
	return $rc
}
icmp_code_is() {
	wire_is "$1" icmp "${@:2}"
}
check "wire: tcp-reset, IPv4: a TCP reset" wire_is 4 tcp rst tcp_connect 10.0.1.2 7001
check "wire: tcp-reset, IPv6: a TCP reset" wire_is 6 tcp rst tcp_connect dead:1::2 7001
check "wire: default reject, IPv4: unreachable port (3 3)" \
	icmp_code_is 4 "3 3" l4_try "$C" udp 10.0.1.2 7002
check "wire: default reject, IPv6: port unreachable (1 4)" \
	icmp_code_is 6 "1 4" l4_try "$C" udp dead:1::2 7002
check "wire: admin-prohibited, IPv4: 3 13" \
	icmp_code_is 4 "3 13" l4_try "$C" udp 10.0.1.2 7005
check "wire: admin-prohibited, IPv6: 1 1" \
	icmp_code_is 6 "1 1" l4_try "$C" udp dead:1::2 7005
check "wire: host-unreachable, IPv4: 3 1" \
	icmp_code_is 4 "3 1" l4_try "$C" udp 10.0.1.2 7003
check "wire: host-unreachable, IPv6: 1 3" \
	icmp_code_is 6 "1 3" l4_try "$C" udp dead:1::2 7003
check "wire: no-route, IPv4: 3 0" icmp_code_is 4 "3 0" l4_try "$C" udp 10.0.1.2 7004
check "wire: no-route, IPv6: 1 0" icmp_code_is 6 "1 0" l4_try "$C" udp dead:1::2 7004
check "wire: icmp 10, IPv4: 3 10" icmp_code_is 4 "3 10" l4_try "$C" udp 10.0.1.2 7006

check "tcp-reset without l4proto tcp: a usage error" \
	expect_rc 2 nfg "$S" rule add in dport 7001 reject with tcp-reset
check "the counters went on" pkts_are "$S" "$h_rst=4" "$h_udp=4" "$h_adm=4" \
	"$h_host=4" "$h_nort=4" "$h_c4=2" "$h_c6=1"
nfg "$S" flush
finish
