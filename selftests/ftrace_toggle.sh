#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Not part of run.sh: a reproducer for a guest crash seen in the debug
# kernel under QEMU TCG. It turns a function-tracer filter on
# tls_rx_one_record on and off (FTRACE_TOGGLE_CYCLES, default 300) while
# kTLS traffic flows, with ktls_alert NOT loaded. Each live patch of the
# ftrace call site is marked in the kernel log. On 2026-12-04 it crashed
# the debug kernel at cycle 118 ("Oops: int3" at tls_rx_one_record+0x1),
# as ktls_alert's load/unload cycles had: the crash is ftrace's code
# patching in that guest, not this module.
#
#   scripts/vm-run --kernel debug --mem 3072 -- selftests/ftrace_toggle.sh
. "$(dirname "$0")/lib/env.sh"

cycles=${FTRACE_TOGGLE_CYCLES:-300}
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
