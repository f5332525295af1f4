// SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause
/*
 * libFuzzer target: one input is one datagram as the event socket could
 * receive it. It goes through the datagram walker that dispatch uses, and
 * every message in it through each decoder (event, stats, info, nlctrl,
 * ack), so the bytes the kernel could ever send reach every parser.
 *
 * Built with clang -fsanitize=fuzzer by `make fuzz`, and with replay.c
 * instead of libFuzzer by `make check`, which replays tests/corpus.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "nlbuild.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Checks on what the decoder hands out; abort() makes the fuzzer stop. */
static int check_event(const struct ktls_alert_event *ev, void *arg)
{
	(void)arg;
	if (!KTLS_ALERT_HAS(ev, KTLS_ALERT_A_EVENT_CLASS))
		abort();
	if (strnlen(ev->comm, sizeof(ev->comm)) >= sizeof(ev->comm))
		abort();
	if (KTLS_ALERT_HAS(ev, KTLS_ALERT_A_EVENT_LOCAL_ADDR) &&
	    ev->local_addr_len != 4 && ev->local_addr_len != 16)
		abort();
	if (KTLS_ALERT_HAS(ev, KTLS_ALERT_A_EVENT_PEER_ADDR) &&
	    ev->peer_addr_len != 4 && ev->peer_addr_len != 16)
		abort();
	if (ev->present >> (KTLS_ALERT_A_EVENT_MAX + 1))
		abort();
	return 0;
}

static void decode_each(const char *p, size_t len)
{
	static struct ktls_alert_stats st;
	struct ktls_alert_info info;
	struct ktls_alert_event ev;
	struct kta_family fam;
	struct kta_err e;
	size_t off = 0;
	int code;

	while (off < len) {
		const struct nlmsghdr *nlh = (const void *)(p + off);

		if (len - off < sizeof(*nlh) || nlh->nlmsg_len < sizeof(*nlh) ||
		    nlh->nlmsg_len > len - off)
			return;
		if (!kta_decode_event(nlh, &ev, &e))
			check_event(&ev, NULL);
		kta_decode_stats(nlh, &st, &e);
		kta_decode_info(nlh, &info, &e);
		kta_decode_family(nlh, &fam, &e);
		kta_decode_ack(nlh, &code, &e);
		off += NLMSG_ALIGN(nlh->nlmsg_len);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ktls_alert h;
	int delivered = 0;
	char *copy;

	/* A block of exactly @size bytes, aligned as a receive buffer is. */
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);

	h.fam.id = NLB_FAMILY_ID;
	kta_dispatch_buf(&h, copy, size, check_event, NULL, &delivered);
	decode_each(copy, size);
	free(copy);
	return 0;
}
