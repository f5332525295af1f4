// SPDX-License-Identifier: GPL-2.0
/*
 * Every alert record a kTLS socket decrypts gives exactly one ktls_alert
 * event whose fields say what was sent, and is counted once; data records
 * give nothing, other control records are only counted. Across TLS 1.2 and
 * 1.3, every cipher the kernel offers, and IPv4, IPv6 and v4-mapped IPv6.
 *
 *   fresh network namespace per test
 *   +---------------------------------------------------------------+
 *   | client --- kTLS TX ---> loopback TCP ---> server (kTLS RX)    |
 *   |  (or a raw TCP peer writing crafted records)   | recvmsg()    |
 *   |                                                v read/splice  |
 *   |                     tls_rx_one_record() <-- ktls_alert.ko     |
 *   |                                                | genl "alerts"|
 *   |                                                v              |
 *   |                        listener(s), libktls_alert             |
 *   +---------------------------------------------------------------+
 *
 * Expected classes come from lib/expect.c, the tests' own reading of the
 * RFCs, not from the module's parser. The program loads ktls_alert.ko
 * itself ($KTLS_ALERT_KO or build/kmod-$KTLS_VM_SERIES/) and unloads it at
 * exit; without it every test fails, saying why.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/tls.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "lib/expect.h"
#include "lib/ktls.h"
#include "lib/listen.h"
#include "lib/module.h"
#include "lib/netns.h"

/* A delivered event is queued before the reading call returns; this only
 * bounds the wait when something is wrong. */
#define EVENT_WAIT_MS	2000
/* How long "and nothing else arrives" is watched. */
#define QUIET_MS	150

#define MAX_RECORD	16384

/*
 * Why the kernel refused an optional cipher, kept across the harness's
 * forks: asking again costs seconds of crypto module lookups under TCG.
 */
static char (*refused)[256];

