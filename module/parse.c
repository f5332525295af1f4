// SPDX-License-Identifier: GPL-2.0
/*
 * Alert record parsing and classification (RFC 8446 section 6, RFC 5246
 * section 7.2). Pure: see parse.h.
 */
#ifdef __KERNEL__
#include <linux/string.h>
#else
#include <string.h>
#endif

#include <uapi/linux/ktls_alert.h>
#include <ktls_alert/registry_flags.h>

#include "parse.h"

#define KTLS_ALERT_REG_KNOWN	0x80

/* Registry flags per description byte; 0 means unassigned. */
static const __u8 ktls_alert_reg_flags[256] = {
#define KTLS_ALERT_REG(code, flags, ...) \
	[code] = KTLS_ALERT_REG_KNOWN | (flags),
#include <ktls_alert/registry.h>
#undef KTLS_ALERT_REG
};

/**
 * ktls_alert_desc_known() - is a description byte assigned by IANA?
 * @description: the alert description byte
 *
 * Return: true when the TLS Alerts registry lists @description.
 */
bool ktls_alert_desc_known(__u8 description)
{
	return ktls_alert_reg_flags[description] & KTLS_ALERT_REG_KNOWN;
}

/**
 * ktls_alert_desc_reserved() - does the registry reserve a description?
 * @description: the alert description byte
 *
 * Return: true when the registry marks @description as reserved.
 */
bool ktls_alert_desc_reserved(__u8 description)
{
	return ktls_alert_reg_flags[description] & KTLS_ALERT_REG_RESERVED;
}

static __u8 ktls_alert_class_of(__u8 level, __u8 description, __u16 version)
{
	if (ktls_alert_reg_flags[description] & KTLS_ALERT_REG_CLOSURE)
		return KTLS_ALERT_CLASS_CLOSURE;
	/* RFC 8446 6.2: in TLS 1.3 every other alert is an error alert. */
	if (version == KTLS_ALERT_TLS_1_3)
		return KTLS_ALERT_CLASS_FATAL;
	/* RFC 5246 7.2: in TLS 1.2 the level byte decides. */
	if (level == KTLS_ALERT_LEVEL_WARNING)
		return KTLS_ALERT_CLASS_WARNING;
	return KTLS_ALERT_CLASS_FATAL;
}

/**
 * ktls_alert_classify() - parse and classify one alert record
 * @head: the first min(@length, 2) plaintext bytes of the record
 * @length: the record's plaintext length, as the kernel decrypted it
 * @version: the connection's TLS version (0x0303 or 0x0304)
 * @v: filled with the verdict
 *
 * A valid alert is exactly two bytes, level then description, with a level
 * of 1 or 2. Anything else is malformed, for the first reason that applies
 * in this order: empty, truncated, oversized, bad level. Bytes that exist
 * are reported even for malformed records. Never reads more than
 * min(@length, 2) bytes from @head.
 */
void ktls_alert_classify(const __u8 *head, __u32 length, __u16 version,
			 struct ktls_alert_verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->length = length;

	if (length >= 1) {
		v->has_level = true;
		v->level = head[0];
	}
	if (length >= 2) {
		v->has_description = true;
		v->description = head[1];
		v->known = ktls_alert_desc_known(v->description);
		v->reserved = ktls_alert_desc_reserved(v->description);
	}

	if (length == 0)
		v->malformed = KTLS_ALERT_MALFORMED_EMPTY;
	else if (length == 1)
		v->malformed = KTLS_ALERT_MALFORMED_TRUNCATED;
	else if (length > 2)
		v->malformed = KTLS_ALERT_MALFORMED_OVERSIZED;
	else if (v->level != KTLS_ALERT_LEVEL_WARNING &&
		 v->level != KTLS_ALERT_LEVEL_FATAL)
		v->malformed = KTLS_ALERT_MALFORMED_BAD_LEVEL;

	if (v->malformed)
		v->class = KTLS_ALERT_CLASS_MALFORMED;
	else
		v->class = ktls_alert_class_of(v->level, v->description,
					       version);
}
