// SPDX-License-Identifier: GPL-2.0
/*
 * The test bed is real: inside the guest kernel, a kTLS socket pair over
 * loopback carries an alert record from TLS_SET_RECORD_TYPE on one side to
 * TLS_GET_RECORD_TYPE on the other, for TLS 1.2 and TLS 1.3. Independent of
 * ktls_alert.ko: this proves the kernel's kTLS, not the module.
 *
 *   client (TLS_TX) --- loopback TCP ---> server (TLS_RX)
 */
#include <errno.h>
#include <linux/tls.h>

#include "kselftest_harness.h"
#include "lib/ktls.h"

FIXTURE(bed) {
	struct ktls_pair p;
};

FIXTURE_VARIANT(bed) {
	uint16_t version;
};

FIXTURE_VARIANT_ADD(bed, tls12) {
	.version = TLS_1_2_VERSION,
};

FIXTURE_VARIANT_ADD(bed, tls13) {
	.version = TLS_1_3_VERSION,
};

FIXTURE_SETUP(bed)
{
	char why[256];
	int err;

	err = ktls_pair_open(&self->p, KTLS_INET4, variant->version,
			     TLS_CIPHER_AES_GCM_128, 0, why, sizeof(why));
	if (err == -ENOENT || err == -ENOPROTOOPT)
		SKIP(return, "%s", why);
	ASSERT_EQ(0, err) TH_LOG("%s", why);
}

FIXTURE_TEARDOWN(bed)
{
	ktls_pair_close(&self->p);
}

TEST_F(bed, alert_record_crosses_ktls_with_its_type)
{
	const uint8_t alert[2] = { 2, 40 };	/* fatal handshake_failure */
	uint8_t buf[64], type = 0;

	ASSERT_EQ(2, ktls_send_record(self->p.client, 21, alert, 2));
	ASSERT_EQ(2, ktls_recv_record(self->p.server, buf, sizeof(buf), &type, 0));
	EXPECT_EQ(21, type);
	EXPECT_EQ(2, buf[0]);
	EXPECT_EQ(40, buf[1]);
}

TEST_F(bed, data_record_still_reads_as_data)
{
	uint8_t buf[64], type = 0;

	ASSERT_EQ(5, ktls_send_record(self->p.client, 23, "hello", 5));
	ASSERT_EQ(5, ktls_recv_record(self->p.server, buf, sizeof(buf), &type, 0));
	EXPECT_EQ(23, type);
	EXPECT_EQ(0, memcmp(buf, "hello", 5));
}

TEST_F(bed, plain_read_of_an_alert_fails_with_eio)
{
	const uint8_t alert[2] = { 1, 0 };
	uint8_t buf[64], type = 0;

	ASSERT_EQ(2, ktls_send_record(self->p.client, 21, alert, 2));
	EXPECT_EQ(-1, read(self->p.server, buf, sizeof(buf)));
	EXPECT_EQ(EIO, errno);
	/* The record stays queued for a recvmsg with a control buffer. */
	ASSERT_EQ(2, ktls_recv_record(self->p.server, buf, sizeof(buf), &type, 0));
	EXPECT_EQ(21, type);
}

TEST_HARNESS_MAIN
