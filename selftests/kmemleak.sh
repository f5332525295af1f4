#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Debug lane only: after the suite, load and unload the module once more,
# then have kmemleak scan twice (objects must look unreferenced in two scans
# in a row to be reported) and fail on any suspected leak.
. "$(dirname "$0")/lib/env.sh"

ctl=/sys/kernel/debug/kmemleak
if [ ! -e "$ctl" ]; then
	tap_skip "kmemleak finds no leak after the suite" "this kernel has no kmemleak"
	tap_done
	exit
fi
load_module && unload_module
echo clear >"$ctl"
# Objects of the suite that are still in flight settle first.
sleep 5
echo scan >"$ctl"
sleep 6
echo scan >"$ctl"
report=$(cat "$ctl")
if [ -z "$report" ]; then
	tap_ok "kmemleak finds no leak after the suite"
else
	echo "$report" | head -n 60 | sed 's/^/# /'
	tap_not_ok "kmemleak finds no leak after the suite"
fi
tap_done
