#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The generic netlink fuzzer (nfgate_fuzz.c) in a netns of its own, then
# the state it leaves must still make sense: `nfgatectl show` prints it and
# `nfgatectl apply --check` takes that output back, `set list` and `info`
# work, and deleting the netns frees everything (vm-run's kmemleak scan and
# splat check judge the kernel side).
# Bounds: NFGATE_FUZZ_COUNT messages (default 20000) or NFGATE_FUZZ_SECONDS
# (default 150), whichever comes first; NFGATE_FUZZ_SEED reproduces a run
# (the seed is printed either way).
. "$(dirname "$0")/lib.sh"
FUZZ=$(dirname "$0")/nfgate_fuzz
[ -x "$FUZZ" ] || skip_all "nfgate_fuzz not built: make -C tests/kselftest"
require_vm
N=nfgfuzz_$$
cleanup() {
	topo_del "$N"
	[ -n "${dir:-}" ] && rm -rf "$dir"
	unload
}
trap cleanup EXIT
load || skip_all "cannot load $NFGATE_KO"
ip netns add "$N" || skip_all "cannot create a netns"
dir=$(mktemp -d)

plan 5
rc=0
nsx "$N" "$FUZZ" -n "${NFGATE_FUZZ_COUNT:-20000}" -t "${NFGATE_FUZZ_SECONDS:-150}" \
	${NFGATE_FUZZ_SEED:+-s "$NFGATE_FUZZ_SEED"} >"$dir/fuzz.tap" || rc=$?
sed 's/^/# /' "$dir/fuzz.tap"
t_num=0
check "fuzzer: every request answered, every refusal explained (exit $rc)" \
	[ "$rc" -eq 0 ]
check "show prints the state the fuzzer left" \
	eval 'nfg "$N" show >"$dir/state.conf"'
check "apply --check takes that output back" \
	expect_rc 0 nfg "$N" apply --check "$dir/state.conf"
check "set list and info still work" \
	eval 'nfg "$N" set list >/dev/null && nfg "$N" info >/dev/null'
check "the netns goes, and nfgate unloads" \
	eval 'ip netns del "$N" && unload'
finish
