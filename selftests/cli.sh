#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ktls-alert against the real module, inside the test guest: every field
# of monitor --json against the alerts a kTLS peer sent, the filters,
# stats and status against what happened, the exit codes for a missing
# module (2), a missing privilege (3) and bad arguments (1), Ctrl-C, and an
# overrun where delivered + lost must equal sent.
#
#   peer.py client (TLS_TX) --- loopback TCP ---> peer.py server (TLS_RX,
#                                                 reads every record)
#        sends alert records                         |
#                                                    | hook: one event each
#                                                    v
#                                   ktls-alert monitor --json > events
#
# The peer is a short Python program (kTLS needs only setsockopt and
# sendmsg/recvmsg with a control message); it writes what it sent as JSON,
# and the same program compares the monitor's output with that, computing
# each expected class from the RFC rules on its own.
. "$(dirname "$0")/lib/env.sh"

W=$(mktemp -d)
MON_PID=
cleanup() {
	[ -n "$MON_PID" ] && kill "$MON_PID" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT

cat >"$W/peer.py" <<'EOF'
import json, os, socket, struct, sys, threading

SOL_TLS, TCP_ULP, TLS_TX, TLS_RX = 282, 31, 1, 2
TLS_SET_RECORD_TYPE, TLS_GET_RECORD_TYPE, SO_COOKIE = 1, 2, 57
AES_GCM_128 = 51
VERSIONS = {"1.2": 0x0303, "1.3": 0x0304}
ASSIGNED = {0, 10, 20, 21, 22, 30, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49,
            50, 51, 52, 60, 70, 71, 80, 86, 90, 100, 109, 110, 111, 112,
            113, 114, 115, 116, 117, 120, 121}
RESERVED = {21, 30, 41, 60, 111, 114}

def crypto_info(version):
    # struct tls12_crypto_info_aes_gcm_128: fixed test keys, rec_seq 0
    return struct.pack("=HH8s16s4s8s", version, AES_GCM_128,
                       bytes(range(8)), bytes(range(16)), b"salt",
                       bytes(8))

def pair(family):
    if family == "inet":
        lst = socket.socket(socket.AF_INET)
        lst.bind(("127.0.0.1", 0))
        dst = ("127.0.0.1", lst.getsockname()[1])
        cli = socket.socket(socket.AF_INET)
    else:
        lst = socket.socket(socket.AF_INET6)
        lst.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        lst.bind(("::", 0))
        host = "::1" if family == "inet6" else "::ffff:127.0.0.1"
        dst = (host, lst.getsockname()[1])
        cli = socket.socket(socket.AF_INET6)
    lst.listen(1)
    cli.connect(dst)
    srv, _ = lst.accept()
    lst.close()
    return cli, srv

def send(args):
    version, family, out = args[0], args[1], args[2]
    payloads = [bytes.fromhex(h) for h in args[3:]]
    v = VERSIONS[version]
    cli, srv = pair(family)
    for s, opt in ((cli, TLS_TX), (srv, TLS_RX)):
        s.setsockopt(socket.SOL_TCP, TCP_ULP, b"tls")
        s.setsockopt(SOL_TLS, opt, crypto_info(v))

    def reader():
        for p in payloads:
            data, anc, _, _ = srv.recvmsg(65536, socket.CMSG_SPACE(1))
            rtype = [c[2][0] for c in anc
                     if c[0] == SOL_TLS and c[1] == TLS_GET_RECORD_TYPE]
            if data != p or rtype != [21]:
                sys.exit("record came back as %r type %r" % (data, rtype))
    t = threading.Thread(target=reader)
    t.start()
    for p in payloads:
        cli.sendmsg([p], [(SOL_TLS, TLS_SET_RECORD_TYPE, bytes([21]))])
    t.join()
    local, peer = srv.getsockname(), srv.getpeername()
    sent = {
        "version": version, "family": srv.family == socket.AF_INET and
        "inet" or "inet6",
        "local": local[0], "local_port": local[1],
        "peer": peer[0], "peer_port": peer[1],
        "pid": os.getpid(), "tid": t.native_id,
        "comm": open("/proc/self/comm").read().strip(),
        "uid": os.getuid(),
        "cookie": struct.unpack("=Q", srv.getsockopt(
            socket.SOL_SOCKET, SO_COOKIE, 8))[0],
        "netns": os.stat("/proc/self/ns/net").st_ino,
        "payloads": [p.hex() for p in payloads],
    }
    cli.close()
    srv.close()
    json.dump(sent, open(out, "w"))

def expected(sent, seq, p):
    """What one alert record must look like in monitor --json."""
    n = len(p)
    level = p[0] if n >= 1 else None
    desc = p[1] if n >= 2 else None
    if n == 0:
        reason = "empty"
    elif n == 1:
        reason = "truncated"
    elif n > 2:
        reason = "oversized"
    elif level not in (1, 2):
        reason = "bad-level"
    else:
        reason = None
    if reason:
        cls = "malformed"
    elif desc in (0, 90):
        cls = "closure"
    elif sent["version"] == "1.3":
        cls = "fatal"
    else:
        cls = "warning" if level == 1 else "fatal"
    e = {
        "class": cls, "malformed": reason, "length": n,
        "level_raw": level, "code": desc,
        "level": {1: "warning", 2: "fatal"}.get(level, "unknown")
                 if level is not None else None,
        "known": desc in ASSIGNED, "reserved": desc in RESERVED,
        "tls_version": sent["version"], "cipher": "aes-gcm-128",
        "cipher_raw": AES_GCM_128, "seq": seq,
    }
    for k in ("family", "local", "local_port", "peer", "peer_port", "pid",
              "tid", "comm", "uid", "cookie", "netns"):
        e[k] = sent[k]
    return e

def check(args):
    sent = json.load(open(args[0]))
    lines = [json.loads(l) for l in open(args[1]) if l.strip()]
    names = json.load(open(args[2]))
    events = [l for l in lines if "lost" not in l]
    bad = 0
    if len(events) != len(sent["payloads"]):
        print("# %d events for %d records" % (len(events),
                                              len(sent["payloads"])))
        return 1
    for seq, (p, ev) in enumerate(zip(sent["payloads"], events)):
        e = expected(sent, seq, bytes.fromhex(p))
        if e["code"] is not None:
            e["description"] = names.get(str(e["code"]), "unknown")
        else:
            e["description"] = None
        for k, want in e.items():
            if ev.get(k) != want:
                print("# record %d (%s): %s is %r, want %r" %
                      (seq, p, k, ev.get(k), want))
                bad += 1
        for k in ("time", "time_ns", "netns_cookie", "tls_version_raw"):
            if ev.get(k) is None:
                print("# record %d: %s missing" % (seq, k))
                bad += 1
    return 1 if bad else 0

if __name__ == "__main__":
    if sys.argv[1] == "send":
        send(sys.argv[2:])
    else:
        sys.exit(check(sys.argv[2:]))
EOF

peer() {
	/usr/bin/python3 "$W/peer.py" "$@"
}

# Start monitor with ARGS in the background, output in $W/mon.out, and wait
# until it has joined the group.
monitor_start() {
	"$TOOL" monitor "$@" >"$W/mon.out" 2>"$W/mon.err" &
	MON_PID=$!
	for _ in $(seq 100); do
		grep -q "listening" "$W/mon.err" && return 0
		kill -0 "$MON_PID" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

# Wait for the monitor to exit; its status lands in $MON_RC.
monitor_wait() {
	wait "$MON_PID"
	MON_RC=$?
	MON_PID=
}

unload_module
load_module || { tap_not_ok "insmod"; tap_done; exit 1; }
"$TOOL" list --json | /usr/bin/python3 -c '
import json, sys
print(json.dumps({str(e["code"]): e["name"] for e in json.load(sys.stdin)}))' \
	>"$W/names.json"

# 1. every field of every event, for both versions and all address kinds
ALERTS="0100 0200 015a 0228 022f 012a 0164 0115 01c8 02ff 0250 0175 0179"
MALFORMED="02 022800 0328 0028 ff00"
run_fields() {
	local version=$1 family=$2 n
	# shellcheck disable=SC2086
	n=$(echo $ALERTS $MALFORMED | wc -w)
	if ! monitor_start --json --count "$n" --timeout 60; then
		tap_not_ok "TLS $version $family: monitor started"
		return
	fi
	# shellcheck disable=SC2086
	peer send "$version" "$family" "$W/sent.json" $ALERTS $MALFORMED
	monitor_wait
	tap_check "TLS $version over $family: monitor --json --count $n exits 0 after $n events" \
		test "$MON_RC" = 0
	tap_check "TLS $version over $family: every field of every event matches what was sent" \
		peer check "$W/sent.json" "$W/mon.out" "$W/names.json"
}
run_fields 1.2 inet
run_fields 1.3 inet6
run_fields 1.3 mapped

# 2. filters
if monitor_start --json --class warning --description no_renegotiation,2 \
	--count 1 --timeout 30; then
	peer send 1.2 inet "$W/sent.json" 0228 0101 0164
	monitor_wait
	tap_check "--class warning --description no_renegotiation picks only that alert" \
		sh -c '[ $(wc -l < "$1") = 1 ] && grep -q "\"code\":100," "$1"' \
		sh "$W/mon.out"
else
	tap_not_ok "filter monitor started"
fi
if monitor_start --port 1 --timeout 2; then
	peer send 1.3 inet "$W/sent.json" 0228
	monitor_wait
	tap_check "--port that matches no socket shows nothing and --timeout ends with 0" \
		sh -c '[ "$1" = 0 ] && [ ! -s "$2" ]' sh "$MON_RC" "$W/mon.out"
else
	tap_not_ok "port monitor started"
fi
if monitor_start --count 1 --timeout 30; then
	peer send 1.3 inet "$W/sent.json" 0228
	monitor_wait
	tap_check "the text line names the alert, the version and the reader" \
		grep -q " fatal desc=handshake_failure(40) level=fatal(2) tls=1.3 cipher=aes-gcm-128 .* comm=python3 " \
		"$W/mon.out"
else
	tap_not_ok "text monitor started"
fi

# 3. stats and status against what happened
"$TOOL" stats --reset
peer send 1.2 inet "$W/sent.json" 0100 0100 0228 0164 02 022800
"$TOOL" stats --json >"$W/stats.json"
tap_check "stats --json counts exactly what was sent since --reset" \
	/usr/bin/python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
d = {(e["code"], c): e[c] for e in s["description"]
     for c in ("closure", "warning", "fatal", "malformed") if e[c]}
ok = (s["class"] == {"closure": 2, "warning": 1, "fatal": 1, "malformed": 2}
      and d == {(0, "closure"): 2, (40, "fatal"): 1, (100, "warning"): 1,
                (40, "malformed"): 1}
      and s["malformed"] == {"empty": 0, "truncated": 1, "oversized": 1,
                             "bad-level": 0}
      and s["undelivered"] == 0)
sys.exit(0 if ok else print(s) or 1)' "$W/stats.json"
"$TOOL" status --json >"$W/status.json"
tap_check "status --json reports the loaded module, this kernel and an armed hook" \
	/usr/bin/python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
sys.exit(0 if s["module_version"] == sys.argv[2] and
         s["kernel_release"] == sys.argv[3] and s["hook_attached"] is True and
         s["tls_loaded"] is True and s["family_version"] == 1 else 1)' \
	"$W/status.json" "$(modinfo -F version "$KO")" "$(uname -r)"

# 4. exit codes
nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=-all --bounding-set=-all "$@"
}
nobody "$TOOL" monitor >/dev/null 2>"$W/err"
tap_check "monitor without CAP_NET_ADMIN exits 3 and names the capability" \
	sh -c '[ "$1" = 3 ] && grep -q CAP_NET_ADMIN "$2"' sh $? "$W/err"
nobody "$TOOL" stats --reset 2>"$W/err"
tap_check "stats --reset without CAP_NET_ADMIN exits 3" \
	sh -c '[ "$1" = 3 ] && grep -q CAP_NET_ADMIN "$2"' sh $? "$W/err"
nobody "$TOOL" stats --json >/dev/null 2>"$W/err"
tap_check "stats is open to an unprivileged user" test $? = 0
"$TOOL" monitor --class nope 2>/dev/null
tap_check "a bad argument exits 1 even with the module loaded" test $? = 1

# 5. signals end monitor with 0
for sig in INT TERM; do
	if monitor_start; then
		kill -"$sig" "$MON_PID"
		monitor_wait
		tap_check "SIG$sig ends monitor with status 0" test "$MON_RC" = 0
	else
		tap_not_ok "SIG$sig: monitor started"
	fi
done

# 6. overrun: a stopped monitor with a tiny buffer misses most of a flood
N=2000
"$TOOL" stats --reset
if monitor_start --json --rcvbuf 4096; then
	kill -STOP "$MON_PID"
	# shellcheck disable=SC2046
	peer send 1.3 inet "$W/sent.json" $(for _ in $(seq $N); do echo 0228; done)
	kill -CONT "$MON_PID"
	# It drains what fits, then reports the loss; give it time to, then
	# stop it the way an operator would.
	for _ in $(seq 100); do
		grep -q '"lost"' "$W/mon.out" && break
		sleep 0.1
	done
	sleep 1
	kill -INT "$MON_PID"
	monitor_wait
	"$TOOL" stats --json >"$W/stats.json"
	tap_check "an overrun is reported in the stream, and delivered + lost = $N sent" \
		/usr/bin/python3 -c '
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
lost = sum(l["lost"] for l in lines if "lost" in l)
got = sum(1 for l in lines if "lost" not in l)
undelivered = json.load(open(sys.argv[2]))["undelivered"]
print("# delivered %d lost %d undelivered %d" % (got, lost, undelivered))
sys.exit(0 if lost > 0 and got + lost == int(sys.argv[3]) and
         undelivered == lost else 1)' "$W/mon.out" "$W/stats.json" "$N"
	tap_check "monitor went on after the overrun and exited 0" \
		test "$MON_RC" = 0
else
	tap_not_ok "overrun monitor started"
fi

# 7. without the module
unload_module
"$TOOL" status >"$W/out" 2>"$W/err"
tap_check "status without the module exits 2 and says modprobe ktls_alert" \
	sh -c '[ "$1" = 2 ] && grep -q "modprobe ktls_alert" "$2"' sh $? "$W/err"
tap_check "status without the module still names the kernel and tls.ko's state" \
	sh -c 'grep -qx "module: *not loaded" "$1" &&
	       grep -qx "kernel: *$(uname -r)" "$1" &&
	       grep -qx "tls.ko: *loaded" "$1"' sh "$W/out"
"$TOOL" monitor --json 2>"$W/err"
tap_check "monitor without the module exits 2" test $? = 2

tap_done
