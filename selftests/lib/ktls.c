// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel TLS test helpers; see ktls.h.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/tls.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ktls.h"

#ifndef SOL_TLS
#define SOL_TLS 282
#endif
#ifndef SO_COOKIE
#define SO_COOKIE 57
#endif

const struct ktls_cipher ktls_ciphers[] = {
	{ "aes-gcm-128", TLS_CIPHER_AES_GCM_128, 8, 16, 4, 8, 16, "gcm(aes)" },
	{ "aes-gcm-256", TLS_CIPHER_AES_GCM_256, 8, 32, 4, 8, 16, "gcm(aes)" },
	{ "aes-ccm-128", TLS_CIPHER_AES_CCM_128, 8, 16, 4, 8, 16, "ccm(aes)" },
	{ "chacha20-poly1305", TLS_CIPHER_CHACHA20_POLY1305, 12, 32, 0, 8, 16,
	  "rfc7539(chacha20,poly1305)" },
	{ "sm4-gcm", TLS_CIPHER_SM4_GCM, 8, 16, 4, 8, 16, "gcm(sm4)" },
	{ "sm4-ccm", TLS_CIPHER_SM4_CCM, 8, 16, 4, 8, 16, "ccm(sm4)" },
	{ "aria-gcm-128", TLS_CIPHER_ARIA_GCM_128, 8, 16, 4, 8, 16, "gcm(aria)" },
	{ "aria-gcm-256", TLS_CIPHER_ARIA_GCM_256, 8, 32, 4, 8, 16, "gcm(aria)" },
};
const size_t ktls_ncipher = sizeof(ktls_ciphers) / sizeof(ktls_ciphers[0]);

const struct ktls_cipher *ktls_cipher_by_type(uint16_t type)
{
	size_t i;

	for (i = 0; i < ktls_ncipher; i++)
		if (ktls_ciphers[i].type == type)
			return &ktls_ciphers[i];
	return NULL;
}

/* Deterministic key material per direction. */
static void ktls_material(const struct ktls_cipher *c, int dir, uint8_t *iv,
			  uint8_t *key, uint8_t *salt)
{
	size_t i;

	for (i = 0; i < c->iv; i++)
		iv[i] = (dir ? 0xd0 : 0xc0) + i;
	for (i = 0; i < c->key; i++)
		key[i] = (dir ? 0xb0 : 0xa0) + i;
	for (i = 0; i < c->salt; i++)
		salt[i] = (dir ? 0xf0 : 0xe0) + i;
}

/*
 * Every tls12_crypto_info_* struct is the 4-byte header followed by byte
 * arrays iv, key, salt, rec_seq, without padding.
 */
static int ktls_set_key(int fd, int optname, uint16_t version,
			const struct ktls_cipher *c, int dir)
{
	uint8_t buf[4 + 12 + 32 + 4 + 8] = { 0 };
	struct tls_crypto_info *info = (struct tls_crypto_info *)buf;
	uint8_t *iv = buf + 4, *key = iv + c->iv, *salt = key + c->key;
	size_t len = 4 + c->iv + c->key + c->salt + c->rec_seq;

	info->version = version;
	info->cipher_type = c->type;
	ktls_material(c, dir, iv, key, salt);
	/* rec_seq stays zero: the first record is sequence number 0. */
	return setsockopt(fd, SOL_TLS, optname, buf, len) ? -errno : 0;
}

