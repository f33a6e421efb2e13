# SPDX-License-Identifier: GPL-2.0
#
# nfgate top-level Makefile. The module is pure kbuild (see Kbuild); this
# file only wraps `make -C $(KDIR) M=$(CURDIR)` and the userspace build.
#
#   make                 build nfgate.ko and user/nfgatectl
#   make KDIR=...        build the module against other kernel headers
#   make check           host unit tests, then the kselftests in a VM
#   make demo            boot a VM: apply examples, show traffic passing and dropped
#   make bench           benchmarks against nftables and iptables (scripts/bench)
#   make bench-quick     the same with small sizes: every peer must give a number
#   make bench-wall      the benchmarks in wall-clock mode (no icount)
#   make check-spec      the YNL spec against the kernel's schema and the uapi header
#   make lint            W=1 + sparse (C=2) + checkpatch.pl --strict
#   make SANITIZE=1      build nfgatectl with ASan and UBSan
#   make fuzz            the config parser under libFuzzer for FUZZ_SECONDS (60)
#   make check KVERS='K1 K2'  the VM suite on each kernel (scripts/check-matrix)
#   make check-matrix    the VM suite on 6.1, 6.12 and 6.12-rt
#   make check-debug     a subset of the suite on a KASAN/lockdep/kmemleak
#                        kernel (scripts/build-debug-kernel builds it first)
#   make install         install-module + install-tools (DESTDIR, PREFIX)
#   make install-module  nfgate.ko into /lib/modules/KVER/updates, depmod
#   make install-tools   nfgatectl, man page, systemd unit, bash completion
#   make uninstall       (uninstall-module, uninstall-tools) undo install
#   make dkms-install    the sources and dkms.conf into /usr/src/nfgate-VERSION
#   make check-deb       build the .debs, DKMS-build and load them in a VM

KVER ?= $(shell $(CURDIR)/scripts/default-kver)
KDIR ?= $(firstword $(wildcard /lib/modules/$(KVER)/build /usr/src/linux-headers-$(KVER)))
# The release the VM boots: the one KDIR was configured for. Debian's
# header trees carry the upstream version in kernel.release (so `make
# kernelrelease` says 6.1.x); UTS_RELEASE is what modules are stamped with.
VM_KVER = $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"/\1/p' $(KDIR)/include/generated/utsrelease.h 2>/dev/null)
VM_RUN ?= $(CURDIR)/scripts/vm-run

# NFGATE_VERSION from the environment wins (scripts/check-matrix and the
# Debian build set it for their copies of the tree).
ifeq ($(NFGATE_VERSION),)
NFGATE_VERSION := $(shell $(CURDIR)/scripts/version $(CURDIR))
endif
export NFGATE_VERSION

# Installation. The module path is fixed by kmod, not by PREFIX; PREFIX
# and the other directories go to user/Makefile, which installs the tools.
DESTDIR ?=
PREFIX ?= /usr
export DESTDIR PREFIX
MODDIR ?= /lib/modules/$(VM_KVER)/updates
DKMSDIR ?= /usr/src/nfgate-$(NFGATE_VERSION)

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

fuzz:
	$(MAKE) -C user fuzz

# With KVERS, the VM suite runs on each of those kernels instead, each
# against its own copy of the tree (scripts/check-matrix).
KVERS ?=
check: all tests
ifeq ($(strip $(KVERS)),)
	$(CURDIR)/scripts/check --kernel $(VM_KVER)
else
	$(CURDIR)/scripts/check-matrix $(KVERS)
endif

check-spec:
	$(CURDIR)/scripts/check-spec

check-matrix: all tests
	$(CURDIR)/scripts/check-matrix

# Builds its own copy of the tree against the debug kernel.
check-debug:
	$(CURDIR)/scripts/check-debug

demo: all tests
	$(VM_RUN) --kernel $(VM_KVER) -- $(CURDIR)/scripts/demo

bench: all tests
	$(CURDIR)/scripts/bench --kernel $(VM_KVER)

bench-quick: all tests
	$(CURDIR)/scripts/bench --quick --kernel $(VM_KVER)

bench-wall: all tests
	$(CURDIR)/scripts/bench --wall --kernel $(VM_KVER)

install: install-module install-tools

install-module: module
	install -d -m 0755 $(DESTDIR)$(MODDIR)
	install -m 0644 nfgate.ko $(DESTDIR)$(MODDIR)/nfgate.ko
	$(CURDIR)/scripts/run-depmod $(VM_KVER)

install-tools: user
	$(MAKE) -C user install

uninstall: uninstall-module uninstall-tools

uninstall-module:
	@test -n "$(VM_KVER)" || { echo "no kernel headers to tell the release: pass KVER= or KDIR=" >&2; exit 1; }
	rm -f $(DESTDIR)$(MODDIR)/nfgate.ko
	$(CURDIR)/scripts/run-depmod $(VM_KVER)

uninstall-tools:
	$(MAKE) -C user uninstall

# The sources DKMS builds from, with the version fixed in VERSION (there
# is no git history under /usr/src) and in dkms.conf.
dkms-install:
	$(CURDIR)/scripts/dkms-install $(DESTDIR)$(DKMSDIR)

dkms-uninstall:
	rm -rf $(DESTDIR)$(DKMSDIR)

# Build the .debs, DKMS-build the module from them and load it in a VM.
check-deb:
	$(CURDIR)/scripts/check-deb --kernel $(VM_KVER)

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C user clean
	$(MAKE) -C tests/kselftest clean
	rm -rf $(CURDIR)/build/matrix $(CURDIR)/build/deb

.PHONY: all module user tests lint fuzz check check-spec check-matrix check-debug demo bench bench-quick bench-wall clean \
	install install-module install-tools uninstall uninstall-module \
	uninstall-tools dkms-install dkms-uninstall check-deb
