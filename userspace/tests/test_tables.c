// SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause
/*
 * The library's tables. The expected registry below is written out here
 * from the IANA "TLS Alerts" registry (as summarised in the project's
 * TLS-ALERTS.md), not taken from include/ktls_alert/registry.h, so a wrong
 * or missing entry there makes these tests fail.
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include <ktls_alert/ktls_alert.h>

#include "tap.h"

struct want {
	unsigned int code;
	const char *name;
	const char *reference;
	bool reserved;
	bool closure;
};

static const struct want registry[] = {
	{ 0, "close_notify", "RFC 8446", false, true },
	{ 10, "unexpected_message", "RFC 8446", false, false },
	{ 20, "bad_record_mac", "RFC 8446", false, false },
	{ 21, "decryption_failed", "RFC 8446", true, false },
	{ 22, "record_overflow", "RFC 8446", false, false },
	{ 30, "decompression_failure", "RFC 8446", true, false },
	{ 40, "handshake_failure", "RFC 8446", false, false },
	{ 41, "no_certificate", "RFC 8446", true, false },
	{ 42, "bad_certificate", "RFC 8446", false, false },
	{ 43, "unsupported_certificate", "RFC 8446", false, false },
	{ 44, "certificate_revoked", "RFC 8446", false, false },
	{ 45, "certificate_expired", "RFC 8446", false, false },
	{ 46, "certificate_unknown", "RFC 8446", false, false },
	{ 47, "illegal_parameter", "RFC 8446", false, false },
	{ 48, "unknown_ca", "RFC 8446", false, false },
	{ 49, "access_denied", "RFC 8446", false, false },
	{ 50, "decode_error", "RFC 8446", false, false },
	{ 51, "decrypt_error", "RFC 8446", false, false },
	{ 52, "too_many_cids_requested", "RFC 9147", false, false },
	{ 60, "export_restriction", "RFC 8446", true, false },
	{ 70, "protocol_version", "RFC 8446", false, false },
	{ 71, "insufficient_security", "RFC 8446", false, false },
	{ 80, "internal_error", "RFC 8446", false, false },
	{ 86, "inappropriate_fallback", "RFC 7507", false, false },
	{ 90, "user_canceled", "RFC 8446", false, true },
	{ 100, "no_renegotiation", "RFC 8446", false, false },
	{ 109, "missing_extension", "RFC 8446", false, false },
	{ 110, "unsupported_extension", "RFC 8446", false, false },
	{ 111, "certificate_unobtainable", "RFC 6066", true, false },
	{ 112, "unrecognized_name", "RFC 6066", false, false },
	{ 113, "bad_certificate_status_response", "RFC 6066", false, false },
	{ 114, "bad_certificate_hash_value", "RFC 6066", true, false },
	{ 115, "unknown_psk_identity", "RFC 4279", false, false },
	{ 116, "certificate_required", "RFC 8446", false, false },
	{ 117, "general_error", "RFC 8446bis", false, false },
	{ 120, "no_application_protocol", "RFC 7301", false, false },
	{ 121, "ech_required", "TLS ECH", false, false },
};

#define NR_WANT	(sizeof(registry) / sizeof(registry[0]))

static const struct want *want_of(unsigned int code)
{
	size_t i;

	for (i = 0; i < NR_WANT; i++)
		if (registry[i].code == code)
			return &registry[i];
	return NULL;
}

static void test_registry(void)
{
	const struct ktls_alert_desc_info *d;
	const struct want *w;
	size_t i, j;
	unsigned int code;

	TEST_BEGIN("the registry has every IANA code and nothing else");
	CHECKF(ktls_alert_desc_count() == NR_WANT, "%zu entries",
	       ktls_alert_desc_count());
	for (i = 0; i < NR_WANT; i++)
		CHECKF(ktls_alert_desc_lookup(registry[i].code) != NULL,
		       "code %u missing", registry[i].code);
	TEST_END();

	TEST_BEGIN("every code has the registry's name, reference and flags");
	for (i = 0; i < NR_WANT; i++) {
		w = &registry[i];
		d = ktls_alert_desc_lookup(w->code);
		if (!d)
			continue;
		CHECK_STR(d->name, w->name);
		CHECK_STR(d->reference, w->reference);
		CHECKF(d->reserved == w->reserved, "%s reserved", w->name);
		CHECKF(d->closure == w->closure, "%s closure", w->name);
		CHECK(d->code == w->code);
	}
	TEST_END();

	TEST_BEGIN("the codes the issue names (52, 116, 117, 120, 121) are there");
	CHECK_STR(ktls_alert_desc_name(52), "too_many_cids_requested");
	CHECK_STR(ktls_alert_desc_name(116), "certificate_required");
	CHECK_STR(ktls_alert_desc_name(117), "general_error");
	CHECK_STR(ktls_alert_desc_name(120), "no_application_protocol");
	CHECK_STR(ktls_alert_desc_name(121), "ech_required");
	TEST_END();

	TEST_BEGIN("every entry has a one-line explanation of its own");
	for (i = 0; (d = ktls_alert_desc_at(i)); i++) {
		size_t len = d->explanation ? strlen(d->explanation) : 0;

		CHECKF(len > 20, "%s: explanation too short", d->name);
		if (!len)
			continue;
		CHECKF(!strchr(d->explanation, '\n'), "%s: several lines",
		       d->name);
		CHECKF(isupper((unsigned char)d->explanation[0]) ||
		       isdigit((unsigned char)d->explanation[0]),
		       "%s: starts oddly", d->name);
		CHECKF(d->explanation[len - 1] == '.', "%s: no full stop",
		       d->name);
		for (j = 0; j < i; j++)
			CHECKF(strcmp(d->explanation,
				      ktls_alert_desc_at(j)->explanation),
			       "%s repeats an explanation", d->name);
	}
	TEST_END();

	TEST_BEGIN("no two entries share a name or a code, and codes ascend");
	for (i = 1; (d = ktls_alert_desc_at(i)); i++) {
		CHECKF(d->code > ktls_alert_desc_at(i - 1)->code,
		       "%u after %u", d->code, ktls_alert_desc_at(i - 1)->code);
		for (j = 0; j < i; j++)
			CHECKF(strcmp(d->name, ktls_alert_desc_at(j)->name),
			       "%s twice", d->name);
	}
	CHECK(ktls_alert_desc_at(ktls_alert_desc_count()) == NULL);
	CHECK(ktls_alert_desc_at((size_t)-1) == NULL);
	TEST_END();

	TEST_BEGIN("lookup by name and by number round-trips");
	for (i = 0; (d = ktls_alert_desc_at(i)); i++) {
		CHECK(ktls_alert_desc_by_name(d->name) == d);
		CHECK(ktls_alert_desc_lookup(d->code) == d);
		CHECK_STR(ktls_alert_desc_name(d->code), d->name);
		CHECK(ktls_alert_desc_by_name(ktls_alert_desc_name(d->code)) == d);
	}
	TEST_END();

	TEST_BEGIN("names match without regard to case or - versus _");
	d = ktls_alert_desc_by_name("HANDSHAKE-FAILURE");
	CHECK(d && d->code == 40);
	d = ktls_alert_desc_by_name("Close_Notify");
	CHECK(d && d->code == 0);
	CHECK(ktls_alert_desc_by_name("handshake") == NULL);
	CHECK(ktls_alert_desc_by_name("handshake_failureX") == NULL);
	CHECK(ktls_alert_desc_by_name("") == NULL);
	CHECK(ktls_alert_desc_by_name(NULL) == NULL);
	CHECK(ktls_alert_desc_by_name("unknown") == NULL);
	TEST_END();

	TEST_BEGIN("unassigned codes answer \"unknown\" and have no entry");
	for (code = 0; code < 300; code++) {
		if (want_of(code))
			continue;
		CHECKF(ktls_alert_desc_lookup(code) == NULL, "code %u", code);
		CHECK_STR(ktls_alert_desc_name(code), "unknown");
	}
	CHECK_STR(ktls_alert_desc_name(~0U), "unknown");
	TEST_END();
}

static void test_enums(void)
{
	static const char *const ciphers[] = {
		[51] = "aes-gcm-128", [52] = "aes-gcm-256",
		[53] = "aes-ccm-128", [54] = "chacha20-poly1305",
		[55] = "sm4-gcm", [56] = "sm4-ccm",
		[57] = "aria-gcm-128", [58] = "aria-gcm-256",
	};
	static const char *const classes[] = {
		"closure", "warning", "fatal", "malformed",
	};
	static const char *const reasons[] = {
		"empty", "truncated", "oversized", "bad-level",
	};
	unsigned int v;

	TEST_BEGIN("class names match the uapi enum and round-trip");
	CHECK_STR(ktls_alert_class_name(KTLS_ALERT_CLASS_CLOSURE), "closure");
	CHECK_STR(ktls_alert_class_name(KTLS_ALERT_CLASS_WARNING), "warning");
	CHECK_STR(ktls_alert_class_name(KTLS_ALERT_CLASS_FATAL), "fatal");
	CHECK_STR(ktls_alert_class_name(KTLS_ALERT_CLASS_MALFORMED),
		  "malformed");
	for (v = 1; v <= 4; v++)
		CHECK(ktls_alert_class_by_name(classes[v - 1]) == (int)v);
	CHECK(ktls_alert_class_by_name("FATAL") == KTLS_ALERT_CLASS_FATAL);
	CHECK_STR(ktls_alert_class_name(0), "unknown");
	CHECK_STR(ktls_alert_class_name(5), "unknown");
	CHECK(ktls_alert_class_by_name("error") == -ENOENT);
	CHECK(ktls_alert_class_by_name(NULL) == -ENOENT);
	TEST_END();

	TEST_BEGIN("malformed reasons match the uapi enum and round-trip");
	CHECK_STR(ktls_alert_malformed_name(KTLS_ALERT_MALFORMED_EMPTY), "empty");
	CHECK_STR(ktls_alert_malformed_name(KTLS_ALERT_MALFORMED_TRUNCATED),
		  "truncated");
	CHECK_STR(ktls_alert_malformed_name(KTLS_ALERT_MALFORMED_OVERSIZED),
		  "oversized");
	CHECK_STR(ktls_alert_malformed_name(KTLS_ALERT_MALFORMED_BAD_LEVEL),
		  "bad-level");
	for (v = 1; v <= 4; v++)
		CHECK(ktls_alert_malformed_by_name(reasons[v - 1]) == (int)v);
	CHECK(ktls_alert_malformed_by_name("bad_level") ==
	      KTLS_ALERT_MALFORMED_BAD_LEVEL);
	CHECK_STR(ktls_alert_malformed_name(0), "unknown");
	CHECK_STR(ktls_alert_malformed_name(5), "unknown");
	CHECK(ktls_alert_malformed_by_name("short") == -ENOENT);
	TEST_END();

	TEST_BEGIN("levels: 1 warning, 2 fatal, everything else unknown");
	CHECK_STR(ktls_alert_level_name(1), "warning");
	CHECK_STR(ktls_alert_level_name(2), "fatal");
	CHECK_STR(ktls_alert_level_name(0), "unknown");
	CHECK_STR(ktls_alert_level_name(3), "unknown");
	CHECK_STR(ktls_alert_level_name(255), "unknown");
	CHECK(ktls_alert_level_by_name("warning") == 1);
	CHECK(ktls_alert_level_by_name("fatal") == 2);
	CHECK(ktls_alert_level_by_name("info") == -ENOENT);
	TEST_END();

	TEST_BEGIN("TLS versions 0x0303 and 0x0304 have names, others not");
	CHECK_STR(ktls_alert_tls_version_name(0x0303), "1.2");
	CHECK_STR(ktls_alert_tls_version_name(0x0304), "1.3");
	CHECK_STR(ktls_alert_tls_version_name(0x0302), "unknown");
	CHECK_STR(ktls_alert_tls_version_name(0x0305), "unknown");
	CHECK_STR(ktls_alert_tls_version_name(0), "unknown");
	TEST_END();

	TEST_BEGIN("every kTLS cipher (TLS_CIPHER_* 51..58) has its name");
	for (v = 51; v <= 58; v++)
		CHECK_STR(ktls_alert_cipher_name(v), ciphers[v]);
	CHECK_STR(ktls_alert_cipher_name(50), "unknown");
	CHECK_STR(ktls_alert_cipher_name(59), "unknown");
	CHECK_STR(ktls_alert_cipher_name(0), "unknown");
	CHECK_STR(ktls_alert_cipher_name(65535), "unknown");
	TEST_END();

	TEST_BEGIN("content types 20..24 have their RFC names");
	CHECK_STR(ktls_alert_content_type_name(20), "change_cipher_spec");
	CHECK_STR(ktls_alert_content_type_name(21), "alert");
	CHECK_STR(ktls_alert_content_type_name(22), "handshake");
	CHECK_STR(ktls_alert_content_type_name(23), "application_data");
	CHECK_STR(ktls_alert_content_type_name(24), "heartbeat");
	CHECK_STR(ktls_alert_content_type_name(19), "unknown");
	CHECK_STR(ktls_alert_content_type_name(25), "unknown");
	TEST_END();

	TEST_BEGIN("the library reports its version");
	CHECK(ktls_alert_lib_version()[0] != '\0');
	CHECK(strcmp(ktls_alert_lib_version(), "unknown"));
	TEST_END();
}

int main(void)
{
	test_registry();
	test_enums();
	return tap_done();
}