static int ktls_tcp_pair(struct ktls_pair *p, enum ktls_family family,
			 char *why, size_t whylen)
{
	struct sockaddr_storage ss = { 0 };
	socklen_t sl;
	int lfd, one = 1, zero = 0, af;

	p->client = p->server = -1;
	af = family == KTLS_INET4 ? AF_INET : AF_INET6;
	lfd = socket(af, SOCK_STREAM, 0);
	if (lfd < 0) {
		snprintf(why, whylen, "socket: %s", strerror(errno));
		return -errno;
	}
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (af == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		sl = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		sin6->sin6_family = AF_INET6;
		if (family == KTLS_INET6) {
			sin6->sin6_addr = in6addr_loopback;
			setsockopt(lfd, IPPROTO_IPV6, IPV6_V6ONLY, &one,
				   sizeof(one));
		} else {
			sin6->sin6_addr = in6addr_any;
			setsockopt(lfd, IPPROTO_IPV6, IPV6_V6ONLY, &zero,
				   sizeof(zero));
		}
		sl = sizeof(*sin6);
	}
	if (bind(lfd, (struct sockaddr *)&ss, sl) || listen(lfd, 1) ||
	    getsockname(lfd, (struct sockaddr *)&ss, &sl)) {
		snprintf(why, whylen, "listen: %s", strerror(errno));
		goto fail;
	}
	if (family == KTLS_INET6_MAPPED) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		inet_pton(AF_INET6, "::ffff:127.0.0.1", &sin6->sin6_addr);
	}
	p->client = socket(af, SOCK_STREAM, 0);
	if (p->client < 0 || connect(p->client, (struct sockaddr *)&ss, sl)) {
		snprintf(why, whylen, "connect: %s", strerror(errno));
		goto fail;
	}
	p->server = accept(lfd, NULL, NULL);
	if (p->server < 0) {
		snprintf(why, whylen, "accept: %s", strerror(errno));
		goto fail;
	}
	close(lfd);
	return 0;
fail:
	one = -errno;
	close(lfd);
	ktls_pair_close(p);
	return one ? one : -EIO;
}

static int ktls_ulp(int fd, char *why, size_t whylen)
{
	if (setsockopt(fd, IPPROTO_TCP, TCP_ULP, "tls", sizeof("tls"))) {
		snprintf(why, whylen, "TCP_ULP tls: %s (no kTLS in this kernel?)",
			 strerror(errno));
		return -errno;
	}
	return 0;
}

static int ktls_open(struct ktls_pair *p, enum ktls_family family,
		     uint16_t version, uint16_t cipher, int both, int raw,
		     char *why, size_t whylen)
{
	const struct ktls_cipher *c = ktls_cipher_by_type(cipher);
	int err;

	memset(p, 0, sizeof(*p));
	p->client = p->server = -1;
	if (!c) {
		snprintf(why, whylen, "unknown cipher %u", cipher);
		return -EINVAL;
	}
	p->family = family;
	p->version = version;
	p->cipher = c;
	err = ktls_tcp_pair(p, family, why, whylen);
	if (err)
		return err;
	err = ktls_ulp(p->server, why, whylen);
	if (!err && !raw)
		err = ktls_ulp(p->client, why, whylen);
	if (err)
		goto fail;
	err = ktls_set_key(p->server, TLS_RX, version, c, KTLS_DIR_C2S);
	if (!err && !raw)
		err = ktls_set_key(p->client, TLS_TX, version, c, KTLS_DIR_C2S);
	if (!err && both && !raw) {
		err = ktls_set_key(p->server, TLS_TX, version, c, KTLS_DIR_S2C);
		if (!err)
			err = ktls_set_key(p->client, TLS_RX, version, c,
					   KTLS_DIR_S2C);
	}
	if (err) {
		snprintf(why, whylen, "kTLS %s keys for %s: %s",
			 version == TLS_1_3_VERSION ? "TLS 1.3" : "TLS 1.2",
			 c->name, strerror(-err));
		goto fail;
	}
	return 0;
fail:
	ktls_pair_close(p);
	return err;
}

int ktls_pair_open(struct ktls_pair *p, enum ktls_family family,
		   uint16_t version, uint16_t cipher, int both,
		   char *why, size_t whylen)
{
	return ktls_open(p, family, version, cipher, both, 0, why, whylen);
}

int ktls_pair_open_raw(struct ktls_pair *p, enum ktls_family family,
		       uint16_t version, uint16_t cipher,
		       char *why, size_t whylen)
{
	return ktls_open(p, family, version, cipher, 0, 1, why, whylen);
}

void ktls_pair_close(struct ktls_pair *p)
{
	if (p->client >= 0)
		close(p->client);
	if (p->server >= 0)
		close(p->server);
	p->client = p->server = -1;
}

