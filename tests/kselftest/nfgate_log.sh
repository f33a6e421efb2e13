#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The log action: one kernel log line per packet with the rule's prefix
# and level, rate-limited by rate and burst, or NFLOG messages to a group
# instead of syslog. Prefixes carry the pid so that lines of other runs
# never count.
. "$(dirname "$0")/lib.sh"
P=nfg$$
all_netns=$(sysctl -n net.netfilter.nf_log_all_netns 2>/dev/null)
test_cleanup() {
	[ -n "${nflog_pid:-}" ] && kill "$nflog_pid" 2>/dev/null
	[ -n "$all_netns" ] && sysctl -qw net.netfilter.nf_log_all_netns="$all_netns"
}
traffic_setup lg jq ping python3 dmesg
modprobe nf_log_syslog || skip_all "nf_log_syslog cannot be loaded"
# nf_log does not log from other netns than init_net unless told to.
sysctl -qw net.netfilter.nf_log_all_netns=1 || skip_all "no nf_log_all_netns sysctl"
plan 15

rule() {
	nfg_handle "$S" rule add in "$@" || echo -1
}
# lines PREFIX [LEVEL]: kernel log lines with this prefix (at this level).
lines() {
	dmesg ${2:+--level="$2"} | grep -cF "$1"
}
lines_are() {
	is_eq "log lines with '$1'${3:+ at level $3}" "$(lines "$1" "${3:-}")" "$2"
}
skip_check() {
	t_num=$((t_num + 1))
	echo "ok $t_num $1 # SKIP $2"
}

# --- One line per packet, within the burst; the level is the rule's.
nfg "$S" chain add in hook input family inet priority filter
h4=$(rule l4proto icmp log prefix "$P-a: " accept)
h6=$(rule l4proto icmpv6 log prefix "$P-b: " level 6 burst 10 accept)
check "4 IPv4 pings pass a log rule" ping_ok "$C" 10.0.1.2 4
check "3 IPv6 pings pass a log rule" ping_ok "$C" dead:1::2 3
check "4 log lines, at level warning (the default)" lines_are "$P-a: " 4 warn
check "3 IPv6 log lines at level info" lines_are "$P-b: " 3 info
check "no IPv6 line at level warning" lines_are "$P-b: " 0 warn
check "an IPv4 line shows the packet" \
	expect_out "$P-a: IN=veth0 OUT= .*SRC=10.0.1.1 DST=10.0.1.2 .*PROTO=ICMP TYPE=8" dmesg
check "log rules counted" pkts_are "$S" "$h4=4" "$h6=3"

# --- rate 1/second burst 2: a fast burst of 20 pings logs at least the
# burst and fewer than 20 lines, while the rule counts all 20.
nfg "$S" flush in
h=$(rule l4proto icmp log prefix "$P-c: " level 7 rate 1/second burst 2 accept)
check "20 fast pings pass" ping_ok "$C" 10.0.1.2 20 -i 0.01
n=$(lines "$P-c: ")
check "rate-limited: at least 2 lines (burst)" test "$n" -ge 2
check "rate-limited: fewer than 20 lines (got $n)" test "$n" -lt 20
check "the rule counted every packet" pkts_are "$S" "$h=20"

# --- log group 5: to NFLOG, not to the kernel log. The listener binds
# group 5 in S and prints one line per message with our prefix.
NFG_PY_NFLOG='
import socket, struct, sys
group, want = int(sys.argv[1]), sys.argv[2].encode()
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 12)   # NETLINK_NETFILTER
s.bind((0, 0))
# NFULNL_MSG_CONFIG (subsys ULOG 4, msg 1), NLM_F_REQUEST | NLM_F_ACK;
# nfgenmsg with res_id = group; NFULA_CFG_CMD (1) = NFULNL_CFG_CMD_BIND (1)
body = struct.pack("!BBH", 0, 0, group) + struct.pack("=HHB3x", 5, 1, 1)
s.send(struct.pack("=IHHII", 16 + len(body), (4 << 8) | 1, 5, 1, 0) + body)
d = s.recv(65536)
if struct.unpack_from("=H", d, 4)[0] != 2 or struct.unpack_from("=i", d, 16)[0]:
    sys.exit("bind to group %d failed" % group)
print("ready", flush=True)
n = 0
while True:
    d, off = s.recv(65536), 0
    while off + 20 <= len(d):
        ln, typ = struct.unpack_from("=IH", d, off)
        a = off + 20
        while typ == 4 << 8 and a + 4 <= off + ln:      # NFULNL_MSG_PACKET
            alen, atyp = struct.unpack_from("=HH", d, a)
            if alen < 4:
                break
            if atyp & 0x7fff == 10 and d[a + 4:a + alen].rstrip(b"\0") == want:
                n += 1                                  # NFULA_PREFIX
                print("packet", n, flush=True)
            a += (alen + 3) & ~3
        off += max((ln + 3) & ~3, 20)
'
if ! modprobe nfnetlink_log; then
	for t in "NFLOG listener bound to group 5" "log group 5: 3 pings pass, counted" \
		"3 NFLOG messages with the prefix" "no kernel log line for the group rule"; do
		skip_check "$t" "nfnetlink_log cannot be loaded"
	done
	finish
fi
out=$(mktemp)
nsx_bg "$S" python3 -I -S -c "$NFG_PY_NFLOG" 5 "$P-d: " >"$out" 2>&1
nflog_pid=$nsx_bg_pid
check "NFLOG listener bound to group 5" wait_for 100 grep -q ready "$out"
nfg "$S" flush in
h=$(rule l4proto icmp log prefix "$P-d: " group 5 accept)
check "log group 5: 3 pings pass, counted" \
	eval 'ping_ok "$C" 10.0.1.2 3 && pkts_are "$S" "$h=3"'
wait_for 50 grep -q "packet 3" "$out"
check "3 NFLOG messages with the prefix" is_eq "NFLOG messages" \
	"$(grep -c packet "$out")" 3
check "no kernel log line for the group rule" lines_are "$P-d: " 0
rm -f "$out"
finish