static void refused_init(void)
{
	refused = mmap(NULL, 256 * 256, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (refused == MAP_FAILED)
		refused = NULL;
	else
		memset(refused, 0, 256 * 256);
}

/* One kTLS connection under test and a listener in its namespace. */
struct bed {
	struct ktls_pair p;
	struct kta_listener l;
	struct kta_sock_id sock;	/* the receiving (server) socket */
	struct kta_task_id task;	/* this test, the reader */
	struct kta_ctx ctx;		/* version, cipher, next seq */
	uint8_t buf[MAX_RECORD + 64];
};

/*
 * Open a pair for @version x @cipher over @family in a fresh namespace with
 * a subscribed listener. Returns 0, or 1 with @why set when the kernel
 * lacks an optional cipher (the caller SKIPs); asserts on anything else.
 */
static int bed_open(struct __test_metadata *_metadata, struct bed *b,
		    enum ktls_family family, uint16_t version,
		    uint16_t cipher, bool optional, bool raw,
		    char *why, size_t whylen)
{
	uint64_t ino;
	int err;

	ASSERT_EQ(0, kta_module_status) TH_LOG("%s", kta_module_why);
	if (optional && refused && refused[cipher & 0xff][0]) {
		snprintf(why, whylen, "%s", refused[cipher & 0xff]);
		return 1;
	}
	ASSERT_EQ(0, kta_netns_new(why, whylen)) TH_LOG("%s", why);
	if (raw)
		err = ktls_pair_open_raw(&b->p, family, version, cipher,
					 why, whylen);
	else
		err = ktls_pair_open(&b->p, family, version, cipher, 0,
				     why, whylen);
	if (err && optional && b->p.cipher) {
		if (refused)
			snprintf(refused[cipher & 0xff], 256, "%s", why);
		return 1;
	}
	ASSERT_EQ(0, err) TH_LOG("%s", why);
	ASSERT_EQ(0, kta_listen_open(&b->l, true)) TH_LOG("%s", b->l.err);
	ASSERT_EQ(0, kta_sock_id_of(b->p.server, &b->sock));
	/* The socket's namespace is the one this test runs in. */
	ASSERT_EQ(0, kta_netns_ino(&ino));
	ASSERT_EQ(ino, b->sock.netns_ino);
	kta_task_id_self(&b->task);
	b->ctx.tls_version = version;
	b->ctx.cipher = cipher;
	b->ctx.seq = 0;
	return 0;
}

static void bed_close(struct bed *b)
{
	ktls_pair_close(&b->p);
	kta_listen_close(&b->l);
}

/* Assert that exactly one event is held and that it describes @rec. */
static void expect_event(struct __test_metadata *_metadata, struct bed *b,
			 const uint8_t *rec, size_t len)
{
	struct kta_want w;
	char diff[1024];

	kta_want_of(b->ctx.tls_version, rec, len, &w);
	ASSERT_EQ(1, kta_listen_wait(&b->l, 1, EVENT_WAIT_MS))
		TH_LOG("record of %zu bytes (%u, %u) at seq %llu: want exactly one event (%s)",
		       len, len > 0 ? rec[0] : 0, len > 1 ? rec[1] : 0,
		       (unsigned long long)b->ctx.seq, b->l.err);
	EXPECT_EQ(0, kta_event_mismatch(&b->l.ev[0], &w, &b->sock, &b->task,
					&b->ctx, diff, sizeof(diff)))
		TH_LOG("record of %zu bytes (%u, %u) at seq %llu: %s", len,
		       len > 0 ? rec[0] : 0, len > 1 ? rec[1] : 0,
		       (unsigned long long)b->ctx.seq, diff);
	kta_listen_clear(&b->l);
}

/* Nothing is held, and nothing more arrives for a while. */
static void expect_quiet(struct __test_metadata *_metadata, struct bed *b)
{
	ASSERT_EQ(0, (int)b->l.n) TH_LOG("%zu unexpected events held",
					 b->l.n);
	ASSERT_EQ(0, kta_listen_quiet(&b->l, QUIET_MS))
		TH_LOG("unexpected event: class %u length %u seq %llu (%s)",
		       b->l.n ? b->l.ev[0].class : 0,
		       b->l.n ? b->l.ev[0].length : 0,
		       b->l.n ? (unsigned long long)b->l.ev[0].seq : 0ULL,
		       b->l.err);
}

/* Send one record through kTLS TX and read it back with its type. */
static void pass_record(struct __test_metadata *_metadata, struct bed *b,
			uint8_t type, const uint8_t *rec, size_t len)
{
	uint8_t got = 0;

	ASSERT_EQ((ssize_t)len, ktls_send_record(b->p.client, type, rec, len));
	ASSERT_EQ((ssize_t)len, ktls_recv_record(b->p.server, b->buf,
						 sizeof(b->buf), &got, 0));
	ASSERT_EQ(type, got);
	ASSERT_EQ(0, memcmp(b->buf, rec, len));
}

/* An alert record goes through and gives exactly its one event. */
static void alert_through(struct __test_metadata *_metadata, struct bed *b,
			  const uint8_t *rec, size_t len)
{
	b->ctx.t0 = kta_realtime_ns();
	pass_record(_metadata, b, 21, rec, len);
	b->ctx.t1 = kta_realtime_ns();
	expect_event(_metadata, b, rec, len);
	b->ctx.seq++;
}

/* A record of another type goes through and gives no event. */
static void other_through(struct __test_metadata *_metadata, struct bed *b,
			  uint8_t type, const uint8_t *rec, size_t len)
{
	pass_record(_metadata, b, type, rec, len);
	ASSERT_EQ(0, kta_listen_take(&b->l));
	ASSERT_EQ(0, (int)b->l.n)
		TH_LOG("a record of type %u gave an event", type);
	b->ctx.seq++;
}

static void get_stats(struct __test_metadata *_metadata, struct bed *b,
		      struct ktls_alert_stats *st)
{
	ASSERT_EQ(0, ktls_alert_get_stats(b->l.h, st))
		TH_LOG("get-stats: %s", ktls_alert_last_error(b->l.h));
}

/* What the counters must say, built from the records sent. */
struct tally {
	uint64_t class[KTLS_ALERT_NR_CLASSES + 1];
	uint64_t desc[256][KTLS_ALERT_NR_CLASSES + 1];
	uint64_t malformed[KTLS_ALERT_NR_REASONS + 1];
	uint64_t control[256];
};

static void tally_alert(struct tally *t, uint16_t version, const uint8_t *rec,
			size_t len)
{
	struct kta_want w;

	kta_want_of(version, rec, len, &w);
	t->class[w.class]++;
	if (w.has_desc)
		t->desc[w.desc][w.class]++;
	if (w.malformed)
		t->malformed[w.malformed]++;
}

/* Every counter of @st equals @t; undelivered and missed are zero. */
static void expect_stats(struct __test_metadata *_metadata,
			 const struct ktls_alert_stats *st,
			 const struct tally *t)
{
	int c, d;

	for (c = 1; c <= KTLS_ALERT_NR_CLASSES; c++)
		EXPECT_EQ(t->class[c], st->class_count[c])
			TH_LOG("class %d", c);
	for (d = 0; d < 256; d++)
		for (c = 0; c <= KTLS_ALERT_NR_CLASSES; c++)
			EXPECT_EQ(t->desc[d][c], st->desc_count[d][c])
				TH_LOG("description %d, class %d", d, c);
	for (c = 1; c <= KTLS_ALERT_NR_REASONS; c++)
		EXPECT_EQ(t->malformed[c], st->malformed[c])
			TH_LOG("malformed reason %d", c);
	for (d = 0; d < 256; d++)
		EXPECT_EQ(t->control[d], st->control[d])
			TH_LOG("control content type %d", d);
	EXPECT_EQ(0, st->undelivered);
	EXPECT_EQ(0, st->missed);
	EXPECT_TRUE(KTLS_ALERT_HAS(st, KTLS_ALERT_A_STATS_CLASS));
	EXPECT_TRUE(KTLS_ALERT_HAS(st, KTLS_ALERT_A_STATS_MALFORMED));
	EXPECT_TRUE(KTLS_ALERT_HAS(st, KTLS_ALERT_A_STATS_UNDELIVERED));
}

/* ------------------------------------------------------------------ */

FIXTURE(alerts) {
	struct bed b;
};

/*
 * TLS version x every cipher linux/tls.h has. SM4 is defined for TLS 1.3
 * only (RFC 8998) and ARIA for TLS 1.2 only (RFC 6209), so those are tried
 * with that version; Debian's kernels lack both, and they SKIP there.
 */
FIXTURE_VARIANT(alerts) {
	uint16_t version;
	uint16_t cipher;
	bool optional;	/* the kernel may lack it: SKIP, do not fail */
};

#define ALERTS_VARIANT(name, ver, ciph, opt)			\
	FIXTURE_VARIANT_ADD(alerts, name) {			\
		.version = ver, .cipher = ciph, .optional = opt,	\
	}

ALERTS_VARIANT(tls12_aes_gcm_128, TLS_1_2_VERSION, TLS_CIPHER_AES_GCM_128, false);
ALERTS_VARIANT(tls13_aes_gcm_128, TLS_1_3_VERSION, TLS_CIPHER_AES_GCM_128, false);
ALERTS_VARIANT(tls12_aes_gcm_256, TLS_1_2_VERSION, TLS_CIPHER_AES_GCM_256, false);
ALERTS_VARIANT(tls13_aes_gcm_256, TLS_1_3_VERSION, TLS_CIPHER_AES_GCM_256, false);
ALERTS_VARIANT(tls12_aes_ccm_128, TLS_1_2_VERSION, TLS_CIPHER_AES_CCM_128, false);
ALERTS_VARIANT(tls13_aes_ccm_128, TLS_1_3_VERSION, TLS_CIPHER_AES_CCM_128, false);
ALERTS_VARIANT(tls12_chacha20_poly1305, TLS_1_2_VERSION,
	       TLS_CIPHER_CHACHA20_POLY1305, false);
ALERTS_VARIANT(tls13_chacha20_poly1305, TLS_1_3_VERSION,
	       TLS_CIPHER_CHACHA20_POLY1305, false);
ALERTS_VARIANT(tls13_sm4_gcm, TLS_1_3_VERSION, TLS_CIPHER_SM4_GCM, true);
ALERTS_VARIANT(tls13_sm4_ccm, TLS_1_3_VERSION, TLS_CIPHER_SM4_CCM, true);
ALERTS_VARIANT(tls12_aria_gcm_128, TLS_1_2_VERSION, TLS_CIPHER_ARIA_GCM_128, true);
ALERTS_VARIANT(tls12_aria_gcm_256, TLS_1_2_VERSION, TLS_CIPHER_ARIA_GCM_256, true);

FIXTURE_SETUP(alerts)
{
	char why[256] = "";

	if (bed_open(_metadata, &self->b, KTLS_INET4, variant->version,
		     variant->cipher, variant->optional, false,
		     why, sizeof(why)))
		SKIP(return, "this kernel's kTLS lacks the cipher: %s", why);
}

FIXTURE_TEARDOWN(alerts)
{
	bed_close(&self->b);
}

TEST_F(alerts, every_registry_code_at_both_levels_gives_one_exact_event)
{
	uint8_t rec[2];
	size_t i;
	int level;

	for (i = 0; i < kta_iana_ncodes; i++) {
		for (level = 1; level <= 2; level++) {
			rec[0] = level;
			rec[1] = kta_iana_codes[i];
			alert_through(_metadata, &self->b, rec, 2);
		}
	}
	expect_quiet(_metadata, &self->b);
}

TEST_F(alerts, unknown_codes_at_both_levels_are_reported_not_dropped)
{
	static const uint8_t unknown[] = {
		1, 9, 11, 23, 53, 61, 85, 87, 99, 101, 108, 118, 119, 122,
		127, 128, 200, 254, 255,
	};
	uint8_t rec[2];
	size_t i;
	int level;

	for (i = 0; i < sizeof(unknown); i++) {
		ASSERT_FALSE(kta_iana_known(unknown[i]));
		for (level = 1; level <= 2; level++) {
			rec[0] = level;
			rec[1] = unknown[i];
			alert_through(_metadata, &self->b, rec, 2);
		}
	}
	expect_quiet(_metadata, &self->b);
}

TEST_F(alerts, wrong_lengths_are_malformed_with_the_length)
{
	static const size_t lengths[] = { 1, 3, 64, MAX_RECORD };
	static uint8_t rec[MAX_RECORD];
	size_t i;

	/* Starts like a valid fatal alert so only the length is wrong. */
	memset(rec, 0xa5, sizeof(rec));
	rec[0] = 2;
	rec[1] = 40;
	for (i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++)
		alert_through(_metadata, &self->b, rec, lengths[i]);
	expect_quiet(_metadata, &self->b);
}

TEST_F(alerts, invalid_levels_are_malformed_and_keep_the_raw_bytes)
{
	static const uint8_t levels[] = { 0, 3, 255 };
	static const uint8_t descs[] = { 0, 40, 90, 200 };
	uint8_t rec[2];
	size_t i, j;

	for (i = 0; i < sizeof(levels); i++) {
		for (j = 0; j < sizeof(descs); j++) {
			rec[0] = levels[i];
			rec[1] = descs[j];
			alert_through(_metadata, &self->b, rec, 2);
		}
	}
	expect_quiet(_metadata, &self->b);
}

TEST_F(alerts, plain_read_fails_with_eio_and_the_retry_adds_no_event)
{
	static const uint8_t rec[2] = { 2, 80 };
	struct bed *b = &self->b;
	uint8_t got = 0;

	b->ctx.t0 = kta_realtime_ns();
	ASSERT_EQ(2, ktls_send_record(b->p.client, 21, rec, 2));
	/* The read decrypts the record, then refuses it: one event. */
	ASSERT_EQ(-1, read(b->p.server, b->buf, sizeof(b->buf)));
	ASSERT_EQ(EIO, errno);
	b->ctx.t1 = kta_realtime_ns();
	expect_event(_metadata, b, rec, 2);
	/* It stays queued, decrypted: more plain reads, then recvmsg. */
	ASSERT_EQ(-1, recv(b->p.server, b->buf, sizeof(b->buf), 0));
	ASSERT_EQ(EIO, errno);
	ASSERT_EQ(2, ktls_recv_record(b->p.server, b->buf, sizeof(b->buf),
				      &got, 0));
	ASSERT_EQ(21, got);
	ASSERT_EQ(0, memcmp(b->buf, rec, 2));
	expect_quiet(_metadata, b);
	b->ctx.seq++;
	alert_through(_metadata, b, rec, 2);
}

TEST_F(alerts, splice_fails_with_einval_and_still_gives_one_event)
{
	static const uint8_t rec[2] = { 1, 0 };
	struct bed *b = &self->b;
	uint8_t got = 0;
	int pfd[2];

	ASSERT_EQ(0, pipe(pfd));
	/* Data splices, and gives no event. */
	ASSERT_EQ(5, ktls_send_record(b->p.client, 23, "hello", 5));
	ASSERT_EQ(5, splice(b->p.server, NULL, pfd[1], NULL, 64, 0));
	ASSERT_EQ(5, read(pfd[0], b->buf, sizeof(b->buf)));
	b->ctx.seq++;
	ASSERT_EQ(0, kta_listen_take(&b->l));
	ASSERT_EQ(0, (int)b->l.n);

	b->ctx.t0 = kta_realtime_ns();
	ASSERT_EQ(2, ktls_send_record(b->p.client, 21, rec, 2));
	ASSERT_EQ(-1, splice(b->p.server, NULL, pfd[1], NULL, 64, 0));
	ASSERT_EQ(EINVAL, errno);
	b->ctx.t1 = kta_realtime_ns();
	expect_event(_metadata, b, rec, 2);
	/* Requeued decrypted: splicing again decrypts nothing. */
	ASSERT_EQ(-1, splice(b->p.server, NULL, pfd[1], NULL, 64, 0));
	ASSERT_EQ(EINVAL, errno);
	ASSERT_EQ(2, ktls_recv_record(b->p.server, b->buf, sizeof(b->buf),
				      &got, 0));
	ASSERT_EQ(21, got);
	expect_quiet(_metadata, b);
	close(pfd[0]);
	close(pfd[1]);
}

TEST_F(alerts, peek_then_read_gives_one_event)
{
	static const uint8_t rec[2] = { 2, 48 };
	struct bed *b = &self->b;
	uint8_t got = 0;

	b->ctx.t0 = kta_realtime_ns();
	ASSERT_EQ(2, ktls_send_record(b->p.client, 21, rec, 2));
	ASSERT_EQ(2, ktls_recv_record(b->p.server, b->buf, sizeof(b->buf),
				      &got, MSG_PEEK));
	ASSERT_EQ(21, got);
	b->ctx.t1 = kta_realtime_ns();
	expect_event(_metadata, b, rec, 2);
	ASSERT_EQ(2, ktls_recv_record(b->p.server, b->buf, sizeof(b->buf),
				      &got, 0));
	ASSERT_EQ(21, got);
	expect_quiet(_metadata, b);
}

TEST_F(alerts, data_records_give_no_event_and_count_in_seq)
{
	static const uint8_t rec[2] = { 2, 42 };
	static uint8_t big[MAX_RECORD];
	struct ktls_alert_stats st;
	struct tally t = { 0 };
	int i;

	memset(big, 'd', sizeof(big));
	for (i = 0; i < 3; i++)
		other_through(_metadata, &self->b, 23, (const uint8_t *)"data", 4);
	other_through(_metadata, &self->b, 23, big, sizeof(big));
	/* The alert is record number 4 of the connection. */
	alert_through(_metadata, &self->b, rec, 2);
	other_through(_metadata, &self->b, 23, big, 100);
	expect_quiet(_metadata, &self->b);

	tally_alert(&t, self->b.ctx.tls_version, rec, 2);
	get_stats(_metadata, &self->b, &st);
	expect_stats(_metadata, &st, &t);
}

TEST_F(alerts, other_control_records_are_counted_not_announced)
{
	/* Handshake: NewSessionTicket-like; never KeyUpdate (24), which
	 * makes 6.13+ stop reading until new keys are installed. */
	static const uint8_t hs[4] = { 4, 0, 0, 0 };
	static const uint8_t ccs[1] = { 1 };
	static const uint8_t hb[3] = { 1, 0, 0 };
	static const uint8_t odd[1] = { 'x' };
	static const uint8_t rec[2] = { 1, 0 };
	struct ktls_alert_stats st;
	struct tally t = { 0 };
	int i;

	for (i = 0; i < 2; i++) {
		other_through(_metadata, &self->b, 22, hs, sizeof(hs));
		t.control[22]++;
	}
	other_through(_metadata, &self->b, 20, ccs, sizeof(ccs));
	t.control[20]++;
	other_through(_metadata, &self->b, 24, hb, sizeof(hb));
	t.control[24]++;
	/* A content type no RFC assigns: still counted by its number. */
	other_through(_metadata, &self->b, 99, odd, sizeof(odd));
	t.control[99]++;
	alert_through(_metadata, &self->b, rec, 2);
	tally_alert(&t, self->b.ctx.tls_version, rec, 2);
	expect_quiet(_metadata, &self->b);

	get_stats(_metadata, &self->b, &st);
	expect_stats(_metadata, &st, &t);
}

TEST_F(alerts, statistics_after_reset_equal_exactly_what_was_sent)
{
	static const struct { uint8_t type, len, b[3]; } mix[] = {
		{ 21, 2, { 1, 0 } },		/* closure */
		{ 21, 2, { 2, 0 } },
		{ 21, 2, { 2, 90 } },
		{ 21, 2, { 1, 100 } },		/* warning in 1.2 */
		{ 21, 2, { 1, 45 } },
		{ 21, 2, { 2, 40 } },		/* fatal */
		{ 21, 2, { 2, 40 } },
		{ 21, 2, { 2, 40 } },
		{ 21, 2, { 2, 21 } },		/* reserved */
		{ 21, 2, { 1, 200 } },		/* unknown */
		{ 21, 2, { 2, 255 } },
		{ 21, 1, { 2 } },		/* truncated */
		{ 21, 3, { 2, 40, 0 } },	/* oversized */
		{ 21, 2, { 0, 40 } },		/* bad level */
		{ 21, 2, { 3, 10 } },
		{ 21, 2, { 255, 0 } },
		{ 22, 3, { 4, 0, 0 } },		/* handshake */
		{ 22, 3, { 4, 0, 0 } },
		{ 20, 1, { 1 } },		/* change_cipher_spec */
		{ 23, 3, { 'a', 'b', 'c' } },	/* data: no counter */
	};
	static const uint8_t before[2] = { 2, 50 };
	struct bed *b = &self->b;
	struct ktls_alert_stats st;
	struct tally t = { 0 };
	size_t i;

	/* Counters from before the reset must not show. */
	alert_through(_metadata, b, before, 2);
	other_through(_metadata, b, 22, mix[16].b, 3);
	get_stats(_metadata, b, &st);
	ASSERT_NE(0, st.class_count[KTLS_ALERT_CLASS_FATAL]);
	ASSERT_EQ(0, ktls_alert_reset_stats(b->l.h))
		TH_LOG("reset-stats: %s", ktls_alert_last_error(b->l.h));
	get_stats(_metadata, b, &st);
	expect_stats(_metadata, &st, &t);

	for (i = 0; i < sizeof(mix) / sizeof(mix[0]); i++) {
		if (mix[i].type == 21) {
			alert_through(_metadata, b, mix[i].b, mix[i].len);
			tally_alert(&t, b->ctx.tls_version, mix[i].b,
				    mix[i].len);
		} else {
			other_through(_metadata, b, mix[i].type, mix[i].b,
				      mix[i].len);
			if (mix[i].type != 23)
				t.control[mix[i].type]++;
		}
	}
	expect_quiet(_metadata, b);
	get_stats(_metadata, b, &st);
	expect_stats(_metadata, &st, &t);
}

TEST_F(alerts, two_listeners_both_get_every_event)
{
	static const uint8_t recs[][2] = {
		{ 1, 0 }, { 2, 40 }, { 1, 100 }, { 2, 200 }, { 7, 7 },
	};
	struct bed *b = &self->b;
	struct kta_listener second, idle;
	struct kta_want w;
	char diff[1024];
	size_t i, n = sizeof(recs) / sizeof(recs[0]);
	uint64_t t0;

	ASSERT_EQ(0, kta_listen_open(&second, true)) TH_LOG("%s", second.err);
	/* Open but not subscribed: must get nothing. */
	ASSERT_EQ(0, kta_listen_open(&idle, false)) TH_LOG("%s", idle.err);

	t0 = kta_realtime_ns();
	for (i = 0; i < n; i++)
		pass_record(_metadata, b, 21, recs[i], 2);
	b->ctx.t0 = t0;
	b->ctx.t1 = kta_realtime_ns();

	ASSERT_EQ(n, kta_listen_wait(&b->l, n, EVENT_WAIT_MS)) TH_LOG("%s", b->l.err);
	ASSERT_EQ(n, kta_listen_wait(&second, n, EVENT_WAIT_MS))
		TH_LOG("%s", second.err);
	for (i = 0; i < n; i++) {
		kta_want_of(b->ctx.tls_version, recs[i], 2, &w);
		b->ctx.seq = i;
		EXPECT_EQ(0, kta_event_mismatch(&b->l.ev[i], &w, &b->sock,
						&b->task, &b->ctx, diff,
						sizeof(diff)))
			TH_LOG("first listener, event %zu: %s", i, diff);
		EXPECT_EQ(0, kta_event_mismatch(&second.ev[i], &w, &b->sock,
						&b->task, &b->ctx, diff,
						sizeof(diff)))
			TH_LOG("second listener, event %zu: %s", i, diff);
		/* One notification, multicast: the very same timestamp. */
		EXPECT_EQ(b->l.ev[i].timestamp_ns, second.ev[i].timestamp_ns);
	}
	EXPECT_EQ(0, kta_listen_quiet(&second, QUIET_MS));
	EXPECT_EQ(0, kta_listen_quiet(&idle, 0));
	kta_listen_clear(&b->l);
	expect_quiet(_metadata, b);
	kta_listen_close(&second);
	kta_listen_close(&idle);
}

/*
 * Records only a hostile or unusual peer sends, written as raw bytes on a
 * plain TCP socket to the kTLS receiver: an empty alert, an alert split
 * across TCP segments, TLS 1.3 padding and an unassigned inner type.
 */
TEST_F(alerts, records_from_a_raw_peer_are_seen_as_the_kernel_decrypts_them)
{
	static const uint8_t close_notify[2] = { 1, 0 };
	static const uint8_t fatal[2] = { 2, 40 };
	struct bed raw = { 0 };
	struct ktls_alert_stats st;
	struct tally t = { 0 };
	uint8_t rec[256], got;
	char why[256] = "";
	ssize_t n;
	int one = 1;

	/* A raw pair, with its own listener, in the fixture's namespace. */
	n = ktls_build_record(rec, sizeof(rec), variant->version,
			      variant->cipher, KTLS_DIR_C2S, 0, 21, NULL, 0, 0);
	if (n == -EOPNOTSUPP)
		SKIP(return, "this libcrypto cannot build %s records",
		     self->b.p.cipher->name);
	ASSERT_EQ(0, ktls_pair_open_raw(&raw.p, KTLS_INET4, variant->version,
					variant->cipher, why, sizeof(why)))
		TH_LOG("%s", why);
	kta_listen_close(&self->b.l);
	ASSERT_EQ(0, kta_listen_open(&raw.l, true)) TH_LOG("%s", raw.l.err);
	ASSERT_EQ(0, kta_sock_id_of(raw.p.server, &raw.sock));
	raw.task = self->b.task;
	raw.ctx = self->b.ctx;
	ASSERT_EQ(0, setsockopt(raw.p.client, IPPROTO_TCP, TCP_NODELAY, &one,
				sizeof(one)));

	/* seq 0: an empty alert record; the application reads 0 bytes. */
	ASSERT_LT(0, n);
	raw.ctx.t0 = kta_realtime_ns();
	ASSERT_EQ(0, ktls_write_all(raw.p.client, rec, n));
	ASSERT_EQ(0, ktls_recv_record(raw.p.server, raw.buf, sizeof(raw.buf),
				      &got, 0));
	ASSERT_EQ(21, got);
	raw.ctx.t1 = kta_realtime_ns();
	expect_event(_metadata, &raw, NULL, 0);
	tally_alert(&t, variant->version, NULL, 0);
	raw.ctx.seq++;

	/* seq 1: close_notify split in two TCP segments. */
	n = ktls_build_record(rec, sizeof(rec), variant->version,
			      variant->cipher, KTLS_DIR_C2S, 1, 21,
			      close_notify, 2, 0);
	ASSERT_LT(7, n);
	raw.ctx.t0 = kta_realtime_ns();
	ASSERT_EQ(0, ktls_write_all(raw.p.client, rec, 7));
	usleep(20000);
	ASSERT_EQ(0, ktls_write_all(raw.p.client, rec + 7, n - 7));
	ASSERT_EQ(2, ktls_recv_record(raw.p.server, raw.buf, sizeof(raw.buf),
				      &got, 0));
	ASSERT_EQ(21, got);
	raw.ctx.t1 = kta_realtime_ns();
	expect_event(_metadata, &raw, close_notify, 2);
	tally_alert(&t, variant->version, close_notify, 2);
	raw.ctx.seq++;

	if (variant->version == TLS_1_3_VERSION) {
		/* seq 2: a fatal alert with 13 bytes of zero padding. */
		n = ktls_build_record(rec, sizeof(rec), variant->version,
				      variant->cipher, KTLS_DIR_C2S, 2, 21,
				      fatal, 2, 13);
		ASSERT_LT(0, n);
		raw.ctx.t0 = kta_realtime_ns();
		ASSERT_EQ(0, ktls_write_all(raw.p.client, rec, n));
		ASSERT_EQ(2, ktls_recv_record(raw.p.server, raw.buf,
					      sizeof(raw.buf), &got, 0));
		ASSERT_EQ(21, got);
		raw.ctx.t1 = kta_realtime_ns();
		expect_event(_metadata, &raw, fatal, 2);
		tally_alert(&t, variant->version, fatal, 2);
		raw.ctx.seq++;
	}

	/* An unassigned content type (inner type in 1.3): counted only. */
	n = ktls_build_record(rec, sizeof(rec), variant->version,
			      variant->cipher, KTLS_DIR_C2S, raw.ctx.seq, 77,
			      (const uint8_t *)"zz", 2, 0);
	ASSERT_LT(0, n);
	ASSERT_EQ(0, ktls_write_all(raw.p.client, rec, n));
	ASSERT_EQ(2, ktls_recv_record(raw.p.server, raw.buf, sizeof(raw.buf),
				      &got, 0));
	ASSERT_EQ(77, got);
	t.control[77]++;
	raw.ctx.seq++;

	/* And the sequence numbers still line up after all that. */
	n = ktls_build_record(rec, sizeof(rec), variant->version,
			      variant->cipher, KTLS_DIR_C2S, raw.ctx.seq, 21,
			      fatal, 2, 0);
	ASSERT_LT(0, n);
	raw.ctx.t0 = kta_realtime_ns();
	ASSERT_EQ(0, ktls_write_all(raw.p.client, rec, n));
	ASSERT_EQ(2, ktls_recv_record(raw.p.server, raw.buf, sizeof(raw.buf),
				      &got, 0));
	raw.ctx.t1 = kta_realtime_ns();
	expect_event(_metadata, &raw, fatal, 2);
	tally_alert(&t, variant->version, fatal, 2);

	raw.ctx.seq++;

	/* A record that fails authentication is not decrypted: no event,
	 * no count, and the kernel aborts the connection. */
	n = ktls_build_record(rec, sizeof(rec), variant->version,
			      variant->cipher, KTLS_DIR_C2S, raw.ctx.seq, 21,
			      fatal, 2, 0);
	ASSERT_LT(0, n);
	rec[n - 1] ^= 0x5a;
	ASSERT_EQ(0, ktls_write_all(raw.p.client, rec, n));
	ASSERT_EQ(-EBADMSG, ktls_recv_record(raw.p.server, raw.buf,
					     sizeof(raw.buf), &got, 0));

	expect_quiet(_metadata, &raw);
	get_stats(_metadata, &raw, &st);
	expect_stats(_metadata, &st, &t);
	bed_close(&raw);
}

/* ------------------------------------------------------------------ */

/* Addresses of IPv4, IPv6 and v4-mapped IPv6 sockets, both versions. */
FIXTURE(families) {
	struct bed b;
};

FIXTURE_VARIANT(families) {
	uint16_t version;
	enum ktls_family family;
};

FIXTURE_VARIANT_ADD(families, tls12_ipv4) {
	.version = TLS_1_2_VERSION, .family = KTLS_INET4,
};

FIXTURE_VARIANT_ADD(families, tls13_ipv4) {
	.version = TLS_1_3_VERSION, .family = KTLS_INET4,
};

FIXTURE_VARIANT_ADD(families, tls12_ipv6) {
	.version = TLS_1_2_VERSION, .family = KTLS_INET6,
};

FIXTURE_VARIANT_ADD(families, tls13_ipv6) {
	.version = TLS_1_3_VERSION, .family = KTLS_INET6,
};

FIXTURE_VARIANT_ADD(families, tls12_v4_mapped) {
	.version = TLS_1_2_VERSION, .family = KTLS_INET6_MAPPED,
};

FIXTURE_VARIANT_ADD(families, tls13_v4_mapped) {
	.version = TLS_1_3_VERSION, .family = KTLS_INET6_MAPPED,
};

FIXTURE_SETUP(families)
{
	char why[256] = "";

	bed_open(_metadata, &self->b, variant->family, variant->version,
		 TLS_CIPHER_AES_GCM_128, false, false, why, sizeof(why));
}

FIXTURE_TEARDOWN(families)
{
	bed_close(&self->b);
}

TEST_F(families, events_carry_the_receiving_socket_addresses)
{
	static const uint8_t v4_mapped_lo[16] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1,
	};
	static const struct { uint8_t len, b[3]; } alerts[] = {
		{ 2, { 2, 40 } }, { 2, { 1, 0 } }, { 3, { 2, 40, 1 } },
		{ 1, { 2 } },
	};
	struct bed *b = &self->b;
	size_t i;

	/* The identity the checks use is what the test set up. */
	switch (variant->family) {
	case KTLS_INET4:
		ASSERT_EQ(AF_INET, b->sock.family);
		ASSERT_EQ(htonl(INADDR_LOOPBACK), *(uint32_t *)b->sock.local);
		break;
	case KTLS_INET6:
		ASSERT_EQ(AF_INET6, b->sock.family);
		ASSERT_EQ(0, memcmp(b->sock.local, &in6addr_loopback, 16));
		break;
	case KTLS_INET6_MAPPED:
		ASSERT_EQ(AF_INET6, b->sock.family);
		ASSERT_EQ(0, memcmp(b->sock.local, v4_mapped_lo, 16));
		ASSERT_EQ(0, memcmp(b->sock.peer, v4_mapped_lo, 16));
		break;
	}
	for (i = 0; i < sizeof(alerts) / sizeof(alerts[0]); i++)
		alert_through(_metadata, b, alerts[i].b, alerts[i].len);
	expect_quiet(_metadata, b);
}

