#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# mkroot.sh FIXTURE DEST: copy the fixture root tree FIXTURE to DEST (a
# FILE.ko-in there becomes FILE.ko) and
# build the module files its MODULES file lists (tiny ELF objects that
# carry only a .modinfo section) into DEST/lib/modules/KVER, indexed with
# depmod -b DEST, so libkmod sees a kernel's modules.dep.bin,
# modules.builtin.bin and modules.alias.bin. Touches nothing outside DEST.
set -eu
src=$1 dest=$2
: "${CC:=cc}"
cp -a "$src" "$dest"
# Fixture files named like build products carry "-in" in the tree, so that
# kbuild's "make clean" spares them: it removes every *.ko under M=, and
# from 6.12 on every *.ko.* too.
find "$dest" -name '*.ko-in' -exec sh -c 'mv "$1" "${1%-in}"' _ {} \;
spec=$dest/MODULES
kvers=
while read -r kind kver path rest; do
	case $kind in
	module|builtin) ;;
	*) continue ;;
	esac
	dir=$dest/lib/modules/$kver
	mkdir -p "$dir/$(dirname "$path")"
	touch "$dir/modules.builtin" "$dir/modules.order" "$dir/modules.builtin.modinfo"
	case " $kvers " in *" $kver "*) ;; *) kvers="$kvers $kver" ;; esac
	if [ "$kind" = builtin ]; then
		echo "$path" >>"$dir/modules.builtin"
		continue
	fi
	name=$(basename "$path" .ko)
	info="name=$name"
	case " $rest " in *" vermagic="*) ;; *) info="$info\\0vermagic=$kver SMP preempt mod_unload modversions " ;; esac
	for kv in $rest; do
		info="$info\\0$kv"
	done
	printf 'static const char m[] __attribute__((section(".modinfo"), used)) = "%s";\n' "$info" |
		$CC -x c -c -o "$dir/$path" -
	echo "$path" >>"$dir/modules.order"
done <"$spec"
rm -f "$spec"
for kver in $kvers; do
	depmod -b "$dest" "$kver"
done
