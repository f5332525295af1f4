// SPDX-License-Identifier: GPL-2.0
/*
 * alert_client: a TLS client on GnuTLS that sends chosen alerts to a real
 * server after a real handshake, one alert per connection.
 *
 *   alert_client [options] LEVEL:DESCRIPTION...
 *
 * For every LEVEL:DESCRIPTION argument (numbers, 0..255 each) it connects,
 * completes a full handshake (certificate verified against --ca for the
 * name "localhost"), sends exactly one alert record with those two bytes
 * (gnutls_alert_send), half-closes the TCP connection and waits until the
 * server closes its side, so the server has read the alert before the next
 * connection starts. Nothing else is sent on the connection: no application
 * data and no close_notify, so the server sees exactly one alert.
 *
 * In TLS 1.3 the client's handshake ends before the server has read the
 * client's Finished, so the alert waits until the server has sent its first
 * record after the handshake (OpenSSL sends session tickets once it has
 * read the Finished). Without that wait, Finished, alert and FIN arrive
 * together, and about one connection in 250 (nginx with OpenSSL 3.5, under
 * QEMU) never got kTLS at all: no TLS_TX or TLS_RX setsockopt, while on all
 * the others the server set TLS_RX after the FIN had arrived. Linux attaches
 * the "tls" ULP only to ESTABLISHED sockets, which is the likely reason.
 * Such a connection is userspace TLS; the test would rightly fail it.
 *
 * One line per alert on standard output, for the test to parse:
 *
 *   sent port=41234 version=1.3 cipher=AES-128-GCM level=2 description=40
 *
 * where port is this client's local port, that is the peer port the server
 * sees. Exit status: 0 when every alert was sent and the server closed each
 * connection; 1 on the first failure, with the reason on standard error.
 */
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <gnutls/gnutls.h>

struct options {
	const char *host;
	const char *port;
	const char *ca;
	const char *version;	/* "1.2" or "1.3" */
	const char *cipher;	/* GnuTLS cipher name, or NULL for its default */
	int close_timeout_ms;
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: alert_client [options] LEVEL:DESCRIPTION...\n"
		"  -H, --host HOST       server address (default 127.0.0.1)\n"
		"  -p, --port PORT       server port (required)\n"
		"  -C, --ca FILE         CA certificate that signed the server's (required)\n"
		"  -V, --version V       TLS version: 1.2 or 1.3 (required)\n"
		"  -c, --cipher NAME     GnuTLS cipher, e.g. AES-128-GCM, AES-256-GCM,\n"
		"                        CHACHA20-POLY1305, AES-128-CCM (default: any)\n"
		"  -t, --timeout MS      wait this long for the server to close (default 10000)\n"
		"Each LEVEL:DESCRIPTION (0..255 each) is sent on its own connection.\n");
}

static int parse_byte(const char *s, unsigned int *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || v > 255)
		return -1;
	*out = v;
	return end - s;
}

static int parse_alert(const char *arg, unsigned int *level,
		       unsigned int *desc)
{
	int n;

	n = parse_byte(arg, level);
	if (n < 0 || arg[n] != ':')
		return -1;
	arg += n + 1;
	n = parse_byte(arg, desc);
	if (n < 0 || arg[n] != '\0')
		return -1;
	return 0;
}

static int tcp_connect(const char *host, const char *port)
{
	struct addrinfo hints = {
		.ai_socktype = SOCK_STREAM,
		.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV,
	};
	struct addrinfo *res;
	int fd, err;

	err = getaddrinfo(host, port, &hints, &res);
	if (err) {
		fprintf(stderr, "alert_client: %s port %s: %s\n", host, port,
			gai_strerror(err));
		return -1;
	}
	fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, res->ai_addr, res->ai_addrlen)) {
		fprintf(stderr, "alert_client: connect to %s port %s: %s\n",
			host, port, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return fd;
}

static int local_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len))
		return -1;
	if (ss.ss_family == AF_INET)
		return ntohs(((struct sockaddr_in *)&ss)->sin_port);
	return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
}

/*
 * After our alert: send FIN and read (and discard) whatever the server still
 * sends until it closes. Closing while unread bytes sit in our receive
 * queue would send a RST, which can cut off the server before it reads the
 * alert; waiting for its close also proves it has read the alert record.
 */
static int wait_server_close(int fd, int timeout_ms)
{
	struct timespec start, now;
	char buf[4096];
	ssize_t n;

	if (shutdown(fd, SHUT_WR))
		return -errno;
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long elapsed;

		clock_gettime(CLOCK_MONOTONIC, &now);
		elapsed = (now.tv_sec - start.tv_sec) * 1000 +
			  (now.tv_nsec - start.tv_nsec) / 1000000;
		if (elapsed >= timeout_ms)
			return -ETIMEDOUT;
		if (poll(&p, 1, timeout_ms - elapsed) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		n = read(fd, buf, sizeof(buf));
		if (n == 0)
			return 0;
		if (n < 0 && errno == ECONNRESET)
			return 0;	/* closed too, just not gracefully */
		if (n < 0 && errno != EINTR && errno != EAGAIN)
			return -errno;
	}
}

/*
 * Wait until the server's first record after the handshake is readable on
 * the socket; GnuTLS never sees it, as nothing is read through the session.
 */
