#!/bin/sh
# SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause
#
# cli.sh KTLS_ALERT JSONCHECK
#
# What the ktls-alert tool does without the module: help and version on
# the tool and every subcommand, usage errors (exit 1), the registry
# commands, the "module not loaded" path (exit 2) and output errors
# (exit 4). Prints TAP. The tests with the module live in selftests/.

tool=$1
jc=$2
n=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}

not_ok() {
	n=$((n + 1))
	failed=1
	echo "not ok $n - $1"
	[ -s "$tmp/err" ] && sed 's/^/# stderr: /' "$tmp/err" | head -n 5
}

skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}

# run ARGS...: the tool's stdout in $tmp/out, stderr in $tmp/err, status in $rc
run() {
	"$tool" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

# check NAME CONDITION...: ok when the shell condition holds
check() {
	name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

has_out() { grep -q -- "$1" "$tmp/out"; }
has_err() { grep -q -- "$1" "$tmp/err"; }

# --help and --version everywhere
run --help
check "--help exits 0 and lists every command" \
	sh -c '[ '$rc' -eq 0 ] && grep -q "^Usage: ktls-alert" "$1" &&
	       for c in monitor stats status list explain; do
		   grep -q "^  $c " "$1" || exit 1; done' sh "$tmp/out"
run --version
check "--version exits 0 and names tool and library" \
	sh -c '[ '$rc' -eq 0 ] && grep -q "^ktls-alert [0-9].* (libktls_alert [0-9]" "$1"' \
	sh "$tmp/out"
for c in monitor stats status list explain; do
	run "$c" --help
	check "$c --help exits 0 with its usage" \
		sh -c '[ '$rc' -eq 0 ] && grep -q "^Usage: ktls-alert $1" "$2"' \
		sh "$c" "$tmp/out"
	run "$c" -h
	check "$c -h is the same as --help" \
		sh -c '[ '$rc' -eq 0 ] && grep -q "^Usage: ktls-alert $1" "$2"' \
		sh "$c" "$tmp/out"
	run "$c" --version
	check "$c --version exits 0" \
		sh -c '[ '$rc' -eq 0 ] && grep -q "^ktls-alert [0-9]" "$1"' \
		sh "$tmp/out"
done

# usage errors: exit 1 and a pointer to --help
usage_error() {
	run "$@"
	if [ "$rc" -eq 1 ] && has_err "ktls-alert" && has_err "help"; then
		ok "usage error exits 1: ktls-alert $*"
	else
		not_ok "usage error exits 1: ktls-alert $* (got $rc)"
	fi
}
usage_error
usage_error frobnicate
usage_error s
usage_error --bogus
usage_error monitor --bogus
usage_error monitor -x
usage_error monitor --count
usage_error monitor --count 0
usage_error monitor --count ten
usage_error monitor --timeout -1
usage_error monitor --timeout soon
usage_error monitor --class nope
usage_error monitor --class fatal,
usage_error monitor --description nope
usage_error monitor --description 256
usage_error monitor --port 65536
usage_error monitor --rcvbuf 0
usage_error monitor extra
usage_error stats --bogus
usage_error stats --json --reset
usage_error stats extra
usage_error status extra
usage_error list extra
usage_error explain
usage_error explain 256
usage_error explain -1
usage_error explain no_such_alert
usage_error explain 0x
usage_error explain " 40"

# each usage error says what is wrong
usage_says() {
	want=$1
	shift
	run "$@"
	if [ "$rc" -eq 1 ] && has_err "$want"; then
		ok "ktls-alert $* says: $want"
	else
		not_ok "ktls-alert $* says: $want (got $rc)"
	fi
}
usage_says "option '--json' takes no value" monitor --json=1
usage_says "option '--port' needs a value" monitor --port
usage_says "unknown or ambiguous option '--bogus'" monitor --bogus=3
usage_says "commands: monitor, stats, status, list, explain" stat

# the registry, which needs no module
run list
check "list prints a header and 37 entries" \
	sh -c '[ '$rc' -eq 0 ] && [ $(wc -l < "$1") -eq 38 ] &&
	       grep -q "^ 121  ech_required " "$1" &&
	       grep -q "^  21  decryption_failed .* reserved " "$1" &&
	       grep -q "^  90  user_canceled .* closure " "$1"' sh "$tmp/out"
run list --json
check "list --json is one valid JSON array of 37 entries" \
	sh -c '[ '$rc' -eq 0 ] && "$1" < "$2" &&
	       [ $(grep -o "\"code\":" "$2" | wc -l) -eq 37 ]' sh "$jc" "$tmp/out"
run explain 40
cp "$tmp/out" "$tmp/explain40"
check "explain 40 names handshake_failure and how it is classified" \
	sh -c '[ '$rc' -eq 0 ] && grep -q "^handshake_failure (40), RFC 8446$" "$1" &&
	       grep -q "fatal in TLS 1.3" "$1"' sh "$tmp/out"
for arg in handshake_failure HANDSHAKE-FAILURE 0x28; do
	run explain "$arg"
	check "explain $arg says the same as explain 40" \
		cmp -s "$tmp/out" "$tmp/explain40"
done
# Numbers are decimal or 0x hex; a leading zero never makes them octal.
run explain 020
check "explain 020 is twenty (bad_record_mac), not octal sixteen" \
	sh -c '[ '$rc' -eq 0 ] && grep -q "^bad_record_mac (20)," "$1"' sh "$tmp/out"
run explain 08
check "explain 08 is eight, not a bad octal number" \
	sh -c '[ '$rc' -eq 0 ] && grep -q "^8: unassigned" "$1"' sh "$tmp/out"
run expl 40
check "a unique prefix of a command works (expl)" \
	cmp -s "$tmp/out" "$tmp/explain40"
run explain 200
check "explain 200 says unassigned and exits 0" \
	sh -c '[ '$rc' -eq 0 ] && grep -q "^200: unassigned" "$1"' sh "$tmp/out"
run explain 0 --json 117
check "explain --json prints one valid object per description" \
	sh -c '[ '$rc' -eq 0 ] && [ $(wc -l < "$2") -eq 2 ] &&
	       "$1" -l -k code,name,known,reference,reserved,closure,explanation < "$2" &&
	       grep -q "\"name\":\"general_error\"" "$2" &&
	       grep -q "\"name\":\"close_notify\".*\"closure\":true" "$2"' \
	sh "$jc" "$tmp/out"

# without the module: exit 2 and the way to load it
if [ -e /sys/module/ktls_alert ]; then
	for c in status stats "stats --reset" monitor "monitor --json"; do
		skip "ktls-alert $c exits 2 without the module" "the module is loaded"
	done
else
	for c in status stats "stats --reset" monitor "monitor --json"; do
		# shellcheck disable=SC2086
		run $c
		# status still prints what the host can tell; the others
		# print nothing.
		if [ "$c" = status ]; then
			grep -qx "module: *not loaded" "$tmp/out"
		else
			[ ! -s "$tmp/out" ]
		fi
		out_ok=$?
		if [ "$rc" -eq 2 ] && has_err "modprobe ktls_alert" &&
		   [ "$out_ok" = 0 ]; then
			ok "ktls-alert $c exits 2 without the module and says modprobe"
		else
			not_ok "ktls-alert $c exits 2 without the module (got $rc)"
		fi
	done
fi

# output that cannot be written is an error
if [ -w /dev/full ]; then
	"$tool" list >/dev/full 2>"$tmp/err"
	rc=$?
	check "a failed write of the output exits 4" \
		sh -c '[ '$rc' -eq 4 ] && grep -q "writing the output failed" "$1"' \
		sh "$tmp/err"
else
	skip "a failed write of the output exits 4" "no /dev/full"
fi

echo "1..$n"
exit $failed