ssize_t ktls_send_record(int fd, uint8_t type, const void *buf, size_t len)
{
	char cbuf[CMSG_SPACE(sizeof(type))] = { 0 };
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = cbuf,
		.msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);
	ssize_t n;

	cmsg->cmsg_level = SOL_TLS;
	cmsg->cmsg_type = TLS_SET_RECORD_TYPE;
	cmsg->cmsg_len = CMSG_LEN(sizeof(type));
	memcpy(CMSG_DATA(cmsg), &type, sizeof(type));
	n = sendmsg(fd, &msg, 0);
	return n < 0 ? -errno : n;
}

ssize_t ktls_recv_record(int fd, void *buf, size_t len, uint8_t *type,
			 int flags)
{
	char cbuf[CMSG_SPACE(sizeof(*type))] = { 0 };
	struct iovec iov = { .iov_base = buf, .iov_len = len };
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = cbuf,
		.msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cmsg;
	ssize_t n;

	n = recvmsg(fd, &msg, flags);
	if (n < 0)
		return -errno;
	*type = 0;
	for (cmsg = CMSG_FIRSTHDR(&msg); cmsg; cmsg = CMSG_NXTHDR(&msg, cmsg))
		if (cmsg->cmsg_level == SOL_TLS &&
		    cmsg->cmsg_type == TLS_GET_RECORD_TYPE)
			*type = *CMSG_DATA(cmsg);
	return n;
}

int ktls_write_all(int fd, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	ssize_t n;

	while (len) {
		n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= n;
	}
	return 0;
}

int ktls_sock_cookie(int fd, uint64_t *cookie)
{
	socklen_t sl = sizeof(*cookie);

	return getsockopt(fd, SOL_SOCKET, SO_COOKIE, cookie, &sl) ? -errno : 0;
}

/*
 * The AEAD that tls.ko uses for @cipher, from libcrypto, or NULL when this
 * libcrypto lacks it (SM4-GCM/CCM before OpenSSL 3.2). *@ccm is set for the
 * CCM modes, which need the message length before the data.
 */
static const EVP_CIPHER *ktls_evp(uint16_t cipher, int *ccm)
{
	*ccm = 0;
	switch (cipher) {
	case TLS_CIPHER_AES_GCM_128:
		return EVP_aes_128_gcm();
	case TLS_CIPHER_AES_GCM_256:
		return EVP_aes_256_gcm();
	case TLS_CIPHER_AES_CCM_128:
		*ccm = 1;
		return EVP_aes_128_ccm();
	case TLS_CIPHER_CHACHA20_POLY1305:
		return EVP_chacha20_poly1305();
	case TLS_CIPHER_SM4_GCM:
		return EVP_get_cipherbyname("sm4-gcm");
	case TLS_CIPHER_SM4_CCM:
		*ccm = 1;
		return EVP_get_cipherbyname("sm4-ccm");
	case TLS_CIPHER_ARIA_GCM_128:
		return EVP_get_cipherbyname("aria-128-gcm");
	case TLS_CIPHER_ARIA_GCM_256:
		return EVP_get_cipherbyname("aria-256-gcm");
	}
	return NULL;
}

/* One AEAD seal in place: @inner bytes at @ct, tag appended. */
static int ktls_seal(const EVP_CIPHER *evp, int ccm, const uint8_t *key,
		     const uint8_t *nonce, const uint8_t *aad, size_t aadlen,
		     uint8_t *ct, size_t inner, size_t tag)
{
	EVP_CIPHER_CTX *ctx;
	int ok, n;

	ctx = EVP_CIPHER_CTX_new();
	if (!ctx)
		return -ENOMEM;
	ok = EVP_EncryptInit_ex(ctx, evp, NULL, NULL, NULL) == 1 &&
	     EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_IVLEN, 12, NULL) == 1 &&
	     (!ccm || EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, (int)tag,
					  NULL) == 1) &&
	     EVP_EncryptInit_ex(ctx, NULL, NULL, key, nonce) == 1 &&
	     /* CCM: the plaintext length goes first */
	     (!ccm || EVP_EncryptUpdate(ctx, NULL, &n, NULL, (int)inner) == 1) &&
	     EVP_EncryptUpdate(ctx, NULL, &n, aad, (int)aadlen) == 1 &&
	     /*
	      * CCM computes its tag in this call, so it must be made even
	      * for an empty record (OpenSSL 3.0 has no tag otherwise).
	      */
	     ((inner == 0 && !ccm) ||
	      EVP_EncryptUpdate(ctx, ct, &n, ct, (int)inner) == 1) &&
	     EVP_EncryptFinal_ex(ctx, ct + inner, &n) == 1 &&
	     EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, (int)tag,
				 ct + inner) == 1;
	EVP_CIPHER_CTX_free(ctx);
	return ok ? 0 : -EIO;
}

