# SPDX-License-Identifier: GPL-2.0
# Host tests of the configuration language (nfgate.conf(5)): sourced by
# run.sh. Bad configs (conf-bad/*.conf, each naming its expected error on
# its first line) and the examples, through "apply --print", which never
# contacts the kernel.

CONF_BAD=$(dirname "$0")/conf-bad
EXAMPLES=$(dirname "$0")/../../examples

# Each bad config: exit 2, nothing on stdout, "FILE:LINE:COL: message",
# then the line and a caret under the column.
bb_conf_bad_corpus() {
	local f want col caret
	for f in "$CONF_BAD"/*.conf; do
		want=$(sed -n '1s/^# expect: //p' "$f")
		[ -n "$want" ] || { echo "$f: no '# expect:' line" >>"$T/log"; return 1; }
		run apply "$f" && expect_rc 2 && expect_empty out &&
			expect_in err "nfgatectl: apply: $f:$want" || return 1
		col=${want#*:}
		col=${col%%:*}
		caret=$(sed -n 3p "$T/err")
		[ "${#caret}" -eq $((col + 2)) ] && [ "${caret%^}" != "$caret" ] || {
			echo "$f: caret line '$caret' is not under column $col" >>"$T/log"
			return 1
		}
	done
}

# print(parse(example)) is a fixed point, and reads back from stdin.
bb_conf_examples_roundtrip() {
	local f n=0
	for f in "$EXAMPLES"/*.conf; do
		grep -q '^chain ' "$f" || continue
		n=$((n + 1))
		run apply --print "$f" && expect_rc 0 && expect_empty err || return 1
		cp "$T/out" "$T/once"
		echo "\$ nfgatectl apply --print - < printed $f" >>"$T/log"
		"$NFGATECTL" apply --print - <"$T/once" >"$T/twice" 2>>"$T/log" &&
			cmp -s "$T/once" "$T/twice" || {
			echo "$f: printing is not a fixed point" >>"$T/log"
			diff "$T/once" "$T/twice" >>"$T/log"
			return 1
		}
	done
	[ "$n" -ge 3 ]
}

# What the printer makes of defines, includes and several statements on
# one line.
bb_conf_print() {
	mkdir -p "$T/c/inc" &&
		printf 'chain b {\n hook output family ip priority -5\n}\n' >"$T/c/inc/b.conf" &&
		cat >"$T/c/main.conf" <<'CONF' &&
define web = l4proto tcp dport 80-89   # a comment
include "inc/*.conf"
chain a { hook input family inet priority before-firewalld policy drop; $web accept
	log prefix "a; b" drop comment "x # not a comment"
}
CONF
		run apply -p "$T/c/main.conf" && expect_rc 0 && expect_empty err &&
		cat >"$T/want" <<'CONF' &&
chain a {
	hook input family inet priority before-firewalld policy drop
	l4proto tcp dport 80-89 accept
	log prefix "a; b" drop comment "x # not a comment"
}

chain b {
	hook output family ip priority filter-5 policy accept
}
CONF
		cmp -s "$T/out" "$T/want" || { diff "$T/want" "$T/out" >>"$T/log"; return 1; }
}

# Sets: the printer's canonical form (sorted, unique, port ranges merged,
# timeouts equal to the set's left out, element files read relative to
# the file), and it reads back to itself.
bb_conf_sets_print() {
	mkdir -p "$T/s/lists" &&
		printf '# list\n10.0.0.0/8  # private\n\n192.0.2.1\n' >"$T/s/lists/a.txt" &&
		cat >"$T/s/main.conf" <<'CONF' &&
set z { type port; 80 81-85 22 84-90; 443 }
set a {
	dynamic timeout 60 type ipv4
}
set b {
	type ipv4 maxelem 65536 timeout 600 counters
	203.0.113.9 192.0.2.1 timeout 600
	198.51.100.0/24 timeout 5 comment "a b"
	elements "lists/*.txt"
}
CONF
		run apply -p "$T/s/main.conf" && expect_rc 0 && expect_empty err &&
		cat >"$T/want" <<'CONF' &&
set a {
	type ipv4 timeout 60 dynamic
}

set b {
	type ipv4 timeout 600 counters
	10.0.0.0/8
	192.0.2.1
	198.51.100.0/24 timeout 5 comment "a b"
	203.0.113.9
}

set z {
	type port
	22
	80-90
	443
}
CONF
		cmp -s "$T/out" "$T/want" || { diff "$T/want" "$T/out" >>"$T/log"; return 1; }
	cp "$T/out" "$T/s/again.conf" && run apply -p "$T/s/again.conf" &&
		expect_rc 0 && cmp -s "$T/out" "$T/want"
}

bb_conf_usage() {
	run apply --check --diff x && expect_rc 2 &&
		expect_in err "apply: --check, --diff and --print exclude each other" &&
		run apply a b && expect_rc 2 && expect_in err "unexpected argument 'b'" &&
		run apply --bogus && expect_rc 2 && run show extra && expect_rc 2 &&
		run apply "$T/none.conf" && expect_rc 2 &&
		expect_in err "apply: cannot read $T/none.conf: No such file or directory" &&
		printf 'a\0b\n' >"$T/nul.conf" && run apply "$T/nul.conf" && expect_rc 2 &&
		expect_in err "NUL byte"
}

# A valid config gets as far as the kernel: here, where nfgate is absent.
bb_conf_module_absent() {
	module_loaded && return 77
	run apply --check "$EXAMPLES/mgmt-allowlist.conf" && expect_rc 3 &&
		expect_in err "modprobe nfgate" &&
		run apply --diff "$EXAMPLES/raw-blocklist.conf" && expect_rc 3 &&
		run show && expect_rc 3 && expect_empty out
}

CONF_TESTS="conf_bad_corpus conf_examples_roundtrip conf_print conf_sets_print conf_usage
conf_module_absent man_pages netns_option_errors"

# Both man pages render without a groff warning, and document apply.
bb_man_pages() {
	local m dir
	dir=$(dirname "$0")/../man
	command -v man >/dev/null || { skip_reason="man is not installed"; return 77; }
	for m in "$dir/nfgatectl.8" "$dir/nfgate.conf.5"; do
		echo "\$ man --warnings -l $m" >>"$T/log"
		MANWIDTH=80 man --warnings -l "$m" >"$T/out" 2>"$T/err" &&
			expect_empty err || return 1
	done
	expect_in out "include" && man -l "$dir/nfgatectl.8" 2>/dev/null |
		grep -q "apply \[--check | --diff | --print\] \[FILE\]"
}

bb_netns_option_errors() {
	run -n && expect_rc 2 && expect_in err "-n needs the name of a network namespace" &&
		run -n ../x info && expect_rc 2 &&
		expect_in err '-n: "../x" is not a network namespace name' &&
		run --netns nfgate-test-absent-$$ info && expect_rc 1 &&
		expect_in err "cannot open /run/netns/nfgate-test-absent-$$" &&
		expect_in err "ip netns list" && expect_empty out
}
