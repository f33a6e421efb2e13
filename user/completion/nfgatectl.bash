# SPDX-License-Identifier: GPL-2.0
# bash completion for nfgatectl(8).
#
# Commands, verbs and options are read from nfgatectl's own help
# ("nfgatectl --help", "nfgatectl CMD --help"), so the completion follows
# the installed binary. Chain names come from "nfgatectl chain list"
# (which needs CAP_NET_ADMIN and the module; otherwise there are none).
# Needs only bash, not the bash-completion helpers.

_nfgatectl_words() { # _nfgatectl_words WORDS: COMPREPLY = WORDS matching cur
	local IFS=$'\n'
	# shellcheck disable=SC2207 # one candidate per line
	COMPREPLY=($(compgen -W "$1" -- "$cur"))
}

_nfgatectl() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local prog=${COMP_WORDS[0]} cmd='' verb='' nargs=0 i w help
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--root | --kernel | --explain | --max-chains | --max-rules) ((i++)) ;;
		-*) ;;
		*)
			if [[ -z $cmd ]]; then
				cmd=$w
			elif [[ -z $verb ]]; then
				verb=$w
			else
				((nargs++))
			fi
			;;
		esac
	done

	case $prev in
	--root) compopt -o dirnames 2>/dev/null; COMPREPLY=(); return ;;
	--kernel) _nfgatectl_words "$(command ls /lib/modules 2>/dev/null)"; return ;;
	--explain | --max-chains | --max-rules) COMPREPLY=(); return ;;
	hook) _nfgatectl_words $'prerouting\ninput\nforward\noutput\npostrouting'; return ;;
	family) [[ $cmd == set ]] && { _nfgatectl_words $'ipv4\nipv6'; return; }
		_nfgatectl_words $'ip\nip6\ninet'; return ;;
	priority) _nfgatectl_words $'raw\nmangle\nfilter\nbefore-firewalld\nfirewalld\nafter-firewalld'; return ;;
	policy) _nfgatectl_words $'accept\ndrop'; return ;;
	type) [[ $cmd == set ]] && { _nfgatectl_words $'ipv4\nipv6\nport\nrecent\nrate'; return; } ;;
	--file) compopt -o default 2>/dev/null; COMPREPLY=(); return ;;
	esac

	if [[ -z $cmd ]]; then
		help=$("$prog" --help 2>/dev/null | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
		if [[ $cur == -* ]]; then
			_nfgatectl_words $'-h\n--help\n-V\n--version\n-j\n--json'
		else
			_nfgatectl_words "$help"
		fi
		return
	fi
	if [[ $cmd == help ]]; then
		[[ -n $verb ]] && return
		_nfgatectl_words "$("$prog" --help 2>/dev/null | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')"
		return
	fi

	help=$("$prog" "$cmd" --help 2>/dev/null)
	if [[ $cur == -* ]]; then
		_nfgatectl_words "$(sed -n 's/^  \(-[a-zA-Z], \)\{0,1\}\(--[a-z-]*\).*/\2/p' <<<"$help")"
		return
	fi
	# Verbs are the words after the command in the Usage lines:
	# "Usage: nfgatectl chain add NAME ...", "       nfgatectl chain del NAME".
	local verbs
	verbs=$(sed -n "s/^\(Usage:\)\{0,1\} *nfgatectl $cmd \([a-z][a-z-]*\).*/\2/p" <<<"$help")
	if [[ -n $verbs && -z $verb ]]; then
		_nfgatectl_words "$verbs"
		return
	fi
	# The first argument is a chain name for list and flush, for chain del
	# and for every rule verb.
	local chain_arg=0
	case $cmd/$verb/$nargs in
	list/*/* | flush/*/*) [[ -z $verb ]] && chain_arg=1 ;;
	chain/del/0 | rule/*/0) chain_arg=1 ;;
	esac
	if ((chain_arg)); then
		_nfgatectl_words "$("$prog" chain list 2>/dev/null | sed -n 's/^chain \([^ ]*\).*/\1/p')"
	fi
	# Set names, from the set table of "nfgatectl stats" (it reads no
	# elements but those of sets with counters), then files for set load.
	case $cmd/$verb/$nargs in
	set/create/*) ;;
	set/load/1) compopt -o default 2>/dev/null; COMPREPLY=() ;;
	set/*/0 | set/swap/1)
		_nfgatectl_words "$("$prog" stats 2>/dev/null | sed -n '/^SET\t/,${/^SET\t/d;s/\t.*//p}')"
		;;
	esac
}
complete -F _nfgatectl nfgatectl
