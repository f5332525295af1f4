#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's own ynl CLI (tools/net/ynl from linux-source-6.12) drives the
# live ktls_alert family with Documentation/netlink/specs/ktls_alert.yaml:
# the spec, the uapi numbers and the module agree on the wire.
#
#   ynl --do get-info | get-stats | reset-stats  -------> ktls_alert.ko
#   ynl --subscribe alerts  <-- alert event <------------ tls_rx_one_record
#                                                            ^
#   ktls_traffic: one alert over a kTLS IPv6 pair -----------+
#
# scripts/gen-uapi validates the spec against the kernel's genetlink schema
# on the host; here every call skips the schema (15 s each under TCG).
. "$(dirname "$0")/lib/env.sh"

TRAFFIC=$BIN/ktls_traffic
PY=/usr/bin/python3
work=$(mktemp -d)
ynl_pid=
cleanup() {
	[ -n "$ynl_pid" ] && kill "$ynl_pid" 2>/dev/null
	unload_module 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

ynl_fast() {
	"$PY" "$YNL/cli.py" --spec "$SPEC" --no-schema "$@"
}

as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		--bounding-set=-all -- "$@"
}

# json_check FILE PYTHON-EXPRESSION...: each expression, over the parsed
# JSON as `j`, is true. Prints the ones that are not.
json_check() {
	"$PY" - "$@" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
env = dict(sys.argv[i].split("=", 1) for i in range(2, len(sys.argv))
           if sys.argv[i].startswith("$"))
bad = 0
for e in sys.argv[2:]:
    if e.startswith("$"):
        continue
    try:
        ok = eval(e, {"j": j, "v": {k[1:]: v for k, v in env.items()}})
    except Exception as x:
        ok = False
        e += f" ({x!r})"
    if not ok:
        print(f"# false: {e}")
        bad += 1
if bad:
    print(f"# in: {json.dumps(j)[:1500]}")
sys.exit(1 if bad else 0)
EOF
}

# The alerts group id, from nlctrl.
alerts_grp() {
	genl ctrl get name ktls_alert 2>/dev/null |
		sed -n 's/.*ID-\(0x[0-9a-f]*\)  name: alerts.*/\1/p'
}

# Wait until some generic netlink socket has joined group $1 (< 32 only:
# /proc/net/netlink shows the first 32 groups), at most 30 s.
wait_joined() {
	local grp=$(($1)) i sk eth pid groups rest
	if [ "$grp" -lt 1 ] || [ "$grp" -gt 32 ]; then
		sleep 8
		return 0
	fi
	for i in $(seq 300); do
		tail -n +2 /proc/net/netlink >"$work/netlink.now"
		# (no <(...): the guest has no /dev/fd)
		while read -r sk eth pid groups rest; do
			[ "$eth" = 16 ] || continue
			(( 0x$groups & (1 << (grp - 1)) )) && return 0
		done <"$work/netlink.now"
		sleep 0.1
	done
	return 1
}

tap_check "insmod" load_module

ynl_fast --do get-info --output-json >"$work/info.json" 2>"$work/info.err"
tap_check "ynl --do get-info" test -s "$work/info.json"
sed 's/^/# /' "$work/info.err" | head -n 5
tap_check "get-info: version, release, hook attached, tls.ko loaded, hook point" \
	json_check "$work/info.json" \
	"\$version=$(modinfo -F version "$KO")" "\$release=$(uname -r)" \
	"j['version'] == v['version']" "j['release'] == v['release']" \
	"j['hook-attached'] == 1" "j['tls-loaded'] == 1" \
	"j['hook'] == 'kretprobe:tls_rx_one_record'"

# Subscribe, cause one alert; the subscriber decodes it when its sleep
# ends, and meanwhile the requests run.
grp=$(alerts_grp)
tap_diag "alerts group id: $grp"
ynl_fast --subscribe alerts --sleep 30 --output-json >"$work/ntf.json" \
	2>"$work/ntf.err" &
ynl_pid=$!
if wait_joined "$grp"; then
	tap_ok "ynl --subscribe alerts joined the group"
else
	tap_not_ok "ynl --subscribe alerts joined the group"
fi
"$TRAFFIC" send -n 1 -a 2:40 -p -f inet6 -V 1.2 -C aes-gcm-256 \
	>"$work/send.out" 2>&1
