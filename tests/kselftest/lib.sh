#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Shared helpers for nfgate's kselftests. Source it; it sets ROOT, NFGATECTL
# and NFGATE_KO and refuses to run anywhere but the nfgate test VM, since
# these tests load modules and create namespaces.

ksft_pass=0
ksft_fail=1
ksft_skip=4

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
NFGATECTL=$ROOT/user/nfgatectl
NFGATE_KO=$ROOT/nfgate.ko
KVER=$(uname -r)
UPDATES=/lib/modules/$KVER/updates

t_num=0
t_failed=0

skip_all() {
	echo "1..0 # SKIP $*"
	exit $ksft_skip
}

require_vm() {
	[ "${NFGATE_VM:-}" = 1 ] ||
		skip_all "not in the nfgate test VM: run through scripts/vm-run (make check)"
	[ "$(id -u)" = 0 ] || skip_all "needs root"
	[ -x "$NFGATECTL" ] || skip_all "$NFGATECTL not built: run make"
	[ -f "$NFGATE_KO" ] || skip_all "$NFGATE_KO not built: run make"
}

plan() {
	echo "TAP version 13"
	echo "1..$1"
}

# check NAME CMD...: one TAP result from a command's exit status.
check() {
	local name=$1
	shift
	t_num=$((t_num + 1))
	if "$@"; then
		echo "ok $t_num $name"
	else
		echo "not ok $t_num $name"
		t_failed=$((t_failed + 1))
	fi
}

finish() {
	[ "$t_failed" -eq 0 ] && exit $ksft_pass
	echo "# $t_failed of $t_num failed"
	exit $ksft_fail
}

is_loaded() {
	[ -d /sys/module/nfgate ]
}

unload() {
	if is_loaded; then
		rmmod nfgate || return 1
	fi
	! is_loaded
}

# Load the freshly built module straight from the build tree, after the
# modules it links against (insmod does not resolve dependencies).
load() {
	local deps
	is_loaded && return 0
	deps=$(modinfo -F depends "$NFGATE_KO" | tr ',' ' ')
	# shellcheck disable=SC2086 # a list of module names
	[ -z "$deps" ] || modprobe -a $deps || return 1
	insmod "$NFGATE_KO"
}

# Install the module where modprobe (and the kernel's autoloader) find it.
# Only ever inside the VM, whose /lib/modules is a throwaway overlay. The
# index files come precomputed from the host (scripts/mod-index, built by
# `make tests`): depmod in the guest would read every module over 9p.
MODINDEX=$ROOT/tests/kselftest/modindex/$KVER
MODSAVED=/tmp/nfgate-modindex-orig

