# SPDX-License-Identifier: GPL-2.0
#
# Black-box tests of "nfgatectl autoload" and "nfgatectl doctor" against
# fixture root trees, sourced by run.sh. Each test builds its root from
# fixtures/base (a healthy system: nfgate loaded and installed by DKMS for
# two kernels, firewalld running with the nftables backend, iptables-nft)
# with mkroot.sh, changes what its finding needs, and runs nfgatectl with
# --root. Nothing outside $T is written.

FIXTURES=$(dirname "$0")/fixtures
KV=6.1.0-fix-amd64

# fixture [SED]: build $T/root from the base fixture; SED edits MODULES
fixture() {
	rm -rf "$T/src" "$T/root"
	cp -a "$FIXTURES/base" "$T/src" || return 1
	[ $# -eq 0 ] || sed -i "$1" "$T/src/MODULES" || return 1
	sh "$(dirname "$0")/mkroot.sh" "$T/src" "$T/root" >>"$T/log" 2>&1
}

# the path $1 inside the fixture root, its parent directory created
R() { mkdir -p "$(dirname "$T/root$1")" && echo "$T/root$1"; }

# the line of check $1 in the text output starts with status $2
expect_check() {
	grep -qE "^$2 +$1: " "$T/out" && return 0
	echo "stdout lacks check $1 with status $2" >>"$T/log"
	return 1
}

# drop module $1 from the fixture's /proc/modules
unload() {
	sed -i "/^$1 /d" "$(R /proc/modules)"
}

bb_doctor_healthy() {
	fixture && run doctor --root "$T/root" && expect_rc 0 &&
		expect_check nfgate-loaded OK && expect_in out "nfgate 0.1.0 is loaded" &&
		expect_check nfgate-installed OK && expect_in out "with a matching vermagic" &&
		expect_check nfgate-dkms OK &&
		expect_in out "6.1.0-old-amd64: updates/dkms/nfgate.ko, built by DKMS (nfgate/0.1.0)" &&
		expect_check needed-modules OK && expect_in out "nf_log_syslog: built into $KV" &&
		expect_check autoload-modules WARN && expect_check autoload-stale OK &&
		expect_check firewalld OK && expect_in out "firewalld is running (pid 812)" &&
		expect_check firewalld-backend OK && expect_check iptables-variant OK &&
		expect_in out "/etc/alternatives/iptables -> /usr/sbin/iptables-nft" &&
		expect_check iptables-legacy-tables OK && expect_check xtables-lock OK &&
		expect_check hook-order WARN && expect_in out "--root is not the running system" &&
		expect_in out "11 ok, 2 warn, 0 fail" && expect_empty err
}

bb_doctor_json() {
	command -v jq >/dev/null || { skip_reason="no jq"; return 77; }
	fixture && unload nfgate && run --json doctor --root "$T/root" && expect_rc 1 &&
		jq -e '.checks[0] == {"check":"nfgate-loaded","status":"FAIL",
			"summary":"nfgate is not loaded",
			"evidence":["/proc/modules has no \"nfgate\" line"],
			"fix":["modprobe nfgate (see the nfgate-installed check if that fails)"]}
			and ([.checks[].check] | index("hook-order")) == (.checks | length) - 1
			and .fail == 1 and .ok + .warn + .fail == (.checks | length)' \
			"$T/out" >>"$T/log"
}

bb_doctor_not_loaded() {
	fixture && unload nfgate && run doctor --root "$T/root" && expect_rc 1 &&
		expect_check nfgate-loaded FAIL && expect_in out "fix: modprobe nfgate"
}

bb_doctor_no_module_support() {
	fixture && rm "$(R /proc/modules)" && run doctor --root "$T/root" && expect_rc 1 &&
		expect_check nfgate-loaded FAIL && expect_in out "CONFIG_MODULES=y"
}

bb_doctor_not_installed() {
	fixture "/^module $KV updates\/dkms\/nfgate.ko/d" &&
		run doctor --root "$T/root" && expect_rc 1 && expect_check nfgate-installed FAIL &&
		expect_in out "nfgate is not installed for the running kernel $KV" &&
		expect_check nfgate-dkms WARN &&
		expect_in out "$KV: built by DKMS (nfgate/0.1.0) but not installed" &&
		expect_in out "fix: dkms autoinstall -k $KV"
}