tap_check "one fatal handshake_failure over a TLS 1.2 AES-GCM-256 IPv6 kTLS pair" \
	grep -q '^records=1 alerts=1 ' "$work/send.out"
sock=$(grep '^socket ' "$work/send.out")
tap_diag "$sock"
kv() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<"$sock"; }

# get-stats matches; reset works as root only (selftests/permissions
# checks the rest of what an unprivileged caller may and may not do).
ynl_fast --do get-stats --output-json >"$work/stats.json" 2>&1
tap_check "get-stats counts exactly that alert" \
	json_check "$work/stats.json" \
	"{e['class']: e['count'] for e in j['class']} == {'closure': 0, 'warning': 0, 'fatal': 1, 'malformed': 0}" \
	"j['description'] == [{'description': 40, 'class': 'fatal', 'count': 1}]" \
	"all(e['count'] == 0 for e in j['malformed'])" \
	"'control' not in j" "j['undelivered'] == 0"
# nobody may not be able to read the tree (a clone under /root): give it
# a copy of the spec.
chmod 755 "$work"
install -m 644 "$SPEC" "$work/spec.yaml"
out=$(as_nobody "$PY" "$YNL/cli.py" --spec "$work/spec.yaml" --no-schema \
	--do reset-stats 2>&1)
rc=$?
sed 's/^/# nobody: /' <<<"$out"
tap_check "reset-stats as nobody: refused with EPERM and the kernel's extack" \
	bash -c 'test "$1" != 0 && grep -q "Operation not permitted" <<<"$2" &&
		grep -q "extack: {.msg.: .ktls_alert: reset-stats needs CAP_NET_ADMIN" <<<"$2"' \
	_ "$rc" "$out"
tap_check "ynl --do reset-stats as root" ynl_fast --do reset-stats
ynl_fast --do get-stats --output-json >"$work/stats.json" 2>&1
tap_check "after reset-stats every counter is zero" \
	json_check "$work/stats.json" \
	"all(e['count'] == 0 for e in j['class'])" \
	"'description' not in j" \
	"all(e['count'] == 0 for e in j['malformed'])"

wait "$ynl_pid"
ynl_pid=
sed 's/^/# /' "$work/ntf.err" | head -n 5
tap_check "ynl decodes exactly one alert notification" \
	json_check "$work/ntf.json" "len(j) == 1" "j[0]['name'] == 'alert'"
netns_ino=$(stat -L -c %i /proc/self/ns/net)
tap_check "the event's fields are what was sent, on the socket that got it" \
	json_check "$work/ntf.json" \
	"\$cookie=$(kv sock_cookie)" "\$lport=$(kv local_port)" \
	"\$pport=$(kv peer_port)" "\$pid=$(kv pid)" "\$ino=$netns_ino" \
	"j[0]['msg']['class'] == 'fatal'" \
	"j[0]['msg']['level'] == 2" \
	"j[0]['msg']['description'] == 40" \
	"j[0]['msg'].get('known', False) is True" \
	"'reserved' not in j[0]['msg']" \
	"'malformed' not in j[0]['msg']" \
	"j[0]['msg']['length'] == 2" \
	"int(str(j[0]['msg']['tls-version']), 0) == 0x0303" \
	"j[0]['msg']['cipher'] == 52" \
	"j[0]['msg']['family'] == 10" \
	"str(j[0]['msg']['local-addr']) == '::1'" \
	"str(j[0]['msg']['peer-addr']) == '::1'" \
	"j[0]['msg']['local-port'] == int(v['lport'])" \
	"j[0]['msg']['peer-port'] == int(v['pport'])" \
	"j[0]['msg']['sock-cookie'] == int(v['cookie'])" \
	"j[0]['msg']['netns-ino'] == int(v['ino'])" \
	"j[0]['msg']['netns-cookie'] > 0" \
	"j[0]['msg']['pid'] == int(v['pid'])" \
	"j[0]['msg']['tid'] > int(v['pid'])" \
	"j[0]['msg']['comm'] == 'ktls_traffic'" \
	"j[0]['msg']['uid'] == 0" \
	"j[0]['msg']['timestamp'] > 0" \
	"j[0]['msg']['seq'] == 0"
tap_check "rmmod" unload_module
tap_done
