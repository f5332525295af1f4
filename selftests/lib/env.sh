# SPDX-License-Identifier: GPL-2.0
# Common settings for shell selftests. They run inside the test guest
# (scripts/vm-run), as root, from the repository.

ST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOP=$(cd "$ST_DIR/.." && pwd)
SERIES=${KTLS_VM_SERIES:?selftests run inside scripts/vm-run}
KO=${KTLS_ALERT_KO:-$TOP/build/kmod-$SERIES/ktls_alert.ko}
BIN=$TOP/build/selftests
TOOL=$TOP/build/userspace/ktls-alert
CACHE=${KTLS_ALERT_CACHE:-/var/cache/ktls-alert}
YNL=$CACHE/linux-src/tools/net/ynl
SPEC=$TOP/Documentation/netlink/specs/ktls_alert.yaml
SCHEMA=$CACHE/linux-src/Documentation/netlink/genetlink.yaml

. "$ST_DIR/lib/tap.sh"

module_loaded() {
	[ -d /sys/module/ktls_alert ]
}

load_module() {
	module_loaded || insmod "$KO"
}

unload_module() {
	! module_loaded || rmmod ktls_alert
}

# The kernel's own ynl CLI on our spec.
ynl() {
	/usr/bin/python3 "$YNL/cli.py" --spec "$SPEC" --schema "$SCHEMA" "$@"
}