bb_doctor_vermagic_release() {
	fixture "s/^\(module $KV updates\/dkms\/nfgate.ko\)/\1 vermagic=6.1.0-other-amd64_SMP/" &&
		run doctor --root "$T/root" && expect_rc 1 && expect_check nfgate-installed FAIL &&
		expect_in out "nfgate.ko was built for another kernel than $KV"
}

bb_doctor_vermagic_flags() {
	# same release, other configuration (no modversions): the kernel refuses it
	fixture "s/^\(module $KV updates\/dkms\/nfgate.ko\)/\1 vermagic=$KV/" &&
		run doctor --root "$T/root" && expect_rc 1 && expect_check nfgate-installed FAIL &&
		expect_in out "nfgate.ko's vermagic differs from kernel $KV's" &&
		expect_in out "vermagic of nf_conntrack: $KV SMP preempt mod_unload modversions"
}

bb_doctor_no_dkms() {
	fixture "/^module 6.1.0-old-amd64 updates/d" && rm -r "$(R /var/lib/dkms)" &&
		run doctor --root "$T/root" && expect_rc 0 && expect_check nfgate-dkms WARN &&
		expect_in out "nfgate is not registered with DKMS" &&
		expect_in out "6.1.0-old-amd64: no nfgate" &&
		expect_in out "$KV: updates/dkms/nfgate.ko, not built by DKMS"
}

bb_doctor_no_module_index() {
	fixture && run doctor --root "$T/root" --kernel 9.9.9 && expect_rc 1 &&
		expect_check nfgate-installed FAIL && expect_in out "kernel 9.9.9 has no module index" &&
		expect_check needed-modules WARN
}

bb_doctor_needed_modules() {
	fixture "/nf_reject_ipv6.ko/d" && unload nf_reject_ipv6 && unload nf_conntrack &&
		run doctor --root "$T/root" && expect_rc 1 && expect_check needed-modules FAIL &&
		expect_in out "nf_reject_ipv6: missing: neither loaded, built in nor in modules.dep of $KV" &&
		expect_in out "fix: nf_reject_ipv6 needs CONFIG_NF_REJECT_IPV6" &&
		expect_in out "nf_conntrack: not loaded, loadable (kernel/net/netfilter/nf_conntrack.ko)"
}

bb_doctor_firewalld_stopped() {
	fixture && rm -r "$(R /run/firewalld.pid)" "$(R /proc/812)" &&
		run doctor --root "$T/root" && expect_rc 0 &&
		expect_in out "firewalld is installed but not running"
}

bb_doctor_firewalld_scan() {
	fixture && rm "$(R /run/firewalld.pid)" && run doctor --root "$T/root" &&
		expect_in out "found by a scan of /proc: pid 812 is firewalld"
}

bb_doctor_backend_mismatch() {
	fixture && sed -i 's/^FirewallBackend=.*/FirewallBackend=iptables/' \
		"$(R /etc/firewalld/firewalld.conf)" && rm "$(R /usr/sbin/ip6tables-restore)" &&
		run doctor --root "$T/root" && expect_rc 1 && expect_check firewalld-backend FAIL &&
		expect_in out "FirewallBackend=iptables, but iptables-restore or ip6tables-restore is not installed" &&
		fixture "/nf_tables.ko/d" && unload nf_tables && run doctor --root "$T/root" &&
		expect_rc 1 && expect_in out "FirewallBackend=nftables, but kernel $KV has no nf_tables" &&
		fixture && sed -i 's/^FirewallBackend=.*/FirewallBackend=ipfw/' \
		"$(R /etc/firewalld/firewalld.conf)" && run doctor --root "$T/root" &&
		expect_rc 1 && expect_in out "FirewallBackend=ipfw is neither nftables nor iptables"
}

bb_doctor_iptables_legacy() {
	fixture && ln -sf /usr/sbin/iptables-legacy "$(R /etc/alternatives/iptables)" &&
		printf 'filter\nmangle\n' >"$(R /proc/net/ip_tables_names)" &&
		run doctor --root "$T/root" && expect_rc 0 &&
		expect_in out "iptables is iptables-legacy" &&
		expect_check iptables-legacy-tables OK &&
		expect_in out "/proc/net/ip_tables_names: filter mangle" &&
		expect_in out "ip input: -150 iptables-legacy mangle, 0 iptables-legacy filter" &&
		expect_in out "ip prerouting: -150 iptables-legacy mangle"
}

