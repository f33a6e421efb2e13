#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# nfgate beside a real firewalld (nftables backend, its own system dbus),
# and doctor's live checks. firewalld runs in the server netns S. An nfgate
# configuration (nfgatectl apply) with a chain at before-firewalld drops
# ICMP and accepts TCP port 8080, which firewalld's public zone rejects:
# the drop is final, the accept is not (firewalld still rejects, until it
# opens the port). After a firewalld
# reload, an --add-service, an nft flush ruleset and a firewalld restart,
# nfgate's rules still act and doctor reports nfgate's chain before
# firewalld's. Then doctor names a chain that is no longer before
# firewalld, legacy iptables tables next to nft ones, and the holder of
# the xtables lock.
. "$(dirname "$0")/lib.sh"
traffic_setup dr jq ping nft python3 firewalld firewall-cmd dbus-daemon \
	iptables-legacy flock
FW_PIDFILE=/run/firewalld.pid
XT_LOCK=/run/xtables.lock
fw_pid=
lock_pid=

test_cleanup() {
	[ -z "$lock_pid" ] || kill "$lock_pid" 2>/dev/null
	[ -z "$fw_pid" ] || kill "$fw_pid" 2>/dev/null
	[ -z "${l4_server_pid:-}" ] || kill "$l4_server_pid" 2>/dev/null
	[ -z "${dbus_pid:-}" ] || kill "$dbus_pid" 2>/dev/null
	rm -f "$XT_LOCK"
}

fw_running() {
	[ "$(firewall-cmd --state 2>/dev/null)" = running ]
}
# fw_start: firewalld in netns S; it is up when firewall-cmd says so
# (under TCG that takes half a minute or more).
fw_start() {
	nsx_bg "$S" firewalld --nofork
	fw_pid=$nsx_bg_pid
	wait_for 3000 fw_running
}
fw_stop() {
	kill "$fw_pid" && wait_for 600 eval '! kill -0 "$fw_pid" 2>/dev/null'
}

# doc CHECK FIELD: doctor's JSON, in S, for one check: its status, or its
# summary and evidence as lines.
doc() {
	nfg "$S" doctor --json | jq -r --arg c "$1" --arg f "$2" \
		'.checks[] | select(.check == $c) |
		 if $f == "status" then .status else .summary, .evidence[] end'
}
# doc_is CHECK STATUS [REGEX...]: the check has STATUS, and each REGEX
# matches a line of its summary or evidence.
doc_is() {
	local c=$1 st=$2 text re
	shift 2
	is_eq "doctor $c" "$(doc "$c" status)" "$st" || return 1
	text=$(doc "$c" text)
	for re in "$@"; do
		grep -Eq -- "$re" <<<"$text" && continue
		echo "# doctor $c: no line matches /$re/ in:"
		echo "$text" | sed 's/^/#   /'
		return 1
	done
}
# The input hook of each family, ordered: nfgate's chain fw (priority 5)
# before firewalld's filter_INPUT (priority 10).
ORDER4='^ip input: .*5 nfgate fw, .*10 nft inet firewalld filter_INPUT'
ORDER6='^ip6 input: .*5 nfgate fw, .*10 nft inet firewalld filter_INPUT'

# nfgate still acts: ICMP dropped and counted by the drop rule, TCP 8080
# counted by the accept rule and refused by firewalld (or passed once
# firewalld opens the port: $1).
nfgate_acts() {
	local tcp=${1:-EHOSTUNREACH} rc=0 icmp syn
	icmp=$(rule_pkts "$S" "$h_icmp")
	syn=$(rule_pkts "$S" "$h_tcp")
	ping_lost "$C" 10.0.1.2 2 || rc=1
	is_eq "ICMP drop rule" "$(rule_pkts "$S" "$h_icmp")" $((icmp + 2)) || rc=1
	l4_is "$tcp" "$C" tcp 10.0.1.2 8080 || rc=1
	[ "$(rule_pkts "$S" "$h_tcp")" -gt "$syn" ] ||
		{ echo "# the TCP accept rule saw nothing"; rc=1; }
	return $rc
}

mkdir -p /run/dbus
dbus-daemon --system --fork --print-pid=3 3>/tmp/dbus.pid ||
	skip_all "cannot start a system dbus for firewalld"
