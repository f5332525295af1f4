/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test helpers for kernel TLS sockets: connected loopback pairs with kTLS
 * keys installed, sending records of any content type, receiving records
 * with their type, and building raw records under the same keys for bytes
 * kTLS TX cannot produce.
 */
#ifndef KTLS_TEST_KTLS_H
#define KTLS_TEST_KTLS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

enum ktls_family {
	KTLS_INET4,
	KTLS_INET6,
	KTLS_INET6_MAPPED,	/* AF_INET6 sockets talking over ::ffff:127.0.0.1 */
};

struct ktls_cipher {
	const char *name;
	uint16_t type;		/* TLS_CIPHER_* */
	size_t iv, key, salt, rec_seq, tag;
	const char *kernel_alg;	/* algorithm tls.ko asks the crypto API for */
};

/* Every cipher linux/tls.h knows; the kernel may lack some of them. */
extern const struct ktls_cipher ktls_ciphers[];
extern const size_t ktls_ncipher;
const struct ktls_cipher *ktls_cipher_by_type(uint16_t type);

/* Keys are fixed per direction so crafted records can use them too. */
#define KTLS_DIR_C2S	0	/* client to server: client TX, server RX */
#define KTLS_DIR_S2C	1

struct ktls_pair {
	int client;		/* TLS_TX, and TLS_RX when both directions */
	int server;		/* TLS_RX, and TLS_TX when both directions */
	enum ktls_family family;
	uint16_t version;
	const struct ktls_cipher *cipher;
};

/*
 * Build a connected loopback TCP pair and install kTLS keys: client TX and
 * server RX, plus the reverse direction when @both. On failure returns a
 * negative errno and fills @why; -ENOENT/-ENOPROTOOPT mean the kernel lacks
 * the ULP, -ENOSYS-like errors from setsockopt(TLS_*) mean it lacks the
 * cipher (the caller SKIPs).
 */
int ktls_pair_open(struct ktls_pair *p, enum ktls_family family,
		   uint16_t version, uint16_t cipher, int both,
		   char *why, size_t whylen);
/* Plain connected TCP pair; the server side gets kTLS RX only, so the test
 * can write raw record bytes on the client. */
int ktls_pair_open_raw(struct ktls_pair *p, enum ktls_family family,
		       uint16_t version, uint16_t cipher,
		       char *why, size_t whylen);
void ktls_pair_close(struct ktls_pair *p);

/* sendmsg() one record of content @type (TLS_SET_RECORD_TYPE). */
ssize_t ktls_send_record(int fd, uint8_t type, const void *buf, size_t len);
/* recvmsg() with a control buffer; *type gets TLS_GET_RECORD_TYPE. */
ssize_t ktls_recv_record(int fd, void *buf, size_t len, uint8_t *type,
			 int flags);

/*
 * Build one raw TLS record (header and AEAD ciphertext) carrying @len
 * plaintext bytes of content @type, as the kTLS peer in direction @dir
 * would, for record sequence number @seq. For TLS 1.3, @pad zero bytes
 * follow the inner type. Every cipher libcrypto has (AES-GCM, AES-CCM,
 * ChaCha20-Poly1305, ARIA-GCM; SM4 only with a libcrypto that has it).
 * Returns the record length, -EOPNOTSUPP when libcrypto lacks the cipher,
 * or another negative errno.
 */
ssize_t ktls_build_record(uint8_t *out, size_t outlen, uint16_t version,
			  uint16_t cipher, int dir, uint64_t seq,
			  uint8_t type, const void *plain, size_t len,
			  size_t pad);

/* Write all of @buf. Returns 0 or a negative errno. */
int ktls_write_all(int fd, const void *buf, size_t len);

/* The local and peer address of a socket, printable, and its port. */
int ktls_sock_cookie(int fd, uint64_t *cookie);

#endif
