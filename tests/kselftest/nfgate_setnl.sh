#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Set commands over raw generic netlink: refused requests (nfgate_setnl.c).
. "$(dirname "$0")/lib.sh"
run_c_test nfgate_setnl