static int wait_server_record(int fd, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int n;

	do {
		n = poll(&p, 1, timeout_ms);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return n ? 0 : -ETIMEDOUT;
}

static int send_one(const struct options *o,
		    gnutls_certificate_credentials_t cred,
		    unsigned int level, unsigned int desc)
{
	gnutls_session_t s = NULL;
	char prio[256];
	int fd, err, ret = -1;

	snprintf(prio, sizeof(prio), "NORMAL:-VERS-ALL:+VERS-TLS%s%s%s",
		 o->version, o->cipher ? ":-CIPHER-ALL:+" : "",
		 o->cipher ? o->cipher : "");

	fd = tcp_connect(o->host, o->port);
	if (fd < 0)
		return -1;
	err = gnutls_init(&s, GNUTLS_CLIENT);
	if (!err)
		err = gnutls_priority_set_direct(s, prio, NULL);
	if (!err)
		err = gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
	if (!err)
		err = gnutls_server_name_set(s, GNUTLS_NAME_DNS, "localhost",
					     strlen("localhost"));
	if (err) {
		fprintf(stderr, "alert_client: session setup (%s): %s\n", prio,
			gnutls_strerror(err));
		goto out;
	}
	gnutls_session_set_verify_cert(s, "localhost", 0);
	gnutls_transport_set_int(s, fd);
	gnutls_handshake_set_timeout(s, GNUTLS_DEFAULT_HANDSHAKE_TIMEOUT);

	do {
		err = gnutls_handshake(s);
	} while (err < 0 && !gnutls_error_is_fatal(err));
	if (err < 0) {
		fprintf(stderr, "alert_client: handshake with %s port %s (%s): %s\n",
			o->host, o->port, prio, gnutls_strerror(err));
		goto out;
	}

	if (gnutls_protocol_get_version(s) == GNUTLS_TLS1_3) {
		err = wait_server_record(fd, o->close_timeout_ms);
		if (err) {
			fprintf(stderr, "alert_client: the server sent nothing after the TLS 1.3 handshake (no session ticket): %s\n",
				strerror(-err));
			goto out;
		}
	}
	err = gnutls_alert_send(s, (gnutls_alert_level_t)level,
				(gnutls_alert_description_t)desc);
	if (err < 0) {
		fprintf(stderr, "alert_client: sending alert %u:%u: %s\n",
			level, desc, gnutls_strerror(err));
		goto out;
	}
	printf("sent port=%d version=%s cipher=%s level=%u description=%u\n",
	       local_port(fd),
	       gnutls_protocol_get_name(gnutls_protocol_get_version(s)) + 3,
	       gnutls_cipher_get_name(gnutls_cipher_get(s)), level, desc);
	fflush(stdout);

	err = wait_server_close(fd, o->close_timeout_ms);
	if (err) {
		fprintf(stderr, "alert_client: after alert %u:%u the server did not close: %s\n",
			level, desc, strerror(-err));
		goto out;
	}
	ret = 0;
out:
	if (s)
		gnutls_deinit(s);	/* frees state only; sends nothing */
	close(fd);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "host", required_argument, NULL, 'H' },
		{ "port", required_argument, NULL, 'p' },
		{ "ca", required_argument, NULL, 'C' },
		{ "version", required_argument, NULL, 'V' },
		{ "cipher", required_argument, NULL, 'c' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct options o = {
		.host = "127.0.0.1",
		.close_timeout_ms = 10000,
	};
	gnutls_certificate_credentials_t cred;
	unsigned int level, desc;
	int c, i, err;

	while ((c = getopt_long(argc, argv, "H:p:C:V:c:t:h", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'H': o.host = optarg; break;
		case 'p': o.port = optarg; break;
		case 'C': o.ca = optarg; break;
		case 'V': o.version = optarg; break;
		case 'c': o.cipher = optarg; break;
		case 't': o.close_timeout_ms = atoi(optarg); break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 1;
		}
	}
	if (!o.port || !o.ca || !o.version || optind == argc ||
	    (strcmp(o.version, "1.2") && strcmp(o.version, "1.3")) ||
	    o.close_timeout_ms <= 0) {
		usage(stderr);
		return 1;
	}
	for (i = optind; i < argc; i++) {
		if (parse_alert(argv[i], &level, &desc)) {
			fprintf(stderr, "alert_client: '%s' is not LEVEL:DESCRIPTION (0..255 each)\n",
				argv[i]);
			return 1;
		}
	}

	err = gnutls_global_init();
	if (!err)
		err = gnutls_certificate_allocate_credentials(&cred);
	if (err) {
		fprintf(stderr, "alert_client: GnuTLS init: %s\n",
			gnutls_strerror(err));
		return 1;
	}
	err = gnutls_certificate_set_x509_trust_file(cred, o.ca,
						     GNUTLS_X509_FMT_PEM);
	if (err <= 0) {
		fprintf(stderr, "alert_client: no CA certificate loaded from %s: %s\n",
			o.ca, err < 0 ? gnutls_strerror(err) : "empty file");
		return 1;
	}

	for (i = optind; i < argc; i++) {
		parse_alert(argv[i], &level, &desc);
		if (send_one(&o, cred, level, desc))
			return 1;
	}
	gnutls_certificate_free_credentials(cred);
	gnutls_global_deinit();
	return 0;
}
