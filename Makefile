# SPDX-License-Identifier: GPL-2.0
#
# nfgate top-level Makefile. The module is pure kbuild (see Kbuild); this
# file only wraps `make -C $(KDIR) M=$(CURDIR)` and the userspace build.
#
#   make                 build nfgate.ko and user/nfgatectl
#   make KDIR=...        build the module against other kernel headers
#   make check           host unit tests, then the kselftests in a VM
#   make demo            boot a VM, load nfgate, show `nfgatectl info`
#   make bench           benchmarks against nftables and iptables (scripts/bench)
#   make lint            W=1 + sparse (C=2) + checkpatch.pl --strict
#   make SANITIZE=1      build nfgatectl with ASan and UBSan

KVER ?= $(shell $(CURDIR)/scripts/default-kver)
KDIR ?= $(firstword $(wildcard /lib/modules/$(KVER)/build /usr/src/linux-headers-$(KVER)))
# The release the VM boots: the one KDIR was configured for. Debian's
# header trees carry the upstream version in kernel.release (so `make
# kernelrelease` says 6.1.x); UTS_RELEASE is what modules are stamped with.
VM_KVER = $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"/\1/p' $(KDIR)/include/generated/utsrelease.h 2>/dev/null)
VM_RUN ?= $(CURDIR)/scripts/vm-run

NFGATE_VERSION := $(shell $(CURDIR)/scripts/version $(CURDIR))
export NFGATE_VERSION

all: module user

module:
	@test -n "$(KDIR)" || { echo "no kernel headers: run scripts/install-deps or pass KDIR=" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

user:
	$(MAKE) -C user

tests: module user
	$(MAKE) -C tests/kselftest KVER=$(VM_KVER)

lint:
	$(CURDIR)/scripts/lint $(KDIR)

check: all tests
	$(CURDIR)/scripts/check --kernel $(VM_KVER)

demo: all tests
	$(VM_RUN) --kernel $(VM_KVER) -- $(CURDIR)/scripts/demo

bench: all tests
	$(CURDIR)/scripts/bench --kernel $(VM_KVER)

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C user clean
	$(MAKE) -C tests/kselftest clean

.PHONY: all module user tests lint check demo bench clean
