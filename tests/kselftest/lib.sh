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
# Only ever inside the VM, whose /lib/modules is a throwaway overlay.
install_module() {
	mkdir -p "$UPDATES" && cp "$NFGATE_KO" "$UPDATES/nfgate.ko" && depmod "$KVER"
}

uninstall_module() {
	rm -f "$UPDATES/nfgate.ko" && depmod "$KVER"
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
