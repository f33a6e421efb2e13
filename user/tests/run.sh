#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of nfgatectl, run by "make check"; prints TAP version 13.
# Unit tests are "$UNIT <name>"; black-box tests run "$NFGATECTL" on this
# host and change nothing on it. They expect nfgate to be absent here (as
# on a kernel without module support) and skip what depends on that when
# it is loaded.

: "${NFGATECTL:?set NFGATECTL to the nfgatectl binary}"
: "${UNIT:?set UNIT to the unit test binary}"
: "${NFGATECTL_VERSION:?set NFGATECTL_VERSION to the expected version}"

# A sanitizer finding must never look like an expected exit code.
ASAN_OPTIONS=exitcode=99:abort_on_error=0
UBSAN_OPTIONS=print_stacktrace=1:exitcode=98
export ASAN_OPTIONS UBSAN_OPTIONS

T=$(mktemp -d) || exit 1
trap 'rm -rf "$T"' EXIT

# ---- helpers for black-box tests ---------------------------------------

# run ARGS...: run nfgatectl; stdout in $T/out, stderr in $T/err, status $rc
run() {
	echo "\$ nfgatectl $*" >>"$T/log"
	"$NFGATECTL" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	sed 's/^/stdout: /' "$T/out" >>"$T/log"
	sed 's/^/stderr: /' "$T/err" >>"$T/log"
}

expect_rc() {
	[ "$rc" -eq "$1" ] && return 0
	echo "exit status $rc, expected $1" >>"$T/log"
	return 1
}

# expect_in FILE TEXT: FILE (out or err) contains the fixed string TEXT
expect_in() {
	grep -qF -- "$2" "$T/$1" && return 0
	echo "std$1 lacks: $2" >>"$T/log"
	return 1
}

# json_parses FILE: FILE (out or err) is valid JSON.
json_parses() {
	if command -v jq >/dev/null; then
		jq -e . "$T/$1" >/dev/null && return 0
	else
		python3 -m json.tool "$T/$1" >/dev/null && return 0
	fi
	echo "std$1 is not valid JSON" >>"$T/log"
	return 1
}

expect_empty() {
	[ ! -s "$T/$1" ] && return 0
	echo "std$1 is not empty" >>"$T/log"
	return 1
}

# true (and the reason to skip set) when nfgate is loaded here
module_loaded() {
	[ -d /sys/module/nfgate ] || return 1
	skip_reason="nfgate is loaded on this host"
}

# ---- black-box tests: bb_<name>; set skip_reason and return 77 to skip --

bb_help_option() {
	run --help && expect_rc 0 && expect_in out "Usage: nfgatectl" &&
		expect_in out "info" && expect_empty err
}

bb_help_command() {
	run help && expect_rc 0 && expect_in out "Usage: nfgatectl" &&
		run help info && expect_rc 0 && expect_in out "--json"
}

bb_subcommand_help() {
	run info --help && expect_rc 0 && expect_in out "Usage: nfgatectl info"
}

bb_unknown_command() {
	run bogus && expect_rc 2 && expect_in err "nfgatectl: unknown command 'bogus'" &&
		expect_in err "nfgatectl help" && expect_empty out
}

bb_unknown_option() {
	run --bogus && expect_rc 2 && expect_in err "unknown option '--bogus'" &&
		run info -x && expect_rc 2 && expect_in err "unknown option '-x'"
}

bb_no_command() {
	run && expect_rc 2 && expect_in err "Usage: nfgatectl"
}

bb_extra_argument() {
	run info foo && expect_rc 2 && expect_in err "unexpected argument 'foo'"
}

bb_json_refused_where_unsupported() {
	run -j flush && expect_rc 2 && expect_in err "has no JSON output"
}

bb_version_option() {
	run --version && expect_rc 0 && expect_in out "nfgatectl $NFGATECTL_VERSION"
}

bb_version_command() {
	run version && expect_rc 0 && expect_in out "nfgatectl $NFGATECTL_VERSION (protocol"
}

bb_version_module_absent() {
	module_loaded && return 77
	run version && expect_rc 0 && expect_in out "module: not loaded" && expect_empty err
}

# version --json without the module: one object that jq (python's json
# when jq is missing) parses.
bb_version_json_module_absent() {
	module_loaded && return 77
	run version --json && expect_rc 0 && expect_empty err &&
		expect_in out "\"nfgatectl\":\"$NFGATECTL_VERSION\",\"protocol\":1," &&
		expect_in out '"module":{"state":"not-loaded"}}' && json_parses out
}

bb_rule_list_module_absent() {
	module_loaded && return 77
	run rule list --json && expect_rc 3 && expect_empty out &&
		run rule list in x && expect_rc 2 &&
		expect_in err "rule list: unexpected argument 'x'"
}

bb_info_module_absent() {
	module_loaded && return 77
	run info && expect_rc 3 && expect_empty out &&
		expect_in err "nfgatectl: the nfgate kernel module is not loaded and could not be autoloaded" &&
		expect_in err "modprobe nfgate"
}

bb_info_json_module_absent() {
	module_loaded && return 77
	run --json info && expect_rc 3 && expect_empty out &&
		expect_in err "not loaded"
}

bb_write_error() {
	[ -w /dev/full ] || { skip_reason="no writable /dev/full"; return 77; }
	echo "\$ nfgatectl --help >/dev/full" >>"$T/log"
	"$NFGATECTL" --help >/dev/full 2>"$T/err"
	rc=$?
	sed 's/^/stderr: /' "$T/err" >>"$T/log"
	expect_rc 1 && expect_in err "cannot write the output"
}