install_module() {
	local f
	if [ ! -f "$MODINDEX/modules.dep" ]; then
		echo "# $MODINDEX missing: run 'make tests' on the host"
		return 1
	fi
	if [ ! -d "$MODSAVED" ]; then
		mkdir -p "$MODSAVED" || return 1
		for f in "$MODINDEX"/modules.*; do
			f=/lib/modules/$KVER/${f##*/}
			[ ! -e "$f" ] || cp "$f" "$MODSAVED/" || return 1
		done
	fi
	mkdir -p "$UPDATES" && cp "$NFGATE_KO" "$UPDATES/nfgate.ko" &&
		cp "$MODINDEX"/modules.* "/lib/modules/$KVER/"
}

uninstall_module() {
	rm -f "$UPDATES/nfgate.ko" || return 1
	[ ! -d "$MODSAVED" ] || cp "$MODSAVED"/modules.* "/lib/modules/$KVER/"
}

# expect_rc WANT CMD...: the command exits with WANT.
expect_rc() {
	local want=$1 rc=0
	shift
	"$@" || rc=$?
	[ "$rc" -eq "$want" ] && return 0
	echo "# '$*' exited $rc, expected $want"
	return 1
}

# expect_out PATTERN CMD...: the command succeeds and its output (stdout
# and stderr) matches the extended regex PATTERN. Compose with expect_rc
# to check the output of a command that must fail.
expect_out() {
	local pat=$1 out rc=0
	shift
	out=$("$@" 2>&1) || rc=$?
	if [ "$rc" -eq 0 ] && echo "$out" | grep -Eq -- "$pat"; then
		return 0
	fi
	echo "# '$*' (exit $rc) printed:"
	echo "$out" | sed 's/^/#   /'
	echo "# expected a match for: $pat"
	return 1
}

# re_quote TEXT: TEXT as an extended regex that matches only itself
# (versions such as 0.1.0+g1234 carry a '+').
re_quote() {
	printf '%s\n' "$1" | sed 's/[][\.*^$+?(){}|/]/\\&/g'
}

# run_c_test NAME: load the module and run the kselftest_harness binary
# NAME built next to this file (its TAP output is the test's).
run_c_test() {
	local bin
	bin="$(dirname "${BASH_SOURCE[0]}")/$1"
	require_vm
	[ -x "$bin" ] || skip_all "$1 not built: make -C tests/kselftest"
	trap unload EXIT
	load || skip_all "cannot load $NFGATE_KO"
	"$bin"
}

# ---------------------------------------------------------------------------
# Helpers for the traffic tests (nfgate_rules.sh, nfgate_conntrack.sh, ...).

# wait_for TRIES CMD...: run CMD every 0.1 s until it succeeds, at most
# TRIES times. Fails (quietly) when it never did.
wait_for() {
	local n=$1
	shift
	while [ "$n" -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		n=$((n - 1))
		sleep 0.1
	done
	return 1
}

# topo_add C S: netns C (client) and S (server) joined by a veth pair named
# veth0 on both sides: C has 10.0.1.1/24 and dead:1::1/64, S 10.0.1.2/24
# and dead:1::2/64. The link is kept silent so that rule counters are
# exact: no ARP or neighbour discovery (arp off, permanent neighbours), no
# link-local addresses (no router solicitations), no DAD, and no MLD
# (a NOARP device joins no solicited-node group). ICMP errors are not
# rate-limited, so that every rejected packet gets its answer.
topo_add() {
	local c=$1 s=$2 ns
	ip netns add "$c" && ip netns add "$s" || return 1
	ip -n "$c" link add veth0 address 02:00:0a:00:01:01 type veth \
		peer name veth0 address 02:00:0a:00:01:02 netns "$s" || return 1
	for ns in "$c" "$s"; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.veth0.accept_ra=0 \
			net.ipv6.conf.veth0.router_solicitations=0 \
			net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0 || return 1
		ip -n "$ns" link set veth0 arp off addrgenmode none || return 1
		ip -n "$ns" link set lo up && ip -n "$ns" link set veth0 up || return 1
	done
	ip -n "$c" addr add 10.0.1.1/24 dev veth0 &&
	ip -n "$c" addr add dead:1::1/64 dev veth0 nodad &&
	ip -n "$s" addr add 10.0.1.2/24 dev veth0 &&
	ip -n "$s" addr add dead:1::2/64 dev veth0 nodad &&
	ip -n "$c" neigh replace 10.0.1.2 lladdr 02:00:0a:00:01:02 dev veth0 nud permanent &&
	ip -n "$c" neigh replace dead:1::2 lladdr 02:00:0a:00:01:02 dev veth0 nud permanent &&
	ip -n "$s" neigh replace 10.0.1.1 lladdr 02:00:0a:00:01:01 dev veth0 nud permanent &&
	ip -n "$s" neigh replace dead:1::1 lladdr 02:00:0a:00:01:01 dev veth0 nud permanent ||
		return 1
	wait_for 50 ip netns exec "$c" ping -c 1 -W 1 10.0.1.2 &&
		wait_for 50 ip netns exec "$c" ping -6 -c 1 -W 1 dead:1::2
}

# traffic_setup TAG [TOOL...]: the common start of a traffic test. It
# checks that it runs in the VM and that each TOOL is installed, names the
# client and server netns C and S after TAG, loads nfgate and joins C and S
# with topo_add, skipping the test when any of that fails. On exit it runs
# the test's own test_cleanup function (when it defines one), deletes C, S
# and the namespaces in EXTRA_NS, and unloads the module.
traffic_setup() {
	local tag=$1 t
	shift
	require_vm
	for t in "$@"; do
		command -v "$t" >/dev/null || skip_all "$t not installed"
	done
	C=nfg${tag}_c_$$
	S=nfg${tag}_s_$$
	K=nfg${tag}_k_$$
	trap traffic_cleanup EXIT
	hold_hook_keys "$K" || skip_all "cannot hold the netfilter hook keys (nft)"
	load || skip_all "cannot load $NFGATE_KO"
	topo_add "$C" "$S" || skip_all "cannot set up the veth topology"
}
traffic_cleanup() {
	declare -F test_cleanup >/dev/null && test_cleanup
	topo_del "$C" "$S" ${EXTRA_NS[@]+"${EXTRA_NS[@]}"}
	unload
	topo_del "$K"
}

# hold_hook_keys NS: an nft base chain at every inet hook in a netns of
# its own, for the whole test. The kernel patches its code (the static
# key nf_hooks_needed) when the first hook of a family and hook number is
# registered anywhere or the last one goes; under qemu's multi-threaded
# TCG, patching code that the other vCPU runs in a packet flood has hung
# or oopsed the guest (soft lockups in ip_local_deliver on 6.1, int3 oopses
# on 6.12, with and without nfgate). With these chains held, nfgate's
# (un)registration under traffic never flips a key: what the tests check,
# nfgate's own hook and RCU handling, is unchanged.
hold_hook_keys() {
	ip netns add "$1" || return 1
	nsx "$1" nft -f - <<EOF
table inet hold {
	chain h_pre { type filter hook prerouting priority 0; }
	chain h_in { type filter hook input priority 0; }
	chain h_fwd { type filter hook forward priority 0; }
	chain h_out { type filter hook output priority 0; }
	chain h_post { type filter hook postrouting priority 0; }
}
EOF
}

# topo_del NS...: kill what still runs in these namespaces (servers,
# listeners, floods the test started there), then delete them.
topo_del() {
	local ns pids
	for ns in "$@"; do
		[ -e "/run/netns/$ns" ] || continue
		pids=$(ip netns pids "$ns" 2>/dev/null)
		# shellcheck disable=SC2086 # a list of pids
		[ -n "$pids" ] && kill $pids 2>/dev/null && wait_for 50 \
			eval '[ -z "$(ip netns pids "$ns" 2>/dev/null)" ]'
		ip netns del "$ns" 2>/dev/null
	done
	return 0
}

# nsx NS CMD...: run CMD in netns NS. Like "ip netns exec" but without
# its new mount namespace and sysfs remount (CMD sees the caller's /sys;
# /proc/sys/net is NS's), and through busybox's static nsenter when there
# is one: under TCG that takes 0.01 s where ip netns exec takes 0.2 s.
if command -v busybox >/dev/null && busybox nsenter --help >/dev/null 2>&1; then
	NSENTER="busybox nsenter"
else
	NSENTER=nsenter
fi
nsx() {
	local ns=$1 cmd
	# A full path, or busybox would run its own applet of that name.
	cmd=$(type -P "$2") || { echo "nsx: $2: not found" >&2; return 127; }
	shift 2
	$NSENTER --net="/run/netns/$ns" "$cmd" "$@"
}
# nsx_bg NS CMD...: the same in the background; nsx_bg_pid is CMD's pid
# (nsenter execs it), so that killing it stops CMD.
nsx_bg() {
	local ns=$1 cmd
	cmd=$(type -P "$2") || { echo "nsx: $2: not found" >&2; return 127; }
	shift 2
	$NSENTER --net="/run/netns/$ns" "$cmd" "$@" &
	nsx_bg_pid=$!
}

# nfg NS ARGS...: nfgatectl in netns NS.
nfg() {
	local ns=$1
	shift
	nsx "$ns" "$NFGATECTL" "$@"
}

# nfg_refused NS WANT_RC PATTERN ARGS...: nfgatectl in NS exits WANT_RC
# and prints (stdout and stderr) a match for the extended regex PATTERN.
nfg_refused() {
	local ns=$1 rc=$2 pat=$3 out got=0
	shift 3
	out=$(nfg "$ns" "$@" 2>&1) || got=$?
	echo "$out" | grep -Eq -- "$pat" && [ "$got" = "$rc" ] && return 0
	echo "# '$*' exited $got (expected $rc) and printed:"
	echo "$out" | sed 's/^/#   /'
	echo "# expected a match for: $pat"
	return 1
}

# nfg_set_is NS SET JQ WANT: a field of the set's `set list -j` entry
# (JQ: a jq path under .sets[0], such as .count or .compact) is WANT.
nfg_set_is() {
	is_eq "$2 $3" "$(nfg "$1" set list "$2" -j | jq -r ".sets[0]$3")" "$4"
}

# nfg_reset NS: flush NS's rules and destroy all its sets.
nfg_reset() {
	local s
	nfg "$1" flush
	for s in $(nfg "$1" set list -j | jq -r '.sets[].name'); do
		nfg "$1" set destroy "$s"
	done
}

# nfg_chain_in NS: an input chain "in" at priority filter.
nfg_chain_in() {
	nfg "$1" chain add in hook input family inet priority filter
}

# nfg_handle NS rule add|insert ...: run it, print only the new handle.
nfg_handle() {
	local out
	out=$(nfg "$@") || return 1
	case $out in
	"handle "[0-9]*) echo "${out#handle }" ;;
	*) echo "# '$*' printed '$out', not 'handle N'" >&2; return 1 ;;
	esac
}