bb_doctor_legacy_and_nft() {
	fixture && printf 'filter\n' >"$(R /proc/net/ip6_tables_names)" &&
		run doctor --root "$T/root" && expect_rc 0 && expect_check iptables-legacy-tables WARN &&
		expect_in out "legacy iptables tables are in use next to nftables (iptables-nft is the selected iptables)" &&
		expect_in out "ip6 output: 0 ip6tables-legacy filter"
}

bb_doctor_xtables_lock() {
	fixture && : >"$(R /run/xtables.lock)" && run doctor --root "$T/root" &&
		expect_check xtables-lock OK && expect_in out "/proc/locks has no lock on /run/xtables.lock" &&
		mkdir "$(R /proc/4242)" && echo fail2ban-server >"$(R /proc/4242/comm)" &&
		echo "1: FLOCK  ADVISORY  WRITE 4242 $(stat -c '%Hd %Ld %i' "$(R /run/xtables.lock)" |
			awk '{ printf "%02x:%02x:%s", $1, $2, $3 }') 0 EOF" >"$(R /proc/locks)" &&
		run doctor --root "$T/root" && expect_rc 0 && expect_check xtables-lock WARN &&
		expect_in out "the xtables lock is held by pid 4242 (fail2ban-server)"
}

bb_doctor_usage() {
	run doctor extra && expect_rc 2 && expect_in err "doctor: unexpected argument 'extra'" &&
		run doctor --root /nonexistent && expect_rc 2 &&
		expect_in err "--root /nonexistent: No such file or directory" &&
		run doctor --explain && expect_rc 2 &&
		run doctor --explain "   " && expect_rc 2 && expect_in err "--explain needs the error text" &&
		run help doctor && expect_rc 0 && expect_in out "nfgatectl doctor --explain TEXT"
}

# ---- autoload -----------------------------------------------------------

LOADCONF=/etc/modules-load.d/nfgate.conf
PROBECONF=/etc/modprobe.d/nfgate.conf

bb_autoload_enable() {
	fixture && run autoload enable --root "$T/root" && expect_rc 0 &&
		expect_in out "nf_log_syslog: built into kernel $KV, not listed" &&
		expect_in out "$LOADCONF: written" && expect_in out "$PROBECONF: written" &&
		[ "$(grep -v '^#' "$(R $LOADCONF)" | tr '\n' ' ')" = \
			"nfgate nf_conntrack nf_reject_ipv4 nf_reject_ipv6 " ] &&
		grep -qx "options nfgate max_chains=256 max_rules=16384" "$(R $PROBECONF)" &&
		[ "$(stat -c %a "$(R $LOADCONF)")" = 644 ] &&
		! ls "$(R /etc/modules-load.d)" | grep -q XXXX &&
		run doctor --root "$T/root" && expect_check autoload-modules OK &&
		expect_check autoload-options OK
}

bb_autoload_idempotent() {
	fixture && run autoload enable --root "$T/root" && expect_rc 0 &&
		ino=$(stat -c %i "$(R $LOADCONF)") &&
		run autoload enable --root "$T/root" && expect_rc 0 &&
		expect_in out "$LOADCONF: unchanged" && expect_in out "$PROBECONF: unchanged" &&
		[ "$(stat -c %i "$(R $LOADCONF)")" = "$ino" ] &&
		run autoload enable --root "$T/root" --max-chains 512 && expect_rc 0 &&
		expect_in out "$LOADCONF: unchanged" && expect_in out "$PROBECONF: written" &&
		grep -qx "options nfgate max_chains=512 max_rules=16384" "$(R $PROBECONF)" &&
		run autoload enable --root "$T/root" && expect_in out "$PROBECONF: unchanged"
}

bb_autoload_live_params() {
	fixture && mkdir -p "$(R /sys/module/nfgate/parameters)" &&
		echo 99 >"$(R /sys/module/nfgate/parameters/max_chains)" &&
		echo 1000 >"$(R /sys/module/nfgate/parameters/max_rules)" &&
		run autoload enable --root "$T/root" && expect_rc 0 &&
		grep -qx "options nfgate max_chains=99 max_rules=1000" "$(R $PROBECONF)"
}

