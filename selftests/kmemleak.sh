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
# kmemleak that disabled itself (pool exhausted, say) refuses these writes;
# an empty report would then prove nothing.
if ! { echo clear >"$ctl"; } 2>/dev/null ||
	grep -q "kmemleak: .*disabled" <<<"$(dmesg)"; then
	dmesg | grep 'kmemleak' | tail -n 5 | sed 's/^/# /'
	tap_not_ok "kmemleak is working after the suite (it has disabled itself)"
	tap_done
	exit
fi
# Objects of the suite that are still in flight settle first.
sleep 5
ok=1
{ echo scan >"$ctl"; } 2>/dev/null || ok=0
sleep 6
{ echo scan >"$ctl"; } 2>/dev/null || ok=0
report=$(cat "$ctl") || ok=0
if [ "$ok" = 0 ]; then
	tap_not_ok "kmemleak scans after the suite (a scan or the report failed)"
elif [ -z "$report" ]; then
	tap_ok "kmemleak finds no leak after the suite"
else
	echo "$report" | head -n 60 | sed 's/^/# /'
	tap_not_ok "kmemleak finds no leak after the suite"
fi
tap_done
