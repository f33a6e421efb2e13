# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# vm-lib.sh - helpers shared by scripts/vm-run and scripts/vm-initramfs.
#
# Source it from bash (it sets no shell options of its own):
#     . "$(dirname "${BASH_SOURCE[0]}")/vm-lib.sh"
#
# Provides:
#   vm_die MSG...             print "PROG: MSG" to stderr, exit 125
#   vm_note MSG...            print "PROG: MSG" to stderr
#   vm_resolve_kver [KVER]    print KVER (default: scripts/default-kver) after
#                             checking /boot/vmlinuz-KVER and /lib/modules/KVER
#   vm_cache_dir              print (and create) the initramfs cache directory
#   vm_modroot                print the module root (modprobe -d) of the kernel:
#                             / for a packaged kernel, DIR/modroot for a
#                             kernel built by scripts/build-debug-kernel
#
# With NFGATE_VM_KERNEL_DIR=DIR (vm-run --kernel-dir DIR) the kernel is not a
# packaged one but the build that scripts/build-debug-kernel left in DIR:
# DIR/kver names it, DIR/linux/arch/x86/boot/bzImage boots and
# DIR/modroot/lib/modules/KVER holds its modules.
#
# Exit code 125 is the harness-failure code of scripts/vm-run.

VM_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VM_PROG=${VM_PROG:-$(basename "$0")}

vm_note() {
	printf '%s: %s\n' "$VM_PROG" "$*" >&2
}

vm_die() {
	vm_note "error: $*"
	exit 125
}

vm_resolve_kver() {
	local kver=${1:-} kdir=${NFGATE_VM_KERNEL_DIR:-}
	if [[ -n $kdir ]]; then
		[[ -f $kdir/.complete && -r $kdir/kver ]] ||
			vm_die "$kdir holds no complete kernel build; run scripts/build-debug-kernel"
		local built
		built=$(<"$kdir/kver")
		[[ -z $kver || $kver == "$built" ]] ||
			vm_die "--kernel $kver does not match the build in $kdir ($built)"
		[[ -r $kdir/modroot/lib/modules/$built/modules.dep ]] ||
			vm_die "$kdir/modroot/lib/modules/$built/modules.dep missing; rerun scripts/build-debug-kernel"
		printf '%s\n' "$built"
		return 0
	fi
	if [[ -z $kver ]]; then
		kver=$("$VM_LIB_DIR/default-kver") ||
			vm_die "scripts/default-kver failed; pass --kernel KVER"
	fi
	[[ $kver =~ ^[A-Za-z0-9._+~-]+$ ]] || vm_die "invalid kernel release '$kver'"
	if [[ ! -r /boot/vmlinuz-$kver ]]; then
		local avail='' f
		for f in /boot/vmlinuz-*; do
			[[ -e $f ]] && avail+=" ${f#/boot/vmlinuz-}"
		done
		vm_die "kernel image /boot/vmlinuz-$kver not found (installed:${avail:- none}); install linux-image-$kver"
	fi
	if [[ ! -r /lib/modules/$kver/modules.dep ]]; then
		vm_die "/lib/modules/$kver/modules.dep not found; install linux-image-$kver (or run depmod $kver)"
	fi
	printf '%s\n' "$kver"
}

vm_cache_dir() {
	local dir=${NFGATE_VM_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/nfgate/vm}
	mkdir -p "$dir" || vm_die "cannot create cache directory $dir"
	printf '%s\n' "$dir"
}

vm_modroot() {
	if [[ -n ${NFGATE_VM_KERNEL_DIR:-} ]]; then
		printf '%s\n' "$NFGATE_VM_KERNEL_DIR/modroot"
	else
		printf '/\n'
	fi
}

# vm_kernel_image KVER: print the image for qemu -kernel. That is the
# uncompressed ELF vmlinux extracted (once, cached) from /boot/vmlinuz-KVER
# when the kernel supports PVH boot (CONFIG_PVH, Debian's has it): qemu then
# loads it directly and skips the in-guest decompression, which takes ~3 s
# under TCG. Otherwise, or with NFGATE_VM_PVH=0, print /boot/vmlinuz-KVER.
vm_kernel_image() {
	local kver=$1 bz=/boot/vmlinuz-$1 cache key out tmp magic off fmt
	if [[ -n ${NFGATE_VM_KERNEL_DIR:-} ]]; then
		printf '%s\n' "$NFGATE_VM_KERNEL_DIR/linux/arch/x86/boot/bzImage"
		return 0
	fi
	if [[ ${NFGATE_VM_PVH:-1} == 0 ]] ||
		! grep -qs '^CONFIG_PVH=y' "/boot/config-$kver"; then
		printf '%s\n' "$bz"
		return 0
	fi
	cache=$(vm_cache_dir)
	key=$(stat -Lc '%s-%Y' "$bz")
	out="$cache/vmlinux-$kver-$key"
	if [[ -s $out ]]; then
		printf '%s\n' "$out"
		return 0
	fi
	tmp=$(mktemp "$cache/.vmlinux-$kver.XXXXXX")
	# Like the kernel's scripts/extract-vmlinux: find the compressed payload.
	for fmt in 'xz:\xfd7zXZ\x00' 'zstd:\x28\xb5\x2f\xfd' 'gzip:\x1f\x8b\x08'; do
		magic=${fmt#*:}
		fmt=${fmt%%:*}
		command -v "$fmt" >/dev/null || continue
		for off in $(LC_ALL=C grep -aboP "$magic" "$bz" 2>/dev/null | head -n 4 | cut -d: -f1); do
			case $fmt in
			xz) tail -c +$((off + 1)) "$bz" | xz -dcq --single-stream >"$tmp" 2>/dev/null || true ;;
			zstd) tail -c +$((off + 1)) "$bz" | zstd -dcq >"$tmp" 2>/dev/null || true ;;
			gzip) tail -c +$((off + 1)) "$bz" | gzip -dcq >"$tmp" 2>/dev/null || true ;;
			esac
			if [[ $(head -c 4 "$tmp" | od -An -tx1 | tr -d ' \n') == 7f454c46 ]] &&
				{ ! command -v readelf >/dev/null || readelf -n "$tmp" 2>/dev/null | grep -q 'Xen.*0x00000012'; }; then
				chmod 644 "$tmp"
				rm -f "$cache/vmlinux-$kver-"*
				mv -f "$tmp" "$out"
				printf '%s\n' "$out"
				return 0
			fi
		done
	done
	rm -f "$tmp"
	printf '%s\n' "$bz"
}
