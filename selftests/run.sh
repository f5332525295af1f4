#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the test guest (scripts/vm-run): every selftest for this
# kernel, as TAP. scripts/check counts the "ok"/"not ok" lines.
#
#   selftests/run.sh [name...]            default: all, in the order below
#   selftests/run.sh --except name...     all but these
#
# Each test starts from a guest where tls.ko is loaded and ktls_alert.ko is
# not; tests that need the module load it and leave it unloaded.

ST=$(cd "$(dirname "$0")" && pwd)
. "$ST/lib/env.sh"

ALL=(
	ktls_bed
	ftrace_toggle.sh
	module_lifecycle.sh
	cli.sh
	compat.sh
	alerts
	permissions
	netns
	netlink.sh
	lifecycle.sh
	fuzz.sh
	e2e.sh
)

if [ "${1-}" = --except ]; then
	shift
	keep=()
	for t in "${ALL[@]}"; do
		case " $* " in
		*" $t "*) ;;
		*) keep+=("$t") ;;
		esac
	done
	ALL=("${keep[@]}")
elif [ $# -gt 0 ]; then
	ALL=("$@")
fi
echo "# kernel $(uname -r) (series $SERIES)"
# scripts/check reports every planned test without a "finished" line: a
# guest that dies mid-run must not hide the tests it never reached.
echo "# plan: ${ALL[*]}"
failed=0
for t in "${ALL[@]}"; do
	if [ -x "$ST/$t" ]; then
		cmd=("$ST/$t")
	elif [ -x "$BIN/$t" ]; then
		cmd=("$BIN/$t")
	else
		echo "# --- $t: not built or not present here"
		echo "not ok 1 $t: test program missing"
		echo "# finished: $t"
		failed=$((failed + 1))
		continue
	fi
	echo "# --- $t"
	unload_module 2>/dev/null
	# A test that dies (a crash, a shell error) without a "not ok" line
	# of its own must still count as failed, so its output is kept. Not
	# a pipe: a daemon a test starts (nginx) could hold it open. tail
	# streams the file while the test runs.
	out=$(mktemp)
	"${cmd[@]}" >"$out" 2>&1 </dev/null &
	pid=$!
	tail -s 0.2 -n +1 -f --pid="$pid" "$out"
	wait "$pid"
	rc=$?
	if [ "$rc" != 0 ]; then
		failed=$((failed + 1))
		grep -q '^not ok ' "$out" ||
			echo "not ok 1 $t: exited with status $rc without a failing result"
	fi
	rm -f "$out"
	if module_loaded && ! rmmod ktls_alert; then
		echo "not ok 1 $t: leaves ktls_alert unloadable"
		failed=$((failed + 1))
	fi
	echo "# finished: $t"
done
exit $((failed > 0))
