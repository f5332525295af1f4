// SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause
/*
 * Names for every number the family uses. Alert descriptions come from the
 * one registry in include/ktls_alert/registry.h; the small enums are named
 * here once, for the CLI, the man page and any other consumer.
 */
#include <ctype.h>
#include <linux/tls.h>
#include <string.h>

#include "internal.h"
#include <ktls_alert/registry_flags.h>

static const struct ktls_alert_desc_info kta_registry[] = {
#define KTLS_ALERT_REG(c, flags, n, text, ref)				\
	{								\
		.code = (c),						\
		.name = (n),						\
		.reference = (ref),					\
		.explanation = (text),					\
		.reserved = ((flags) & KTLS_ALERT_REG_RESERVED) != 0,	\
		.closure = ((flags) & KTLS_ALERT_REG_CLOSURE) != 0,	\
	},
#include <ktls_alert/registry.h>
#undef KTLS_ALERT_REG
};

#define KTA_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const char kta_unknown[] = "unknown";

/*
 * Names compare without regard to case, and '-' matches '_', so that
 * "bad-level", "BAD_LEVEL" and "Bad_Level" all name the same thing.
 */
static bool kta_name_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		int ca = *a == '-' ? '_' : tolower((unsigned char)*a);
		int cb = *b == '-' ? '_' : tolower((unsigned char)*b);

		if (ca != cb)
			return false;
	}
	return *a == *b;
}

KTA_EXPORT size_t ktls_alert_desc_count(void)
{
	return KTA_ARRAY_SIZE(kta_registry);
}

KTA_EXPORT const struct ktls_alert_desc_info *ktls_alert_desc_at(size_t index)
{
	if (index >= KTA_ARRAY_SIZE(kta_registry))
		return NULL;
	return &kta_registry[index];
}

KTA_EXPORT const struct ktls_alert_desc_info *
ktls_alert_desc_lookup(unsigned int code)
{
	size_t i;

	for (i = 0; i < KTA_ARRAY_SIZE(kta_registry); i++)
		if (kta_registry[i].code == code)
			return &kta_registry[i];
	return NULL;
}

KTA_EXPORT const struct ktls_alert_desc_info *
ktls_alert_desc_by_name(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; i < KTA_ARRAY_SIZE(kta_registry); i++)
		if (kta_name_eq(kta_registry[i].name, name))
			return &kta_registry[i];
	return NULL;
}

KTA_EXPORT const char *ktls_alert_desc_name(unsigned int code)
{
	const struct ktls_alert_desc_info *d = ktls_alert_desc_lookup(code);

	return d ? d->name : kta_unknown;
}

/* ---- small enums: a sparse array indexed by value ---- */

static const char *const kta_class_names[] = {
	[KTLS_ALERT_CLASS_CLOSURE]   = "closure",
	[KTLS_ALERT_CLASS_WARNING]   = "warning",
	[KTLS_ALERT_CLASS_FATAL]     = "fatal",
	[KTLS_ALERT_CLASS_MALFORMED] = "malformed",
};

static const char *const kta_level_names[] = {
	[1] = "warning",
	[2] = "fatal",
};

static const char *const kta_malformed_names[] = {
	[KTLS_ALERT_MALFORMED_EMPTY]	 = "empty",
	[KTLS_ALERT_MALFORMED_TRUNCATED] = "truncated",
	[KTLS_ALERT_MALFORMED_OVERSIZED] = "oversized",
	[KTLS_ALERT_MALFORMED_BAD_LEVEL] = "bad-level",
};

/* Spelled the way ss(8) prints kTLS ciphers. */
static const char *const kta_cipher_names[] = {
	[TLS_CIPHER_AES_GCM_128]	= "aes-gcm-128",
	[TLS_CIPHER_AES_GCM_256]	= "aes-gcm-256",
	[TLS_CIPHER_AES_CCM_128]	= "aes-ccm-128",
	[TLS_CIPHER_CHACHA20_POLY1305]	= "chacha20-poly1305",
	[TLS_CIPHER_SM4_GCM]		= "sm4-gcm",
	[TLS_CIPHER_SM4_CCM]		= "sm4-ccm",
	[TLS_CIPHER_ARIA_GCM_128]	= "aria-gcm-128",
	[TLS_CIPHER_ARIA_GCM_256]	= "aria-gcm-256",
};

/* TLS record content types (RFC 8446 section 5.1, RFC 6520). */
static const char *const kta_content_type_names[] = {
	[20] = "change_cipher_spec",
	[21] = "alert",
	[22] = "handshake",
	[23] = "application_data",
	[24] = "heartbeat",
};

static const char *kta_name_of(const char *const *names, size_t n,
			       unsigned int value)
{
	if (value < n && names[value])
		return names[value];
	return kta_unknown;
}

static int kta_value_of(const char *const *names, size_t n, const char *name)
{
	size_t i;

	if (!name)
		return -ENOENT;
	for (i = 0; i < n; i++)
		if (names[i] && kta_name_eq(names[i], name))
			return (int)i;
	return -ENOENT;
}

#define KTA_NAME_OF(tbl, v)	kta_name_of(tbl, KTA_ARRAY_SIZE(tbl), v)
#define KTA_VALUE_OF(tbl, s)	kta_value_of(tbl, KTA_ARRAY_SIZE(tbl), s)

KTA_EXPORT const char *ktls_alert_class_name(unsigned int class)
{
	return KTA_NAME_OF(kta_class_names, class);
}

KTA_EXPORT const char *ktls_alert_level_name(unsigned int level)
{
	return KTA_NAME_OF(kta_level_names, level);
}

KTA_EXPORT const char *ktls_alert_malformed_name(unsigned int reason)
{
	return KTA_NAME_OF(kta_malformed_names, reason);
}

KTA_EXPORT const char *ktls_alert_cipher_name(unsigned int cipher)
{
	return KTA_NAME_OF(kta_cipher_names, cipher);
}

KTA_EXPORT const char *ktls_alert_content_type_name(unsigned int type)
{
	return KTA_NAME_OF(kta_content_type_names, type);
}

KTA_EXPORT const char *ktls_alert_tls_version_name(unsigned int version)
{
	switch (version) {
	case TLS_1_2_VERSION:
		return "1.2";
	case TLS_1_3_VERSION:
		return "1.3";
	}
	return kta_unknown;
}

KTA_EXPORT int ktls_alert_class_by_name(const char *name)
{
	return KTA_VALUE_OF(kta_class_names, name);
}

KTA_EXPORT int ktls_alert_malformed_by_name(const char *name)
{
	return KTA_VALUE_OF(kta_malformed_names, name);
}

KTA_EXPORT int ktls_alert_level_by_name(const char *name)
{
	return KTA_VALUE_OF(kta_level_names, name);
}
