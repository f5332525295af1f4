# SPDX-License-Identifier: GPL-2.0
#
# ktls-alert: see README for the whole story. The main targets:
#
#   make help             this list
#   make                  module (against KDIR) and userspace
#   make module           the module alone; make userspace: library and tool
#   make KERNEL=6.12      module against a kernel prepared by `make setup`
#                         (6.1, 6.12 or 7.3), and userspace
#   make setup            prepare this machine (root, Debian bookworm)
#   make demo             setup, then the main job live in a VM
#   make check            setup, then every test; KERNELS="6.12" for a subset
#   make check-debug      the suite in a debug kernel (KASAN, lockdep, ...)
#   make bench            benchmarks in a VM; BENCH_KERNEL=6.1 to choose
#   make fuzz             the libFuzzer harness for the event parser
#   make checkpatch       the kernel's checkpatch on the module sources
#   make uapi             regenerate the uapi header from the YAML spec
#   make install          module (+ depmod), library, headers, tool, man
#   make clean            back to the tree as checked out
#
# KDIR defaults to the running kernel's build directory.

KERNEL ?=
KDIR ?= /lib/modules/$(shell uname -r)/build
KERNELS ?= 6.1 6.12 7.3
PREFIX ?= /usr/local
DESTDIR ?=
BUILD := $(CURDIR)/build

.PHONY: all module userspace setup demo check check-debug bench fuzz \
	checkpatch uapi install install-module clean help

all: module userspace

help:
	@sed -n '3,22p' Makefile | sed 's/^# \{0,1\}//'

module:
ifneq ($(KERNEL),)
	@scripts/build-module --kernel $(KERNEL)
else
	@scripts/build-module --kdir $(KDIR)
endif

userspace:
	$(MAKE) -C userspace O=$(BUILD)/userspace all

setup:
	scripts/setup --kernels "$(KERNELS)"

demo:
	@scripts/demo

check:
	scripts/check --kernels "$(KERNELS)"

check-debug:
	scripts/check-debug

bench:
	scripts/bench $(if $(BENCH_KERNEL),--kernel $(BENCH_KERNEL))

fuzz:
	$(MAKE) -C userspace O=$(BUILD)/userspace fuzz

checkpatch:
	scripts/checkpatch

uapi:
	scripts/gen-uapi --write

# The module goes to updates/ of the kernel it was built for, where modprobe
# prefers it; depmod is skipped for staged installs (DESTDIR).
install-module: module
ifneq ($(KERNEL),)
	$(eval KREL := $(shell bash -c '. scripts/common.sh; kernel_release $(KERNEL)'))
	$(eval KMOD := $(BUILD)/kmod-$(KERNEL)/ktls_alert.ko)
else
	$(eval KREL := $(shell sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' $(KDIR)/include/generated/utsrelease.h))
	$(eval KMOD := $(BUILD)/kmod-local/ktls_alert.ko)
endif
	install -D -m 644 $(KMOD) $(DESTDIR)/lib/modules/$(KREL)/updates/ktls_alert.ko
	$(if $(DESTDIR),,depmod -a $(KREL))

install: install-module userspace
	$(MAKE) -C userspace O=$(BUILD)/userspace PREFIX=$(PREFIX) DESTDIR=$(DESTDIR) install

clean:
	rm -rf $(BUILD)
	$(MAKE) -C userspace O=$(BUILD)/userspace clean