bb_autoload_disable() {
	fixture && run autoload enable --root "$T/root" &&
		run autoload disable --root "$T/root" && expect_rc 0 &&
		expect_in out "$LOADCONF: removed" && expect_in out "$PROBECONF: removed" &&
		[ ! -e "$(R $LOADCONF)" ] && [ ! -e "$(R $PROBECONF)" ] &&
		[ -e "$(R /etc/modules-load.d/modules.conf)" ] &&
		run autoload disable --root "$T/root" && expect_rc 0 && expect_in out "$LOADCONF: absent"
}

# state_save NAME / state_load NAME: the two autoload files (or their
# absence) as $T/NAME-LOADCONF and $T/NAME-PROBECONF.
state_save() {
	for f in LOADCONF PROBECONF; do
		eval "p=\$$f"
		rm -f "$T/$1-$f"
		[ ! -e "$(R "$p")" ] || cp "$(R "$p")" "$T/$1-$f" || return 1
	done
}
state_load() {
	for f in LOADCONF PROBECONF; do
		eval "p=\$$f"
		rm -f "$(R "$p")"
		[ ! -e "$T/$1-$f" ] || cp "$T/$1-$f" "$(R "$p")" || return 1
	done
}

# state_is NAME: each file is as state NAME has it (present and equal, or
# absent).
state_is() {
	eval "p=\$$2"
	if [ -e "$T/$1-$2" ]; then
		cmp -s "$(R "$p")" "$T/$1-$2"
	else
		[ ! -e "$(R "$p")" ]
	fi
}

# killed_at SYSCALL N ARGS...: from state "old", "autoload enable ARGS"
# SIGKILLed by strace on entry to its Nth SYSCALL; then each file must be
# whole, as in state "old" or state "new", never a part of either.
killed_at() {
	local sc=$1 n=$2 f
	shift 2
	state_load old || return 1
	strace -f -qq -o /dev/null -e trace="$sc" -e inject="$sc:signal=KILL:when=$n" \
		"$NFGATECTL" autoload enable --root "$T/root" "$@" >/dev/null 2>&1
	for f in LOADCONF PROBECONF; do
		state_is old $f || state_is new $f && continue
		echo "killed at $sc #$n: the $f file is neither the old nor the new one" >>"$T/log"
		return 1
	done
}

# Each file: write (its temporary file), fchmod, fsync, rename, then fsync
# of the directory; the loads file first.
KILL_POINTS="write:1 write:2 fchmod:1 fchmod:2 fsync:1 fsync:2 fsync:3 fsync:4
rename:1 rename:2"

# kill_everywhere ARGS...: killed_at every point of KILL_POINTS, then an
# unkilled run from state "old" gives state "new".
kill_everywhere() {
	local point
	for point in $KILL_POINTS; do
		killed_at "${point%:*}" "${point#*:}" "$@" || return 1
	done
	state_load old && run autoload enable --root "$T/root" "$@" && expect_rc 0 &&
		state_is new LOADCONF && state_is new PROBECONF
}

# Killed at any point of writing (a kill at each syscall that writes or
# publishes a file), the files are the old or the new ones, never half
# written: each is written to a temporary file, synced and renamed.
bb_autoload_killed_mid_write() {
	command -v strace >/dev/null || { skip_reason="strace is not installed"; return 77; }
	# no files yet, then both written
	fixture && state_save old && run autoload enable --root "$T/root" && expect_rc 0 &&
		state_save new && kill_everywhere || return 1
	# new module parameters: the probe file rewritten
	run autoload enable --root "$T/root" --max-chains 512 && expect_rc 0 &&
		state_save new && state_load old &&
		run autoload enable --root "$T/root" --max-chains 300 && state_save old &&
		! state_is new PROBECONF && kill_everywhere --max-chains 512
}

bb_autoload_foreign_files() {
	fixture && printf 'nfgate\n' >"$(R $LOADCONF)" &&
		run autoload disable --root "$T/root" && expect_rc 1 &&
		expect_in err "was not written by nfgatectl" && [ -e "$(R $LOADCONF)" ] &&
		run autoload enable --root "$T/root" && expect_rc 1 &&
		expect_in err "exists and was not written by nfgatectl" &&
		[ "$(cat "$(R $LOADCONF)")" = nfgate ]
}