# rule_pkts NS HANDLE: packets counted by the rule with that handle
# (handles are unique in a netns); "none" if there is no such rule.
rule_pkts() {
	nfg "$1" list --json | jq -r --arg h "$2" \
		'[.chains[].rules[] | select((.handle | tostring) == $h) |
		 .packets] | .[0] // "none"'
}

# policy_pkts NS CHAIN: packets that met CHAIN's policy.
policy_pkts() {
	nfg "$1" list --json | jq -r --arg c "$2" \
		'[.chains[] | select(.name == $c) | .packets] | .[0] // "none"'
}

# is_eq NAME GOT WANT: a comparison that explains itself when it fails.
is_eq() {
	[ "$2" = "$3" ] && return 0
	echo "# $1: got '$2', expected '$3'"
	return 1
}

# pkts_are NS HANDLE=N...: each rule counted exactly N packets;
# POLICY:CHAIN=N checks the packets that met CHAIN's policy.
# pkts_in JSON HANDLE=N...: the same on the output of "list --json".
pkts_are() {
	local json
	json=$(nfg "$1" list --json) || return 1
	shift
	pkts_in "$json" "$@"
}
pkts_in() {
	local json=$1 kv key want got rc=0
	shift
	# One jq per JSON for all counters, cached in pkts_map (jq is slow
	# under TCG): "HANDLE PACKETS" and "POLICY:CHAIN PACKETS".
	if [ "$json" != "${pkts_json:-}" ]; then
		declare -gA pkts_map=()
		pkts_map=()
		while read -r key got; do
			pkts_map[$key]=$got
		done < <(echo "$json" | jq -r '.chains[] |
			(.rules[] | "\(.handle) \(.packets)"), "POLICY:\(.name) \(.packets)"')
		pkts_json=$json
	fi
	for kv in "$@"; do
		key=${kv%%=*} want=${kv#*=}
		got=${pkts_map[$key]:-none}
		[ "$got" = "$want" ] && continue
		echo "# $key counted $got packets, expected $want: $(echo "$json" |
			jq -c --arg k "$key" '.chains[] | (.rules[] |
			select((.handle | tostring) == $k) | {rule, handle}),
			(select("POLICY:" + .name == $k) | {chain: .name, policy, packets})')"
		rc=1
	done
	return $rc
}

# pings NS ADDR N [PING_OPTION...]: send N echo requests (IPv4 or IPv6
# from the address), print how many replies came back.
pings() {
	local out
	out=$(nsx "$1" ping -q -n -c "$3" -i 0.05 -W 1 "${@:4}" "$2" 2>&1)
	echo "$out" | sed -n 's/.* \([0-9]\+\) received.*/\1/p' | grep . || echo 0
}

# ping_ok NS ADDR N [PING_OPTION...] / ping_lost ...: all N replies came
# back / none (waiting only 0.5 s for the last one: the counters tell
# whether the requests met the drop).
ping_ok() {
	is_eq "replies from $2" "$(pings "$@")" "$3"
}
ping_lost() {
	is_eq "replies from $2" "$(pings "$@" -W 0.5)" 0
}

# Echo server and client for TCP and UDP, in python: l4_server NS PORT...
# listens on every PORT, TCP and UDP, IPv4 and IPv6, and echoes; it runs in
# the background (its pid in l4_server_pid) until it is killed.
# l4_try NS tcp|udp ADDR PORT [SPORT [TIMEOUT]] sends "ping" from SPORT
# (0 or none: any) and prints "ok" when the echo came back, else the
# errno name (ECONNREFUSED, EHOSTUNREACH, ...), or "timeout" after TIMEOUT
# seconds (default 2).
# IP_RECVERR is set so that every ICMP error reaches the UDP socket.
NFG_PY_SERVER='
import select, socket, sys
socks = []
for port in map(int, sys.argv[1:]):
    for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
        s = socket.socket(socket.AF_INET6, kind)
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("::", port))
        if kind == socket.SOCK_STREAM:
            s.listen(16)
        socks.append(s)
