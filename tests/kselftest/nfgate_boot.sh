#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# One boot of scripts/check-boot's three, all of one guest kept with
# vm-run --state (which runs systemd-modules-load at each boot):
#   nfgate_boot.sh enable   install nfgate, give it a chain that needs
#                           conntrack and reject, run autoload enable
#   nfgate_boot.sh enabled  the boot loaded nfgate with its parameter and
#                           the modules the chain needs; autoload disable
#   nfgate_boot.sh disabled the boot loaded none of them
# Not in TEST_PROGS: a single boot cannot test what the next one does.
. "$(dirname "$0")/lib.sh"
require_vm
[ -d /run/nfgate/state ] || skip_all "needs a guest kept with vm-run --state"
LOADCONF=/etc/modules-load.d/nfgate.conf
PROBECONF=/etc/modprobe.d/nfgate.conf
MODS="nfgate nf_conntrack nf_reject_ipv4 nf_reject_ipv6"

loaded() { grep -q "^$1 " /proc/modules; }
# all_loaded yes|no MODULE...: each module is (not) loaded.
all_loaded() {
	local want=$1 m rc=0 got
	shift
	for m in "$@"; do
		got=no
		loaded "$m" && got=yes
		is_eq "$m loaded" "$got" "$want" || rc=1
	done
	return $rc
}
# lists FILE REGEX...: each REGEX matches a whole line of FILE.
lists() {
	local f=$1 re
	shift
	for re in "$@"; do
		grep -qxE -- "$re" "$f" && continue
		echo "# $f: no line is /$re/"
		return 1
	done
}
status_ok() {
	local out
	out=$("$NFGATECTL" autoload status --json) || return 1
	is_eq "autoload status" "$(jq -r '[.checks[].status] | unique | join(",")' <<<"$out")" OK
}

case ${1:-} in
enable)
	plan 7
	# shellcheck disable=SC2086 # a list of module names
	check "nothing of nfgate's is loaded at the first boot" all_loaded no $MODS
	check "nfgate installed in /lib/modules" install_module
	check "modprobe nfgate" modprobe nfgate
	check "a chain that needs conntrack and reject" eval '
		"$NFGATECTL" chain add in hook input family inet priority filter &&
		"$NFGATECTL" rule add in ct-state established accept >/dev/null &&
		"$NFGATECTL" rule add in l4proto tcp reject with tcp-reset >/dev/null'
	check "autoload enable --max-chains 99" \
		"$NFGATECTL" autoload enable --max-chains 99
	# shellcheck disable=SC2086 # a list of module names
	check "$LOADCONF lists nfgate and what its chain needs" \
		lists "$LOADCONF" $MODS
	check "$PROBECONF sets max_chains" \
		lists "$PROBECONF" "options nfgate max_chains=99 max_rules=[0-9]+"
	;;
enabled)
	plan 5
	# shellcheck disable=SC2086 # a list of module names
	check "the boot loaded nfgate and the modules it needs" all_loaded yes $MODS
	check "with max_chains from $PROBECONF" is_eq max_chains \
		"$(cat /sys/module/nfgate/parameters/max_chains)" 99
	check "autoload status: all OK" status_ok
	check "autoload disable" "$NFGATECTL" autoload disable
	check "both files are gone" eval '[ ! -e "$LOADCONF" ] && [ ! -e "$PROBECONF" ]'
	;;
disabled)
	plan 1
	# shellcheck disable=SC2086 # a list of module names
	check "after disable, the boot loaded none of them" all_loaded no $MODS
	;;
*)
	echo "usage: $0 enable|enabled|disabled" >&2
	exit 2
	;;
esac
finish