ssize_t ktls_build_record(uint8_t *out, size_t outlen, uint16_t version,
			  uint16_t cipher, int dir, uint64_t seq,
			  uint8_t type, const void *plain, size_t len,
			  size_t pad)
{
	const struct ktls_cipher *c = ktls_cipher_by_type(cipher);
	uint8_t iv[12], key[32], salt[4], nonce[12], aad[13];
	size_t inner, body, hdr = 5, aadlen, explicit, i;
	const EVP_CIPHER *evp;
	uint8_t *ct;
	int ccm, err;

	if (!c)
		return -EINVAL;
	evp = ktls_evp(cipher, &ccm);
	if (!evp)
		return -EOPNOTSUPP;
	ktls_material(c, dir, iv, key, salt);

	/*
	 * The 12-byte nonce. TLS 1.3 and ChaCha20-Poly1305 (RFC 8446 5.3,
	 * RFC 7905): the static IV (salt || iv) XOR the sequence number, and
	 * no explicit nonce on the wire. TLS 1.2 GCM/CCM (RFC 5288, RFC 6655):
	 * salt || an 8-byte explicit nonce sent before the ciphertext; like
	 * kTLS TX we use the sequence number.
	 */
	if (version == TLS_1_3_VERSION ||
	    cipher == TLS_CIPHER_CHACHA20_POLY1305) {
		memcpy(nonce, salt, c->salt);
		memcpy(nonce + c->salt, iv, c->iv);
		for (i = 0; i < 8; i++)
			nonce[4 + i] ^= (uint8_t)(seq >> (56 - 8 * i));
		explicit = 0;
	} else {
		memcpy(nonce, salt, 4);
		for (i = 0; i < 8; i++)
			nonce[4 + i] = (uint8_t)(seq >> (56 - 8 * i));
		explicit = 8;
	}

	if (version == TLS_1_3_VERSION) {
		/* inner plaintext: content || type || zeros; outer type 23 */
		inner = len + 1 + pad;
		out[0] = 23;
	} else {
		inner = len;
		out[0] = type;
	}
	body = explicit + inner + c->tag;
	if (hdr + body > outlen || body > 0xffff)
		return -EMSGSIZE;
	out[1] = 3;
	out[2] = 3;
	out[3] = (uint8_t)(body >> 8);
	out[4] = (uint8_t)body;

	if (version == TLS_1_3_VERSION) {
		/* additional data: the record header */
		memcpy(aad, out, 5);
		aadlen = 5;
	} else {
		/* seq_num || type || version || plaintext length */
		for (i = 0; i < 8; i++)
			aad[i] = (uint8_t)(seq >> (56 - 8 * i));
		aad[8] = type;
		aad[9] = 3;
		aad[10] = 3;
		aad[11] = (uint8_t)(len >> 8);
		aad[12] = (uint8_t)len;
		aadlen = 13;
	}
	memcpy(out + hdr, nonce + 4, explicit);
	ct = out + hdr + explicit;
	memcpy(ct, plain, len);
	if (version == TLS_1_3_VERSION) {
		ct[len] = type;
		memset(ct + len + 1, 0, pad);
	}

	err = ktls_seal(evp, ccm, key, nonce, aad, aadlen, ct, inner, c->tag);
	return err ? err : (ssize_t)(hdr + body);
}
