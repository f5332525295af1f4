/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsing and classification of one alert record: pure functions over the
 * record's plaintext bytes and the connection's TLS version. No socket, skb
 * or netlink here; the same source builds into the module and into the host
 * unit tests (userspace/tests/test_parse.c).
 */
#ifndef _KTLS_ALERT_PARSE_H
#define _KTLS_ALERT_PARSE_H

/* __u8 and friends, from linux/types.h, exist in both worlds. */
#include <linux/types.h>
#ifndef __KERNEL__
#include <stdbool.h>
#endif

/* TLS record content types (RFC 8446 section 5.1). */
#define KTLS_ALERT_CT_CHANGE_CIPHER_SPEC	20
#define KTLS_ALERT_CT_ALERT		21
#define KTLS_ALERT_CT_HANDSHAKE		22
#define KTLS_ALERT_CT_APPLICATION_DATA	23

/* Alert levels (RFC 8446 section 6). */
#define KTLS_ALERT_LEVEL_WARNING	1
#define KTLS_ALERT_LEVEL_FATAL		2

/* Version numbers as the kernel's linux/tls.h spells them. */
#define KTLS_ALERT_TLS_1_2		0x0303
#define KTLS_ALERT_TLS_1_3		0x0304

/**
 * struct ktls_alert_verdict - what one alert record says
 * @length: plaintext length of the record, in bytes
 * @class: enum ktls_alert_class
 * @malformed: enum ktls_alert_malformed, or 0 for a valid alert
 * @level: raw level byte, valid when @has_level
 * @description: raw description byte, valid when @has_description
 * @has_level: the record holds at least one byte
 * @has_description: the record holds at least two bytes
 * @known: @description is assigned in the IANA registry
 * @reserved: the registry marks @description reserved
 */
struct ktls_alert_verdict {
	__u32 length;
	__u8 class;
	__u8 malformed;
	__u8 level;
	__u8 description;
	bool has_level;
	bool has_description;
	bool known;
	bool reserved;
};

bool ktls_alert_desc_known(__u8 description);
bool ktls_alert_desc_reserved(__u8 description);
void ktls_alert_classify(const __u8 *head, __u32 length, __u16 version,
			 struct ktls_alert_verdict *v);

#endif /* _KTLS_ALERT_PARSE_H */
