#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A check of the test bed itself: the guest must survive the kernel
# patching its own code under kTLS traffic, as it does on every insmod and
# rmmod of ktls_alert (the hook sits on tls_rx_one_record's ftrace site).
# With ktls_alert NOT loaded, it turns a function-tracer filter on
# tls_rx_one_record on and off (FTRACE_TOGGLE_CYCLES, default 40) while
# kTLS traffic flows, and marks each live patch in the kernel log.
#
# Under QEMU's multi-threaded TCG this crashed Debian's own 6.12 at cycle 4
# and the debug kernel at cycle 118 ("Oops: int3" at tls_rx_one_record+0x1):
# a CPU ran the old translation of the patched bytes. scripts/vm-run now
# runs guests single-threaded; Documentation/compat.rst, "QEMU and live code
# patching", has the evidence. To see the crash again:
#
#   scripts/vm-run --tcg-thread multi -- \
#	env FTRACE_TOGGLE_CYCLES=300 selftests/ftrace_toggle.sh
. "$(dirname "$0")/lib/env.sh"

cycles=${FTRACE_TOGGLE_CYCLES:-40}
T=/sys/kernel/tracing
[ -e "$T/current_tracer" ] || mount -t tracefs nodev "$T" 2>/dev/null
if ! grep -qw function "$T/available_tracers" 2>/dev/null; then
	tap_skip "ftrace toggling" "no function tracer in this kernel"
	tap_done
	exit
fi
unload_module 2>/dev/null
work=$(mktemp -d)
echo tls_rx_one_record >"$T/set_ftrace_filter"
"$BIN/ktls_traffic" send -c 3 -d 3600 -i 5000 -k mixed -r 25 >"$work/send.out" 2>&1 &
send_pid=$!
sleep 1
done_cycles=0
for i in $(seq "$cycles"); do
	echo "ftrace_toggle.sh: cycle $i: on" >/dev/kmsg
	echo function >"$T/current_tracer" || break
	sleep 0.$((RANDOM % 3 + 1))
	echo "ftrace_toggle.sh: cycle $i: off" >/dev/kmsg
	echo nop >"$T/current_tracer" || break
	done_cycles=$i
done
echo >"$T/set_ftrace_filter"
kill -INT "$send_pid"
wait "$send_pid"
send_rc=$?
tap_check "$cycles function-tracer on/off cycles on tls_rx_one_record under kTLS traffic" \
	test "$done_cycles" = "$cycles"
tap_check "the traffic ran unharmed ($(tail -n 1 "$work/send.out"))" test "$send_rc" = 0
rm -rf "$work"
tap_done
