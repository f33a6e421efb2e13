#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The module loads, answers, and unloads cleanly, also while requests are
# in flight.
. "$(dirname "$0")/lib.sh"
require_vm

hammer_pid=
cleanup() {
	[ -n "$hammer_pid" ] && kill "$hammer_pid" 2>/dev/null
	wait 2>/dev/null
	unload
}
trap cleanup EXIT

uninstall_module >/dev/null 2>&1
plan 7

check "not loaded at start" unload
check "insmod" load
ver=$(cat /sys/module/nfgate/version)
# A version from git ("0.1.0+g<commit>") has regex characters: quote them.
ver_re=$(printf '%s' "$ver" | sed 's/[][\\.*^$+?(){}|]/\\&/g')
check "load banner names version $ver" \
	expect_out "nfgate: version $ver_re loaded" dmesg
check "info reports the loaded version" \
	expect_out "^version: +$ver_re\$" "$NFGATECTL" info

# Requests racing module unload and reload: each either succeeds or finds
# the family gone (exit 3); the kernel must stay clean (vm-run checks).
hammer() {
	while :; do
		local rc=0
		"$NFGATECTL" info >/dev/null 2>&1 || rc=$?
		case $rc in 0 | 3) ;; *) echo "# info exited $rc"; exit 1 ;; esac
	done
}
unload_reload_cycles() {
	local i
	for i in $(seq 1 25); do
		rmmod nfgate && load || return 1
	done
}
hammer &
hammer_pid=$!
check "25 unload/reload cycles under concurrent requests" unload_reload_cycles
check "requests never failed other than 'not loaded'" kill -0 "$hammer_pid"
kill "$hammer_pid"
wait "$hammer_pid" 2>/dev/null
hammer_pid=

unload
check "after rmmod the family is gone (exit 3)" expect_rc 3 "$NFGATECTL" info
finish