bb_autoload_missing_module() {
	fixture "/nf_reject_ipv6.ko/d" && run autoload enable --root "$T/root" && expect_rc 3 &&
		expect_in err "module nf_reject_ipv6 is not available for kernel $KV" &&
		expect_in err "CONFIG_NF_REJECT_IPV6" && expect_in err "nothing was written" &&
		[ ! -e "$(R $LOADCONF)" ] && [ ! -e "$(R $PROBECONF)" ] &&
		fixture "/^module $KV updates\/dkms\/nfgate.ko/d" &&
		run autoload enable --root "$T/root" && expect_rc 3 &&
		expect_in err "dkms install nfgate -k $KV"
}

bb_autoload_no_index() {
	fixture && run autoload enable --root "$T/root" --kernel 9.9.9 && expect_rc 3 &&
		expect_in err "no module index for kernel 9.9.9" && [ ! -e "$(R $LOADCONF)" ]
}

bb_autoload_other_kernel() {
	# the old kernel has nfgate and nf_conntrack only
	fixture && run autoload enable --root "$T/root" --kernel 6.1.0-old-amd64 && expect_rc 3 &&
		expect_in err "module nf_reject_ipv4 is not available for kernel 6.1.0-old-amd64"
}

bb_autoload_stale() {
	fixture && mkdir -p "$(R /usr/lib/modules-load.d)" &&
		printf '# old\nnf_conntrack_ipv4\n\nxt_conntrack\n' >"$(R /etc/modules-load.d/fw.conf)" &&
		printf 'nf_log_ipv4\n' >"$(R /usr/lib/modules-load.d/log.conf)" &&
		printf 'nf_bogus\n' >"$(R /usr/lib/modules-load.d/fw.conf)" &&
		run autoload enable --root "$T/root" && expect_rc 0 &&
		expect_in out '/etc/modules-load.d/fw.conf:2: "nf_conntrack_ipv4": no such module or alias' &&
		expect_in out '/usr/lib/modules-load.d/log.conf:1: "nf_log_ipv4"' &&
		! grep -q nf_bogus "$T/out" &&
		run autoload status --root "$T/root" && expect_rc 1 && expect_check autoload-stale WARN &&
		expect_in out "2 line(s) in modules-load.d name modules kernel $KV does not have"
}

bb_autoload_status() {
	fixture && run autoload status --root "$T/root" && expect_rc 1 &&
		expect_check autoload-modules WARN && expect_in out "fix: nfgatectl autoload enable" &&
		run autoload enable --root "$T/root" && run autoload status --root "$T/root" &&
		expect_rc 0 && expect_in out "3 ok, 0 warn, 0 fail" &&
		printf '%s\nnfgate\nnf_bogus\n' "$(head -1 "$(R $LOADCONF)")" >"$(R $LOADCONF)" &&
		echo "options nfgate max_chain=5" >>"$(R $PROBECONF)" &&
		run autoload status --root "$T/root" && expect_rc 1 &&
		expect_check autoload-modules FAIL && expect_in out "line 3: nf_bogus: not found for kernel $KV" &&
		expect_in out "nf_conntrack is needed (the default set) but not listed" &&
		expect_check autoload-options WARN && expect_in out '"max_chain=5": nfgate has parameters' &&
		run autoload status --root "$T/root" --json && expect_rc 1 &&
		expect_in out '"check":"autoload-modules","status":"FAIL"'
}

bb_autoload_usage() {
	run autoload && expect_rc 2 && expect_in err "autoload: missing subcommand (enable, disable, status)" &&
		run autoload frob && expect_rc 2 && expect_in err "unknown subcommand 'frob'" &&
		run autoload enable --max-chains 0 --root / && expect_rc 2 &&
		expect_in err '--max-chains: "0" is not a number' &&
		run autoload enable --json --root /nonexistent && expect_rc 2 &&
		expect_in err "autoload enable: has no JSON output" &&
		run autoload disable --kernel 1 --root /nonexistent && expect_rc 2 &&
		run autoload --help && expect_rc 0 && expect_in out "Usage: nfgatectl autoload enable"
}

# ---- doctor --explain -----------------------------------------------------

