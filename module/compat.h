/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every assumption ktls_alert makes about kernel-private kTLS internals,
 * in one place. Everything else in the module uses public headers only.
 *
 * Checked on (source read in Debian's linux-source packages, layout read
 * from the tls.ko BTF by selftests/compat.sh on every test run):
 *   6.1  (Debian 6.1.0-57, upstream 6.1.192)
 *   6.12 (Debian 6.12.118+deb12, upstream 6.12.118)
 *   7.3  (Debian 7.3.4+deb13, upstream 7.3.4)
 *
 * A kernel outside these series is refused at insmod with one log line:
 * the module does not guess. To support another series, read its
 * net/tls/tls_sw.c against the assumptions below, run selftests/compat.sh
 * on it, and add it to ktls-alert-checked in Kbuild.
 */
#ifndef _KTLS_ALERT_COMPAT_H
#define _KTLS_ALERT_COMPAT_H

#include <linux/skbuff.h>
#include <net/strparser.h>

/*
 * Assumption 1: the software and device-offload receive paths decrypt each
 * record in net/tls/tls_sw.c:
 *
 *   static int tls_rx_one_record(struct sock *sk, struct msghdr *msg,
 *                                struct tls_decrypt_arg *darg);
 *
 * It is not inlined (it is in kallsyms), it is called exactly once per
 * decrypted record by tls_sw_recvmsg(), tls_sw_splice_read() and, where the
 * kernel has it, tls_sw_read_sock(), and it returns 0 on success. Non-data
 * records are always decrypted synchronously (tls_sw_recvmsg() clears
 * darg.async for them), so on return the plaintext is in place.
 * 6.1, 6.12: returns 0 after tls_advance_record_sn().
 * 7.3: returns tls_check_pending_rekey(), which is 0 for every record
 * except a failed read of a handshake record.
 */
#define KTLS_ALERT_HOOK_SYMBOL	"tls_rx_one_record"

/*
 * Assumption 2: struct tls_decrypt_arg, private to net/tls/tls_sw.c, starts
 * with four one-byte members (zc, async, async_done, tail; a struct_group)
 * followed by the output skb pointer at offset 8. On success darg->skb holds
 * the decrypted record. Same in 6.1, 6.12 and 7.3 (BTF: size 16, skb at 8).
 */
struct ktls_alert_decrypt_arg {
	bool zc;
	bool async;
	bool async_done;
	u8 tail;
	struct sk_buff *skb;
};

/*
 * Assumption 3: on success, strp_msg(darg->skb) (public, net/strparser.h)
 * describes the record's plaintext: tls_rx_one_record() has advanced
 * ->offset past the record header and IV and cut the tag (and, for TLS 1.3,
 * the content type byte and padding) from ->full_len. The real content
 * type is in the public struct sk_skb_cb's tls.control (tls_msg() in the
 * private net/tls/tls.h is the same accessor). For TLS 1.3 it has been
 * taken from the plaintext by then.
 */
static inline u8 ktls_alert_record_type(struct sk_buff *skb)
{
	return ((struct sk_skb_cb *)skb->cb)->tls.control;
}

/*
 * Assumption 4: tls_ctx->rx.rec_seq (public, net/tls.h) holds the big-endian
 * sequence number of the next record to decrypt; tls_rx_one_record() has
 * already advanced it past this record. 6.1 has a pointer, 6.12 and 7.3 an
 * array; both read the same way.
 */

/*
 * Kbuild defines KTLS_ALERT_COMPAT_SERIES ("6.12", say) when the kernel being
 * built for belongs to a series listed in its ktls-alert-checked variable,
 * and KTLS_ALERT_COMPAT_CHECKED to that list. Elsewhere the module builds,
 * and its init refuses to run.
 */
#ifndef KTLS_ALERT_COMPAT_SERIES
#define KTLS_ALERT_COMPAT_SERIES	NULL
#endif

#endif /* _KTLS_ALERT_COMPAT_H */
