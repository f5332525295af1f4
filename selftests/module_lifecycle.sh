#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ktls_alert.ko loads into the booted kernel, shows up in /sys/module and in
# the generic netlink controller, and unloads cleanly, leaving nothing.
. "$(dirname "$0")/lib/env.sh"

unload_module
tap_check "module file for kernel $SERIES exists" test -f "$KO"
vermagic=$(modinfo -F vermagic "$KO" | cut -d' ' -f1)
tap_check "module vermagic ($vermagic) matches uname -r ($(uname -r))" \
	test "$vermagic" = "$(uname -r)"
tap_check "insmod succeeds" insmod "$KO"
tap_check "/sys/module/ktls_alert is live" \
	grep -qx live /sys/module/ktls_alert/initstate
tap_check "generic netlink lists the ktls_alert family" \
	sh -c 'genl ctrl get name ktls_alert | grep -q "name: alerts"'
tap_check "rmmod succeeds" rmmod ktls_alert
tap_check "/sys/module/ktls_alert is gone" test ! -e /sys/module/ktls_alert
tap_check "the family is gone with the module" \
	sh -c '! genl ctrl get name ktls_alert >/dev/null 2>&1'
# The only expected lines: the kernel's own notes on out-of-tree, unsigned
# modules.
tap_check "the module logged nothing but the kernel's taint notes" \
	sh -c '! dmesg | grep "ktls_alert: " |
		grep -v -e "loading out-of-tree module" -e "module verification failed"'
tap_done