conns = []
while True:
    r, _, _ = select.select(socks + conns, [], [])
    for s in r:
        if s in conns:
            try:
                d = s.recv(4096)
            except OSError:
                d = b""
            if d:
                s.sendall(d)
            else:
                conns.remove(s)
                s.close()
        elif s.type == socket.SOCK_STREAM:
            conns.append(s.accept()[0])
        else:
            d, peer = s.recvfrom(4096)
            s.sendto(d, peer)
'
NFG_PY_CLIENT='
import errno, socket, sys
proto, addr, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
sport = int(sys.argv[4]) if len(sys.argv) > 4 else 0  # 0: any
fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
s = socket.socket(fam, socket.SOCK_STREAM if proto == "tcp" else socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
if fam == socket.AF_INET:
    s.setsockopt(socket.IPPROTO_IP, 11, 1)          # IP_RECVERR
else:
    s.setsockopt(socket.IPPROTO_IPV6, 25, 1)        # IPV6_RECVERR
s.settimeout(float(sys.argv[5]) if len(sys.argv) > 5 else 2)
try:
    s.bind(("0.0.0.0" if fam == socket.AF_INET else "::", sport))
    s.connect((addr, port))
    s.send(b"ping")
    got = s.recv(100)
    print("ok" if got == b"ping" else "bad reply %r" % got)
except socket.timeout:
    print("timeout")
except OSError as e:
    print(errno.errorcode.get(e.errno, str(e.errno)))
'
l4_server() {
	local ns=$1 p
	shift
	nsx_bg "$ns" python3 -I -S -c "$NFG_PY_SERVER" "$@"
	# shellcheck disable=SC2034 # for the test's cleanup
	l4_server_pid=$nsx_bg_pid
	for p in "$@"; do
		wait_for 100 l4_listening "$ns" "$p" || return 1
	done
}
l4_listening() {
	nsx "$1" ss -Htln "sport = :$2" | grep -q . &&
		nsx "$1" ss -Huln "sport = :$2" | grep -q .
}
l4_try() {
	local ns=$1
	shift
	nsx "$ns" python3 -I -S -c "$NFG_PY_CLIENT" "$@"
}

# l4_is WANT NS PROTO ADDR PORT [SPORT [TIMEOUT]]: l4_try printed WANT.
# l4_dropped NS PROTO ADDR PORT [SPORT]: no answer within 1 s (a drop,
# which the test confirms with counters).
l4_is() {
	local want=$1
	shift
	is_eq "$2 to $3 port $4${5:+ from port $5}" "$(l4_try "$@" 2>&1)" "$want"
}
l4_dropped() {
	l4_is timeout "$1" "$2" "$3" "$4" "${5:-0}" 1
}