/* ------------------------------------------------------------------ */

/*
 * A listener that does not read overruns its receive buffer: the lost
 * notifications are counted as undelivered by the module and reported as
 * lost by the library, and the two counts agree with what was sent.
 */
TEST(an_overrun_listener_loses_events_that_are_counted)
{
	static const uint8_t rec[2] = { 2, 40 };
	struct ktls_alert_stats st;
	struct bed b = { 0 };
	char why[256] = "";
	int i, sent = 200;

	bed_open(_metadata, &b, KTLS_INET4, TLS_1_3_VERSION,
		 TLS_CIPHER_AES_GCM_128, false, false, why, sizeof(why));
	/* The smallest buffer the kernel allows holds a few events. */
	ASSERT_EQ(0, ktls_alert_set_rcvbuf(b.l.h, 1));
	for (i = 0; i < sent; i++)
		pass_record(_metadata, &b, 21, rec, 2);
	ASSERT_LE(0, kta_listen_take(&b.l)) TH_LOG("%s", b.l.err);
	ASSERT_LT(0, (int)b.l.n);
	ASSERT_LT(0, (int)b.l.lost);
	EXPECT_EQ(sent, (int)(b.l.n + b.l.lost))
		TH_LOG("%zu delivered + %llu lost", b.l.n, b.l.lost);
	EXPECT_EQ(b.l.lost, ktls_alert_lost_total(b.l.h));
	get_stats(_metadata, &b, &st);
	EXPECT_EQ(sent, st.class_count[KTLS_ALERT_CLASS_FATAL]);
	EXPECT_EQ(b.l.lost, st.undelivered);
	/* The handle keeps working after the overrun. */
	kta_listen_clear(&b.l);
	b.ctx.seq = sent;
	alert_through(_metadata, &b, rec, 2);
	bed_close(&b);
}

