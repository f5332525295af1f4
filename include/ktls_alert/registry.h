/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause */
/*
 * The IANA "TLS Alerts" registry: the one table of alert names.
 *
 * The kernel module takes the known and reserved bits from it; the library
 * takes names, references and explanations; the CLI and the documentation
 * take everything from the library. Nothing else spells an alert name.
 *
 * Expand it with an X-macro:
 *
 *   #define KTLS_ALERT_REG(code, name, ref, flags, text) ...
 *   KTLS_ALERT_REGISTRY
 *   #undef KTLS_ALERT_REG
 *
 * code:  the description byte (0..255)
 * name:  the registry name, a bare C identifier
 * ref:   the document that defines it
 * flags: KTLS_ALERT_REG_* bits below, or 0
 * text:  one line in this project's words, for operators
 *
 * Values not listed here are unassigned; they are reported as unknown and
 * never dropped.
 */
#ifndef _KTLS_ALERT_REGISTRY_H
#define _KTLS_ALERT_REGISTRY_H

/* The registry marks the value reserved: a compliant peer never sends it. */
#define KTLS_ALERT_REG_RESERVED	0x1
/* A closure alert: it ends the connection gracefully. */
#define KTLS_ALERT_REG_CLOSURE	0x2

#define KTLS_ALERT_REGISTRY \
	KTLS_ALERT_REG(0, close_notify, "RFC 8446", KTLS_ALERT_REG_CLOSURE, \
		"The peer has finished sending and is closing the connection in an orderly way.") \
	KTLS_ALERT_REG(10, unexpected_message, "RFC 8446", 0, \
		"The peer received a message it did not expect at this point of the protocol.") \
	KTLS_ALERT_REG(20, bad_record_mac, "RFC 8446", 0, \
		"The peer could not authenticate a record: corrupted data, a wrong key, or tampering on the path.") \
	KTLS_ALERT_REG(21, decryption_failed, "RFC 8446", KTLS_ALERT_REG_RESERVED, \
		"An old TLS 1.0 code for decryption failures; modern stacks must not send it.") \
	KTLS_ALERT_REG(22, record_overflow, "RFC 8446", 0, \
		"The peer received a record longer than the protocol allows.") \
	KTLS_ALERT_REG(30, decompression_failure, "RFC 8446", KTLS_ALERT_REG_RESERVED, \
		"A code from the days of TLS compression; modern stacks must not send it.") \
	KTLS_ALERT_REG(40, handshake_failure, "RFC 8446", 0, \
		"The peer found no set of security parameters it could agree to.") \
	KTLS_ALERT_REG(41, no_certificate, "RFC 8446", KTLS_ALERT_REG_RESERVED, \
		"An SSL 3.0 code for a missing certificate; modern stacks must not send it.") \
	KTLS_ALERT_REG(42, bad_certificate, "RFC 8446", 0, \
		"The peer rejected a certificate as corrupt or with a signature that does not verify.") \
	KTLS_ALERT_REG(43, unsupported_certificate, "RFC 8446", 0, \
		"The peer received a certificate of a type it does not support.") \
	KTLS_ALERT_REG(44, certificate_revoked, "RFC 8446", 0, \
		"The peer found that a certificate was revoked by its issuer.") \
	KTLS_ALERT_REG(45, certificate_expired, "RFC 8446", 0, \
		"The peer found a certificate outside its validity period.") \
	KTLS_ALERT_REG(46, certificate_unknown, "RFC 8446", 0, \
		"The peer refused a certificate for a reason not covered by a more specific code.") \
	KTLS_ALERT_REG(47, illegal_parameter, "RFC 8446", 0, \
		"A handshake field was out of range or inconsistent with the other fields.") \
	KTLS_ALERT_REG(48, unknown_ca, "RFC 8446", 0, \
		"The peer could not chain a certificate to a certificate authority it trusts.") \
	KTLS_ALERT_REG(49, access_denied, "RFC 8446", 0, \
		"The certificate was valid, but the peer's policy refuses this client.") \
	KTLS_ALERT_REG(50, decode_error, "RFC 8446", 0, \
		"The peer could not parse a message: a length was wrong or a field was out of range.") \
	KTLS_ALERT_REG(51, decrypt_error, "RFC 8446", 0, \
		"A handshake cryptographic check failed, such as a signature or the Finished message.") \
	KTLS_ALERT_REG(52, too_many_cids_requested, "RFC 9147", 0, \
		"DTLS 1.3: the peer was asked for more connection IDs than it is willing to give.") \
	KTLS_ALERT_REG(60, export_restriction, "RFC 8446", KTLS_ALERT_REG_RESERVED, \
		"A code from the era of export-grade ciphers; modern stacks must not send it.") \
	KTLS_ALERT_REG(70, protocol_version, "RFC 8446", 0, \
		"The peer does not support the protocol version that was offered.") \
	KTLS_ALERT_REG(71, insufficient_security, "RFC 8446", 0, \
		"The peer requires stronger ciphers than the ones that were offered.") \
	KTLS_ALERT_REG(80, internal_error, "RFC 8446", 0, \
		"The peer hit an error of its own, unrelated to the protocol, such as running out of memory.") \
	KTLS_ALERT_REG(86, inappropriate_fallback, "RFC 7507", 0, \
		"A client retried with a lower version while the server supports a higher one: a possible downgrade.") \
	KTLS_ALERT_REG(90, user_canceled, "RFC 8446", KTLS_ALERT_REG_CLOSURE, \
		"The peer is abandoning the connection for a reason unrelated to the protocol.") \
	KTLS_ALERT_REG(100, no_renegotiation, "RFC 8446", 0, \
		"TLS 1.2: the peer declines to renegotiate (a warning). Reserved in TLS 1.3.") \
	KTLS_ALERT_REG(109, missing_extension, "RFC 8446", 0, \
		"A handshake message lacked an extension the peer requires.") \
	KTLS_ALERT_REG(110, unsupported_extension, "RFC 8446", 0, \
		"A handshake message carried an extension the peer did not offer or does not allow there.") \
	KTLS_ALERT_REG(111, certificate_unobtainable, "RFC 6066", KTLS_ALERT_REG_RESERVED, \
		"An old code for a certificate URL that could not be fetched; no longer sent.") \
	KTLS_ALERT_REG(112, unrecognized_name, "RFC 6066", 0, \
		"The server has no service for the name the client asked for (SNI).") \
	KTLS_ALERT_REG(113, bad_certificate_status_response, "RFC 6066", 0, \
		"The client rejected the server's OCSP status response.") \
	KTLS_ALERT_REG(114, bad_certificate_hash_value, "RFC 6066", KTLS_ALERT_REG_RESERVED, \
		"An old code for a certificate hash mismatch; no longer sent.") \
	KTLS_ALERT_REG(115, unknown_psk_identity, "RFC 4279", 0, \
		"The server knows no pre-shared key under the identity the client named.") \
	KTLS_ALERT_REG(116, certificate_required, "RFC 8446", 0, \
		"The server requires a client certificate and the client sent none.") \
	KTLS_ALERT_REG(117, general_error, "RFC 8446bis", 0, \
		"An error the sender chose not to describe more precisely.") \
	KTLS_ALERT_REG(120, no_application_protocol, "RFC 7301", 0, \
		"Client and server share no application protocol (ALPN).") \
	KTLS_ALERT_REG(121, ech_required, "TLS ECH", 0, \
		"The server expected Encrypted Client Hello and the client did not use it.")

#endif /* _KTLS_ALERT_REGISTRY_H */
