#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The first request for the "nfgate" generic netlink family loads the
# module through MODULE_ALIAS_GENL_FAMILY and the kernel's modprobe helper.
. "$(dirname "$0")/lib.sh"
require_vm

trap 'unload; uninstall_module' EXIT
plan 5

check "module carries the genl family alias" \
	expect_out "^net-pf-16-proto-16-family-nfgate\$" modinfo -F alias "$NFGATE_KO"
unload
uninstall_module
check "not installed: info exits 3 and says how to load it" \
	expect_out "not loaded" expect_rc 3 "$NFGATECTL" info
check "install into /lib/modules (VM overlay only)" install_module
check "info autoloads the module" expect_rc 0 "$NFGATECTL" info
check "module is loaded now" is_loaded
finish
