#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Expectations and verdicts for selftests/e2e.sh.

  check_events.py alerts
      Print the LEVEL:DESCRIPTION list the alert client sends: every code of
      include/ktls_alert/registry.h and a sample of unassigned codes, each at
      level 1 (warning) and 2 (fatal).

  check_events.py check --scenario NAME --expect FILE --events FILE
                        --stats FILE --pid N --comm NAME --uid N --port N
      Compare what the clients sent with what `ktls-alert monitor --json`
      printed, in order, and with `ktls-alert stats --json`. The server
      (pid, comm, uid, listening port) is the same for the whole scenario.
      The expect FILE has one line per alert sent, in the order the
      connections were made:

        host=::1 port=41234 version=1.3 cipher=AES-128-GCM level=2 description=40 [seq=0] -- label

      host is the address the client connected to (loopback, so both ends
      have it), port the client's own port. Prints one "PASS label" or
      "FAIL label" line per label, then one each for "no other events" and
      "statistics", with "# " lines saying what differed. Exit status 0 when
      everything passed.

The class each alert must get is computed here from RFC 8446 section 6 and
RFC 5246 section 7.2, not taken from the module's code: closure for
close_notify (0) and user_canceled (90); in TLS 1.3 every other alert is an
error alert, so fatal whatever the level byte says; in TLS 1.2 the level
byte decides (1 warning, 2 fatal).
"""

import argparse
import json
import os
import re
import sys

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
REGISTRY = os.path.join(TOP, "include", "ktls_alert", "registry.h")

# RFC 8446 section 6.1: the closure alerts.
CLOSURE_ALERTS = {0: "close_notify", 90: "user_canceled"}
# Values the IANA registry leaves unassigned, from both ends and the gaps.
UNASSIGNED_SAMPLE = [1, 53, 101, 122, 200, 255]
# TLS_CIPHER_* of linux/tls.h, by the names GnuTLS and the tests use.
CIPHERS = {
    "AES-128-GCM": 51,
    "AES-256-GCM": 52,
    "AES-128-CCM": 53,
    "CHACHA20-POLY1305": 54,
}
VERSIONS = {"1.2": 0x0303, "1.3": 0x0304}


def registry():
    """{code: (name, reserved)} from registry.h."""
    entry = re.compile(r'KTLS_ALERT_REG\((\d+),\s*([A-Z_|0 ]+),\s*"([a-z_]+)"')
    codes = {}
    with open(REGISTRY) as f:
        for m in entry.finditer(f.read()):
            codes[int(m.group(1))] = (m.group(3),
                                      "KTLS_ALERT_REG_RESERVED" in m.group(2))
    if len(codes) < 30:
        sys.exit(f"check_events: only {len(codes)} entries parsed from {REGISTRY}")
    return codes


def expected_class(version, level, description):
    if level not in (1, 2):
        return "malformed"
    if description in CLOSURE_ALERTS:
        return "closure"
    if version == "1.3":
        return "fatal"
    return "warning" if level == 1 else "fatal"


def cmd_alerts(_args):
    reg = registry()
    clash = [c for c in UNASSIGNED_SAMPLE if c in reg]
    if clash:
        sys.exit(f"check_events: {clash} are assigned now; pick other unassigned codes")
    codes = sorted(reg) + UNASSIGNED_SAMPLE
    print(" ".join(f"{level}:{code}" for code in codes for level in (1, 2)))


def read_expect(path):
    """[(fields, label)] from "k=v k=v -- label" lines."""
    out = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            kv, _, label = line.partition(" -- ")
            fields = dict(p.split("=", 1) for p in kv.split())
            out.append((fields, label.strip() or "unlabelled"))
    return out


def read_events(path):
    events, lost = [], 0
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                ev = json.loads(line)
            except ValueError as e:
                events.append({"_bad": f"line {n} is not JSON ({e}): {line[:80]}"})
                continue
            if "lost" in ev:
                lost += int(ev["lost"])
                continue
            events.append(ev)
    return events, lost


def compare(exp, ev, args, reg):
    """The list of differences between one expected alert and one event."""
    if "_bad" in ev:
        return [ev["_bad"]]
    version, level, desc = exp["version"], int(exp["level"]), int(exp["description"])
    want = {
        "class": expected_class(version, level, desc),
        "level_raw": level,
        "code": desc,
        "known": desc in reg,
        "reserved": desc in reg and reg[desc][1],
        "malformed": None,
        "length": 2,
        "tls_version_raw": VERSIONS[version],
        "cipher_raw": CIPHERS[exp["cipher"]],
        "family": "inet6" if ":" in exp["host"] else "inet",
        "local": exp["host"],
        "local_port": args.port,
        "peer": exp["host"],
        "peer_port": int(exp["port"]),
        "pid": args.pid,
        "comm": args.comm,
        "uid": args.uid,
    }
    if "seq" in exp:
        want["seq"] = int(exp["seq"])
    diffs = []
    for key, value in want.items():
        if key not in ev:
            diffs.append(f"{key}: missing, want {value!r}")
        elif ev[key] != value:
            diffs.append(f"{key}: got {ev[key]!r}, want {value!r}")
    return diffs


def describe(exp):
    return (f"TLS {exp['version']} {exp['cipher']} level {exp['level']} "
            f"description {exp['description']} from [{exp['host']}]:{exp['port']}")


def check_stats(path, expected):
    """Class and description x class counters against what was sent."""
    with open(path) as f:
        st = json.load(f)
    diffs = []
    want_class = {c: 0 for c in ("closure", "warning", "fatal", "malformed")}
    want_desc = {}
    for exp, _ in expected:
        cls = expected_class(exp["version"], int(exp["level"]), int(exp["description"]))
        want_class[cls] += 1
        row = want_desc.setdefault(int(exp["description"]), {})
        row[cls] = row.get(cls, 0) + 1
    for cls, n in want_class.items():
        if st.get("class", {}).get(cls) != n:
            diffs.append(f"class {cls}: stats say {st.get('class', {}).get(cls)}, sent {n}")
    got_desc = {}
    for row in st.get("description", []):
        counts = {c: row[c] for c in want_class if row.get(c)}
        got_desc[row["code"]] = counts
    for code in sorted(set(want_desc) | set(got_desc)):
        if want_desc.get(code, {}) != got_desc.get(code, {}):
            diffs.append(f"description {code}: stats say {got_desc.get(code, {})}, "
                         f"sent {want_desc.get(code, {})}")
    for key in ("undelivered", "missed"):
        if st.get(key, 0):
            diffs.append(f"{key}: {st[key]}")
    return diffs


def cmd_check(args):
    reg = registry()
    expected = read_expect(args.expect)
    events, lost = read_events(args.events)
    results = {}          # label -> list of differences
    order = []
    for i, (exp, label) in enumerate(expected):
        if label not in results:
            results[label] = []
            order.append(label)
        if i >= len(events):
            results[label].append(f"no event for {describe(exp)}")
            continue
        diffs = compare(exp, events[i], args, reg)
        if diffs:
            results[label].append(f"{describe(exp)}: " + "; ".join(diffs))

    failed = 0
    for label in order:
        diffs = results[label]
        for d in diffs[:12]:
            print(f"# {d}")
        if len(diffs) > 12:
            print(f"# ... and {len(diffs) - 12} more")
        print(("FAIL " if diffs else "PASS ") + label)
        failed += bool(diffs)

    extra = events[len(expected):]
    for ev in extra[:5]:
        print(f"# unexpected event: {json.dumps(ev)[:300]}")
    if lost:
        print(f"# the monitor reported {lost} lost events")
    ok = not extra and not lost
    print(("PASS " if ok else "FAIL ") +
          f"{args.scenario}: exactly {len(expected)} events, none lost, none extra"
          f" (got {len(events)})")
    failed += not ok

    diffs = check_stats(args.stats, expected)
    for d in diffs:
        print(f"# {d}")
    print(("FAIL " if diffs else "PASS ") +
          f"{args.scenario}: ktls-alert stats count exactly what was sent, by class and description")
    failed += bool(diffs)
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("alerts")
    c = sub.add_parser("check")
    c.add_argument("--scenario", required=True)
    c.add_argument("--expect", required=True)
    c.add_argument("--events", required=True)
    c.add_argument("--stats", required=True)
    c.add_argument("--pid", type=int, required=True)
    c.add_argument("--comm", required=True)
    c.add_argument("--uid", type=int, required=True)
    c.add_argument("--port", type=int, required=True)
    args = ap.parse_args()
    if args.cmd == "alerts":
        return cmd_alerts(args)
    return cmd_check(args)


if __name__ == "__main__":
    sys.exit(main())
