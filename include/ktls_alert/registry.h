/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause */
/*
 * The IANA "TLS Alerts" registry: the one table of alert names.
 *
 * The kernel module takes the known, reserved and closure bits from it; the
 * library takes names, references and explanations; the CLI and the
 * documentation take everything from the library. Nothing else spells an
 * alert name.
 *
 * This file is a list, not a header: define KTLS_ALERT_REG, include it where
 * the expansion belongs, then undefine it. Each entry is
 *
 *   KTLS_ALERT_REG(code, flags, name, text, reference)
 *
 * code:      the description byte (0..255)
 * flags:     KTLS_ALERT_REG_* bits (registry_flags.h), or 0
 * name:      the registry name, as a string
 * text:      one line in this project's words, for operators
 * reference: the document that defines it
 *
 * Values not listed here are unassigned; they are reported as unknown and
 * never dropped.
 */
KTLS_ALERT_REG(0, KTLS_ALERT_REG_CLOSURE, "close_notify",
	       "The peer has finished sending and is closing the connection in an orderly way.",
	       "RFC 8446")
KTLS_ALERT_REG(10, 0, "unexpected_message",
	       "The peer received a message it did not expect at this point of the protocol.",
	       "RFC 8446")
KTLS_ALERT_REG(20, 0, "bad_record_mac",
	       "The peer could not authenticate a record: corrupted data, a wrong key, or tampering on the path.",
	       "RFC 8446")
KTLS_ALERT_REG(21, KTLS_ALERT_REG_RESERVED, "decryption_failed",
	       "An old TLS 1.0 code for decryption failures; modern stacks must not send it.",
	       "RFC 8446")
KTLS_ALERT_REG(22, 0, "record_overflow",
	       "The peer received a record longer than the protocol allows.",
	       "RFC 8446")
KTLS_ALERT_REG(30, KTLS_ALERT_REG_RESERVED, "decompression_failure",
	       "A code from the days of TLS compression; modern stacks must not send it.",
	       "RFC 8446")
KTLS_ALERT_REG(40, 0, "handshake_failure",
	       "The peer found no set of security parameters it could agree to.",
	       "RFC 8446")
KTLS_ALERT_REG(41, KTLS_ALERT_REG_RESERVED, "no_certificate",
	       "An SSL 3.0 code for a missing certificate; modern stacks must not send it.",
	       "RFC 8446")
KTLS_ALERT_REG(42, 0, "bad_certificate",
	       "The peer rejected a certificate as corrupt or with a signature that does not verify.",
	       "RFC 8446")
KTLS_ALERT_REG(43, 0, "unsupported_certificate",
	       "The peer received a certificate of a type it does not support.",
	       "RFC 8446")
KTLS_ALERT_REG(44, 0, "certificate_revoked",
	       "The peer found that a certificate was revoked by its issuer.",
	       "RFC 8446")
KTLS_ALERT_REG(45, 0, "certificate_expired",
	       "The peer found a certificate outside its validity period.",
	       "RFC 8446")
KTLS_ALERT_REG(46, 0, "certificate_unknown",
	       "The peer refused a certificate for a reason not covered by a more specific code.",
	       "RFC 8446")
KTLS_ALERT_REG(47, 0, "illegal_parameter",
	       "A handshake field was out of range or inconsistent with the other fields.",
	       "RFC 8446")
KTLS_ALERT_REG(48, 0, "unknown_ca",
	       "The peer could not chain a certificate to a certificate authority it trusts.",
	       "RFC 8446")
KTLS_ALERT_REG(49, 0, "access_denied",
	       "The certificate was valid, but the peer's policy refuses this client.",
	       "RFC 8446")
KTLS_ALERT_REG(50, 0, "decode_error",
	       "The peer could not parse a message: a length was wrong or a field was out of range.",
	       "RFC 8446")
KTLS_ALERT_REG(51, 0, "decrypt_error",
	       "A handshake cryptographic check failed, such as a signature or the Finished message.",
	       "RFC 8446")
KTLS_ALERT_REG(52, 0, "too_many_cids_requested",
	       "DTLS 1.3: the peer was asked for more connection IDs than it is willing to give.",
	       "RFC 9147")
KTLS_ALERT_REG(60, KTLS_ALERT_REG_RESERVED, "export_restriction",
	       "A code from the era of export-grade ciphers; modern stacks must not send it.",
	       "RFC 8446")
KTLS_ALERT_REG(70, 0, "protocol_version",
	       "The peer does not support the protocol version that was offered.",
	       "RFC 8446")
KTLS_ALERT_REG(71, 0, "insufficient_security",
	       "The peer requires stronger ciphers than the ones that were offered.",
	       "RFC 8446")
KTLS_ALERT_REG(80, 0, "internal_error",
	       "The peer hit an error of its own, unrelated to the protocol, such as running out of memory.",
	       "RFC 8446")
KTLS_ALERT_REG(86, 0, "inappropriate_fallback",
	       "A client retried with a lower version while the server supports a higher one: a possible downgrade.",
	       "RFC 7507")
KTLS_ALERT_REG(90, KTLS_ALERT_REG_CLOSURE, "user_canceled",
	       "The peer is abandoning the connection for a reason unrelated to the protocol.",
	       "RFC 8446")
KTLS_ALERT_REG(100, 0, "no_renegotiation",
	       "TLS 1.2: the peer declines to renegotiate (a warning). Reserved in TLS 1.3.",
	       "RFC 8446")
KTLS_ALERT_REG(109, 0, "missing_extension",
	       "A handshake message lacked an extension the peer requires.",
	       "RFC 8446")
KTLS_ALERT_REG(110, 0, "unsupported_extension",
	       "A handshake message carried an extension the peer did not offer or does not allow there.",
	       "RFC 8446")
KTLS_ALERT_REG(111, KTLS_ALERT_REG_RESERVED, "certificate_unobtainable",
	       "An old code for a certificate URL that could not be fetched; no longer sent.",
	       "RFC 6066")
KTLS_ALERT_REG(112, 0, "unrecognized_name",
	       "The server has no service for the name the client asked for (SNI).",
	       "RFC 6066")
KTLS_ALERT_REG(113, 0, "bad_certificate_status_response",
	       "The client rejected the server's OCSP status response.",
	       "RFC 6066")
KTLS_ALERT_REG(114, KTLS_ALERT_REG_RESERVED, "bad_certificate_hash_value",
	       "An old code for a certificate hash mismatch; no longer sent.",
	       "RFC 6066")
KTLS_ALERT_REG(115, 0, "unknown_psk_identity",
	       "The server knows no pre-shared key under the identity the client named.",
	       "RFC 4279")
KTLS_ALERT_REG(116, 0, "certificate_required",
	       "The server requires a client certificate and the client sent none.",
	       "RFC 8446")
KTLS_ALERT_REG(117, 0, "general_error",
	       "An error the sender chose not to describe more precisely.",
	       "RFC 8446bis")
KTLS_ALERT_REG(120, 0, "no_application_protocol",
	       "Client and server share no application protocol (ALPN).",
	       "RFC 7301")
KTLS_ALERT_REG(121, 0, "ech_required",
	       "The server expected Encrypted Client Hello and the client did not use it.",
	       "TLS ECH")
