#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ktls_alert.ko's life around tls.ko's, and under load:
#
#   1. insmod while tls.ko is absent: the hook waits; a kTLS socket makes
#      the kernel autoload tls.ko (TCP_ULP "tls"), the hook arms itself,
#      get-info says so, and alerts are seen
#   2. tls.ko unloaded and loaded again under ktls_alert: disarm, re-arm
#   3. 20 rmmod/insmod cycles (LIFECYCLE_CYCLES; the debug lane runs 200)
#      while alerts flow from several threads, a
#      listener keeps re-subscribing and requests keep coming; no kernel
#      splat (scripts/vm-run fails the run on one), kTLS never breaks, and
#      the module is exact afterwards
#   4. the --unchecked build is refused, with exactly one log line
#
#   ktls_traffic send (3 threads, kTLS pairs) --+
#   ktls_traffic listen -R  <-- alerts ---------+-- ktls_alert.ko
#   ktls_traffic stats (loop)  -- get-stats ----+   (insmod/rmmod x 20)
. "$(dirname "$0")/lib/env.sh"

TRAFFIC=$BIN/ktls_traffic
UNCHECKED=$TOP/build/kmod-$SERIES-unchecked/ktls_alert.ko
CYCLES=${LIFECYCLE_CYCLES:-20}
work=$(mktemp -d)
bg=()

cleanup() {
	local p
	for p in "${bg[@]}"; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	unload_module 2>/dev/null
	# Every test starts and ends with tls.ko loaded.
	[ -d /sys/module/tls ] || modprobe tls
	rm -rf "$work"
}
trap cleanup EXIT

# info_is KEY=VALUE...: get-info says all of these.
info_is() {
	local info kv
	info=$("$TRAFFIC" info 2>&1) || { echo "# get-info: $info"; return 1; }
	for kv in "$@"; do
		grep -qx "$kv" <<<"$info" || { echo "# get-info: $(echo $info)"; return 1; }
	done
}

# rmmod tls, waiting for closed kTLS sockets to let go of it.
rmmod_tls() {
	local i
	for i in $(seq 50); do
		[ -d /sys/module/tls ] || return 0
		rmmod tls 2>/dev/null && return 0
		sleep 0.1
	done
	echo "# rmmod tls: $(cat /sys/module/tls/refcnt 2>/dev/null) users"
	return 1
}

unload_module

# --- 1. insmod before tls.ko ---
tap_check "tls.ko can be unloaded" rmmod_tls
tap_check "insmod ktls_alert while tls.ko is absent" insmod "$KO"
tap_check "get-info: tls.ko not loaded, hook not attached" \
	info_is tls_loaded=0 hook_attached=0
out=$("$TRAFFIC" send -n 6 -e 2>&1)
tap_check "a kTLS socket autoloads tls.ko and its 6 alerts give 6 events ($out)" \
	grep -q 'alerts=6 .*events=6 lost=0' <<<"$out"
tap_check "tls.ko is loaded now" test -d /sys/module/tls
tap_check "get-info: tls.ko loaded, hook attached" \
	info_is tls_loaded=1 hook_attached=1

# --- 2. tls.ko goes and comes back under ktls_alert ---
tap_check "tls.ko unloads under a loaded ktls_alert" rmmod_tls
tap_check "get-info: tls.ko gone, hook detached" \
	info_is tls_loaded=0 hook_attached=0
tap_check "modprobe tls" modprobe tls
tap_check "get-info: tls.ko back, hook attached again" \
	info_is tls_loaded=1 hook_attached=1
out=$("$TRAFFIC" send -n 8 -V 1.2 -k mixed -e 2>&1)
tap_check "events flow after the re-arm ($out)" \
	grep -q 'alerts=3 .*events=3 lost=0' <<<"$out"
tap_check "rmmod ktls_alert" rmmod ktls_alert