dbus_pid=$(cat /tmp/dbus.pid)
l4_server "$S" 8080 || skip_all "cannot start the TCP server"
plan 25

# The nfgate configuration: one chain before firewalld's.
nfg "$S" apply - <<'EOF' || skip_all "cannot apply the nfgate configuration"
chain fw {
	hook input family inet priority before-firewalld
	l4proto icmp drop
	l4proto tcp dport 8080 accept
}
EOF
fw_handle() {
	nfg "$S" list --json | jq -r ".chains[0].rules[$1].handle"
}
h_icmp=$(fw_handle 0)
h_tcp=$(fw_handle 1)
check "without firewalld, TCP 8080 passes" l4_is ok "$C" tcp 10.0.1.2 8080
check "firewalld starts in S (nftables backend)" fw_start
check "firewalld's public zone rejects TCP 8080 that nfgate accepted" nfgate_acts
check "doctor: firewalld is running" doc_is firewalld OK "$fw_pid"
check "doctor: nfgate's chain runs before firewalld's" \
	doc_is hook-order OK "$ORDER4" "$ORDER6"

# Other modules' hooks (conntrack's, for firewalld's ct state rules) are
# in doctor's view only where the kernel has nfnetlink_hook (6.12, not
# Debian's 6.1); otherwise it says the view may be incomplete.
if modinfo -n nfnetlink_hook >/dev/null 2>&1; then
	check "doctor: complete order from nfnetlink_hook, conntrack in it" \
		doc_is hook-order OK 'view is complete' \
		"${ORDER4}, .*hook nf_conntrack [a-z0-9_]*confirm"
else
	check "doctor: the order may be incomplete without nfnetlink_hook" \
		doc_is hook-order OK 'this kernel has no nfnetlink_hook'
fi

check "firewall-cmd --reload" firewall-cmd -q --reload
check "after the reload, nfgate still acts" nfgate_acts
check "and doctor still puts it first" doc_is hook-order OK "$ORDER4" "$ORDER6"

check "firewall-cmd --add-port=8080/tcp" firewall-cmd -q --add-port=8080/tcp
check "now firewalld lets TCP 8080 through too" nfgate_acts ok
check "firewall-cmd --add-service=http" firewall-cmd -q --add-service=http
check "doctor's order after --add-service" doc_is hook-order OK "$ORDER4"

check "nft flush ruleset (firewalld's tables gone)" nsx "$S" nft flush ruleset
check "after the flush, nfgate still acts" nfgate_acts ok

check "firewalld restarts" eval 'fw_stop && fw_start'
check "after the restart, nfgate still acts" nfgate_acts
check "doctor's order after the restart" doc_is hook-order OK "$ORDER4" "$ORDER6"

# A firewalld whose input chain sits below nfgate's: the order is wrong.
check "firewalld stops" fw_stop
nsx "$S" nft -f - <<EOF
table inet firewalld {
	chain early_INPUT { type filter hook input priority filter - 20; }
}
EOF
check "doctor warns: fw is not before firewalld's early_INPUT" \
	doc_is hook-order WARN 'fw' '^ip input: .*-20 nft inet firewalld early_INPUT, .*5 nfgate fw'

check "legacy iptables table in S" nsx "$S" iptables-legacy -A INPUT -p udp --dport 9 -j ACCEPT
check "doctor warns about legacy tables beside nftables" \
	doc_is iptables-legacy-tables WARN 'ip_tables_names: filter'

# Hold the xtables lock as iptables does for fail2ban or dockerd: flock(2)
# on /run/xtables.lock by the process itself, then wait.
python3 -I -S -c 'import fcntl, sys, time
f = open(sys.argv[1], "w")
fcntl.flock(f, fcntl.LOCK_EX)
time.sleep(600)' "$XT_LOCK" &
lock_pid=$!
held() { grep -q "FLOCK.* WRITE $lock_pid " /proc/locks; }
check "a process holds the xtables lock" wait_for 300 held
check "doctor names the xtables lock holder" \
	doc_is xtables-lock WARN "held by pid $lock_pid \\(python3\\)"
kill "$lock_pid" && wait "$lock_pid" 2>/dev/null
lock_pid=
check "doctor: the lock is free again" doc_is xtables-lock OK
finish
