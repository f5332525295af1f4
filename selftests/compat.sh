#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every assumption module/compat.h makes about kernel-private kTLS
# internals, checked against the running kernel itself, so that its
# "checked on" list is a fact of each test run rather than a memory:
#
#   BTF of tls.ko (/sys/kernel/btf/tls, split over vmlinux's), read with
#   bpftool (bookworm's; trixie's when bookworm's cannot read it):
#     tls_rx_one_record(struct sock *sk, struct msghdr *msg,
#                       struct tls_decrypt_arg *darg) returning int
#     struct tls_decrypt_arg: 16 bytes, one-byte flags, skb at offset 8
#     sk_skb_cb.tls.control, strp_msg, tls_context.rx.rec_seq, crypto_recv
#   /proc/kallsyms: tls_rx_one_record is a real (not inlined, not cloned)
#     function of tls.ko; the witness tls_sw_recvmsg exists
#   the code of tls.ko (objdump): tls_rx_one_record is called only from
#     tls_sw_recvmsg, tls_sw_splice_read and tls_sw_read_sock
#   the module itself: get-info names the same hook point, and the
#     kprobe core lists it as an armed kretprobe (ftrace site or not)
. "$(dirname "$0")/lib/env.sh"

TRAFFIC=$BIN/ktls_traffic
work=$(mktemp -d)
cleanup() {
	rm -rf "$work"
	unload_module 2>/dev/null
}
trap cleanup EXIT

tap_diag "kernel $(uname -r)"

# bookworm's bpftool, or the trixie chroot's run with its own libraries.
TRIXIE=$CACHE/trixie
bpftool_trixie() {
	"$TRIXIE/lib64/ld-linux-x86-64.so.2" \
		--library-path "$TRIXIE/lib/x86_64-linux-gnu:$TRIXIE/usr/lib/x86_64-linux-gnu" \
		"$TRIXIE/usr/sbin/bpftool" "$@"
}
dump_btf() {
	bpftool -j btf dump file "$1" >"$2" 2>"$work/bpftool.err" && return 0
	tap_diag "bookworm bpftool cannot read $1 ($(head -n1 "$work/bpftool.err")); trying trixie's"
	bpftool_trixie -j btf dump file "$1" >"$2" 2>"$work/bpftool.err"
}

if ! [ -d /sys/module/tls ]; then
	tap_not_ok "tls.ko is loaded (run.sh loads it before every test)"
	tap_done
	exit
fi
# The debug kernel (scripts/debug-kernel.config) is built without BTF to
# keep its build short; its source is the 6.12 lane's, which checks BTF.
# Every Debian kernel has BTF, so there its absence is a failure.
btf=1
if [ "$SERIES" = debug ] && ! [ -e /sys/kernel/btf/vmlinux ]; then
	btf=0
	tap_skip "BTF checks of compat.h" \
		"the debug kernel is built without CONFIG_DEBUG_INFO_BTF; the 6.12 lane checks the same source"
else
	tap_check "the kernel exposes tls.ko's BTF (/sys/kernel/btf/tls)" \
		test -r /sys/kernel/btf/tls
fi
if [ "$btf" = 0 ]; then
	:
elif dump_btf /sys/kernel/btf/tls "$work/tls.json" &&
	dump_btf /sys/kernel/btf/vmlinux "$work/vmlinux.json"; then
	tap_ok "bpftool reads the BTF of tls.ko and vmlinux"
	# A file, not <(...): the guest has no /dev/fd.
	/usr/bin/python3 "$ST_DIR/lib/compat_btf.py" "$work/tls.json" \
		"$work/vmlinux.json" >"$work/btf.out" 2>&1
	while IFS= read -r line; do
		case "$line" in
		"ok "*) tap_ok "BTF: ${line#ok }" ;;
		"not ok "*) tap_not_ok "BTF: ${line#not ok }" ;;
		*) echo "# $line" ;;
		esac
	done <"$work/btf.out"
	# Never pass by checking nothing.
	tap_check "BTF: all 11 checks ran" \
		test "$(grep -cE '^(not )?ok ' "$work/btf.out")" = 11
else
	tap_not_ok "bpftool reads the BTF of tls.ko and vmlinux: $(head -n1 "$work/bpftool.err")"
