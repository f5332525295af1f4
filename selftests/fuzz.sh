#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Hostile input against the module's two inputs:
#  1. the bytes peers send: fuzz_peer sends 20,000 alert records of random
#     length and content over TLS 1.2 and 1.3 through the recvmsg, EIO-retry
#     and splice paths, and checks one event and one count per record;
#  2. the netlink requests local users send: fuzz_netlink sends 100,000
#     fuzzed messages as root and 100,000 as an unprivileged user (setpriv),
#     after fuzz_peer left the counters non-zero, so that any reset a
#     request should not have made would show.
# FUZZ_SEED fixes the seeds; FUZZ_SCALE (default 1) multiplies the counts.
. "$(dirname "$0")/lib/env.sh"

scale=${FUZZ_SCALE:-1}
seed=${FUZZ_SEED:+--seed $FUZZ_SEED}
if ! load_module; then
	tap_not_ok "ktls_alert loads for the fuzzers"
	tap_done
	exit
fi
# fuzz LABEL COMMAND...: the fuzzer's TAP lines, labelled, then whether it
# ran to its end: a crash or a hang killed by the VM must not pass.
fuzz() {
	local label=$1 rc
	shift
	"$@" | sed "s/^\(not \)\{0,1\}ok [0-9]* /&$label: /"
	rc=${PIPESTATUS[0]}
	tap_check "$label: the fuzzer ran to its end (status $rc)" test "$rc" = 0
}
# shellcheck disable=SC2086
fuzz peer "$BIN/fuzz_peer" --count $((20000 * scale)) $seed
# shellcheck disable=SC2086
fuzz "netlink as root" "$BIN/fuzz_netlink" --count $((100000 * scale)) $seed
# shellcheck disable=SC2086
fuzz "netlink unprivileged" setpriv --reuid=65534 --regid=65534 --clear-groups \
	--inh-caps=-all --bounding-set=-all \
	"$BIN/fuzz_netlink" --count $((100000 * scale)) --unprivileged $seed
unload_module
tap_check "ktls_alert unloads after the fuzzing" test ! -e /sys/module/ktls_alert
tap_done