# --- 3. rmmod/insmod cycles under load ---
# Traffic and listener run until stopped, however long the cycles take
# (200 of them in the debug kernel); -d only bounds a runaway. They run at
# nice 10: they never stop, but insmod and rmmod get the CPU first, which
# makes a debug-kernel cycle about a third shorter (2026-12-04: from about
# 10.5 s to 7 s, insmod plus rmmod).
nice -n 10 "$TRAFFIC" send -c 3 -d 3600 -i 5000 -k mixed -r 25 >"$work/send.out" 2>&1 &
send_pid=$!
bg+=("$send_pid")
nice -n 10 "$TRAFFIC" listen -R -d 3600 >"$work/listen.out" 2>&1 &
listen_pid=$!
bg+=("$listen_pid")
(while :; do nice -n 10 "$TRAFFIC" stats >/dev/null 2>&1; sleep 0.2; done) &
bg+=($!)
sleep 1
cycles=0
# Each step is marked in the kernel log, so that a splat shows which
# cycle and which step it came in.
mark() { echo "lifecycle.sh: cycle $1: $2" >/dev/kmsg 2>/dev/null || true; }
for i in $(seq "$CYCLES"); do
	mark "$i" insmod
	insmod "$KO" || { echo "# cycle $i: insmod failed"; break; }
	sleep 0.$((RANDOM % 3 + 1))
	mark "$i" rmmod
	rmmod ktls_alert || { echo "# cycle $i: rmmod failed"; break; }
	cycles=$i
done
tap_check "$CYCLES rmmod/insmod cycles under alert traffic" test "$cycles" = "$CYCLES"
tap_check "traffic and listener still ran when the last cycle ended" \
	kill -0 "$send_pid" "$listen_pid"
kill -INT "$send_pid" "$listen_pid"
wait "$send_pid"
send_rc=$?
wait "$listen_pid"
listen_rc=$?
tap_diag "traffic: $(tail -n1 "$work/send.out")"
tap_diag "listener: $(tail -n1 "$work/listen.out")"
tap_check "kTLS traffic ran through every cycle unharmed" \
	test "$send_rc" = 0 -a "$(grep -o 'records=[0-9]*' "$work/send.out" | cut -d= -f2)" -gt 0
grep -v '^records=' "$work/send.out" | head -n 5 | sed 's/^/# send: /'
tap_check "the listener kept working and saw events during the cycles" \
	bash -c 'test "$1" = 0 && grep -qE "^events=[1-9]" "$2"' _ "$listen_rc" "$work/listen.out"
grep -v '^events=' "$work/listen.out" | head -n 5 | sed 's/^/# listen: /'

# After all that, a fresh load is exact.
tap_check "insmod after the cycles" insmod "$KO"
out=$("$TRAFFIC" send -c 3 -n 40 -k mixed -e 2>&1)
tap_check "every alert is one event after the cycles ($out)" \
	grep -q 'alerts=45 .*events=45 lost=0' <<<"$out"
tap_check "rmmod ktls_alert" rmmod ktls_alert

# --- 4. the --unchecked build ---
if [ ! -f "$UNCHECKED" ]; then
	tap_not_ok "the unchecked build exists (scripts/build-module --kernel $SERIES --unchecked)"
else
	before=$(dmesg | wc -l)
	out=$(insmod "$UNCHECKED" 2>&1)
	rc=$?
	lines=$(dmesg | tail -n +"$((before + 1))" | grep 'ktls_alert: ' |
		grep -v -e 'loading out-of-tree module' -e 'module verification failed')
	tap_diag "insmod: $out"
	tap_diag "log: $lines"
	tap_check "insmod of the unchecked build fails" test "$rc" != 0
	tap_check "with EOPNOTSUPP" grep -q 'Operation not supported' <<<"$out"
	tap_check "the module is not loaded" test ! -e /sys/module/ktls_alert
	tap_check "the log has exactly one ktls_alert line" \
		test "$(grep -c . <<<"$lines")" = 1
	want="ktls_alert: kernel $(uname -r) is not a checked series (none): kTLS internals not verified, refusing to load"
	tap_check "which says the kernel series is not checked, and refuses" \
		bash -c '[[ "$1" == *"] $2" ]]' _ "$lines" "$want"
fi
tap_done
