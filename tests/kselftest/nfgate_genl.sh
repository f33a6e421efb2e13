#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Raw generic netlink conformance (nfgate_genl.c).
. "$(dirname "$0")/lib.sh"
run_c_test nfgate_genl
