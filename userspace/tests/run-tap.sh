#!/bin/sh
# SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause
#
# run-tap.sh LABEL COMMAND...
#
# Runs each COMMAND (one shell command line per argument), shows its TAP
# output, and counts its results. A command fails as a whole, with a "not
# ok" line of its own, when it exits non-zero without a "not ok" line (a
# crash) or when its plan ("1..N") does not match the tests it ran. Ends with one line,
# "LABEL: N passed, N failed, N skipped", and exits 1 if anything failed.

label=$1
shift
pass=0
fail=0
skip=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT INT TERM

for cmd in "$@"; do
	echo "# $cmd"
	sh -c "$cmd" >"$out" 2>&1
	rc=$?
	cat "$out"

	p=$(grep '^ok ' "$out" | grep -vc '# SKIP')
	s=$(grep '^ok ' "$out" | grep -c '# SKIP')
	f=$(grep -c '^not ok ' "$out")
	plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\).*/\1/p' "$out" | tail -n 1)
	pass=$((pass + p))
	skip=$((skip + s))
	fail=$((fail + f))

	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok 1 $cmd: exited with status $rc without a failing test"
		fail=$((fail + 1))
	elif [ -z "$plan" ] || [ "$plan" -ne $((p + s + f)) ]; then
		echo "not ok 1 $cmd: plan '${plan:-none}' but $((p + s + f)) tests ran"
		fail=$((fail + 1))
	fi
done

echo "$label: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
