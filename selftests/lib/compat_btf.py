#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Check module/compat.h's assumptions against a kernel's BTF.

Usage: compat_btf.py TLS.json VMLINUX.json

TLS.json and VMLINUX.json are `bpftool -j btf dump file` of
/sys/kernel/btf/tls and /sys/kernel/btf/vmlinux. tls.ko's BTF is split BTF
over vmlinux's: its type ids continue vmlinux's, and it refers to vmlinux
types by id. Prints one line per check, "ok DESCRIPTION" or
"not ok DESCRIPTION: WHY", plus "# ..." notes; selftests/compat.sh turns
them into TAP.
"""

import json
import sys


def load(path):
    with open(path) as f:
        return json.load(f)["types"]


def main():
    tls = load(sys.argv[1])
    vml = load(sys.argv[2])
    by_id = {t["id"]: t for t in vml}
    by_id.update({t["id"]: t for t in tls})
    # (kind, name) -> type; tls.ko's own types first, then vmlinux's.
    tls_names = {}
    for t in tls:
        tls_names.setdefault((t["kind"], t.get("name")), t)
    all_names = dict(tls_names)
    for t in vml:
        all_names.setdefault((t["kind"], t.get("name")), t)

    def named(kind, name, only_tls=False):
        return (tls_names if only_tls else all_names).get((kind, name))

    def strip(tid):
        """Skip typedefs and qualifiers."""
        t = by_id.get(tid)
        while t and t["kind"] in ("TYPEDEF", "CONST", "VOLATILE", "RESTRICT",
                                  "TYPE_TAG"):
            t = by_id.get(t["type_id"])
        return t

    def spell(tid):
        """A C-ish spelling of a type, for messages and comparisons."""
        t = by_id.get(tid)
        if t is None:
            return "void" if tid == 0 else f"?{tid}"
        k = t["kind"]
        if k == "PTR":
            return spell(t["type_id"]) + " *"
        if k in ("STRUCT", "UNION"):
            return f"{k.lower()} {t['name']}"
        if k == "ARRAY":
            return f"{spell(t['type_id'])}[{t['nr_elems']}]"
        if k in ("CONST", "VOLATILE", "TYPE_TAG"):
            return spell(t["type_id"])
        return t.get("name", k)

    def size(tid):
        t = strip(tid)
        if t is None:
            return None
        if t["kind"] == "PTR":
            return 8
        if t["kind"] == "ARRAY":
            return t["nr_elems"] * size(t["type_id"])
        return t.get("size")

    def member(struct, name):
        for m in struct.get("members", []):
            if m["name"] == name:
                return m
        return None

    results = []

    def check(desc, ok, why=""):
        results.append((desc, ok, why))

    # Assumption 1: static int tls_rx_one_record(struct sock *sk,
    #     struct msghdr *msg, struct tls_decrypt_arg *darg), in tls.ko.
    fn = named("FUNC", "tls_rx_one_record", only_tls=True)
    check("tls.ko has a function tls_rx_one_record", fn is not None,
          "no FUNC of that name in /sys/kernel/btf/tls")
    if fn:
        proto = by_id[fn["type_id"]]
        got = [(p["name"], spell(p["type_id"])) for p in proto["params"]]
        want = [("sk", "struct sock *"), ("msg", "struct msghdr *"),
                ("darg", "struct tls_decrypt_arg *")]
        check("tls_rx_one_record takes (struct sock *sk, struct msghdr *msg, "
              "struct tls_decrypt_arg *darg)", got == want,
              f"BTF says {got}")
        check("tls_rx_one_record returns int",
              spell(proto["ret_type_id"]) == "int",
              f"BTF says {spell(proto['ret_type_id'])}")

    # Assumption 2: struct tls_decrypt_arg, 16 bytes, skb at offset 8.
    da = named("STRUCT", "tls_decrypt_arg", only_tls=True)
    check("tls.ko has struct tls_decrypt_arg", da is not None,
          "not in /sys/kernel/btf/tls")
    if da:
        check("struct tls_decrypt_arg is 16 bytes", da["size"] == 16,
              f"it is {da['size']}")
        skb = member(da, "skb")
        check("tls_decrypt_arg.skb is a struct sk_buff * at offset 8",
              skb is not None and skb["bits_offset"] == 64 and
              spell(skb["type_id"]) == "struct sk_buff *",
              f"skb is {skb and spell(skb['type_id'])} at bit "
              f"{skb and skb['bits_offset']}")
        # What comes before skb: the struct_group of one-byte flags.
        head = [m for m in da["members"] if m["bits_offset"] < 64 and
                m["name"] != "skb"]
        flags = []
        for m in head:
            t = strip(m["type_id"])
            if t and t["kind"] == "UNION":
                t = strip(t["members"][0]["type_id"])
            if t and t["kind"] == "STRUCT":
                flags += [(f["name"], f["bits_offset"] // 8,
                           size(f["type_id"])) for f in t["members"]]
            else:
                flags.append((m["name"], m["bits_offset"] // 8,
                              size(m["type_id"])))
        print(f"# tls_decrypt_arg before skb: {flags}")
        check("the members before tls_decrypt_arg.skb are one-byte flags "
              "(zc, async, ..., tail) ending before offset 8",
              bool(flags) and all(s == 1 and o < 8 for _, o, s in flags) and
              flags[0][0] == "zc" and flags[-1][0] == "tail",
              f"they are {flags}")

    # Assumption 3: the record type in struct sk_skb_cb's tls.control, the
    # plaintext described by struct strp_msg (both public headers).
    cb = named("STRUCT", "sk_skb_cb")
    tm = named("STRUCT", "tls_msg")
    ctl = tm and member(tm, "control")
    tlsm = cb and member(cb, "tls")
    check("struct sk_skb_cb has tls, a struct tls_msg whose control is "
          "one byte", bool(tlsm and ctl and
                           spell(tlsm["type_id"]) == "struct tls_msg" and
                           size(ctl["type_id"]) == 1),
          f"sk_skb_cb.tls={tlsm}, tls_msg.control={ctl}")
    sm = named("STRUCT", "strp_msg")
    check("struct strp_msg has int full_len at 0 and int offset at 4",
          bool(sm and member(sm, "full_len") and member(sm, "offset") and
               member(sm, "full_len")["bits_offset"] == 0 and
               member(sm, "offset")["bits_offset"] == 32 and
               spell(member(sm, "full_len")["type_id"]) == "int" and
               spell(member(sm, "offset")["type_id"]) == "int"),
          f"strp_msg is {sm}")

    # Assumption 4: tls_context.rx.rec_seq, 8 big-endian bytes behind a
    # pointer (6.1) or in an array (6.12+); crypto_recv.info.
    ctx = named("STRUCT", "tls_context")
    rx = ctx and member(ctx, "rx")
    cc = rx and strip(rx["type_id"])
    rs = cc and member(cc, "rec_seq")
    kind = rs and spell(rs["type_id"])
    check("tls_context.rx.rec_seq is a char pointer or char[8]",
          kind in ("char *", "char[8]"), f"it is {kind}")
    print(f"# tls_context.rx.rec_seq is {kind}")
    cr = ctx and member(ctx, "crypto_recv")
    ci = named("STRUCT", "tls_crypto_info")
    check("tls_context.crypto_recv is union tls_crypto_context, whose info "
          "is { __u16 version; __u16 cipher_type; }",
          bool(cr and spell(cr["type_id"]) == "union tls_crypto_context" and
               ci and [(m["name"], m["bits_offset"]) for m in
                       ci["members"]] == [("version", 0),
                                          ("cipher_type", 16)]),
          f"crypto_recv={cr and spell(cr['type_id'])}, info={ci}")

    for desc, ok, why in results:
        print(f"ok {desc}" if ok else f"not ok {desc}: {why}")
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