bb_explain_couldnt_load() {
	fixture && run doctor --root "$T/root" --explain "Error: COMMAND_FAILED: '/usr/sbin/iptables-restore -w -n' failed: iptables-restore v1.8.7 (legacy): Couldn't load match \`recent':No such file or directory" &&
		expect_rc 0 && expect_check explain-command-failed WARN &&
		expect_check explain-extension FAIL &&
		expect_in out "kernel $KV has no xt_recent: it was built without CONFIG_NETFILTER_XT_MATCH_RECENT" &&
		expect_check firewalld-backend OK &&
		run doctor --root "$T/root" --explain "iptables-restore: Couldn't load match \`conntrack':No such file or directory" &&
		expect_rc 0 && expect_check explain-extension WARN &&
		expect_in out "xt_conntrack exists for kernel $KV but is not loaded" &&
		expect_in out "fix: modprobe xt_conntrack" && expect_in out "use its ct-state, ct-status" &&
		echo "xt_conntrack 16384 0 - Live 0x0" >>"$(R /proc/modules)" &&
		run doctor --root "$T/root" --explain "Couldn't load match \`conntrack'" &&
		expect_check explain-extension OK && expect_in out "which is loaded now"
}

bb_explain_no_chain() {
	fixture && run doctor --root "$T/root" --explain "# iptables -A INPUT -m state --state NEW -m recent --set -j LOGDROP
iptables: No chain/target/match by that name." && expect_rc 0 &&
		expect_check explain-no-chain WARN &&
		expect_in out "the match 'state' is provided by module xt_state" &&
		expect_in out "the match 'recent' is provided by module xt_recent" &&
		expect_in out "the target 'LOGDROP' is provided by module xt_LOGDROP (CONFIG_NETFILTER_XT_TARGET_LOGDROP)" &&
		expect_in out "iptables -t TABLE -S"
}

bb_explain_lock_and_firewalld() {
	fixture && : >"$(R /run/xtables.lock)" &&
		run doctor --root "$T/root" --explain "Error: COMMAND_FAILED: '/usr/sbin/iptables-restore -w -n' failed: Another app is currently holding the xtables lock. Perhaps you want to use the -w option?" &&
		expect_rc 0 && expect_check explain-xtables-lock WARN && expect_check xtables-lock OK &&
		run doctor --root "$T/root" --explain "Error: COMMAND_FAILED: INVALID_RULE: unknown element 'reject-with' in rule" &&
		expect_rc 0 && expect_check explain-invalid-rule WARN &&
		expect_in out "firewalld does not know the element 'reject-with'"
}

bb_explain_nft() {
	fixture "/nft_compat.ko/d" &&
		run doctor --root "$T/root" --explain "Error: Could not process rule: No such file or directory
add rule inet filter input tcp dport 22 accept" && expect_rc 0 &&
		expect_check explain-nft-enoent WARN && expect_in out "nft list tables" &&
		run doctor --root "$T/root" --explain "Error: Could not process rule: Operation not supported" &&
		expect_rc 0 && expect_check explain-eopnotsupp FAIL &&
		expect_in out "nft_compat: missing in kernel $KV (CONFIG_NFT_COMPAT)" &&
		expect_in out "nft_ct: available"
}

bb_explain_unknown() {
	fixture && run doctor --root "$T/root" --explain "all is well" && expect_rc 1 &&
		expect_in err "no error message nfgatectl knows is in this text" && expect_in out "0 ok, 0 warn, 0 fail"
}

# The host's own configuration is never written (every test uses --root).
bb_host_etc_untouched() {
	for f in $LOADCONF $PROBECONF; do
		[ ! -e "$f" ] || [ "$(head -c 30 "$f")" != "# Written by 'nfgatectl autolo" ] || {
			echo "$f was written by nfgatectl on this host" >>"$T/log"
			return 1
		}
	done
}

DOCTOR_TESTS="doctor_healthy doctor_json doctor_not_loaded doctor_no_module_support
doctor_not_installed doctor_vermagic_release doctor_vermagic_flags doctor_no_dkms
doctor_no_module_index doctor_needed_modules doctor_firewalld_stopped
doctor_firewalld_scan doctor_backend_mismatch doctor_iptables_legacy
doctor_legacy_and_nft doctor_xtables_lock doctor_usage autoload_enable
autoload_idempotent autoload_live_params autoload_disable autoload_killed_mid_write
autoload_foreign_files
autoload_missing_module autoload_no_index autoload_other_kernel autoload_stale
autoload_status autoload_usage explain_couldnt_load explain_no_chain
explain_lock_and_firewalld explain_nft explain_unknown host_etc_untouched"