bb_ruleset_help() {
	run rule --help && expect_rc 0 &&
		expect_in out "Usage: nfgatectl rule add CHAIN RULE..." &&
		expect_in out "nfgatectl rule insert CHAIN [at INDEX | before HANDLE] RULE..." &&
		run help chain && expect_rc 0 &&
		expect_in out "Usage: nfgatectl chain add NAME hook HOOK family FAMILY priority PRIO" &&
		run chain add --help && expect_rc 0 && expect_in out "nfgatectl chain del NAME" &&
		run list -h && expect_rc 0 && expect_in out "Usage: nfgatectl list [CHAIN] [-j]" &&
		run flush --help && expect_rc 0 && expect_in out "Usage: nfgatectl flush [CHAIN]" &&
		run --help && expect_in out "rule      add, insert, delete or list rules"
}

# Bad rules and chain specs are refused before nfgate is contacted.
bb_rule_syntax_error() {
	run rule add in l4proto tcp dport 70000 accept && expect_rc 2 && expect_empty out &&
		expect_in err 'nfgatectl: rule add: dport: "70000" is not a port (0-65535)' &&
		expect_in err "run 'nfgatectl rule --help' for usage" &&
		run rule insert in at 0 saddr 10.0.0.1/8 && expect_rc 2 &&
		expect_in err 'the network is 10.0.0.0/8' &&
		run rule add in accept drop && expect_rc 2 &&
		expect_in err 'drop: the rule already has a verdict'
}

bb_chain_spec_error() {
	run chain add in hook input family inet priority filter+x && expect_rc 2 &&
		expect_in err 'chain add: priority: "filter+x" is not a number' &&
		run chain add in hook input family inet && expect_rc 2 &&
		expect_in err 'missing "priority"' &&
		run chain add "a b" hook input family ip priority 0 && expect_rc 2 &&
		expect_in err '"a b" is not a chain name'
}

bb_ruleset_usage_errors() {
	run chain && expect_rc 2 && expect_in err "chain: missing subcommand (add, del, list)" &&
		run rule bogus && expect_rc 2 &&
		expect_in err "rule: unknown subcommand 'bogus' (add, insert, del, list)" &&
		run rule insert in at x accept && expect_rc 2 &&
		expect_in err 'rule insert: at needs an index (0, 1, ...), got "x"' &&
		run rule del in 0 && expect_rc 2 && expect_in err '"0" is not a rule handle' &&
		run rule del in && expect_rc 2 && expect_in err "rule del: expected CHAIN HANDLE" &&
		run flush a b && expect_rc 2 && expect_in err "flush: unexpected argument 'b'" &&
		run list a b && expect_rc 2 && expect_in err "list: unexpected argument 'b'" &&
		run -j rule add in accept && expect_rc 2 && expect_in err "rule add: has no JSON output" &&
		run chain del x --json && expect_rc 2 && expect_in err "chain del: has no JSON output"
}

bb_ruleset_module_absent() {
	module_loaded && return 77
	run rule add in l4proto tcp dport 22 accept && expect_rc 3 && expect_empty out &&
		expect_in err "modprobe nfgate" &&
		run chain add in hook input family ip priority -5 && expect_rc 3 &&
		run list in --json && expect_rc 3 && expect_empty out &&
		run chain list -j && expect_rc 3 && expect_empty out &&
		run flush && expect_rc 3 && run rule del in 3 && expect_rc 3
}

BB_TESTS="help_option help_command subcommand_help unknown_command
unknown_option no_command extra_argument json_refused_where_unsupported
version_option version_command version_module_absent info_module_absent
info_json_module_absent version_json_module_absent rule_list_module_absent
write_error ruleset_help rule_syntax_error
chain_spec_error ruleset_usage_errors ruleset_module_absent"

# autoload and doctor, against fixture root trees
. "$(dirname "$0")/doctor.sh"
BB_TESTS="$BB_TESTS $DOCTOR_TESTS"
# the configuration language, through apply --print
. "$(dirname "$0")/conf.sh"
BB_TESTS="$BB_TESTS $CONF_TESTS"

# ---- TAP driver --------------------------------------------------------

UNIT_TESTS=$("$UNIT" --list) || { echo "Bail out! $UNIT --list failed"; exit 1; }
n=0
total=$(echo $UNIT_TESTS $BB_TESTS | wc -w)
failed=0

# report NAME STATUS: STATUS 0 ok, 77 skip, else not ok with the log
report() {
	n=$((n + 1))
	if grep -q -e 'runtime error' -e 'Sanitizer' "$T/log"; then
		set -- "$1" 1
	fi
	if [ "$2" -eq 0 ]; then
		echo "ok $n - $1"
	elif [ "$2" -eq 77 ]; then
		echo "ok $n - $1 # SKIP $skip_reason"
	else
		echo "not ok $n - $1"
		sed 's/^/# /' "$T/log"
		failed=$((failed + 1))
	fi
}

echo "TAP version 13"
echo "1..$total"
for t in $UNIT_TESTS; do
	: >"$T/log"
	"$UNIT" "$t" >>"$T/log" 2>&1
	report "unit: $t" $?
done
for t in $BB_TESTS; do
	: >"$T/log"
	"bb_$t"
	report "nfgatectl: $t" $?
done
[ "$failed" -eq 0 ]
