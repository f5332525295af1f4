// SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause
/*
 * Write the fuzzer's seed inputs into the directory given as argument:
 * small datagrams of the kinds the library receives, valid and broken.
 * `make corpus` runs it; the output is committed under tests/corpus/.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "nlbuild.h"

static char buf[NLB_BUFSZ] __attribute__((aligned(8)));
static char dg[NLB_BUFSZ] __attribute__((aligned(8)));

static int put(const char *dir, const char *name, const void *p, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(p, 1, len, f) != len || fclose(f)) {
		perror(path);
		return 1;
	}
	return 0;
}

static int put_msg(const char *dir, const char *name,
		   const struct nlmsghdr *nlh)
{
	return put(dir, name, nlh, nlh->nlmsg_len);
}

int main(int argc, char **argv)
{
	static const char *const grps[] = { "alerts", NULL };
	struct nlmsghdr *nlh;
	const char *dir;
	size_t len;
	int err = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: gen_corpus DIR\n");
		return 2;
	}
	dir = argv[1];

	err |= put_msg(dir, "event-v4", nlb_event_msg(buf, false, 1));
	err |= put_msg(dir, "event-v6", nlb_event_msg(buf, true, 2));

	nlh = nlb_genl(buf, NLB_FAMILY_ID, KTLS_ALERT_CMD_ALERT);
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_EVENT_CLASS,
			 KTLS_ALERT_CLASS_MALFORMED);
	mnl_attr_put_u8(nlh, KTLS_ALERT_A_EVENT_LEVEL, 2);
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_EVENT_MALFORMED,
			 KTLS_ALERT_MALFORMED_TRUNCATED);
	mnl_attr_put_u32(nlh, KTLS_ALERT_A_EVENT_LENGTH, 1);
	err |= put_msg(dir, "event-malformed", nlh);

	nlh = nlb_genl(buf, NLB_FAMILY_ID, KTLS_ALERT_CMD_ALERT);
	mnl_attr_put(nlh, 77 | NLA_F_NESTED, 4, "\x04\x00\x01\x00");
	nlb_sample_event(nlh, false, 3, false);
	mnl_attr_put_u32(nlh, 500, 5);
	err |= put_msg(dir, "event-unknown-attrs", nlh);

	len = 0;
	nlh = nlb_event_msg(buf, false, 4);
	memcpy(dg, nlh, nlh->nlmsg_len);
	len += NLMSG_ALIGN(nlh->nlmsg_len);
	nlh = nlb_genl(buf, NLMSG_DONE, 0);
	memcpy(dg + len, nlh, nlh->nlmsg_len);
	len += NLMSG_ALIGN(nlh->nlmsg_len);
	nlh = nlb_event_msg(buf, true, 5);
	memcpy(dg + len, nlh, nlh->nlmsg_len);
	len += NLMSG_ALIGN(nlh->nlmsg_len);
	err |= put(dir, "datagram-three", dg, len);

	nlh = nlb_event_msg(buf, false, 6);
	err |= put(dir, "event-truncated", nlh, nlh->nlmsg_len - 3);

	nlh = nlb_genl(buf, NLB_FAMILY_ID, KTLS_ALERT_CMD_GET_STATS);
	nlb_class_count(nlh, KTLS_ALERT_CLASS_FATAL, 3);
	nlb_desc_count(nlh, 40, KTLS_ALERT_CLASS_FATAL, 3);
	nlb_reason_count(nlh, KTLS_ALERT_MALFORMED_EMPTY, 1);
	nlb_type_count(nlh, 22, 2);
	nlb_put_u64(nlh, KTLS_ALERT_A_STATS_UNDELIVERED, KTLS_ALERT_A_STATS_PAD,
		    0, true);
	err |= put_msg(dir, "stats", nlh);

	nlh = nlb_genl(buf, NLB_FAMILY_ID, KTLS_ALERT_CMD_GET_INFO);
	nlb_sample_info(nlh);
	err |= put_msg(dir, "info", nlh);

	nlh = nlb_genl(buf, GENL_ID_CTRL, CTRL_CMD_NEWFAMILY);
	nlb_family_reply(nlh, KTLS_ALERT_FAMILY_NAME, NLB_FAMILY_ID, 1, grps, 4);
	err |= put_msg(dir, "family", nlh);

	nlh = nlb_genl(dg, NLB_FAMILY_ID, KTLS_ALERT_CMD_RESET_STATS);
	nlh = nlb_ack(buf, nlh, -EPERM, "needs CAP_NET_ADMIN", false);
	err |= put_msg(dir, "ack-extack", nlh);

	return err;
}
