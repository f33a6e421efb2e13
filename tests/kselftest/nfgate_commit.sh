#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Commits, dumps, rule identity and bad commits over raw netlink
# (nfgate_commit.c).
. "$(dirname "$0")/lib.sh"
run_c_test nfgate_commit