fi

# kallsyms: one real function, in tls.ko, and no compiler clones
# (tls_rx_one_record.isra.0 and the like would take calls the probe misses).
syms=$(grep -E ' [tT] tls_rx_one_record(\.[a-z0-9.]+)?\s+\[tls\]$' /proc/kallsyms |
	awk '{print $3}' | sort -u)
tap_check "kallsyms: tls_rx_one_record is a function of tls.ko" \
	grep -qx tls_rx_one_record <<<"$syms"
tap_check "kallsyms: no clone of tls_rx_one_record ($(echo $syms))" \
	test "$syms" = tls_rx_one_record
tap_check "kallsyms: the witness tls_sw_recvmsg is in tls.ko" \
	grep -qE ' [tT] tls_sw_recvmsg\s+\[tls\]$' /proc/kallsyms

# The callers of tls_rx_one_record, from tls.ko's code.
ko=$(modinfo -n tls 2>/dev/null)
if ! command -v objdump >/dev/null || [ -z "$ko" ] || [ ! -f "$ko" ]; then
	tap_skip "code: callers of tls_rx_one_record" "no objdump or no tls.ko file ($ko)"
else
	case "$ko" in
	*.xz) xz -dc "$ko" >"$work/tls.ko" ;;
	*.zst) zstd -qdc "$ko" >"$work/tls.ko" ;;
	*.gz) gzip -dc "$ko" >"$work/tls.ko" ;;
	*) cp "$ko" "$work/tls.ko" ;;
	esac
	# A call is "call ... <tls_rx_one_record>" or a relocation to it.
	callers=$(objdump -dr --no-show-raw-insn "$work/tls.ko" | awk '
		/^[0-9a-f]+ <[^>]+>:$/ { fn = $2; gsub(/[<>:]/, "", fn); sub(/\.cold$/, "", fn) }
		/call.*<tls_rx_one_record>$/ || /R_X86_64_(PLT|PC)32[ \t]+tls_rx_one_record-0x4$/ { print fn }
		' | sort -u | tr '\n' ' ')
	tap_diag "tls_rx_one_record is called from: $callers"
	tap_check "code: tls_sw_recvmsg calls tls_rx_one_record" \
		grep -qw tls_sw_recvmsg <<<"$callers"
	tap_check "code: tls_sw_splice_read calls tls_rx_one_record" \
		grep -qw tls_sw_splice_read <<<"$callers"
	others=$(tr ' ' '\n' <<<"$callers" | grep -vxE 'tls_sw_recvmsg|tls_sw_splice_read|tls_sw_read_sock|' || true)
	tap_check "code: nothing else calls tls_rx_one_record${others:+ (also: $others)}" \
		test -z "$others"
fi

# The module agrees: it attached where compat.h says.
if load_module; then
	info=$("$TRAFFIC" info 2>&1)
	tap_check "get-info: hook is kretprobe:tls_rx_one_record" \
		grep -qx 'hook=kretprobe:tls_rx_one_record' <<<"$info"
	tap_check "get-info: hook attached, tls.ko loaded" bash -c \
		'grep -qx hook_attached=1 <<<"$1" && grep -qx tls_loaded=1 <<<"$1"' \
		_ "$info"
	# How the kprobe core attached it: through the function's ftrace
	# site ([FTRACE]) or with a breakpoint instruction (no flag).
	list=/sys/kernel/debug/kprobes/list
	if [ -r "$list" ]; then
		entry=$(grep -E '^[0-9a-f]+ +r +tls_rx_one_record\+0x0 ' "$list" | head -n 1)
		tap_check "kprobes/list: one armed kretprobe at tls_rx_one_record+0x0 (${entry:-none})" \
			bash -c '[ -n "$1" ] && ! grep -q DISABLED <<<"$1"' _ "$entry"
		case "$entry" in
		*FTRACE*) tap_diag "the hook attaches through the ftrace site of tls_rx_one_record" ;;
		?*) tap_diag "the hook attaches with a breakpoint (no ftrace site)" ;;
		esac
	else
		tap_skip "kprobes/list: how the hook attaches" "no debugfs at /sys/kernel/debug"
	fi
else
	tap_not_ok "insmod $KO"
fi
unload_module
tap_done