/*
 * The largest statistics reply: every description byte counted in three
 * classes and every other content type counted, exact to the last entry.
 */
TEST(statistics_reply_holds_every_description_and_content_type)
{
	static const uint8_t levels[] = { 1, 2, 0 };
	static const uint8_t one = 0;
	struct ktls_alert_stats st;
	struct tally t = { 0 };
	struct bed b = { 0 };
	char why[256] = "";
	uint8_t rec[2];
	int d, i, type;

	bed_open(_metadata, &b, KTLS_INET4, TLS_1_2_VERSION,
		 TLS_CIPHER_AES_GCM_128, false, false, why, sizeof(why));
	for (i = 0; i < 3; i++) {
		for (d = 0; d < 256; d++) {
			rec[0] = levels[i];
			rec[1] = d;
			alert_through(_metadata, &b, rec, 2);
			tally_alert(&t, TLS_1_2_VERSION, rec, 2);
		}
	}
	/* TLS 1.2 takes the type from the record header: any byte but 0
	 * (the kernel refuses it), 21 (alert) and 23 (data). */
	for (type = 1; type < 256; type++) {
		if (type == 21 || type == 23)
			continue;
		other_through(_metadata, &b, type, &one, 1);
		t.control[type]++;
	}
	expect_quiet(_metadata, &b);
	get_stats(_metadata, &b, &st);
	expect_stats(_metadata, &st, &t);
	bed_close(&b);
}

