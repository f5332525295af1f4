# SPDX-License-Identifier: GPL-2.0
# TAP output for shell selftests. Source it, call tap_plan (optional),
# then ok/not_ok/skip per test, and tap_done last (exit status: failures).

TAP_N=0
TAP_FAILED=0

tap_ok() {
	TAP_N=$((TAP_N + 1))
	echo "ok $TAP_N $*"
}

tap_not_ok() {
	TAP_N=$((TAP_N + 1))
	TAP_FAILED=$((TAP_FAILED + 1))
	echo "not ok $TAP_N $*"
}

tap_skip() {
	local name=$1
	shift
	TAP_N=$((TAP_N + 1))
	echo "ok $TAP_N $name # SKIP $*"
}

# tap_check NAME COMMAND...: ok when COMMAND succeeds.
tap_check() {
	local name=$1
	shift
	if "$@"; then
		tap_ok "$name"
	else
		tap_not_ok "$name"
	fi
}

tap_diag() {
	echo "# $*"
}

tap_done() {
	echo "1..$TAP_N"
	[ "$TAP_FAILED" = 0 ]
}
