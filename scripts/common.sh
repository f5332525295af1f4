# SPDX-License-Identifier: GPL-2.0
# Shared settings for the scripts in this folder. Source it; do not run it.
#
# Everything downloaded or built outside the repository lives under one cache
# directory, so `make clean` can leave the tree as checked out and a second
# setup run is fast:
#
#   $KTLS_ALERT_CACHE/
#     kernels/<series>/      one tested kernel: root/ (the extracted image and
#                            modules packages, depmod'ed), release, packages,
#                            initramfs.cpio.gz, .ready
#     trixie/                debootstrap chroot: gcc-14 and the 7.x headers,
#                            trixie's nginx/OpenSSL 3.5 userland, .ready
#     linux-src/             files taken from linux-source-6.12: the kselftest
#                            harness, checkpatch, ynl, netlink schemas, .ready
#     debs/                  downloaded .deb files

KTLS_ALERT_CACHE=${KTLS_ALERT_CACHE:-/var/cache/ktls-alert}
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SUPPORTED_KERNELS="6.1 6.12 7.3"
TRIXIE=$KTLS_ALERT_CACHE/trixie
LINUX_SRC=$KTLS_ALERT_CACHE/linux-src
PY=/usr/bin/python3

die() {
	echo "error: $*" >&2
	exit 1
}

note() {
	echo ">> $*" >&2
}

kernel_dir() {
	echo "$KTLS_ALERT_CACHE/kernels/$1"
}

# The exact release (uname -r) of a prepared kernel series.
kernel_release() {
	local d
	d=$(kernel_dir "$1")
	[ -f "$d/.ready" ] || die "kernel $1 is not prepared: run scripts/setup (or make setup) first"
	cat "$d/release"
}

# The Debian series, plus "debug": the kernel scripts/build-debug-kernel
# builds for make check-debug.
check_series() {
	case " $SUPPORTED_KERNELS debug " in
	*" $1 "*) ;;
	*) die "unknown kernel series '$1' (supported: $SUPPORTED_KERNELS, debug)" ;;
	esac
}

# unfinished_tests LOG TAG: after a VM run of selftests/run.sh, one "not ok"
# line for each test of its "# plan:" line that never printed
# "# finished: <name>", because the guest died or timed out first.
unfinished_tests() {
	local log=$1 tag=$2 plan t clean
	# No grep -q on a pipe: under pipefail its early exit kills the
	# writer with SIGPIPE and turns a match into a failure.
	clean=$(tr -d '\r' <"$log")
	plan=$(sed -n 's/^# plan: //p' <<<"$clean" | head -n 1)
	if [ -z "$plan" ]; then
		echo "not ok 1 $tag selftests/run.sh started (no plan line, see $log)"
		return
	fi
	for t in $plan; do
		grep -qxF "# finished: $t" <<<"$clean" ||
			echo "not ok 1 $tag $t: never finished (see $log)"
	done
}