struct reader {
	struct bed *b;
	const char *name;
	struct kta_task_id task;
	uint64_t t0, t1;
	ssize_t got;
};

static void *reader_thread(void *arg)
{
	struct reader *r = arg;
	uint8_t type;

	pthread_setname_np(pthread_self(), r->name);
	kta_task_id_self(&r->task);
	r->t0 = kta_realtime_ns();
	r->got = ktls_recv_record(r->b->p.server, r->b->buf,
				  sizeof(r->b->buf), &type, 0);
	r->t1 = kta_realtime_ns();
	return NULL;
}

/*
 * The task fields name the thread whose read decrypted the record: its
 * tid and comm, with the process's pid.
 */
TEST(a_read_in_another_thread_reports_that_thread)
{
	static const uint8_t rec[2] = { 2, 70 };
	struct reader r = { .name = "kta-reader" };
	struct bed b = { 0 };
	char why[256] = "";
	pthread_t th;

	bed_open(_metadata, &b, KTLS_INET4, TLS_1_2_VERSION,
		 TLS_CIPHER_AES_CCM_128, false, false, why, sizeof(why));
	r.b = &b;
	ASSERT_EQ(2, ktls_send_record(b.p.client, 21, rec, 2));
	ASSERT_EQ(0, pthread_create(&th, NULL, reader_thread, &r));
	ASSERT_EQ(0, pthread_join(th, NULL));
	ASSERT_EQ(2, r.got);
	ASSERT_EQ(b.task.pid, r.task.pid);
	ASSERT_NE(b.task.tid, r.task.tid);
	ASSERT_STREQ("kta-reader", r.task.comm);
	b.task = r.task;
	b.ctx.t0 = r.t0;
	b.ctx.t1 = r.t1;
	expect_event(_metadata, &b, rec, 2);
	expect_quiet(_metadata, &b);
	bed_close(&b);
}

/*
 * tls_sw_read_sock() (6.6+) decrypts for in-kernel readers that call
 * sock->ops->read_sock(), such as nvme-tcp over TLS; no system call leads
 * there, so no test of ours can drive it. The hook is the same function
 * (tls_rx_one_record) on that path.
 */
TEST(read_sock_path)
{
	char line[256];
	bool has = false;
	FILE *f;

	f = fopen("/proc/kallsyms", "r");
	ASSERT_NE(NULL, f);
	while (fgets(line, sizeof(line), f))
		if (strstr(line, " tls_sw_read_sock\t") ||
		    strstr(line, " tls_sw_read_sock ")) {
			has = true;
			break;
		}
	fclose(f);
	if (!has)
		SKIP(return, "this kernel has no tls_sw_read_sock()");
	SKIP(return, "tls_sw_read_sock() is reached only by in-kernel readers (nvme-tcp over TLS); no system call gets there");
}

int main(int argc, char **argv)
{
	refused_init();
	kta_module_for_this_program();
	return test_harness_run(argc, argv);
}
